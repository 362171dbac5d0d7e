"""The vendor catalog and law data validate, and hold what the source policies need."""

from __future__ import annotations

from drafter.catalog import builtin_catalog, builtin_vendor_dir
from drafter.law import load_law

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
