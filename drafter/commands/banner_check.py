"""The banner file, written and read back; what ``check --banner`` finds in it.

The file is an ES module, ``export default {...};``, whose value is JSON with regular
expression literals (``/^_ga_.+$/``): :func:`to_module` writes it, :func:`parse_banner`
reads it, and a hand-edited copy too as long as its value is data: JSON, or a JavaScript
object literal with comments, unquoted or single-quoted keys, single-quoted strings,
trailing commas and regex literals, after ``export default``, ``var klaroConfig =`` or
``window.klaroConfig =``. Functions, variables and expressions are refused with the line
they are on: a configuration that computes itself cannot be compared with the policy.

:func:`banner_disagreements` compares a banner with the one drafter would write for the
profile, both read the same way, and reports each place they disagree as a
:class:`~drafter.legal.rules.Finding`.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from drafter.errors import DrafterError, Problem, format_path
from drafter.legal.rules import Finding, Level, locate
from drafter.model.types import Bilingual

if TYPE_CHECKING:
    from drafter.commands.banner import BannerKind, Plan
    from drafter.legal.load import LoadedProfile

Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class Pattern:
    """A JavaScript regular expression literal, ``/source/flags``."""

    source: str
    flags: str = ""

    def __str__(self) -> str:
        return f"/{self.source}/{self.flags}"


_VARIABLE = re.compile(r"<[^<>\s]+>")  # a name's variable part, as the policy's cookie_name reads it


def cookie_pattern(name: str) -> str | Pattern:
    """``_ga_<container-id>`` -> ``/^_ga_.+$/``; a name without a variable part as it is."""
    parts = _VARIABLE.split(name)
    if len(parts) == 1:
        return name
    return Pattern("^" + ".+".join(re.sub(r"([\\^$.|?*+()\[\]{}/])", r"\\\1", p) for p in parts) + "$")


def banner_revision(loaded: LoadedProfile) -> int:
    """The first 8 hex digits of the SHA-256 of the policy's cookie facts, as a number
    (never 0, which CookieConsent reads as 'no revision'): the same for the same cookies,
    in every language and run; another as soon as a cookie's name, provider, group,
    purpose, duration or basis changes."""
    facts = [
        {
            "name": c.name,
            "vendor": c.vendor.id if c.vendor else None,
            "party": c.party,
            "group": c.group,
            "purpose": _neutral(c.purpose),
            "duration": str(c.duration) if c.duration else None,
            "basis": c.basis,
            "consent": c.needs_consent,
        }
        for c in loaded.facts.cookies
    ]
    digest = hashlib.sha256(json.dumps(facts, sort_keys=True, ensure_ascii=False).encode()).hexdigest()
    return int(digest[:8], 16) or 1


def _neutral(text: object) -> object:
    if isinstance(text, Bilingual):
        return {"en": text.en, "fr": text.fr}
    return text


# --- writing -----------------------------------------------------------------------------


def to_module(config: Mapping[str, Any], kind: str, package: str, service: str) -> str:
    """The configuration as an ES module: JSON, a :class:`Pattern` as a regex literal, a
    container on one line when it fits."""
    head = (
        f"// The cookie banner of {service}, for {package}: drafted by drafter from the profile.\n"
        "// Regenerate it rather than edit it: 'drafter check --banner' compares it with the\n"
        "// profile, and its revision changes when a cookie does.\n"
    )
    return head + "export default " + _js(config, 0) + ";\n"


def _js(value: Any, depth: int) -> str:
    flat = _flat(value)
    if flat is not None and len(flat) + 2 * depth <= 96:
        return flat
    pad, inner = "  " * depth, "  " * (depth + 1)
    if not isinstance(value, (Mapping, list, tuple)):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, Mapping):
        items = [
            f"{inner}{json.dumps(str(k), ensure_ascii=False)}: {_js(v, depth + 1)}" for k, v in value.items()
        ]
        return "{\n" + ",\n".join(items) + f"\n{pad}}}"
    return "[\n" + ",\n".join(f"{inner}{_js(v, depth + 1)}" for v in value) + f"\n{pad}]"


def _flat(value: Any) -> str | None:
    """``value`` on one line; None for a text too long to share its line."""
    if isinstance(value, Pattern):
        return str(value)
    if isinstance(value, Mapping):
        parts = [f"{json.dumps(str(k), ensure_ascii=False)}: {_flat(v)}" for k, v in value.items()]
        return None if any(p.endswith("None") for p in parts) else "{" + ", ".join(parts) + "}"
    if isinstance(value, (list, tuple)):
        items = [_flat(v) for v in value]
        return None if None in items else "[" + ", ".join(str(i) for i in items) + "]"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 72 else None


# --- reading -----------------------------------------------------------------------------

_PREFIX = re.compile(r"\s*(?:export\s+default|(?:var|let|const)\s+\w+\s*=|window\.\w+\s*=)\s*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_IDENT = re.compile(r"[A-Za-z_$][\w$]*")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f", "v": "\v", "0": "\0"}


@dataclass
class Parsed:
    """A banner file read: its value, and the line of each value in it, by path."""

    value: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line(self, loc: Loc) -> int | None:
        for end in range(len(loc), -1, -1):
            if loc[:end] in self.lines:
                return self.lines[loc[:end]]
        return None


class _Reader:
    def __init__(self, text: str, file: str) -> None:
        self.text, self.file, self.at = text, file, 0
        self.lines: dict[Loc, int] = {}

    def fail(self, message: str) -> DrafterError:
        line = self.text.count("\n", 0, self.at) + 1
        return DrafterError(Problem(self.file, message, line))

    def skip(self) -> None:
        while True:
            match = re.compile(r"\s+|//[^\n]*|/\*.*?\*/", re.S).match(self.text, self.at)
            if not match or not match.group(0):
                return
            self.at = match.end()

    def peek(self) -> str:
        self.skip()
        return self.text[self.at : self.at + 1]

    def value(self, loc: Loc) -> Any:
        char = self.peek()
        self.lines[loc] = self.text.count("\n", 0, self.at) + 1
        if char == "{":
            return self.container(loc, "}", self.member)
        if char == "[":
            found: list[Any] = []
            self.container(loc, "]", lambda loc, out: found.append(self.value((*loc, len(found)))))
            return found
        if char in "\"'":
            return self.string()
        if char == "/":
            match = re.compile(r"/((?:\\.|\[(?:\\.|[^\]\\])*\]|[^/\\\n\[])+)/([dgimsuvy]*)").match(
                self.text, self.at
            )
            if not match:
                raise self.fail("a regular expression that does not end")
            self.at = match.end()
            return Pattern(match.group(1), match.group(2))
        for word, meaning in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.at) and not _IDENT.match(self.text, self.at + len(word)):
                self.at += len(word)
                return meaning
        number = _NUMBER.match(self.text, self.at)
        if number:
            self.at = number.end()
            return json.loads(number.group(0))
        raise self.fail("expected a value (JSON, a string, a number or a /regex/); drafter reads no code")

    def container(self, loc: Loc, close: str, item: Any) -> Any:
        self.at += 1
        out: dict[str, Any] = {}
        while self.peek() != close:
            if not self.peek():
                raise self.fail(f"the file ends before the closing {close!r}")
            item(loc, out)
            if self.peek() == ",":
                self.at += 1
            elif self.peek() != close:
                raise self.fail(f"expected ',' or {close!r}")
        self.at += 1
        return out

    def member(self, loc: Loc, out: dict[str, Any]) -> None:
        if self.peek() in "\"'":
            key = self.string()
        else:
            ident = _IDENT.match(self.text, self.at)
            if not ident:
                raise self.fail("expected a key")
            key, self.at = ident.group(0), ident.end()
        if self.peek() != ":":
            raise self.fail(f"expected ':' after the key {key!r}")
        self.at += 1
        out[key] = self.value((*loc, key))

    def string(self) -> str:
        quote, self.at = self.text[self.at], self.at + 1
        out: list[str] = []
        while True:
            if self.at >= len(self.text) or self.text[self.at] == "\n":
                raise self.fail("a string that does not end on its line")
            char = self.text[self.at]
            self.at += 1
            if char == quote:
                return "".join(out)
            if char != "\\":
                out.append(char)
                continue
            code = self.text[self.at : self.at + 1]
            self.at += 1
            if code == "u":
                digits = self.text[self.at : self.at + 4]
                if not re.fullmatch(r"[0-9a-fA-F]{4}", digits):
                    raise self.fail("a \\u escape needs four hex digits")
                out.append(chr(int(digits, 16)))
                self.at += 4
            else:
                out.append(_ESCAPES.get(code, code))


def parse_banner(text: str, file: str = "<banner>") -> Parsed:
    """A banner file's configuration, with the line of each of its values."""
    reader = _Reader(text, file)
    reader.skip()
    prefix = _PREFIX.match(text, reader.at)
    if prefix:
        reader.at = prefix.end()
    if reader.peek() != "{":
        raise reader.fail("expected the configuration object: JSON, or 'export default {...};'")
    value = reader.value(())
    if reader.peek() == ";":
        reader.at += 1
    if reader.peek():
        raise reader.fail("unexpected text after the configuration object")
    return Parsed(value, reader.lines)


