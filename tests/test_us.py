"""US privacy law: the CCPA notice (11 CCR § 7011(e)), the other states, CalOPPA and COPPA.

Castline (profiles/castline.yaml) is a US app that shares device data and precise location
with ad partners, honours Global Privacy Control, takes requests by a toll-free number,
and has users from 13: every statement the CCPA asks of it is checked in both languages.
Each § 7011(e) item is then taken out of the profile, and validate or check must fail on
that item alone.
"""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from helpers import us_minimal, write_profile

from drafter.commands.check import check_profile
from drafter.errors import DrafterError
from drafter.legal.facts import build_facts
from drafter.legal.load import load_profile
from drafter.model.law import LawData, law_file, load_law
from drafter.model.profile import Profile
from drafter.model.yaml_source import load_yaml
from drafter.render.policy import render_policy

CASTLINE = ROOT / "profiles" / "castline.yaml"
TODAY = dt.date(2026, 12, 1)


def castline() -> dict[str, Any]:
    data = yaml.safe_load(CASTLINE.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data


def policy_text(path: Path, lang: str = "en") -> str:
    policy = render_policy(load_profile(str(path)), lang)  # type: ignore[arg-type]
    return policy.markdown


def section(text: str, heading: str) -> str:
    start = text.index(f"## {heading}")
    end = text.find("\n## ", start + 4)
    return text[start : end if end > 0 else None]


def errors_of(data: dict[str, Any], tmp_path: Path) -> set[tuple[str, str]]:
    """(rule, path) of every error ``validate`` reports, or of what ``check`` finds missing."""
    path = write_profile(tmp_path / "p.yaml", data)
    try:
        loaded = load_profile(str(path))
    except DrafterError as exc:
        return {(getattr(p, "rule", "") or "schema", p.path or "") for p in exc.problems}
    result = check_profile(path, today=TODAY)
    found = {(f.rule, f.path or "") for f in result.findings if f.level == "error" or f.rule == "unused-data"}
    missing = {("missing", r.id) for r in result.requirements if not all(r.met.values())}
    assert loaded is not None
    return found | missing


# -- Castline, read as counsel would --------------------------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_castline_states_what_the_ccpa_asks(lang: str) -> None:
    text = policy_text(CASTLINE, lang)
    heading = "Your California privacy rights" if lang == "en" else "Vos droits en Californie"
    ccpa = section(text, heading)
    # Sharing, the opt-out link and Global Privacy Control.
    assert "https://castline.example/privacy/choices" in ccpa
    assert "Global Privacy Control" in ccpa
    assert "Do Not Sell or Share My Personal Information" in ccpa
    # The right to limit and its link; the two methods; verification; agents; 45 days.
    assert "https://castline.example/privacy/limit" in ccpa
    assert "1-888-555-0142" in ccpa and "privacy@castline.example" in ccpa
    assert "45" in ccpa and "10" in ccpa
    profile = castline()
    for key in ("verification", "agents"):
        assert profile["ccpa"]["requests"][key][lang].split(".")[0] in ccpa.replace("\u202f", " ").replace(
            "\u00a0", " "
        )
    # The table, one row a category, with the retention of each.
    rows = [line for line in ccpa.splitlines() if line.startswith("| ") and "---" not in line]
    assert len(rows) == 1 + 8  # a header and the eight categories Castline's data falls in
    assert all(line.count(" | ") == 6 for line in rows)
    assert all(row.rstrip(" |").split(" | ")[-1].strip() for row in rows[1:])  # a retention each


def test_castline_never_claims_what_its_profile_does_not_say() -> None:
    text = policy_text(CASTLINE)
    assert "We do not sell or share" not in text  # it shares for advertising
    assert "only if you agree" not in text  # no consent tool: US opt-out model
    assert "without asking for your consent first" in section(text, "Cookies and similar technologies")
    assert "Article" not in text and "GDPR" not in text  # no European law applies
    recipients = section(text, "Who receives your data")
    providers = recipients[
        recipients.index("### Our service providers") : recipients.index("### Our advertising partners")
    ]
    assert "Adwave" not in providers and "Meta Pixel" not in providers
    assert "Children's Online Privacy Protection Act" in section(text, "Children")
    assert "most expedient time possible" in section(text, "How we protect your data")
    tracking = section(text, "Notice for California residents")
    assert "Adwave" in tracking and "Meta Pixel" in tracking


def test_castline_passes_check_strict() -> None:
    result = check_profile(CASTLINE, today=TODAY)
    assert result.passed(strict=True), [str(f) for f in result.findings]
    ids = {r.id for r in result.requirements}
    assert {"ccpa_right_limit", "ccpa_minors", "ccpa_signals", "us_state_appeal", "us_state_sensitive"} <= ids
    assert all(all(r.met.values()) for r in result.requirements)


# -- Each § 7011(e) item, taken out ---------------------------------------------------------


def _drop(data: dict[str, Any], *path: str | int) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for key in path[:-1]:
        node = node[key]
    del node[path[-1]]
    return out


def _set(data: dict[str, Any], value: Any, *path: str | int) -> dict[str, Any]:
    out = copy.deepcopy(data)
    node: Any = out
    for key in path[:-1]:
        node = node[key]
    node[path[-1]] = value
    return out


ITEMS: list[tuple[str, Any, set[tuple[str, str]]]] = [
    (
        "categories collected (A)",
        lambda d: _drop(_drop(d, "data", 0, "kind"), "data", 0, "ccpa"),
        {("ccpa-category", "data[0].ccpa")},
    ),
    ("sources (B)", lambda d: _drop(d, "data", 0, "source"), {("schema", "data[0].source")}),
    (
        "purposes (C)",
        lambda d: _set(d, ["account"], "purposes", 5, "data"),
        {("unused-data", "data[7].id")},
    ),
    (
        "sale and sharing (D-E)",
        lambda d: _set(d, False, "selling", "shares_for_advertising"),
        {("us-disclosures-agree", "processors[1]"), ("us-disclosures-agree", "processors[3]")},
    ),
    (
        "the opt-out link",
        lambda d: _drop(d, "ccpa", "links", "do_not_sell_or_share"),
        {("ccpa-opt-outs", "ccpa.links.do_not_sell_or_share")},
    ),
    ("minors (H)", lambda d: _drop(d, "ccpa", "minors"), {("ccpa-opt-outs", "ccpa.minors")}),
    (
        "sensitive information (I)",
        lambda d: _drop(d, "ccpa", "sensitive_use"),
        {("ccpa-opt-outs", "ccpa.sensitive_use")},
    ),
    (
        "the limit link",
        lambda d: _drop(d, "ccpa", "links", "limit_sensitive"),
        {("ccpa-opt-outs", "ccpa.links.limit_sensitive")},
    ),
    (
        "methods: a toll-free number",
        lambda d: _set(d, d["ccpa"]["requests"]["methods"][1:], "ccpa", "requests", "methods"),
        {("ccpa-requests", "ccpa.requests.methods")},
    ),
    (
        "verification",
        lambda d: _drop(d, "ccpa", "requests", "verification"),
        {("ccpa-requests", "ccpa.requests.verification")},
    ),
    (
        "authorised agents",
        lambda d: _drop(d, "ccpa", "requests", "agents"),
        {("ccpa-requests", "ccpa.requests.agents")},
    ),
    (
        "opt-out preference signals",
        lambda d: _set(_drop(d, "ccpa", "signals_detail"), False, "ccpa", "opt_out_signals"),
        {("ccpa-opt-outs", "ccpa.opt_out_signals")},
    ),
    (
        "retention",
        lambda d: _set(d, d["retention"][:-1], "retention"),
        {("retention-covers-data", "data[7].id")},
    ),
    ("date last updated", lambda d: _drop(d, "dates", "last_updated"), {("schema", "dates.last_updated")}),
    ("why the CCPA applies", lambda d: _drop(d, "ccpa", "applies"), {("schema", "ccpa.applies")}),
    ("the whole notice", lambda d: _drop(d, "ccpa"), {("ccpa-section", "regimes.ccpa")}),
    ("contact", lambda d: _drop(d, "controller", "email"), {("schema", "controller.email")}),
]


def test_castline_itself_fails_on_nothing(tmp_path: Path) -> None:
    assert errors_of(castline(), tmp_path) == set()


@pytest.mark.parametrize(("item", "change", "expected"), ITEMS, ids=[i[0] for i in ITEMS])
def test_each_ccpa_item_taken_out_fails_on_that_item(
    item: str, change: Any, expected: set[tuple[str, str]], tmp_path: Path
) -> None:
    assert errors_of(change(castline()), tmp_path) == expected


def test_a_review_older_than_a_year_fails_check(tmp_path: Path) -> None:
    path = write_profile(tmp_path / "p.yaml", castline())
    later = check_profile(path, today=dt.date(2027, 12, 2))
    assert {f.rule for f in later.findings if f.level == "error"} == {"ccpa-stale"}


# -- The other states -----------------------------------------------------------------------


def _selling_sensitive(data: dict[str, Any]) -> dict[str, Any]:
    """Castline, selling precise location to a data broker."""
    data = copy.deepcopy(data)
    data["selling"]["sells"] = True
    data["other_recipients"].append(
        {
            "kind": "other",
            "description": {"en": "a location data broker", "fr": "un courtier en données de localisation"},
            "data": ["location"],
            "ccpa_disclosure": "sale",
        }
    )
    return data


def test_virginia_and_texas_get_their_rights_appeal_and_notices(tmp_path: Path) -> None:
    path = write_profile(tmp_path / "p.yaml", _selling_sensitive(castline()))
    for lang in ("en", "fr"):
        text = policy_text(path, lang)
        heading = (
            "Your rights in other US states" if lang == "en" else "Vos droits dans d'autres États américains"
        )
        states = section(text, heading)
        assert (
            "Virginia Consumer Data Protection Act" in states
            and "Texas Data Privacy and Security Act" in states
        )
        assert "60" in states  # the appeal answer time
        assert "https://www.oag.state.va.us/" in states
        assert "NOTICE: We may sell your sensitive personal data." in states
        assert "NOTICE: We may sell your biometric personal data." not in states  # no biometric data
    result = check_profile(path, today=TODAY)
    assert "us_state_notices" in {r.id for r in result.requirements}
    assert result.passed(strict=True), [str(f) for f in result.findings]


def test_castline_without_a_sale_gets_no_texas_notice() -> None:
    assert "NOTICE:" not in policy_text(CASTLINE)


def test_a_state_added_as_data_appears_with_no_code_change(tmp_path: Path) -> None:
    doc = load_yaml(law_file("us_law.yaml")).data
    doc["states"]["NS"] = {
        **doc["states"]["VA"],
        "name": {"en": "Newstate", "fr": "Nouvel-État"},
        "law": {
            "en": "the Newstate Privacy Act (NPA)",
            "fr": "la loi de Nouvel-État sur la vie privée (Newstate Privacy Act, NPA)",
        },
        "citation": "N.S. Code § 1-100",
        "appeal_days": 30,
        "regulator": {
            "name": {"en": "the Newstate Attorney General", "fr": "le procureur général de Nouvel-État"},
            "url": "https://ag.newstate.example/",
        },
        "notices": [
            {
                "when": "targeted_advertising",
                "text": "NOTICE: We use your data for targeted ads.",
                "translation": {
                    "en": "NOTICE: We use your data for targeted ads.",
                    "fr": "AVIS : nous utilisons vos données pour la publicité ciblée.",
                },
                "reference": "N.S. Code § 1-105",
            }
        ],
    }
    law = load_law()
    ours = LawData.model_validate({**law.model_dump(), "us": doc})
    data = castline()
    data["us_states"] = {"states": ["NS"]}
    path = write_profile(tmp_path / "p.yaml", data)
    with pytest.raises(DrafterError, match="no law data for 'NS'"):
        load_profile(str(path))  # the shipped law data has no Newstate
    shipped = load_profile(str(CASTLINE))
    model = Profile.model_validate(data)
    facts = build_facts(model, shipped.vendors, ours)
    assert not facts.us.unknown_states
    text = render_policy(dataclasses.replace(shipped, profile=model, facts=facts), "en").markdown
    states = section(text, "Your rights in other US states")
    assert "Newstate Privacy Act" in states and "N.S. Code § 1-100" in states
    assert "30 days" in states and "https://ag.newstate.example/" in states
    assert "NOTICE: We use your data for targeted ads." in states


# -- CalOPPA and COPPA ----------------------------------------------------------------------


def test_coppa_is_named_and_a_child_directed_service_is_refused(tmp_path: Path) -> None:
    data = us_minimal(regimes={"ccpa": True, "caloppa": True, "coppa": True}, children={"minimum_age": 13})
    path = write_profile(tmp_path / "p.yaml", data)
    assert "Children's Online Privacy Protection Act" in policy_text(path)
    data["children"]["directed_at_children"] = True
    assert ("children-statement", "children.directed_at_children") in errors_of(data, tmp_path)
    data["children"] = {"minimum_age": 10}
    assert ("children-statement", "children.minimum_age") in errors_of(data, tmp_path)


def test_a_us_only_profile_needs_no_gdpr_basis(tmp_path: Path) -> None:
    data = us_minimal()
    del data["purposes"][0]["legal_basis"]
    assert errors_of(data, tmp_path) == set()
    data["regimes"]["gdpr"] = True
    (tmp_path / "gdpr").mkdir()
    assert ("purpose-basis", "purposes[0].legal_basis") in errors_of(data, tmp_path / "gdpr")


def test_an_online_only_business_needs_only_an_email_address(tmp_path: Path) -> None:
    data = us_minimal()
    assert errors_of(data, tmp_path) == set()
    text = policy_text(write_profile(tmp_path / "p.yaml", data))
    assert "Email us at privacy@example.org" in text
    assert "We do not sell your personal information" in text


def test_us_cookies_follow_the_model_the_profile_uses(tmp_path: Path) -> None:
    data = castline()
    data["cookie_settings"] = {
        "consent_tool": True,
        "withdraw": {
            "en": "Open Cookie settings at the foot of any page.",
            "fr": "Ouvrez les réglages des cookies en bas de page.",
        },
    }
    cookies = section(
        policy_text(write_profile(tmp_path / "p.yaml", data)), "Cookies and similar technologies"
    )
    assert "only if you agree." in cookies
    assert "without asking for your consent first" not in cookies
    assert "without asking for your consent first" in section(
        policy_text(CASTLINE), "Cookies and similar technologies"
    )


def test_sensitive_data_sold_or_shared_is_beyond_the_permitted_purposes(tmp_path: Path) -> None:
    data = castline()  # Adwave receives precise location for ads: a sharing
    data["ccpa"]["sensitive_use"] = "permitted_only"
    assert ("ccpa-opt-outs", "ccpa.sensitive_use") in errors_of(data, tmp_path)


def test_texas_wants_two_request_methods_and_forbids_selling_biometrics(tmp_path: Path) -> None:
    data = castline()
    data["ccpa"]["requests"] = {
        **data["ccpa"]["requests"],
        "methods": [{"kind": "email"}],
        "online_only": True,
    }
    (tmp_path / "a").mkdir()
    assert errors_of(data, tmp_path / "a") == {("us-state-duties", "ccpa.requests.methods")}
    data = _selling_sensitive(castline())
    data["data"][3]["us_sensitive"] = "biometric"  # what the broker buys is now biometric
    (tmp_path / "b").mkdir()
    found = errors_of(data, tmp_path / "b")
    assert ("us-state-duties", "selling.sells") in found


def test_opting_in_under_16_is_described(tmp_path: Path) -> None:
    data = _drop(castline(), "ccpa", "minors_process")
    assert errors_of(data, tmp_path) == {("ccpa-opt-outs", "ccpa.minors_process")}
    ccpa = section(policy_text(CASTLINE), "Your California privacy rights")
    assert "If we know that a consumer is 13, 14 or 15" in ccpa and "year of birth" in ccpa
    assert "a parent or guardian must opt in" not in ccpa  # Castline is not for children under 13


def test_how_a_signal_is_applied_is_said(tmp_path: Path) -> None:
    assert errors_of(_drop(castline(), "ccpa", "signals_detail"), tmp_path) == {
        ("ccpa-opt-outs", "ccpa.signals_detail")
    }


def test_rights_some_states_lack_are_marked(tmp_path: Path) -> None:
    data = castline()
    data["us_states"] = {"states": ["VA", "OR", "UT"]}
    states = section(policy_text(write_profile(tmp_path / "p.yaml", data)), "Your rights in other US states")
    assert (
        "to get a list of the specific third parties we have disclosed your personal data to "
        "(not in Virginia or Utah)" in states
    )
    assert "(not in Utah)" in states  # profiling: Utah grants no opt-out of it
