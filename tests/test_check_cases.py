"""The ten false assurances of the issue "drafter check proves content", each written as a
profile of its own: ``check`` must fail every one, with a finding that names the profile
line and a fix (and, where the policy would lack a fact, the requirement it leaves unmet).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from helpers import minimal, write_profile

from drafter.commands.check import ProfileCheck, check_profile

TODAY = dt.date(2026, 11, 22)
OBJECT = "Untick 'audience measurement' in the cookie settings at the foot of each page."
SETTINGS = {"consent_tool": True, "withdraw": "Use the cookie settings at the foot of each page."}


def _with(**changes: Any) -> dict[str, Any]:
    return minimal(**changes)


def _purpose(ident: str, data: list[str], basis: str, **more: Any) -> dict[str, Any]:
    return {"id": ident, "description": f"do {ident}", "data": data, "legal_basis": basis, **more}


STATS = _purpose(
    "stats", ["visits"], "legitimate_interests", kind="analytics", legitimate_interest="knowing our audience"
)
VISITS = {"id": "visits", "label": "visit statistics", "source": "automatic"}
OWN_STATS_COOKIE = {
    "name": "_stats",
    "group": "analytics",
    "legal_basis": "legitimate_interests",
    "purpose": "counts visits",
    "duration": "13 months",
}


def _measured(months: int) -> dict[str, Any]:
    """Consent-exempt measurement of the visits, their data kept ``months``."""
    return {
        "data": [*minimal()["data"], VISITS],
        "purposes": [*minimal()["purposes"], STATS],
        "retention": [*minimal()["retention"], {"data": ["visits"], "period": f"{months} months"}],
    }


US = {
    "legal_name": "Trailhead Labs, Inc.",
    "website": "https://trailhead.example",
    "address": {"lines": ["1 Market St", "San Francisco, CA 94105"], "country": "US"},
    "email": "privacy@trailhead.example",
}


CASES: dict[str, tuple[dict[str, Any], str, str | None]] = {
    # 1. A French invoicing SaaS: its customers' clients' details are held for the customers.
    "saas-controller-of-customer-data": (
        _with(
            service={"name": "Facturo", "description": "online invoicing service"},
            data=[
                {"id": "account", "label": "account details", "source": "you"},
                {
                    "id": "clients",
                    "label": "your clients' names and addresses",
                    "source": "you",
                    "role": "processor",
                },
            ],
            purposes=[_purpose("invoicing", ["account", "clients"], "contract")],
            retention=[{"data": ["account"], "period": "3 years", "starts": "account_closure"}],
        ),
        "processor-data",
        None,
    ),
    # 2. Google Analytics declared consent-exempt: its _ga cookie lives 2 years.
    "ga-consent-exempt": (
        _with(
            **_measured(13),
            processors=[{"vendor": "google-analytics", "purposes": ["stats"]}],
            cookies=[{"vendor": "google-analytics", "legal_basis": "legitimate_interests"}],
            cookie_settings={"objection": OBJECT},
        ),
        "cnil-exempt-analytics",
        None,
    ),
    # 3. Exempt measurement whose data is kept 37 months.
    "exempt-measurement-37-months": (
        _with(
            **_measured(37),
            cookies=[OWN_STATS_COOKIE],
            cookie_settings={"objection": OBJECT},
        ),
        "cnil-measurement-data",
        None,
    ),
    # 4. Exempt measurement with no way to object.
    "exempt-measurement-no-objection": (
        _with(cookies=[OWN_STATS_COOKIE]),
        "cnil-measurement-data",
        "measurement_objection",
    ),
    # 5. An analytics cookie with no group, on legitimate interests: the catalog says what it is.
    "analytics-cookie-without-group": (
        _with(
            processors=[{"vendor": "google-analytics", "data": ["contact"]}],
            cookies=[{"vendor": "google-analytics", "name": "_ga", "legal_basis": "legitimate_interests"}],
            cookie_settings={"objection": OBJECT},
        ),
        "cnil-exempt-analytics",
        None,
    ),
    # 6. Invoices kept 5 years by a French controller, with no statute cited.
    "invoices-five-years": (
        _with(
            data=[{"id": "billing", "label": "invoices", "source": "you", "statutory": "invoices"}],
            purposes=[_purpose("books", ["billing"], "legal_obligation")],
            retention=[{"data": ["billing"], "period": "5 years"}],
        ),
        "statutory-records",
        None,
    ),
    # 7. CalOPPA with no review process.
    "caloppa-no-review-text": (
        _with(controller=US, regimes={"caloppa": True}, california={"do_not_track": "not_honoured"}),
        "us-sections",
        "caloppa_review",
    ),
    # 8. CalOPPA saying no other party tracks users, while Meta receives device identifiers.
    "caloppa-tracking-denied": (
        _with(
            controller=US,
            regimes={"caloppa": True},
            california={"third_party_tracking": False, "change_request": "Edit your profile in the app."},
            processors=[{"vendor": "meta-pixel", "data": ["contact"]}],
        ),
        "third-party-tracking",
        None,
    ),
    # 9. COPPA for a service directed at children, "not intended for children under 0".
    "coppa-age-zero": (
        _with(
            controller=US,
            regimes={"caloppa": True, "coppa": True},
            california={"change_request": "Edit your profile in the app."},
            children={"minimum_age": 0, "directed_at_children": True},
        ),
        "children-statement",
        None,
    ),
    # 10. A yoga studio's health notes on a contract basis, with no Art. 9 condition.
    "health-data-on-contract": (
        _with(
            data=[
                *minimal()["data"],
                {
                    "id": "health",
                    "label": "injuries and health conditions",
                    "source": "you",
                    "special": "health",
                },
            ],
            purposes=[_purpose("classes", ["contact", "health"], "contract")],
            retention=[{"data": ["contact", "health"], "period": "1 year", "starts": "last_activity"}],
        ),
        "special-category-condition",
        None,
    ),
}


def _checked(name: str, data: dict[str, Any], tmp_path: Path) -> ProfileCheck:
    return check_profile(write_profile(tmp_path / f"{name}.yaml", data), today=TODAY)


@pytest.mark.parametrize("name", list(CASES))
def test_each_false_assurance_fails_with_a_located_fix(name: str, tmp_path: Path) -> None:
    data, rule, _ = CASES[name]
    result = _checked(name, data, tmp_path)
    assert result.loaded, result.findings
    assert not result.passed(strict=False)
    found = [f for f in result.findings if f.rule == rule]
    assert found, [f.report_line() for f in result.findings]
    assert all(f.level == "error" and f.line and f.fix for f in found), found


@pytest.mark.parametrize(
    ("name", "requirement", "mend"),
    [
        (
            "exempt-measurement-no-objection",
            "measurement_objection",
            {"cookie_settings": {"consent_tool": True}},
        ),
        ("caloppa-no-review-text", "caloppa_review", {}),
    ],
)
def test_a_fact_the_profile_lacks_leaves_its_requirement_unmet(
    name: str, requirement: str, mend: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the rule that refuses it switched off, the policy is rendered and 'check' shows
    the requirement missing, naming the witness and why."""
    from drafter.legal import rules

    data = {**CASES[name][0], **mend}
    rule = rules.RULES[CASES[name][1]]
    monkeypatch.setitem(
        rules.RULES, rule.id, rules.Rule(rule.id, "warning", rule.stage, rule.fix, rule.check, rule.doc)
    )
    result = _checked(name, data, tmp_path)
    status = next(r for r in result.requirements if r.id == requirement)
    assert not status.ok
    (missing,) = status.missing("en")
    assert missing.why_missing.startswith("the profile gives no")