def banner_kind(config: Any) -> BannerKind | None:
    """Which library a configuration is for: CookieConsent's has categories and languages,
    Klaro's a list of services."""
    if isinstance(config, dict) and isinstance(config.get("categories"), dict) and "language" in config:
        return "cookieconsent"
    if isinstance(config, dict) and isinstance(config.get("services"), list):
        return "klaro"
    return None


# --- what a banner says, read the same way for the file and for the profile ----------------


@dataclass
class Said:
    """What a banner says about cookies, each thing with its place in the file."""

    kind: str
    revision: tuple[int | None, Loc] = (None, ())
    opt_out: list[Loc] = field(default_factory=list)  # settings that set cookies before consent
    categories: dict[str, tuple[bool, bool, Loc]] = field(default_factory=dict)  # read-only, on
    services: dict[str, tuple[frozenset[str], bool, bool, Loc]] = field(default_factory=dict)
    cookies: list[tuple[str, str, Loc]] = field(default_factory=list)  # key, category, where
    rows: dict[tuple[str, str], tuple[dict[str, str], Loc]] = field(default_factory=dict)  # lang, key
    own_cookie: tuple[str, int | None, Loc] = ("", None, ())
    langs: list[str] = field(default_factory=list)  # the languages it has texts in


def cookie_key(name: Any) -> str:
    """A cookie name as both files are compared: ``_ga_<container-id>``, ``_ga_*`` and
    ``/^_ga_.+$/`` are all ``_ga_*``; another regex stays ``/source/``."""
    if isinstance(name, Pattern):
        body = re.fullmatch(r"\^((?:\\.|[^\\^$.|?*+()\[\]{}]|\.[+*])*)\$", name.source)
        if body is None:
            return str(name)
        return re.sub(r"\\(.)", r"\1", re.sub(r"\.[+*]", "*", body.group(1)))
    if isinstance(name, str) and name.startswith("^"):  # Klaro reads such a string as a regex
        return cookie_key(Pattern(name))
    return re.sub(r"<[^<>\s]+>", "*", str(name))


