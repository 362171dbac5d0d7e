"""The vendor catalog: who the processors are, where they process, and on what basis.

Vendors are keyed by id; each lists the legal entity that serves each region
(Google Ireland Limited is not Google LLC), so the policy names the right one.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, HttpUrl, StrictBool, ValidationError, model_validator

from drafter.console import say
from drafter.errors import DrafterError, Problem
from drafter.folders import yaml_files
from drafter.model.messages import problems_from
from drafter.model.types import (
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
from drafter.model.yaml_source import Document, load_yaml

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
    "booking",
    "video",
    "ai",
    "security",
    "crash_reporting",
    "attribution",
    "push",
    "in_app_purchases",
    "maps",
    "fonts",
    "forms",
    "consent",
    "other",
]
TransferMechanism = Literal["adequacy", "dpf", "scc", "bcr", "derogation"]
Fact = Literal["entities", "role", "transfers", "data_received", "cookies", "domains"]
# Which fields each sourced fact covers: one source document usually states all of them.
FACT_FIELDS: dict[Fact, tuple[str, ...]] = {
    "entities": ("entities", "privacy_url"),
    "role": (
        "own_purposes",
        "own_purposes_detail",
        "joint_controller",
        "joint_arrangement_url",
        "role_source",
    ),
    "transfers": ("processing_countries", "dpf_certified", "transfer_mechanism"),
    "data_received": ("data_received",),
    "cookies": ("cookies",),
    "domains": ("domains",),
}
_HOST = re.compile(r"(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}")
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


def _host(value: str) -> str:
    if not _HOST.fullmatch(value):
        raise ValueError(f"{value!r} is not a lower-case host name such as 'js.stripe.com'")
    return value


Host = Annotated[str, AfterValidator(_host)]


class Source(Strict):
    """Where one fact comes from, and whether someone compared the fact with it."""

    url: HttpUrl
    checked: Date | None = Field(
        default=None, description="The day someone compared the fact with this document. Never guessed."
    )
    unverified: Literal[True] | None = Field(
        default=None, description="The fact was written without reading this document (from memory)."
    )

    @model_validator(mode="after")
    def _checked_or_unverified(self) -> Source:
        if (self.checked is None) == (self.unverified is None):
            raise ValueError("give either checked: YYYY-MM-DD (the day it was compared) or unverified: true")
        return self


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
    domains: list[Host] = Field(
        default=[], description="Host names its scripts and requests use; a sub-domain matches too."
    )
    own_purposes: StrictBool = Field(
        default=False,
        description="The vendor also uses the data for its own purposes (independent controller).",
    )
    own_purposes_detail: Bilingual | None = Field(
        default=None,
        description="Those purposes, as a noun phrase: en 'fraud prevention and anti-money-laundering "
        "checks', fr 'la prévention de la fraude et la lutte contre le blanchiment'.",
    )
    joint_controller: StrictBool = Field(
        default=False,
        description="The site and the vendor jointly decide the collection and transmission of the "
        "data (Art. 26 GDPR), as for a pixel or a social plug-in (CJEU C-40/17, Fashion ID).",
    )
    joint_arrangement_url: HttpUrl | None = Field(
        default=None, description="Where the vendor publishes the essence of the arrangement (Art. 26(2))."
    )
    role_source: HttpUrl | None = Field(
        default=None,
        description="The vendor's own document that states its role (data processing terms, privacy notice).",
    )
    sources: dict[Fact, Source] = Field(
        default={}, description="Where each fact comes from (the catalog's own vendors give every one)."
    )
    unverified: list[str] = Field(
        default=[], description="Facts written without checking the source document (field names)."
    )
    last_checked: Date | None = Field(
        default=None, description="The day all facts without their own source were checked."
    )

    @model_validator(mode="after")
    def _has_global_or_eea(self) -> Vendor:
        if "global" not in self.entities and "eea" not in self.entities:
            raise ValueError("entities needs a 'global' or an 'eea' entry")
        if self.own_purposes and self.own_purposes_detail is None:
            raise ValueError("own_purposes: true needs own_purposes_detail (what it uses the data for)")
        if self.joint_controller and self.joint_arrangement_url is None:
            raise ValueError("joint_controller: true needs joint_arrangement_url (Art. 26(2) GDPR)")
        unknown = set(self.unverified) - set(type(self).model_fields)
        if unknown:
            raise ValueError(f"unverified names unknown fields: {', '.join(sorted(unknown))}")
        if self.last_checked is None and set(self.sources) != set(FACT_FIELDS):
            raise ValueError("give last_checked, or a source for every fact: " + ", ".join(FACT_FIELDS))
        return self

    def source_of(self, fact: Fact) -> Source:
        """The fact's own source, or one made of ``last_checked`` and the ``unverified`` fields
        (the validator asks for one or the other)."""
        own = self.sources.get(fact)
        if own is not None:
            return own
        assert self.last_checked is not None
        url = self.role_source if fact == "role" and self.role_source else self.privacy_url
        if set(FACT_FIELDS[fact]) & set(self.unverified):
            return Source(url=url, unverified=True)
        return Source(url=url, checked=self.last_checked)

    def unverified_facts(self) -> list[Fact]:
        """The facts written from memory: ``vendors show`` and the review notes name them."""
        return [fact for fact in FACT_FIELDS if self.source_of(fact).unverified]

    def checked_before(self, day: dt.date) -> list[tuple[Fact, dt.date]]:
        """The facts last checked before ``day``, with that date (an unverified fact was
        never checked): the 12-month rule of ``check`` and ``vendors stale`` both ask this."""
        return [(fact, c) for fact in FACT_FIELDS if (c := self.source_of(fact).checked) and c < day]

    def checked_on(self) -> dt.date | None:
        """The oldest check of its checked facts (``vendors list`` shows it)."""
        dates = [c for fact in FACT_FIELDS if (c := self.source_of(fact).checked)]
        return min(dates) if dates else None

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
    domains: list[Host] | None = None
    own_purposes: StrictBool | None = None
    own_purposes_detail: Bilingual | None = None
    joint_controller: StrictBool | None = None
    joint_arrangement_url: HttpUrl | None = None
    role_source: HttpUrl | None = None
    sources: dict[Fact, Source] | None = None
    unverified: list[str] | None = None
    last_checked: Date | None = None

    def apply(self, vendor: Vendor) -> Vendor:
        changes = self.model_dump(exclude_unset=True)
        if "last_checked" in changes and "sources" not in changes:
            # Whoever gives a date of their own vouches for every fact as it now stands.
            changes["sources"] = {}
            changes.setdefault("unverified", [])
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


_NOTICED: set[str] = set()  # skip notices said in this process: once each, not once per profile


def vendor_files(folder: Path) -> list[Path]:
    """The vendor files of a folder that may be read: links that leave it, pipes and
    dot-files are skipped (:mod:`drafter.folders`), each with a notice said once."""
    scan = yaml_files(folder)
    for notice in map(str, scan.skipped):
        if notice not in _NOTICED:
            _NOTICED.add(notice)
            say(notice)
    return scan.files


def load_vendor_dir(folder: Path) -> dict[str, Vendor]:
    """Every vendor of a folder, from :func:`vendor_files` only: a skipped file is never
    read, so never echoed in an error."""
    vendors: dict[str, Vendor] = {}
    errors: list[DrafterError] = []
    for path in vendor_files(folder):
        try:
            vendor = load_vendor_file(path)
        except DrafterError as exc:
            errors.append(exc)
            continue
        vendors[vendor.id] = vendor
    if errors:
        raise DrafterError.combine(errors)
    return vendors


class LazyCatalog(Mapping[str, Vendor]):
    """The shipped vendor files, known by name and each read and validated when first asked
    for: a profile uses a handful of the catalog's vendors, and a command that renders one
    policy should not read them all. (Every file is validated by the test suite.)"""

    def __init__(self, folder: Path) -> None:
        self._paths = {path.stem: path for path in vendor_files(folder)}
        self._loaded: dict[str, Vendor] = {}
        self._extra: dict[str, Vendor] = {}

    def with_extra(self, extra: Mapping[str, Vendor]) -> LazyCatalog:
        """This catalog with ``extra`` vendors over it (sharing what is already loaded)."""
        layered = copy.copy(self)
        layered._extra = {**self._extra, **extra}
        return layered

    def __getitem__(self, ident: str) -> Vendor:
        vendor = self._extra.get(ident) or self._loaded.get(ident)
        if vendor is None:
            vendor = self._loaded[ident] = load_vendor_file(self._paths[ident])
        return vendor

    def __iter__(self) -> Iterator[str]:
        return iter({**self._paths, **self._extra})

    def __len__(self) -> int:
        return len(self._paths.keys() | self._extra.keys())

    def __contains__(self, ident: object) -> bool:
        return ident in self._extra or ident in self._paths


@cache
def builtin_catalog() -> LazyCatalog:
    return LazyCatalog(builtin_vendor_dir())


def load_catalog(extra_dirs: Iterable[Path] = ()) -> Mapping[str, Vendor]:
    """The built-in catalog, with user catalog folders layered on top (later wins).

    User folders are read whole, so a mistake in any of their files is reported at once.
    """
    extra: dict[str, Vendor] = {}
    for folder in extra_dirs:
        if not folder.is_dir():
            raise DrafterError(Problem(str(folder), "vendor catalog folder not found"))
        extra.update(load_vendor_dir(folder))
    return builtin_catalog().with_extra(extra) if extra else builtin_catalog()
