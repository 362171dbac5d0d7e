"""Walk the declared questions over a profile being built or edited.

The profile is edited in place as ruamel.yaml's round-trip mappings, so a value the
person does not change keeps its place, its quoting and the comments around it, and
accepting every suggestion on ``--from`` gives back the same file. Each answer is
checked against the Pydantic field its key names before it is stored; a wrong answer is
refused at the prompt with the model's own message.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Mapping, MutableMapping, Sequence
from typing import Any, Protocol

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml.comments import CommentedMap

from drafter.model.catalog import Vendor
from drafter.model.law import LawData
from drafter.model.profile import Profile
from drafter.wizard.i18n import current, tr
from drafter.wizard.lists import Lists, Position
from drafter.wizard.profile_edit import (
    MISSING,
    Refused,
    adapter_for,
    ensure,
    lang_value,
    line_text,
    model_default,
    model_in,
    put,
    shown,
    split_list,
    styled,
    validated,
    walk,
)
from drafter.wizard.questions import Ask, Choice, Ctx, Each, Group, Item, Node, Repeat, Section, at

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


class Translated:
    """The prompter, with every declared text shown in the interface language."""

    def __init__(self, prompter: Prompter) -> None:
        self.inner = prompter
        self.heading = ""  # a part's title, shown before its first question (not for an empty part)

    def text(self, message: str, default: str, validate: Validate, help: str) -> str:
        self._heading()
        return self.inner.text(tr(message), default, validate, tr(help))

    def confirm(self, message: str, default: bool, help: str) -> bool:
        self._heading()
        return self.inner.confirm(tr(message), default, tr(help))

    def select(self, message: str, choices: Sequence[Choice], default: Any, help: str) -> Any:
        self._heading()
        return self.inner.select(tr(message), _translated(choices), default, tr(help))

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[Any], validate: Validate, help: str
    ) -> list[Any]:
        self._heading()
        return self.inner.checkbox(tr(message), _translated(choices), checked, validate, tr(help))

    def say(self, text: str) -> None:
        self._heading()
        self.inner.say(text)

    def _heading(self) -> None:
        heading, self.heading = self.heading, ""
        if heading:
            self.inner.say(heading)


_FRENCH_UNITS = {
    "minute": "minute",
    "heure": "hour",
    "jour": "day",
    "semaine": "week",
    "mois": "month",
    "an": "year",
    "année": "year",
    "annee": "year",
}
_UNIT_NAMES = {"minute": "minute", "hour": "heure", "day": "jour", "week": "semaine", "month": "mois"}


def english_duration(text: str) -> str:
    """A duration typed in French ("3 ans", "13 mois") as the profile writes it ("3 years");
    the French interface accepts both."""
    if current() != "fr":
        return text
    match = re.fullmatch(r"\s*(\d{1,4})\s*([a-zéè]+)\s*", text.lower())
    word = match[2] if match else ""
    word = word if word in _FRENCH_UNITS else word.removesuffix("s")
    if match and word in _FRENCH_UNITS:
        unit = _FRENCH_UNITS[word]
        return f"{match[1]} {unit}{'' if match[1] == '1' else 's'}"
    return text


def french_duration(text: str) -> str:
    """A profile's duration as the French interface shows it ("3 years" -> "3 ans")."""
    match = re.fullmatch(r"(\d+) (minute|hour|day|week|month|year)s?", text)
    if current() != "fr" or not match:
        return text
    n, unit = int(match[1]), match[2]
    if unit == "year":
        return f"{n} an" if n == 1 else f"{n} ans"
    name = _UNIT_NAMES[unit]
    return f"{n} {name}" if n == 1 or name == "mois" else f"{n} {name}s"


def _translated(choices: Sequence[Choice]) -> list[Choice]:
    return [Choice(c.value, tr(c.title), c.heading) for c in choices]


