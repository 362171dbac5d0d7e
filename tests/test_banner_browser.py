"""The banner configurations in the real libraries, in a real browser.

A test page (tests/banner_site/*.html) served on 127.0.0.1 loads vanilla-cookieconsent,
then Klaro, from tests/banner_site/node_modules with the configuration drafter wrote, in
headless Chromium (the Debian browser, through Playwright; no browser is downloaded).
Two stand-in scripts, gated as each library documents, set an analytics and a marketing
cookie. For two shipped profiles with cookies, and one with marketing cookies too:

- before any choice no cookie is set outside the strictly necessary ones;
- "accept all" runs the stand-ins of the profile's consent groups, and those alone;
- "refuse all" (a fresh visitor) runs none;
- CookieConsent's preferences window lists the policy's cookie table, row for row, and
  Klaro's lists a service for each provider and names each cookie;
- a cookie changed in the profile changes the revision, and a visitor who chose under
  the old one is asked again.

The libraries are installed with ``npm ci --prefix tests/banner_site`` (CI does); without
them these tests fail saying so, unless DRAFTER_SKIP_NPM_TESTS=1.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import ROOT
from test_banner import policy_rows

from drafter.commands.banner import BannerKind, banner_text
from drafter.commands.banner_check import banner_revision, cookie_key, parse_banner
from drafter.legal.load import LoadedProfile, load_profile
from drafter.render.pdf import HEADLESS_FLAGS, require_chromium
from drafter.render.policy import policy_context

SITE = ROOT / "tests" / "banner_site"
LIBRARIES = {
    "cookieconsent": SITE / "node_modules" / "vanilla-cookieconsent" / "dist" / "cookieconsent.esm.js",
    "klaro": SITE / "node_modules" / "klaro" / "dist" / "klaro.js",
}
INSTALL = "npm ci --prefix tests/banner_site"
if os.environ.get("DRAFTER_SKIP_NPM_TESTS") == "1":
    pytest.skip("DRAFTER_SKIP_NPM_TESTS=1: the banner's browser tests are skipped", allow_module_level=True)

# Each profile, and a change to one of its cookies (for the revision test).
CASES = {
    "example": ("duration: 7 days", "duration: 8 days"),
    "megamastering": ("en: keep the contents of your shopping cart", "en: keep your shopping cart"),
}
STANDINS = ("analytics", "marketing")
TIMEOUT_MS = 15_000


class _Site(http.server.SimpleHTTPRequestHandler):
    """tests/banner_site, with /banner.js the configuration under test (never cached)."""

    config: bytes = b""

    def do_GET(self) -> None:
        if self.path.split("?", 1)[0] == "/banner.js":
            self.send_response(200)
            self.send_header("Content-Type", "text/javascript; charset=utf-8")
            self.send_header("Content-Length", str(len(self.config)))
            self.end_headers()
            self.wfile.write(self.config)
            return
        super().do_GET()

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-store")
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def site() -> Iterator[tuple[str, type[_Site]]]:
    missing = [str(path.relative_to(ROOT)) for path in LIBRARIES.values() if not path.is_file()]
    if missing:
        pytest.fail(
            f"the consent managers are not installed ({', '.join(missing)} missing): run '{INSTALL}' "
            "(or set DRAFTER_SKIP_NPM_TESTS=1 to skip these tests)"
        )
    handler = type("Site", (_Site,), {"config": b""})
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(SITE))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", handler
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    program = require_chromium()
    with sync_playwright() as playwright:
        # navigator.webdriver would make CookieConsent take the page for a bot and hide itself.
        launched = playwright.chromium.launch(
            executable_path=program,
            args=[*HEADLESS_FLAGS, "--disable-blink-features=AutomationControlled"],
            ignore_default_args=["--enable-automation"],
            timeout=TIMEOUT_MS * 4,
        )
        try:
            yield launched
        finally:
            launched.close()


class Visit:
    """One visitor (a browser context) on the test page of one kind."""

    def __init__(self, browser: Any, site: tuple[str, type[_Site]], kind: BannerKind, lang: str) -> None:
        self.base, self.handler = site
        self.kind, self.lang = kind, lang
        self.context = browser.new_context()
        self.page = self.context.new_page()
        self.page.set_default_timeout(TIMEOUT_MS)
        self.errors: list[str] = []
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))

    def open(self, config: str) -> None:
        self.handler.config = config.encode("utf-8")
        self.page.goto(f"{self.base}/{self.kind}.html?lang={self.lang}")
        self.page.wait_for_function("window.bannerReady === true")
        self.page.wait_for_timeout(200)  # Klaro renders after its setup returns
        assert not self.errors, self.errors

    def cookies(self) -> set[str]:
        return {c["name"] for c in self.context.cookies()}

    def ran(self) -> list[str]:
        return list(self.page.evaluate("window.ran"))

    def asking(self) -> bool:
        if self.kind == "cookieconsent":
            return bool(self.page.evaluate("document.documentElement.classList.contains('show--consent')"))
        return self.page.locator("#klaro .cookie-notice:not(.cookie-notice-hidden)").count() == 1

    def click(self, choice: str) -> None:
        selectors = {
            ("cookieconsent", "all"): "#cc-main .cm__btn[data-role='all']",
            ("cookieconsent", "none"): "#cc-main .cm__btn[data-role='necessary']",
            ("cookieconsent", "choose"): "#cc-main .cm__btn[data-role='show']",
            ("klaro", "all"): "#klaro .cookie-notice .cm-btn-success",
            ("klaro", "none"): "#klaro .cookie-notice .cn-decline",
            ("klaro", "choose"): "#klaro .cookie-notice .cn-learn-more",
        }
        self.page.locator(selectors[(self.kind, choice)]).click()
        self.page.wait_for_timeout(200)

    def close(self) -> None:
        self.context.close()


def consent_groups(config: dict[str, Any], kind: BannerKind) -> set[str]:
    if kind == "cookieconsent":
        return {name for name, c in config["categories"].items() if not c["readOnly"]}
    return {p for s in config["services"] if not s["required"] for p in s["purposes"]}


def necessary_cookies(loaded: LoadedProfile) -> set[str]:
    return {c.name for c in loaded.facts.cookies if c.name and not c.needs_consent}


def marketing_profile(tmp_path: Path) -> Path:
    """The example shop with Google Ads too: a profile with both stand-ins' groups."""
    text = (ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8")
    path = tmp_path / "example-ads.yaml"
    cookies, recipients = "  - vendor: stripe\n  - vendor: google-analytics\n", "\nother_recipients:\n"
    assert text.count(cookies) == text.count(recipients) == 1
    text = text.replace(recipients, "  - vendor: google-ads\n    data: [browsing]\n" + recipients)
    path.write_text(text.replace(cookies, cookies + "  - vendor: google-ads\n"), encoding="utf-8")
    return path


def profile_path(name: str, tmp_path: Path) -> Path:
    return marketing_profile(tmp_path) if name == "example-ads" else ROOT / "profiles" / f"{name}.yaml"


PROFILES = [*CASES, "example-ads"]


@pytest.mark.parametrize("kind", ["cookieconsent", "klaro"])
@pytest.mark.parametrize("name", PROFILES)
def test_nothing_before_a_choice_the_consent_groups_after_accept_all_none_after_refuse_all(
    browser: Any, site: tuple[str, type[_Site]], tmp_path: Path, name: str, kind: BannerKind
) -> None:
    loaded = load_profile(profile_path(name, tmp_path))
    text = banner_text(loaded, kind)
    config = parse_banner(text).value
    asked = consent_groups(config, kind)
    own = config["cookie"]["name"] if kind == "cookieconsent" else config["storageName"]
    allowed = necessary_cookies(loaded) | {own}
    lang = loaded.profile.languages[0]

    first = Visit(browser, site, kind, lang)
    first.open(text)
    assert first.asking()
    assert first.cookies() <= necessary_cookies(loaded) and first.ran() == []
    first.click("all")
    assert not first.asking()
    assert sorted(first.ran()) == sorted(g for g in STANDINS if g in asked)
    assert own in first.cookies()
    first.close()

    second = Visit(browser, site, kind, lang)
    second.open(text)
    second.click("none")
    assert not second.asking() and second.ran() == []
    assert own in second.cookies() and second.cookies() <= allowed
    second.close()
    if name == "example-ads":
        assert {"analytics", "marketing"} <= asked


@pytest.mark.parametrize("name", PROFILES)
def test_the_preferences_window_lists_the_policy_cookie_table(
    browser: Any, site: tuple[str, type[_Site]], tmp_path: Path, name: str
) -> None:
    loaded = load_profile(profile_path(name, tmp_path))
    for lang in loaded.profile.languages:
        visit = Visit(browser, site, "cookieconsent", lang)
        visit.open(banner_text(loaded, "cookieconsent"))
        visit.click("choose")
        visit.page.locator("#cc-main .pm").wait_for(state="visible")
        shown = visit.page.evaluate(
            """() => [...document.querySelectorAll('#cc-main .pm .section__table tbody tr, '
                     + '#cc-main .pm table tbody tr')]
                 .map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent.trim()))"""
        )
        assert shown == policy_rows(loaded, lang), lang
        visit.close()


@pytest.mark.parametrize("name", PROFILES)
def test_klaro_lists_each_provider_and_names_each_cookie(
    browser: Any, site: tuple[str, type[_Site]], tmp_path: Path, name: str
) -> None:
    loaded = load_profile(profile_path(name, tmp_path))
    lang = loaded.profile.languages[0]
    visit = Visit(browser, site, "klaro", lang)
    visit.open(banner_text(loaded, "klaro"))
    visit.click("choose")
    modal = visit.page.locator("#klaro .cm-modal")
    modal.wait_for(state="visible")
    carets = modal.locator(".cm-services .cm-caret a")
    for i in range(carets.count()):  # each purpose's list of services, opened as a visitor would
        carets.nth(i).click()
    text = " ".join(modal.inner_text().split())
    ours = policy_context(loaded, lang).controller.name
    for entry in loaded.facts.cookies:
        assert (entry.vendor.name if entry.vendor else ours) in text
        if entry.name:
            assert cookie_key(entry.name) in text, entry.name
    visit.close()


@pytest.mark.parametrize("kind", ["cookieconsent", "klaro"])
@pytest.mark.parametrize("name", list(CASES))
def test_a_changed_cookie_asks_again(
    browser: Any, site: tuple[str, type[_Site]], tmp_path: Path, name: str, kind: BannerKind
) -> None:
    source = ROOT / "profiles" / f"{name}.yaml"
    before = load_profile(source)
    old, new = CASES[name]
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1
    changed_path = tmp_path / source.name
    changed_path.write_text(text.replace(old, new), encoding="utf-8")
    after = load_profile(changed_path)
    assert banner_revision(after) != banner_revision(before)

    visit = Visit(browser, site, kind, before.profile.languages[0])
    visit.open(banner_text(before, kind))
    visit.click("all")
    accepted = visit.ran()
    assert not visit.asking()
    visit.open(banner_text(before, kind))  # the same banner: the choice holds
    assert not visit.asking() and visit.ran() == accepted
    visit.open(banner_text(after, kind))  # the old consent cookie, the new revision
    assert visit.asking()
    assert visit.ran() == []  # the old choice is not applied to what changed
    if kind == "klaro":
        assert visit.page.locator("#klaro .cn-changes").count() == 1
    visit.click("all")
    assert not visit.asking() and visit.ran() == accepted
    visit.close()
