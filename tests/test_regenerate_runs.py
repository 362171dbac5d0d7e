"""``drafter regenerate`` runs that never lose a record: concurrent, stopped and killed runs.

Each test starts from a folder regenerated once (every policy dated by its profile), edits
every profile, and regenerates on a later day in a way that used to lose records: two
runs at once, a run stopped by SIGTERM, a worker killed. A last run, later still and with
nothing changed, must find every output recorded and leave every file as it is: an output
written without its record would be seen as changed and dated anew.
"""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import PROFILES, ROOT

from drafter.commands.manifest import MANIFEST_NAME, sha256

FORMATS = "md,html"
FIRST, EDITED, LATER = "2026-11-01", "2026-11-15", "2026-12-01"
LOCK = ".drafter-lock"


def _drafter(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(
        [sys.executable, "-m", "drafter", "regenerate", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        start_new_session=True,  # its workers too are ended if it hangs
    )


def _finish(process: subprocess.Popen[str], timeout: float = 30) -> tuple[int, str, str]:
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise AssertionError(f"regenerate did not end in {timeout} s") from None
    return process.returncode, out, err


def _regenerate(*args: str) -> tuple[int, str, str]:
    return _finish(_drafter(*args))


def _profiles(folder: Path, profiles: list[Path]) -> Path:
    folder.mkdir(parents=True)
    for profile in profiles:
        shutil.copy(profile, folder / profile.name)
    return folder


def _edit(folder: Path) -> None:
    """A real change of every policy: the controller's name."""
    for path in folder.glob("*.yaml"):
        text = path.read_text(encoding="utf-8")
        start = text.index("\n  legal_name: ") + len("\n  legal_name: ")
        end = text.index("\n", start)
        name = text[start:end].strip().strip("\"'")
        path.write_text(text[:start] + f'"{name} Two"' + text[end:], encoding="utf-8")


def _outputs(out: Path) -> dict[str, bytes]:
    """The policies in the folder (not the manifest, its journal, the lock or a temporary file)."""
    names = [
        p.name for p in out.iterdir() if p.name.endswith((".md", ".html")) and not p.name.startswith(".")
    ]
    return {name: (out / name).read_bytes() for name in names}


def _assert_recorded(out: Path) -> None:
    """Every output in the folder has its record, true to the file; nothing else is left."""
    records = json.loads((out / MANIFEST_NAME).read_text(encoding="utf-8"))["outputs"]
    files = _outputs(out)
    assert set(records) == set(files)
    for name, data in files.items():
        assert records[name]["content_sha256"] == sha256(data), name


def _assert_nothing_moves(out: Path, *inputs: str) -> None:
    """A later run with nothing changed finds every output recorded and rewrites none."""
    _assert_recorded(out)
    before = _outputs(out)
    code, stdout, stderr = _regenerate(*inputs, "--out", str(out), "--format", FORMATS, "--today", LATER)
    assert code == 0, stderr
    assert stdout.count(": unchanged\n") == len(before), stdout
    assert _outputs(out) == before  # no date moved
    _assert_recorded(out)


def _started(out: Path, first: dict[str, bytes], process: subprocess.Popen[str]) -> None:
    """Wait until the run has written its first changed policy."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and process.poll() is None:
        if _outputs(out) != first:
            return
        time.sleep(0.01)
    raise AssertionError("the run wrote nothing")


def _children(pid: int) -> list[int]:
    """The worker processes of a run (its children but multiprocessing's resource tracker)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes()
        except (OSError, IndexError, ValueError):
            continue
        if parent == pid and b"resource_tracker" not in command:
            found.append(int(entry.name))
    return found


def _first_run(tmp_path: Path) -> tuple[Path, Path, dict[str, bytes]]:
    folder = _profiles(tmp_path / "profiles", PROFILES)
    out = tmp_path / "site"
    code, _, stderr = _regenerate(str(folder), "--out", str(out), "--format", FORMATS, "--today", FIRST)
    assert code == 0, stderr
    _edit(folder)
    return folder, out, _outputs(out)


def test_two_runs_at_once_on_one_folder_keep_every_record(tmp_path: Path) -> None:
    half = len(PROFILES) // 2
    first, second = (
        _profiles(tmp_path / "first", PROFILES[:half]),
        _profiles(tmp_path / "second", PROFILES[half:]),
    )
    out = tmp_path / "site"
    code, _, stderr = _regenerate(
        str(first), str(second), "--out", str(out), "--format", FORMATS, "--today", FIRST
    )
    assert code == 0, stderr
    _edit(first)
    _edit(second)
    runs = [
        _drafter(str(folder), "--out", str(out), "--format", FORMATS, "--today", EDITED, "--jobs", "2")
        for folder in (first, second)
    ]
    results = [_finish(run) for run in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    assert all(out.count(": updated (profile edited)\n") for _, out, _ in results)
    _assert_nothing_moves(out, str(first), str(second))


def test_a_second_run_waits_for_the_lock_or_exits_at_once(tmp_path: Path) -> None:
    folder = _profiles(tmp_path / "profiles", PROFILES[:1])
    out = tmp_path / "site"
    out.mkdir()
    with open(out / LOCK, "w", encoding="ascii") as lock:  # another run holds the folder
        fcntl.flock(lock, fcntl.LOCK_EX)
        lock.write("4242\n")
        lock.flush()
        code, stdout, stderr = _regenerate(str(folder), "--out", str(out), "--no-wait")
        assert (code, stdout) == (2, "")
        assert stderr == (
            f"{out}: is being regenerated by process 4242; wait for it to finish, "
            "or run again without --no-wait\n"
        )
        with open(tmp_path / "stderr", "w+", encoding="utf-8") as errors:
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            command = [sys.executable, "-m", "drafter", "regenerate", str(folder), "--out", str(out)]
            waiting = subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=errors, text=True, env=env, start_new_session=True
            )
            deadline = time.monotonic() + 30
            while "waiting" not in (tmp_path / "stderr").read_text() and time.monotonic() < deadline:
                time.sleep(0.02)
            time.sleep(0.5)  # time to write its policy, had it not waited
            assert waiting.poll() is None and not list(out.glob("*.md"))
    stdout, _ = waiting.communicate(timeout=60)
    code, stderr = waiting.returncode, (tmp_path / "stderr").read_text()
    assert code == 0, stderr
    assert stderr == f"drafter: {out} is being regenerated by process 4242; waiting for it to finish\n"
    assert stdout.endswith("total: 2 outputs of 1 profile: 2 new\n")
    _assert_recorded(out)


def test_a_stale_lock_file_does_not_block(tmp_path: Path) -> None:
    folder = _profiles(tmp_path / "profiles", PROFILES[:1])
    out = tmp_path / "site"
    out.mkdir()
    (out / LOCK).write_text("999999999\n", encoding="ascii")  # left by a run killed with -9
    code, _, stderr = _regenerate(str(folder), "--out", str(out), "--no-wait")
    assert (code, stderr) == (0, "")


def test_a_run_stopped_by_sigterm_records_what_it_wrote(tmp_path: Path) -> None:
    folder, out, first = _first_run(tmp_path)
    run = _drafter(str(folder), "--out", str(out), "--format", FORMATS, "--today", EDITED, "--jobs", "2")
    _started(out, first, run)
    run.send_signal(signal.SIGTERM)
    code, _, stderr = _finish(run)
    assert code == 143, stderr
    assert "drafter: stopped by SIGTERM;" in stderr
    assert "Traceback" not in stderr
    assert _rerun_keeps_dates(folder, out, first)  # some were written, each whole


def _rerun_keeps_dates(folder: Path, out: Path, first: dict[str, bytes]) -> dict[str, bytes]:
    """Every output written since ``first`` has its record, and a later rerun re-dates none."""
    written = {name: data for name, data in _outputs(out).items() if first.get(name) != data}
    _assert_recorded(out)
    code, _, stderr = _regenerate(str(folder), "--out", str(out), "--format", FORMATS, "--today", LATER)
    assert code == 0, stderr
    after = _outputs(out)
    assert {name: after[name] for name in written} == written  # not re-dated
    _assert_nothing_moves(out, str(folder))
    return written


def test_a_killed_worker_is_reported_and_the_others_go_on(tmp_path: Path) -> None:
    folder, out, first = _first_run(tmp_path)
    run = _drafter(str(folder), "--out", str(out), "--format", FORMATS, "--today", EDITED, "--jobs", "2")
    _started(out, first, run)
    workers = _children(run.pid)
    assert workers, "no worker process"
    os.kill(workers[0], signal.SIGKILL)
    code, stdout, stderr = _finish(run)
    assert code == 2, stderr
    lost = [
        line
        for line in stderr.splitlines()
        if "a worker process stopped (killed?) while regenerating" in line
    ]
    assert lost and "Traceback" not in stderr
    failed = stdout.count(": failed (a worker process stopped")
    assert failed == len(lost) and f"; {failed} profile{'s' if failed > 1 else ''} failed" in stdout
    # Every profile not lost was regenerated whole.
    lost_stems = {Path(line.split(":", 1)[0]).stem for line in lost}
    for profile in PROFILES:
        if profile.stem not in lost_stems:
            assert f"{out / profile.stem}.en.md: updated" in stdout, profile.stem
    _rerun_keeps_dates(folder, out, first)


def test_a_run_killed_with_sigkill_leaves_a_record_for_every_output(tmp_path: Path) -> None:
    folder, out, first = _first_run(tmp_path)
    run = _drafter(str(folder), "--out", str(out), "--format", FORMATS, "--today", EDITED, "--jobs", "1")
    _started(out, first, run)
    run.kill()  # no handler, no finally: only what is on disk counts
    _finish(run)
    written = {name: data for name, data in _outputs(out).items() if first.get(name) != data}
    assert written
    code, stdout, stderr = _regenerate(str(folder), "--out", str(out), "--format", FORMATS, "--today", LATER)
    assert code == 0, stderr
    after = _outputs(out)
    assert {name: after[name] for name in written} == written  # not re-dated
    assert all(f"{out / name}: unchanged" in stdout for name in written)
    _assert_nothing_moves(out, str(folder))
