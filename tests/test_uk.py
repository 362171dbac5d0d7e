"""A UK-only controller speaks of the UK GDPR, the ICO and the UK's own transfer rules."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import ROOT

from drafter.commands.record import record_text
from drafter.legal.load import load_profile
from drafter.legal.transfers import transfer_safeguards
from drafter.model.law import load_law
from drafter.render.formats import render
from drafter.render.language import language_record
from drafter.render.words import words

LONDON = ROOT / "profiles" / "stridelog.yaml"
EU_WORDS = {
    "en": [
        "EEA",
        "European Economic Area",
        "adequacy decision of the European Commission",
        "Article 6(1)(b) GDPR",
    ],
    "fr": ["EEE", "Espace économique européen", "décision d'adéquation de la Commission", "du RGPD)"],
}


def test_uk_transfer_rules() -> None:
    law = load_law()
    to_us = transfer_safeguards(["US", "DE"], True, "scc", law, "uk")
    assert to_us is not None
    assert {c.country: c.mechanisms for c in to_us.by_country} == {
        "DE": ("uk_adequacy",),
        "US": ("uk_extension", "uk_addendum"),
    }
    india = transfer_safeguards(["IN"], False, "bcr", law, "uk")
    assert india is not None and india.by_country[0].mechanisms == ("uk_bcr",)
    assert transfer_safeguards(["GB"], False, None, law, "uk") is None
    eu = transfer_safeguards(["GB", "US"], True, "scc", law, "eu")
    assert eu is not None and [c.mechanisms for c in eu.by_country] == [("adequacy",), ("dpf", "scc")]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_london_app_never_speaks_of_the_eea(lang: str) -> None:
    loaded = load_profile(LONDON)
    assert loaded.facts.transfer_regime == "uk" and loaded.facts.laws.cited == "uk_gdpr"
    text = render(loaded, lang, "md")  # type: ignore[arg-type]
    record = record_text(loaded, lang, "md", dt.date(2026, 11, 22))  # type: ignore[arg-type]
    for document in (text, record):
        assert not [w for w in EU_WORDS[lang] if w in document]
    w = words(language_record(lang))  # type: ignore[arg-type]
    for code in ("uk_adequacy", "uk_extension", "uk_addendum"):
        assert w.MECHANISM[code] in text
    assert "Information Commissioner's Office" in text and "Wycliffe House" in text
    assert ("UK GDPR" if lang == "en" else "RGPD britannique") in text


def test_the_same_vendor_from_the_eea_keeps_the_eu_rules(tmp_path: Path) -> None:
    text = (LONDON).read_text(encoding="utf-8")
    french = text.replace("country: GB", "country: FR").replace("uk_gdpr: true", "gdpr: true")
    french = french.replace("period: 6 years", "period: 10 years")
    path = tmp_path / "paris.yaml"
    path.write_text(french, encoding="utf-8")
    policy = render(load_profile(path), "en", "md")
    assert "outside the European Economic Area" in policy and "UK Extension" not in policy
