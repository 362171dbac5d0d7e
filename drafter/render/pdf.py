"""PDF for sign-off: the HTML page printed by headless Chromium.

Chromium is an outside program (Debian package ``chromium``); ``DRAFTER_CHROMIUM`` names
another binary. It runs with a fresh profile folder, no network features and a time
limit. Its PDF stamps the time of printing; drafter replaces that stamp with the
policy's last-updated date (same length, so the file's offsets stay right), so the same
policy always gives the same bytes.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import shutil
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


def find_chromium() -> str | None:
    named = os.environ.get("DRAFTER_CHROMIUM")
    if named:
        return shutil.which(named) or (named if Path(named).is_file() else None)
    return next((found for name in _BROWSERS if (found := shutil.which(name))), None)


def require_chromium() -> str:
    browser = find_chromium()
    if browser is None:
        raise DrafterError(
            Problem(
                "drafter",
                "PDF needs Chromium: install the Debian package 'chromium' (or set DRAFTER_CHROMIUM)",
            )
        )
    return browser


def html_to_pdf(html: str, paper: Paper, date: dt.date) -> bytes:
    """Print a standalone HTML page to PDF on ``paper``."""
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
        try:
            result = subprocess.run(
                command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, stdin=subprocess.DEVNULL
            )
        except subprocess.TimeoutExpired:
            raise DrafterError(
                Problem(browser, f"did not print the PDF within {TIMEOUT_SECONDS} s")
            ) from None
        if result.returncode != 0 or not target.is_file():
            last = (result.stderr.strip().splitlines() or ["no message"])[-1]
            raise DrafterError(Problem(browser, f"could not print the PDF ({last[:200]})"))
        data = target.read_bytes()
    stamp = date.strftime("%Y%m%d000000").encode()
    return _STAMP.sub(lambda m: _same_length(m.group(0), stamp), data)


def _same_length(found: bytes, stamp: bytes) -> bytes:
    """``/CreationDate (D:20261122041641+00'00')`` with the date and midnight UTC instead."""
    head, _, rest = found.partition(b"(D:")
    replaced = head + b"(D:" + stamp + rest[14:]
    return replaced if len(replaced) == len(found) else found
