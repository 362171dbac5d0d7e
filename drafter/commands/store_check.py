"""``check --store FILE``: where a store answers file contradicts the profile.

The file is one ``drafter store`` wrote (Play or Apple answers as JSON, or the
PrivacyInfo.xcprivacy manifest), perhaps edited since. Its answers are compared with
those the profile gives today (:func:`drafter.commands.store.store_answers`), by the rules
stated once in :mod:`drafter.commands.store`. A refinement the mapping allows (the
owner answering "Photos" for content drafter calls "Other user-generated content") is
not a contradiction; see ``*_may_be`` in drafter/data/store_mapping.yaml.
"""

from __future__ import annotations

import json
import plistlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from drafter.commands.store import FORMS, UNKNOWN, Answers, Store, store_answers
from drafter.errors import DrafterError, Problem
from drafter.legal.facts import Loc
from drafter.legal.load import LoadedProfile
from drafter.legal.rules import Finding, locate
from drafter.model.store_mapping import StoreVocabulary, load_store_mapping
from drafter.model.yaml_source import read_text

RULES = {
    "store-tracking": "the tracking answers follow the vendors that track (docs/store.md)",
    "store-shared": "a type is shared exactly when a third party (not a service provider) receives it",
    "store-missing": "every type the profile's data maps to is declared",
    "store-not-collected": "no type is declared that none of the profile's data maps to",
    "store-linked": "data is linked to the user unless the profile marks it anonymous",
    "store-deletion": "deletion is said available exactly when the profile states a right to it",
    "store-encryption": "encryption in transit is claimed only when the profile lists it",
}


@dataclass(frozen=True)
class StoreDisagreement:
    """One contradiction between a store answers file and the profile."""

    rule: str  # a key of RULES
    loc: Loc  # where in the profile: locate it with drafter.legal.rules.locate(loaded.doc, loc)
    answer: str  # where in the answers file, e.g. "data_types[2].shared" or "NSPrivacyTracking"
    message: str
    fix: str


@dataclass(frozen=True)
class _Claimed:
    id: str
    where: str
    shared: bool | None = None
    linked: bool | None = None
    tracking: bool | None = None


@dataclass(frozen=True)
class _Claims:
    store: Store
    types: tuple[_Claimed, ...]
    tracking: bool | None = None
    tracking_where: str = ""
    domains: tuple[str, ...] | None = None  # the manifest's NSPrivacyTrackingDomains
    manifest: bool = False  # read from a PrivacyInfo.xcprivacy
    encrypted: bool | str | None = None
    deletion: bool | str | None = None


def store_disagreements(loaded: LoadedProfile, path: str | Path) -> list[StoreDisagreement]:
    """Every contradiction between the answers in ``path`` and ``loaded``, in the order of the
    answers file. A file that is not store answers raises :class:`DrafterError` (bad input)."""
    claims = _read(path)
    answers = store_answers(loaded, claims.store)
    vocabulary: StoreVocabulary = getattr(load_store_mapping(), claims.store)
    found: list[StoreDisagreement] = []
    found += _security(claims, answers)
    found += _tracking(claims, answers)
    found += _types(loaded, claims, answers, vocabulary)
    return found


def store_findings(loaded: LoadedProfile, path: str | Path) -> list[Finding]:
    """:func:`store_disagreements` as ``check`` findings: errors of the law stage, located in
    the profile, the answers file and its place named in the message."""
    out = []
    for d in store_disagreements(loaded, path):
        line, where = locate(loaded.doc, d.loc) if d.loc else (None, "")
        message = f"{Path(path).name}: {d.answer}: {d.message}"
        out.append(Finding(loaded.file, message, line, where, d.rule, "error", "law", d.fix))
    return out


# --- reading ----------------------------------------------------------------------


def _bad(path: str | Path, message: str) -> DrafterError:
    return DrafterError(Problem(str(path), message))


