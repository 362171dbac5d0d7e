"""The profile being edited, as the wizard reads and writes it against the Pydantic model.

The profile is edited in place as ruamel.yaml's round-trip mappings: a value written where
the model declares it, in flow style for short lists and language pairs, and a value equal
to the saved one (or to the model's default where nothing was saved) changes nothing.
"""

from __future__ import annotations

import datetime as dt
import typing
from collections.abc import Mapping, MutableMapping
from functools import cache
from typing import Annotated, Any

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.model.messages import error_message
from drafter.model.types import Duration
from drafter.wizard.questions import Item


class Refused(ValueError):
    """An answer that cannot be stored; its message is shown at the prompt."""


# --- reading the model ------------------------------------------------------------------


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside ``X``, ``X | None`` or ``Annotated[X, ...]``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = model_in(arg)
        if found is not None:
            return found
    return None


def walk(model: type[BaseModel], dotted: str) -> tuple[list[type[BaseModel] | None], Any, FieldInfo | None]:
    """The model owning each step of a dotted key, the field's annotation and its FieldInfo.

    A step into a ``dict[K, V]`` field (``entities.global``) has no model.
    """
    owners: list[type[BaseModel] | None] = []
    annotation: Any = model
    info: FieldInfo | None = None
    for part in dotted.split("."):
        owner = model_in(annotation)
        if owner is not None and part in owner.model_fields:
            owners.append(owner)
            info = owner.model_fields[part]
            annotation = info.annotation
            continue
        args = [a for a in typing.get_args(annotation) if typing.get_origin(a) is dict] or [annotation]
        if typing.get_origin(args[0]) is dict:
            owners.append(None)
            info = None
            annotation = typing.get_args(args[0])[1]
            continue
        raise KeyError(f"{dotted}: no field {part!r}")
    return owners, annotation, info


@cache
def _adapter(annotation: Any, metadata: tuple[Any, ...]) -> TypeAdapter[Any]:
    return TypeAdapter(Annotated.__class_getitem__((annotation, *metadata)) if metadata else annotation)  # type: ignore[attr-defined]


def adapter_for(annotation: Any, info: FieldInfo | None) -> TypeAdapter[Any]:
    return _adapter(annotation, tuple(info.metadata) if info is not None else ())


def validated(adapter: TypeAdapter[Any], value: Any) -> Any:
    try:
        return adapter.validate_python(value)
    except ValidationError as exc:
        raise Refused(error_message(exc.errors()[0])) from None


def model_default(info: FieldInfo | None) -> Any:
    if info is None:
        return None
    default = info.get_default(call_default_factory=True)
    return None if default is PydanticUndefined else default


# --- writing the profile ------------------------------------------------------------------

MISSING = object()


def split_list(text: str) -> list[str]:
    """Items typed on one line: split on ';' when there is one, else on commas."""
    return text.split(";") if ";" in text else text.split(",")


def shown(value: Any) -> str:
    if value is None or value is MISSING:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        items = [str(x) for x in value]
        return ("; " if any("," in x for x in items) else ", ").join(items)
    if isinstance(value, Duration):
        return str(value)
    return str(value)


def line_text(line: Any, lang: str | None) -> str:
    if isinstance(line, Mapping):
        if lang is not None and lang in line:
            return str(line[lang])
        return str(next(iter(line.values()), ""))
    return "" if line is None else str(line)


def lang_value(kind: str, saved: Any, lang: str) -> Any:
    if kind == "prose_list":
        if not isinstance(saved, list):
            return []
        return [str(x.get(lang, "")) if isinstance(x, Mapping) else str(x) for x in saved]
    if isinstance(saved, Mapping):
        return saved.get(lang)
    return saved


def ensure(item: Item, dotted: str, owners: list[type[BaseModel] | None]) -> None:
    """Create the mappings along ``dotted`` that do not exist yet."""
    parent = item
    for i, part in enumerate(dotted.split(".")):
        child = parent.get(part)
        if not isinstance(child, MutableMapping):
            child = CommentedMap()
            _insert(parent, part, child, owners[i])
        parent = child


def put(
    item: Item, dotted: str, value: Any, owners: list[type[BaseModel] | None], info: FieldInfo | None
) -> None:
    """Store an answer: ``None`` removes the key; a value equal to the saved one, or to the
    model's default where nothing was saved, changes nothing."""
    parts = dotted.split(".")
    is_default = info is not None and value is not None and value == model_default(info)
    parent = item
    for i, part in enumerate(parts[:-1]):
        child = parent.get(part)
        if not isinstance(child, MutableMapping):
            if value is None or is_default:
                return
            child = CommentedMap()
            _insert(parent, part, child, owners[i])
        parent = child
    last = parts[-1]
    if value is None:
        parent.pop(last, None)
        return
    if last in parent and _same(parent[last], value):
        return
    if last not in parent and is_default:
        return
    _insert(
        parent, last, value if isinstance(value, (CommentedMap, CommentedSeq)) else styled(value), owners[-1]
    )


def _same(a: Any, b: Any) -> bool:
    return type(a) is type(b) and a == b if isinstance(a, bool) or isinstance(b, bool) else bool(a == b)


def _insert(parent: Item, key: str, value: Any, owner: type[BaseModel] | None) -> None:
    """Set ``key``; a new key goes where the model declares it, not at the end."""
    if key in parent or owner is None or not isinstance(parent, CommentedMap):
        parent[key] = value
        return
    order = list(owner.model_fields)
    rank = order.index(key) if key in order else len(order)
    position = len(parent)
    for i, existing in enumerate(parent):
        if (order.index(existing) if existing in order else len(order)) > rank:
            position = i
            break
    parent.insert(position, key, value)


def styled(value: Any) -> Any:
    """A plain value as ruamel nodes: language pairs and lists of scalars in flow style."""
    if isinstance(value, Mapping):
        out = CommentedMap()
        for k, v in value.items():
            out[k] = styled(v)
        if value and set(value) <= {"en", "fr"} and all(isinstance(v, str) for v in value.values()):
            out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(styled(v) for v in value)
        if all(not isinstance(v, (Mapping, list)) for v in value):
            seq.fa.set_flow_style()
        return seq
    return value
