"""Jurisdiction facts as data: authorities, consent ages, statutory retention, transfers."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from pydantic import Field, HttpUrl, ValidationError

from drafter.errors import DrafterError
from drafter.model.messages import problems_from
from drafter.model.types import Bilingual, CountryCode, DurationField, Name, Slug, Strict
from drafter.model.us_law import UsLaw
from drafter.model.yaml_source import load_yaml


class Authority(Strict):
    name: Bilingual
    url: HttpUrl
    address: Name | None = Field(default=None, description="Postal address, for complaints by post.")


class StatutoryRetention(Strict):
    id: Slug
    label: Bilingual
    period: DurationField
    reference: Bilingual


class CountryLaw(Strict):
    national_law: Bilingual | None = Field(
        default=None, description="The national data-protection law, named beside the GDPR."
    )
    unverified: list[str] = Field(default=[], description="Facts written without re-reading the source.")
    authority: Authority
    consent_age: int
    retention: list[StatutoryRetention] = []
    post_mortem_directives: bool = Field(
        default=False,
        description="The national law gives a right to instructions on one's data after death.",
    )


class UkTransfers(Strict):
    adequacy: frozenset[CountryCode]  # besides the EEA
    unverified: list[str] = []


class LawData(Strict):
    eea: frozenset[CountryCode]
    adequacy: frozenset[CountryCode]
    uk: UkTransfers
    countries: dict[CountryCode, CountryLaw]
    us: UsLaw

    def in_eea(self, country: str) -> bool:
        return country in self.eea

    def is_adequate(self, country: str) -> bool:
        """EEA countries and those with an EU adequacy decision (US: see DPF)."""
        return country in self.eea or country in self.adequacy

    def country(self, code: str) -> CountryLaw | None:
        return self.countries.get(code)


def law_file(name: str = "law.yaml") -> Path:
    return Path(str(resources.files("drafter.data").joinpath(name)))


@cache
def load_law() -> LawData:
    """law.yaml, with the US laws of us_law.yaml under ``us``."""
    doc = load_yaml(law_file())
    us = load_yaml(law_file("us_law.yaml"))
    try:
        UsLaw.model_validate(us.data)
    except ValidationError as exc:
        raise DrafterError(problems_from(exc, us, UsLaw)) from None
    try:
        return LawData.model_validate({**doc.data, "us": us.data})
    except ValidationError as exc:
        raise DrafterError(problems_from(exc, doc, LawData)) from None
