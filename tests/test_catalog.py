"""The vendor catalog and law data validate, and hold what the source policies need."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import get_args

import pytest
import yaml
from conftest import ROOT

from drafter.commands.vendors import list_lines
from drafter.legal.load import load_profile
from drafter.model import catalog as catalog_module
from drafter.model.catalog import (
    FACT_FIELDS,
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


MIN_VENDORS = 200
# What small services use, by kind (issue 24): each kind has vendors in the catalog.
KINDS = {
    "booking": 10,
    "crash_reporting": 3,
    "attribution": 3,
    "push": 3,
    "in_app_purchases": 2,
    "analytics": 10,
    "video": 4,
    "maps": 2,
    "social": 3,
    "fonts": 2,
    "ecommerce": 8,
    "crm": 4,
    "support": 8,
    "consent": 3,
}


def test_the_catalog_covers_what_small_services_use() -> None:
    catalog = builtin_catalog()
    assert len(catalog) >= MIN_VENDORS
    counts = {kind: sum(v.category == kind for v in catalog.values()) for kind in KINDS}
    assert all(counts[kind] >= least for kind, least in KINDS.items()), counts


def test_every_shipped_vendor_says_where_each_fact_comes_from() -> None:
    """A source per fact, each checked on a date or marked unverified; never a bare date."""
    raw = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in builtin_vendor_dir().glob("*.yaml")}
    for ident, vendor in builtin_catalog().items():
        assert "last_checked" not in raw[ident] and "unverified" not in raw[ident], ident
        assert set(vendor.sources) == set(FACT_FIELDS), ident
        for fact, source in vendor.sources.items():
            assert str(source.url).startswith("https://"), (ident, fact)
            assert source.checked is None or source.checked <= dt.date.today(), (ident, fact)
        assert vendor.unverified_facts() == [f for f, s in vendor.sources.items() if s.unverified]


def test_every_shipped_vendor_lists_its_domains() -> None:
    owners: dict[str, str] = {}
    for ident, vendor in builtin_catalog().items():
        assert vendor.domains, f"{ident}: no domains"
        for host in vendor.domains:
            # One host, one vendor: a scan must not name two vendors for one request
            # (a vendor's products are one vendor, e.g. Google's entries list their own hosts).
            assert host not in owners or owners[host] == ident or _same_company(owners[host], ident), (
                f"{host}: {owners.get(host)} and {ident}"
            )
            owners.setdefault(host, ident)


def _same_company(a: str, b: str) -> bool:
    """Entries of one company may share a host (Google's, Meta's, Microsoft's, ...)."""
    catalog = builtin_catalog()
    return catalog[a].entity_for("global").name == catalog[b].entity_for("global").name


def test_a_source_is_either_checked_or_unverified() -> None:
    base = yaml.safe_load((builtin_vendor_dir() / "stripe.yaml").read_text(encoding="utf-8"))
    for source in (
        {"url": "https://stripe.com/privacy"},
        {"url": "https://stripe.com/privacy", "checked": "2026-12-01", "unverified": True},
    ):
        with pytest.raises(ValueError, match="either checked"):
            Vendor.model_validate({**base, "sources": {**base["sources"], "entities": source}})
    without = {k: v for k, v in base["sources"].items() if k != "role"}
    with pytest.raises(ValueError, match="a source for every fact"):
        Vendor.model_validate({**base, "sources": without})
    checked = Vendor.model_validate(
        {
            **base,
            "sources": {
                **base["sources"],
                "role": {"url": "https://stripe.com/legal/dpa", "checked": "2026-12-01"},
            },
        }
    )
    assert "role" not in checked.unverified_facts() and checked.checked_on() == dt.date(2026, 12, 1)
    # A custom vendor's single date and list of unverified fields give the same per-fact view.
    custom = {k: v for k, v in base.items() if k != "sources"}
    legacy = Vendor.model_validate({**custom, "last_checked": "2026-11-30", "unverified": ["entities"]})
    assert legacy.unverified_facts() == ["entities"] and legacy.checked_on() == dt.date(2026, 11, 30)
