"""The vendor catalog: who the processors are, where they process, and on what basis.

Vendors are keyed by id; each lists the legal entity that serves each region
(Google Ireland Limited is not Google LLC), so the policy names the right one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, HttpUrl, StrictBool, ValidationError, model_validator

from drafter.errors import DrafterError, Problem
from drafter.fields import (
    Bilingual,
    CookieGroup,
    CountryCode,
    Date,
    DurationField,
    LegalBasis,
    Name,
    Slug,
    Strict,
)
from drafter.loading import Document, load_yaml
from drafter.validation import problems_from

Region = Literal["eea", "uk", "global"]
Category = Literal[
    "payment",
    "analytics",
    "hosting",
    "email",
    "support",
    "crm",
    "ecommerce",
    "accounting",
    "shipping",
    "advertising",
    "social",
    "productivity",
    "video",
    "ai",
    "security",
    "other",
]
TransferMechanism = Literal["adequacy", "dpf", "scc", "bcr", "derogation"]
DataKind = Literal[
    "identity",
    "contact",
    "account",
    "payment",
    "transaction",
    "address",
    "communication",
    "content",
    "device",
    "usage",
    "location",
    "marketing",
]


class Entity(Strict):
    """A legal entity that receives data."""

    name: Name
    address: Name
    country: CountryCode


class VendorCookie(Strict):
    name: Name
    purpose: Bilingual
    duration: DurationField
    party: Literal["first", "third"]
    group: CookieGroup
    legal_basis: LegalBasis = "consent"


class Vendor(Strict):
    id: Slug
    name: Name
    category: Category
    description: Bilingual = Field(
        description="What the vendor does for the controller, as a verb phrase: "
        "en 'process card payments', fr 'traiter les paiements par carte'."
    )
    privacy_url: HttpUrl
    entities: dict[Region, Entity] = Field(min_length=1)
    processing_countries: list[CountryCode] = Field(min_length=1)
    dpf_certified: StrictBool = False
    transfer_mechanism: TransferMechanism | None = Field(
        default=None,
        description="Safeguard for transfers that no adequacy decision (or DPF) covers.",
    )
    data_received: list[DataKind] = Field(min_length=1)
    cookies: list[VendorCookie] = []
    own_purposes: StrictBool = Field(
        default=False,
        description="The vendor also uses the data for its own purposes (independent controller).",
    )
    last_checked: Date

    @model_validator(mode="after")
    def _has_global_or_eea(self) -> Vendor:
        if "global" not in self.entities and "eea" not in self.entities:
            raise ValueError("entities needs a 'global' or an 'eea' entry")
        return self

    def entity_for(self, region: Region) -> Entity:
        """The entity serving ``region``, falling back to eea (for uk) then global."""
        order: dict[str, tuple[Region, ...]] = {
            "eea": ("eea", "global"),
            "uk": ("uk", "eea", "global"),
            "global": ("global", "eea"),
        }
        for candidate in order[region]:
            if candidate in self.entities:
                return self.entities[candidate]
        raise KeyError(region)  # unreachable: the validator guarantees eea or global


class VendorOverride(Strict):
    """Per-profile (or user-catalog) replacement of catalog facts for one vendor."""

    name: Name | None = None
    description: Bilingual | None = None
    privacy_url: HttpUrl | None = None
    entities: dict[Region, Entity] | None = None
    processing_countries: list[CountryCode] | None = None
    dpf_certified: StrictBool | None = None
    transfer_mechanism: TransferMechanism | None = None
    data_received: list[DataKind] | None = None
    cookies: list[VendorCookie] | None = None
    own_purposes: StrictBool | None = None
    last_checked: Date | None = None

    def apply(self, vendor: Vendor) -> Vendor:
        changes = self.model_dump(exclude_unset=True)
        return Vendor.model_validate({**vendor.model_dump(), **changes})


def builtin_vendor_dir() -> Path:
    return Path(str(resources.files("drafter.data").joinpath("vendors")))


def load_vendor_file(path: Path) -> Vendor:
    doc: Document = load_yaml(path)
    try:
        vendor = Vendor.model_validate(doc.data)
    except ValidationError as exc:
        raise DrafterError(problems_from(exc, doc)) from None
    if vendor.id != path.stem:
        raise DrafterError(doc.problem(("id",), f"id {vendor.id!r} must match the file name {path.stem!r}"))
    return vendor


def load_vendor_dir(folder: Path) -> dict[str, Vendor]:
    vendors: dict[str, Vendor] = {}
    errors: list[DrafterError] = []
    for path in sorted(folder.glob("*.yaml")):
        try:
            vendor = load_vendor_file(path)
        except DrafterError as exc:
            errors.append(exc)
            continue
        vendors[vendor.id] = vendor
    if errors:
        raise DrafterError.combine(errors)
    return vendors


@cache
def builtin_catalog() -> Mapping[str, Vendor]:
    return load_vendor_dir(builtin_vendor_dir())


def load_catalog(extra_dirs: Iterable[Path] = ()) -> dict[str, Vendor]:
    """The built-in catalog, with user catalog folders layered on top (later wins)."""
    catalog = dict(builtin_catalog())
    for folder in extra_dirs:
        if not folder.is_dir():
            raise DrafterError(Problem(str(folder), "vendor catalog folder not found"))
        catalog.update(load_vendor_dir(folder))
    return catalog
