"""The wizard's lists: items kept or dropped, ready-made items offered in one checkbox,
vendors picked from the catalog, and where a stopped session resumes.

A finished item is stored in the profile as soon as it is finished, so Ctrl-C in the middle
of the next one loses nothing; the position of the item being answered is kept in
:attr:`Lists.stopped_at` for the draft file.
"""

from __future__ import annotations

import typing
from collections.abc import Callable, MutableMapping, Sequence
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from ruamel.yaml.comments import CommentedSeq

from drafter.wizard.i18n import tr
from drafter.wizard.profile_edit import model_in, put, styled, walk
from drafter.wizard.questions import Ask, Choice, Ctx, Each, Item, Node, Pick, Preset, Repeat, at

OTHER = "\x00other"  # the value of a list's "describe one of your own" choice

Position = tuple[str, int]  # a list's key and the index of an item among the list's own items


class Lists:
    """Mixed into the engine: ``prompter``, ``nodes`` and ``resume_at`` come from it."""

    prompter: Any
    resume_at: Position | None
    stopped_at: Position | None

    def nodes(self, nodes: Sequence[Node], item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        raise NotImplementedError

    # --- a list of items ----------------------------------------------------------

    def repeat(
        self, r: Repeat, item: Item, model: type[BaseModel], ctx: Ctx, *, describe_now: bool = False
    ) -> list[Item]:
        """Walk the list; the new items are returned (a Pick's ``other`` picks them).

        With ``describe_now`` (or ``keep`` empty), the saved items are not gone through."""
        if r.when is not None and not r.when(ctx):
            return []
        owners, info, item_model, full, mine = _list_at(model, item, r.key, r.match)
        resume = self._take_resume(r.key, len(mine))
        if r.help and resume is None and r.presets is None:  # with presets, the checkbox shows it
            self.prompter.say(tr(r.help))
        kept: list[Item] = []
        dropped: list[Item] = []
        new: list[Item] = []
        commit = _Committer(item, r.key, owners, info)
        stopped: list[Item] = []

        def answer(x: Item, only: tuple[str, ...] | None = None) -> None:
            others = [y for y in [*full, *new] if y is not x and isinstance(y, MutableMapping)]
            chosen = r.nodes if only is None else tuple(n for n in r.nodes if _key(n) in only)
            fresh = True if not any(x is y for y in mine) else None
            try:
                self.nodes(chosen, x, item_model, ctx.with_item(x, others, fresh=fresh))
            except (KeyboardInterrupt, EOFError):
                stopped.append(x)
                if not any(x is y for y in [*mine, *new]):
                    new.append(x)  # the item being answered is kept too, as far as it got
                raise

        try:
            for i, x in enumerate(mine if r.keep and not describe_now else []):
                if resume is not None and i < resume:
                    kept.append(x)  # finished before the stop: kept without asking again
                    continue
                if (resume is not None and i == resume) or self.prompter.confirm(
                    tr(r.keep).format(title=r.title(x, ctx)), True, ""
                ):
                    kept.append(x)
                    answer(x)
                else:
                    dropped.append(x)
                    commit(dropped, new)
            plain = True  # no ready-made items: "Describe one?" then "Another?"
            pending = describe_now  # "describe your own" was ticked: one is described at once
            if r.add and r.presets is not None and not describe_now:
                offered = r.presets(ctx, [*kept, *new])
                if offered:
                    plain = False
                    pending = self._presets(r, offered, ctx, new, answer)
                    commit(dropped, new)
            described = False
            while r.add:
                count = len(kept) + len(new)
                if count < r.min_items:
                    if r.at_least and not pending:
                        self.prompter.say(tr(r.at_least))
                    pending = False
                elif pending:
                    pending = False
                elif plain or described:
                    if not self.prompter.confirm(tr(r.another if count else r.first), False, ""):
                        break
                else:
                    break
                x = styled({})
                answer(x)
                new.append(x)
                described = True
                commit(dropped, new)
        except (KeyboardInterrupt, EOFError):
            commit(dropped, new)
            if stopped and self.stopped_at is None:
                own = [y for y in at(item, r.key) or [] if r.match is None or r.match(y)]
                self.stopped_at = (r.key, _index(own, stopped[0]))
            raise
        commit(dropped, new)
        return new

    def _presets(
        self,
        r: Repeat,
        offered: list[Preset],
        ctx: Ctx,
        new: list[Item],
        answer: Callable[..., None],
    ) -> bool:
        """One checkbox of ready-made items; True when "something else" was ticked."""
        choices = [Choice(p.value, p.title) for p in offered]
        choices.append(Choice(OTHER, r.other))
        checked = [p.value for p in offered if p.checked]

        def validate(values: Any) -> str | None:
            if r.min_items and not values and not (new or _has(ctx.item, r.key)):
                return tr("choose at least one, or the last choice to describe your own")
            return None

        picked = self.prompter.checkbox(tr(r.presets_text), choices, checked, validate, tr(r.help))
        for preset in offered:
            if preset.value in picked:
                x = styled(preset.item)
                new.append(x)  # before its questions: a stop among them keeps it
                if preset.ask is None or preset.ask:
                    self.prompter.say(tr("{title}:").format(title=r.title(x, ctx)))
                    answer(x, preset.ask)
        return OTHER in picked

    def _take_resume(self, key: str, count: int) -> int | None:
        if self.resume_at is None or self.resume_at[0] != key:
            return None
        index = self.resume_at[1]
        self.resume_at = None
        return index if 0 <= index <= count else None

    # --- items picked in one checkbox -----------------------------------------------

    def pick(self, k: Pick, item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        if k.when is not None and not k.when(ctx):
            return
        owners, info, item_model, _, mine = _list_at(model, item, k.key, k.match)
        saved = list(dict.fromkeys(x.get(k.by) for x in mine))
        checked = k.preselect(ctx, saved) if k.preselect is not None else saved
        choices = k.choices(ctx)
        known = {c.value for c in choices if not c.heading}
        choices = [*choices, *[Choice(v, str(v)) for v in saved if v not in known]]
        if k.other is not None:
            choices.append(Choice(OTHER, k.other_title))

        def validate(values: Any) -> str | None:
            values = [v for v in values if v != OTHER]
            return k.check(list(values), ctx) if k.check is not None else None

        picked = self.prompter.checkbox(tr(k.text), choices, checked, validate, tr(k.help))
        if OTHER in picked and k.other is not None:
            described = self.repeat(
                k.other, ctx.root, _root_model(), ctx.with_item(ctx.root), describe_now=True
            )
            picked = [*picked, *[x.get("id") for x in described if x.get("id")]]
        picked = [v for v in picked if v != OTHER]
        kept = [x for x in mine if x.get(k.by) in picked]
        new = [styled(k.make(v, ctx)) for v in picked if v not in saved]
        _Committer(item, k.key, owners, info)([x for x in mine if not any(x is y for y in kept)], new)
        for x in [*kept, *new]:
            if k.nodes:
                self.prompter.say(tr("{title}:").format(title=k.title(x, ctx)))
                fresh = True if not any(x is y for y in kept) else None
                self.nodes(k.nodes, x, item_model, ctx.with_item(x, fresh=fresh))

    def each(self, e: Each, item: Item, model: type[BaseModel], ctx: Ctx) -> None:
        if e.when is not None and not e.when(ctx):
            return
        _, annotation, _ = walk(model, e.key)
        item_model = model_in(typing.get_args(annotation)[0])
        assert item_model is not None, e.key
        items = [x for x in at(item, e.key) or [] if isinstance(x, MutableMapping)]
        if not items:
            return
        choices = [Choice(i, e.title(x, ctx)) for i, x in enumerate(items)]
        checked = [i for i, x in enumerate(items) if e.checked(x)]
        picked = self.prompter.checkbox(tr(e.text), choices, checked, lambda _: None, tr(e.help))
        for i, x in enumerate(items):
            if i in picked:
                self.prompter.say(tr("{title}:").format(title=e.title(x, ctx)))
                self.nodes(e.nodes, x, item_model, ctx.with_item(x))
            elif e.checked(x):
                for node in e.nodes:  # unticked: what it said is removed
                    if isinstance(node, Ask):
                        owners, _, node_info = walk(item_model, node.key)
                        put(x, node.key, None, owners, node_info)


def _list_at(
    model: type[BaseModel], item: Item, key: str, match: Callable[[Item], bool] | None
) -> tuple[list[type[BaseModel] | None], FieldInfo | None, type[BaseModel], list[Any], list[Item]]:
    """A list field: its owners and field info, its items' model, all its items, and those
    ``match`` picks (a list two questions share, such as cookies)."""
    owners, annotation, info = walk(model, key)
    args = typing.get_args(annotation)
    item_model = model_in(args[0]) if args else None
    assert item_model is not None, key
    full = at(item, key)
    full = full if isinstance(full, list) else []
    mine = [x for x in full if isinstance(x, MutableMapping) and (match is None or match(x))]
    return owners, info, item_model, full, mine


def _key(node: Node) -> str:
    return node.key


def _has(item: Item, key: str) -> bool:
    return bool(at(item, key))


def _root_model() -> type[BaseModel]:
    from drafter.model.profile import Profile

    return Profile


class _Committer:
    """Writes a list's changes into the profile at once: the dropped items out, the new ones
    appended, the others left in place."""

    def __init__(
        self, item: Item, key: str, owners: list[type[BaseModel] | None], info: FieldInfo | None
    ) -> None:
        self.item, self.key, self.owners, self.info = item, key, owners, info

    def __call__(self, dropped: list[Item], new: list[Item]) -> None:
        current = at(self.item, self.key)
        if not isinstance(current, list):
            if new:
                put(self.item, self.key, CommentedSeq(new), self.owners, self.info)
            return
        for x in dropped:
            index = _index(current, x)
            if index >= 0:
                del current[index]
        for x in new:
            if _index(current, x) < 0:
                current.append(x)
        if not current:
            put(self.item, self.key, None, self.owners, self.info)


def _index(items: list[Any], x: Any) -> int:
    return next((i for i, y in enumerate(items) if y is x), -1)