def _read(path: str | Path) -> _Claims:
    text = read_text(path)
    if text.lstrip().startswith("<"):
        try:
            manifest = plistlib.loads(text.encode("utf-8"))
        except Exception as exc:  # plistlib raises several kinds for a broken file
            raise _bad(path, f"not a property list ({exc})") from None
        return _from_plist(path, manifest)
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        raise _bad(path, f"neither JSON nor a property list (line {exc.lineno}: {exc.msg})") from None
    forms = {form: store for store, form in FORMS.items()}
    if not isinstance(document, dict) or document.get("form") not in forms:
        raise _bad(path, f"not drafter store answers: 'form' must be {' or '.join(forms)}")
    store: Store = forms[document["form"]]
    vocabulary: StoreVocabulary = getattr(load_store_mapping(), store)
    entries = document.get("data_types", [])
    if not isinstance(entries, list):
        raise _bad(path, "data_types must be a list")
    types = []
    for i, entry in enumerate(entries):
        where = f"data_types[{i}]"
        if not isinstance(entry, dict):
            raise _bad(path, f"{where} must be an object")
        type_id = _type_id(path, where, entry, vocabulary)
        if store == "play":
            types.append(_Claimed(type_id, where, shared=_flag(path, where, entry, "shared")))
        else:
            linked = _flag(path, where, entry, "linked_to_user")
            types.append(
                _Claimed(
                    type_id, where, linked=linked, tracking=_flag(path, where, entry, "used_for_tracking")
                )
            )
    if store == "play":
        security = document.get("data_collection_and_security", {})
        if not isinstance(security, dict):
            raise _bad(path, "data_collection_and_security must be an object")
        return _Claims(
            store,
            tuple(types),
            encrypted=_answer(path, security, "encrypted_in_transit"),
            deletion=_answer(path, security, "users_can_request_deletion"),
        )
    deletion = document.get("deletion", {})
    return _Claims(
        store,
        tuple(types),
        tracking=_flag(path, "", document, "tracking"),
        tracking_where="tracking",
        deletion=_answer(path, deletion, "users_can_request_deletion")
        if isinstance(deletion, dict)
        else None,
    )


def _from_plist(path: str | Path, manifest: Any) -> _Claims:
    if not isinstance(manifest, dict):
        raise _bad(path, "the property list is not a dictionary")
    by_key = {t.key: t.id for t in load_store_mapping().apple.types()}
    entries = manifest.get("NSPrivacyCollectedDataTypes", [])
    if not isinstance(entries, list):
        raise _bad(path, "NSPrivacyCollectedDataTypes must be an array")
    types = []
    for i, entry in enumerate(entries):
        where = f"NSPrivacyCollectedDataTypes[{i}]"
        key = entry.get("NSPrivacyCollectedDataType") if isinstance(entry, dict) else None
        if key not in by_key:
            raise _bad(path, f"{where}: {key!r} is not one of Apple's NSPrivacyCollectedDataType constants")
        linked = _flag(path, where, entry, "NSPrivacyCollectedDataTypeLinked")
        tracking = _flag(path, where, entry, "NSPrivacyCollectedDataTypeTracking")
        types.append(_Claimed(by_key[key], where, linked=linked, tracking=tracking))
    domains = manifest.get("NSPrivacyTrackingDomains", [])
    if not isinstance(domains, list) or not all(isinstance(d, str) for d in domains):
        raise _bad(path, "NSPrivacyTrackingDomains must be an array of strings")
    return _Claims(
        "apple",
        tuple(types),
        tracking=_flag(path, "", manifest, "NSPrivacyTracking"),
        tracking_where="NSPrivacyTracking",
        domains=tuple(domains),
        manifest=True,
    )


def _type_id(path: str | Path, where: str, entry: Mapping[str, Any], vocabulary: StoreVocabulary) -> str:
    known = {t.id for t in vocabulary.types()}
    if entry.get("id") in known:
        return str(entry["id"])
    label = str(entry.get("type", "")).casefold()
    matches = [
        t.id
        for c in vocabulary.categories
        for t in c.types
        if t.label.casefold() == label
        and str(entry.get("category", c.label)).casefold() == c.label.casefold()
    ]
    if not matches:
        raise _bad(path, f"{where}: {entry.get('id') or entry.get('type')!r} is not a type of this form")
    return matches[0]


def _flag(path: str | Path, where: str, entry: Mapping[str, Any], key: str) -> bool | None:
    value = entry.get(key)
    if value is not None and not isinstance(value, bool):
        raise _bad(path, f"{where + '.' if where else ''}{key} must be true or false")
    return value


