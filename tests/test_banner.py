"""``drafter banner`` and ``check --banner``: the configurations, their cookie tables, the
revision, the file read back, and one test for each kind of disagreement.

The real libraries run these configurations in tests/test_banner_browser.py.
"""

from __future__ import annotations

import html
import json
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from conftest import PROFILES, ROOT

from drafter.cli import main
from drafter.commands.banner import KINDS, PACKAGES, BannerKind, banner_text
from drafter.commands.banner_check import (
    Pattern,
    banner_disagreements,
    banner_kind,
    banner_notes,
    banner_revision,
    cookie_key,
    parse_banner,
    to_module,
)
from drafter.errors import DrafterError
from drafter.legal.load import LoadedProfile, load_profile
from drafter.render.markdown import inline_text, markdown_parser
from drafter.render.policy import render_policy

WITH_COOKIES = [p for p in PROFILES if load_profile(p).facts.cookies]
GOLDEN = ROOT / "tests" / "banner_site" / "golden"
EXAMPLE = ROOT / "profiles" / "example.yaml"
POLICY_URL = "https://www.atelier-lumen.fr/{lang}/confidentialite"


def policy_rows(loaded: LoadedProfile, lang: str) -> list[list[str]]:
    """The rows of the rendered policy's cookie table, cell by cell, as a reader sees them."""
    section = next(s for s in render_policy(loaded, lang).sections if s.id == "cookies")  # type: ignore[arg-type]
    rows: list[list[str]] = []
    row: list[str] | None = None
    in_body = False
    for token in markdown_parser().parse(section.markdown):
        if token.type in {"tbody_open", "tbody_close"}:
            in_body = token.type == "tbody_open"
        elif token.type == "tr_open" and in_body:
            row = []
        elif token.type == "tr_close" and row is not None:
            rows.append(row)
            row = None
        elif token.type == "inline" and row is not None:
            row.append(inline_text(token.children or []))
    return rows


def banner_rows(config: dict[str, Any], lang: str) -> list[list[str]]:
    """The rows of the preferences window's cookie tables, in order, as the page shows them."""
    sections = config["language"]["translations"][lang]["preferencesModal"]["sections"]
    return [
        [html.unescape(row[column]) for column in ("name", "provider", "purpose", "duration", "type")]
        for section in sections
        for row in section.get("cookieTable", {}).get("body", [])
    ]


def config_of(loaded: LoadedProfile, kind: BannerKind, **options: Any) -> dict[str, Any]:
    parsed = parse_banner(banner_text(loaded, kind, **options))
    assert banner_kind(parsed.value) == kind
    return parsed.value  # type: ignore[no-any-return]


def edited(tmp_path: Path, loaded: LoadedProfile, kind: BannerKind, change: Any) -> Path:
    """The banner drafter writes for ``loaded``, changed by ``change(config)``, in a file."""
    config = config_of(loaded, kind)
    change(config)
    path = tmp_path / f"banner.{kind}.js"
    path.write_text(to_module(config, kind, PACKAGES[kind], "test"), encoding="utf-8")
    return path


def rules(loaded: LoadedProfile, path: Path) -> list[str]:
    return [f.rule for f in banner_disagreements(loaded, path) if f.level == "error"]


def changed_profile(tmp_path: Path, old: str, new: str, source: Path = EXAMPLE) -> LoadedProfile:
    text = source.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / source.name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return load_profile(path)


@pytest.fixture(scope="module")
def example() -> LoadedProfile:
    return load_profile(EXAMPLE)


# --- the configurations ------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("path", WITH_COOKIES, ids=[p.stem for p in WITH_COOKIES])
def test_every_profile_with_cookies_yields_both_configs_in_each_language(
    path: Path, kind: BannerKind
) -> None:
    loaded = load_profile(path)
    config = config_of(loaded, kind)
    langs = loaded.profile.languages
    if kind == "cookieconsent":
        assert config["language"]["default"] == langs[0]
        assert list(config["language"]["translations"]) == langs
        groups = [g.group for g in loaded.facts.cookie_groups]
        assert list(config["categories"]) == groups
        for group in loaded.facts.cookie_groups:
            category = config["categories"][group.group]
            assert category["readOnly"] is category["enabled"] is (not group.needs_consent)
    else:
        assert list(config["translations"]) == ["zz", *langs]
        assert config["version"] == 1 and config["htmlTexts"] is False
        for service in config["services"]:
            assert service["optOut"] is False and service["default"] is False
    assert "null" not in json.dumps(config, default=str)  # no value left unset


