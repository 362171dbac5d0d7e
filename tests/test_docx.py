"""``--format docx``: a Word document with the Markdown's headings, lists, table and links."""

from __future__ import annotations

import datetime as dt
import io
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import docx
import pytest
from conftest import PROFILES, ROOT
from docx.oxml.ns import qn
from helpers import minimal, write_profile

from drafter.cli import main
from drafter.commands.manifest import MANIFEST_NAME
from drafter.legal.load import load_profile
from drafter.render.docx import to_docx
from drafter.render.language import language_record
from drafter.render.markdown import inline_text, markdown_parser
from drafter.render.policy import Policy, RenderedSection, render_policy

CASES = [(p, lang) for p in PROFILES for lang in load_profile(p).profile.languages]


def _markdown_parts(markdown: str) -> dict[str, Any]:
    """Headings, list items (depth, text), tables (rows of cell texts) and links of the Markdown."""
    tokens = markdown_parser().parse(markdown)
    headings: list[tuple[int, str]] = []
    items: list[tuple[int, str]] = []
    tables: list[list[list[str]]] = []
    links: set[str] = set()
    depth = 0
    first_paragraph = False
    for i, tok in enumerate(tokens):
        if tok.type == "heading_open":
            headings.append((int(tok.tag[1]), inline_text(tokens[i + 1].children or [])))
        elif tok.type == "bullet_list_open":
            depth += 1
        elif tok.type == "bullet_list_close":
            depth -= 1
        elif tok.type == "list_item_open":
            first_paragraph = True
        elif tok.type == "paragraph_open" and depth and first_paragraph:
            items.append((depth, inline_text(tokens[i + 1].children or [])))
            first_paragraph = False
        elif tok.type == "table_open":
            tables.append([])
        elif tok.type == "tr_open":
            tables[-1].append([])
        elif tok.type in {"th_open", "td_open"}:
            tables[-1][-1].append(inline_text(tokens[i + 1].children or []))
        for child in tok.children or []:
            if child.type == "link_open":
                links.add(str(child.attrGet("href")))
    return {"headings": headings, "items": items, "tables": tables, "links": links}


def _render_docx(profile: Path, lang: str, out: Path) -> Any:
    assert main(["render", str(profile), "--lang", lang, "--format", "docx", "-o", str(out)]) == 0
    return docx.Document(str(out))


@pytest.mark.parametrize(("profile", "lang"), CASES, ids=[f"{p.stem}-{lang}" for p, lang in CASES])
def test_the_document_has_the_markdown_structure(profile: Path, lang: str, tmp_path: Path) -> None:
    loaded = load_profile(profile)
    policy = render_policy(loaded, lang)
    expected = _markdown_parts(policy.markdown)
    document = _render_docx(profile, lang, tmp_path / "policy.docx")
    paragraphs = document.paragraphs

    headings = [
        (int(p.style.name.split()[-1]), p.text) for p in paragraphs if p.style.name.startswith("Heading ")
    ]
    assert headings == expected["headings"]
    assert paragraphs[0].style.name == "Heading 1"
    assert expected["headings"][0][0] == 1

    # The "last updated" line is right under the title, as in the Markdown.
    header_lines = policy.header.strip().split("\n\n")
    assert paragraphs[1].text == inline_text(markdown_parser().parseInline(header_lines[1])[0].children)
    assert str(loaded.profile.dates.last_updated.year) in paragraphs[1].text

    items = []
    for p in paragraphs:
        name = p.style.name
        if name.startswith("List Bullet"):
            items.append((int(name.split()[-1]) if name[-1].isdigit() else 1, p.text))
    assert items == expected["items"]
    assert not [p for p in paragraphs if p.text.startswith(("- ", "* "))]

    tables = [[[cell.text for cell in row.cells] for row in t.rows] for t in document.tables]
    assert tables == expected["tables"]
    for table in document.tables:
        first, *rest = table.rows
        assert first._tr.trPr is not None and first._tr.trPr.find(qn("w:tblHeader")) is not None
        assert all(r._tr.trPr is None or r._tr.trPr.find(qn("w:tblHeader")) is None for r in rest)
        assert all(run.bold for cell in first.cells for run in cell.paragraphs[0].runs)

    addresses = {h.address for p in paragraphs for h in p.hyperlinks}
    addresses |= {
        h.address for t in document.tables for c in t._cells for p in c.paragraphs for h in p.hyperlinks
    }
    assert addresses == expected["links"]
    assert not any("**" in p.text for p in paragraphs)

    props = document.core_properties
    assert props.title == policy.title.replace("\\", "")
    assert (
        props.language
        == {"en": "en-US" if loaded.profile.english == "en-US" else "en-GB", "fr": "fr-FR"}[lang]
    )
    day = loaded.profile.dates.last_updated
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    assert props.created == midnight
    assert props.modified == midnight


