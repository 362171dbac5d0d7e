from __future__ import annotations

import datetime as dt

from drafter.model.types import Duration
from drafter.render.filters import NBSP, country_name, duration, fr_de, join_list, long_date


def test_dates_are_localised_with_french_first_of_month() -> None:
    assert long_date(dt.date(2024, 5, 15), "en") == "May 15, 2024"
    assert long_date(dt.date(2024, 5, 15), "fr") == f"15{NBSP}mai 2024"
    assert long_date(dt.date(2024, 6, 1), "fr") == f"1er{NBSP}juin 2024"
    assert long_date(dt.date(2024, 6, 11), "fr") == f"11{NBSP}juin 2024"


def test_lists_and_countries() -> None:
    assert join_list(["a", "b", "c"], "en") == "a, b, and c"
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
