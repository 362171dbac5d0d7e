"""``drafter vendors list | show``: the vendor catalog as readable text.

``show`` says where each fact comes from: a field that a user catalog folder or a
profile's ``processors[].override`` changed is marked, so nobody mistakes an override
for drafter's own catalog. A user folder's names and file names are not trusted: each
line is made :func:`~drafter.errors.printable` (one line, every control and bidi
character shown as an escape), so a vendor cannot forge a line or drive the terminal.
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import get_args

from drafter.errors import DrafterError, Problem, printable
from drafter.legal.decisions import vendor_role
from drafter.model.catalog import (
    FACT_FIELDS,
    Category,
    Entity,
    Source,
    Vendor,
    builtin_catalog,
    load_vendor_dir,
)

MECHANISMS = {
    "adequacy": "adequacy decision",
    "dpf": "EU-US Data Privacy Framework",
    "scc": "standard contractual clauses",
    "bcr": "binding corporate rules",
    "derogation": "derogation (Art. 49 GDPR)",
}
LABELS = {
    "name": "name",
    "category": "category",
    "description": "description",
    "privacy_url": "privacy policy",
    "entities": "entities",
    "processing_countries": "processing countries",
    "dpf_certified": "EU-US Data Privacy Framework",
    "transfer_mechanism": "transfer mechanism",
    "data_received": "data received",
    "cookies": "cookies",
    "own_purposes": "own purposes",
    "domains": "domains",
    "sources": "sources",
}


@dataclass
class Sourced:
    """A vendor's facts, and which file changed which of its fields."""

    vendor: Vendor
    origin: str = "built-in catalog"  # the file that first defines the vendor
    changed: dict[str, str] = field(default_factory=dict)  # field -> "(overridden ...)"
    overridden_by: list[str] = field(default_factory=list)  # user catalog files that changed it


def sourced_catalog(vendor_dirs: Iterable[Path] = ()) -> dict[str, Sourced]:
    """The catalog as ``load_catalog`` builds it (later folders win), with each fact's source."""
    catalog = {ident: Sourced(v) for ident, v in builtin_catalog().items()}
    for folder in vendor_dirs:
        if not folder.is_dir():
            raise DrafterError(Problem(str(folder), "vendor catalog folder not found"))
        for ident, vendor in load_vendor_dir(folder).items():
            where = str(folder / f"{ident}.yaml")
            before = catalog.get(ident)
            if before is None:
                catalog[ident] = Sourced(vendor, origin=where)
                continue
            differences = _differences(before.vendor, vendor)
            changed = {**before.changed, **{f: f"(overridden by {where})" for f in differences}}
            files = [*before.overridden_by, where] if differences else before.overridden_by
            catalog[ident] = Sourced(vendor, before.origin, changed, files)
    return catalog


def _differences(before: Vendor, after: Vendor) -> list[str]:
    return [f for f in LABELS if _field(before, f) != _field(after, f)]


def _field(v: Vendor, name: str) -> object:
    if name == "sources":  # as each fact's source reads, whichever way the file gives it
        return {fact: v.source_of(fact) for fact in FACT_FIELDS}
    return getattr(v, name)


def checked_label(v: Vendor) -> str:
    """``2026-12-03``: the oldest check of its facts; ``unverified`` if none was checked."""
    day = v.checked_on()
    if day is None:
        return "unverified"
    return day.isoformat() + (" (some unverified)" if v.unverified_facts() else "")


def transfer_label(vendor: Vendor) -> str:
    """``DPF, SCC``: how transfers outside the EEA are covered, in short."""
    parts = ["DPF"] if vendor.dpf_certified else []
    if vendor.transfer_mechanism is not None:
        mechanism = vendor.transfer_mechanism
        parts.append(mechanism.upper() if mechanism in {"scc", "bcr", "dpf"} else mechanism)
    return ", ".join(dict.fromkeys(parts)) or "-"


def list_lines(vendor_dirs: Sequence[Path] = (), category: str | None = None) -> list[str]:
    """One aligned line per vendor: id, name, category, transfer safeguard, checked on."""
    categories: tuple[str, ...] = get_args(Category)
    if category is not None and category not in categories:
        close = difflib.get_close_matches(category, categories, n=1, cutoff=0.5)
        hint = f"did you mean {close[0]!r}?" if close else f"known: {', '.join(categories)}"
        raise DrafterError(Problem("drafter", f"vendors: unknown category {category!r} ({hint})"))
    catalog = sourced_catalog(vendor_dirs)
    rows = []
    for ident, item in sorted(catalog.items()):
        v = item.vendor
        if category is not None and v.category != category:
            continue
        note = f"from {item.origin}" if item.origin != "built-in catalog" else ""
        if item.overridden_by:
            note = ", ".join([*([note] if note else []), f"overridden by {', '.join(item.overridden_by)}"])
        cells = [ident, v.name, v.category, transfer_label(v), checked_label(v), note]
        rows.append([printable(cell) for cell in cells])
    if not rows:
        return []
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]
    return [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=False)).rstrip()
        + (f"  ({row[-1]})" if row[-1] else "")
        for row in rows
    ]


