"""``drafter vendors list | show``: the catalog as text, overrides visible."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
import yaml
from helpers import minimal, write_profile

from drafter.cli import main
from drafter.model.catalog import FACT_FIELDS, builtin_catalog, builtin_vendor_dir

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["vendors", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture
def user_catalog(tmp_path: Path) -> Path:
    """A user folder that renames Stripe's EEA entity and adds a vendor of its own."""
    folder = tmp_path / "vendors"
    folder.mkdir()
    stripe = (builtin_vendor_dir() / "stripe.yaml").read_text(encoding="utf-8")
    changed = stripe.replace("Stripe Payments Europe, Limited", "Stripe Europe (renamed)")
    (folder / "stripe.yaml").write_text(changed, encoding="utf-8")
    acme = stripe.replace("id: stripe", "id: acme-pay").replace("name: Stripe", "name: Acme Pay")
    (folder / "acme-pay.yaml").write_text(acme, encoding="utf-8")
    return folder


def test_list_has_one_line_per_vendor(run: Run) -> None:
    code, out, _ = run("list")
    assert code == 0
    lines = out.splitlines()
    catalog = builtin_catalog()
    assert [line.split()[0] for line in lines] == sorted(catalog)
    stripe = next(line for line in lines if line.startswith("stripe "))
    assert catalog["stripe"].checked_on() is None  # no fact of it read in its source yet
    assert stripe.split() == ["stripe", "Stripe", "payment", "DPF,", "SCC", "unverified"]
    assert "overridden" not in out


def test_list_by_category(run: Run) -> None:
    code, out, _ = run("list", "--category", "payment")
    assert code == 0
    expected = sorted(v.id for v in builtin_catalog().values() if v.category == "payment")
    assert [line.split()[0] for line in out.splitlines()] == expected
    code, _, err = run("list", "--category", "payments")
    assert code == 2
    assert err == "drafter: vendors: unknown category 'payments' (did you mean 'payment'?)\n"


def test_list_shows_the_user_catalog(run: Run, user_catalog: Path) -> None:
    code, out, _ = run("list", "--vendors", str(user_catalog))
    assert code == 0
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert len(lines) == len(builtin_catalog()) + 1
    assert lines["stripe"].endswith(f"(overridden by {user_catalog / 'stripe.yaml'})")
    assert lines["acme-pay"].endswith(f"(from {user_catalog / 'acme-pay.yaml'})")
    assert "overridden" not in lines["paypal"]


def test_show_gives_every_fact(run: Run) -> None:
    code, out, _ = run("show", "stripe")
    assert code == 0
    stripe = builtin_catalog()["stripe"]
    lines = out.splitlines()
    assert lines[0] == "stripe: Stripe"
    assert "  source: built-in catalog" in lines
    for region, entity in stripe.entities.items():
        assert f"    {region}: {entity.name}, {entity.address}, {entity.country}" in lines
    assert "  processing countries: IE, US" in lines
    assert "  EU-US Data Privacy Framework: certified" in lines
    assert "  transfer mechanism: scc (standard contractual clauses)" in lines
    assert "  privacy policy: https://stripe.com/privacy" in lines
    assert f"    en: {stripe.description.en}" in lines and f"    fr: {stripe.description.fr}" in lines
    assert "  data received: identity, contact, payment, transaction, device" in lines
    assert any(line.startswith("    __stripe_mid: first party, strictly_necessary, 1 year") for line in lines)
    assert "  domains: " + ", ".join(stripe.domains) in lines
    assert "  sources:" in lines
    assert "    role: https://stripe.com/legal/dpa (unverified: written without reading it)" in lines
    assert "overridden" not in out


