"""Hypothesis strategies for service profiles: valid ones, varied, with hostile text.

``profiles()`` draws a profile as the plain data a YAML file holds. Every profile it
draws passes drafter's full validation (no ``assume``): the strategy builds each part to
fit the schema, then asks drafter's own rules (:mod:`drafter.legal.rules`) what the law
still objects to and settles it as a careful author would: a way to withdraw consent,
the authority's name, the statutory period. It decides no legal fact itself. Prose
mixes realistic words with hostile text: template syntax, HTML, Markdown control
characters, non-Latin script and very long names.

``invalid_profiles()`` draws a valid profile and breaks it in one known way.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from typing import Any, get_args

from hypothesis import strategies as st

from drafter.legal.decisions import eu_representative_needed
from drafter.model.catalog import builtin_catalog
from drafter.model.law import load_law
from drafter.model.profile import PurposeKind, RecipientKind, SecurityMeasure, StartEvent
from drafter.model.types import CookieGroup, LegalBasis

Draw = Callable[[st.SearchStrategy[Any]], Any]
Text = str | dict[str, str]

LAW = load_law()
CATALOG = dict(builtin_catalog())
VENDOR_IDS = sorted(CATALOG)

LANGUAGE_SETS = [["en"], ["fr"], ["en", "fr"], ["fr", "en"]]
EEA_WITH_LAW = sorted(c for c in LAW.countries if LAW.in_eea(c))
EEA_WITHOUT_LAW = ["AT", "PL", "LU", "SE"]
OUTSIDE_EEA = ["GB", "US", "CH", "CA", "JP", "AU", "BR", "IN"]
COUNTRIES = EEA_WITH_LAW + EEA_WITHOUT_LAW + OUTSIDE_EEA

# -- Text ------------------------------------------------------------------------------

# Hostile fragments: template syntax, HTML, Markdown that would be active at the start of
# a line or inside one, entities, non-Latin script, stray whitespace.
HOSTILE = [
    "{{ 7*7 }}",
    "{% include 'header.md.j2' %}",
    "{{ controller }}",
    "{# hidden #}",
    "{% if true %}yes{% endif %}",
    "<script>alert(1)</script>",
    "<b>bold</b>",
    "<img src=x onerror=alert(1)>",
    "**bold**",
    "*stars*",
    "_under_",
    "__dunder__",
    "`code`",
    "```",
    "~~~",
    "~~gone~~",
    "[x](https://evil.example)",
    "![x](https://evil.example/x.png)",
    "<https://evil.example>",
    "[ref]: https://evil.example",
    "a | b",
    "|",
    "back\\slash",
    "&amp;",
    "&#60;",
    "&lt;b&gt;",
    "# not a heading",
    "## not a heading",
    "- not an item",
    "* not an item",
    "+ not an item",
    "1. not a list",
    "2) not a list",
    "> not a quote",
    "---",
    "===",
    "***",
    "___",
    "-- --",
    "None",
    "null",
    "[]",
    "{}",
    "100 %",
    "a : b",
    "« guillemets »",
    "l'été",
    "Straße",
    "日本語",
    "😀",
    "Ωμέγα",
    "עברית",
    "{{ 'in' ~ 'jected' }}",
    "tab\there",
    "two\nlines",
]

# Fragments that must never make a line start with Markdown: used whole, as a prefix.
LINE_STARTS = [
    "# not a heading",
    "## not a heading",
    "###",
    "- not an item",
    "-",
    "+",
    "1. not a list",
    "1)",
    "> not a quote",
    "---",
    "===",
    "--",
    "==",
    "-- --",
    "    indented",
    "|",
    "<div>",
    "```",
]

LONG_NAME = (
    "Société Internationale de Production et de Distribution d'Enregistrements Sonores "
    "et Audiovisuels pour les Artistes Indépendants, les Labels et les Studios de Mastering "
    "du Grand Est et de la Région Auvergne-Rhône-Alpes SAS"
)
assert len(LONG_NAME) > 200

WORDS: dict[str, dict[str, list[str]]] = {
    # Noun phrases, lower case: "contact details".
    "label": {
        "en": [
            "contact details",
            "email address",
            "name",
            "account details",
            "order history",
            "payment details",
            "invoices",
            "audio files",
            "usage data",
            "IP addresses",
            "identity documents",
            "uploaded tracks",
            "support messages",
            "reviews",
        ],
        "fr": [
            "coordonnées",
            "adresse électronique",
            "nom",
            "identifiants",
            "historique des commandes",
            "informations de paiement",
            "factures",
            "fichiers audio",
            "adresses IP",
            "échanges avec le service client",
            "avis",
            "œuvres déposées",
            "enregistrements vocaux",
            "données d'usage",
        ],
    },
    "example": {
        "en": [
            "name",
            "first name",
            "email address",
            "phone number",
            "postal address",
            "IP address",
            "browser type",
            "pages viewed",
            "order number",
            "rating",
            "file name",
            "amount",
        ],
        "fr": [
            "nom",
            "prénom",
            "adresse électronique",
            "numéro de téléphone",
            "adresse postale",
            "adresse IP",
            "type de navigateur",
            "pages consultées",
            "numéro de commande",
            "note",
            "identifiant",
            "montant",
        ],
    },
    # Verb phrases completing "We use your data to ..." / "Nous utilisons vos données pour ...".
    "purpose": {
        "en": [
            "process your orders",
            "deliver your orders",
            "answer your questions",
            "send you our newsletter",
            "measure visits to our website",
            "protect our website against abuse",
            "keep our accounts",
            "improve our service",
            "master your audio files",
            "train our models",
            "issue invoices",
            "prevent fraud",
            "manage your account",
        ],
        "fr": [
            "traiter vos commandes",
            "livrer vos commandes",
            "répondre à vos questions",
            "envoyer notre lettre d'information",
            "mesurer la fréquentation de notre site",
            "protéger notre site contre les abus",
            "tenir notre comptabilité",
            "améliorer notre service",
            "entraîner nos modèles",
            "établir nos factures",
            "assurer la sécurité du service",
            "informer nos clients",
            "gérer votre compte",
        ],
    },
    # Completes "our legitimate interest in ..." / "notre intérêt légitime à ...".
    "interest": {
        "en": [
            "keeping our service secure",
            "preventing fraud",
            "understanding how our site is used",
            "improving our products",
        ],
        "fr": [
            "assurer la sécurité de notre service",
            "prévenir la fraude",
            "comprendre l'usage de notre site",
            "améliorer nos produits",
        ],
    },
    # Cookie purposes, verb phrases: "keeps the contents of your basket".
    "cookie": {
        "en": [
            "keeps the contents of your basket",
            "remembers your cookie choices",
            "remembers the language you chose",
            "measures visits",
            "keeps you signed in",
        ],
        "fr": [
            "conserve le contenu de votre panier",
            "mémorise vos choix en matière de cookies",
            "mémorise la langue que vous avez choisie",
            "mesure la fréquentation",
            "maintient votre session ouverte",
        ],
    },
    # Other noun phrases: descriptions, content, sources, timeframes, laws, recipients.
    "phrase": {
        "en": [
            "online shop for handmade ceramics",
            "online audio mastering service",
            "AI music app",
            "your audio files",
            "our partner shops",
            "public registers",
            "without undue delay",
            "within 72 hours",
            "the French Data Protection Act",
            "our chartered accountant",
            "two-factor authentication for our back office",
            "your uploads",
        ],
        "fr": [
            "boutique en ligne de céramiques artisanales",
            "service de mastering audio en ligne",
            "application musicale",
            "espace membre",
            "vos fichiers audio",
            "nos boutiques partenaires",
            "registres publics",
            "dans les meilleurs délais",
            "sous 72 heures",
            "la loi Informatique et Libertés",
            "notre expert-comptable",
            "une double authentification pour l'administration",
        ],
    },
    # Full sentences: consequences, ways to withdraw or opt out, criteria, notes.
    "sentence": {
        "en": [
            "Without it, we cannot take your order.",
            "Click the unsubscribe link in any email.",
            "Write to us at privacy@example.org.",
            "You can change your choices at any time in your account settings.",
            "We delete the data once the dispute is settled.",
            "If we have doubts about your identity, we may ask for proof.",
            "An algorithm scores each order for fraud.",
            "It compares the order with known patterns: amount, country and device.",
            "A high score may delay your order!",
            "Is this clear? Ask us.",
        ],
        "fr": [
            "Sans elles, nous ne pouvons pas enregistrer votre commande.",
            "Cliquez sur le lien de désabonnement en bas de chaque courriel.",
            "Écrivez-nous à l'adresse privacy@example.org.",
            "Vous pouvez modifier vos choix à tout moment dans votre compte.",
            "Nous supprimons les données une fois le litige réglé.",
            "En cas de doute sur votre identité, nous pouvons vous demander un justificatif.",
            "Un algorithme attribue un score de fraude à chaque commande.",
            "Il compare la commande à des schémas connus : montant, pays et appareil.",
            "Un score élevé peut retarder votre commande !",
            "Est-ce clair ? Écrivez-nous.",
        ],
    },
    "address": {
        "en": ["14 rue des Tables Claudiennes", "69001 Lyon", "1 Main Street", "Dublin 2", "Suite 5"],
        "fr": ["14 rue des Tables Claudiennes", "69001 Lyon", "1 Main Street", "Bâtiment B", "BP 12"],
    },
    "person": {
        "en": ["Claire Martin", "Zoë Ångström", "李雷", "Seán O'Brien", "the privacy team"],
        "fr": ["Claire Martin", "Zoë Ångström", "李雷", "Seán O'Brien", "l'équipe confidentialité"],
    },
}

COMPANY_NAMES = [
    "Atelier Lumen SAS",
    "Example SARL",
    "Acme Ltd",
    "Échos Studio",
    "Orbital Labs Inc.",
    "Hôtel du Nord",
    "Ümlaut AG",
    "Straße & Söhne GmbH",
    "日本音響株式会社",
    "O'Brien & Partners",
    "Intercity Audio",
    LONG_NAME,
]
SERVICE_NAMES = [
    "Lumen",
    "Masterly",
    "Atelier",
    "Écho",
    "Orbit",
    "Hubble",
    "Yonder",
    "Île",
    "Ultrasound",
    "ß-Box",
]
AUTHORITY_NAMES = {
    "en": ["the Austrian Data Protection Authority", "the national data protection authority"],
    "fr": ["l'autorité autrichienne de protection des données", "la Datenschutzbehörde"],
}
EMAILS = [
    "privacy@example.org",
    "dpo@atelier-lumen.fr",
    "jean.dupont+rgpd@exemple.fr",
    "a_b@example.co.uk",
    "o'brien@example.ie",
    "data*protection@example.com",
]
URLS = [
    "https://example.org",
    "https://www.atelier-lumen.fr/mes-donnees",
    "https://example.com/privacy_policy*v2",
    "https://exemple.fr/données",
]
PHONES = ["+33 4 72 00 00 00", "+1 (555) 010-0199", "+44 20 7946 0000", "01 23 45 67 89 *2"]
IDS = ["contact", "account", "orders", "payment", "browsing", "audio", "messages", "x1", "a-b_c", "z9"]
DURATIONS = [
    "session",
    "30 minutes",
    "1 hour",
    "7 days",
    "2 weeks",
    "6 months",
    "13 months",
    "1 year",
    "3 years",
]
# Codes, from drafter's own types: a code added there is drawn here too.
START_EVENTS = list(get_args(StartEvent))
PURPOSE_KINDS = list(get_args(PurposeKind))
LEGAL_BASES = list(get_args(LegalBasis))
COOKIE_GROUPS = list(get_args(CookieGroup))
RECIPIENT_KINDS = list(get_args(RecipientKind))
SECURITY_MEASURES = list(get_args(SecurityMeasure))


@cache
def _sampled(items: tuple[Any, ...]) -> st.SearchStrategy[Any]:
    return st.sampled_from(items)


@cache
def _ints(low: int, high: int) -> st.SearchStrategy[int]:
    return st.integers(low, high)


@cache
def _subsets(items: tuple[Any, ...], min_size: int, max_size: int | None) -> st.SearchStrategy[list[Any]]:
    return st.lists(st.sampled_from(items), min_size=min_size, max_size=max_size, unique=True)


@cache
def _plain_text(kind: str, lang: str) -> st.SearchStrategy[str]:
    """One text of ``kind`` in ``lang``: realistic words, often with hostile fragments."""
    words = st.sampled_from(WORDS[kind][lang])
    hostile = st.sampled_from(HOSTILE)
    starts = st.sampled_from(LINE_STARTS)
    if kind == "sentence":  # hostile text inside, the final punctuation mark last
        inside = st.builds(lambda t, f: f"{t[:-1]} {f}{t[-1]}", words, hostile)
        longer = st.lists(words, min_size=2, max_size=6).map(" ".join)
    else:
        inside = st.builds(lambda t, f: f"{t} {f}", words, hostile)
        longer = st.lists(words, min_size=2, max_size=40).map(" ".join)  # up to very long
    return st.one_of(
        words,
        words,
        words,
        words,
        hostile,
        inside,
        st.builds(lambda f, t: f"{f} {t}", hostile, words),
        st.builds(lambda f, t: f"{f} {t}", starts, words),
        longer,
    )


@cache
def local_text(kind: str, langs: tuple[str, ...]) -> st.SearchStrategy[Text]:
    """A LocalText: one text per language, or a plain string in a one-language profile."""
    if len(langs) == 1:
        plain = _plain_text(kind, langs[0])
        return st.one_of(plain, plain.map(lambda t: {langs[0]: t}))
    return st.fixed_dictionaries({lang: _plain_text(kind, lang) for lang in langs})


NAMES = st.one_of(
    st.sampled_from(COMPANY_NAMES),
    st.sampled_from(HOSTILE),
    st.builds(lambda a, b: f"{a} {b}", st.sampled_from(LINE_STARTS), st.sampled_from(COMPANY_NAMES)),
)


class _Draws:
    """Shorthands over ``draw`` that reuse strategies (building one costs more than drawing)."""

    def __init__(self, draw: Draw, langs: list[str]) -> None:
        self.draw = draw
        self.langs = tuple(langs)

    def pick(self, items: list[Any] | tuple[Any, ...]) -> Any:
        return self.draw(_sampled(tuple(items)))

    def number(self, low: int, high: int) -> int:
        return int(self.draw(_ints(low, high)))

    def coin(self) -> bool:
        return self.number(0, 1) == 1

    def one_in(self, n: int) -> bool:
        return self.number(1, n) == 1

    def subset(self, items: list[Any], min_size: int = 0, max_size: int | None = None) -> list[Any]:
        return list(self.draw(_subsets(tuple(items), min_size, max_size)))

    def text(self, kind: str) -> Text:
        return self.draw(local_text(kind, self.langs))  # type: ignore[no-any-return]

    def plain(self, kind: str, lang: str) -> str:
        return str(self.draw(_plain_text(kind, lang)))

    def name(self) -> str:
        return str(self.draw(NAMES))

    def address(self, country: str | None = None) -> dict[str, Any]:
        lines = [self.text("address") for _ in range(self.number(0, 3))]
        return {"lines": lines, "country": country or self.pick(COUNTRIES)}

    def contact(self) -> dict[str, Any]:
        out: dict[str, Any] = {"email": self.pick(EMAILS)}
        if self.coin():
            out["name"] = self.text("person")
        if self.coin():
            out["phone"] = self.pick(PHONES)
        if self.coin():
            out["address"] = self.address()
        if self.coin():
            out["url"] = self.pick(URLS)
        return out


# -- Profiles ------------------------------------------------------------------------


def _data_categories(d: _Draws) -> list[dict[str, Any]]:
    out = []
    for ident in d.subset(IDS, 1, 5):
        source = d.pick(["you", "automatic", "third_party"])
        cat: dict[str, Any] = {"id": ident, "label": d.text("label"), "source": source}
        n_examples = d.number(0, 3)
        if n_examples:
            per_lang = {lang: [d.plain("example", lang) for _ in range(n_examples)] for lang in d.langs}
            one = len(d.langs) == 1 and d.coin()
            cat["examples"] = per_lang[d.langs[0]] if one else per_lang
        if source == "third_party" or d.one_in(5):
            cat["source_detail"] = d.text("phrase")
        if d.one_in(4):
            cat["public_source"] = True
        if d.one_in(5):
            cat["anonymous"] = True
        out.append(cat)
    return out


def _purposes(d: _Draws, data_ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for ident in d.subset(IDS, 1, 5):
        basis, kind = d.pick(LEGAL_BASES), d.pick(PURPOSE_KINDS)
        p: dict[str, Any] = {
            "id": ident,
            "kind": kind,
            "description": d.text("purpose"),
            "data": d.subset(data_ids, 1),
            "legal_basis": basis,
        }
        if basis == "legitimate_interests" or d.one_in(6):
            p["legitimate_interest"] = d.text("interest")
        if basis == "consent" or d.one_in(6):
            p["withdraw"] = d.text("sentence")
        if (kind == "marketing" and basis == "legitimate_interests") or d.one_in(4):
            p["opt_out"] = d.text("sentence")
        if d.coin():
            p["consequence"] = d.text("sentence")
        if d.one_in(4):
            p["requirement"] = d.pick(["statutory", "contractual", "none"])
        out.append(p)
    return out


def _retention(d: _Draws, data: list[dict[str, Any]], country: str) -> list[dict[str, Any]]:
    """Rules that together cover every data category that is not anonymous."""
    ids = [x["id"] for x in data]
    n_rules = d.number(1, min(3, len(ids)))
    groups: list[list[str]] = [[] for _ in range(n_rules)]
    for x in data:
        if not x.get("anonymous"):
            groups[d.number(0, n_rules - 1)].append(x["id"])
    statutory = [r.id for r in LAW.countries[country].retention] if country in LAW.countries else []
    rules = []
    for group in groups:
        covered = group + [x for x in d.subset(ids, 0, 2) if x not in group]
        rule: dict[str, Any] = {"data": covered or [d.pick(ids)]}
        shape = d.number(0, 2)  # a period, the criteria, or both
        if shape != 1:
            rule["period"] = d.pick(DURATIONS[1:])
            if d.coin():
                rule["starts"] = d.pick(START_EVENTS)
        if shape != 0:
            rule["criteria"] = d.text("sentence")
        if statutory and d.one_in(3):
            rule["statutory"] = d.pick(statutory)
        rules.append(rule)
    return rules


def _processors(d: _Draws, data_ids: list[str], purpose_ids: list[str]) -> list[dict[str, Any]]:
    out = []
    for vendor in d.subset(VENDOR_IDS, 0, 4):
        use: dict[str, Any] = {"vendor": vendor}
        chosen_purposes = d.subset(purpose_ids, 0, 3)
        chosen_data = d.subset(data_ids, 0 if chosen_purposes else 1, 3)
        if chosen_purposes:
            use["purposes"] = chosen_purposes
        if chosen_data:
            use["data"] = chosen_data
        if d.one_in(4):
            use["note"] = d.text("sentence")
        out.append(use)
    return out


def _cookies(d: _Draws, vendors_used: list[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    with_cookies = [v for v in vendors_used if CATALOG[v].cookies]
    for _ in range(d.number(0, 4)):
        shape = d.number(0, 4) if vendors_used else d.pick([0, 4])
        c: dict[str, Any]
        if shape == 0 or (shape == 3 and not with_cookies):  # one of our own cookies
            c = {"group": d.pick(COOKIE_GROUPS), "purpose": d.text("cookie")}
            if d.coin():
                c["name"] = d.pick(["lumen_cart", "sid", "_pref-lang"]) if d.coin() else d.name()
                c["duration"] = d.pick(DURATIONS)
            elif d.coin():
                c["duration"] = d.pick(DURATIONS)
        elif shape == 1:  # every cookie of a vendor we use
            c = {"vendor": d.pick(vendors_used)}
        elif shape == 2:  # that vendor's cookies of one group
            c = {"vendor": d.pick(vendors_used), "group": d.pick(COOKIE_GROUPS)}
        elif shape == 3:  # one cookie of a vendor, named as in the catalog
            vendor = d.pick(with_cookies)
            c = {"vendor": vendor, "name": d.pick([x.name for x in CATALOG[vendor].cookies])}
            if d.coin():
                c["duration"] = d.pick(DURATIONS)
        else:  # a vendor's cookie described here (the vendor need not be a processor)
            c = {"vendor": d.pick(VENDOR_IDS), "group": d.pick(COOKIE_GROUPS), "purpose": d.text("cookie")}
            if d.coin():
                c["name"] = d.name()
            if d.coin():
                c["duration"] = d.pick(DURATIONS)
        if d.one_in(4):
            c["legal_basis"] = d.pick(LEGAL_BASES)
        out.append(c)
    return out


def _other_recipients(d: _Draws, data_ids: list[str], transfers_checked: bool) -> list[dict[str, Any]]:
    out = []
    for kind in d.subset(RECIPIENT_KINDS, 0, 3):
        r: dict[str, Any] = {"kind": kind}
        if kind == "other" or d.coin():
            r["description"] = d.text("phrase")
        data = d.subset(data_ids, 0, 3)
        if data:
            r["data"] = data
        countries = d.subset(COUNTRIES, 0, 2)
        if countries:
            r["countries"] = countries
        uncovered = [c for c in countries if not LAW.is_adequate(c)]
        if (transfers_checked and uncovered) or d.one_in(5):
            r["transfer_mechanism"] = d.pick(["scc", "bcr", "derogation"])
        out.append(r)
    return out


@st.composite
def profiles(draw: Draw) -> dict[str, Any]:
    """A valid service profile, as the data of a YAML file."""
    langs = list(draw(st.sampled_from(LANGUAGE_SETS)))
    d = _Draws(draw, langs)
    country = d.pick(COUNTRIES)
    regimes: dict[str, Any] = {
        "gdpr": not d.one_in(4),
        "uk_gdpr": d.one_in(4),
        "caloppa": d.one_in(4),
        "ccpa": d.one_in(4),
        "coppa": d.one_in(5),
    }
    if d.one_in(4):
        regimes["national_law"] = d.text("phrase")
    controller: dict[str, Any] = {
        "legal_name": d.name(),
        "website": d.pick(URLS),
        "address": d.address(country),
        "email": d.pick(EMAILS),
    }
    if d.one_in(4):
        controller["trade_name"] = d.name()
    if d.one_in(4):
        controller["registration"] = d.pick(["RCS Lyon 912 345 678", "HRB 12345 | B", "*123*"])
    if d.coin():
        controller["phone"] = d.pick(PHONES)

    data = _data_categories(d)
    data_ids = [x["id"] for x in data]
    purpose_list = _purposes(d, data_ids)
    profile: dict[str, Any] = {
        "languages": langs,
        "controller": controller,
        "service": {
            "name": d.pick(SERVICE_NAMES) if d.coin() else d.name(),
            "description": d.text("phrase"),
        },
        "regimes": regimes,
        "data": data,
        "purposes": purpose_list,
        "retention": _retention(d, data, country),
    }
    if len(langs) > 1 and d.coin():
        profile["authoritative_language"] = d.pick(langs)
    if d.one_in(6):
        profile["white_label"] = {"partner": d.name()} if d.coin() else {}
    if d.coin():
        profile["dpo"] = d.contact()
    if d.one_in(3):
        profile["privacy_contact"] = d.contact()

    # A GDPR controller outside the EEA names an EU representative or is exempt (Art. 27(2)).
    if eu_representative_needed(regimes["gdpr"], country, LAW):
        if d.coin():
            profile["eu_representative"] = {
                "name": d.name(),
                "email": d.pick(EMAILS),
                "address": d.address(d.pick(EEA_WITH_LAW + EEA_WITHOUT_LAW)),
            }
        else:
            profile["eu_representative_exempt"] = True
    if d.one_in(10):
        profile["supervisory_authority"] = {
            "name": {lang: d.pick(AUTHORITY_NAMES[lang]) for lang in langs},
            "url": d.pick(URLS),
        }

    procs = _processors(d, data_ids, [x["id"] for x in purpose_list])
    if procs:
        profile["processors"] = procs
    others = _other_recipients(d, data_ids, regimes["gdpr"] or regimes["uk_gdpr"])
    if others:
        profile["other_recipients"] = others
    cookie_list = _cookies(d, [u["vendor"] for u in procs])
    if cookie_list:
        profile["cookies"] = cookie_list
    if d.one_in(4):
        settings: dict[str, Any] = {"consent_tool": d.coin()}
        if d.coin():
            settings["withdraw"] = d.text("sentence")
        profile["cookie_settings"] = settings

    if d.coin():
        profile["security"] = {
            "measures": d.subset(SECURITY_MEASURES, 0, 5),
            "other": [d.text("phrase") for _ in range(d.number(0, 2))],
        }
    if regimes["coppa"] or d.one_in(3):
        profile["children"] = {"minimum_age": d.number(13, 18), "directed_at_children": d.coin()}
    if d.one_in(4):
        profile["automated_decisions"] = {
            "used": True,
            "description": d.text("sentence"),
            "logic": d.text("sentence"),
            "consequences": d.text("sentence"),
        }
    if d.one_in(3):
        ai: dict[str, Any] = {"user_content": d.pick(["never", "with_consent", "yes"])}
        if d.coin():
            ai["content"] = d.text("phrase")
        profile["ai_training"] = ai
    if d.one_in(3):
        sells, shares = d.coin(), d.coin()
        selling: dict[str, Any] = {"sells": sells, "shares_for_advertising": shares}
        if sells or shares or d.coin():
            selling["opt_out"] = d.text("sentence")
        profile["selling"] = selling
    if d.one_in(3):
        email = d.coin()
        marketing: dict[str, Any] = {"email": email}
        if email or d.coin():
            marketing["opt_out"] = d.text("sentence")
        profile["marketing"] = marketing
    if d.one_in(3):
        breach: dict[str, Any] = {"notify_by": d.subset(["email", "notice", "in_app"], 1)}
        if d.coin():
            breach["timeframe"] = d.text("phrase")
        profile["breach_notification"] = breach
    if d.coin():
        changes: dict[str, Any] = {"notify_by": d.subset(["page", "email", "notice", "in_app"], 1)}
        if d.coin():
            changes["advance_notice"] = d.pick(DURATIONS[1:])
        profile["changes"] = changes
    if d.coin():
        rights: dict[str, Any] = {}
        if d.coin():
            rights["response_days"] = d.number(1, 90)
        if d.coin():
            rights["verification"] = d.text("sentence")
        if d.coin():
            rights["request_url"] = d.pick(URLS)
        profile["rights"] = rights
    if regimes["caloppa"] or d.one_in(5):
        california: dict[str, Any] = {
            "do_not_track": d.pick(["honoured", "not_honoured"]),
            "third_party_tracking": d.coin(),
        }
        if d.coin():
            california["change_request"] = d.text("sentence")
        profile["california"] = california
    _us(d, profile, regimes)
    if d.coin():
        profile["third_party_links"] = True
    # Dates drafter believes (drafter.dates: at most a year ahead): a later draw is dated
    # October 2026, so the draws, and the profiles drawn, stay those of before.
    effective = min(dt.date(2020, 1, 1) + dt.timedelta(days=d.number(0, 3999)), dt.date(2026, 10, 1))
    updated = effective + dt.timedelta(days=d.number(0, 400) * d.number(0, 1))
    profile["dates"] = {"effective": effective.isoformat(), "last_updated": updated.isoformat()}
    return _settled(d, profile, langs)


# A request form's address is a profile text (not a URL field): one a reader sees as typed.
PLAIN_URLS = [u for u in URLS if u.isascii() and "%" not in u]
DATA_KINDS = [
    "identity",
    "contact",
    "account",
    "payment",
    "transaction",
    "address",
    "device",
    "usage",
    "location",
    "content",
]
CCPA_CATEGORY_CODES = [
    "identifiers",
    "customer_records",
    "commercial",
    "internet_activity",
    "inferences",
    "sensory",
]
US_SENSITIVE = ["precise_geolocation", "account_login", "health", "biometric", "government_id"]


def _us(d: _Draws, profile: dict[str, Any], regimes: dict[str, Any]) -> None:
    """The US facts: data kinds and CCPA categories, the CCPA section, other states."""
    if not (regimes["ccpa"] or d.one_in(6)):
        return
    for x in profile["data"]:
        if d.coin():
            x["kind"] = d.pick(DATA_KINDS)
        if d.one_in(3):
            x["ccpa"] = d.subset(CCPA_CATEGORY_CODES, 1, 2)
        if d.one_in(5):
            x["us_sensitive"] = d.pick(US_SENSITIVE)
    online = d.coin()
    methods = (
        [{"kind": "email"}] if online else [{"kind": "toll_free", "value": d.pick(PHONES)}, {"kind": "email"}]
    )
    if d.coin():
        methods.append({"kind": "web_form", "value": d.pick(PLAIN_URLS)})
    ccpa: dict[str, Any] = {
        "applies": d.subset(["revenue", "consumers", "selling_revenue", "voluntary"], 1, 2),
        "requests": {
            "methods": methods,
            "online_only": online,
            "verification": d.text("sentence"),
            "agents": d.text("sentence"),
        },
        "opt_out_signals": d.coin(),
    }
    if ccpa["opt_out_signals"]:
        ccpa["signals_detail"] = d.text("sentence")
    if d.one_in(4):
        ccpa["financial_incentive"] = {
            "summary": d.text("sentence"),
            "opt_in": d.text("sentence"),
            "withdraw": d.text("sentence"),
            "value": d.text("sentence"),
        }
    if regimes["ccpa"]:
        profile["ccpa"] = ccpa
    if d.coin():
        states = sorted(LAW.us.states)
        profile["us_states"] = {"states": "all" if d.one_in(3) else d.subset(states, 1, 3)}
        if d.coin():
            profile["us_states"]["appeal"] = d.text("sentence")


def _settled(d: _Draws, profile: dict[str, Any], langs: list[str]) -> dict[str, Any]:
    """The profile with what drafter's law rules object to settled, as an author would."""
    from drafter.legal.facts import build_facts
    from drafter.legal.load import resolve_vendors
    from drafter.legal.rules import run_rules
    from drafter.model.profile import Profile
    from drafter.model.yaml_source import Document

    for _ in range(4):
        model = Profile.model_validate(profile)
        vendors, unresolved = resolve_vendors(model, CATALOG)
        facts = build_facts(model, vendors, LAW, unresolved)
        findings = [f for f in run_rules(facts, Document("generated.yaml", profile)) if f.level == "error"]
        if not findings:
            return profile
        for f in findings:
            _settle(d, profile, f.rule, f.path, langs)
    raise AssertionError(f"the strategy cannot settle {[str(f) for f in findings]}")


