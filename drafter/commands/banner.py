"""``drafter banner``: a consent manager's configuration, drafted from the profile.

For orestbida's CookieConsent 3 (npm ``vanilla-cookieconsent``) and for Klaro (npm
``klaro``), each as its own documentation names the options; the file's format is in
:mod:`drafter.commands.banner_check`, which also reads it back for ``check --banner``.
Nothing is decided here: the cookies, their groups and whether a group waits for consent
are the policy's facts. A group whose cookies need consent is an opt-in category, off
until the visitor turns it on; any other group is read-only, as the policy says. The
cookie table is the policy's own, row for row, worded by the same template words; the
banner's other texts are its own, written here.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from typing import Any, Literal, get_args

from drafter.commands.banner_check import Pattern, banner_revision, cookie_pattern, to_module
from drafter.errors import DrafterError, Problem
from drafter.legal.facts import CookieFacts
from drafter.legal.load import LoadedProfile
from drafter.model.types import LANGS, Lang
from drafter.render.filters import after_colon, capfirst, cookie_name, fr_de, join_list
from drafter.render.language import NBSP, LanguageRecord
from drafter.render.policy import policy_context, policy_language, require_language
from drafter.render.words import plain, words

BannerKind = Literal["cookieconsent", "klaro"]
KINDS: tuple[BannerKind, ...] = get_args(BannerKind)
PACKAGES: dict[BannerKind, str] = {"cookieconsent": "vanilla-cookieconsent 3", "klaro": "klaro 0.7"}
COLUMNS = ("name", "provider", "purpose", "duration", "type")
# What each library calls its own cookie, and how long the choice is kept when the profile
# declares no cookie for it: 182 days, CookieConsent's default and the CNIL's six months.
DEFAULT_CONSENT_COOKIE: dict[BannerKind, str] = {"cookieconsent": "cc_cookie", "klaro": "klaro"}
DEFAULT_CONSENT_DAYS = 182
CHOICES_SERVICE = "cookie-choices-r{revision}"  # Klaro: the service that holds the choice
_CONSENT_NAME = re.compile(r"consent|cookie.?choices?|cc_cookie|klaro", re.IGNORECASE)
_OWN_GROUP = "strictly_necessary"  # the group of the banner's own cookie, when undeclared
_C = NBSP + ":"
# The groups whose role, as the policy words it, does not already say they need no consent.
_SAYS_NO_CONSENT = {"strictly_necessary": True, "preferences": False, "analytics": False, "marketing": False}

# Each of the banner's own texts: in English, then in French.
_WORDS: dict[str, tuple[Any, Any]] = {
    "headers": (
        ("Name", "Provider", "Purpose", "Duration", "Type"),
        ("Nom", "Fournisseur", "Finalité", "Durée", "Type"),
    ),
    "party": (
        {"first": "First-party", "third": "Third-party"},
        {"first": "Cookie propriétaire", "third": "Cookie tiers"},
    ),
    "title": ("We use cookies", "Cookies et traceurs"),
    "needed": (
        "We use cookies that make this site work.",
        "Nous utilisons des cookies et traceurs nécessaires au fonctionnement du site.",
    ),
    "consent_us": (
        "If you agree, we would also use cookies to {purposes}.",
        "Si vous y consentez, nous utiliserons aussi des cookies pour {purposes}.",
    ),
    "consent_ours": (
        "If you agree, we and our providers would also use cookies to {purposes}.",
        "Si vous y consentez, nous utiliserons aussi, avec nos prestataires, des cookies pour {purposes}.",
    ),
    "notice": (
        "We also use cookies to {purposes}, without asking for your consent.",
        "Nous utilisons aussi des cookies pour {purposes}, sans vous demander votre consentement.",
    ),
    "choice": (
        "You can accept them all, refuse them all or choose. Refusing them does not stop you from using "
        "the site. You can change your choice at any time.",
        "Vous pouvez tout accepter, tout refuser ou choisir. Refuser ne vous empêche pas d'utiliser le "
        "site. Vous pouvez modifier votre choix à tout moment.",
    ),
    "more": ("Our {policy} tells you more.", "Notre {policy} vous en dit plus."),
    "policy": ("privacy policy", "politique de confidentialité"),
    "policy_title": ("Privacy policy", "Politique de confidentialité"),
    "revision": (
        "We have changed the cookies we use since your last visit, so we ask you again.",
        f"Les cookies que nous utilisons ont changé depuis votre dernière visite{_C} nous vous demandons "
        "donc à nouveau votre consentement.",
    ),
    "accept_all": ("Accept all", "Tout accepter"),
    "reject_all": ("Refuse all", "Tout refuser"),
    "choose": ("Choose", "Choisir"),
    "save": ("Save my choices", "Enregistrer mes choix"),
    "close": ("Close", "Fermer"),
    "settings": ("Cookie settings", "Paramètres des cookies et traceurs"),
    "intro_title": ("Your choices", "Vos choix"),
    "intro": (
        "Each type of cookie below says what it is for and which cookies it sets. Those that need your "
        "consent stay off until you turn them on.",
        "Pour chaque type de cookies ci-dessous, vous trouverez à quoi il sert et quels cookies il dépose. "
        "Ceux qui nécessitent votre consentement restent désactivés tant que vous ne les activez pas.",
    ),
    "intro_none": (
        "Each type of cookie below says what it is for and which cookies it sets. None of them needs "
        "your consent.",
        "Pour chaque type de cookies ci-dessous, vous trouverez à quoi il sert et quels cookies il dépose. "
        "Aucun ne nécessite votre consentement.",
    ),
    "on_consent": ("We set them only if you agree.", "Nous ne les déposons qu'avec votre consentement."),
    "on_notice": (
        "We set them without asking for your consent.",
        "Nous les déposons sans vous demander votre consentement.",
    ),
    "aim": (
        {
            "strictly_necessary": "make the site work",
            "preferences": "remember your choices",
            "analytics": "measure how visitors use the site",
            "marketing": "measure and tailor advertising",
        },
        {
            "strictly_necessary": "faire fonctionner le site",
            "preferences": "mémoriser vos choix",
            "analytics": "mesurer l'audience du site",
            "marketing": "mesurer et personnaliser la publicité",
        },
    ),
    "more_title": ("More information", "En savoir plus"),
    "more_text": (
        "Our {policy} says who we are, what we do with your data and what your rights are.",
        "Notre {policy} indique qui nous sommes, ce que nous faisons de vos données et quels sont vos "
        "droits.",
    ),
    "star": (
        'In a name, "*" stands for an identifier that differs from site to site or from visit to visit.',
        f"Dans un nom, «{NBSP}*{NBSP}» remplace un identifiant qui varie d'un site à l'autre ou d'une "
        "visite à l'autre.",
    ),
    "unnamed": ("Cookies{provider} that {purpose}.", "Des cookies{provider} qui {purpose}."),
    "from": (" from {name}", " {de_name}"),
    "cookies": ("Cookies: {list}.", f"Cookies{_C} {{list}}."),
    "counter": ("service|services", "service|services"),
    "services": (("service", "services"), ("service", "services")),
    "choices_title": ("Your cookie choices", "Vos choix en matière de cookies"),
    "choices": (
        "Keeps the choices you make in this banner.",
        "Conserve les choix que vous faites dans ce bandeau.",
    ),
    "required": ("(always on)", "(toujours actif)"),
    "required_text": (
        "We set these cookies without asking for your consent.",
        "Nous déposons ces cookies sans vous demander votre consentement.",
    ),
    "purpose": ("purpose", "finalité"),
    "purposes": ("purposes", "finalités"),
    "switch": ("Turn all on or off", "Tout activer ou tout désactiver"),
    "switch_text": (
        "This switch turns on or off every service that needs your consent.",
        "Ce bouton active ou désactive tous les services qui nécessitent votre consentement.",
    ),
}


@cache
def _words(lang: Lang) -> dict[str, Any]:
    return {key: pair[LANGS.index(lang)] for key, pair in _WORDS.items()}


@dataclass(frozen=True)
class Row:
    """One row of the policy's cookie table, in one language, as the policy prints it."""

    name: str
    provider: str
    purpose: str
    duration: str
    type: str


