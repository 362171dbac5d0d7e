"""Rendering: every profile in every language and format; sections; golden files."""

from __future__ import annotations

import itertools
import re
import shutil
from pathlib import Path

import pytest
from conftest import PROFILES, ROOT
from helpers import minimal

from drafter.cli import main
from drafter.errors import DrafterError
from drafter.legal.load import load_profile, parse_profile
from drafter.render.environment import templates_root
from drafter.render.formats import render
from drafter.render.html import to_html
from drafter.render.markdown import html_renderer, markdown_parser
from drafter.render.policy import render_policy
from drafter.render.sections import SECTIONS
from drafter.render.text import to_text

GOLDEN = Path(__file__).parent / "golden"
PROFILE_IDS = [p.stem for p in PROFILES]


@pytest.mark.parametrize("path", PROFILES, ids=PROFILE_IDS)
@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("fmt", ["md", "html", "txt"])
def test_golden(path: Path, lang: str, fmt: str, update_golden: bool) -> None:
    text = render(load_profile(path), lang, fmt)  # type: ignore[arg-type]
    assert "{{" not in text and "{%" not in text and "None" not in text
    golden = GOLDEN / f"{path.stem}.{lang}.{fmt}"
    if update_golden or not golden.exists():
        if not update_golden:
            pytest.fail(f"missing golden file {golden.name}; run pytest --update-golden and review the diff")
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs; run pytest --update-golden"


@pytest.mark.parametrize("path", PROFILES, ids=PROFILE_IDS)
def test_english_and_french_have_the_same_sections(path: Path) -> None:
    loaded = load_profile(path)
    en, fr = render_policy(loaded, "en"), render_policy(loaded, "fr")
    assert en.section_ids == fr.section_ids
    assert [s.markdown.count("\n### ") for s in en.sections] == [
        s.markdown.count("\n### ") for s in fr.sections
    ]
    assert [s.markdown.count("\n- ") for s in en.sections] == [s.markdown.count("\n- ") for s in fr.sections]


def test_both_languages_have_the_same_template_files() -> None:
    root = templates_root()
    en = sorted(p.name for p in (root / "en").glob("*.j2"))
    fr = sorted(p.name for p in (root / "fr").glob("*.j2"))
    assert en == fr
    assert {s.template for s in SECTIONS} <= set(en)


@pytest.mark.parametrize("path", PROFILES, ids=PROFILE_IDS)
def test_french_typography(path: Path) -> None:
    text = render(load_profile(path), "fr", "md")
    body = re.sub(r"<https?://[^>]+>|https?://\S+", "", text)
    # No ordinary space before a high punctuation mark; guillemets padded with no-break spaces.
    assert not re.search(r" [:;?!»]", body), re.findall(r".{20} [:;?!»]", body)[:3]
    assert not re.search(r"« ", body)
    assert "1 juin" not in body and "1\u00a0juin" not in body


def test_missing_template_variable_is_an_error_not_a_blank(tmp_path: Path) -> None:
    shutil.copytree(templates_root(), tmp_path / "templates")
    broken = tmp_path / "templates" / "en" / "children.md.j2"
    broken.write_text("## Children\n\nWe never ask for {{ no_such_fact }}.\n", encoding="utf-8")
    loaded = parse_profile(_yaml(minimal()), "p.yaml")
    with pytest.raises(DrafterError) as info:
        render_policy(loaded, "en", template_root=tmp_path / "templates")
    (problem,) = info.value.problems
    assert problem.file == "templates/en/children.md.j2"
    assert problem.line == 3
    assert "'no_such_fact' is undefined" in problem.message


def test_profile_text_is_inert_in_every_format() -> None:
    data = minimal()
    data["controller"]["legal_name"] = (
        "{{ 7*7 }} <script>alert(1)</script> **bold** [x](https://evil.example)"
    )
    data["service"]["name"] = "{% include 'header.md.j2' %}"
    loaded = parse_profile(_yaml(data), "p.yaml")
    policy = render_policy(loaded, "en")
    md, html, txt = policy.markdown, to_html(policy), to_text(policy)
    assert "49" not in md
    assert "{{ 7\\*7 }}" in md and "{% include 'header.md.j2' %}" in md
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="https://evil.example"' not in html
    assert "<strong>bold</strong>" not in html
    assert "{{ 7*7 }} <script>alert(1)</script> **bold** [x](https://evil.example)" in txt


def test_html_page_is_standalone_with_toc_anchors(tmp_path: Path) -> None:
    policy = render_policy(parse_profile(_yaml(minimal()), "p.yaml"), "en")
    html = to_html(policy)
    assert html.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in html
    assert "<title>Privacy policy of Example</title>" in html
    for section in policy.sections:
        assert f'href="#{section.id}"' in html
        assert f'<h2 id="{section.id}">' in html
    assert "http://" not in html.split("<body>")[1].replace("https://", "")


