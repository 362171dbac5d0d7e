"""Localisation filters for templates, backed by Babel: dates, lists, countries, durations.

Each takes the language record it writes for (or a language code, for its default
variant). Filters that build text from texts keep an input marked as Markdown marked,
so the Markdown written at output escapes each piece exactly once; ``listing`` escapes
each item itself, so an item that starts with a marker stays inert wherever it lands.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.units import format_unit

from drafter.model.types import Duration
from drafter.render.language import (
    NBSP,
    NNBSP,
    RECORDS,
    LanguageRecord,
    cite,
    french_typography,
    language_record,
)
from drafter.render.markdown import Markdown, as_markdown
from drafter.render.transfer_lines import by_safeguard

__all__ = ["NBSP", "NNBSP", "french_typography"]

Lang = LanguageRecord | str


def _rec(lang: Lang) -> LanguageRecord:
    return lang if isinstance(lang, LanguageRecord) else language_record(lang)  # type: ignore[arg-type]


@cache
def _locale(name: str) -> Locale:
    return Locale.parse(name)


def long_date(value: dt.date, lang: Lang) -> str:
    """'15 May 2024' (en-GB), 'May 15, 2024' (en-US), '15 mai 2024'; French writes '1er'."""
    rec = _rec(lang)
    text = format_date(value, "long", locale=_locale(rec.locale))
    if rec.first_of_month and value.day == 1:
        text = re.sub(r"^1 ", f"{rec.first_of_month} ", text)
    return text.replace(" ", NBSP, 1) if rec.spaced_units else text


def join_list(items: list[str], lang: Lang, style: Any = "standard") -> str:
    """'A, B and C' (en-GB), 'A, B, and C' (en-US), 'A, B et C'; style 'or' for alternatives.

    If any item is Markdown, every item is made Markdown and so is the result.
    """
    items = [x for x in items if x]
    if not items:
        raise ValueError("join_list of an empty list: the template must test for it first")
    if any(isinstance(x, Markdown) for x in items):
        return Markdown(_joined(tuple(as_markdown(x) for x in items), _rec(lang).locale, style))
    return _joined(tuple(items), _rec(lang).locale, style)


@lru_cache(maxsize=4096)
def _joined(items: tuple[str, ...], locale: str, style: Any) -> str:
    """Babel looks its patterns up on every call; policies join the same lists again and again."""
    return format_list(list(items), style=style, locale=_locale(locale))


def country_name(code: str, lang: Lang) -> str:
    return str(_locale(_rec(lang).locale).territories.get(code, code))


def _folded(text: str) -> str:
    """Case and accents folded, to compare names: 'ÉTATS-UNIS' reads as 'etats-unis'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _country_endings(code: str) -> frozenset[str]:
    """A country's names in every policy language, and its code, folded: the ways an
    address written by hand (or in the catalog) may already end with it."""
    return frozenset(_folded(n) for n in (code, *(country_name(code, rec) for rec in RECORDS.values())))


def ends_with_country(text: str, code: str) -> bool:
    """Whether the last part of ``text`` (after its last comma) is the country ``code``
    names, in any policy language or as the code itself: "..., D04 X2K5, Ireland" or
    "..., IE" for IE. A city named as its country ("L-2449 Luxembourg") is not the country."""
    last = _folded(text).rsplit(",", 1)[-1].strip(" .")
    return last in _country_endings(code)


def postal_parts(parts: Sequence[str], code: str, lang: Lang) -> list[str]:
    """An address's parts, its country last: named in the policy's language, unless the
    last part already ends with it (in either language, or as its code), so that the
    country is never printed twice ("Ireland, Irlande")."""
    pieces = [x for x in parts if x]
    if not (pieces and ends_with_country(str(pieces[-1]), code)):
        pieces.append(country_name(code, lang))
    return pieces


def postal(parts: Sequence[str], code: str, lang: Lang) -> str:
    """An address on one line, its country last (see :func:`postal_parts`)."""
    return ", ".join(postal_parts(parts, code, lang))


def duration(value: Duration, lang: Lang) -> str:
    """'3 years' / '3 ans'; raises on a session duration, which templates word themselves."""
    if value.unit == "session":
        raise ValueError("a session duration has no length; test `d.unit == 'session'` in the template")
    rec = _rec(lang)
    return _duration_text(value.amount, value.unit, rec.locale, rec.spaced_units)


@lru_cache(maxsize=1024)
def _duration_text(amount: int, unit: str, locale: str, spaced: bool) -> str:
    text = format_unit(amount, f"duration-{unit}", length="long", locale=_locale(locale))
    return text.replace(" ", NBSP) if spaced else text


# Brand names starting with H are treated as aspirated: « de HubSpot », « de Hotjar ».
_VOWEL = re.compile(r"^[aeiouyâàéèêëîïôöûüœAEIOUYÂÀÉÈÊËÎÏÔÖÛÜŒ]")


def _same_kind(text: str, result: str) -> str:
    return Markdown(result) if isinstance(text, Markdown) else result


def fr_de(name: str) -> str:
    """French 'de' with elision: « d'Intercom », « de Stripe »."""
    return _same_kind(name, f"d'{name}" if _VOWEL.match(name) else f"de {name}")


def fr_que(name: str) -> str:
    return _same_kind(name, f"qu'{name}" if _VOWEL.match(name) else f"que {name}")