@dataclass(frozen=True)
class Entry:
    """One cookie of the policy (a named one, or a kind described), with its service."""

    facts: CookieFacts
    group: str
    service: str
    label: str  # the provider: the vendor's name, else ours
    rows: Mapping[Lang, Row]  # empty for a cookie described without a name
    said: Mapping[Lang, str]  # how the banner mentions it: "_ga (2 years)", or a sentence
    purposes: Mapping[Lang, str]

    @property
    def name(self) -> str | Pattern | None:
        """The cookie's name as the libraries match it: a pattern where a part varies."""
        return cookie_pattern(self.facts.name) if self.facts.name else None


@dataclass(frozen=True)
class Group:
    group: str
    needs_consent: bool
    entries: tuple[Entry, ...]

    def services(self) -> dict[str, list[Entry]]:
        found: dict[str, list[Entry]] = {}
        for entry in self.entries:
            found.setdefault(entry.service, []).append(entry)
        return found


@dataclass(frozen=True)
class Plan:
    """What both configurations say, in the languages asked for (the first is the default)."""

    langs: tuple[Lang, ...]
    revision: int
    groups: tuple[Group, ...]
    consent_cookie: str | None  # the profile's cookie that holds the choice, if it declares one
    consent_days: int
    policy_urls: Mapping[Lang, str]
    controller: str
    has_vendors: bool  # some consent cookies are our providers'
    records: Mapping[Lang, LanguageRecord]

    def cookie_name(self, kind: BannerKind) -> str:
        return self.consent_cookie or DEFAULT_CONSENT_COOKIE[kind]


