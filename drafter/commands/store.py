"""``drafter store``: a profile's answers to the app stores' privacy forms.

Google Play's Data safety form and Apple's App Privacy details (with the matching
``PrivacyInfo.xcprivacy`` manifest), drafted from the profile's facts
(:mod:`drafter.legal.facts`) through the mapping of drafter/data/store_mapping.yaml
(:mod:`drafter.model.store_mapping`). Nothing here decides a legal fact again: the
vendors' roles, the CCPA's third parties, the sales and the rights the policy states
are read from the facts. docs/store.md explains each answer.

The store rules, stated once (docs/store.md says the same):

- Collected: every data category of the profile is collected (sent off the device).
  Play's "processed ephemerally" is always No: the profile keeps every category under a
  retention rule, and drafter has no fact for data only held while a request is served.
- Shared (Play): transferred to a third party, that is any recipient that is not a
  service provider acting on our behalf: a vendor that is an independent or joint
  controller, or an other recipient the CCPA facts make a third party. Processors are
  not "shared". Authorities and acquirers, which receive data only if an event happens,
  are left out (Play exempts transfers for legal reasons).
- Tracking (Apple): an advertising, social or attribution vendor that is an independent
  or joint controller and receives device identifiers tracks; so does a recipient the
  data is sold to (a data broker). The data types it receives are "used for tracking",
  and its domains are the manifest's NSPrivacyTrackingDomains.
- Linked (Apple): every category is linked to the user unless the profile marks it
  ``anonymous``.
- Optional (Play): a type is optional when every purpose that uses it rests on consent
  or is optional; otherwise its collection is required.
- Deletion (Play): users can request deletion when the policy states a right to erasure
  or deletion (GDPR, CCPA, the US state laws) or the profile describes how erasure is
  answered. Encryption in transit: only when the profile lists encryption_in_transit.
  Otherwise the answer is :data:`UNKNOWN`, never a guess, and the command says so.
"""

from __future__ import annotations

import json
import plistlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal, get_args

from drafter.legal.facts import Facts, Loc
from drafter.legal.load import LoadedProfile
from drafter.model.catalog import Category, Vendor
from drafter.model.profile import DataCategory
from drafter.model.store_mapping import StoreMapping, StoreVocabulary, load_store_mapping

Store = Literal["play", "apple"]
StoreKind = Literal["play", "apple", "apple-xcprivacy"]
STORE_KINDS: tuple[StoreKind, ...] = get_args(StoreKind)
UNKNOWN = "unknown: the profile does not say"
FORMS: dict[Store, str] = {"play": "google-play-data-safety", "apple": "apple-app-privacy"}
_FORMAT = {
    "play": "drafter store answers, version 1. Play Console can import a CSV, but its columns were "
    "not found in drafter's sources: enter these answers in Policy > App content > Data safety "
    "(docs/store.md).",
    "apple": "drafter store answers, version 1: enter them in App Store Connect > App Privacy "
    "(docs/store.md).",
}
TRACKING_CATEGORIES = frozenset({"advertising", "social", "attribution"})
# The requirements whose text tells users they may have their data deleted.
DELETION_REQUIREMENTS = frozenset({"rights", "ccpa_right_delete", "us_state_rights"})


@dataclass(frozen=True)
class Receiver:
    """A recipient of data, as the stores see it."""

    key: str  # the vendor id, or other_recipients[i]
    name: str
    location: Loc
    data: tuple[str, ...]  # the profile's data ids it receives
    activities: tuple[str, ...]  # the profile's purpose ids it takes part in
    third_party: bool  # Play "shared": not a service provider acting for us
    controller: bool  # an independent or joint controller
    tracking: bool  # Apple "tracking"
    category: Category | None  # the vendor's catalog category
    domains: tuple[str, ...]


@dataclass(frozen=True)
class DataTypes:
    """One data category of the profile in one store's words."""

    data: str
    index: int
    answer: tuple[str, ...]  # the store types drafter answers
    may_be: tuple[str, ...]  # more specific types it may really be
    note: str | None  # why the mapping is unsure


@dataclass(frozen=True)
class Contribution:
    """One store type, collected from one data category, for some purposes."""

    type: str
    data: str
    purposes: tuple[str, ...]  # profile purpose ids
    via: str | None = None  # added by this receiver's SDK (vendor_categories)


