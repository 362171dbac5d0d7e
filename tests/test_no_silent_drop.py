"""Nothing a profile says is silently dropped.

Every field of the profile schema is listed here with what becomes of it. A text, a URL,
a number, a date, a duration, a country or a code appears in the rendered policy of each
language (a code as the templates word it); a field that only steers a decision says
which. A new field the table does not list fails the first test. For the shipped profiles
and every variant of the language gate, each stated fact is found in the policy, or
``validate`` reports it as unused (rule ``unused-field``) with the reason.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES
from language_profiles import VARIANTS, write_variant
from pydantic import BaseModel

from drafter.commands.check import normalized, section_blocks
from drafter.legal.load import LoadedProfile, load_profile
from drafter.model.profile import Profile
from drafter.model.types import Duration, pick
from drafter.render.filters import country_name, duration, long_date
from drafter.render.language import cite
from drafter.render.policy import policy_language, render_policy
from drafter.render.sections import SECTIONS
from drafter.render.words import us_words, words

# What becomes of each field: (kind, detail). Kinds that are checked on the text:
#   text: the value (each item of a list) appears; url, number, date, duration, country: so
#   does its rendering; code:WORDS: the templates' wording WORDS[value] appears.
# Kinds that are not: decision (it decides what is said; the reason says how), id (a
# reference), catalog (a vendor's fact, stated as the catalog's are: see test_catalog).
FIELDS: dict[str, tuple[str, str]] = {
    "languages": ("decision", "the languages the policy is rendered in"),
    "authoritative_language": ("code:LANGUAGE", ""),
    "english": ("decision", "the dates and lists of the English policy"),
    "controller.legal_name": ("text", ""),
    "controller.trade_name": ("text", ""),
    "controller.registration": ("text", ""),
    "controller.website": ("url", ""),
    "controller.address.lines": ("text", ""),
    "controller.address.country": ("country", ""),
    "controller.email": ("text", ""),
    "controller.phone": ("text", ""),
    "service.name": ("text", ""),
    "service.description": ("text", ""),
    "white_label.partner": ("text", ""),
    "white_label.partner_duties": ("text", ""),
    "dpo.name": ("text", ""),
    "dpo.email": ("text", ""),
    "dpo.phone": ("text", ""),
    "dpo.address.lines": ("text", ""),
    "dpo.address.country": ("country", ""),
    "dpo.url": ("url", ""),
    "privacy_contact.name": ("text", ""),
    "privacy_contact.email": ("text", ""),
    "privacy_contact.phone": ("text", ""),
    "privacy_contact.address.lines": ("text", ""),
    "privacy_contact.address.country": ("country", ""),
    "privacy_contact.url": ("url", ""),
    "eu_representative.name": ("text", ""),
    "eu_representative.email": ("text", ""),
    "eu_representative.address.lines": ("text", ""),
    "eu_representative.address.country": ("country", ""),
    "eu_representative_exempt": ("decision", "Art. 27(2): no representative is needed, so none is named"),
    "regimes.gdpr": ("decision", "the laws in force: which sections and requirements apply"),
    "regimes.uk_gdpr": ("decision", "the laws in force"),
    "regimes.caloppa": ("decision", "the laws in force"),
    "regimes.ccpa": ("decision", "the laws in force"),
    "regimes.coppa": ("decision", "the laws in force"),
    "regimes.national_law": ("text", ""),
    "supervisory_authority.name": ("text", ""),
    "supervisory_authority.url": ("url", ""),
    "data[].id": ("id", "referred to by purposes, retention and recipients"),
    "data[].label": ("text", ""),
    "data[].examples": ("text", ""),
    "data[].source": ("decision", "the subsection the category is listed under"),
    "data[].source_detail": ("text", ""),
    "data[].public_source": ("decision", "adds 'publicly available' to the source"),
    "data[].anonymous": ("decision", "says the data does not identify anyone"),
    "data[].special": ("code:SPECIAL", ""),
    "data[].statutory": ("decision", "the statutory period its retention must keep (rule statutory-records)"),
    "data[].role": ("decision", "processor: listed as data held for business customers"),
    "purposes[].id": ("id", "referred to by processors"),
    "purposes[].kind": ("decision", "the usual basis, direct marketing and CNIL checks"),
    "purposes[].description": ("text", ""),
    "purposes[].data": ("id", "the categories, named by their labels"),
    "purposes[].legal_basis": ("code:BASIS where european", "a US policy states no legal basis"),
    "purposes[].legitimate_interest": (
        "text where european",
        "the GDPR's interests, stated where it applies",
    ),
    "purposes[].requirement": ("code:REQUIRED where european", "Art. 13(2)(e) GDPR only"),
    "purposes[].consequence": ("text", ""),
    "purposes[].withdraw": ("text", ""),
    "purposes[].opt_out": ("text", ""),
    "purposes[].special_condition": ("code:ART9", ""),
    "retention[].data": ("id", "the categories, named by their labels"),
    "retention[].period": ("duration", ""),
    "retention[].starts": ("code:STARTS", ""),
    "retention[].criteria": ("text", ""),
    "retention[].statutory": ("decision", "the statute's reference is printed beside the period"),
    "processors[].vendor": ("id", "the vendor, named by the catalog"),
    "processors[].purposes": ("id", "the purposes, named by their descriptions"),
    "processors[].data": ("id", "the categories, named by their labels"),
    "processors[].note": ("text", ""),
    "other_recipients[].kind": ("decision", "worded alone, or beside its description (recipients witness)"),
    "other_recipients[].description": ("text", ""),
    "other_recipients[].data": ("id", "the categories, named by their labels"),
    "other_recipients[].countries": ("country", ""),
    "other_recipients[].transfer_mechanism": ("code:MECHANISM", ""),
    "cookies[].name": ("text", ""),
    "cookies[].vendor": ("id", "the vendor, named by the catalog"),
    "cookies[].group": ("code:GROUP", ""),
    "cookies[].purpose": ("text", ""),
    "cookies[].duration": ("duration", ""),
    "cookies[].legal_basis": ("decision", "worded with the group's bases where the GDPR applies"),
    "cookies[].more_bases[].basis": ("decision", "worded with its scope where the GDPR applies"),
    "cookies[].more_bases[].scope": ("text where european", "worded beside the group's bases"),
    "cookie_settings.consent_tool": ("decision", "the consent banner sentence"),
    "cookie_settings.withdraw": ("text", ""),
    "cookie_settings.objection": ("text", ""),
    "security.measures": ("code:SECURITY", ""),
    "security.other": ("text", ""),
    "children.minimum_age": ("number", ""),
    "children.directed_at_children": ("decision", "refused when true (rule children-statement)"),
    "automated_decisions.used": ("decision", "the automated-decisions statement"),
    "automated_decisions.description": ("text", ""),
    "automated_decisions.logic": ("text", ""),
    "automated_decisions.consequences": ("text", ""),
    "ai_training.user_content": ("decision", "which AI-training statement is made"),
    "ai_training.content": ("text", ""),
    "selling.sells": ("decision", "the sale statement"),
    "selling.shares_for_advertising": ("decision", "the sharing statement"),
    "selling.opt_out": ("text", ""),
    "marketing.email": ("decision", "the marketing e-mail statement"),
    "marketing.opt_out": ("text", ""),
    "breach_notification.notify_by": ("code:BREACH", ""),
    "breach_notification.timeframe": ("text", ""),
    "changes.notify_by": ("code:NOTIFY", ""),
    "changes.material_by": ("code:NOTIFY", ""),
    "changes.advance_notice": ("duration", ""),
    "rights.response_days": ("number", ""),
    "rights.verification": ("text", ""),
    "rights.request_url": ("url", ""),
    "rights.procedures": ("texts", "each right's procedure, after that right"),
    "california.do_not_track": ("code:DNT", ""),
    "california.third_party_tracking": ("decision", "the tracking statement"),
    "california.change_request": ("text", ""),
    "data[].kind": ("decision", "its CCPA category, where the kind makes it clear"),
    "data[].ccpa": ("us:CATEGORY where ccpa", "the CCPA table's rows, in the CCPA notice only"),
    "data[].us_sensitive": ("us:SENSITIVE where ccpa", "named in the CCPA notice only"),
    "processors[].ccpa_role": ("decision", "the CCPA table column the recipient is named in"),
    "processors[].ccpa_disclosure": ("decision", "the CCPA table column the recipient is named in"),
    "other_recipients[].ccpa_role": ("decision", "the CCPA table column the recipient is named in"),
    "other_recipients[].ccpa_disclosure": ("decision", "the CCPA table column the recipient is named in"),
    "ccpa.applies": ("decision", "said by validate: why the CCPA applies"),
    "ccpa.sensitive_use": ("decision", "the sensitive-information statement and the right to limit"),
    "ccpa.links.do_not_sell_or_share": ("url", ""),
    "ccpa.links.limit_sensitive": ("url", ""),
    "ccpa.links.privacy_choices": ("url", ""),
    "ccpa.opt_out_signals": ("decision", "the opt-out preference signal statement"),
    "ccpa.signals_detail": ("text", ""),
    "ccpa.requests.methods[].kind": ("us:METHOD", ""),
    "ccpa.requests.methods[].value": ("text", ""),
    "ccpa.requests.online_only": ("decision", "whether an e-mail address is enough (rule ccpa-requests)"),
    "ccpa.requests.verification": ("text", ""),
    "ccpa.requests.agents": ("text", ""),
    "ccpa.minors": ("us:MINORS", ""),
    "ccpa.minors_process": ("text", ""),
    "ccpa.financial_incentive.summary": ("text", ""),
    "ccpa.financial_incentive.data": ("id", "the categories, named by their labels"),
    "ccpa.financial_incentive.opt_in": ("text", ""),
    "ccpa.financial_incentive.withdraw": ("text", ""),
    "ccpa.financial_incentive.value": ("text", ""),
    "us_states.states": ("decision", "the states whose laws the policy states, by name"),
    "us_states.appeal": ("text", ""),
    "third_party_links": ("decision", "the links section"),
    "dates.effective": ("date", ""),
    "dates.last_updated": ("date", ""),
}
# A vendor's facts, in the profile (override, custom_vendors): stated as the catalog's are.
CATALOG_PREFIXES = ("processors[].override.", "custom_vendors[].")

# Fields whose text belongs to one section: found elsewhere only, it is not stated where a
# reader looks for it (a marketing opt-out said only as a newsletter's withdrawal of consent,
# under the rights, answers no one asking how to stop the marketing e-mails).
PLACES: dict[str, str] = {
    "marketing.opt_out": "purposes",  # where the marketing e-mails are described
    "processors[].note": "recipients",
    "retention[].period": "retention",
    "retention[].criteria": "retention",
    "cookies[].purpose": "cookies",
    "rights.verification": "rights",
    "rights.procedures": "rights",
}


def _models(tp: Any) -> list[type[BaseModel]]:
    if typing.get_origin(tp) is typing.Annotated:
        return _models(typing.get_args(tp)[0])
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return [tp] if tp.__name__ != "Bilingual" else []
    return [m for arg in typing.get_args(tp) for m in _models(arg)]


def schema_paths(model: type[BaseModel] = Profile, prefix: str = "") -> Iterator[str]:
    for name, field in model.model_fields.items():
        nested = _models(field.annotation)
        path = prefix + name
        if nested:
            sep = "[]." if "list[" in str(field.annotation) else "."
            for sub in nested:
                yield from schema_paths(sub, path + sep)
        else:
            yield path


def test_every_field_of_the_schema_has_a_place() -> None:
    paths = [p for p in schema_paths() if not p.startswith(CATALOG_PREFIXES)]
    missing = [p for p in paths if p not in FIELDS]
    assert not missing, f"fields with no entry in FIELDS (where does each appear?): {missing}"
    assert not set(FIELDS) - set(paths), f"stale entries: {set(FIELDS) - set(paths)}"
    for kind, detail in FIELDS.values():
        assert kind and (detail or (not kind.startswith(("decision", "id")) and "where" not in kind))


def _values(data: Any, parts: list[str], loc: str = "") -> Iterator[tuple[str, Any]]:
    """(concrete path, value) of a schema path such as ``data[].label``, in a loaded model."""
    if not parts:
        yield loc, data
        return
    head, rest = parts[0], parts[1:]
    key = head.removesuffix("[]")
    value = getattr(data, key, None)
    if value is None or value == [] or (isinstance(data, BaseModel) and key not in data.model_fields_set):
        return
    here = f"{loc}.{key}" if loc else key
    if head.endswith("[]"):
        for i, item in enumerate(value):
            yield from _values(item, rest, f"{here}[{i}]")
    else:
        yield from _values(value, rest, here)


def _expected(kind: str, value: Any, loaded: LoadedProfile, lang: str) -> list[str]:
    record = policy_language(loaded, lang)  # type: ignore[arg-type]
    if kind.endswith(" where european"):
        if not loaded.facts.laws.european:
            return []  # worded only where the GDPR or the UK GDPR applies
        kind = kind.removesuffix(" where european")
    if kind.endswith(" where ccpa"):
        if not loaded.facts.laws.ccpa:
            return []  # worded in the CCPA notice
        kind = kind.removesuffix(" where ccpa")
    if kind == "texts":  # a mapping of texts, such as rights.procedures
        value, kind = list(value.values()), "text"
    if isinstance(value, dict) and set(value) <= {"en", "fr"}:
        value = value.get(lang, [])
    items = value if isinstance(value, list) else [value]
    items = [pick(v, lang) if isinstance(v, dict) else v for v in items]  # type: ignore[arg-type]
    if kind == "text":
        return [record.typography(str(v)) for v in items]
    if kind == "url":
        return [str(v) for v in items]
    if kind == "number":
        return [str(v) for v in items]
    if kind == "country":
        return [country_name(str(v), record) for v in items]
    if kind == "date":
        return [long_date(v, record) for v in items]
    if kind == "duration":
        return [duration(v, record) for v in items if isinstance(v, Duration) and v.unit != "session"]
    if kind.startswith("us:"):
        table = getattr(us_words(record), kind.removeprefix("us:"))
        return [str(table[v]) for v in items]
    if kind.startswith("code:"):
        table = getattr(words(record), kind.removeprefix("code:"))
        return [cite(str(table[v]), loaded.facts.laws.cited, record) for v in items]
    return []


def _policy_text(loaded: LoadedProfile, lang: str) -> dict[str, str]:
    """Each section's text (its blocks), by section id."""
    policy = render_policy(loaded, lang)  # type: ignore[arg-type]
    return {sid: "\n".join(blocks) for sid, blocks in section_blocks(policy).items()}


