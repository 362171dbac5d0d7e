"""``drafter check``: is each policy complete, and is its profile consistent?

Completeness is proved on the rendered text, not on the profile: for each requirement
that applies (the profile's facts list them), a section that carries it must be present
in the policy as rendered, in every language checked. Consistency is every rule of the
registry (:mod:`drafter.legal.rules`), the review rules at ``--today`` included; each
finding names the profile line it concerns and a fix. A profile that is bad input (its
YAML, its schema or an input rule) is reported as such.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from drafter.legal.load import LoadedProfile, examine_profile
from drafter.legal.rules import Finding
from drafter.model.types import Lang
from drafter.render.policy import render_policy
from drafter.render.sections import HEADER_REQUIREMENTS, SECTIONS


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
    loaded: bool = True  # False: the profile is bad input; its findings are the problems

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
    examined = examine_profile(path, vendor_dirs, stages=("input", "law", "review"), today=today)
    loaded = examined.loaded
    if loaded is None:
        result = ProfileCheck(str(path), list(langs or []), loaded=False)
        result.findings = [
            p if isinstance(p, Finding) else Finding(p.file, p.message, p.line, p.path, "valid")
            for p in examined.problems
        ]
        return result
    chosen = [lang for lang in (langs or loaded.profile.languages) if lang in loaded.profile.languages]
    result = ProfileCheck(loaded.file, list(chosen), findings=list(examined.findings))
    if any(f.level == "error" and f.stage == "law" for f in examined.findings):
        # drafter refuses to render it (as 'render' would): the errors come first.
        result.langs = []
        return result
    result.requirements = requirement_statuses(loaded, chosen, template_root)
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
    for req in loaded.facts.requirements:
        met = {}
        for lang in langs:
            where = [s for s in carriers.get(req.id, []) if s in present[lang]]
            if req.id in HEADER_REQUIREMENTS:
                where.insert(0, "header")
            met[lang] = where
        statuses.append(RequirementStatus(req.id, req.regime, req.reference, req.text, met))
    return statuses


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
            lines.append(f"  {f.report_line()}")
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


__all__ = ["Finding", "ProfileCheck", "check_profile", "report_json", "report_text"]
