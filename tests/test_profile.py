"""Profile validation: types, cross-field rules, located messages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from helpers import minimal, write_profile

from drafter.errors import DrafterError
from drafter.legal.load import load_profile


def problems(tmp_path: Path, data: dict[str, Any]) -> list[str]:
    path = write_profile(tmp_path / "p.yaml", data)
    with pytest.raises(DrafterError) as info:
        load_profile(path)
    return [str(p).replace(str(path), "p.yaml") for p in info.value.problems]


def test_minimal_profile_is_valid(tmp_path: Path) -> None:
    loaded = load_profile(write_profile(tmp_path / "p.yaml", minimal()))
    assert loaded.profile.controller.address.country == "FR"


def test_unknown_field_suggests_the_close_one(tmp_path: Path) -> None:
    data = minimal()
    data["controller"]["emial"] = "x@example.org"
    assert any(
        "controller.emial: unknown field (did you mean 'email'?)" in p for p in problems(tmp_path, data)
    )


def test_every_problem_is_reported_at_once_with_its_line(tmp_path: Path) -> None:
    data = minimal()
    data["controller"]["email"] = "not-an-email"
    data["controller"]["address"]["country"] = "XX"
    data["retention"][0]["period"] = "forever"
    found = problems(tmp_path, data)
    assert len(found) == 3
    assert all(p.startswith("p.yaml:") for p in found)
    joined = "\n".join(found)
    assert "controller.email:" in joined
    assert "controller.address.country: 'XX' is not an ISO 3166 alpha-2 country code" in joined
    assert "retention[0].period: 'forever' is not a duration" in joined


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda d: d["purposes"][0].update(legal_basis="consent"),
            "purposes[0].withdraw: a consent-based purpose needs a way to withdraw consent",
        ),
        (
            lambda d: d["purposes"][0].update(legal_basis="legitimate_interests"),
            "purposes[0].legitimate_interest: a legitimate-interest purpose must state the interest",
        ),
        (
            lambda d: d["purposes"][0].update(data=["contcat"]),
            "purposes[0].data: unknown data category 'contcat' (did you mean 'contact'?)",
        ),
        (
            lambda d: d["controller"]["address"].update(country="CN"),
            "eu_representative: a GDPR controller outside the EEA needs an EU representative",
        ),
        (
            lambda d: d.update(retention=[{"data": ["other"], "period": "1 year"}]),
            "data[0].id: no retention rule covers 'contact'",
        ),
        (
            lambda d: d.update(processors=[{"vendor": "strpe", "purposes": ["orders"]}]),
            "processors[0].vendor: unknown vendor 'strpe' (did you mean 'stripe'?)",
        ),
        (
            lambda d: d.update(
                cookies=[{"name": "ga", "group": "analytics", "purpose": "stats", "duration": "1 year"}]
            ),
            "cookie_settings.withdraw: cookies need consent; say how to withdraw it",
        ),
        (
            lambda d: d.update(languages=["en", "fr"]),
            "service.description: this profile is in en and fr: give this text as {en: ..., fr: ...}",
        ),
        (
            lambda d: d.update(dates={"effective": "2024-06-01", "last_updated": "2024-01-01"}),
            "dates.last_updated: cannot be before the effective date",
        ),
        (
            lambda d: d.update(
                processors=[
                    {
                        "vendor": "stripe",
                        "purposes": ["orders"],
                        "override": {"processing_countries": ["CN"], "transfer_mechanism": None},
                    }
                ]
            ),
            "processors[0].vendor: Stripe processes data in CN, which has no adequacy decision",
        ),
        (
            lambda d: d["regimes"].update(caloppa=True),
            "regimes.caloppa: a CalOPPA policy needs a 'california' section",
        ),
    ],
)
def test_cross_field_rules(tmp_path: Path, change: Any, expected: str) -> None:
    data = minimal()
    change(data)
    found = problems(tmp_path, data)
    assert any(expected in p for p in found), found


def test_rule_problem_points_at_the_right_line(tmp_path: Path) -> None:
    data = minimal()
    data["purposes"][0]["legal_basis"] = "consent"
    path = write_profile(tmp_path / "p.yaml", data)
    lines = path.read_text().splitlines()
    with pytest.raises(DrafterError) as info:
        load_profile(path)
    (problem,) = info.value.problems
    assert problem.line is not None
    assert lines[problem.line - 1].lstrip("- ").startswith("id: orders")


def test_eu_representative_exemption_allows_non_eea_controller(tmp_path: Path) -> None:
    data = minimal(eu_representative_exempt=True)
    data["controller"]["address"]["country"] = "CN"
    assert load_profile(write_profile(tmp_path / "p.yaml", data)).profile.eu_representative_exempt
