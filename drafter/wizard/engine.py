"""Walk the declared questions over a profile being built or edited.

The profile is edited in place as ruamel.yaml's round-trip mappings, so a value the
person does not change keeps its place, its quoting and the comments around it, and
accepting every suggestion on ``--from`` gives back the same file. Each answer is
checked against the Pydantic field its key names before it is stored; a wrong answer is
refused at the prompt with the model's own message.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from functools import cache
from typing import Annotated, Any, Protocol

from pydantic import BaseModel, TypeAdapter, ValidationError
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from drafter.model.catalog import Vendor
from drafter.model.law import LawData
from drafter.model.messages import error_message
from drafter.model.profile import Profile
from drafter.model.types import Duration
from drafter.wizard.questions import Ask, Choice, Ctx, Group, Item, Node, Pick, Repeat, Section, at

Validate = Callable[[Any], "str | None"]


class Prompter(Protocol):
    """The wizard's only way to talk to the person (questionary, or a test double)."""

    def text(self, message: str, default: str, validate: Validate, help: str) -> str: ...

    def confirm(self, message: str, default: bool, help: str) -> bool: ...

    def select(self, message: str, choices: Sequence[Choice], default: Any, help: str) -> Any: ...

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[Any], validate: Validate, help: str
    ) -> list[Any]: ...

    def say(self, text: str) -> None: ...


class Refused(ValueError):
    """An answer that cannot be stored; its message is shown at the prompt."""


