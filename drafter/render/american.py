"""American English from the British templates and data: one source of English, two spellings.

The English templates, the law data and the vendor catalog are written in British English.
A policy in American English (``english: en-US``) gets the same text, converted:

- the templates when they are compiled (:class:`AmericanSpelling`, a Jinja extension of
  the en-US environment): the literal text and the string literals, never Jinja syntax,
  a variable, a filter, a dict key or a code such as ``"pseudonymisation"``;
- the law data and the vendor catalog when the context is built (:func:`american_data`,
  which :func:`drafter.render.policy.policy_context` has every ``Bilingual`` text read
  through, by :func:`drafter.model.types.english_data`): a proper name ("National Cyber
  Security Centre") keeps its spelling.

Both change the words of :data:`WORDS` ("organisation" -> "organization", keeping the
case: "Organisation" -> "Organization") and write dates the American way ("6 January
1978" -> "January 6, 1978"). The profile's own text is the author's and is never changed;
the language gate checks it with the en_US dictionary instead.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from functools import cache, lru_cache
from pathlib import Path

from jinja2.ext import Extension
from jinja2.lexer import Token, TokenStream

# Verbs in -ise and their family: British stem + "is" + ending -> stem + "iz" + ending.
_ISE_STEMS = (
    "anonym",
    "apolog",
    "author",
    "capital",
    "categor",
    "central",
    "character",
    "critic",
    "custom",
    "digit",
    "emphas",
    "final",
    "global",
    "harmon",
    "initial",
    "legal",
    "local",
    "maxim",
    "memor",
    "minim",
    "mobil",
    "modern",
    "monet",
    "normal",
    "optim",
    "organ",
    "personal",
    "priorit",
    "pseudonym",
    "public",
    "real",
    "recogn",
    "special",
    "standard",
    "summar",
    "synchron",
    "util",
)
_ISE_ENDINGS = ("e", "ed", "es", "ing", "er", "ers", "able", "ation", "ations", "ational", "ationally")
# -our -> -or, with the endings each word takes.
_OUR_STEMS = {
    "behavi": ("", "s", "al", "ally"),
    "col": ("", "s", "ed", "ful", "ing"),
    "endeav": ("", "s", "ed", "ing"),
    "fav": ("", "s", "ed", "ing", "able", "ably", "ite", "ites"),
    "flav": ("", "s", "ed", "ing"),
    "harb": ("", "s", "ed", "ing"),
    "hon": ("", "s", "ed", "ing", "able", "ably"),
    "hum": ("", "s"),
    "arm": ("", "s", "ed"),
    "od": ("", "s"),
    "rig": ("", "s"),
    "vap": ("", "s"),
    "lab": ("", "s", "ed", "ing"),
    "neighb": ("", "s", "ing", "hood", "hoods"),
    "rum": ("", "s", "ed"),
    "savi": ("", "s"),
}
# -tre -> -ter.
_TRE_STEMS = ("cen", "fib", "lit", "met", "kilomet", "theat", "calib", "spec", "lus")
_TRE_ENDINGS = {"tre": "ter", "tres": "ters", "tred": "tered", "tring": "tering"}
# Everything else, word by word. Not here: words whose British form is also American
# ("adviser", "dialogue", "postcode"), or that would change meaning ("analyses" is also the
# plural of "analysis"; "practise" is mapped, "practice" is both).
_OTHERS = {
    "acknowledgement": "acknowledgment",
    "acknowledgements": "acknowledgments",
    "ageing": "aging",
    "analogue": "analog",
    "analyse": "analyze",
    "analysed": "analyzed",
    "analyser": "analyzer",
    "analysers": "analyzers",
    "analysing": "analyzing",
    "artefact": "artifact",
    "artefacts": "artifacts",
    "cancelled": "canceled",
    "cancelling": "canceling",
    "catalogue": "catalog",
    "catalogued": "cataloged",
    "catalogues": "catalogs",
    "cataloguing": "cataloging",
    "cheque": "check",
    "cheques": "checks",
    "counselling": "counseling",
    "counsellor": "counselor",
    "counsellors": "counselors",
    "defence": "defense",
    "defences": "defenses",
    "enquire": "inquire",
    "enquired": "inquired",
    "enquires": "inquires",
    "enquiries": "inquiries",
    "enquiring": "inquiring",
    "enquiry": "inquiry",
    "enrol": "enroll",
    "enrolment": "enrollment",
    "enrolments": "enrollments",
    "enrols": "enrolls",
    "fulfil": "fulfill",
    "fulfilment": "fulfillment",
    "fulfils": "fulfills",
    "grey": "gray",
    "instalment": "installment",
    "instalments": "installments",
    "judgement": "judgment",
    "judgements": "judgments",
    "labelled": "labeled",
    "labelling": "labeling",
    "licence": "license",
    "licences": "licenses",
    "manoeuvre": "maneuver",
    "manoeuvres": "maneuvers",
    "modelled": "modeled",
    "modelling": "modeling",
    "offence": "offense",
    "offences": "offenses",
    "paralyse": "paralyze",
    "paralysed": "paralyzed",
    "per cent": "percent",
    "practise": "practice",
    "practised": "practiced",
    "practises": "practices",
    "practising": "practicing",
    "pretence": "pretense",
    "programme": "program",
    "programmes": "programs",
    "sceptical": "skeptical",
    "signalled": "signaled",
    "signalling": "signaling",
    "skilful": "skillful",
    "travelled": "traveled",
    "traveller": "traveler",
    "travellers": "travelers",
    "travelling": "traveling",
    "wilful": "willful",
    "wilfully": "willfully",
}


def _build() -> dict[str, str]:
    words = {f"{s}is{e}": f"{s}iz{e}" for s in _ISE_STEMS for e in _ISE_ENDINGS}
    words.update({f"{s}our{e}": f"{s}or{e}" for s, ends in _OUR_STEMS.items() for e in ends})
    words.update({s + gb: s + us for s in _TRE_STEMS for gb, us in _TRE_ENDINGS.items()})
    words.update(_OTHERS)
    return {gb: us for gb, us in words.items() if gb != us}


WORDS: dict[str, str] = _build()
"""British -> American, in lower case; a key may be two words ("per cent")."""


@cache
def _word() -> re.Pattern[str]:
    """Any word of :data:`WORDS` (compiled on first use: about 10 ms, and only en-US needs it)."""
    return re.compile(
        r"(?<!\w)(?:"
        + "|".join(re.escape(w).replace("\\ ", "[ \u00a0]") for w in sorted(WORDS, key=len, reverse=True))
        + r")(?!\w)",
        re.IGNORECASE,
    )


_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
# "6 January 1978", not "16 January" without a year; a no-break space counts.
_DATE = re.compile(rf"\b(\d{{1,2}})([ \u00a0])({_MONTHS})\2(\d{{4}})\b")
# The sentence goes on after the date ("of 30 July 2018 on ..."): the year takes a comma.
_GOES_ON = re.compile(r"[ \u00a0]+[^\W\d_]")
# URLs and e-mail addresses are left as they are.
_URL = re.compile(r"(?:https?://|www\.)[^\s<>()\]]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SENTENCE_START = re.compile(r"(?:^|[.!?:]\s+|[\n\r]\s*|^\W+)$")

FINGERPRINT = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]
"""Changes with this module (its map, its rules): en-US templates compiled by another are not reused."""


def _in_case(british: str, american: str) -> str:
    if british.isupper() and len(british) > 1:
        return american.upper()
    if british[0].isupper():
        return american[0].upper() + american[1:]
    return american


def _dates(text: str) -> str:
    def us(m: re.Match[str]) -> str:
        day, space, month, year = m.groups()
        rest = text[m.end() :]
        comma = "," if _GOES_ON.match(rest) else ""
        return f"{month}{space}{day},{space}{year}{comma}"

    return _DATE.sub(us, text)


def _convert(text: str, *, names: bool) -> str:
    def word(m: re.Match[str]) -> str:
        found = m.group(0)
        american = WORDS.get(found.lower().replace("\u00a0", " "))
        if american is None:
            return found
        if names and found[0].isupper() and not _SENTENCE_START.search(m.string[: m.start()]):
            return found  # "the National Cyber Security Centre": a name keeps its spelling
        return _in_case(found, american)

    out = []
    at = 0
    for url in _URL.finditer(text):
        out.append(_word().sub(word, text[at : url.start()]))
        out.append(url.group(0))
        at = url.end()
    out.append(_word().sub(word, text[at:]))
    return _dates("".join(out))


def american(text: str) -> str:
    """Template text in American spelling and date order (every word, capitalised or not)."""
    if not _word().search(text) and not _DATE.search(text):
        return text
    return _convert(text, names=False)


@lru_cache(maxsize=16384)  # law and catalog texts recur in every en-US policy of a batch
def american_data(text: str) -> str:
    """A law or catalog text in American spelling and date order. A capitalised word inside
    the text is part of a name ("Data Centre Alliance") and is left alone; one that starts a
    sentence is converted."""
    if not _word().search(text) and not _DATE.search(text):
        return text
    return _convert(text, names=True)


# A string literal that looks like a code ("pseudonymisation", "not_honoured", "opt-out")
# is compared with the profile's codes or used as a key: it is never converted.
_CODE = re.compile(r"[a-z0-9_.-]*")
_COMPARISONS = frozenset({"eq", "ne"})
_KEYWORDS = frozenset({"in", "and", "or", "not", "if", "else", "is"})  # "in [...]" is a list, not a subscript


def _is_code(tokens: list[Token], i: int) -> bool:
    """Whether the string literal ``tokens[i]`` is a key or code rather than text to print."""
    value = tokens[i].value
    if _CODE.fullmatch(value):
        return True
    before = tokens[i - 1] if i > 0 else None
    after = tokens[i + 1] if i + 1 < len(tokens) else None
    if after is not None and after.type == "colon":  # a dict key: {"Organisation": ...}
        return True
    if before is not None and before.type == "lbracket" and i > 1:  # a subscript: X["Organisation"]
        indexed = tokens[i - 2]
        if indexed.type in {"rparen", "rbracket", "string", "rbrace"} or (
            indexed.type == "name" and indexed.value not in _KEYWORDS
        ):
            return True
    for near in (before, after):
        if near is not None and (near.type in _COMPARISONS or (near.type == "name" and near.value == "in")):
            return True
    return False


def text_tokens(tokens: list[Token]) -> Iterator[int]:
    """The positions of the tokens that are English text: template data (the literal text)
    and string literals, but not a dict key, a subscript, a compared value or a code."""
    for i, token in enumerate(tokens):
        if token.type == "data" or (token.type == "string" and not _is_code(tokens, i)):
            yield i


class AmericanSpelling(Extension):
    """Compiles the British English templates into American English.

    It rewrites the lexer's tokens, not the template's source: only the tokens of
    :func:`text_tokens` change, so Jinja syntax, variable names, filters, tests, comments,
    dict keys and codes cannot be touched. The compiled code differs from the British
    one, so :mod:`drafter.render.cache` keys it by :data:`FINGERPRINT` too.
    """

    identifier = "drafter.american"
    fingerprint = FINGERPRINT

    def filter_stream(self, stream: TokenStream) -> Iterator[Token]:
        tokens = list(stream)
        for i in text_tokens(tokens):
            token = tokens[i]
            converted = american(token.value)
            if converted != token.value:
                tokens[i] = Token(token.lineno, token.type, converted)
        return iter(tokens)
