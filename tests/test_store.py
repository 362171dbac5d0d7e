"""``drafter store``: the app stores' privacy answers, and ``check --store`` on them."""

from __future__ import annotations

import copy
import json
import plistlib
from pathlib import Path
from typing import Any, get_args

import pytest
import yaml
from helpers import write_profile
from pydantic import ValidationError

from drafter.cli import main
from drafter.commands.store import STORE_KINDS, UNKNOWN, StoreKind, store_answers, store_text
from drafter.commands.store_check import RULES, store_disagreements, store_findings
from drafter.errors import DrafterError
from drafter.legal.load import LoadedProfile, load_profile
from drafter.model.catalog import DataKind
from drafter.model.profile import PurposeKind
from drafter.model.store_mapping import StoreMapping, load_store_mapping, store_mapping_file

ROOT = Path(__file__).resolve().parent.parent
PROFILES = ROOT / "profiles"
GOLDEN = Path(__file__).parent / "golden_store"
SUFFIX: dict[StoreKind, str] = {"play": "play.json", "apple": "apple.json", "apple-xcprivacy": "xcprivacy"}


def _load(name: str) -> LoadedProfile:
    return load_profile(PROFILES / f"{name}.yaml")


def _data(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load((PROFILES / f"{name}.yaml").read_text(encoding="utf-8"))
    return loaded


def _variant(tmp_path: Path, data: dict[str, Any], name: str = "variant") -> LoadedProfile:
    return load_profile(write_profile(tmp_path / f"{name}.yaml", data))


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _rules(loaded: LoadedProfile, path: Path) -> list[str]:
    return [d.rule for d in store_disagreements(loaded, path)]


def _without_admob(data: dict[str, Any]) -> dict[str, Any]:
    changed = copy.deepcopy(data)
    changed["processors"] = [p for p in changed["processors"] if p["vendor"] != "google-admob"]
    return changed


# --- the mapping ------------------------------------------------------------------


def test_mapping_covers_every_kind_and_purpose_kind() -> None:
    mapping = load_store_mapping()
    assert set(mapping.kinds) == set(get_args(DataKind))
    assert set(mapping.purposes) == set(get_args(PurposeKind))
    keys = [t.key for t in mapping.apple.types()]
    assert len(set(keys)) == len(keys) and all(str(k).startswith("NSPrivacyCollectedDataType") for k in keys)
    assert all(str(p.key).startswith("NSPrivacyCollectedDataTypePurpose") for p in mapping.apple.purposes)


def test_mapping_names_only_known_types_and_says_how_sure_it_is() -> None:
    raw = yaml.safe_load(store_mapping_file().read_text(encoding="utf-8"))
    raw["kinds"]["account"]["play"] = ["email", "no_such_type"]
    with pytest.raises(ValidationError, match="no_such_type"):
        StoreMapping.model_validate(raw)
    raw = yaml.safe_load(store_mapping_file().read_text(encoding="utf-8"))
    raw["kinds"]["account"]["reviewed"] = "both"
    with pytest.raises(ValidationError, match="not both"):
        StoreMapping.model_validate(raw)
    # The stores' own vocabularies say which definitions were not checked against a source.
    mapping = load_store_mapping()
    assert mapping.play.unverified and mapping.apple.unverified


# --- the answers ------------------------------------------------------------------


@pytest.mark.parametrize("kind", STORE_KINDS)
@pytest.mark.parametrize("name", ["emastered", "parlino", "castline"])
def test_each_profile_yields_answers_that_agree_with_it(name: str, kind: StoreKind, tmp_path: Path) -> None:
    loaded = _load(name)
    text = store_text(loaded, kind)
    assert text == store_text(loaded, kind)  # deterministic
    if kind == "apple-xcprivacy":
        manifest = plistlib.loads(text.encode("utf-8"))
        assert set(manifest) == {
            "NSPrivacyTracking",
            "NSPrivacyTrackingDomains",
            "NSPrivacyCollectedDataTypes",
        }
    else:
        document = json.loads(text)
        assert document["form"] in ("google-play-data-safety", "apple-app-privacy")
    assert store_disagreements(loaded, _write(tmp_path, f"answers.{SUFFIX[kind]}", text)) == []


@pytest.mark.parametrize("kind", STORE_KINDS)
def test_golden(kind: StoreKind, update_golden: bool) -> None:
    text = store_text(_load("parlino"), kind)
    golden = GOLDEN / f"parlino.{SUFFIX[kind]}"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden.name}; run pytest --update-golden and review the diff"
    assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs; run pytest --update-golden"


