"""Markdown helpers shared by every output: the parser, inline text, block tidying."""

from __future__ import annotations

from functools import cache
from typing import Any


@cache
def markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


def plain_inline(markdown: str) -> str:
    """Inline Markdown (a title) as plain text: markup dropped, breaks as spaces."""
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
    for line in text.strip().splitlines():
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
