"""What a policy must state, as data (drafter/data/requirements.yaml).

When each item applies is decided in :mod:`drafter.legal.facts` (``CONDITIONS``)."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import Field, ValidationError

from drafter.errors import DrafterError
from drafter.model.messages import problems_from
from drafter.model.types import Slug, Strict
from drafter.model.yaml_source import load_yaml

Regime = Literal["gdpr", "eprivacy", "caloppa", "ccpa", "coppa", "us_states"]
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
    "post_mortem",
    "exempt_measurement",
    "special_categories",
    "processor_data",
    "us_sensitive",
    "right_to_limit",
    "financial_incentive",
    "us_states",
    "state_sensitive",
    "appeal",
    "state_notices",
]


class Requirement(Strict):
    id: Slug
    regime: Regime
    when: Condition
    reference: str
    text: str
    witnesses: list[Slug] = Field(default=[], description="Facts the rendered text must state.")


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
