"""The shipped cookie database: known cookies derived from the Open Cookie Database.

``drafter/data/cookies/open-cookie-database.json`` is written by
``scripts/refresh_cookie_db.py`` (Apache-2.0 data; LICENSE and NOTICE sit next to it).
:func:`lookup` says what the database knows of a cookie name; :func:`category_group`
maps the database's categories onto drafter's cookie groups.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from drafter.model.types import CookieGroup

DATA_FILE = "cookies/open-cookie-database.json"


@dataclass(frozen=True)
class KnownCookie:
    """One database entry. A ``wildcard`` entry's ``name`` is a prefix: ``_ga_`` stands
    for ``_ga_<container-id>``. ``domain`` is empty when the database gives none."""

    name: str
    wildcard: bool
    vendor: str
    category: str
    retention: str
    description: str
    domain: str = ""


# The database's categories (its README, "Category Descriptions") as drafter's groups.
# Functional is "also known as technical, essential or strictly necessary" there; Security
# (anti-forgery, bot checks) and Necessary (a few rows use that word) mean the same.
# Personalization is "also known as preferences". The group is the database's claim, a
# hint for a reviewer: it files some analytics tools' own session cookies as Functional.
CATEGORY_GROUPS: dict[str, CookieGroup] = {
    "Functional": "strictly_necessary",
    "Necessary": "strictly_necessary",
    "Security": "strictly_necessary",
    "Personalization": "preferences",
    "Analytics": "analytics",
    "Marketing": "marketing",
}


def category_group(category: str) -> CookieGroup:
    """Drafter's cookie group for a database category; KeyError for an unknown one."""
    return CATEGORY_GROUPS[category]


def header() -> dict[str, str]:
    """The data file's header: source, commit, licence and attribution."""
    return dict(_document()["header"])


@cache
def load() -> tuple[KnownCookie, ...]:
    """Every entry of the shipped file, in its order (by name, then vendor)."""
    return tuple(KnownCookie(**entry) for entry in _document()["entries"])


def lookup(cookie_name: str) -> list[KnownCookie]:
    """The entries for a cookie name: exact matches first, then wildcard (prefix) entries
    whose prefix starts the name, the longest prefix first. Names are case-sensitive."""
    exact, prefixes, lengths = _index()
    found = list(exact.get(cookie_name, ()))
    for length in lengths:
        if length <= len(cookie_name):
            found += prefixes.get(cookie_name[:length], ())
    return found


@cache
def _document() -> dict[str, Any]:
    text = resources.files("drafter.data").joinpath(DATA_FILE).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _index() -> tuple[
    dict[str, tuple[KnownCookie, ...]], dict[str, tuple[KnownCookie, ...]], tuple[int, ...]
]:
    """Exact entries by name, wildcard entries by prefix, and the prefix lengths, longest
    first: a lookup costs one dict probe per distinct prefix length (a few dozen)."""
    exact: dict[str, list[KnownCookie]] = {}
    prefixes: dict[str, list[KnownCookie]] = {}
    for cookie in load():
        (prefixes if cookie.wildcard else exact).setdefault(cookie.name, []).append(cookie)
    lengths = tuple(sorted({len(p) for p in prefixes}, reverse=True))
    return (
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in prefixes.items()},
        lengths,
    )
