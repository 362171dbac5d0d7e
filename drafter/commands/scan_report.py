"""What ``drafter scan`` saw, mapped to vendors and compared with the profile.

Vendors are recognised by host (a catalog vendor's ``domains``: the host is one of them or
a sub-domain of one) and by cookie: the profile's own cookie entries first, then a cookie
on a vendor's domain, then a catalog vendor's cookie of the same party by name (``<...>``
in a catalog name stands for any text: ``_ga_<container-id>`` matches ``_ga_ABC123``),
then the Open Cookie Database (:mod:`drafter.cookie_db`) for cookies no catalog vendor
lists. A host two vendors share (Google's tag manager) counts for the one the profile
declares, else for those with evidence of their own, else for each of them.

With a profile, four kinds of finding: a vendor seen but not declared; a cookie that is
neither the profile's nor a declared vendor's; a declared cookie never seen; a cookie
that needs consent (drafter's rule: :mod:`drafter.legal.decisions`, under the profile's
laws) set before consent. Every string the site chose is made printable, on one line.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Literal

from drafter import cookie_db
from drafter.commands.scan import Observation, SeenCookie, SeenHost, observe
from drafter.commands.scan_snippet import snippet_for
from drafter.errors import EXIT_FINDINGS, EXIT_OK, printable
from drafter.legal import decisions
from drafter.legal.facts import CookieFacts, cookies_need_consent
from drafter.legal.load import LoadedProfile
from drafter.model.catalog import Vendor, VendorCookie, load_catalog
from drafter.model.profile import Cookie

Kind = Literal["undeclared_vendor", "undeclared_cookie", "declared_cookie_not_seen", "consent_before_consent"]
KINDS: dict[Kind, str] = {
    "undeclared_vendor": "undeclared vendor",
    "undeclared_cookie": "undeclared cookie",
    "declared_cookie_not_seen": "declared cookie not seen",
    "consent_before_consent": "needs consent, set before consent",
}
_PLACEHOLDER = re.compile(r"<[^<>]*>")


@dataclass(frozen=True)
class KnownCookie:
    """What is known of a cookie the scan saw."""

    vendor: Vendor | None  # a catalog (or the profile's own) vendor
    vendor_name: str | None  # its name, or the cookie database's vendor
    group: str | None
    source: str  # profile | catalog | cookie database | unknown
    declared: bool  # the profile's cookie, or a cookie of a vendor the profile declares
    needs_consent: bool  # under the profile's laws (the ePrivacy rules without one)
    description: str | None = None
    catalog_cookie: VendorCookie | None = None


@dataclass(frozen=True)
class Evidence:
    what: Literal["host", "cookie"]
    value: str
    page: str
    phase: str


@dataclass
class FoundVendor:
    vendor: Vendor
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def pages(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(e.page for e in self.evidence))


@dataclass(frozen=True)
class ScanFinding:
    kind: Kind
    subject: str
    message: str
    pages: tuple[str, ...] = ()


@dataclass
class ScanReport:
    seen: Observation
    profile: str | None
    vendors: list[FoundVendor]
    cookies: list[tuple[SeenCookie, KnownCookie]]
    unknown_hosts: list[SeenHost]
    findings: list[ScanFinding]
    snippet: str | None
    declared: frozenset[str] = frozenset()  # the vendors the profile declares

    @property
    def exit_code(self) -> int:
        return EXIT_FINDINGS if self.findings else EXIT_OK


def scan_command(
    url: str,
    profile: str | None = None,
    pages: int = 1,
    accept: str | None = None,
    vendor_dirs: Sequence[Path] = (),
) -> ScanReport:
    """Check the inputs (the profile loads before the browser starts), scan, compare."""
    from drafter.commands.scan import check_url
    from drafter.legal.load import load_profile

    url = check_url(url)
    catalog = load_catalog(vendor_dirs)
    loaded = load_profile(profile, vendor_dirs, catalog=catalog) if profile is not None else None
    return compare(observe(url, pages, accept), catalog, loaded)


def run_scan(
    url: str, profile: str | None, pages: int, accept: str | None, as_json: bool, vendor_dirs: Sequence[Path]
) -> int:
    """``drafter scan``: the report on standard output; 0 no findings, 1 findings."""
    from drafter.console import show, show_document

    report = scan_command(url, profile, pages, accept, vendor_dirs)
    if as_json:
        show_document(report_json(report))
    else:
        show(report_text(report))
    return report.exit_code


def compare(seen: Observation, catalog: Mapping[str, Vendor], loaded: LoadedProfile | None) -> ScanReport:
    known = _Known(catalog, loaded)
    cookies = [(c, known.cookie(c, seen.first_party(c.domain))) for c in seen.cookies]
    vendors = known.vendors_found(seen, cookies)
    unknown = [h for h in seen.hosts if not seen.first_party(h.host) and not known.for_host(h.host)]
    findings: list[ScanFinding] = []
    snippet = None
    if loaded is not None:
        undeclared = [v for v in vendors if v.vendor.id not in known.declared]
        findings = _findings(seen, undeclared, cookies, known)
        extra = [(c, k) for c, k in cookies if not k.declared]
        snippet = snippet_for(loaded, [v.vendor for v in undeclared], extra)
    profile = loaded.file if loaded else None
    return ScanReport(seen, profile, vendors, cookies, unknown, findings, snippet, frozenset(known.declared))


class _Known:
    """The vendors and cookies a scan can recognise, and what the profile declares."""

    def __init__(self, catalog: Mapping[str, Vendor], loaded: LoadedProfile | None) -> None:
        self.vendors: dict[str, Vendor] = dict(catalog.items())
        self.declared: set[str] = set()
        self.own: list[CookieFacts] = []
        self.eprivacy, self.consent_tool = True, False
        if loaded is not None:
            self.vendors.update({v.id: v for v in loaded.profile.custom_vendors})
            self.vendors.update(loaded.vendors)  # with the profile's overrides
            self.declared = set(loaded.vendors)
            self.own = [c for c in loaded.facts.cookies if c.name]
            settings = loaded.profile.cookie_settings
            self.eprivacy = loaded.facts.laws.eprivacy
            self.consent_tool = bool(settings and settings.consent_tool)
        self._by_name = {v.name.casefold(): v for v in self.vendors.values()}

    def for_host(self, host: str) -> list[Vendor]:
        host = host.lower().strip(".")
        return [
            v
            for _, v in sorted(self.vendors.items())
            if any(host == d or host.endswith(f".{d}") for d in v.domains)
        ]

    def cookie(self, seen: SeenCookie, first_party: bool) -> KnownCookie:
        own = next((c for c in self.own if c.name and matches(c.name, seen.name)), None)
        if own is not None:
            name = own.vendor.name if own.vendor else None
            return KnownCookie(own.vendor, name, own.group, "profile", True, own.needs_consent)
        vendor, listed = self._vendor_cookie(seen, first_party)
        database = next(iter(cookie_db.lookup(seen.name)), None)
        group = listed.group if listed else _group(database)
        description = listed.purpose.en if listed else database.description if database else None
        if vendor is None and database is not None:
            vendor = self._by_name.get(database.vendor.casefold())
        if listed is not None and vendor is not None:
            entry = Cookie.model_validate({"vendor": vendor.id, "name": listed.name})
            needs = cookies_need_consent([entry], {vendor.id: vendor}, self.eprivacy, self.consent_tool)
        else:
            basis = decisions.cookie_basis(None, group, None)
            needs = decisions.cookie_needs_consent(basis, self.eprivacy, self.consent_tool)
        source = "catalog" if vendor is not None else "cookie database" if database else "unknown"
        name = vendor.name if vendor else database.vendor if database else None
        declared = vendor is not None and vendor.id in self.declared
        return KnownCookie(vendor, name, group, source, declared, needs, description, listed)

    def _vendor_cookie(
        self, seen: SeenCookie, first_party: bool
    ) -> tuple[Vendor | None, VendorCookie | None]:
        """The vendor whose domain set the cookie, else one that lists it by name (same party)."""
        by_domain = self._prefer(self.for_host(seen.domain)) if not first_party else None
        if by_domain is not None:
            return by_domain, next((c for c in by_domain.cookies if matches(c.name, seen.name)), None)
        party = "first" if first_party else "third"
        listing = [
            (v, c)
            for _, v in sorted(self.vendors.items())
            for c in v.cookies
            if c.party == party and matches(c.name, seen.name)
        ]
        declared = [pair for pair in listing if pair[0].id in self.declared]
        return next(iter(declared or listing), (None, None))

    def _prefer(self, vendors: list[Vendor]) -> Vendor | None:
        return next((v for v in vendors if v.id in self.declared), vendors[0] if vendors else None)

    def vendors_found(
        self, seen: Observation, cookies: list[tuple[SeenCookie, KnownCookie]]
    ) -> list[FoundVendor]:
        found: dict[str, FoundVendor] = {}
        shared: list[tuple[SeenHost, list[Vendor]]] = []
        for cookie, known in cookies:
            if known.vendor is not None:
                item = found.setdefault(known.vendor.id, FoundVendor(known.vendor))
                item.evidence.append(Evidence("cookie", cookie.name, cookie.page, cookie.phase))
        for host in seen.hosts:
            candidates = self.for_host(host.host)
            if len(candidates) > 1:
                shared.append((host, candidates))
            for vendor in candidates[:1] if len(candidates) == 1 else []:
                found.setdefault(vendor.id, FoundVendor(vendor)).evidence.append(
                    Evidence("host", host.host, host.page, host.phase)
                )
        for host, candidates in shared:
            chosen = (
                [v for v in candidates if v.id in self.declared]
                or [v for v in candidates if v.id in found]
                or candidates
            )
            for vendor in chosen:
                item = found.setdefault(vendor.id, FoundVendor(vendor))
                item.evidence.insert(0, Evidence("host", host.host, host.page, host.phase))
        for item in found.values():
            item.evidence.sort(key=lambda e: (e.phase != "before", e.what != "host"))
        return sorted(found.values(), key=lambda f: f.vendor.id)


def matches(pattern: str, name: str) -> bool:
    """Whether a cookie name fits a catalog or profile name, ``<...>`` standing for any text."""
    return _regex(pattern).fullmatch(name) is not None


@lru_cache(maxsize=1024)
def _regex(pattern: str) -> re.Pattern[str]:
    parts = _PLACEHOLDER.split(pattern)
    return re.compile(".+".join(re.escape(part) for part in parts), re.DOTALL)


def _group(entry: cookie_db.KnownCookie | None) -> str | None:
    if entry is None:
        return None
    try:
        return cookie_db.category_group(entry.category)
    except KeyError:
        return None


# -- findings ---------------------------------------------------------------------------


def _findings(
    seen: Observation,
    undeclared: list[FoundVendor],
    cookies: list[tuple[SeenCookie, KnownCookie]],
    known: _Known,
) -> list[ScanFinding]:
    out = []
    for item in undeclared:
        v = item.vendor
        out.append(
            ScanFinding(
                "undeclared_vendor",
                v.id,
                f"{v.name} ({v.id}, {v.category}) is not in the profile: {_evidence(item.evidence)}",
                item.pages,
            )
        )
    for cookie, k in cookies:
        if not k.declared:
            out.append(
                ScanFinding(
                    "undeclared_cookie",
                    cookie.name,
                    f"{cookie.name} ({_cookie_facts(cookie, k, seen)}) is not in the profile; "
                    f"set on {cookie.page}{_after(cookie.phase)}",
                    (cookie.page,),
                )
            )
    out += _not_seen(seen, cookies, known)
    for cookie, k in cookies:
        if cookie.phase == "before" and k.needs_consent:
            group = k.group or "group unknown, so treated as needing consent"
            out.append(
                ScanFinding(
                    "consent_before_consent",
                    cookie.name,
                    f"{cookie.name} ({group}) needs consent but was set before any consent, on {cookie.page}",
                    (cookie.page,),
                )
            )
    return out


def _not_seen(
    seen: Observation, cookies: list[tuple[SeenCookie, KnownCookie]], known: _Known
) -> list[ScanFinding]:
    names = [c.name for c, _ in cookies]
    pages = sum(v.loaded for v in seen.visits)
    out = []
    for name, entry in {c.name: c for c in known.own if c.name}.items():
        if any(matches(name, n) for n in names):
            continue
        if entry.needs_consent and seen.accept is not None:
            why = "before or after the --accept click"
        elif entry.needs_consent:
            why = (
                "it is set only with consent, which a scan before consent cannot see (try --accept SELECTOR)"
            )
        else:
            why = (
                f"on the {pages} page{'s' if pages != 1 else ''} scanned, before consent "
                "(a scan sees no page behind a login, nor a cookie set only after an interaction)"
            )
        out.append(ScanFinding("declared_cookie_not_seen", name, f"{name} was not seen: {why}"))
    return out


def _evidence(evidence: Iterable[Evidence]) -> str:
    """``host a, cookies b, c on PAGE; cookie d on PAGE (after consent)``."""
    grouped: dict[tuple[str, str], dict[str, list[str]]] = {}
    for e in evidence:
        kinds = grouped.setdefault((e.page, e.phase), {})
        values = kinds.setdefault(e.what, [])
        if e.value not in values:
            values.append(e.value)
    return "; ".join(
        ", ".join(
            f"{what}{'s' if len(values) > 1 else ''} {', '.join(values)}" for what, values in kinds.items()
        )
        + f" on {page}{_after(phase)}"
        for (page, phase), kinds in grouped.items()
    )


def _after(phase: str) -> str:
    return " (after consent)" if phase == "after" else ""


def _cookie_facts(cookie: SeenCookie, k: KnownCookie, seen: Observation) -> str:
    party = "first party" if seen.first_party(cookie.domain) else "third party"
    parts = [cookie.domain, cookie.lifetime, party]
    if k.vendor_name:
        parts.append(k.vendor_name)
    parts.append(k.group or "group unknown")
    return ", ".join(parts)


# -- output -----------------------------------------------------------------------------


def report_text(report: ScanReport) -> str:
    seen = report.seen
    count = len(seen.visits)
    lines = [f"scan of {seen.url} (site {seen.site}; {count} page{'s' if count != 1 else ''})"]
    for visit in seen.visits:
        status = f"HTTP {visit.status}" if visit.status is not None else "not loaded"
        lines.append(f"page {visit.url}: {status}" + (f" ({visit.note})" if visit.note else ""))
    phases = [("before", "before consent")]
    if seen.accept is not None:
        phases.append(("after", f"after clicking {seen.accept!r} (new items only)"))
    for phase, title in phases:
        lines.append(f"{title}:")
        lines += [f"  {line}" for line in _found_lines(report, phase)] or ["  nothing"]
    if report.profile is not None:
        lines.append(f"findings against {report.profile}:")
        lines += [f"  {KINDS[f.kind]}: {f.message}" for f in report.findings] or ["  none"]
    if report.snippet:
        lines.append(f"to add to {report.profile} (each entry under the key of the same name):")
        lines += [f"  {line}" for line in report.snippet.splitlines()]
    if report.profile is not None:
        count = len(report.findings)
        lines.append(f"{count} finding{'s' if count != 1 else ''}")
    return "".join(f"{printable(line)}\n" for line in lines)


def _found_lines(report: ScanReport, phase: str) -> list[str]:
    seen = report.seen
    lines = []
    for item in report.vendors:
        evidence = [e for e in item.evidence if e.phase == phase]
        if evidence:
            v = item.vendor
            declared = (
                ""
                if report.profile is None
                else ", declared"
                if v.id in report.declared
                else ", NOT declared"
            )
            lines.append(f"vendor {v.id} ({v.name}, {v.category}{declared}): {_evidence(evidence)}")
    for cookie, k in report.cookies:
        if cookie.phase == phase:
            by = f"{k.vendor_name}, " if k.vendor_name else ""
            note = f"{by}{k.group or 'group unknown'} ({k.source})"
            party = "first party" if seen.first_party(cookie.domain) else "third party"
            lines.append(
                f"cookie {cookie.name} ({cookie.domain}{cookie.path}, {cookie.lifetime}, {party}): {note}"
            )
    for stored in seen.storage:
        if stored.phase == phase:
            lines.append(f"{stored.area} {stored.key} ({stored.origin})")
    for host in report.unknown_hosts:
        if host.phase == phase:
            lines.append(f"third-party host {host.host} (no catalog vendor) on {host.page}")
    return lines


def report_json(report: ScanReport) -> str:
    seen = report.seen

    def found(phase: str) -> dict[str, object]:
        return {
            "vendors": [
                {
                    "id": item.vendor.id,
                    "name": item.vendor.name,
                    "category": item.vendor.category,
                    "evidence": [
                        {"what": e.what, "value": e.value, "page": e.page}
                        for e in item.evidence
                        if e.phase == phase
                    ],
                }
                for item in report.vendors
                if any(e.phase == phase for e in item.evidence)
            ],
            "cookies": [
                {
                    "name": c.name,
                    "domain": c.domain,
                    "path": c.path,
                    "expires": c.expires,
                    "lifetime": c.lifetime,
                    "party": "first" if seen.first_party(c.domain) else "third",
                    "page": c.page,
                    "vendor": k.vendor.id if k.vendor else None,
                    "vendor_name": k.vendor_name,
                    "group": k.group,
                    "source": k.source,
                    "declared": k.declared if report.profile is not None else None,
                    "needs_consent": k.needs_consent,
                }
                for c, k in report.cookies
                if c.phase == phase
            ],
            "storage": [
                {"area": s.area, "key": s.key, "origin": s.origin, "page": s.page}
                for s in seen.storage
                if s.phase == phase
            ],
            "hosts": [
                {"host": h.host, "party": "first" if seen.first_party(h.host) else "third", "page": h.page}
                for h in seen.hosts
                if h.phase == phase
            ],
            "unknown_third_party_hosts": sorted({h.host for h in report.unknown_hosts if h.phase == phase}),
        }

    payload = {
        "url": seen.url,
        "site": seen.site,
        "profile": report.profile,
        "pages": [{"url": v.url, "status": v.status, "note": v.note} for v in seen.visits],
        "found": {
            "before_consent": found("before"),
            "after_consent": found("after") if seen.accept else None,
        },
        "accept": seen.accept,
        "findings": {
            kind: [
                {"subject": f.subject, "message": f.message, "pages": list(f.pages)}
                for f in report.findings
                if f.kind == kind
            ]
            for kind in KINDS
        }
        if report.profile is not None
        else None,
        "snippet": report.snippet,
    }
    return json.dumps(payload, indent=2, ensure_ascii=False) + "\n"
