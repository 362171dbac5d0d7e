"""The service profile: what the owner of a service knows about its processing.

Only facts the owner can state live here. What the law or the vendor catalog
derives from them (authority, transfers, applicable requirements) is computed in
:mod:`drafter.resolve`. Cross-field rules a privacy lawyer would insist on are
validators at the bottom of :class:`Profile`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Literal

from pydantic import Field, HttpUrl, StrictBool, StrictInt, model_validator

from drafter.model.catalog import TransferMechanism, Vendor, VendorOverride
from drafter.model.types import (
    LANGS,
    CookieGroup,
    CountryCode,
    Date,
    DurationField,
    Email,
    Lang,
    LegalBasis,
    LocalText,
    Name,
    Slug,
    Strict,
)

LocalList = list[str] | dict[Lang, list[str]]


class Address(Strict):
    lines: list[LocalText] = Field(
        default=[], description="Street, postal code and city, one per line; empty if not published."
    )
    country: CountryCode


class Contact(Strict):
    name: LocalText | None = None
    email: Email
    phone: str | None = None
    address: Address | None = None
    url: HttpUrl | None = None


class Representative(Strict):
    """The EU (Art. 27 GDPR) or UK representative of a controller established elsewhere."""

    name: Name
    email: Email
    address: Address


class Controller(Strict):
    legal_name: Name
    trade_name: Name | None = None
    registration: str | None = Field(default=None, description="Company register and number.")
    website: HttpUrl
    address: Address
    email: Email
    phone: str | None = None


class Service(Strict):
    name: Name
    description: LocalText = Field(description="Noun phrase: en 'online audio mastering service'.")


class WhiteLabel(Strict):
    """The service is offered by a partner under its brand, but run by the controller."""

    partner: Name | None = Field(default=None, description="The partner's name, if one partner only.")


class Regimes(Strict):
    gdpr: StrictBool = False
    uk_gdpr: StrictBool = False
    caloppa: StrictBool = False
    ccpa: StrictBool = False
    coppa: StrictBool = False
    national_law: LocalText | None = Field(
        default=None, description="National data-protection law named beside the GDPR."
    )


DataSource = Literal["you", "automatic", "third_party"]


class DataCategory(Strict):
    id: Slug
    label: LocalText
    examples: LocalList = []
    source: DataSource
    source_detail: LocalText | None = Field(
        default=None, description="Where data not collected from the person comes from."
    )
    public_source: StrictBool = False
    anonymous: StrictBool = Field(default=False, description="Kept in a form that does not identify anyone.")


Requirement = Literal["statutory", "contractual", "none"]
PurposeKind = Literal[
    "service",
    "payment",
    "support",
    "communication",
    "marketing",
    "analytics",
    "security",
    "legal",
    "improvement",
    "personalisation",
    "ai_training",
    "other",
]


class Purpose(Strict):
    id: Slug
    kind: PurposeKind = "other"
    description: LocalText = Field(description="Infinitive phrase: en 'process your orders'.")
    data: list[Slug] = Field(min_length=1)
    legal_basis: LegalBasis
    legitimate_interest: LocalText | None = None
    requirement: Requirement | None = Field(
        default=None,
        description="Defaults: contract -> contractual, legal_obligation -> statutory, else none.",
    )
    consequence: LocalText | None = Field(default=None, description="What happens if the data is not given.")
    withdraw: LocalText | None = Field(default=None, description="How to withdraw consent.")
    opt_out: LocalText | None = Field(default=None, description="How to object or unsubscribe.")

    @property
    def effective_requirement(self) -> Requirement:
        if self.requirement is not None:
            return self.requirement
        return {"contract": "contractual", "legal_obligation": "statutory"}.get(self.legal_basis, "none")  # type: ignore[return-value]


StartEvent = Literal[
    "collection",
    "last_activity",
    "account_closure",
    "end_of_contract",
    "delivery",
    "transaction",
    "last_contact",
    "financial_year_end",
    "consent_withdrawal",
    "unsubscribe",
]


class RetentionRule(Strict):
    data: list[Slug] = Field(min_length=1)
    period: DurationField | None = None
    starts: StartEvent | None = None
    criteria: LocalText | None = None
    statutory: Slug | None = Field(default=None, description="Id of a statutory period in the law data.")

    @model_validator(mode="after")
    def _period_or_criteria(self) -> RetentionRule:
        if self.period is None and self.criteria is None:
            raise ValueError("give a period (e.g. '3 years') or the criteria that decide how long")
        if self.starts is not None and self.period is None:
            raise ValueError("'starts' needs a 'period'")
        return self


class ProcessorUse(Strict):
    vendor: Slug
    purposes: list[Slug] = []
    data: list[Slug] = []
    override: VendorOverride | None = None
    note: LocalText | None = Field(default=None, description="A further fact about this recipient.")


RecipientKind = Literal[
    "service_providers",
    "authorities",
    "professional_advisers",
    "acquirers",
    "carriers",
    "group_companies",
    "partner",
    "credit_agencies",
    "other",
]


class OtherRecipient(Strict):
    kind: RecipientKind
    description: LocalText | None = None
    data: list[Slug] = []
    countries: list[CountryCode] = []
    transfer_mechanism: TransferMechanism | None = None


class Cookie(Strict):
    """A cookie or similar technology; ``vendor`` alone brings in that vendor's cookies."""

    name: Name | None = None
    vendor: Slug | None = None
    group: CookieGroup | None = None
    purpose: LocalText | None = None
    duration: DurationField | None = None
    legal_basis: LegalBasis | None = None

    @model_validator(mode="after")
    def _complete(self) -> Cookie:
        if self.vendor is None and (self.purpose is None or self.group is None):
            raise ValueError("a first-party cookie needs a group and a purpose")
        if self.name is not None and self.vendor is None and self.duration is None:
            raise ValueError("a named first-party cookie needs a duration")
        return self


