"""The vocabulary the wizard's questions are declared in.

A question is data: where its answer goes in the profile (a dotted key), its text, its
kind, a help line, a ``when`` condition on earlier answers and, where the profile model
is not enough, an extra check. The engine (:mod:`drafter.wizard.engine`) validates each
answer against the Pydantic field the key names, so the model's rules are never
restated here. Adding a question is adding one entry to a module of
:mod:`drafter.wizard.sections`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from typing import Any, Literal

from drafter.choices import LANGS
from drafter.model.catalog import Vendor
from drafter.model.law import LawData

Kind = Literal[
    "text",  # one line of text: a name, an e-mail, a web address, an id
    "prose",  # profile prose: asked once per profile language
    "examples",  # a short list per language ("name, email address")
    "prose_list",  # a list of prose items, one list per language
    "lines",  # address lines: names, asked once unless they differ by language
    "countries",  # ISO country codes, comma-separated
    "int",
    "date",
    "duration",
    "confirm",
    "select",
    "checkbox",
    "flags",  # a checkbox whose choices are the yes/no fields of a sub-object
]

Item = MutableMapping[str, Any]


@dataclass
class Ctx:
    """What a condition, a default or a check may look at."""

    root: Item  # the whole profile as answered so far
    item: Item  # the mapping the current questions write into
    catalog: Mapping[str, Vendor]
    law: LawData
    today: str  # YYYY-MM-DD
    siblings: list[Item] = field(default_factory=list)  # the other items of the current list
    original: Mapping[str, Any] = field(default_factory=dict)  # the profile as it was loaded (edit)
    # New answers, which suggestions fill: False in a saved profile being edited, where what
    # the file leaves out is the model's default; True again inside an item added to a list.
    fresh: bool = True

    @property
    def langs(self) -> list[str]:
        langs = self.root.get("languages")
        if isinstance(langs, list) and langs and all(x in LANGS for x in langs):
            return list(dict.fromkeys(langs))
        return ["en"]

    @property
    def country(self) -> str:
        controller = self.root.get("controller") or {}
        address = controller.get("address") or {} if isinstance(controller, Mapping) else {}
        code = address.get("country") if isinstance(address, Mapping) else None
        return str(code) if code else ""

    @property
    def editing(self) -> bool:
        """A saved profile loaded with --from (not a draft, not one built from scratch)."""
        return not self.fresh

    def with_item(self, item: Item, siblings: list[Item] | None = None, *, fresh: bool | None = None) -> Ctx:
        return Ctx(
            self.root,
            item,
            self.catalog,
            self.law,
            self.today,
            siblings or [],
            self.original,
            self.fresh if fresh is None else fresh,
        )


Cond = Callable[[Ctx], bool]
Choices = Callable[[Ctx], list["Choice"]]


@dataclass(frozen=True)
class Choice:
    """One option of a select or checkbox; ``value is None`` with a title is a heading."""

    value: Any
    title: str
    heading: bool = False


@dataclass(frozen=True)
class Ask:
    key: str
    text: str
    kind: Kind = "text"
    help: str = ""
    optional: bool | Cond = False
    when: Cond | None = None
    choices: Choices | None = None
    suggest: Callable[[Ctx], Any] | None = None  # the default when nothing is saved yet
    check: Callable[[Any, Ctx], str | None] | None = None  # a rule beyond the field's own
    drop_when_skipped: bool = False  # remove a saved answer whose condition no longer holds
    help_from: Callable[[Ctx], str] | None = None  # a help line drawn from the answers or the law data
    every: Any = None  # a checkbox choice that means every one, stored alone instead of a list
    # An answer the earlier ones settle (None: they do not): stored without asking, unless a
    # different answer is saved already.
    implied: Callable[[Ctx], Any] | None = None


@dataclass(frozen=True)
class Group:
    """A sub-mapping, asked when ``when`` holds; with ``text``, only if the person says yes."""

    key: str
    nodes: tuple[Node, ...]
    text: str | None = None
    help: str = ""
    when: Cond | None = None
    always: bool = False  # create the mapping even when every answer is a default
    drop_when_skipped: bool = False  # remove a saved mapping whose condition no longer holds


@dataclass(frozen=True)
class Preset:
    """A ready-made item a list offers in one checkbox: ``item`` is stored as it is, then only
    the questions named in ``ask`` are asked about it (``None``: all of them)."""

    value: str  # names the choice (a data id, a cookie's use, a recipient kind)
    title: str
    item: dict[str, Any]
    checked: bool = False
    ask: tuple[str, ...] | None = ()


@dataclass(frozen=True)
class Repeat:
    """A list of mappings: each saved item is kept or dropped, then new ones are added.

    ``keep``, ``first`` and ``another`` are whole questions (``{title}`` is the item's title),
    so that each reads well once translated. With ``presets``, new items are first offered in
    one checkbox (``presets_text``), whose last choice ``other`` describes one of one's own.
    """

    key: str
    title: Callable[[Item, Ctx], str]
    nodes: tuple[Node, ...]
    keep: str
    first: str
    another: str
    help: str = ""
    when: Cond | None = None
    match: Callable[[Item], bool] | None = None  # the items of a shared list this repeat owns
    min_items: int = 0
    at_least: str = ""  # said when min_items are not reached yet
    presets: Callable[[Ctx, list[Item]], list[Preset]] | None = None  # given the items so far
    presets_text: str = ""
    other: str = ""
    add: bool = True  # False: only the saved items are gone through (new ones come elsewhere)


@dataclass(frozen=True)
class Pick:
    """A list of mappings keyed by one field, chosen in one checkbox (vendors)."""

    key: str
    by: str
    text: str
    choices: Choices
    make: Callable[[Any, Ctx], dict[str, Any]]
    title: Callable[[Item, Ctx], str]
    nodes: tuple[Node, ...] = ()
    help: str = ""
    when: Cond | None = None
    match: Callable[[Item], bool] | None = None
    preselect: Callable[[Ctx, list[Any]], list[Any]] | None = None  # saved values -> checked values
    check: Callable[[list[Any], Ctx], str | None] | None = None  # a rule on the values picked
    # A last choice ``other_title``: ticked, the repeat ``other`` describes new entries (in its
    # own list), whose ``id`` values are then picked too.
    other: Repeat | None = None
    other_title: str = ""


@dataclass(frozen=True)
class Each:
    """Questions about some of the items of a list, chosen in one checkbox (a note on a vendor)."""

    key: str
    text: str
    title: Callable[[Item, Ctx], str]
    nodes: tuple[Node, ...]
    checked: Callable[[Item], bool]
    help: str = ""
    when: Cond | None = None


Node = Ask | Group | Repeat | Pick | Each


@dataclass(frozen=True)
class Section:
    """A part of the wizard; ``keys`` are the top-level profile keys it answers, ``also`` the
    dotted keys of other parts whose problems it can settle too (regimes.ccpa: the CCPA facts)."""

    id: str
    title: str
    keys: tuple[str, ...]
    nodes: tuple[Node, ...]
    also: tuple[str, ...] = ()


def at(mapping: Any, dotted: str, default: Any = None) -> Any:
    """The value at a dotted key (``controller.address.country``), or ``default``."""
    value = mapping
    for part in dotted.split("."):
        if not isinstance(value, Mapping) or part not in value:
            return default
        value = value[part]
    return value


def first_text(value: Any, langs: list[str]) -> str:
    """A prose value shown in one language, for titles and choices: the interface's language
    when the value has it, else the profile's first."""
    from drafter.wizard.i18n import current

    if isinstance(value, Mapping):
        for lang in [current(), *langs, "en", "fr"]:
            if isinstance(value.get(lang), str):
                return str(value[lang])
        return ""
    return str(value) if value is not None else ""
