"""Facts + one language -> the typed, plain-text context the templates word.

Nothing legal is decided here: every decision comes from :class:`~drafter.legal.facts.Facts`.
This module picks each text in the target language (profile prose with that language's
typography, catalog and law texts as written) and leaves it plain: it becomes Markdown
only when a template prints it (:mod:`drafter.render.environment`). ``record`` and the
other outputs read the same values.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from drafter.legal.facts import CookieFacts, CookieGroupFacts, Facts, Laws, RetentionFacts, VendorRecipient
from drafter.legal.transfers import CountryTransfer, Transfer
from drafter.model.profile import Address, Contact, DataCategory, Profile
from drafter.model.types import Bilingual, Duration, Lang, LocalText, pick
from drafter.render.filters import postal
from drafter.render.language import LanguageRecord
from drafter.render.markdown import Markdown, autolink_url
from drafter.render.us_context import UsText, build_us_context


@dataclass(frozen=True)
class AddressText:
    lines: list[str]
    country: str


@dataclass(frozen=True)
class ControllerText:
    legal_name: str
    trade_name: str | None
    name: str  # the trade name, else the legal name
    registration: str | None
    website: Markdown
    address: AddressText
    email: str
    phone: str | None
    country: str
    in_eea: bool


@dataclass(frozen=True)
class ServiceText:
    name: str
    description: str


@dataclass(frozen=True)
class WhiteLabelText:
    partner: str | None  # None: partners in general
    duties: str | None


@dataclass(frozen=True)
class ContactText:
    name: str | None
    email: str
    phone: str | None
    address: AddressText | None
    url: Markdown | None


@dataclass(frozen=True)
class RepresentativeText:
    name: str
    email: str
    address: AddressText


@dataclass(frozen=True)
class AuthorityText:
    name: str
    url: Markdown
    address: str | None


@dataclass(frozen=True)
class DataText:
    id: str
    label: str
    examples: list[str]
    source: str
    source_detail: str | None
    public_source: bool
    anonymous: bool


@dataclass(frozen=True)
class PurposeText:
    id: str
    kind: str
    description: str
    data: list[str]
    basis: str
    needs_consent: bool
    special: list[str]  # the special categories of its data (codes)
    all_special: bool
    special_condition: str | None  # its Art. 9(2) condition (code)
    legitimate_interest: str | None
    requirement: str
    consequence: str | None
    withdraw: str | None
    opt_out: str | None
    given: list[str]  # labels of the data the person gives us for it
    automatic: list[str]  # collected automatically
    received: list[str]  # received from others


@dataclass(frozen=True)
class EntityText:
    name: str
    address: str
    country: str


@dataclass(frozen=True)
class VendorText:
    id: str
    name: str
    category: str
    description: str
    entity: EntityText
    privacy_url: Markdown
    purposes: list[str]
    data: list[str]
    role: str
    purposes_of_its_own: str | None  # what it uses the data for itself, as a separate controller
    joint_arrangement_url: Markdown | None  # the essence of a joint-controller arrangement
    via_cookies: bool  # named only for its cookies: it receives what they collect
    advertising_partner: bool  # listed among our advertising partners, not our service providers
    note: str | None
    transfer: Transfer | None


@dataclass(frozen=True)
class OtherRecipientText:
    kind: str
    description: str | None
    data: list[str]
    countries: list[str]
    transfer: Transfer | None


@dataclass(frozen=True)
class TransferText:
    recipient: str | None  # a vendor's name; None for a kind of recipient
    kind: str | None
    by_country: tuple[CountryTransfer, ...]


@dataclass(frozen=True)
class RetentionText:
    data: list[str]
    all_data: bool
    period: Duration | None
    starts: str | None
    criteria: str | None
    reference: str | None


@dataclass(frozen=True)
class CookieText:
    name: str | None
    provider: str | None
    party: Literal["first", "third"]
    group: str | None
    purpose: str | None
    duration: Duration | None
    basis: str


@dataclass(frozen=True)
class BasisScopeText:
    basis: str
    scope: str


@dataclass(frozen=True)
class CookieGroupText:
    group: str
    cookies: list[CookieText]
    named: list[CookieText]
    bases: list[str]
    more_bases: list[BasisScopeText]  # further bases, each with what it covers
    needs_consent: bool


@dataclass(frozen=True)
class CookieSettingsText:
    consent_tool: bool
    withdraw: str | None
    objection: str | None


@dataclass(frozen=True)
class SecurityText:
    measures: list[str]
    other: list[str]


@dataclass(frozen=True)
class ChildrenText:
    minimum_age: int
    directed_at_children: bool


@dataclass(frozen=True)
class AutomatedText:
    used: bool
    description: str | None
    logic: str | None
    consequences: str | None


@dataclass(frozen=True)
class AiTrainingText:
    user_content: str
    content: str | None


@dataclass(frozen=True)
class SellingText:
    sells: bool
    shares: bool
    opt_out: str | None
    declared: bool  # the profile says whether it sells: "we do not sell" may be stated


@dataclass(frozen=True)
class MarketingText:
    email: bool
    opt_out: str | None


@dataclass(frozen=True)
class BreachText:
    notify_by: list[str]
    timeframe: str | None


@dataclass(frozen=True)
class ChangesText:
    notify_by: list[str]
    material_by: list[str]
    advance_notice: Duration | None


@dataclass(frozen=True)
class RightsText:
    response_days: int | None
    verification: str | None
    request_url: Markdown | None
    procedures: dict[str, str]


@dataclass(frozen=True)
class CaliforniaText:
    do_not_track: str
    third_party_tracking: bool
    change_request: str | None
    trackers: list[str]  # the vendors that do track


@dataclass(frozen=True)
class DatesText:
    effective: dt.date
    last_updated: dt.date


@dataclass(frozen=True)
class Context:
    """Everything a policy's templates print, in one language."""

    lang: Lang
    language: LanguageRecord
    law: Laws
    transfer_area: str | None  # eu | uk: the EEA or the United Kingdom
    national_law: str | None
    controller: ControllerText
    service: ServiceText
    white_label: WhiteLabelText | None
    dpo: ContactText | None
    privacy_contact: ContactText | None
    eu_representative: RepresentativeText | None
    eu_representative_exempt: bool
    authority: AuthorityText | None
    consent_age: int | None
    data: list[DataText]  # what we process as controller
    processor_data: list[DataText]  # what our business customers put in, processed for them
    sub_processors: list[str]  # the vendors we use for it
    purposes: list[PurposeText]
    purpose_groups: list[tuple[str, list[PurposeText]]]  # by legal basis, as the profile first uses each
    legitimate_interests: list[PurposeText]
    uses_consent: bool
    cookies_need_consent: bool
    direct_marketing: bool
    vendors: list[VendorText]
    other_recipients: list[OtherRecipientText]
    transfers: list[TransferText]
    retention: list[RetentionText]
    cookies: list[CookieGroupText]
    cookie_settings: CookieSettingsText | None
    security: SecurityText
    children: ChildrenText | None
    automated: AutomatedText
    ai_training: AiTrainingText | None
    selling: SellingText
    marketing: MarketingText | None
    breach: BreachText | None
    changes: ChangesText
    rights: RightsText
    california: CaliforniaText | None
    third_party_links: bool
    dates: DatesText
    authoritative_language: str | None
    languages: list[str]
    contact_email: str
    post_mortem_directives: bool
    us: UsText  # the CCPA notice and the other US states' section


