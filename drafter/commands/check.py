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
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path

from drafter.commands import us_witnesses  # noqa: F401  (registers the US witnesses)
from drafter.commands.witnesses import Witness, witnesses_for
from drafter.errors import printable
from drafter.legal.load import LoadedProfile, examine_profile
from drafter.legal.rules import Finding
from drafter.model.types import Lang
from drafter.render.language import NBSP, NNBSP
from drafter.render.markdown import inline_text, markdown_parser
from drafter.render.policy import Policy, policy_context, render_policy
from drafter.render.sections import HEADER_REQUIREMENTS, SECTIONS


@dataclass(frozen=True)
class WitnessStatus:
    label: str
    text: list[str]  # what must appear together, in one block of a carrying section
    found: bool
    section: str | None = None  # where it was found
    why_missing: str = ""


@dataclass(frozen=True)
class RequirementStatus:
    id: str
    regime: str
    reference: str
    text: str
    met: dict[Lang, list[str]]  # language -> sections carrying it in the rendered policy
    witnesses: dict[Lang, list[WitnessStatus]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return all(self.met.values()) and all(w.found for ws in self.witnesses.values() for w in ws)

    def missing(self, lang: Lang) -> list[WitnessStatus]:
        return [w for w in self.witnesses.get(lang, []) if not w.found]


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
    banners: Sequence[str | Path] = (),
    stores: Sequence[str | Path] = (),
) -> ProfileCheck:
    """``banners`` and ``stores``: files drafted from this profile (``drafter banner``,
    ``drafter store``) whose every disagreement with it is a finding too."""
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
    result.findings += artefact_findings(loaded, banners, stores)
    if any(f.level == "error" and f.stage == "law" for f in examined.findings):
        # drafter refuses to render it (as 'render' would): the errors come first.
        result.langs = []
        return result
    result.requirements = requirement_statuses(loaded, chosen, template_root)
    return result


def artefact_findings(
    loaded: LoadedProfile, banners: Sequence[str | Path], stores: Sequence[str | Path]
) -> list[Finding]:
    """Where the banner configurations and store answers given disagree with the profile.
    A file that is not one of them is bad input (DrafterError), as a bad profile is."""
    from drafter.commands.banner_check import banner_disagreements
    from drafter.commands.store_check import store_findings

    found: list[Finding] = []
    for banner in banners:
        found += banner_disagreements(loaded, banner)
    for store in stores:
        found += store_findings(loaded, store)
    return found


def requirement_statuses(
    loaded: LoadedProfile,
    langs: Sequence[Lang],
    template_root: Path | None = None,
    policies: Mapping[Lang, Policy] | None = None,
) -> list[RequirementStatus]:
    """Each applicable requirement, proved on the rendered text: a section that carries it
    is present and every witness is found in one of its blocks, in every language.
    ``policies`` (rendered elsewhere, or altered by a test) are used instead of rendering."""
    carriers: dict[str, list[str]] = {}
    for section in SECTIONS:
        for rid in section.requirements:
            carriers.setdefault(rid, []).append(section.id)
    rendered = {
        lang: (policies or {}).get(lang) or render_policy(loaded, lang, template_root=template_root)
        for lang in langs
    }
    blocks = {lang: section_blocks(policy) for lang, policy in rendered.items()}
    contexts = {lang: policy_context(loaded, lang) for lang in langs}
    statuses = []
    for req in loaded.facts.requirements:
        met: dict[Lang, list[str]] = {}
        found: dict[Lang, list[WitnessStatus]] = {}
        for lang in langs:
            where = [s for s in carriers.get(req.id, []) if s in blocks[lang]]
            if req.id in HEADER_REQUIREMENTS:
                where.insert(0, "header")
            met[lang] = where
            found[lang] = [
                _find(w, where, blocks[lang]) for w in witnesses_for(req.witnesses, contexts[lang])
            ]
        statuses.append(RequirementStatus(req.id, req.regime, req.reference, req.text, met, found))
    return statuses


