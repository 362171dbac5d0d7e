"""Atomic writes: a failure at any step leaves the previous file whole and no temporary file.

Failures are simulated where a real one strikes: while writing the bytes (disk full),
at fsync, at the final rename, each with an OSError and with Ctrl-C (KeyboardInterrupt).
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from helpers import minimal, write_profile

from drafter import cli
from drafter.atomic import write_atomic

PREVIOUS = b"the previous policy\n"
NEW = "the new policy\n" * 1000


def _disk_full() -> OSError:
    return OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


class _HalfWriter:
    """A file that writes half of what it is given, then fails."""

    def __init__(self, handle: Any, error: BaseException) -> None:
        self.handle = handle
        self.error = error

    def __enter__(self) -> _HalfWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.handle.close()

    def write(self, data: bytes) -> int:
        self.handle.write(data[: len(data) // 2])
        self.handle.flush()
        raise self.error

    def __getattr__(self, name: str) -> Any:
        return getattr(self.handle, name)


def _break(monkeypatch: pytest.MonkeyPatch, step: str, error: BaseException) -> None:
    def fail(*args: object, **kwargs: object) -> None:
        raise error

    if step == "write":
        real_fdopen = os.fdopen

        def fdopen(fd: int, *args: Any, **kwargs: Any) -> _HalfWriter:
            return _HalfWriter(real_fdopen(fd, *args, **kwargs), error)

        monkeypatch.setattr(os, "fdopen", fdopen)
    elif step == "fsync":
        monkeypatch.setattr(os, "fsync", fail)
    else:
        monkeypatch.setattr(os, "replace", fail)


STEPS = ["write", "fsync", "replace"]
ERRORS: dict[str, Callable[[], BaseException]] = {"oserror": _disk_full, "ctrl-c": KeyboardInterrupt}


@pytest.fixture
def umask() -> Iterator[int]:
    old = os.umask(0o027)
    yield 0o027
    os.umask(old)


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("kind", sorted(ERRORS))
def test_a_failed_write_keeps_the_previous_file(
    step: str, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "policy.md"
    target.write_bytes(PREVIOUS)
    target.chmod(0o640)
    error = ERRORS[kind]()
    _break(monkeypatch, step, error)
    with pytest.raises(type(error)):
        write_atomic(target, NEW)
    monkeypatch.undo()
    assert target.read_bytes() == PREVIOUS
    assert target.stat().st_mode & 0o777 == 0o640
    assert list(tmp_path.iterdir()) == [target], "a temporary file was left behind"


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize("kind", sorted(ERRORS))
def test_a_failed_write_creates_no_file(
    step: str, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    error = ERRORS[kind]()
    _break(monkeypatch, step, error)
    with pytest.raises(type(error)):
        write_atomic(tmp_path / "policy.md", NEW)
    monkeypatch.undo()
    assert list(tmp_path.iterdir()) == []


def test_a_new_file_gets_0o644_less_the_umask(tmp_path: Path, umask: int) -> None:
    target = tmp_path / "policy.md"
    write_atomic(target, NEW)
    assert target.read_text(encoding="utf-8") == NEW
    assert target.stat().st_mode & 0o777 == 0o644 & ~umask == 0o640
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("mode", [0o600, 0o644, 0o664, 0o755])
def test_an_existing_file_keeps_its_mode(mode: int, tmp_path: Path, umask: int) -> None:
    target = tmp_path / "policy.md"
    target.write_bytes(PREVIOUS)
    target.chmod(mode)
    write_atomic(target, NEW.encode("utf-8"))
    assert target.read_text(encoding="utf-8") == NEW
    assert target.stat().st_mode & 0o777 == mode
    assert list(tmp_path.iterdir()) == [target]


@pytest.mark.parametrize("step", STEPS)
@pytest.mark.parametrize(
    ("kind", "status", "message"),
    [
        ("oserror", 2, "{out}: cannot write: no space left on device\n"),
        ("ctrl-c", 130, "drafter: interrupted; no file was changed\n"),
    ],
)
def test_render_output_survives_a_failed_write(
    step: str,
    kind: str,
    status: int,
    message: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    profile = write_profile(tmp_path / "p.yaml", minimal())
    out = tmp_path / "out"
    out.mkdir()
    target = out / "policy.html"
    target.write_bytes(PREVIOUS)
    target.chmod(0o600)
    _break(monkeypatch, step, ERRORS[kind]())
    code = cli.main(["render", str(profile), "--format", "html", "-o", str(target)])
    monkeypatch.undo()
    captured = capsys.readouterr()
    assert code == status
    assert captured.out == ""
    assert captured.err == message.format(out=target)
    assert target.read_bytes() == PREVIOUS
    assert target.stat().st_mode & 0o777 == 0o600
    assert list(out.iterdir()) == [target]


def test_render_output_keeps_the_mode_of_the_file_it_replaces(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write_profile(tmp_path / "p.yaml", minimal())
    target = tmp_path / "policy.md"
    target.write_bytes(PREVIOUS)
    target.chmod(0o600)
    assert cli.main(["render", str(profile), "-o", str(target)]) == 0
    assert target.read_text(encoding="utf-8").startswith("# ")
    assert target.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml", "policy.md"]
    assert capsys.readouterr().err == ""
