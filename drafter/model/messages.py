"""Turn Pydantic validation errors into located, human messages."""

from __future__ import annotations

import datetime as dt
import difflib
import re
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from drafter.errors import Problem, format_path, shown
from drafter.model.yaml_source import Document, Loc
from drafter.wizard.i18n import N_, tr


def problems_from(exc: ValidationError, doc: Document, model: type[BaseModel] | None = None) -> list[Problem]:
    """One Problem per Pydantic error, with the YAML line and a readable message.

    A misspelt or misplaced key is reported once, as an unknown field with its
    suggestion, not a second time as the required field it was meant to be.
    """
    errors = [(_clean_loc(err["loc"], doc.data), err) for err in exc.errors(include_url=False)]
    messages: list[tuple[Loc, str, str]] = []
    meant: set[Loc] = set()
    for loc, err in errors:
        if err["type"] == "extra_forbidden":
            message, target = _unknown_field(loc, model)
            if target is not None:
                meant.add(target)
        else:
            message = error_message(err)
        messages.append((loc, err["type"], message))
    problems: list[Problem] = []
    seen: set[tuple[Loc, str]] = set()
    for loc, kind, message in messages:
        if (loc, message) in seen or (kind == "missing" and loc in meant):
            continue
        seen.add((loc, message))
        problems.append(doc.problem(loc, message))
    return problems


_BRANCHES = {"str", "dict[str,str]"}


def _clean_loc(loc: tuple[Any, ...], data: Any) -> Loc:
    """Drop the union/validator branch names Pydantic inserts into locations.

    A part that names a key or an item of the data is always kept, so a key that
    merely looks like a branch name (``"a[1]"``) still locates its line.
    """
    out: list[str | int] = []
    current = data
    for part in loc:
        if (isinstance(current, dict) and part in current) or (
            isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        ):
            out.append(part)
            current = current[part]
            continue
        if isinstance(part, str) and ("[" in part or part.startswith("function-") or part in _BRANCHES):
            continue
        out.append(part)
        current = None
    return tuple(out)


def _unknown_field(loc: Loc, model: type[BaseModel] | None) -> tuple[str, Loc | None]:
    """The message for an unknown key, and the field it was probably meant to be."""
    key = str(loc[-1]) if loc else ""
    parent = loc[:-1]
    if model is None:
        return "unknown field", None
    names = fields_at(model, parent)
    close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
    if close:
        return f"unknown field (did you mean {close[0]!r}?)", (*parent, close[0])
    for end in range(len(parent) - 1, -1, -1):
        if key in fields_at(model, parent[:end]):
            owner = format_path(parent[:end])
            where = f"under {owner!r}" if owner else "at the top level"
            return f"unknown field here: {key!r} belongs {where}; check its indentation", (*parent[:end], key)
    if names:
        return f"unknown field (known fields: {', '.join(sorted(names))})", None
    return "unknown field", None


_WHAT_IT_MUST_BE = {
    "string_type": N_("must be text"),
    "list_type": N_("must be a list, e.g. [a, b]"),
    "dict_type": N_("must be a mapping of fields (key: value lines)"),
    "model_type": N_("must be a mapping of fields (key: value lines)"),
    "model_attributes_type": N_("must be a mapping of fields (key: value lines)"),
    "bool_type": N_("must be true or false"),
    "bool_parsing": N_("must be true or false"),
    "int_type": N_("must be a whole number"),
    "int_parsing": N_("must be a whole number"),
    "int_from_float": N_("must be a whole number"),
    "float_type": N_("must be a number"),
    "float_parsing": N_("must be a number"),
}
_DATE_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
_URL_ERRORS = {"url_type", "url_parsing", "url_syntax_violation", "url_too_long"}


