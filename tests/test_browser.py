"""The HTML page in a real browser: headless Chromium loads each policy page.

Checked in the browser itself: every table-of-contents link lands on its heading, the
headings come in order, the cookie table has header cells. Chromium's network log shows
that no request leaves the page (the file itself aside), and its console log shows no
error. Screenshots at phone and desktop widths are kept as test artifacts (in
``$DRAFTER_ARTIFACTS`` when set, else in pytest's temporary folder).
"""

from __future__ import annotations

import itertools
import json
import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES

from drafter.legal.load import load_profile
from drafter.render.formats import render
from drafter.render.pdf import HEADLESS_FLAGS, find_chromium

BROWSER = find_chromium()
if BROWSER is None:
    if os.environ.get("DRAFTER_REQUIRE_BROWSER"):
        raise RuntimeError("Chromium is required (DRAFTER_REQUIRE_BROWSER is set): apt-get install chromium")
    pytest.skip("Chromium is not installed", allow_module_level=True)

FLAGS = [*HEADLESS_FLAGS, "--hide-scrollbars"]

# Run in the page after load; the verdict is written into the DOM for --dump-dom.
PROBE = """
<script>
window.addEventListener("load", () => {
  const result = {links: [], headings: [], tables: [], lowContrast: [], plainLinks: [],
                  datesOnFirstScreen: false, overflowX: 0};
  const rgba = (css) => (css.match(/[\\d.]+/g) || [0, 0, 0, 0]).map(Number).concat([1]).slice(0, 4);
  const luminance = ([r, g, b]) => {
    const lin = (c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b);
  };
  const background = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = rgba(getComputedStyle(e).backgroundColor);
      if (c[3] > 0) return c;
    }
    return [255, 255, 255, 1];
  };
  // Contrast of every element that holds text of its own (WCAG AA: 4.5:1).
  for (const el of document.querySelectorAll("article *")) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    if (!own) continue;
    const fg = luminance(rgba(getComputedStyle(el).color));
    const bg = luminance(background(el));
    const ratio = (Math.max(fg, bg) + 0.05) / (Math.min(fg, bg) + 0.05);
    if (ratio < 4.5) result.lowContrast.push({tag: el.tagName, ratio: ratio.toFixed(2)});
  }
  // Links are told apart by more than colour: underlined.
  for (const a of document.querySelectorAll("article a")) {
    if (!getComputedStyle(a).textDecorationLine.includes("underline")) result.plainLinks.push(a.textContent);
  }
  const dates = document.querySelector(".policy-dates");
  result.datesOnFirstScreen = !!dates && dates.getBoundingClientRect().bottom <= window.innerHeight;
  result.overflowX = document.documentElement.scrollWidth - window.innerWidth;
  for (const h of document.querySelectorAll("h1, h2, h3, h4")) result.headings.push(Number(h.tagName[1]));
  for (const t of document.querySelectorAll("table")) {
    result.tables.push({th: t.querySelectorAll("thead th[scope=col]").length,
                        rows: t.querySelectorAll("tbody tr").length});
  }
  // Last, as it scrolls: every table-of-contents link lands on its heading.
  const bottom = () => window.innerHeight + window.scrollY >= document.documentElement.scrollHeight - 2;
  for (const a of document.querySelectorAll("nav.toc a[href^='#']")) {
    const id = decodeURIComponent(a.getAttribute("href").slice(1));
    const target = document.getElementById(id);
    let lands = false;
    if (target) {
      a.click();
      const top = target.getBoundingClientRect().top;
      lands = Math.abs(top) < 2 || (top > 0 && bottom());
    }
    result.links.push({href: a.getAttribute("href"), tag: target ? target.tagName : null, lands: lands});
  }
  const out = document.createElement("pre");
  out.id = "drafter-probe";
  out.textContent = JSON.stringify(result);
  document.body.appendChild(out);
});
</script>
"""


