"""Load a profile file: YAML -> Profile -> Facts, with every problem located and reported at once.

Problems come in three kinds, all reported together: the YAML itself (a duplicate key, a
refused tag), the schema (Pydantic: a wrong type, an unknown key) and the rules of the
registry (:mod:`drafter.legal.rules`), which run on the profile's facts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from pathlib import Path

from pydantic import ValidationError

from drafter.errors import DrafterError, Problem, format_path
from drafter.legal.facts import Facts, build_facts
from drafter.legal.rules import Finding, Stage, run_rules
from drafter.model.catalog import Vendor, load_catalog
from drafter.model.law import load_law
from drafter.model.messages import error_message, problems_from
from drafter.model.profile import Cookie, Profile
from drafter.model.yaml_source import Document, Loc, PartialDocument, load_yaml, parse_yaml


@dataclass(frozen=True)
class LoadedProfile:
    """A valid profile, the catalog vendors it uses, its facts and its warnings."""

    profile: Profile
    doc: Document
    vendors: dict[str, Vendor]
    facts: Facts
    warnings: tuple[Finding, ...] = field(default=())

    @property
    def file(self) -> str:
        return self.doc.file

    def last_updated_on(self, day: dt.date) -> LoadedProfile:
        """The same profile, its policy dated ``day`` (regenerate dates a changed policy)."""
        dates = self.profile.dates.model_copy(update={"last_updated": day})
        profile = self.profile.model_copy(update={"dates": dates})
        return replace(self, profile=profile, facts=replace(self.facts, profile=profile))


@dataclass(frozen=True)
class Examined:
    """A profile as ``check`` sees it: loaded if its input is sound, with every finding."""

    loaded: LoadedProfile | None
    problems: tuple[Problem, ...]  # YAML, schema and input-rule problems: the profile is bad input
    findings: tuple[Finding, ...]  # law-rule findings (errors and warnings)


def load_profile(
    path: str | Path, vendor_dirs: Iterable[Path] = (), *, catalog: Mapping[str, Vendor] | None = None
) -> LoadedProfile:
    """A profile with no error, or a DrafterError listing every one. ``catalog``, when
    given, is used instead of loading one from ``vendor_dirs`` (a batch loads it once)."""
    return _refuse_errors(examine(lambda: load_yaml(path), vendor_dirs, catalog))


def parse_profile(
    text: str,
    name: str = "<profile>",
    vendor_dirs: Iterable[Path] = (),
    *,
    catalog: Mapping[str, Vendor] | None = None,
) -> LoadedProfile:
    """:func:`load_profile` for text already read (``name`` is its file, for messages), so a
    caller can hash the very text it loads (regenerate reads each profile once)."""
    return _refuse_errors(examine(lambda: parse_yaml(text, name), vendor_dirs, catalog))


def examine_profile(
    path: str | Path,
    vendor_dirs: Iterable[Path] = (),
    stages: Sequence[Stage] = ("input", "law"),
    today: dt.date | None = None,
) -> Examined:
    return examine(lambda: load_yaml(path), vendor_dirs, None, stages, today)


def _refuse_errors(examined: Examined) -> LoadedProfile:
    errors = [f for f in examined.findings if f.level == "error"]
    if examined.problems or errors or examined.loaded is None:
        raise DrafterError(sorted([*examined.problems, *errors], key=lambda p: (p.line or 0, p.path)))
    return examined.loaded


def examine(
    read: Callable[[], Document],
    vendor_dirs: Iterable[Path] = (),
    catalog: Mapping[str, Vendor] | None = None,
    stages: Sequence[Stage] = ("input", "law"),
    today: dt.date | None = None,
) -> Examined:
    """Read, validate and run the rules; nothing is raised for a problem of the profile."""
    early: Sequence[Problem] = ()
    try:
        doc = read()
    except PartialDocument as exc:
        doc, early = exc.doc, exc.problems
    try:
        profile = Profile.model_validate(doc.data)
    except ValidationError as exc:
        return Examined(None, tuple(_all_problems(early, problems_from(exc, doc, Profile))), ())
    known = catalog if catalog is not None else load_catalog(vendor_dirs)
    vendors, unresolved = resolve_vendors(profile, known)
    facts = build_facts(profile, vendors, load_law(), unresolved)
    findings = run_rules(facts, doc, stages, today)
    bad_input = [f for f in findings if f.stage == "input" and f.level == "error"]
    law = tuple(f for f in findings if not (f.stage == "input" and f.level == "error"))
    problems = tuple(_all_problems(early, bad_input))
    if problems:
        return Examined(None, problems, law)
    warnings = tuple(f for f in law if f.level == "warning")
    return Examined(LoadedProfile(profile, doc, vendors, facts, warnings), (), law)


def _all_problems(early: Sequence[Problem], later: Sequence[Problem]) -> list[Problem]:
    """Every problem in line order; none about a value already reported while reading it."""

    def within(path: str, outer: str) -> bool:
        return path == outer or path.startswith((f"{outer}.", f"{outer}["))

    kept = [p for p in later if not any(within(p.path, e.path) for e in early if e.path)]
    return sorted([*early, *kept], key=lambda p: (p.line or 0, p.path))


def resolve_vendors(
    profile: Profile, catalog: Mapping[str, Vendor]
) -> tuple[dict[str, Vendor], list[tuple[Loc, str]]]:
    """The vendors a profile uses, with its own custom vendors and overrides applied, and
    what does not resolve (an unknown vendor, a broken override, a cookie it cannot list)."""
    problems: list[tuple[Loc, str]] = []
    custom = {v.id: v for v in profile.custom_vendors}
    for i, own in enumerate(profile.custom_vendors):
        if own.id in catalog:  # it would replace the catalog's facts silently
            problems.append(
                (
                    ("custom_vendors", i, "id"),
                    f"{own.id!r} is the id of a catalog vendor; to change its facts use 'override' "
                    "in its entry under 'processors' (or pick another id)",
                )
            )

    def available(ident: str) -> Vendor | None:  # the catalog is not copied: its vendors load when used
        return custom.get(ident) or catalog.get(ident)

    used: dict[str, Vendor] = {}
    for i, use in enumerate(profile.processors):
        vendor = available(use.vendor)
        if vendor is None:
            problems.append(
                (("processors", i, "vendor"), _unknown_vendor(use.vendor, catalog.keys() | custom.keys()))
            )
            continue
        if use.override is not None:
            try:
                vendor = use.override.apply(vendor)
            except ValidationError as exc:
                problems.append((("processors", i, "override"), _first(exc)))
                continue
        if use.vendor in used:
            problems.append((("processors", i, "vendor"), f"vendor {use.vendor!r} is listed twice"))
        used[use.vendor] = vendor
    for i, cookie in enumerate(profile.cookies):
        if cookie.vendor is None:
            continue
        cookie_vendor = used.get(cookie.vendor) or available(cookie.vendor)
        if cookie_vendor is None:
            problems.append(
                (("cookies", i, "vendor"), _unknown_vendor(cookie.vendor, catalog.keys() | custom.keys()))
            )
            continue
        used.setdefault(cookie.vendor, cookie_vendor)  # named in the cookie section, so used too
        gaps = _cookie_gaps(cookie, cookie_vendor)
        problems += [(("cookies", i, *loc), message) for loc, message in gaps]
    return used, problems


def _cookie_gaps(cookie: Cookie, vendor: Vendor) -> list[tuple[tuple[str, ...], str]]:
    """What a vendor's cookie entry lacks for the policy to list it (else it would vanish)."""
    if cookie.name is None and cookie.purpose is None:
        return []  # the vendor's cookies (of one group), from the catalog
    if any(vc.name == cookie.name for vc in vendor.cookies) or (cookie.group and cookie.purpose):
        return []
    if cookie.name is not None:
        return [
            (
                ("name",),
                f"{vendor.name} has no cookie {cookie.name!r} in the catalog; "
                "describe it with a group and a purpose",
            )
        ]
    return [(("group",), "a cookie described here needs its group (strictly_necessary, preferences, ...)")]


def _unknown_vendor(ident: str, names: AbstractSet[str]) -> str:
    import difflib

    close = difflib.get_close_matches(ident, sorted(names), n=1, cutoff=0.5)
    hint = (
        f" (did you mean {close[0]!r}?)"
        if close
        else "; it is not in drafter's vendor catalog: describe it under 'custom_vendors'"
    )
    return f"unknown vendor {ident!r}{hint}"


def _first(exc: ValidationError) -> str:
    err = exc.errors(include_url=False)[0]
    return f"{format_path(err['loc'])}: {error_message(err)}"
