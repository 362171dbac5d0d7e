"""Markdown helpers shared by every output: escaping, the parser, inline text, block tidying.

The template context holds plain text. It becomes Markdown once, when a template writes
it: the Jinja environment's ``finalize`` (:func:`finalize`) escapes every value a
template prints, except what is already Markdown (:class:`Markdown`: the output of a
macro or of a block, and URLs made safe for an autolink).
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any
from urllib.parse import quote


class Markdown(str):
    """Text that is already Markdown: printed as it is."""

    __slots__ = ()


# Line breaks of every kind (Unicode ones too: Python's splitlines() honours them) fold to a space.
_BREAKS = re.compile(r"[ \t\r\n\f\v\x1c-\x1e\x85\u2028\u2029]+")
_MD_INLINE = re.compile(r"([\\`*_\[\]<>~|])")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# A block marker at the start of a line: a heading (#, ##), a list item (-, +), or a run
# of - or = that would underline the line above as a heading or make a rule (---, ===).
_MD_LINE_START = re.compile(r"^( ?)([#+=-])(?=\s|$|\2)")
_MD_ORDERED = re.compile(r"^( ?)(\d+)([.)])")
# Anything the substitutions below could change; most text has none of it.
_MD_ANY = re.compile(r"[\\`*_\[\]<>~|&\t\r\n\f\v\x1c-\x1e\x85\u2028\u2029]|  |^ ?[#+=\d-]")


def md_escape(text: str) -> str:
    """Make plain text inert in Markdown: fold line breaks, escape what could become markup.

    Only characters that can start markup are escaped, so the Markdown stays readable. A
    backslash before ASCII punctuation is always a valid escape, so escaping a marker that
    turns out not to start a line is harmless.
    """
    if not _MD_ANY.search(text):
        return text
    text = _BREAKS.sub(" ", text)
    text = _MD_ENTITY.sub("\\&", _MD_INLINE.sub(r"\\\1", text))
    return _MD_ORDERED.sub(r"\1\2\\\3", _MD_LINE_START.sub(r"\1\\\2", text))


def as_markdown(text: str) -> Markdown:
    return text if isinstance(text, Markdown) else Markdown(md_escape(text))


def finalize(value: Any) -> str:
    """What a template prints: Markdown as it is, anything else escaped. ``None`` is refused:
    a template that prints a missing value has a bug, and a policy must not say "None"."""
    if value is None:
        raise ValueError("a template printed a missing value (None); test for it first")
    if isinstance(value, Markdown):
        return value
    return md_escape(str(value))


def concat(parts: Any) -> Markdown:
    """Jinja's ``concat``: a macro's or a block's output is Markdown already."""
    return Markdown("".join(parts))


_URL_UNSAFE = re.compile(r"[^A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]")


def autolink_url(url: str) -> Markdown:
    """A URL as it can stand between ``<`` and ``>``: anything else percent-encoded."""
    return Markdown(_URL_UNSAFE.sub(lambda m: quote(m.group(0), safe=""), url))


@cache
def markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


# markdown-it-py's "commonmark" preset with raw HTML off, as markdown-it.rs names its rules.
HTML_RULES = (
    *("blockquote", "code", "fence", "heading", "hr", "lheading", "list", "paragraph", "reference"),
    *("autolink", "backticks", "emphasis", "entity", "escape", "image", "link", "newline", "table"),
)


@cache
def html_renderer() -> Any:
    """The rules of :func:`markdown_parser` (CommonMark, tables, no raw HTML) in Rust
    (markdown-it.rs): the same HTML as markdown-it-py in a tenth of the time, which a test
    checks on every shipped profile. It gives HTML only, no tokens to adjust."""
    from markdown_it_pyrs import MarkdownIt

    rules: Any = list(HTML_RULES)  # the stubs list the names as a Literal
    return MarkdownIt("zero").enable_many(rules)


@lru_cache(maxsize=4096)
def plain_inline(markdown: str) -> str:
    """Inline Markdown (a title) as plain text: markup dropped, breaks as spaces.

    Remembered: every policy of a language has the same section titles."""
    md = markdown_parser()
    tokens = md.parseInline(markdown)
    return "".join(inline_text(t.children or []) for t in tokens)


def inline_text(children: list[Any]) -> str:
    out = []
    for child in children:
        if child.type in {"text", "code_inline"}:
            out.append(child.content)
        elif child.type in {"softbreak", "hardbreak"}:
            out.append(" ")
    return "".join(out)


# Consecutive lines that belong to one list or table: no blank line between them.
_SAME_BLOCK = {("item", "item"), ("row", "row"), ("item", "sub"), ("sub", "sub"), ("sub", "item")}


def tidy(text: str) -> str:
    """Normalise block spacing so Markdown parses as the template author meant.

    Templates put each list item and table row on one line. Consecutive items stay
    together (tight lists); any other block gets a blank line before and after, so a
    paragraph never becomes the lazy continuation of a list item above it.
    """
    out: list[str] = []
    last_kind = ""  # the kind of out[-1] when it is not blank
    # On "\n" only: splitlines() also breaks at U+2028, U+0085, U+001C… and would start a
    # block (a heading, a row) wherever profile text held one.
    for line in text.strip().split("\n"):
        line = line.rstrip()
        if not line:
            if out and out[-1]:
                out.append("")
            continue
        kind = _block_kind(line)
        if out and not out[-1]:  # after a blank line (which always follows a line)
            if line.startswith("- ") and out[-2].startswith("- "):
                out.pop()  # between two items of one list, it would make the list loose
        elif out and (last_kind, kind) not in _SAME_BLOCK:
            out.append("")
        out.append(line)
        last_kind = kind
    return "\n".join(out)


def _block_kind(line: str) -> str:
    if line.startswith(("- ", "* ")):
        return "item"
    if line.startswith("  "):
        return "sub"
    if line.startswith("|"):
        return "row"
    if line.startswith("#"):
        return "heading"
    return "para"