def test_the_mobile_profile_answers() -> None:
    loaded = _load("parlino")
    play = store_answers(loaded, "play")
    apple = store_answers(loaded, "apple")
    device = play.type("device_ids")
    assert device is not None and device.shared and not device.optional  # AdMob, a separate controller
    email = play.type("email")
    assert email is not None and not email.shared  # only processors receive the account
    assert play.encrypted_in_transit is True and play.deletion is True
    assert play.deletion_url == "https://parlino.example/confidentialite/demande"
    assert apple.tracking and "doubleclick.net" in apple.tracking_domains
    device_id = apple.type("device_id")
    assert device_id is not None and device_id.tracking and device_id.linked
    assert "third_party_advertising" in device_id.purposes
    crash = apple.type("crash_data")  # added by the crash reporter's SDK, to the data it receives
    assert crash is not None and set(crash.data) == {"device", "usage"} and not crash.tracking
    purchases = apple.type("purchase_history")  # RevenueCat adds it to transactions only
    assert purchases is not None and purchases.data == ("purchases",)


def test_the_us_web_service_answers() -> None:
    loaded = _load("emastered")
    document = json.loads(store_text(loaded, "play"))
    security = document["data_collection_and_security"]
    assert security["collects_or_shares_user_data"] is True
    assert security["encrypted_in_transit"] is True  # its security says so
    assert security["users_can_request_deletion"] == UNKNOWN  # CalOPPA and COPPA give no right to delete
    types = {t["id"] for t in document["data_types"]}
    assert {"email", "purchase_history", "approximate_location", "app_interactions"} <= types
    assert document["unmapped"] == []
    apple = store_answers(loaded, "apple")
    assert apple.type("email_address") is not None


def test_data_without_a_kind_is_left_unmapped_not_guessed(tmp_path: Path) -> None:
    data = _data("emastered")
    for item in data["data"]:
        item.pop("kind")
    document = json.loads(store_text(_variant(tmp_path, data), "play"))
    assert document["data_collection_and_security"]["collects_or_shares_user_data"] is True
    assert document["data_types"] == []
    assert "device" in document["unmapped"] and "no kind" in document["review"][0]


def test_what_the_profile_does_not_say_is_unknown_and_said_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "castline.play.json"
    assert main(["store", str(PROFILES / "castline.yaml"), "--kind", "play", "-o", str(out)]) == 0
    document = json.loads(out.read_text(encoding="utf-8"))
    security = document["data_collection_and_security"]
    assert security["encrypted_in_transit"] == UNKNOWN  # castline lists no security measures
    assert security["users_can_request_deletion"] is True  # the CCPA's right to delete
    err = capsys.readouterr().err
    assert "encrypted in transit: unknown" in err and "deletion request URL: unknown" in err


def test_the_manifest_goes_to_stdout_as_a_plist(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["store", str(PROFILES / "parlino.yaml"), "--kind", "apple-xcprivacy"]) == 0
    captured = capsys.readouterr()
    manifest = plistlib.loads(captured.out.encode("utf-8"))
    assert manifest["NSPrivacyTracking"] is True
    kinds = {d["NSPrivacyCollectedDataType"] for d in manifest["NSPrivacyCollectedDataTypes"]}
    assert {"NSPrivacyCollectedDataTypeDeviceID", "NSPrivacyCollectedDataTypeEmailAddress"} <= kinds
    assert "NSPrivacyAccessedAPITypes" in captured.err


def test_special_categories_and_precise_location_pick_the_stores_own_types(tmp_path: Path) -> None:
    data = _data("parlino")
    data["data"][1]["special"] = "health"  # progress becomes health data
    data["purposes"][0]["special_condition"] = "explicit_consent"
    data["purposes"][0]["withdraw"] = {"fr": "Écrivez-nous.", "en": "Write to us."}
    data["purposes"][3]["special_condition"] = "explicit_consent"
    data["data"][3]["us_sensitive"] = "precise_geolocation"  # the device data marked precise location
    loaded = _variant(tmp_path, data)
    play = store_answers(loaded, "play")
    apple = store_answers(loaded, "apple")
    assert play.type("health") is not None and apple.type("health") is not None
    assert "progress" not in (play.type("other_ugc") or play.types[0]).data  # replaced, not added
    assert play.type("precise_location") is not None and apple.type("precise_location") is not None


