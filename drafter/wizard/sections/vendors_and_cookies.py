"""The sections on vendors, other recipients and cookies, with the vendor lookups they need."""

from __future__ import annotations

import typing
from typing import Any

from pydantic import ValidationError

from drafter.legal import decisions as decide
from drafter.legal.decisions import european_law
from drafter.legal.facts import cookies_need_consent
from drafter.model.catalog import DataKind
from drafter.model.profile import Cookie
from drafter.wizard.i18n import N_, tr
from drafter.wizard.questions import Ask, Choice, Ctx, Each, Group, Item, Pick, Repeat, Section, first_text
from drafter.wizard.sections.choices import (
    CATEGORY_PURPOSES,
    CATEGORY_TITLES,
    COOKIE_GROUPS,
    RECIPIENT_KINDS,
    TRANSFER_MECHANISMS,
    fixed,
)
from drafter.wizard.sections.presets import cookie_presets, recipient_presets
from drafter.wizard.sections.rules import (
    custom_vendor,
    data_choices,
    not_taken,
    regime,
    slug,
    title_of,
    today,
    unique_id,
    vendor_category,
)
from drafter.wizard.sections.us import US_DISCLOSURE

# --- choices and lookups ----------------------------------------------------------


def _purpose_choices(ctx: Ctx) -> list[Choice]:
    return [
        Choice(p.get("id"), first_text(p.get("description"), ctx.langs) or str(p.get("id")))
        for p in ctx.root.get("purposes") or []
        if isinstance(p, dict) and p.get("id")
    ]


def _custom_vendors(ctx: Ctx) -> list[Item]:
    return [v for v in ctx.root.get("custom_vendors") or [] if isinstance(v, dict) and v.get("id")]


def _vendor_choices(ctx: Ctx) -> list[Choice]:
    choices: list[Choice] = []
    by_category: dict[str, list[Choice]] = {}
    for vendor in sorted(ctx.catalog.values(), key=lambda v: v.name.lower()):
        title = f"{vendor.name}: {first_text(vendor.description.model_dump(), ctx.langs)}"
        by_category.setdefault(vendor.category, []).append(Choice(vendor.id, title))
    custom = _custom_vendors(ctx)
    if custom:
        by_category.setdefault("yours", []).extend(
            Choice(v["id"], tr("{name} (your own entry)").format(name=v.get("name", v["id"]))) for v in custom
        )
    for category, title in [*CATEGORY_TITLES.items(), ("yours", N_("Not in the catalog"))]:
        if by_category.get(category):
            choices.append(Choice(None, title, heading=True))
            choices.extend(by_category[category])
    return choices


def _new_vendors_preselected(ctx: Ctx, saved: list[Any]) -> list[Any]:
    """Saved vendors, plus custom vendors just described (they are meant to be used)."""
    return [*saved, *[v["id"] for v in _custom_vendors(ctx) if v["id"] not in saved]]


def _vendor_name(vendor_id: Any, ctx: Ctx) -> str:
    vendor = ctx.catalog.get(str(vendor_id))
    if vendor is not None:
        return vendor.name
    custom = custom_vendor(vendor_id, ctx)
    return str(custom.get("name", vendor_id)) if custom is not None else str(vendor_id)


def _receives(vendor_id: Any, ctx: Ctx) -> set[str] | None:
    """The kinds of data a vendor receives, as its catalog or custom entry says."""
    vendor = ctx.catalog.get(str(vendor_id))
    if vendor is not None:
        return set(vendor.data_received)
    custom = custom_vendor(vendor_id, ctx)
    received = custom.get("data_received") if custom is not None else None
    return set(received) if isinstance(received, list) else None


def _data_it_receives(ctx: Ctx) -> list[Any]:
    """The data categories of the kinds a vendor receives (for a vendor with no purpose)."""
    receives = _receives(ctx.item.get("vendor"), ctx) or set()
    return [
        d.get("id") for d in ctx.root.get("data") or [] if isinstance(d, dict) and d.get("kind") in receives
    ]


