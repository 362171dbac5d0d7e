"""The wizard, driven in-process through prompt_toolkit's pipe input (no terminal)."""

from __future__ import annotations

import difflib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import PROFILES, ROOT
from wizard_keys import TODAY, Retry, Stop, drive

from drafter.cli import main
from drafter.errors import Problem
from drafter.legal.load import load_profile
from drafter.model.catalog import builtin_vendor_dir
from drafter.render.formats import render
from drafter.wizard.lists import OTHER
from drafter.wizard.session import _sections_for


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(tmp_path)  # policies the wizard offers to draft land here
    yield


# A French shop in two languages: the statutory suggestions of French law, no US questions.
FRENCH_SHOP: list[tuple[str, Any]] = [
    (r"^Which languages", ["fr", "en"]),
    (r"prevails", "fr"),
    (r"^Name of your service", "Boutique Sonore"),
    (r"^Describe the service.*\[fr\]", "boutique en ligne de disques vinyles"),
    (r"^Describe the service.*\[en\]", "online vinyl record shop"),
    (r"own brand", False),
    (r"^Legal name", "Boutique Sonore SAS"),
    (r"^Company register", "RCS Nantes 900 000 001"),
    (r"^Website", Retry(("boutique-sonore", "https://boutique-sonore.example"))),
    (r"^Postal address, line 1", "2 quai de la Fosse"),
    (r"^Postal address, line 2", "44000 Nantes"),
    (r"^Country", Retry(("XX", "fr"))),
    (r"^Contact e-mail", Retry(("bonjour@", "bonjour@boutique-sonore.example"))),
    (r"^Whose data", ["gdpr"]),
    (r"data protection officer", False),
    (r"separate contact", False),
    (r"^Which personal data do you hold", [OTHER]),
    (r"^Name of this kind of data.*\[fr\]", "coordonnées"),
    (r"^Name of this kind of data.*\[en\]", "contact details"),
    (r"^Short id", "contact"),
    (r"^Examples.*\[fr\]", "nom, adresse e-mail"),
    (r"^Examples.*\[en\]", Retry(("", "name, email address"))),
    (r"^Where does it come from", "you"),
    (r"^Describe another kind of personal data", True),
    (r"^Name of this kind of data.*\[fr\]", "factures"),
    (r"^Name of this kind of data.*\[en\]", "invoices"),
    (r"^Short id", Retry(("contact", "invoices"))),
    (r"^Where does it come from", "you"),
    (r"^Describe another kind of personal data", False),
    (r"^Why do you use the data", [OTHER]),
    (r"^What do you use the data for.*\[fr\]", "traiter vos commandes"),
    (r"^What do you use the data for.*\[en\]", "process your orders"),
    (r"^What kind of purpose", "service"),
    (r"^Which data does it use", ["contact", "invoices"]),
    (r"^What happens if.*\[fr\]", "Sans elles, nous ne pouvons pas livrer."),
    (r"^What happens if.*\[en\]", "Without them, we cannot deliver."),
    (r"^Describe another purpose", False),
    (r"^Which services receive", ["stripe", "colissimo"]),
    (r"^For which purposes", ["service"]),
    (r"^Which of these vendors set cookies", ["stripe"]),
    (r"^Which cookies of your own", [OTHER]),
    (r"^Cookie name", "bs_cart"),
    (r"^What does it do.*\[fr\]", "conserve votre panier"),
    (r"^What does it do.*\[en\]", "keeps your basket"),
    (r"^How long does it last", Retry(("7 jours", "7 days"))),
    (r"^Describe another cookie of your own", False),
    (r"^Do you show a banner", True),
    (r"^How long do you keep the data", ["statutory:invoices", "contact"]),
    (r"^Which security measures", ["encryption_in_transit", "backups"]),
    (r"minimum age", True),
    (r"^Draft the policy now", True),
]


