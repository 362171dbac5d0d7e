"""Turn Pydantic validation errors into located, human messages."""

from __future__ import annotations

import difflib
import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from drafter.errors import Problem
from drafter.loading import Document, Loc


def problems_from(exc: ValidationError, doc: Document, model: type[BaseModel] | None = None) -> list[Problem]:
    """One Problem per Pydantic error, with the YAML line and a readable message."""
    problems: list[Problem] = []
    seen: set[tuple[Loc, str]] = set()
    for err in exc.errors(include_url=False):
        loc = _clean_loc(err["loc"])
        message = _message(err, loc, model)
        if (loc, message) in seen:
            continue
        seen.add((loc, message))
        problems.append(doc.problem(loc, message))
    return problems


def _clean_loc(loc: tuple[Any, ...]) -> Loc:
    """Drop the union/validator branch names Pydantic inserts into locations."""
    out: list[str | int] = []
    for part in loc:
        if isinstance(part, str) and (
            "[" in part or part.startswith("function-") or part in {"str", "dict[str,str]"}
        ):
            continue
        out.append(part)
    return tuple(out)


def _message(err: Any, loc: Loc, model: type[BaseModel] | None) -> str:
    kind = err["type"]
    if kind == "extra_forbidden":
        key = str(loc[-1]) if loc else ""
        hint = ""
        if model is not None:
            names = fields_at(model, loc[:-1])
            close = difflib.get_close_matches(key, names, n=1, cutoff=0.6)
            if close:
                hint = f" (did you mean {close[0]!r}?)"
            elif names:
                hint = f" (known fields: {', '.join(sorted(names))})"
        return f"unknown field{hint}"
    if kind == "missing":
        return "required field is missing"
    if kind == "literal_error":
        expected = err.get("ctx", {}).get("expected", "")
        return f"{err['input']!r} is not one of {expected}"
    if kind in {"value_error", "assertion_error"}:
        return str(err["msg"]).removeprefix("Value error, ").removeprefix("Assertion failed, ")
    msg = str(err["msg"])
    if "input" in err and kind.endswith("_type"):
        return f"{msg.lower()}, got {type(err['input']).__name__} {err['input']!r}"[:200]
    return msg[:1].lower() + msg[1:]


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
