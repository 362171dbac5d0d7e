"""PDF through headless Chromium: pages, paper size, text, and the same bytes every time.

One browser per process: several PDFs start it once, a forked worker starts its own.
"""

from __future__ import annotations

import io
import json
import multiprocessing
import os
import subprocess
import sys
import time
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import pytest
from conftest import PROFILES, ROOT, alive

from drafter.cli import main
from drafter.legal.load import load_profile
from drafter.render import browser
from drafter.render.formats import render
from drafter.render.pdf import find_chromium, html_to_pdf

pypdf = pytest.importorskip("pypdf")

if find_chromium() is None:
    if os.environ.get("DRAFTER_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium is required (DRAFTER_REQUIRE_BROWSER is set): apt-get install chromium")
    pytest.skip("Chromium is not installed", allow_module_level=True)

# Points: A4 is 210 x 297 mm, Letter 8.5 x 11 in.
SIZES = {"a4": (595, 842), "letter": (612, 792)}


def pdf_text(data: bytes) -> tuple[int, tuple[int, int], str, dict[str, str]]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    box = reader.pages[0].mediabox
    text = "\n".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), (round(float(box.width)), round(float(box.height))), text, dict(reader.metadata)


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_each_profile_prints_in_each_language(profile: Path) -> None:
    loaded = load_profile(profile)
    for lang in loaded.profile.languages:
        data = html_to_pdf(render(loaded, lang, "html"), "a4", loaded.profile.dates.last_updated)
        pages, size, text, meta = pdf_text(data)
        assert 3 <= pages <= 25, pages
        assert size == SIZES["a4"]
        flat = " ".join(unicodedata.normalize("NFKC", text).split())  # ligatures (ﬁ) as letters
        assert loaded.profile.controller.legal_name in flat
        headings = [line[3:] for line in render(loaded, lang, "md").splitlines() if line.startswith("## ")]
        assert len(headings) >= 8
        missing = [h for h in headings if " ".join(unicodedata.normalize("NFKC", h).split()) not in flat]
        assert not missing, missing
        stamp = loaded.profile.dates.last_updated.strftime("D:%Y%m%d000000")
        assert meta["/CreationDate"].startswith(stamp) and meta["/ModDate"].startswith(stamp)


EXAMPLE = ROOT / "profiles" / "example.yaml"
ENV = {**os.environ, "PYTHONPATH": str(ROOT)}
# Prints the example's English policy on Letter paper to standard output, in a process of its own.
PRINT_EXAMPLE = f"""
import sys
from drafter.legal.load import load_profile
from drafter.render.formats import render
from drafter.render.pdf import html_to_pdf
loaded = load_profile({str(EXAMPLE)!r})
html = render(loaded, "en", "html")
sys.stdout.buffer.write(html_to_pdf(html, "letter", loaded.profile.dates.last_updated))
"""


def test_letter_paper_and_the_same_bytes_twice_in_one_browser_and_in_another_process() -> None:
    loaded = load_profile(EXAMPLE)
    html = render(loaded, "en", "html")
    date = loaded.profile.dates.last_updated
    first = html_to_pdf(html, "letter", date)
    html_to_pdf(render(loaded, "fr", "html"), "a4", date)  # another page in between
    assert first == html_to_pdf(html, "letter", date)
    assert pdf_text(first)[1] == SIZES["letter"]
    other = subprocess.run(
        [sys.executable, "-c", PRINT_EXAMPLE],
        capture_output=True,
        env=ENV,
    )
    assert other.returncode == 0, other.stderr
    assert other.stdout == first
    assert b"(node00000001)" in first  # the tagged table cells' IDs, renumbered


def test_several_pdfs_start_the_browser_once() -> None:
    loaded = load_profile(EXAMPLE)
    html = render(loaded, "en", "html")
    html_to_pdf(html, "a4", loaded.profile.dates.last_updated)  # started here, or by a test before
    launches, session = browser.launches, browser._current
    assert session is not None and session.browser_pid is not None
    for paper in ("a4", "letter", "a4"):
        assert html_to_pdf(html, paper, loaded.profile.dates.last_updated).startswith(b"%PDF-")
    assert browser.launches == launches
    assert browser._current is session and session.usable() and alive(session.browser_pid)


def _print_in_worker(html: str, parent_browser: int) -> tuple[bytes, int, int | None, bool]:
    data = html_to_pdf(html, "a4", load_profile(EXAMPLE).profile.dates.last_updated)
    session = browser._current
    assert session is not None and session.owner == os.getpid()
    return data, browser.launches, session.browser_pid, alive(parent_browser)