def _new_processor(vendor_id: Any, ctx: Ctx) -> dict[str, Any]:
    """A vendor serves the purposes of its kind whose data it can receive: Brevo sends the
    newsletter, but is not pre-ticked for posting photos on social networks."""
    kinds = CATEGORY_PURPOSES.get(vendor_category(vendor_id, ctx), set())
    receives = _receives(vendor_id, ctx)
    data_kinds = {d.get("id"): d.get("kind") for d in ctx.root.get("data") or [] if isinstance(d, dict)}

    def fits(purpose: Item) -> bool:
        if purpose.get("kind") not in kinds or not purpose.get("id"):
            return False
        known = {data_kinds.get(d) for d in purpose.get("data") or []} - {None}
        return receives is None or not known or bool(known & receives)

    purposes = [p["id"] for p in ctx.root.get("purposes") or [] if isinstance(p, dict) and fits(p)]
    return {"vendor": vendor_id, "purposes": purposes}


def _vendors_with_cookies(ctx: Ctx) -> list[Any]:
    used = [u.get("vendor") for u in ctx.root.get("processors") or [] if isinstance(u, dict)]
    found = []
    for vendor_id in used:
        vendor = ctx.catalog.get(str(vendor_id))
        if vendor is not None and vendor.cookies:
            found.append(vendor_id)
        elif vendor is None:
            custom = custom_vendor(vendor_id, ctx)
            if custom is not None and custom.get("cookies"):
                found.append(vendor_id)
    return found


def _cookie_vendor_choices(ctx: Ctx) -> list[Choice]:
    saved = [c.get("vendor") for c in ctx.root.get("cookies") or [] if isinstance(c, dict) and "vendor" in c]
    ids = list(dict.fromkeys([*_vendors_with_cookies(ctx), *saved]))
    choices = []
    for vendor_id in ids:
        vendor = ctx.catalog.get(str(vendor_id))
        names = ", ".join(c.name for c in vendor.cookies) if vendor is not None else ""
        title = _vendor_name(vendor_id, ctx) + (f" ({names})" if names else "")
        choices.append(Choice(vendor_id, title))
    return choices


# --- checks, conditions and titles ------------------------------------------------


def _purposes_or_data(value: Any, ctx: Ctx) -> str | None:
    if not value and not ctx.item.get("purposes"):
        return "choose at least one purpose or one kind of data this vendor receives"
    return None


def _consent_cookies(ctx: Ctx) -> bool:
    """Whether the cookies answered so far need consent (as the policy will say they do)."""
    entries = []
    for answer in ctx.root.get("cookies") or []:
        try:
            entries.append(Cookie.model_validate(dict(answer)))
        except ValidationError:
            continue  # not a whole answer yet; the final check sees it
    vendors = {c.vendor: ctx.catalog[c.vendor] for c in entries if c.vendor and c.vendor in ctx.catalog}
    eprivacy = european_law(regime("gdpr")(ctx), regime("uk_gdpr")(ctx))
    return cookies_need_consent(entries, vendors, eprivacy)


def _recipient_title(item: Item, ctx: Ctx) -> str:
    kinds = {c.value: c.title for c in RECIPIENT_KINDS(ctx)}
    description = first_text(item.get("description"), ctx.langs)
    kind = tr(kinds.get(item.get("kind"), str(item.get("kind"))))
    return kind + (f" ({description})" if description else "")


def _cookie_vendors_preselected(ctx: Ctx, saved: list[Any]) -> list[Any]:
    """The saved ones, and the vendors with catalog cookies picked in this session: a vendor
    the loaded profile already used without declaring its cookies stays as it was."""
    before = (
        {u.get("vendor") for u in ctx.original.get("processors") or [] if isinstance(u, dict)}
        if ctx.editing
        else set()
    )
    return [*saved, *[v for v in _vendors_with_cookies(ctx) if v not in saved and v not in before]]


def _cookie_withdraw(ctx: Ctx) -> Any:
    texts = {
        "en": 'You can change your choices at any time: click "Cookie settings" at the bottom of any page.',
        "fr": "Vous pouvez modifier vos choix à tout moment : cliquez sur « Gérer les cookies » en bas "
        "de chaque page.",
    }
    langs = ctx.langs
    return texts[langs[0]] if len(langs) == 1 else {lang: texts[lang] for lang in langs}


def _cookie_title(item: Item, ctx: Ctx) -> str:
    return repr(item.get("name") or first_text(item.get("purpose"), ctx.langs))


# --- the questions ----------------------------------------------------------------

