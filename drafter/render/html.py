"""The policy as an HTML page or fragment, with the stable hooks of docs/html.md."""

from __future__ import annotations

import itertools
from typing import Any

from drafter.render.environment import templates_root
from drafter.render.markdown import markdown_parser, plain_inline
from drafter.render.policy import Policy


def to_html_body(policy: Policy, top_heading: int = 1) -> str:
    """The policy body as HTML, with the stable hooks documented in docs/html.md.

    The dates line is ``p.policy-dates``; each section is a ``section.policy-section``
    whose heading carries the section id (the same in every language); tables are
    ``table.cookie-table``. The title is ``h<top_heading>``, sections one level below.
    """
    md = markdown_parser()
    tokens = _shifted(md.parse(policy.header.strip()), top_heading)
    for tok, nxt in itertools.pairwise(tokens):
        if tok.type == "heading_close" and nxt.type == "paragraph_open":
            nxt.attrSet("class", "policy-dates")
            break
    parts = [md.renderer.render(tokens, md.options, {})]
    section_tag = f"h{top_heading + 1}"
    for section in policy.sections:
        tokens = _shifted(md.parse(section.markdown), top_heading)
        for tok in tokens:
            if tok.type == "heading_open" and tok.tag == section_tag:
                tok.attrSet("id", section.id)
            elif tok.type == "table_open":
                tok.attrSet("class", "cookie-table")
            elif tok.type == "th_open":
                tok.attrSet("scope", "col")
        html = md.renderer.render(tokens, md.options, {})
        # A wide table scrolls inside its own box on a phone; the box takes keyboard focus.
        scroll = f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{section.id}">'
        html = html.replace('<table class="cookie-table">', scroll + '<table class="cookie-table">')
        html = html.replace("</table>", "</table></div>")
        parts.append(
            f'<section class="policy-section policy-section-{section.id}" aria-labelledby="{section.id}">\n'
            f"{html}</section>\n"
        )
    return "".join(parts)


TOP_HEADINGS = (1, 2, 3)


def _shifted(tokens: list[Any], top_heading: int) -> list[Any]:
    """Headings moved down so that the policy's title is ``h<top_heading>``."""
    if top_heading != 1:
        for tok in tokens:
            if tok.type in ("heading_open", "heading_close"):
                tok.tag = f"h{int(tok.tag[1]) + top_heading - 1}"
    return tokens


def to_html(policy: Policy, *, fragment: bool = False, top_heading: int = 1) -> str:
    """A self-contained page (inline CSS, nothing fetched), or with ``fragment`` only the
    ``article.privacy-policy`` element, to embed in a site that brings its own styles.

    ``top_heading`` (fragment only: a page's title is its ``h1``) is the title's level, for
    a site page that has its own ``h1``; the headings below follow without skipping one.
    """
    from markupsafe import escape

    if top_heading not in TOP_HEADINGS or (top_heading != 1 and not fragment):
        raise ValueError(f"top_heading {top_heading} (1 to 3, and only for a fragment)")
    body = to_html_body(policy, top_heading)
    toc_label = policy.language.contents
    toc = "\n".join(
        f'<li><a href="#{s.id}">{escape(plain_inline(s.title))}</a></li>' for s in policy.sections
    )
    toc_heading = f'<h{top_heading + 1} id="toc-title">{toc_label}</h{top_heading + 1}>'
    nav = f'<nav class="toc" aria-labelledby="toc-title">{toc_heading}<ol>\n{toc}\n</ol></nav>\n'
    # The title (h1) and dates come first, then the table of contents.
    head_end = body.find("<section")
    content = f"{body[:head_end]}{nav}{body[head_end:]}" if head_end >= 0 else body + nav
    article = f'<article class="privacy-policy" lang="{policy.language.tag}">\n{content}</article>'
    if fragment:
        return article + "\n"
    css = (templates_root() / "policy.css").read_text(encoding="utf-8")
    return (
        f'<!DOCTYPE html>\n<html lang="{policy.language.tag}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(plain_inline(policy.title))}</title>\n<style>\n{css}</style>\n</head>\n"
        f"<body>\n{article}\n</body>\n</html>\n"
    )
