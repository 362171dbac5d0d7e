"""The sections on security and special cases, marketing, people's requests, and changes and dates."""

from __future__ import annotations

from typing import Any

from drafter.wizard.i18n import N_
from drafter.wizard.questions import Ask, Ctx, Group, Section, at
from drafter.wizard.sections.choices import (
    AI_TRAINING,
    BREACH_NOTIFY,
    DO_NOT_TRACK,
    NOTIFY,
    SECURITY_MEASURES,
)
from drafter.wizard.sections.rules import item_is, regime, today
from drafter.wizard.sections.us import suggest_sells, suggest_shares, us_privacy


def _country_law(what: str) -> Any:
    def suggest(ctx: Ctx) -> Any:
        law = ctx.law.country(ctx.country)
        return getattr(law, what) if law is not None else None

    return suggest


def _marketing_purposes(ctx: Ctx) -> list[Any]:
    return [p for p in ctx.root.get("purposes") or [] if isinstance(p, dict) and p.get("kind") == "marketing"]


_EMAIL_WORDS = ("newsletter", "e-mail", "email", "lettre d'information", "courriel", "offer", "offre")


def _emails(purpose: Any) -> bool:
    description = purpose.get("description")
    texts = description.values() if isinstance(description, dict) else [description]
    return any(w in str(text).lower() for w in _EMAIL_WORDS for text in texts)


def _newsletter(ctx: Ctx) -> bool:
    """A purpose about a newsletter or offers: then marketing e-mails are sent."""
    return any(_emails(p) for p in _marketing_purposes(ctx))


def _unsubscribe(ctx: Ctx) -> Any:
    """How to unsubscribe is what the newsletter purpose says about withdrawing consent."""
    texts = [p.get("withdraw") for p in _marketing_purposes(ctx) if p.get("withdraw") and _emails(p)]
    return texts[0] if len(texts) == 1 else None


# --- the questions ----------------------------------------------------------------

SECURITY = Section(
    "security",
    N_("Security and special cases"),
    ("security", "children", "automated_decisions", "ai_training", "breach_notification"),
    (
        Ask(
            "security.measures",
            N_("Which security measures do you take?"),
            "checkbox",
            choices=SECURITY_MEASURES,
            optional=True,
        ),
        Ask(
            "security.other",
            N_("Other measures"),
            "prose_list",
            optional=True,
            help=N_("Comma-separated, e.g. two-factor authentication for staff. Blank for none."),
        ),
        Group(
            "children",
            (
                Ask("minimum_age", N_("Minimum age"), "int", suggest=_country_law("consent_age")),
                Ask("directed_at_children", N_("Is the service aimed at children?"), "confirm"),
            ),
            text=N_("Do you set a minimum age for using your service?"),
            help=N_("The suggestion is the age of digital consent in your country."),
        ),
        Group(
            "automated_decisions",
            (
                Ask(
                    "used",
                    N_(
                        "Do you take decisions about people by automated means alone, with legal or "
                        "similarly significant effects (Art. 22 GDPR)?"
                    ),
                    "confirm",
                ),
                Ask("description", N_("Which decisions?"), "prose", when=item_is("used", True)),
                Ask("logic", N_("The logic involved, in plain words"), "prose", when=item_is("used", True)),
                Ask("consequences", N_("What they mean for the person"), "prose", when=item_is("used", True)),
            ),
        ),
        Group(
            "ai_training",
            (
                Ask(
                    "user_content",
                    N_("Do you train AI models on what users upload or write?"),
                    "select",
                    choices=AI_TRAINING,
                ),
                Ask("content", N_("Which content? (e.g. 'your audio files')"), "prose", optional=True),
            ),
            text=N_("Should the policy say whether you train AI models on users' content?"),
        ),
        Group(
            "breach_notification",
            (
                Ask("notify_by", N_("How do you tell people?"), "checkbox", choices=BREACH_NOTIFY),
                Ask("timeframe", N_("How quickly? (e.g. 'without undue delay')"), "prose", optional=True),
            ),
            text=N_("Should the policy say how you tell people about a data breach?"),
        ),
    ),
)

MARKETING = Section(
    "marketing",
    N_("Marketing"),
    ("marketing", "selling"),
    (
        Group(
            "marketing",
            (
                Ask(
                    "email",
                    N_("Do you send marketing e-mails (newsletters, offers)?"),
                    "confirm",
                    suggest=_newsletter,
                ),
                Ask(
                    "opt_out",
                    N_("How do people unsubscribe? (a full sentence)"),
                    "prose",
                    when=item_is("email", True),
                    implied=_unsubscribe,
                ),
            ),
        ),
        Group(
            "selling",
            (
                Ask(
                    "sells",
                    N_("Do you sell personal information (CCPA sense)?"),
                    "confirm",
                    suggest=suggest_sells,
                    help=N_("Selling is giving it to another company for money or other value."),
                ),
                Ask(
                    "shares_for_advertising",
                    N_("Do you share it for cross-context behavioural advertising?"),
                    "confirm",
                    suggest=suggest_shares,
                    help=N_(
                        "Sharing is giving it to ad networks that choose ads from people's activity on "
                        "other sites and apps."
                    ),
                ),
                Ask(
                    "opt_out",
                    N_("How do people opt out? (a full sentence)"),
                    "prose",
                    when=lambda ctx: (
                        ctx.item.get("sells") is True or ctx.item.get("shares_for_advertising") is True
                    ),
                ),
            ),
            when=us_privacy,
        ),
    ),
)

RIGHTS = Section(
    "rights",
    N_("Requests from the people concerned"),
    ("rights", "california"),
    (
        Ask(
            "rights.response_days",
            N_("Within how many days do you answer a request? (blank: one month)"),
            "int",
            optional=True,
        ),
        Ask(
            "rights.verification",
            N_("How do you check who is asking? (a full sentence)"),
            "prose",
            optional=True,
        ),
        Ask("rights.request_url", N_("Web page or form for requests"), optional=True),
        Group(
            "california",
            (
                Ask(
                    "do_not_track",
                    N_("Does the site honour 'Do Not Track' browser signals?"),
                    "select",
                    choices=DO_NOT_TRACK,
                ),
                Ask(
                    "third_party_tracking",
                    N_("Do other companies collect browsing data on your site over time and across sites?"),
                    "confirm",
                ),
                Ask(
                    "change_request",
                    N_("How does someone review and change their information? (a full sentence)"),
                    "prose",
                    optional=True,
                ),
            ),
            when=regime("caloppa"),
            always=True,
        ),
    ),
)

CHANGES = Section(
    "changes",
    N_("Changes and dates"),
    ("changes", "third_party_links", "dates"),
    (
        Ask(
            "changes.notify_by", N_("How do you announce a change to the policy?"), "checkbox", choices=NOTIFY
        ),
        Ask(
            "changes.advance_notice",
            N_("How long before it applies? (e.g. 30 days; blank for none)"),
            "duration",
            optional=True,
            check=lambda value, ctx: "give a length of time, e.g. '30 days'" if value == "session" else None,
        ),
        Ask("third_party_links", N_("Does your site link to other companies' sites?"), "confirm"),
        Ask("dates.effective", N_("Date the policy takes effect (YYYY-MM-DD)"), "date", suggest=today),
        Ask(
            "dates.last_updated",
            N_("Date of its last update (YYYY-MM-DD)"),
            "date",
            suggest=today,
            implied=lambda ctx: None if ctx.editing else at(ctx.root, "dates.effective"),
        ),
    ),
)
