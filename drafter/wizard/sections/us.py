"""US privacy law: the CCPA notice's facts and the laws of other states, asked in plain words.

The questions of other sections that only US law needs (a data category's kind and
sensitivity, a recipient's disclosure, a purpose's consent under a state law) are
declared here too, and spliced into those sections.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from pydantic import HttpUrl, TypeAdapter, ValidationError

from drafter.legal import decisions as decide
from drafter.legal.us import ADVERTISING, KIND_CATEGORIES, SPECIAL_SENSITIVE, us_sensitive
from drafter.model.us_law import StateLaw
from drafter.wizard.i18n import N_, tr
from drafter.wizard.questions import Ask, Choice, Ctx, Group, Pick, Section, at, first_text
from drafter.wizard.sections.choices import (
    CCPA_CATEGORY_TITLES,
    DATA_KINDS,
    DISCLOSURES,
    LEGAL_BASES,
    LOCATION_PRECISION,
    METHODS,
    MINORS,
    SENSITIVE_KINDS,
    SENSITIVE_USES,
    USUAL_BASIS,
    fixed,
)
from drafter.wizard.sections.rules import (
    contact_email,
    data_choices,
    european,
    item_is,
    regime,
    vendor_category,
)

# --- the choices drawn from the law data ------------------------------------------


def _applies_choices(ctx: Ctx) -> list[Choice]:
    c = ctx.law.us.ccpa
    return [
        Choice(
            "revenue",
            tr("your yearly gross revenue is over USD {amount:,}").format(amount=c.revenue_threshold),
        ),
        Choice(
            "consumers",
            tr(
                "you buy, sell or share the personal information of {count:,} or more "
                "California consumers or households a year"
            ).format(count=c.consumers_threshold),
        ),
        Choice(
            "selling_revenue",
            tr(
                "you earn {share}% or more of your yearly revenue from selling or sharing "
                "personal information"
            ).format(share=c.selling_revenue_share),
        ),
        Choice("voluntary", N_("none of these: you follow the CCPA by choice")),
    ]


def _state_choices(ctx: Ctx) -> list[Choice]:
    states = ctx.law.us.states
    return [
        Choice(
            "all",
            tr("all the states drafter knows ({states}), and those it adds later").format(
                states=", ".join(sorted(states))
            ),
        ),
        *[
            Choice(code, f"{first_text(law.name.model_dump(), [])} ({first_text(law.law.model_dump(), [])})")
            for code, law in states.items()
        ],
    ]


# --- what the answers so far say --------------------------------------------------


def us_users(ctx: Ctx) -> bool:
    """The service has users in the United States: a US law was ticked."""
    return any(regime(name)(ctx) for name in ("caloppa", "coppa", "ccpa"))


def us_privacy(ctx: Ctx) -> bool:
    """The CCPA or another state's privacy law applies."""
    return regime("ccpa")(ctx) or isinstance(ctx.root.get("us_states"), Mapping)


def _ours(ctx: Ctx) -> bool:
    return ctx.item.get("role") != "processor"


def _sensitive_kind(d: Any) -> str | None:
    if not isinstance(d, Mapping) or d.get("role") == "processor":
        return None
    return us_sensitive(d.get("us_sensitive"), d.get("special"))


def _holds_sensitive(ctx: Ctx) -> bool:
    return any(_sensitive_kind(d) for d in ctx.root.get("data") or [])


def _right_to_limit(ctx: Ctx) -> bool:
    return _holds_sensitive(ctx) and at(ctx.root, "ccpa.sensitive_use") == "beyond"


def _recipients(ctx: Ctx) -> list[Mapping[str, Any]]:
    return [
        x
        for key in ("processors", "other_recipients")
        for x in ctx.root.get(key) or []
        if isinstance(x, Mapping)
    ]


def _marked(ctx: Ctx, disclosure: str) -> bool:
    return any(x.get("ccpa_disclosure") == disclosure for x in _recipients(ctx))


def _ad_partners(ctx: Ctx) -> bool:
    """An ad or social network receives data (a suggestion; the final check decides)."""
    vendors = [
        x.get("vendor")
        for key in ("processors", "cookies")
        for x in ctx.root.get(key) or []
        if isinstance(x, Mapping) and x.get("ccpa_disclosure") != "business_purpose"
    ]
    return any(vendor_category(v, ctx) in ADVERTISING for v in vendors if v)


def suggest_sells(ctx: Ctx) -> bool:
    return _marked(ctx, "sale")


def suggest_shares(ctx: Ctx) -> bool:
    return _marked(ctx, "sharing") or _ad_partners(ctx)


