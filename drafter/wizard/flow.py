"""Every section the wizard asks, in order (:data:`SECTIONS`), and the section of a profile key.

The questions themselves are declared in :mod:`drafter.wizard.sections`.
"""

from __future__ import annotations

from drafter.wizard.questions import Section
from drafter.wizard.sections.choices import (
    AI_TRAINING,
    BREACH_NOTIFY,
    CATEGORY_PURPOSES,
    CATEGORY_TITLES,
    COOKIE_GROUPS,
    DO_NOT_TRACK,
    LANGUAGES,
    LEGAL_BASES,
    NOTIFY,
    PURPOSE_KINDS,
    RECIPIENT_KINDS,
    REGIMES,
    SECURITY_MEASURES,
    SOURCES,
    START_EVENTS,
    TRANSFER_MECHANISMS,
    USUAL_BASIS,
)
from drafter.wizard.sections.data_and_purposes import DATA, PURPOSES, RETENTION
from drafter.wizard.sections.rules import regime, slug
from drafter.wizard.sections.security_rights_changes import CHANGES, MARKETING, RIGHTS, SECURITY
from drafter.wizard.sections.service_and_contacts import (
    ADDRESS,
    CONTACT,
    CONTACTS,
    CONTROLLER,
    LAWS,
    LINES_HELP,
    SERVICE,
)
from drafter.wizard.sections.us import US
from drafter.wizard.sections.vendors_and_cookies import COOKIES, VENDORS

__all__ = [
    "ADDRESS",
    "AI_TRAINING",
    "BREACH_NOTIFY",
    "CATEGORY_PURPOSES",
    "CATEGORY_TITLES",
    "CONTACT",
    "COOKIE_GROUPS",
    "DO_NOT_TRACK",
    "LANGUAGES",
    "LEGAL_BASES",
    "LINES_HELP",
    "NOTIFY",
    "PURPOSE_KINDS",
    "RECIPIENT_KINDS",
    "REGIMES",
    "SECTIONS",
    "SECURITY_MEASURES",
    "SOURCES",
    "START_EVENTS",
    "TRANSFER_MECHANISMS",
    "USUAL_BASIS",
    "regime",
    "section_of",
    "slug",
]

SECTIONS: tuple[Section, ...] = (
    SERVICE,
    CONTROLLER,
    LAWS,
    CONTACTS,
    DATA,
    PURPOSES,
    VENDORS,
    COOKIES,
    RETENTION,
    SECURITY,
    MARKETING,
    RIGHTS,
    US,
    CHANGES,
)


def section_of(key: str) -> Section | None:
    """The section that answers a top-level profile key."""
    return next((s for s in SECTIONS if key in s.keys), None)
