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
    "string_type": "must be text",
    "list_type": "must be a list, e.g. [a, b]",
    "dict_type": "must be a mapping of fields (key: value lines)",
    "model_type": "must be a mapping of fields (key: value lines)",
    "model_attributes_type": "must be a mapping of fields (key: value lines)",
    "bool_type": "must be true or false",
    "bool_parsing": "must be true or false",
    "int_type": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_type": "must be a number",
    "float_parsing": "must be a number",
}
_DATE_ERRORS = {"date_type", "date_parsing", "date_from_datetime_parsing", "date_from_datetime_inexact"}
_URL_ERRORS = {"url_type", "url_parsing", "url_syntax_violation", "url_too_long"}


def error_message(err: Any) -> str:
    """A plain-words message for one Pydantic error (not an unknown field: see problems_from)."""
    kind: str = err["type"]
    value = err.get("input")
    ctx = err.get("ctx", {})
    if kind == "missing":
        return "required field is missing"
    if value is None and (kind in _WHAT_IT_MUST_BE or kind.endswith("_type")):
        return "is empty; give a value"
    if kind in _WHAT_IT_MUST_BE:
        message = f"{_WHAT_IT_MUST_BE[kind]}, not {_describe(value)}"
        if kind == "string_type" and isinstance(value, (bool, int, float, dt.date)):
            message += "; put it in quotes to use it as text"
        return message
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        close = difflib.get_close_matches(str(value), re.findall(r"'([^']*)'", expected), n=1, cutoff=0.6)
        hint = f" (did you mean {close[0]!r}?)" if close else ""
        return f"{shown(value)} is not one of {expected}{hint}"
    if kind == "too_short":
        minimum = int(ctx.get("min_length", 1))
        return (
            "must not be empty; give at least one item" if minimum == 1 else f"needs at least {minimum} items"
        )
    if kind == "greater_than_equal":
        return f"must be at least {ctx.get('ge')}, not {shown(value)}"
    if kind == "less_than_equal":
        return f"must be at most {ctx.get('le')}, not {shown(value)}"
    if kind in _DATE_ERRORS:
        return f"{shown(value)} is not a date; write it as YYYY-MM-DD, e.g. 2024-06-01"
    if kind in _URL_ERRORS:
        return f"{shown(value)} is not a web address; write it in full, e.g. https://example.org"
    if kind == "url_scheme":
        return f"{shown(value)} is not a web address; it must start with https:// or http://"
    msg = str(err["msg"])
    if msg.startswith("value is not a valid email address"):
        reason = str(ctx.get("reason", "")).rstrip(".")
        reason = reason[:1].lower() + reason[1:] if reason[1:2].islower() else reason
        return f"{shown(value)} is not a valid email address" + (f": {reason}" if reason else "")
    if kind in {"value_error", "assertion_error"}:
        return msg.removeprefix("Value error, ").removeprefix("Assertion failed, ")
    return msg[:1].lower() + msg[1:] if msg[1:2].islower() else msg


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