def test_new_french_profile_validates_and_renders(tmp_path: Path) -> None:
    target = tmp_path / "shop.yaml"
    outcome, prompter = drive(FRENCH_SHOP, output=target)
    assert outcome.code == 0 and outcome.saved == target
    assert not prompter.rules, f"questions never asked: {[r[0] for r in prompter.rules]}"
    # Each wrong answer was refused with the model's own reason, then asked again.
    reasons = {answer: reason for _, answer, reason in prompter.refused}
    assert "not a web address" in reasons["boutique-sonore"]
    assert "'XX' is not an ISO 3166 alpha-2 country code" in reasons["XX"]
    assert "is not a valid email address" in reasons["bonjour@"]
    assert reasons[""] == "give this language too, as you did the first"
    assert reasons["contact"] == "the id 'contact' is already used; choose another"
    assert "is not a duration" in reasons["7 jours"]
    # No question about US law, an EU representative or a supervisory authority.
    asked = "\n".join(prompter.asked)
    for absent in ("CCPA", "Do Not Track", "representative", "sell personal", "Name of the supervisory"):
        assert absent not in asked
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["languages"] == ["fr", "en"] and data["authoritative_language"] == "fr"
    assert data["controller"]["address"] == {"lines": ["2 quai de la Fosse", "44000 Nantes"], "country": "FR"}
    assert data["controller"]["email"] == "bonjour@boutique-sonore.example"
    assert data["data"][1]["id"] == "invoices"
    assert data["data"][0]["examples"] == {"fr": ["nom", "adresse e-mail"], "en": ["name", "email address"]}
    assert data["processors"] == [
        {"vendor": "stripe", "purposes": ["service"]},
        {"vendor": "colissimo", "purposes": ["service"]},
    ]
    assert data["cookies"] == [
        {"vendor": "stripe"},
        {
            "name": "bs_cart",
            "group": "strictly_necessary",
            "purpose": {"fr": "conserve votre panier", "en": "keeps your basket"},
            "duration": "7 days",
        },
    ]
    # The statutory suggestion of French law: 10 years for invoices, from the year end.
    assert data["retention"] == [
        {"data": ["invoices"], "period": "10 years", "starts": "financial_year_end", "statutory": "invoices"},
        {"data": ["contact"], "period": "3 years", "starts": "last_contact"},
    ]
    assert data["children"] == {"minimum_age": 15}  # France's age of digital consent
    assert data["dates"] == {"effective": TODAY, "last_updated": TODAY}
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert "drafter wizard --from" in text.splitlines()[3]
    loaded = load_profile(target)
    assert "Boutique Sonore SAS" in render(loaded, "fr", "md")
    assert [p.name for p in outcome.policies] == ["shop.fr.md", "shop.en.md"]
    assert outcome.policies[1].read_text(encoding="utf-8") == render(loaded, "en", "md")