def _answer(path: str | Path, block: Mapping[str, Any], key: str) -> bool | str | None:
    value = block.get(key)
    if value is None or isinstance(value, bool) or value == UNKNOWN:
        return value
    raise _bad(path, f"{key} must be true, false or {UNKNOWN!r}")


# --- comparing --------------------------------------------------------------------


def _security(claims: _Claims, answers: Answers) -> list[StoreDisagreement]:
    found = []
    block = "data_collection_and_security" if claims.store == "play" else "deletion"
    if claims.deletion is True and answers.deletion is None:
        found.append(
            StoreDisagreement(
                "store-deletion",
                ("rights",),
                f"{block}.users_can_request_deletion",
                "the answers say users can request deletion, but the profile states no right to erasure "
                "or deletion",
                "describe how a deletion request is answered under rights.procedures.erasure, or answer no",
            )
        )
    if claims.deletion is False and answers.deletion:
        found.append(
            StoreDisagreement(
                "store-deletion",
                ("rights",),
                f"{block}.users_can_request_deletion",
                "the answers say users cannot request deletion, but the policy states the right to it",
                "answer yes",
            )
        )
    if claims.encrypted is True and answers.encrypted_in_transit is None:
        found.append(
            StoreDisagreement(
                "store-encryption",
                ("security", "measures"),
                "data_collection_and_security.encrypted_in_transit",
                "the answers say all data is encrypted in transit, but the profile does not say so",
                "add encryption_in_transit to security.measures if it is true, or answer no",
            )
        )
    if claims.encrypted is False and answers.encrypted_in_transit:
        found.append(
            StoreDisagreement(
                "store-encryption",
                ("security", "measures"),
                "data_collection_and_security.encrypted_in_transit",
                "the answers say data is not encrypted in transit, but the profile lists "
                "encryption_in_transit",
                "answer yes, or take encryption_in_transit out of security.measures",
            )
        )
    return found


def _tracking(claims: _Claims, answers: Answers) -> list[StoreDisagreement]:
    trackers = [r for r in answers.receivers if r.tracking]
    found = []
    if claims.tracking is False:
        found += [
            StoreDisagreement(
                "store-tracking",
                r.location,
                claims.tracking_where,
                f"the answers say the app does not track, but {r.name} {_why_tracks(r.category)}",
                "answer that the app tracks (and ask the user's permission through App Tracking "
                "Transparency), or stop sending it device identifiers",
            )
            for r in trackers
        ]
    if claims.tracking is True and not trackers:
        found.append(
            StoreDisagreement(
                "store-tracking",
                ("processors",),
                claims.tracking_where,
                "the answers say the app tracks, but the profile lists no vendor that tracks",
                "list the ad or attribution vendor under processors, or answer that the app does not track",
            )
        )
    if claims.domains is not None:
        for r in trackers:
            missing = [d for d in r.domains if d not in claims.domains]
            if missing:
                found.append(
                    StoreDisagreement(
                        "store-tracking",
                        r.location,
                        "NSPrivacyTrackingDomains",
                        f"{r.name} tracks, but the manifest does not list its domains {', '.join(missing)}",
                        "add them to NSPrivacyTrackingDomains",
                    )
                )
    return found


def _why_tracks(category: str | None) -> str:
    if category is None:
        return "buys the data (Apple counts sharing data with a data broker as tracking)"
    article = "an" if category[0] in "aeiou" else "a"
    return (
        f"is {article} {category} vendor that uses the data for its own purposes and receives device "
        "identifiers (Apple calls that tracking)"
    )


