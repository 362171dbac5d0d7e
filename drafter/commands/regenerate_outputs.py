"""``drafter regenerate``: one profile's outputs, each rendered, compared and written if changed.

An output is first rendered with the date the manifest recorded for it; if that is what
the file already holds, nothing is written. Otherwise it is rendered with today's date
and written atomically. A profile whose recorded inputs and files are all unchanged is
seen from the manifest alone (:func:`_seen_unchanged`), without reading it again.
"""

from __future__ import annotations

import datetime as dt
import difflib
import errno
import os
import stat
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from drafter import __version__
from drafter.atomic import write_atomic
from drafter.choices import ARTEFACT_SUFFIXES, BINARY_FORMATS, Paper, RegenerateFormat
from drafter.commands.journal import append_record
from drafter.commands.manifest import OutputRecord, sha256, vendor_sha256, why_changed
from drafter.commands.regenerate_types import (
    Job,
    OutputResult,
    ProfileResult,
    Settings,
    Status,
    output_name,
    planned_outputs,
)
from drafter.errors import DrafterError, Problem
from drafter.legal.load import LoadedProfile, parse_profile
from drafter.model.catalog import Vendor
from drafter.model.types import Lang
from drafter.model.yaml_source import read_text
from drafter.render.formats import format_policy
from drafter.render.policy import Policy, render_policy

if TYPE_CHECKING:
    from drafter.choices import TextFormat
    from drafter.commands.banner import BannerKind
    from drafter.commands.store import StoreKind


def regenerate_profile(job: Job, settings: Settings, catalog: Mapping[str, Vendor]) -> ProfileResult:
    """Every output of one profile; problems (a broken profile, an unwritable file) are returned."""
    try:
        # Read once: the text hashed is the text the policy is made from, even if the
        # file is edited during the run (the next run then sees the edit).
        text = _profile_text(job.profile)
        profile_sha256 = sha256(text.encode("utf-8"))
        loaded = parse_profile(text, str(job.profile), catalog=catalog)
    except DrafterError as exc:
        return ProfileResult(job.profile, problems=tuple(exc.problems))
    profile = loaded.profile
    own_vendors = {v.id for v in profile.custom_vendors}
    made_from_profile = {
        "vendors": {ident: vendor_sha256(v) for ident, v in sorted(loaded.vendors.items())},
        "content_sha256": "",
        "last_updated": profile.dates.last_updated,
        "languages": list(profile.languages),
        "catalog_vendors": {  # every vendor not the profile's own comes from the catalog
            ident: catalog_entry_sha256(catalog[ident])
            for ident in sorted(loaded.vendors)
            if ident not in own_vendors
        },
    }
    langs = [lang for lang in profile.languages if settings.langs is None or lang in settings.langs]
    policy_url = settings.policy_url.replace("{profile}", job.profile.stem) if settings.policy_url else None
    render = _Renderer(loaded, settings.paper, policy_url)
    outputs: list[OutputResult] = []
    not_made: list[str] = []
    try:
        for lang, fmt in planned_outputs(langs, settings.formats):
            if fmt.startswith("banner-") and (refused := _why_no_banner(loaded)):
                not_made.append(f"{output_name(job.profile.stem, lang, fmt)}: not made: {refused}")
                continue
            record = OutputRecord(**_made_from(job, settings, profile_sha256, lang, fmt), **made_from_profile)
            outputs.append(_regenerate_output(job, settings, record, lang, fmt, render))
    except DrafterError as exc:
        return ProfileResult(job.profile, tuple(profile.languages), tuple(outputs), tuple(exc.problems))
    except KeyboardInterrupt:
        raise Interrupted(ProfileResult(job.profile, tuple(profile.languages), tuple(outputs))) from None
    return ProfileResult(job.profile, tuple(profile.languages), tuple(outputs), not_made=tuple(not_made))


def _why_no_banner(loaded: LoadedProfile) -> str | None:
    from drafter.commands.banner import why_no_banner  # only when a banner is asked for

    return why_no_banner(loaded)


def _profile_text(path: Path) -> str:
    """The profile's text, as ``load_profile`` reads it; a pipe or a device is refused, not read."""
    try:
        info = path.stat()
    except OSError:
        info = None  # read_text says why
    if info is not None and not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):
        raise DrafterError(
            Problem(str(path), "is not a regular file (a pipe or a device?); give a profile file")
        )
    return read_text(path)


def _made_from(
    job: Job, settings: Settings, profile_sha256: str, lang: str, fmt: RegenerateFormat
) -> dict[str, Any]:
    """The inputs of one output that are known before its profile is read (all but vendors)."""
    return {
        "profile": job.profile.name,
        "lang": lang,
        "format": fmt,
        "paper": settings.paper if fmt == "pdf" else None,
        "policy_url": settings.policy_url if fmt.startswith("banner-") else None,
        "profile_sha256": profile_sha256,
        "law_sha256": settings.law_sha256,
        "templates_sha256": settings.templates_sha256,
        "drafter_version": __version__,
    }


