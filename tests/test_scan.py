"""``drafter scan``: a live site in headless Chromium, before consent, against the profile.

The site is ``tests/scan_site``, served on 127.0.0.1 by ``http.server`` (one server for
the module). Stand-in vendor hosts (``www.googletagmanager.com``, ``www.youtube.com``)
are mapped to 127.0.0.1 by Chromium's host resolver rules (``DRAFTER_SCAN_HOST_RULES``),
and every other host name to nowhere, so no request leaves the machine. The start page
sets the shop's own session cookie (declared in ``scan_site/profile.yaml``), loads a
stand-in analytics tag that sets ``_ga`` and ``_ga_XYZ`` before any consent, and embeds
a stand-in YouTube frame; neither is declared.
"""

from __future__ import annotations

import functools
import http.server
import io
import json
import os
import re
import socket
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from conftest import ROOT

from drafter.cli import main
from drafter.commands import scan
from drafter.commands.scan_report import compare, matches, scan_command
from drafter.legal.load import load_profile
from drafter.model.catalog import load_catalog
from drafter.render.pdf import find_chromium

if find_chromium() is None:
    if os.environ.get("DRAFTER_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium is required (DRAFTER_REQUIRE_BROWSER is set): apt-get install chromium")
    pytest.skip("Chromium is not installed", allow_module_level=True)

SITE = ROOT / "tests" / "scan_site"
PROFILE = SITE / "profile.yaml"
# The stand-ins to this machine, every other name to nowhere (127.0.0.1 itself is no name).
RULES = ", ".join(
    [
        "MAP www.googletagmanager.com 127.0.0.1",
        "MAP www.youtube.com 127.0.0.1",
        "MAP * ~NOTFOUND",
        "EXCLUDE 127.0.0.1",
    ]
)
PROXIES = ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
EXPECTED = {
    ("undeclared_vendor", "google-analytics"),
    ("undeclared_vendor", "youtube"),
    ("undeclared_cookie", "_ga"),
    ("undeclared_cookie", "_ga_XYZ"),
    ("consent_before_consent", "_ga"),
    ("consent_before_consent", "_ga_XYZ"),
}
Run = Callable[..., tuple[int, str, str]]


class _Handler(http.server.SimpleHTTPRequestHandler):
    """The site's files; ``__PORT__`` in a page is the server's port (for the stand-in hosts)."""

    hosts: list[str] = []  # the Host header of every request, to show where they went

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def guess_type(self, path: str | os.PathLike[str]) -> str:
        return "text/javascript" if str(path).endswith("/js") else super().guess_type(path)

    def send_head(self) -> Any:
        self.hosts.append(self.headers.get("Host", ""))
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.endswith("/"):
            path = path / "index.html"
        if path.suffix != ".html" or not path.is_file():
            return super().send_head()
        port = str(self.server.server_address[1]).encode()
        body = path.read_bytes().replace(b"__PORT__", port)
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def site() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Handler, directory=str(SITE))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every host name but the stand-ins resolves to nowhere; no proxy is asked."""
    monkeypatch.setenv(scan.HOST_RULES, RULES)
    for name in PROXIES:
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["scan", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


@pytest.fixture(scope="module")
def report(site: str) -> Any:
    """The start page against the test profile, scanned once for the tests that read it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(scan.HOST_RULES, RULES)
        for name in PROXIES:
            patch.delenv(name, raising=False)
        return scan_command(f"{site}/index.html", str(PROFILE))


def findings(payload: dict[str, Any]) -> set[tuple[str, str]]:
    return {(kind, f["subject"]) for kind, items in payload["findings"].items() for f in items}


# -- what the scan reports --------------------------------------------------------------


def test_the_undeclared_tracker_and_embed_are_exactly_the_findings(site: str, run: Run) -> None:
    code, out, err = run(f"{site}/index.html", "--profile", str(PROFILE), "--json")
    assert (code, err) == (1, "")
    payload = json.loads(out)
    assert findings(payload) == EXPECTED
    vendors = {v["id"]: v for v in payload["found"]["before_consent"]["vendors"]}
    assert set(vendors) == {"google-analytics", "youtube"}
    page = f"{site}/index.html"
    assert vendors["google-analytics"]["evidence"] == [
        {"what": "host", "value": "www.googletagmanager.com", "page": page},
        {"what": "cookie", "value": "_ga", "page": page},
        {"what": "cookie", "value": "_ga_XYZ", "page": page},
    ]
    assert vendors["youtube"]["evidence"] == [{"what": "host", "value": "www.youtube.com", "page": page}]
    cookies = {c["name"]: c for c in payload["found"]["before_consent"]["cookies"]}
    assert set(cookies) == {"shop_session", "_ga", "_ga_XYZ"}  # one page: second_pref is not seen
    assert cookies["shop_session"] | {"expires": None} == {
        "name": "shop_session",
        "domain": "127.0.0.1",
        "path": "/",
        "expires": None,
        "lifetime": "session",
        "party": "first",
        "page": page,
        "vendor": None,
        "vendor_name": None,
        "group": "strictly_necessary",
        "source": "profile",
        "declared": True,
        "needs_consent": False,
    }
    ga = cookies["_ga_XYZ"]
    assert (ga["vendor"], ga["group"], ga["source"], ga["declared"], ga["needs_consent"]) == (
        "google-analytics",
        "analytics",
        "catalog",
        False,
        True,
    )
    assert ga["lifetime"] == "13 months"  # 2 years asked; Chromium keeps a cookie 400 days at most
    [vendor] = payload["findings"]["undeclared_vendor"][:1]
    assert vendor["message"] == (
        "Google Analytics (google-analytics, analytics) is not in the profile: host "
        f"www.googletagmanager.com, cookies _ga, _ga_XYZ on {page}"
    )
    assert vendor["pages"] == [page]


