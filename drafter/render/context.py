"""Profile + catalog + law -> the plain context the templates word.

Everything legal is computed here, once, in Python: which entity serves the
controller, which transfers leave the EEA and under which safeguard, which
authority hears complaints, which requirement ids apply. Templates only word it.
Texts from the profile are picked in the target language and made inert for
Markdown, so profile text can never inject markup.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from drafter.legal.load import LoadedProfile
from drafter.legal.transfers import controller_region, transfer_safeguards, vendor_countries
from drafter.model.catalog import Region, Vendor
from drafter.model.law import LawData, load_law
from drafter.model.profile import Address, Contact, Cookie, Profile, cookie_basis
from drafter.model.types import Lang, LocalText, pick
from drafter.render.filters import french_typography

Context = dict[str, Any]
COOKIE_GROUPS = ("strictly_necessary", "preferences", "analytics", "marketing")

_MD_INLINE = re.compile(r"([\\`*_\[\]<>~|])")
_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
# A block marker at the start of a line: a heading (#, ##), a list item (-, +), or a run
# of - or = that would underline the line above as a heading or make a rule (---, ===).
_MD_LINE_START = re.compile(r"^([#+=-])(?=\s|$|\1)")
_MD_ORDERED = re.compile(r"^(\d+)([.)])")
# Anything any of the four substitutions below could change; most profile text has none.
_MD_ANY = re.compile(r"[\\`*_\[\]<>~|&\t\r\n\f\v]|  |^[\s#+=\d-]|\s$")


def md_escape(text: str) -> str:
    """Make profile text inert in Markdown: fold line breaks, escape what could become markup.

    Only characters that can start markup are escaped, so the Markdown stays readable.
    """
    if not _MD_ANY.search(text):
        return text
    text = _ASCII_SPACE.sub(" ", text).strip()
    text = _MD_ENTITY.sub("\\&", _MD_INLINE.sub(r"\\\1", text))
    return _MD_ORDERED.sub(r"\1\\\2", _MD_LINE_START.sub(r"\\\1", text))


def resolve(loaded: LoadedProfile, lang: Lang) -> Context:
    """Build the template context for one language."""
    p = loaded.profile
    law = load_law()
    t = _Texts(lang)
    country = p.controller.address.country
    region = controller_region(p, law)
    data_labels = {d.id: t(d.label) for d in p.data}

    def labels(ids: Iterable[str]) -> list[str]:
        return [data_labels[i] for i in ids]

    purposes: list[dict[str, Any]] = [
        {
            "id": x.id,
            "kind": x.kind,
            "description": t(x.description),
            "data": labels(x.data),
            "basis": x.legal_basis,
            "legitimate_interest": t.opt(x.legitimate_interest),
            "requirement": x.effective_requirement,
            "consequence": t.opt(x.consequence),
            "withdraw": t.opt(x.withdraw),
            "opt_out": t.opt(x.opt_out),
        }
        for x in p.purposes
    ]
    purpose_text: dict[str, str] = {str(x["id"]): str(x["description"]) for x in purposes}

    vendors = [
        _vendor(use.vendor, loaded.vendors[use.vendor], use, region, law, t, labels, purpose_text, p)
        for use in p.processors
    ]
    others: list[dict[str, Any]] = [
        {
            "kind": r.kind,
            "description": t.opt(r.description),
            "data": labels(r.data),
            "transfer": transfer_safeguards(r.countries, False, r.transfer_mechanism, law, p),
        }
        for r in p.other_recipients
    ]
    transfers = [{"recipient": v["name"], **v["transfer"]} for v in vendors if v["transfer"] is not None] + [
        {"recipient": None, "kind": o["kind"], **o["transfer"]} for o in others if o["transfer"] is not None
    ]

    country_law = law.country(country)
    authority = None
    if p.supervisory_authority is not None:
        authority = {"name": t(p.supervisory_authority.name), "url": str(p.supervisory_authority.url)}
    elif country_law is not None and (law.in_eea(country) or country == "GB"):
        authority = {
            "name": md_escape(country_law.authority.name[lang]),
            "url": str(country_law.authority.url),
        }

    statutory = {r.id: r for r in country_law.retention} if country_law else {}
    retention = [
        {
            "data": labels(r.data),
            # One rule for every category: the policy says "all your data" instead of the list.
            "all_data": len(p.data) > 1 and set(r.data) >= {d.id for d in p.data},
            "period": r.period,
            "starts": r.starts,
            "criteria": t.opt(r.criteria),
            "reference": md_escape(statutory[r.statutory].reference[lang]) if r.statutory else None,
        }
        for r in p.retention
    ]

    cookies = _cookies(p.cookies, loaded.vendors, {v.id: v for v in p.custom_vendors}, p, t)
    uses_consent = any(x.legal_basis == "consent" for x in p.purposes) or any(
        c["basis"] == "consent" for g in cookies for c in g["cookies"]
    )
    c = p.controller
    ctx: Context = {
        "lang": lang,
        "controller": {
            "legal_name": md_escape(c.legal_name),
            "trade_name": md_escape(c.trade_name) if c.trade_name else None,
            "name": md_escape(c.trade_name or c.legal_name),
            "registration": md_escape(c.registration) if c.registration else None,
            "website": str(c.website),
            "address": _address(c.address, t),
            "email": md_escape(str(c.email)),
            "phone": md_escape(c.phone) if c.phone else None,
            "country": c.address.country,
            "in_eea": law.in_eea(country),
        },
        "service": {"name": md_escape(p.service.name), "description": t(p.service.description)},
        "white_label": (
            {"partner": md_escape(p.white_label.partner) if p.white_label.partner else None}
            if p.white_label
            else None
        ),
        "dpo": _contact(p.dpo, t),
        "privacy_contact": _contact(p.privacy_contact, t),
        "eu_representative": (
            {
                "name": md_escape(p.eu_representative.name),
                "email": md_escape(str(p.eu_representative.email)),
                "address": _address(p.eu_representative.address, t),
            }
            if p.eu_representative
            else None
        ),
        "eu_representative_exempt": p.eu_representative_exempt,
        "regimes": {
            **p.regimes.model_dump(exclude={"national_law"}),
            "national_law": t.opt(p.regimes.national_law),
        },
        "authority": authority,
        "consent_age": country_law.consent_age if country_law else None,
        "data": [
            {
                "id": d.id,
                "label": t(d.label),
                "examples": t.list(d.examples),
                "source": d.source,
                "source_detail": t.opt(d.source_detail),
                "public_source": d.public_source,
                "anonymous": d.anonymous,
            }
            for d in p.data
        ],
        "purposes": purposes,
        "uses_consent": uses_consent,
        "legitimate_interests": [x for x in purposes if x["basis"] == "legitimate_interests"],
        "vendors": vendors,
        "other_recipients": others,
        "transfers": transfers,
        "retention": retention,
        "cookies": cookies,
        "cookie_settings": (
            {"consent_tool": p.cookie_settings.consent_tool, "withdraw": t.opt(p.cookie_settings.withdraw)}
            if p.cookie_settings
            else None
        ),
        "security": {"measures": p.security.measures, "other": [t(x) for x in p.security.other]},
        "children": p.children.model_dump() if p.children else None,
        "automated": {
            "used": p.automated_decisions.used,
            "description": t.opt(p.automated_decisions.description),
            "logic": t.opt(p.automated_decisions.logic),
            "consequences": t.opt(p.automated_decisions.consequences),
        },
        "ai_training": (
            {"user_content": p.ai_training.user_content, "content": t.opt(p.ai_training.content)}
            if p.ai_training
            else None
        ),
        "selling": {
            "sells": p.selling.sells,
            "shares": p.selling.shares_for_advertising,
            "opt_out": t.opt(p.selling.opt_out),
            "declared": "selling" in p.model_fields_set,
        },
        "marketing": (
            {"email": p.marketing.email, "opt_out": t.opt(p.marketing.opt_out)} if p.marketing else None
        ),
        "breach": (
            {
                "notify_by": p.breach_notification.notify_by,
                "timeframe": t.opt(p.breach_notification.timeframe),
            }
            if p.breach_notification
            else None
        ),
        "changes": {"notify_by": p.changes.notify_by, "advance_notice": p.changes.advance_notice},
        "rights": {
            "response_days": p.rights.response_days,
            "verification": t.opt(p.rights.verification),
            "request_url": str(p.rights.request_url) if p.rights.request_url else None,
        },
        "california": (
            {
                "do_not_track": p.california.do_not_track,
                "third_party_tracking": p.california.third_party_tracking,
                "change_request": t.opt(p.california.change_request),
            }
            if p.california
            else None
        ),
        "third_party_links": p.third_party_links,
        "dates": {"effective": p.dates.effective, "last_updated": p.dates.last_updated},
        "authoritative_language": p.authoritative_language,
        "languages": p.languages,
    }
    ctx["contact_email"] = (ctx["dpo"] or ctx["privacy_contact"] or ctx["controller"])["email"]
    return ctx


class _Texts:
    """Picks profile prose in one language and makes it inert for Markdown."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang

    def __call__(self, text: LocalText) -> str:
        chosen = pick(text, self.lang)
        return md_escape(french_typography(chosen) if self.lang == "fr" else chosen)

    def opt(self, text: LocalText | None) -> str | None:
        return None if text is None else self(text)

    def list(self, items: list[str] | dict[Lang, list[str]]) -> list[str]:
        chosen = items if isinstance(items, list) else items.get(self.lang, [])
        return [self(x) for x in chosen]


