"""A profile's US facts: what the CCPA and the other states' laws make of it, once.

:func:`build_us_facts` reads the profile's facts and the US law data and decides, for
the CCPA (Cal. Civ. Code § 1798.100 ff., 11 CCR § 7011): each data category's statutory
category, its sources, purposes, recipients and retention; each recipient's role
(service provider, contractor or third party) and what each disclosure is (for a
business purpose, a sale or a sharing); the sensitive personal information and whether
the right to limit applies. For the other states: which laws apply and which of their
word-for-word notices are due. Templates, ``check`` and the rules read the result.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from drafter.legal.decisions import tracks
from drafter.model.law import LawData
from drafter.model.us import CCPA_CATEGORIES, CcpaCategory, CcpaRole, Disclosure, UsSensitive
from drafter.model.us_law import StateLaw, StateNotice

if TYPE_CHECKING:
    from drafter.legal.facts import Facts

Loc = tuple[str | int, ...]

# A data kind whose CCPA category is clear (Civ. Code § 1798.140(v)(1)); the others
# (communication, content, marketing) are named by the profile.
KIND_CATEGORIES: Mapping[str, tuple[CcpaCategory, ...]] = {
    "identity": ("identifiers",),
    "contact": ("identifiers", "customer_records"),
    "account": ("identifiers",),
    "address": ("identifiers", "customer_records"),
    "payment": ("customer_records",),
    "transaction": ("commercial",),
    "device": ("identifiers", "internet_activity"),
    "usage": ("internet_activity",),
    "location": ("geolocation",),
}
# GDPR special categories that are also sensitive personal information (§ 1798.140(ae));
# political opinions are not.
SPECIAL_SENSITIVE: Mapping[str, UsSensitive] = {
    "racial_or_ethnic_origin": "racial_or_ethnic_origin",
    "religious_beliefs": "religious_beliefs",
    "trade_union": "trade_union",
    "genetic": "genetic",
    "biometric": "biometric",
    "health": "health",
    "sex_life": "sex_life",
}
# Sensitive information that also falls in another statutory category.
SENSITIVE_ALSO: Mapping[str, CcpaCategory] = {"precise_geolocation": "geolocation", "biometric": "biometric"}
# Vendors of these catalog categories that use data for their own purposes advertise
# across contexts: a disclosure to them is a sharing (§ 1798.140(ah)).
ADVERTISING = frozenset({"advertising", "social"})
# Other recipients that act on our behalf under a contract (§ 1798.140(ag)).
# Recipients that receive data only if an event happens (a legal demand, a sale of the
# business): the policy says so beside the table, not as disclosures that took place.
CONTINGENT_KINDS = frozenset({"authorities", "acquirers"})
SERVICE_PROVIDER_KINDS = frozenset(
    {"service_providers", "carriers", "professional_advisers", "group_companies", "credit_agencies"}
)


@dataclass(frozen=True)
class UsRecipient:
    key: str  # a vendor id, or other_recipients[i]
    vendor_name: str | None
    kind: str | None  # an other recipient's kind
    role: CcpaRole
    disclosure: Disclosure
    data: tuple[str, ...]  # profile data ids it receives
    categories: tuple[CcpaCategory, ...]  # what it receives, by statutory category
    location: Loc
    contingent: bool = False  # receives data only if an event happens (CONTINGENT_KINDS)


@dataclass(frozen=True)
class CategoryFacts:
    """One row of the CCPA table: a statutory category and what the profile says of it."""

    category: CcpaCategory
    data: tuple[str, ...]
    sources: tuple[str, ...]  # you | automatic | third_party
    purposes: tuple[str, ...]  # purpose ids
    business_purpose_to: tuple[str, ...]  # recipient keys
    sold_to: tuple[str, ...]
    shared_to: tuple[str, ...]
    retention: tuple[int, ...]  # indexes of the retention rules of its data


@dataclass(frozen=True)
class UsFacts:
    ccpa: bool
    applies: tuple[str, ...]  # why the CCPA applies (the profile's declaration)
    data_categories: Mapping[str, tuple[CcpaCategory, ...]]  # by data id
    unclassified: tuple[str, ...]  # data ids with no CCPA category
    sensitive: Mapping[str, UsSensitive]  # data id -> its kind of sensitive information
    categories: tuple[CategoryFacts, ...]
    recipients: tuple[UsRecipient, ...]
    sells: bool
    shares: bool
    right_to_limit: bool  # sensitive information used beyond 11 CCR § 7027(m)
    response_days: int
    extension_days: int
    confirm_business_days: int
    minor_age: int
    parent_age: int
    states: tuple[tuple[str, StateLaw], ...]  # the other states' laws that apply, by code
    state_sensitive: tuple[str, ...]  # data ids sensitive under one of those laws
    unknown_states: tuple[str, ...]
    notices: tuple[tuple[str, StateNotice], ...]  # word-for-word notices due, by state
    trackers: tuple[str, ...]  # vendors that follow users across sites (CalOPPA § 22575(b)(6))

    @property
    def sells_or_shares(self) -> bool:
        return self.sells or self.shares

    def recipient(self, key: str) -> UsRecipient:
        return next(r for r in self.recipients if r.key == key)


def data_categories(
    kind: str | None, declared: Sequence[CcpaCategory], sensitive: str | None
) -> tuple[CcpaCategory, ...]:
    """A data category's statutory categories: the profile's, else its kind's, with
    sensitive personal information (L) and the category it also belongs to."""
    found: list[CcpaCategory] = list(declared) or list(KIND_CATEGORIES.get(kind or "", ()))
    if sensitive is not None:
        found += [c for c in (SENSITIVE_ALSO.get(sensitive), "sensitive") if c is not None]
    return tuple(c for c in CCPA_CATEGORIES if c in found)


def us_sensitive(declared: str | None, special: str | None) -> UsSensitive | None:
    """Sensitive personal information: the profile's kind, else its GDPR special category's."""
    if declared is not None:
        return declared  # type: ignore[return-value]
    return SPECIAL_SENSITIVE.get(special or "")


def recipient_role(declared: CcpaRole | None, catalog_role: str | None, kind: str | None) -> CcpaRole:
    """§ 1798.140(ag), (ai), (j): a vendor that only processes for us is a service provider;
    one that also uses the data for its own purposes (an ad network, a payment provider's
    fraud checks) is a third party for that. Authorities, buyers and partners are third parties."""
    if declared is not None:
        return declared
    if catalog_role is not None:
        return "service_provider" if catalog_role == "processor" else "third_party"
    return "service_provider" if kind in SERVICE_PROVIDER_KINDS else "third_party"


def disclosure(declared: Disclosure | None, role: CcpaRole, category: str | None) -> Disclosure:
    """§ 1798.140(ad), (ah): data given to a third party advertising across contexts is
    shared; the profile marks a sale (data for money or other value) itself."""
    if declared is not None:
        return declared
    if role == "third_party" and category in ADVERTISING:
        return "sharing"
    return "business_purpose"


def build_us_facts(f: Facts, law: LawData) -> UsFacts:
    p = f.profile
    ccpa = p.ccpa
    sensitive = {
        d.id: kind
        for d in p.data
        if d.role == "controller" and (kind := us_sensitive(d.us_sensitive, d.special))
    }
    # Data kept in a form that identifies no one is not personal information (§ 1798.140(m)).
    ours = [d for d in p.data if d.role == "controller" and not d.anonymous]
    cats = {d.id: data_categories(d.kind, d.ccpa, sensitive.get(d.id)) for d in ours}
    recipients = _recipients(f, cats)
    categories = tuple(
        _row(c, f, cats, recipients) for c in CCPA_CATEGORIES if any(c in v for v in cats.values())
    )
    sold = any(r.disclosure == "sale" for r in recipients)
    shared = any(r.disclosure == "sharing" for r in recipients)
    c = law.us.ccpa
    states, unknown = _states(p.us_states.states if p.us_states else [], law)
    facts = UsFacts(
        ccpa=f.laws.ccpa,
        applies=tuple(ccpa.applies) if ccpa else (),
        data_categories=cats,
        unclassified=tuple(d for d, v in cats.items() if not v),
        sensitive=sensitive,
        categories=categories,
        recipients=recipients,
        sells=p.selling.sells or sold,
        shares=p.selling.shares_for_advertising or shared,
        right_to_limit=bool(sensitive) and ccpa is not None and ccpa.sensitive_use == "beyond",
        response_days=c.response_days,
        extension_days=c.extension_days,
        confirm_business_days=c.confirm_business_days,
        minor_age=c.minor_age,
        parent_age=c.parent_age,
        states=states,
        state_sensitive=tuple(
            d for d, k in sensitive.items() if any(k in s.sensitive_kinds for _, s in states)
        ),
        unknown_states=unknown,
        notices=(),
        trackers=tuple(
            r.vendor.name
            for r in f.recipients
            if tracks(r.vendor.category) and (r.role != "processor" or r.vendor.category != "analytics")
        ),
    )
    due = {
        "sells": facts.sells,
        "targeted_advertising": facts.shares,
        "profiling": p.automated_decisions.used,
        "sells_sensitive": _sold(recipients, set(sensitive)),
        "sells_biometric": _sold(recipients, {d for d, k in sensitive.items() if k == "biometric"}),
    }
    notices = tuple((code, n) for code, state in states for n in state.notices if due[n.when])
    return replace(facts, notices=notices)


def _sold(recipients: Sequence[UsRecipient], data: set[str]) -> bool:
    return any(r.disclosure == "sale" and set(r.data) & data for r in recipients)


def _states(
    named: Sequence[str] | str, law: LawData
) -> tuple[tuple[tuple[str, StateLaw], ...], tuple[str, ...]]:
    codes = sorted(law.us.states) if named == "all" else list(dict.fromkeys(named))
    found = tuple((code, law.us.states[code]) for code in codes if code in law.us.states)
    return found, tuple(code for code in codes if code not in law.us.states)


def _recipients(f: Facts, cats: Mapping[str, tuple[CcpaCategory, ...]]) -> tuple[UsRecipient, ...]:
    found = []
    for r in f.recipients:
        use = r.use
        role = recipient_role(use.ccpa_role if use else None, r.role, None)
        data = tuple(d for d in r.data if d in cats)
        if data:
            received = tuple(dict.fromkeys(c for d in data for c in cats[d]))
        else:  # named for its cookies: what the catalog says it receives
            received = tuple(
                dict.fromkeys(c for k in r.vendor.data_received for c in KIND_CATEGORIES.get(k, ()))
            )
        found.append(
            UsRecipient(
                r.id,
                r.vendor.name,
                None,
                role,
                disclosure(use.ccpa_disclosure if use else None, role, r.vendor.category),
                data,
                tuple(c for c in CCPA_CATEGORIES if c in received),
                r.location,
            )
        )
    for i, o in enumerate(f.other_recipients):
        rec = o.recipient
        role = recipient_role(rec.ccpa_role, None, rec.kind)
        data = tuple(d for d in o.data if d in cats) if rec.data else tuple(cats)
        found.append(
            UsRecipient(
                f"other_recipients[{i}]",
                None,
                rec.kind,
                role,
                disclosure(rec.ccpa_disclosure, role, None),
                data,
                tuple(c for c in CCPA_CATEGORIES if any(c in cats[d] for d in data)),
                o.location,
                rec.kind in CONTINGENT_KINDS,
            )
        )
    return tuple(found)


def _row(
    c: CcpaCategory, f: Facts, cats: Mapping[str, tuple[CcpaCategory, ...]], recipients: Sequence[UsRecipient]
) -> CategoryFacts:
    data = tuple(d for d, v in cats.items() if c in v)
    wanted = set(data)

    def to(kind: Disclosure) -> tuple[str, ...]:
        return tuple(
            r.key for r in recipients if r.disclosure == kind and c in r.categories and not r.contingent
        )

    return CategoryFacts(
        category=c,
        data=data,
        sources=tuple(dict.fromkeys(f.data[d].source for d in data)),
        purposes=tuple(x.id for x in f.purposes if wanted & set(x.data)),
        business_purpose_to=to("business_purpose"),
        sold_to=to("sale"),
        shared_to=to("sharing"),
        retention=tuple(i for i, r in enumerate(f.retention) if wanted & set(r.data)),
    )


def ccpa_applies_because(f: Facts, law: LawData) -> list[str]:
    """Why the CCPA applies, in words, with the law data's current figures (for ``validate``)."""
    c = law.us.ccpa
    said = {
        "revenue": f"annual gross revenue above USD {c.revenue_threshold:,} (as adjusted from "
        f"{c.revenue_threshold_from.isoformat()})",
        "consumers": f"the personal information of {c.consumers_threshold:,} or more consumers or "
        "households a year",
        "selling_revenue": f"{c.selling_revenue_share}% or more of annual revenue from selling or sharing",
        "voluntary": "applied by choice",
    }
    return [said[a] for a in f.us.applies]
