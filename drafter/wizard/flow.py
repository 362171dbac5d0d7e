"""Every question the wizard asks, in order, as data (see :mod:`drafter.wizard.questions`)."""

from __future__ import annotations

import re
import typing
import unicodedata
from collections.abc import Iterable
from typing import Any

from drafter.model.catalog import DataKind
from drafter.wizard.questions import (
    Ask,
    Choice,
    Ctx,
    Group,
    Item,
    Pick,
    Repeat,
    Section,
    at,
    first_text,
)

# --- conditions -------------------------------------------------------------------


def regime(name: str) -> Any:
    return lambda ctx: at(ctx.root, f"regimes.{name}") is True


def _outside_eea(ctx: Ctx) -> bool:
    return bool(ctx.country) and ctx.country not in ctx.law.eea


def _gdpr_outside_eea(ctx: Ctx) -> bool:
    return regime("gdpr")(ctx) and _outside_eea(ctx)


def _authority_unknown(ctx: Ctx) -> bool:
    """drafter has no authority on file for a controller that needs one (or one is saved)."""
    needs = (regime("gdpr")(ctx) and ctx.country in ctx.law.eea) or (
        regime("uk_gdpr")(ctx) and ctx.country == "GB"
    )
    return "supervisory_authority" in ctx.root or (needs and ctx.law.country(ctx.country) is None)


def _two_languages(ctx: Ctx) -> bool:
    return len(ctx.langs) > 1


def _is(key: str, *values: Any) -> Any:
    return lambda ctx: at(ctx.item, key) in values


# --- choices ----------------------------------------------------------------------


def _fixed(*pairs: tuple[Any, str]) -> Any:
    return lambda ctx: [Choice(value, title) for value, title in pairs]


LANGUAGES = _fixed(
    (["en"], "English only"),
    (["fr"], "French only"),
    (["en", "fr"], "English and French (English first)"),
    (["fr", "en"], "French and English (French first)"),
)

LEGAL_BASES = (
    ("consent", "consent: the person agreed to it (Art. 6(1)(a))"),
    ("contract", "contract: needed to provide what the person asked for (Art. 6(1)(b))"),
    ("legal_obligation", "legal obligation: a law requires it (Art. 6(1)(c))"),
    ("legitimate_interests", "legitimate interests: a balanced interest of yours (Art. 6(1)(f))"),
    ("vital_interests", "vital interests: to protect someone's life (Art. 6(1)(d))"),
    ("public_task", "public task: a task in the public interest (Art. 6(1)(e))"),
)

PURPOSE_KINDS = (
    ("service", "providing the service itself"),
    ("payment", "payments"),
    ("support", "customer support"),
    ("communication", "service messages"),
    ("marketing", "marketing"),
    ("analytics", "audience measurement"),
    ("security", "security and fraud prevention"),
    ("legal", "legal duties (accounting, tax)"),
    ("improvement", "improving the service"),
    ("personalisation", "personalisation"),
    ("ai_training", "training AI models"),
    ("other", "something else"),
)

# The usual legal basis of each kind of purpose: a suggestion, never imposed.
USUAL_BASIS = {
    "service": "contract",
    "payment": "contract",
    "support": "contract",
    "communication": "contract",
    "marketing": "consent",
    "analytics": "consent",
    "security": "legitimate_interests",
    "legal": "legal_obligation",
    "improvement": "legitimate_interests",
    "personalisation": "consent",
    "ai_training": "consent",
    "other": "consent",
}

# The kinds of purpose a vendor of each catalog category usually serves.
CATEGORY_PURPOSES = {
    "payment": {"payment"},
    "analytics": {"analytics"},
    "hosting": {"service"},
    "email": {"communication", "marketing"},
    "support": {"support"},
    "crm": {"support", "marketing"},
    "ecommerce": {"service", "payment"},
    "accounting": {"legal"},
    "shipping": {"service"},
    "advertising": {"marketing"},
    "social": {"marketing"},
    "productivity": {"support"},
    "video": {"service"},
    "ai": {"service", "improvement"},
    "security": {"security"},
}