def _settle(d: _Draws, profile: dict[str, Any], rule: str, path: str, langs: list[str]) -> None:
    index = [int(x) for x in re.findall(r"\[(\d+)\]", path)]
    if rule == "consent-withdrawal" and path.startswith("cookie_settings"):
        profile.setdefault("cookie_settings", {"consent_tool": d.coin()})["withdraw"] = d.text("sentence")
    elif rule == "authority-known":
        profile["supervisory_authority"] = {
            "name": {lang: d.pick(AUTHORITY_NAMES[lang]) for lang in langs},
            "url": d.pick(URLS),
        }
    elif rule == "ccpa-category":
        profile["data"][index[0]]["ccpa"] = [d.pick(CCPA_CATEGORY_CODES)]
    elif rule == "ccpa-opt-outs" and path == "ccpa.links.do_not_sell_or_share":
        profile["ccpa"].setdefault("links", {})["do_not_sell_or_share"] = d.pick(URLS)
    elif rule == "ccpa-opt-outs" and path == "ccpa.links.limit_sensitive":
        profile["ccpa"].setdefault("links", {})["privacy_choices"] = d.pick(URLS)
    elif rule == "ccpa-opt-outs" and path == "ccpa.opt_out_signals":
        profile["ccpa"]["opt_out_signals"] = True
    elif rule == "ccpa-opt-outs" and path == "ccpa.sensitive_use":
        chosen = profile["ccpa"].get("sensitive_use")  # permitted_only, for data sold or shared
        profile["ccpa"]["sensitive_use"] = "beyond" if chosen else d.pick(["permitted_only", "beyond"])
    elif rule == "ccpa-opt-outs" and path == "ccpa.minors":
        profile["ccpa"]["minors"] = d.pick(["none", "opt_in"])
    elif rule == "ccpa-opt-outs" and path == "ccpa.minors_process":
        profile["ccpa"]["minors_process"] = d.text("sentence")
    elif rule == "ccpa-opt-outs" and path == "ccpa.signals_detail":
        profile["ccpa"]["signals_detail"] = d.text("sentence")
    elif rule == "us-state-duties" and path == "ccpa.requests.methods":
        profile["ccpa"]["requests"]["methods"].append({"kind": "web_form", "value": d.pick(PLAIN_URLS)})
    elif rule == "us-state-duties" and path == "us_states.states":
        states = profile["us_states"]["states"]
        codes = sorted(LAW.us.states) if states == "all" else states
        kept = [c for c in codes if LAW.us.states[c].request_methods == 1]
        profile["us_states"]["states"] = kept or ["VA"]
    elif rule == "us-disclosures-agree" and path == "selling.shares_for_advertising":
        profile["selling"]["shares_for_advertising"] = False
    elif rule == "us-disclosures-agree" and path == "selling.sells":
        profile["selling"]["sells"] = False
    elif rule == "us-disclosures-agree":
        selling = profile.setdefault("selling", {})
        selling["shares_for_advertising"] = True
        selling.setdefault("opt_out", d.text("sentence"))
    elif rule == "us-sensitive-consent":
        purpose = profile["purposes"][index[0]]
        purpose["legal_basis"] = "consent"
        purpose.pop("legitimate_interest", None)
        purpose.pop("opt_out", None)
        purpose.setdefault("withdraw", d.text("sentence"))
    elif rule == "consent-tool":
        profile.setdefault("cookie_settings", {})["consent_tool"] = True
    elif rule == "third-party-tracking":
        profile["california"]["third_party_tracking"] = True
    elif rule == "children-statement":
        profile["children"] = {"minimum_age": max(13, profile["children"]["minimum_age"])}
    elif rule == "us-sections" and path == "california.change_request":
        profile["california"]["change_request"] = d.text("sentence")
    elif rule == "cnil-measurement-data" and path.startswith("cookie_settings"):
        profile.setdefault("cookie_settings", {"consent_tool": d.coin()})["objection"] = d.text("sentence")
    elif rule == "cnil-measurement-data" and "statutory" in profile["retention"][index[0]]:
        for cookie in profile["cookies"]:  # the law keeps the data longer: ask for consent instead
            cookie["legal_basis"] = "consent"
        profile.setdefault("cookie_settings", {})["consent_tool"] = True
    elif rule == "cnil-measurement-data":
        profile["retention"][index[0]]["period"] = "25 months"
    elif rule == "cookie-not-necessary":
        profile["cookies"][index[0]]["group"] = "analytics"
    elif rule == "cnil-exempt-analytics":
        profile["cookies"][index[0]]["legal_basis"] = "consent"
    elif rule == "statutory-retention":
        kept = profile["retention"][index[0]]
        country = profile["controller"]["address"]["country"]
        minimum = next(r for r in LAW.countries[country].retention if r.id == kept["statutory"])
        kept["period"] = str(minimum.period)
    else:
        raise AssertionError(f"the strategy drew a profile drafter refuses: {rule} at {path}")