# A US company serving Europe, California and other states, in English only: every US branch
# (the CCPA notice, other states' laws, precise location, a financial incentive), an EU
# representative, data from a third party, every legal-basis follow-up, a vendor of its own.
US_SERVICE: list[tuple[str, Any]] = [
    (r"^Which languages", ["en"]),
    (r"^Name of your service", "Tunecraft"),
    (r"^Describe the service", "AI music generation app"),
    (r"own brand", True),
    (r"^Partner's name", "Orange"),
    (r"^Legal name", "Tunecraft Inc."),
    (r"^Website", "https://tunecraft.example"),
    (r"^Postal address, line 1", "500 Market Street"),
    (r"^Postal address, line 2", "San Francisco, CA 94105"),
    (r"^Country", "US"),
    (r"^Contact e-mail", "hello@tunecraft.example"),
    (r"^Phone", "+1 415 555 0100"),
    (r"^Whose data", ["gdpr", "caloppa", "coppa"]),
    (r"^Does the California Consumer Privacy Act", True),
    (r"^Do the privacy laws of other US states", True),
    (r"^Which states' laws apply", ["VA", "TX"]),
    (r"data protection officer", True),
    (r"^Name", "Dana Lee"),
    (r"^E-mail address", "dpo@tunecraft.example"),
    (r"^Give a postal address", True),
    (r"^Postal address, line 1", "500 Market Street"),
    (r"^Postal address, line 2", ""),
    (r"^Country", "US"),
    (r"separate contact", False),
    (r"representative in the EU", True),
    (r"^Representative's name", "EU Rep Ltd"),
    (r"^Representative's e-mail", "rep@eurep.example"),
    (r"^Postal address, line 1", "1 Grand Canal Square"),
    (r"^Postal address, line 2", "Dublin 2"),
    (r"^Country", "IE"),
    (r"^Which personal data do you hold", [OTHER]),
    (r"^Name of this kind of data", "contact details"),
    (r"^Where does it come from", "you"),
    (r"^What kind of data is it", "contact"),  # suggested from its id
    (r"^Is it sensitive personal information", None),
    (r"^Describe another kind of personal data", True),
    (r"^Name of this kind of data", "listening profile"),
    (r"^Examples", "favourite genres, play counts"),
    (r"^Where does it come from", "third_party"),
    (r"^From whom", "music platforms you connect"),
    (r"^Is that a publicly accessible source", False),
    (r"^What kind of data is it", None),  # none of the kinds: its CCPA categories are asked
    (r"^Which CCPA categories", ["commercial", "inferences"]),
    (r"^Describe another kind of personal data", True),
    (r"^Name of this kind of data", "precise location"),
    (r"^Where does it come from", "automatic"),
    (r"^What kind of data is it", "location"),
    (r"^Is the location precise", "precise_geolocation"),
    (r"^Describe another kind of personal data", False),
    (r"^What do you use the data for", "generate music for you"),
    (r"^What kind of purpose", "service"),
    (r"^Which data does it use", ["contact-details", "listening-profile"]),
    (r"^On which legal basis", "contract"),
    (r"^Describe another purpose", True),
    (r"^What do you use the data for", "send you news about our features"),
    (r"^What kind of purpose", "marketing"),
    (r"^Which data does it use", ["contact-details"]),
    (r"^On which legal basis", "legitimate_interests"),
    (r"^Which interest", "telling our customers about our products"),
    (r"^How does someone object or opt out", Retry(("", "Click the unsubscribe link in any e-mail."))),
    (r"^Describe another purpose", True),
    (r"^What do you use the data for", "measure how the app is used"),
    (r"^What kind of purpose", "analytics"),
    (r"^Which data does it use", ["listening-profile"]),
    (r"^How does someone withdraw consent", "Turn off analytics in the app settings."),
    (r"^Describe another purpose", True),
    (r"^What do you use the data for", "suggest music for where you are"),
    (r"^What kind of purpose", "personalisation"),
    (r"^Which data does it use", ["precise-location"]),
    (r"^On which legal basis", "consent"),
    (r"^How does someone withdraw consent", "Turn off location access in your phone's settings."),
    (r"^Describe another purpose", False),
    (r"^Which services receive", ["aws", "google-analytics", OTHER]),
    (r"^Vendor's name", "SoundScore"),
    (r"^What kind of service", "analytics"),
    (r"^What does it do for you", "measure listening statistics"),
    (r"^The same in French", "mesurer les statistiques d'écoute"),
    (r"^Address of its privacy policy", "https://soundscore.example/privacy"),
    (r"^Legal name of the company", "SoundScore GmbH"),
    (r"^Its address", "Torstrasse 1, 10119 Berlin"),
    (r"^Its country", "DE"),
    (r"^Countries where it processes", Retry(("DE, ZZ", "DE"))),
    (r"^What data does it receive", ["usage"]),
    (r"^Describe another vendor missing", False),
    (r"^For which purposes", ["analytics"]),
    (r"^Under US privacy law, is giving them data", "sharing"),  # Google signals on
    (r"^For which purposes", ["service"]),
    (r"^Under US privacy law, is giving them data", None),  # drafter decides
    (r"^For which purposes", ["analytics"]),
    (r"^Who else receives personal data", [OTHER]),
    (r"^Who\?", "group_companies"),
    (r"^Describe them", "Tunecraft Ltd, our UK subsidiary"),
    (r"^Their countries", "GB, IN"),
    (r"^Safeguard for a transfer", "scc"),
    (r"^Describe another recipient", False),
    (r"^Which of these vendors set cookies", ["google-analytics"]),
    (r"^Do you show a banner", True),
    (r"^Where do people change their cookie choices", "Open Settings, then Privacy, in the app."),
    (r"^How long do you keep the data", ["contact-details", "listening-profile", OTHER]),
    (r"^Which data does this rule cover", ["precise-location"]),
    (r"^How long\?", ""),
    (r"^What decides how long", Retry(("", "We keep it while your account is open."))),
    (r"^Describe another retention rule", False),
    (r"minimum age", True),
    (r"^Minimum age", Retry(("thirteen", "30", "13"))),
    (r"^Is the service aimed at children", False),
    (r"^Do you take decisions about people by automated means", True),
    (r"^Which decisions", "Whether an upload breaches our content rules."),
    (r"^The logic involved", "A model compares the upload with known protected works."),
    (r"^What they mean for the person", "A flagged upload is not published until a person reviews it."),
    (r"AI models on users' content", True),
    (r"^Do you train AI models", "with_consent"),
    (r"^Which content", "your prompts and tracks"),
    (r"data breach", True),
    (r"^How do you tell people", ["email", "in_app"]),
    (r"^Do you send marketing e-mails", True),
    (r"^How do people unsubscribe", "Click the unsubscribe link in any e-mail."),
    (r"^Do you sell personal information", False),
    (r"^Do you share it for cross-context", True),
    (r"^How do people opt out", "Use the 'Do Not Sell or Share' link in the app."),
    (r"^Within how many days", "30"),
    (r"^Does the site honour 'Do Not Track'", "honoured"),
    (r"over time and across sites", False),
    (r"^How does someone review and change", "Edit your profile in the app settings."),
    (r"^Why does the CCPA apply", ["consumers"]),
    (r"^What do you use the sensitive personal information for", "beyond"),
    (r"^Address of your 'Do Not Sell or Share", "https://tunecraft.example/privacy/do-not-sell"),
    (r"^Address of your 'Limit the Use", ""),  # one 'Your Privacy Choices' link instead
    (r"^Address of your 'Your Privacy Choices'", Retry(("", "https://tunecraft.example/privacy/choices"))),
    (r"^Do you treat a Global Privacy Control signal", True),
    (r"^How do you apply it", "We apply it to the browser that sends it."),
    (r"^Do you sell or share the data of people you know are under 16", "none"),
    (r"^Do you operate only online", False),
    (r"^How can people make a request", ["toll_free", "email", "web_form"]),
    (r"^The toll-free number", "1-888-555-0100"),
    (r"^E-mail address for requests", ""),  # the DPO's
    (r"^Address of the form", Retry(("tunecraft.example/request", "https://tunecraft.example/request"))),
    (r"^How do you verify who makes a request", "We send a code to the e-mail address of your account."),
    (r"^How does an authorised agent", "An agent must send us your signed permission."),
    (r"^Do you offer anything in return", True),
    (r"^What is the incentive", "Members who share their listening profile get 10% off."),
    (r"^Which data does it involve", ["listening-profile"]),
    (r"^How does someone join it", "Tick the box under Settings, then Rewards."),
    (r"^How does someone leave it", "Untick the box at any time."),
    (r"^What is the data worth", "We value it at USD 1 a month, what it saves us in research."),
    (r"^How does someone appeal a refused request", ""),  # the usual wording
    (r"^How do you announce a change", ["page", "email"]),
    (r"^How long before it applies", Retry(("session", "30 days"))),
    (r"link to other companies", True),
    (r"^Date the policy takes effect", Retry(("2026-02-30", "2026-12-01"))),
    (r"^Draft the policy now", True),
]