CATEGORY_TITLES = {
    "payment": "Payment",
    "analytics": "Analytics",
    "hosting": "Hosting, cloud and CDN",
    "email": "E-mail and newsletters",
    "support": "Support chat",
    "crm": "CRM",
    "ecommerce": "E-commerce",
    "accounting": "Accounting",
    "shipping": "Shipping",
    "advertising": "Advertising",
    "social": "Social networks",
    "productivity": "Productivity",
    "video": "Video and embeds",
    "ai": "AI services",
    "security": "Security",
    "other": "Other",
}

SOURCES = _fixed(
    ("you", "the person gives it to us"),
    ("automatic", "collected automatically (device, browsing)"),
    ("third_party", "we receive it from someone else"),
)

START_EVENTS = _fixed(
    ("collection", "from when we collect it"),
    ("last_activity", "from the person's last activity"),
    ("account_closure", "from when the account is closed"),
    ("end_of_contract", "from the end of the contract"),
    ("delivery", "from delivery"),
    ("transaction", "from the transaction"),
    ("last_contact", "from our last contact with the person"),
    ("financial_year_end", "from the end of the financial year"),
    ("consent_withdrawal", "from when consent is withdrawn"),
    ("unsubscribe", "from when the person unsubscribes"),
    (None, "no starting event"),
)

RECIPIENT_KINDS = _fixed(
    ("service_providers", "other service providers"),
    ("authorities", "public authorities, when the law requires it"),
    ("professional_advisers", "professional advisers (lawyers, accountants, auditors)"),
    ("acquirers", "a buyer of the business"),
    ("carriers", "delivery companies"),
    ("group_companies", "companies of the same group"),
    ("partner", "the partner that offers the service (white label)"),
    ("credit_agencies", "credit reference agencies"),
    ("other", "someone else (describe them)"),
)

TRANSFER_MECHANISMS = _fixed(
    (None, "none needed, or not known"),
    ("adequacy", "adequacy decision (Art. 45)"),
    ("dpf", "EU-US Data Privacy Framework"),
    ("scc", "standard contractual clauses (Art. 46)"),
    ("bcr", "binding corporate rules (Art. 47)"),
    ("derogation", "a derogation of Art. 49"),
)

COOKIE_GROUPS = _fixed(
    ("strictly_necessary", "strictly necessary (the site needs it; no consent)"),
    ("preferences", "preferences (language, display)"),
    ("analytics", "analytics (audience measurement)"),
    ("marketing", "marketing (advertising)"),
)

SECURITY_MEASURES = _fixed(
    ("encryption_in_transit", "encryption in transit (HTTPS/TLS)"),
    ("encryption_at_rest", "encryption of stored data"),
    ("hashed_passwords", "passwords stored hashed"),
    ("access_control", "access limited to those who need it"),
    ("audits", "regular security audits"),
    ("malware_scanning", "malware scanning"),
    ("backups", "regular backups"),
    ("pseudonymisation", "pseudonymisation"),
    ("staff_confidentiality", "confidentiality duties for staff"),
    ("processor_contracts", "data-protection contracts with providers"),
    ("payment_not_stored", "card details never stored on your servers"),
)

NOTIFY = _fixed(
    ("page", "publish the new version on the policy page"),
    ("email", "send an e-mail"),
    ("notice", "show a notice on the site"),
    ("in_app", "show a message in the app"),
)

BREACH_NOTIFY = _fixed(
    ("email", "by e-mail"),
    ("notice", "with a notice on the site"),
    ("in_app", "with a message in the app"),
)

REGIMES = _fixed(
    ("gdpr", "people in the European Economic Area (GDPR)"),
    ("uk_gdpr", "people in the United Kingdom (UK GDPR)"),
    ("caloppa", "people in California (CalOPPA)"),
    ("coppa", "children under 13 in the United States (COPPA)"),
)

AI_TRAINING = _fixed(
    ("never", "never"),
    ("with_consent", "only with the person's consent"),
    ("yes", "yes"),
)

DO_NOT_TRACK = _fixed(
    ("not_honoured", "no, the site does not change its behaviour"),
    ("honoured", "yes, the site honours it"),
)


def _authoritative(ctx: Ctx) -> list[Choice]:
    names = {"en": "English", "fr": "French"}
    return [
        Choice(None, "neither: both versions are equally valid"),
        *[Choice(lang, f"the {names[lang]} version prevails") for lang in ctx.langs],
    ]


