"""The sections on security and special cases, marketing, people's requests, and changes and dates."""

from __future__ import annotations

from typing import Any

from drafter.wizard.questions import Ask, Ctx, Group, Section
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


# --- the questions ----------------------------------------------------------------

SECURITY = Section(
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
                Ask("description", "Which decisions?", "prose", when=item_is("used", True)),
                Ask("logic", "The logic involved, in plain words", "prose", when=item_is("used", True)),
                Ask("consequences", "What they mean for the person", "prose", when=item_is("used", True)),
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
)

MARKETING = Section(
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
                    when=item_is("email", True),
                ),
            ),
        ),
        Group(
            "selling",
            (
                Ask(
                    "sells",
                    "Do you sell personal information (CCPA sense)?",
                    "confirm",
                    suggest=suggest_sells,
                    help="Selling is giving it to another company for money or other value.",
                ),
                Ask(
                    "shares_for_advertising",
                    "Do you share it for cross-context behavioural advertising?",
                    "confirm",
                    suggest=suggest_shares,
                    help="Sharing is giving it to ad networks that choose ads from people's activity on "
                    "other sites and apps.",
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
            when=us_privacy,
        ),
    ),
)

RIGHTS = Section(
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
)

CHANGES = Section(
    "changes",
    "Changes and dates",
    ("changes", "third_party_links", "dates"),
    (
        Ask("changes.notify_by", "How do you announce a change to the policy?", "checkbox", choices=NOTIFY),
        Ask(
            "changes.advance_notice",
            "How long before it applies? (e.g. 30 days; blank for none)",
            "duration",
            optional=True,
            check=lambda value, ctx: "give a length of time, e.g. '30 days'" if value == "session" else None,
        ),
        Ask("third_party_links", "Does your site link to other companies' sites?", "confirm"),
        Ask("dates.effective", "Date the policy takes effect (YYYY-MM-DD)", "date", suggest=today),
        Ask("dates.last_updated", "Date of its last update (YYYY-MM-DD)", "date", suggest=today),
    ),
)