def test_rendering_twice_gives_the_same_bytes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    profile = ROOT / "profiles" / "example.yaml"
    first, second, third = (tmp_path / f"{n}.docx" for n in ("a", "b", "c"))
    _render_docx(profile, "fr", first)
    later = time.time() + 3 * 86400  # ZIP entries and core properties must not carry "now"
    monkeypatch.setattr(time, "time", lambda: later)
    _render_docx(profile, "fr", second)
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    subprocess.run(
        [
            sys.executable,
            "-m",
            "drafter",
            "render",
            str(profile),
            "--lang",
            "fr",
            "--format",
            "docx",
            "-o",
            str(third),
        ],
        check=True,
        env=env,
        cwd=tmp_path,
    )
    assert first.read_bytes() == second.read_bytes() == third.read_bytes()


def test_without_o_it_refuses_to_write_binary_to_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = main(["render", str(ROOT / "profiles" / "example.yaml"), "--format", "docx"])
    out, err = capsys.readouterr()
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and "-o" in err and "binary" in err


def test_other_formats_do_not_import_python_docx(tmp_path: Path) -> None:
    code = (
        "import sys; from drafter.cli import main; "
        f"assert main(['render', {str(ROOT / 'profiles' / 'example.yaml')!r}, '-o', 'p.md']) == 0; "
        "assert 'docx' not in sys.modules and 'drafter.render.docx' not in sys.modules"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=tmp_path)


def test_regenerate_docx_twice_is_a_no_op(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    args = ["regenerate", str(ROOT / "profiles"), "--out", str(out), "--format", "md,docx"]
    assert main([*args, "--today", "2026-11-20"]) == 0
    first_out = capsys.readouterr().out
    names = sorted(p.name for p in out.glob("*.docx"))
    assert names == sorted(f"{p.stem}.{lang}.docx" for p, lang in CASES)
    assert first_out.count(": new") == 2 * len(CASES)
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir()}
    assert main([*args, "--today", "2026-11-21"]) == 0
    assert f"{2 * len(CASES)} unchanged" in capsys.readouterr().out
    # Without the manifest every output is rendered again and compared byte for byte.
    (out / MANIFEST_NAME).unlink()
    assert main([*args, "--today", "2026-11-22"]) == 0
    again = capsys.readouterr().out
    assert ": new" not in again and ": updated" not in again
    after = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in out.iterdir() if p.name != MANIFEST_NAME}
    assert after == {k: v for k, v in before.items() if k != MANIFEST_NAME}
    assert main([*args, "--today", "2026-11-23", "--check"]) == 0


def test_a_changed_policy_gets_a_new_docx_dated_today(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    write_profile(profiles / "shop.yaml", minimal())
    out = tmp_path / "out"
    args = ["regenerate", str(profiles), "--out", str(out), "--format", "docx", "--diff"]
    assert main([*args, "--today", "2026-03-01"]) == 0
    assert docx.Document(str(out / "shop.en.docx")).core_properties.modified.date() == dt.date(2024, 6, 1)
    capsys.readouterr()
    write_profile(profiles / "shop.yaml", minimal(service={"name": "Example", "description": "web shop"}))
    assert main([*args, "--today", "2026-03-02"]) == 0
    report = capsys.readouterr().out
    assert "shop.en.docx: updated" in report
    assert f"Binary files {out / 'shop.en.docx'} and {out / 'shop.en.docx'} differ" in report
    document = docx.Document(str(out / "shop.en.docx"))
    assert document.core_properties.modified.date() == dt.date(2026, 3, 2)
    assert "web shop" in "\n".join(p.text for p in document.paragraphs)


def test_inline_formatting_links_and_numbered_lists() -> None:
    body = (
        "## Section\n\n"
        "Some *emphasis*, **strong**, `code` and a [site](https://example.org/x).\n\n"
        "1. one\n2. two\n\nBetween.\n\n3. three\n4. four\n\n"
        "- outer\n  - inner\n    - deepest\n      - deeper still"
    )
    policy = Policy(
        language_record("en"),
        "Title",
        "# Title\n\nLast updated: 1 June 2024.",
        (RenderedSection("s", "Section", body),),
    )
    document = docx.Document(io.BytesIO(to_docx(policy, dt.date(2024, 6, 1))))
    paragraph = document.paragraphs[3]
    runs = {r.text: r for r in paragraph.runs}
    assert runs["emphasis"].italic and not runs["emphasis"].bold
    assert runs["strong"].bold
    assert runs["code"].font.name == "Courier New"
    assert [(h.address, h.text) for h in paragraph.hyperlinks] == [("https://example.org/x", "site")]
    assert paragraph.text.endswith("a site.")
    numbered = [p for p in document.paragraphs if p.style.name == "List Number"]
    assert [p.text for p in numbered] == ["one", "two", "three", "four"]
    # The second list starts at 3 on its own numbering, not as the continuation of the first.
    restart = numbered[2]._p.pPr.numPr
    assert restart is not None and numbered[0]._p.pPr.numPr is None
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.num_lst if n.numId == restart.numId.val)
    assert num.lvlOverride_lst[0].startOverride.val == 3
    bullets = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("List Bullet")]
    assert bullets == [
        ("List Bullet", "outer"),
        ("List Bullet 2", "inner"),
        ("List Bullet 3", "deepest"),
        ("List Bullet 3", "deeper still"),
    ]
