"""Faults of the environment, not of drafter: one line and exit 2, never 70 or a hang.

From issue 21's reproductions: a closed or full stdout, an encoding without 'é', a file
name that is not UTF-8, a browser path that cannot be run or is not Chromium, a browser
that hangs starting (with its children), loading or printing, or gives something else
than a PDF, a pipe in the template cache, a home folder that does not exist, and a
``--today`` nobody could mean.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import ROOT, alive
from helpers import minimal, write_profile

from drafter.cli import main
from drafter.errors import DrafterError
from drafter.render import browser, pdf

EXAMPLE = ROOT / "profiles" / "example.yaml"  # English and French
CONSOLE_SCRIPT = Path(sys.executable).with_name("drafter")
ENTRY_POINTS = [[sys.executable, "-m", "drafter"]] + (
    [[str(CONSOLE_SCRIPT)]] if CONSOLE_SCRIPT.exists() else []
)


def environment(**changes: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_DEBUG"}
    env.update(changes)
    return env


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 2, result.stderr
    (line,) = result.stderr.splitlines()
    return line


# -- standard output -----------------------------------------------------------------


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: "-m" if "-m" in e else "script")
def test_a_full_stdout_is_one_line_and_exit_2(entry: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*entry, "render", str(EXAMPLE)],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=environment(),
            timeout=60,
        )
    assert one_line(result) == "drafter: cannot write to standard output: no space left on device"


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: "-m" if "-m" in e else "script")
def test_a_closed_stdout_is_one_line_and_exit_2(entry: list[str]) -> None:
    result = subprocess.run(
        ["sh", "-c", 'exec "$@" >&-', "sh", *entry, "validate", str(EXAMPLE)],
        capture_output=True,
        text=True,
        env=environment(),
        timeout=60,
    )
    assert one_line(result).startswith("drafter: standard output is closed;")


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: "-m" if "-m" in e else "script")
def test_an_encoding_without_french_letters_says_which_option_to_use(entry: list[str]) -> None:
    result = subprocess.run(
        [*entry, "render", str(EXAMPLE), "--lang", "fr"],
        capture_output=True,
        text=True,
        env=environment(PYTHONIOENCODING="ascii"),
        timeout=60,
    )
    line = one_line(result)
    assert "encoding (ascii) cannot show this text" in line
    assert "PYTHONIOENCODING=utf-8" in line and "-o" in line


def test_a_file_name_that_is_not_utf8_is_shown_escaped(tmp_path: Path) -> None:
    name = os.fsdecode(b"caf\xe9.yaml")  # drafter validate $'caf\xe9.yaml'
    write_profile(tmp_path / name, minimal())
    env = environment(PYTHONIOENCODING="utf-8")  # strict, as under LANG=en_US.UTF-8
    result = subprocess.run(
        [sys.executable, "-m", "drafter", "validate", name],
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout == b"caf\\udce9.yaml: ok\n"
    missing = os.fsdecode(b"nocaf\xe9.yaml")
    result = subprocess.run(
        [sys.executable, "-m", "drafter", "render", missing],
        capture_output=True,
        cwd=tmp_path,
        env=env,
        timeout=60,
    )
    assert result.returncode == 2 and result.stderr.startswith(b"nocaf\\udce9.yaml: ")


# -- the browser -----------------------------------------------------------------------


def fake_browser(path: Path, body: str) -> Path:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(0o755)
    return path


def render_pdf(tmp_path: Path) -> int:
    return main(["render", str(EXAMPLE), "--format", "pdf", "-o", str(tmp_path / "out" / "p.pdf")])


@pytest.fixture
def out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(pdf, "_hung_earlier", False, raising=False)
    (tmp_path / "out").mkdir()
    return tmp_path / "out"


@pytest.mark.parametrize(
    ("kind", "said"),
    [
        ("not executable", "is not executable"),
        ("not a program", "cannot be run (exec format error)"),
        ("a folder", "is a folder, not a program"),
        ("missing", "does not exist"),
    ],
)
def test_a_browser_path_that_cannot_be_run_is_one_line_naming_the_variable(
    kind: str,
    said: str,
    tmp_path: Path,
    out: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    browser = tmp_path / "browser"
    if kind == "not executable":
        browser.write_text("#!/bin/sh\nexit 0\n")
    elif kind == "not a program":
        browser.write_text("just text, no #! line\n")
        browser.chmod(0o755)
    elif kind == "a folder":
        browser.mkdir()
    monkeypatch.setenv("DRAFTER_CHROMIUM", str(browser))
    assert render_pdf(tmp_path) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "DRAFTER_CHROMIUM" in line and said in line, line
    assert list(out.iterdir()) == []


def test_a_hung_browser_is_killed_with_its_children_and_not_waited_for_again(
    tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    pids = tmp_path / "pids"
    body = f"sleep 60 >/dev/null 2>&1 &\necho $! > {pids}\necho $$ >> {pids}\nexec sleep 60\n"
    monkeypatch.setenv("DRAFTER_CHROMIUM", str(fake_browser(tmp_path / "hangs", body)))
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 1)
    try:
        assert render_pdf(tmp_path) == 2
        (line,) = capsys.readouterr().err.splitlines()
        assert "did not start within 1 s" in line and "DRAFTER_CHROMIUM" in line, line
        deadline = time.monotonic() + 3
        while any(alive(int(p)) for p in pids.read_text().split()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not [p for p in pids.read_text().split() if alive(int(p))], "a browser process was left"
        launches = browser.launches
        assert render_pdf(tmp_path) == 2
        assert browser.launches == launches  # not started (and waited for) again
        (line,) = capsys.readouterr().err.splitlines()
        assert line.startswith("drafter: the browser hung earlier in this run")
        assert list(out.iterdir()) == []
    finally:
        for pid in pids.read_text().split() if pids.exists() else []:
            if alive(int(pid)):
                os.kill(int(pid), 9)


NOT_CHROMIUM = {
    "exits": ("exit 0\n", "(exit status 0)"),
    "complains": (
        "echo 'unknown option --remote-debugging-pipe' >&2\nexit 3\n",
        "(exit status 3: unknown option",
    ),
    "writes html": ('echo "<html>"\n', "(exit status 0)"),
}


@pytest.mark.parametrize("kind", NOT_CHROMIUM)
def test_a_program_that_is_not_chromium_is_one_line_naming_the_variable(
    kind: str, tmp_path: Path, out: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    body, said = NOT_CHROMIUM[kind]
    monkeypatch.setenv("DRAFTER_CHROMIUM", str(fake_browser(tmp_path / "not-chromium", body)))
    assert render_pdf(tmp_path) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "is not a Chromium that works: it ended while starting" in line and said in line, line
    assert "DRAFTER_CHROMIUM" in line
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("entry", ENTRY_POINTS, ids=lambda e: "-m" if "-m" in e else "script")
def test_all_that_is_said_of_a_program_that_is_not_chromium_is_one_line(
    entry: list[str], tmp_path: Path
) -> None:
    """Playwright's driver writes to the same stderr: it adds nothing."""
    fake = fake_browser(tmp_path / "not-chromium", NOT_CHROMIUM["complains"][0])
    result = subprocess.run(
        [*entry, "render", str(EXAMPLE), "--format", "pdf", "-o", str(tmp_path / "p.pdf")],
        capture_output=True,
        text=True,
        env=environment(DRAFTER_CHROMIUM=str(fake)),
        timeout=120,
    )
    line = one_line(result)
    assert line.startswith(f"{fake}: is not a Chromium that works") and "DRAFTER_CHROMIUM" in line
    assert not (tmp_path / "p.pdf").exists()


