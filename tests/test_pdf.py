"""PDF through headless Chromium: pages, paper size, text, and the same bytes every time."""

from __future__ import annotations

import io
import json
import os
import unicodedata
from pathlib import Path

import pytest
from conftest import PROFILES, ROOT

from drafter.cli import main
from drafter.legal.load import load_profile
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


def test_letter_paper_and_the_same_bytes_twice() -> None:
    loaded = load_profile(ROOT / "profiles" / "example.yaml")
    html = render(loaded, "en", "html")
    first = html_to_pdf(html, "letter", loaded.profile.dates.last_updated)
    assert first == html_to_pdf(html, "letter", loaded.profile.dates.last_updated)
    assert pdf_text(first)[1] == SIZES["letter"]


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
