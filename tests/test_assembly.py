"""The assembly lint catches what gluing fragments together leaves behind.

Each test adds wording to a copy of a template, lints the example profile with it, and
checks that the rule fires at the added template line, and (where a rule has a near
miss) that the correct form is left alone. Needs the language tools, like test_language.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from test_language import language_tools  # noqa: F401  (autouse: skips without hunspell/Grammalecte)

from drafter.legal.load import load_profile
from drafter.lint.gate import Finding, PolicyReport, lint_profile
from drafter.render.environment import templates_root

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "profiles" / "example.yaml"


def _lint_with(tmp_path: Path, lang: str, edits: dict[str, list[str]]) -> tuple[PolicyReport, dict[str, int]]:
    """Lint the example in ``lang`` with ``edits`` (template -> lines) added after each template's
    first heading. Returns the report and, per template, the line number of its first added line."""
    templates = tmp_path / "templates"
    shutil.copytree(templates_root(), templates)
    first: dict[str, int] = {}
    for template, added in edits.items():
        path = templates / lang / template
        lines = path.read_text(encoding="utf-8").splitlines()
        at = next(i for i, line in enumerate(lines) if line.startswith("## ")) + 1
        lines[at:at] = ["", *added, ""]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        first[template] = at + 2
    (report,) = lint_profile(load_profile(EXAMPLE), [lang], template_root=templates)
    return report, first


def _at(report: PolicyReport, rule: str, lang: str, template: str, lines: range) -> list[Finding]:
    """The findings of ``rule`` placed on ``lines`` of ``template``."""
    wanted = {f"templates/{lang}/{template}:{n}" for n in lines}
    return [f for f in report.findings if f.check == "assembly" and f.rule == rule and f.origin in wanted]


def _show(findings: list[Finding]) -> str:
    return "\n".join(f.format() for f in findings)


def _origins(findings: list[Finding]) -> set[str | None]:
    return {f.origin for f in findings}


def test_repeated_sentence_is_reported_at_its_second_occurrence(tmp_path: Path) -> None:
    sentence = "We read each request by hand before we answer it."
    report, first = _lint_with(
        tmp_path,
        "en",
        {
            "retention.md.j2": [sentence],
            "security.md.j2": ["Thank you for writing to us. " + sentence],
        },
    )
    repeated = [
        f for f in report.findings if f.rule == "repeated-sentence" and "read each request" in f.excerpt
    ]
    assert len(repeated) == 1, _show(report.findings)
    (finding,) = repeated
    assert finding.check == "assembly"
    assert finding.origin == f"templates/en/security.md.j2:{first['security.md.j2']}"
    assert f"⟦{sentence}⟧" in finding.excerpt
    assert "already appears" in finding.message


def test_repeated_sentence_ignores_short_sentences_and_record_fields(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "en",
        {
            "security.md.j2": [
                "We answer fast. We answer fast.",  # four words: too short to count
                "- **Our bank**: it receives: contact details and order details.",
                "- **Our auditor**: it receives: contact details and order details.",
            ]
        },
    )
    lines = range(first["security.md.j2"], first["security.md.j2"] + 3)
    assert not _at(report, "repeated-sentence", "en", "security.md.j2", lines), _show(report.findings)


def test_repeated_run_of_five_words_is_not_reported(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "en",
        {"security.md.j2": ["We keep all your data safe, and we keep all your data private."]},
    )
    line = first["security.md.j2"]
    assert not _at(report, "repeated-run", "en", "security.md.j2", range(line, line + 1))


def test_repeated_run_reports_the_whole_second_run(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "en",
        {
            "security.md.j2": [
                "We keep your data for as long as we need it, "
                "then we keep your data for as long as we need it."
            ]
        },
    )
    line = first["security.md.j2"]
    (run,) = _at(report, "repeated-run", "en", "security.md.j2", range(line, line + 1))
    assert "then ⟦we keep your data for as long as we need it⟧." in run.excerpt
    assert run.message.startswith("these 11 words already appear earlier in this paragraph")


def test_heading_echo(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "en",
        {
            "security.md.j2": [
                "### Our advisers",
                "",
                "- Our advisers: the firm that audits our accounts.",
                "- **Our advisers**: the lawyers who defend us in court.",
                "",
                "### Our partners",
                "",
                "- The firm that audits our accounts.",
                "- Our partners: the lawyers who defend us in court.",
            ]
        },
    )
    start = first["security.md.j2"]
    echoes = [f for f in report.findings if f.rule == "heading-echo"]
    assert _origins(echoes) == {f"templates/en/security.md.j2:{start + 2}"}, _show(report.findings)
    (echo,) = echoes
    assert echo.excerpt.startswith("⟦Our advisers⟧: the firm")
    assert "“Our advisers”" in echo.message


def test_colon_capital_english(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "en",
        {
            "retention.md.j2": [
                "- **Product reviews**: As long as the review stays published.",
                "- **Stripe**: United States.",
                "- **Address**: 14 rue de la Paix, Lyon.",
                "- **Email**: privacy@atelier-lumen.fr",
                "- **Regulator**: CNIL.",
            ]
        },
    )
    start = first["retention.md.j2"]
    capitals = _at(report, "colon-capital", "en", "retention.md.j2", range(start, start + 5))
    assert _origins(capitals) == {f"templates/en/retention.md.j2:{start}"}, _show(report.findings)
    (capital,) = capitals
    assert "Product reviews: ⟦As⟧ long" in capital.excerpt
    assert "“as”" in capital.message


def test_colon_capital_french(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "fr",
        {
            "retention.md.j2": [
                "- **Avis sur nos produits** : Tant que l'avis reste publié.",
                "- **Base légale** : L'exécution de notre contrat avec vous.",
                "- **Pays** : France.",
                "- **Prestataire** : Stripe.",
                "- **Courriel** : dpo@atelier-lumen.fr",
                "- **Adresse** : 14 rue de la Paix, Lyon.",
            ]
        },
    )
    start = first["retention.md.j2"]
    capitals = _at(report, "colon-capital", "fr", "retention.md.j2", range(start, start + 6))
    assert _origins(capitals) == {
        f"templates/fr/retention.md.j2:{start}",
        f"templates/fr/retention.md.j2:{start + 1}",
    }, _show(report.findings)
    assert {f.excerpt.split("⟦")[1].split("⟧")[0] for f in capitals} == {"Tant", "L'exécution"}


def test_lost_de(tmp_path: Path) -> None:
    wrong = [
        "Sans ces données, il nous est impossible d'établir nos factures et tenir notre comptabilité.",
        "Nous utilisons ces données afin d'encaisser vos paiements et prévenir la fraude.",
        "Nous avons besoin de votre adresse afin de traiter vos commandes et vous livrer vos colis.",
    ]
    right = [
        "Sans ces données, il nous est impossible d'établir nos factures et de tenir nos registres.",
        "Nous utilisons ces données pour établir nos factures et tenir nos registres.",
        "Nous prenons soin de nos factures et notre comptabilité.",
        "Un bandeau vous permet d'accepter ou de refuser les cookies.",
    ]
    # One paragraph each: sentence i is on line start + 2 * i.
    added = [line for sentence in wrong + right for line in (sentence, "")]
    report, first = _lint_with(tmp_path, "fr", {"security.md.j2": added})
    start = first["security.md.j2"]
    lost = _at(report, "lost-de", "fr", "security.md.j2", range(start, start + 2 * len(wrong + right)))
    assert _origins(lost) == {f"templates/fr/security.md.j2:{start + 2 * i}" for i in range(len(wrong))}, (
        _show(report.findings)
    )
    assert len(lost) == len(wrong)
    assert {f.excerpt.split("⟦")[1].split("⟧")[0] for f in lost} == {
        "et tenir",
        "et prévenir",
        "et vous livrer",
    }
    fixes = {"“et de tenir”", "“et de prévenir”", "“et de vous livrer”"}
    assert {fix for f in lost for fix in fixes if fix in f.message} == fixes


def test_see_below_twice_in_one_list(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "en",
        {
            "security.md.j2": [
                "- Cookies that we set ourselves: see below.",
                "- Cookies that our providers set: see below.",
                "",
                "Our own cookies are listed further down; see below.",
            ]
        },
    )
    start = first["security.md.j2"]
    see = _at(report, "see-below", "en", "security.md.j2", range(start, start + 4))
    assert _origins(see) == {f"templates/en/security.md.j2:{start + 1}"}, _show(report.findings)
    assert "2 times in one list" in see[0].message


def test_placeholders(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "en",
        {
            "security.md.j2": [
                "The cookie `_ga_<container-id>` keeps your visit session.",
                "TODO: name our hosting provider here.",
                "Our host is [insert the host's name].",
                "Lorem ipsum dolor sit amet.",
                "Our server stands {% raw %}{{ place }}{% endraw %} in a locked room.",
                "Use the form at https://www.atelier-lumen.fr/forms/<form-id> to reach us.",
                "Three is less than five: 3 < 5 and 7 > 2.",
            ]
        },
    )
    start = first["security.md.j2"]
    found = _at(report, "placeholder", "en", "security.md.j2", range(start, start + 7))
    assert _origins(found) == {f"templates/en/security.md.j2:{start + i}" for i in range(5)}, _show(
        report.findings
    )
    assert len(found) == 5
    assert {f.excerpt.split("⟦")[1].split("⟧")[0] for f in found} == {
        "<container-id>",
        "TODO",
        "[insert the host's name]",
        "Lorem ipsum",
        "{{",
    }


def test_email_spelling_english(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "en",
        {
            "security.md.j2": [
                "Send us an e-mail and we answer within a day.",
                "E-mails from us always come from our own domain.",
                "Send us an email at privacy@e-mail.example.com, or read our emails.",
            ]
        },
    )
    start = first["security.md.j2"]
    found = _at(report, "email-spelling", "en", "security.md.j2", range(start, start + 3))
    assert _origins(found) == {
        f"templates/en/security.md.j2:{start}",
        f"templates/en/security.md.j2:{start + 1}",
    }, _show(report.findings)
    assert len(found) == 2
    assert sorted(f.message.split(",")[0] for f in found) == [
        "“E-mails”: write “Emails”",
        "“e-mail”: write “email”",
    ]


def test_email_spelling_french(tmp_path: Path) -> None:
    report, first = _lint_with(
        tmp_path,
        "fr",
        {
            "security.md.j2": [
                "Envoyez-nous un e-mail et nous répondons dans la journée.",
                "Indiquez votre adresse mail dans le formulaire.",
                "Un mél suffit.",
                "Envoyez-nous un courriel à contact@e-mail.example.fr depuis votre adresse électronique.",
            ]
        },
    )
    start = first["security.md.j2"]
    found = _at(report, "email-spelling", "fr", "security.md.j2", range(start, start + 4))
    by_line = {int((f.origin or ":0").rsplit(":", 1)[1]) - start: f for f in found}
    assert sorted(by_line) == [0, 1, 2], _show(report.findings)
    assert "courriel" in by_line[0].message
    assert "adresse électronique" in by_line[1].message
    assert "courriel" in by_line[2].message