def test_what_the_browser_prints_must_be_a_pdf(
    out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("DRAFTER_CHROMIUM", str(fake_browser(tmp_path / "prints-html", "exit 0\n")))
    monkeypatch.setattr(browser, "print_pdf", lambda *args, **kwargs: b"<html>\n")
    assert render_pdf(tmp_path) == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert "did not write a PDF" in line
    assert list(out.iterdir()) == []


HANGS = {  # stopped by Playwright's own timeout, and by the watchdog (page.pdf has none)
    "loading": "<p>never loaded<script>for (;;) {}</script>",
    "printing": "<p>loaded<script>onload = () => setTimeout(() => { for (;;) {} })</script>",
}


@pytest.mark.skipif(pdf.find_chromium() is None, reason="Chromium is not installed")
@pytest.mark.parametrize("when", HANGS)
def test_a_page_that_hangs_the_browser_is_killed_with_the_browser_and_not_waited_for_again(
    when: str, out: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DRAFTER_CHROMIUM", raising=False)
    date = pdf.dt.date(2026, 1, 1)
    assert pdf.html_to_pdf("<p>fine</p>", "a4", date).startswith(b"%PDF-")  # started in time
    session = browser._current
    assert session is not None and session.browser_pid is not None
    helpers = [p for p, (_, _, sid) in browser._processes().items() if sid == session.browser_pid]
    assert len(helpers) > 1  # Chromium and its helper processes
    monkeypatch.setattr(pdf, "TIMEOUT_SECONDS", 1)
    with pytest.raises(DrafterError) as hung:
        pdf.html_to_pdf(HANGS[when], "a4", date)
    (line,) = str(hung.value).splitlines()
    assert line.endswith("did not print the PDF within 1 s")
    deadline = time.monotonic() + 3
    while any(alive(p) for p in helpers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not [p for p in helpers if alive(p)], "a browser process was left"
    launches = browser.launches
    with pytest.raises(DrafterError, match="the browser hung earlier in this run"):
        pdf.html_to_pdf("<p>fine</p>", "a4", date)
    assert browser.launches == launches


# -- the template cache ----------------------------------------------------------------


def test_a_pipe_in_the_cache_folder_does_not_hang(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    env = environment(DRAFTER_CACHE_DIR=str(cache))
    env.pop("DRAFTER_NO_CACHE", None)
    command = [sys.executable, "-m", "drafter", "render", str(EXAMPLE), "--lang", "en"]
    first = subprocess.run(command, capture_output=True, text=True, env=env, timeout=60)
    entries = sorted(cache.iterdir())
    assert first.returncode == 0 and entries
    for entry in entries:
        entry.unlink()
        os.mkfifo(entry)
    try:
        second = subprocess.run(command, capture_output=True, text=True, env=env, timeout=20)
    except subprocess.TimeoutExpired:
        pytest.fail("render blocked on a pipe in the cache folder")
    assert second.returncode == 0, second.stderr
    assert second.stdout == first.stdout


def test_a_home_folder_that_does_not_exist_is_not_created(tmp_path: Path) -> None:
    home = tmp_path / "nonexistent"  # HOME=/nonexistent, as for a service account
    env = environment(HOME=str(home))
    for name in ("XDG_CACHE_HOME", "DRAFTER_CACHE_DIR", "DRAFTER_NO_CACHE"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "drafter", "render", str(EXAMPLE), "--lang", "en"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert not home.exists()


# -- --today ---------------------------------------------------------------------------


@pytest.mark.parametrize("today", ["2200-01-01", "1900-01-01"])
def test_a_today_nobody_could_mean_is_a_usage_error(
    today: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write_profile(tmp_path / "p.yaml", minimal())
    with pytest.raises(SystemExit) as stop:
        main(["check", str(profile), "--today", today])
    assert stop.value.code == 2
    (line,) = capsys.readouterr().err.splitlines()
    assert line.startswith("drafter check: error: argument --today: ")
    assert line.endswith("; check the year (see 'drafter check --help')")
