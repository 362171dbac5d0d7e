"""US privacy law as data: the CCPA's figures and the other states' comprehensive laws.

Adding a state means adding an entry under ``us.states`` in ``drafter/data/law.yaml``:
the policy's section for residents of other states is worded from these fields alone.
"""

from __future__ import annotations

from typing import Literal, get_args

from pydantic import Field, HttpUrl, StrictInt

from drafter.model.types import Bilingual, Date, Name, Strict
from drafter.model.us import UsSensitive

# Sensitive data under most state laws (e.g. Va. Code Ann. § 59.1-575): narrower than the
# CCPA's sensitive personal information (no log-in, financial account or ID numbers).
STATE_SENSITIVE: list[UsSensitive] = [
    "racial_or_ethnic_origin",
    "religious_beliefs",
    "health",
    "sex_life",
    "citizenship",
    "genetic",
    "biometric",
    "precise_geolocation",
]

StateRight = Literal[
    "access",
    "correction",
    "deletion",
    "portability",
    "opt_out_targeted_advertising",
    "opt_out_sale",
    "opt_out_profiling",
    "third_party_list",
]
STATE_RIGHTS: tuple[StateRight, ...] = get_args(StateRight)
# When a state's word-for-word notice is due, from the profile's facts.
NoticeWhen = Literal["sells_sensitive", "sells_biometric", "sells", "targeted_advertising", "profiling"]


class StateNotice(Strict):
    """A notice a state wants in the policy in its own words (Texas: selling sensitive data)."""

    when: NoticeWhen
    text: Name = Field(description="The statute's wording, printed as it stands in every language.")
    translation: Bilingual = Field(description="What it says, in each language (en: the text itself).")
    reference: str


class Regulator(Strict):
    name: Bilingual = Field(description="With its article: en 'the Virginia Attorney General'.")
    url: HttpUrl


class StateLaw(Strict):
    name: Bilingual = Field(description="The state: en 'Virginia', fr 'Virginie'.")
    law: Bilingual = Field(
        description="The act, with its short name: en 'the Virginia Consumer Data Protection Act (VCDPA)'."
    )
    citation: str
    in_force: Date
    rights: list[StateRight] = Field(min_length=1)
    response_days: StrictInt = Field(ge=1, description="Days to answer a request.")
    extension_days: StrictInt = Field(ge=0, description="Further days the law allows once, with notice.")
    appeal_days: StrictInt | None = Field(
        default=None, ge=1, description="Days to decide an appeal; None: the law gives no appeal."
    )
    regulator: Regulator = Field(description="Where a consumer complains (the attorney general).")
    sensitive_data: Literal["opt_in", "opt_out"] = Field(
        description="opt_in: sensitive data only with consent; opt_out: notice and a chance to opt out."
    )
    sensitive_kinds: list[UsSensitive] = Field(
        default=STATE_SENSITIVE, description="What the state counts as sensitive data."
    )
    no_sale: list[UsSensitive] = Field(
        default=[],
        description="Sensitive data the state's law forbids selling (Texas: biometric identifiers).",
    )
    request_methods: StrictInt = Field(
        default=1, ge=1, description="How many ways to make a request it wants."
    )
    notices: list[StateNotice] = []
    unverified: list[str] = Field(default=[], description="Facts written without re-reading the source.")


class CcpaLaw(Strict):
    """The CCPA's figures (Cal. Civ. Code § 1798.140(d), § 1798.130; 11 CCR § 7011)."""

    revenue_threshold: StrictInt = Field(description="Annual gross revenue, in US dollars, as adjusted.")
    revenue_threshold_from: Date
    consumers_threshold: StrictInt
    selling_revenue_share: StrictInt = Field(description="Per cent of revenue from selling or sharing.")
    response_days: StrictInt
    extension_days: StrictInt
    confirm_business_days: StrictInt
    minor_age: StrictInt = Field(description="Under this age, no sale or sharing without opt-in.")
    parent_age: StrictInt = Field(description="Under this age, a parent gives the opt-in.")
    unverified: list[str] = []


class UsLaw(Strict):
    ccpa: CcpaLaw
    states: dict[str, StateLaw] = Field(description="By two-letter postal code: VA, TX ...")