class Engine(Lists):
    def __init__(
        self,
        prompter: Prompter,
        catalog: Mapping[str, Vendor],
        law: LawData,
        today: dt.date,
        *,
        original: Mapping[str, Any] | None = None,
        resume: tuple[str, Position | None] | None = None,
        draft: bool = False,
    ) -> None:
        self.prompter: Translated = prompter if isinstance(prompter, Translated) else Translated(prompter)
        self.catalog = catalog
        self.law = law
        self.today = today.isoformat()
        self.original = copy.deepcopy(original) if original else {}  # as loaded, for comparisons
        # Editing a saved profile (not a draft): what it leaves out is the model's default,
        # not a suggestion meant for a new answer, so Enter everywhere changes nothing.
        self.editing_saved = bool(original) and resume is None and not draft
        self.resume_at: Position | None = resume[1] if resume else None
        self.stopped_at: Position | None = None  # the list item being answered at a stop
        self.section: str | None = None  # the part being answered (at a stop: where to resume)

    def run(self, root: CommentedMap, sections: Sequence[Section]) -> None:
        for section in sections:
            self.section = section.id
            self.prompter.heading = f"\n── {tr(section.title)} ──"
            self.nodes(section.nodes, root, Profile, self.context(root))
        self.prompter.heading = ""
        self.section = None

    def context(self, root: Item) -> Ctx:
        return Ctx(
            root,
            root,
            self.catalog,
            self.law,
            self.today,
            original=self.original,
            fresh=not self.editing_saved,
        )

    def nodes(self, nodes: Sequence[Node], item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        for node in nodes:
            if isinstance(node, Ask):
                self.ask(node, item, model, ctx)
            elif isinstance(node, Group):
                self.group(node, item, model, ctx)
            elif isinstance(node, Repeat):
                self.repeat(node, item, model, ctx)
            elif isinstance(node, Each):
                self.each(node, item, model, ctx)
            else:
                self.pick(node, item, model, ctx)

    # --- one question --------------------------------------------------------------

    def ask(self, q: Ask, item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        if q.when is not None and not q.when(ctx):
            if q.drop_when_skipped and at(item, q.key, MISSING) is not MISSING:
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
        saved = at(item, q.key, MISSING)
        implied = q.implied(ctx) if q.implied is not None else None
        if implied is not None and (saved == implied or (saved is MISSING and ctx.fresh)):
            if saved is MISSING:
                put(item, q.key, styled(copy.deepcopy(implied)), owners, info)
            return
        if saved is MISSING:
            # A list item read from the file has its answers: what it leaves out is the
            # model's default, not a suggestion for a new item (a rule with no start).
            fresh = ctx.fresh
            saved = q.suggest(ctx) if q.suggest is not None and fresh else model_default(info)
            if implied is not None and not fresh:
                saved, implied = implied, None  # offered, not imposed, on a saved profile
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
                    return tr("choose at least one (Space ticks, Enter confirms)")
                if q.every is not None and q.every in values and len(values) > 1:
                    return tr("tick {every!r} alone, or the others one by one").format(every=q.every)
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
                raise Refused(tr("an answer is needed here"))
            value: Any = text
            if kind == "int":
                try:
                    value = int(text)
                except ValueError:
                    raise Refused(tr("{text!r} is not a whole number").format(text=text)) from None
            elif kind == "countries":
                value = [part.strip() for part in split_list(text)]
            elif kind == "duration":
                value = english_duration(text)
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

        filled = french_duration(shown(saved)) if kind == "duration" else shown(saved)
        return convert(p.text(q.text, filled, validate_text, q.help))

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
            default = lang_value(q.kind, saved, lang)
            label = tr(q.text) if len(langs) == 1 else f"{tr(q.text)} [{lang}]"
            may_skip = optional and i == 0
            count = len(per_lang[langs[0]]) if q.kind == "prose_list" and i > 0 else None

            def convert(text: str, may_skip: bool = may_skip, count: int | None = count) -> Any:
                text = text.strip()
                if not text:
                    if may_skip:
                        return None
                    if optional:
                        raise Refused(tr("give this language too, as you did the first"))
                    raise Refused(tr("an answer is needed here"))
                if not listed:
                    return text
                items = [part.strip() for part in split_list(text)]
                if any(not part for part in items):
                    raise Refused(tr("an item is empty; check the commas"))
                if count is not None and len(items) != count:
                    raise Refused(tr("give {count} items, as in the first language").format(count=count))
                return items

            def validate(text: Any, convert: Callable[[str], Any] = convert) -> str | None:
                try:
                    convert(str(text))
                except Refused as exc:
                    return str(exc)
                return None

            help_text = q.help if i == 0 else ""
            filled = ", ".join(default) if isinstance(default, list) else (default or "")
            if isinstance(default, list) and any("," in x for x in default):
                filled = "; ".join(default)
            answer = convert(self.prompter.text(label, filled, validate, help_text))
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
                default = line_text(old, lang)
                label = tr("{question}, line {number}").format(question=tr(q.text), number=len(answers) + 1)
                label += f" [{lang}]" if lang else ""
                first = lang == langs[0]

                def validate(text: Any, first: bool = first) -> str | None:
                    return None if first or str(text).strip() else tr("give this line in each language")

                text = self.prompter.text(label, default, validate, q.help if not answers and first else "")
                if first and not text.strip():
                    break
                line[lang] = text.strip()
            if not line:
                break
            answers.append(line)
        before = [{lang: line_text(x, lang) for lang in langs} for x in lines]
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
