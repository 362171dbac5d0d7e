"""Transfers outside the EEA and the safeguard that covers each (Art. 44-49 GDPR)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from drafter.model.catalog import Region, Vendor
from drafter.model.law import LawData


@dataclass(frozen=True)
class CountryTransfer:
    """Data going to one country outside the EEA, and what makes that lawful."""

    country: str
    mechanisms: tuple[str, ...]  # adequacy, dpf, scc, bcr, derogation; empty: nothing covers it


@dataclass(frozen=True)
class Transfer:
    by_country: tuple[CountryTransfer, ...]

    @property
    def uncovered(self) -> list[str]:
        return [c.country for c in self.by_country if not c.mechanisms]


def controller_region(country: str, law: LawData) -> Region:
    """Which of a vendor's entities serves this controller."""
    return "eea" if law.in_eea(country) else "uk" if country == "GB" else "global"


def vendor_countries(v: Vendor, region: Region) -> list[str]:
    """Where a vendor handles the data: its processing countries and its contracting entity."""
    return [*v.processing_countries, v.entity_for(region).country]


def transfer_safeguards(
    countries: Iterable[str], dpf: bool, mechanism: str | None, law: LawData, regime: str | None
) -> Transfer | None:
    """The safeguards for each country the data goes to outside the home area (the EEA for
    the EU's rules, the UK for the UK's), or None if it stays there (or no European law
    applies, so there is no transfer rule to meet)."""
    if regime is None:
        return None
    uk = regime == "uk"
    home = frozenset({"GB"}) if uk else law.eea
    adequate = (law.eea | law.uk.adequacy) if uk else law.adequacy
    outside = sorted({c for c in countries if c not in home})
    if not outside:
        return None
    by_country: list[CountryTransfer] = []
    for code in outside:
        if code in adequate:
            safeguards: tuple[str, ...] = ("uk_adequacy" if uk else "adequacy",)
        elif code == "US" and dpf:
            # Certified recipients usually sign SCCs too, as a fallback should the DPF fall. One
            # whose mechanism is the DPF itself (the wizard writes "transfer_mechanism: dpf"
            # for a certified vendor) has no fallback: the DPF is named once.
            certified = "uk_extension" if uk else "dpf"
            fallback = _mechanism(mechanism, uk) if mechanism else certified
            safeguards = tuple(dict.fromkeys((certified, fallback)))
        else:
            # The DPF covers certified recipients in the United States only: elsewhere, or
            # uncertified, "transfer_mechanism: dpf" leaves the transfer without a safeguard.
            safeguards = (_mechanism(mechanism, uk),) if mechanism and mechanism != "dpf" else ()
        by_country.append(CountryTransfer(code, safeguards))
    return Transfer(tuple(by_country))


def _mechanism(mechanism: str, uk: bool) -> str:
    """Under UK rules, the EU clauses are used with the UK Addendum, BCRs are the UK's, and
    the DPF is its UK Extension."""
    if not uk:
        return mechanism
    uk_names = {"scc": "uk_addendum", "bcr": "uk_bcr", "derogation": "uk_derogation", "dpf": "uk_extension"}
    return uk_names.get(mechanism, mechanism)
