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
from drafter.wizard.questions import Ask, Choice, Ctx, Group, Item, Pick, Repeat, Section, first_text
from drafter.wizard.sections.choices import (
    CATEGORY_PURPOSES,
    CATEGORY_TITLES,
    COOKIE_GROUPS,
    RECIPIENT_KINDS,
    TRANSFER_MECHANISMS,
    fixed,
)
from drafter.wizard.sections.rules import (
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
        title = f"{vendor.name}: {vendor.description.en}"
        by_category.setdefault(vendor.category, []).append(Choice(vendor.id, title))
    custom = _custom_vendors(ctx)
    if custom:
        by_category.setdefault("yours", []).extend(
            Choice(v["id"], f"{v.get('name', v['id'])} (your own entry)") for v in custom
        )
    for category, title in [*CATEGORY_TITLES.items(), ("yours", "Not in the catalog")]:
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
    for custom in _custom_vendors(ctx):
        if custom["id"] == vendor_id:
            return str(custom.get("name", vendor_id))
    return str(vendor_id)


def _new_processor(vendor_id: Any, ctx: Ctx) -> dict[str, Any]:
    kinds = CATEGORY_PURPOSES.get(vendor_category(vendor_id, ctx), set())
    purposes = [p["id"] for p in ctx.root.get("purposes") or [] if p.get("kind") in kinds and p.get("id")]
    return {"vendor": vendor_id, "purposes": purposes}


def _vendors_with_cookies(ctx: Ctx) -> list[Any]:
    used = [u.get("vendor") for u in ctx.root.get("processors") or [] if isinstance(u, dict)]
    found = []
    for vendor_id in used:
        vendor = ctx.catalog.get(str(vendor_id))
        if vendor is not None and vendor.cookies:
            found.append(vendor_id)
        elif vendor is None:
            custom = next((c for c in _custom_vendors(ctx) if c["id"] == vendor_id), None)
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
    description = first_text(item.get("description"), ctx.langs)
    return f"{item.get('kind')}" + (f" ({description})" if description else "")


def _cookie_title(item: Item, ctx: Ctx) -> str:
    return repr(item.get("name") or first_text(item.get("purpose"), ctx.langs))


# --- the questions ----------------------------------------------------------------

VENDORS = Section(
    "vendors",
    "Vendors and other recipients",
    ("custom_vendors", "processors", "other_recipients"),
    (
        Repeat(
            "custom_vendors",
            "vendor missing from drafter's catalog",
            title_of("name"),
            (
                Ask("name", "Vendor's name"),
                Ask(
                    "id",
                    "Short id for it",
                    suggest=lambda ctx: unique_id(slug(str(ctx.item.get("name", ""))), ctx),
                    check=not_taken,
                ),
                Ask(
                    "category",
                    "What kind of service is it?",
                    "select",
                    choices=fixed(*CATEGORY_TITLES.items()),
                ),
                Ask(
                    "description.en",
                    "What does it do for you? In English, as a verb phrase",
                    help="e.g. 'send our newsletter'.",
                ),
                Ask(
                    "description.fr",
                    "The same in French",
                    help="e.g. 'envoyer notre lettre d'information'.",
                ),
                Ask("privacy_url", "Address of its privacy policy"),
                Ask("entities.global.name", "Legal name of the company"),
                Ask("entities.global.address", "Its address, on one line"),
                Ask("entities.global.country", "Its country (two-letter code)"),
                Ask(
                    "processing_countries",
                    "Countries where it processes the data (codes, comma-separated)",
                    "countries",
                ),
                Ask(
                    "dpf_certified",
                    "Is it certified under the EU-US Data Privacy Framework?",
                    "confirm",
                    when=lambda ctx: "US" in (ctx.item.get("processing_countries") or []),
                ),
                Ask(
                    "transfer_mechanism",
                    "Safeguard for transfers outside the EEA",
                    "select",
                    optional=True,
                    choices=TRANSFER_MECHANISMS,
                ),
                Ask(
                    "data_received",
                    "What data does it receive?",
                    "checkbox",
                    choices=fixed(*[(kind, kind) for kind in typing.get_args(DataKind)]),
                ),
                Ask("last_checked", "Date you checked these facts (YYYY-MM-DD)", "date", suggest=today),
            ),
            help="Describe here any service you use that is not in the list that follows.",
        ),
        Pick(
            "processors",
            "vendor",
            "Which services receive personal data from you?",
            _vendor_choices,
            _new_processor,
            lambda item, ctx: _vendor_name(item.get("vendor"), ctx),
            (
                Ask("purposes", "For which purposes?", "checkbox", choices=_purpose_choices, optional=True),
                Ask(
                    "data",
                    "Which data does it receive? (leave empty: the data of those purposes)",
                    "checkbox",
                    choices=data_choices,
                    optional=True,
                    check=_purposes_or_data,
                ),
                Ask("note", "Anything to add about it? (a full sentence)", "prose", optional=True),
                US_DISCLOSURE,
            ),
            help="Space ticks a service, Enter confirms. Payment, analytics, hosting, e-mail, chat...",
            preselect=_new_vendors_preselected,
        ),
        Repeat(
            "other_recipients",
            "recipient besides your vendors",
            _recipient_title,
            (
                Ask("kind", "Who?", "select", choices=RECIPIENT_KINDS),
                Ask(
                    "description",
                    "Describe them",
                    "prose",
                    optional=lambda ctx: ctx.item.get("kind") != "other",
                    help="e.g. 'our chartered accountant'.",
                ),
                Ask(
                    "data",
                    "Which data do they receive?",
                    "checkbox",
                    choices=data_choices,
                    optional=True,
                ),
                Ask("countries", "Their countries (codes, comma-separated)", "countries", optional=True),
                Ask(
                    "transfer_mechanism",
                    "Safeguard for a transfer outside the EEA",
                    "select",
                    optional=True,
                    choices=TRANSFER_MECHANISMS,
                    when=lambda ctx: decide.leaves_eea(list(ctx.item.get("countries") or []), ctx.law),
                ),
                US_DISCLOSURE,
            ),
            help="Beyond your vendors: authorities, advisers, carriers, a buyer of the business...",
        ),
    ),
)

COOKIES = Section(
    "cookies",
    "Cookies and similar trackers",
    ("cookies", "cookie_settings"),
    (
        Pick(
            "cookies",
            "vendor",
            "Which of these vendors set cookies or similar trackers on your site?",
            _cookie_vendor_choices,
            lambda vendor_id, ctx: {"vendor": vendor_id},
            lambda item, ctx: _vendor_name(item.get("vendor"), ctx),
            match=lambda item: "vendor" in item,
            when=lambda ctx: bool(_cookie_vendor_choices(ctx)),
            preselect=lambda ctx, saved: saved if saved else _vendors_with_cookies(ctx),
            help="Their cookie names, purposes and durations come from drafter's catalog.",
        ),
        Repeat(
            "cookies",
            "cookie of your own",
            _cookie_title,
            (
                Ask(
                    "name",
                    "Cookie name",
                    optional=True,
                    help="Leave blank for a kind of cookie with no fixed name.",
                ),
                Ask("group", "What is it for?", "select", choices=COOKIE_GROUPS),
                Ask(
                    "purpose",
                    "What does it do? (completes 'This cookie ...')",
                    "prose",
                    help="e.g. 'keeps the contents of your basket'.",
                ),
                Ask(
                    "duration",
                    "How long does it last? (e.g. 13 months, or session)",
                    "duration",
                    optional=lambda ctx: not ctx.item.get("name"),
                ),
            ),
            match=lambda item: "vendor" not in item,
        ),
        Group(
            "cookie_settings",
            (
                Ask(
                    "consent_tool",
                    "Do you show a banner or panel where people accept or refuse cookies?",
                    "confirm",
                ),
                Ask(
                    "withdraw",
                    "Where do people change their cookie choices later? (a full sentence)",
                    "prose",
                    optional=lambda ctx: not _consent_cookies(ctx),
                    help="e.g. 'Click \"Cookie settings\" at the bottom of any page.'",
                ),
            ),
            when=lambda ctx: bool(ctx.root.get("cookies")),
        ),
    ),
)