@pytest.mark.parametrize(
    ("label", "lang"), [("health information", "en"), ("informations de santé", "fr"), ("Injuries", "en")]
)
def test_data_that_reads_like_a_special_category_is_flagged(label: str, lang: str, tmp_path: Path) -> None:
    data = _with(
        languages=[lang],
        data=[*minimal()["data"], {"id": "notes", "label": label, "source": "you"}],
        purposes=[_purpose("classes", ["contact", "notes"], "contract")],
        retention=[{"data": ["contact", "notes"], "period": "1 year"}],
    )
    result = _checked("unmarked", data, tmp_path)
    (found,) = [f for f in result.findings if f.rule == "special-category-unmarked"]
    assert found.level == "warning" and found.path == "data[1].label" and "special: health" in found.fix
    assert result.passed(strict=False) and not result.passed(strict=True)
    marked = {
        **data,
        "data": [*minimal()["data"], {"id": "notes", "label": label, "source": "you", "special": "health"}],
    }
    assert "special-category-unmarked" not in {f.rule for f in _checked("marked", marked, tmp_path).findings}


def test_the_quick_search_for_signs_misses_none_the_exact_ones_find() -> None:
    """special-category-unmarked first asks one lower-case search whether any sign is there:
    every stem, in any case IGNORECASE would match, in running text, still gets through."""
    from drafter.legal.special_rules import _PATTERNS, _SIGNS, _may_sign

    for stem in (s for stems in _SIGNS.values() for s in stems):
        odd = (stem.replace("s", "\u017f"), stem.replace("i", "\u0131"))  # long s, dotless i
        for variant in (stem, stem.upper(), stem.title(), *odd):
            text = f"notes on ({variant}) and more"
            if any(p.search(text) for p in _PATTERNS.values()):
                assert _may_sign(["other words", text]), variant
    assert not _may_sign(["Your name", "the invoice address"])