@dataclass(frozen=True)
class TypeAnswer:
    id: str
    data: tuple[str, ...]
    purposes: tuple[str, ...]  # the store's purpose ids, for the collection
    shared_purposes: tuple[str, ...]  # Play: for the sharing
    shared_with: tuple[str, ...]  # receiver keys
    tracked_by: tuple[str, ...]  # receiver keys
    optional: bool
    linked: bool

    @property
    def shared(self) -> bool:
        return bool(self.shared_with)

    @property
    def tracking(self) -> bool:
        return bool(self.tracked_by)


@dataclass(frozen=True)
class Answers:
    store: Store
    app: str
    types: tuple[TypeAnswer, ...]
    categories: tuple[DataTypes, ...]
    contributions: tuple[Contribution, ...]
    receivers: tuple[Receiver, ...]
    encrypted_in_transit: bool | None
    deletion: bool | None
    deletion_url: str | None
    review: tuple[str, ...]

    @property
    def unmapped(self) -> tuple[str, ...]:
        return tuple(c.data for c in self.categories if not c.answer)

    @property
    def tracking(self) -> bool:
        return any(r.tracking for r in self.receivers)

    @property
    def tracking_domains(self) -> tuple[str, ...]:
        return tuple(sorted({d for r in self.receivers if r.tracking for d in r.domains}))

    def type(self, type_id: str) -> TypeAnswer | None:
        return next((t for t in self.types if t.id == type_id), None)

    def receiver(self, key: str) -> Receiver:
        return next(r for r in self.receivers if r.key == key)


# --- the answers ------------------------------------------------------------------


def store_answers(loaded: LoadedProfile, store: Store) -> Answers:
    """The profile's answers to one store's form."""
    f = loaded.facts
    mapping = load_store_mapping()
    vocabulary: StoreVocabulary = getattr(mapping, store)
    receivers = build_receivers(f)
    categories = tuple(data_types(mapping, d, i, store) for i, d in enumerate(f.profile.data))
    contributions = [Contribution(t, c.data, _uses(f, c.data)) for c in categories for t in c.answer]
    for r in receivers:
        vendor_map = mapping.vendor_categories.get(r.category) if r.category else None
        added = getattr(vendor_map, f"{store}_types") if vendor_map else []
        kinds = set(vendor_map.for_kinds) if vendor_map else set()
        contributions += [
            Contribution(t, d, _relevant(f, r.activities, d) or _uses(f, d), r.key)
            for d in r.data
            if not kinds or f.data[d].kind in kinds
            for t in added
        ]
    types = tuple(
        _answer(f, mapping, store, t.id, mine, receivers)
        for t in vocabulary.types()
        if (mine := [c for c in contributions if c.type == t.id])
    )
    procedures = f.profile.rights.procedures
    deletion = bool(DELETION_REQUIREMENTS & set(f.requirement_ids)) or "erasure" in procedures
    url = f.profile.rights.request_url
    return Answers(
        store=store,
        app=str(f.profile.service.name),
        types=types,
        categories=categories,
        contributions=tuple(contributions),
        receivers=receivers,
        encrypted_in_transit=True if "encryption_in_transit" in f.profile.security.measures else None,
        deletion=True if deletion else None,
        deletion_url=str(url) if url else None,
        review=tuple(_review(f, mapping, store, categories, types, receivers)),
    )


def build_receivers(f: Facts) -> tuple[Receiver, ...]:
    """Every recipient of the profile's data, with what the stores make of it."""
    found = []
    for r in f.recipients:
        us = f.us.recipient(r.id)
        data = _received(f, r.data, r.vendor.data_received)
        controller = r.role != "processor"
        ad_tracker = (
            controller and r.vendor.category in TRACKING_CATEGORIES and _device_ids(f, data, r.vendor)
        )
        found.append(
            Receiver(
                r.id,
                r.vendor.name,
                r.location,
                data,
                r.activities,
                us.role == "third_party",
                controller,
                ad_tracker or us.disclosure == "sale",
                r.vendor.category,
                tuple(r.vendor.domains),
            )
        )
    for i, o in enumerate(f.other_recipients):
        us = f.us.recipient(f"other_recipients[{i}]")
        if us.contingent:
            continue  # authorities and acquirers: only if a legal demand or a sale of the business comes
        third = us.role == "third_party"
        found.append(
            Receiver(
                us.key, o.recipient.kind, o.location, us.data, o.activities, third, third,
                us.disclosure == "sale", None, (),
            )
        )  # fmt: skip
    return tuple(found)


