"""A corpus of bad profiles: each fails with exit 2 and exactly the messages stored beside it.

``tests/bad_inputs/NAME.yaml`` (or another ``NAME.*``) is a profile that is wrong in one
known way; ``NAME.expected`` is drafter's exact stderr for it, with ``{file}`` for the
path. Cases with no committed input are made at run time (``GENERATED``): a file over the
size limit, nesting deep enough to crash a recursive parser, a folder, a missing path, an
unreadable file.

Every case runs ``drafter validate`` and ``drafter render -o`` (to a new file and over an
existing one) in this process; one subprocess then validates the whole corpus at once, so
a traceback or a crash of the interpreter itself cannot hide.

After a deliberate change of wording, rewrite the expected files with
``pytest --update-golden`` (or ``DRAFTER_UPDATE_GOLDEN=1``) and review every message by
eye: it must name the line, say what is wrong in plain words, and suggest the fix.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from drafter.cli import main
from drafter.model.yaml_source import MAX_FILE_BYTES

CORPUS = Path(__file__).resolve().parent / "bad_inputs"
PLACEHOLDER = "{file}"
PREVIOUS = b"previous policy, which a failed render must leave alone\n"


def _huge_file(folder: Path) -> Path:
    path = folder / "huge-file.yaml"
    header = b"# Bad input: one byte over the size limit\nlanguages: [en]\n"
    path.write_bytes(header + b"#" * (MAX_FILE_BYTES + 1 - len(header)))
    return path


def _deep_nesting_crash(folder: Path) -> Path:
    """Deep enough to overflow the C stack of a recursive YAML composer (it did: a segfault)."""
    path = folder / "deep-nesting-crash.yaml"
    path.write_text("name: " + "[" * 100_000 + "]" * 100_000 + "\n", encoding="utf-8")
    return path


def _directory(folder: Path) -> Path:
    path = folder / "profile.yaml"
    path.mkdir()
    return path


def _missing(folder: Path) -> Path:
    return folder / "no-such-profile.yaml"


def _unreadable(folder: Path) -> Path:
    if os.geteuid() == 0:
        pytest.skip("root can read any file (see test_unreadable_file_even_as_root)")
    path = folder / "unreadable.yaml"
    path.write_text("languages: [en]\n", encoding="utf-8")
    path.chmod(0)
    return path


GENERATED: dict[str, Callable[[Path], Path]] = {
    "huge-file": _huge_file,
    "deep-nesting-crash": _deep_nesting_crash,
    "path-is-directory": _directory,
    "path-missing": _missing,
    "unreadable": _unreadable,
}
# Problems with the file itself have no line to name.
FILE_LEVEL = {"huge-file", "path-is-directory", "path-missing", "unreadable"}
# Cases that crashed the interpreter once: run in a subprocess, so a regression fails the
# test instead of killing the test run.
ISOLATED = {"deep-nesting-crash"}


def _committed() -> dict[str, Path]:
    return {p.stem: p for p in sorted(CORPUS.iterdir()) if p.suffix != ".expected"}


CASES = sorted({*_committed(), *GENERATED, *(p.stem for p in CORPUS.glob("*.expected"))})


def _input(name: str, folder: Path) -> Path:
    committed = _committed().get(name)
    if committed is not None:
        return committed
    assert name in GENERATED, f"{name}.expected has no input file"
    return GENERATED[name](folder)


def _run(capsys: pytest.CaptureFixture[str], *args: str, isolated: bool = False) -> tuple[int, str]:
    if isolated:
        result = subprocess.run(
            [sys.executable, "-m", "drafter", *args], capture_output=True, text=True, timeout=120
        )
        code, out, err = result.returncode, result.stdout, result.stderr
    else:
        capsys.readouterr()
        code = main(list(args))
        out, err = capsys.readouterr()
    assert out == "", "a failed command printed to stdout"
    assert "Traceback" not in err
    return code, err


def _check_messages(name: str, text: str) -> None:
    """The shape every expected message must have, whatever its wording."""
    lines = text.splitlines()
    assert lines and text.endswith("\n"), "no message"
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f]", text), "a raw control character"
    where = r"\{file\}: " if name in FILE_LEVEL else r"\{file\}:(\d+): "
    numbers = []
    for line in lines:
        match = re.match(where, line)
        assert match, f"not 'FILE:LINE: ...': {line}"
        numbers += [int(n) for n in match.groups()]
        assert "Traceback" not in line
        if "unknown field" in line:
            assert re.search(r"did you mean|known fields|belongs", line), f"no suggestion: {line}"
    assert numbers == sorted(numbers), "problems are not in line order"


@pytest.mark.parametrize("name", CASES)
def test_bad_input(
    name: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], update_golden: bool
) -> None:
    profile = _input(name, tmp_path)
    expected_file = CORPUS / f"{name}.expected"

    isolated = name in ISOLATED
    code, err = _run(capsys, "validate", str(profile), isolated=isolated)
    actual = err.replace(str(profile), PLACEHOLDER)
    if update_golden:
        expected_file.write_text(actual, encoding="utf-8")
    assert expected_file.exists(), f"run pytest --update-golden to create {expected_file.name}"
    expected = expected_file.read_text(encoding="utf-8")
    _check_messages(name, expected)
    assert code == 2
    assert actual == expected

    out = tmp_path / "out"
    out.mkdir()
    new = out / "policy.md"
    code, err = _run(capsys, "render", str(profile), "-o", str(new), isolated=isolated)
    assert code == 2
    assert err.replace(str(profile), PLACEHOLDER) == expected
    assert list(out.iterdir()) == [], "render -o created a file for a bad profile"

    old = out / "old.md"
    old.write_bytes(PREVIOUS)
    old.chmod(0o640)
    code, err = _run(capsys, "render", str(profile), "-o", str(old), "--format", "html", isolated=isolated)
    assert code == 2
    assert err.replace(str(profile), PLACEHOLDER) == expected
    assert old.read_bytes() == PREVIOUS
    assert old.stat().st_mode & 0o777 == 0o640
    assert list(out.iterdir()) == [old], "a temporary file was left behind"


def test_the_whole_corpus_in_one_process(tmp_path: Path) -> None:
    """One real process: no traceback, no crash of the interpreter, every message in order."""
    paths: list[Path] = []
    expected = ""
    for name in CASES:
        if name == "unreadable" and os.geteuid() == 0:
            continue
        folder = tmp_path / name
        folder.mkdir()
        path = _input(name, folder)
        paths.append(path)
        expected += (CORPUS / f"{name}.expected").read_text(encoding="utf-8").replace(PLACEHOLDER, str(path))
    result = subprocess.run(
        [sys.executable, "-m", "drafter", "validate", *map(str, paths)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Traceback" not in result.stderr
    assert result.returncode == 2, result.stderr[-2000:]
    assert result.stdout == ""
    assert result.stderr == expected


def test_unreadable_file_even_as_root(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The permission message, checked even where the suite runs as root."""
    profile = tmp_path / "unreadable.yaml"
    profile.write_text("languages: [en]\n", encoding="utf-8")
    real_open = Path.open

    def refuse(self: Path, *args: object, **kwargs: object) -> object:
        if self == profile:
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(Path, "open", refuse)
    code, err = _run(capsys, "validate", str(profile))
    assert code == 2
    expected = (CORPUS / "unreadable.expected").read_text(encoding="utf-8")
    assert err.replace(str(profile), PLACEHOLDER) == expected


def test_the_corpus_is_large_and_complete() -> None:
    """Runs last, so an update run has written the expected file of every new case."""
    assert len(CASES) >= 45
    missing = [name for name in _committed() if not (CORPUS / f"{name}.expected").exists()]
    assert not missing, f"no .expected file for {missing}; run pytest --update-golden and review"