# -- Invalid profiles ----------------------------------------------------------------

Loc = tuple[str | int, ...]

REQUIRED = [
    ("languages",),
    ("controller",),
    ("controller", "legal_name"),
    ("controller", "website"),
    ("controller", "address"),
    ("controller", "address", "country"),
    ("controller", "email"),
    ("service",),
    ("service", "name"),
    ("service", "description"),
    ("regimes",),
    ("data",),
    ("data", 0, "id"),
    ("data", 0, "label"),
    ("data", 0, "source"),
    ("purposes",),
    ("purposes", 0, "id"),
    ("purposes", 0, "description"),
    ("purposes", 0, "data"),
    ("purposes", 0, "legal_basis"),
    ("retention",),
    ("retention", 0, "data"),
    ("dates",),
    ("dates", "effective"),
    ("dates", "last_updated"),
]
CONTACTS = ["controller", "dpo", "privacy_contact", "eu_representative"]
BAD_EMAILS = ["not-an-email", "a@", "@example.org", "a b@example.org", "a@b", "a@@example.org"]
BAD_COUNTRIES = ["XX", "FRA", "F", "12", "fr-FR", "ZZ", "EU", "UN"]
WRONG_TYPES: list[Any] = [3.5, [[]], {"zz": [[]]}]
# Values of the right type that are not allowed.
BAD_VALUES: list[tuple[Loc, Any]] = [
    (("dates", "effective"), "2024-13-45"),
    (("retention", 0, "period"), "3 eons"),
    (("data", 0, "id"), "Bad Id"),
    (("data", 0, "examples"), ["  "]),
    (("purposes", 0, "legal_basis"), "whim"),
    (("purposes", 0, "data"), []),
    (("languages",), ["de"]),
    (("languages",), []),
    (("languages",), ["en", "en"]),
    (("data", 0, "source"), "telepathy"),
    (("controller", "website"), "not a url"),
    (("changes", "notify_by"), []),
    (("changes", "advance_notice"), "session"),
    (("children", "minimum_age"), 99),
    (("rights", "response_days"), 0),
]