def data_types(mapping: StoreMapping, d: DataCategory, index: int, store: Store) -> DataTypes:
    """A data category's store types: its kind's, replaced or completed by its special
    category's and its US sensitive kind's."""
    base = mapping.kinds.get(d.kind) if d.kind else None
    special = mapping.special.get(d.special) if d.special else None
    sensitive = mapping.us_sensitive.get(d.us_sensitive) if d.us_sensitive else None
    extra = [m for m in (special, sensitive) if m is not None]
    answer: list[str] = []
    may: list[str] = []
    if base is not None:
        (may if any(m.replace for m in extra) else answer).extend(getattr(base, store))
        may.extend(getattr(base, f"{store}_may_be"))
    for m in extra:
        answer.extend(getattr(m, store))
        may.extend(getattr(m, f"{store}_may_be"))
    notes = [n for m in (base, *extra) if m is not None and (n := m.unverified)]
    kept = tuple(dict.fromkeys(answer))
    return DataTypes(
        d.id, index, kept, tuple(t for t in dict.fromkeys(may) if t not in kept), " ".join(notes) or None
    )


def _uses(f: Facts, data: str) -> tuple[str, ...]:
    return tuple(x.id for x in f.purposes if data in x.data)


def _relevant(f: Facts, activities: Sequence[str], data: str) -> tuple[str, ...]:
    """Of a recipient's activities, those that use ``data`` (else all of them)."""
    uses = set(_uses(f, data))
    return tuple(a for a in activities if a in uses) or tuple(activities)


def _received(f: Facts, data: Sequence[str], kinds: Iterable[str]) -> tuple[str, ...]:
    """What a vendor receives: as listed, else (named only for its cookies) the categories
    of the kinds the catalog says it receives."""
    if data:
        return tuple(data)
    wanted = set(kinds)
    return tuple(d.id for d in f.profile.data if d.kind in wanted and d.role == "controller")


def _device_ids(f: Facts, data: Sequence[str], vendor: Vendor) -> bool:
    """Whether a vendor receives device identifiers: a category of kind ``device``; or,
    where the categories it receives have no kind, its catalog says it receives them."""
    kinds = [f.data[d].kind for d in data if d in f.data]
    return "device" in kinds or ("device" in vendor.data_received and (not kinds or None in kinds))


def _optional(f: Facts, purposes: Sequence[str]) -> bool:
    by_id = {x.id: x for x in f.purposes}
    found = [by_id[p] for p in purposes if p in by_id]
    return bool(found) and all(x.needs_consent or x.requirement == "optional" for x in found)


def _store_purposes(
    f: Facts, mapping: StoreMapping, store: Store, pairs: Iterable[tuple[str, str]]
) -> set[str]:
    """The store's purposes for (profile purpose, data id) pairs."""
    by_id = {x.id: x for x in f.purposes}
    found: set[str] = set()
    for purpose, data in pairs:
        if purpose not in by_id:
            continue
        m = mapping.purposes[by_id[purpose].purpose.kind]
        found.update(getattr(m, store))
        kind = f.data[data].kind if data in f.data else None
        if kind in m.with_kind:
            found.update(getattr(m.with_kind[kind], store))
    return found


def _answer(
    f: Facts,
    mapping: StoreMapping,
    store: Store,
    type_id: str,
    mine: Sequence[Contribution],
    receivers: Sequence[Receiver],
) -> TypeAnswer:
    vocabulary: StoreVocabulary = getattr(mapping, store)
    order = [p.id for p in vocabulary.purposes]
    by_key = {r.key: r for r in receivers}
    shared: dict[str, None] = {}
    tracked: dict[str, None] = {}
    # Apple: a marketing purpose an ad network serves as a controller is its advertising
    # (third-party ads), not our own.
    kinds = {x.id: x.purpose.kind for x in f.purposes}
    theirs = {
        p
        for r in receivers
        if r.controller and store == "apple" and _controller_purposes(mapping, r)
        for p in r.activities
        if kinds.get(p) == "marketing"
    }
    pairs = ((p, c.data) for c in mine for p in c.purposes if p not in theirs)
    purposes = _store_purposes(f, mapping, store, pairs)
    shared_purposes: set[str] = set()
    for c in mine:
        # What an SDK adds goes to that SDK only; the category itself goes to all who receive it.
        to = [by_key[c.via]] if c.via else [r for r in receivers if c.data in r.data]
        for r in to:
            vendor_map = mapping.vendor_categories.get(r.category) if r.category else None
            if r.third_party:
                shared[r.key] = None
                if vendor_map and vendor_map.play_shared_purposes:  # an ad network: for its ads
                    shared_purposes.update(vendor_map.play_shared_purposes)
                else:
                    activities = ((p, c.data) for p in _relevant(f, r.activities, c.data))
                    shared_purposes |= _store_purposes(f, mapping, "play", activities)
            if r.tracking:
                tracked[r.key] = None
            if r.controller and store == "apple":
                purposes.update(_controller_purposes(mapping, r))
    data = tuple(dict.fromkeys(c.data for c in mine))
    return TypeAnswer(
        id=type_id,
        data=data,
        purposes=tuple(p for p in order if p in purposes),
        shared_purposes=tuple(p for p in order if p in shared_purposes) if store == "play" else (),
        shared_with=tuple(shared),
        tracked_by=tuple(tracked),
        optional=all(_optional(f, c.purposes) for c in mine),
        linked=any(not f.data[d].anonymous for d in data if d in f.data),
    )