def artifacts(tmp_path: Path) -> Path:
    folder = Path(os.environ.get("DRAFTER_ARTIFACTS") or tmp_path / "artifacts")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def chromium(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    assert BROWSER is not None
    return subprocess.run(
        [BROWSER, *FLAGS, f"--user-data-dir={home}", *args],
        capture_output=True,
        text=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )


def page_requests(netlog: Path) -> set[str]:
    """URLs the page asked for, from Chromium's net-log JSON. The browser's own traffic
    (time sync, translation lists) is told apart by its isolation key: the page's
    requests are keyed to its file:// origin."""
    text = netlog.read_text(encoding="utf-8", errors="replace").rstrip()
    try:
        log = json.loads(text)
    except json.JSONDecodeError:
        log = json.loads(text.rstrip(",") + "]}")  # a log cut at exit lacks its closing brackets
    start = log["constants"]["logEventTypes"]["URL_REQUEST_START_JOB"]
    return {
        str(e["params"]["url"])
        for e in log.get("events", [])
        if e.get("type") == start and "file://" in str(e.get("params", {}).get("network_isolation_key", ""))
    }


def probe(html: str, size: str, tmp_path: Path) -> tuple[dict[str, Any], subprocess.CompletedProcess[str]]:
    """Load ``html`` (with the probe) in a window of ``size``; the probe's verdict and the run."""
    page = tmp_path / f"page-{size.replace(',', 'x')}.html"
    page.write_text(html.replace("</body>", PROBE + "</body>", 1), encoding="utf-8")
    netlog = tmp_path / f"net-{size.replace(',', 'x')}.json"
    result = chromium(
        "--dump-dom",
        f"--window-size={size}",
        "--enable-logging=stderr",
        "--v=0",
        f"--log-net-log={netlog}",
        page.as_uri(),
        home=tmp_path / "home",
    )
    assert result.returncode == 0, result.stderr[-2000:]
    found = re.search(r'<pre id="drafter-probe">(.*?)</pre>', result.stdout, re.S)
    assert found, "the page's probe did not run"
    verdict = json.loads(found.group(1).replace("&quot;", '"').replace("&amp;", "&"))
    verdict["requests"] = sorted(page_requests(netlog))
    return verdict, result


CASES = [(p, lang) for p in PROFILES for lang in load_profile(p).profile.languages]
PHONE, DESKTOP = "390,844", "1280,900"


@pytest.mark.parametrize(("profile", "lang"), CASES, ids=[f"{p.stem}-{lang}" for p, lang in CASES])
def test_page_in_a_real_browser(profile: Path, lang: str, tmp_path: Path) -> None:
    loaded = load_profile(profile)
    html = render(loaded, lang, "html")  # type: ignore[arg-type]
    desktop, result = probe(html, DESKTOP, tmp_path)

    links = desktop["links"]
    assert len(links) >= 8
    assert all(link["tag"] == "H2" and link["lands"] for link in links), links
    levels = desktop["headings"]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels)), levels  # no level skipped
    # Every Markdown table (the cookie table) is a real table with column header cells.
    markdown = render(loaded, lang, "md")  # type: ignore[arg-type]
    assert len(desktop["tables"]) == len(re.findall(r"^\|(?: *:?-+:? *\|)+ *$", markdown, re.M))
    assert all(t["th"] >= 3 and t["rows"] >= 1 for t in desktop["tables"])
    assert desktop["lowContrast"] == []
    assert desktop["plainLinks"] == []
    assert desktop["datesOnFirstScreen"]

    console = [line for line in result.stderr.splitlines() if "CONSOLE" in line or "Uncaught" in line]
    assert not console, console
    assert not [url for url in desktop["requests"] if not url.startswith("file://")]

    phone, _ = probe(html, PHONE, tmp_path)
    assert phone["datesOnFirstScreen"]
    assert phone["overflowX"] <= 0, "the page scrolls sideways on a phone"

    for name, size in (("phone", PHONE), ("desktop", DESKTOP)):
        shot = artifacts(tmp_path) / f"{profile.stem}.{lang}.{name}.png"
        clean = tmp_path / "clean.html"
        clean.write_text(html, encoding="utf-8")
        chromium(f"--screenshot={shot}", f"--window-size={size}", clean.as_uri(), home=tmp_path / name)
        assert shot.is_file() and shot.stat().st_size > 5000
    shutil.rmtree(tmp_path / "home", ignore_errors=True)


def test_the_checks_catch_a_request_pale_text_and_a_plain_link(tmp_path: Path) -> None:
    """The probe and the net-log reading are not blind."""
    page = (
        '<html><body><article><p class="policy-dates" style="color:#aaa">Pale</p>'
        '<a href="#x" style="text-decoration:none">plain</a>'
        '<img src="https://example.com/x.png"></article></body></html>'
    )
    verdict, _ = probe(page, DESKTOP, tmp_path)
    assert "https://example.com/x.png" in verdict["requests"]
    assert verdict["lowContrast"] == [{"tag": "P", "ratio": "2.32"}]
    assert verdict["plainLinks"] == ["plain"]