def _cookie_items(items: Any, base: Loc) -> Iterator[tuple[Any, Loc]]:
    for i, item in enumerate(items if isinstance(items, list) else []):
        if isinstance(item, dict):  # CookieConsent's {name, path, domain}; Klaro's {pattern, ...}
            yield item.get("name", item.get("pattern")), (*base, i)
        elif isinstance(item, list) and item:  # Klaro's [pattern, path, domain]
            yield item[0], (*base, i)
        else:
            yield item, (*base, i)


def read_cookieconsent(config: dict[str, Any]) -> Said:
    said = Said("cookieconsent", (_int(config.get("revision")), ("revision",)))
    if config.get("mode") == "opt-out":
        said.opt_out.append(("mode",))
    cookie = _dict(config.get("cookie"))
    said.own_cookie = (
        str(cookie.get("name", "cc_cookie")),
        _int(cookie.get("expiresAfterDays", 182)),
        ("cookie",),
    )
    for name, category in config["categories"].items():
        if not isinstance(category, dict):
            continue
        at: Loc = ("categories", name)
        said.categories[name] = (category.get("readOnly") is True, category.get("enabled") is True, at)
        auto = _dict(category.get("autoClear"))
        for item, loc in _cookie_items(auto.get("cookies"), (*at, "autoClear", "cookies")):
            said.cookies.append((cookie_key(item), name, loc))
        for service, spec in _dict(category.get("services")).items():
            said.services[service] = (frozenset([name]), False, False, (*at, "services", service))
            for item, loc in _cookie_items(_dict(spec).get("cookies"), (*at, "services", service, "cookies")):
                said.cookies.append((cookie_key(item), name, loc))
    language = _dict(config.get("language"))
    translations = _dict(language.get("translations"))
    said.langs = sorted(translations, key=lambda lang: lang != language.get("default"))
    for lang, texts in translations.items():
        sections = _dict(_dict(texts).get("preferencesModal")).get("sections")
        base: Loc = ("language", "translations", lang, "preferencesModal", "sections")
        for i, section in enumerate(sections if isinstance(sections, list) else []):
            table = section.get("cookieTable") if isinstance(section, dict) else None
            body = table.get("body") if isinstance(table, dict) else None
            for j, row in enumerate(body if isinstance(body, list) else []):
                at = (*base, i, "cookieTable", "body", j)
                cells = {k: html.unescape(str(v)) for k, v in row.items()} if isinstance(row, dict) else {}
                key = cookie_key(cells.get("name", ""))
                said.rows[(lang, key)] = (cells, at)
                said.cookies.append((key, str(section.get("linkedCategory", "")), at))
    return said