# A vendor described by the person, asked when they tick "not in the list" in the picker.
_CUSTOM_NODES = (
    Ask("name", N_("Vendor's name")),
    Ask(
        "id",
        N_("Short id for it"),
        suggest=lambda ctx: unique_id(slug(str(ctx.item.get("name", ""))), ctx),
        check=not_taken,
    ),
    Ask(
        "category",
        N_("What kind of service is it?"),
        "select",
        choices=fixed(*CATEGORY_TITLES.items()),
    ),
    Ask(
        "description.en",
        N_("What does it do for you? In English, as a verb phrase"),
        help=N_("e.g. 'send our newsletter'."),
    ),
    Ask(
        "description.fr",
        N_("The same in French"),
        help=N_("e.g. 'envoyer notre lettre d'information'."),
    ),
    Ask("privacy_url", N_("Address of its privacy policy")),
    Ask("entities.global.name", N_("Legal name of the company")),
    Ask("entities.global.address", N_("Its address, on one line")),
    Ask("entities.global.country", N_("Its country (two-letter code)")),
    Ask(
        "processing_countries",
        N_("Countries where it processes the data (codes, comma-separated)"),
        "countries",
    ),
    Ask(
        "dpf_certified",
        N_("Is it certified under the EU-US Data Privacy Framework?"),
        "confirm",
        when=lambda ctx: "US" in (ctx.item.get("processing_countries") or []),
    ),
    Ask(
        "transfer_mechanism",
        N_("Safeguard for transfers outside the EEA"),
        "select",
        optional=True,
        choices=TRANSFER_MECHANISMS,
        suggest=lambda ctx: "dpf" if ctx.item.get("dpf_certified") is True else None,
    ),
    Ask(
        "own_purposes",
        N_("Does it also use the data for purposes of its own, as a separate controller?"),
        "confirm",
        help=N_("e.g. a social network that uses what it receives for its own advertising."),
    ),
    *[
        Ask(
            f"own_purposes_detail.{lang}",
            text,
            when=lambda ctx: ctx.item.get("own_purposes") is True,
            drop_when_skipped=True,
            help=example,
        )
        for lang, text, example in (
            (
                "en",
                N_("Which purposes of its own? In English, as a noun phrase"),
                N_("e.g. 'its own advertising'."),
            ),
            ("fr", N_("The same in French"), N_("e.g. 'sa propre publicité'.")),
        )
    ],
    Ask(
        "data_received",
        N_("What data does it receive?"),
        "checkbox",
        choices=fixed(*[(kind, kind) for kind in typing.get_args(DataKind)]),
    ),
    Ask("last_checked", N_("Date you checked these facts (YYYY-MM-DD)"), "date", suggest=today),
)

_DESCRIBED = Repeat(
    "custom_vendors",
    title_of("name"),
    _CUSTOM_NODES,
    keep="",
    first=N_("Describe a vendor missing from drafter's catalog?"),
    another=N_("Describe another vendor missing from drafter's catalog?"),
)

