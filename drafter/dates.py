"""The range of dates drafter believes: a policy is not dated before 1990 or far ahead.

A date outside it (from a profile, ``--today`` or a manifest) is a typo or a forged
record; written into a policy it would mislead, and DOCX cannot even store some of them.
"""

from __future__ import annotations

import datetime as dt

EARLIEST = dt.date(1990, 1, 1)
AHEAD_DAYS = 366  # at most about a year after today


def out_of_range(day: dt.date, today: dt.date | None = None) -> str | None:
    """Why ``day`` is not believed (None: it is)."""
    today = today or dt.date.today()
    if day < EARLIEST:
        return f"{day.isoformat()} is before {EARLIEST.year}; check the year"
    latest = today + dt.timedelta(days=AHEAD_DAYS)
    if day > latest:
        return f"{day.isoformat()} is more than a year after today ({today.isoformat()}); check the year"
    return None