def test_new_us_profile_takes_every_us_branch(tmp_path: Path) -> None:
    target = tmp_path / "tunecraft.yaml"
    outcome, prompter = drive(US_SERVICE, output=target)
    assert outcome.code == 0 and outcome.saved == target
    assert not prompter.rules, f"questions never asked: {[r[0] for r in prompter.rules]}"
    assert not any("not complete yet" in s for s in prompter.said), prompter.said
    reasons = {answer: reason for _, answer, reason in prompter.refused}
    assert reasons[""] in ("an answer is needed here",)
    assert reasons["tunecraft.example/request"].startswith("give the full address")
    assert reasons["thirteen"] == "'thirteen' is not a whole number"
    assert reasons["30"] == "must be at most 21, not 30"
    assert "'ZZ' is not an ISO 3166" in reasons["DE, ZZ"]
    assert "is not a real date" in reasons["2026-02-30"]
    assert reasons["session"] == "give a length of time, e.g. '30 days'"
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert data["regimes"] == {"gdpr": True, "caloppa": True, "ccpa": True, "coppa": True}
    assert data["us_states"] == {"states": ["VA", "TX"]}
    assert data["eu_representative"]["address"] == {
        "lines": ["1 Grand Canal Square", "Dublin 2"],
        "country": "IE",
    }
    assert data["dpo"]["address"] == {"lines": ["500 Market Street"], "country": "US"}
    assert data["white_label"] == {"partner": "Orange"}
    assert data["data"][1]["source_detail"] == "music platforms you connect"
    assert data["purposes"][1]["legal_basis"] == "legitimate_interests"
    assert data["purposes"][2]["legal_basis"] == "consent"  # the usual basis for analytics
    assert data["custom_vendors"][0]["entities"]["global"]["name"] == "SoundScore GmbH"
    assert [u["vendor"] for u in data["processors"]] == ["google-analytics", "aws", "soundscore"]
    assert data["other_recipients"][0]["countries"] == ["GB", "IN"]
    assert data["retention"] == [
        {"data": ["contact-details"], "period": "3 years", "starts": "last_contact"},
        {"data": ["listening-profile"], "period": "3 years", "starts": "last_activity"},
        {"data": ["precise-location"], "criteria": "We keep it while your account is open."},
    ]
    assert data["selling"]["shares_for_advertising"] is True
    assert data["california"]["do_not_track"] == "honoured"
    assert data["changes"] == {"notify_by": ["page", "email"], "advance_notice": "30 days"}
    assert data["automated_decisions"]["used"] is True
    # The US facts, each where the profile model puts it.
    assert [(d["id"], d.get("kind"), d.get("ccpa"), d.get("us_sensitive")) for d in data["data"]] == [
        ("contact-details", "contact", None, None),
        ("listening-profile", None, ["commercial", "inferences"], None),
        ("precise-location", "location", None, "precise_geolocation"),
    ]
    assert data["processors"][0]["ccpa_disclosure"] == "sharing"
    assert "ccpa_disclosure" not in data["processors"][1]
    assert data["purposes"][3]["legal_basis"] == "consent"
    assert data["ccpa"] == {
        "applies": ["consumers"],
        "sensitive_use": "beyond",
        "links": {
            "do_not_sell_or_share": "https://tunecraft.example/privacy/do-not-sell",
            "privacy_choices": "https://tunecraft.example/privacy/choices",
        },
        "opt_out_signals": True,
        "signals_detail": "We apply it to the browser that sends it.",
        "requests": {
            "methods": [
                {"kind": "toll_free", "value": "1-888-555-0100"},
                {"kind": "email"},
                {"kind": "web_form", "value": "https://tunecraft.example/request"},
            ],
            "verification": "We send a code to the e-mail address of your account.",
            "agents": "An agent must send us your signed permission.",
        },
        "minors": "none",
        "financial_incentive": {
            "summary": "Members who share their listening profile get 10% off.",
            "data": ["listening-profile"],
            "opt_in": "Tick the box under Settings, then Rewards.",
            "withdraw": "Untick the box at any time.",
            "value": "We value it at USD 1 a month, what it saves us in research.",
        },
    }
    assert main(["validate", str(target)]) == 0
    policy = render(load_profile(target), "en", "md")
    assert "Tunecraft Inc." in policy and "## Your California privacy rights" in policy
    assert "Notice of financial incentive" in policy
    assert [p.name for p in outcome.policies] == ["tunecraft.en.md"]
    assert outcome.policies[0].read_text(encoding="utf-8") == policy