def test_fragment_and_its_documented_hooks_are_the_same_in_both_languages() -> None:
    """docs/html.md promises these ids and classes to sites that embed the fragment."""
    loaded = load_profile(ROOT / "profiles" / "example.yaml")
    docs = (ROOT / "docs" / "html.md").read_text(encoding="utf-8")
    hooks: dict[str, list[str]] = {}
    for lang in ("en", "fr"):
        policy = render_policy(loaded, lang)
        fragment = to_html(policy, fragment=True)
        assert fragment.startswith(f'<article class="privacy-policy" lang="{policy.language.tag}">')
        assert fragment.endswith("</article>\n")
        assert not re.search(r"<(html|head|body|style|title|!DOCTYPE)", fragment, re.I)
        assert fragment.strip() in to_html(policy)  # the page wraps the very same element
        assert fragment.count('<p class="policy-dates">') == 1
        assert fragment.count('class="policy-section ') == len(policy.sections)
        hooks[lang] = re.findall(r'(?:id|class)="([^"]+)"', fragment)
    assert hooks["en"] == hooks["fr"]
    for hook in {h for value in hooks["en"] for h in value.split()}:
        named = hook if not hook.startswith("policy-section-") else "policy-section-ID"
        if hook not in {s.id for s in SECTIONS}:
            assert f"`{named}`" in docs, f"{hook} is not documented in docs/html.md"
    for section in SECTIONS:
        assert f"`{section.id}`" in docs


def test_fragment_is_a_cli_option_of_html_only(capsys: pytest.CaptureFixture[str]) -> None:
    profile = str(ROOT / "profiles" / "example.yaml")
    assert main(["render", profile, "--lang", "en", "--format", "html", "--fragment"]) == 0
    assert capsys.readouterr().out.startswith('<article class="privacy-policy" lang="en-GB">')
    assert main(["render", profile, "--format", "md", "--fragment"]) == 2
    assert capsys.readouterr().err == "drafter: --fragment goes with --format html\n"


@pytest.mark.parametrize("top", [2, 3])
def test_a_fragment_can_start_below_the_sites_own_h1(top: int) -> None:
    """With --top-heading, every heading moves down alike: same text, same ids, no level skipped."""
    for profile in PROFILES:
        loaded = load_profile(profile)
        for lang in loaded.profile.languages:
            policy = render_policy(loaded, lang)
            plain, moved = to_html(policy, fragment=True), to_html(policy, fragment=True, top_heading=top)
            levels = [int(level) for level in re.findall(r"<h(\d)", moved)]
            assert levels[0] == top and min(levels) == top and max(levels) <= 6
            assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels
            assert levels == [int(level) + top - 1 for level in re.findall(r"<h(\d)", plain)]
            assert re.sub(r"(</?h)\d", r"\1", moved) == re.sub(r"(</?h)\d", r"\1", plain)
            assert re.findall(f'<h{top + 1} id="([^"]+)"', moved) == ["toc-title", *policy.section_ids]
    with pytest.raises(ValueError):
        to_html(policy, top_heading=2)  # a page's title is its h1


def test_the_html_engine_writes_what_markdown_it_py_writes() -> None:
    """HTML comes from markdown-it.rs, txt and docx from markdown-it-py's tokens: on every
    shipped policy, part by part, both give the same HTML, and raw HTML stays text."""
    rust, python = html_renderer(), markdown_parser()
    parts = 0
    for profile in PROFILES:
        loaded = load_profile(profile)
        for lang in loaded.profile.languages:
            policy = render_policy(loaded, lang)
            for markdown in [policy.header, *(section.markdown for section in policy.sections)]:
                assert rust.render(markdown) == python.render(markdown)
                parts += 1
    assert parts > 20 * len(PROFILES)
    raw = "<b>bold</b> and <script>x()</script>\n\n<div>\nblock\n</div>\n"
    assert rust.render(raw) == python.render(raw)
    assert "<b>" not in rust.render(raw) and "<div>" not in rust.render(raw)


def test_top_heading_is_a_cli_option_of_fragments_only(capsys: pytest.CaptureFixture[str]) -> None:
    profile = str(ROOT / "profiles" / "example.yaml")
    args = ["render", profile, "--lang", "en", "--format", "html"]
    assert main([*args, "--fragment", "--top-heading", "2"]) == 0
    out = capsys.readouterr().out
    assert "<h1" not in out and out.count("<h2") == 1
    assert main([*args, "--top-heading", "2"]) == 2
    assert (
        capsys.readouterr().err
        == "drafter: --top-heading goes with --fragment (a page's title is its <h1>)\n"
    )


def test_rendering_a_language_the_profile_lacks_is_refused() -> None:
    loaded = parse_profile(_yaml(minimal()), "p.yaml")
    with pytest.raises(DrafterError, match="add 'fr' to 'languages'"):
        render_policy(loaded, "fr")


def test_sections_without_facts_are_left_out() -> None:
    policy = render_policy(parse_profile(_yaml(minimal()), "p.yaml"), "en")
    ids = policy.section_ids
    assert "cookies" not in ids and "transfers" not in ids and "california" not in ids
    assert {"controller", "purposes", "retention", "rights", "automated_decisions"} <= set(ids)


def _yaml(data: object) -> str:
    import yaml

    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
