"""Compiled templates kept between runs: used when valid, never a reason to fail."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
from conftest import ROOT
from jinja2.bccache import bc_magic

from drafter.legal.load import load_profile
from drafter.render import cache as template_cache
from drafter.render.cache import bytecode_cache
from drafter.render.environment import environment, templates_root
from drafter.render.policy import render_policy

EXAMPLE = ROOT / "profiles" / "example.yaml"


def _render_in_new_process(cache: Path) -> str:
    env = {**os.environ, "DRAFTER_CACHE_DIR": str(cache)}
    env.pop("DRAFTER_NO_CACHE", None)
    done = subprocess.run(
        [sys.executable, "-m", "drafter", "render", str(EXAMPLE)],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert done.stderr == ""
    return done.stdout


def _entries(cache: Path) -> dict[str, int]:
    return {p.name: p.stat().st_mtime_ns for p in cache.iterdir()}


def test_a_second_process_uses_the_compiled_templates(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _render_in_new_process(cache)
    entries = _entries(cache)
    templates = len(list((templates_root() / "en").glob("*.j2")))
    assert 10 <= len(entries) <= templates  # the templates this policy uses, compiled
    assert (cache.stat().st_mode & 0o777) == 0o700
    # A hit is not written again: same entries, untouched, and the same policy.
    assert _render_in_new_process(cache) == first
    assert _entries(cache) == entries


def test_a_damaged_entry_is_compiled_again(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = _render_in_new_process(cache)
    for i, entry in enumerate(sorted(cache.iterdir())):
        data = entry.read_bytes()
        assert data.startswith(bc_magic)
        # Jinja's own header then junk (an error Jinja itself lets through), or cut short.
        entry.write_bytes(bc_magic + b"\x80garbage" if i % 2 else data[: len(data) // 2])
    assert _render_in_new_process(cache) == first
    assert all(len(e.read_bytes()) > 100 for e in cache.iterdir())  # written afresh


def test_an_edited_template_is_compiled_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "templates"
    shutil.copytree(templates_root(), root)
    loaded = load_profile(EXAMPLE)
    before = render_policy(loaded, "en", template_root=root).markdown
    intro = root / "en" / "header.md.j2"
    intro.write_text(intro.read_text(encoding="utf-8") + "\nEdited after caching.\n", encoding="utf-8")
    environment.cache_clear()  # a new process, as far as Jinja's in-memory cache goes
    try:
        after = render_policy(loaded, "en", template_root=root).markdown
    finally:
        environment.cache_clear()
    assert "Edited after caching." not in before and "Edited after caching." in after


def _env() -> jinja2.Environment:
    return jinja2.Environment(trim_blocks=True)


@pytest.mark.parametrize("case", ["off", "below a file", "group-writable"])
def test_no_private_folder_means_no_cache_and_no_error(
    case: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if case == "off":
        monkeypatch.setenv("DRAFTER_NO_CACHE", "1")
        monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    elif case == "below a file":
        (tmp_path / "file").write_text("x")
        monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "file" / "cache"))
    else:
        shared = tmp_path / "shared"
        shared.mkdir()
        shared.chmod(0o777)
        monkeypatch.setenv("DRAFTER_CACHE_DIR", str(shared))
    assert bytecode_cache(_env()) is None


def test_a_folder_that_cannot_be_written_is_a_silent_miss(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path / "cache"))
    cache = bytecode_cache(_env())
    assert cache is not None

    def full_disk(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(template_cache.FileSystemBytecodeCache, "dump_bytecode", full_disk)
    env = jinja2.Environment(loader=jinja2.DictLoader({"t": "{{ 1 + 1 }}"}), bytecode_cache=cache)
    assert env.get_template("t").render() == "2"
    assert list((tmp_path / "cache").iterdir()) == []


def test_other_options_use_other_entries(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(tmp_path))
    plain, trimmed = bytecode_cache(jinja2.Environment()), bytecode_cache(_env())
    assert plain is not None and trimmed is not None
    assert plain.pattern != trimmed.pattern
