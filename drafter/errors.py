"""User-facing errors: every problem a person must fix, reported together.

The command line catches :class:`DrafterError` once, prints each problem as
``FILE:LINE: field.path: message`` and exits with status 2 — never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 70  # a bug in drafter (EX_SOFTWARE)
EXIT_INTERRUPTED = 130  # Ctrl-C


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can."""

    file: str
    message: str
    line: int | None = None
    path: str = ""

    def __str__(self) -> str:
        where = self.file if self.line is None else f"{self.file}:{self.line}"
        text = f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"
        return printable(text)


MAX_MESSAGE = 1000
# Characters a terminal acts on or that change how text reads: C0 and C1 controls, DEL,
# line and paragraph separators, bidirectional marks, embeddings, overrides and isolates,
# the byte-order mark, and lone surrogates (the stray bytes of a file name that is not UTF-8).
_UNSAFE = "\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff\ud800-\udfff"
_CONTROL = re.compile(f"[{_UNSAFE}]")
_CONTROL_BUT_LINES = re.compile(f"(?![\n\t])[{_UNSAFE}]")


def _escape(match: re.Match[str]) -> str:
    return match.group(0).encode("unicode_escape").decode("ascii")


def for_terminal(text: str) -> str:
    """Text as a terminal may show it: every character of ``_UNSAFE`` but newline and tab
    written as a visible escape (``\\x1b``, ``\\u202e``), so no output can move the cursor,
    retitle the window, reverse a line or forge a line of its own. The one function for
    everything drafter prints: reports, paths, names, diffs and messages."""
    return _CONTROL_BUT_LINES.sub(_escape, text)


def printable(text: str, limit: int = MAX_MESSAGE) -> str:
    """One line of safe text: newlines and tabs escaped too (see :func:`for_terminal`),
    and a message made of a huge input value cut short."""
    text = _CONTROL.sub(_escape, text)
    return text if len(text) <= limit else text[: limit - 1] + "…"


class DrafterError(Exception):
    """Raised with every problem found, so the user can fix them all at once."""

    def __init__(self, problems: Sequence[Problem] | Problem | str) -> None:
        if isinstance(problems, str):
            problems = [Problem(file="drafter", message=problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))

    @classmethod
    def combine(cls, errors: Iterable[DrafterError]) -> DrafterError:
        return cls([p for e in errors for p in e.problems])


def shown(value: object, limit: int = 60) -> str:
    """A user's value quoted for a message, cut short if long."""
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 2] + "…" + text[-1]


def format_path(loc: Iterable[str | int]) -> str:
    """``('purposes', 0, 'legal_basis')`` -> ``purposes[0].legal_basis``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
