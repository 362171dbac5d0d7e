"""The US parts of a service profile: the CCPA notice's facts and the other states'.

Only what the owner states lives here; what the CCPA makes of it (categories, roles,
sale and sharing, the rights that apply) is decided in :mod:`drafter.legal.us`.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, HttpUrl, StrictBool, model_validator

from drafter.model.types import LocalText, Name, Strict

# Cal. Civ. Code § 1798.140(v)(1) (A)-(K) and (ae) (L): the statutory categories.
CcpaCategory = Literal[
    "identifiers",
    "customer_records",
    "protected_classifications",
    "commercial",
    "biometric",
    "internet_activity",
    "geolocation",
    "sensory",
    "professional",
    "education",
    "inferences",
    "sensitive",
]
CCPA_CATEGORIES: tuple[CcpaCategory, ...] = get_args(CcpaCategory)
# Cal. Civ. Code § 1798.140(ae): sensitive personal information.
UsSensitive = Literal[
    "government_id",
    "account_login",
    "financial_account",
    "precise_geolocation",
    "racial_or_ethnic_origin",
    "religious_beliefs",
    "trade_union",
    "communications",
    "genetic",
    "biometric",
    "health",
    "sex_life",
    "citizenship",
    "neural",
]
CcpaRole = Literal["service_provider", "contractor", "third_party"]
Disclosure = Literal["business_purpose", "sale", "sharing"]
CcpaApplies = Literal["revenue", "consumers", "selling_revenue", "voluntary"]
MethodKind = Literal["toll_free", "phone", "email", "web_form", "postal", "in_app"]


class RequestMethod(Strict):
    kind: MethodKind
    value: LocalText | None = Field(
        default=None,
        description="The number, address or URL; in_app: where in the app. Default for email: the "
        "privacy contact; for postal: the controller's address.",
    )

    @model_validator(mode="after")
    def _value(self) -> RequestMethod:
        if self.kind in ("toll_free", "phone", "web_form", "in_app") and self.value is None:
            raise ValueError(f"a {self.kind} method needs its value (the number, the URL, where in the app)")
        return self


class CcpaRequests(Strict):
    methods: list[RequestMethod] = Field(min_length=1)
    online_only: StrictBool = Field(
        default=False,
        description="The business operates only online and has a direct relationship with its "
        "consumers: an e-mail address is then enough (§ 1798.130(a)(1)(A)).",
    )
    verification: LocalText | None = Field(
        default=None, description="How a request is verified, as sentences."
    )
    agents: LocalText | None = Field(
        default=None, description="How an authorised agent makes a request, as sentences."
    )


class CcpaLinks(Strict):
    """The opt-out links of § 1798.135: two links, or one 'Your Privacy Choices' link."""

    do_not_sell_or_share: HttpUrl | None = None
    limit_sensitive: HttpUrl | None = None
    privacy_choices: HttpUrl | None = None


class FinancialIncentive(Strict):
    """A notice of financial incentive (11 CCR § 7016), when one is offered."""

    summary: LocalText = Field(description="The incentive and its terms, as sentences.")
    data: list[str] = Field(default=[], description="Ids of the data categories it involves.")
    opt_in: LocalText = Field(description="How to join it.")
    withdraw: LocalText = Field(description="How to leave it at any time.")
    value: LocalText = Field(
        description="The good-faith estimate of the data's value and how it is worked out."
    )


class Ccpa(Strict):
    applies: list[CcpaApplies] = Field(
        min_length=1,
        description="Why the CCPA applies: revenue (above the adjusted threshold), consumers "
        "(100,000 or more), selling_revenue (half of revenue or more), or voluntary.",
    )
    sensitive_use: Literal["permitted_only", "beyond"] | None = Field(
        default=None,
        description="Sensitive personal information used only for the purposes of 11 CCR "
        "§ 7027(m), or beyond them (the right to limit then applies).",
    )
    links: CcpaLinks = CcpaLinks()
    opt_out_signals: StrictBool = Field(
        default=False, description="Opt-out preference signals such as Global Privacy Control are honoured."
    )
    signals_detail: LocalText | None = Field(
        default=None, description="How a signal is applied (to the browser, to the account), as sentences."
    )
    requests: CcpaRequests
    minors: Literal["none", "opt_in"] | None = Field(
        default=None,
        description="For data sold or shared: none, we have no actual knowledge that we sell or share "
        "data of consumers under 16; opt_in, we do so only with their opt-in (a parent's under 13).",
    )
    minors_process: LocalText | None = Field(
        default=None,
        description="With minors: opt_in, how a consumer under 16 opts in (11 CCR § 7070, § 7071).",
    )
    financial_incentive: FinancialIncentive | None = None


class UsStates(Strict):
    """The comprehensive privacy laws of other states, by two-letter code, or all of drafter's."""

    states: list[Name] | Literal["all"] = Field(description="e.g. [VA, TX], or all")
    appeal: LocalText | None = Field(
        default=None, description="How to appeal a refused request, as sentences (default: by e-mail)."
    )
