"""Render a loaded profile to Markdown (canonical), then HTML or plain text."""

from __future__ import annotations

import itertools
import textwrap
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import jinja2

from drafter.errors import DrafterError, Problem
from drafter.fields import Lang
from drafter.filters import NBSP, NNBSP, filters_for
from drafter.profile_loading import LoadedProfile
from drafter.resolve import Context, resolve
from drafter.sections import SECTIONS
from drafter.template_cache import bytecode_cache

Format = Literal["md", "html", "txt"]
FORMATS: tuple[Format, ...] = ("md", "html", "txt")


@dataclass(frozen=True)
class RenderedSection:
    id: str
    title: str
    markdown: str


@dataclass(frozen=True)
class Policy:
    lang: Lang
    title: str
    header: str
    sections: tuple[RenderedSection, ...]

    @property
    def markdown(self) -> str:
        parts = [self.header.strip(), *(s.markdown for s in self.sections)]
        return "\n\n".join(parts) + "\n"

    @property
    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections]


def templates_root() -> Path:
    """Templates ship as the ``drafter.templates`` package; a source checkout has them at top level."""
    try:
        root = Path(str(resources.files("drafter.templates")))
        if (root / "en").is_dir():
            return root
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent / "templates"


@cache
def environment(lang: str, root: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str((root or templates_root()) / lang)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown output; profile text is escaped for Markdown in resolve
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
    )
    env.bytecode_cache = bytecode_cache(env)  # compiled once per machine, not once per run
    env.filters.update(filters_for(lang))
    return env


def require_language(loaded: LoadedProfile, lang: Lang, doing: str = "render it") -> None:
    """Refuse a language the profile has no texts for, saying how to add it."""
    if lang not in loaded.profile.languages:
        raise DrafterError(
            Problem(
                loaded.file,
                f"this profile is written in {', '.join(loaded.profile.languages)}; "
                f"add {lang!r} to 'languages' (and its texts) to {doing} in {lang}",
                loaded.doc.line_of(("languages",)),
            )
        )


def render_policy(loaded: LoadedProfile, lang: Lang, *, template_root: Path | None = None) -> Policy:
    require_language(loaded, lang)
    ctx = resolve(loaded, lang)
    env = environment(lang, template_root)
    header = _render(env, "header.md.j2", ctx)
    sections = []
    for section in SECTIONS:
        text = _tidy(_render(env, section.template, ctx))
        if not text:
            continue
        first = text.splitlines()[0]
        if not first.startswith("## "):
            raise DrafterError(
                Problem(f"templates/{lang}/{section.template}", "must start with a '## ' heading", 1)
            )
        sections.append(RenderedSection(section.id, first[3:].strip(), text))
    title = header.strip().splitlines()[0].lstrip("# ").strip()
    return Policy(lang, title, _tidy(header), tuple(sections))


def _render(env: jinja2.Environment, name: str, ctx: Context) -> str:
    try:
        return env.get_template(name).render(ctx)
    except jinja2.TemplateSyntaxError as exc:
        raise DrafterError(
            Problem(
                f"templates/{env_lang(env)}/{exc.name or name}", f"template error: {exc.message}", exc.lineno
            )
        ) from None
    except (jinja2.UndefinedError, TypeError, ValueError, KeyError, AttributeError) as exc:
        file, line = _template_frame(exc, name)
        raise DrafterError(
            Problem(f"templates/{env_lang(env)}/{file}", f"template error: {exc}", line)
        ) from None


def env_lang(env: jinja2.Environment) -> str:
    loader = env.loader
    return Path(loader.searchpath[0]).name if isinstance(loader, jinja2.FileSystemLoader) else "?"


