"""The wizard's prompts, drawn by questionary (the only module that imports it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import questionary

from drafter.errors import for_terminal
from drafter.wizard.engine import Validate
from drafter.wizard.questions import Choice


class QuestionaryPrompter:
    """Asks with questionary; Ctrl-C raises KeyboardInterrupt and Ctrl-D EOFError."""

    def text(self, message: str, default: str, validate: Validate, help: str) -> str:
        self._help(help)

        def check(text: str) -> bool | str:
            problem = validate(text)
            return True if problem is None else problem

        return str(questionary.text(message, default=default, validate=check).unsafe_ask())

    def confirm(self, message: str, default: bool, help: str) -> bool:
        self._help(help)
        return bool(questionary.confirm(message, default=default).unsafe_ask())

    def select(self, message: str, choices: Sequence[Choice], default: Any, help: str) -> Any:
        self._help(help)
        options = [c for c in choices if not c.heading]
        # Values are indexes as text: questionary takes None as "no value" and wants str.
        items = [questionary.Choice(c.title, value=str(i)) for i, c in enumerate(options)]
        default_item = next(
            (item for item, c in zip(items, options, strict=True) if c.value == default), None
        )
        answer = questionary.select(message, choices=items, default=default_item).unsafe_ask()
        return options[int(answer)].value

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[Any], validate: Validate, help: str
    ) -> list[Any]:
        self._help(help)
        items: list[questionary.Choice | questionary.Separator] = []
        values: list[Any] = []
        for c in choices:
            if c.heading:
                items.append(questionary.Separator(f"── {c.title}"))
                continue
            items.append(questionary.Choice(c.title, value=str(len(values)), checked=c.value in checked))
            values.append(c.value)
        if not values:
            return []

        def check(indexes: list[str]) -> bool | str:
            problem = validate([values[int(i)] for i in indexes])
            return True if problem is None else problem

        answer = questionary.checkbox(message, choices=items, validate=check).unsafe_ask()
        return [values[int(i)] for i in answer]

    def say(self, text: str) -> None:
        text = for_terminal(text)  # it may show typed paths and profile text
        questionary.print(text, style="bold" if text.lstrip().startswith("──") else "")

    def _help(self, help: str) -> None:
        if help:
            questionary.print(f"  {for_terminal(help)}", style="fg:ansibrightblack")