class CookieSettings(Strict):
    consent_tool: StrictBool = Field(
        default=False, description="A banner or settings panel to accept and refuse."
    )
    withdraw: LocalText | None = Field(default=None, description="Where to change cookie choices.")


class Children(Strict):
    minimum_age: StrictInt = Field(ge=0, le=21)
    directed_at_children: StrictBool = False


class AutomatedDecisions(Strict):
    used: StrictBool = False
    description: LocalText | None = None
    logic: LocalText | None = None
    consequences: LocalText | None = None

    @model_validator(mode="after")
    def _described(self) -> AutomatedDecisions:
        if self.used and not (self.description and self.logic and self.consequences):
            raise ValueError("automated decisions need a description, the logic and the consequences")
        return self


class AiTraining(Strict):
    user_content: Literal["never", "with_consent", "yes"]
    content: LocalText | None = Field(default=None, description="Which content, e.g. 'your audio files'.")


class Selling(Strict):
    sells: StrictBool = False
    shares_for_advertising: StrictBool = False
    opt_out: LocalText | None = None


class Marketing(Strict):
    email: StrictBool = False
    opt_out: LocalText | None = None


class Breach(Strict):
    notify_by: list[Literal["email", "notice", "in_app"]] = Field(min_length=1)
    timeframe: LocalText | None = None


Notify = Literal["page", "email", "notice", "in_app"]


class Changes(Strict):
    notify_by: list[Notify] = Field(default_factory=lambda: list[Notify](["page"]))
    advance_notice: DurationField | None = None


SecurityMeasure = Literal[
    "encryption_in_transit",
    "encryption_at_rest",
    "hashed_passwords",
    "access_control",
    "audits",
    "malware_scanning",
    "backups",
    "pseudonymisation",
    "staff_confidentiality",
    "processor_contracts",
    "payment_not_stored",
]


class Security(Strict):
    measures: list[SecurityMeasure] = []
    other: list[LocalText] = []


class Rights(Strict):
    response_days: StrictInt | None = Field(
        default=None, ge=1, le=90, description="Default: one month (GDPR)."
    )
    verification: LocalText | None = Field(default=None, description="How identity is checked.")
    request_url: HttpUrl | None = None


class California(Strict):
    do_not_track: Literal["honoured", "not_honoured"] = "not_honoured"
    third_party_tracking: StrictBool = False
    change_request: LocalText | None = Field(
        default=None, description="How a user reviews and asks to change their information."
    )


class Supervisor(Strict):
    name: LocalText
    url: HttpUrl


