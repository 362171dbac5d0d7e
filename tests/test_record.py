"""``drafter record``: the profile as a record of processing activities (Art. 30(1) GDPR)."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import subprocess
import sys
import typing
from pathlib import Path

import pytest
from helpers import minimal, write_profile

from drafter.cli import main
from drafter.commands.record import _BASIS, COLUMNS, RecordFormat, build_record, record_text
from drafter.legal.load import LoadedProfile, load_profile
from drafter.model.law import load_law
from drafter.model.types import Lang, LegalBasis
from drafter.render.environment import environment
from drafter.render.language import language_record
from drafter.render.policy import policy_context

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "profiles" / "example.yaml"
BAD = Path(__file__).resolve().parent / "bad_inputs"
TODAY = dt.date(2026, 3, 2)
BASIS_POINT = {
    "en": {"contract": "Article 6(1)(b) GDPR", "legal_obligation": "Article 6(1)(c) GDPR"},
    "fr": {
        "contract": "article 6, paragraphe 1, point b), du RGPD",
        "legal_obligation": "article 6, paragraphe 1, point c), du RGPD",
    },
}


@pytest.fixture(scope="module")
def example() -> LoadedProfile:
    return load_profile(EXAMPLE)


def _rows(loaded: LoadedProfile, lang: Lang, fmt: RecordFormat) -> list[dict[str, str]]:
    """Each activity as {column key: cell}, read back from the output itself."""
    text = record_text(loaded, lang, fmt, TODAY)
    if fmt == "csv":
        table = list(csv.reader(io.StringIO(text, newline="")))
        assert len(table) == 1 + len(loaded.profile.purposes)
        assert all(len(row) == len(COLUMNS) for row in table)
        return [dict(zip(COLUMNS, row, strict=True)) for row in table[1:]]
    blocks = re.split(r"(?m)^### ", text)[1:]
    # The body of one subsection, by column: the whole text of the block does.
    return [dict.fromkeys(COLUMNS, block) for block in blocks]


@pytest.mark.parametrize("fmt", ["md", "csv"])
@pytest.mark.parametrize("lang", ["en", "fr"])
def test_one_activity_per_purpose_with_basis_vendor_and_retention(
    example: LoadedProfile, lang: Lang, fmt: RecordFormat
) -> None:
    rows = _rows(example, lang, fmt)
    purposes = example.profile.purposes
    assert len(rows) == len(purposes)
    by_id = {x.id: row for x, row in zip(purposes, rows, strict=True)}
    assert BASIS_POINT[lang]["contract"] in by_id["payment"]["legal_basis"]
    assert BASIS_POINT[lang]["legal_obligation"] in by_id["accounting"]["legal_basis"]
    # Stripe serves an EEA controller through its EEA entity, as the catalog says.
    stripe = example.vendors["stripe"].entity_for("eea")
    assert stripe.name in by_id["payment"]["recipients"]
    assert "PayPal" in by_id["payment"]["recipients"]
    # The statutory period for invoices, with its reference, for the accounting purpose.
    invoices = next(r for r in load_law().countries["FR"].retention if r.id == "invoices")
    assert invoices.reference[lang] in by_id["accounting"]["retention"]
    assert ("10 years" if lang == "en" else "10\u00a0ans") in by_id["accounting"]["retention"]
    # Stripe's transfer to the United States and its safeguards, as resolve derives them.
    words = environment(language_record(lang)).get_template("_words.j2").module
    assert words.MECHANISM["dpf"] in by_id["payment"]["transfers"]
    assert words.MECHANISM["scc"] in by_id["payment"]["transfers"]
    # The security measures in the policy's own words.
    for measure in example.profile.security.measures:
        assert words.SECURITY[measure].lower() in by_id["orders"]["security"].lower()


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_csv_columns_and_cells(example: LoadedProfile, lang: Lang) -> None:
    text = record_text(example, lang, "csv", TODAY)
    header = next(csv.reader(io.StringIO(text, newline="")))
    assert tuple(header) == build_record(example, lang, TODAY).columns
    assert header[1] == {"en": "Legal basis", "fr": "Base légale"}[lang]
    rows = _rows(example, lang, "csv")
    subjects = {"en": "Users and customers of Atelier Lumen", "fr": "Utilisateurs et clients d'Atelier Lumen"}
    assert {row["data_subjects"] for row in rows} == {subjects[lang]}
    # Recipients only where they belong: the carriers with delivery, the accountant with accounting.
    delivery, accounting = rows[2], rows[3]
    assert "Colissimo" in delivery["recipients"] and "Colissimo" not in accounting["recipients"]
    assert "Stripe" not in delivery["recipients"]
    assert "\\" not in text  # no Markdown escapes in CSV


def test_header_and_title(example: LoadedProfile) -> None:
    en = record_text(example, "en", "md", TODAY)
    assert en.startswith("# Record of processing activities of Atelier Lumen SAS\n")
    assert "- **Controller**: Atelier Lumen SAS, RCS Lyon 912 345 678, 14 rue des Tables" in en
    assert "- **Data protection officer**: Claire Martin, dpo@atelier-lumen.fr" in en
    assert "- **Date of this record**: 2 March 2026" in en
    assert "Representative" not in en  # a controller in the EEA has none


def test_french_vocabulary_and_typography(example: LoadedProfile) -> None:
    md = record_text(example, "fr", "md", TODAY)
    lower = md.lower()
    for term in (
        "registre des activités de traitement",
        "responsable du traitement",
        "sous-traitant",
        "délégué à la protection des données",
        "base légale",
        "durée de conservation",
        "mesures de sécurité",
    ):
        assert term in lower, term
    assert not re.search(r":(?=\s)", md.replace("\u00a0:", "")), "a colon without a no-break space"
    assert not re.search(r"(?<!\u202f)[;?!](?=\s)", md), "; ? ! without a narrow no-break space"
    assert "\u00a0: " in md and "\u202f; " in md
    assert "- **Date du registre**\u00a0: 2\u00a0mars 2026" in md


def test_a_non_eea_vendor_shows_its_safeguard(tmp_path: Path) -> None:
    data = minimal(processors=[{"vendor": "mailchimp", "purposes": ["orders"]}])
    loaded = load_profile(write_profile(tmp_path / "p.yaml", data))
    (row,) = _rows(loaded, "en", "csv")
    entity = loaded.vendors["mailchimp"].entity_for("eea")
    assert f"Mailchimp: {entity.name}, United States (processor)" in row["recipients"]
    words = environment(language_record("en")).get_template("_words.j2").module
    assert row["transfers"] == (
        f"Mailchimp: United States, under {words.MECHANISM['dpf']} and {words.MECHANISM['scc']}"
    )


def test_an_other_recipient_outside_the_eea_shows_its_safeguard(tmp_path: Path) -> None:
    recipient = {
        "kind": "service_providers",
        "data": ["contact"],
        "countries": ["IN"],
        "transfer_mechanism": "scc",
    }
    loaded = load_profile(write_profile(tmp_path / "p.yaml", minimal(other_recipients=[recipient])))
    (row,) = _rows(loaded, "en", "csv")
    assert row["transfers"].startswith("Other service providers: India, under the standard contractual")
    assert (
        _rows(load_profile(write_profile(tmp_path / "q.yaml", minimal())), "en", "csv")[0]["transfers"]
        == "None"
    )


def test_markdown_escapes_profile_text(tmp_path: Path) -> None:
    data = minimal()
    data["data"][0]["label"] = "name | *email*"
    loaded = load_profile(write_profile(tmp_path / "p.yaml", data))
    md = record_text(loaded, "en", "md", TODAY)
    assert "Name \\| \\*email\\*" in md
    assert "Name | *email*" in _rows(loaded, "en", "csv")[0]["data"]


def test_every_legal_basis_is_worded() -> None:
    for lang in ("en", "fr"):
        assert set(_BASIS[lang]) == set(typing.get_args(LegalBasis))


# -- command line ----------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "drafter", "record", *args], capture_output=True, text=True, timeout=60
    )


def test_default_language_is_the_profiles_first(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["record", str(EXAMPLE)]) == 0
    assert capsys.readouterr().out.startswith("# Registre des activités de traitement d'Atelier Lumen SAS\n")


def test_output_is_written_atomically(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "record.csv"
    out.write_text("previous\n")
    assert main(["record", str(EXAMPLE), "--lang", "en", "--format", "csv", "-o", str(out)]) == 0
    assert capsys.readouterr().out == ""
    written = out.read_bytes().decode("utf-8")
    assert written.startswith("Purpose of the processing,Legal basis,")
    assert len(list(csv.reader(io.StringIO(written, newline="")))) == 10
    assert sorted(p.name for p in tmp_path.iterdir()) == ["record.csv"]  # no temporary file left
    # A bad profile leaves the previous output whole.
    bad = write_profile(tmp_path / "bad.yaml", {**minimal(), "unknown": 1})
    assert main(["record", str(bad), "-o", str(out)]) == 2
    assert out.read_bytes().decode("utf-8") == written
    # Never over the input profile.
    assert main(["record", str(bad), "-o", str(bad)]) == 2
    assert "refusing to overwrite the input profile" in capsys.readouterr().err


def test_a_bad_profile_gives_file_line_problems_and_exit_2(tmp_path: Path) -> None:
    bad = BAD / "many-problems.yaml"
    result = run(str(bad))
    assert result.returncode == 2 and result.stdout == "" and "Traceback" not in result.stderr
    expected = (BAD / "many-problems.expected").read_text().replace("{file}", str(bad)).splitlines()
    assert result.stderr.splitlines() == expected
    assert all(re.match(rf"{re.escape(str(bad))}:\d+: ", line) for line in expected)


def test_refused_language_and_regime(tmp_path: Path) -> None:
    english = write_profile(tmp_path / "en.yaml", minimal())
    result = run(str(english), "--lang", "fr")
    assert result.returncode == 2
    assert re.fullmatch(rf"{re.escape(str(english))}:\d+: .*add 'fr' to 'languages'.*\n", result.stderr)
    us = write_profile(
        tmp_path / "us.yaml",
        minimal(regimes={"caloppa": True}, california={"change_request": "Write to us."}),
    )
    result = run(str(us))
    assert result.returncode == 2
    assert re.fullmatch(
        rf"{re.escape(str(us))}:\d+: regimes: a record of processing activities .*\n", result.stderr
    )


FACTURO = ROOT / "profiles" / "facturo.yaml"


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_saas_gets_its_processor_record_beside_its_controller_record(lang: Lang) -> None:
    """Art. 30(2): the data held for business customers is recorded as a processor's: for
    whom, with which sub-processors; it is in none of the controller's activities."""
    loaded = load_profile(FACTURO)
    record = build_record(loaded, lang, TODAY)
    held = loaded.facts.processor_data
    labels = [d.label for d in policy_context(loaded, lang).processor_data]
    assert held == ("customer-records",) and len(labels) == 1
    assert all(
        labels[0] not in "\n".join(f for fields in a.fields for f in fields) for a in record.activities
    )
    (processing,) = record.processor_activities
    fields = dict(zip(COLUMNS, processing.fields, strict=True))
    assert labels[0].lower() in fields["data"][0].lower()
    assert any(r.startswith("OVHcloud") for r in fields["recipients"])
    assert "28" in fields["legal_basis"][0] and "30" in fields["role"][0]
    text = record_text(loaded, lang, "md", TODAY)
    assert text.count("\n## ") == 2  # the activities as controller, then as processor
    rows = list(csv.reader(io.StringIO(record_text(loaded, lang, "csv", TODAY), newline="")))
    assert len(rows) == 1 + len(loaded.profile.purposes) + 1
    assert rows[-1][COLUMNS.index("role")] == fields["role"][0]
    assert "30" in rows[1][COLUMNS.index("role")]  # a controller's activity says so too
