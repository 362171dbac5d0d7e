"""The templates' own wording of codes and statements (``_words.j2``), for Python readers.

``record`` words codes as the policy does; ``check`` looks for the policy's statements.
Both read them here, so the words live in one place: the templates.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from drafter.render.environment import environment
from drafter.render.language import LanguageRecord
from drafter.render.markdown import plain_inline


@cache
def words(record: LanguageRecord) -> Any:
    """The module of ``_words.j2`` (dicts such as BASIS, RIGHT, ROLE; macros such as kept_for)."""
    return environment(record).get_template("_words.j2").module


@cache
def us_words(record: LanguageRecord) -> Any:
    """The module of ``_us_words.j2`` (CATEGORY, CCPA_RIGHT, STATE_RIGHT; the method macro)."""
    return environment(record).get_template("_us_words.j2").module


def plain(markdown: str) -> str:
    """A macro's Markdown output as plain text (its escapes undone)."""
    return plain_inline(str(markdown))