class Dates(Strict):
    effective: Date
    last_updated: Date


class Profile(Strict):
    """A whole service profile, as saved in ``profiles/NAME.yaml``."""

    languages: list[Lang] = Field(
        min_length=1, description="Languages the policy is drafted in; the first is the default."
    )
    authoritative_language: Lang | None = None
    controller: Controller
    service: Service
    white_label: WhiteLabel | None = None
    dpo: Contact | None = None
    privacy_contact: Contact | None = None
    eu_representative: Representative | None = None
    eu_representative_exempt: StrictBool = Field(
        default=False, description="Art. 27(2): occasional processing that needs no EU representative."
    )
    regimes: Regimes
    supervisory_authority: Supervisor | None = None
    data: list[DataCategory] = Field(min_length=1)
    purposes: list[Purpose] = Field(min_length=1)
    retention: list[RetentionRule] = Field(min_length=1)
    processors: list[ProcessorUse] = []
    custom_vendors: list[Vendor] = []
    other_recipients: list[OtherRecipient] = []
    cookies: list[Cookie] = []
    cookie_settings: CookieSettings | None = None
    security: Security = Security()
    children: Children | None = None
    automated_decisions: AutomatedDecisions = AutomatedDecisions()
    ai_training: AiTraining | None = None
    selling: Selling = Selling()
    marketing: Marketing | None = None
    breach_notification: Breach | None = None
    changes: Changes = Changes()
    rights: Rights = Rights()
    california: California | None = None
    third_party_links: StrictBool = False
    dates: Dates


Loc = tuple[str | int, ...]


def rule_problems(p: Profile) -> Iterator[tuple[Loc, str]]:
    """Every broken cross-field rule, as (location, message)."""
    data_ids = [d.id for d in p.data]
    purpose_ids = [x.id for x in p.purposes]
    for what, ids in (("data", data_ids), ("purposes", purpose_ids)):
        for i, ident in enumerate(ids):
            if ident in ids[:i]:
                yield (what, i, "id"), f"id {ident!r} is used twice"
    known_data, known_purposes = set(data_ids), set(purpose_ids)

    def unknown(loc: Loc, refs: list[str], known: set[str], what: str) -> Iterator[tuple[Loc, str]]:
        for ref in refs:
            if ref not in known:
                yield loc, f"unknown {what} {ref!r}{_suggest(ref, known)}"

    for i, d in enumerate(p.data):
        if d.source == "third_party" and d.source_detail is None:
            yield ("data", i, "source_detail"), "data received from others needs its source"
        examples = d.examples.values() if isinstance(d.examples, dict) else [d.examples]
        if any(not x.strip() for texts in examples for x in texts):
            yield ("data", i, "examples"), "an example must not be empty"
    for i, pur in enumerate(p.purposes):
        yield from unknown(("purposes", i, "data"), pur.data, known_data, "data category")
        if pur.legal_basis == "legitimate_interests" and pur.legitimate_interest is None:
            yield (
                ("purposes", i, "legitimate_interest"),
                "a legitimate-interest purpose must state the interest",
            )
        if pur.legal_basis == "consent" and pur.withdraw is None:
            yield ("purposes", i, "withdraw"), "a consent-based purpose needs a way to withdraw consent"
        if pur.kind == "marketing" and pur.legal_basis == "legitimate_interests" and pur.opt_out is None:
            yield ("purposes", i, "opt_out"), "marketing based on legitimate interest needs an opt-out"
    covered: set[str] = set()
    for i, rule in enumerate(p.retention):
        yield from unknown(("retention", i, "data"), rule.data, known_data, "data category")
        covered.update(rule.data)
    for i, d in enumerate(p.data):
        if d.id not in covered and not d.anonymous:
            yield ("data", i, "id"), f"no retention rule covers {d.id!r}; add it to a rule under 'retention'"
    for i, use in enumerate(p.processors):
        yield from unknown(("processors", i, "purposes"), use.purposes, known_purposes, "purpose")
        yield from unknown(("processors", i, "data"), use.data, known_data, "data category")
        if not use.purposes and not use.data:
            yield ("processors", i), "say which purposes or data this vendor serves"
    vendors_used = {u.vendor for u in p.processors}
    for i, rec in enumerate(p.other_recipients):
        if rec.kind == "other" and rec.description is None:
            yield ("other_recipients", i, "description"), "describe this recipient"
        yield from unknown(("other_recipients", i, "data"), rec.data, known_data, "data category")
    for i, c in enumerate(p.cookies):
        if c.vendor is not None and c.vendor not in vendors_used and c.purpose is None:
            yield (
                ("cookies", i, "vendor"),
                (f"{c.vendor!r} is not among the processors; list it there or describe the cookie"),
            )
    if any(cookie_basis(c) == "consent" for c in p.cookies) and not (
        p.cookie_settings and p.cookie_settings.withdraw
    ):
        yield ("cookie_settings",), "cookies that need consent need a way to withdraw it ('withdraw')"
    in_eea = p.controller.address.country in _eea()
    if p.regimes.gdpr and not in_eea and p.eu_representative is None and not p.eu_representative_exempt:
        yield (
            ("eu_representative",),
            (
                "a GDPR controller outside the EEA needs an EU representative (Art. 27), "
                "or eu_representative_exempt: true if Art. 27(2) applies"
            ),
        )
    if p.eu_representative is not None and in_eea:
        yield ("eu_representative",), "a controller established in the EEA has no EU representative"
    if p.regimes.caloppa and p.california is None:
        yield ("regimes", "caloppa"), "a CalOPPA policy needs a 'california' section (Do Not Track, tracking)"
    if (p.selling.sells or p.selling.shares_for_advertising) and p.selling.opt_out is None:
        yield ("selling", "opt_out"), "selling or sharing personal information needs an opt-out route"
    if len(set(p.languages)) < len(p.languages):
        yield ("languages",), "list each language once"
    if p.authoritative_language is not None and p.authoritative_language not in p.languages:
        yield ("authoritative_language",), "must be one of the profile's languages"
    if p.changes.advance_notice is not None and p.changes.advance_notice.unit == "session":
        yield ("changes", "advance_notice"), "give the notice as a length of time, e.g. '30 days'"
    if not p.changes.notify_by:
        yield ("changes", "notify_by"), "say how you tell people about changes, e.g. [page, email]"
    if p.dates.last_updated < p.dates.effective:
        yield ("dates", "last_updated"), "cannot be before the effective date"
    if p.regimes.coppa and p.children is None:
        yield ("regimes", "coppa"), "a COPPA statement needs 'children.minimum_age'"
    if p.marketing is not None and p.marketing.email and p.marketing.opt_out is None:
        yield ("marketing", "opt_out"), "marketing e-mails need an opt-out route"
    yield from _language_problems(p)


