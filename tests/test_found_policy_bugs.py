"""Policy-text bugs a wizard user found, on the profile rebuilt in tests/found/ghent-yoga.yaml
(a yoga studio in Ghent, policy in French and English) and on variants of it: each thing the
profile says is stated once, in its place, and the country of an address is named once.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from drafter.commands.check import normalized, section_blocks
from drafter.legal.load import load_profile
from drafter.legal.transfers import transfer_safeguards
from drafter.model.law import load_law
from drafter.model.types import Lang
from drafter.render.language import language_record
from drafter.render.policy import Policy, render_policy

GHENT = ROOT / "tests" / "found" / "ghent-yoga.yaml"
LANGS: tuple[Lang, ...] = ("en", "fr")


def _profile() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(GHENT.read_text(encoding="utf-8"))
    return data


def _render(tmp_path: Path, change: Callable[[dict[str, Any]], None] | None = None) -> dict[Lang, Policy]:
    path = GHENT
    if change is not None:
        data = _profile()
        change(data)
        path = tmp_path / "variant.yaml"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = load_profile(path)
    errors = [f for f in loaded.warnings if f.severity == "error"]
    assert not errors, errors
    return {lang: render_policy(loaded, lang) for lang in LANGS}


def _count(policy: Policy, text: str) -> int:
    return normalized(policy.markdown).count(normalized(text))


def _sections_with(policy: Policy, text: str) -> list[str]:
    wanted = normalized(text)
    return [sid for sid, blocks in section_blocks(policy).items() if any(wanted in b for b in blocks)]


def _text(lang: Lang, field: dict[str, str]) -> str:
    return language_record(lang).typography(field[lang])


def test_the_profile_is_valid_and_renders_in_both_languages(tmp_path: Path) -> None:
    policies = _render(tmp_path)
    assert set(policies) == set(LANGS)


# 1. A safeguard is stated once ------------------------------------------------------------


def test_a_dpf_certified_custom_vendor_with_mechanism_dpf_names_the_dpf_once(tmp_path: Path) -> None:
    policies = _render(tmp_path)
    dpf = {"en": "EU-US Data Privacy Framework", "fr": "cadre de protection des données UE–États-Unis"}
    for lang, policy in policies.items():
        line = next(b for b in section_blocks(policy)["transfers"] if "instagram" in b)
        assert line.count(normalized(dpf[lang])) == 1, line
        assert " and the " not in line and " et le " not in line, line


def test_under_uk_rules_mechanism_dpf_is_the_uk_extension_once() -> None:
    law = load_law()
    uk = transfer_safeguards(["US"], True, "dpf", law, "uk")
    eu = transfer_safeguards(["US"], True, "dpf", law, "eu")
    assert uk is not None and uk.by_country[0].mechanisms == ("uk_extension",)
    assert eu is not None and eu.by_country[0].mechanisms == ("dpf",)
    # A certified recipient with clauses as a fallback keeps both.
    both = transfer_safeguards(["US"], True, "scc", law, "eu")
    assert both is not None and both.by_country[0].mechanisms == ("dpf", "scc")


def test_the_dpf_covers_no_transfer_outside_the_united_states() -> None:
    """The DPF is for certified organisations in the US: elsewhere it is no safeguard."""
    law = load_law()
    found = transfer_safeguards(["IN", "US"], True, "dpf", law, "eu")
    assert found is not None
    assert {c.country: c.mechanisms for c in found.by_country} == {"IN": (), "US": ("dpf",)}
    uncertified = transfer_safeguards(["US"], False, "dpf", law, "eu")
    assert uncertified is not None and uncertified.uncovered == ["US"]


# 2. The country of an address is named once -----------------------------------------------


def test_an_address_that_ends_with_its_country_gets_no_second_country(tmp_path: Path) -> None:
    for policy in _render(tmp_path).values():
        line = next(b for b in section_blocks(policy)["recipients"] if "meta platforms ireland" in b)
        assert "d04 x2k5, ireland" in line, line
        assert "ireland, ireland" not in line and "ireland, irlande" not in line, line


def _fold(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


@pytest.mark.parametrize(
    ("address", "code", "ends"),
    [
        ("Merrion Road, Dublin 4, D04 X2K5, Ireland", "IE", True),
        ("Merrion Road, Dublin 4, D04 X2K5, IRLANDE", "IE", True),
        ("Merrion Road, Dublin 4, D04 X2K5, IE", "IE", True),
        ("Merrion Road, Dublin 4, D04 X2K5 Ireland", "IE", False),  # the country is a part of its own
        ("22-24 Boulevard Royal, L-2449 Luxembourg", "LU", False),  # the city, not the country
        ("Merrion Road, Dublin 4, D04 X2K5, Ireland.", "IE", True),
        ("9-17 rue Salneuve, 75017 Paris, france", "FR", True),
        ("1 Main Street, New York, Etats-Unis", "US", True),  # accents folded
        ("1 Main Street, New York, États-Unis", "US", True),
        ("Keizersgracht 126, 1015 CW Amsterdam", "NL", False),
        ("Merrion Road, Dublin 4, D04 X2K5", "IE", False),
        ("Rue de Northern Ireland", "GB", False),
        ("10 Ireland Street, Sydney", "AU", False),
        ("Kouter 7, 9000 Gent", "BE", False),
        ("Box 4 GIE", "IE", False),  # the code only as a word of its own
    ],
)
def test_ends_with_country(address: str, code: str, ends: bool) -> None:
    from drafter.render.filters import ends_with_country

    assert ends_with_country(address, code) is ends


def test_postal_appends_the_country_in_the_policy_language_only_when_missing() -> None:
    from drafter.render.filters import postal

    assert postal(["Kouter 7", "9000 Gent"], "BE", "fr") == "Kouter 7, 9000 Gent, Belgique"
    assert postal(["Kouter 7", "9000 Gent"], "BE", "en") == "Kouter 7, 9000 Gent, Belgium"
    assert postal(["Kouter 7", "9000 Gent, Belgium"], "BE", "fr") == "Kouter 7, 9000 Gent, Belgium"
    assert postal([], "BE", "en") == "Belgium"


def test_a_controller_address_that_ends_with_its_country_names_it_once(tmp_path: Path) -> None:
    def country_in_lines(data: dict[str, Any]) -> None:
        data["controller"]["address"]["lines"] = ["Kouter 7", "9000 Gent, Belgium"]

    for policy in _render(tmp_path, country_in_lines).values():
        text = _fold(normalized(policy.markdown))
        assert "9000 gent, belgium" in text
        assert not re.search(r"belgium, (belgium|belgique)", text), text


# 3. The cookie answer is said once, and not as a consent nobody was asked for --------------


def _cookie_answer(lang: Lang) -> str:
    return _text(lang, _profile()["cookie_settings"]["withdraw"])


def test_with_no_cookie_needing_consent_the_cookie_answer_is_said_once_in_the_cookie_section(
    tmp_path: Path,
) -> None:
    for lang, policy in _render(tmp_path).items():
        answer = _cookie_answer(lang)
        assert _count(policy, answer) == 1, lang
        assert _sections_with(policy, answer) == ["cookies"], lang
        withdrawal = [b for b in section_blocks(policy)["rights"] if "cookies" in b]
        assert not withdrawal, withdrawal


def test_a_consent_banner_is_not_described_when_no_cookie_needs_consent(tmp_path: Path) -> None:
    """Only strictly necessary cookies: a banner sentence "to accept or refuse cookies that
    need your consent" and the cookie answer would say the choice twice, of nothing."""

    def with_banner(data: dict[str, Any]) -> None:
        data["cookie_settings"]["consent_tool"] = True

    banner = {"en": "a banner lets you accept or refuse", "fr": "un bandeau vous permet d'accepter"}
    for lang, policy in _render(tmp_path, with_banner).items():
        cookies = " ".join(section_blocks(policy)["cookies"])
        assert normalized(banner[lang]) not in cookies, lang
        assert _count(policy, _cookie_answer(lang)) == 1, lang