def policy_urls(loaded: LoadedProfile, langs: Sequence[Lang], policy_url: str | None) -> dict[Lang, str]:
    """The policy's address in each language: ``policy_url`` with ``{lang}`` replaced, else
    the controller's website (the profile has no field for the policy's own address)."""
    url = policy_url or str(loaded.profile.controller.website)
    if not re.match(r"(https?://|/)", url):
        raise DrafterError(Problem("drafter", f"--policy-url {url!r} must start with https://, http:// or /"))
    return {lang: url.replace("{lang}", lang) for lang in langs}


def why_no_banner(loaded: LoadedProfile) -> str | None:
    return None if loaded.facts.cookies else "the profile declares no cookies: a banner has nothing to say"


def plan(
    loaded: LoadedProfile,
    langs: Sequence[Lang] | None = None,
    *,
    policy_url: str | None = None,
    consent_cookie: str | None = None,
) -> Plan:
    facts = loaded.facts
    if refused := why_no_banner(loaded):
        raise DrafterError(Problem(loaded.file, refused))
    chosen = tuple(dict.fromkeys(langs or loaded.profile.languages))
    for lang in chosen:
        require_language(loaded, lang, "draft the banner")
    spans: dict[str, set[str]] = {}
    for c in facts.cookies:
        if c.vendor is not None:
            spans.setdefault(c.vendor.id, set()).add(c.group or "")
    texts = {lang: _texts(loaded, lang) for lang in chosen}
    groups = []
    for g in facts.cookie_groups:
        entries = []
        for c in g.cookies:
            service = f"first-party-{g.group}" if c.vendor is None else c.vendor.id
            if c.vendor is not None and len(spans[c.vendor.id]) > 1:
                service = f"{c.vendor.id}-{g.group}"
            t = {lang: texts[lang][id(c)] for lang in chosen}
            rows = {lang: row for lang, (_, row, _, _) in t.items() if row is not None}
            said = {lang: x[2] for lang, x in t.items()}
            label = t[chosen[0]][0]
            entries.append(Entry(c, g.group, service, label, rows, said, {k: x[3] for k, x in t.items()}))
        groups.append(Group(g.group, g.needs_consent, tuple(entries)))
    own = _consent_cookie(facts.cookies, consent_cookie, loaded)
    days = DEFAULT_CONSENT_DAYS
    if own is not None and own.duration is not None and own.duration.approx_days >= 1:
        days = round(own.duration.approx_days)
    return Plan(
        chosen,
        banner_revision(loaded),
        tuple(groups),
        own.name if own else None,
        days,
        policy_urls(loaded, chosen, policy_url),
        policy_context(loaded, chosen[0]).controller.name,
        any(c.vendor is not None and c.needs_consent for c in facts.cookies),
        {lang: policy_language(loaded, lang) for lang in chosen},
    )


