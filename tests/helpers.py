"""Small builders for test profiles."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

MINIMAL: dict[str, Any] = {
    "languages": ["en"],
    "controller": {
        "legal_name": "Example SARL",
        "website": "https://example.org",
        "address": {"lines": ["1 rue Exemple", "69001 Lyon"], "country": "FR"},
        "email": "privacy@example.org",
    },
    "service": {"name": "Example", "description": "online shop"},
    "regimes": {"gdpr": True},
    "data": [{"id": "contact", "label": "contact details", "examples": ["name"], "source": "you"}],
    "purposes": [
        {"id": "orders", "description": "process your orders", "data": ["contact"], "legal_basis": "contract"}
    ],
    "retention": [{"data": ["contact"], "period": "3 years", "starts": "last_activity"}],
    "dates": {"effective": "2024-06-01", "last_updated": "2024-06-01"},
}


# The smallest CCPA section a profile of MINIMAL's data can carry (an online-only business).
CCPA: dict[str, Any] = {
    "applies": ["voluntary"],
    "requests": {
        "methods": [{"kind": "email"}],
        "online_only": True,
        "verification": "We ask you to confirm a code sent to your email address.",
        "agents": "An agent sends us your signed permission.",
    },
}


def us_minimal(**changes: Any) -> dict[str, Any]:
    """MINIMAL under CalOPPA and the CCPA only."""
    data = minimal(
        regimes={"ccpa": True, "caloppa": True},
        california={"change_request": "Write to us."},
        ccpa=copy.deepcopy(CCPA),
        other_recipients=[{"kind": "service_providers", "description": "our hosting provider"}],
        dates={"effective": "2026-06-01", "last_updated": "2026-06-01"},
    )
    data["data"][0]["kind"] = "contact"
    data.update(changes)
    return data


def minimal(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(MINIMAL)
    data.update(changes)
    return data


def write_profile(path: Path, data: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path