def test_a_purpose_whose_withdrawal_is_the_cookie_answer_says_it_once(tmp_path: Path) -> None:
    """No cookie needs consent: the answer is the purpose's own withdrawal route, said with
    it under the rights and not again as a cookie choice."""

    def consent_stats(data: dict[str, Any]) -> None:
        stats = next(p for p in data["purposes"] if p["id"] == "stats")
        stats["legal_basis"] = "consent"
        stats.pop("legitimate_interest")
        stats["withdraw"] = data["cookie_settings"]["withdraw"]

    for lang, policy in _render(tmp_path, consent_stats).items():
        answer = _cookie_answer(lang)
        assert _count(policy, answer) == 1, lang
        assert _sections_with(policy, answer) == ["rights"], lang


def test_with_consent_cookies_a_withdrawal_that_is_the_cookie_answer_points_to_it(tmp_path: Path) -> None:
    """Cookies that need consent: the answer is said under "Managing cookies", and the
    purpose's withdrawal points there instead of repeating it."""

    def consent_cookies(data: dict[str, Any]) -> None:
        data["cookies"].append(
            {
                "name": "prana_stats",
                "group": "analytics",
                "purpose": {"fr": "compte les visites", "en": "counts visits"},
                "duration": "13 months",
            }
        )
        data["cookie_settings"]["consent_tool"] = True
        stats = next(p for p in data["purposes"] if p["id"] == "stats")
        stats["legal_basis"] = "consent"
        stats.pop("legitimate_interest")
        stats["withdraw"] = data["cookie_settings"]["withdraw"]

    see = {"en": 'See "Managing cookies"', "fr": "Voir « Gérer les cookies »"}
    for lang, policy in _render(tmp_path, consent_cookies).items():
        answer = _cookie_answer(lang)
        assert _count(policy, answer) == 1, lang
        assert _sections_with(policy, answer) == ["cookies"], lang
        rights = section_blocks(policy)["rights"]
        assert sum(normalized(_text(lang, {lang: see[lang]})) in b for b in rights) == 2, rights