def _find(witness: Witness, sections: list[str], blocks: Mapping[str, list[str]]) -> WitnessStatus:
    if witness.parts is None:
        return WitnessStatus(witness.label, [], False, None, witness.why_missing)
    parts = [normalized(p) for p in witness.parts]
    for section in sections:
        if any(all(p in block for p in parts) for block in blocks[section]):
            return WitnessStatus(witness.label, list(witness.parts), True, section)
    why = "not in " + (", ".join(sections) if sections else "the policy: no section carries it")
    return WitnessStatus(witness.label, list(witness.parts), False, None, why)


_SPACES = re.compile(r"\s+")


def normalized(text: str) -> str:
    """Text as compared: spaces of every kind as one, case folded (a sentence may start it)."""
    return _SPACES.sub(" ", text.replace(NBSP, " ").replace(NNBSP, " ")).strip().casefold()


def section_blocks(policy: Policy) -> dict[str, list[str]]:
    """Each section's blocks as plain text (a paragraph, a list item, a heading, a table
    row), the heading block as ``header``."""
    out = {"header": _blocks(policy.header)}
    for section in policy.sections:
        out[section.id] = _blocks(section.markdown)
    return out


def _blocks(markdown: str) -> list[str]:
    """A list item is read with the subsection heading and lead paragraph it sits under:
    "### Based on your consent" / "Legal basis: ..." says something of each item below it."""
    blocks: list[str] = []
    row: list[str] | None = None
    lead = ""
    lead_has_paragraph = False
    opener = ""
    in_item = 0
    for tok in markdown_parser().parse(markdown):
        if tok.type == "tr_open":
            row = []
        elif tok.type == "tr_close" and row is not None:
            blocks.append(normalized(" | ".join(row)))
            row = None
        elif tok.type in {"list_item_open", "list_item_close"}:
            in_item += 1 if tok.type == "list_item_open" else -1
        elif tok.type in {"heading_open", "paragraph_open"}:
            opener = tok.tag
        elif tok.type == "inline":
            text = inline_text(tok.children or [])
            if row is not None:
                row.append(text)
                continue
            if opener in {"h1", "h2", "h3", "h4"}:
                lead = text if opener in {"h3", "h4"} else ""
                lead_has_paragraph = False
            elif opener == "p" and not in_item and lead and not lead_has_paragraph:
                lead += " " + text  # the one paragraph under the subsection heading
                lead_has_paragraph = True
            blocks.append(normalized(f"{lead} {text}" if in_item and lead else text))
            opener = ""
    return blocks


# --- report ------------------------------------------------------------------------------


def report_text(results: Sequence[ProfileCheck], strict: bool) -> str:
    lines: list[str] = []
    for result in results:
        lines.append(f"{printable(result.file)} ({', '.join(result.langs) or 'not rendered'})")
        if result.requirements:
            width = max(len(r.id) for r in result.requirements)
            ref_width = max(len(r.reference) for r in result.requirements)
            for r in result.requirements:
                status = "met" if r.ok else "MISSING"
                where = "; ".join(f"{lang}: {', '.join(s) or '-'}" for lang, s in r.met.items())
                lines.append(f"  {r.id:<{width}}  {r.reference:<{ref_width}}  {status:<7}  {where}")
                for lang in r.witnesses:
                    for w in r.missing(lang):
                        said = f": {' + '.join(repr(t) for t in w.text)}" if w.text else ""
                        lines.append(f"      {lang}: missing {w.label}{said} ({w.why_missing})")
        for f in result.findings:
            lines.append(f"  {f.report_line()}")
        missing = sum(not r.ok for r in result.requirements)
        errors = sum(f.level == "error" for f in result.findings)
        warnings = sum(f.level == "warning" for f in result.findings)
        notes = sum(f.level == "note" for f in result.findings)
        verdict = "complete" if result.passed(strict) else "NOT complete"
        lines.append(
            f"  {verdict}: {len(result.requirements) - missing} of {len(result.requirements)} "
            f"requirements met, {_count(errors, 'error')}, {_count(warnings, 'warning')}"
            + (f", {_count(notes, 'review note')}" if notes else "")
            + (" (--strict)" if strict else "")
        )
    return "\n".join(lines) + "\n"


def _count(n: int, what: str) -> str:
    return f"{n} {what}{'' if n == 1 else 's'}"


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
