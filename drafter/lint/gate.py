"""The language gate: every finding of every check on one rendered policy."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from drafter.legal.load import LoadedProfile
from drafter.lint.assembly import assembly_issues
from drafter.lint.blocks import Block, policy_blocks, profile_names
from drafter.lint.origin import SourceIndex
from drafter.lint.readability import Readability, readability
from drafter.lint.style import style_issues
from drafter.lint.tools import grammalecte_checker, hunspell_unknown
from drafter.model.catalog import builtin_vendor_dir
from drafter.model.law import law_file
from drafter.model.yaml_source import load_yaml
from drafter.render.environment import templates_root
from drafter.render.policy import Policy, render_policy

# Words: letters, inner apostrophes and hyphens ("d'information", "e-mail"). Elided French
# articles are split off ("l'adresse" -> "adresse"), as hunspell's French dictionary wants.
_WORD = re.compile(r"\b[^\W\d_](?:[\w'’-]*[^\W_])?\b")
_FR_ELISION = re.compile(r"^(?:[cdjlmnst]|qu|jusqu|lorsqu|puisqu|quoiqu)['’]", re.IGNORECASE)


@dataclass(frozen=True)
class Allowlist:
    words: dict[str, frozenset[str]]
    names: frozenset[str]
    options_off: frozenset[str]
    rules_off: frozenset[str]


def allowlist_file() -> Path:
    return Path(str(resources.files("drafter.lint") / "allowlist.yaml"))


@cache
def load_allowlist(path: Path | None = None) -> Allowlist:
    data: Any = load_yaml(path or allowlist_file()).data
    spelling = data.get("spelling") or {}
    grammar = data.get("grammar") or {}
    return Allowlist(
        {lang: frozenset(spelling.get(lang) or {}) for lang in ("en", "fr")},
        frozenset(data.get("names") or {}),
        frozenset(grammar.get("options") or {}),
        frozenset(grammar.get("rules") or {}),
    )


@dataclass(frozen=True)
class Finding:
    profile: str
    lang: str
    check: str  # spelling | grammar | style | assembly
    rule: str
    message: str
    excerpt: str
    origin: str | None

    def format(self) -> str:
        where = self.origin or f"{self.profile} (rendered text)"
        return f"{where}: {self.lang} {self.check} [{self.rule}]: {self.message}: “{self.excerpt}”"


@dataclass
class PolicyReport:
    profile: str
    lang: str
    findings: list[Finding] = field(default_factory=list)
    readability: Readability | None = None


def lint_profile(
    loaded: LoadedProfile,
    langs: Iterable[str] | None = None,
    *,
    template_root: Path | None = None,
    allowlist: Allowlist | None = None,
) -> list[PolicyReport]:
    reports = []
    for lang in langs or loaded.profile.languages:
        policy = render_policy(loaded, lang, template_root=template_root)  # type: ignore[arg-type]
        reports.append(lint_policy(loaded, policy, template_root=template_root, allowlist=allowlist))
    return reports


def lint_policy(
    loaded: LoadedProfile,
    policy: Policy,
    *,
    template_root: Path | None = None,
    allowlist: Allowlist | None = None,
) -> PolicyReport:
    lang = policy.lang
    allow = allowlist or load_allowlist()
    blocks = policy_blocks(policy, profile_names(loaded, lang, allow.names))
    # The sources are read only to place a finding; a clean policy never needs them.
    index = cache(lambda: _index(loaded, lang, template_root))
    report = PolicyReport(loaded.file, lang)

    def finding(check: str, rule: str, message: str, block: Block, start: int, end: int) -> Finding:
        word = block.text[start:end]
        context = block.text[max(0, start - 60) : end + 60]
        origin = index().locate(word, context) or index().locate("", context)
        excerpt = _excerpt(block.text, start, end)
        return Finding(loaded.file, lang, check, rule, message, excerpt, origin)

    report.findings.extend(_spelling(blocks, lang, allow, finding, policy.language.tag))
    if lang == "fr":
        report.findings.extend(_grammar(blocks, allow, finding))
    for block in blocks:
        for issue in style_issues(block.text, lang, block.prose(), block.collapsed()):
            if block.kind in {"heading", "cell"} and issue.rule == "long-sentence":
                continue
            report.findings.append(finding("style", issue.rule, issue.message, block, issue.start, issue.end))
    for a in assembly_issues(blocks, lang):
        report.findings.append(finding("assembly", a.rule, a.message, a.block, a.start, a.end))
    report.readability = readability(blocks, lang)
    return report


def _spelling(
    blocks: list[Block], lang: str, allow: Allowlist, finding: Any, tag: str | None = None
) -> Iterator[Finding]:
    occurrences: dict[str, list[tuple[Block, int, int]]] = {}
    for block in blocks:
        for m in _WORD.finditer(block.prose()):
            word = m.group(0)
            start = m.start()
            if lang == "fr":
                elided = _FR_ELISION.match(word)
                if elided:
                    word, start = word[elided.end() :], start + elided.end()
            word = word.strip("-'’")
            if word and word not in allow.words[lang] and word.lower() not in allow.words[lang]:
                occurrences.setdefault(word, []).append((block, start, start + len(word)))
    unknown = hunspell_unknown(sorted(occurrences), tag or lang)  # en-US: the en_US dictionary
    for word in sorted(unknown):
        for block, start, end in occurrences.get(word, [])[:1]:
            count = len(occurrences[word])
            more = f" ({count} times)" if count > 1 else ""
            yield finding("spelling", "hunspell", f"unknown word {word!r}{more}", block, start, end)


def _grammar(blocks: list[Block], allow: Allowlist, finding: Any) -> Iterator[Finding]:
    checker = grammalecte_checker()
    options = checker.gce.getOptions()
    for option in options:
        checker.gce.setOption(option, option not in allow.options_off)
    for block in blocks:
        errors, _spell = checker.getParagraphErrors(block.text)
        for error in errors:
            start, end = error["nStart"], error["nEnd"]
            if error["sRuleId"] in allow.rules_off or block.about_names(start, end):
                continue
            suggestions = error.get("aSuggestions") or []
            hint = f" (→ {' / '.join(suggestions[:3])})" if suggestions else ""
            yield finding("grammar", error["sRuleId"], error["sMessage"] + hint, block, start, end)


def _excerpt(text: str, start: int, end: int, width: int = 50) -> str:
    left = max(0, start - width)
    right = min(len(text), end + width)
    return (
        ("…" if left else "")
        + text[left:start]
        + "⟦"
        + text[start:end]
        + "⟧"
        + text[end:right]
        + ("…" if right < len(text) else "")
    )


def _index(loaded: LoadedProfile, lang: str, template_root: Path | None) -> SourceIndex:
    root = template_root or templates_root()
    files = [(f"templates/{lang}/{p.name}", p) for p in sorted((root / lang).glob("*.j2"))]
    files.append((loaded.file, Path(loaded.file)))
    vendor_dir = builtin_vendor_dir()
    files += [
        (f"drafter/data/vendors/{v}.yaml", vendor_dir / f"{v}.yaml")
        for v in sorted(loaded.vendors)
        if (vendor_dir / f"{v}.yaml").is_file()
    ]
    files.append(("drafter/data/law.yaml", law_file()))
    files.append(("drafter/data/us_law.yaml", law_file("us_law.yaml")))
    return SourceIndex(files)