def test_a_forked_worker_starts_a_browser_of_its_own() -> None:
    loaded = load_profile(EXAMPLE)
    html = render(loaded, "en", "html")
    first = html_to_pdf(html, "a4", loaded.profile.dates.last_updated)
    session = browser._current
    assert session is not None and session.browser_pid is not None
    launches = browser.launches
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        data, worker_launches, worker_browser, parent_alive = pool.submit(
            _print_in_worker, html, session.browser_pid
        ).result()
    assert data == first
    assert worker_launches == launches + 1  # the inherited browser was not used
    assert worker_browser is not None and worker_browser != session.browser_pid
    assert parent_alive  # nor closed
    deadline = time.monotonic() + 10  # the worker closed its browser as it ended
    while alive(worker_browser) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not alive(worker_browser), "the worker's browser was left running"
    assert html_to_pdf(html, "a4", loaded.profile.dates.last_updated) == first
    assert browser._current is session and browser.launches == launches


def test_only_the_pdf_path_imports_playwright(tmp_path: Path) -> None:
    example = str(EXAMPLE)
    commands = [
        ["render", example, "--format", "html", "-o", str(tmp_path / "p.html")],
        ["regenerate", example, "--out", str(tmp_path / "out"), "--format", "md"],
    ]
    printing = ["render", example, "--format", "pdf", "-o", str(tmp_path / "p.pdf")]
    code = (
        "import sys\n"
        "from drafter.cli import main\n"
        f"assert all(main(args) == 0 for args in {commands!r})\n"
        "assert not [m for m in sys.modules if m.startswith(('playwright', 'drafter.render.browser'))]\n"
        f"assert main({printing!r}) == 0 and 'playwright' in sys.modules\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=ENV)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "p.pdf").read_bytes().startswith(b"%PDF-")


def test_missing_browser_is_one_clear_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    monkeypatch.setenv("DRAFTER_CHROMIUM", str(tmp_path / "no-such-browser"))
    code = main(
        ["render", str(ROOT / "profiles" / "example.yaml"), "--format", "pdf", "-o", str(tmp_path / "p.pdf")]
    )
    assert code == 2
    assert capsys.readouterr().err.startswith("drafter: PDF needs Chromium")
    assert list(tmp_path.iterdir()) == []


def test_regenerate_prints_pdf_and_reprints_only_for_a_new_paper_size(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    profile = str(ROOT / "profiles" / "example.yaml")
    assert main(["regenerate", profile, "--out", str(out), "--format", "md,pdf", "--lang", "en"]) == 0
    pdf = out / "example.en.pdf"
    first = pdf.read_bytes()
    pages, size, text, _ = pdf_text(first)
    assert size == SIZES["a4"] and pages >= 3 and "Atelier Lumen" in text
    manifest = json.loads((out / "drafter-manifest.json").read_text(encoding="utf-8"))
    assert manifest["outputs"]["example.en.pdf"]["paper"] == "a4"
    assert manifest["outputs"]["example.en.md"]["paper"] is None
    capsys.readouterr()

    mtime = pdf.stat().st_mtime_ns
    assert main(["regenerate", profile, "--out", str(out), "--format", "pdf", "--lang", "en"]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert pdf.stat().st_mtime_ns == mtime and pdf.read_bytes() == first

    args = ["regenerate", profile, "--out", str(out), "--format", "pdf", "--lang", "en", "--paper", "letter"]
    assert main([*args, "--check"]) == 1
    assert "example.en.pdf" in capsys.readouterr().out
    assert main(args) == 0
    assert "paper a4 -> letter" in capsys.readouterr().out
    assert pdf_text(pdf.read_bytes())[1] == SIZES["letter"]
    # A new paper size is a new file, not a new policy: its date stays the Markdown's.
    records = json.loads((out / "drafter-manifest.json").read_text(encoding="utf-8"))["outputs"]
    assert records["example.en.pdf"]["last_updated"] == records["example.en.md"]["last_updated"]
    assert records["example.en.pdf"]["policy_sha256"] == records["example.en.md"]["policy_sha256"]


def test_regenerate_prints_pdfs_in_worker_processes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    args = ["regenerate", str(ROOT / "profiles"), "--out", str(out), "--format", "pdf", "--lang", "en"]
    assert main([*args, "--jobs", "2"]) == 0, capsys.readouterr().err
    printed = sorted(out.glob("*.en.pdf"))
    assert len(printed) == len(PROFILES)
    for path in printed:
        reader = pypdf.PdfReader(path)
        box = reader.pages[0].mediabox
        assert len(reader.pages) >= 3 and (round(float(box.width)), round(float(box.height))) == SIZES["a4"]
    loaded = load_profile(EXAMPLE)
    own = html_to_pdf(render(loaded, "en", "html"), "a4", loaded.profile.dates.last_updated)
    assert (out / "example.en.pdf").read_bytes() == own