class Engine:
    def __init__(
        self, prompter: Prompter, catalog: Mapping[str, Vendor], law: LawData, today: dt.date
    ) -> None:
        self.prompter = prompter
        self.catalog = catalog
        self.law = law
        self.today = today.isoformat()

    def run(self, root: CommentedMap, sections: Sequence[Section]) -> None:
        for section in sections:
            self.prompter.say(f"\n── {section.title} ──")
            self.nodes(section.nodes, root, Profile, self.context(root))

    def context(self, root: Item) -> Ctx:
        return Ctx(root, root, self.catalog, self.law, self.today)

    def nodes(self, nodes: Sequence[Node], item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        for node in nodes:
            if isinstance(node, Ask):
                self.ask(node, item, model, ctx)
            elif isinstance(node, Group):
                self.group(node, item, model, ctx)
            elif isinstance(node, Repeat):
                self.repeat(node, item, model, ctx)
            else:
                self.pick(node, item, model, ctx)

    # --- one question --------------------------------------------------------------

    def ask(self, q: Ask, item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        if q.when is not None and not q.when(ctx):
            if q.drop_when_skipped and at(item, q.key, _MISSING) is not _MISSING:
                owners, _, info = walk(model, q.key)
                put(item, q.key, None, owners, info)
            return
        if q.help_from is not None:
            q = dataclasses.replace(q, help=q.help_from(ctx))
        if q.kind == "flags":
            self._flags(q, model, ctx)
            return
        owners, annotation, info = walk(model, q.key)
        optional = q.optional(ctx) if callable(q.optional) else q.optional
        saved = at(item, q.key, _MISSING)
        if saved is _MISSING:
            saved = q.suggest(ctx) if q.suggest is not None else _model_default(info)
        value = self._answer(q, saved, annotation, info, optional, ctx)
        put(item, q.key, value, owners, info)

    def _answer(
        self, q: Ask, saved: Any, annotation: Any, info: FieldInfo | None, optional: bool, ctx: Ctx
    ) -> Any:
        p = self.prompter
        kind = q.kind
        if kind == "confirm":
            return p.confirm(q.text, bool(saved), q.help)
        if kind == "select":
            choices = q.choices(ctx) if q.choices else []
            return p.select(q.text, choices, saved, q.help)
        if kind == "checkbox":
            choices = q.choices(ctx) if q.choices else []
            known = [c.value for c in choices if not c.heading]
            if q.every is not None and saved == q.every:
                saved = [q.every]
            checked = [v for v in (saved or []) if v in known]

            def validate_choice(values: Any) -> str | None:
                if not values and not optional:
                    return "choose at least one (Space ticks, Enter confirms)"
                if q.every is not None and q.every in values and len(values) > 1:
                    return f"tick {q.every!r} alone, or the others one by one"
                return q.check(values, ctx) if q.check is not None else None

            picked = p.checkbox(q.text, choices, checked, validate_choice, q.help)
            if q.every is not None and q.every in picked:
                return q.every
            extra = [v for v in (saved or []) if v not in known]  # saved values no choice offers
            result = [*extra, *[v for v in known if v in picked]]
            if isinstance(saved, list) and set(map(str, result)) == set(map(str, saved)):
                return saved  # same choices: keep the saved order
            return result or None
        if kind in ("prose", "examples", "prose_list"):
            return self._per_language(q, saved, optional, ctx)
        if kind == "lines":
            return self._lines(q, saved, ctx)
        adapter = adapter_for(annotation, info)

        def convert(text: str) -> Any:
            text = text.strip()
            if not text:
                if optional:
                    return None
                raise Refused("an answer is needed here")
            value: Any = text
            if kind == "int":
                try:
                    value = int(text)
                except ValueError:
                    raise Refused(f"{text!r} is not a whole number") from None
            elif kind == "countries":
                value = [part.strip() for part in split_list(text)]
            checked = validated(adapter, value)
            if kind == "duration":
                return str(checked)
            if kind in ("int", "date", "countries"):
                return checked
            if isinstance(checked, str) and checked.casefold() == text.casefold():
                return checked  # stripped, or a country code in capitals
            return text

        def validate_text(text: Any) -> str | None:
            try:
                value = convert(str(text))
            except Refused as exc:
                return str(exc)
            return q.check(value, ctx) if q.check is not None and value is not None else None

        shown = _shown(saved)
        return convert(p.text(q.text, shown, validate_text, q.help))

    def _flags(self, q: Ask, model: type[BaseModel], ctx: Ctx) -> None:
        """Yes/no fields of a sub-object, ticked in one checkbox; unticked ones are cleared."""
        owners, annotation, _ = walk(model, q.key)
        sub_model = model_in(annotation)
        assert sub_model is not None
        choices = q.choices(ctx) if q.choices else []
        current = at(ctx.item, q.key)
        if isinstance(current, Mapping):
            checked = [c.value for c in choices if current.get(c.value) is True]
        else:
            checked = list(q.suggest(ctx)) if q.suggest is not None else []
        picked = self.prompter.checkbox(q.text, choices, checked, lambda _: None, q.help)
        ensure(ctx.item, q.key, owners)
        target = at(ctx.item, q.key)
        for choice in choices:
            info = sub_model.model_fields[choice.value]
            put(target, choice.value, choice.value in picked, [sub_model], info)

    def _per_language(self, q: Ask, saved: Any, optional: bool, ctx: Ctx) -> Any:
        """Prose asked once per profile language: a string for one language, else {lang: text}."""
        langs = ctx.langs
        listed = q.kind in ("examples", "prose_list")
        per_lang: dict[str, Any] = {}
        for i, lang in enumerate(langs):
            default = _lang_value(q.kind, saved, lang)
            label = q.text if len(langs) == 1 else f"{q.text} [{lang}]"
            may_skip = optional and i == 0
            count = len(per_lang[langs[0]]) if q.kind == "prose_list" and i > 0 else None

            def convert(text: str, may_skip: bool = may_skip, count: int | None = count) -> Any:
                text = text.strip()
                if not text:
                    if may_skip:
                        return None
                    if optional:
                        raise Refused("give this language too, as you did the first")
                    raise Refused("an answer is needed here")
                if not listed:
                    return text
                items = [part.strip() for part in split_list(text)]
                if any(not part for part in items):
                    raise Refused("an item is empty; check the commas")
                if count is not None and len(items) != count:
                    raise Refused(f"give {count} items, as in the first language")
                return items

            def validate(text: Any, convert: Callable[[str], Any] = convert) -> str | None:
                try:
                    convert(str(text))
                except Refused as exc:
                    return str(exc)
                return None

            help_text = q.help if i == 0 else ""
            shown = ", ".join(default) if isinstance(default, list) else (default or "")
            if isinstance(default, list) and any("," in x for x in default):
                shown = "; ".join(default)
            answer = convert(self.prompter.text(label, shown, validate, help_text))
            if answer is None:
                return None  # the first language left blank: no text at all
            per_lang[lang] = answer
        if q.kind == "prose_list":
            if len(langs) == 1:
                return per_lang[langs[0]]
            return [{lang: per_lang[lang][j] for lang in langs} for j in range(len(per_lang[langs[0]]))]
        if len(langs) == 1:
            return per_lang[langs[0]]
        return per_lang

    def _lines(self, q: Ask, saved: Any, ctx: Ctx) -> Any:
        """Address lines, one prompt each; per language only when the saved ones differ."""
        lines = list(saved) if isinstance(saved, list) else []
        per_lang = any(isinstance(x, Mapping) and len(set(x.values())) > 1 for x in lines)
        langs: list[str | None] = list(ctx.langs) if per_lang else [None]
        answers: list[dict[str | None, str]] = []
        while True:
            old = lines[len(answers)] if len(answers) < len(lines) else None
            line: dict[str | None, str] = {}
            for lang in langs:
                default = _line_text(old, lang)
                label = f"{q.text}, line {len(answers) + 1}" + (f" [{lang}]" if lang else "")
                first = lang == langs[0]

                def validate(text: Any, first: bool = first) -> str | None:
                    return None if first or str(text).strip() else "give this line in each language"

                text = self.prompter.text(label, default, validate, q.help if not answers and first else "")
                if first and not text.strip():
                    break
                line[lang] = text.strip()
            if not line:
                break
            answers.append(line)
        before = [{lang: _line_text(x, lang) for lang in langs} for x in lines]
        if answers == before:
            return saved
        if not per_lang:
            return [a[None] for a in answers]
        return [{str(lang): a[lang] for lang in langs} for a in answers]

    # --- groups and lists ------------------------------------------------------------

    def group(self, g: Group, item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        owners, annotation, info = walk(model, g.key)
        sub_model = model_in(annotation)
        assert sub_model is not None, g.key
        present = isinstance(at(item, g.key), Mapping)
        if g.when is not None and not g.when(ctx):
            if g.drop_when_skipped and present:
                put(item, g.key, None, owners, info)
            return
        if g.text is not None:
            if not self.prompter.confirm(g.text, present, g.help):
                if present:
                    put(item, g.key, None, owners, info)
                return
            ensure(item, g.key, owners)
        elif g.always:
            if g.help:
                self.prompter.say(g.help)
            ensure(item, g.key, owners)
        sub = at(item, g.key)
        detached = not isinstance(sub, MutableMapping)
        if detached:
            sub = CommentedMap()
        self.nodes(g.nodes, sub, sub_model, ctx.with_item(sub))
        if detached and sub:
            put(item, g.key, sub, owners, info)

    def repeat(self, r: Repeat, item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        if r.when is not None and not r.when(ctx):
            return
        owners, annotation, info = walk(model, r.key)
        item_model = model_in(typing.get_args(annotation)[0]) if typing.get_args(annotation) else None
        assert item_model is not None, r.key
        full = at(item, r.key)
        full = full if isinstance(full, list) else []
        mine = [x for x in full if isinstance(x, MutableMapping) and (r.match is None or r.match(x))]
        if r.help:
            self.prompter.say(r.help)
        kept: list[Item] = []
        new: list[Item] = []

        def answer(x: Item) -> None:
            others = [y for y in [*full, *new] if y is not x and isinstance(y, MutableMapping)]
            self.nodes(r.nodes, x, item_model, ctx.with_item(x, others))

        for x in mine:
            if self.prompter.confirm(f"Keep the {r.noun} {r.title(x, ctx)}?", True, ""):
                answer(x)
                kept.append(x)
        if r.suggest is not None:
            offered: set[str] = set()
            while True:
                suggested = r.suggest(ctx, [*kept, *new], not mine)
                fresh = [(t, proto) for t, proto in suggested if t not in offered]
                if not fresh:
                    break
                title, proto = fresh[0]
                offered.add(title)
                # A suggestion that matches none of the answers so far (a statutory period for
                # data the service does not hold) is offered, but not pre-ticked.
                if self.prompter.confirm(f"Add {title}?", proto.get("data") != [], ""):
                    x = styled(proto)
                    answer(x)
                    new.append(x)
        while True:
            count = len(kept) + len(new)
            if count < r.min_items:
                self.prompter.say(f"Describe at least one {r.noun}.")
            elif not self.prompter.confirm(
                f"Add {'another' if count else _article(r.noun)} {r.noun}?", False, ""
            ):
                break
            x = CommentedMap()
            answer(x)
            new.append(x)
        self._replace_items(item, r.key, full, mine, kept, new, owners, info)

    def pick(self, k: Pick, item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        if k.when is not None and not k.when(ctx):
            return
        owners, annotation, info = walk(model, k.key)
        item_model = model_in(typing.get_args(annotation)[0])
        assert item_model is not None, k.key
        full = at(item, k.key)
        full = full if isinstance(full, list) else []
        mine = [x for x in full if isinstance(x, MutableMapping) and (k.match is None or k.match(x))]
        saved = list(dict.fromkeys(x.get(k.by) for x in mine))
        checked = k.preselect(ctx, saved) if k.preselect is not None else saved
        choices = k.choices(ctx)
        known = {c.value for c in choices if not c.heading}
        choices = [*choices, *[Choice(v, str(v)) for v in saved if v not in known]]

        def validate(values: Any) -> str | None:
            return k.check(list(values), ctx) if k.check is not None else None

        picked = self.prompter.checkbox(k.text, choices, checked, validate, k.help)
        kept = [x for x in mine if x.get(k.by) in picked]
        new = [styled(k.make(v, ctx)) for v in picked if v not in saved]
        for x in [*kept, *new]:
            if k.nodes:
                self.prompter.say(f"{k.title(x, ctx)}:")
                self.nodes(k.nodes, x, item_model, ctx.with_item(x))
        self._replace_items(item, k.key, full, mine, kept, new, owners, info)

    def _replace_items(
        self,
        item: Item,
        key: str,
        full: list[Any],
        mine: list[Item],
        kept: list[Item],
        new: list[Item],
        owners: list[type[BaseModel] | None],
        info: FieldInfo | None,
    ) -> None:
        """Drop the items not kept and append the new ones, leaving the others in place."""
        dropped = [x for x in mine if not any(x is k for k in kept)]
        if not dropped and not new:
            return
        if not isinstance(at(item, key), list):
            if not new:
                return
            put(item, key, CommentedSeq(), owners, None)
        target = at(item, key)
        for x in dropped:
            index = next(i for i, y in enumerate(target) if y is x)
            del target[index]
        target.extend(new)
        if not target:
            put(item, key, None, owners, info)


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


def _model_default(info: FieldInfo | None) -> Any:
    if info is None:
        return None
    default = info.get_default(call_default_factory=True)
    return None if default is PydanticUndefined else default


# --- writing the profile ------------------------------------------------------------------

_MISSING = object()


def split_list(text: str) -> list[str]:
    """Items typed on one line: split on ';' when there is one, else on commas."""
    return text.split(";") if ";" in text else text.split(",")


def _shown(value: Any) -> str:
    if value is None or value is _MISSING:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        items = [str(x) for x in value]
        return ("; " if any("," in x for x in items) else ", ").join(items)
    if isinstance(value, Duration):
        return str(value)
    return str(value)


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeio" else "a"


def _line_text(line: Any, lang: str | None) -> str:
    if isinstance(line, Mapping):
        if lang is not None and lang in line:
            return str(line[lang])
        return str(next(iter(line.values()), ""))
    return "" if line is None else str(line)


def _lang_value(kind: str, saved: Any, lang: str) -> Any:
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
    is_default = info is not None and value is not None and value == _model_default(info)
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
