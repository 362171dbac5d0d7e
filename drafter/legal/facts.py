"""A profile's legal facts: every decision the law or the catalog makes about it, once.

:func:`build_facts` reads the profile, the vendors it uses and the law data, and asks
:mod:`drafter.legal.decisions` and :mod:`drafter.legal.transfers` for each decision.
The result is frozen and language-neutral: the template context
(:mod:`drafter.render.context`), ``check``, ``record``, the rules and the wizard's last
check all read it, and none of them decides a legal fact again.

Facts are built even from a profile with broken references (an unknown data id, an
unknown vendor): what does not resolve is left out, so the rules can report every
problem of the profile at once.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from drafter.legal import decisions as decide
from drafter.legal.transfers import Transfer, controller_region, transfer_safeguards, vendor_countries
from drafter.legal.us import UsFacts, build_us_facts
from drafter.model.catalog import Entity, Region, Vendor, VendorCookie
from drafter.model.law import CountryLaw, LawData, StatutoryRetention
from drafter.model.profile import (
    Cookie,
    DataCategory,
    OtherRecipient,
    ProcessorUse,
    Profile,
    Purpose,
    RetentionRule,
)
from drafter.model.requirements import Requirement, load_requirements
from drafter.model.types import Bilingual, Duration, LocalText

Loc = tuple[str | int, ...]
COOKIE_GROUPS = ("strictly_necessary", "preferences", "analytics", "marketing")


@dataclass(frozen=True)
class Laws:
    """The laws in force for this policy."""

    gdpr: bool
    uk_gdpr: bool
    caloppa: bool
    ccpa: bool
    coppa: bool
    us_states: bool = False  # the comprehensive laws of other US states (profile us_states)

    @property
    def european(self) -> bool:
        """GDPR or UK GDPR: Art. 13/14 information, legal bases, rights, transfers."""
        return decide.european_law(self.gdpr, self.uk_gdpr)

    @property
    def cited(self) -> str | None:
        """The European law the policy and the record cite: the GDPR, else the UK GDPR."""
        return "gdpr" if self.gdpr else "uk_gdpr" if self.uk_gdpr else None

    @property
    def eprivacy(self) -> bool:
        """The cookie rules that go with them (ePrivacy Directive Art. 5(3), PECR reg. 6)."""
        return self.european

    def in_force(self, regime: str) -> bool:
        if regime in ("gdpr", "eprivacy"):
            return self.european
        return bool(getattr(self, regime))


@dataclass(frozen=True)
class Authority:
    name: LocalText | Bilingual
    url: str
    address: str | None = None  # postal address, without the country
    country: str | None = None


@dataclass(frozen=True)
class PurposeFacts:
    index: int
    purpose: Purpose
    basis: str
    needs_consent: bool
    requirement: str  # contractual, statutory, optional, automatic or none (Art. 13(2)(e))
    data: tuple[str, ...]  # ids of the categories that exist
    special: tuple[str, ...]  # the special categories (Art. 9(1)) among them
    all_special: bool  # every category it uses is special
    special_condition: str | None  # the Art. 9(2) condition the profile states
    given: tuple[str, ...] = ()  # of ``data``: what the person gives us (the requirement is about these)
    automatic: tuple[str, ...] = ()  # what we collect as the service is used: never "given"
    received: tuple[str, ...] = ()  # what others pass to us (Art. 14)

    @property
    def id(self) -> str:
        return self.purpose.id


@dataclass(frozen=True)
class VendorRecipient:
    """A vendor that receives data: listed as a processor, or only through its cookies."""

    id: str
    vendor: Vendor
    entity: Entity
    role: str  # processor | controller (it also uses data for its own purposes) | joint (Art. 26)
    separate_controller: bool  # for the part it does for its own purposes (with or without joint)
    advertising_partner: bool  # an ad or social network with purposes of its own
    purposes: tuple[str, ...]  # the profile's purposes it serves, as listed
    data: tuple[str, ...]  # the categories it receives (as listed, else its purposes' data)
    activities: tuple[str, ...]  # the purposes whose processing it takes part in
    transfer: Transfer | None
    use: ProcessorUse | None  # None: named only in the cookie section
    location: Loc


@dataclass(frozen=True)
class SubProcessor:
    """A vendor we use for data held for our business customers (Art. 28(4))."""

    vendor: Vendor
    entity: Entity
    transfer: Transfer | None


@dataclass(frozen=True)
class OtherRecipientFacts:
    recipient: OtherRecipient
    data: tuple[str, ...]
    activities: tuple[str, ...]
    transfer: Transfer | None
    location: Loc


@dataclass(frozen=True)
class CookieFacts:
    name: str | None
    vendor: Vendor | None
    party: Literal["first", "third"]
    group: str | None
    purpose: LocalText | Bilingual | None
    duration: Duration | None
    basis: str
    needs_consent: bool
    location: Loc  # the profile's cookie entry it comes from
    eprivacy: bool  # the ePrivacy rules apply to it

    @property
    def exempt_measurement(self) -> bool:
        """Audience measurement set without consent under the ePrivacy rules (the CNIL
        exemption must then hold)."""
        return self.eprivacy and self.group == "analytics" and not self.needs_consent


@dataclass(frozen=True)
class CookieGroupFacts:
    group: str
    cookies: tuple[CookieFacts, ...]
    bases: tuple[str, ...]  # the distinct bases of its cookies, in order
    needs_consent: bool  # some of its cookies are set only with consent


@dataclass(frozen=True)
class RetentionFacts:
    rule: RetentionRule
    data: tuple[str, ...]
    all_data: bool  # one rule for every category: "all your data"
    statutory: StatutoryRetention | None
    location: Loc


@dataclass(frozen=True)
class Facts:
    profile: Profile
    vendors: Mapping[str, Vendor]
    laws: Laws
    country: str
    country_law: CountryLaw | None
    controller_in_eea: bool
    region: Region
    transfer_regime: str | None  # eu | uk: whose transfer rules apply (None: no European law)
    national_law: LocalText | Bilingual | None  # named beside the GDPR: the profile's, else the law data's
    authority: Authority | None
    authority_needed: bool
    consent_age: int | None
    eu_representative_needed: bool
    data: Mapping[str, DataCategory]
    processor_data: tuple[str, ...]  # held for business customers, as their processor (Art. 28)
    sub_processors: tuple[SubProcessor, ...]  # the vendors we use for that data (Art. 28(4))
    data_statutory: Mapping[str, StatutoryRetention]  # categories the law makes us keep, with its period
    purposes: tuple[PurposeFacts, ...]
    recipients: tuple[VendorRecipient, ...]
    other_recipients: tuple[OtherRecipientFacts, ...]
    cookies: tuple[CookieFacts, ...]
    cookie_groups: tuple[CookieGroupFacts, ...]
    retention: tuple[RetentionFacts, ...]
    uses_consent: bool
    consent_cookies: bool
    direct_marketing: bool
    contact_email: str
    post_mortem_directives: bool  # the French right to instructions on one's data after death
    requirements: tuple[Requirement, ...]
    unresolved: tuple[tuple[Loc, str], ...] = ()  # vendors and cookies that did not resolve
    us_facts: UsFacts | None = None  # set by build_facts; read through ``us``

    @property
    def us(self) -> UsFacts:
        """The CCPA's and the other US states' view of the profile (:mod:`drafter.legal.us`)."""
        assert self.us_facts is not None
        return self.us_facts

    @property
    def transfers(self) -> list[Transfer]:
        found = [r.transfer for r in self.recipients] + [r.transfer for r in self.other_recipients]
        return [t for t in found if t is not None]

    @property
    def requirement_ids(self) -> list[str]:
        return [r.id for r in self.requirements]


def build_facts(
    profile: Profile,
    vendors: Mapping[str, Vendor],
    law: LawData,
    unresolved: Sequence[tuple[Loc, str]] = (),
) -> Facts:
    p = profile
    r = p.regimes
    laws = Laws(r.gdpr, r.uk_gdpr, r.caloppa, r.ccpa, r.coppa, p.us_states is not None)
    country = p.controller.address.country
    region = controller_region(country, law)
    regime = decide.transfer_regime(r.gdpr, r.uk_gdpr, country)
    country_law = law.country(country)
    data = {d.id: d for d in p.data}
    purposes = tuple(_purpose(i, x, data) for i, x in enumerate(p.purposes))
    by_id = {x.id: x for x in purposes}
    needed = decide.authority_needed(r.gdpr, r.uk_gdpr, country, law)
    authority = None
    if p.supervisory_authority is not None:
        authority = Authority(p.supervisory_authority.name, str(p.supervisory_authority.url))
    elif needed and country_law is not None:
        authority = Authority(
            country_law.authority.name, str(country_law.authority.url), country_law.authority.address, country
        )

    held = {d.id for d in p.data if d.role == "processor"}
    ours = {ident: d for ident, d in data.items() if ident not in held}
    recipients = [
        _processor(i, use, vendors[use.vendor], by_id, purposes, ours, region, law, regime)
        for i, use in enumerate(p.processors)
        if use.vendor in vendors and (use.purposes or set(use.data) - held)
    ]
    sub_processors = tuple(
        SubProcessor(v, v.entity_for(region), _vendor_transfer(v, region, law, regime))
        for use in p.processors
        if (v := vendors.get(use.vendor)) is not None and set(use.data) & held
    )
    listed = {use.vendor for use in p.processors}
    for i, cookie in enumerate(p.cookies):
        vendor = vendors.get(cookie.vendor or "")
        if vendor is not None and vendor.id not in listed and cookie.vendor is not None:
            listed.add(cookie.vendor)  # a vendor named only for its cookies receives data too
            recipients.append(_cookie_vendor(i, cookie.vendor, vendor, region, law, regime))
    others = tuple(
        OtherRecipientFacts(
            rec,
            tuple(d for d in rec.data if d in data),
            _activities(rec.data, purposes),
            transfer_safeguards(rec.countries, False, rec.transfer_mechanism, law, regime),
            ("other_recipients", i),
        )
        for i, rec in enumerate(p.other_recipients)
    )
    statutory = {s.id: s for s in country_law.retention} if country_law else {}
    retention = tuple(
        RetentionFacts(
            rule,
            tuple(d for d in rule.data if d in data),
            len(p.data) > 1 and set(rule.data) >= set(data),
            statutory.get(rule.statutory) if rule.statutory else None,
            ("retention", i),
        )
        for i, rule in enumerate(p.retention)
    )
    tool = bool(p.cookie_settings and p.cookie_settings.consent_tool)
    cookies = tuple(
        c for i, declared in enumerate(p.cookies) for c in _cookies(i, declared, vendors, laws.eprivacy, tool)
    )
    groups = tuple(
        CookieGroupFacts(
            g,
            members,
            tuple(dict.fromkeys(c.basis for c in members)),
            any(c.needs_consent for c in members),
        )
        for g in COOKIE_GROUPS
        if (members := tuple(c for c in cookies if c.group == g))
    )
    consent_cookies = any(c.needs_consent for c in cookies)
    contact = p.dpo or p.privacy_contact
    facts = Facts(
        profile=p,
        vendors=vendors,
        laws=laws,
        country=country,
        country_law=country_law,
        controller_in_eea=law.in_eea(country),
        region=region,
        transfer_regime=regime,
        national_law=p.regimes.national_law
        or (country_law.national_law if country_law and laws.european and country_law.national_law else None),
        authority=authority,
        authority_needed=needed,
        consent_age=decide.consent_age(country, law),
        eu_representative_needed=decide.eu_representative_needed(r.gdpr, country, law),
        data=data,
        processor_data=tuple(d.id for d in p.data if d.role == "processor"),
        sub_processors=sub_processors,
        data_statutory={d.id: statutory[d.statutory] for d in p.data if d.statutory in statutory},
        purposes=purposes,
        recipients=tuple(recipients),
        other_recipients=others,
        cookies=cookies,
        cookie_groups=groups,
        retention=retention,
        uses_consent=consent_cookies or any(x.needs_consent for x in purposes),
        consent_cookies=consent_cookies,
        direct_marketing=decide.direct_marketing([x.purpose.kind for x in purposes]),
        contact_email=str(contact.email if contact else p.controller.email),
        post_mortem_directives=laws.european and bool(country_law and country_law.post_mortem_directives),
        requirements=(),
        unresolved=tuple(unresolved),
    )
    facts = replace(facts, us_facts=build_us_facts(facts, law))
    applies = tuple(
        req for req in load_requirements() if laws.in_force(req.regime) and CONDITIONS[req.when](facts)
    )
    return replace(facts, requirements=applies)


def _purpose(i: int, x: Purpose, data: Mapping[str, DataCategory]) -> PurposeFacts:
    known = tuple(d for d in x.data if d in data)
    by_source: dict[str, tuple[str, ...]] = {
        source: tuple(d for d in known if data[d].source == source)
        for source in ("you", "automatic", "third_party")
    }
    return PurposeFacts(
        index=i,
        purpose=x,
        basis=x.legal_basis or "none",
        needs_consent=decide.needs_consent(x.legal_basis, x.special_condition),
        requirement=decide.purpose_requirement(
            x.legal_basis, x.requirement, bool(known) and len(by_source["automatic"]) == len(known)
        ),
        data=known,
        special=tuple(dict.fromkeys(s for d in known if (s := data[d].special) is not None)),
        all_special=bool(known) and all(data[d].special is not None for d in known),
        special_condition=x.special_condition,
        given=by_source["you"],
        automatic=by_source["automatic"],
        received=by_source["third_party"],
    )


def _activities(data: Sequence[str], purposes: Sequence[PurposeFacts]) -> tuple[str, ...]:
    """The purposes a recipient listed by its data (not by purpose) takes part in.

    Those that handle all of its data (carriers receiving contact details and the delivery
    address: the delivery purpose, not every purpose that uses contact details); failing
    any, those that handle some of it. A recipient with no data listed may receive any
    data, so it takes part in every purpose.
    """
    wanted = set(data)
    if not wanted:
        return tuple(x.id for x in purposes)
    whole = [x.id for x in purposes if wanted <= set(x.purpose.data)]
    if whole:
        return tuple(whole)
    return tuple(x.id for x in purposes if wanted & set(x.purpose.data))


def _processor(
    i: int,
    use: ProcessorUse,
    vendor: Vendor,
    by_id: Mapping[str, PurposeFacts],
    purposes: Sequence[PurposeFacts],
    data: Mapping[str, DataCategory],
    region: Region,
    law: LawData,
    regime: str | None,
) -> VendorRecipient:
    served = tuple(x for x in use.purposes if x in by_id)
    if use.data:
        received = tuple(d for d in use.data if d in data)
    else:
        received = tuple(dict.fromkeys(d for x in served for d in by_id[x].data))
    return VendorRecipient(
        id=use.vendor,
        vendor=vendor,
        entity=vendor.entity_for(region),
        role=decide.vendor_role(vendor.own_purposes, vendor.joint_controller),
        separate_controller=vendor.own_purposes,
        advertising_partner=decide.advertising_partner(
            vendor.category, decide.vendor_role(vendor.own_purposes, vendor.joint_controller)
        ),
        purposes=served,
        data=received,
        activities=served if use.purposes else _activities(use.data, purposes),
        transfer=_vendor_transfer(vendor, region, law, regime),
        use=use,
        location=("processors", i),
    )


def _cookie_vendor(
    i: int, ident: str, vendor: Vendor, region: Region, law: LawData, regime: str | None
) -> VendorRecipient:
    return VendorRecipient(
        id=ident,
        vendor=vendor,
        entity=vendor.entity_for(region),
        role=decide.vendor_role(vendor.own_purposes, vendor.joint_controller),
        separate_controller=vendor.own_purposes,
        advertising_partner=decide.advertising_partner(
            vendor.category, decide.vendor_role(vendor.own_purposes, vendor.joint_controller)
        ),
        purposes=(),
        data=(),
        activities=(),
        transfer=_vendor_transfer(vendor, region, law, regime),
        use=None,
        location=("cookies", i, "vendor"),
    )


def _vendor_transfer(vendor: Vendor, region: Region, law: LawData, regime: str | None) -> Transfer | None:
    countries = vendor_countries(vendor, region)
    return transfer_safeguards(countries, vendor.dpf_certified, vendor.transfer_mechanism, law, regime)


def cookies_need_consent(
    cookies: Sequence[Cookie], vendors: Mapping[str, Vendor], eprivacy: bool, consent_tool: bool = False
) -> bool:
    """Whether any of these cookie entries is set only with consent (for the wizard, whose
    answers are not a whole profile yet)."""
    return any(
        c.needs_consent
        for i, entry in enumerate(cookies)
        for c in _cookies(i, entry, vendors, eprivacy, consent_tool)
    )


def _cookies(
    i: int, c: Cookie, vendors: Mapping[str, Vendor], eprivacy: bool, consent_tool: bool = False
) -> list[CookieFacts]:
    """One profile entry's cookies; a bare ``vendor:`` entry stands for that vendor's cookies."""
    vendor = vendors.get(c.vendor) if c.vendor else None
    if c.vendor is not None and vendor is None:
        return []  # an unknown vendor, reported by the rules
    if vendor is not None and c.name is None and c.purpose is None:
        return [
            _cookie(
                i,
                vc.name,
                vendor,
                vc.party,
                vc.group,
                vc.purpose,
                vc.duration,
                c.legal_basis,
                vc,
                eprivacy,
                consent_tool,
            )
            for vc in vendor.cookies
            if c.group is None or vc.group == c.group
        ]
    match = next((x for x in vendor.cookies if x.name == c.name), None) if vendor else None
    return [
        _cookie(
            i,
            c.name,
            vendor,
            "third" if vendor else "first",
            c.group or (match.group if match else None),
            c.purpose or (match.purpose if match else None),
            c.duration or (match.duration if match else None),
            c.legal_basis,
            match,
            eprivacy,
            consent_tool,
        )
    ]


def _cookie(
    i: int,
    name: str | None,
    vendor: Vendor | None,
    party: Literal["first", "third"],
    group: str | None,
    purpose: LocalText | Bilingual | None,
    duration: Duration | None,
    declared: str | None,
    known: VendorCookie | None,
    eprivacy: bool,
    consent_tool: bool = False,
) -> CookieFacts:
    basis = decide.cookie_basis(declared, group, known.legal_basis if known else None)
    needs = decide.cookie_needs_consent(basis, eprivacy, consent_tool)
    return CookieFacts(name, vendor, party, group, purpose, duration, basis, needs, ("cookies", i), eprivacy)


# When each requirement of drafter/data/requirements.yaml applies (its `when`).
CONDITIONS: dict[str, Callable[[Facts], bool]] = {
    "always": lambda f: True,
    "dpo": lambda f: f.profile.dpo is not None,
    "eu_representative": lambda f: f.profile.eu_representative is not None,
    "indirect_data": lambda f: any(d.source == "third_party" for d in f.profile.data),  # Art. 14
    "legitimate_interests": lambda f: any(x.basis == "legitimate_interests" for x in f.purposes),
    "recipients": lambda f: bool(f.recipients or f.other_recipients),
    "transfers": lambda f: bool(f.transfers),
    "consent": lambda f: f.uses_consent,
    "cookies": lambda f: bool(f.cookies),
    "consent_cookies": lambda f: f.consent_cookies,
    "sells_or_shares": lambda f: f.us.sells_or_shares,
    "us_sensitive": lambda f: bool(f.us.sensitive),
    "right_to_limit": lambda f: f.us.right_to_limit,
    "financial_incentive": lambda f: (
        f.profile.ccpa is not None and f.profile.ccpa.financial_incentive is not None
    ),
    "us_states": lambda f: bool(f.us.states),
    "state_sensitive": lambda f: bool(f.us.state_sensitive),
    "appeal": lambda f: any(s.appeal_days for _, s in f.us.states),
    "state_notices": lambda f: bool(f.us.notices),
    "post_mortem": lambda f: f.post_mortem_directives,
    "exempt_measurement": lambda f: any(c.exempt_measurement for c in f.cookies),
    "special_categories": lambda f: any(x.special for x in f.purposes),
    "processor_data": lambda f: bool(f.processor_data),
}