def test_the_text_report(site: str, run: Run) -> None:
    code, out, err = run(f"{site}/index.html", "--profile", str(PROFILE))
    assert (code, err) == (1, "")
    page = f"{site}/index.html"
    lines = out.splitlines()
    assert lines[:3] == [
        f"scan of {page} (site 127.0.0.1; 1 page)",
        f"page {page}: HTTP 200",
        "before consent:",
    ]
    assert "  cookie shop_session (127.0.0.1/, session, first party): strictly_necessary (profile)" in lines
    assert f"  localStorage basket ({site})" in lines
    assert f"  sessionStorage last_view ({site})" in lines
    start = lines.index(f"findings against {PROFILE}:")
    assert lines[start + 1 : start + 7] == [
        "  undeclared vendor: Google Analytics (google-analytics, analytics) is not in the profile: "
        f"host www.googletagmanager.com, cookies _ga, _ga_XYZ on {page}",
        "  undeclared vendor: YouTube (youtube, video) is not in the profile: host www.youtube.com "
        f"on {page}",
        "  undeclared cookie: _ga (127.0.0.1, 13 months, first party, Google Analytics, analytics) is not in "
        f"the profile; set on {page}",
        "  undeclared cookie: _ga_XYZ (127.0.0.1, 13 months, first party, Google Analytics, analytics) is "
        f"not in the profile; set on {page}",
        "  needs consent, set before consent: _ga (analytics) needs consent but was set before any "
        f"consent, on {page}",
        "  needs consent, set before consent: _ga_XYZ (analytics) needs consent but was set before any "
        f"consent, on {page}",
    ]
    assert lines[start + 7] == f"to add to {PROFILE} (each entry under the key of the same name):"
    assert "      purposes: [analytics]" in lines and "    - vendor: google-analytics" in lines
    assert lines[-1] == "6 findings"


