"""Text that cannot change structure: any profile prose leaves every output's structure as it was.

For any text put in every prose field of a rich profile, the number of headings, tables
(rows and columns), lists and items, links and every other kind of block in each output
format (Markdown, HTML, plain text, DOCX; the PDF is printed from the HTML) equals that of
the same profile with plain words in those fields. The prose fields are found, not listed:
every string of the profile that still validates when it is replaced by plain words
(ids, codes, URLs, e-mail addresses and vendor names do not, and are left alone), so a
field added to the model and the profile is covered without editing this test.

The profile is built as data, not read from YAML, so the renderers are tested on their
own (defence in depth): the loader refuses most of the characters drawn here (see
``tests/bad_inputs/control-escape-*``), but Markdown escaping must not depend on it.
"""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import docx
import yaml
from conftest import ROOT
from helpers import minimal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from drafter.cli import main
from drafter.errors import format_path
from drafter.legal.load import LoadedProfile, examine
from drafter.model.yaml_source import Document
from drafter.render.docx import to_docx
from drafter.render.html import to_html
from drafter.render.markdown import markdown_parser, tidy
from drafter.render.policy import Policy, render_policy
from drafter.render.text import to_text

Leaf = tuple[str | int, ...]
BASE_PROFILE = ROOT / "profiles" / "example.yaml"
DAY = dt.date(2026, 1, 1)

# Every character that can start or end markup in one of the formats, and every line break
# Python or a browser knows (U+000B, U+000C, U+001C-U+001E, U+0085, U+2028, U+2029).
DANGEROUS = "#|-*[]()<>`\n\t\u2028\u2029\u0085\u000b\u000c\u001c\u001d\u001e=_~!&;:\\/'\"{}%. 0123456789"
HOSTILE_TEXT = st.text(alphabet=st.sampled_from(DANGEROUS + "ab"), min_size=1, max_size=40)
# The issue's reproduction: a line separator, then a Markdown heading.
REGRESSION = "process your orders\u2028## We sell your data"


def _base_data() -> dict[str, Any]:
    """example.yaml, with the prose a vendor override and a privacy contact add."""
    data: dict[str, Any] = yaml.safe_load(BASE_PROFILE.read_text(encoding="utf-8"))
    data["processors"][0]["override"] = {
        "name": "Renamed vendor",
        "description": {"en": "hosts our shop", "fr": "héberge notre boutique"},
        "own_purposes": True,
        "own_purposes_detail": {"en": "improving its service", "fr": "améliorer son service"},
    }
    data["privacy_contact"] = {"name": "Privacy desk", "email": "privacy@example.org"}
    return data


def _strings(data: Any, loc: Leaf = ()) -> Iterator[Leaf]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*loc, i))
    elif isinstance(data, str):
        yield loc


def _set(data: Any, loc: Leaf, value: str) -> None:
    for part in loc[:-1]:
        data = data[part]
    data[loc[-1]] = value


def _examine(data: dict[str, Any]) -> tuple[LoadedProfile | None, set[str]]:
    examined = examine(lambda: Document("hostile.yaml", data, {}))
    errors = {p.path for p in examined.problems} | {f.path for f in examined.findings if f.level == "error"}
    return (examined.loaded if not errors else None), errors


def _tag(n: int) -> str:
    """A word of its own for each field (some texts must differ from one another)."""
    word = ""
    n += 1
    while n:
        n, r = divmod(n - 1, 26)
        word = chr(ord("a") + r) + word
    return "w" + word


@cache
def prose_fields() -> tuple[Leaf, ...]:
    """Every string of the base profile that any plain words may replace."""
    data = _base_data()
    candidates = list(_strings(data))
    while True:
        trial = copy.deepcopy(data)
        for n, loc in enumerate(candidates):
            _set(trial, loc, f"plain words {_tag(n)}")
        loaded, errors = _examine(trial)
        if loaded is not None:
            return tuple(candidates)
        refused = [loc for loc in candidates if any(format_path(loc).startswith(e) for e in errors if e)]
        assert refused, f"the plain profile fails on {sorted(errors)}"
        candidates = [loc for loc in candidates if loc not in refused]


# What the loader folds to a space and the model then strips at either end of a text.
_EDGE_SPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


def _profile(text: str) -> LoadedProfile:
    text = text.strip(_EDGE_SPACE) or "x"
    data = _base_data()
    for n, loc in enumerate(prose_fields()):
        _set(data, loc, f"{text} {_tag(n)}")
    loaded, errors = _examine(data)
    assert loaded is not None, f"{text!r} makes the profile invalid: {sorted(errors)}"
    return loaded


# -- structure of each format -----------------------------------------------------------


def markdown_structure(markdown: str) -> Counter[str]:
    """Every Markdown token but text: blocks, headings by level, rows, cells, links, emphasis."""
    shape: Counter[str] = Counter()
    for tok in markdown_parser().parse(markdown):
        if tok.type != "inline":
            shape[f"{tok.type}:{tok.tag}"] += 1
        for child in tok.children or []:
            if child.type not in {"text", "softbreak"}:
                shape[f"{child.type}:{child.tag}"] += 1
    return shape


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.shape: Counter[str] = Counter()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.shape[tag] += 1
        self.shape.update(f"{tag}@{name}" for name, _ in attrs if name in {"id", "href"})