def _consent_cookie(
    cookies: Sequence[CookieFacts], named: str | None, loaded: LoadedProfile
) -> CookieFacts | None:
    """The profile's cookie the banner keeps the choice in: the one named, else a
    first-party cookie set without consent whose name says it holds consent."""
    for c in cookies:
        wanted = c.name == named if named else not c.needs_consent and _CONSENT_NAME.search(c.name or "")
        if c.vendor is None and c.name and wanted:
            return c
    if named is not None:
        raise DrafterError(
            Problem(loaded.file, f"--consent-cookie {named!r} is not a first-party cookie of the profile")
        )
    return None


def _texts(loaded: LoadedProfile, lang: Lang) -> dict[int, tuple[str, Row | None, str, str]]:
    """For each cookie fact (by identity): its provider, its row of the policy's table (None
    for a cookie described without a name), how the banner mentions it, and its purpose."""
    ctx = policy_context(loaded, lang)
    w = words(ctx.language)
    ours = _words(lang)
    found: dict[int, tuple[str, Row | None, str, str]] = {}
    for g, worded in zip(loaded.facts.cookie_groups, ctx.cookies, strict=True):
        for c, t in zip(g.cookies, worded.cookies, strict=True):
            provider, purpose = t.provider or ctx.controller.name, t.purpose or ""
            row, said = None, ""
            if t.name:  # as templates/*/cookies.md.j2 prints the row
                duration = plain(w.cookie_duration(t.duration))
                row = Row(
                    cookie_name(t.name),
                    provider,
                    capfirst(purpose),
                    capfirst(duration),
                    ours["party"][t.party],
                )
                said = f"{row.name} ({duration})"
            else:
                by = ours["from"].format(name=t.provider, de_name=fr_de(t.provider)) if t.provider else ""
                said = ours["unnamed"].format(provider=by, purpose=after_colon(purpose, lang))
            found[id(c)] = (provider, row, said, capfirst(purpose))
    return found


# --- the configurations ------------------------------------------------------------------


def _e(text: str) -> str:
    """Text inside CookieConsent's HTML (it sets innerHTML): escaped."""
    return html.escape(text, quote=False)


def _lead(p: Plan, lang: Lang) -> list[str]:
    """The banner's first sentences: what we set, what waits for consent, and the choice."""
    ours = _words(lang)
    rec = p.records[lang]
    asked = [ours["aim"][g.group] for g in p.groups if g.needs_consent]
    told = [ours["aim"][g.group] for g in p.groups if not (g.needs_consent or _SAYS_NO_CONSENT[g.group])]
    said = [ours["needed"]]
    if asked:
        which = "consent_ours" if p.has_vendors else "consent_us"
        said.append(ours[which].format(purposes=join_list(asked, rec)))
    if told:
        said.append(ours["notice"].format(purposes=join_list(told, rec)))
    if asked:
        said.append(ours["choice"])
    return said


def _group_text(g: Group, lang: Lang, w: Any) -> str:
    ours = _words(lang)
    note = ours["on_consent"] if g.needs_consent else "" if _SAYS_NO_CONSENT[g.group] else ours["on_notice"]
    said = [w.GROUP_ROLE[g.group], note, *(e.said[lang] for e in g.entries if not e.rows)]
    return " ".join(s for s in said if s)


def cookieconsent_config(p: Plan) -> dict[str, Any]:
    """CookieConsent 3's configuration (``CookieConsent.run(config)``), as its type
    definitions (types/index.d.ts) name each option."""
    categories: dict[str, Any] = {}
    for g in p.groups:
        category: dict[str, Any] = {"enabled": not g.needs_consent, "readOnly": not g.needs_consent}
        names = [{"name": e.name} for e in g.entries if e.name is not None]
        if g.needs_consent and names:
            category["autoClear"] = {"cookies": names}
        category["services"] = {
            service: {"label": _e(entries[0].label)}
            | ({"cookies": named} if (named := [{"name": e.name} for e in entries if e.name]) else {})
            for service, entries in g.services().items()
        }
        categories[g.group] = category
    return {
        "revision": p.revision,
        "mode": "opt-in",
        "manageScriptTags": True,
        "autoClearCookies": True,
        "cookie": {"name": p.cookie_name("cookieconsent"), "expiresAfterDays": p.consent_days},
        "guiOptions": {
            "consentModal": {"equalWeightButtons": True},
            "preferencesModal": {"equalWeightButtons": True},
        },
        "categories": categories,
        "language": {
            "default": p.langs[0],
            "autoDetect": "document",
            "translations": {lang: _cookieconsent_texts(p, lang) for lang in p.langs},
        },
    }


