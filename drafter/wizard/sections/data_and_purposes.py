"""The sections on the personal data held, the purposes it serves and how long it is kept."""

from __future__ import annotations

from typing import Any

from drafter.legal import decisions as decide
from drafter.wizard.i18n import N_, tr
from drafter.wizard.questions import Ask, Choice, Ctx, Item, Repeat, Section, first_text
from drafter.wizard.sections.choices import (
    ARTICLE_9_CONDITIONS,
    DATA_ROLES,
    PURPOSE_KINDS,
    SOURCES,
    SPECIAL_CATEGORIES,
    START_EVENTS,
    fixed,
)
from drafter.wizard.sections.presets import data_presets, purpose_presets, retention_presets, start_for
from drafter.wizard.sections.rules import data_choices, id_from, item_is, not_taken, title_of, unique_id
from drafter.wizard.sections.us import US_DATA, basis_asked, basis_choices, suggest_basis

# --- retention and purposes: titles, suggestions ------------------------------------


def _statutory(ctx: Ctx) -> list[Any]:
    law = ctx.law.country(ctx.country)
    return list(law.retention) if law is not None else []


def _uses_special_data(ctx: Ctx) -> bool:
    chosen = set(ctx.item.get("data") or [])
    return any(d.get("special") for d in ctx.root.get("data") or [] if d.get("id") in chosen)


def _in_ui(text: Any) -> str:
    return first_text(text.model_dump(), [])


def _statutory_choices(ctx: Ctx) -> list[Choice]:
    return [
        Choice(None, N_("none")),
        *[Choice(s.id, f"{_in_ui(s.label)}: {s.period} ({_in_ui(s.reference)})") for s in _statutory(ctx)],
    ]


# Words of a purpose's description that tell its kind (English and French).
_KIND_WORDS = (
    (
        "marketing",
        ("newsletter", "offer", "promot", "advert", "lettre d'information", "publicit", "prospect"),
    ),
    ("payment", ("pay", "paiement", "encaiss", "factur", "invoice")),
    ("analytics", ("measure", "statistic", "analytic", "audience", "mesur", "fréquentation")),
    ("security", ("secur", "fraud", "attack", "sécurit", "fraude")),
    ("support", ("question", "support", "complaint", "help", "réclamation", "répondre", "answer")),
    ("legal", ("accounting", "accounts", "tax", "comptab", "fiscal", "legal duties")),
    ("communication", ("notif", "remind", "rappel", "service message")),
    ("personalisation", ("personalis", "recommend", "personnalis")),
    ("ai_training", ("train", "entraîn")),
    ("improvement", ("improv", "amélior")),
)


def _suggest_kind(ctx: Ctx) -> str:
    """The kind a purpose's description suggests; else the service itself."""
    words = " ".join(str(v) for v in _texts(ctx.item.get("description"))).lower()
    return next((kind for kind, hints in _KIND_WORDS if any(h in words for h in hints)), "service")


def _texts(value: Any) -> list[Any]:
    return list(value.values()) if isinstance(value, dict) else [value]


def _retention_title(item: Item, ctx: Ctx) -> str:
    period = item.get("period") or tr("by criteria")
    return f"{', '.join(map(str, item.get('data') or []))}: {period}"


# --- the questions ----------------------------------------------------------------

DATA = Section(
    "data",
    N_("The personal data you hold"),
    ("data",),
    (
        Repeat(
            "data",
            title_of("label"),
            (
                Ask(
                    "label",
                    N_("Name of this kind of data"),
                    "prose",
                    help=N_("Lower case, e.g. 'contact details'."),
                ),
                Ask("id", N_("Short id for it"), suggest=id_from("label"), check=not_taken),
                Ask(
                    "examples",
                    N_("Examples"),
                    "examples",
                    optional=True,
                    help=N_("Separate them with commas, e.g. name, email address. Leave blank for none."),
                ),
                Ask("source", N_("Where does it come from?"), "select", choices=SOURCES),
                Ask(
                    "source_detail",
                    N_("From whom do you receive it?"),
                    "prose",
                    when=item_is("source", "third_party"),
                ),
                Ask(
                    "public_source",
                    N_("Is that a publicly accessible source?"),
                    "confirm",
                    when=item_is("source", "third_party"),
                ),
                Ask(
                    "anonymous",
                    N_("Is it kept only in a form that identifies no one (e.g. aggregate statistics)?"),
                    "confirm",
                ),
                Ask(
                    "special",
                    N_(
                        "Does it tell anything about health, beliefs, ethnic origin, sex life, union "
                        "membership or political opinions, or is it genetic or biometric?"
                    ),
                    "select",
                    choices=fixed(*SPECIAL_CATEGORIES),
                    help=N_(
                        "The law calls these special categories (Art. 9 GDPR): each use needs a "
                        "condition of its own, such as explicit consent. Injuries and pregnancy are health "
                        "data."
                    ),
                ),
                Ask(
                    "statutory",
                    N_("Is it a record the law makes you keep?"),
                    "select",
                    choices=_statutory_choices,
                    when=lambda ctx: bool(_statutory(ctx)),
                    help=N_("Then every retention rule for it must keep it as long as the law says."),
                ),
                Ask(
                    "role",
                    N_("Whose data is it?"),
                    "select",
                    choices=fixed(*DATA_ROLES),
                    help=N_(
                        "Data your business customers put in about their own clients or staff is "
                        "theirs: you are their processor for it."
                    ),
                ),
                *US_DATA,
            ),
            keep=N_("Keep the data category {title}?"),
            first=N_("Describe a kind of personal data?"),
            another=N_("Describe another kind of personal data?"),
            min_items=1,
            at_least=N_("Describe at least one kind of personal data."),
            presets=data_presets,
            presets_text=N_("Which personal data do you hold?"),
            other=N_("something else: describe it"),
            help=N_("Tick each kind of data you hold; the last choice describes one of your own."),
        ),
    ),
)