def test_show_marks_what_a_user_catalog_overrides(run: Run, user_catalog: Path) -> None:
    code, out, _ = run("show", "stripe", "--vendors", str(user_catalog))
    assert code == 0
    lines = out.splitlines()
    assert f"  entities:  (overridden by {user_catalog / 'stripe.yaml'})" in lines
    address = "1 Grand Canal Street Lower, Grand Canal Dock, Dublin, D02 H210"
    assert f"    eea: Stripe Europe (renamed), {address}, IE" in lines
    assert [line for line in lines if "overridden" in line] == [
        f"  entities:  (overridden by {user_catalog / 'stripe.yaml'})"
    ]
    code, out, _ = run("show", "acme-pay", "--vendors", str(user_catalog))
    assert code == 0 and f"  source: {user_catalog / 'acme-pay.yaml'}" in out.splitlines()


def test_show_marks_what_a_profile_overrides(run: Run, tmp_path: Path, user_catalog: Path) -> None:
    data = minimal()
    override = {"transfer_mechanism": "bcr"}
    data["processors"] = [{"vendor": "stripe", "purposes": ["orders"], "override": override}]
    profile = write_profile(tmp_path / "shop.yaml", data)
    code, out, _ = run("show", "stripe", "--profile", str(profile), "--vendors", str(user_catalog))
    assert code == 0
    lines = out.splitlines()
    assert f"  source: built-in catalog (as used by {profile})" in lines
    assert f"  transfer mechanism: bcr (binding corporate rules)  (overridden in {profile})" in lines
    assert f"  entities:  (overridden by {user_catalog / 'stripe.yaml'})" in lines
    assert sum("overridden" in line for line in lines) == 2
    code, out, _ = run("show", "paypal", "--profile", str(profile))
    assert code == 0 and f"({profile} does not use this vendor)" in out.splitlines()[1]
    assert "overridden" not in out


def test_show_an_unknown_vendor(run: Run) -> None:
    code, out, err = run("show", "strype")
    assert (code, out) == (2, "")
    assert err == "drafter: vendors: unknown vendor 'strype' (did you mean 'stripe'?)\n"
    code, _, err = run("show", "zzzz")
    assert code == 2 and err == "drafter: vendors: unknown vendor 'zzzz' (see 'drafter vendors list')\n"


def test_stale_lists_the_facts_not_checked_for_n_days(run: Run, tmp_path: Path) -> None:
    """A review cycle: facts checked too long ago, with their age, and facts never checked."""
    folder = tmp_path / "reviewed"
    folder.mkdir()
    stripe = yaml.safe_load((builtin_vendor_dir() / "stripe.yaml").read_text(encoding="utf-8"))
    stripe["sources"] = {
        fact: {"url": source["url"], "checked": "2026-01-10"} for fact, source in stripe["sources"].items()
    }
    stripe["sources"]["cookies"] = {"url": "https://stripe.com/cookie-settings", "checked": "2026-11-30"}
    (folder / "stripe.yaml").write_text(yaml.safe_dump(stripe, allow_unicode=True), encoding="utf-8")
    code, out, err = run("stale", "--days", "300", "--today", "2026-12-01", "--vendors", str(folder))
    assert code == 1
    block = out.split("stripe: Stripe\n", 1)[1].split("\n")
    due = [line for line in block[: len(FACT_FIELDS)] if line.startswith("  ")]
    assert due == [
        f"  {fact}: checked 2026-01-10 (325 days ago), {stripe['sources'][fact]['url']}"
        for fact in FACT_FIELDS
        if fact != "cookies"
    ]
    paypal = out.split("paypal: PayPal\n", 1)[1]
    assert paypal.startswith(
        "  entities: never checked, https://www.paypal.com/fr/legalhub/paypal/privacy-full\n"
    )
    total = len(builtin_catalog())
    assert err.splitlines()[-1].endswith(f"of {total} vendors not checked within 300 days")
    # Every fact checked lately: nothing to list for that vendor.
    code, out, _ = run("stale", "--days", "400", "--today", "2026-12-01", "--vendors", str(folder))
    assert "stripe: Stripe" not in out
