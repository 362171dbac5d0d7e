"""drafter check: completeness proved on the rendered policy, and the consistency rules."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, ROOT
from helpers import minimal, us_minimal, write_profile

from drafter.cli import main
from drafter.commands.check import check_profile
from drafter.render.environment import templates_root

TODAY = dt.date(2026, 11, 22)


def rules_found(data: dict[str, Any], tmp_path: Path) -> dict[str, str]:
    """{rule: level} of the findings for a profile made of ``data``."""
    result = check_profile(write_profile(tmp_path / "p.yaml", data), today=TODAY)
    return {f.rule: f.level for f in result.findings}


def test_every_shipped_profile_passes_strict_in_both_languages(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["check", "--strict", "--today", TODAY.isoformat(), *map(str, PROFILES)])
    out = capsys.readouterr().out
    assert code == 0, out
    assert out.count("complete: ") == len(PROFILES) and "NOT complete" not in out
    for profile in PROFILES:
        result = check_profile(profile, today=TODAY)
        assert result.langs == ["en", "fr"] or result.langs == ["fr", "en"]
        assert result.requirements and all(all(r.met.values()) for r in result.requirements)


def test_requirements_follow_the_profile(tmp_path: Path) -> None:
    plain = check_profile(write_profile(tmp_path / "p.yaml", minimal()), today=TODAY)
    ids = {r.id for r in plain.requirements}
    assert {"controller", "purposes", "retention", "rights", "complaint", "requirement"} <= ids
    # Conditional items appear only with the fact that triggers them.
    assert not ids & {"dpo", "legitimate_interests", "withdraw_consent", "transfers", "source", "cookie_list"}
    assert not any(i.startswith(("caloppa", "ccpa", "coppa")) for i in ids)
    richer = minimal(
        dpo={"email": "dpo@example.org"},
        purposes=[
            {
                "id": "news",
                "description": "send you our news",
                "data": ["contact"],
                "legal_basis": "consent",
                "withdraw": "Click the unsubscribe link.",
            }
        ],
        processors=[{"vendor": "mailchimp", "purposes": ["news"]}],
    )
    ids = {r.id for r in check_profile(write_profile(tmp_path / "q.yaml", richer), today=TODAY).requirements}
    assert {"dpo", "withdraw_consent", "recipients", "transfers"} <= ids


def test_removing_a_section_fails_the_requirements_it_carried(tmp_path: Path) -> None:
    example = ROOT / "profiles" / "example.yaml"
    intact = tmp_path / "intact"
    shutil.copytree(templates_root(), intact)
    assert check_profile(example, template_root=intact, today=TODAY).passed(strict=True)
    templates = tmp_path / "templates"
    shutil.copytree(templates_root(), templates)
    (templates / "fr" / "rights.md.j2").write_text("", encoding="utf-8")  # renders nothing: section gone
    result = check_profile(example, template_root=templates, today=TODAY)
    missing = {r.id: r.met for r in result.requirements if not r.ok}
    assert set(missing) == {"rights", "withdraw_consent", "post_mortem", "complaint"}
    assert missing["rights"] == {"fr": [], "en": ["rights"]}  # met in English only
    assert not result.passed(strict=False)


def test_a_profile_that_does_not_load_is_an_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = minimal(purposes=[{"id": "x", "description": "do x", "data": ["nope"], "legal_basis": "contract"}])
    path = write_profile(tmp_path / "p.yaml", bad)
    good = write_profile(tmp_path / "good.yaml", minimal())
    assert main(["check", str(path), str(good)]) == 2  # bad input, as for 'drafter validate'
    captured = capsys.readouterr()
    expected = "unknown data category 'nope' (known: contact)"
    assert captured.err.splitlines() == [f"{path}:26: purposes[0].data: {expected}"]
    assert f"{good} (en)" in captured.out  # the other profile is still checked


def test_a_legal_contradiction_is_a_finding_not_bad_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = minimal(
        purposes=[
            {"id": "x", "description": "do x", "data": ["contact"], "legal_basis": "legitimate_interests"}
        ]
    )
    path = write_profile(tmp_path / "p.yaml", bad)
    assert main(["check", str(path)]) == 1  # refused by 'validate' and 'render', reported by 'check'
    out = capsys.readouterr().out
    line = f"{path}:24: purposes[0].legitimate_interest: error [legitimate-interest-stated]: "
    assert line + "a legitimate-interest purpose must state the interest" in out
    assert "NOT complete" in out
    assert main(["validate", str(path)]) == 2


# --- one profile that breaks each rule, and one that keeps it ----------------------------

GA = {"vendor": "google-analytics", "purposes": ["stats"]}
STATS = {
    "id": "stats",
    "kind": "analytics",
    "description": "measure visits",
    "data": ["contact"],
    "legal_basis": "consent",
    "withdraw": "Use the cookie settings.",
}
SETTINGS = {"consent_tool": True, "withdraw": "Use the cookie settings."}


def with_purposes(*extra: dict[str, Any], **changes: Any) -> dict[str, Any]:
    base = minimal(**changes)
    base["purposes"] = [*base["purposes"], *extra]
    return base


CASES: list[tuple[str, str, dict[str, Any], dict[str, Any]]] = [
    (
        "cookie-not-necessary",
        "error",
        with_purposes(
            STATS,
            processors=[GA],
            cookies=[{"vendor": "google-analytics", "group": "strictly_necessary"}],
        ),
        with_purposes(
            STATS, processors=[GA], cookies=[{"vendor": "google-analytics"}], cookie_settings=SETTINGS
        ),
    ),
    (
        "cnil-exempt-analytics",
        "error",
        minimal(
            cookies=[
                {
                    "name": "_stats",
                    "group": "analytics",
                    "legal_basis": "legitimate_interests",
                    "purpose": "counts visits",
                    "duration": "2 years",
                }
            ]
        ),
        minimal(
            cookies=[
                {
                    "name": "_stats",
                    "group": "analytics",
                    "legal_basis": "legitimate_interests",
                    "purpose": "counts visits",
                    "duration": "13 months",
                }
            ]
        ),
    ),
    (
        "statutory-retention",
        "error",
        minimal(retention=[{"data": ["contact"], "period": "5 years", "statutory": "invoices"}]),
        minimal(retention=[{"data": ["contact"], "period": "10 years", "statutory": "invoices"}]),
    ),
    (
        "unused-data",
        "warning",
        minimal(
            data=[*minimal()["data"], {"id": "extra", "label": "extra data", "source": "you"}],
            retention=[{"data": ["contact", "extra"], "period": "3 years"}],
        ),
        minimal(),
    ),
    (
        "consent-age",
        "warning",
        with_purposes({**STATS, "kind": "other"}, children={"minimum_age": 13}),
        with_purposes({**STATS, "kind": "other"}, children={"minimum_age": 15}),
    ),
    (
        "ccpa-stale",
        "error",
        us_minimal(dates={"effective": "2025-01-01", "last_updated": "2025-06-01"}),
        us_minimal(dates={"effective": "2025-01-01", "last_updated": "2026-06-01"}),
    ),
]


@pytest.mark.parametrize(("rule", "level", "breaks", "keeps"), CASES, ids=[c[0] for c in CASES])
def test_each_rule(
    rule: str, level: str, breaks: dict[str, Any], keeps: dict[str, Any], tmp_path: Path
) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    assert rules_found(breaks, tmp_path / "a").get(rule) == level
    assert rule not in rules_found(keeps, tmp_path / "b")


def test_stale_vendor_facts(tmp_path: Path) -> None:
    """The 12-month rule counts from each fact's own check date; unverified facts are a note."""
    data = with_purposes(STATS, processors=[GA])
    found = rules_found(data, tmp_path)
    assert "vendor-facts-stale" not in found and found["vendor-facts-unverified"] == "note"
    vouched = {**GA, "override": {"last_checked": "2026-06-01"}}  # the user checked every fact then
    data = with_purposes(STATS, processors=[vouched])
    path = write_profile(tmp_path / "p.yaml", data)
    soon = check_profile(path, today=dt.date(2027, 1, 1))
    assert not {f.rule for f in soon.findings} & {"vendor-facts-stale", "vendor-facts-unverified"}
    assert soon.passed(strict=True)
    later = check_profile(path, today=dt.date(2028, 1, 1))
    (stale,) = [f for f in later.findings if f.rule == "vendor-facts-stale"]
    assert stale.level == "warning" and stale.path == "processors[0].vendor" and stale.line is not None
    assert "entities (checked 2026-06-01)" in stale.message and not later.passed(strict=True)