def _types(
    loaded: LoadedProfile, claims: _Claims, answers: Answers, vocabulary: StoreVocabulary
) -> list[StoreDisagreement]:
    f = loaded.facts
    index = {d.id: i for i, d in enumerate(f.profile.data)}
    acceptable: dict[str, set[str]] = {k.data: {*k.answer, *k.may_be} for k in answers.categories}
    for added in answers.contributions:
        acceptable[added.data].add(added.type)
    # A refinement is a more specific type claimed instead of drafter's answer: one it
    # does not answer itself for other data (a crash reporter's Crash Data is no refinement).
    answered = {t.id for t in answers.types}
    refinements = {k.data: set(k.may_be) - answered for k in answers.categories}
    claimed = {c.id for c in claims.types}
    store = "Google Play" if claims.store == "play" else "Apple"
    found = []
    for c in claims.types:
        label = vocabulary.type(c.id).label
        sources = [d for d, types in acceptable.items() if c.id in types]
        if not sources:
            found.append(
                StoreDisagreement(
                    "store-not-collected",
                    ("data",),
                    c.where,
                    f"the answers declare {label}, but none of the profile's data is of that type",
                    "take it out of the answers, or describe the data in the profile (with its kind)",
                )
            )
            continue
        expected = answers.type(c.id)
        shared_with = expected.shared_with if expected else _receivers(answers, sources, "third_party")
        tracked_by = expected.tracked_by if expected else _receivers(answers, sources, "tracking")
        linked = expected.linked if expected else any(not f.data[d].anonymous for d in sources)
        where = ("data", index[sources[0]])
        if c.shared is False and shared_with:
            found += [
                StoreDisagreement(
                    "store-shared",
                    answers.receiver(key).location,
                    f"{c.where}.shared",
                    f"{label} is answered not shared, but {answers.receiver(key).name} receives it and "
                    "is a third party, not a service provider acting for you",
                    "answer shared, with the purposes it is shared for",
                )
                for key in shared_with
            ]
        if c.shared is True and not shared_with:
            found.append(
                StoreDisagreement(
                    "store-shared",
                    where,
                    f"{c.where}.shared",
                    f"{label} is answered shared, but every recipient of it in the profile is a service "
                    "provider acting for you",
                    "answer not shared, or list the third party that receives it",
                )
            )
        if c.tracking is False and tracked_by:
            found += [
                StoreDisagreement(
                    "store-tracking",
                    answers.receiver(key).location,
                    _field(claims, c, "used_for_tracking", "NSPrivacyCollectedDataTypeTracking"),
                    f"{label} is answered not used for tracking, but {answers.receiver(key).name} "
                    f"receives it and {_why_tracks(answers.receiver(key).category)}",
                    "answer that it is used for tracking",
                )
                for key in tracked_by
            ]
        if c.tracking is True and not tracked_by:
            found.append(
                StoreDisagreement(
                    "store-tracking",
                    where,
                    _field(claims, c, "used_for_tracking", "NSPrivacyCollectedDataTypeTracking"),
                    f"{label} is answered used for tracking, but no vendor that tracks receives it",
                    "answer that it is not used for tracking, or list the vendor that tracks",
                )
            )
        if c.linked is not None and c.linked != linked:
            said = "not linked to the user" if not c.linked else "linked to the user"
            truth = "is not marked anonymous" if linked else "is marked anonymous"
            found.append(
                StoreDisagreement(
                    "store-linked",
                    where,
                    _field(claims, c, "linked_to_user", "NSPrivacyCollectedDataTypeLinked"),
                    f"{label} is answered {said}, but the profile's data {sources[0]!r} {truth}",
                    "answer linked" if linked else "answer not linked",
                )
            )
    for t in answers.types:
        if t.id in claimed:
            continue
        refined = [d for d in t.data if refinements.get(d, set()) & claimed]
        missing = [d for d in t.data if d not in refined]
        if missing:
            found.append(
                StoreDisagreement(
                    "store-missing",
                    ("data", index[missing[0]]),
                    "NSPrivacyCollectedDataTypes" if claims.manifest else "data_types",
                    f"the profile collects {', '.join(map(repr, missing))}, which is "
                    f"{vocabulary.type(t.id).label} for {store}, but the answers do not declare it",
                    "declare it (or the more specific type it is)",
                )
            )
    return found


def _field(claims: _Claims, c: _Claimed, key: str, manifest_key: str) -> str:
    return f"{c.where}.{manifest_key if claims.manifest else key}"


def _receivers(answers: Answers, data: Iterable[str], what: str) -> tuple[str, ...]:
    wanted = set(data)
    return tuple(r.key for r in answers.receivers if getattr(r, what) and wanted & set(r.data))


__all__ = ["RULES", "StoreDisagreement", "store_disagreements", "store_findings"]
