"""``drafter check``: is each policy complete, and is its profile consistent?

Completeness is proved on the rendered text, not on the profile: for each requirement
that applies (:mod:`drafter.requirements`), a section that carries it must be present in
the policy as rendered, in every language checked. Consistency rules are the
contradictions a privacy lawyer would catch on review; each finding names the profile
line it concerns and a fix. A profile that does not load at all is a finding too.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Literal

from drafter.errors import DrafterError
from drafter.legal.load import LoadedProfile, load_profile
from drafter.model.law import load_law
from drafter.model.profile import cookie_basis
from drafter.model.requirements import Requirement, applicable
from drafter.model.types import Lang
from drafter.render.policy import render_policy
from drafter.render.sections import HEADER_REQUIREMENTS, SECTIONS

Level = Literal["error", "warning"]
STALE_DAYS = 365  # catalog facts and CCPA policies: reviewed at least every 12 months
CNIL_COOKIE_MONTHS = 13
CNIL_DATA_MONTHS = 25


@dataclass(frozen=True)
class Finding:
    level: Level
    rule: str
    file: str
    line: int | None
    path: str
    message: str
    fix: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.path}: " if self.path else f"{where}: "
        return f"{text}{self.level} [{self.rule}]: {self.message}" + (
            f" (fix: {self.fix})" if self.fix else ""
        )


@dataclass(frozen=True)
class RequirementStatus:
    id: str
    regime: str
    reference: str
    text: str
    met: dict[Lang, list[str]]  # language -> sections carrying it in the rendered policy

    @property
    def ok(self) -> bool:
        return all(self.met.values())


@dataclass
class ProfileCheck:
    file: str
    langs: list[str]
    requirements: list[RequirementStatus] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    loaded: bool = True  # False: the profile did not load; its findings are the problems

    def passed(self, strict: bool) -> bool:
        bad_levels = {"error", "warning"} if strict else {"error"}
        return all(r.ok for r in self.requirements) and not any(f.level in bad_levels for f in self.findings)


def check_profile(
    path: str | Path,
    langs: Sequence[Lang] | None = None,
    *,
    today: dt.date | None = None,
    vendor_dirs: Iterable[Path] = (),
    template_root: Path | None = None,
) -> ProfileCheck:
    try:
        loaded = load_profile(path, vendor_dirs)
    except DrafterError as exc:
        result = ProfileCheck(str(path), list(langs or []), loaded=False)
        result.findings = [
            Finding("error", "valid", p.file, p.line, p.path, p.message, "see 'drafter validate'")
            for p in exc.problems
        ]
        return result
    chosen = [lang for lang in (langs or loaded.profile.languages) if lang in loaded.profile.languages]
    result = ProfileCheck(loaded.file, list(chosen))
    result.requirements = requirement_statuses(loaded, chosen, template_root)
    result.findings = list(consistency_findings(loaded, today or dt.date.today()))
    return result


def requirement_statuses(
    loaded: LoadedProfile, langs: Sequence[Lang], template_root: Path | None = None
) -> list[RequirementStatus]:
    carriers: dict[str, list[str]] = {}
    for section in SECTIONS:
        for rid in section.requirements:
            carriers.setdefault(rid, []).append(section.id)
    present = {
        lang: set(render_policy(loaded, lang, template_root=template_root).section_ids) for lang in langs
    }
    statuses = []
    for req in applicable(loaded):
        met = {}
        for lang in langs:
            where = [s for s in carriers.get(req.id, []) if s in present[lang]]
            if req.id in HEADER_REQUIREMENTS:
                where.insert(0, "header")
            met[lang] = where
        statuses.append(RequirementStatus(req.id, req.regime, req.reference, req.text, met))
    return statuses


# --- consistency rules -------------------------------------------------------------------


def consistency_findings(loaded: LoadedProfile, today: dt.date) -> Iterator[Finding]:
    p = loaded.profile
    doc = loaded.doc
    law = load_law()

    def finding(level: Level, rule: str, loc: tuple[str | int, ...], message: str, fix: str) -> Finding:
        problem = doc.problem(loc, message)
        return Finding(level, rule, problem.file, problem.line, problem.path, message, fix)

    # Cookies: tracking declared strictly necessary; consent-exempt analytics (CNIL).
    for i, cookie in enumerate(p.cookies):
        vendor = loaded.vendors.get(cookie.vendor or "")
        tracking = vendor is not None and vendor.category in ("analytics", "advertising", "social")
        if cookie.group == "strictly_necessary" and tracking:
            yield finding(
                "error",
                "cookie-not-necessary",
                ("cookies", i, "group"),
                f"cookies of {vendor.name if vendor else cookie.vendor} measure or advertise; they are not "
                "strictly necessary",
                "use group 'analytics' or 'marketing', which need consent",
            )
        exempt = cookie.group == "analytics" and cookie_basis(cookie) != "consent"
        if exempt:
            if cookie.duration is not None and cookie.duration.approx_months > CNIL_COOKIE_MONTHS + 0.01:
                yield finding(
                    "error",
                    "cnil-exempt-analytics",
                    ("cookies", i, "duration"),
                    f"consent-exempt audience measurement lasts {cookie.duration}; the CNIL allows 13 months",
                    "shorten it to 13 months, or ask for consent (legal_basis: consent)",
                )
            if vendor is not None and vendor.own_purposes:
                yield finding(
                    "error",
                    "cnil-exempt-analytics",
                    ("cookies", i, "vendor"),
                    f"{vendor.name} also uses the data for its own purposes, so its measurement needs "
                    "consent",
                    "set legal_basis: consent for this cookie",
                )
    # Retention: statutory minimum of the controller's country.
    country_law = law.country(p.controller.address.country)
    statutory = {r.id: r for r in country_law.retention} if country_law else {}
    for i, rule in enumerate(p.retention):
        minimum = statutory.get(rule.statutory or "")
        if (
            minimum is not None
            and rule.period is not None
            and rule.period.approx_days < minimum.period.approx_days - 1
        ):
            yield finding(
                "error" if minimum.id == "invoices" else "warning",
                "statutory-retention",
                ("retention", i, "period"),
                f"{rule.period} is shorter than the {minimum.period} {minimum.reference.en} sets for "
                f"{minimum.label.en}",
                f"keep them {minimum.period}",
            )
    invoices = statutory.get("invoices")
    if invoices is not None:
        for i, rule in enumerate(p.retention):
            invoice_data = any("invoice" in d for d in rule.data)
            short = rule.period is not None and rule.period.approx_days < invoices.period.approx_days - 1
            if rule.statutory is None and invoice_data and short:
                yield finding(
                    "warning",
                    "statutory-retention",
                    ("retention", i, "period"),
                    f"invoices kept {rule.period}; {invoices.reference.en} sets {invoices.period}",
                    "add 'statutory: invoices' and the statutory period",
                )
    # Data no purpose uses.
    used = {d for purpose in p.purposes for d in purpose.data}
    for i, category in enumerate(p.data):
        if category.id not in used:
            yield finding(
                "warning",
                "unused-data",
                ("data", i, "id"),
                f"no purpose uses {category.id!r}; data with no purpose must not be collected",
                "add it to a purpose's 'data', or remove it",
            )
    # Minimum age below the age of digital consent while consent is relied on.
    uses_consent = any(x.legal_basis == "consent" for x in p.purposes)
    young = (
        p.children is not None
        and country_law is not None
        and p.children.minimum_age < country_law.consent_age
    )
    if young and uses_consent and p.children is not None and country_law is not None:
        yield finding(
            "warning",
            "consent-age",
            ("children", "minimum_age"),
            f"users from {p.children.minimum_age} while consent is relied on; below "
            f"{country_law.consent_age} ({p.controller.address.country}'s age of digital consent, "
            "Art. 8) a parent must consent",
            f"raise minimum_age to {country_law.consent_age}, or describe parental consent",
        )
    # A CCPA policy must be reviewed every 12 months.
    if p.regimes.ccpa and (today - p.dates.last_updated).days > STALE_DAYS:
        yield finding(
            "error",
            "ccpa-stale",
            ("dates", "last_updated"),
            f"last updated {p.dates.last_updated.isoformat()}, more than 12 months ago; the CCPA wants a "
            "yearly review",
            "review the policy and update dates.last_updated",
        )
    # Catalog facts of vendors in use, not re-checked for 12 months.
    for i, use in enumerate(p.processors):
        vendor = loaded.vendors.get(use.vendor)
        if vendor is not None and (today - vendor.last_checked).days > STALE_DAYS:
            yield finding(
                "warning",
                "vendor-facts-stale",
                ("processors", i, "vendor"),
                f"drafter's facts about {vendor.name} were last checked {vendor.last_checked.isoformat()}",
                "check its entity, locations and safeguard, then update last_checked or override them",
            )


# --- report ------------------------------------------------------------------------------


def report_text(results: Sequence[ProfileCheck], strict: bool) -> str:
    lines: list[str] = []
    for result in results:
        lines.append(f"{result.file} ({', '.join(result.langs) or 'not rendered'})")
        if result.requirements:
            width = max(len(r.id) for r in result.requirements)
            ref_width = max(len(r.reference) for r in result.requirements)
            for r in result.requirements:
                status = "met" if r.ok else "MISSING"
                where = "; ".join(f"{lang}: {', '.join(s) or '-'}" for lang, s in r.met.items())
                lines.append(f"  {r.id:<{width}}  {r.reference:<{ref_width}}  {status:<7}  {where}")
        for f in result.findings:
            lines.append(f"  {f}")
        missing = sum(not r.ok for r in result.requirements)
        errors = sum(f.level == "error" for f in result.findings)
        warnings = sum(f.level == "warning" for f in result.findings)
        verdict = "complete" if result.passed(strict) else "NOT complete"
        lines.append(
            f"  {verdict}: {len(result.requirements) - missing} of {len(result.requirements)} "
            f"requirements met, {errors} errors, {warnings} warnings" + (" (--strict)" if strict else "")
        )
    return "\n".join(lines) + "\n"


def report_json(results: Sequence[ProfileCheck], strict: bool) -> str:
    payload = [
        {
            "file": r.file,
            "languages": r.langs,
            "complete": r.passed(strict),
            "requirements": [{**asdict(s), "ok": s.ok} for s in r.requirements],
            "findings": [asdict(f) for f in r.findings],
        }
        for r in results
    ]
    return json.dumps({"strict": strict, "profiles": payload}, indent=2, ensure_ascii=False) + "\n"


__all__ = ["Finding", "ProfileCheck", "Requirement", "check_profile", "report_json", "report_text"]
