"""Drive the real questionary prompts through prompt_toolkit's pipe input, like a person.

Answers are matched to questions by a regular expression on the question text, in order:
each rule answers the first question it matches, once. A question no rule matches gets
Enter, which accepts the pre-filled answer. Before typing, the driver checks the answer
would be accepted, so a refused answer fails the test at once instead of waiting forever.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from prompt_toolkit.application import create_app_session
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from drafter.wizard.engine import Validate
from drafter.wizard.prompts import QuestionaryPrompter
from drafter.wizard.questions import Choice
from drafter.wizard.session import Outcome, session

ENTER, DOWN, UP, SPACE, CLEAR = "\r", "\x1b[B", "\x1b[A", " ", "\x15"  # Ctrl-U clears the line


@dataclass(frozen=True)
class Retry:
    """Answers typed one after another at the same prompt: all but the last are refused."""

    answers: tuple[str, ...]


@dataclass(frozen=True)
class Stop:
    """Press Ctrl-C at this question (or, with ``eof=True``, close the input: end of file)."""

    eof: bool = False


class KeyPrompter(QuestionaryPrompter):
    def __init__(self, pipe: Any, rules: Sequence[tuple[str, Any]]) -> None:
        self.pipe = pipe
        self.rules = list(rules)
        self.asked: list[str] = []
        self.refused: list[tuple[str, str, str]] = []  # question, answer, reason shown
        self.said: list[str] = []

    def _take(self, message: str) -> tuple[bool, Any]:
        self.asked.append(message)
        for i, (pattern, answer) in enumerate(self.rules):
            if re.search(pattern, message):
                del self.rules[i]
                if isinstance(answer, Stop):
                    if answer.eof:
                        self.pipe.close()  # stdin closed: prompt_toolkit raises EOFError
                    else:
                        self.pipe.send_text("\x03")
                return True, answer
        return False, None

    def text(self, message: str, default: str, validate: Validate, help: str) -> str:
        found, answer = self._take(message)
        if isinstance(answer, Stop):
            return super().text(message, default, validate, help)
        attempts = list(answer.answers) if isinstance(answer, Retry) else [answer] if found else []
        keys = ""
        for bad in attempts[:-1]:
            reason = validate(bad)
            assert reason is not None, f"{message!r}: {bad!r} was expected to be refused"
            self.refused.append((message, bad, reason))
            keys += CLEAR + bad + ENTER
        final = attempts[-1] if attempts else default
        reason = validate(final)
        assert reason is None, f"{message!r}: {final!r} refused: {reason}"
        keys += (CLEAR + final + ENTER) if attempts else ENTER
        self.pipe.send_text(keys)
        return super().text(message, default, validate, help)

    def confirm(self, message: str, default: bool, help: str) -> bool:
        found, answer = self._take(message)
        if not isinstance(answer, Stop):
            self.pipe.send_text((("y" if answer else "n") + ENTER) if found else ENTER)
        return super().confirm(message, default, help)

    def select(self, message: str, choices: Sequence[Choice], default: Any, help: str) -> Any:
        found, answer = self._take(message)
        if not isinstance(answer, Stop):
            options = [c.value for c in choices if not c.heading]
            start = options.index(default) if default in options else 0
            target = options.index(answer) if found else start
            moves = DOWN * (target - start) if target >= start else UP * (start - target)
            self.pipe.send_text(moves + ENTER)
        return super().select(message, choices, default, help)

    def checkbox(
        self, message: str, choices: Sequence[Choice], checked: Sequence[Any], validate: Validate, help: str
    ) -> list[Any]:
        found, answer = self._take(message)
        if not isinstance(answer, Stop):
            options = [c.value for c in choices if not c.heading]
            wanted = list(answer) if found else [v for v in options if v in checked]
            missing = [v for v in wanted if v not in options]
            assert not missing, f"{message!r}: no choice {missing}"
            reason = validate(wanted)
            assert reason is None, f"{message!r}: {wanted!r} refused: {reason}"
            keys, position = "", 0
            for i, value in enumerate(options):
                if (value in wanted) != (value in checked):
                    keys += DOWN * (i - position) + SPACE
                    position = i
            self.pipe.send_text(keys + ENTER)
        return super().checkbox(message, choices, checked, validate, help)

    def say(self, text: str) -> None:
        self.said.append(text)
        super().say(text)


TODAY = dt.date(2026, 11, 22)


def drive(
    rules: Sequence[tuple[str, Any]],
    *,
    output: Path | None = None,
    source: Path | None = None,
    vendor_dirs: Sequence[Path] = (),
) -> tuple[Outcome, KeyPrompter]:
    """One wizard session answered by ``rules`` through the real questionary prompts."""
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=DummyOutput()):
        prompter = KeyPrompter(pipe, rules)
        outcome = session(prompter, output=output, source=source, today=TODAY, vendor_dirs=vendor_dirs)
    return outcome, prompter
