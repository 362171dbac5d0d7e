"""``drafter regenerate``: what it reads and what it writes over.

A profile is read once (the text hashed is the text the policy is made from); pipes and
files with names that cannot be recorded are passed over with a notice; no output is
written over an input or through a symlink; the manifest is read with limits and
trusted only if every name, string and date in it is sane; the report cannot be forged
by a file name; ``--jobs`` is capped at the number of CPUs.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, ROOT
from helpers import minimal, write_profile

from drafter.cli import main
from drafter.commands.manifest import MANIFEST_NAME

PROFILE = next(p for p in PROFILES if p.stem == "example")


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["regenerate", *args])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _subprocess(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    command = [sys.executable, "-m", "drafter", "regenerate", *args]
    return subprocess.run(command, capture_output=True, text=True, env=env, cwd=cwd, timeout=30)


def test_a_profile_edited_while_it_is_read_is_regenerated_by_the_next_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    profile = tmp_path / "shop.yaml"
    write_profile(profile, minimal())
    edited = profile.read_text(encoding="utf-8").replace("name: Example\n", "name: Example Two\n")
    assert edited != profile.read_text(encoding="utf-8")
    real_open = Path.open

    def edited_after_reading(self: Path, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        if self == profile and "b" in mode and "w" not in mode:
            monkeypatch.setattr(Path, "open", real_open)
            data = real_open(self, "rb").read()
            profile.write_text(edited, encoding="utf-8")  # the user saves an edit just then
            return io.BytesIO(data)
        return real_open(self, mode, *args, **kwargs)

    monkeypatch.setattr(Path, "open", edited_after_reading)
    out = tmp_path / "site"
    code, stdout, stderr = _run(capsys, str(profile), "--out", str(out), "--jobs", "1")
    monkeypatch.setattr(Path, "open", real_open)
    assert code == 0, stderr
    assert "Example Two" not in (out / "shop.en.md").read_text(encoding="utf-8")
    code, stdout, stderr = _run(capsys, str(profile), "--out", str(out), "--jobs", "1")
    assert code == 0, stderr
    assert f"{out / 'shop.en.md'}: updated (profile edited)" in stdout
    assert "Example Two" in (out / "shop.en.md").read_text(encoding="utf-8")


def test_a_pipe_among_the_profiles_is_skipped_with_a_notice(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(PROFILE, folder / PROFILE.name)
    os.mkfifo(folder / "x.yaml")
    result = _subprocess(str(folder), "--out", str(tmp_path / "site"))
    assert result.returncode == 0, result.stderr
    assert (
        result.stderr == f"{folder / 'x.yaml'}: skipped: not a regular file (a pipe, a device or a socket)\n"
    )
    assert result.stdout.endswith("total: 2 outputs of 1 profile: 2 new\n")


def test_a_pipe_as_the_manifest_is_refused_without_waiting(tmp_path: Path) -> None:
    out = tmp_path / "site"
    out.mkdir()
    os.mkfifo(out / MANIFEST_NAME)
    result = _subprocess(str(PROFILE), "--out", str(out))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr == (
        f"{out / MANIFEST_NAME}: is not a regular file, so not the manifest; "
        "move it out of the output folder\n"
    )


def test_a_file_name_that_is_not_utf8_is_skipped_and_the_others_regenerated(tmp_path: Path) -> None:
    folder = tmp_path / "profiles"
    folder.mkdir()
    shutil.copy(PROFILE, folder / PROFILE.name)
    shutil.copy(PROFILE, os.path.join(os.fsencode(folder), b"caf\xe9.yaml"))
    out = tmp_path / "site"
    for _ in range(2):  # every run, not only the first
        result = _subprocess(str(folder), "--out", str(out))
        assert result.returncode == 0, result.stderr
        assert (
            result.stderr
            == f"{folder}/caf\\xe9.yaml: skipped: its name is not valid UTF-8; rename the file\n"
        )
    assert sorted(p.name for p in out.iterdir()) == [MANIFEST_NAME, "example.en.md", "example.fr.md"]


def test_no_output_is_written_over_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    write_profile(tmp_path / "a.yaml", minimal())
    notes = tmp_path / "a.en.md"
    notes.write_text("my own notes\n", encoding="utf-8")
    code, stdout, stderr = _run(capsys, "a.yaml", "a.en.md", "--out", ".")
    assert (code, stdout) == (2, "")
    assert stderr == (
        "a.en.md: is an input, and this run would write 'a.en.md' over it in .; "
        "move it out of that folder or choose another --out\n"
    )
    assert notes.read_text(encoding="utf-8") == "my own notes\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.en.md", "a.yaml"]  # nothing written


def test_an_output_replaced_by_a_symlink_is_replaced_not_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "shop.yaml"
    write_profile(profile, minimal())
    out = tmp_path / "site"
    assert _run(capsys, str(profile), "--out", str(out))[0] == 0
    secret = tmp_path / "secret"
    secret.write_text("root:SECRET-LINE\n", encoding="utf-8")
    policy = out / "shop.en.md"
    policy.unlink()
    policy.symlink_to(secret)
    code, stdout, stderr = _run(capsys, str(profile), "--out", str(out), "--diff")
    assert code == 0, stderr
    assert "SECRET" not in stdout + stderr
    assert f"{policy}: updated (replaced a symlink)\n" in stdout
    assert f"{policy}: replaced a symlink (the file it pointed to was not read)\n" in stdout
    assert not policy.is_symlink() and policy.read_text(encoding="utf-8").startswith("# ")
    assert secret.read_text(encoding="utf-8") == "root:SECRET-LINE\n"  # never written through


def test_a_newline_in_a_file_name_cannot_forge_a_report_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = tmp_path / "shop\ntotal: 0 outputs.yaml"
    write_profile(profile, minimal())
    out = tmp_path / "site"
    code, stdout, stderr = _run(capsys, str(profile), "--out", str(out))
    assert code == 0, stderr
    assert stdout.splitlines() == [
        f"{out}/shop\\ntotal: 0 outputs.en.md: new",
        "total: 1 outputs of 1 profile: 1 new",
    ]


def test_jobs_are_capped_at_the_number_of_cpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = tmp_path / "shop.yaml"
    write_profile(profile, minimal())
    code, _, stderr = _run(capsys, str(profile), "--out", str(tmp_path / "site"), "--jobs", "10000")
    assert code == 0
    assert stderr == f"drafter: --jobs 10000 lowered to {os.cpu_count()}, the number of CPUs\n"


def _recorded(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[Path, Path, dict[str, Any]]:
    profile = tmp_path / "shop.yaml"
    write_profile(profile, minimal())
    out = tmp_path / "site"
    assert _run(capsys, str(profile), "--out", str(out))[0] == 0
    return profile, out, json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))


def test_a_manifest_date_far_ahead_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile, out, manifest = _recorded(tmp_path, capsys)
    manifest["outputs"]["shop.en.md"]["last_updated"] = "9999-12-31"
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    write_profile(profile, minimal(service={"name": "Example Two", "description": "online shop"}))
    code, stdout, stderr = _run(capsys, str(profile), "--out", str(out))
    assert (code, stdout) == (2, "")
    assert stderr.startswith(
        f"{out / MANIFEST_NAME}: is not a drafter manifest (outputs.shop.en.md: last_updated: "
        "9999-12-31 is more than a year after today ("
    )
    assert stderr.endswith(
        "check the year); move it away to start afresh (dates of changed policies are then reset)\n"
    )
    assert "9999" not in (out / "shop.en.md").read_text(encoding="utf-8")


def test_a_control_character_in_the_manifest_is_refused_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile, out, manifest = _recorded(tmp_path, capsys)
    manifest["outputs"]["shop.en.md"]["drafter_version"] = "\x1b]0;PWNED\x07\x1b[2J"
    (out / MANIFEST_NAME).write_text(json.dumps(manifest), encoding="utf-8")
    code, stdout, stderr = _run(capsys, str(profile), "--out", str(out))
    assert code == 2 and "\x1b" not in stdout + stderr
    assert stderr == (
        f"{out / MANIFEST_NAME}: is not a drafter manifest (outputs.shop.en.md: holds a control or "
        "invisible character in drafter_version); move it away to start afresh "
        "(dates of changed policies are then reset)\n"
    )


def test_a_manifest_over_the_size_limit_is_refused_unread(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile, out, _ = _recorded(tmp_path, capsys)
    with open(out / MANIFEST_NAME, "r+b") as handle:
        handle.truncate(40 * 1024 * 1024)  # sparse: nothing to write, everything to read
    code, stdout, stderr = _run(capsys, str(profile), "--out", str(out))
    assert (code, stdout) == (2, "")
    assert stderr == (
        f"{out / MANIFEST_NAME}: the manifest is too large (41,943,040 bytes; the limit is 33,554,432); "
        "move it away to start afresh (dates of changed policies are then reset)\n"
    )
