"""Rules on special categories of data (Art. 9 GDPR) that founders may not name as such.

Each use of a special category needs an Art. 9(2) condition; and a data category whose
label or examples read like special-category data, but that the profile does not mark
``special`` (so that no condition is asked for), is reported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator

from drafter.legal.facts import Facts
from drafter.legal.rules import Hit, rule

# Words (stems) that betray a special category, in English and French. A stem matches at
# the start of a word. Chosen to avoid ordinary words: no bare "politique" (a privacy
# "politique"), no bare "belief" or "condition".
_SIGNS: dict[str, tuple[str, ...]] = {
    "health": (
        "health",
        "medical",
        "injur",
        "illness",
        "disabilit",
        "pregnan",
        "diagnos",
        "allerg",
        "medication",
        "symptom",
        "santé",
        "médical",
        "médicale",
        "blessure",
        "maladie",
        "handicap",
        "grossesse",
        "diagnostic",
        "allergie",
        "médicament",
        "symptôme",
    ),
    "religious_beliefs": ("religio", "religieu", "confession religieuse", "croyance"),
    "trade_union": ("trade union", "trade-union", "union membership", "syndical", "syndicat"),
    "political_opinions": ("political", "opinions politiques", "opinion politique"),
    "racial_or_ethnic_origin": ("ethnic", "racial", "ethnique", "raciale"),
    "sex_life": ("sexual orientation", "sex life", "orientation sexuelle", "vie sexuelle"),
    "biometric": (
        "biometric",
        "fingerprint",
        "face recognition",
        "facial recognition",
        "biométri",
        "empreinte digitale",
        "empreintes digitales",
        "reconnaissance faciale",
    ),
    "genetic": ("genetic", "dna", "génétique", "adn"),
}


def _starting_a_word(stems: Iterable[str]) -> str:
    return r"(?<!\w)(?:" + "|".join(map(re.escape, stems)) + r")"


_PATTERNS = {kind: re.compile(_starting_a_word(stems), re.IGNORECASE) for kind, stems in _SIGNS.items()}
# Any sign of any kind, searched in lower case: most data reads like none, and one search
# without IGNORECASE tells, three times faster. The kinds are then tried in order as
# before, so the warning is the same. Lower-casing is IGNORECASE's folding but for two
# letters it also equates with i and s (dotless i, long s): they are mapped first.
_ANY_SIGN = re.compile(_starting_a_word(s for stems in _SIGNS.values() for s in stems))
_FOLD = str.maketrans({"\u0131": "i", "\u017f": "s"})


def _may_sign(texts: list[str]) -> bool:
    return _ANY_SIGN.search("\n".join(texts).lower().translate(_FOLD)) is not None


def _texts(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


@rule("special-category-condition", "error", "law")
def special_category_condition(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 9(1)-(2): special categories (health, beliefs, biometrics...) may be processed only
    under an Art. 9(2) condition, on top of the Art. 6 basis, and the policy states it."""
    for x in f.purposes:
        if x.special and x.special_condition is None:
            kinds = ", ".join(s.replace("_", " ") for s in x.special)
            yield Hit(
                ("purposes", x.index, "special_condition"),
                f"this purpose uses special-category data ({kinds}); an Art. 6 basis alone does not allow it",
                "name the Art. 9(2) condition, e.g. special_condition: explicit_consent",
            )


@rule("special-category-unmarked", "warning", "law")
def special_category_unmarked(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 9(1): data that reads like a special category (health, beliefs, biometrics...)
    is marked so, and then processed only under an Art. 9(2) condition."""
    for i, d in enumerate(f.profile.data):
        if d.special is not None or d.role == "processor":
            continue
        texts = _texts(d.label) + _texts(d.examples)
        if not _may_sign(texts):
            continue
        for kind, pattern in _PATTERNS.items():
            found = next((m.group(0) for t in texts if (m := pattern.search(t))), None)
            if found:
                yield Hit(
                    ("data", i, "label"),
                    f"{d.id!r} reads like {kind.replace('_', ' ')} data ({found!r}), a special category "
                    "(Art. 9 GDPR), but is not marked so",
                    f"add 'special: {kind}' and name each purpose's Art. 9(2) condition, or reword it",
                )
                break