@pytest.mark.parametrize(
    ("rule", "rule_text", "data"),
    [
        (
            "transfer-safeguard",
            "which has no adequacy decision",  # a recipient outside the EEA with no safeguard
            minimal(
                other_recipients=[
                    {"kind": "group_companies", "description": "our US office", "countries": ["US"]}
                ]
            ),
        ),
        (
            "opt-out-route",
            "marketing based on legitimate interest needs an opt-out",
            with_purposes(
                {
                    "id": "news",
                    "kind": "marketing",
                    "description": "send you news",
                    "data": ["contact"],
                    "legal_basis": "legitimate_interests",
                    "legitimate_interest": "telling customers about our products",
                }
            ),
        ),
        (
            "opt-out-route",
            "selling or sharing personal information needs an opt-out route",
            us_minimal(selling={"sells": True}),
        ),
        (
            "known-reference",
            "unknown data category",
            with_purposes({"id": "y", "description": "do y", "data": ["nope"], "legal_basis": "contract"}),
        ),
    ],
)
def test_rules_validate_enforces_are_reported_by_check(
    rule: str, rule_text: str, data: dict[str, Any], tmp_path: Path
) -> None:
    result = check_profile(write_profile(tmp_path / "p.yaml", data), today=TODAY)
    assert not result.passed(strict=False)
    assert any(f.rule == rule and rule_text in f.message for f in result.findings), result.findings


def test_json_and_strict(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    warn = minimal(
        data=[*minimal()["data"], {"id": "extra", "label": "extra data", "source": "you"}],
        retention=[{"data": ["contact", "extra"], "period": "3 years"}],
    )
    path = write_profile(tmp_path / "p.yaml", warn)
    assert main(["check", str(path), "--today", "2026-11-22"]) == 0
    capsys.readouterr()
    assert main(["check", str(path), "--strict", "--json", "--today", "2026-11-22", "--lang", "en"]) == 1
    payload = json.loads(capsys.readouterr().out)
    (profile,) = payload["profiles"]
    assert payload["strict"] is True and profile["complete"] is False and profile["languages"] == ["en"]
    assert [f["rule"] for f in profile["findings"]] == ["unused-data"]
    assert all(r["ok"] for r in profile["requirements"])
