"""The rules registry: every consistency rule, with its id, level, stage and fix.

A rule reads a profile's :class:`~drafter.legal.facts.Facts` and yields a :class:`Hit`
per place it is broken. :func:`run_rules` turns hits into :class:`Finding` objects, the
one result type of ``validate``, ``render``, ``check`` and the wizard:

- stage ``input``: the profile is malformed (an unknown id, a missing text). ``validate``
  and ``render`` refuse it; ``check`` reports it as bad input (exit 2).
- stage ``law``: the profile contradicts the law or drafter's law and vendor data. Errors
  are refused by ``validate`` and ``render``; ``check`` reports every one (exit 1).
- stage ``review``: a judgement at a date (a policy not reviewed for 12 months). Only
  ``check`` runs these, against ``--today``.

``--strict`` turns warnings into failures. Rules are defined in
:mod:`drafter.legal.input_rules`, :mod:`drafter.legal.law_rules` and
:mod:`drafter.legal.special_rules`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from drafter.errors import Problem, format_path
from drafter.model.yaml_source import Document

if TYPE_CHECKING:
    from drafter.legal.facts import Facts

# A note is for the reviewer (``check`` prints it); it never fails a check, even --strict.
Level = Literal["error", "warning", "note"]
Stage = Literal["input", "law", "review"]
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Hit:
    """One place a rule is broken: where, what, and (if not the rule's own) the fix."""

    loc: Loc
    message: str
    fix: str = ""


@dataclass(frozen=True)
class Finding(Problem):
    """A broken rule, located in the profile file. Printed as ``FILE:LINE: path: message``."""

    rule: str = ""
    level: Level = "error"
    stage: Stage = "input"
    fix: str = ""

    def __str__(self) -> str:
        return str(
            Problem(
                self.file, self.message + (f" (fix: {self.fix})" if self.fix else ""), self.line, self.path
            )
        )

    def report_line(self) -> str:
        """As ``check`` prints it: with the level and the rule id."""
        text = f"{self.level} [{self.rule}]: {self.message}" + (f" (fix: {self.fix})" if self.fix else "")
        return str(Problem(self.file, text, self.line, self.path))


Check = Callable[["Facts", dt.date], Iterable[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    stage: Stage
    fix: str
    check: Check
    doc: str


RULES: dict[str, Rule] = {}


def rule(id: str, level: Level, stage: Stage, fix: str = "") -> Callable[[Check], Check]:
    """Register a rule function; its docstring says what it protects."""

    def register(check: Check) -> Check:
        if id in RULES:
            raise ValueError(f"rule {id!r} is defined twice")
        RULES[id] = Rule(id, level, stage, fix, check, (check.__doc__ or "").strip())
        return check

    return register


# A rule about a field the file does not have points at the field the rule depends on.
_NEAR: dict[Loc, Loc] = {
    ("cookie_settings",): ("cookies",),
    ("eu_representative",): ("controller", "address", "country"),
}


def locate(doc: Document, loc: Loc) -> tuple[int | None, str]:
    """The line of ``loc``, or of its nearest ancestor in the file; a top-level field the
    file does not have is placed at the field the rule depends on."""
    for end in range(len(loc), 0, -1):
        line = doc.lines.get(tuple(loc[:end]))
        if line is not None:
            return line, format_path(loc)
    near = _NEAR.get(loc[:1])
    return doc.line_of(near) if near else doc.line_of(loc), format_path(loc)


def run_rules(
    facts: Facts, doc: Document, stages: Iterable[Stage] = ("input", "law"), today: dt.date | None = None
) -> list[Finding]:
    """Every finding of the rules of ``stages``, in the order of the profile's lines."""
    _load_definitions()
    wanted = set(stages)
    day = today or dt.date.today()
    findings: list[Finding] = []
    for r in RULES.values():
        if r.stage not in wanted:
            continue
        for hit in r.check(facts, day):
            line, path = locate(doc, hit.loc)
            findings.append(
                Finding(doc.file, hit.message, line, path, r.id, r.level, r.stage, hit.fix or r.fix)
            )
    return sorted(findings, key=lambda f: (f.line or 0, f.path))


def errors(findings: Iterable[Finding], strict: bool = False) -> list[Finding]:
    return [f for f in findings if f.level == "error" or (strict and f.level == "warning")]


def all_rules() -> Iterator[Rule]:
    _load_definitions()
    yield from RULES.values()


def _load_definitions() -> None:
    from drafter.legal import (  # noqa: F401  (registering is importing)
        claim_rules,
        input_rules,
        law_rules,
        special_rules,
        us_rules,
    )
