"""A policy as a Word document (DOCX) that counsel can mark up with track changes.

Built with python-docx from the markdown-it-py token stream of the policy's Markdown (the
canonical output), so it says exactly what the Markdown says: Markdown headings become
Word headings of the same level (the title is Heading 1, sections Heading 2, subsections
Heading 3), lists use Word's list styles (List Bullet, List Bullet 2… and List Number…),
the cookie table is a Word table whose header row repeats on each page, links are Word
hyperlinks. The bytes depend only on the policy and its "last updated" date: the core
properties' dates and the ZIP entries' timestamps are that date, never the time of the run.

python-docx is imported inside :func:`to_docx`, so other commands never load it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any

from drafter.render.markdown import markdown_parser, plain_inline
from drafter.render.policy import Policy

MAX_LIST_LEVEL = 3  # List Bullet, List Bullet 2, List Bullet 3: deeper items stay at 3
_LINK_SCHEMES = ("http://", "https://", "mailto:")
# Characters XML 1.0 cannot hold (Word would refuse the file).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# The dates a ZIP entry can hold (its year is 7 bits from 1980); zipfile refuses the rest.
_ZIP_FIRST, _ZIP_LAST = dt.date(1980, 1, 1), dt.date(2107, 12, 31)


def to_docx(policy: Policy, last_updated: dt.date) -> bytes:
    """The policy as DOCX bytes; the same policy and date always give the same bytes."""
    import docx

    document = docx.Document()
    _set_properties(document, policy, last_updated)
    _Builder(document).build(markdown_parser().parse(policy.markdown))
    buffer = io.BytesIO()
    document.save(buffer)
    return _stable_zip(buffer.getvalue(), last_updated)


def _set_properties(document: Any, policy: Policy, last_updated: dt.date) -> None:
    props = document.core_properties
    stamp = dt.datetime(last_updated.year, last_updated.month, last_updated.day)
    props.title = _xml_text(plain_inline(policy.title))  # like the body: lxml refuses the rest
    props.language = policy.language.tag
    props.author = "drafter"
    props.last_modified_by = "drafter"
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.category = ""
    props.revision = 1
    props.created = stamp
    props.modified = stamp
    # The proofing language of every style, so Word checks French spelling as French.
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    defaults = document.styles.element.find(qn("w:docDefaults"))
    if defaults is None:
        return
    rpr = defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}")
    if rpr is None:
        return
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), policy.language.tag)


def _stable_zip(data: bytes, last_updated: dt.date) -> bytes:
    """The same archive with every entry dated ``last_updated`` (python-docx stamps "now")."""
    day = min(max(last_updated, _ZIP_FIRST), _ZIP_LAST)
    stamp = (day.year, day.month, day.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for entry in src.infolist():
            info = zipfile.ZipInfo(entry.filename, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            dst.writestr(info, src.read(entry))
    return out.getvalue()


class _Builder:
    """Walks the block tokens, adding paragraphs, headings, lists and tables to a document."""

    def __init__(self, document: Any) -> None:
        self.document = document
        self.lists: list[str] = []  # "bullet" or "number", outermost first
        self.item_started: list[bool] = []  # whether the current item has its first paragraph
        self.numbered = 0  # numbered lists begun so far (each after the first restarts at 1)
        self.restart = 0  # the number the next numbered item restarts at (0: it continues)
        self.hyperlink_style = False

    def build(self, tokens: list[Any]) -> None:
        i = 0
        while i < len(tokens):
            tok = tokens[i]
            kind = tok.type
            if kind == "heading_open":
                paragraph = self.document.add_heading("", level=min(int(tok.tag[1:]), 9))
                self.inline(paragraph, tokens[i + 1])
                i += 3
                continue
            if kind == "table_open":
                end = next(j for j in range(i, len(tokens)) if tokens[j].type == "table_close")
                self.table(tokens[i : end + 1])
                i = end + 1
                continue
            if kind in {"bullet_list_open", "ordered_list_open"}:
                self.lists.append("bullet" if kind == "bullet_list_open" else "number")
                if kind == "ordered_list_open":
                    self.numbered += 1
                    start = int(tok.attrGet("start") or 1)
                    self.restart = start if self.numbered > 1 or start != 1 else 0
            elif kind in {"bullet_list_close", "ordered_list_close"}:
                self.lists.pop()
            elif kind == "list_item_open":
                self.item_started.append(False)
            elif kind == "list_item_close":
                self.item_started.pop()
            elif kind == "paragraph_open":
                self.paragraph(tokens[i + 1])
                i += 3
                continue
            elif kind in {"code_block", "fence"}:
                self.document.add_paragraph(_xml_text(tok.content.rstrip("\n")))
            elif kind == "hr":
                self.document.add_paragraph("")
            i += 1
        if self.document.element.body.xpath("./*[not(self::w:sectPr)][last()][self::w:tbl]"):
            self.document.add_paragraph()  # Word wants a paragraph, not a table, last

    def paragraph(self, inline: Any) -> None:
        if not self.lists:
            self.inline(self.document.add_paragraph(), inline)
            return
        depth = min(len(self.lists), MAX_LIST_LEVEL)
        suffix = "" if depth == 1 else f" {depth}"
        if self.item_started and not self.item_started[-1]:
            self.item_started[-1] = True
            kind = self.lists[-1]
            style = ("List Bullet" if kind == "bullet" else "List Number") + suffix
            paragraph = self.document.add_paragraph(style=style)
            if kind == "number" and self.restart:
                self._restart_numbering(paragraph, style, self.restart)
                self.restart = 0
        else:  # a second paragraph of the same item
            paragraph = self.document.add_paragraph(style="List Continue" + suffix)
        self.inline(paragraph, inline)

    def _restart_numbering(self, paragraph: Any, style: str, start: int) -> None:
        """Number this list from ``start`` instead of continuing the previous numbered list."""
        ppr = self.document.styles[style].element.pPr
        num_pr = ppr.numPr if ppr is not None else None
        if num_pr is None or num_pr.numId is None:
            return
        numbering = self.document.part.numbering_part.element
        style_num = next((n for n in numbering.num_lst if n.numId == num_pr.numId.val), None)
        if style_num is None:
            return
        num = numbering.add_num(style_num.abstractNumId.val)
        num.add_lvlOverride(ilvl=0).add_startOverride(start)
        own = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        own.get_or_add_ilvl().val = 0
        own.get_or_add_numId().val = num.numId

    def table(self, tokens: list[Any]) -> None:
        """A Markdown table as a Word table; its header row is marked to repeat on each page."""
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        rows: list[list[Any]] = []
        header_rows = 0
        in_head = False
        for n, tok in enumerate(tokens):
            if tok.type == "thead_open":
                in_head = True
            elif tok.type == "thead_close":
                in_head = False
            elif tok.type == "tr_open":
                rows.append([])
                header_rows += in_head
            elif tok.type in {"th_open", "td_open"}:
                rows[-1].append(tokens[n + 1])
        columns = max((len(r) for r in rows), default=0)
        if not columns:
            return
        table = self.document.add_table(rows=len(rows), cols=columns)
        table.style = self.document.styles["Table Grid"]
        for r, cells in enumerate(rows):
            row = table.rows[r]
            for c, inline in enumerate(cells):
                self.inline(row.cells[c].paragraphs[0], inline, bold=r < header_rows)
            if r < header_rows:
                header = OxmlElement("w:tblHeader")
                header.set(qn("w:val"), "true")
                row._tr.get_or_add_trPr().append(header)

    def inline(self, paragraph: Any, inline: Any, *, bold: bool = False) -> None:
        """The inline tokens (text, strong, em, code, links, breaks) as runs of ``paragraph``."""
        strong = 1 if bold else 0
        em = 0
        link: Any = None  # the w:hyperlink element the runs go into, while in a link
        for child in inline.children or []:
            kind = child.type
            if kind == "strong_open":
                strong += 1
            elif kind == "strong_close":
                strong -= 1
            elif kind == "em_open":
                em += 1
            elif kind == "em_close":
                em -= 1
            elif kind == "link_open":
                link = self._hyperlink(paragraph, str(child.attrGet("href") or ""))
            elif kind == "link_close":
                link = None
            elif kind in {"text", "code_inline", "softbreak", "hardbreak", "image"}:
                text = child.content if kind != "softbreak" else " "
                if kind == "image":
                    text = "".join(c.content for c in child.children or [])
                run = paragraph.add_run("" if kind == "hardbreak" else _xml_text(text))
                if kind == "hardbreak":
                    run.add_break()
                if strong:
                    run.bold = True
                if em:
                    run.italic = True
                if kind == "code_inline":
                    run.font.name = "Courier New"
                if link is not None:
                    run.style = self.document.styles["Hyperlink"]
                    link.append(run._r)

    def _hyperlink(self, paragraph: Any, href: str) -> Any:
        """A w:hyperlink to ``href`` at the end of ``paragraph``; None for a link Word should not follow."""
        if not href.lower().startswith(_LINK_SCHEMES):
            return None
        from docx.opc.constants import RELATIONSHIP_TYPE as RT
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn

        self._ensure_hyperlink_style()
        element = OxmlElement("w:hyperlink")
        element.set(qn("r:id"), paragraph.part.relate_to(href, RT.HYPERLINK, is_external=True))
        element.set(qn("w:history"), "1")
        paragraph._p.append(element)
        return element

    def _ensure_hyperlink_style(self) -> None:
        if self.hyperlink_style:
            return
        from docx.enum.style import WD_STYLE_TYPE
        from docx.shared import RGBColor

        styles = self.document.styles
        if "Hyperlink" not in [s.name for s in styles]:
            style = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
            style.base_style = styles["Default Paragraph Font"]
            style.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
            style.font.underline = True
            style.priority = 99
            style.unhide_when_used = True
        self.hyperlink_style = True


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("", text)
