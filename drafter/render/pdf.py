"""PDF for sign-off: the HTML page printed by headless Chromium, through Playwright.

Chromium is an outside program (Debian package ``chromium``); ``DRAFTER_CHROMIUM`` names
another binary. Playwright (its sync API, with Chromium as ``executable_path``; it never
downloads a browser) drives ONE long-lived browser per process, started on the first
PDF (:mod:`drafter.render.browser`): starting Chromium cost most of the old
one-subprocess-per-PDF way (about 0.9 s a PDF), printing a page costs little. Each PDF is
printed with the settings ``chromium --print-to-pdf`` used (backgrounds printed, a
tagged PDF, no outline, no header or footer, the paper of the ``@page`` rule added
here): apart from the IDs below, the bytes the old way gave.

Same bytes every time, in one browser or in two processes; two things vary and are
replaced, each by a value of the same length (so the file's offsets stay right):

- the time of printing (``/CreationDate``, ``/ModDate``): the policy's last-updated date;
- the ``/ID (node00000298)`` of the tagged table cells (and their ``/IDTree``): Chromium's
  DOM node numbers, which depend on what the renderer numbered before (the page that
  printed other PDFs numbers on; a page loaded by URL is sometimes one off): renumbered
  from ``node00000001``, in the same order.

Nothing else varies: the producer and creator name Chromium's version, and Skia's PDF
has no document ``/ID``.

Time limits: starting the browser and each print have ``TIMEOUT_SECONDS``; a browser that
hangs is killed with its process group and session (its helper processes), and no later
PDF of the same run waits for it again. Chromium runs with a fresh profile folder, no
network features, in a session of its own. What it prints must be a PDF. Every failure
is one line (a DrafterError, exit status 2).
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
from pathlib import Path

from drafter.choices import Paper
from drafter.errors import DrafterError, Problem

PAGE_CSS = {"a4": "A4", "letter": "letter"}
PAPER_FORMAT = {"a4": "A4", "letter": "Letter"}  # the @page rule decides (prefer_css_page_size)
# What ``chromium --print-to-pdf`` did: backgrounds, a tagged PDF, no outline, no header
# or footer; the page's own @page size and margins.
PDF_OPTIONS = {
    "print_background": True,
    "tagged": True,
    "outline": False,
    "display_header_footer": False,
    "prefer_css_page_size": True,
}
TIMEOUT_SECONDS: float = 120  # to start the browser, and for each print
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
# As an element's /ID, or in the /IDTree's /Names and /Limits arrays.
_NODE_ID = re.compile(rb"(?:(?<=/ID )|(?<=\[)|(?<= R )|(?<=\) ))\(node(\d{8})\)")
_hung_earlier = False  # set when the browser hung: the rest of the process does not wait for it again


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
    global _hung_earlier
    if _hung_earlier:
        raise DrafterError(
            Problem(
                "drafter",
                "the browser hung earlier in this run, so no further PDF is printed; "
                "run again once Chromium works (or set DRAFTER_CHROMIUM)",
            )
        )
    program = require_chromium()
    page = f"<style>@page {{ size: {PAGE_CSS[paper]}; margin: 18mm 16mm; }}</style>"
    html = html.replace("</head>", page + "</head>", 1) if "</head>" in html else page + html
    from drafter.render import browser

    try:
        data = browser.print_pdf(
            program,
            html,
            args=HEADLESS_FLAGS,
            options={"format": PAPER_FORMAT[paper], **PDF_OPTIONS},
            timeout=TIMEOUT_SECONDS,
        )
    except browser.BrowserError as exc:
        _hung_earlier = _hung_earlier or exc.hung
        raise DrafterError(Problem(program, exc.message)) from None
    if not data.startswith(b"%PDF-"):
        raise DrafterError(
            Problem(
                program, "did not write a PDF (what it printed does not start with %PDF-); is it Chromium?"
            )
        )
    stamp = date.strftime("%Y%m%d000000").encode()
    return _renumbered(_STAMP.sub(lambda m: _same_length(m.group(0), stamp), data))


def _renumbered(data: bytes) -> bytes:
    """The tagged PDF's ``(node00000298)`` IDs shifted to start at ``node00000001``.

    A shift by the same amount keeps them distinct, eight digits long and in the order
    of the ``/IDTree``, whose ``/Names`` and ``/Limits`` are among the IDs replaced."""
    numbers = [int(found) for found in _NODE_ID.findall(data)]
    if not numbers:
        return data
    shift = min(numbers) - 1
    return _NODE_ID.sub(lambda m: b"(node%08d)" % (int(m.group(1)) - shift), data)


def _same_length(found: bytes, stamp: bytes) -> bytes:
    """``/CreationDate (D:20261122041641+00'00')`` with the date and midnight UTC instead."""
    head, _, rest = found.partition(b"(D:")
    replaced = head + b"(D:" + stamp + rest[14:]
    return replaced if len(replaced) == len(found) else found
