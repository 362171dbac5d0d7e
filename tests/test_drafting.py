"""Sentences composed from facts: each says a thing once, and only what the profile says."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest
from helpers import minimal, write_profile

from drafter.commands.check import check_profile
from drafter.errors import DrafterError
from drafter.legal.claim_rules import own_use_claim
from drafter.legal.load import load_profile
from drafter.render.filters import after_colon, cookie_name
from drafter.render.policy import render_policy

ROOT = Path(__file__).resolve().parent.parent


def _render(tmp_path: Path, data: dict[str, Any], lang: str = "en") -> str:
    loaded = load_profile(write_profile(tmp_path / "p.yaml", data))
    return render_policy(loaded, lang).markdown  # type: ignore[arg-type]


def _section(markdown: str, heading: str) -> str:
    start = markdown.index(f"## {heading}")
    end = markdown.find("\n## ", start + 3)
    return markdown[start : end if end != -1 else None]


def _mixed() -> dict[str, Any]:
    """A purpose on legitimate interests with data the person gives and data collected automatically."""
    data = minimal(languages=["en", "fr"])
    data["service"]["description"] = {"en": "online shop", "fr": "boutique en ligne"}
    data["data"] = [
        {"id": "contact", "label": {"en": "contact details", "fr": "coordonnées"}, "source": "you"},
        {
            "id": "logs",
            "label": {"en": "connection logs", "fr": "journaux de connexion"},
            "source": "automatic",
        },
        {"id": "photos", "label": {"en": "photos", "fr": "photos"}, "source": "you"},
    ]
    data["purposes"] = [
        {
            "id": "orders",
            "description": {"en": "process your orders", "fr": "traiter vos commandes"},
            "data": ["contact"],
            "legal_basis": "contract",
        },
        {
            "id": "security",
            "description": {"en": "keep our shop safe", "fr": "protéger notre boutique"},
            "data": ["logs", "contact"],
            "legal_basis": "legitimate_interests",
            "legitimate_interest": {
                "en": "Keeping our shop safe",
                "fr": "Assurer la sécurité de la boutique",
            },
        },
        {
            "id": "gallery",
            "description": {"en": "publish your photos", "fr": "publier vos photos"},
            "data": ["photos"],
            "legal_basis": "consent",
            "withdraw": {"en": "Write to us.", "fr": "Écrivez-nous."},
        },
    ]
    data["retention"] = [
        {"data": ["contact", "logs"], "period": "1 year", "starts": "collection"},
        {
            "data": ["photos"],
            "criteria": {
                "en": "As long as you keep them online.",
                "fr": "Tant que vous les laissez en ligne.",
            },
        },
    ]
    return data


def test_purposes_are_grouped_by_basis_and_the_basis_is_said_once(tmp_path: Path) -> None:
    text = _section(_render(tmp_path, _mixed()), "Why we use your data")
    assert text.count("Legal basis: our legitimate interests (Article 6(1)(f) GDPR).") == 1
    assert "### Based on our contract with you" in text and "### Based on your consent" in text
    # Art. 13(2)(e), data by data: optional only where the person chooses to give it.
    security = next(line for line in text.splitlines() if line.startswith("- **To keep our shop safe."))
    assert "Data we collect automatically: connection logs." in security
    assert "Data you give us: contact details." in security
    assert "choose" not in security and "do not have to" not in security
    gallery = next(line for line in text.splitlines() if line.startswith("- **To publish your photos."))
    assert "Data you choose to give us: photos." in gallery
    orders = next(line for line in text.splitlines() if line.startswith("- **To process your orders."))
    assert orders.endswith("Data you must give us for our contract: contact details.")
    # The consequence of not giving it is said once, for the whole group, and is not circular.
    assert text.count("Without the data you must give us, we cannot enter into or perform our contract") == 1


def test_french_purposes_keep_their_preposition_and_typography(tmp_path: Path) -> None:
    text = _section(_render(tmp_path, _mixed(), "fr"), "Pourquoi nous utilisons vos données")
    assert "Sans les données que vous devez nous fournir, nous ne pouvons pas conclure ni exécuter" in text
    assert "Données que nous collectons automatiquement\u00a0: journaux de connexion." in text
    assert " : " not in text.replace("\u00a0: ", "")


def test_text_after_a_colon_starts_in_lower_case_unless_it_is_a_name(tmp_path: Path) -> None:
    markdown = _render(tmp_path, _mixed())
    assert "- **Photos**: as long as you keep them online." in markdown
    assert "our interest in keeping our shop safe." in markdown
    assert after_colon("Stripe keeps it.") == "Stripe keeps it."  # a name keeps its capital
    assert after_colon("Apple (App Store) ou Google", "fr") == "Apple (App Store) ou Google"
    assert after_colon("As long as it lasts.") == "as long as it lasts."
    assert after_colon("Tant que l'avis reste publié.", "fr") == "tant que l'avis reste publié."
    assert after_colon("Assurer la sécurité", "fr", verbs=True) == "assurer la sécurité"
    assert after_colon("Assurer la sécurité", "fr") == "Assurer la sécurité"


def test_the_summary_points_to_the_retention_section_once(tmp_path: Path) -> None:
    data = _mixed()
    data["retention"] = [
        {
            "data": ["contact"],
            "criteria": {"en": "Until you close your account.", "fr": "Jusqu'à la clôture."},
        },
        {
            "data": ["logs"],
            "criteria": {"en": "While we investigate an incident.", "fr": "Pendant l'enquête."},
        },
        {
            "data": ["photos"],
            "criteria": {"en": "As long as you keep them online.", "fr": "Tant qu'en ligne."},
        },
    ]
    summary = _section(_render(tmp_path, data), "At a glance")
    assert summary.count("see") == 1
    assert '- **How long we keep it:** see "How long we keep your data".' in summary


def test_a_vendor_line_says_what_it_does_for_us_once(tmp_path: Path) -> None:
    data = minimal(processors=[{"vendor": "google-analytics", "purposes": ["orders"]}])
    line = next(x for x in _render(tmp_path, data).splitlines() if x.startswith("- **Google Analytics**"))
    assert "we use it to process your orders." in line
    assert (
        "in order to" not in line and "measure visits" not in line
    )  # the catalog's description is not glued on


def test_the_cookie_table_explains_a_variable_part_and_shows_no_placeholder(tmp_path: Path) -> None:
    data = minimal(
        processors=[{"vendor": "google-analytics", "purposes": ["orders"]}],
        cookies=[{"vendor": "google-analytics"}],
        cookie_settings={"consent_tool": True, "withdraw": "Click Cookie settings."},
    )
    markdown = _render(tmp_path, data)
    assert "<container-id>" not in markdown and "container-id" not in markdown
    assert r"\_ga\_\*" in markdown and 'In a name, "*" stands for' in markdown
    assert cookie_name("_pk_id.<site-id>.<hash>") == "_pk_id.*.*"


def test_consent_is_claimed_only_with_a_consent_tool(tmp_path: Path) -> None:
    base = minimal(
        processors=[{"vendor": "google-analytics", "purposes": ["orders"]}],
        cookies=[{"vendor": "google-analytics"}],
        cookie_settings={"consent_tool": True, "withdraw": "Click Cookie settings."},
    )
    assert "We set analytics cookies only if you agree." in _render(tmp_path, base)
    without = copy.deepcopy(base)
    without["cookie_settings"] = {"withdraw": "Click Cookie settings."}
    with pytest.raises(DrafterError, match="no consent tool is declared"):
        _render(tmp_path, without)  # drafter refuses to say what is never asked for


def test_the_cookie_withdrawal_is_said_once(tmp_path: Path) -> None:
    markdown = _render(
        tmp_path,
        _mixed()
        | {
            "processors": [{"vendor": "google-analytics", "purposes": ["orders"]}],
            "cookies": [{"vendor": "google-analytics"}],
            "cookie_settings": {
                "consent_tool": True,
                "withdraw": {"en": "Click Cookie settings.", "fr": "Cliquez."},
            },
        },
    )
    assert markdown.count("Click Cookie settings.") == 1


@pytest.mark.parametrize(
    ("text", "lang", "claim"),
    [
        (
            "It reserves the right to share collected data to improve its own service.",
            "en",
            "reserves the right to share",
        ),
        ("It never uses your name for its own purposes.", "en", None),
        ("It uses the data for its own purposes.", "en", "for its own purposes"),
        (
            "Il se réserve toutefois le droit de partager les données.",
            "fr",
            "se réserve toutefois le droit de",
        ),
        ("Il n'utilise jamais vos données à ses propres fins.", "fr", None),
        ("Silvasoft is bound to confidentiality and uses your data for no other purpose.", "en", None),
    ],
)
def test_own_use_claims_are_read_with_their_negation(text: str, lang: str, claim: str | None) -> None:
    assert own_use_claim(text, lang) == claim


def test_check_refuses_a_processor_whose_note_gives_it_purposes_of_its_own(tmp_path: Path) -> None:
    data = minimal(
        processors=[
            {
                "vendor": "mailchimp",
                "purposes": ["orders"],
                "note": "It reserves the right to use your data to improve its services.",
            }
        ]
    )
    result = check_profile(write_profile(tmp_path / "p.yaml", data))
    found = [f for f in result.findings if f.rule == "note-contradicts-role"]
    assert found and found[0].level == "error" and not result.passed(strict=False)
    assert str(found[0]).startswith(f"{tmp_path / 'p.yaml'}:")