def _template_frame(exc: BaseException, default: str) -> tuple[str, int | None]:
    """The template file and line where a render error happened, from the traceback."""
    tb = exc.__traceback__
    found: tuple[str, int | None] = (default, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (Path(filename).name, tb.tb_lineno)
        tb = tb.tb_next
    return found


# Consecutive lines that belong to one list or table: no blank line between them.
_SAME_BLOCK = {("item", "item"), ("row", "row"), ("item", "sub"), ("sub", "sub"), ("sub", "item")}


def _tidy(text: str) -> str:
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


# -- HTML and text -----------------------------------------------------------------


@cache
def markdown_parser() -> Any:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark", {"html": False, "typographer": False}).enable("table")


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
    toc_label = {"en": "Contents", "fr": "Sommaire"}[policy.lang]
    toc = "\n".join(
        f'<li><a href="#{s.id}">{escape(plain_inline(s.title))}</a></li>' for s in policy.sections
    )
    toc_heading = f'<h{top_heading + 1} id="toc-title">{toc_label}</h{top_heading + 1}>'
    nav = f'<nav class="toc" aria-labelledby="toc-title">{toc_heading}<ol>\n{toc}\n</ol></nav>\n'
    # The title (h1) and dates come first, then the table of contents.
    head_end = body.find("<section")
    content = f"{body[:head_end]}{nav}{body[head_end:]}" if head_end >= 0 else body + nav
    article = f'<article class="privacy-policy" lang="{policy.lang}">\n{content}</article>'
    if fragment:
        return article + "\n"
    css = (templates_root() / "policy.css").read_text(encoding="utf-8")
    return (
        f'<!DOCTYPE html>\n<html lang="{policy.lang}">\n<head>\n<meta charset="utf-8">\n'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(plain_inline(policy.title))}</title>\n<style>\n{css}</style>\n</head>\n"
        f"<body>\n{article}\n</body>\n</html>\n"
    )


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


def to_text(policy: Policy, width: int = 78) -> str:
    """Plain text wrapped at ``width``: headings underlined, lists indented, tables as lists."""
    md = markdown_parser()
    tokens = md.parse(policy.markdown)
    out: list[str] = []
    list_depth = 0
    bullet_stack: list[str] = []
    pending_bullet = False
    row: list[str] = []
    header_cells: list[str] = []
    in_thead = False
    items: set[int] = set()
    i = 0
    while i < len(tokens):
        tok = tokens[i]
        kind = tok.type
        if kind == "heading_open":
            text = inline_text(tokens[i + 1].children or [])
            rule = "=" if tok.tag == "h1" else "-" if tok.tag == "h2" else ""
            out.append(text if not rule else f"{text}\n{rule * min(len(text), width)}")
            i += 3
            continue
        if kind in {"bullet_list_open", "ordered_list_open"}:
            list_depth += 1
            bullet_stack.append("-" if kind == "bullet_list_open" else "1.")
        elif kind in {"bullet_list_close", "ordered_list_close"}:
            list_depth -= 1
            bullet_stack.pop()
        elif kind == "list_item_open":
            pending_bullet = True
        elif kind == "inline" and tokens[i - 1].type == "paragraph_open":
            text = inline_text(tok.children or [])
            indent = "  " * max(list_depth - 1, 0)
            if list_depth and pending_bullet:
                first = f"{indent}{bullet_stack[-1]} "
                rest = " " * len(first)
                pending_bullet = False
            elif list_depth:
                first = rest = indent + "  "
            else:
                first = rest = ""
            out.append(
                textwrap.fill(
                    text,
                    width,
                    initial_indent=first,
                    subsequent_indent=rest,
                    break_on_hyphens=False,
                    break_long_words=False,
                )
            )
            if list_depth:
                items.add(len(out) - 1)
        elif kind == "thead_open":
            in_thead = True
        elif kind == "thead_close":
            in_thead = False
        elif kind == "tr_open":
            row = []
        elif kind in {"th_open", "td_open"}:
            row.append(inline_text(tokens[i + 1].children or []))
        elif kind == "tr_close":
            if in_thead:
                header_cells = row
            else:
                colon, semi = (f"{NBSP}: ", f"{NNBSP}; ") if policy.lang == "fr" else (": ", "; ")
                cells = [f"{h}{colon}{c}" for h, c in zip(header_cells, row, strict=False) if c]
                out.append(
                    textwrap.fill(semi.join(cells), width, initial_indent="- ", subsequent_indent="  ")
                )
                items.add(len(out) - 1)
        i += 1
    # List items (and table rows) stay together; other blocks are separated by a blank line.
    text = out[0] if out else ""
    for n in range(1, len(out)):
        text += ("\n" if n in items and n - 1 in items else "\n\n") + out[n]
    return text + "\n"


def render(loaded: LoadedProfile, lang: Lang, fmt: Format) -> str:
    return format_policy(render_policy(loaded, lang), fmt)


def format_policy(policy: Policy, fmt: Format) -> str:
    """A rendered policy in ``fmt`` (one render serves every format)."""
    if fmt == "md":
        return policy.markdown
    if fmt == "html":
        return to_html(policy)
    return to_text(policy)