def _dropped(loaded: LoadedProfile, text_of: Any = None) -> list[str]:
    unused = {f.path for f in loaded.warnings if f.rule == "unused-field"}
    model = loaded.profile
    dropped = []
    for lang in model.languages:
        sections: dict[str, str] = (text_of or _policy_text)(loaded, lang)
        whole = "\n".join(sections.values())
        for path, (kind, _) in FIELDS.items():
            place = PLACES.get(path)
            text = sections.get(place, "") if place else whole
            for concrete, value in _values(model, path.split(".")):
                if any(concrete == u or concrete.startswith((f"{u}.", f"{u}[")) for u in unused):
                    continue
                for expected in _expected(kind, value, loaded, lang):
                    if normalized(expected) not in text:
                        where = (
                            f" (not in section {place!r})" if place and normalized(expected) in whole else ""
                        )
                        dropped.append(f"{lang}: {concrete} = {expected!r}{where}")
    return dropped


# The profiles rebuilt from users' reports (tests/found/) are checked as the shipped ones.
FOUND = sorted((Path(__file__).parent / "found").glob("*.yaml"))


@pytest.mark.parametrize("profile", PROFILES + FOUND, ids=lambda p: p.stem)
def test_every_fact_of_a_shipped_profile_reaches_its_policy(profile: Path) -> None:
    dropped = _dropped(load_profile(profile))
    assert not dropped, dropped


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_every_fact_of_a_language_gate_variant_reaches_its_policy(name: str, tmp_path: Path) -> None:
    dropped = _dropped(load_profile(write_variant(name, tmp_path)))
    assert not dropped, dropped