def _cookieconsent_texts(p: Plan, lang: Lang) -> dict[str, Any]:
    ours = _words(lang)
    w = words(p.records[lang])
    url = html.escape(p.policy_urls[lang], quote=True)
    link = f'<a href="{url}">{_e(ours["policy"])}</a>'
    sections: list[dict[str, Any]] = [
        {
            "title": _e(ours["intro_title"]),
            "description": _e(
                ours["intro"] if any(g.needs_consent for g in p.groups) else ours["intro_none"]
            ),
        }
    ]
    star = False
    for g in p.groups:
        section: dict[str, Any] = {
            "title": _e(w.GROUP[g.group]),
            "description": _e(_group_text(g, lang, w)),
            "linkedCategory": g.group,
        }
        rows = [e.rows[lang] for e in g.entries if lang in e.rows]
        if rows:
            section["cookieTable"] = {
                "headers": dict(zip(COLUMNS, (_e(h) for h in ours["headers"]), strict=True)),
                "body": [{k: _e(v) for k, v in asdict(r).items()} for r in rows],
            }
            star = star or any(r.name != e.facts.name for e in g.entries for r in e.rows.values())
        sections.append(section)
    more = ours["more_text"].format(policy="\0")
    more_html = _e(more).replace("\0", link) + (f" {_e(ours['star'])}" if star else "")
    sections.append({"title": _e(ours["more_title"]), "description": more_html})
    lead = " ".join(_e(s) for s in _lead(p, lang))
    return {
        "consentModal": {
            "title": _e(ours["title"]),
            "description": f"{lead} {{{{revisionMessage}}}}",
            "revisionMessage": _e(ours["revision"]),
            "acceptAllBtn": _e(ours["accept_all"]),
            "acceptNecessaryBtn": _e(ours["reject_all"]),
            "showPreferencesBtn": _e(ours["choose"]),
            "footer": f'<a href="{url}">{_e(ours["policy_title"])}</a>',
        },
        "preferencesModal": {
            "title": _e(ours["settings"]),
            "acceptAllBtn": _e(ours["accept_all"]),
            "acceptNecessaryBtn": _e(ours["reject_all"]),
            "savePreferencesBtn": _e(ours["save"]),
            "closeIconLabel": _e(ours["close"]),
            "serviceCounterLabel": _e(ours["counter"]),
            "sections": sections,
        },
    }


def klaro_config(p: Plan) -> dict[str, Any]:
    """Klaro's configuration (``klaro.setup(config)``), with the options of its annotated
    dist/config.js and src/consent-manager.js.

    Klaro's ``version`` is the version of its configuration format (lib.js treats 2
    specially), not a revision, and Klaro asks again only when a service is missing from
    the visitor's stored choice. So the revision is in the name of the service that
    holds the choice, ``cookie-choices-r<revision>``: a new revision is a service the
    stored choice lacks, and Klaro shows its notice again ("changeDescription")."""
    own_group = next(
        (e.group for g in p.groups for e in g.entries if e.facts.name == p.consent_cookie), _OWN_GROUP
    )
    services: list[dict[str, Any]] = []
    for g in p.groups:
        for service, entries in g.services().items():
            kept = [e for e in entries if e.facts.name is None or e.facts.name != p.consent_cookie]
            if not kept:
                continue
            services.append(
                {
                    "name": service,
                    "title": kept[0].label,
                    "purposes": [g.group],
                    "cookies": [e.name for e in kept if e.name is not None],
                    "required": not g.needs_consent,
                    "optOut": False,
                    "default": False,
                    "translations": {
                        code: {"description": _service_text(kept, lang)} for code, lang in _klaro_langs(p)
                    },
                }
            )
    own = p.cookie_name("klaro")
    held = [e for g in p.groups for e in g.entries if e.facts.name == p.consent_cookie]
    services.append(
        {
            "name": CHOICES_SERVICE.format(revision=p.revision),
            "purposes": [own_group],
            "cookies": [own],
            "required": True,
            "optOut": False,
            "default": False,
            "translations": {
                code: {
                    "title": _words(lang)["choices_title"],
                    "description": _service_text(held, lang) if held else _words(lang)["choices"],
                }
                for code, lang in _klaro_langs(p)
            },
        }
    )
    purposes = list(dict.fromkeys([*(g.group for g in p.groups), own_group]))
    return {
        "version": 1,
        "storageMethod": "cookie",
        "storageName": own,
        "cookieExpiresAfterDays": p.consent_days,
        "htmlTexts": False,
        "default": False,
        "optOut": False,
        "required": False,
        "mustConsent": False,
        "acceptAll": True,
        "hideDeclineAll": False,
        "hideLearnMore": False,
        "groupByPurpose": True,
        "purposeOrder": purposes,
        "translations": {code: _klaro_texts(p, lang, purposes) for code, lang in _klaro_langs(p)},
        "services": services,
    }