def _address(address: Address, t: _Texts) -> dict[str, Any]:
    return {"lines": [t(line) for line in address.lines], "country": address.country}


def _contact(contact: Contact | None, t: _Texts) -> dict[str, Any] | None:
    if contact is None:
        return None
    return {
        "name": t.opt(contact.name),
        "email": md_escape(str(contact.email)),
        "phone": md_escape(contact.phone) if contact.phone else None,
        "address": _address(contact.address, t) if contact.address else None,
        "url": str(contact.url) if contact.url else None,
    }


def _vendor(
    ident: str,
    v: Vendor,
    use: Any,
    region: Region,
    law: LawData,
    t: _Texts,
    labels: Any,
    purpose_text: dict[str, str],
    p: Profile,
) -> dict[str, Any]:
    entity = v.entity_for(region)
    data = (
        labels(use.data)
        if use.data
        else sorted({x for pid in use.purposes for x in _purpose_data(p, pid, labels)})
    )
    return {
        "id": ident,
        "name": md_escape(v.name),
        "category": v.category,
        "description": md_escape(v.description[t.lang]),
        "entity": {
            "name": md_escape(entity.name),
            "address": md_escape(entity.address),
            "country": entity.country,
        },
        "privacy_url": str(v.privacy_url),
        "purposes": [purpose_text[x] for x in use.purposes],
        "data": data,
        "role": "controller" if v.own_purposes else "processor",
        "note": t.opt(use.note),
        "transfer": transfer_safeguards(
            vendor_countries(v, region), v.dpf_certified, v.transfer_mechanism, law, p
        ),
    }


