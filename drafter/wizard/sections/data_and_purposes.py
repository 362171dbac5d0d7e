"""The sections on the personal data held, the purposes it serves and how long it is kept."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drafter.legal import decisions as decide
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
from drafter.wizard.sections.rules import data_choices, id_from, item_is, not_taken, title_of, unique_id
from drafter.wizard.sections.us import US_DATA, basis_asked, basis_choices, suggest_basis

# --- retention: statutory periods, suggested rules, titles ------------------------


def _statutory(ctx: Ctx) -> list[Any]:
    law = ctx.law.country(ctx.country)
    return list(law.retention) if law is not None else []


def _uses_special_data(ctx: Ctx) -> bool:
    chosen = set(ctx.item.get("data") or [])
    return any(d.get("special") for d in ctx.root.get("data") or [] if d.get("id") in chosen)


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
                d["id"]
                for d in ctx.root.get("data") or []
                if d.get("statutory") == rule.id or any(w in str(d.get("id", "")) for w in words)
            ]
            title = f"the statutory period for {rule.label.en}: {rule.period} ({rule.reference.en})"
            yield title, {"data": data, "period": str(rule.period), "statutory": rule.id}
    for category in ctx.root.get("data") or []:
        ident = category.get("id")
        covered = any(ident in (rule.get("data") or []) for rule in items)
        held_for_customers = category.get("role") == "processor"  # their retention, not ours
        if ident and not covered and category.get("anonymous") is not True and not held_for_customers:
            label = first_text(category.get("label"), ctx.langs) or ident
            yield (
                f"a rule for {label}, which no rule covers yet",
                {"data": [ident], "period": "3 years", "starts": "last_activity"},
            )


def _retention_title(item: Item, ctx: Ctx) -> str:
    period = item.get("period") or "by criteria"
    return f"{', '.join(map(str, item.get('data') or []))}: {period}"


# --- the questions ----------------------------------------------------------------

DATA = Section(
    "data",
    "The personal data you hold",
    ("data",),
    (
        Repeat(
            "data",
            "data category",
            title_of("label"),
            (
                Ask(
                    "label",
                    "Name of this kind of data",
                    "prose",
                    help="Lower case, e.g. 'contact details'.",
                ),
                Ask("id", "Short id for it", suggest=id_from("label"), check=not_taken),
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
                    when=item_is("source", "third_party"),
                ),
                Ask(
                    "public_source",
                    "Is that a publicly accessible source?",
                    "confirm",
                    when=item_is("source", "third_party"),
                ),
                Ask(
                    "anonymous",
                    "Is it kept only in a form that identifies no one (e.g. aggregate statistics)?",
                    "confirm",
                ),
                Ask(
                    "special",
                    "Does it tell anything about health, beliefs, ethnic origin, sex life, union "
                    "membership or political opinions, or is it genetic or biometric?",
                    "select",
                    choices=fixed(*SPECIAL_CATEGORIES),
                    help="The law calls these special categories (Art. 9 GDPR): each use needs a "
                    "condition of its own, such as explicit consent. Injuries and pregnancy are health data.",
                ),
                Ask(
                    "statutory",
                    "Is it a record the law makes you keep?",
                    "select",
                    choices=_statutory_choices,
                    when=lambda ctx: bool(_statutory(ctx)),
                    help="Then every retention rule for it must keep it as long as the law says.",
                ),
                Ask(
                    "role",
                    "Whose data is it?",
                    "select",
                    choices=fixed(*DATA_ROLES),
                    help="Data your business customers put in about their own clients or staff is "
                    "theirs: you are their processor for it.",
                ),
                *US_DATA,
            ),
            min_items=1,
        ),
    ),
)

PURPOSES = Section(
    "purposes",
    "Why you use the data",
    ("purposes",),
    (
        Repeat(
            "purposes",
            "purpose",
            title_of("description"),
            (
                Ask(
                    "description",
                    "What do you use the data for? (completes 'We use your data to ...')",
                    "prose",
                    help="Lower case, no final full stop, e.g. 'process your orders'.",
                ),
                Ask("kind", "What kind of purpose is it?", "select", choices=fixed(*PURPOSE_KINDS)),
                Ask(
                    "id",
                    "Short id for it",
                    suggest=lambda ctx: unique_id(str(ctx.item.get("kind", "purpose")), ctx),
                    check=not_taken,
                ),
                Ask("data", "Which data does it use?", "checkbox", choices=data_choices),
                Ask(
                    "legal_basis",
                    "On which legal basis?",
                    "select",
                    choices=basis_choices,
                    when=basis_asked,
                    suggest=suggest_basis,
                ),
                Ask(
                    "special_condition",
                    "This purpose uses special-category data: on which condition of Art. 9(2)?",
                    "select",
                    choices=fixed(*ARTICLE_9_CONDITIONS),
                    when=_uses_special_data,
                    suggest=lambda ctx: "explicit_consent",
                ),
                Ask(
                    "legitimate_interest",
                    "Which interest? (completes 'our legitimate interest in ...')",
                    "prose",
                    when=item_is("legal_basis", "legitimate_interests"),
                    help="e.g. 'keeping our shop and our customers safe'.",
                ),
                Ask(
                    "withdraw",
                    "How does someone withdraw consent? (a full sentence)",
                    "prose",
                    when=lambda ctx: decide.needs_consent(
                        ctx.item.get("legal_basis"), ctx.item.get("special_condition")
                    ),
                ),
                Ask(
                    "opt_out",
                    "How does someone object or opt out? (a full sentence)",
                    "prose",
                    when=item_is("legal_basis", "legitimate_interests"),
                    optional=lambda ctx: ctx.item.get("kind") != "marketing",
                ),
                Ask(
                    "consequence",
                    "What happens if someone does not give this data? (a full sentence)",
                    "prose",
                    when=item_is("legal_basis", "contract", "legal_obligation"),
                    optional=True,
                ),
            ),
            min_items=1,
        ),
    ),
)

RETENTION = Section(
    "retention",
    "How long you keep the data",
    ("retention",),
    (
        Repeat(
            "retention",
            "retention rule",
            _retention_title,
            (
                Ask("data", "Which data does this rule cover?", "checkbox", choices=data_choices),
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
)