def _data_choices(ctx: Ctx) -> list[Choice]:
    return [
        Choice(d.get("id"), f"{first_text(d.get('label'), ctx.langs)} ({d.get('id')})")
        for d in ctx.root.get("data") or []
        if isinstance(d, dict) and d.get("id")
    ]


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


def _vendor_category(vendor_id: Any, ctx: Ctx) -> str:
    vendor = ctx.catalog.get(str(vendor_id))
    if vendor is not None:
        return vendor.category
    for custom in _custom_vendors(ctx):
        if custom["id"] == vendor_id:
            return str(custom.get("category", "other"))
    return "other"


def _new_processor(vendor_id: Any, ctx: Ctx) -> dict[str, Any]:
    kinds = CATEGORY_PURPOSES.get(_vendor_category(vendor_id, ctx), set())
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


def _statutory(ctx: Ctx) -> list[Any]:
    law = ctx.law.country(ctx.country)
    return list(law.retention) if law is not None else []


def _statutory_choices(ctx: Ctx) -> list[Choice]:
    return [
        Choice(None, "none"),
        *[Choice(s.id, f"{s.label.en}: {s.period} ({s.reference.en})") for s in _statutory(ctx)],
    ]


_STATUTORY_WORDS = {"invoices": ("invoice", "factur", "billing"), "prospects": ("newsletter", "prospect")}


def _retention_suggestions(
    ctx: Ctx, items: list[Item], new_list: bool
) -> Iterable[tuple[str, dict[str, Any]]]:
    """Statutory periods of the controller's country (for a new list), then a rule for
    every data category no rule covers yet."""
    if new_list:
        for rule in _statutory(ctx):
            words = _STATUTORY_WORDS.get(rule.id, (rule.id,))
            data = [
                d["id"] for d in ctx.root.get("data") or [] if any(w in str(d.get("id", "")) for w in words)
            ]
            title = f"the statutory period for {rule.label.en}: {rule.period} ({rule.reference.en})"
            yield title, {"data": data, "period": str(rule.period), "statutory": rule.id}
    for category in ctx.root.get("data") or []:
        ident = category.get("id")
        covered = any(ident in (rule.get("data") or []) for rule in items)
        if ident and not covered and category.get("anonymous") is not True:
            label = first_text(category.get("label"), ctx.langs) or ident
            yield (
                f"a rule for {label}, which no rule covers yet",
                {"data": [ident], "period": "3 years", "starts": "last_activity"},
            )


# --- defaults, checks and titles ---------------------------------------------------


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40].strip("-") or "item"


def _unique_id(base: str, ctx: Ctx) -> str:
    taken = {s.get("id") for s in ctx.siblings}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _id_from(key: str) -> Any:
    return lambda ctx: _unique_id(slug(first_text(at(ctx.item, key), ctx.langs)), ctx)


def _not_taken(value: Any, ctx: Ctx) -> str | None:
    if any(s.get("id") == value for s in ctx.siblings):
        return f"the id {value!r} is already used; choose another"
    return None


def _purposes_or_data(value: Any, ctx: Ctx) -> str | None:
    if not value and not ctx.item.get("purposes"):
        return "choose at least one purpose or one kind of data this vendor receives"
    return None


def _country_law(what: str) -> Any:
    def suggest(ctx: Ctx) -> Any:
        law = ctx.law.country(ctx.country)
        return getattr(law, what) if law is not None else None

    return suggest


def _consent_cookies(ctx: Ctx) -> bool:
    for cookie in ctx.root.get("cookies") or []:
        basis = cookie.get("legal_basis")
        if basis == "consent" or (basis is None and cookie.get("group") not in (None, "strictly_necessary")):
            return True
        vendor = ctx.catalog.get(str(cookie.get("vendor")))
        if (
            vendor is not None
            and "group" not in cookie
            and any(c.legal_basis == "consent" for c in vendor.cookies)
        ):
            return True
    return False


def _controller_country(ctx: Ctx) -> str | None:
    return ctx.country or None


def _today(ctx: Ctx) -> str:
    return ctx.today