# --- one fact changes: a vendor that tracks --------------------------------------


def test_adding_an_ad_sdk_changes_the_answers_and_the_old_ones_disagree(tmp_path: Path) -> None:
    before = _variant(tmp_path, _without_admob(_data("parlino")), "before")
    after = _load("parlino")
    old = {k: _write(tmp_path, f"old.{SUFFIX[k]}", store_text(before, k)) for k in STORE_KINDS}

    was, now = store_answers(before, "apple"), store_answers(after, "apple")
    assert not was.tracking and now.tracking
    manifest = plistlib.loads(store_text(after, "apple-xcprivacy").encode("utf-8"))
    assert manifest["NSPrivacyTracking"] is True and "admob.com" in manifest["NSPrivacyTrackingDomains"]
    assert plistlib.loads(old["apple-xcprivacy"].read_bytes())["NSPrivacyTrackingDomains"] == []
    shared_before = store_answers(before, "play").type("device_ids")
    shared_after = store_answers(after, "play").type("device_ids")
    assert shared_before is not None and not shared_before.shared
    assert shared_after is not None and shared_after.shared_with == ("google-admob",)

    found = store_disagreements(after, old["play"])
    assert [d.rule for d in found].count("store-shared") == 2  # device ids and app interactions
    assert all(d.loc == ("processors", 3) for d in found)  # the AdMob entry
    assert "Google AdMob" in found[0].message and found[0].answer.endswith(".shared")
    apple_rules = _rules(after, old["apple"])
    assert "store-tracking" in apple_rules and "store-missing" in apple_rules  # Advertising Data too
    manifest_found = store_disagreements(after, old["apple-xcprivacy"])
    assert {d.answer for d in manifest_found} >= {"NSPrivacyTracking", "NSPrivacyTrackingDomains"}


# --- one test per disagreement -----------------------------------------------------


def _edited(loaded: LoadedProfile, kind: StoreKind, tmp_path: Path, edit: Any) -> Path:
    document = json.loads(store_text(loaded, kind))
    edit(document)
    return _write(tmp_path, f"edited.{SUFFIX[kind]}", json.dumps(document))


def _type(document: dict[str, Any], type_id: str) -> dict[str, Any]:
    return next(t for t in document["data_types"] if t["id"] == type_id)


def test_no_tracking_with_an_ad_network_that_gets_device_ids(tmp_path: Path) -> None:
    loaded = _load("parlino")
    path = _edited(loaded, "apple", tmp_path, lambda d: d.update(tracking=False))
    found = store_disagreements(loaded, path)
    assert [d.rule for d in found] == ["store-tracking"]
    assert found[0].loc == ("processors", 3) and "does not track" in found[0].message


def test_a_type_said_not_used_for_tracking(tmp_path: Path) -> None:
    loaded = _load("parlino")
    path = _edited(loaded, "apple", tmp_path, lambda d: _type(d, "device_id").update(used_for_tracking=False))
    assert _rules(loaded, path) == ["store-tracking"]


def test_tracking_claimed_without_a_vendor_that_tracks(tmp_path: Path) -> None:
    loaded = _variant(tmp_path, _without_admob(_data("parlino")))
    path = _edited(loaded, "apple", tmp_path, lambda d: d.update(tracking=True))
    assert _rules(loaded, path) == ["store-tracking"]


def test_not_shared_with_a_third_party_recipient(tmp_path: Path) -> None:
    loaded = _load("parlino")
    path = _edited(loaded, "play", tmp_path, lambda d: _type(d, "device_ids").update(shared=False))
    found = store_disagreements(loaded, path)
    assert [d.rule for d in found] == ["store-shared"] and found[0].answer == "data_types[7].shared"


def test_shared_claimed_when_only_processors_receive_it(tmp_path: Path) -> None:
    loaded = _load("parlino")
    path = _edited(loaded, "play", tmp_path, lambda d: _type(d, "email").update(shared=True))
    found = store_disagreements(loaded, path)
    assert [d.rule for d in found] == ["store-shared"] and found[0].loc == ("data", 0)


