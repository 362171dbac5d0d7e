"""Each source policy's facts appear in the policy drafter renders from its profile.

For every source document in ../shared/seeds/, the facts below were read off the
source. ``SOURCE`` facts must appear in the source's language; ``BOTH`` facts (names,
addresses, emails, figures) must appear in English and French alike.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from drafter.legal.load import load_profile
from drafter.render.formats import render

ROOT = Path(__file__).resolve().parent.parent

FACTS: dict[str, dict[str, list[str]]] = {
    "megamastering": {
        "lang": ["en"],
        "BOTH": [
            "Megamastering",
            "megamastering.com",
            "info@megamastering.com",
            "78, avenue Philippine Hamel",
            "01 29 04 57 19",
            "Stripe",
            "Stripe Payments Europe",
            "Google Analytics",
            "(CNIL)",
            "2021/914",
        ],
        "SOURCE": [
            "15 May 2024",
            "General Data Protection Regulation",
            "French Data Protection Act",
            "name",
            "email address",
            "phone number",
            "username",
            "password",
            "contact form",
            "support requests",
            "tracks you send us for mastering",
            "IP address",
            "browser type",
            "operating system",
            "pages viewed",
            "visit duration",
            "process your orders and payments",
            "comply with our legal",
            "legitimate interests",
            "web host",
            "Public authorities",
            "standard contractual clauses",
            "Access",
            "Rectification",
            "Erasure",
            "Restriction",
            "Portability",
            "Your right to object",
            "Withdrawal of consent",
            "data protection officer",
            "lodge a complaint",
            "3 years after your last activity",
            "10 years",
            "90 days after delivery",
            "encryption",
            "security audits",
            "shopping cart",
            "session",
            "language",
            "train artificial intelligence",
            "explicit consent",
            "We do not sell or rent your personal data",
            "publishing the new version on this page",
        ],
    },
    "emastered": {
        "lang": ["en"],
        "BOTH": ["eMastered", "emastered.com", "Facebook", "Twitter", "13"],
        "SOURCE": [
            "December 27, 2018",
            "age",
            "email address",
            "device type",
            "web browser",
            "IP address",
            "location services",
            "sign",
            "newsletter",
            "survey",
            "forum",
            "plug-ins",
            "personalize",
            "customer service",
            "transactions",
            "authenticate",
            "malware",
            "TLS",
            "California Online Privacy Protection Act",
            "Do Not Track",
            "over time and across different websites",
            "merger",
            "court order",
            "children under 13",
            "by email within a reasonable time",
            "the English version prevails",
            "Links to other websites",
        ],
    },
    "masterchannel": {
        "lang": ["en"],
        "BOTH": [
            "Masterchannel AS",
            "support@masterchannel.ai",
            "Stripe Payments Europe",
            "Tidio",
            "Tidio LLC",
            "https://stripe.com/privacy",
        ],
        "SOURCE": [
            "The partner also protects your data",
            "and a legal obligation to keep a record of your privacy choices",
            "material changes",
            "12 February 2026",
            "Norway",
            "One of our partners",
            "name",
            "email address",
            "billing",
            "audio files",
            "metadata",
            "pages visited",
            "features used",
            "Data Privacy Framework",
            "United States",
            "Strictly necessary",
            "your consent",
            "our contract with you",
            "children under 13",
            "Datatilsynet",
            "does not identify you",
        ],
    },
    "megasecurity": {
        "lang": ["fr"],
        "BOTH": [
            "Securco BV",
            "Mega Security",
            "Seringenstraat 34",
            "8850 Ardooie",
            "info@megasecurity.eu",
            "Lightspeed",
            "Mailchimp",
            "Microsoft 365",
            "PayPal",
            "Silvasoft",
            "Google Analytics",
        ],
        "SOURCE": [
            "la liste des sous-traitants qui les détiennent",
            "liaison sécurisée des fichiers",
            "modifications importantes",
            "Nous ne vendons ni ne louons vos données personnelles",
            "1er\u00a0août 2020",
            "21\u00a0juillet 2018",
            "Autorité de protection des données",
            "30\u00a0jours",
            "nom",
            "adresse",
            "lettre d'information",
            "désabonnement",
            "sociétés de transport",
            "enquêtes",
            "fiscales",
            "factures",
            "10\u00a0ans",
            "Droit d'accès",
            "rectification",
            "limitation",
            "portabilité",
            "opposition",
            "réclamation",
            "décision",
            "adresse IP",
            "navigateur",
            "système d'exploitation",
        ],
    },
    "melogen": {
        "lang": ["fr"],
        "BOTH": ["Melogen AI", "support@melogenai.com", "Kexueyuan South Road", "16"],
        "SOURCE": [
            "modifications importantes",
            "1er\u00a0juin 2024",
            "nom",
            "adresse électronique",
            "numéro de téléphone",
            "date de naissance",
            "nom d'utilisateur",
            "mot de passe",
            "historique d'achats",
            "adresse de facturation",
            "œuvres musicales",
            "adresse IP",
            "type d'appareil",
            "système d'exploitation",
            "navigateur",
            "pages consultées",
            "liens sur lesquels vous cliquez",
            "localisation",
            "fusion",
            "acquéreur",
            "chiffrement",
            "contrôle d'accès",
            "audits",
            "moins de 16\u00a0ans",
            "portabilité",
            "retirer votre consentement",
            "réclamation",
            "fraude",
            "avec votre consentement",
        ],
    },
}


def _plain(profile: str, lang: str) -> str:
    text = render(load_profile(ROOT / "profiles" / f"{profile}.yaml"), lang, "txt")  # type: ignore[arg-type]
    return " ".join(text.replace("\u202f", "\u00a0").split(" ")).replace("\n", " ")


@pytest.mark.parametrize("profile", sorted(FACTS))
def test_source_facts_in_source_language(profile: str) -> None:
    facts = FACTS[profile]
    lang = facts["lang"][0]
    text = " ".join(_plain(profile, lang).split())
    missing = [f for f in facts["SOURCE"] + facts["BOTH"] if " ".join(f.split()) not in text]
    assert not missing, f"{profile} ({lang}) lacks: {missing}"


@pytest.mark.parametrize("profile", sorted(FACTS))
def test_neutral_facts_in_both_languages(profile: str) -> None:
    for lang in ("en", "fr"):
        text = " ".join(_plain(profile, lang).split())
        missing = [f for f in FACTS[profile]["BOTH"] if f not in text]
        assert not missing, f"{profile} ({lang}) lacks: {missing}"
