"""Property-based tests: any valid profile renders cleanly; any broken one is reported.

Profiles come from :mod:`strategies`: varied, valid, and full of hostile text
(template syntax, HTML, Markdown control characters, non-Latin script). The checks
look at drafter's own wording: the profile's texts are replaced by a placeholder
before looking for artifacts, so a profile text that itself contains ``{{`` or ``..``
is not counted against drafter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from itertools import groupby
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, note, settings
from hypothesis import strategies as st
from strategies import Broken, invalid_profiles, profiles

from drafter.errors import DrafterError, format_path
from drafter.legal.load import LoadedProfile, parse_profile
from drafter.model.catalog import builtin_catalog
from drafter.model.types import Lang
from drafter.render.filters import after_colon, capfirst, french_typography
from drafter.render.html import to_html
from drafter.render.markdown import md_escape
from drafter.render.policy import Policy, render_policy
from drafter.render.text import to_text

PROPERTY = settings(
    max_examples=300,
    derandomize=True,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    database=None,  # derandomized: a failure comes back on every run, no need to store it
)

# -- Rendering ---------------------------------------------------------------------------


def dump(data: dict[str, Any]) -> str:
    return yaml.dump(
        data, Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper), allow_unicode=True, sort_keys=False
    )


def load(data: dict[str, Any]) -> LoadedProfile:
    text = dump(data)
    note(text)
    return parse_profile(text, "generated.yaml")


@dataclass(frozen=True)
class Rendered:
    lang: Lang
    policy: Policy
    md: str
    html: str
    txt: str


def render_all(loaded: LoadedProfile, lang: Lang, width: int = 78) -> Rendered:
    """Markdown once, then HTML and text derived from the same Policy (as ``render`` does).

    A huge ``width`` keeps each paragraph of the text on one line, for the wording checks.
    """
    policy = render_policy(loaded, lang)
    return Rendered(lang, policy, policy.markdown, to_html(policy), to_text(policy, width))


UNWRAPPED = 10**6


# -- The profile's own text ---------------------------------------------------------------

# Keys whose values are codes, ids, dates or durations rather than prose.
_CODE_KEYS = {
    "id",
    "vendor",
    "legal_basis",
    "kind",
    "source",
    "starts",
    "country",
    "countries",
    "languages",
    "group",
    "notify_by",
    "measures",
    "user_content",
    "do_not_track",
    "requirement",
    "transfer_mechanism",
    "statutory",
    "authoritative_language",
    "period",
    "duration",
    "advance_notice",
    "effective",
    "last_updated",
    # URLs are shown as links, decoded: not prose.
    "website",
    "url",
    "request_url",
    "do_not_sell_or_share",
    "limit_sensitive",
    "privacy_choices",
}
_ID_LISTS = {"data", "purposes"}
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_VOWEL = re.compile(r"^[aeiouyâàéèêëîïôöûüœAEIOUYÂÀÉÈÊËÎÏÔÖÛÜŒ]")  # as drafter.filters: H is aspirated
CONSONANT_TEXT, VOWEL_TEXT, BULLET = "\ue000", "\ue001", "\ue002"
_BULLET = re.compile(r"(?m)^( *)- ")


def profile_texts(loaded: LoadedProfile, lang: Lang) -> list[str]:
    """Every text of the profile that may reach the ``lang`` policy, as validated."""
    out: list[str] = []

    def walk(value: Any, key: str) -> None:
        if isinstance(value, dict):
            if value and set(value) <= {"en", "fr"}:  # a text per language
                walk(value.get(lang), key)
                return
            for k, sub in value.items():
                if k not in _CODE_KEYS:
                    walk(sub, k)
        elif isinstance(value, list):
            if key in _ID_LISTS and all(isinstance(x, str) for x in value):
                return
            for item in value:
                walk(item, key)
        elif isinstance(value, str):
            out.append(value)

    walk(loaded.profile.model_dump(mode="json"), "")
    return out


def _variants(text: str) -> set[str]:
    """The text as a template may receive it: as given, or with French typography."""
    return {text, french_typography(text)}


def _fold(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def inert_forms(text: str) -> list[tuple[str, str]]:
    """(Markdown form, plain form) pairs: how ``text`` reads in Markdown, and in HTML or text."""
    pairs = []
    for v in _variants(text):
        md, plain = md_escape(v), _fold(v)
        pairs += [(md, plain), (capfirst(md), capfirst(plain))]
        pairs += [
            (after_colon(md, lang, verbs), after_colon(plain, lang, verbs))
            for lang in ("en", "fr")
            for verbs in (False, True)
        ]
    return pairs


def strip_texts(output: str, forms: set[str]) -> str:
    """``output`` with each run of characters covered by one of ``forms`` made a placeholder.

    ``forms`` are the profile's texts as they read in this format (see ``inert_forms``).
    Occurrences may overlap ("A. A." and "A." side by side), so covered characters are
    marked first and replaced after. The placeholder says whether the text starts with a
    vowel, so French elision (« d'Intercom », « de Stripe ») can still be checked around
    it. drafter's list bullets are kept out of reach: a text "- Acme" must not take the
    "- " of the item "- Acme".
    """
    output = _BULLET.sub("\\1" + BULLET, output)
    covered = [False] * len(output)
    for form in forms:
        if len(form) < 2:
            continue
        start = output.find(form)
        while start >= 0:
            covered[start : start + len(form)] = [True] * len(form)
            start = output.find(form, start + 1)
    out: list[str] = []
    for is_text, run in groupby(zip(output, covered, strict=True), key=lambda pair: pair[1]):
        chars = "".join(c for c, _ in run)
        out.append((VOWEL_TEXT if _VOWEL.match(chars) else CONSONANT_TEXT) if is_text else chars)
    return "".join(out).replace(BULLET, "- ")


# -- Artifact checks ----------------------------------------------------------------------

_LEFTOVERS = ("None", "[]", "{}", "{{", "}}", "{%", "%}", "{#", "#}")
_SPACES = "[ \u00a0\u202f]"
_DOUBLED_SPACE = re.compile(rf"(?<=\S){_SPACES}{{2,}}(?=\S)")
_DOUBLED_PUNCT = re.compile(rf"\.\.|,,|;;| ,| \.|[,;:]{_SPACES}*[.,;]")
_EMPTY_HEADING = re.compile(r"#{1,6}\s*")
_EMPTY_ITEM = re.compile(r"\s*(?:[-*+]|\d{1,9}[.)])\s*")
# "and." or "and," with nothing after it; "; and, in some cases, ..." is fine.
_DANGLING = {
    lang: re.compile(rf"\b(?:{words}){_SPACES}*(?:[.;:!?]|,(?={_SPACES}*(?:[.,;:!?]|$))|$)")
    for lang, words in (("en", "and|or"), ("fr", "et|ou"))
}
_NO_ELISION = re.compile(rf"(?i)\b(?:de|que|le|la|ne|ce){_SPACES}{VOWEL_TEXT}")
_WRONG_ELISION = re.compile(rf"(?i)\b(?:d|l|qu)['’]{CONSONANT_TEXT}")
_FR_SPACING = re.compile(r"(?<=\S) [:;?!»]|« ")
_TABLE_HEADER = re.compile(r"(?m)^\|.*\n\|(?: ?-+ ?\|)+$")
_BLOCK_START = re.compile(r"\s*(?:[-*+] |\d{1,9}[.)] |\|)")


def artifact_problems(text: str, fmt: str, lang: str) -> list[str]:
    """Wording artifacts in a rendered policy whose profile texts were stripped out.

    Each problem names the format, language and line, and shows the offending line.
    """
    problems: list[str] = []
    lines = text.splitlines()

    def bad(i: int, why: str) -> None:
        problems.append(f"{fmt}/{lang} line {i + 1}: {why}: {lines[i]!r}")

    for i, line in enumerate(lines):
        body = line.lstrip()
        prev = lines[i - 1] if i else ""
        nxt = next((x for x in lines[i + 1 :] if x.strip()), None)
        ends_paragraph = i + 1 == len(lines) or not lines[i + 1].strip()
        for token in _LEFTOVERS:
            if token in line:
                bad(i, f"leftover {token!r}")
        if fmt == "txt" and "**" in line:
            bad(i, "Markdown emphasis left in plain text")
        if fmt == "md" and _EMPTY_HEADING.fullmatch(line):
            bad(i, "empty heading")
        underline = fmt == "txt" and bool(re.fullmatch(r"[-=]+", line)) and bool(prev.strip())
        if fmt == "txt" and re.fullmatch(r"[-=]+", line) and not prev.strip():
            bad(i, "empty heading")
        if _EMPTY_ITEM.fullmatch(line) and not underline:
            bad(i, "empty list item")
        if _DOUBLED_SPACE.search(body):
            bad(i, "doubled space")
        if _DOUBLED_PUNCT.search(line):
            bad(i, "doubled or misplaced punctuation")
        if _DANGLING[lang].search(re.sub(r"<?https?://\S+", "", line)):  # not in a URL ("state.or.us")
            bad(i, "dangling conjunction")
        if line.rstrip().endswith(","):
            bad(i, "line ends with a comma")
        if line.rstrip().endswith(":") and not (nxt is not None and _BLOCK_START.match(nxt)):
            bad(i, "a colon that introduces nothing")
        if ends_paragraph and re.search(r"\b(?:and|or|et|ou)$", line.rstrip()):
            bad(i, "paragraph ends with a conjunction")
        if lang == "fr" and _FR_SPACING.search(line):
            bad(i, "French punctuation needs a no-break space, not a space")
        if lang == "fr" and _NO_ELISION.search(line):
            bad(i, "missing elision before a vowel")
        if lang == "fr" and _WRONG_ELISION.search(line):
            bad(i, "elision before a consonant")
    return problems


class _HtmlScan(HTMLParser):
    ALLOWED = {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "article",
        "section",
        "div",
        "nav",
        "h1",
        "h2",
        "h3",
        "ol",
        "ul",
        "li",
        "a",
        "p",
        "strong",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    }

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.text: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self.ALLOWED:
            self.problems.append(f"unexpected <{tag}> element")
        for name, value in attrs:
            if name.startswith("on") or name in {"src", "style"}:
                self.problems.append(f"unexpected attribute {name}={value!r} on <{tag}>")
        href = dict(attrs).get("href")
        if tag == "a" and (href is None or "evil" in href or not href.startswith(("#", "https://"))):
            self.problems.append(f"unexpected link {href!r}")
        self.in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if not self.in_style:
            self.text.append(data)


def html_scan(html: str) -> tuple[list[str], str]:
    """Problems with the HTML's elements and links, and its text as a reader sees it."""
    scan = _HtmlScan()
    scan.feed(html)
    scan.close()
    problems = list(scan.problems)
    if re.search(r"(?i)<(script|img|iframe)", html):
        problems.append("active HTML in the page")
    return problems, "".join(scan.text)


def check_policy(r: Rendered, texts: list[str]) -> list[str]:
    """Every artifact and every sign of non-inert profile text in one rendered language.

    ``r.txt`` should be unwrapped (``UNWRAPPED``), so that sentences stay on one line.
    """
    pairs = sorted({pair for text in texts for pair in inert_forms(text)})
    md_forms, plain_forms = {md for md, _ in pairs}, {plain for _, plain in pairs}
    html_problems, html_text = html_scan(r.html)
    stripped_md = strip_texts(r.md, md_forms)
    problems = artifact_problems(stripped_md, "md", r.lang)
    problems += artifact_problems(strip_texts(r.txt, plain_forms), "txt", r.lang)
    problems += [f"html/{r.lang}: {p}" for p in html_problems]
    stripped_html = strip_texts(html_text, plain_forms)
    for token in ("{{", "{%", "None", "**"):
        if token in stripped_html:
            problems.append(f"html/{r.lang}: leftover {token!r} in the text")
    h1 = [line for line in r.md.splitlines() if line.startswith("# ")]
    if len(h1) != 1:
        problems.append(f"md/{r.lang}: {len(h1)} top-level headings: {h1}")
    # Profile text is inert: wherever its Markdown form is, HTML and text show it as written;
    # and it never reaches the Markdown unescaped (outside the escaped texts).
    wording = _TABLE_HEADER.sub("", stripped_md)  # "| Name | Provider |" is drafter's own
    wording = re.sub(r"<https?://[^>\s]*>", "", wording)  # an autolink shows a URL as it is
    for md, plain in pairs:
        if md in r.md and not (plain in r.txt and plain in html_text):
            where = "text" if plain not in r.txt else "HTML"
            problems.append(f"{where}/{r.lang}: profile text {plain!r} is not shown as written")
        if md != plain and len(plain) >= 4 and re.search(r"\w", plain) and plain in wording:
            problems.append(f"md/{r.lang}: profile text {plain!r} is not escaped for Markdown")
    return problems


def _fail_on(problems: list[str]) -> None:
    if problems:
        shown = "\n".join(dict.fromkeys(problems))
        pytest.fail(f"{len(problems)} problem(s):\n{shown}", pytrace=False)


# -- Properties ---------------------------------------------------------------------------


@PROPERTY
@given(profiles())
def test_valid_profiles_render_in_every_language_and_format(data: dict[str, Any]) -> None:
    """(a) A valid profile renders in each of its languages, as Markdown, HTML and text."""
    loaded = load(data)
    for lang in loaded.profile.languages:
        r = render_all(loaded, lang)
        assert r.md.startswith("# ") and r.md.endswith("\n")
        assert r.html.startswith("<!DOCTYPE html>") and f'<html lang="{r.policy.language.tag}">' in r.html
        assert r.txt.strip() and r.txt.endswith("\n")
        for section in r.policy.sections:
            assert f'<h2 id="{section.id}">' in r.html and f'href="#{section.id}"' in r.html


@PROPERTY
@given(profiles())
def test_rendered_policies_have_no_artifacts(data: dict[str, Any]) -> None:
    """(b) drafter's wording has no artifacts, and profile text is inert in every format."""
    loaded = load(data)
    p = loaded.profile
    named = {u.vendor for u in p.processors} | {c.vendor for c in p.cookies if c.vendor}
    problems: list[str] = []
    for lang in p.languages:
        r = render_all(loaded, lang, UNWRAPPED)
        problems += check_policy(r, profile_texts(loaded, lang))
        # Every vendor the profile names (as a processor or for its cookies) is named in the policy.
        problems += [
            f"md/{lang}: vendor {builtin_catalog()[v].name!r} is not named"
            for v in sorted(named)
            if md_escape(builtin_catalog()[v].name) not in r.md
        ]
    _fail_on(problems)


def _replace_in(value: Any, old: str, new: str) -> Any:
    """``value`` (nested data) with ``old`` replaced by ``new`` in every string."""
    if isinstance(value, dict):
        return {k: _replace_in(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace_in(v, old, new) for v in value]
    return value.replace(old, new) if isinstance(value, str) else value


@PROPERTY
@given(profiles())
def test_profile_text_is_never_evaluated(data: dict[str, Any]) -> None:
    """(c) Template syntax in profile text stays text: ``{{ 7*7 }}`` never becomes 49."""
    loaded = load(data)
    # The same profile with {{ 7*8 }}: were profile text evaluated, the counts of 49 would differ.
    twin_data = _replace_in(data, "{{ 7*7 }}", "{{ 7*8 }}")
    twin = loaded if twin_data == data else load(twin_data)
    for lang in loaded.profile.languages:
        md = render_policy(loaded, lang).markdown
        assert "injected" not in md, "a Jinja expression in the profile was evaluated"
        assert len(re.findall(r"(?m)^# ", md)) == 1, "a template was included (or a heading injected)"
        twin_md = md if twin is loaded else render_policy(twin, lang).markdown
        assert md.count("49") == twin_md.count("49"), "{{ 7*7 }} in the profile became 49"


def _related(found: str, expected: str) -> bool:
    """Whether a problem at ``found`` is about the value at ``expected`` (or contains it)."""

    def within(a: str, b: str) -> bool:
        return a == b or a.startswith((f"{b}.", f"{b}["))

    return within(found, expected) or within(expected, found)


@PROPERTY
@given(invalid_profiles())
def test_invalid_profiles_fail_with_located_problems(broken: Broken) -> None:
    """(d) A broken profile fails with a DrafterError, never another exception, whose
    problems have messages and include one at (or around) the broken value."""
    note(broken.what)
    with pytest.raises(DrafterError) as info:
        parse_profile(dump(broken.data), "broken.yaml")
    problems = info.value.problems
    assert problems, "a DrafterError without problems"
    assert all(p.message.strip() for p in problems), problems
    where = format_path(broken.path)
    assert any(_related(p.path, where) for p in problems), (
        f"{broken.what}: no problem at {where}; got {[str(p) for p in problems]}"
    )


_TRICKY = st.sampled_from(list(" \t\n\u00a0\x1f#+=-*_`\\[]<>~|&;1.)aé"))


@given(st.text(_TRICKY, max_size=12) | st.text(max_size=12))
def test_escaping_skips_plain_text_only_when_nothing_would_change(text: str) -> None:
    """md_escape returns plain text untouched without running its substitutions: the
    result must equal running every one of them."""
    from drafter.render import markdown

    slow = markdown._BREAKS.sub(" ", text)
    slow = markdown._MD_ENTITY.sub("\\&", markdown._MD_INLINE.sub(r"\\\1", slow))
    slow = markdown._MD_ORDERED.sub(r"\1\2\\\3", markdown._MD_LINE_START.sub(r"\1\\\2", slow))
    assert markdown.md_escape(text) == slow