Labels = Callable[[Sequence[str]], list[str]]


def _by_basis(purposes: list[PurposeText]) -> list[tuple[str, list[PurposeText]]]:
    groups: dict[str, list[PurposeText]] = {}
    for p in purposes:
        groups.setdefault(p.basis, []).append(p)
    return list(groups.items())


class _Texts:
    """Picks texts in one language; profile prose gets that language's typography."""

    def __init__(self, record: LanguageRecord) -> None:
        self.record = record
        self.lang = record.lang

    def __call__(self, text: LocalText) -> str:
        return self.record.typography(pick(text, self.lang))

    def opt(self, text: LocalText | None) -> str | None:
        return None if text is None else self(text)

    def list(self, items: list[str] | dict[Lang, list[str]]) -> list[str]:
        chosen = items if isinstance(items, list) else items.get(self.lang, [])
        return [self(x) for x in chosen]

    def either(self, text: LocalText | Bilingual) -> str:
        """A profile text, or a catalog or law text (written in each language as it stands)."""
        return text[self.lang] if isinstance(text, Bilingual) else self(text)


def build_context(facts: Facts, record: LanguageRecord) -> Context:
    p = facts.profile
    t = _Texts(record)
    label = {ident: t(d.label) for ident, d in facts.data.items()}

    def labels(ids: Sequence[str]) -> list[str]:
        return [label[i] for i in ids if i in label]

    purposes = [
        PurposeText(
            x.id,
            x.purpose.kind,
            t(x.purpose.description),
            labels(x.data),
            x.basis,
            x.needs_consent,
            list(x.special),
            x.all_special,
            x.special_condition,
            t.opt(x.purpose.legitimate_interest),
            x.requirement,
            t.opt(x.purpose.consequence),
            t.opt(x.purpose.withdraw),
            t.opt(x.purpose.opt_out),
            labels(x.given),
            labels(x.automatic),
            labels(x.received),
        )
        for x in facts.purposes
    ]
    described = {x.id: x.description for x in purposes}
    vendors = [_vendor(r, t, labels, described) for r in facts.recipients]
    others = [
        OtherRecipientText(
            o.recipient.kind,
            t.opt(o.recipient.description),
            labels(o.data),
            list(o.recipient.countries),
            o.transfer,
        )
        for o in facts.other_recipients
    ]
    transfers = [TransferText(v.name, None, v.transfer.by_country) for v in vendors if v.transfer] + [
        TransferText(None, o.kind, o.transfer.by_country) for o in others if o.transfer
    ]
    c = p.controller
    a = facts.authority
    settings = p.cookie_settings
    retention = [_retention(r, t, labels) for r in facts.retention]
    postal_address = postal([t(line) for line in c.address.lines], c.address.country, record)
    return Context(
        lang=record.lang,
        language=record,
        law=facts.laws,
        transfer_area=facts.transfer_regime,
        national_law=t.either(facts.national_law) if facts.national_law else None,
        controller=ControllerText(
            c.legal_name,
            c.trade_name,
            c.trade_name or c.legal_name,
            c.registration,
            autolink_url(str(c.website)),
            _address(c.address, t),
            str(c.email),
            c.phone,
            c.address.country,
            facts.controller_in_eea,
        ),
        service=ServiceText(p.service.name, t(p.service.description)),
        white_label=WhiteLabelText(p.white_label.partner, t.opt(p.white_label.partner_duties))
        if p.white_label
        else None,
        dpo=_contact(p.dpo, t),
        privacy_contact=_contact(p.privacy_contact, t),
        eu_representative=(
            RepresentativeText(
                p.eu_representative.name,
                str(p.eu_representative.email),
                _address(p.eu_representative.address, t),
            )
            if p.eu_representative
            else None
        ),
        eu_representative_exempt=p.eu_representative_exempt,
        authority=AuthorityText(
            t.either(a.name),
            autolink_url(a.url),
            postal([a.address], a.country, record) if a.address and a.country else None,
        )
        if a
        else None,
        consent_age=facts.consent_age,
        data=[_data(d, t) for d in p.data if d.id not in facts.processor_data],
        processor_data=[_data(d, t) for d in p.data if d.id in facts.processor_data],
        sub_processors=[s.vendor.name for s in facts.sub_processors],
        purposes=purposes,
        purpose_groups=_by_basis(purposes),
        legitimate_interests=[x for x in purposes if x.basis == "legitimate_interests"],
        uses_consent=facts.uses_consent,
        cookies_need_consent=facts.consent_cookies,
        direct_marketing=facts.direct_marketing,
        vendors=vendors,
        other_recipients=others,
        transfers=transfers,
        retention=retention,
        cookies=[
            CookieGroupText(
                g.group,
                cookies := [_cookie(x, t) for x in g.cookies],
                [x for x in cookies if x.name],
                list(g.bases),
                _more_bases(g, p, t),
                g.needs_consent,
            )
            for g in facts.cookie_groups
        ],
        cookie_settings=CookieSettingsText(
            settings.consent_tool, t.opt(settings.withdraw), t.opt(settings.objection)
        )
        if settings
        else None,
        security=SecurityText(list(p.security.measures), [t(x) for x in p.security.other]),
        children=ChildrenText(p.children.minimum_age, p.children.directed_at_children)
        if p.children
        else None,
        automated=AutomatedText(
            p.automated_decisions.used,
            t.opt(p.automated_decisions.description),
            t.opt(p.automated_decisions.logic),
            t.opt(p.automated_decisions.consequences),
        ),
        ai_training=AiTrainingText(p.ai_training.user_content, t.opt(p.ai_training.content))
        if p.ai_training
        else None,
        selling=SellingText(
            p.selling.sells,
            p.selling.shares_for_advertising,
            t.opt(p.selling.opt_out),
            "selling" in p.model_fields_set,
        ),
        marketing=MarketingText(p.marketing.email, t.opt(p.marketing.opt_out)) if p.marketing else None,
        breach=BreachText(list(p.breach_notification.notify_by), t.opt(p.breach_notification.timeframe))
        if p.breach_notification
        else None,
        changes=ChangesText(list(p.changes.notify_by), list(p.changes.material_by), p.changes.advance_notice),
        rights=RightsText(
            p.rights.response_days,
            t.opt(p.rights.verification),
            autolink_url(str(p.rights.request_url)) if p.rights.request_url else None,
            {right: t(text) for right, text in p.rights.procedures.items()},
        ),
        california=CaliforniaText(
            p.california.do_not_track,
            p.california.third_party_tracking,
            t.opt(p.california.change_request),
            list(facts.us.trackers),
        )
        if p.california
        else None,
        third_party_links=p.third_party_links,
        dates=DatesText(p.dates.effective, p.dates.last_updated),
        authoritative_language=p.authoritative_language,
        languages=list(p.languages),
        contact_email=facts.contact_email,
        post_mortem_directives=facts.post_mortem_directives,
        us=build_us_context(facts, t, record.lang, labels, described, retention, postal_address),
    )


