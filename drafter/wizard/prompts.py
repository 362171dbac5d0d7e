"""The wizard's prompts, drawn by questionary (the only module that imports it).

Three things questionary does not do on its own, done here:

- a choice title wider than the terminal is wrapped onto indented lines (a list line
  is clipped at the right edge otherwise);
- a long list (more than :data:`FILTER_OVER` choices, or taller than the screen) is
  filtered by typing; its headings then become tags at the end of each title, because
  questionary filters headings out like any other line and, with them in the list,
  moves its pointer by the wrong index (it can even loop forever);
- once a list is answered, the line left on screen names the choices picked, instead of
  questionary's "done (5 selections)".
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Sequence
from typing import Any

import questionary
from prompt_toolkit import print_formatted_text
from prompt_toolkit.application.current import get_app_session
from prompt_toolkit.formatted_text import FormattedText
from questionary.styles import merge_styles_default

from drafter.errors import for_terminal, printable
from drafter.wizard.engine import Validate
from drafter.wizard.i18n import ntr, tr
from drafter.wizard.questions import Choice

FILTER_OVER = 12  # lists with more choices than this are filtered by typing
SHORT = 40  # the widest a picked choice is named on the answer line
_SELECT_INDENT = 3  # questionary's pointer column: " » "
_CHECKBOX_INDENT = 5  # the pointer column and the tick: " » ○ "
_ROOM = 4  # screen lines a list prompt needs besides its choices (help, question, filter)


class QuestionaryPrompter:
    """Asks with questionary; Ctrl-C raises KeyboardInterrupt and Ctrl-D EOFError."""

    def text(self, message: str, default: str, validate: Validate, help: str) -> str:
        self._help(help)

        def check(text: str) -> bool | str:
            problem = validate(text)
            return True if problem is None else problem

        return str(questionary.text(message, default=default, validate=check).unsafe_ask())

    def confirm(self, message: str, default: bool, help: str) -> bool:
        """y or n only chooses and Enter answers, so no keypress spills into the next question."""
        self._help(help)
        hint = tr("(Y/n, y: yes)") if default else tr("(y/N, y: yes)")
        question = questionary.confirm(
            message, default=default, auto_enter=False, instruction=hint, erase_when_done=True
        )
        return bool(_ask_then_show(question, message, lambda a: tr("Yes") if a else tr("No")))

    def select(self, message: str, choices: Sequence[Choice], default: Any, help: str) -> Any:
        self._help(help)
        options = [c for c in choices if not c.heading]
        titles = [printable(c.title) for c in options]  # profile text: escaped like all output
        # Values are indexes as text: questionary takes None as "no value" and wants str.
        items = [questionary.Choice(_wrap(t, _SELECT_INDENT), value=str(i)) for i, t in enumerate(titles)]
        default_item = next(
            (item for item, c in zip(items, options, strict=True) if c.value == default), None
        )
        extra: dict[str, Any] = {"instruction": "(" + tr("arrows move, Enter picks") + ")"}
        if _long(titles, _SELECT_INDENT):
            extra = {
                "use_search_filter": True,
                "use_jk_keys": False,
                "instruction": "(" + tr("type to filter, arrows move, Enter picks") + ")",
            }
        question = questionary.select(
            message, choices=items, default=default_item, erase_when_done=True, **extra
        )
        answer = _ask_then_show(question, message, lambda a: titles[int(a)])
        return options[int(answer)].value

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[Any], validate: Validate, help: str
    ) -> list[Any]:
        self._help(help)
        if not any(not c.heading for c in choices):
            return []
        filtered = _long([c.title for c in choices if not c.heading], _CHECKBOX_INDENT)
        items: list[questionary.Choice | questionary.Separator] = []
        values: list[Any] = []
        titles: list[str] = []
        heading = ""
        for c in choices:
            if c.heading:
                heading = printable(c.title)
                if not filtered:
                    items.append(questionary.Separator(f"── {heading}"))
                continue
            title = printable(c.title)  # profile text: escaped like all output
            shown = f"{title} [{heading}]" if filtered and heading else title
            value = str(len(values))
            items.append(
                questionary.Choice(_wrap(shown, _CHECKBOX_INDENT), value=value, checked=c.value in checked)
            )
            values.append(c.value)
            titles.append(title)

        def check(indexes: list[str]) -> bool | str:
            problem = validate([values[int(i)] for i in indexes])
            return True if problem is None else problem

        extra: dict[str, Any] = {"instruction": "(" + tr("arrows move, Space ticks, Enter confirms") + ")"}
        if filtered:
            extra = {
                "use_search_filter": True,
                "use_jk_keys": False,
                "instruction": "(" + tr("type to filter, Space ticks, Enter confirms") + ")",
            }
        question = questionary.checkbox(message, choices=items, validate=check, erase_when_done=True, **extra)
        answer = _ask_then_show(question, message, lambda a: _picked([titles[int(i)] for i in a], message))
        return [values[int(i)] for i in answer]

    def say(self, text: str) -> None:
        text = for_terminal(text)  # it may show typed paths and profile text
        questionary.print(text, style="bold" if text.lstrip().startswith("──") else "")

    def _help(self, help: str) -> None:
        if help:
            questionary.print(f"  {for_terminal(help)}", style="fg:ansibrightblack")


def _columns() -> int:
    return max(get_app_session().output.get_size().columns, 20)


def _rows() -> int:
    return max(get_app_session().output.get_size().rows, 5)


def _wrap(title: str, indent: int) -> str:
    """The title cut at spaces to fit the terminal, its later lines under its first."""
    width = max(_columns() - indent - 1, 10)  # the last column is kept free: terminals wrap there
    if len(title) <= width:
        return title
    lines = textwrap.wrap(title, width, break_on_hyphens=False) or [title]
    return ("\n" + " " * indent).join(lines)


def _long(titles: Sequence[str], indent: int) -> bool:
    """More choices than a person scans by eye, or than the screen shows at once."""
    lines = sum(_wrap(t, indent).count("\n") + 1 for t in titles)
    return len(titles) > FILTER_OVER or lines + _ROOM > _rows()


def _short(title: str) -> str:
    """A choice named briefly: the part before its explanation ("Stripe: payments" is Stripe)."""
    for cut in (": ", " ("):
        head = title.split(cut, 1)[0]
        if head and head != title:
            title = head
            break
    return textwrap.shorten(title, SHORT, placeholder="…")


def _picked(titles: Sequence[str], message: str) -> str:
    """The answer line of a checkbox: the choices picked, as many as fit on it."""
    if not titles:
        return tr("none")
    names = [_short(t) for t in titles]
    room = _columns() - len(message) - 4
    for count in range(len(names), 0, -1):
        line = ", ".join(names[:count])
        if count < len(names):
            line = tr("{names} and {count} more").format(names=line, count=len(names) - count)
        if len(line) <= room:
            return line
    return ntr("{count} picked", "{count} picked", len(names)).format(count=len(names))


def _ask_then_show(question: questionary.Question, message: str, describe: Callable[[Any], str]) -> Any:
    """Ask (the prompt is erased when done), then leave a line naming the answer.

    The line is printed after Ctrl-C or Ctrl-D too, without an answer, so the question
    stays on screen; profile text in it is escaped (it bypasses prompt_toolkit's screen).
    """
    answer: Any = None
    try:
        answer = question.unsafe_ask()
    finally:
        tokens = [("class:qmark", "?"), ("class:question", f" {printable(message)} ")]
        if answer is not None:
            tokens.append(("class:answer", printable(describe(answer))))
        print_formatted_text(FormattedText(tokens), style=merge_styles_default([]))
    return answer