# 4. marketing.opt_out is stated where marketing e-mails are described -----------------------


def _opt_out(lang: Lang) -> str:
    return _text(lang, _profile()["marketing"]["opt_out"])


def test_the_unsubscribe_answer_is_stated_with_the_marketing_emails_once(tmp_path: Path) -> None:
    for lang, policy in _render(tmp_path).items():
        opt_out = normalized(_opt_out(lang))
        marketing = [b for b in section_blocks(policy)["purposes"] if opt_out in b]
        assert len(marketing) == 1, lang
        assert "marketing" in marketing[0] or "prospection" in marketing[0], marketing
        # The newsletter purpose withdraws with the same sentence: it is not said twice.
        assert _count(policy, _opt_out(lang)) == 1, lang


def test_an_unsubscribe_answer_of_its_own_is_stated_beside_the_newsletter_withdrawal(tmp_path: Path) -> None:
    own = {"en": "Reply STOP to any of our emails.", "fr": "Répondez STOP à l'un de nos courriels."}

    def different(data: dict[str, Any]) -> None:
        data["marketing"]["opt_out"] = dict(own)

    for lang, policy in _render(tmp_path, different).items():
        assert _sections_with(policy, _text(lang, own)) == ["purposes"], lang
        newsletter = next(p for p in _profile()["purposes"] if p["id"] == "newsletter")
        assert _sections_with(policy, _text(lang, newsletter["withdraw"])) == ["rights"], lang


def test_the_check_and_the_record_read_the_address_as_the_policy_writes_it(tmp_path: Path) -> None:
    """An address whose last line already names the country: the policy prints it once
    (filters.postal), and the check's witness and the Art. 30 record follow the same rule
    instead of appending the country themselves."""
    import datetime as dt

    from drafter.cli import main
    from drafter.commands.record import record_text

    data = _profile()
    data["controller"]["address"]["lines"] = ["Kouter 7", "9000 Gent", "Belgique"]
    path = tmp_path / "named-country.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert main(["check", str(path)]) == 0  # the controller's address is found as written
    loaded = load_profile(path)
    for lang in LANGS:
        record = record_text(loaded, lang, "md", dt.date(2026, 12, 1))
        assert "9000 Gent, Belgique" in record
        assert "Belgique, Belgium" not in record and "Belgique, Belgique" not in record