def _seen_unchanged(job: Job, settings: Settings, catalog: Mapping[str, Vendor]) -> ProfileResult | None:
    """Every output unchanged, seen from the manifest alone; None when that cannot be seen.

    The same profile file (so the same languages, texts and overrides), the same catalog
    entries for the vendors it uses, the same other inputs, and every file as written: the
    profile is not even read again. Anything else (a problem included: the full path
    reports it), or records from an older drafter without the profile's languages and
    catalog entries, takes the full path.
    """
    records = list(job.records.values())
    if not records or records[0].languages is None or records[0].catalog_vendors is None:
        return None
    languages, catalog_vendors = records[0].languages, records[0].catalog_vendors
    try:
        if not job.profile.is_file():
            return None  # the full path says what it is
        profile_sha256 = sha256(job.profile.read_bytes())
        if any(
            (r.profile_sha256, r.languages, r.catalog_vendors) != (profile_sha256, languages, catalog_vendors)
            for r in records
        ):
            return None
        for ident, entry_sha256 in catalog_vendors.items():
            vendor = catalog.get(ident)
            if vendor is None or catalog_entry_sha256(vendor) != entry_sha256:
                return None
        outputs: list[OutputResult] = []
        langs = [lang for lang in languages if settings.langs is None or lang in settings.langs]
        for lang, fmt in planned_outputs(langs, settings.formats):
            name = output_name(job.profile.stem, lang, fmt)
            old = job.records.get(name)
            made_from = _made_from(job, settings, profile_sha256, lang, fmt)
            # Compared over _INPUTS: should the two ever differ, nothing is settled here.
            if old is None or old.model_dump(include=_INPUTS - {"vendors"}) != made_from:
                return None
            current = _read(settings.out / name)
            if current is None or sha256(current) != old.content_sha256:
                return None
            outputs.append(OutputResult(name, "unchanged", (), old))
    except (DrafterError, OSError):
        return None
    return ProfileResult(job.profile, tuple(languages), tuple(outputs))


_ENTRY_SHA256: dict[int, tuple[Vendor, str]] = {}


def catalog_entry_sha256(vendor: Vendor) -> str:
    """vendor_sha256, once per catalog entry in a process (a batch asks for each many times)."""
    known = _ENTRY_SHA256.get(id(vendor))
    if known is None or known[0] is not vendor:
        known = _ENTRY_SHA256[id(vendor)] = (vendor, vendor_sha256(vendor))
    return known[1]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C in the middle of a profile, with the outputs it had already written."""

    def __init__(self, partial: ProfileResult) -> None:
        super().__init__()
        self.partial = partial


class _Renderer:
    """Renders a profile with a given "last updated" date; each policy once for every format.
    An artefact (``lang`` then names all its languages, ``en+fr``) has no date."""

    def __init__(self, loaded: LoadedProfile, paper: Paper = "a4", policy_url: str | None = None) -> None:
        self.loaded = loaded
        self.paper = paper
        self.policy_url = policy_url
        self.policies: dict[tuple[str, dt.date], Policy] = {}

    def policy_sha256(self, lang: str, fmt: RegenerateFormat, last_updated: dt.date, data: bytes) -> str:
        """What says whether the output changed: the policy's Markdown, or the artefact itself."""
        if fmt in ARTEFACT_SUFFIXES:
            return sha256(data)
        return sha256(self.policy(lang, last_updated).markdown.encode("utf-8"))

    def policy(self, lang: str, last_updated: dt.date) -> Policy:
        key = (lang, last_updated)
        if key not in self.policies:
            self.policies[key] = render_policy(self.loaded.last_updated_on(last_updated), cast(Lang, lang))
        return self.policies[key]

    def __call__(self, lang: str, fmt: RegenerateFormat, last_updated: dt.date) -> bytes:
        if fmt in ARTEFACT_SUFFIXES:
            return self.artefact(cast(list[Lang], lang.split("+")), fmt).encode("utf-8")
        policy = self.policy(lang, last_updated)
        if fmt == "docx":
            from drafter.render.docx import to_docx

            return to_docx(policy, last_updated)
        if fmt == "pdf":
            from drafter.render.pdf import html_to_pdf

            return html_to_pdf(format_policy(policy, "html"), self.paper, last_updated)
        return format_policy(policy, cast("TextFormat", fmt)).encode("utf-8")

    def artefact(self, langs: list[Lang], fmt: RegenerateFormat) -> str:
        if fmt.startswith("banner-"):
            from drafter.commands.banner import banner_text

            kind = cast("BannerKind", fmt.removeprefix("banner-"))
            return banner_text(self.loaded, kind, langs, policy_url=self.policy_url)
        from drafter.commands.store import store_text

        return store_text(self.loaded, cast("StoreKind", fmt.removeprefix("store-")))