def test_the_snippet_validates_and_declares_what_was_seen(report: Any, tmp_path: Path) -> None:
    snippet = yaml.safe_load(report.snippet)
    assert snippet["processors"] == [
        {"vendor": "google-analytics", "purposes": ["analytics"]},
        {"vendor": "youtube", "purposes": ["video"]},
    ]
    assert snippet["cookies"] == [{"vendor": "google-analytics"}]
    assert set(snippet) == {"data", "purposes", "retention", "processors", "cookies", "cookie_settings"}
    merged = _pasted(yaml.safe_load(PROFILE.read_text(encoding="utf-8")), snippet)
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(merged, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = load_profile(path)  # raises if it does not validate
    after = compare(report.seen, load_catalog(), loaded)
    # Declared now; only the truth the snippet cannot fix is left: set before consent.
    assert {(f.kind, f.subject) for f in after.findings} == {
        ("consent_before_consent", "_ga"),
        ("consent_before_consent", "_ga_XYZ"),
    }
    assert after.snippet is None


def _pasted(profile: dict[str, Any], snippet: dict[str, Any]) -> dict[str, Any]:
    """Each list's entries under the profile's key of the same name; a mapping's keys into it."""
    for key, value in snippet.items():
        if isinstance(value, list):
            profile[key] = [*profile.get(key, []), *value]
        else:
            profile[key] = {**profile.get(key, {}), **value}
    return profile


def test_declared_cookies_never_seen_say_why(report: Any, tmp_path: Path) -> None:
    data = yaml.safe_load(PROFILE.read_text(encoding="utf-8"))
    data["cookies"] += [
        {
            "name": "shop_cart",
            "group": "strictly_necessary",
            "purpose": "keeps your basket",
            "duration": "7 days",
        },
        {"name": "shop_lang", "group": "preferences", "purpose": "keeps your language", "duration": "1 year"},
    ]
    data["cookie_settings"] = {"consent_tool": True, "withdraw": "Use the cookie settings link."}
    path = tmp_path / "profile.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    after = compare(report.seen, load_catalog(), load_profile(path))
    unseen = {f.subject: f.message for f in after.findings if f.kind == "declared_cookie_not_seen"}
    assert unseen == {
        "shop_cart": "shop_cart was not seen: on the 1 page scanned, before consent (a scan sees no page "
        "behind a login, nor a cookie set only after an interaction)",
        "shop_lang": "shop_lang was not seen: it is set only with consent, which a scan before consent "
        "cannot see (try --accept SELECTOR)",
    }


def test_a_clean_site_has_no_findings(site: str, run: Run) -> None:
    code, out, err = run(f"{site}/clean.html", "--profile", str(PROFILE))
    assert (code, err) == (0, "")
    assert f"findings against {PROFILE}:\n  none\n" in out
    assert out.endswith("0 findings\n")
    assert "to add to" not in out


def test_without_a_profile_it_reports_what_it_found(site: str, run: Run) -> None:
    code, out, err = run(f"{site}/index.html", "--json")
    assert (code, err) == (0, "")
    payload = json.loads(out)
    assert set(payload) == {"url", "site", "profile", "pages", "found", "accept", "findings", "snippet"}
    assert (payload["profile"], payload["findings"], payload["snippet"], payload["accept"]) == (None,) * 4
    assert payload["pages"] == [{"url": f"{site}/index.html", "status": 200, "note": None}]
    before = payload["found"]["before_consent"]
    assert payload["found"]["after_consent"] is None
    assert set(before) == {"vendors", "cookies", "storage", "hosts", "unknown_third_party_hosts"}
    assert [v["id"] for v in before["vendors"]] == ["google-analytics", "youtube"]
    assert {c["name"]: c["declared"] for c in before["cookies"]} == {
        "shop_session": None,
        "_ga": None,
        "_ga_XYZ": None,
    }
    assert {c["name"]: c["source"] for c in before["cookies"]} == {
        "shop_session": "unknown",
        "_ga": "catalog",
        "_ga_XYZ": "catalog",
    }
    assert before["storage"] == [
        {"area": "localStorage", "key": "basket", "origin": site, "page": f"{site}/index.html"},
        {"area": "sessionStorage", "key": "last_view", "origin": site, "page": f"{site}/index.html"},
    ]
    hosts = {h["host"]: h["party"] for h in before["hosts"]}
    assert hosts == {"127.0.0.1": "first", "www.googletagmanager.com": "third", "www.youtube.com": "third"}
    assert before["unknown_third_party_hosts"] == []
    code, out, _ = run(f"{site}/index.html")
    assert code == 0 and "findings" not in out


def test_pages_follows_same_site_links_breadth_first(site: str, run: Run) -> None:
    code, out, _ = run(f"{site}/index.html", "--json", "--pages", "2")
    assert code == 0
    payload = json.loads(out)
    assert [p["url"] for p in payload["pages"]] == [f"{site}/index.html", f"{site}/second.html"]
    cookies = {c["name"]: c for c in payload["found"]["before_consent"]["cookies"]}
    assert cookies["second_pref"]["page"] == f"{site}/second.html"
    assert cookies["second_pref"]["lifetime"] == "1 day"
    assert cookies["_ga"]["page"] == f"{site}/index.html"
    assert "third_only" not in cookies  # on the third page


def test_accept_records_what_the_click_sets_apart(site: str, run: Run) -> None:
    code, out, _ = run(f"{site}/index.html", "--profile", str(PROFILE), "--json", "--accept", "#accept")
    assert code == 1
    payload = json.loads(out)
    assert payload["accept"] == "#accept"
    before = payload["found"]["before_consent"]["cookies"]
    after = payload["found"]["after_consent"]["cookies"]
    assert "consent_choice" not in {c["name"] for c in before}
    assert [(c["name"], c["lifetime"]) for c in after] == [("consent_choice", "6 months")]
    assert findings(payload) == EXPECTED | {("undeclared_cookie", "consent_choice")}
    [late] = [f for f in payload["findings"]["undeclared_cookie"] if f["subject"] == "consent_choice"]
    assert late["message"].endswith("(after consent)")


def test_accept_without_such_an_element_is_one_line(
    site: str, run: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(scan, "ACCEPT_SECONDS", 1.0)
    code, out, err = run(f"{site}/clean.html", "--accept", "#no-such-button")
    assert (code, out) == (2, "")
    button = "drafter: scan: --accept '#no-such-button'"
    assert err == f"{button}: no element to click on {site}/clean.html within 1 s\n"


def test_names_a_site_chose_cannot_forge_lines(site: str, run: Run) -> None:
    code, out, _ = run(f"{site}/hostile.html", "--profile", str(PROFILE))
    assert code == 0
    [line] = [line for line in out.splitlines() if line.startswith("  localStorage ")]
    assert line == f"  localStorage fake\\nfindings against x: none\\x1b[2J\\u202eevil ({site})"
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f\u202e]", out)


def test_nothing_is_asked_of_any_host_but_the_stand_ins(site: str, run: Run) -> None:
    _Handler.hosts.clear()
    run(f"{site}/index.html", "--pages", "3")
    port = site.rsplit(":", 1)[1]
    assert {host.split(":")[0] for host in _Handler.hosts} == {
        "127.0.0.1",
        "www.googletagmanager.com",
        "www.youtube.com",
    }
    assert all(host.endswith(f":{port}") for host in _Handler.hosts)


# -- what stops it: one line, exit 2 ------------------------------------------------------


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_page_that_cannot_be_loaded_is_one_line(site: str, run: Run) -> None:
    port = _closed_port()
    cases = {
        f"http://127.0.0.1:{port}/": "the connection was refused (net::ERR_CONNECTION_REFUSED)",
        "http://shop.invalid/": "its host name does not resolve (net::ERR_NAME_NOT_RESOLVED)",
        f"{site}/missing.html": "the server answered HTTP 404",
    }
    for url, why in cases.items():
        code, out, err = run(url, "--profile", str(PROFILE))
        assert (code, out, err) == (2, "", f"drafter: scan: cannot load {url}: {why}\n")


def test_a_missing_browser_is_one_line(run: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DRAFTER_CHROMIUM", "/nonexistent")
    code, out, err = run("http://127.0.0.1:9/", "--profile", str(PROFILE))
    assert (code, out) == (2, "")
    assert err == (
        "drafter: scan needs Chromium: DRAFTER_CHROMIUM=/nonexistent does not exist; "
        "set it to the browser's program (e.g. /usr/bin/chromium)\n"
    )


def test_bad_input_is_refused_before_the_browser_starts(run: Run, tmp_path: Path) -> None:
    before = _launches()
    code, _, err = run("ftp://example.org/")
    assert (code, err) == (
        2,
        "drafter: scan: 'ftp://example.org/' is not a web address; give http://... or https://...\n",
    )
    bad = tmp_path / "bad.yaml"
    bad.write_text("languages: [en]\n", encoding="utf-8")
    code, out, err = run("http://127.0.0.1:9/", "--profile", str(bad))
    assert (code, out) == (2, "") and err.startswith(f"{bad}:")
    with pytest.raises(SystemExit) as stopped:
        run("http://127.0.0.1:9/", "--pages", "0")
    assert stopped.value.code == 2
    assert _launches() == before


def _launches() -> int:
    from drafter.render import browser

    return browser.launches


def test_the_command_in_its_own_process(site: str) -> None:
    env = {k: v for k, v in os.environ.items() if k not in PROXIES} | {scan.HOST_RULES: RULES}
    done = subprocess.run(
        [sys.executable, "-m", "drafter", "scan", f"{site}/index.html", "--profile", str(PROFILE)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (1, "")
    assert done.stdout.endswith("6 findings\n")
    env["DRAFTER_CHROMIUM"] = "/nonexistent"
    done = subprocess.run(
        [sys.executable, "-m", "drafter", "scan", f"{site}/index.html"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 2 and done.stdout == "" and len(done.stderr.splitlines()) == 1


# -- the rules it applies --------------------------------------------------------------------


def test_same_site_rule() -> None:
    assert scan.site_of("WWW.Shop.Example.") == "shop.example"
    assert scan.same_site("shop.example", "shop.example")
    assert scan.same_site("www.shop.example", "shop.example")
    assert scan.same_site("cdn.shop.example", "shop.example")
    assert not scan.same_site("evilshop.example", "shop.example")
    assert not scan.same_site("shop.example.net", "shop.example")


def test_cookie_names_with_placeholders() -> None:
    assert matches("_ga_<container-id>", "_ga_ABC123")
    assert not matches("_ga_<container-id>", "_ga_")
    assert not matches("_ga", "_ga_ABC123")
    assert matches("_pk_id.<site-id>.<hash>", "_pk_id.1.ab12")
    assert not matches("a.b", "aXb")  # the name's own characters are literal


@pytest.mark.parametrize(
    ("seconds", "shown"),
    [
        (None, "session"),
        (86399, "1 day"),
        (400 * 86400, "13 months"),
        (730 * 86400, "2 years"),
        (45 * 86400, "45 days"),
        (3600, "1 hour"),
        (10, "1 minute"),
    ],
)
def test_lifetimes_read_as_profile_durations(seconds: float | None, shown: str) -> None:
    assert scan.lifetime(None if seconds is None else 1000.0 + seconds, 1000.0) == shown
