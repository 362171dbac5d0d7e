"""Localisation filters for templates, backed by Babel: dates, lists, countries, durations."""

from __future__ import annotations

import datetime as dt
import re
from functools import cache, lru_cache
from typing import Any

from babel import Locale
from babel.dates import format_date
from babel.lists import format_list
from babel.units import format_unit

from drafter.model.types import Duration

LOCALES = {"en": "en_US", "fr": "fr_FR"}
NBSP = "\u00a0"
NNBSP = "\u202f"


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(LOCALES[lang])


def long_date(value: dt.date, lang: str) -> str:
    """'May 15, 2024' / '15 mai 2024'; French writes the first of the month '1er'."""
    text = format_date(value, "long", locale=_locale(lang))
    if lang == "fr" and value.day == 1:
        text = re.sub(r"^1 ", "1er ", text)
    return text.replace(" ", NBSP, 1) if lang == "fr" else text


def join_list(items: list[str], lang: str, style: Any = "standard") -> str:
    """'A, B, and C' / 'A, B et C'; style 'or' for alternatives."""
    items = [x for x in items if x]
    if not items:
        raise ValueError("join_list of an empty list: the template must test for it first")
    return _joined(tuple(items), lang, style)


@lru_cache(maxsize=4096)
def _joined(items: tuple[str, ...], lang: str, style: Any) -> str:
    """Babel looks its patterns up on every call; policies join the same lists again and again."""
    return format_list(list(items), style=style, locale=_locale(lang))


def country_name(code: str, lang: str) -> str:
    return str(_locale(lang).territories.get(code, code))


def duration(value: Duration, lang: str) -> str:
    """'3 years' / '3 ans'; raises on a session duration, which templates word themselves."""
    if value.unit == "session":
        raise ValueError("a session duration has no length; test `d.unit == 'session'` in the template")
    return _duration_text(value.amount, value.unit, lang)


@lru_cache(maxsize=1024)
def _duration_text(amount: int, unit: str, lang: str) -> str:
    text = format_unit(amount, f"duration-{unit}", length="long", locale=_locale(lang))
    return text.replace(" ", NBSP) if lang == "fr" else text


# Brand names starting with H are treated as aspirated: « de HubSpot », « de Hotjar ».
_VOWEL = re.compile(r"^[aeiouyâàéèêëîïôöûüœAEIOUYÂÀÉÈÊËÎÏÔÖÛÜŒ]")


def fr_de(name: str) -> str:
    """French 'de' with elision: « d'Intercom », « de Stripe »."""
    return f"d'{name}" if _VOWEL.match(name) else f"de {name}"


def fr_que(name: str) -> str:
    return f"qu'{name}" if _VOWEL.match(name) else f"que {name}"


def fr_le(name: str) -> str:
    return f"l'{name}" if _VOWEL.match(name) else f"le {name}"


_FR_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]*(?<![:/]):(?!//)(?=\s|$)")
_FR_BEFORE_HIGH = re.compile(r"(?<=\S)[ \u00a0\u202f]*([;?!])(?=\s|$)")
_FR_GUILLEMETS_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_FR_GUILLEMETS_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
_FR_NUMBERED = re.compile(r"\b(n°|N°|art\.) (?=\d)")
_FR_PUNCTUATION = re.compile(r"[:;?!«»]|n°|N°|art\.")


def french_typography(text: str) -> str:
    """French spacing in profile text: no-break space before ':' and inside « », narrow before ; ? !

    URLs (``https://``) and times (``10:30``) are left alone: only a colon followed by a space
    or the end of the text is treated as punctuation.
    """
    if not _FR_PUNCTUATION.search(text):
        return text
    text = _FR_BEFORE_COLON.sub(NBSP + ":", text)
    text = _FR_BEFORE_HIGH.sub(NNBSP + r"\1", text)
    text = _FR_GUILLEMETS_OPEN.sub("«" + NBSP, text)
    text = _FR_GUILLEMETS_CLOSE.sub(NBSP + "»", text)
    return _FR_NUMBERED.sub(lambda m: m.group(1) + NBSP, text)


def capfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def filters_for(lang: str) -> dict[str, Any]:
    return {
        "date": lambda v: long_date(v, lang),
        "listing": lambda items, style="standard": join_list(list(items), lang, style),
        "country": lambda code: country_name(code, lang),
        "countries": lambda codes: join_list([country_name(c, lang) for c in codes], lang),
        "duration": lambda v: duration(v, lang),
        "de": fr_de,
        "que": fr_que,
        "le": fr_le,
        "capfirst": capfirst,
        "extract_from": lambda key, table: table[key],
    }
