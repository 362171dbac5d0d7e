"""Load a profile file: YAML -> Profile, with every problem located and reported at once."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from drafter.catalog import Vendor, load_catalog
from drafter.errors import DrafterError, Problem
from drafter.law import load_law
from drafter.loading import Document, load_yaml, parse_yaml
from drafter.profile import Profile, rule_problems
from drafter.transfers import transfer_gaps
from drafter.validation import problems_from


@dataclass(frozen=True)
class LoadedProfile:
    """A valid profile with the catalog it was checked against."""

    profile: Profile
    doc: Document
    vendors: dict[str, Vendor]

    @property
    def file(self) -> str:
        return self.doc.file


def load_profile(path: str | Path, vendor_dirs: Iterable[Path] = ()) -> LoadedProfile:
    return validate_document(load_yaml(path), vendor_dirs)


def parse_profile(text: str, name: str = "<profile>", vendor_dirs: Iterable[Path] = ()) -> LoadedProfile:
    return validate_document(parse_yaml(text, name), vendor_dirs)


def validate_document(doc: Document, vendor_dirs: Iterable[Path] = ()) -> LoadedProfile:
    try:
        profile = Profile.model_validate(doc.data)
    except ValidationError as exc:
        raise DrafterError(problems_from(exc, doc, Profile)) from None
    problems = [doc.problem(loc, message) for loc, message in rule_problems(profile)]
    catalog = load_catalog(vendor_dirs)
    vendors, vendor_problems = resolve_vendors(profile, catalog, doc)
    problems += vendor_problems
    if not vendor_problems:
        problems += [doc.problem(loc, message) for loc, message in transfer_gaps(profile, vendors)]
    problems += _law_problems(profile, doc)
    if problems:
        raise DrafterError(sorted(problems, key=lambda p: (p.line or 0, p.path)))
    return LoadedProfile(profile, doc, vendors)


def resolve_vendors(
    profile: Profile, catalog: dict[str, Vendor], doc: Document
) -> tuple[dict[str, Vendor], list[Problem]]:
    """The vendors a profile uses, with its own custom vendors and overrides applied."""
    problems: list[Problem] = []
    available = {**catalog, **{v.id: v for v in profile.custom_vendors}}
    used: dict[str, Vendor] = {}
    for i, use in enumerate(profile.processors):
        vendor = available.get(use.vendor)
        if vendor is None:
            problems.append(doc.problem(("processors", i, "vendor"), _unknown_vendor(use.vendor, available)))
            continue
        if use.override is not None:
            try:
                vendor = use.override.apply(vendor)
            except ValidationError as exc:
                problems.append(doc.problem(("processors", i, "override"), _first(exc)))
                continue
        if use.vendor in used:
            problems.append(
                doc.problem(("processors", i, "vendor"), f"vendor {use.vendor!r} is listed twice")
            )
        used[use.vendor] = vendor
    for i, cookie in enumerate(profile.cookies):
        if cookie.vendor is not None and cookie.vendor not in available:
            problems.append(doc.problem(("cookies", i, "vendor"), _unknown_vendor(cookie.vendor, available)))
    return used, problems


def _unknown_vendor(ident: str, available: dict[str, Any]) -> str:
    import difflib

    close = difflib.get_close_matches(ident, sorted(available), n=1, cutoff=0.5)
    hint = f" (did you mean {close[0]!r}?)" if close else " (see `drafter vendors list`)"
    return f"unknown vendor {ident!r}{hint}"


def _first(exc: ValidationError) -> str:
    err = exc.errors(include_url=False)[0]
    return f"{'.'.join(str(x) for x in err['loc'])}: {err['msg']}"


def _law_problems(profile: Profile, doc: Document) -> list[Problem]:
    law = load_law()
    problems: list[Problem] = []
    country = profile.controller.address.country
    country_law = law.country(country)
    needs_authority = (profile.regimes.gdpr and law.in_eea(country)) or (
        profile.regimes.uk_gdpr and country == "GB"
    )
    if needs_authority and country_law is None and profile.supervisory_authority is None:
        problems.append(
            doc.problem(
                ("controller", "address", "country"),
                f"drafter has no supervisory-authority data for {country}; "
                "add 'supervisory_authority: {name: ..., url: ...}'",
            )
        )
    known = {r.id for r in country_law.retention} if country_law else set()
    for i, rule in enumerate(profile.retention):
        if rule.statutory is not None and rule.statutory not in known:
            options = ", ".join(sorted(known)) or "none"
            problems.append(
                doc.problem(
                    ("retention", i, "statutory"),
                    f"no statutory period {rule.statutory!r} for {country} (known: {options})",
                )
            )
    return problems