@pytest.mark.parametrize("path", WITH_COOKIES, ids=[p.stem for p in WITH_COOKIES])
def test_the_cookie_table_is_the_policy_table_in_each_language(path: Path) -> None:
    loaded = load_profile(path)
    config = config_of(loaded, "cookieconsent")
    for lang in loaded.profile.languages:
        assert banner_rows(config, lang) == policy_rows(loaded, lang), lang


def test_each_cookie_sits_in_its_group_with_the_pattern_of_a_varying_name(example: LoadedProfile) -> None:
    config = config_of(example, "cookieconsent")
    analytics = config["categories"]["analytics"]
    assert analytics["autoClear"]["cookies"] == [{"name": "_ga"}, {"name": Pattern("^_ga_.+$")}]
    assert analytics["services"]["google-analytics"]["label"] == "Google Analytics"
    table = config["language"]["translations"]["fr"]["preferencesModal"]["sections"]
    assert [s.get("linkedCategory") for s in table] == [
        None,
        "strictly_necessary",
        "preferences",
        "analytics",
        None,
    ]
    klaro = {s["name"]: s for s in config_of(example, "klaro")["services"]}
    assert klaro["google-analytics"]["cookies"] == ["_ga", Pattern("^_ga_.+$")]
    assert klaro["stripe"]["required"] is True and klaro["google-analytics"]["required"] is False
    assert klaro[f"cookie-choices-r{banner_revision(example)}"]["cookies"] == ["lumen_consent"]


def test_the_banner_keeps_the_choice_in_the_cookie_the_policy_declares(example: LoadedProfile) -> None:
    assert config_of(example, "cookieconsent")["cookie"] == {"name": "lumen_consent", "expiresAfterDays": 183}
    klaro = config_of(example, "klaro")
    assert (klaro["storageName"], klaro["cookieExpiresAfterDays"]) == ("lumen_consent", 183)


def test_french_texts_use_french_typography_and_vocabulary(example: LoadedProfile) -> None:
    fr = config_of(example, "cookieconsent")["language"]["translations"]["fr"]
    text = json.dumps(fr, ensure_ascii=False)
    assert "Cookies et traceurs" in text and "consentement" in text
    assert "\u00a0: " in fr["consentModal"]["revisionMessage"]
    assert " :" not in text.replace("\u00a0:", "") and " ?" not in text and " !" not in text
    more = fr["preferencesModal"]["sections"][-1]["description"]
    assert "«\u00a0*\u00a0»" in more


def test_the_policy_link_is_the_given_address_in_each_language(example: LoadedProfile) -> None:
    config = config_of(example, "cookieconsent", policy_url=POLICY_URL)
    en = config["language"]["translations"]["en"]["consentModal"]["footer"]
    assert 'href="https://www.atelier-lumen.fr/en/confidentialite"' in en
    klaro = config_of(example, "klaro", policy_url=POLICY_URL)
    assert (
        klaro["translations"]["fr"]["privacyPolicyUrl"] == "https://www.atelier-lumen.fr/fr/confidentialite"
    )
    with pytest.raises(DrafterError, match="must start with"):
        banner_text(example, "klaro", policy_url="javascript:alert(1)")


def test_profile_text_is_escaped_where_cookieconsent_reads_html(tmp_path: Path) -> None:
    loaded = changed_profile(
        tmp_path, "fr: conserve le contenu de votre panier", "fr: garde <b>votre</b> panier & co"
    )
    rows = config_of(loaded, "cookieconsent")["language"]["translations"]["fr"]["preferencesModal"]
    cell = rows["sections"][1]["cookieTable"]["body"][0]["purpose"]
    assert cell == "Garde &lt;b&gt;votre&lt;/b&gt; panier &amp; co"


@pytest.mark.parametrize("kind", KINDS)
def test_golden(example: LoadedProfile, kind: BannerKind, update_golden: bool) -> None:
    text = banner_text(example, kind, policy_url=POLICY_URL)
    golden = GOLDEN / f"example.{kind}.js"
    if update_golden:
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.exists(), f"missing {golden.name}; run pytest --update-golden and review the diff"
    assert text == golden.read_text(encoding="utf-8"), f"{golden.name} differs; run pytest --update-golden"


