"""``drafter scan URL``: what a live site stores and loads before any consent.

A policy is only as true as its profile. ``scan`` opens the site in headless Chromium
(Debian's, found as for PDFs: :func:`drafter.render.pdf.require_chromium`, which honours
``DRAFTER_CHROMIUM``), in a fresh browser context with no stored state, and records, page
by page: the cookies (name, domain, path, lifetime), the localStorage and sessionStorage
keys of the page's origin, and the host of every request the page makes. It follows up
to ``--pages`` same-site links, breadth first. :mod:`drafter.commands.scan_report` maps
what it saw to vendors and compares it with the profile.

Only page loads. The scan navigates (GET) and lets each page load what it loads; it
never clicks, types or submits, but for ``--accept SELECTOR``: once everything before
consent is recorded, it loads the start page again, clicks that one element and records
what appears after it, as a separate set.

Same site: a host is the site's when it equals the site, or ends with ``.`` and the site,
where the site is the start page's host (after redirects) without a leading ``www.``;
every other host is a third party. (No public-suffix list: ``shop.example.co.uk`` and
``blog.example.co.uk`` are two sites here.)

Time limits: loading a page (its load event, then network idle) has ``PAGE_SECONDS``; a
page that never goes idle is recorded as it is then. Each step also runs under the
watchdog of :mod:`drafter.render.browser`, which kills a browser that hangs. Every failure
is one line (a DrafterError, exit status 2): no browser, a start page that does not load
(DNS, refused, HTTP 400 or more, timeout), an ``--accept`` element that is not there.

Testing aid: ``DRAFTER_SCAN_HOST_RULES`` is passed to Chromium as
``--host-resolver-rules``, so the tests map stand-in vendor hosts to 127.0.0.1 and every
other name to nowhere.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal
from urllib.parse import urldefrag, urlsplit

from drafter.errors import DrafterError, Problem, printable

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext, Page, Request

    from drafter.render.browser import Session

Phase = Literal["before", "after"]  # before consent, or after the --accept click
PAGE_SECONDS = 15.0  # to load a page: its load event, then network idle
ACCEPT_SECONDS = 10.0  # to find the --accept element, then for what the click loads
LAUNCH_SECONDS = 60.0
GRACE = 15.0  # the watchdog's margin over Playwright's own time limits
QUIET_SECONDS = 0.5  # no request under way for this long: the network is idle
MAX_LINKS = 2000  # links read from one page
HOST_RULES = "DRAFTER_SCAN_HOST_RULES"
_SCHEMES = ("http", "https")
_FILES = re.compile(
    r"\.(pdf|zip|gz|tgz|dmg|exe|msi|apk|mp3|mp4|m4a|mov|avi|webm|jpe?g|png|gif|webp|svg|ico|"
    r"docx?|xlsx?|pptx?|odt|csv|json|xml|rss)$",
    re.IGNORECASE,
)
_NET_ERROR = re.compile(r"net::(ERR_[A-Z_]+)")
_NET_REASONS = {
    "ERR_NAME_NOT_RESOLVED": "its host name does not resolve",
    "ERR_NAME_RESOLUTION_FAILED": "its host name does not resolve",
    "ERR_CONNECTION_REFUSED": "the connection was refused",
    "ERR_CONNECTION_RESET": "the connection was reset",
    "ERR_CONNECTION_CLOSED": "the server closed the connection",
    "ERR_CONNECTION_TIMED_OUT": "the connection timed out",
    "ERR_TIMED_OUT": "the connection timed out",
    "ERR_ADDRESS_UNREACHABLE": "the address is unreachable",
    "ERR_INTERNET_DISCONNECTED": "there is no network",
    "ERR_EMPTY_RESPONSE": "the server sent an empty response",
    "ERR_TOO_MANY_REDIRECTS": "it redirects too many times",
    "ERR_UNSAFE_PORT": "Chromium refuses that port",
    "ERR_ABORTED": "the browser did not show it (a download?)",
}
_STORAGE = """() => {
  const keys = (name) => {
    try {
      const area = window[name];
      const found = [];
      for (let i = 0; i < area.length && i < 2000; i++) found.push(area.key(i));
      return found;
    } catch (e) { return []; }
  };
  return [keys("localStorage"), keys("sessionStorage")];
}"""
_DAY = 86400.0
_UNITS = (("year", 365.25 * _DAY), ("month", 30.44 * _DAY), ("day", _DAY), ("hour", 3600.0), ("minute", 60.0))
_LINKS = "() => Array.from(document.querySelectorAll('a[href], area[href]'), (a) => a.href)"


@dataclass(frozen=True)
class SeenCookie:
    name: str
    domain: str  # without the leading dot of a domain cookie
    path: str
    expires: float | None  # seconds since the epoch; None: a session cookie
    lifetime: str  # "session", "2 years", "90 days": as a profile writes a duration
    page: str  # where it was first seen
    phase: Phase


@dataclass(frozen=True)
class SeenStorage:
    area: str  # localStorage | sessionStorage
    key: str
    origin: str
    page: str
    phase: Phase


@dataclass(frozen=True)
class SeenHost:
    host: str
    page: str
    phase: Phase


@dataclass(frozen=True)
class Visit:
    url: str
    status: int | None
    note: str | None  # why it was not recorded, or what was odd (no network idle)
    loaded: bool = True  # recorded (False: it did not load)


@dataclass
class Observation:
    """Everything one scan saw, each item once per phase, with the page where it first appeared."""

    url: str
    site: str
    visits: list[Visit] = field(default_factory=list)
    cookies: list[SeenCookie] = field(default_factory=list)
    storage: list[SeenStorage] = field(default_factory=list)
    hosts: list[SeenHost] = field(default_factory=list)
    accept: str | None = None  # the --accept selector, once clicked

    def first_party(self, host: str) -> bool:
        return same_site(host, self.site)


def site_of(host: str) -> str:
    """The site a host belongs to: itself, lower-case, without a leading ``www.``."""
    return host.lower().strip(".").removeprefix("www.")


def same_site(host: str, site: str) -> bool:
    host = host.lower().strip(".")
    return host == site or host.endswith(f".{site}")


def check_url(url: str) -> str:
    """The URL to scan, refused at once if it is not an http(s) URL with a host."""
    try:
        parts = urlsplit(url.strip())
        host = parts.hostname
    except ValueError:
        host = None
        parts = urlsplit("")
    if parts.scheme.lower() not in _SCHEMES or not host:
        raise DrafterError(
            Problem("drafter", f"scan: {url!r} is not a web address; give http://... or https://...")
        )
    return url.strip()


def chromium() -> str:
    """The browser's program, or the PDF path's one-line error, worded for the scan."""
    from drafter.render.pdf import require_chromium

    try:
        return require_chromium()
    except DrafterError as exc:
        raise DrafterError(
            [
                Problem(
                    p.file, p.message.replace("PDF needs Chromium", "scan needs Chromium", 1), p.line, p.path
                )
                for p in exc.problems
            ]
        ) from None


def browser_flags() -> list[str]:
    from drafter.render.pdf import HEADLESS_FLAGS

    rules = os.environ.get(HOST_RULES, "").strip()
    return [*HEADLESS_FLAGS, *([f"--host-resolver-rules={rules}"] if rules else [])]


def observe(url: str, pages: int = 1, accept: str | None = None) -> Observation:
    """Load ``url`` and up to ``pages - 1`` more same-site pages, and record what they set and load."""
    from drafter.render import browser

    program = chromium()
    try:
        session = browser.Session.start(program, browser_flags(), LAUNCH_SECONDS)
    except browser.BrowserError as exc:
        raise DrafterError(Problem(program, exc.message)) from None
    try:
        return _Scan(session, url).run(pages, accept)
    finally:
        session.close()


class _Scan:
    """One browser context, its recorder, and the pages to visit."""

    def __init__(self, session: Session, url: str) -> None:
        host = urlsplit(url).hostname or ""
        self.session = session
        self.seen = Observation(url=url, site=site_of(host))
        self.page_url = url
        self.phase: Phase = "before"
        self.in_flight = 0
        self.last_event = time.monotonic()
        self._known: set[tuple[object, ...]] = set()  # items recorded, by kind and identity

    def run(self, pages: int, accept: str | None) -> Observation:
        assert self.session.browser is not None
        context = self.session.browser.new_context(accept_downloads=False)
        context.on("request", self._requested)
        context.on("requestfinished", self._finished)
        context.on("requestfailed", self._finished)
        queue = deque([self.seen.url])
        queued = {urldefrag(self.seen.url).url}
        start = self.seen.url
        for n in range(pages):
            if not queue:
                break
            target = queue.popleft()
            final, links = self._visit(context, target, first=n == 0)
            start = final if n == 0 else start
            queued.add(urldefrag(final).url)
            for link in self._followed(links):
                if link not in queued:
                    queued.add(link)
                    queue.append(link)
        if accept is not None:
            self._accept(context, start, accept)
        with contextlib.suppress(Exception):
            context.close()
        return self.seen

    # -- the steps ----------------------------------------------------------------------

    def _visit(self, context: BrowserContext, url: str, first: bool) -> tuple[str, list[str]]:
        """Load one page and record it: its final URL and its links (none if it failed)."""
        with self._step(url, PAGE_SECONDS + GRACE):
            page = context.new_page()
            try:
                self.page_url = url
                failure, status, note = self._load(page, url)
                if failure is not None and first:
                    raise DrafterError(Problem("drafter", f"scan: cannot load {url}: {failure}"))
                self.seen.visits.append(Visit(url, status, failure or note, failure is None))
                if failure is not None:
                    return url, []
                if first:
                    self.seen.site = site_of(urlsplit(page.url).hostname or self.seen.site)
                self._record(context, page)
                return page.url, _strings(page.evaluate(_LINKS))[:MAX_LINKS]
            finally:
                with contextlib.suppress(Exception):
                    page.close()

    def _load(self, page: Page, url: str) -> tuple[str | None, int | None, str | None]:
        """Go to ``url``, then wait for the network to be idle: why it failed, its status, a note."""
        from playwright.sync_api import Error
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        deadline = time.monotonic() + PAGE_SECONDS
        try:
            response = page.goto(url, wait_until="load", timeout=PAGE_SECONDS * 1000)
        except PlaywrightTimeout:
            return f"it did not load within {PAGE_SECONDS:g} s", None, None
        except Error as exc:
            if self.session.dead:
                raise
            return _net_reason(str(exc)), None, None
        status = response.status if response is not None else None
        if status is not None and status >= 400:
            return f"the server answered HTTP {status}", status, None
        try:
            page.wait_for_load_state("networkidle", timeout=max(deadline - time.monotonic(), 0.1) * 1000)
        except PlaywrightTimeout:
            return (
                None,
                status,
                f"the network was still busy after {PAGE_SECONDS:g} s; recorded as it was then",
            )
        return None, status, None

    def _accept(self, context: BrowserContext, url: str, selector: str) -> None:
        """Load the start page again, click ``selector`` and record what comes after."""
        from playwright.sync_api import Error
        from playwright.sync_api import TimeoutError as PlaywrightTimeout

        shown = printable(selector, limit=80)
        with self._step(url, PAGE_SECONDS + 2 * ACCEPT_SECONDS + GRACE):
            page = context.new_page()
            self.page_url = url
            failure, _, _ = self._load(page, url)
            if failure is not None:
                raise DrafterError(Problem("drafter", f"scan: --accept: cannot load {url} again: {failure}"))
            self._record(context, page)  # a second visit, still before consent
            self.phase = "after"
            try:
                page.click(selector, timeout=ACCEPT_SECONDS * 1000)
            except PlaywrightTimeout:
                raise DrafterError(
                    Problem(
                        "drafter",
                        f"scan: --accept {shown!r}: no element to click on {url} within {ACCEPT_SECONDS:g} s",
                    )
                ) from None
            except Error as exc:
                if self.session.dead:
                    raise
                raise DrafterError(
                    Problem("drafter", f"scan: --accept {shown!r}: {_first_line(str(exc))}")
                ) from None
            with contextlib.suppress(PlaywrightTimeout):
                page.wait_for_load_state("load", timeout=ACCEPT_SECONDS * 1000)
            self._settle(page, ACCEPT_SECONDS)
            self.page_url = page.url
            self._record(context, page)
            self.seen.accept = selector
            with contextlib.suppress(Exception):
                page.close()

    @contextlib.contextmanager
    def _step(self, url: str, seconds: float) -> Iterator[None]:
        """A step under the watchdog; a browser that hung or died is one line, exit 2."""
        from playwright.sync_api import Error

        from drafter.render.browser import _Watchdog

        hung = f"scan: the browser hung on {url} and was stopped after {seconds:g} s"
        try:
            with _Watchdog(seconds, self.session) as dog:
                yield
        except Error as exc:
            if self.session.dead:
                raise DrafterError(Problem("drafter", hung)) from None
            raise DrafterError(
                Problem("drafter", f"scan: the browser failed on {url}: {_first_line(str(exc))}")
            ) from None
        if dog.fired:  # done, but late: the browser is gone
            raise DrafterError(Problem("drafter", hung))

    def _settle(self, page: Page, seconds: float) -> None:
        """Wait until no request has been under way for ``QUIET_SECONDS``, or ``seconds``."""
        deadline = time.monotonic() + seconds
        page.wait_for_timeout(QUIET_SECONDS * 1000)
        while time.monotonic() < deadline:
            if self.in_flight <= 0 and time.monotonic() - self.last_event >= QUIET_SECONDS:
                return
            page.wait_for_timeout(100)

    # -- recording ------------------------------------------------------------------------

    def _record(self, context: BrowserContext, page: Page) -> None:
        now = time.time()
        for cookie in context.cookies():
            name, path = str(cookie.get("name", "")), str(cookie.get("path", "/"))
            domain = str(cookie.get("domain", "")).lstrip(".")
            expires = cookie.get("expires")
            when = float(expires) if isinstance(expires, (int, float)) and expires >= 0 else None
            if self._new(("cookie", name, domain, path)):
                self.seen.cookies.append(
                    SeenCookie(name, domain, path, when, lifetime(when, now), self.page_url, self.phase)
                )
        parts = urlsplit(page.url)
        if parts.scheme not in _SCHEMES:
            return
        origin = f"{parts.scheme}://{parts.netloc}"
        areas = page.evaluate(_STORAGE)
        found = areas if isinstance(areas, list) else []
        for area, keys in zip(("localStorage", "sessionStorage"), found, strict=False):
            for key in _strings(keys):
                if self._new(("storage", area, key, origin)):
                    self.seen.storage.append(SeenStorage(area, key, origin, self.page_url, self.phase))

    def _new(self, identity: tuple[object, ...]) -> bool:
        """Whether this item is seen for the first time (then it is known from now on)."""
        if identity in self._known:
            return False
        self._known.add(identity)
        return True

    def _requested(self, request: Request) -> None:
        self.in_flight += 1
        self.last_event = time.monotonic()
        parts = urlsplit(request.url)
        host = parts.hostname
        if parts.scheme in (*_SCHEMES, "ws", "wss") and host and self._new(("host", host)):
            self.seen.hosts.append(SeenHost(host, self.page_url, self.phase))

    def _finished(self, request: Request) -> None:
        self.in_flight = max(self.in_flight - 1, 0)
        self.last_event = time.monotonic()

    def _followed(self, links: list[str]) -> Iterator[str]:
        """The links a scan follows: http(s), same site, no fragment, not a file to download."""
        for link in links:
            try:
                parts = urlsplit(urldefrag(link).url)
                host = parts.hostname
            except ValueError:
                continue
            wanted = parts.scheme in _SCHEMES and host and same_site(host, self.seen.site)
            if wanted and not _FILES.search(parts.path):
                yield parts.geturl()


def lifetime(expires: float | None, now: float) -> str:
    """How long a cookie lives from now, as a profile writes a duration: '13 months', '90 days'
    (in the largest unit that is near enough: a cookie is recorded a moment after it is set)."""
    if expires is None:
        return "session"
    seconds = max(expires - now, 0.0)
    for unit, length in _UNITS:
        count = round(seconds / length)
        if count >= 1 and abs(seconds - count * length) <= 0.02 * seconds + 120:
            return _plural(count, unit)
    return _plural(max(round(seconds / 60), 1), "minute")


def _plural(count: int, unit: str) -> str:
    return f"{min(count, 9999)} {unit}{'s' if count != 1 else ''}"


def _strings(value: Any) -> list[str]:
    """What a page returned, kept only if it is a list of strings (a page may return anything)."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def _net_reason(message: str) -> str:
    found = _NET_ERROR.search(message)
    if found is None:
        return _first_line(message)
    code = found.group(1)
    return f"{_NET_REASONS.get(code, 'the browser could not load it')} (net::{code})"


def _first_line(message: str) -> str:
    line = (message.strip().splitlines() or ["no message"])[0]
    return printable(line.split(": ", 1)[1] if re.match(r"\w+\.\w+: ", line) else line, limit=200)