def _controller_purposes(mapping: StoreMapping, r: Receiver) -> list[str]:
    vendor_map = mapping.vendor_categories.get(r.category) if r.category else None
    return vendor_map.apple_controller_purposes if vendor_map else []


def _review(
    f: Facts,
    mapping: StoreMapping,
    store: Store,
    categories: Sequence[DataTypes],
    types: Sequence[TypeAnswer],
    receivers: Sequence[Receiver],
) -> list[str]:
    """What the form's owner must check before pasting the answers."""
    p = f.profile
    notes = []
    unmapped = [c.data for c in categories if not c.answer]
    if unmapped:
        notes.append(
            f"data {', '.join(map(repr, unmapped))}: no kind (nor a special category), so drafter cannot "
            f"tell which {_STORE_NAME[store]} types they are and leaves them out; give each a kind in the "
            "profile (identity, contact, account, payment, transaction, address, communication, content, "
            "device, usage, location, marketing)"
        )
    vocabulary: StoreVocabulary = getattr(mapping, store)
    for t in types:
        if not t.purposes:
            notes.append(
                f"{vocabulary.type(t.id).label}: no {_STORE_NAME[store]} purpose matches the profile's "
                "purposes (kind 'other' or 'ai_training'); choose the nearest in the form"
            )
    for d in p.data:
        if d.source == "third_party":
            notes.append(
                f"data {d.id!r} comes from others, not from the app: the forms count what the app "
                "or its SDKs send off the device; keep it only if the app sends it too"
            )
        if d.role == "processor":
            notes.append(f"data {d.id!r} is held for business customers: it is still data the app collects")
    if f.us.sells and not any(r.disclosure == "sale" for r in f.us.recipients):
        notes.append(
            "the profile says data is sold but names no buyer: Apple counts sharing data with a "
            "data broker as tracking; mark the data sold as used for tracking"
        )
    if store == "apple":
        notes += [
            f"{r.name} tracks but its catalog entry lists no domains: add the host names its SDK "
            "calls to NSPrivacyTrackingDomains (or to the vendor's domains)"
            for r in receivers
            if r.tracking and r.category and not r.domains
        ]
    if p.selling.shares_for_advertising and not any(r.tracking for r in receivers):
        notes.append(
            "the profile says data is shared for advertising, but no vendor that tracks is listed: "
            "list the ad network under processors, with the data it receives"
        )
    return notes


_STORE_NAME: dict[Store, str] = {"play": "Google Play", "apple": "Apple"}


# --- output -----------------------------------------------------------------------


def store_text(loaded: LoadedProfile, kind: StoreKind) -> str:
    """The exact content of the answers file of ``kind``: JSON for ``play`` and ``apple``,
    the PrivacyInfo.xcprivacy property list for ``apple-xcprivacy``. Deterministic: the
    same profile, vendors and mapping give the same text."""
    if kind == "apple-xcprivacy":
        return xcprivacy_text(store_answers(loaded, "apple"))
    answers = store_answers(loaded, kind)
    document = play_document(answers) if kind == "play" else apple_document(answers)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def _known(value: object | None) -> object:
    return UNKNOWN if value is None else value


def _profile_data(answers: Answers, vocabulary: StoreVocabulary) -> list[dict[str, Any]]:
    return [
        {
            "data": c.data,
            "answered": [vocabulary.type(t).label for t in c.answer],
            "may_also_be": [vocabulary.type(t).label for t in c.may_be],
            **({"note": c.note} if c.note else {}),
        }
        for c in answers.categories
    ]


def _names(answers: Answers, keys: Iterable[str]) -> list[str]:
    return [answers.receiver(k).name for k in keys]