@dataclass(frozen=True)
class Broken:
    """An invalid profile and where (roughly) its defect is."""

    data: dict[str, Any]
    what: str
    path: Loc


def _get(data: Any, path: Loc) -> Any:
    for part in path:
        data = data[part]
    return data


def _paths(value: Any, here: Loc = ()) -> list[Loc]:
    """Every path to a value in nested dicts and lists (not the root)."""
    out: list[Loc] = []
    if isinstance(value, dict):
        for key, sub in value.items():
            out.append((*here, key))
            out.extend(_paths(sub, (*here, key)))
    elif isinstance(value, list):
        for i, sub in enumerate(value):
            out.append((*here, i))
            out.extend(_paths(sub, (*here, i)))
    return out


def _mappings(value: dict[str, Any]) -> list[Loc]:
    """The root and every path to a mapping below it."""
    return [(), *(p for p in _paths(value) if isinstance(_get(value, p), dict))]


@st.composite
def invalid_profiles(draw: Draw) -> Broken:
    """A valid profile broken in exactly one way that drafter must report."""
    data = copy.deepcopy(draw(profiles()))
    how = draw(
        st.sampled_from(
            [
                "drop",
                "wrong_type",
                "unknown_key",
                "bad_email",
                "bad_country",
                "unknown_data",
                "unknown_vendor",
                "unknown_purpose",
                "cookie",
                "bad_value",
            ]
        )
    )
    if how == "drop":
        path = draw(st.sampled_from(REQUIRED))
        del _get(data, path[:-1])[path[-1]]
        return Broken(data, f"drop {path}", path)
    if how == "wrong_type":
        path = draw(st.sampled_from(_paths(data)))
        value = draw(st.sampled_from(WRONG_TYPES))
        _get(data, path[:-1])[path[-1]] = value
        return Broken(data, f"set {path} to {value!r}", path)
    if how == "unknown_key":
        path = draw(st.sampled_from(_mappings(data)))
        key = draw(st.sampled_from(["colour", "zz", "Email", "label_en"]))
        _get(data, path)[key] = "blue"
        return Broken(data, f"add {key!r} at {path}", (*path, key))
    if how == "bad_email":
        owner = draw(st.sampled_from([k for k in CONTACTS if k in data]))
        path = (owner, "email")
        email = draw(st.sampled_from(BAD_EMAILS))
        _get(data, path[:-1])["email"] = email
        return Broken(data, f"email {email!r} at {path}", path)
    if how == "bad_country":
        path = ("controller", "address", "country")
        code = draw(st.sampled_from(BAD_COUNTRIES))
        data["controller"]["address"]["country"] = code
        return Broken(data, f"country {code!r}", path)
    if how == "unknown_data":
        holders: list[Loc] = [("purposes", i) for i in range(len(data["purposes"]))]
        holders += [("retention", i) for i in range(len(data["retention"]))]
        holders += [("processors", i) for i in range(len(data.get("processors", [])))]
        where = draw(st.sampled_from(holders))
        _get(data, where).setdefault("data", []).append("no-such-data")
        return Broken(data, f"unknown data id at {where}", (*where, "data"))
    if how == "unknown_vendor":
        if data.get("processors") and draw(st.booleans()):
            i = draw(st.integers(0, len(data["processors"]) - 1))
            data["processors"][i]["vendor"] = "no-such-vendor"
            return Broken(data, "unknown processor vendor", ("processors", i, "vendor"))
        cookie = {"vendor": "no-such-vendor", "group": "analytics", "purpose": "measures visits"}
        cookies_ = data.setdefault("cookies", [])
        cookies_.append(
            cookie if len(data["languages"]) == 1 else {**cookie, "purpose": {"en": "x", "fr": "x"}}
        )
        data.setdefault("cookie_settings", {})["withdraw"] = (
            "Use the settings." if len(data["languages"]) == 1 else {"en": "Use it.", "fr": "Utilisez-le."}
        )
        return Broken(data, "unknown cookie vendor", ("cookies", len(cookies_) - 1, "vendor"))
    if how == "unknown_purpose":
        vendor = draw(
            st.sampled_from(
                [v for v in VENDOR_IDS if v not in {u["vendor"] for u in data.get("processors", [])}]
            )
        )
        procs = data.setdefault("processors", [])
        procs.append({"vendor": vendor, "purposes": ["no-such-purpose"]})
        return Broken(data, "unknown purpose id", ("processors", len(procs) - 1, "purposes"))
    if how == "cookie":
        return _broken_cookie(data, draw(st.sampled_from(["consent", "unknown_name", "no_group"])))
    # bad_value: a value of the right type that is not allowed.
    path, value = draw(st.sampled_from(BAD_VALUES))
    parent = data
    for part in path[:-1]:
        parent = parent.setdefault(part, {}) if isinstance(part, str) else parent[part]
    parent[path[-1]] = value
    return Broken(data, f"set {path} to {value!r}", path)


