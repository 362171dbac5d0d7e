"""Style rules for what hurts readability: long sentences, needless passives, doubled words, "etc."."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

MAX_SENTENCE_WORDS = 35

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z«\"(ÀÂÉÈÊÎÔÛ])")
_WORD = re.compile(r"[\w'’-]+")
_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
# French doubles a pronoun in reflexive verbs: "vous vous opposez", "nous nous engageons".
_FR_DOUBLE_OK = frozenset({"nous", "vous"})
_ETC = re.compile(r"\b(etc\.?|and so on|and so forth|et cætera|et cetera)", re.IGNORECASE)

# A passive: a form of "be" then a past participle, maybe with one adverb between.
_IRREGULAR = (
    "made|kept|given|taken|sent|held|shown|built|done|seen|told|sold|paid|put|run|found|"
    "written|chosen|broken|stolen|hidden|known|read|left|lost|met|brought|bought|meant"
)
_PASSIVE = re.compile(
    rf"\b(?:is|are|was|were|be|been|being)\s+(?:\w+ly\s+)?(\w+ed|{_IRREGULAR})\b(?P<rest>[^.;:]*)",
    re.IGNORECASE,
)
# Participles that describe a state rather than an action we take: "is based in",
# "are required by law", "is located in". Rewriting them with "we" would be wrong.
STATIVE = frozenset(
    {
        "based",
        "required",
        "located",
        "established",
        "certified",
        "entitled",
        "allowed",
        "permitted",
        "obliged",
        "concerned",
        "known",
        "called",
        "named",
        "registered",
        "incorporated",
        "listed",
        "designed",
        "intended",
        "interested",
        "involved",
        "related",
        "linked",
        "limited",
        "needed",
        "authorised",
        "authorized",
        "covered",
        "affected",
        "qualified",
        "considered",
        "directed",
        "aimed",
        "addressed",
        "subject",
        "bound",
    }
)


@dataclass(frozen=True)
class StyleIssue:
    rule: str
    message: str
    start: int
    end: int


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """(offset, sentence) pairs of ``text``."""
    start = 0
    for m in _SENTENCE_END.finditer(text):
        yield start, text[start : m.start()]
        start = m.end()
    if text[start:].strip():
        yield start, text[start:]


def style_issues(
    text: str, lang: str, prose: str | None = None, collapsed: str | None = None
) -> Iterator[StyleIssue]:
    """Style issues in ``text``.

    ``prose`` is the same text with names blanked out, ``collapsed`` with each name
    reduced to one word: a company's name and address count as one word in a sentence.
    """
    prose = text if prose is None else prose
    for offset, sentence in sentences(text if collapsed is None else collapsed):
        count = len(_WORD.findall(sentence))
        if count > MAX_SENTENCE_WORDS:
            yield StyleIssue(
                "long-sentence",
                f"sentence of {count} words (at most {MAX_SENTENCE_WORDS}); split it",
                offset,
                offset + len(sentence),
            )
    for m in _DOUBLED.finditer(prose):
        if lang == "fr" and m.group(1).lower() in _FR_DOUBLE_OK:
            continue
        if m.group(1).isdigit():
            continue
        yield StyleIssue("doubled-word", f"doubled word {m.group(1)!r}", m.start(), m.end())
    for m in _ETC.finditer(prose):
        yield StyleIssue("etc", "an open list ('etc.'): name what is included", m.start(), m.end())
    if lang == "en":
        for m in _PASSIVE.finditer(prose):
            participle = m.group(1).lower()
            if participle in STATIVE or re.match(r"\s*by\s+(?!us\b)", m.group("rest")):
                continue  # a state, or an action someone else takes ("collected by Stripe")
            yield StyleIssue(
                "passive",
                f"passive {m.group(0)[: m.start('rest') - m.start()].strip()!r}: say who acts ('we ...')",
                m.start(),
                m.start("rest"),
            )
