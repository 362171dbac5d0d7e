"""The vendor catalog and law data validate, and hold what the source policies need."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import get_args

import pytest
import yaml
from conftest import ROOT

from drafter.commands.vendors import list_lines
from drafter.legal.law_rules import STALE_DAYS
from drafter.legal.load import load_profile
from drafter.model import catalog as catalog_module
from drafter.model.catalog import (
    Category,
    LazyCatalog,
    Vendor,
    builtin_catalog,
    builtin_vendor_dir,
    load_vendor_dir,
    load_vendor_file,
)
from drafter.model.law import load_law

REQUIRED = {
    "stripe",
    "paypal",
    "google-analytics",
    "tidio",
    "mailchimp",
    "microsoft-365",
    "lightspeed",
    "silvasoft",
}


def test_catalog_loads_and_has_the_source_vendors() -> None:
    catalog = builtin_catalog()
    assert set(catalog) >= REQUIRED
    assert len(list(builtin_vendor_dir().glob("*.yaml"))) == len(catalog)


def test_every_vendor_is_complete() -> None:
    law = load_law()
    for vendor in builtin_catalog().values():
        assert vendor.description.en and vendor.description.fr
        assert str(vendor.privacy_url).startswith("https://"), vendor.id
        outside = [c for c in vendor.processing_countries if not law.is_adequate(c)]
        covered = all(c == "US" and vendor.dpf_certified for c in outside)
        assert covered or vendor.transfer_mechanism, (
            f"{vendor.id}: transfer outside the EEA without a safeguard"
        )


def test_eea_entity_for_stripe() -> None:
    stripe = builtin_catalog()["stripe"]
    assert stripe.entity_for("eea").name.startswith("Stripe Payments Europe")
    assert stripe.entity_for("eea").country == "IE"


def test_law_data() -> None:
    law = load_law()
    assert len(law.eea) == 30 and "NO" in law.eea and "CH" not in law.eea
    for code in ["FR", "BE", "NO", "IE", "DE", "NL", "ES", "IT", "GB"]:
        assert law.countries[code].retention, code
    assert law.countries["FR"].consent_age == 15
    assert str(law.countries["FR"].retention[0].period) == "10 years"


def test_a_profile_reads_only_the_vendor_files_it_uses(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    read: list[str] = []

    def recording(path: Path) -> Vendor:
        read.append(path.stem)
        return load_vendor_file(path)

    monkeypatch.setattr(catalog_module, "load_vendor_file", recording)
    catalog = LazyCatalog(builtin_vendor_dir())
    loaded = load_profile(ROOT / "profiles" / "example.yaml", catalog=catalog)
    assert read and sorted(read) == sorted(set(loaded.vendors) & set(catalog))
    assert len(read) < len(catalog) / 4

    # A user folder wins over the shipped file of the same name; the rest stays lazy.
    edited = yaml.safe_load((builtin_vendor_dir() / "stripe.yaml").read_text(encoding="utf-8"))
    edited["name"] = "Stripe (edited)"
    (tmp_path / "stripe.yaml").write_text(yaml.safe_dump(edited), encoding="utf-8")
    extra = load_vendor_dir(tmp_path)
    read.clear()
    layered = catalog.with_extra(extra)
    assert layered["stripe"].name == "Stripe (edited)"
    assert read == []  # the user's entry: no shipped file is read for it
    assert catalog["stripe"].name != "Stripe (edited)"
    assert set(layered) == set(catalog) and len(layered) == len(catalog)


BOOKING = {"calendly", "simplybook-me", "acuity-scheduling", "cal-com", "zoho-bookings", "eversports"}


def test_booking_category_holds_the_scheduling_tools() -> None:
    """A studio or practice that takes appointments finds its booking tool in the catalog."""
    assert "booking" in get_args(Category)
    catalog = builtin_catalog()
    assert {ident for ident, vendor in catalog.items() if vendor.category == "booking"} >= BOOKING
    assert list_lines(category="booking")  # `drafter vendors list --category booking` accepts it
    for ident in BOOKING:
        vendor = catalog[ident]
        # Written offline: every fact names itself unverified, and the date claims no check,
        # so `drafter check` warns (vendor-facts-stale) on any profile that uses the vendor.
        assert {"entities", "processing_countries", "role_source"} <= set(vendor.unverified), ident
        assert (dt.date(2026, 12, 3) - vendor.last_checked).days > STALE_DAYS, ident