def test_a_dropped_fact_is_caught() -> None:
    """The check can fail: a fact missing from the rendered text is reported."""
    loaded = load_profile(PROFILES[0])
    gone = normalized(pick(loaded.profile.service.description, loaded.profile.languages[0]))

    def without_it(loaded: LoadedProfile, lang: str) -> dict[str, str]:
        return {sid: text.replace(gone, "") for sid, text in _policy_text(loaded, lang).items()}

    dropped = _dropped(loaded, without_it)
    assert any(d.startswith(f"{loaded.profile.languages[0]}: service.description = ") for d in dropped)


def test_every_place_names_a_field_and_a_section() -> None:
    sections = {s.id for s in SECTIONS}
    assert set(PLACES) <= set(FIELDS)
    assert set(PLACES.values()) <= sections


def test_a_fact_said_only_outside_its_section_is_caught() -> None:
    """A marketing opt-out found only under the rights (as a newsletter's withdrawal route,
    as it once was) is reported: it is not stated where the marketing e-mails are."""
    loaded = load_profile(next(p for p in PROFILES if p.stem == "lotus-yoga"))
    lang = loaded.profile.languages[0]
    assert loaded.profile.marketing is not None and loaded.profile.marketing.opt_out is not None
    opt_out = normalized(pick(loaded.profile.marketing.opt_out, lang))

    def moved(loaded: LoadedProfile, lang: str) -> dict[str, str]:
        sections = _policy_text(loaded, lang)
        sections["purposes"] = sections["purposes"].replace(opt_out, "")
        sections["rights"] += "\n" + opt_out
        return sections

    dropped = _dropped(loaded, moved)
    assert any(
        d.startswith(f"{lang}: marketing.opt_out = ") and "not in section 'purposes'" in d for d in dropped
    )