def _title_of(key: str) -> Any:
    return lambda item, ctx: repr(first_text(item.get(key), ctx.langs) or item.get("id") or "?")


def _retention_title(item: Item, ctx: Ctx) -> str:
    period = item.get("period") or "by criteria"
    return f"{', '.join(map(str, item.get('data') or []))}: {period}"


def _recipient_title(item: Item, ctx: Ctx) -> str:
    description = first_text(item.get("description"), ctx.langs)
    return f"{item.get('kind')}" + (f" ({description})" if description else "")


def _cookie_title(item: Item, ctx: Ctx) -> str:
    return repr(item.get("name") or first_text(item.get("purpose"), ctx.langs))


# --- the questions ----------------------------------------------------------------

LINES_HELP = "One line at a time (street, then postal code and city); a blank line ends the address."

CONTACT = (
    Ask("name", "Name", "prose", optional=True, help="A person or a team; leave blank to give none."),
    Ask("email", "E-mail address"),
    Ask("phone", "Phone number", optional=True),
    Ask("url", "Web page or contact form", optional=True),
    Group(
        "address",
        (
            Ask("lines", "Postal address", "lines", help=LINES_HELP),
            Ask("country", "Country (two-letter code, e.g. FR)", suggest=_controller_country),
        ),
        text="Give a postal address?",
    ),
)

ADDRESS = (
    Ask("lines", "Postal address", "lines", help=LINES_HELP),
    Ask("country", "Country (two-letter code, e.g. FR, BE, US)"),
)

