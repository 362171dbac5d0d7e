"""A profile's legal facts are decided once, and every reader agrees with them.

Regression tests for the disagreements the one source of legal truth removed, and the
property that ties the profile model, the rules and ``check`` together.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import minimal, write_profile
from hypothesis import HealthCheck, given, note, settings
from strategies import profiles

from drafter.cli import main
from drafter.commands.check import check_profile
from drafter.errors import DrafterError
from drafter.legal.load import load_profile
from drafter.render.policy import render_policy

TODAY = dt.date(2026, 11, 22)

CLARITY_COOKIE = {
    "vendor": "microsoft-clarity",
    "group": "analytics",
    "purpose": "records how visitors move through our pages",
    "legal_basis": "consent",
}
SETTINGS = {"consent_tool": True, "withdraw": "Use the cookie settings link at the foot of each page."}


def test_a_vendor_named_only_for_its_cookies_is_a_recipient_with_its_transfer(tmp_path: Path) -> None:
    """Regression: a cookie of a vendor that is not a processor passed 'validate', then
    'check' reported recipients and transfers MISSING (the requirements read every vendor,
    the policy listed only processors)."""
    path = write_profile(tmp_path / "p.yaml", minimal(cookies=[CLARITY_COOKIE], cookie_settings=SETTINGS))
    assert main(["validate", str(path)]) == 0
    result = check_profile(path, today=TODAY)
    status = {r.id: r for r in result.requirements}
    assert status["recipients"].ok and status["transfers"].ok, status
    assert result.passed(strict=True), [f.report_line() for f in result.findings]
    policy = render_policy(load_profile(path), "en")
    recipients = next(s.markdown for s in policy.sections if s.id == "recipients")
    transfers = next(s.markdown for s in policy.sections if s.id == "transfers")
    assert "Microsoft Clarity" in recipients and "what its cookies collect on your device" in recipients
    assert "Microsoft Clarity" in transfers and "United States" in transfers


def test_a_statutory_period_shorter_than_its_statute_is_refused(tmp_path: Path) -> None:
    """Regression: a Belgian profile keeping invoices 7 years while citing the 10-year rule
    passed 'validate' and was drafted citing the statute; only 'check' objected."""
    belgian = minimal(
        controller={**minimal()["controller"], "address": {"lines": ["Rue de la Loi 16"], "country": "BE"}},
        data=[{"id": "billing", "label": "invoices", "source": "you"}],
        purposes=[
            {
                "id": "books",
                "description": "keep our accounts",
                "data": ["billing"],
                "legal_basis": "legal_obligation",
            }
        ],
        retention=[{"data": ["billing"], "period": "7 years", "statutory": "invoices"}],
    )
    path = write_profile(tmp_path / "be.yaml", belgian)
    with pytest.raises(DrafterError) as refused:
        load_profile(path)
    (problem,) = refused.value.problems
    assert problem.path == "retention[0].period" and "shorter than the 10 years" in problem.message
    assert main(["render", str(path)]) == 2
    result = check_profile(path, today=TODAY)
    assert [f.rule for f in result.findings if f.level == "error"] == ["statutory-retention"]
    belgian["retention"][0]["period"] = "10 years"
    assert main(["validate", str(write_profile(tmp_path / "be.yaml", belgian))]) == 0


def test_the_authority_follows_the_law_the_controller_is_under(tmp_path: Path) -> None:
    """One rule for naming a lead authority: a British company under the GDPR only (it
    targets the EU) has no lead authority there, so people complain where they live."""
    british = minimal(
        controller={**minimal()["controller"], "address": {"lines": ["1 High St"], "country": "GB"}},
        eu_representative_exempt=True,
    )
    gdpr_only = render_policy(load_profile(write_profile(tmp_path / "a.yaml", british)), "en").markdown
    assert "Information Commissioner" not in gdpr_only and "country where you live or work" in gdpr_only
    british["regimes"] = {"gdpr": True, "uk_gdpr": True}
    both = render_policy(load_profile(write_profile(tmp_path / "b.yaml", british)), "en").markdown
    assert "Information Commissioner's Office" in both


PROPERTY = settings(
    max_examples=60,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,
)


@PROPERTY
@given(profiles())
def test_check_meets_every_requirement_of_every_profile_validate_accepts(data: dict[str, Any]) -> None:
    """What 'validate' accepts, 'check' finds complete: every applicable requirement is met
    in every language, and no error is left. (What 'check' would find incomplete,
    'validate' refuses with a rule that says why: the strategy's profiles are settled by
    those rules, so a gap between the two fails here.)"""
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    note(text)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(text, encoding="utf-8")
        result = check_profile(path, today=dt.date.fromisoformat(data["dates"]["last_updated"]))
    assert result.loaded
    missing = {r.id: r.met for r in result.requirements if not r.ok}
    assert not missing, missing
    assert not [f.report_line() for f in result.findings if f.level == "error"]


@pytest.mark.parametrize("name", ["example", "megamastering", "facturo", "masterchannel", "megasecurity"])
def test_every_french_controller_states_the_post_mortem_right(name: str) -> None:
    """Loi n° 78-17, art. 85: in every policy of a controller established in France, in both
    languages, and in no other."""
    from drafter.render.language import language_record
    from drafter.render.words import words

    loaded = load_profile(Path(__file__).resolve().parent.parent / "profiles" / f"{name}.yaml")
    french = loaded.profile.controller.address.country == "FR"
    for lang in loaded.profile.languages:
        rights = next(s.markdown for s in render_policy(loaded, lang).sections if s.id == "rights")
        assert (words(language_record(lang)).RIGHT["post_mortem"] in rights) == french, (name, lang)
