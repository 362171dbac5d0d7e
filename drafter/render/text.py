"""The policy as wrapped plain text."""

from __future__ import annotations

import textwrap

from drafter.render.markdown import inline_text, markdown_parser
from drafter.render.policy import Policy


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
                colon, semi = policy.language.colon, policy.language.semicolon
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