SECTIONS: tuple[Section, ...] = (
    Section(
        "service",
        "Your service",
        ("languages", "authoritative_language", "service", "white_label"),
        (
            Ask("languages", "Which languages should the policy be in?", "select", choices=LANGUAGES),
            Ask(
                "authoritative_language",
                "If the two versions ever differ, which one prevails?",
                "select",
                optional=True,
                when=_two_languages,
                choices=_authoritative,
            ),
            Ask("service.name", "Name of your service (as your users know it)"),
            Ask(
                "service.description",
                "Describe the service in a few words",
                "prose",
                help="A noun phrase with no article, e.g. 'online audio mastering service'.",
            ),
            Group(
                "white_label",
                (Ask("partner", "Partner's name (leave blank if there are several)", optional=True),),
                text="Do partners offer your service to their customers under their own brand?",
            ),
        ),
    ),
    Section(
        "controller",
        "Who is responsible for the data",
        ("controller",),
        (
            Ask(
                "controller.legal_name",
                "Legal name of the company or person responsible",
                help="As registered, e.g. 'Atelier Lumen SAS'.",
            ),
            Ask("controller.trade_name", "Trade name, if different", optional=True),
            Ask(
                "controller.registration",
                "Company register and number",
                optional=True,
                help="e.g. 'RCS Lyon 912 345 678'.",
            ),
            Ask("controller.website", "Website address", help="In full, e.g. https://www.example.com"),
            Group("controller.address", ADDRESS, always=True),
            Ask("controller.email", "Contact e-mail address"),
            Ask("controller.phone", "Phone number", optional=True),
        ),
    ),
    Section(
        "laws",
        "Laws and audiences",
        ("regimes",),
        (
            Ask(
                "regimes",
                "Whose data do you handle?",
                "flags",
                choices=REGIMES,
                help="Each choice adds the sections that law requires.",
                suggest=lambda ctx: ["gdpr"] if ctx.country in ctx.law.eea else [],
            ),
            Ask(
                "regimes.ccpa",
                "Does the California Consumer Privacy Act (CCPA) apply to you?",
                "confirm",
                when=regime("caloppa"),
                help="It does for a for-profit business with over USD 25 million in yearly revenue, "
                "or one that buys, sells or shares the data of 100,000 or more Californians, or earns "
                "half its revenue from selling or sharing personal information.",
            ),
            Ask(
                "regimes.national_law",
                "National data-protection law to name beside the GDPR",
                "prose",
                optional=True,
                when=regime("gdpr"),
                help="e.g. 'the French Data Protection Act of 6 January 1978'. Leave blank for none.",
            ),
        ),
    ),
    Section(
        "contacts",
        "Privacy contacts",
        ("dpo", "privacy_contact", "eu_representative", "eu_representative_exempt", "supervisory_authority"),
        (
            Group("dpo", CONTACT, text="Have you appointed a data protection officer (DPO)?"),
            Group(
                "privacy_contact",
                CONTACT,
                text="Is there a separate contact for privacy questions?",
                help="Otherwise people write to the controller's e-mail address.",
            ),
            Group(
                "eu_representative",
                (
                    Ask("name", "Representative's name"),
                    Ask("email", "Representative's e-mail address"),
                    Group("address", ADDRESS, always=True),
                ),
                text="Have you appointed a representative in the EU (Art. 27 GDPR)?",
                when=_gdpr_outside_eea,
                drop_when_skipped=True,
            ),
            Ask(
                "eu_representative_exempt",
                "Is your processing only occasional and low-risk, so that Art. 27(2) exempts you?",
                "confirm",
                when=lambda ctx: _gdpr_outside_eea(ctx) and "eu_representative" not in ctx.root,
            ),
            Group(
                "supervisory_authority",
                (
                    Ask("name", "Name of the supervisory authority", "prose"),
                    Ask("url", "Its website"),
                ),
                when=_authority_unknown,
                always=True,
                help="drafter has no authority on file for your country.",
            ),
        ),
    ),
    Section(
        "data",
        "The personal data you hold",
        ("data",),
        (
            Repeat(
                "data",
                "data category",
                _title_of("label"),
                (
                    Ask(
                        "label",
                        "Name of this kind of data",
                        "prose",
                        help="Lower case, e.g. 'contact details'.",
                    ),
                    Ask("id", "Short id for it", suggest=_id_from("label"), check=_not_taken),
                    Ask(
                        "examples",
                        "Examples",
                        "examples",
                        optional=True,
                        help="Separate them with commas, e.g. name, email address. Leave blank for none.",
                    ),
                    Ask("source", "Where does it come from?", "select", choices=SOURCES),
                    Ask(
                        "source_detail",
                        "From whom do you receive it?",
                        "prose",
                        when=_is("source", "third_party"),
                    ),
                    Ask(
                        "public_source",
                        "Is that a publicly accessible source?",
                        "confirm",
                        when=_is("source", "third_party"),
                    ),
                    Ask(
                        "anonymous",
                        "Is it kept only in a form that identifies no one (e.g. aggregate statistics)?",
                        "confirm",
                    ),
                ),
                min_items=1,
            ),
        ),
    ),
    Section(
        "purposes",
        "Why you use the data",
        ("purposes",),
        (
            Repeat(
                "purposes",
                "purpose",
                _title_of("description"),
                (
                    Ask(
                        "description",
                        "What do you use the data for? (completes 'We use your data to ...')",
                        "prose",
                        help="Lower case, no final full stop, e.g. 'process your orders'.",
                    ),
                    Ask("kind", "What kind of purpose is it?", "select", choices=_fixed(*PURPOSE_KINDS)),
                    Ask(
                        "id",
                        "Short id for it",
                        suggest=lambda ctx: _unique_id(str(ctx.item.get("kind", "purpose")), ctx),
                        check=_not_taken,
                    ),
                    Ask("data", "Which data does it use?", "checkbox", choices=_data_choices),
                    Ask(
                        "legal_basis",
                        "On which legal basis?",
                        "select",
                        choices=_fixed(*LEGAL_BASES),
                        suggest=lambda ctx: USUAL_BASIS.get(str(ctx.item.get("kind")), "consent"),
                    ),
                    Ask(
                        "legitimate_interest",
                        "Which interest? (completes 'our legitimate interest in ...')",
                        "prose",
                        when=_is("legal_basis", "legitimate_interests"),
                        help="e.g. 'keeping our shop and our customers safe'.",
                    ),
                    Ask(
                        "withdraw",
                        "How does someone withdraw consent? (a full sentence)",
                        "prose",
                        when=_is("legal_basis", "consent"),
                    ),
                    Ask(
                        "opt_out",
                        "How does someone object or opt out? (a full sentence)",
                        "prose",
                        when=_is("legal_basis", "legitimate_interests"),
                        optional=lambda ctx: ctx.item.get("kind") != "marketing",
                    ),
                    Ask(
                        "consequence",
                        "What happens if someone does not give this data? (a full sentence)",
                        "prose",
                        when=_is("legal_basis", "contract", "legal_obligation"),
                        optional=True,
                    ),
                ),
                min_items=1,
            ),
        ),
    ),
    Section(
        "vendors",
        "Vendors and other recipients",
        ("custom_vendors", "processors", "other_recipients"),
        (
            Repeat(
                "custom_vendors",
                "vendor missing from drafter's catalog",
                _title_of("name"),
                (
                    Ask("name", "Vendor's name"),
                    Ask(
                        "id",
                        "Short id for it",
                        suggest=lambda ctx: _unique_id(slug(str(ctx.item.get("name", ""))), ctx),
                        check=_not_taken,
                    ),
                    Ask(
                        "category",
                        "What kind of service is it?",
                        "select",
                        choices=_fixed(*CATEGORY_TITLES.items()),
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
                        choices=_fixed(*[(kind, kind) for kind in typing.get_args(DataKind)]),
                    ),
                    Ask("last_checked", "Date you checked these facts (YYYY-MM-DD)", "date", suggest=_today),
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
                    Ask(
                        "purposes", "For which purposes?", "checkbox", choices=_purpose_choices, optional=True
                    ),
                    Ask(
                        "data",
                        "Which data does it receive? (leave empty: the data of those purposes)",
                        "checkbox",
                        choices=_data_choices,
                        optional=True,
                        check=_purposes_or_data,
                    ),
                    Ask("note", "Anything to add about it? (a full sentence)", "prose", optional=True),
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
                        choices=_data_choices,
                        optional=True,
                    ),
                    Ask("countries", "Their countries (codes, comma-separated)", "countries", optional=True),
                    Ask(
                        "transfer_mechanism",
                        "Safeguard for a transfer outside the EEA",
                        "select",
                        optional=True,
                        choices=TRANSFER_MECHANISMS,
                        when=lambda ctx: any(c not in ctx.law.eea for c in ctx.item.get("countries") or []),
                    ),
                ),
                help="Beyond your vendors: authorities, advisers, carriers, a buyer of the business...",
            ),
        ),
    ),
    Section(
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
    ),
    Section(
        "retention",
        "How long you keep the data",
        ("retention",),
        (
            Repeat(
                "retention",
                "retention rule",
                _retention_title,
                (
                    Ask("data", "Which data does this rule cover?", "checkbox", choices=_data_choices),
                    Ask(
                        "period",
                        "How long? (e.g. 3 years, 13 months; blank to give criteria instead)",
                        "duration",
                        optional=True,
                    ),
                    Ask(
                        "starts",
                        "Counted from when?",
                        "select",
                        optional=True,
                        choices=START_EVENTS,
                        when=lambda ctx: bool(ctx.item.get("period")),
                        drop_when_skipped=True,
                    ),
                    Ask(
                        "statutory",
                        "Is it a period the law sets?",
                        "select",
                        optional=True,
                        choices=_statutory_choices,
                        when=lambda ctx: bool(_statutory(ctx)),
                    ),
                    Ask(
                        "criteria",
                        "What decides how long, or anything to add? (a full sentence)",
                        "prose",
                        optional=lambda ctx: bool(ctx.item.get("period")),
                    ),
                ),
                min_items=1,
                suggest=_retention_suggestions,
            ),
        ),
    ),
    Section(
        "security",
        "Security and special cases",
        ("security", "children", "automated_decisions", "ai_training", "breach_notification"),
        (
            Ask(
                "security.measures",
                "Which security measures do you take?",
                "checkbox",
                choices=SECURITY_MEASURES,
                optional=True,
            ),
            Ask(
                "security.other",
                "Other measures",
                "prose_list",
                optional=True,
                help="Comma-separated, e.g. two-factor authentication for staff. Blank for none.",
            ),
            Group(
                "children",
                (
                    Ask("minimum_age", "Minimum age", "int", suggest=_country_law("consent_age")),
                    Ask("directed_at_children", "Is the service aimed at children?", "confirm"),
                ),
                text="Do you set a minimum age for using your service?",
                help="The suggestion is the age of digital consent in your country.",
            ),
            Group(
                "automated_decisions",
                (
                    Ask(
                        "used",
                        "Do you take decisions about people by automated means alone, with legal or "
                        "similarly significant effects (Art. 22 GDPR)?",
                        "confirm",
                    ),
                    Ask("description", "Which decisions?", "prose", when=_is("used", True)),
                    Ask("logic", "The logic involved, in plain words", "prose", when=_is("used", True)),
                    Ask("consequences", "What they mean for the person", "prose", when=_is("used", True)),
                ),
            ),
            Group(
                "ai_training",
                (
                    Ask(
                        "user_content",
                        "Do you train AI models on what users upload or write?",
                        "select",
                        choices=AI_TRAINING,
                    ),
                    Ask("content", "Which content? (e.g. 'your audio files')", "prose", optional=True),
                ),
                text="Should the policy say whether you train AI models on users' content?",
            ),
            Group(
                "breach_notification",
                (
                    Ask("notify_by", "How do you tell people?", "checkbox", choices=BREACH_NOTIFY),
                    Ask("timeframe", "How quickly? (e.g. 'without undue delay')", "prose", optional=True),
                ),
                text="Should the policy say how you tell people about a data breach?",
            ),
        ),
    ),
    Section(
        "marketing",
        "Marketing",
        ("marketing", "selling"),
        (
            Group(
                "marketing",
                (
                    Ask("email", "Do you send marketing e-mails (newsletters, offers)?", "confirm"),
                    Ask(
                        "opt_out",
                        "How do people unsubscribe? (a full sentence)",
                        "prose",
                        when=_is("email", True),
                    ),
                ),
            ),
            Group(
                "selling",
                (
                    Ask("sells", "Do you sell personal information (CCPA sense)?", "confirm"),
                    Ask(
                        "shares_for_advertising",
                        "Do you share it for cross-context behavioural advertising?",
                        "confirm",
                    ),
                    Ask(
                        "opt_out",
                        "How do people opt out? (a full sentence)",
                        "prose",
                        when=lambda ctx: (
                            ctx.item.get("sells") is True or ctx.item.get("shares_for_advertising") is True
                        ),
                    ),
                ),
                when=regime("ccpa"),
            ),
        ),
    ),
    Section(
        "rights",
        "Requests from the people concerned",
        ("rights", "california"),
        (
            Ask(
                "rights.response_days",
                "Within how many days do you answer a request? (blank: one month)",
                "int",
                optional=True,
            ),
            Ask(
                "rights.verification",
                "How do you check who is asking? (a full sentence)",
                "prose",
                optional=True,
            ),
            Ask("rights.request_url", "Web page or form for requests", optional=True),
            Group(
                "california",
                (
                    Ask(
                        "do_not_track",
                        "Does the site honour 'Do Not Track' browser signals?",
                        "select",
                        choices=DO_NOT_TRACK,
                    ),
                    Ask(
                        "third_party_tracking",
                        "Do other companies collect browsing data on your site over time and across sites?",
                        "confirm",
                    ),
                    Ask(
                        "change_request",
                        "How does someone review and change their information? (a full sentence)",
                        "prose",
                        optional=True,
                    ),
                ),
                when=regime("caloppa"),
                always=True,
            ),
        ),
    ),
    Section(
        "changes",
        "Changes and dates",
        ("changes", "third_party_links", "dates"),
        (
            Ask(
                "changes.notify_by", "How do you announce a change to the policy?", "checkbox", choices=NOTIFY
            ),
            Ask(
                "changes.advance_notice",
                "How long before it applies? (e.g. 30 days; blank for none)",
                "duration",
                optional=True,
                check=lambda value, ctx: (
                    "give a length of time, e.g. '30 days'" if value == "session" else None
                ),
            ),
            Ask("third_party_links", "Does your site link to other companies' sites?", "confirm"),
            Ask("dates.effective", "Date the policy takes effect (YYYY-MM-DD)", "date", suggest=_today),
            Ask("dates.last_updated", "Date of its last update (YYYY-MM-DD)", "date", suggest=_today),
        ),
    ),
)


def section_of(key: str) -> Section | None:
    """The section that answers a top-level profile key."""
    return next((s for s in SECTIONS if key in s.keys), None)
