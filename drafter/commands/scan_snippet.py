"""The YAML to add to a profile for what ``drafter scan`` found undeclared.

Written in the profiles' own style (block mappings, flow lists, a text per language of
the profile) so that each entry, pasted under the profile's key of the same name,
validates. A processor must serve a purpose: an undeclared vendor gets the profile's
purpose of the same kind (analytics, marketing, ...) or a new one, worded with the
vendor's own description, on consent and with a way to withdraw it, over the profile's
device or usage data (or a new category of browsing data, with its retention). The
vendor's catalog cookies come in with ``- vendor: ID``; any other cookie is described
with the group the catalog or the Open Cookie Database gives (else ``preferences``, to
review) and the lifetime the browser saw. Cookies that need consent bring the
``cookie_settings`` they require. Every text is a suggestion, for review.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

from drafter.legal.facts import cookies_need_consent
from drafter.legal.load import LoadedProfile
from drafter.model.catalog import Vendor
from drafter.model.profile import Cookie

if TYPE_CHECKING:
    from drafter.commands.scan import SeenCookie
    from drafter.commands.scan_report import KnownCookie

# A vendor's catalog category -> the kind of purpose it serves (other kinds get a purpose each).
PURPOSE_KINDS = {
    "analytics": "analytics",
    "advertising": "marketing",
    "attribution": "marketing",
    "crash_reporting": "improvement",
    "security": "security",
    "support": "support",
    "payment": "payment",
    "email": "communication",
    "push": "communication",
}
DATA_KINDS = ("usage", "device")
BROWSING_LABEL = {"en": "device and browsing data", "fr": "données de l'appareil et de navigation"}
BROWSING_EXAMPLES = {
    "en": ["IP address", "browser and device", "pages visited"],
    "fr": ["adresse IP", "navigateur et appareil", "pages consultées"],
}
WITHDRAW = {
    "en": "Change your choice at any time in the cookie settings.",
    "fr": "Modifiez votre choix à tout moment dans les paramètres des cookies.",
}
DESCRIBE = {"en": "say what this cookie does", "fr": "dites à quoi sert ce cookie"}
RETENTION = "13 months"
# Not printable in YAML, or a line break, a bidirectional control or a byte-order mark.
_UNSAFE = re.compile(
    "[^\\x20-\\x7e\\xa0-\\ud7ff\\ue000-\\ufffd\\U00010000-\\U0010ffff]|[\\u061c\\u200e\\u200f\\u2028-\\u202e\\u2066-\\u2069\\ufeff]"
)
HEADER = (
    "# Paste each entry under the profile's key of the same name (add the key if it has none).",
    "# Every text, legal basis and period here is a suggestion: check it before publishing.",
)


def snippet_for(
    loaded: LoadedProfile, vendors: list[Vendor], cookies: list[tuple[SeenCookie, KnownCookie]]
) -> str | None:
    """The YAML for the undeclared ``vendors`` and ``cookies``; None when there is nothing to add."""
    if not vendors and not cookies:
        return None
    return "".join(f"{line}\n" for line in _Snippet(loaded).lines(vendors, cookies))


class _Snippet:
    def __init__(self, loaded: LoadedProfile) -> None:
        self.loaded = loaded
        self.profile = loaded.profile
        self.langs = list(self.profile.languages)
        self.sections: dict[str, list[list[str]]] = {
            key: [] for key in ("data", "purposes", "retention", "processors", "cookies")
        }
        self.purpose_ids = {p.id for p in self.profile.purposes}
        self.by_kind: dict[str, str] = {}
        for purpose in self.profile.purposes:
            if purpose.kind != "other":
                self.by_kind.setdefault(purpose.kind, purpose.id)
        self.data_id: str | None = next(
            (d.id for d in self.profile.data if d.source == "automatic" and d.kind in DATA_KINDS), None
        )
        self.entries: list[Cookie] = []  # the cookie entries added, to decide cookie_settings

    def lines(self, vendors: list[Vendor], cookies: list[tuple[SeenCookie, KnownCookie]]) -> Iterator[str]:
        added = {v.id: v for v in vendors}
        for vendor in vendors:
            self._processor(vendor)
        listed = {k.vendor.id for _, k in cookies if k.vendor and k.vendor.id in added and k.catalog_cookie}
        for ident in sorted(listed):
            self._add_cookie([f"- vendor: {ident}"], {"vendor": ident})
        described: set[str] = set()
        for cookie, known in cookies:
            covered = known.vendor is not None and known.vendor.id in listed and known.catalog_cookie
            if covered or cookie.name in described or not cookie.name.strip():
                continue
            described.add(cookie.name)
            self._described(cookie, known, added)
        yield from HEADER
        for key, entries in self.sections.items():
            if entries:
                yield f"{key}:"
                yield from (f"  {line}" for entry in entries for line in entry)
        yield from self._settings(added)

    def _processor(self, vendor: Vendor) -> None:
        kind = PURPOSE_KINDS.get(vendor.category, "other")
        purpose = self.by_kind.get(kind)
        if purpose is None:
            purpose = self._purpose(vendor, kind)
        self.sections["processors"].append([f"- vendor: {vendor.id}", f"  purposes: [{purpose}]"])

    def _purpose(self, vendor: Vendor, kind: str) -> str:
        """A new purpose for the vendor, on consent: its id."""
        ident = _free(kind if kind != "other" else vendor.category.replace("_", "-"), self.purpose_ids)
        self.purpose_ids.add(ident)
        if kind != "other":
            self.by_kind[kind] = ident
        data = self._browsing_data()
        self.sections["purposes"].append(
            [
                f"- id: {ident}",
                f"  kind: {kind}",
                f"  description: {self._text({lang: vendor.description[lang] for lang in self.langs})}",
                f"  data: [{data}]",
                "  legal_basis: consent",
                f"  withdraw: {self._text(WITHDRAW)}",
            ]
        )
        return ident

    def _browsing_data(self) -> str:
        if self.data_id is not None:
            return self.data_id
        ident = _free("browsing", {d.id for d in self.profile.data})
        self.data_id = ident
        self.sections["data"].append(
            [
                f"- id: {ident}",
                f"  label: {self._text(BROWSING_LABEL)}",
                f"  examples: {self._lists(BROWSING_EXAMPLES)}",
                "  source: automatic",
                "  kind: usage",
            ]
        )
        self.sections["retention"].append(
            [f"- data: [{ident}]", f"  period: {RETENTION}  # check: how long the vendors keep it"]
        )
        return ident

    def _described(self, cookie: SeenCookie, known: KnownCookie, added: Mapping[str, Vendor]) -> None:
        """An entry for one cookie no catalog entry lists: named, with its group and purpose."""
        group = known.group or "preferences"
        purpose: dict[str, str] = {lang: DESCRIBE[lang] for lang in self.langs}
        if known.description and "en" in purpose:
            purpose["en"] = known.description
        lines = [f"- name: {_quoted(cookie.name)}"]
        entry: dict[str, object] = {
            "name": cookie.name,
            "group": group,
            "purpose": "-",
            "duration": cookie.lifetime,
        }
        vendor = known.vendor if known.vendor is not None and known.vendor.id in added else None
        if vendor is not None:
            lines.append(f"  vendor: {vendor.id}")
            entry["vendor"] = vendor.id
        note = "" if known.group else "  # group unknown: check it"
        lines.append(f"  group: {group}{note}")
        lines.append(f"  purpose: {self._text(purpose)}")
        lines.append(f"  duration: {cookie.lifetime}")
        if vendor is None and known.vendor_name:
            lines.insert(0, f"# {_comment(known.vendor_name)} (Open Cookie Database)")
        self._add_cookie(lines, entry)

    def _add_cookie(self, lines: list[str], entry: dict[str, object]) -> None:
        self.sections["cookies"].append(lines)
        self.entries.append(Cookie.model_validate(entry))

    def _settings(self, added: Mapping[str, Vendor]) -> Iterator[str]:
        """The cookie settings that consent cookies need: a consent tool and a way to withdraw."""
        vendors = {**self.loaded.vendors, **added}
        if not cookies_need_consent(self.entries, vendors, self.loaded.facts.laws.eprivacy):
            return
        settings = self.profile.cookie_settings
        missing = []
        if settings is None or not settings.consent_tool:
            missing.append("  consent_tool: true  # the scan saw them set before consent: ask first")
        if settings is None or settings.withdraw is None:
            missing.append(f"  withdraw: {self._text(WITHDRAW)}")
        if missing:
            if settings is not None:
                yield "# these keys go in the profile's cookie_settings, in place of its own"
            yield "cookie_settings:"
            yield from missing

    def _text(self, texts: Mapping[str, str]) -> str:
        if len(self.langs) == 1:
            return _quoted(texts[self.langs[0]])
        return "{" + ", ".join(f"{lang}: {_quoted(texts[lang])}" for lang in self.langs) + "}"

    def _lists(self, lists: Mapping[str, list[str]]) -> str:
        def flow(items: list[str]) -> str:
            return "[" + ", ".join(_quoted(item) for item in items) + "]"

        if len(self.langs) == 1:
            return flow(lists[self.langs[0]])
        return "{" + ", ".join(f"{lang}: {flow(lists[lang])}" for lang in self.langs) + "}"


def _free(base: str, taken: set[str]) -> str:
    ident, n = base, 1
    while ident in taken:
        n += 1
        ident = f"{base}-{n}"
    return ident


def _quoted(text: str) -> str:
    """A YAML double-quoted scalar, safe for any text a site chose: JSON's escapes (which are
    YAML's) and every character YAML or a terminal would act on written as an escape."""
    return _UNSAFE.sub(_escape, json.dumps(text, ensure_ascii=False))


def _comment(text: str) -> str:
    return _quoted(text)[1:-1]


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group(0))
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
