from __future__ import annotations

import datetime as dt

import pytest

from drafter.model.types import Duration
from drafter.render.filters import NBSP, capfirst, country_name, duration, fr_de, join_list, long_date
from drafter.render.language import RECORDS, language_record
from drafter.render.markdown import Markdown

US = language_record("en", "en-US")


def test_dates_are_localised_with_french_first_of_month() -> None:
    assert long_date(dt.date(2024, 5, 15), "en") == "15 May 2024"  # British by default
    assert long_date(dt.date(2024, 5, 15), US) == "May 15, 2024"
    assert long_date(dt.date(2024, 5, 15), "fr") == f"15{NBSP}mai 2024"
    assert long_date(dt.date(2024, 6, 1), "fr") == f"1er{NBSP}juin 2024"
    assert long_date(dt.date(2024, 6, 11), "fr") == f"11{NBSP}juin 2024"
    assert long_date(dt.date(2024, 6, 1), "en") == "1 June 2024"


def test_lists_and_countries() -> None:
    assert join_list(["a", "b", "c"], "en") == "a, b and c"  # no serial comma in British English
    assert join_list(["a", "b", "c"], US) == "a, b, and c"
    assert join_list(["a", "b", "c"], "en", "or") == "a, b or c"
    assert join_list(["a", "b", "c"], "fr") == "a, b et c"
    assert country_name("US", "fr") == "États-Unis"
    assert country_name("NO", "en") == "Norway"


def test_durations_and_elision() -> None:
    assert duration(Duration(3, "year"), "en") == "3 years"
    assert duration(Duration(1, "year"), "en") == "1 year"
    assert duration(Duration(13, "month"), "fr") == f"13{NBSP}mois"
    assert fr_de("Intercom") == "d'Intercom"
    assert fr_de("Stripe") == "de Stripe"
    assert fr_de("HubSpot") == "de HubSpot"


def test_text_filters_keep_markdown_marked_and_escape_plain_items_once() -> None:
    assert isinstance(capfirst(Markdown("a\\_b")), Markdown) and not isinstance(capfirst("a_b"), Markdown)
    joined = join_list([Markdown("x\\_y"), "a_b"], "en")
    assert isinstance(joined, Markdown) and joined == "x\\_y and a\\_b"
    assert join_list(["a_b", "c"], "en") == "a_b and c"  # plain in, plain out: escaped when printed


def test_each_language_has_records_and_a_default() -> None:
    assert {r.lang for r in RECORDS.values()} == {"en", "fr"}
    assert language_record("en").tag == "en-GB" and language_record("fr").tag == "fr-FR"
    with pytest.raises(ValueError):
        language_record("fr", "en-US")
