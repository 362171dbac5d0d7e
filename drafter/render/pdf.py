"""PDF for sign-off: the HTML page printed by headless Chromium.

Chromium is an outside program (Debian package ``chromium``); ``DRAFTER_CHROMIUM`` names
another binary. It runs with a fresh profile folder, no network features and a time
limit, in a process group of its own: a browser that hangs is killed with every process
it started, and no later PDF of the same run waits for it again. What it writes must be
a PDF. Its PDF stamps the time of printing; drafter replaces that stamp with the policy's
last-updated date (same length, so the file's offsets stay right), so the same policy
always gives the same bytes.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from drafter.choices import Paper
from drafter.errors import DrafterError, Problem

PAGE_CSS = {"a4": "A4", "letter": "letter"}
TIMEOUT_SECONDS = 120
_BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
# Headless, offline, no first-run chatter: shared with the browser tests.
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-extensions",
    "--no-first-run",
)
_STAMP = re.compile(rb"/(CreationDate|ModDate) \(D:\d{14}[^)]{0,8}\)")
_hung_earlier = False  # set when the browser hung: the rest of the run does not wait for it again


def find_chromium() -> str | None:
    named = os.environ.get("DRAFTER_CHROMIUM")
    if named:
        return shutil.which(named)  # a program on PATH, or a path to an executable file
    return next((found for name in _BROWSERS if (found := shutil.which(name))), None)


def require_chromium() -> str:
    browser = find_chromium()
    if browser is not None:
        return browser
    named = os.environ.get("DRAFTER_CHROMIUM")
    if named:
        raise DrafterError(
            Problem("drafter", f"PDF needs Chromium: DRAFTER_CHROMIUM={named} {_unusable(named)}")
        )
    raise DrafterError(
        Problem(
            "drafter", "PDF needs Chromium: install the Debian package 'chromium' (or set DRAFTER_CHROMIUM)"
        )
    )


def _unusable(named: str) -> str:
    """Why ``DRAFTER_CHROMIUM`` does not name a program that can be run, and what to do."""
    fix = "set it to the browser's program (e.g. /usr/bin/chromium)"
    path = Path(named)
    if os.sep not in named and not path.exists():
        return f"is not a program on PATH; {fix}"
    if path.is_dir():
        return f"is a folder, not a program; {fix}"
    if not path.exists():
        return f"does not exist; {fix}"
    if not path.is_file():
        return f"is not a regular file; {fix}"
    return f"is not executable; {fix}"


def html_to_pdf(html: str, paper: Paper, date: dt.date) -> bytes:
    """Print a standalone HTML page to PDF on ``paper``."""
    if _hung_earlier:
        raise DrafterError(
            Problem(
                "drafter",
                "the browser hung earlier in this run, so no further PDF is printed; "
                "run again once Chromium works (or set DRAFTER_CHROMIUM)",
            )
        )
    browser = require_chromium()
    page = f"<style>@page {{ size: {PAGE_CSS[paper]}; margin: 18mm 16mm; }}</style>"
    html = html.replace("</head>", page + "</head>", 1) if "</head>" in html else page + html
    with tempfile.TemporaryDirectory(prefix="drafter-pdf-") as folder:
        source = Path(folder) / "policy.html"
        target = Path(folder) / "policy.pdf"
        source.write_text(html, encoding="utf-8")
        command = [
            browser,
            *HEADLESS_FLAGS,
            "--no-pdf-header-footer",
            f"--user-data-dir={Path(folder) / 'profile'}",
            f"--print-to-pdf={target}",
            source.as_uri(),
        ]
        returncode, errors = _run_browser(command, browser)
        if returncode != 0 or not target.is_file():
            last = (errors.strip().splitlines() or ["no message"])[-1]
            raise DrafterError(Problem(browser, f"could not print the PDF ({last[:200]})"))
        data = target.read_bytes()
    if not data.startswith(b"%PDF-"):
        raise DrafterError(
            Problem(
                browser, "did not write a PDF (the file it wrote does not start with %PDF-); is it Chromium?"
            )
        )
    stamp = date.strftime("%Y%m%d000000").encode()
    return _STAMP.sub(lambda m: _same_length(m.group(0), stamp), data)


def _run_browser(command: list[str], browser: str) -> tuple[int, str]:
    """Run the browser in a session of its own; its exit status and what it said on stderr.

    On timeout the whole process group is killed (Chromium starts helper processes that
    would outlive it) and the rest of the run gives up on the browser.
    """
    global _hung_earlier
    try:
        process = subprocess.Popen(
            command,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            errors="replace",
            start_new_session=True,
        )
    except OSError as exc:  # not executable, not a program (ENOEXEC), vanished
        reason = (exc.strerror or str(exc)).lower()
        raise DrafterError(
            Problem(browser, f"cannot be run ({reason}); set DRAFTER_CHROMIUM to the browser's program")
        ) from None
    try:
        _, errors = process.communicate(timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired:
        _hung_earlier = True
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.communicate(timeout=5)  # reaped; a helper that left the group keeps its pipe
        raise DrafterError(Problem(browser, f"did not print the PDF within {TIMEOUT_SECONDS} s")) from None
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    return process.returncode, errors


def _same_length(found: bytes, stamp: bytes) -> bytes:
    """``/CreationDate (D:20261122041641+00'00')`` with the date and midnight UTC instead."""
    head, _, rest = found.partition(b"(D:")
    replaced = head + b"(D:" + stamp + rest[14:]
    return replaced if len(replaced) == len(found) else found
