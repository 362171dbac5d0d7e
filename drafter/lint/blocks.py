"""Rendered policies as plain-text blocks, and the spans in them that are names, not prose.

Names, addresses, e-mail addresses and URLs come from the profile, the vendor catalog or
the law data. They are not our wording, so the gate does not spell- or grammar-check them.
Prose from the profile (descriptions, labels) is checked like the templates' own text.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel

from drafter.legal.load import LoadedProfile
from drafter.model.law import load_law
from drafter.render.american import american_data
from drafter.render.filters import NBSP, NNBSP, cookie_name, french_typography
from drafter.render.markdown import inline_text, markdown_parser
from drafter.render.policy import Policy

BlockKind = Literal["heading", "paragraph", "item", "cell"]

# Fields whose values are names or identifiers rather than sentences.
NAME_FIELDS = frozenset(
    {
        "legal_name",
        "trade_name",
        "registration",
        "name",
        "partner",
        "lines",
        "address",
        "email",
        "phone",
        "website",
        "url",
        "privacy_url",
        "request_url",
        "national_law",
    }
)
URL_OR_EMAIL = re.compile(r"\S+@\S+\.\w+|(?:https?://|www\.)\S+[^\s.,;:!?)»]")


@dataclass(frozen=True)
class Block:
    """One heading, paragraph, list item or table cell of a policy, as plain text."""

    section: str
    kind: BlockKind
    text: str
    names: tuple[tuple[int, int], ...] = ()
    lead: int = 0  # length of a bold lead-in label ("**Retention:** ..."), not part of a sentence
    heading: str = ""  # text of the nearest heading before this block in its section
    list_id: int | None = None  # items of one list share it (a nested list has its own)

    def prose(self) -> str:
        """The text with every name span blanked out (same length, so offsets still hold)."""
        chars = list(self.text)
        for start, end in self.names:
            chars[start:end] = " " * (end - start)
        return "".join(chars)

    def collapsed(self) -> str:
        """The text without its lead-in label and with each name span reduced to one word.

        Same length as ``text``; used to count the words of sentences.
        """
        chars = list(" " * self.lead + self.text[self.lead :])
        for start, end in self.names:
            chars[start:end] = "N" + " " * (end - start - 1)
        return "".join(chars)

    def about_names(self, start: int, end: int) -> bool:
        """Whether the span ``start:end`` is a name, or punctuation touching one ("Inc.,")."""
        covered = [False] * (end - start)
        for s, e in self.names:
            for i in range(max(s, start), min(e, end)):
                covered[i - start] = True
        if not any(covered):
            return False
        return not any(
            c.isalnum() for c, named in zip(self.text[start:end], covered, strict=True) if not named
        )


def policy_blocks(policy: Policy, names: Iterable[str] = ()) -> list[Block]:
    """Every text block of ``policy``, with the spans of ``names`` (and URLs, e-mails) marked."""
    needles = sorted({_plain(n) for n in names if n.strip()}, key=len, reverse=True)
    out: list[Block] = []
    parts = [("header", policy.header), *((s.id, s.markdown) for s in policy.sections)]
    list_ids = itertools.count()
    for section, markdown in parts:
        heading = ""
        for kind, text, lead, list_id in _blocks(markdown, list_ids):
            spans = tuple(_name_spans(text, needles))
            out.append(Block(section, kind, text, spans, lead, heading=heading, list_id=list_id))
            if kind == "heading":
                heading = text
    return out


def _blocks(markdown: str, list_ids: Iterator[int]) -> Iterator[tuple[BlockKind, str, int, int | None]]:
    tokens = markdown_parser().parse(markdown)
    in_item = 0
    lists: list[int] = []  # the open lists, innermost last
    for i, tok in enumerate(tokens):
        if tok.type in {"bullet_list_open", "ordered_list_open"}:
            lists.append(next(list_ids))
        elif tok.type in {"bullet_list_close", "ordered_list_close"}:
            lists.pop()
        elif tok.type == "list_item_open":
            in_item += 1
        elif tok.type == "list_item_close":
            in_item -= 1
        elif tok.type == "inline":
            opener = tokens[i - 1].type
            kind: BlockKind = (
                "heading"
                if opener == "heading_open"
                else "cell"
                if opener in {"th_open", "td_open"}
                else "item"
                if in_item
                else "paragraph"
            )
            children = tok.children or []
            text = inline_text(children)
            if text.strip():
                yield kind, text, _lead_length(children, text), lists[-1] if kind == "item" else None


def _lead_length(children: list[Any], text: str) -> int:
    """Length of a bold label that opens the block, with the colon after it."""
    children = [c for c in children if not (c.type == "text" and not c.content)]
    if not children or children[0].type != "strong_open":
        return 0
    close = next((i for i, c in enumerate(children) if c.type == "strong_close"), None)
    if close is None:
        return 0
    label = inline_text(children[1:close])
    colon = re.match(r"\s*[:?]?\s*", text[len(label) :])
    return len(label) + (colon.end() if colon else 0)


def _plain(text: str) -> str:
    return text.replace(NBSP, " ").replace(NNBSP, " ")


def _name_spans(text: str, needles: list[str]) -> Iterator[tuple[int, int]]:
    plain = _plain(text)
    taken = [False] * len(plain)
    for needle in needles:
        if needle not in plain:
            continue
        # Whole words only: the cookie "fr" is not the "fr" of "fraud".
        for m in re.finditer(rf"(?<!\w){re.escape(needle)}(?!\w)", plain):
            start, end = m.span()
            if not any(taken[start:end]):
                taken[start:end] = [True] * (end - start)
                yield start, end
    for m in URL_OR_EMAIL.finditer(plain):
        if not any(taken[m.start() : m.end()]):
            yield m.start(), m.end()


def profile_names(loaded: LoadedProfile, lang: str, extra: Iterable[str] = ()) -> set[str]:
    """Names, addresses, contacts and references the policy quotes from its sources.

    Besides name fields, a capitalised word inside profile prose (not first in a sentence)
    is taken as a name: "La Poste (Colissimo)", "Ableton Live".
    """
    names: set[str] = set(extra)
    prose: set[str] = set()
    _collect(loaded.profile, lang, names, named=False, prose=prose)
    for text in prose:
        for sentence in re.split(r"(?<=[.!?:;])\s+", text):
            words = re.findall(r"[\w'’.-]+", sentence)
            names.update(w.strip(".") for w in words[1:] if w[:1].isupper() and w.strip("."))
    law = load_law()
    for vendor in loaded.vendors.values():
        names.add(vendor.name)
        names.add(str(vendor.privacy_url))
        for entity in vendor.entities.values():
            names.update({entity.name, entity.address})
        names.update(cookie.name for cookie in vendor.cookies)
        names.update(cookie_name(cookie.name) for cookie in vendor.cookies)
    for code, country in law.countries.items():
        del code
        names.add(getattr(country.authority.name, lang))
        if country.authority.address:
            names.add(country.authority.address)
        if country.national_law:
            names.add(getattr(country.national_law, lang))
        names.update(getattr(r.reference, lang) for r in country.retention)
    for state in law.us.states.values():
        names.update({state.name[lang], state.law[lang], state.citation, state.regulator.name[lang]})
        names.update(n.text for n in state.notices)
        names.update(n.reference for n in state.notices)
    if lang == "fr":
        names |= {french_typography(n) for n in names}
    else:  # an en-US policy shows law and catalog data in American English
        names |= {american_data(n) for n in names}
    return {_plain(n) for n in names} | {_strip_article(n) for n in names}


def _strip_article(name: str) -> str:
    return re.sub(r"^(the |la |le |les |l')", "", name)


def _collect(value: Any, lang: str, out: set[str], *, named: bool, prose: set[str]) -> None:
    if isinstance(value, BaseModel):
        for field, item in value:
            _collect(item, lang, out, named=named or field in NAME_FIELDS, prose=prose)
    elif isinstance(value, dict):
        if set(value) <= {"en", "fr"} and lang in value:
            _collect(value[lang], lang, out, named=named, prose=prose)
        else:
            for item in value.values():
                _collect(item, lang, out, named=named, prose=prose)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _collect(item, lang, out, named=named, prose=prose)
    elif named and value is not None and not isinstance(value, bool):
        out.add(str(value))
    elif isinstance(value, str):
        prose.add(value)
