"""The policy as an HTML page or fragment, with the stable hooks of docs/html.md."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from drafter.render.environment import templates_root
from drafter.render.markdown import html_renderer, plain_inline
from drafter.render.policy import Policy


def to_html_body(policy: Policy, top_heading: int = 1) -> str:
    """The policy body as HTML, with the stable hooks documented in docs/html.md.

    The dates line is ``p.policy-dates``; each section is a ``section.policy-section``
    whose heading carries the section id (the same in every language); tables are
    ``table.cookie-table``. The title is ``h<top_heading>``, sections one level below.

    The hooks are set on the renderer's HTML: raw HTML is off, so every ``<`` in it is
    markup the renderer wrote (text arrives as ``&lt;``), and a tag can be found as text.
    """
    md = html_renderer()
    shift = _shift(top_heading)
    header = shift(md.render(policy.header.strip()))
    title_close = f"</h{top_heading}>\n<p>"
    header = header.replace(title_close, f'</h{top_heading}>\n<p class="policy-dates">', 1)
    parts = [header]
    section_tag = f"<h{top_heading + 1}>"
    for section in policy.sections:
        heading = f'<h{top_heading + 1} id="{section.id}">'
        html = shift(md.render(section.markdown)).replace(section_tag, heading)
        if "<table>" in html:
            # A wide table scrolls inside its own box on a phone; the box takes keyboard focus.
            scroll = f'<div class="table-scroll" role="region" tabindex="0" aria-labelledby="{section.id}">'
            html = html.replace("<table>", scroll + '<table class="cookie-table">')
            html = html.replace("</table>", "</table></div>")
            html = _HEADER_CELL.sub(r'<th\1 scope="col">', html)
        parts.append(
            f'<section class="policy-section policy-section-{section.id}" aria-labelledby="{section.id}">\n'
            f"{html}</section>\n"
        )
    return "".join(parts)


TOP_HEADINGS = (1, 2, 3)
_HEADER_CELL = re.compile(r'<th( style="[^"]*")?>')
_HEADING_TAG = re.compile(r"<(/?)h([1-6])([ >])")


def _shift(top_heading: int) -> Callable[[str], str]:
    """Headings moved down so that the policy's title is ``h<top_heading>``."""
    if top_heading == 1:
        return lambda html: html
    down = top_heading - 1
    return lambda html: _HEADING_TAG.sub(lambda m: f"<{m[1]}h{int(m[2]) + down}{m[3]}", html)


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
    css = _page_css()
    return (
        f'<!DOCTYPE html>\n<html lang="{policy.language.tag}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(plain_inline(policy.title))}</title>\n<style>\n{css}</style>\n</head>\n"
        f"<body>\n{article}\n</body>\n</html>\n"
    )


@cache
def _page_css() -> str:
    return (templates_root() / "policy.css").read_text(encoding="utf-8")
