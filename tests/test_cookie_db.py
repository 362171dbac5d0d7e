"""The shipped cookie database: its data, its licence, lookups, agreement with the vendor
catalog, and the refresh script that writes it."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from pydantic import TypeAdapter

from drafter import cookie_db
from drafter.cookie_db import KnownCookie, category_group, lookup
from drafter.model.catalog import load_vendor_file
from drafter.model.types import Duration, DurationField

DATA = ROOT / "drafter" / "data" / "cookies"
SCRIPT = ROOT / "scripts" / "refresh_cookie_db.py"
MIRROR = Path(os.environ.get("DRAFTER_COOKIE_DB_MIRROR", "/work/.mirror/jkwakman+Open-Cookie-Database/repo"))
VENDORS = ROOT / "drafter" / "data" / "vendors"
# Catalog vendor id -> the database's Platform for it.
PLATFORMS = {"google-analytics": "Google Analytics", "hotjar": "Hotjar", "stripe": "Stripe"}
_HOTJAR_GROUP = (
    "the database files Hotjar's session cookies as Functional, which its README defines as "
    "'technical, essential or strictly necessary'; they serve only Hotjar's usage analytics "
    "(heat maps, recordings, surveys), which the visitor did not ask for, so they need consent "
    "(Article 29 Working Party, Opinion 04/2012 on the cookie consent exemption): the "
    "catalog's analytics group stands"
)
# (catalog vendor id, catalog cookie name) -> why the catalog and the database disagree.
DIFFERENCES: dict[tuple[str, str], str] = {
    ("hotjar", "_hjSessionUser_<site-id>"): _HOTJAR_GROUP,
    ("hotjar", "_hjSession_<site-id>"): _HOTJAR_GROUP,
}
_DURATION = TypeAdapter(DurationField)


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True, check=False
    )


# The shipped data and its licence.


def test_the_shipped_file_loads_and_names_its_source_commit_and_licence() -> None:
    entries = cookie_db.load()
    assert len(entries) > 1000
    assert all(isinstance(e, KnownCookie) and e.name for e in entries)
    header = cookie_db.header()
    assert header["source"] == "https://github.com/jkwakman/Open-Cookie-Database"
    assert re.fullmatch(r"[0-9a-f]{40}", header["commit"])
    assert header["licence"] == "Apache-2.0"
    assert "Open Cookie Database" in header["attribution"]


def test_the_licence_and_notice_are_shipped_next_to_the_data() -> None:
    assert "Apache License" in (DATA / "LICENSE").read_text(encoding="utf-8")
    notice = (DATA / "NOTICE").read_text(encoding="utf-8")
    assert "Open Cookie Database by Jonathan Kwakman" in notice
    assert cookie_db.header()["commit"] in notice


def test_the_file_is_sorted_by_name_then_vendor_one_entry_a_line() -> None:
    lines = (DATA / "open-cookie-database.json").read_text(encoding="utf-8").splitlines()
    entries = [json.loads(line.rstrip(",")) for line in lines[2:-1]]
    assert len(entries) == len(cookie_db.load())
    keys = [(e["name"], e["vendor"]) for e in entries]
    assert keys == sorted(keys)


def test_every_category_has_a_group() -> None:
    assert {category_group(e.category) for e in cookie_db.load()} <= {
        "strictly_necessary",
        "preferences",
        "analytics",
        "marketing",
    }


# Lookups.


def _vendors(name: str) -> set[tuple[str, str, bool]]:
    return {(c.vendor, c.name, c.wildcard) for c in lookup(name)}


def test_lookup_finds_well_known_cookies() -> None:
    assert ("Google Analytics", "_ga", False) in _vendors("_ga")
    assert ("Google Analytics", "_gid", False) in _vendors("_gid")
    assert ("Google Analytics", "_ga_", True) in _vendors("_ga_3XK9Q2B7PL")
    assert ("Hotjar", "_hjSessionUser_", True) in _vendors("_hjSessionUser_1234567")
    assert ("Stripe", "__stripe_mid", False) in _vendors("__stripe_mid")
    assert lookup("no-such-cookie-anywhere") == []


def test_lookup_gives_exact_matches_before_prefixes_longest_prefix_first() -> None:
    found = lookup("_ga")
    assert found and not found[0].wildcard
    prefixes = [c.name for c in lookup("_pk_id.1.abcdef") if c.wildcard]
    assert prefixes == sorted(prefixes, key=len, reverse=True) and prefixes
    assert all(not c.wildcard or "_ga_3XK9".startswith(c.name) for c in lookup("_ga_3XK9"))


# Agreement with the vendor catalog.


def _days(duration: Duration) -> float:
    return duration.approx_days


def _same_duration(catalog: Duration, database: str) -> bool:
    try:
        theirs = _DURATION.validate_python(database)
    except ValueError:
        return False
    return abs(_days(catalog) - _days(theirs)) <= 0.01 * max(_days(catalog), 1 / 1440)


def _database_entry(vendor_id: str, catalog_name: str) -> KnownCookie | None:
    """The database's entry for a catalog cookie: ``<placeholder>`` parts are variable, so
    ``_ga_<container-id>`` must be a wildcard entry whose prefix starts the name."""
    variable = "<" in catalog_name
    sample = re.sub(r"<[^>]*>", "X1", catalog_name)
    for c in lookup(sample):
        if c.vendor == PLATFORMS[vendor_id] and c.wildcard == variable:
            return c
    return None


def _disagreements(vendor_id: str) -> dict[tuple[str, str], str]:
    vendor = load_vendor_file(VENDORS / f"{vendor_id}.yaml")
    found = {}
    for cookie in vendor.cookies or []:
        entry = _database_entry(vendor_id, cookie.name)
        problems = []
        if entry is None:
            problems.append("not in the database")
        else:
            if category_group(entry.category) != cookie.group:
                problems.append(f"group {cookie.group} vs {entry.category}")
            if not _same_duration(cookie.duration, entry.retention):
                problems.append(f"duration {cookie.duration} vs {entry.retention!r}")
        if problems:
            found[(vendor_id, cookie.name)] = "; ".join(problems)
    return found


@pytest.mark.parametrize("vendor_id", sorted(PLATFORMS))
def test_the_catalog_agrees_with_the_database_or_says_why_not(vendor_id: str) -> None:
    found = _disagreements(vendor_id)
    unexplained = {k: v for k, v in found.items() if k not in DIFFERENCES}
    assert not unexplained, unexplained
    stale = [k for k in DIFFERENCES if k[0] == vendor_id and k not in found]
    assert not stale, f"listed in DIFFERENCES but they agree now: {stale}"


def test_durations_compare_after_normalising() -> None:
    year = _DURATION.validate_python("1 year")
    assert _same_duration(year, "365 days") and _same_duration(year, "12 Months")
    assert _same_duration(_DURATION.validate_python("1 day"), "24 hours")
    assert _same_duration(_DURATION.validate_python("session"), "Session")
    assert not _same_duration(year, "2 years") and not _same_duration(year, "Unknown")


# The refresh script.


@pytest.mark.skipif(not (MIRROR / "HEAD").is_file(), reason=f"no mirror of the database at {MIRROR}")
@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_script_reproduces_the_shipped_files_from_the_mirror() -> None:
    commit = cookie_db.header()["commit"]
    done = _run("--check", "--ref", commit, MIRROR)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "up to date" in done.stdout


def _write_csv(path: Path, rows: list[tuple[str, str, str, str, str]]) -> None:
    """Rows of (platform, category, name, retention, wildcard) in the database's layout."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "ID",
                "Platform",
                "Category",
                "Cookie / Data Key name",
                "Domain",
                "Description",
                "Retention period",
                "Data Controller",
                "User Privacy & GDPR Rights Portals",
                "Wildcard match",
            ]
        )
        for n, (platform, category, name, retention, wildcard) in enumerate(rows):
            out.writerow(
                [f"id-{n}", platform, category, name, "", f"{name} text", retention, platform, "", wildcard]
            )


