"""``drafter lint-text``: findings one per line, and the readability table for the docs."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from drafter.console import say, show
from drafter.errors import EXIT_FINDINGS, EXIT_OK, DrafterError, Problem, printable
from drafter.lint.gate import PolicyReport, lint_profile
from drafter.lint.readability import FK_GRADE_TARGET
from drafter.lint.tools import ToolMissing


def lint_files(
    profiles: Sequence[str],
    *,
    langs: Sequence[str] | None = None,
    template_root: Path | None = None,
    vendor_dirs: Sequence[Path] = (),
) -> list[PolicyReport]:
    from drafter.legal.load import load_profile

    reports: list[PolicyReport] = []
    errors: list[DrafterError] = []
    for path in profiles:
        try:
            loaded = load_profile(path, vendor_dirs)
            wanted = [lang for lang in loaded.profile.languages if not langs or lang in langs]
            reports += lint_profile(loaded, wanted, template_root=template_root)
        except DrafterError as exc:
            errors.append(exc)
        except ToolMissing as exc:
            raise DrafterError(Problem("drafter lint-text", str(exc))) from None
    if errors:
        raise DrafterError.combine(errors)
    return reports


def readability_table(reports: Sequence[PolicyReport]) -> str:
    """The readability figures as a Markdown document."""
    lines = [
        "# Readability of the example policies",
        "",
        "Made by `drafter lint-text --report docs/readability.md profiles/*.yaml`; the test",
        "suite fails when this file is out of date. Body text only: paragraphs and list items,",
        "without headings and tables.",
        "",
        f"- English: Flesch-Kincaid grade, lower is easier; the target is {FK_GRADE_TARGET:g} or less.",
        "- French: Kandel-Moles reading ease (Flesch adapted to French), higher is easier;",
        "  60 to 70 reads as standard prose.",
        "",
        "| profile | language | words | sentences | score |",
        "| --- | --- | ---: | ---: | ---: |",
    ]
    for r in sorted(reports, key=lambda r: (Path(r.profile).name, r.lang)):
        if r.readability is None:
            continue
        score = r.readability
        lines.append(
            f"| {Path(r.profile).name} | {r.lang} | {score.words} | {score.sentences} | "
            f"{score.score:.1f} ({score.label}) |"
        )
    return "\n".join(lines) + "\n"


def print_findings(reports: Sequence[PolicyReport]) -> int:
    """Each finding on one line of stdout (a file name or an excerpt cannot break it in
    two), then each policy's readability and the count on stderr."""
    lines = [printable(finding.format()) + "\n" for report in reports for finding in report.findings]
    show("".join(lines))
    count = len(lines)
    for report in reports:
        if report.readability is not None:
            r = report.readability
            say(f"{printable(report.profile)}: {report.lang}: {r.label} {r.score:.1f} ({r.words} words)")
    say(f"{count} finding(s) in {len(reports)} policies")
    return EXIT_FINDINGS if count else EXIT_OK