def play_document(answers: Answers) -> dict[str, Any]:
    vocabulary = load_store_mapping().play
    return {
        "form": FORMS["play"],
        "format": _FORMAT["play"],
        "app": answers.app,
        "data_collection_and_security": {
            "collects_or_shares_user_data": bool(answers.categories),
            "encrypted_in_transit": _known(answers.encrypted_in_transit),
            "users_can_request_deletion": _known(answers.deletion),
            "deletion_request_url": _known(answers.deletion_url),
        },
        "data_types": [
            {
                "category": vocabulary.category_of(t.id).label,
                "type": vocabulary.type(t.id).label,
                "id": t.id,
                "collected": True,
                "shared": t.shared,
                "processed_ephemerally": False,
                "collection": "optional" if t.optional else "required",
                "collected_for": [vocabulary.purpose(p).label for p in t.purposes],
                "shared_for": [vocabulary.purpose(p).label for p in t.shared_purposes],
                "from_profile": {"data": list(t.data), "shared_with": _names(answers, t.shared_with)},
            }
            for t in answers.types
        ],
        "profile_data": _profile_data(answers, vocabulary),
        "unmapped": list(answers.unmapped),
        "review": list(answers.review),
    }


def apple_document(answers: Answers) -> dict[str, Any]:
    vocabulary = load_store_mapping().apple
    return {
        "form": FORMS["apple"],
        "format": _FORMAT["apple"],
        "app": answers.app,
        "collects_data": bool(answers.categories),
        "tracking": answers.tracking,
        "tracking_domains": list(answers.tracking_domains),
        "data_types": [
            {
                "category": vocabulary.category_of(t.id).label,
                "type": vocabulary.type(t.id).label,
                "id": t.id,
                "key": vocabulary.type(t.id).key,
                "linked_to_user": t.linked,
                "used_for_tracking": t.tracking,
                "purposes": [vocabulary.purpose(p).label for p in t.purposes],
                "from_profile": {"data": list(t.data), "tracked_by": _names(answers, t.tracked_by)},
            }
            for t in answers.types
        ],
        "profile_data": _profile_data(answers, vocabulary),
        "unmapped": list(answers.unmapped),
        "review": list(answers.review),
        "deletion": {
            "users_can_request_deletion": _known(answers.deletion),
            "deletion_request_url": _known(answers.deletion_url),
        },
    }


def xcprivacy_text(answers: Answers) -> str:
    """The PrivacyInfo.xcprivacy keys for the data the app collects (no required-reason APIs:
    drafter does not know which the app calls)."""
    vocabulary = load_store_mapping().apple
    manifest = {
        "NSPrivacyTracking": answers.tracking,
        "NSPrivacyTrackingDomains": list(answers.tracking_domains),
        "NSPrivacyCollectedDataTypes": [
            {
                "NSPrivacyCollectedDataType": vocabulary.type(t.id).key,
                "NSPrivacyCollectedDataTypeLinked": t.linked,
                "NSPrivacyCollectedDataTypeTracking": t.tracking,
                "NSPrivacyCollectedDataTypePurposes": [vocabulary.purpose(p).key for p in t.purposes],
            }
            for t in answers.types
        ],
    }
    return plistlib.dumps(manifest, sort_keys=False).decode("utf-8")


def store_warnings(loaded: LoadedProfile, kind: StoreKind) -> list[str]:
    """What ``drafter store`` says on standard error: every answer it could not give."""
    store: Store = "play" if kind == "play" else "apple"
    answers = store_answers(loaded, store)
    said = []
    if store == "play" and answers.encrypted_in_transit is None:
        said.append(
            "encrypted in transit: unknown, the profile does not say (list encryption_in_transit "
            "under security.measures if all data is sent encrypted)"
        )
    if kind != "apple-xcprivacy" and answers.deletion is None:
        said.append(
            "deletion requests: unknown, the profile states no right to erasure or deletion (add "
            "rights.procedures.erasure to say how a request is answered)"
        )
    if kind != "apple-xcprivacy" and answers.deletion_url is None:
        said.append("deletion request URL: unknown, the profile gives no rights.request_url")
    if answers.unmapped:
        said.append(
            f"data {', '.join(map(repr, answers.unmapped))}: no kind, so left out of the answers; "
            "give each a kind"
        )
    if kind == "apple-xcprivacy":
        said.append(
            "the manifest lists no required-reason APIs (NSPrivacyAccessedAPITypes): add those the app uses"
        )
    elif answers.review:
        count = len(answers.review)
        said.append(
            f"{count} point{'s' if count > 1 else ''} to review, listed under 'review' in the answers"
        )
    return [f"drafter: store: {line}" for line in said]


__all__ = [
    "STORE_KINDS",
    "UNKNOWN",
    "Answers",
    "StoreKind",
    "store_answers",
    "store_text",
    "store_warnings",
]