_CHOICES = re.compile(r"cookie-choices-r(\d+)")


def read_klaro(config: dict[str, Any]) -> Said:
    said = Said("klaro")
    translations = config.get("translations")
    if isinstance(translations, dict):
        said.langs = [lang for lang in translations if lang != "zz"]
    said.opt_out += [(key,) for key in ("default", "optOut", "required") if config.get(key) is True]
    name = config.get("storageName", config.get("cookieName", "klaro"))
    said.own_cookie = (str(name), _int(config.get("cookieExpiresAfterDays", 120)), ("storageName",))
    for i, service in enumerate(config["services"]):
        if not isinstance(service, dict):
            continue
        at: Loc = ("services", i)
        ident = str(service.get("name", ""))
        choices = _CHOICES.fullmatch(ident)
        if choices:
            said.revision = (int(choices.group(1)), (*at, "name"))
            continue
        purposes = frozenset(str(p) for p in service.get("purposes", []) if isinstance(p, str))
        on = service.get("default") is True or service.get("optOut") is True
        said.services[ident] = (purposes, service.get("required") is True, on, at)
        for purpose in purposes:
            said.categories.setdefault(purpose, (False, False, (*at, "purposes")))
        for item, loc in _cookie_items(service.get("cookies"), (*at, "cookies")):
            said.cookies += [(cookie_key(item), p, loc) for p in sorted(purposes) or [""]]
    return said


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


# --- check -------------------------------------------------------------------------------


