"""The wizard as a new user met it (issue: a founder finishes it in ten minutes): a shop
built from scratch in few answers, defaults that follow the earlier answers, nothing asked
twice, and the edit-mode and header bugs. Each test failed on the code before the fix."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT
from wizard_keys import Stop, drive
from wizard_shop import rules

from drafter.cli import main
from drafter.errors import DrafterError
from drafter.legal.load import load_profile
from drafter.model.catalog import builtin_catalog
from drafter.model.law import load_law
from drafter.render.formats import render
from drafter.wizard import i18n
from drafter.wizard.flow import SECTIONS
from drafter.wizard.questions import Ask, Ctx, Group, Repeat
from drafter.wizard.sections.vendors_and_cookies import _new_processor, _recipient_title

MAX_ANSWERS = 60


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.chdir(tmp_path)
    i18n.use("en")
    yield
    i18n.use("en")


def _ask(section: str, key: str) -> Ask:
    """The question of a section that writes ``key`` (searched through groups and lists)."""
    stack: list[Any] = list(next(s for s in SECTIONS if s.id == section).nodes)
    while stack:
        node = stack.pop(0)
        if isinstance(node, Ask) and node.key == key:
            return node
        stack.extend(getattr(node, "nodes", ()))
        other = getattr(node, "other", None)
        if isinstance(other, Repeat):
            stack.extend(other.nodes)
    raise LookupError(key)


def _ctx(root: dict[str, Any], item: dict[str, Any] | None = None) -> Ctx:
    return Ctx(root, item if item is not None else root, builtin_catalog(), load_law(), "2026-11-22")


# --- short: a shop like the example, from scratch -------------------------------------


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_shop_from_scratch_takes_at_most_60_answers(tmp_path: Path, lang: str) -> None:
    i18n.use(lang)
    target = tmp_path / "lumen.yaml"
    draft_now = "^" + re.escape(i18n.tr("Draft the policy now ({languages}, Markdown)?").split("(")[0])
    outcome, prompter = drive([*rules(), (draft_now, True)], output=target)
    assert outcome.code == 0, prompter.said
    assert not prompter.rules, f"never asked: {[r[0] for r in prompter.rules]}"
    assert len(prompter.asked) <= MAX_ANSWERS, "\n".join(prompter.asked)
    loaded = load_profile(target)
    p = loaded.profile
    assert [d.id for d in p.data][:3] == ["contact", "account", "orders"]
    assert {x.id: x.legal_basis for x in p.purposes}["newsletter"] == "consent"
    assert {x.id: x.legal_basis for x in p.purposes}["accounting"] == "legal_obligation"
    assert sorted(u.vendor for u in p.processors) == ["brevo", "google-analytics", "paypal", "stripe"]
    purposes = {u.vendor: u.purposes for u in p.processors}
    assert purposes["brevo"] == ["newsletter"] and purposes["google-analytics"] == ["analytics"]
    assert purposes["stripe"] == ["payment"]
    assert p.marketing.email is True and p.marketing.opt_out is not None
    assert p.dates.last_updated == p.dates.effective
    for policy in outcome.policies:
        assert policy.read_text(encoding="utf-8") == render(loaded, policy.suffixes[0][1:], "md")
    # Complete by drafter's own check: the analytics consent, withdrawn in the cookie
    # settings, is found through "Managing cookies" (it was reported missing).
    assert main(["check", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert f"drafter render {target} --lang fr" in text.split("\n\n")[1]  # French first


def test_the_unsubscribe_text_is_not_asked_again() -> None:
    """Asked twice: "How do people unsubscribe?" repeated the newsletter's withdrawal text."""
    outcome, prompter = drive([*rules(), (r"^Draft the policy now", False)], output=Path("s.yaml"))
    assert outcome.code == 0
    assert not any(q.startswith("How do people unsubscribe") for q in prompter.asked)
    data = yaml.safe_load(Path("s.yaml").read_text(encoding="utf-8"))
    newsletter = next(x for x in data["purposes"] if x["id"] == "newsletter")
    assert data["marketing"]["opt_out"] == newsletter["withdraw"]
    assert "&id" not in Path("s.yaml").read_text(encoding="utf-8")  # a copy, not a YAML alias


# --- defaults that follow the earlier answers -------------------------------------------