def test_the_script_diff_lists_added_removed_and_changed_entries(tmp_path: Path) -> None:
    before, after, out = tmp_path / "before.csv", tmp_path / "after.csv", tmp_path / "out"
    _write_csv(
        before, [("A", "Analytics", "_keep", "1 year", "0"), ("B", "Marketing", "_gone", "1 day", "0")]
    )
    _write_csv(
        after, [("A", "Analytics", "_keep", "2 years", "0"), ("C", "Functional", "_new_", "session", "1")]
    )
    assert _run("--commit", "1" * 40, "--output-dir", out, before).returncode == 0

    check = _run("--check", "--commit", "2" * 40, "--output-dir", out, after)
    assert check.returncode == 1, check.stdout + check.stderr
    lines = check.stdout.splitlines()
    assert "+ added   _new_ (C)" in lines
    assert "- removed _gone (B)" in lines
    assert "~ changed _keep (A): retention: '1 year' -> '2 years'" in lines
    assert "1 added, 1 removed, 1 changed; 2 -> 2 entries" in lines

    assert _run("--commit", "2" * 40, "--output-dir", out, after).returncode == 0
    assert _run("--check", "--commit", "2" * 40, "--output-dir", out, after).returncode == 0
    data = json.loads((out / "open-cookie-database.json").read_text(encoding="utf-8"))
    assert data["header"]["commit"] == "2" * 40
    assert [e["name"] for e in data["entries"]] == ["_keep", "_new_"]
    assert data["entries"][1]["wildcard"] is True
