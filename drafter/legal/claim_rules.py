"""Rules on what the profile's own prose claims, read against the facts it declares.

A note is free text, so drafter cannot word it; but a note that gives a vendor purposes
of its own while the facts make it our processor turns the policy against itself
("a contract binds it to use the data only on our instructions" and, one sentence on,
"it reserves the right to use your data to improve its services").
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from drafter.legal.facts import Facts
from drafter.legal.rules import Hit, rule

# What a processor cannot do (Art. 28(3)(a) and 28(10) GDPR): use the data for itself.
# A reserved right or an improvement of its own services is a claim wherever it stands;
# "its own purposes" is one unless its sentence denies it ("never ... for its own purposes").
_CLAIM = {
    "en": re.compile(
        r"reserves? the right to (?:use|share)|to improve (?:its|their) (?:own )?(?:services?|products?)",
        re.IGNORECASE,
    ),
    "fr": re.compile(
        r"se réserve (?:toutefois |aussi |également )?le droit d[e']"
        r"|pour améliorer (?:ses|son|leurs?) (?:propres? )?services?",
        re.IGNORECASE,
    ),
}
_OWN = {
    "en": re.compile(r"for (?:its|their) own (?:purposes|ends)", re.IGNORECASE),
    "fr": re.compile(r"à (?:ses|leurs) propres fins", re.IGNORECASE),
}
_DENIED = {
    "en": re.compile(r"\b(?:not|never|no)\b", re.IGNORECASE),
    "fr": re.compile(r"\b(?:ne|n'|n’|jamais|aucune?)", re.IGNORECASE),
}
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def own_use_claim(text: str, lang: str) -> str | None:
    """The words of ``text`` that give the recipient a use of the data for itself, if any."""
    for sentence in _SENTENCE.split(text):
        if m := _CLAIM[lang].search(sentence):
            return m.group(0)
        m = _OWN[lang].search(sentence)
        if m and not _DENIED[lang].search(sentence[: m.start()]):
            return m.group(0)
    return None


@rule(
    "note-contradicts-role",
    "error",
    "review",
    "if the vendor does use the data for itself, set override: {own_purposes: true, "
    "own_purposes_detail: ...} so the policy names it a separate controller for that part; "
    "then take the claim out of the note",
)
def note_contradicts_role(f: Facts, today: dt.date) -> Iterator[Hit]:
    """A processor's note does not give it a use of the data for itself (Art. 28 GDPR)."""
    for r in f.recipients:
        if r.role != "processor" or r.use is None or r.use.note is None:
            continue
        note = r.use.note
        texts = note.items() if isinstance(note, dict) else [("en", note), ("fr", note)]
        for lang, text in texts:
            claim = own_use_claim(str(text), lang)
            if claim:
                yield Hit(
                    (*r.location, "note", lang) if isinstance(note, dict) else (*r.location, "note"),
                    f"the note says {r.vendor.name} uses the data for itself (“{claim}”), "
                    "but the policy words it as our processor, bound to our instructions",
                )
                break