def error_message(err: Any) -> str:
    """A plain-words message for one Pydantic error (not an unknown field: see problems_from)."""
    kind: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx", {})
    if kind == "missing":
        return tr("required field is missing")
    if value is None and (kind in _WHAT_IT_MUST_BE or kind.endswith("_type")):
        return tr("is empty; give a value")
    if kind in _WHAT_IT_MUST_BE:
        message = tr("{what_it_must_be}, not {value}").format(
            what_it_must_be=tr(_WHAT_IT_MUST_BE[kind]), value=_describe(value)
        )
        if kind == "string_type" and isinstance(value, (bool, int, float, dt.date)):
            message += tr("; put it in quotes to use it as text")
        return message
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        close = difflib.get_close_matches(str(value), re.findall(r"'([^']*)'", expected), n=1, cutoff=0.6)
        hint = tr(" (did you mean {suggestion!r}?)").format(suggestion=close[0]) if close else ""
        return tr("{value} is not one of {expected}").format(value=shown(value), expected=expected) + hint
    if kind == "too_short":
        minimum = int(ctx.get("min_length", 1))
        return (
            tr("must not be empty; give at least one item")
            if minimum == 1
            else tr("needs at least {minimum} items").format(minimum=minimum)
        )
    if kind == "greater_than_equal":
        return tr("must be at least {minimum}, not {value}").format(minimum=ctx.get("ge"), value=shown(value))
    if kind == "less_than_equal":
        return tr("must be at most {maximum}, not {value}").format(maximum=ctx.get("le"), value=shown(value))
    if kind in _DATE_ERRORS:
        return tr("{value} is not a date; write it as YYYY-MM-DD, e.g. 2024-06-01").format(value=shown(value))
    if kind in _URL_ERRORS:
        return tr("{value} is not a web address; write it in full, e.g. https://example.org").format(
            value=shown(value)
        )
    if kind == "url_scheme":
        return tr("{value} is not a web address; it must start with https:// or http://").format(
            value=shown(value)
        )
    msg = str(err["msg"])
    if msg.startswith("value is not a valid email address"):
        reason = email_reason(str(ctx.get("reason", "")))
        refusal = tr("{value} is not a valid email address").format(value=shown(value))
        return tr("{refusal}: {reason}").format(refusal=refusal, reason=tr(reason)) if reason else refusal
    if kind in {"value_error", "assertion_error"}:
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg[:1].lower() + msg[1:] if msg[1:2].islower() else msg


# email-validator's reasons, said the way drafter's other messages say things.
_EMAIL_REASONS = [
    (
        r"The part after the @-sign is not valid\. It should have a period",
        N_("the part after the @ needs a dot, as in example.com"),
    ),
    (
        r"The part after the @-sign is not valid\. It is not within a valid top-level domain",
        N_("the part after the @ must end with a real domain ending, such as .com or .fr"),
    ),
    (
        r"The part after the @-sign is a special-use or reserved name.*",
        N_("the part after the @ is a reserved name that cannot receive e-mail; use your own domain"),
    ),
    (r"An email address must have an @-sign", N_("it needs an @, as in name@example.com")),
    (
        r"There must be something after the @-sign",
        N_("the part after the @ is missing, as in name@example.com"),
    ),
    (
        r"There must be something before the @-sign",
        N_("the part before the @ is missing, as in name@example.com"),
    ),
    (
        r"A bracketed IP address after the @-sign is not allowed here",
        N_("the part after the @ must be a domain name such as example.com, not an IP address"),
    ),
    (
        r"A display name and angle brackets around the email address are not permitted here",
        N_("write the address alone, without a name or angle brackets"),
    ),
    (r"An email address cannot (.*)", r"it cannot \1"),
    (r"The email address (contains|is|has) (.*)", r"it \1 \2"),
]


def email_reason(reason: str) -> str:
    """email-validator's reason for refusing an address, in plain words ("" when it gave none).

    Known reasons get drafter's own wording; any other is tidied the same way: "the @"
    for "the @-sign", "dot" for "period", one sentence, no final full stop.
    """
    reason = reason.strip().rstrip(".")
    for pattern, wording in _EMAIL_REASONS:
        if re.fullmatch(pattern, reason):
            reason = re.sub(pattern, wording, reason)
            break
    reason = reason.replace("@-sign", "@")
    reason = re.sub(r"\bperiod(s?)\b", r"dot\1", reason)
    reason = re.sub(r"\. (\w)", lambda m: "; " + m.group(1).lower(), reason)
    return reason[:1].lower() + reason[1:] if not reason[1:2].isupper() else reason


def _describe(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return f"the number {shown(value)}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, str):
        return f"the text {shown(value)}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping of fields"
    return shown(value)


def fields_at(model: type[BaseModel], loc: Loc) -> list[str]:
    """Field names of the model found by following ``loc`` from ``model``."""
    target: Any = model
    for part in loc:
        target = _step(target, part)
        if target is None:
            return []
    models = _models_in(target)
    return sorted({name for m in models for name in m.model_fields})


def _step(annotation: Any, part: str | int) -> Any:
    for candidate in _models_in(annotation) or [annotation]:
        if isinstance(candidate, type) and issubclass(candidate, BaseModel) and isinstance(part, str):
            field = candidate.model_fields.get(part)
            if field is not None:
                return field.annotation
        origin = typing.get_origin(candidate)
        args = typing.get_args(candidate)
        if origin in (list, tuple, set) and isinstance(part, int) and args:
            return args[0]
        if origin is dict and len(args) == 2:
            return args[1]
    return None


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    origin = typing.get_origin(annotation)
    if origin in (typing.Union, types.UnionType) or origin is typing.Annotated:
        return [m for arg in typing.get_args(annotation) for m in _models_in(arg)]
    return []