def fr_le(name: str) -> str:
    return _same_kind(name, f"l'{name}" if _VOWEL.match(name) else f"le {name}")


def capfirst(text: str) -> str:
    return _same_kind(text, text[:1].upper() + text[1:])


def each(items: list[str], word: str) -> list[str]:
    """Each item after ``word``, for lists whose items need their own preposition:
    "to A and to B", « pour A et pour B »."""
    return [Markdown(f"{word} {as_markdown(x)}") for x in items]  # each text escaped on its own


_FIRST_WORD = re.compile(r"[^\W\d_]+(?:['’](?=\w))?")
# The words that may start a text printed after a colon and are never names: the closed
# classes (articles, pronouns, prepositions, conjunctions, quantifiers) of each language.
# Any other capitalised word may be a name ("Apple", "Google"), so it keeps its capital.
_COMMON_STARTS = frozenset(
    [
        "a",
        "an",
        "the",
        "as",
        "at",
        "after",
        "all",
        "any",
        "before",
        "by",
        "during",
        "each",
        "every",
        "for",
        "from",
        "if",
        "in",
        "into",
        "it",
        "its",
        "no",
        "none",
        "on",
        "once",
        "only",
        "our",
        "since",
        "so",
        "some",
        "that",
        "their",
        "these",
        "they",
        "this",
        "those",
        "through",
        "to",
        "unless",
        "until",
        "up",
        "we",
        "when",
        "where",
        "whether",
        "which",
        "while",
        "with",
        "within",
        "without",
        "you",
        "your",
        "also",
        "both",
        "either",
        "more",
        "less",
        "then",
        "there",
        "how",
        "what",
        "au",
        "aux",
        "avec",
        "ce",
        "ces",
        "cet",
        "cette",
        "chaque",
        "dans",
        "de",
        "des",
        "dès",
        "du",
        "elle",
        "elles",
        "en",
        "et",
        "il",
        "ils",
        "jusqu'",
        "jusqu’",
        "l'",
        "l’",
        "la",
        "le",
        "les",
        "leur",
        "leurs",
        "lorsque",
        "lorsqu'",
        "lorsqu’",
        "nos",
        "notre",
        "nous",
        "par",
        "pendant",
        "pour",
        "quand",
        "sans",
        "si",
        "sur",
        "tant",
        "tous",
        "tout",
        "toute",
        "toutes",
        "un",
        "une",
        "vos",
        "votre",
        "vous",
        "d'",
        "d’",
        "à",
        "après",
        "avant",
        "aussi",
        "autant",
        "afin",
        "depuis",
        "durant",
        "ensuite",
        "plus",
        "moins",
        "puis",
        "selon",
        "sauf",
        "tel",
        "telle",
    ]
)
# With ``verbs``, for a text the style makes a verb phrase (an interest: "our interest in
# keeping ...", « notre intérêt à assurer ... »): English gerunds and French infinitives.
_VERB_FORM = {"en": re.compile(r"^[a-z]{3,}ing$"), "fr": re.compile(r"^[a-zéèêâîôû]{2,}(?:er|ir|re)$")}


def after_colon(text: str, lang: str = "en", verbs: bool = False) -> str:
    """Profile text printed after a colon (or inside a sentence) starts in lower case, in
    both languages (see docs/style.md), when its first word is a common word; a name
    keeps its capital."""
    m = _FIRST_WORD.match(text)
    if not m or not text[:1].isupper():
        return text
    word = m.group(0).lower()
    if word not in _COMMON_STARTS and not (verbs and _VERB_FORM[lang].match(word)):
        return text
    return _same_kind(text, text[:1].lower() + text[1:])


_VARIABLE_PART = re.compile(r"<[^<>\s]+>")


def cookie_name(name: str) -> str:
    """A cookie's name as readers see it: the catalog's variable parts ("_ga_<container-id>")
    become "*", which the cookie table explains."""
    return _VARIABLE_PART.sub("*", name)


def _postal_markdown(parts: Sequence[str], code: str, rec: LanguageRecord) -> Markdown:
    """The ``postal`` filter: each part escaped on its own, as when the template joined them."""
    return Markdown(", ".join(as_markdown(x) for x in postal_parts(parts, code, rec)))


def filters_for(rec: LanguageRecord) -> dict[str, Callable[..., Any]]:
    return {
        "date": lambda v: long_date(v, rec),
        "listing": lambda items, style="standard": join_list([as_markdown(x) for x in items], rec, style),
        "country": lambda code: country_name(code, rec),
        "countries": lambda codes: join_list([country_name(c, rec) for c in codes], rec),
        "postal": lambda parts, code: _postal_markdown(parts, code, rec),
        "duration": lambda v: duration(v, rec),
        # A name after « de » is escaped as a name of its own, wherever the phrase lands.
        "de": lambda name: fr_de(as_markdown(name)),
        "que": lambda name: fr_que(as_markdown(name)),
        "le": lambda name: fr_le(as_markdown(name)),
        "capfirst": capfirst,
        "cite": lambda text, cited: cite(text, cited, rec),
        "extract_from": lambda key, table: table[key],
        "each": each,
        "cookie_name": cookie_name,
        "by_safeguard": by_safeguard,
        "after_colon": lambda text, verbs=False: after_colon(text, rec.lang, verbs),
    }