def cookie_basis(c: Cookie) -> str | None:
    """The declared basis, else consent for every group but strictly necessary."""
    if c.legal_basis is not None:
        return c.legal_basis
    if c.group is None:
        return None
    return "legitimate_interests" if c.group == "strictly_necessary" else "consent"


_PROSE_KEYS = {
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
}
_PROSE_LISTS = {"other"}
# Address lines are names: a plain string serves every language; a {en, fr} pair is optional.
_NAME_LISTS = {"lines"}
_SKIP = {"custom_vendors", "override"}
_LANG_SET = set(LANGS)


def _language_problems(p: Profile) -> Iterator[tuple[Loc, str]]:
    """Every prose text must exist in each of the profile's languages."""
    langs = list(dict.fromkeys(p.languages))
    for loc, text in _texts(p.model_dump(exclude_none=True), ()):
        if isinstance(text, dict):
            missing = [lang for lang in langs if lang not in text]
            if missing:
                yield loc, f"the {missing[0]} text is missing"
        elif len(langs) > 1:
            wanted = ", ".join(f"{lang}: ..." for lang in langs)
            yield loc, f"this profile is in {' and '.join(langs)}: give this text as {{{wanted}}}"


def _texts(value: Any, loc: Loc) -> list[tuple[Loc, Any]]:
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
            if key in _PROSE_KEYS:
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


def _suggest(word: str, options: set[str]) -> str:
    import difflib

    close = difflib.get_close_matches(word, sorted(options), n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f" (known: {', '.join(sorted(options))})" if 0 < len(options) <= 12 else ""


def _eea() -> frozenset[str]:
    from drafter.model.law import load_law

    return load_law().eea
