"""How profile facts map onto the app stores' privacy forms, as data
(drafter/data/store_mapping.yaml): each store's vocabulary and drafter's words mapped to it.

What the answers are for a given profile is computed in :mod:`drafter.commands.store`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import get_args

from pydantic import Field, HttpUrl, StrictBool, ValidationError, model_validator

from drafter.errors import DrafterError
from drafter.model.catalog import Category, DataKind
from drafter.model.messages import problems_from
from drafter.model.profile import PurposeKind, SpecialCategory
from drafter.model.types import Name, Slug, Strict
from drafter.model.us import UsSensitive
from drafter.model.yaml_source import load_yaml


class Noted(Strict):
    """A definition or a mapping, with how sure drafter is of it."""

    reviewed: str | None = Field(default=None, description="Compared with the definition it cites.")
    unverified: str | None = Field(default=None, description="Why drafter is unsure of it.")

    @model_validator(mode="after")
    def _one_note(self) -> Noted:
        if self.reviewed is not None and self.unverified is not None:
            raise ValueError("say reviewed or unverified, not both")
        return self


class StoreType(Noted):
    id: Slug
    label: Name
    key: str | None = Field(default=None, description="Apple: its NSPrivacyCollectedDataType constant.")


class StoreCategory(Strict):
    id: Slug
    label: Name
    types: list[StoreType] = Field(min_length=1)


class StorePurpose(Noted):
    id: Slug
    label: Name
    key: str | None = Field(
        default=None, description="Apple: its NSPrivacyCollectedDataTypePurpose constant."
    )


class StoreVocabulary(Noted):
    """One store's form: its data categories and types, and its purposes, in its order."""

    source: HttpUrl
    categories: list[StoreCategory] = Field(min_length=1)
    purposes: list[StorePurpose] = Field(min_length=1)

    def types(self) -> list[StoreType]:
        return [t for c in self.categories for t in c.types]

    def category_of(self, type_id: str) -> StoreCategory:
        return next(c for c in self.categories if any(t.id == type_id for t in c.types))

    def type(self, type_id: str) -> StoreType:
        return next(t for t in self.types() if t.id == type_id)

    def purpose(self, purpose_id: str) -> StorePurpose:
        return next(p for p in self.purposes if p.id == purpose_id)


class DataMap(Noted):
    """What one kind of data is in each store: the answer, and what it may be instead."""

    play: list[Slug] = []
    play_may_be: list[Slug] = []
    apple: list[Slug] = []
    apple_may_be: list[Slug] = []
    replace: StrictBool = Field(
        default=False, description="Replaces the kind's answer instead of adding to it."
    )


class KindPurposes(Strict):
    play: list[Slug] = []
    apple: list[Slug] = []


class PurposeMap(Noted):
    play: list[Slug]
    apple: list[Slug]
    with_kind: dict[DataKind, KindPurposes] = Field(
        default={}, description="Purposes added for the data of this kind only."
    )


class VendorMap(Noted):
    play_types: list[Slug] = Field(default=[], description="Types its SDK adds to the data it receives.")
    apple_types: list[Slug] = []
    for_kinds: list[DataKind] = Field(
        default=[], description="Add the types only to the data of these kinds (default: all it receives)."
    )
    play_shared_purposes: list[Slug] = Field(
        default=[], description="Sharing purposes, when the vendor is a third party."
    )
    apple_controller_purposes: list[Slug] = Field(
        default=[], description="Purposes added when the vendor is an independent or joint controller."
    )


class StoreMapping(Strict):
    play: StoreVocabulary
    apple: StoreVocabulary
    kinds: dict[DataKind, DataMap]
    special: dict[SpecialCategory, DataMap] = {}
    us_sensitive: dict[UsSensitive, DataMap] = {}
    purposes: dict[PurposeKind, PurposeMap]
    vendor_categories: dict[Category, VendorMap] = {}

    @model_validator(mode="after")
    def _complete_and_known(self) -> StoreMapping:
        for name, wanted, given in (
            ("kinds", get_args(DataKind), self.kinds),
            ("purposes", get_args(PurposeKind), self.purposes),
        ):
            missing = [k for k in wanted if k not in given]
            if missing:
                raise ValueError(f"{name} needs a mapping for: {', '.join(missing)}")
        if any(t.key is None for t in self.apple.types()) or any(p.key is None for p in self.apple.purposes):
            raise ValueError("every Apple type and purpose needs its xcprivacy key")
        for store in ("play", "apple"):
            vocabulary: StoreVocabulary = getattr(self, store)
            types = [t.id for t in vocabulary.types()]
            purposes = [p.id for p in vocabulary.purposes]
            if len(set(types)) != len(types) or len(set(purposes)) != len(purposes):
                raise ValueError(f"{store}: a type or purpose id is listed twice")
            for where, ids, of_purposes in self._references(store):
                unknown = [i for i in ids if i not in (purposes if of_purposes else types)]
                if unknown:
                    raise ValueError(f"{where}: unknown {store} id {', '.join(map(repr, unknown))}")
        return self

    def _references(self, store: str) -> list[tuple[str, list[str], bool]]:
        """Every store id the mappings name: (where, ids, whether they are purposes)."""
        found: list[tuple[str, list[str], bool]] = []
        for section in ("kinds", "special", "us_sensitive"):
            for key, m in getattr(self, section).items():
                ids = [*getattr(m, store), *getattr(m, f"{store}_may_be")]
                found.append((f"{section}.{key}", ids, False))
        for key, p in self.purposes.items():
            found.append((f"purposes.{key}", getattr(p, store), True))
            for kind, extra in p.with_kind.items():
                found.append((f"purposes.{key}.with_kind.{kind}", getattr(extra, store), True))
        for key, v in self.vendor_categories.items():
            found.append((f"vendor_categories.{key}", getattr(v, f"{store}_types"), False))
            purposes = v.play_shared_purposes if store == "play" else v.apple_controller_purposes
            found.append((f"vendor_categories.{key}", purposes, True))
        return found


def store_mapping_file() -> Path:
    return Path(str(resources.files("drafter.data").joinpath("store_mapping.yaml")))


@cache
def load_store_mapping() -> StoreMapping:
    doc = load_yaml(store_mapping_file())
    try:
        return StoreMapping.model_validate(doc.data)
    except ValidationError as exc:
        raise DrafterError(problems_from(exc, doc, StoreMapping)) from None
