"""Rules of stage ``input``: a profile that is malformed, whatever the law says.

Ids used twice, references to nothing, texts missing in one of the profile's languages,
vendors the catalog does not know: drafter cannot draft from such a profile.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator
from typing import Any

from drafter.legal.facts import Facts
from drafter.legal.rules import Hit, Loc, rule
from drafter.model.types import LANGS


def suggest(word: str, options: Iterable[str], cutoff: float = 0.6) -> str:
    known = sorted(set(options))
    close = difflib.get_close_matches(word, known, n=1, cutoff=cutoff)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (known: {', '.join(known)})" if 0 < len(known) <= 12 else ""


@rule("unique-id", "error", "input")
def unique_ids(f: Facts, today: dt.date) -> Iterator[Hit]:
    """A data category or a purpose is referred to by its id, so each id names one thing."""
    for what, ids in (
        ("data", [d.id for d in f.profile.data]),
        ("purposes", [x.id for x in f.profile.purposes]),
    ):
        for i, ident in enumerate(ids):
            if ident in ids[:i]:
                yield Hit((what, i, "id"), f"id {ident!r} is used twice")


@rule("known-reference", "error", "input")
def known_references(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Every data category and purpose a profile refers to exists."""
    p = f.profile
    data, purposes = set(f.data), {x.id for x in p.purposes}

    def unknown(loc: Loc, refs: list[str], known: set[str], what: str) -> Iterator[Hit]:
        for ref in refs:
            if ref not in known:
                yield Hit(loc, f"unknown {what} {ref!r}{suggest(ref, known)}")

    for i, pur in enumerate(p.purposes):
        yield from unknown(("purposes", i, "data"), pur.data, data, "data category")
    for i, r in enumerate(p.retention):
        yield from unknown(("retention", i, "data"), r.data, data, "data category")
    for i, use in enumerate(p.processors):
        yield from unknown(("processors", i, "purposes"), use.purposes, purposes, "purpose")
        yield from unknown(("processors", i, "data"), use.data, data, "data category")
    for i, rec in enumerate(p.other_recipients):
        yield from unknown(("other_recipients", i, "data"), rec.data, data, "data category")