def _more_bases(g: CookieGroupFacts, p: Profile, t: _Texts) -> list[BasisScopeText]:
    entries = dict.fromkeys(int(c.location[1]) for c in g.cookies)
    found = [BasisScopeText(m.basis, t(m.scope)) for i in entries for m in p.cookies[i].more_bases]
    return list(dict.fromkeys(found))


def _data(d: DataCategory, t: _Texts) -> DataText:
    return DataText(
        d.id, t(d.label), t.list(d.examples), d.source, t.opt(d.source_detail), d.public_source, d.anonymous
    )


def _address(address: Address, t: _Texts) -> AddressText:
    return AddressText([t(line) for line in address.lines], address.country)


def _contact(contact: Contact | None, t: _Texts) -> ContactText | None:
    if contact is None:
        return None
    return ContactText(
        t.opt(contact.name),
        str(contact.email),
        contact.phone,
        _address(contact.address, t) if contact.address else None,
        autolink_url(str(contact.url)) if contact.url else None,
    )


def _vendor(r: VendorRecipient, t: _Texts, labels: Labels, described: dict[str, str]) -> VendorText:
    v = r.vendor
    data = labels(r.data)
    return VendorText(
        r.id,
        v.name,
        v.category,
        v.description[t.lang],
        EntityText(r.entity.name, r.entity.address, r.entity.country),
        autolink_url(str(v.privacy_url)),
        [described[x] for x in r.purposes],
        data if r.use is not None and r.use.data else sorted(data),
        r.role,
        v.own_purposes_detail[t.lang] if r.separate_controller and v.own_purposes_detail else None,
        autolink_url(str(v.joint_arrangement_url)) if r.role == "joint" and v.joint_arrangement_url else None,
        r.use is None,
        r.advertising_partner,
        t.opt(r.use.note) if r.use else None,
        r.transfer,
    )


def _retention(r: RetentionFacts, t: _Texts, labels: Labels) -> RetentionText:
    return RetentionText(
        labels(r.data),
        r.all_data,
        r.rule.period,
        r.rule.starts,
        t.opt(r.rule.criteria),
        r.statutory.reference[t.lang] if r.statutory else None,
    )


def _cookie(c: CookieFacts, t: _Texts) -> CookieText:
    return CookieText(
        c.name,
        c.vendor.name if c.vendor else None,
        c.party,
        c.group,
        t.either(c.purpose) if c.purpose is not None else None,
        c.duration,
        c.basis,
    )