def _regenerate_output(
    job: Job, settings: Settings, fresh: OutputRecord, lang: str, fmt: RegenerateFormat, render: _Renderer
) -> OutputResult:
    """Render one output, keep its date unless its content changed, and write it if it did."""
    name = output_name(job.profile.stem, lang, fmt)
    path = settings.out / name
    old = job.records.get(name)
    own = fresh.last_updated  # the profile's own date: never show an earlier one
    date = max(old.last_updated, own) if old else own
    link = path.is_symlink()  # replaced, never read or written through
    current = None if link else _read(path)
    on_disk = sha256(current) if current is not None else None
    if old is not None and on_disk == old.content_sha256 and _same_inputs(old, fresh):
        # Made from the same profile, vendors, law data, templates and drafter, and still
        # as written: rendering it again would give the same bytes. (A record from an older
        # drafter gains what lets the next run see this without reading the profile.)
        kept = old.model_copy(update={"languages": fresh.languages, "catalog_vendors": fresh.catalog_vendors})
        return OutputResult(name, "unchanged", (), kept)
    text = render(lang, fmt, date)
    policy_sha256 = render.policy_sha256(lang, fmt, date, text)
    # Did the policy change? By the record: its policy's Markdown (older manifests: the
    # file's bytes). Failing a record, by the file found (made by hand?).
    if old is not None and old.policy_sha256 is not None:
        changed = policy_sha256 != old.policy_sha256
    else:
        previous = old.content_sha256 if old else on_disk
        changed = previous is not None and sha256(text) != previous
    if changed:
        # The policy really changed: it is updated today (a date never moves back).
        today = max(settings.today, date)
        if today != date:
            date, text = today, render(lang, fmt, today)
            policy_sha256 = render.policy_sha256(lang, fmt, date, text)
    record = fresh.model_copy(
        update={"content_sha256": sha256(text), "last_updated": date, "policy_sha256": policy_sha256}
    )
    if current is not None and current == text:
        return OutputResult(name, "unchanged", (), record)
    status: Status = "new" if current is None and not link else "updated"
    reasons = tuple(why_changed(old, record, on_disk))
    if link:
        reasons = (
            _REPLACED_LINK,
            *(r for r in reasons if r not in ("file was missing", "not recorded in the manifest")),
        )
    diff = _diff(settings.out, name, current, text, link) if settings.diff else ""
    if not settings.check:
        try:
            # The record first: whatever stops this process, the output on disk has one.
            append_record(settings.out, name, record)
            write_atomic(path, text)
        except OSError as exc:
            raise DrafterError(Problem(str(path), f"cannot write: {_why(exc)}")) from None
    return OutputResult(name, status, reasons, record, diff)


# What an output is made from: the same as last run (and its file as written) means the same bytes.
_INPUTS = {
    "profile",
    "lang",
    "format",
    "paper",
    "policy_url",
    "profile_sha256",
    "vendors",
    "law_sha256",
    "templates_sha256",
    "drafter_version",
}


def _same_inputs(old: OutputRecord, fresh: OutputRecord) -> bool:
    """Whether an output's recorded inputs are those of this run (its date aside)."""
    return old.model_dump(include=_INPUTS) == fresh.model_dump(include=_INPUTS)


def _read(path: Path) -> bytes | None:
    """The output file's bytes; None if there is none (or a symlink, never read through).
    Never blocks on a pipe."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return None  # a symlink
        raise DrafterError(Problem(str(path), f"cannot read: {_why(exc)}")) from None
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise DrafterError(Problem(str(path), "is not a regular file; move it out of the output folder"))
        with os.fdopen(os.dup(fd), "rb") as handle:
            return handle.read()
    except OSError as exc:
        raise DrafterError(Problem(str(path), f"cannot read: {_why(exc)}")) from None
    finally:
        os.close(fd)


_REPLACED_LINK = "replaced a symlink"


def _diff(out: Path, name: str, current: bytes | None, data: bytes, link: bool = False) -> str:
    """A unified diff of the output; a symlink's target is never shown (nor read)."""
    label = str(out / name)
    head = f"{label}: {_REPLACED_LINK} (the file it pointed to was not read)\n" if link else ""
    if name.rsplit(".", 1)[-1] in BINARY_FORMATS:
        return head + f"Binary files {label if current is not None else '/dev/null'} and {label} differ\n"
    before = current.decode("utf-8", errors="replace") if current is not None else ""
    text = data.decode("utf-8")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=label if current is not None else "/dev/null",
        tofile=label,
    )
    return head + "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _why(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()