def _sells_or_shares(ctx: Ctx) -> bool:
    selling = ctx.root.get("selling") or {}
    flags = isinstance(selling, Mapping) and True in (
        selling.get("sells"),
        selling.get("shares_for_advertising"),
    )
    return flags or _marked(ctx, "sale") or _marked(ctx, "sharing")


def _choices_link_needed(ctx: Ctx) -> bool:
    links = at(ctx.root, "ccpa.links") or {}
    return bool(
        (_sells_or_shares(ctx) and not links.get("do_not_sell_or_share"))
        or (_right_to_limit(ctx) and not links.get("limit_sensitive"))
    )


def _choices_link_asked(ctx: Ctx) -> bool:
    return _choices_link_needed(ctx) or bool(at(ctx.root, "ccpa.links.privacy_choices"))


def _states(ctx: Ctx) -> list[tuple[str, StateLaw]]:
    """The other states' laws that apply, as the profile names them so far."""
    named = at(ctx.root, "us_states.states")
    states = ctx.law.us.states
    codes = sorted(states) if named == "all" else [str(c) for c in named] if isinstance(named, list) else []
    return [(code, states[code]) for code in codes if code in states]


def consent_states(ctx: Ctx) -> list[str]:
    """The states that allow the sensitive data this purpose uses only with consent
    (the rule 'us-sensitive-consent')."""
    chosen = set(ctx.item.get("data") or [])
    kinds = {
        k
        for d in ctx.root.get("data") or []
        if isinstance(d, Mapping) and d.get("id") in chosen
        if (k := _sensitive_kind(d))
    }
    return [code for code, s in _states(ctx) if s.sensitive_data == "opt_in" and kinds & {*s.sensitive_kinds}]


# --- a purpose's legal basis ------------------------------------------------------


def basis_asked(ctx: Ctx) -> bool:
    """The GDPR's legal basis, or consent a state law asks for sensitive data (or a saved one)."""
    return european(ctx) or "legal_basis" in ctx.item or bool(consent_states(ctx))


def basis_choices(ctx: Ctx) -> list[Choice]:
    if european(ctx):
        return [Choice(v, t) for v, t in LEGAL_BASES]
    none = Choice(None, N_("none: only the GDPR asks for a legal basis"))
    states = consent_states(ctx)
    saved = ctx.item.get("legal_basis")
    if states and (saved is None or decide.needs_consent(saved)):
        allow = ", ".join(states)
        return [
            Choice(
                "consent",
                tr("consent: the person agrees first ({states} ask it for sensitive data)").format(
                    states=allow
                ),
            ),
            none,
        ]
    return [*[Choice(v, t) for v, t in LEGAL_BASES], none]


def suggest_basis(ctx: Ctx) -> Any:
    if european(ctx):
        return USUAL_BASIS.get(str(ctx.item.get("kind")), "consent")
    return basis_choices(ctx)[0].value if consent_states(ctx) else None


# --- checks and suggestions -------------------------------------------------------


def _guess_kind(ctx: Ctx) -> str | None:
    words = set(str(ctx.item.get("id", "")).split("-"))
    return next((kind for kind, _ in DATA_KINDS if kind in words), None)


def _sensitive_choices(ctx: Ctx) -> list[Choice]:
    """No 'no' when its special category already makes it sensitive: the profile cannot say otherwise."""
    special = SPECIAL_SENSITIVE.get(str(ctx.item.get("special")))
    return [*([] if special else [Choice(None, N_("no"))]), *[Choice(v, t) for v, t in SENSITIVE_KINDS]]


def _location_question(ctx: Ctx) -> bool:
    return (
        us_privacy(ctx)
        and _ours(ctx)
        and ctx.item.get("kind") == "location"
        and ctx.item.get("us_sensitive") in (None, "precise_geolocation")
    )


def _categories_asked(ctx: Ctx) -> bool:
    kind = ctx.item.get("kind")
    approximate = kind == "location" and ctx.item.get("us_sensitive") is None
    unclear = kind not in KIND_CATEGORIES or approximate or "ccpa" in ctx.item
    return regime("ccpa")(ctx) and _ours(ctx) and unclear


def _web_address(value: Any, ctx: Ctx) -> str | None:
    try:
        TypeAdapter(HttpUrl).validate_python(value)
    except ValidationError:
        return "give the full address, e.g. https://www.example.com/privacy/request"
    return None


def _methods_ok(kinds: list[Any], ctx: Ctx) -> str | None:
    """Civ. Code § 1798.130(a)(1), as the rule 'ccpa-requests' reads it."""
    if ctx.item.get("online_only") is True:
        return None if "email" in kinds else "an online-only business offers at least an e-mail address"
    if len(set(kinds)) < 2 or "toll_free" not in kinds:
        return "give two or more ways, one of them a toll-free number (or go back: you operate only online)"
    return None


