"""The service profile: what the owner of a service knows about its processing.

Only facts the owner can state live here, with the checks a single field (or one
object) can make on its own. What the law or the vendor catalog derives from them is
computed in :mod:`drafter.legal.facts`, and the rules across fields are in the registry
of :mod:`drafter.legal.rules`.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, HttpUrl, StrictBool, StrictInt, field_validator, model_validator

from drafter.dates import out_of_range
from drafter.model.catalog import DataKind, TransferMechanism, Vendor, VendorOverride
from drafter.model.types import (
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
from drafter.model.us import Ccpa, CcpaCategory, CcpaRole, Disclosure, UsSensitive, UsStates

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
    partner_duties: LocalText | None = Field(
        default=None, description="What the partner itself is responsible for, as full sentences."
    )


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
SpecialCategory = Literal[
    "racial_or_ethnic_origin",
    "political_opinions",
    "religious_beliefs",
    "trade_union",
    "genetic",
    "biometric",
    "health",
    "sex_life",
]


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
    special: SpecialCategory | None = Field(
        default=None, description="A special category of data (Art. 9(1) GDPR), e.g. health."
    )
    statutory: Slug | None = Field(
        default=None,
        description="A record the law makes you keep, by its id in the law data (e.g. invoices).",
    )
    role: Literal["controller", "processor"] = Field(
        default="controller",
        description="processor: data your business customers put in the service about their own "
        "clients or staff; you process it on their behalf (Art. 28 GDPR).",
    )
    kind: DataKind | None = Field(
        default=None, description="What kind of data it is; gives its CCPA category where clear."
    )
    ccpa: list[CcpaCategory] = Field(
        default=[], description="Its CCPA categories (Civ. Code § 1798.140(v)), if the kind does not say."
    )
    us_sensitive: UsSensitive | None = Field(
        default=None, description="Sensitive personal information under US law, e.g. precise_geolocation."
    )


Requirement = Literal["statutory", "contractual", "none"]
# Art. 9(2) GDPR: the conditions that lift the ban on processing special categories.
Article9Condition = Literal[
    "explicit_consent",
    "employment",
    "vital_interests",
    "not_for_profit",
    "made_public",
    "legal_claims",
    "public_interest",
    "health_care",
    "public_health",
    "archiving",
]
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
    legal_basis: LegalBasis | None = Field(
        default=None, description="Art. 6(1) GDPR; needed when the GDPR or the UK GDPR applies."
    )
    legitimate_interest: LocalText | None = None
    requirement: Requirement | None = Field(
        default=None,
        description="Defaults: contract -> contractual, legal_obligation -> statutory, else none.",
    )
    consequence: LocalText | None = Field(default=None, description="What happens if the data is not given.")
    withdraw: LocalText | None = Field(default=None, description="How to withdraw consent.")
    opt_out: LocalText | None = Field(default=None, description="How to object or unsubscribe.")
    special_condition: Article9Condition | None = Field(
        default=None, description="The Art. 9(2) condition for the special categories it uses."
    )


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
    ccpa_role: CcpaRole | None = Field(default=None, description="Its CCPA role, if not the catalog's.")
    ccpa_disclosure: Disclosure | None = Field(
        default=None, description="What the disclosure is under the CCPA, if not derived."
    )


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
    ccpa_role: CcpaRole | None = None
    ccpa_disclosure: Disclosure | None = None


class BasisScope(Strict):
    """A further legal basis, for part of the processing: 'a legal obligation, to keep ...'."""

    basis: LegalBasis
    scope: LocalText = Field(
        description="What it covers, as a phrase: en 'to keep a record of your choices', "
        "fr 'de conserver la trace de vos choix'."
    )


class Cookie(Strict):
    """A cookie or similar technology; ``vendor`` alone brings in that vendor's cookies."""

    name: Name | None = None
    vendor: Slug | None = None
    group: CookieGroup | None = None
    purpose: LocalText | None = None
    duration: DurationField | None = None
    legal_basis: LegalBasis | None = None
    more_bases: list[BasisScope] = Field(
        default=[], description="Further legal bases, each for part of what the cookie does."
    )

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
    objection: LocalText | None = Field(
        default=None,
        description="How to object to audience measurement set without consent (CNIL exemption).",
    )


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
    material_by: list[Notify] = Field(
        default=[], description="How material changes are announced too (e.g. [email]), beyond notify_by."
    )
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


RightName = Literal["access", "rectification", "erasure", "restriction", "portability", "object"]


class Rights(Strict):
    response_days: StrictInt | None = Field(
        default=None, ge=1, le=90, description="Default: one month (GDPR)."
    )
    verification: LocalText | None = Field(default=None, description="How identity is checked.")
    request_url: HttpUrl | None = None
    procedures: dict[RightName, LocalText] = Field(
        default={}, description="How a request under one right is answered, as full sentences."
    )


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

    @field_validator("effective", "last_updated")
    @classmethod
    def _believable(cls, day: dt.date) -> dt.date:
        """A date before 1990 or over a year ahead is a typo; DOCX cannot even store some."""
        reason = out_of_range(day)
        if reason:
            # Without the date of today that out_of_range adds: a message must not change daily.
            raise ValueError(reason.split(" (", 1)[0].removesuffix("; check the year") + "; check the year")
        return day


class Profile(Strict):
    """A whole service profile, as saved in ``profiles/NAME.yaml``."""

    languages: list[Lang] = Field(
        min_length=1, description="Languages the policy is drafted in; the first is the default."
    )
    authoritative_language: Lang | None = None
    english: Literal["en-GB", "en-US"] = Field(
        default="en-GB",
        description="How the English policy writes dates and lists: en-GB '15 January 2026', "
        "'A, B and C'; en-US 'January 15, 2026', 'A, B, and C'. Spelling stays British.",
    )
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
    ccpa: Ccpa | None = None
    us_states: UsStates | None = None
    third_party_links: StrictBool = False
    dates: Dates
