"""The layout keeps its promises: legal decisions are made in drafter/legal only.

Templates word decisions; they never compute law. Modules outside ``drafter/legal`` read
the facts it builds; they never apply a consent, role, EEA or regime rule themselves.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

from drafter.legal import rules as rules_module
from drafter.legal.facts import CONDITIONS
from drafter.model.requirements import Condition, load_requirements
from drafter.render.environment import templates_root

PACKAGE = ROOT / "drafter"
LEGAL = PACKAGE / "legal"
MODEL = PACKAGE / "model"  # defines the fields and the law data these rules read
MAX_LINES = 600

# Attributes whose reading is a legal decision: consent and cookie bases, vendor roles,
# the EEA and adequacy lists, which regimes apply.
DECIDING_ATTRIBUTES = {"legal_basis", "own_purposes", "eea", "adequacy", "in_eea", "gdpr", "uk_gdpr"}
DECIDING_WORDS = {"consent", "strictly_necessary"}
# Reads that decide nothing, each with its reason.
ALLOWED = {
    ("drafter/commands/vendors.py", "legal_basis"): "'vendors show' prints the catalog's field as written",
    ("drafter/commands/vendors.py", "own_purposes"): "'vendors show' passes it to decisions.vendor_role",
}


def _modules() -> list[Path]:
    return sorted(p for p in PACKAGE.rglob("*.py") if LEGAL not in p.parents and MODEL not in p.parents)


def _offences(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        allowed = (str(path.relative_to(ROOT)), getattr(node, "attr", None)) in ALLOWED
        if isinstance(node, ast.Attribute) and node.attr in DECIDING_ATTRIBUTES and not allowed:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno}: reads .{node.attr}")
        if isinstance(node, ast.Compare):
            constants = [c for c in [node.left, *node.comparators] if isinstance(c, ast.Constant)]
            if any(c.value in DECIDING_WORDS for c in constants):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: compares with a legal basis or group")
    return found


def test_no_module_outside_legal_applies_a_consent_role_eea_or_regime_rule() -> None:
    offences = [o for path in _modules() for o in _offences(path)]
    assert not offences, "\n".join(offences)


def test_the_check_finds_what_it_looks_for() -> None:
    sample = "def f(p, law):\n    return p.legal_basis == 'consent' or law.in_eea('FR') or p.regimes.gdpr\n"
    path = ROOT / "tests" / "_sample_offence.py"
    try:
        path.write_text(sample, encoding="utf-8")
        assert len(_offences(path)) == 4  # .legal_basis, the comparison, .in_eea, .gdpr
    finally:
        path.unlink()


def test_no_template_computes_law() -> None:
    pattern = re.compile(r"gdpr or uk_gdpr|regimes\.|legal_basis|\"consent\" in|== \"consent\"|own_purposes")
    found = [
        f"{path.relative_to(templates_root())}:{n}: {line.strip()[:80]}"
        for path in sorted(templates_root().rglob("*.j2"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert not found, "\n".join(found)


def test_every_requirement_condition_is_decided_in_one_place() -> None:
    from typing import get_args

    assert set(get_args(Condition)) == set(CONDITIONS)
    assert {r.when for r in load_requirements()} <= set(CONDITIONS)


def test_every_rule_has_an_id_a_level_a_stage_and_says_what_it_protects() -> None:
    rules = list(rules_module.all_rules())
    assert len(rules) == len({r.id for r in rules}) >= 20
    for r in rules:
        assert r.level in ("error", "warning", "note") and r.stage in ("input", "law", "review")
        assert r.doc, f"rule {r.id} has no docstring"


def test_no_module_is_over_600_lines() -> None:
    long = {
        str(p.relative_to(ROOT)): n
        for p in PACKAGE.rglob("*.py")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert not long, long