def _contact_email(ctx: Ctx) -> str:
    return contact_email(ctx) or tr("your contact address")


def _appeal_due(ctx: Ctx) -> bool:
    return any(s.appeal_days for _, s in _states(ctx))


# --- the questions of other sections ----------------------------------------------

_CCPA_HELP = (
    "It applies to a for-profit business that does business in California and has yearly revenue "
    "over USD {revenue:,}, or buys, sells or shares the data of {consumers:,} or more Californians, "
    "or earns {share}% of its revenue or more from selling or sharing personal information."
)


def ccpa_help(ctx: Ctx) -> str:
    c = ctx.law.us.ccpa
    return _CCPA_HELP.format(
        revenue=c.revenue_threshold, consumers=c.consumers_threshold, share=c.selling_revenue_share
    )


# In LAWS, after the CCPA: the other states' laws.
US_STATES = Group(
    "us_states",
    (
        Ask(
            "states",
            N_("Which states' laws apply?"),
            "checkbox",
            choices=_state_choices,
            every="all",
            help=N_(
                "Each law has its own thresholds (often the data of 100,000 residents a year, fewer "
                "if you sell data). 'all' covers every state drafter knows, now and later."
            ),
        ),
    ),
    text=N_("Do the privacy laws of other US states apply to you (Virginia, Texas, Colorado...)?"),
    when=us_users,
)

# In DATA, after the role: the kind, the CCPA categories and the sensitivity of each category.
US_DATA = (
    Ask(
        "kind",
        N_("What kind of data is it?"),
        "select",
        choices=fixed(*DATA_KINDS),
        when=lambda ctx: regime("ccpa")(ctx) and _ours(ctx),
        suggest=_guess_kind,
        help=N_("The CCPA notice names its category from this (contact details are identifiers...)."),
    ),
    Ask(
        "us_sensitive",
        N_("Is the location precise?"),
        "select",
        choices=fixed(*LOCATION_PRECISION),
        when=_location_question,
        help=N_("Precise location is sensitive personal information under the CCPA."),
    ),
    Ask(
        "us_sensitive",
        N_("Is it sensitive personal information under US law?"),
        "select",
        choices=_sensitive_choices,
        when=lambda ctx: us_privacy(ctx) and _ours(ctx) and not _location_question(ctx),
        suggest=lambda ctx: SPECIAL_SENSITIVE.get(str(ctx.item.get("special"))),
    ),
    Ask(
        "ccpa",
        N_("Which CCPA categories does it fall in?"),
        "checkbox",
        choices=fixed(*CCPA_CATEGORY_TITLES),
        when=_categories_asked,
        optional=lambda ctx: ctx.item.get("kind") in KIND_CATEGORIES or bool(ctx.item.get("us_sensitive")),
        suggest=lambda ctx: list(KIND_CATEGORIES.get(str(ctx.item.get("kind")), ())),
        help=N_("Cal. Civ. Code § 1798.140(v). Approximate location is still geolocation data."),
    ),
)

# In VENDORS, for each vendor and other recipient.
US_DISCLOSURE = Ask(
    "ccpa_disclosure",
    N_("Under US privacy law, is giving them data a sale, a sharing, or neither?"),
    "select",
    choices=fixed(*DISCLOSURES),
    optional=True,
    when=us_privacy,
)

# --- the section ------------------------------------------------------------------

METHOD_VALUES = (
    Ask("value", N_("The toll-free number"), when=item_is("kind", "toll_free")),
    Ask("value", N_("The phone number"), when=item_is("kind", "phone")),
    Ask(
        "value",
        N_("E-mail address for requests (blank: your contact address)"),
        optional=True,
        when=item_is("kind", "email"),
        help_from=lambda ctx: f"Blank: {_contact_email(ctx)}.",
    ),
    Ask("value", N_("Address of the form"), when=item_is("kind", "web_form"), check=_web_address),
    Ask(
        "value",
        N_("Postal address for requests, on one line (blank: the controller's address)"),
        optional=True,
        when=item_is("kind", "postal"),
    ),
    Ask(
        "value",
        N_("Where in the app? (completes 'In the app: ...')"),
        "prose",
        when=item_is("kind", "in_app"),
        help=N_("e.g. 'open Settings, then Privacy, then Your requests.'"),
    ),
)

