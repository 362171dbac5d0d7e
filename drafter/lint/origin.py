"""Where a piece of rendered text most likely comes from: a template line, the profile, the catalog.

Rendering does not keep a map from output to template, so the gate searches the sources
for the line that shares the longest run of words with the text around a finding.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_JINJA = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}", re.DOTALL)
_WORD = re.compile(r"[\w'’]+")


@dataclass(frozen=True)
class SourceLine:
    where: str  # "templates/fr/rights.md.j2:12"
    words: tuple[str, ...]


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.lower().replace("’", "'") for w in _WORD.findall(text))


class SourceIndex:
    """The lines of every file a policy's wording can come from."""

    def __init__(self, files: list[tuple[str, Path]]) -> None:
        self.lines: list[SourceLine] = []
        for label, path in files:
            text = path.read_text(encoding="utf-8")
            if path.suffix == ".j2":
                text = _JINJA.sub(lambda m: "\n" * m.group(0).count("\n"), text)
            for number, line in enumerate(text.splitlines(), start=1):
                words = _words(line)
                if words:
                    self.lines.append(SourceLine(f"{label}:{number}", words))

    def locate(self, word: str, context: str) -> str | None:
        """The source line holding ``word`` that best matches ``context``, if any."""
        target = _words(word)
        context_words = _words(context)
        best: tuple[int, str] | None = None
        for line in self.lines:
            if target and not _contains(line.words, target):
                continue
            score = _longest_run(line.words, context_words)
            if best is None or score > best[0]:
                best = (score, line.where)
                if score == len(context_words):
                    break  # no later line can do better, and a tie keeps the first
        return best[1] if best else None


def _contains(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    n = len(part)
    return any(words[i : i + n] == part for i in range(len(words) - n + 1))


def _longest_run(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """The longest run of words ``a`` and ``b`` share, in time linear in ``len(a)``.

    ``b`` is the short context of a finding; ``a`` may be a whole profile line of thousands
    of words. The table of common runs is kept sparse, by the positions in ``b`` of each
    word: the full table cost ``len(a) * len(b)`` steps for every finding, and ``lint-text``
    took 119 s on 25 KB of words without a sentence break.
    """
    positions: dict[str, list[int]] = {}
    for j, y in enumerate(b):
        positions.setdefault(y, []).append(j)
    best = 0
    previous: dict[int, int] = {}  # position in b -> length of the run ending there
    for x in a:
        current = {j: previous.get(j - 1, 0) + 1 for j in positions.get(x, ())}
        if current:
            best = max(best, *current.values())
            if best == len(b):
                break  # the whole of b: no run can be longer
        previous = current
    return best
