"""One English per policy: an en-US policy is American throughout its templates and data.

The templates, the law data and the vendor catalog are written once, in British English;
the en-US environment converts the templates as it compiles them, and the context reads
data texts converted (drafter/render/american.py). Profile text is the author's and is
left alone. The scan at the end needs hunspell (en_GB and en_US) and is skipped without
it, unless DRAFTER_REQUIRE_LANGUAGE_TOOLS is set.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml
from conftest import ROOT

from drafter.legal.load import load_profile
from drafter.lint.gate import lint_profile, load_allowlist
from drafter.lint.tools import DEBIAN_PACKAGES, ToolMissing, hunspell_unknown
from drafter.model.catalog import builtin_vendor_dir
from drafter.model.law import law_file
from drafter.render.american import WORDS, AmericanSpelling, american, american_data, text_tokens
from drafter.render.cache import bytecode_cache
from drafter.render.environment import environment, templates_root
from drafter.render.language import language_record
from drafter.render.policy import render_policy

EN_GB = language_record("en")
EN_US = language_record("en", "en-US")
AMERICAN_PROFILES = ["castline", "emastered"]
_BRITISH = re.compile(
    r"(?<!\w)(?:" + "|".join(map(re.escape, sorted(WORDS, key=len, reverse=True))) + r")(?!\w)", re.IGNORECASE
)


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "fr":
                yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def _without_profile_text(markdown: str, profile: Path) -> str:
    """The policy with every English text of the profile blanked out: what is left came
    from the templates, the law data and the catalog."""
    data = yaml.safe_load(profile.read_text(encoding="utf-8"))
    for text in sorted(set(_strings(data)), key=len, reverse=True):
        if len(text) > 2:
            markdown = re.sub(re.escape(text), " ", markdown, flags=re.IGNORECASE)
    return markdown


def _british_words(text: str) -> list[str]:
    return sorted({m.group(0) for m in _BRITISH.finditer(text)})


# -- the conversion -------------------------------------------------------------------


def test_words_keep_their_case_and_urls_are_left_alone() -> None:
    assert (
        american("Organisation, organisation and ORGANISATION")
        == "Organization, organization and ORGANIZATION"
    )
    assert american("the organisation's behavioural data, well-organised") == (
        "the organization's behavioral data, well-organized"
    )
    assert american("see https://example.org/centre or centre@example.org") == (
        "see https://example.org/centre or centre@example.org"
    )
    assert american("analyses") == "analyses"  # the plural of "analysis" in both
    assert american("pseudonymisation") == "pseudonymization"


def test_dates_are_written_the_american_way() -> None:
    assert american_data("the French Data Protection Act (loi n° 78-17 of 6 January 1978)") == (
        "the French Data Protection Act (loi n° 78-17 of January 6, 1978)"
    )
    # The sentence goes on: the year is closed by a comma.
    assert american_data("the Belgian Act of 30 July 2018 on the protection of data") == (
        "the Belgian Act of July 30, 2018, on the protection of data"
    )
    assert american_data("Decision (EU) 2021/914 of 4 June") == "Decision (EU) 2021/914 of 4 June"


def test_a_name_in_data_keeps_its_spelling() -> None:
    assert american_data("advice from the National Cyber Security Centre") == (
        "advice from the National Cyber Security Centre"
    )
    assert (
        american_data("Recognises the browser. Centres in the EU")
        == "Recognizes the browser. Centers in the EU"
    )


# -- Jinja syntax is never touched ------------------------------------------------------


def _american_env(tmp_path: Path, source: str) -> jinja2.Environment:
    (tmp_path / "en").mkdir(exist_ok=True)
    (tmp_path / "en" / "t.j2").write_text(source, encoding="utf-8")
    env = environment.__wrapped__(EN_US, tmp_path)  # a fresh one, with drafter's options
    env.filters["recognise"] = lambda text: f"({text})"
    return env


def test_the_conversion_leaves_jinja_syntax_keys_and_codes_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DRAFTER_NO_CACHE", "1")
    source = (
        '{% set X = {"organisation": "an organisation", "Organisation name": "the Organisation"} %}'
        "{% set organisation = X.organisation %}"
        "{{ organisation }}|{{ X.organisation }}|{{ X['organisation'] }}|{{ X[\"Organisation name\"] }}|"
        "{{ 'behaviour'|recognise }}|{{ 'the behaviour'|recognise }}|"
        '{% if kind == "organisation" %}code{% endif %}|'
        '{% if label == "Organisation name" %}label{% endif %}|'
        '{% if "organisation" in kinds %}in{% endif %}|'
        '{% macro organise(what="the centre") %}{{ what }}{% endmacro %}{{ organise() }}|'
        "{# an organisation #}{% for c in ['Organisation', 'centre'] %}{{ c }} {% endfor %}|"
        "Organisations honour the licence at https://example.org/organisation-centre."
    )
    env = _american_env(tmp_path, source)
    out = env.get_template("t.j2").render(
        kind="organisation", label="Organisation name", kinds=["organisation"]
    )
    assert out.split("|") == [
        "an organization",
        "an organization",
        "an organization",
        "the Organization",
        "(behaviour)",  # a one-word code-like literal is never converted
        "(the behavior)",
        "code",
        "label",
        "in",
        "the center",
        "Organization centre ",  # "centre" alone looks like a code
        "Organizations honor the license at https://example.org/organisation-centre.",
    ]


def test_the_conversion_is_in_the_en_us_environment_only() -> None:
    assert AmericanSpelling.identifier in environment(EN_US).extensions
    assert not environment(EN_GB).extensions
    assert EN_US.american and not EN_GB.american and not language_record("fr").american


# -- the bytecode cache ---------------------------------------------------------------------


def test_the_cache_keeps_en_gb_and_en_us_apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = tmp_path / "cache"
    monkeypatch.setenv("DRAFTER_CACHE_DIR", str(cache))
    monkeypatch.delenv("DRAFTER_NO_CACHE", raising=False)
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "t.j2").write_text("our organisation", encoding="utf-8")

    def render(record: Any) -> str:  # a new process each time, as far as Jinja knows
        return str(environment.__wrapped__(record, tmp_path).get_template("t.j2").render())

    assert render(EN_GB) == "our organisation"  # compiled and cached first
    assert render(EN_US) == "our organization"  # not served the British entry
    assert render(EN_GB) == "our organisation"
    assert render(EN_US) == "our organization"
    gb, us = (bytecode_cache(environment.__wrapped__(r, tmp_path)) for r in (EN_GB, EN_US))
    assert gb is not None and us is not None and gb.pattern != us.pattern
    assert len(list(cache.iterdir())) == 2


# -- whole policies -------------------------------------------------------------------------


@pytest.mark.parametrize("name", AMERICAN_PROFILES)
def test_an_en_us_policy_has_no_british_spelling_of_its_own(name: str) -> None:
    path = ROOT / "profiles" / f"{name}.yaml"
    policy = render_policy(load_profile(path), "en")
    assert policy.language.tag == "en-US"
    left = _british_words(_without_profile_text(policy.markdown, path))
    assert not left, f"British spelling in the en-US policy of {name} (not from the profile): {left}"


def test_an_en_gb_policy_stays_british() -> None:
    policy = render_policy(load_profile(ROOT / "profiles" / "example.yaml"), "en")
    assert policy.language.tag == "en-GB"
    assert "organisational measures" in policy.markdown
    british = _british_words(policy.markdown)
    assert british
    american_forms = {WORDS[w.lower()] for w in british}
    assert not [w for w in american_forms if re.search(rf"(?<!\w){w}(?!\w)", policy.markdown, re.IGNORECASE)]


def _profile_with(tmp_path: Path, english: str | None) -> Path:
    """The example (a French controller) naming the French law from the law data."""
    data = yaml.safe_load((ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8"))
    data["regimes"].pop("national_law", None)
    if english:
        data["english"] = english
    path = tmp_path / f"example-{english or 'default'}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_a_law_data_date_is_american_in_an_en_us_policy(tmp_path: Path) -> None:
    us = render_policy(load_profile(_profile_with(tmp_path, "en-US")), "en").markdown
    gb = render_policy(load_profile(_profile_with(tmp_path, None)), "en").markdown
    assert "loi n° 78-17 of January 6, 1978" in us and "6 January 1978" not in us
    assert "loi n° 78-17 of 6 January 1978" in gb


def test_profile_text_is_not_converted(tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8"))
    data["english"] = "en-US"
    data["service"]["description"]["en"] = "shop for every organisation's catalogue"
    path = tmp_path / "example-us.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    markdown = render_policy(load_profile(path), "en").markdown
    assert "shop for every organisation's catalogue" in markdown
    assert "organizational measures" in markdown


# -- the map covers what the templates and the data say ----------------------------------------


@pytest.fixture(scope="module")
def hunspell() -> None:
    try:
        hunspell_unknown(["test"], "en")
        hunspell_unknown(["test"], "en-US")
    except ToolMissing as exc:
        if os.environ.get("DRAFTER_REQUIRE_LANGUAGE_TOOLS"):
            pytest.fail(str(exc))
        pytest.skip(f"{exc} (apt-get install {DEBIAN_PACKAGES})")


def _template_texts(root: Path) -> Iterator[tuple[str, int | None, str]]:
    """Each text the en-US environment converts, with where it is: template data and string literals."""
    lexer = environment(EN_GB).lexer
    for path in sorted((root / "en").glob("*.j2")):
        tokens = list(lexer.tokenize(path.read_text(encoding="utf-8"), path.name))
        for i in text_tokens(tokens):
            yield f"templates/en/{path.name}", tokens[i].lineno, tokens[i].value


_NAME_INSIDE = re.compile(r"(?<![.!?:] )(?<!^)\b[A-Z]\w*")


def _data_texts() -> Iterator[tuple[str, int | None, str]]:
    """The English of every text of the law data and the vendor catalog, without the
    capitalised words inside a sentence: names, which keep their spelling."""
    files = [law_file(), law_file("us_law.yaml"), *sorted(builtin_vendor_dir().glob("*.yaml"))]

    def walk(value: Any, where: str) -> Iterator[tuple[str, int | None, str]]:
        if isinstance(value, dict):
            if isinstance(value.get("en"), str) and "fr" in value:
                yield where, None, _NAME_INSIDE.sub(" ", value["en"])
            for item in value.values():
                yield from walk(item, where)
        elif isinstance(value, list):
            for item in value:
                yield from walk(item, where)

    for path in files:
        where = (
            str(path.relative_to(path.parents[2])) if "vendors" in path.parts else f"drafter/data/{path.name}"
        )
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")), where)


def _words(texts: Iterable[tuple[str, int | None, str]]) -> dict[str, set[str]]:
    """Each word of ``texts``, with the files (and template lines) it is on."""
    found: dict[str, set[str]] = {}
    for file, line, text in texts:
        for m in re.finditer(r"[^\W\d_]+", text):
            word = m.group(0)
            if word[1:] != word[1:].lower() and not word.isupper():
                continue  # a name in mixed case: "LinkedIn", "CalOPPA"
            where = file if line is None else f"{file}:{line + text.count(chr(10), 0, m.start())}"
            found.setdefault(word, set()).add(where)
    return found


def _unmapped(found: dict[str, set[str]]) -> list[str]:
    """Words en_GB knows and en_US does not, that the conversion leaves as they are."""
    words = sorted(found)
    british_only = hunspell_unknown(words, "en-US") - hunspell_unknown(words, "en")
    allowed = load_allowlist().words["en"]
    return [
        f"{w!r} in {', '.join(sorted(found[w]))}"
        for w in sorted(british_only)
        if w.lower() not in WORDS and w not in allowed and w.lower() not in allowed
    ]


def test_every_british_word_of_the_templates_and_data_is_mapped(hunspell: None) -> None:
    found = _words([*_template_texts(templates_root()), *_data_texts()])
    assert "organisational" in found  # the scan reads the templates' text
    unmapped = _unmapped(found)
    assert not unmapped, (
        "British words the en-US conversion leaves as they are: map them in drafter/render/american.py "
        "(or allowlist them if the en_US dictionary only lacks them):\n  " + "\n  ".join(unmapped)
    )
    # What they become must pass the en-US gate too.
    allowed = load_allowlist().words["en"]
    american_forms = sorted({WORDS[w.lower()] for w in found if w.lower() in WORDS})
    rejected = sorted(
        w for w in hunspell_unknown(american_forms, "en-US") if w not in allowed and w.lower() not in allowed
    )
    assert not rejected, f"American forms the en_US dictionary lacks (allowlist or fix them): {rejected}"


def test_the_scan_names_a_new_british_word_and_its_template(hunspell: None, tmp_path: Path) -> None:
    root = tmp_path / "templates"
    shutil.copytree(templates_root(), root)
    rights = root / "en" / "rights.md.j2"
    rights.write_text(rights.read_text(encoding="utf-8") + "\nWe check every tyre.\n", encoding="utf-8")
    line = len(rights.read_text(encoding="utf-8").splitlines())
    assert _unmapped(_words(_template_texts(root))) == [f"'tyre' in templates/en/rights.md.j2:{line}"]


def test_the_gate_checks_an_en_us_policy_with_the_american_dictionary(hunspell: None, tmp_path: Path) -> None:
    data = yaml.safe_load((ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8"))
    data["english"] = "en-US"
    data["service"]["description"]["en"] = "shop for every catalogue of handmade ceramics"
    path = tmp_path / "example-us.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (report,) = lint_profile(load_profile(path), ["en"])
    spelling = [f for f in report.findings if f.check == "spelling"]
    assert [f.message for f in spelling] == ["unknown word 'catalogue'"], [f.format() for f in spelling]
    assert spelling[0].origin is not None and spelling[0].origin.startswith(str(path))
    # The same profile in British English knows the word.
    del data["english"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (report,) = lint_profile(load_profile(path), ["en"])
    assert not [f for f in report.findings if f.check == "spelling"]