def _klaro_langs(p: Plan) -> Iterator[tuple[str, Lang]]:
    """Klaro's language codes: ``zz`` (its fallback, for a page in another language) is
    the default language, then each language."""
    yield "zz", p.langs[0]
    for lang in p.langs:
        yield lang, lang


def _service_text(entries: Sequence[Entry], lang: Lang) -> str:
    ours = _words(lang)
    purposes = dict.fromkeys(e.purposes[lang].rstrip(".") + "." for e in entries if e.rows)
    said = [*purposes, *(e.said[lang] for e in entries if not e.rows)]
    named = [e.said[lang] for e in entries if e.rows]
    if named:
        said.append(ours["cookies"].format(list=", ".join(named)))
    return " ".join(said)


def _klaro_texts(p: Plan, lang: Lang, purposes: Sequence[str]) -> dict[str, Any]:
    ours = _words(lang)
    w = words(p.records[lang])
    consent = any(g.needs_consent for g in p.groups)
    by_group = {g.group: g for g in p.groups}

    def purpose_text(group: str) -> str:
        g = by_group.get(group)
        return _group_text(g, lang, w) if g else w.GROUP_ROLE[group]

    return {
        "privacyPolicyUrl": p.policy_urls[lang],
        "consentNotice": {
            "title": ours["title"],
            "description": " ".join([*_lead(p, lang), ours["more"].format(policy="{privacyPolicy}")]),
            "changeDescription": ours["revision"],
            "learnMore": ours["choose"],
        },
        "consentModal": {
            "title": ours["settings"],
            "description": ours["intro"] if consent else ours["intro_none"],
        },
        "privacyPolicy": {"name": ours["policy"], "text": ours["more"].format(policy="{privacyPolicy}")},
        "acceptAll": ours["accept_all"],
        "acceptSelected": ours["save"],
        "save": ours["save"],
        "decline": ours["reject_all"],
        "ok": ours["accept_all"],
        "close": ours["close"],
        "purposes": {g: {"title": w.GROUP[g], "description": purpose_text(g)} for g in purposes},
        "purposeItem": {"service": ours["services"][0], "services": ours["services"][1]},
        "service": {
            "required": {"title": ours["required"], "description": ours["required_text"]},
            "purpose": ours["purpose"],
            "purposes": ours["purposes"],
            "disableAll": {"title": ours["switch"], "description": ours["switch_text"]},
        },
    }


def banner_config(p: Plan, kind: BannerKind) -> dict[str, Any]:
    return cookieconsent_config(p) if kind == "cookieconsent" else klaro_config(p)


def banner_text(
    loaded: LoadedProfile,
    kind: BannerKind,
    langs: Sequence[Lang] | None = None,
    *,
    policy_url: str | None = None,
    consent_cookie: str | None = None,
) -> str:
    """The banner file's exact content: the same bytes for the same profile and arguments
    (no date, no path). ``langs`` default to the profile's languages, the first being the
    banner's default; a DrafterError for a profile without cookies or a language it lacks."""
    if kind not in KINDS:
        raise DrafterError(Problem("drafter", f"unknown banner kind {kind!r}; use {' or '.join(KINDS)}"))
    p = plan(loaded, langs, policy_url=policy_url, consent_cookie=consent_cookie)
    return to_module(banner_config(p, kind), kind, PACKAGES[kind], loaded.profile.service.name)