def banner_notes(
    loaded: LoadedProfile,
    kind: BannerKind,
    *,
    policy_url: str | None = None,
    consent_cookie: str | None = None,
) -> list[str]:
    """What whoever puts the banner on the site must know (said by ``drafter banner``)."""
    from drafter.commands.banner import plan

    p = plan(loaded, policy_url=policy_url, consent_cookie=consent_cookie)
    notes = []
    if policy_url is None:
        notes.append(
            f"the banner links to {p.policy_urls[p.langs[0]]} (the website) for the privacy policy; give "
            "the policy's own address with --policy-url (with {lang} in it for one per language)"
        )
    if p.consent_cookie is None:
        notes.append(
            f"the banner keeps each visitor's choice in the cookie {p.cookie_name(kind)!r} for "
            f"{p.consent_days} days, which the policy does not list; declare it under 'cookies' "
            "(strictly_necessary, 6 months) so that the policy and the banner agree"
        )
    settings = loaded.profile.cookie_settings
    asks = any(g.needs_consent for g in p.groups)
    if asks and not (settings and settings.consent_tool):
        notes.append(
            "the policy does not say that a banner asks for consent: set cookie_settings.consent_tool"
        )
    if not asks:
        notes.append("no cookie of this profile waits for consent: the banner only informs")
    return notes


# --- disagreements -------------------------------------------------------------------------------


def banner_disagreements(loaded: LoadedProfile, path: str | Path) -> list[Finding]:
    """Every disagreement between the banner file at ``path`` (either kind) and the profile.

    Each is a Finding (level error, stage law) with a rule id ``banner-*``: located in the
    banner (file, line, path) for what the banner says wrongly, in the profile for what
    it leaves out. Raises DrafterError (bad input) for a file that cannot be read or
    parsed, or that is neither kind's configuration. Empty: they agree."""
    from drafter.commands.banner import banner_config, plan
    from drafter.model.yaml_source import read_text

    file = str(path)
    text = read_text(path)  # a missing, unreadable, huge or non-UTF-8 file: one line
    parsed = parse_banner(text, file)
    kind = banner_kind(parsed.value)
    if kind is None:
        raise DrafterError(Problem(file, "is neither a CookieConsent nor a Klaro configuration", 1))
    read = read_cookieconsent if kind == "cookieconsent" else read_klaro
    found = read(parsed.value)
    if not loaded.facts.cookies:  # nothing to draft a banner from: every cookie it lists is undeclared
        keys = dict.fromkeys((key, loc) for key, _, loc in found.cookies if not key.startswith("/"))
        return [
            Finding(
                file,
                f"the policy declares no cookies, not even {key!r}",
                parsed.line(loc),
                format_path(loc),
                "banner-undeclared-cookie",
                "error",
                "law",
                _DECLARE,
            )
            for key, loc in keys
        ]
    langs = [lang for lang in found.langs if lang in loaded.profile.languages]
    ours = plan(loaded, langs or None)
    expected = read(banner_config(ours, kind))
    return _compare(found, expected, ours, loaded, file, parsed)


REGENERATE = "regenerate the banner with 'drafter banner'"