def test_us_only_profile_asks_a_basis_only_where_a_state_wants_consent(tmp_path: Path) -> None:
    """Castline has no GDPR: a purpose names a legal basis only when it uses data a state law
    allows only with consent (its precise location); 'all' the states is stored as itself."""
    copy = tmp_path / "castline.yaml"
    shutil.copy(ROOT / "profiles" / "castline.yaml", copy)
    rules = [
        (r"^Which parts", ["laws", "purposes"]),
        (r"^Which states' laws apply", ["all"]),
        (r"exists. Replace it", True),
        (r"^Draft the policy now", False),
    ]
    outcome, prompter = drive(rules, source=copy)
    assert outcome.code == 0 and not prompter.rules
    purposes = yaml.safe_load(copy.read_text(encoding="utf-8"))["purposes"]
    assert [p["id"] for p in purposes if "legal_basis" in p] == ["location", "location-ads"]
    assert sum(q.startswith("On which legal basis") for q in prompter.asked) == 2
    before = (ROOT / "profiles" / "castline.yaml").read_text(encoding="utf-8").splitlines()
    after = copy.read_text(encoding="utf-8").splitlines()
    changed = list(difflib.unified_diff(before, after, lineterm="", n=0))[2:]
    assert [line for line in changed if line[:1] in "+-"] == ["-  states: [VA, TX]", "+  states: all"]
    assert load_profile(copy).profile.us_states is not None
    again, _ = drive([(r"^Which parts", ["laws"]), (r"^Draft the policy now", False)], source=copy)
    assert again.code == 0 and copy.read_text(encoding="utf-8").splitlines() == after


