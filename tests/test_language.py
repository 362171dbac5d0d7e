"""The language gate: zero spelling, grammar and style findings, in English and French.

Needs Debian's hunspell (en_GB, fr_FR) and python3-grammalecte; `.ci/run` installs them.
Without them these tests are skipped with the command to install them, unless
DRAFTER_REQUIRE_LANGUAGE_TOOLS is set (as `.ci/run` does): then they fail.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from language_profiles import VARIANTS, write_variant

from drafter.cli import main
from drafter.legal.load import load_profile
from drafter.lint.gate import Finding, PolicyReport, lint_profile
from drafter.lint.readability import FK_GRADE_TARGET
from drafter.lint.report import lint_files, readability_table
from drafter.lint.tools import DEBIAN_PACKAGES, ToolMissing, grammalecte_checker, hunspell_unknown
from drafter.render.environment import templates_root

ROOT = Path(__file__).resolve().parent.parent
PROFILES = sorted((ROOT / "profiles").glob("*.yaml"))


@pytest.fixture(scope="session", autouse=True)
def language_tools() -> None:
    try:
        hunspell_unknown(["test"], "en")
        hunspell_unknown(["test"], "fr")
        grammalecte_checker()
    except ToolMissing as exc:
        if os.environ.get("DRAFTER_REQUIRE_LANGUAGE_TOOLS"):
            pytest.fail(str(exc))
        pytest.skip(f"{exc} (apt-get install {DEBIAN_PACKAGES})")


def _show(findings: list[Finding]) -> str:
    return "\n".join(f.format() for f in findings)


@pytest.fixture(scope="module")
def shipped_reports() -> list[PolicyReport]:
    return lint_files([str(p) for p in PROFILES])


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_shipped_profiles_have_no_findings(profile: Path, shipped_reports: list[PolicyReport]) -> None:
    reports = [r for r in shipped_reports if Path(r.profile).name == profile.name]
    assert {r.lang for r in reports} == set(load_profile(profile).profile.languages)
    findings = [f for r in reports for f in r.findings]
    assert not findings, _show(findings)


@pytest.mark.parametrize("name", sorted(VARIANTS))
def test_generated_profiles_have_no_findings(name: str, tmp_path: Path) -> None:
    reports = lint_profile(load_profile(write_variant(name, tmp_path)))
    findings = [f for r in reports for f in r.findings]
    assert not findings, _show(findings)
    for report in reports:
        if report.lang == "en":
            assert report.readability is not None
            assert report.readability.score <= FK_GRADE_TARGET, report.readability


def test_english_readability_meets_the_target(shipped_reports: list[PolicyReport]) -> None:
    english = [r.readability for r in shipped_reports if r.lang == "en"]
    assert len(english) == len(PROFILES)
    for score in english:
        assert score is not None
        assert score.score <= FK_GRADE_TARGET, score


def test_readability_report_is_current(shipped_reports: list[PolicyReport]) -> None:
    current = (ROOT / "docs" / "readability.md").read_text(encoding="utf-8")
    assert current == readability_table(shipped_reports), (
        "docs/readability.md is out of date: run "
        "`drafter lint-text --report docs/readability.md profiles/*.yaml`"
    )


# -- the gate catches what it should -------------------------------------------------


def _templates_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "templates"
    shutil.copytree(templates_root(), copy)
    return copy


def _insert_after_heading(path: Path, sentence: str) -> int:
    """Add ``sentence`` as a paragraph after the template's first heading; its line number."""
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("## ")) + 1
    lines[at:at] = ["", sentence, ""]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return at + 2


def _lint_with(tmp_path: Path, lang: str, template: str, *sentences: str) -> tuple[PolicyReport, int]:
    """Lint the example in ``lang`` with ``sentences`` added to a copy of ``template``."""
    templates = _templates_copy(tmp_path)
    line = 0
    for sentence in sentences:
        line = _insert_after_heading(templates / lang / template, sentence)
    loaded = load_profile(ROOT / "profiles" / "example.yaml")
    (report,) = lint_profile(loaded, [lang], template_root=templates)
    return report, line


def test_gate_catches_a_broken_french_agreement(tmp_path: Path) -> None:
    report, line = _lint_with(tmp_path, "fr", "retention.md.j2", "Les données est conservé sur nos serveurs.")
    grammar = [f for f in report.findings if f.check == "grammar"]
    assert grammar, _show(report.findings)
    assert any("est" in f.excerpt and "⟦" in f.excerpt for f in grammar)
    assert {f.origin for f in grammar} == {f"templates/fr/retention.md.j2:{line}"}


def test_gate_catches_an_english_misspelling(tmp_path: Path) -> None:
    report, line = _lint_with(tmp_path, "en", "rights.md.j2", "We answer every request we recieve from you.")
    assert [(f.check, f.message, f.origin) for f in report.findings] == [
        ("spelling", "unknown word 'recieve'", f"templates/en/rights.md.j2:{line}")
    ]


def test_gate_catches_english_style(tmp_path: Path) -> None:
    long_sentence = "We " + " ".join(["keep"] + ["records"] * 3 + ["and", "logs"] * 16) + "."
    report, _ = _lint_with(
        tmp_path,
        "en",
        "security.md.j2",
        "Your data is collected when you visit.",
        "We check the the data you give us.",
        "We keep names, emails, etc.",
        long_sentence,
    )
    rules = sorted(f.rule for f in report.findings if f.check == "style")
    assert rules == ["doubled-word", "doubled-word", "etc", "long-sentence", "passive"], _show(
        report.findings
    )


def test_names_from_the_profile_are_not_spellchecked(tmp_path: Path) -> None:
    loaded = load_profile(ROOT / "profiles" / "example.yaml")
    text = "\n".join(f.excerpt for r in lint_profile(loaded) for f in r.findings if f.check == "spelling")
    assert text == ""
    # The controller's street is in both policies, and unknown to hunspell.
    assert hunspell_unknown(["Claudiennes"], "fr") == {"Claudiennes"}


def test_lint_text_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    profile = str(ROOT / "profiles" / "example.yaml")
    assert main(["lint-text", profile, "--lang", "en"]) == 0
    templates = _templates_copy(tmp_path)
    _insert_after_heading(templates / "en" / "rights.md.j2", "We recieve requests.")
    capsys.readouterr()
    assert main(["lint-text", profile, "--lang", "en", "--templates", str(templates)]) == 1
    out = capsys.readouterr().out
    assert out.startswith("templates/en/rights.md.j2:")
    assert "en spelling [hunspell]: unknown word 'recieve'" in out
    assert main(["lint-text", profile, "--templates", str(tmp_path / "missing")]) == 2