PURPOSES = Section(
    "purposes",
    N_("Why you use the data"),
    ("purposes",),
    (
        Repeat(
            "purposes",
            title_of("description"),
            (
                Ask(
                    "description",
                    N_("What do you use the data for? (completes 'We use your data to ...')"),
                    "prose",
                    help=N_("Lower case, no final full stop, e.g. 'process your orders'."),
                ),
                Ask(
                    "kind",
                    N_("What kind of purpose is it?"),
                    "select",
                    choices=fixed(*PURPOSE_KINDS),
                    suggest=_suggest_kind,
                ),
                Ask(
                    "id",
                    N_("Short id for it"),
                    suggest=lambda ctx: unique_id(str(ctx.item.get("kind", "purpose")), ctx),
                    check=not_taken,
                ),
                Ask("data", N_("Which data does it use?"), "checkbox", choices=data_choices),
                Ask(
                    "legal_basis",
                    N_("On which legal basis?"),
                    "select",
                    choices=basis_choices,
                    when=basis_asked,
                    suggest=suggest_basis,
                ),
                Ask(
                    "special_condition",
                    N_("This purpose uses special-category data: on which condition of Art. 9(2)?"),
                    "select",
                    choices=fixed(*ARTICLE_9_CONDITIONS),
                    when=_uses_special_data,
                    suggest=lambda ctx: "explicit_consent",
                ),
                Ask(
                    "legitimate_interest",
                    N_("Which interest? (completes 'our legitimate interest in ...')"),
                    "prose",
                    when=item_is("legal_basis", "legitimate_interests"),
                    help=N_("e.g. 'keeping our shop and our customers safe'."),
                ),
                Ask(
                    "withdraw",
                    N_("How does someone withdraw consent? (a full sentence)"),
                    "prose",
                    when=lambda ctx: decide.needs_consent(
                        ctx.item.get("legal_basis"), ctx.item.get("special_condition")
                    ),
                ),
                Ask(
                    "opt_out",
                    N_("How does someone object or opt out? (a full sentence)"),
                    "prose",
                    when=item_is("legal_basis", "legitimate_interests"),
                    optional=lambda ctx: ctx.item.get("kind") != "marketing",
                ),
                Ask(
                    "consequence",
                    N_("What happens if someone does not give this data? (a full sentence)"),
                    "prose",
                    when=item_is("legal_basis", "contract", "legal_obligation"),
                    optional=True,
                ),
            ),
            keep=N_("Keep the purpose {title}?"),
            first=N_("Describe a purpose?"),
            another=N_("Describe another purpose?"),
            min_items=1,
            at_least=N_("Describe at least one purpose."),
            presets=purpose_presets,
            presets_text=N_("Why do you use the data? (ready-worded purposes)"),
            other=N_("something else: describe it"),
            help=N_("The usual purposes of the data you hold, ready-worded; untick what you do not do."),
        ),
    ),
)

RETENTION = Section(
    "retention",
    N_("How long you keep the data"),
    ("retention",),
    (
        Repeat(
            "retention",
            _retention_title,
            (
                Ask("data", N_("Which data does this rule cover?"), "checkbox", choices=data_choices),
                Ask(
                    "period",
                    N_("How long? (e.g. 3 years, 13 months; blank to give criteria instead)"),
                    "duration",
                    optional=True,
                ),
                Ask(
                    "starts",
                    N_("Counted from when?"),
                    "select",
                    optional=True,
                    choices=START_EVENTS,
                    suggest=lambda ctx: start_for(list(ctx.item.get("data") or []), ctx),
                    when=lambda ctx: bool(ctx.item.get("period")),
                    drop_when_skipped=True,
                ),
                Ask(
                    "statutory",
                    N_("Is it a period the law sets?"),
                    "select",
                    optional=True,
                    choices=_statutory_choices,
                    when=lambda ctx: bool(_statutory(ctx)),
                ),
                Ask(
                    "criteria",
                    N_("What decides how long, or anything to add? (a full sentence)"),
                    "prose",
                    optional=lambda ctx: bool(ctx.item.get("period")),
                ),
            ),
            keep=N_("Keep the retention rule {title}?"),
            first=N_("Describe a retention rule?"),
            another=N_("Describe another retention rule?"),
            min_items=1,
            at_least=N_("Describe at least one retention rule."),
            presets=retention_presets,
            presets_text=N_("How long do you keep the data? (suggested rules)"),
            other=N_("another rule: describe it"),
            help=N_("Each rule is worded in the policy; untick one to describe it your own way."),
        ),
    ),
)