def test_a_vendors_purposes_come_from_what_it_does() -> None:
    """Brevo came pre-ticked for posting class photos on Instagram (both 'marketing')."""
    root = {
        "data": [
            {"id": "newsletter", "kind": "marketing"},
            {"id": "photos", "kind": "content"},
        ],
        "purposes": [
            {"id": "newsletter", "kind": "marketing", "data": ["newsletter"]},
            {"id": "photos", "kind": "marketing", "data": ["photos"]},
        ],
    }
    assert _new_processor("brevo", _ctx(root))["purposes"] == ["newsletter"]


def test_a_dpf_certified_vendor_gets_the_dpf_safeguard() -> None:
    ask = _ask("vendors", "transfer_mechanism")
    assert ask.suggest is not None
    item = {"processing_countries": ["US"], "dpf_certified": True}
    assert ask.suggest(_ctx({}, item)) == "dpf"
    assert ask.suggest(_ctx({}, {"processing_countries": ["US"], "dpf_certified": False})) is None


def test_a_newsletter_purpose_makes_marketing_emails_yes() -> None:
    group = next(n for n in next(s for s in SECTIONS if s.id == "marketing").nodes if isinstance(n, Group))
    ask = next(n for n in group.nodes if isinstance(n, Ask) and n.key == "email")
    root = {"purposes": [{"id": "n", "kind": "marketing", "description": "send you our newsletter"}]}
    assert ask.suggest is not None and ask.suggest(_ctx(root)) is True


@pytest.mark.parametrize(
    ("data", "start"),
    [(["invoices"], "financial_year_end"), (["browsing"], "collection"), (["account"], "account_closure")],
)
def test_each_retention_rule_starts_as_its_data_suggests(data: list[str], start: str) -> None:
    """ "Counted from when?" carried over the previous rule's answer."""
    ask = _ask("retention", "starts")
    root = {"data": [{"id": d, "source": "you"} for d in data]}
    assert ask.suggest is not None and ask.suggest(_ctx(root, {"data": data, "period": "1 year"})) == start


@pytest.mark.parametrize(
    ("description", "kind"),
    [
        ("send you our newsletter", "marketing"),
        ("take your payments", "payment"),
        ("run the shop", "service"),
    ],
)
def test_a_purposes_kind_is_suggested_from_its_words(description: str, kind: str) -> None:
    """ "What kind of purpose is it?" started on "something else"."""
    ask = _ask("purposes", "kind")
    assert ask.suggest is not None and ask.suggest(_ctx({}, {"description": description})) == kind


def test_the_national_law_is_named_from_the_country_without_asking() -> None:
    ask = _ask("laws", "regimes.national_law")
    assert ask.when is not None
    france = {"regimes": {"gdpr": True}, "controller": {"address": {"country": "FR"}}}
    assert ask.when(_ctx(france)) is False  # drafter's law data names it
    assert ask.when(_ctx({**france, "regimes": {"gdpr": True, "national_law": "x"}})) is True


def test_health_data_is_declared_as_such_with_explicit_consent(tmp_path: Path) -> None:
    answers = rules(
        {"Which personal data do you hold?": ["contact", "bookings", "health"]},
        drop=("Which services receive personal data from you?",),
    )
    outcome, _ = drive([*answers, (r"^Draft the policy now", False)], output=tmp_path / "yoga.yaml")
    assert outcome.code == 0
    p = load_profile(tmp_path / "yoga.yaml").profile
    health = next(d for d in p.data if d.id == "health")
    assert health.special == "health"
    purpose = next(x for x in p.purposes if "health" in x.data)
    assert purpose.legal_basis == "consent" and purpose.special_condition == "explicit_consent"


# --- display ----------------------------------------------------------------------------


def test_a_recipient_is_titled_in_words_not_by_its_key() -> None:
    title = _recipient_title({"kind": "professional_advisers", "description": "our accountant"}, _ctx({}))
    assert "professional_advisers" not in title and "our accountant" in title


def test_the_summary_counts_in_the_singular_too(tmp_path: Path) -> None:
    one = rules(
        {"Which personal data do you hold?": ["newsletter"]},
        drop=("Which services receive personal data from you?",),
    )
    outcome, prompter = drive([*one, (r"^Draft the policy now", False)], output=tmp_path / "one.yaml")
    assert outcome.code == 0
    said = "\n".join(prompter.said)
    assert "1 kind of data, 1 purpose, 1 retention rule" in said
    assert "1 categories" not in said and "1 purposes" not in said


# --- edit mode ----------------------------------------------------------------------------