REQUESTS = Group(
    "requests",
    (
        Ask(
            "online_only",
            N_("Do you operate only online, with a direct relationship with the people whose data you hold?"),
            "confirm",
            help=N_(
                "Then an e-mail address is enough for requests; otherwise the CCPA asks for two ways "
                "or more, one of them a toll-free number."
            ),
        ),
        Pick(
            "methods",
            "kind",
            N_("How can people make a request?"),
            fixed(*METHODS),
            lambda kind, ctx: {"kind": kind},
            lambda item, ctx: f"By {dict(METHODS).get(str(item.get('kind')), item.get('kind'))}",
            METHOD_VALUES,
            check=_methods_ok,
        ),
        Ask(
            "verification",
            N_("How do you verify who makes a request? (full sentences)"),
            "prose",
            suggest=lambda ctx: at(ctx.root, "rights.verification"),
            help=N_("e.g. 'We send a code to the e-mail address of your account and ask you to confirm it.'"),
        ),
        Ask(
            "agents",
            N_("How does an authorised agent make a request for someone? (full sentences)"),
            "prose",
            help=N_(
                "e.g. 'An agent must send us your signed permission; we may also ask you to "
                "confirm your identity.'"
            ),
        ),
    ),
    always=True,
)

INCENTIVE = Group(
    "financial_incentive",
    (
        Ask("summary", N_("What is the incentive, and on what terms? (full sentences)"), "prose"),
        Ask("data", N_("Which data does it involve?"), "checkbox", choices=data_choices, optional=True),
        Ask("opt_in", N_("How does someone join it? (full sentences)"), "prose"),
        Ask("withdraw", N_("How does someone leave it, at any time? (full sentences)"), "prose"),
        Ask(
            "value",
            N_(
                "What is the data worth, in your good-faith estimate, and how do you work it out? "
                "(full sentences)"
            ),
            "prose",
        ),
    ),
    text=N_(
        "Do you offer anything in return for personal information (a discount, rewards, a different price)?"
    ),
    help=N_("The CCPA calls it a financial incentive; the policy then gives its notice."),
)

US = Section(
    "us",
    N_("California and other US states"),
    ("ccpa",),
    (
        Group(
            "ccpa",
            (
                Ask(
                    "applies",
                    N_("Why does the CCPA apply to you? (tick each that is true)"),
                    "checkbox",
                    choices=_applies_choices,
                ),
                Ask(
                    "sensitive_use",
                    N_("What do you use the sensitive personal information for?"),
                    "select",
                    choices=fixed(*SENSITIVE_USES),
                    when=_holds_sensitive,
                    help=N_(
                        "Beyond the uses the CCPA regulations allow (11 CCR § 7027(m)), people may "
                        "limit your use of it, through a link."
                    ),
                ),
                Ask(
                    "links.do_not_sell_or_share",
                    N_(
                        "Address of your 'Do Not Sell or Share My Personal Information' link "
                        "(blank: one 'Your Privacy Choices' link instead)"
                    ),
                    optional=True,
                    when=_sells_or_shares,
                ),
                Ask(
                    "links.limit_sensitive",
                    N_(
                        "Address of your 'Limit the Use of My Sensitive Personal Information' link "
                        "(blank: one 'Your Privacy Choices' link instead)"
                    ),
                    optional=True,
                    when=_right_to_limit,
                ),
                Ask(
                    "links.privacy_choices",
                    N_("Address of your 'Your Privacy Choices' link"),
                    optional=lambda ctx: not _choices_link_needed(ctx),
                    when=lambda ctx: _choices_link_asked(ctx),
                ),
                Ask(
                    "opt_out_signals",
                    N_(
                        "Do you treat a Global Privacy Control signal from a browser as a request to opt out?"
                    ),
                    "confirm",
                    when=_sells_or_shares,
                    suggest=lambda ctx: True,
                    help=N_("A business that sells or shares must (11 CCR § 7025)."),
                ),
                Ask(
                    "signals_detail",
                    N_("How do you apply it? (full sentences; blank to say no more)"),
                    "prose",
                    optional=True,
                    when=item_is("opt_out_signals", True),
                    drop_when_skipped=True,
                    help=N_(
                        "e.g. 'We apply it to the browser that sends it and, if you are signed in, "
                        "to your account.'"
                    ),
                ),
                Ask(
                    "minors",
                    N_("Do you sell or share the data of people you know are under 16?"),
                    "select",
                    choices=fixed(*MINORS),
                    when=_sells_or_shares,
                ),
                REQUESTS,
                INCENTIVE,
            ),
            when=regime("ccpa"),
            always=True,
            drop_when_skipped=True,
        ),
        Ask(
            "us_states.appeal",
            N_("How does someone appeal a refused request? (full sentences; blank for the usual wording)"),
            "prose",
            optional=True,
            when=_appeal_due,
            help_from=lambda ctx: (
                f"Blank: 'To appeal, write to us at {_contact_email(ctx)} with the word "
                '"Appeal" in the subject, and tell us which request you are appealing.\''
            ),
        ),
    ),
    also=("regimes.ccpa",),  # the CCPA ticked without its facts
)