def test_a_collected_type_missing_from_the_answers(tmp_path: Path) -> None:
    loaded = _load("parlino")

    def drop(document: dict[str, Any]) -> None:
        document["data_types"] = [t for t in document["data_types"] if t["id"] != "purchase_history"]

    found = store_disagreements(loaded, _edited(loaded, "play", tmp_path, drop))
    assert [d.rule for d in found] == ["store-missing"] and found[0].loc == ("data", 5)


def test_a_type_claimed_that_the_profile_does_not_collect(tmp_path: Path) -> None:
    loaded = _load("parlino")

    def add(document: dict[str, Any]) -> None:
        document["data_types"].append(
            {"category": "Health and fitness", "type": "Health info", "shared": False}
        )

    found = store_disagreements(loaded, _edited(loaded, "play", tmp_path, add))
    assert [d.rule for d in found] == ["store-not-collected"] and "Health info" in found[0].message


def test_a_refinement_the_mapping_allows_is_not_a_contradiction(tmp_path: Path) -> None:
    loaded = _load("parlino")

    def refine(document: dict[str, Any]) -> None:  # the recordings are voice recordings
        entry = _type(document, "other_ugc")
        document["data_types"].append(
            {**entry, "id": "voice_recordings", "type": "Voice or sound recordings"}
        )

    assert store_disagreements(loaded, _edited(loaded, "play", tmp_path, refine)) == []


def test_deletion_said_available_when_the_profile_says_nothing(tmp_path: Path) -> None:
    loaded = _load("emastered")  # CalOPPA and COPPA only: no general right to delete

    def claim(document: dict[str, Any]) -> None:
        document["data_collection_and_security"]["users_can_request_deletion"] = True

    found = store_disagreements(loaded, _edited(loaded, "play", tmp_path, claim))
    assert [d.rule for d in found] == ["store-deletion"] and found[0].loc == ("rights",)


def test_encryption_claimed_when_the_profile_does_not_say_it(tmp_path: Path) -> None:
    loaded = _load("castline")

    def claim(document: dict[str, Any]) -> None:
        document["data_collection_and_security"]["encrypted_in_transit"] = True

    assert _rules(loaded, _edited(loaded, "play", tmp_path, claim)) == ["store-encryption"]


def test_data_said_not_linked_though_not_anonymous(tmp_path: Path) -> None:
    loaded = _load("parlino")
    path = _edited(
        loaded, "apple", tmp_path, lambda d: _type(d, "email_address").update(linked_to_user=False)
    )
    assert _rules(loaded, path) == ["store-linked"]


def test_a_manifest_without_the_tracking_domains(tmp_path: Path) -> None:
    loaded = _load("parlino")
    manifest = plistlib.loads(store_text(loaded, "apple-xcprivacy").encode("utf-8"))
    manifest["NSPrivacyTrackingDomains"] = ["admob.com"]
    path = tmp_path / "PrivacyInfo.xcprivacy"
    path.write_bytes(plistlib.dumps(manifest))
    found = store_disagreements(loaded, path)
    assert [d.answer for d in found] == ["NSPrivacyTrackingDomains"] and "doubleclick.net" in found[0].message


def test_findings_are_located_in_the_profile(tmp_path: Path) -> None:
    loaded = _load("parlino")
    path = _edited(loaded, "apple", tmp_path, lambda d: d.update(tracking=False))
    (finding,) = store_findings(loaded, path)
    assert finding.rule in RULES and finding.level == "error" and finding.stage == "law"
    assert finding.path == "processors[3]" and finding.line is not None
    assert finding.message.startswith("edited.apple.json: tracking: ")


@pytest.mark.parametrize(
    "text, said",
    [
        ("{not json", "neither JSON nor a property list"),
        ('{"form": "other"}', "not drafter store answers"),
        ('{"form": "google-play-data-safety", "data_types": [{"id": "nope"}]}', "not a type of this form"),
        (
            '{"form": "google-play-data-safety", "data_types": [{"id": "email", "shared": "yes"}]}',
            "true or false",
        ),
        ("<plist><dict><key>NSPrivacyTracking</key><string>no</string></dict></plist>", "true or false"),
    ],
)
def test_a_file_that_is_not_store_answers_is_bad_input(tmp_path: Path, text: str, said: str) -> None:
    with pytest.raises(DrafterError, match=said):
        store_disagreements(_load("parlino"), _write(tmp_path, "answers.json", text))
