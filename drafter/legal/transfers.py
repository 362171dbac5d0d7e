"""Transfers outside the EEA and the safeguard that covers each (Art. 44-49 GDPR)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from drafter.model.catalog import Region, Vendor
from drafter.model.law import LawData, load_law
from drafter.model.profile import Profile


def controller_region(p: Profile, law: LawData) -> Region:
    """Which of a vendor's entities serves this controller."""
    country = p.controller.address.country
    return "eea" if law.in_eea(country) else "uk" if country == "GB" else "global"


def vendor_countries(v: Vendor, region: Region) -> list[str]:
    """Where a vendor handles the data: its processing countries and its contracting entity."""
    return [*v.processing_countries, v.entity_for(region).country]


def transfer_safeguards(
    countries: Iterable[str], dpf: bool, mechanism: str | None, law: LawData, p: Profile
) -> dict[str, Any] | None:
    """The safeguards for each country outside the EEA, or None if no data leaves the EEA."""
    if not (p.regimes.gdpr or p.regimes.uk_gdpr):
        return None
    outside = sorted({c for c in countries if not law.in_eea(c)})
    if not outside:
        return None
    by_country: list[dict[str, Any]] = []
    for code in outside:
        if code in law.adequacy:
            safeguards = ["adequacy"]
        elif code == "US" and dpf:
            # Certified recipients usually sign SCCs too, as a fallback should the DPF fall.
            safeguards = ["dpf", mechanism] if mechanism else ["dpf"]
        else:
            safeguards = [mechanism] if mechanism else []
        by_country.append({"country": code, "mechanisms": safeguards})
    return {"by_country": by_country}


def _uncovered(transfer: dict[str, Any] | None) -> list[str]:
    return [x["country"] for x in (transfer or {}).get("by_country", []) if not x["mechanisms"]]


def transfer_gaps(p: Profile, vendors: dict[str, Vendor]) -> list[tuple[tuple[str | int, ...], str]]:
    """Recipients outside the EEA for which no adequacy decision, DPF or safeguard applies."""
    law = load_law()
    region = controller_region(p, law)
    gaps: list[tuple[tuple[str | int, ...], str]] = []
    for i, use in enumerate(p.processors):
        v = vendors[use.vendor]
        tr = transfer_safeguards(vendor_countries(v, region), v.dpf_certified, v.transfer_mechanism, law, p)
        for country in _uncovered(tr):
            gaps.append(
                (
                    ("processors", i, "vendor"),
                    f"{v.name} processes data in {country}, which has no adequacy decision, "
                    "and no transfer safeguard is known; set override.transfer_mechanism "
                    "(scc, bcr or derogation)",
                )
            )
    for i, rec in enumerate(p.other_recipients):
        tr = transfer_safeguards(rec.countries, False, rec.transfer_mechanism, law, p)
        for country in _uncovered(tr):
            gaps.append(
                (
                    ("other_recipients", i, "transfer_mechanism"),
                    f"data goes to {country}, which has no adequacy decision; "
                    "name the safeguard (scc, bcr or derogation)",
                )
            )
    return gaps