VENDORS = Section(
    "vendors",
    N_("Vendors and other recipients"),
    ("custom_vendors", "processors", "other_recipients"),
    (
        Repeat(
            "custom_vendors",
            title_of("name"),
            _CUSTOM_NODES,
            keep=N_("Keep the vendor you described, {title}?"),
            first=N_("Describe a vendor missing from drafter's catalog?"),
            another=N_("Describe another vendor missing from drafter's catalog?"),
            add=False,
        ),
        Pick(
            "processors",
            "vendor",
            N_("Which services receive personal data from you?"),
            _vendor_choices,
            _new_processor,
            lambda item, ctx: _vendor_name(item.get("vendor"), ctx),
            (
                Ask(
                    "purposes", N_("For which purposes?"), "checkbox", choices=_purpose_choices, optional=True
                ),
                Ask(
                    "data",
                    N_("Which data does it receive? (leave empty: the data of those purposes)"),
                    "checkbox",
                    choices=data_choices,
                    optional=True,
                    check=_purposes_or_data,
                    when=lambda ctx: "data" in ctx.item or not ctx.item.get("purposes"),
                    suggest=_data_it_receives,
                ),
                US_DISCLOSURE,
            ),
            help=N_("Space ticks a service, Enter confirms. Payment, analytics, hosting, e-mail, chat..."),
            preselect=_new_vendors_preselected,
            other=_DESCRIBED,
            other_title=N_("another service, not in this list: describe it"),
        ),
        Each(
            "processors",
            N_("Do you want to add a note about any of them in the policy?"),
            lambda item, ctx: _vendor_name(item.get("vendor"), ctx),
            (Ask("note", N_("Your note (a full sentence)"), "prose", optional=True),),
            checked=lambda item: bool(item.get("note")),
            help=N_(
                "e.g. 'We have turned off data sharing with other Google products.' Tick none for no note."
            ),
        ),
        Repeat(
            "other_recipients",
            _recipient_title,
            (
                Ask("kind", N_("Who?"), "select", choices=RECIPIENT_KINDS),
                Ask(
                    "description",
                    N_("Describe them"),
                    "prose",
                    optional=lambda ctx: ctx.item.get("kind") != "other",
                    help=N_("e.g. 'our chartered accountant'."),
                ),
                Ask(
                    "data",
                    N_("Which data do they receive?"),
                    "checkbox",
                    choices=data_choices,
                    optional=True,
                ),
                Ask("countries", N_("Their countries (codes, comma-separated)"), "countries", optional=True),
                Ask(
                    "transfer_mechanism",
                    N_("Safeguard for a transfer outside the EEA"),
                    "select",
                    optional=True,
                    choices=TRANSFER_MECHANISMS,
                    when=lambda ctx: decide.leaves_eea(list(ctx.item.get("countries") or []), ctx.law),
                ),
                US_DISCLOSURE,
            ),
            keep=N_("Keep the recipient {title}?"),
            first=N_("Does anyone besides your vendors receive personal data?"),
            another=N_("Describe another recipient?"),
            presets=recipient_presets,
            presets_text=N_("Who else receives personal data, besides your vendors?"),
            other=N_("someone else: describe them"),
            help=N_("Tick none if no one does."),
        ),
    ),
)

COOKIES = Section(
    "cookies",
    N_("Cookies and similar trackers"),
    ("cookies", "cookie_settings"),
    (
        Pick(
            "cookies",
            "vendor",
            N_("Which of these vendors set cookies or similar trackers on your site?"),
            _cookie_vendor_choices,
            lambda vendor_id, ctx: {"vendor": vendor_id},
            lambda item, ctx: _vendor_name(item.get("vendor"), ctx),
            match=lambda item: "vendor" in item,
            when=lambda ctx: bool(_cookie_vendor_choices(ctx)),
            preselect=_cookie_vendors_preselected,
            help=N_("Their cookie names, purposes and durations come from drafter's catalog."),
        ),
        Repeat(
            "cookies",
            _cookie_title,
            (
                Ask(
                    "name",
                    N_("Cookie name"),
                    optional=True,
                    help=N_("Leave blank for a kind of cookie with no fixed name."),
                ),
                Ask("group", N_("What is it for?"), "select", choices=COOKIE_GROUPS),
                Ask(
                    "purpose",
                    N_("What does it do? (completes 'This cookie ...')"),
                    "prose",
                    help=N_("e.g. 'keeps the contents of your basket'."),
                ),
                Ask(
                    "duration",
                    N_("How long does it last? (e.g. 13 months, or session)"),
                    "duration",
                    optional=lambda ctx: not ctx.item.get("name"),
                ),
            ),
            match=lambda item: "vendor" not in item,
            keep=N_("Keep your cookie {title}?"),
            first=N_("Does your site set cookies of its own?"),
            another=N_("Describe another cookie of your own?"),
            presets=cookie_presets,
            presets_text=N_("Which cookies of your own does your site set?"),
            other=N_("another cookie: describe it"),
            help=N_("Tick none if it sets none. You give each one's name next."),
        ),
        Group(
            "cookie_settings",
            (
                Ask(
                    "consent_tool",
                    N_("Do you show a banner or panel where people accept or refuse cookies?"),
                    "confirm",
                    suggest=_consent_cookies,
                ),
                Ask(
                    "withdraw",
                    N_("Where do people change their cookie choices later? (a full sentence)"),
                    "prose",
                    when=lambda ctx: _consent_cookies(ctx) or "withdraw" in ctx.item,
                    optional=lambda ctx: not _consent_cookies(ctx),
                    suggest=_cookie_withdraw,
                ),
            ),
            when=lambda ctx: bool(ctx.root.get("cookies")),
        ),
    ),
)