@pytest.mark.parametrize("profile", PROFILES, ids=lambda p: p.stem)
def test_from_keeps_each_profile_byte_for_byte(profile: Path, tmp_path: Path) -> None:
    """Enter on every question, through every part: the file is unchanged, even its comments."""
    copy = tmp_path / profile.name
    shutil.copy(profile, copy)
    outcome, prompter = drive([(r"^Draft the policy now", False)], source=copy)
    assert outcome.code == 0 and outcome.saved == copy
    assert copy.read_bytes() == profile.read_bytes()
    assert len(prompter.asked) > 150  # every part was gone through, not skipped
    assert any("already says exactly this" in s for s in prompter.said)
    assert sorted(p.name for p in tmp_path.iterdir()) == [profile.name]  # no draft, no policy


def test_the_last_check_reads_the_user_catalog(tmp_path: Path) -> None:
    """Regression: with --vendors, the final check knew only the built-in catalog and
    reported "unknown vendor 'acme'" for a profile that 'drafter validate --vendors' accepts."""
    vendors = tmp_path / "my-vendors"
    vendors.mkdir()
    stripe = (builtin_vendor_dir() / "stripe.yaml").read_text(encoding="utf-8")
    (vendors / "acme.yaml").write_text(
        stripe.replace("id: stripe", "id: acme").replace("name: Stripe", "name: Acme"), encoding="utf-8"
    )
    profile = tmp_path / "q.yaml"
    text = (ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8")
    profile.write_text(text.replace("vendor: stripe", "vendor: acme"), encoding="utf-8")
    assert main(["validate", str(profile), "--vendors", str(vendors)]) == 0
    before = profile.read_bytes()
    outcome, prompter = drive(
        [(r"^Which parts", ["service"]), (r"^Draft the policy now", False)],
        source=profile,
        vendor_dirs=[vendors],
    )
    assert outcome.code == 0 and outcome.saved == profile, prompter.said
    assert not any("unknown vendor" in s for s in prompter.said)
    assert profile.read_bytes() == before


def test_from_changes_only_what_was_answered(tmp_path: Path) -> None:
    copy = tmp_path / "example.yaml"
    shutil.copy(ROOT / "profiles" / "example.yaml", copy)
    rules = [
        (r"^Which parts", ["service", "vendors"]),
        (r"^Name of your service", "Atelier Lumière"),
        (r"^Which services receive", ["stripe", "paypal", "brevo", "google-analytics"]),
        (r"^For which purposes", ["payment"]),
        (r"^For which purposes", ["payment"]),
        (r"^For which purposes", ["analytics"]),
        (r"^For which purposes", ["newsletter"]),
        (r"exists. Replace it", True),
        (r"^Draft the policy now", False),
    ]
    outcome, prompter = drive(rules, source=copy)
    assert outcome.code == 0
    before = (ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8").splitlines()
    after = copy.read_text(encoding="utf-8").splitlines()
    diff = list(difflib.unified_diff(before, after, lineterm="", n=0))[2:]
    removed = [line[1:] for line in diff if line.startswith("-")]
    added = [line[1:] for line in diff if line.startswith("+")]
    assert removed == ["  name: Atelier Lumen", "  - vendor: mailchimp", "    purposes: [newsletter]"]
    assert added == ["  name: Atelier Lumière", "  - vendor: brevo", "    purposes: [newsletter]"]
    assert not any("Cookies" in q for q in prompter.asked)  # parts not chosen are not asked
    load_profile(copy)


@pytest.mark.parametrize("eof", [False, True], ids=["ctrl-c", "ctrl-d"])
def test_interrupt_leaves_the_profile_untouched(tmp_path: Path, eof: bool) -> None:
    copy = tmp_path / "example.yaml"
    shutil.copy(ROOT / "profiles" / "example.yaml", copy)
    rules = [
        (r"^Name of your service", "Renamed"),
        (r"^Legal name", "Renamed SAS"),
        (r"^Which data does it use", Stop(eof=eof)),  # midway, in the purposes
    ]
    outcome, prompter = drive(rules, source=copy)
    assert outcome.code == 130
    assert copy.read_bytes() == (ROOT / "profiles" / "example.yaml").read_bytes()
    assert outcome.draft == tmp_path / "example.draft.yaml"
    draft = yaml.safe_load(outcome.draft.read_text(encoding="utf-8"))
    assert draft["service"]["name"] == "Renamed" and draft["controller"]["legal_name"] == "Renamed SAS"
    assert any(f"Resume with: drafter wizard --from {outcome.draft} -o {copy}" in s for s in prompter.said)
    # Resuming from the draft starts from the answers given.
    resumed, _ = drive(
        [(r"exists. Replace it", True), (r"^Draft the policy now", False)], source=outcome.draft, output=copy
    )
    assert resumed.code == 0
    assert yaml.safe_load(copy.read_text(encoding="utf-8"))["service"]["name"] == "Renamed"


def test_interrupt_before_any_answer_writes_nothing(tmp_path: Path) -> None:
    outcome, prompter = drive([(r"^Which languages", Stop())], output=tmp_path / "new.yaml")
    assert outcome.code == 130 and outcome.draft is None
    assert list(tmp_path.iterdir()) == []
    assert any("Nothing was written" in s for s in prompter.said)


def test_existing_file_is_not_replaced_without_confirmation(tmp_path: Path) -> None:
    target = tmp_path / "shop.yaml"
    target.write_text("keep: me\n", encoding="utf-8")
    rules = [*FRENCH_SHOP[:-1], (r"exists. Replace it", False), (r"^Save under another name", "")]
    outcome, _ = drive(rules, output=target)
    assert outcome.code == 2 and outcome.saved is None
    assert target.read_text(encoding="utf-8") == "keep: me\n"
    assert outcome.draft == tmp_path / "shop.draft.yaml"


def test_problems_left_at_the_end_send_back_to_their_section(tmp_path: Path) -> None:
    """A profile the per-question checks cannot catch (an unknown vendor in --from) is
    checked whole at the end, and the person is sent back to the part concerned."""
    broken = tmp_path / "broken.yaml"
    text = (ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("  - vendor: paypal\n", "  - vendor: paypall\n"), encoding="utf-8")
    rules = [
        (r"^Which parts", ["changes"]),
        (r"^Go back to: Vendors and other recipients", True),
        (r"^Which services receive", ["stripe", "paypal", "mailchimp", "google-analytics"]),
        (r"^For which purposes", ["payment"]),
        (r"^Which data does it receive", ["contact", "orders", "payment"]),
        (r"exists. Replace it", True),
        (r"^Draft the policy now", False),
    ]
    outcome, prompter = drive(rules, source=broken)
    assert outcome.code == 0
    assert any("processors[1].vendor: unknown vendor 'paypall'" in s for s in prompter.said)
    fixed = load_profile(broken).profile
    assert [u.vendor for u in fixed.processors] == ["stripe", "mailchimp", "google-analytics", "paypal"]
    assert "paypall" not in broken.read_text(encoding="utf-8")


def test_the_ccpa_ticked_without_its_facts_sends_back_to_the_us_section() -> None:
    found = _sections_for([Problem("p.yaml", "a CCPA policy needs the 'ccpa' section", path="regimes.ccpa")])
    assert [s.id for s in found] == ["laws", "us"]
    assert [s.id for s in _sections_for([Problem("p.yaml", "x", path="regimes.gdpr")])] == ["laws"]


def test_without_a_terminal_the_command_stops_at_once(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "drafter", "wizard", "-o", str(tmp_path / "x.yaml")],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.startswith("drafter wizard: needs a terminal")
    assert "drafter validate PROFILE" in result.stderr and "Traceback" not in result.stderr
    assert list(tmp_path.iterdir()) == []