def show_lines(ident: str, vendor_dirs: Sequence[Path] = (), profile: str | None = None) -> list[str]:
    """Every fact of one vendor, each overridden field marked with where it was overridden."""
    catalog = sourced_catalog(vendor_dirs)
    note = ""
    if profile is not None:
        item, note = _with_profile(catalog, ident, profile, vendor_dirs)
    elif ident in catalog:
        item = catalog[ident]
    else:
        raise DrafterError(Problem("drafter", f"vendors: {_unknown(ident, catalog)}"))
    return [printable(line) for line in _describe(item, note)]


def _with_profile(
    catalog: dict[str, Sourced], ident: str, profile: str, vendor_dirs: Sequence[Path]
) -> tuple[Sourced, str]:
    """The vendor as the profile uses it: its custom vendor, or the catalog's with its override."""
    from drafter.legal.load import load_profile

    loaded = load_profile(profile, vendor_dirs, catalog={i: s.vendor for i, s in catalog.items()})
    custom = {v.id: v for v in loaded.profile.custom_vendors}
    if ident in custom:
        item = Sourced(custom[ident], origin=f"custom vendor in {profile}")
    elif ident in catalog:
        item = catalog[ident]
    else:
        raise DrafterError(Problem("drafter", f"vendors: {_unknown(ident, {**catalog, **custom})}"))
    used = loaded.vendors.get(ident)
    if used is None:
        return item, f"{profile} does not use this vendor"
    mark = f"(overridden in {profile})"
    changed = {**item.changed, **{f: mark for f in _differences(item.vendor, used)}}
    return Sourced(used, item.origin, changed, item.overridden_by), f"as used by {profile}"


def _unknown(ident: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(ident, sorted(known), n=1, cutoff=0.5)
    hint = f"did you mean {close[0]!r}?" if close else "see 'drafter vendors list'"
    return f"unknown vendor {ident!r} ({hint})"


def _describe(item: Sourced, note: str) -> Iterator[str]:
    v = item.vendor
    yield f"{v.id}: {v.name}"
    yield f"  source: {item.origin}" + (f" ({note})" if note else "")
    for name, label in LABELS.items():
        mark = f"  {item.changed[name]}" if name in item.changed else ""
        value, block = _value(v, name)
        yield f"  {label}: {value}{mark}".rstrip() if value else f"  {label}:{mark}"
        yield from (f"    {line}" for line in block)


def _value(v: Vendor, name: str) -> tuple[str, list[str]]:
    """A field as one line of text, or an empty line and the lines of a block."""
    if name == "description":
        return "", [f"en: {v.description.en}", f"fr: {v.description.fr}"]
    if name == "entities":
        return "", [f"{region}: {_entity(e)}" for region, e in v.entities.items()]
    if name == "cookies":
        if not v.cookies:
            return "none", []
        lines = []
        for c in v.cookies:
            lines.append(f"{c.name}: {c.party} party, {c.group}, {c.duration}, legal basis {c.legal_basis}")
            lines += [f"  en: {c.purpose.en}", f"  fr: {c.purpose.fr}"]
        return "", lines
    if name == "processing_countries":
        return ", ".join(v.processing_countries), []
    if name == "data_received":
        return ", ".join(v.data_received), []
    if name == "dpf_certified":
        return ("certified" if v.dpf_certified else "not certified"), []
    if name == "transfer_mechanism":
        m = v.transfer_mechanism
        return (f"{m} ({MECHANISMS[m]})" if m else "none"), []
    if name == "own_purposes":
        role = vendor_role(v.own_purposes)
        return ("yes (also an independent controller)" if role == "controller" else "no (processor only)"), []
    if name == "domains":
        return (", ".join(v.domains) or "none given"), []
    if name == "sources":
        return "", [f"{fact}: {_source(v.source_of(fact))}" for fact in FACT_FIELDS]
    return str(getattr(v, name)), []


def _source(source: Source) -> str:
    if source.unverified:
        return f"{source.url} (unverified: written without reading it)"
    assert source.checked is not None
    return f"{source.url} (checked {source.checked.isoformat()})"


def _entity(e: Entity) -> str:
    return f"{e.name}, {e.address}, {e.country}"


def stale_lines(vendor_dirs: Sequence[Path], days: int, today: dt.date) -> list[str]:
    """The facts not checked in the last ``days`` days, by vendor, for a review cycle:
    those checked earlier, with their age, and those never checked (written from memory),
    each with the document to compare it with."""
    lines: list[str] = []
    for ident, item in sorted(sourced_catalog(vendor_dirs).items()):
        old = dict(item.vendor.checked_before(today - dt.timedelta(days=days)))
        due = []
        for fact in FACT_FIELDS:
            source = item.vendor.source_of(fact)
            if source.checked is None:
                due.append(f"  {fact}: never checked, {source.url}")
            elif fact in old:
                age = (today - old[fact]).days
                due.append(f"  {fact}: checked {old[fact].isoformat()} ({age} days ago), {source.url}")
        if due:
            lines += [printable(f"{ident}: {item.vendor.name}"), *map(printable, due)]
    return lines
