"""Value types shared by profiles, the vendor catalog and law data.

Each type validates once, at load time, so the rest of drafter can trust it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    WithJsonSchema,
)

from drafter.choices import LANGS, Lang
from drafter.errors import shown
from drafter.wizard.i18n import tr

__all__ = ["LANGS", "Lang"]


class Strict(BaseModel):
    """Base for every input model: unknown keys are errors, values are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


# Two-letter CLDR region codes that are not countries: groupings, pseudo-regions, "unknown".
_NOT_COUNTRIES = frozenset({"EU", "EZ", "UN", "QO", "XA", "XB", "ZZ"})


@cache
def known_countries() -> frozenset[str]:
    from babel import Locale

    territories = Locale.parse("en").territories
    return frozenset(
        str(c) for c in territories if re.fullmatch(r"[A-Z]{2}", str(c)) and str(c) not in _NOT_COUNTRIES
    )


def _country(value: Any) -> Any:
    if isinstance(value, str):
        code = value.strip().upper()
        if code not in known_countries():
            raise ValueError(
                tr("{value} is not an ISO 3166 alpha-2 country code (e.g. FR, BE, US)").format(
                    value=shown(value)
                )
            )
        return code
    return value


CountryCode = Annotated[
    str,
    BeforeValidator(_country),
    WithJsonSchema({"type": "string", "pattern": "^[A-Za-z]{2}$", "description": "ISO 3166 alpha-2"}),
]

UNITS = ("minute", "hour", "day", "week", "month", "year")
_DURATION = re.compile(r"^\s*(\d{1,4})\s*(minute|hour|day|week|month|year)s?\s*$", re.IGNORECASE)
DURATION_PATTERN = r"^(session|\d{1,4} ?(minute|hour|day|week|month|year)s?)$"


@dataclass(frozen=True, order=True)
class Duration:
    """A period such as "3 years" or "90 days"; ``unit == "session"`` for session cookies."""

    amount: int
    unit: str

    @property
    def approx_days(self) -> float:
        per_unit = {"minute": 1 / 1440, "hour": 1 / 24, "day": 1, "week": 7, "month": 30.44, "year": 365.25}
        return 0.0 if self.unit == "session" else self.amount * per_unit[self.unit]

    @property
    def approx_months(self) -> float:
        return self.approx_days / 30.44

    def __str__(self) -> str:
        if self.unit == "session":
            return "session"
        return f"{self.amount} {self.unit}{'' if self.amount == 1 else 's'}"


def _duration(value: Any) -> Any:
    if isinstance(value, Duration):
        return value
    if isinstance(value, str):
        if value.strip().lower() == "session":
            return Duration(0, "session")
        match = _DURATION.match(value)
        if match and int(match.group(1)) > 0:
            return Duration(int(match.group(1)), match.group(2).lower())
    raise ValueError(
        tr("{value} is not a duration; write e.g. '3 years', '13 months', '90 days'").format(
            value=shown(value)
        )
    )


DurationField = Annotated[
    Duration,
    BeforeValidator(_duration),
    PlainSerializer(str, return_type=str),
    WithJsonSchema({"type": "string", "pattern": DURATION_PATTERN, "examples": ["3 years", "90 days"]}),
]


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _date(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        raise ValueError(f"{shown(str(value))} has a time; give the date alone, as YYYY-MM-DD")
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError as exc:
            raise ValueError(
                tr("{value} is not a real date: {reason}").format(value=shown(value), reason=exc)
            ) from None
    raise ValueError(
        tr("{value} is not a date; write it as YYYY-MM-DD, e.g. 2024-06-01").format(value=shown(value))
    )


Date = Annotated[dt.date, BeforeValidator(_date)]
"""A calendar date, written YYYY-MM-DD (YAML reads it unquoted as a date; quoted is accepted)."""


def _nonblank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value


Name = Annotated[str, AfterValidator(_nonblank)]


@lru_cache(maxsize=4096)
def _email(value: str) -> str:
    """Pydantic's own e-mail check (email_validator), remembered: an agency's profiles share
    a few addresses, and the check costs more than the rest of a contact's validation."""
    from pydantic.networks import validate_email

    return validate_email(value)[1]


Email = Annotated[str, AfterValidator(_email), WithJsonSchema({"type": "string", "format": "email"})]


# How the English of catalog and law texts is read while a policy's context is built: the
# data is written in British English, and an American policy reads it converted.
_ENGLISH_DATA: ContextVar[Callable[[str], str] | None] = ContextVar("english_data", default=None)


@contextmanager
def english_data(convert: Callable[[str], str] | None) -> Iterator[None]:
    """While it lasts, ``text["en"]`` of a :class:`Bilingual` is ``convert`` of its English."""
    token = _ENGLISH_DATA.set(convert)
    try:
        yield
    finally:
        _ENGLISH_DATA.reset(token)


class Bilingual(Strict):
    """A text given in both languages (catalog and law data always are)."""

    en: Name
    fr: Name

    def __getitem__(self, lang: str) -> str:
        text = str(getattr(self, lang))
        convert = _ENGLISH_DATA.get() if lang == "en" else None
        return convert(text) if convert is not None else text


def _local_text(value: Any) -> Any:
    if isinstance(value, dict):
        unknown = set(value) - set(LANGS)
        if unknown:
            raise ValueError(f"unknown language {shown(sorted(unknown)[0])}; use en and fr")
        for lang, text in value.items():
            if text is not None and not isinstance(text, str):
                raise ValueError(f"the {lang} text must be text, not {shown(text)}; put it in quotes")
            if not text or not text.strip():
                raise ValueError(f"the {lang} text must not be empty")
        return {k: v.strip() for k, v in value.items()}
    if isinstance(value, str):
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()
    raise ValueError(f"must be text, or a mapping {{en: ..., fr: ...}}, not {shown(value)}")


LocalText = Annotated[
    str | dict[Lang, str],
    BeforeValidator(_local_text),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "minLength": 1},
                {
                    "type": "object",
                    "properties": {"en": {"type": "string"}, "fr": {"type": "string"}},
                    "additionalProperties": False,
                    "minProperties": 1,
                },
            ],
            "description": "Text in the profile's language, or {en: ..., fr: ...}",
        }
    ),
]
"""Profile prose: a plain string (one-language profiles) or one text per language."""


def pick(text: str | dict[Lang, str], lang: Lang) -> str:
    """The ``lang`` version of a LocalText (validation guarantees it exists)."""
    return text if isinstance(text, str) else text[lang]


def _slug(value: str) -> str:
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", value):
        raise ValueError(
            tr("{value} is not an id: use lower-case letters, digits, '-' and '_'").format(value=shown(value))
        )
    return value


Slug = Annotated[str, AfterValidator(_slug)]

CookieGroup = Literal["strictly_necessary", "preferences", "analytics", "marketing"]
LegalBasis = Literal[
    "consent", "contract", "legal_obligation", "vital_interests", "public_task", "legitimate_interests"
]