@rule("known-vendor", "error", "input")
def known_vendors(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Every vendor is in the catalog (or the profile's custom_vendors), listed once, with a
    valid override, and each vendor cookie can be listed from the catalog or its own facts."""
    for loc, message in f.unresolved:
        yield Hit(loc, message)


@rule("statutory-known", "error", "input")
def statutory_known(f: Facts, today: dt.date) -> Iterator[Hit]:
    """A retention rule cites a statutory period drafter knows for the controller's country."""
    known = {r.id for r in f.country_law.retention} if f.country_law else set()
    options = ", ".join(sorted(known)) or "none"
    for r in f.retention:
        if r.rule.statutory is not None and r.statutory is None:
            yield Hit(
                (*r.location, "statutory"),
                f"no statutory period {r.rule.statutory!r} for {f.country} (known: {options})",
            )
    for i, d in enumerate(f.profile.data):
        if d.statutory is not None and d.statutory not in known:
            yield Hit(
                ("data", i, "statutory"),
                f"no statutory record {d.statutory!r} for {f.country} (known: {options})",
            )


@rule("data-source", "error", "input")
def data_sources(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Data received from others names its source (Art. 14(2)(f)); examples are not empty."""
    for i, d in enumerate(f.profile.data):
        if d.source == "third_party" and d.source_detail is None:
            yield Hit(("data", i, "source_detail"), "data received from others needs its source")
        examples = d.examples.values() if isinstance(d.examples, dict) else [d.examples]
        if any(not x.strip() for texts in examples for x in texts):
            yield Hit(("data", i, "examples"), "an example must not be empty")


@rule(
    "purpose-basis",
    "error",
    "input",
    "give its legal_basis: consent, contract, legal_obligation, vital_interests, public_task "
    "or legitimate_interests",
)
def purpose_basis(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 13(1)(c): under the GDPR or the UK GDPR, every purpose has its Art. 6(1) basis
    (a US-only policy names none)."""
    for x in f.purposes:
        if f.laws.european and x.purpose.legal_basis is None:
            yield Hit(("purposes", x.index, "legal_basis"), "a purpose needs its legal basis under the GDPR")


@rule("retention-covers-data", "error", "input")
def retention_covers_data(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Every category that identifies someone has a retention rule (Art. 13(2)(a))."""
    covered = {d for r in f.profile.retention for d in r.data}
    for i, d in enumerate(f.profile.data):
        if d.id not in covered and not d.anonymous and d.role == "controller":
            yield Hit(
                ("data", i, "id"), f"no retention rule covers {d.id!r}; add it to a rule under 'retention'"
            )


@rule("recipient-described", "error", "input")
def recipients_described(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Each recipient says what it serves, so the policy can say why it receives data."""
    p = f.profile
    for i, use in enumerate(p.processors):
        if not use.purposes and not use.data:
            yield Hit(("processors", i), "say which purposes or data this vendor serves")
    for i, rec in enumerate(p.other_recipients):
        if rec.kind == "other" and rec.description is None:
            yield Hit(("other_recipients", i, "description"), "describe this recipient")
    listed = {u.vendor for u in p.processors}
    for i, c in enumerate(p.cookies):
        if c.vendor is not None and c.vendor not in listed and c.purpose is None:
            yield Hit(
                ("cookies", i, "vendor"),
                f"{c.vendor!r} is not among the processors; list it there or describe the cookie",
            )


@rule("profile-languages", "error", "input")
def profile_languages(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Each language is listed once, the prevailing one is among them, and every prose text
    exists in each of them."""
    p = f.profile
    if len(set(p.languages)) < len(p.languages):
        yield Hit(("languages",), "list each language once")
    if p.authoritative_language is not None and p.authoritative_language not in p.languages:
        yield Hit(("authoritative_language",), "must be one of the profile's languages")
    langs = list(dict.fromkeys(p.languages))
    for loc, text in prose_texts(p.model_dump(exclude_none=True)):
        if isinstance(text, dict):
            missing = [lang for lang in langs if lang not in text]
            if missing:
                yield Hit(loc, f"the {missing[0]} text is missing")
        elif len(langs) > 1:
            wanted = ", ".join(f"{lang}: ..." for lang in langs)
            yield Hit(loc, f"this profile is in {' and '.join(langs)}: give this text as {{{wanted}}}")


@rule("dates-and-notices", "error", "input")
def dates_and_notices(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Dates in order, and a way and a length of time to announce changes."""
    p = f.profile
    if p.changes.advance_notice is not None and p.changes.advance_notice.unit == "session":
        yield Hit(("changes", "advance_notice"), "give the notice as a length of time, e.g. '30 days'")
    if not p.changes.notify_by:
        yield Hit(("changes", "notify_by"), "say how you tell people about changes, e.g. [page, email]")
    if p.dates.last_updated < p.dates.effective:
        yield Hit(("dates", "last_updated"), "cannot be before the effective date")


@rule("unused-field", "warning", "input", "remove it, or give the fact it depends on")
def unused_fields(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Nothing a profile says is dropped without a word: a fact that cannot appear in the
    policy, because of another answer, is reported with the reason."""
    p = f.profile
    european = f.laws.european
    if p.california is not None and not f.laws.caloppa:
        yield Hit(("california",), "unused: the California notice appears only with regimes.caloppa: true")
    if p.selling.opt_out is not None and not (p.selling.sells or p.selling.shares_for_advertising):
        yield Hit(("selling", "opt_out"), "unused: there is no sale or sharing to opt out of")
    if p.marketing is not None and p.marketing.opt_out is not None and not p.marketing.email:
        yield Hit(("marketing", "opt_out"), "unused: the profile says no marketing e-mails are sent")
    for x in f.purposes:
        loc = ("purposes", x.index)
        if x.purpose.withdraw is not None and not x.needs_consent:
            yield Hit((*loc, "withdraw"), "unused: this purpose does not rely on consent")
        if x.purpose.legitimate_interest is not None and x.basis != "legitimate_interests":
            yield Hit(
                (*loc, "legitimate_interest"), "unused: this purpose is not based on legitimate interests"
            )
        if x.purpose.opt_out is not None and x.basis != "legitimate_interests" and european:
            yield Hit(
                (*loc, "opt_out"), "unused: an opt-out is stated for purposes based on legitimate interests"
            )
        if x.special_condition is not None and not x.special:
            yield Hit((*loc, "special_condition"), "unused: this purpose uses no special-category data")
    for i, d in enumerate(p.data):
        if d.source != "third_party" and (d.source_detail is not None or d.public_source):
            yield Hit(
                ("data", i, "source_detail"), "unused: a source is stated for data received from others"
            )
    if p.authoritative_language is not None and len(set(p.languages)) < 2:
        yield Hit(("authoritative_language",), "unused: the policy is in one language")
    if p.cookie_settings is not None and not p.cookies:
        yield Hit(("cookie_settings",), "unused: the profile lists no cookies")
    if not european:
        for key in ("response_days", "verification", "request_url", "procedures"):
            if key in p.rights.model_fields_set:
                yield Hit(
                    ("rights", key), "unused: the GDPR rights section appears only with gdpr or uk_gdpr"
                )
        if p.supervisory_authority is not None:
            yield Hit(("supervisory_authority",), "unused: no GDPR complaint section without gdpr or uk_gdpr")
        if p.regimes.national_law is not None:
            yield Hit(("regimes", "national_law"), "unused: it is named beside the GDPR or the UK GDPR")
    us_law = f.laws.ccpa or f.laws.us_states
    for i, d in enumerate(p.data):
        for key in ("ccpa", "us_sensitive"):
            if key in d.model_fields_set and not us_law:
                yield Hit(("data", i, key), "unused: it is stated under the CCPA or another US state law")
    a = p.automated_decisions
    if not a.used and (a.description or a.logic or a.consequences):
        yield Hit(("automated_decisions",), "unused: automated decisions are described but 'used' is false")


# -- the prose texts of a profile --------------------------------------------------------

PROSE_KEYS = frozenset(
    {
        "description",
        "label",
        "examples",
        "source_detail",
        "legitimate_interest",
        "consequence",
        "withdraw",
        "opt_out",
        "criteria",
        "note",
        "purpose",
        "logic",
        "consequences",
        "content",
        "timeframe",
        "verification",
        "change_request",
        "national_law",
        "objection",
        "partner_duties",
        "scope",
    }
)
_PROSE_LISTS = {"other"}
# Address lines are names: a plain string serves every language; a {en, fr} pair is optional.
_NAME_LISTS = {"lines"}
_SKIP = {"custom_vendors", "override"}
_LANG_SET = set(LANGS)


def prose_texts(value: Any, loc: Loc = ()) -> list[tuple[Loc, Any]]:
    """The prose texts under ``value`` in document order (a loop, not recursion: it runs
    for every profile loaded)."""
    found: list[tuple[Loc, Any]] = []
    stack: list[tuple[Any, Loc]] = [(value, loc)]
    while stack:
        value, loc = stack.pop()
        if isinstance(value, list):
            items = [(item, (*loc, i)) for i, item in enumerate(value) if isinstance(item, (dict, list))]
            stack.extend(reversed(items))
            continue
        nested: list[tuple[Any, Loc]] = []
        for key, sub in value.items():
            if key in _SKIP:
                continue
            if key in PROSE_KEYS:
                if key != "examples" or sub:
                    found.append(((*loc, key), sub))
            elif isinstance(sub, list):
                if key in _PROSE_LISTS:
                    found.extend(((*loc, key, i), item) for i, item in enumerate(sub))
                elif key in _NAME_LISTS:
                    named = [((*loc, key, i), item) for i, item in enumerate(sub) if isinstance(item, dict)]
                    found.extend(named)
                else:
                    nested.append((sub, (*loc, key)))
            elif isinstance(sub, dict):
                if key == "name" and set(sub) <= _LANG_SET:
                    found.append(((*loc, key), sub))
                else:
                    nested.append((sub, (*loc, key)))
        stack.extend(reversed(nested))
    return found
