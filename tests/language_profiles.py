"""Profiles made for the language gate: each turns on wording the shipped profiles leave unused.

Every variant starts from ``profiles/example.yaml`` and changes what it is about: the
country and regimes, single or plural data categories, every legal basis and start
event, vendors whose names start with a vowel (French elision: « d'Intercom »), every
kind of recipient, automated decisions, AI training, selling, a white-label partner.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import Any, get_args

import yaml

from drafter.model.profile import RecipientKind, StartEvent

ROOT = Path(__file__).resolve().parent.parent
Profile = dict[str, Any]


def _base() -> Profile:
    with (ROOT / "profiles" / "example.yaml").open(encoding="utf-8") as f:
        data: Profile = yaml.safe_load(f)
    return data


def _text(en: str, fr: str) -> dict[str, str]:
    return {"en": en, "fr": fr}


def belgian_ai_app(p: Profile) -> None:
    """Belgian controller, vowel-initial vendors, AI training with consent, automated decisions."""
    p["controller"]["address"] = {"lines": ["Rue de la Loi 16", "1000 Bruxelles"], "country": "BE"}
    p["dpo"]["address"]["country"] = "BE"
    p["regimes"] = {"gdpr": True}
    p["processors"] += [
        {"vendor": "intercom", "purposes": ["support"]},
        {"vendor": "openai", "purposes": ["support"], "data": ["messages"]},
        {"vendor": "ovhcloud", "purposes": ["orders"]},
        {"vendor": "amazon-ses", "purposes": ["newsletter"]},
    ]
    p["ai_training"] = {
        "user_content": "with_consent",
        "content": _text("the photos you publish", "les photos que vous publiez"),
    }
    p["automated_decisions"] = {
        "used": True,
        "description": _text(
            "we score each order for fraud risk", "nous évaluons le risque de fraude de chaque commande"
        ),
        "logic": _text(
            "the score weighs the card's country against the delivery address",
            "le score compare le pays de la carte à l'adresse de livraison",
        ),
        "consequences": _text(
            "an order with a high score waits for a person to check it",
            "une commande au score élevé attend la vérification d'une personne",
        ),
    }
    for r in p["retention"]:
        r.pop("statutory", None)


def american_app(p: Profile) -> None:
    """Controller in the United States: EU representative, CalOPPA, COPPA, American English.

    (No CCPA: drafter refuses to draft a CCPA policy until it words the CCPA notice.)"""
    p["controller"]["address"] = {"lines": ["100 Market Street", "San Francisco, CA 94105"], "country": "US"}
    p["dpo"]["address"]["country"] = "US"
    p["regimes"] = {"gdpr": True, "caloppa": True, "coppa": True}
    p["english"] = "en-US"
    p["eu_representative"] = {
        "name": "Rep Europe SARL",
        "email": "rep@example.eu",
        "address": {"lines": ["2 rue Exemple", "75002 Paris"], "country": "FR"},
    }
    p["california"] = {
        "do_not_track": "honoured",
        "third_party_tracking": True,  # Meta Pixel: an ad network tracks across sites
        "change_request": _text(
            "You can change your information in your account settings.",
            "Vous pouvez modifier vos informations dans les réglages de votre compte.",
        ),
    }
    p["children"] = {"minimum_age": 13, "directed_at_children": False}
    p["selling"] = {
        "sells": False,
        "shares_for_advertising": True,
        "opt_out": _text(
            "Use the “Do not share my information” link at the bottom of each page.",
            "Utilisez le lien « Ne pas partager mes informations » en bas de chaque page.",
        ),
    }
    p["processors"].append({"vendor": "meta-pixel", "purposes": ["analytics"]})
    for r in p["retention"]:
        r.pop("statutory", None)


def british_shop(p: Profile) -> None:
    """Controller in the United Kingdom under the UK GDPR and the GDPR."""
    p["controller"]["address"] = {"lines": ["1 High Street", "Bath BA1 1AA"], "country": "GB"}
    p["dpo"]["address"]["country"] = "GB"
    p["regimes"] = {"gdpr": True, "uk_gdpr": True}
    p["eu_representative_exempt"] = True
    for r in p["retention"]:
        r.pop("statutory", None)


def single_category(p: Profile) -> None:
    """German newsletter with one data category, one purpose, no vendors and no cookies."""
    p["controller"]["address"] = {"lines": ["Hauptstraße 1", "10115 Berlin"], "country": "DE"}
    p["dpo"]["address"]["country"] = "DE"
    p["regimes"] = {"gdpr": True}
    p["data"] = [
        {
            "id": "email",
            "label": _text("email address", "adresse électronique"),
            "source": "you",
        }
    ]
    p["purposes"] = [
        {
            "id": "newsletter",
            "kind": "marketing",
            "description": _text("send you our newsletter", "vous envoyer notre lettre d'information"),
            "data": ["email"],
            "legal_basis": "consent",
            "withdraw": _text(
                "Click the unsubscribe link in any issue.",
                "Cliquez sur le lien de désabonnement dans chaque envoi.",
            ),
        }
    ]
    p["retention"] = [{"data": ["email"], "period": "1 year", "starts": "unsubscribe"}]
    for key in ("processors", "other_recipients", "cookies", "cookie_settings", "marketing", "ai_training"):
        p.pop(key, None)
    p["security"] = {"measures": ["encryption_at_rest", "pseudonymisation", "audits", "malware_scanning"]}


def every_basis(p: Profile) -> None:
    """Dutch service using every legal basis and every start event; one-off purposes."""
    p["controller"]["address"] = {"lines": ["Damrak 1", "1012 LG Amsterdam"], "country": "NL"}
    p["dpo"]["address"]["country"] = "NL"
    p["regimes"] = {"gdpr": True}
    extra = [
        (
            "emergency",
            "vital_interests",
            "alert emergency services if you are in danger",
            "alerter les secours si vous êtes en danger",
        ),
        (
            "register",
            "public_task",
            "keep the public register of our members",
            "tenir le registre public de nos membres",
        ),
    ]
    for ident, basis, en, fr in extra:
        p["purposes"].append(
            {
                "id": ident,
                "kind": "other",
                "description": _text(en, fr),
                "data": ["contact"],
                "legal_basis": basis,
            }
        )
    p["data"].append(
        {
            "id": "referral",
            "label": _text("referral details", "informations de parrainage"),
            "source": "third_party",
            "source_detail": _text("the friend who invited you", "l'ami qui vous a invité"),
        }
    )
    p["purposes"][0]["data"].append("referral")
    p["retention"] = [
        {"data": ["contact", "account"], "period": "2 years", "starts": "account_closure"},
        {"data": ["orders", "delivery-address"], "period": "6 months", "starts": "delivery"},
        {"data": ["payment"], "period": "1 month", "starts": "transaction"},
        {"data": ["invoices"], "period": "7 years", "starts": "financial_year_end"},
        {"data": ["messages"], "period": "1 year", "starts": "last_contact"},
        {"data": ["reviews"], "period": "5 years", "starts": "end_of_contract"},
        {"data": ["newsletter"], "period": "1 day", "starts": "consent_withdrawal"},
        {"data": ["browsing"], "period": "90 days", "starts": "collection"},
        {"data": ["referral"], "period": "2 weeks", "starts": "unsubscribe"},
        {"data": ["audience"], "period": "session"},
    ]
    assert {r.get("starts") for r in p["retention"]} >= set(get_args(StartEvent)) - {"last_activity"}


def all_recipients(p: Profile) -> None:
    """Irish shop with every kind of recipient, a white-label partner and every notice channel."""
    p["controller"]["address"] = {"lines": ["1 Grafton Street", "Dublin 2"], "country": "IE"}
    p["dpo"]["address"]["country"] = "IE"
    p["regimes"] = {"gdpr": True}
    p["white_label"] = {"partner": "Orange"}
    kinds = [kind for kind in get_args(RecipientKind) if kind != "other"]
    p["other_recipients"] = [{"kind": kind, "data": ["contact"]} for kind in kinds]
    p["other_recipients"].append(
        {
            "kind": "other",
            "description": _text(
                "our insurer, if you make a claim", "notre assureur, si vous déclarez un sinistre"
            ),
            "data": ["contact", "orders"],
            "countries": ["CH", "US"],
            "transfer_mechanism": "scc",
        }
    )
    p["changes"] = {"notify_by": ["page", "email", "notice", "in_app"], "advance_notice": "2 weeks"}
    p["breach_notification"] = {"notify_by": ["email", "notice", "in_app"]}
    p["ai_training"] = {"user_content": "yes", "content": _text("your reviews", "vos avis")}
    p["processors"] += [
        {"vendor": "hotjar", "purposes": ["analytics"]},
        {"vendor": "exact-online", "purposes": ["accounting"]},
        {"vendor": "ups", "purposes": ["delivery"]},
    ]
    for r in p["retention"]:
        r.pop("statutory", None)


def white_label_unnamed(p: Profile) -> None:
    """Norwegian controller, a partner it does not name, no DPO but a privacy contact."""
    p["controller"]["address"] = {"lines": ["Karl Johans gate 1", "0154 Oslo"], "country": "NO"}
    p["regimes"] = {"gdpr": True}
    p["white_label"] = {}
    contact = p.pop("dpo")
    contact["address"]["country"] = "NO"
    p["privacy_contact"] = contact
    p["rights"] = {}
    p["third_party_links"] = False
    for r in p["retention"]:
        r.pop("statutory", None)


def english_only(p: Profile) -> None:
    """A one-language profile (English) from Spain."""
    _one_language(p, "en", "ES")


def french_only(p: Profile) -> None:
    """A one-language profile (French) from Italy."""
    _one_language(p, "fr", "IT")


def _one_language(p: Profile, lang: str, country: str) -> None:
    def pick(value: Any) -> Any:
        if isinstance(value, dict):
            if value and set(value) <= {"en", "fr"}:
                return value[lang]
            return {k: pick(v) for k, v in value.items()}
        if isinstance(value, list):
            return [pick(v) for v in value]
        return value

    p.update(pick(p))
    p["languages"] = [lang]
    p["controller"]["address"]["country"] = p["dpo"]["address"]["country"] = country
    p["regimes"] = {"gdpr": True}
    for r in p["retention"]:
        r.pop("statutory", None)


VARIANTS: dict[str, Callable[[Profile], None]] = {
    f.__name__.replace("_", "-"): f
    for f in (
        belgian_ai_app,
        american_app,
        british_shop,
        single_category,
        every_basis,
        all_recipients,
        white_label_unnamed,
        english_only,
        french_only,
    )
}


def variant(name: str) -> Profile:
    data = copy.deepcopy(_base())
    VARIANTS[name](data)
    return data


def write_variant(name: str, folder: Path) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(yaml.safe_dump(variant(name), allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