def test_from_a_profile_without_cookies_changes_nothing(tmp_path: Path) -> None:
    """Editing a profile that declares no cookies pre-ticked its processors' catalog cookies,
    then asked for a withdrawal text with no default."""
    text = (ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8")
    head, rest = text.split("\ncookies:\n", 1)
    rest = rest.split("\nsecurity:\n", 1)[1]
    copy = tmp_path / "nocookies.yaml"
    copy.write_text(f"{head}\nsecurity:\n{rest}", encoding="utf-8")
    before = copy.read_bytes()
    load_profile(copy)
    outcome, prompter = drive(
        [(r"^Which parts", ["cookies"]), (r"^Draft the policy now", False)], source=copy
    )
    assert outcome.code == 0
    assert copy.read_bytes() == before
    assert not any("change their cookie choices" in q for q in prompter.asked)


def test_a_profile_saved_under_a_new_name_names_it_in_its_header(tmp_path: Path) -> None:
    first = tmp_path / "lumen.yaml"
    outcome, _ = drive([*rules(), (r"^Draft the policy now", False)], output=first)
    assert outcome.code == 0
    second = tmp_path / "renamed.yaml"
    again, _ = drive(
        [(r"^Which parts", ["changes"]), (r"^Draft the policy now", False)], source=first, output=second
    )
    assert again.code == 0
    header = second.read_text(encoding="utf-8").split("\n\n")[1]
    assert f"--from {second}" in header and str(first) not in header
    assert "--lang fr" in header  # a French-first profile is drafted in French first


# --- stopping and resuming ------------------------------------------------------------------


def test_ctrl_c_in_an_item_keeps_the_finished_ones_and_resumes_there(tmp_path: Path) -> None:
    target = tmp_path / "shop.yaml"
    stop_at = [
        *rules()[:11],
        (r"^Which personal data do you hold", ["contact", "\x00other"]),
        (r"^Name of this kind of data.*\[fr\]", "avis"),
        (r"^Name of this kind of data.*\[en\]", "reviews"),
        (r"^Short id", "reviews"),
        (r"^Examples.*\[fr\]", ""),
        (r"^Where does it come from", Stop()),
    ]
    outcome, _ = drive(stop_at, output=target)
    assert outcome.code == 130 and outcome.draft == tmp_path / "shop.draft.yaml"
    text = outcome.draft.read_text(encoding="utf-8")
    lines = text.splitlines()
    assert lines[0].startswith("# drafter-wizard-draft: part=data item=data[1]")
    assert lines[1].startswith("# yaml-language-server: $schema=")
    assert "\n\ncontroller:\n" in text  # the blank lines between parts
    draft = yaml.safe_load(text)
    assert [d["id"] for d in draft["data"]] == ["contact", "reviews"]  # the finished one, and the stopped one
    resumed, prompter = drive(
        [(r"^Where does it come from", "you"), (r"^Draft the policy now", False)], source=outcome.draft
    )
    assert resumed.code == 0 and resumed.saved == target, prompter.said
    first_questions = [q for q in prompter.asked if not q.startswith("Keep")][:3]
    assert first_questions[0].startswith("Name of this kind of data"), prompter.asked[:5]
    assert not any(q.startswith("Legal name") for q in prompter.asked)  # finished parts not asked again
    saved = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert [d["id"] for d in saved["data"]][:2] == ["contact", "reviews"]
    assert saved["data"][1]["source"] == "you"
    assert not outcome.draft.exists()  # a successful save removes the draft
    saved_text = target.read_text(encoding="utf-8")
    assert "drafter-wizard-draft" not in saved_text and saved_text.startswith("# yaml-language-server")
    assert f"--from {target}" in saved_text


def test_a_draft_keeps_line_numbers_in_its_errors(tmp_path: Path) -> None:
    from drafter.wizard.profile_file import read_for_edit

    draft = tmp_path / "x.draft.yaml"
    draft.write_text(
        "# drafter-wizard-draft: part=data\nlanguages: [en]\nlanguages: [fr]\n", encoding="utf-8"
    )
    with pytest.raises(DrafterError) as caught:
        read_for_edit(draft)
    assert f"{draft}:3:" in str(caught.value)


def test_resuming_a_draft_moved_elsewhere_keeps_its_target(tmp_path: Path) -> None:
    shutil.rmtree(tmp_path / "none", ignore_errors=True)
    target = tmp_path / "t.yaml"
    outcome, _ = drive([*rules()[:3], (r"^Describe the service", Stop())], output=target)
    assert outcome.draft is not None
    assert "target=" + str(target) in outcome.draft.read_text(encoding="utf-8").splitlines()[0]
