"""Load a profile file: YAML -> Profile, with every problem located and reported at once."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass
from pathlib import Path

from pydantic import ValidationError

from drafter.errors import DrafterError, Problem, format_path
from drafter.legal.transfers import transfer_gaps
from drafter.model.catalog import Vendor, load_catalog
from drafter.model.law import load_law
from drafter.model.messages import error_message, problems_from
from drafter.model.profile import Cookie, Profile, cookie_basis, rule_problems
from drafter.model.yaml_source import Document, Loc, PartialDocument, load_yaml, parse_yaml


@dataclass(frozen=True)
class LoadedProfile:
    """A valid profile with the catalog it was checked against."""

    profile: Profile
    doc: Document
    vendors: dict[str, Vendor]

    @property
    def file(self) -> str:
        return self.doc.file


def load_profile(
    path: str | Path, vendor_dirs: Iterable[Path] = (), *, catalog: Mapping[str, Vendor] | None = None
) -> LoadedProfile:
    """``catalog``, when given, is used instead of loading one from ``vendor_dirs`` (a batch
    of profiles loads it once)."""
    return _checked(lambda: load_yaml(path), vendor_dirs, catalog)


def parse_profile(text: str, name: str = "<profile>", vendor_dirs: Iterable[Path] = ()) -> LoadedProfile:
    return _checked(lambda: parse_yaml(text, name), vendor_dirs)


def _checked(
    read: Callable[[], Document], vendor_dirs: Iterable[Path], catalog: Mapping[str, Vendor] | None = None
) -> LoadedProfile:
    """Read and validate, reporting a duplicate key or a refused tag with every other problem."""
    try:
        doc = read()
    except PartialDocument as exc:
        return validate_document(exc.doc, vendor_dirs, early=exc.problems, catalog=catalog)
    return validate_document(doc, vendor_dirs, catalog=catalog)


def validate_document(
    doc: Document,
    vendor_dirs: Iterable[Path] = (),
    *,
    early: Sequence[Problem] = (),
    catalog: Mapping[str, Vendor] | None = None,
) -> LoadedProfile:
    """Validate parsed data; ``early`` problems (from reading the YAML) are reported too."""
    try:
        profile = Profile.model_validate(doc.data)
    except ValidationError as exc:
        raise _all_problems(early, problems_from(exc, doc, Profile)) from None
    problems = [_rule_problem(doc, loc, message) for loc, message in rule_problems(profile)]
    known = catalog if catalog is not None else load_catalog(vendor_dirs)
    vendors, vendor_problems = resolve_vendors(profile, known, doc)
    problems += vendor_problems
    if not vendor_problems:
        problems += [doc.problem(loc, message) for loc, message in transfer_gaps(profile, vendors)]
        problems += _catalog_consent_problems(profile, vendors, doc)
    problems += _law_problems(profile, doc)
    if problems or early:
        raise _all_problems(early, problems)
    return LoadedProfile(profile, doc, vendors)


def _all_problems(early: Sequence[Problem], later: Sequence[Problem]) -> DrafterError:
    """Every problem in line order; none about a value already reported while reading it."""

    def within(path: str, outer: str) -> bool:
        return path == outer or path.startswith((f"{outer}.", f"{outer}["))

    kept = [p for p in later if not any(within(p.path, e.path) for e in early if e.path)]
    return DrafterError(sorted([*early, *kept], key=lambda p: (p.line or 0, p.path)))


# A rule about a field the file does not have points at the field the rule depends on.
_NEAR: dict[Loc, Loc] = {
    ("cookie_settings",): ("cookies",),
    ("eu_representative",): ("controller", "address", "country"),
}


def _rule_problem(doc: Document, loc: Loc, message: str) -> Problem:
    near = _NEAR.get(loc)
    if near is not None and loc not in doc.lines:
        return Problem(doc.file, message, doc.line_of(near), format_path(loc))
    return doc.problem(loc, message)


def resolve_vendors(
    profile: Profile, catalog: Mapping[str, Vendor], doc: Document
) -> tuple[dict[str, Vendor], list[Problem]]:
    """The vendors a profile uses, with its own custom vendors and overrides applied."""
    problems: list[Problem] = []
    custom = {v.id: v for v in profile.custom_vendors}

    def available(ident: str) -> Vendor | None:  # the catalog is not copied: its vendors load when used
        return custom.get(ident) or catalog.get(ident)

    used: dict[str, Vendor] = {}
    for i, use in enumerate(profile.processors):
        vendor = available(use.vendor)
        if vendor is None:
            problems.append(
                doc.problem(
                    ("processors", i, "vendor"), _unknown_vendor(use.vendor, catalog.keys() | custom.keys())
                )
            )
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
        if cookie.vendor is None:
            continue
        cookie_vendor = used.get(cookie.vendor) or available(cookie.vendor)
        if cookie_vendor is None:
            problems.append(
                doc.problem(
                    ("cookies", i, "vendor"), _unknown_vendor(cookie.vendor, catalog.keys() | custom.keys())
                )
            )
            continue
        used.setdefault(cookie.vendor, cookie_vendor)  # named in the cookie section, so used too
        gaps = _cookie_gaps(cookie, cookie_vendor)
        problems += [doc.problem(("cookies", i, *loc), message) for loc, message in gaps]
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


def _catalog_consent_problems(profile: Profile, vendors: dict[str, Vendor], doc: Document) -> list[Problem]:
    """Cookies that need consent by the catalog's facts need a way to withdraw it too.

    :func:`drafter.profile.rule_problems` checks the bases the profile states; the bases
    below are those the policy states for a vendor's cookies (as :mod:`drafter.resolve` does).
    """
    settings = profile.cookie_settings
    if (settings and settings.withdraw) or any(cookie_basis(c) == "consent" for c in profile.cookies):
        return []  # nothing to withdraw, or already reported
    for i, c in enumerate(profile.cookies):
        vendor = vendors.get(c.vendor) if c.vendor else None
        if vendor is None:
            continue
        bases: set[str]
        if c.name is None and c.purpose is None:
            bases = {c.legal_basis or vc.legal_basis for vc in vendor.cookies if c.group in (None, vc.group)}
        else:
            match = next((vc for vc in vendor.cookies if vc.name == c.name), None)
            bases = {cookie_basis(c) or (match.legal_basis if match else "consent")}
        if "consent" in bases:
            message = (
                f"the cookies of {vendor.name} need consent; "
                "say how to withdraw it in 'cookie_settings.withdraw'"
            )
            return [doc.problem(("cookies", i), message)]
    return []


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