def test_node_imports_every_generated_module(tmp_path: Path) -> None:
    """A real JavaScript engine reads each file drafter writes as the module it claims to be."""
    node = shutil.which("node")
    if node is None:
        if os.environ.get("DRAFTER_SKIP_NPM_TESTS") == "1":
            pytest.skip("node is not installed (DRAFTER_SKIP_NPM_TESTS=1)")
        pytest.fail("node is needed to read the generated modules: apt-get install nodejs")
    files = []
    for path in WITH_COOKIES:
        for kind in KINDS:
            target = tmp_path / f"{path.stem}.{kind}.mjs"
            target.write_text(banner_text(load_profile(path), kind), encoding="utf-8")
            files.append(target)
    script = (
        "const out = {};"
        f"for (const f of {json.dumps([str(f) for f in files])}) {{"
        "  const c = (await import(f)).default;"
        "  const regex = JSON.stringify(c, (k, v) => v instanceof RegExp ? 'regex:' + v.source : v);"
        "  out[f] = JSON.parse(regex); }"
        "console.log(JSON.stringify(out));"
    )
    done = subprocess.run(
        [node, "--input-type=module", "-e", script], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    read = json.loads(done.stdout)
    for f in files:
        ours = parse_banner(f.read_text(encoding="utf-8")).value
        assert json.dumps(read[str(f)], sort_keys=True) == json.dumps(
            ours, sort_keys=True, default=lambda p: f"regex:{p.source}"
        )


# --- the revision ------------------------------------------------------------------------


def test_revision_is_stable_and_changes_with_a_cookie(tmp_path: Path, example: LoadedProfile) -> None:
    first = banner_revision(example)
    assert banner_revision(load_profile(EXAMPLE)) == first
    assert banner_text(example, "klaro") == banner_text(load_profile(EXAMPLE), "klaro")
    assert 0 < first < 2**32
    longer = changed_profile(tmp_path, "duration: 7 days", "duration: 8 days")
    assert banner_revision(longer) != first
    assert config_of(longer, "cookieconsent")["revision"] == banner_revision(longer)
    assert f"cookie-choices-r{banner_revision(longer)}" in banner_text(longer, "klaro")
    renamed = changed_profile(tmp_path, 'phone: "+33 4 72 00 00 00"', 'phone: "+33 4 72 00 00 01"')
    assert banner_revision(renamed) == first  # not a cookie: visitors are not asked again


# --- check --banner ----------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("path", WITH_COOKIES, ids=[p.stem for p in WITH_COOKIES])
def test_a_fresh_banner_agrees_with_its_profile(tmp_path: Path, path: Path, kind: BannerKind) -> None:
    loaded = load_profile(path)
    target = tmp_path / "banner.js"
    target.write_text(banner_text(loaded, kind), encoding="utf-8")
    found = banner_disagreements(loaded, target)
    assert [f.rule for f in found if f.level == "error"] == []
    # Only the banner's own cookie, when the profile does not list it, is worth a warning.
    assert all(f.rule == "banner-undeclared-cookie" and f.level == "warning" for f in found)
    assert bool(found) == (not any("consent" in (c.name or "") for c in loaded.facts.cookies))


def test_an_undeclared_cookie(tmp_path: Path, example: LoadedProfile) -> None:
    def add(config: dict[str, Any]) -> None:
        config["categories"]["analytics"]["services"]["google-analytics"]["cookies"].append({"name": "_hjid"})

    path = edited(tmp_path, example, "cookieconsent", add)
    [finding] = banner_disagreements(example, path)
    assert finding.rule == "banner-undeclared-cookie" and "'_hjid'" in finding.message
    assert finding.file == str(path) and finding.line is not None
    assert finding.path == "categories.analytics.services.google-analytics.cookies[2]"


def test_an_undeclared_service(tmp_path: Path, example: LoadedProfile) -> None:
    def add(config: dict[str, Any]) -> None:
        config["services"].append({"name": "hotjar", "purposes": ["analytics"], "cookies": []})

    assert rules(example, edited(tmp_path, example, "klaro", add)) == ["banner-undeclared-service"]


def test_a_declared_cookie_missing_from_the_banner(tmp_path: Path, example: LoadedProfile) -> None:
    def drop(config: dict[str, Any]) -> None:
        for lang in ("fr", "en"):
            sections = config["language"]["translations"][lang]["preferencesModal"]["sections"]
            sections[3]["cookieTable"]["body"].pop(0)  # the row of _ga
        category = config["categories"]["analytics"]
        category["autoClear"]["cookies"].pop(0)
        category["services"]["google-analytics"]["cookies"].pop(0)

    [finding] = banner_disagreements(example, edited(tmp_path, example, "cookieconsent", drop))
    assert finding.rule == "banner-missing-cookie" and "'_ga'" in finding.message
    assert finding.file == example.file and finding.path.startswith("cookies[4]")


def test_a_declared_service_missing_from_the_banner(tmp_path: Path, example: LoadedProfile) -> None:
    def drop(config: dict[str, Any]) -> None:
        config["services"] = [s for s in config["services"] if s["name"] != "google-analytics"]

    found = rules(example, edited(tmp_path, example, "klaro", drop))
    assert found.count("banner-missing-service") == 1 and set(found) == {
        "banner-missing-service",
        "banner-missing-cookie",
    }


def test_a_cookie_under_another_category(tmp_path: Path, example: LoadedProfile) -> None:
    def move(config: dict[str, Any]) -> None:
        config["categories"]["preferences"]["autoClear"]["cookies"].append({"name": "_ga"})

    [finding] = banner_disagreements(example, edited(tmp_path, example, "cookieconsent", move))
    assert finding.rule == "banner-category"
    assert "'_ga' under 'preferences'" in finding.message and "'analytics'" in finding.message


def test_a_service_under_another_purpose(tmp_path: Path, example: LoadedProfile) -> None:
    def move(config: dict[str, Any]) -> None:
        next(s for s in config["services"] if s["name"] == "google-analytics")["purposes"] = ["preferences"]

    assert set(rules(example, edited(tmp_path, example, "klaro", move))) == {"banner-category"}


def test_strictly_necessary_not_read_only(tmp_path: Path, example: LoadedProfile) -> None:
    def loosen(config: dict[str, Any]) -> None:
        config["categories"]["strictly_necessary"]["readOnly"] = False

    assert rules(example, edited(tmp_path, example, "cookieconsent", loosen)) == ["banner-not-read-only"]


def test_a_consent_service_marked_required(tmp_path: Path, example: LoadedProfile) -> None:
    def force(config: dict[str, Any]) -> None:
        next(s for s in config["services"] if s["name"] == "google-analytics")["required"] = True

    assert rules(example, edited(tmp_path, example, "klaro", force)) == ["banner-consent-required"]


def test_a_pre_ticked_consent_category(tmp_path: Path, example: LoadedProfile) -> None:
    def tick(config: dict[str, Any]) -> None:
        config["categories"]["analytics"]["enabled"] = True

    assert rules(example, edited(tmp_path, example, "cookieconsent", tick)) == ["banner-consent-required"]


def test_opt_out_mode(tmp_path: Path, example: LoadedProfile) -> None:
    def opt_out(config: dict[str, Any]) -> None:
        config["mode"] = "opt-out"

    assert rules(example, edited(tmp_path, example, "cookieconsent", opt_out)) == ["banner-consent-required"]


@pytest.mark.parametrize("kind", KINDS)
def test_a_stale_revision(tmp_path: Path, example: LoadedProfile, kind: BannerKind) -> None:
    old = tmp_path / "old.js"
    old.write_text(banner_text(example, kind), encoding="utf-8")
    longer = changed_profile(tmp_path, "duration: 7 days", "duration: 8 days")
    found = banner_disagreements(longer, old)
    stale = [f for f in found if f.rule == "banner-stale-revision"]
    assert len(stale) == 1 and str(banner_revision(longer)) in stale[0].message
    if kind == "cookieconsent":  # and the table says 7 days where the policy now says 8
        assert {f.rule for f in found} == {"banner-stale-revision", "banner-cookie-table"}


def test_a_cookie_table_row_that_differs_from_the_policy(tmp_path: Path, example: LoadedProfile) -> None:
    def shorten(config: dict[str, Any]) -> None:
        config["language"]["translations"]["en"]["preferencesModal"]["sections"][3]["cookieTable"]["body"][0][
            "duration"
        ] = "13 months"

    [finding] = banner_disagreements(example, edited(tmp_path, example, "cookieconsent", shorten))
    assert (
        finding.rule == "banner-cookie-table"
        and "'13 months'" in finding.message
        and "'2 years'" in finding.message
    )


def test_a_consent_cookie_kept_longer_than_the_policy_says(tmp_path: Path, example: LoadedProfile) -> None:
    def extend(config: dict[str, Any]) -> None:
        config["cookie"]["expiresAfterDays"] = 400

    assert rules(example, edited(tmp_path, example, "cookieconsent", extend)) == ["banner-consent-cookie"]


# --- the file read back ------------------------------------------------------------------


def test_a_hand_written_object_literal_and_json_are_read() -> None:
    text = """// our banner
    window.klaroConfig = {
      /* by hand */ version: 1, storageName: 'klaro',
      services: [{name: 'google-analytics', cookies: [/^_ga(_.+)?$/i, '_gid',],},],
    };"""
    parsed = parse_banner(text, "site.js")
    assert parsed.value["services"][0]["cookies"] == [Pattern("^_ga(_.+)?$", "i"), "_gid"]
    assert parsed.line(("services", 0, "cookies", 1)) == 4
    assert parse_banner('{"revision": 3, "categories": {}, "language": {}}').value["revision"] == 3
    assert [cookie_key(n) for n in ("_ga_<container-id>", "_ga_*", Pattern("^_ga_.+$"), "^_ga_.+$")] == [
        "_ga_*"
    ] * 4


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("export default {\n  onConsent: function () {},\n};", 2),
        ("export default {\n  a: 1\n  b: 2 };", 3),
        ('{"a": "no end\n}', 1),
        ("[1, 2]", 1),
    ],
)
def test_code_or_broken_text_is_refused_with_its_line(text: str, line: int) -> None:
    with pytest.raises(DrafterError) as caught:
        parse_banner(text, "site.js")
    assert caught.value.problems[0].line == line


