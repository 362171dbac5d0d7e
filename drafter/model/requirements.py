"""What a policy must state (drafter/data/requirements.yaml) and when each item applies."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import ValidationError

from drafter.errors import DrafterError
from drafter.legal.load import LoadedProfile
from drafter.model.law import load_law
from drafter.model.messages import problems_from
from drafter.model.profile import cookie_basis
from drafter.model.types import Slug, Strict
from drafter.model.yaml_source import load_yaml

Regime = Literal["gdpr", "eprivacy", "caloppa", "ccpa", "coppa"]
Condition = Literal[
    "always",
    "dpo",
    "eu_representative",
    "indirect_data",
    "legitimate_interests",
    "recipients",
    "transfers",
    "consent",
    "cookies",
    "consent_cookies",
    "sells_or_shares",
]


class Requirement(Strict):
    id: Slug
    regime: Regime
    when: Condition
    reference: str
    text: str


class RequirementCatalog(Strict):
    requirements: list[Requirement]


def requirements_file() -> Path:
    return Path(str(resources.files("drafter.data").joinpath("requirements.yaml")))


@cache
def load_requirements() -> tuple[Requirement, ...]:
    doc = load_yaml(requirements_file())
    try:
        catalog = RequirementCatalog.model_validate(doc.data)
    except ValidationError as exc:
        raise DrafterError(problems_from(exc, doc, RequirementCatalog)) from None
    ids = [r.id for r in catalog.requirements]
    if len(set(ids)) != len(ids):
        raise DrafterError(doc.problem(("requirements",), "a requirement id is listed twice"))
    return tuple(catalog.requirements)


def regime_applies(regime: Regime, loaded: LoadedProfile) -> bool:
    r = loaded.profile.regimes
    if regime in ("gdpr", "eprivacy"):
        return r.gdpr or r.uk_gdpr
    return bool(getattr(r, regime))


def _indirect(lp: LoadedProfile) -> bool:
    return any(d.source == "third_party" for d in lp.profile.data)  # Art. 14: not from the person


def _transfers(lp: LoadedProfile) -> bool:
    eea = load_law().eea
    abroad = any(c not in eea for v in lp.vendors.values() for c in v.processing_countries)
    return abroad or any(c not in eea for r in lp.profile.other_recipients for c in r.countries)


def _consent_cookies(lp: LoadedProfile) -> bool:
    for cookie in lp.profile.cookies:
        if cookie_basis(cookie) == "consent":
            return True
        vendor = lp.vendors.get(cookie.vendor or "")
        if (
            cookie.group is None
            and vendor is not None
            and any(c.legal_basis == "consent" for c in vendor.cookies)
        ):
            return True
    return False


CONDITIONS: dict[str, Callable[[LoadedProfile], bool]] = {
    "always": lambda lp: True,
    "dpo": lambda lp: lp.profile.dpo is not None,
    "eu_representative": lambda lp: lp.profile.eu_representative is not None,
    "indirect_data": _indirect,
    "legitimate_interests": lambda lp: any(
        p.legal_basis == "legitimate_interests" for p in lp.profile.purposes
    ),
    "recipients": lambda lp: bool(lp.vendors or lp.profile.other_recipients),
    "transfers": _transfers,
    "consent": lambda lp: (
        any(p.legal_basis == "consent" for p in lp.profile.purposes) or _consent_cookies(lp)
    ),
    "cookies": lambda lp: bool(lp.profile.cookies),
    "consent_cookies": _consent_cookies,
    "sells_or_shares": lambda lp: lp.profile.selling.sells or lp.profile.selling.shares_for_advertising,
}


def applicable(loaded: LoadedProfile) -> list[Requirement]:
    """The requirements this profile's policy must meet."""
    return [r for r in load_requirements() if regime_applies(r.regime, loaded) and CONDITIONS[r.when](loaded)]
