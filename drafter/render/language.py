"""One record per language variant: locale, date and list style, typography, punctuation.

Templates live in one folder per language (``en``, ``fr``); a variant chooses how that
language's dates and lists are written. English is British by default ("15 January
2026", "A, B and C", "organisation"), the spelling the templates are written in; a
profile for a US audience may choose ``english: en-US`` ("January 15, 2026", "A, B,
and C", "organization"): its templates, law data and catalog texts are converted to
American spelling (:mod:`drafter.render.american`), and the language gate checks the
policy with the en_US dictionary. The profile's own text is never converted.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from drafter.model.types import LANGS, Lang

NBSP = "\u00a0"
NNBSP = "\u202f"


@dataclass(frozen=True)
class LanguageRecord:
    lang: Lang  # the templates folder
    tag: str  # BCP 47, for HTML lang, Word and the manifest
    locale: str  # Babel locale: dates, lists, country names, durations
    name: str  # the language's own name
    colon: str  # a label's colon and the space after it
    semicolon: str  # between items of a run-in list
    quotes: tuple[str, str]
    contents: str  # the HTML table of contents' heading
    typography: Callable[[str], str]  # applied to the profile's prose
    gdpr_short: str  # how the GDPR is abbreviated in citations
    uk_gdpr_short: str  # and the UK GDPR
    first_of_month: str | None = None  # French writes « 1er janvier »
    spaced_units: bool = False  # a no-break space inside "3 ans", "15 janvier"
    american: bool = False  # American spelling: British templates and data texts converted


def _no_change(text: str) -> str:
    return text


_FR_BEFORE_COLON = re.compile(r"[ \u00a0\u202f]*(?<![:/]):(?!//)(?=\s|$)")
_FR_BEFORE_HIGH = re.compile(r"(?<=\S)[ \u00a0\u202f]*([;?!])(?=\s|$)")
_FR_GUILLEMETS_OPEN = re.compile(r"«[ \u00a0\u202f]*")
_FR_GUILLEMETS_CLOSE = re.compile(r"[ \u00a0\u202f]*»")
_FR_NUMBERED = re.compile(r"\b(n°|N°|art\.) (?=\d)")
# A number and its unit stay on one line: « 7 jours », « 13 mois », « 20 % ».
_FR_UNIT = re.compile(r"(?<=\d) (?=(?:jours?|semaines?|mois|ans|années?|heures?|minutes?|%|€)(?!\w))")
_FR_PUNCTUATION = re.compile(
    r"[:;?!«»]|n°|N°|art\.|\d (?:jours?|semaines?|mois|ans|années?|heures?|minutes?|%|€)"
)


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
    text = _FR_UNIT.sub(NBSP, text)
    return _FR_NUMBERED.sub(lambda m: m.group(1) + NBSP, text)


def _english(tag: str, locale: str, *, american: bool = False) -> LanguageRecord:
    return LanguageRecord(
        "en",
        tag,
        locale,
        "English",
        ": ",
        "; ",
        ("\u201c", "\u201d"),
        "Contents",
        _no_change,
        "GDPR",
        "UK GDPR",
        american=american,
    )


RECORDS: dict[str, LanguageRecord] = {
    "en-GB": _english("en-GB", "en_GB"),
    "en-US": _english("en-US", "en_US", american=True),
    "fr-FR": LanguageRecord(
        "fr",
        "fr-FR",
        "fr_FR",
        "français",
        colon=f"{NBSP}: ",
        semicolon=f"{NNBSP}; ",
        quotes=(f"«{NBSP}", f"{NBSP}»"),
        contents="Sommaire",
        typography=french_typography,
        gdpr_short="RGPD",
        uk_gdpr_short="RGPD britannique",
        first_of_month="1er",
        spaced_units=True,
    ),
}
DEFAULT_VARIANT: dict[Lang, str] = {"en": "en-GB", "fr": "fr-FR"}
VARIANTS: dict[Lang, tuple[str, ...]] = {
    lang: tuple(tag for tag, r in RECORDS.items() if r.lang == lang) for lang in LANGS
}


def cite(text: str, cited: str | None, record: LanguageRecord) -> str:
    """A citation of the GDPR, as the UK GDPR when that is the law the policy cites
    ("Article 6(1)(a) GDPR" -> "Article 6(1)(a) UK GDPR"); a Markdown text stays Markdown."""
    if cited != "uk_gdpr":
        return text
    done = re.sub(
        rf"(?<![\w ]UK )(?<!\w){re.escape(record.gdpr_short)}(?!\w)(?! britannique)",
        record.uk_gdpr_short,
        text,
    )
    return type(text)(done) if type(text) is not str else done


def language_record(lang: Lang, variant: str | None = None) -> LanguageRecord:
    """The record of ``lang``, in ``variant`` (a tag of that language) or its default."""
    record = RECORDS[variant or DEFAULT_VARIANT[lang]]
    if record.lang != lang:
        raise ValueError(f"{variant} is not a variant of {lang}")
    return record