def _broken_cookie(data: dict[str, Any], how: str) -> Broken:
    """A vendor's cookie the policy could not list, or that needs a way to withdraw consent."""

    def use(vendor: str) -> None:
        procs = data.setdefault("processors", [])
        if vendor not in {u["vendor"] for u in procs}:
            procs.append({"vendor": vendor, "purposes": [data["purposes"][0]["id"]]})

    if how == "consent":  # the catalog says these cookies need consent; nothing says how to withdraw
        regimes = data.setdefault("regimes", {})
        if not (regimes.get("gdpr") or regimes.get("uk_gdpr")):
            regimes["gdpr"] = True  # consent for cookies is the ePrivacy rule: not under US law alone
        use("google-analytics")
        data["cookies"] = [{"vendor": "google-analytics"}]
        data.pop("cookie_settings", None)
        return Broken(data, "catalog cookies need consent, no withdraw", ("cookie_settings", "withdraw"))
    use("stripe")
    cookies = data.setdefault("cookies", [])
    if how == "unknown_name":  # not in the catalog, and not described
        cookies.append({"vendor": "stripe", "name": "no_such_cookie"})
        return Broken(data, "vendor cookie not in the catalog", ("cookies", len(cookies) - 1, "name"))
    purpose = "checks payments" if len(data["languages"]) == 1 else {"en": "checks", "fr": "vérifie"}
    cookies.append({"vendor": "stripe", "purpose": purpose, "legal_basis": "legitimate_interests"})
    return Broken(data, "described vendor cookie without a group", ("cookies", len(cookies) - 1, "group"))