def test_a_file_of_neither_kind_is_bad_input(tmp_path: Path, example: LoadedProfile) -> None:
    path = tmp_path / "other.json"
    path.write_text('{"hello": "world"}', encoding="utf-8")
    with pytest.raises(DrafterError, match="neither a CookieConsent nor a Klaro"):
        banner_disagreements(example, path)


# --- the command -------------------------------------------------------------------------


def test_the_command_writes_the_file_and_says_what_to_know(
    tmp_path: Path, example: LoadedProfile, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "banner.js"
    assert main(["banner", str(EXAMPLE), "--kind", "klaro", "--lang", "en", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == banner_text(example, "klaro", ["en"])
    assert "--policy-url" in capsys.readouterr().err
    assert main(["banner", str(EXAMPLE), "--kind", "cookieconsent", "--policy-url", POLICY_URL]) == 0
    assert "atelier-lumen.fr/fr/confidentialite" in capsys.readouterr().out


def test_the_command_refuses_a_profile_without_cookies(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["banner", str(ROOT / "profiles" / "lotus-yoga.yaml"), "--kind", "klaro"]) == 2
    assert "declares no cookies" in capsys.readouterr().err


def test_notes_for_a_profile_that_lists_no_consent_cookie() -> None:
    loaded = load_profile(ROOT / "profiles" / "megamastering.yaml")
    notes = banner_notes(loaded, "cookieconsent")
    assert any("'cc_cookie'" in n for n in notes) and any("--policy-url" in n for n in notes)
    assert not any("only informs" in n for n in notes)
    informs = banner_notes(load_profile(ROOT / "profiles" / "stridelog.yaml"), "klaro")
    assert any("only informs" in n for n in informs)


def test_a_banner_for_a_policy_without_cookies(tmp_path: Path, example: LoadedProfile) -> None:
    path = tmp_path / "banner.js"
    path.write_text(banner_text(example, "klaro"), encoding="utf-8")
    found = banner_disagreements(load_profile(ROOT / "profiles" / "lotus-yoga.yaml"), path)
    assert found and {f.rule for f in found} == {"banner-undeclared-cookie"}
    assert any("'_ga'" in f.message for f in found)