def html_structure(html: str) -> Counter[str]:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser.shape


_ITEM = re.compile(r"^( *)(- |\d+\. )")


def text_structure(text: str) -> Counter[str]:
    """Blocks (blank-line separated), underlined headings, and list items: a line with a
    bullet at the start of a block or right after another item's lines."""
    shape: Counter[str] = Counter()
    for block in text.strip("\n").split("\n\n"):
        shape["block"] += 1
        lines = block.split("\n")
        underline = len(lines) == 2 and lines[1] and set(lines[1]) in ({"="}, {"-"})
        if underline and len(lines[1]) == min(len(lines[0]), 78):
            shape[f"heading{lines[1][0]}"] += 1
            continue
        for line in lines:
            if _ITEM.match(line) and _ITEM.match(lines[0]):
                shape[f"item{len(_ITEM.match(line).group(1))}"] += 1  # type: ignore[union-attr]
    return shape


def docx_structure(data: bytes) -> Counter[str]:
    document = docx.Document(io.BytesIO(data))
    shape: Counter[str] = Counter(f"paragraph:{p.style.name}" for p in document.paragraphs)
    for table in document.tables:
        shape[f"table:{len(table.rows)}x{len(table.columns)}"] += 1
    body = document.element.body
    shape["hyperlink"] = len(body.xpath(".//w:hyperlink"))
    shape["break"] = len(body.xpath(".//w:br"))
    return shape


def structure(policy: Policy, *, with_docx: bool) -> dict[str, Counter[str]]:
    shapes = {
        "md": markdown_structure(policy.markdown),
        "html": html_structure(to_html(policy)),
        "txt": text_structure(to_text(policy)),
    }
    if with_docx:
        shapes["docx"] = docx_structure(to_docx(policy, DAY))
    return shapes


@cache
def plain_structure(lang: str, with_docx: bool) -> dict[str, Counter[str]]:
    return structure(render_policy(_profile("plain words"), lang), with_docx=with_docx)  # type: ignore[arg-type]


def _assert_same_structure(
    text: str, *, langs: tuple[str, ...] = ("en", "fr"), with_docx: bool = True
) -> None:
    loaded = _profile(text)
    for lang in langs:
        shapes = structure(render_policy(loaded, lang), with_docx=with_docx)
        for fmt, shape in shapes.items():
            expected = plain_structure(lang, with_docx)[fmt]
            assert shape == expected, (
                f"{fmt} ({lang}) with {text!r}: added {dict(shape - expected)}, lost {dict(expected - shape)}"
            )


# -- tests --------------------------------------------------------------------------------


def test_every_kind_of_prose_is_covered() -> None:
    """The fields found are the prose of every part of the profile, not a few names."""
    fields = {str(part) for loc in prose_fields() for part in loc if isinstance(part, str)}
    for part in ("name", "description", "label", "examples", "criteria", "note", "own_purposes_detail"):
        assert part in fields, part
    for section in ("service", "data", "purposes", "retention", "processors", "cookies", "other_recipients"):
        assert any(loc[0] == section for loc in prose_fields()), section
    assert len(prose_fields()) > 60


def test_the_issue_reproduction_adds_no_heading() -> None:
    _assert_same_structure(REGRESSION)


@settings(
    max_examples=30,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(text=HOSTILE_TEXT, lang=st.sampled_from(["en", "fr"]), docx_too=st.integers(0, 3))
def test_no_text_changes_the_structure(text: str, lang: str, docx_too: int) -> None:
    """One language per example and DOCX (the slowest) for a quarter of them: the suite stays fast."""
    _assert_same_structure(text, langs=(lang,), with_docx=docx_too == 0)


def test_a_line_separator_escape_in_yaml_is_a_space(tmp_path: Path) -> None:
    """The issue's YAML, from the file to the HTML: ``\\L`` (U+2028) in double quotes is
    folded to a space on load, so the text after it is no heading."""
    text = yaml.safe_dump(minimal(), sort_keys=False)
    assert "description: process your orders\n" in text
    outputs = {}
    for name, description in (
        ("separator", '"process your orders\\L## We sell your data"'),
        ("plain", "process your orders We sell your data"),
    ):
        source = tmp_path / f"{name}.yaml"
        source.write_text(text.replace("description: process your orders\n", f"description: {description}\n"))
        out = tmp_path / f"{name}.html"
        assert main(["render", str(source), "--format", "html", "-o", str(out)]) == 0
        outputs[name] = out.read_text(encoding="utf-8")
    html = outputs["separator"]
    assert "\u2028" not in html
    assert "We sell your data</h" not in html
    assert html_structure(html) == html_structure(outputs["plain"])


def test_tidy_breaks_lines_at_newlines_only() -> None:
    """``tidy`` split at every break ``splitlines()`` knows: the issue's text became a heading
    wherever it reached the Markdown unescaped (escaping folds it, but must not be the only guard)."""
    for brk in "\u2028\u2029\u0085\u000b\u000c\u001c\u001d\u001e":
        tidied = tidy(f"- process your orders{brk}## We sell your data\n- other item")
        assert tidied.split("\n") == [f"- process your orders{brk}## We sell your data", "- other item"]
        assert "heading_open" not in {t.type for t in markdown_parser().parse(tidied.replace(brk, " "))}