def _purpose_data(p: Profile, purpose_id: str, labels: Any) -> list[str]:
    for x in p.purposes:
        if x.id == purpose_id:
            return list(labels(x.data))
    return []


def _cookies(
    declared: list[Cookie], vendors: dict[str, Vendor], custom: dict[str, Vendor], p: Profile, t: _Texts
) -> list[dict[str, Any]]:
    """Cookies grouped in the fixed group order; a bare ``vendor:`` entry expands to its cookies."""
    rows: list[dict[str, Any]] = []
    for c in declared:
        vendor = vendors.get(c.vendor) if c.vendor else None
        if vendor is None and c.vendor:
            vendor = custom.get(c.vendor)
        if c.vendor and c.name is None and c.purpose is None and vendor is not None:
            for vc in vendor.cookies:
                if c.group is not None and vc.group != c.group:
                    continue
                rows.append(
                    {
                        "name": md_escape(vc.name),
                        "provider": md_escape(vendor.name),
                        "party": vc.party,
                        "group": vc.group,
                        "purpose": md_escape(vc.purpose[t.lang]),
                        "duration": vc.duration,
                        "basis": c.legal_basis or vc.legal_basis,
                    }
                )
            continue
        vc_match = next((x for x in vendor.cookies if x.name == c.name), None) if vendor else None
        group = c.group or (vc_match.group if vc_match else None)
        rows.append(
            {
                "name": md_escape(c.name) if c.name else None,
                "provider": md_escape(vendor.name) if vendor else None,
                "party": "third" if vendor else "first",
                "group": group,
                "purpose": t(c.purpose)
                if c.purpose
                else md_escape(vc_match.purpose[t.lang])
                if vc_match
                else None,
                "duration": c.duration or (vc_match.duration if vc_match else None),
                "basis": cookie_basis(c) or (vc_match.legal_basis if vc_match else "consent"),
            }
        )
    groups = []
    for g in COOKIE_GROUPS:
        members = [r for r in rows if r["group"] == g]
        if members:
            groups.append({"group": g, "cookies": members, "named": [r for r in members if r["name"]]})
    return groups