def _compare(
    found: Said, expected: Said, ours: Plan, loaded: LoadedProfile, file: str, parsed: Parsed
) -> list[Finding]:
    out: list[Finding] = []

    def banner(rule: str, loc: Loc, message: str, fix: str = REGENERATE, level: Level = "error") -> None:
        out.append(Finding(file, message, parsed.line(loc), format_path(loc), rule, level, "law", fix))

    def profile(rule: str, loc: Loc, message: str) -> None:
        line, where = locate(loaded.doc, loc)
        out.append(Finding(loaded.file, message, line, where, rule, "error", "law", REGENERATE))

    declared = {cookie_key(e.facts.name): e for g in ours.groups for e in g.entries if e.facts.name}
    revision, at = found.revision
    if revision != expected.revision[0]:
        what = f"revision {revision}" if revision is not None else "no revision"
        banner(
            "banner-stale-revision",
            at,
            f"the banner has {what}, the policy's cookies are at revision {expected.revision[0]}: "
            "visitors who chose before the last change are not asked again",
        )
    for loc in found.opt_out:
        banner("banner-consent-required", loc, "this setting turns cookies on before the visitor agrees")
    own, days, at = found.own_cookie
    if cookie_key(own) not in declared:
        why = (
            f"the banner keeps the visitor's choice in the cookie {own!r}, which the policy does not declare"
        )
        fix = f"declare {own!r} under 'cookies' (strictly_necessary, 6 months)"
        banner("banner-undeclared-cookie", at, why, fix, "warning")  # exempt from consent, but unlisted
    elif days != expected.own_cookie[1]:
        why = (
            f"the banner keeps the choice in {own!r} for {days} days, the policy for {expected.own_cookie[1]}"
        )
        banner("banner-consent-cookie", at, why)
    said: set[tuple[str, str]] = set()
    for key, category, loc in found.cookies:
        if key not in declared and not _matches(key, declared):
            if (key, "") not in said:
                banner("banner-undeclared-cookie", loc, f"the policy declares no cookie {key!r}", _DECLARE)
            said.add((key, ""))
        elif key in declared and category and category != declared[key].group and (key, category) not in said:
            said.add((key, category))
            why = f"the banner puts {key!r} under {category!r}, the policy under {declared[key].group!r}"
            banner("banner-category", loc, why)
    present = {key for key, _, _ in found.cookies} | {k for k in declared if _matches_any(k, found)}
    for key, entry in declared.items():
        if key not in present and key != cookie_key(own):
            why = f"the banner does not list the cookie {key!r}, which the policy declares"
            profile("banner-missing-cookie", entry.facts.location, why)
    for (lang, key), (cells, loc) in found.rows.items():
        want = expected.rows.get((lang, key), ({}, ()))[0]
        for column in ("provider", "purpose", "duration") if want else ():
            if (said_here := cells.get(column)) != want.get(column):
                why = f"the banner's {column} of {key!r} is {said_here!r}, the policy's {want.get(column)!r}"
                banner("banner-cookie-table", (*loc, column), why)
    for service, (cats, required, on, loc) in found.services.items():
        wanted = expected.services.get(service)
        if wanted is None:
            banner(
                "banner-undeclared-service", loc, f"the policy declares no cookies of {service!r}", _DECLARE
            )
            continue
        if cats != wanted[0]:
            why = (
                f"the banner puts {service!r} under {', '.join(sorted(cats)) or 'nothing'}, the policy under "
            )
            banner("banner-category", loc, why + ", ".join(sorted(wanted[0])))
        if found.kind == "klaro":
            _required(banner, loc, f"the service {service!r}", required, on, wanted[1])
    for service in expected.services.keys() - found.services.keys():
        entry = next(e for g in ours.groups for e in g.entries if e.service == service)
        why = f"the banner has no service {service!r} for these cookies, which the policy declares"
        profile("banner-missing-service", entry.facts.location, why)
    for name, (read_only, on, loc) in found.categories.items():
        group = expected.categories.get(name)
        if group is None:
            banner("banner-category", loc, f"the policy has no cookies of the group {name!r}")
        elif found.kind == "cookieconsent":
            _required(banner, loc, f"the category {name!r}", read_only, on and not read_only, group[0])
    return sorted(out, key=lambda f: (f.file, f.line or 0, f.path, f.rule))


_DECLARE = "declare it under 'cookies' (or its vendor under 'processors'), or remove it from the banner"


def _required(banner: Any, loc: Loc, what: str, always: bool, pre_ticked: bool, want_always: bool) -> None:
    if want_always and not always:
        why = f"{what} lets visitors refuse cookies the policy sets without asking for consent"
        banner("banner-not-read-only", loc, why)
    elif not want_always and always:
        banner("banner-consent-required", loc, f"{what} sets cookies that need consent without asking for it")
    elif not want_always and pre_ticked:
        banner("banner-consent-required", loc, f"{what} is on before the visitor agrees (a pre-ticked box)")


def _matches(key: str, declared: Mapping[str, Any]) -> bool:
    """A hand-written regex that matches some declared cookie name."""
    if not key.startswith("/"):
        return False
    source = key[1 : key.rindex("/")]
    try:
        pattern = re.compile(source)
    except re.error:
        return False
    return any(pattern.search(k.replace("*", "x1")) for k in declared)


def _matches_any(key: str, found: Said) -> bool:
    return any(k.startswith("/") and _matches(k, {key: None}) for k, _, _ in found.cookies)
