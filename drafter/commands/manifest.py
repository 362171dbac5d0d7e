"""The regenerate manifest: what each output was made from, so a run can say why it changed.

``DIR/drafter-manifest.json`` records, per output file, hashes of its inputs (the profile
file, each vendor entry used, the law data, the templates), the drafter version, the hash
of the content written and the "last updated" date it shows. It is JSON with sorted keys,
so an unchanged run writes the same bytes (and so does not write at all).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import stat
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from drafter.atomic import write_atomic
from drafter.dates import out_of_range
from drafter.errors import DrafterError, Problem, for_terminal, printable
from drafter.model.catalog import Vendor

MANIFEST_NAME = "drafter-manifest.json"


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OutputRecord(_Record):
    """How one output file was made."""

    profile: str  # the profile's file name
    lang: str
    format: str
    profile_sha256: str
    vendors: dict[str, str]  # vendor id -> sha256 of its canonical JSON
    law_sha256: str
    templates_sha256: str
    drafter_version: str
    content_sha256: str
    last_updated: dt.date
    # The policy's Markdown, whatever the format: a new paper size or stylesheet changes
    # the file but not the policy, so it does not move the policy's date.
    policy_sha256: str | None = None
    paper: str | None = None  # PDF only: a4 or letter
    policy_url: str | None = None  # banners only: the address they link to, if given
    # Enough to see, without reading the profile again, that nothing changed: the profile's
    # languages, and the catalog entries it uses as they were before its own overrides.
    languages: list[str] | None = None
    catalog_vendors: dict[str, str] | None = None


class Manifest(_Record):
    manifest_version: Literal[1] = 1
    outputs: dict[str, OutputRecord] = {}  # by output file name

    def dumps(self) -> str:
        data = self.model_dump(mode="json")
        return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def sha256(data: str | bytes) -> str:
    return hashlib.sha256(data.encode("utf-8") if isinstance(data, str) else data).hexdigest()


def vendor_sha256(vendor: Vendor) -> str:
    """A hash of a vendor's facts, independent of how its YAML file is laid out."""
    canonical = json.dumps(
        vendor.model_dump(mode="json"), sort_keys=True, ensure_ascii=False, separators=(",", ":")
    )
    return sha256(canonical)


def tree_sha256(root: Path, patterns: tuple[str, ...]) -> str:
    """One hash of the names and contents of the files under ``root`` matching ``patterns``."""
    files = sorted({p for pattern in patterns for p in root.rglob(pattern) if p.is_file()})
    lines = [f"{p.relative_to(root).as_posix()}\0{sha256(p.read_bytes())}\n" for p in files]
    return sha256("".join(lines))


# 500 clients x 2 languages x 5 formats is 5,000 records of about 1.2 KB each (6 MB); the
# cap leaves five times that, and bounds what a forged or broken file can cost to parse.
MAX_MANIFEST_BYTES = 32 * 1024 * 1024
_MOVE_AWAY = "move it away to start afresh (dates of changed policies are then reset)"


def read_manifest(path: Path, today: dt.date | None = None) -> Manifest:
    """The manifest at ``path``; an empty one if there is none yet.

    Read without blocking (a pipe in its place is refused, not waited on), at most
    :data:`MAX_MANIFEST_BYTES`, each record checked on its own (so a huge invalid file
    reports its first fault instead of building one error per record), and every name
    and string checked for characters that could forge a line of the report.
    """
    raw = read_limited(path, MAX_MANIFEST_BYTES, "the manifest")
    if raw is None:
        return Manifest()
    fail = _failing(path)
    try:
        data = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise fail("", f"not JSON ({_reason(exc)})") from None
    if not isinstance(data, dict) or data.get("manifest_version") != 1:
        raise fail("manifest_version", "missing or not 1")
    if set(data) - {"manifest_version", "outputs"}:
        raise fail("", f"unknown fields {sorted(set(data) - {'manifest_version', 'outputs'})}")
    outputs = data.get("outputs", {})
    if not isinstance(outputs, dict):
        raise fail("outputs", "not an object")
    records: dict[str, OutputRecord] = {}
    for name, value in outputs.items():
        problem = checked_record(name, value, today)
        if isinstance(problem, str):
            raise fail(f"outputs.{name}", problem)
        records[name] = problem
    return Manifest(outputs=records)


def checked_record(name: object, value: object, today: dt.date | None = None) -> OutputRecord | str:
    """The record of output ``name``, or why it cannot be trusted (the manifest's and
    the journal's records are checked alike)."""
    if not isinstance(name, str) or not _is_file_name(name):
        return "not the name of a file in the output folder"
    unsafe = _unsafe_string(value)
    if unsafe is not None:
        return f"holds a control or invisible character in {unsafe}"
    try:
        record = OutputRecord.model_validate(value)
    except ValidationError as exc:
        err = exc.errors(include_url=False, include_input=False)[0]
        where = ".".join(str(part) for part in err["loc"])
        return f"{where + ': ' if where else ''}{err['msg']}"
    why = out_of_range(record.last_updated, max(today or dt.date.today(), dt.date.today()))
    if why is not None:
        return f"last_updated: {why}"
    return record


def read_limited(path: Path, limit: int, what: str) -> bytes | None:
    """The bytes of a regular file (None if there is none), never blocking on a pipe."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DrafterError(Problem(str(path), f"cannot read {what}: {_reason(exc)}")) from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DrafterError(
                Problem(str(path), f"is not a regular file, so not {what}; move it out of the output folder")
            )
        if info.st_size > limit:
            raise DrafterError(
                Problem(
                    str(path),
                    f"{what} is too large ({info.st_size:,} bytes; the limit is {limit:,}); {_MOVE_AWAY}",
                )
            )
        with os.fdopen(os.dup(fd), "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise DrafterError(Problem(str(path), f"cannot read {what}: {_reason(exc)}")) from None
    finally:
        os.close(fd)
    if len(data) > limit:
        raise DrafterError(Problem(str(path), f"{what} grew past {limit:,} bytes while read; {_MOVE_AWAY}"))
    return data


def _failing(path: Path) -> Callable[[str, str], DrafterError]:
    def fail(where: str, what: str) -> DrafterError:
        return DrafterError(
            Problem(
                str(path), f"is not a drafter manifest ({where + ': ' if where else ''}{what}); {_MOVE_AWAY}"
            )
        )

    return fail


def _is_file_name(name: str) -> bool:
    return bool(name) and name not in (".", "..") and "/" not in name and _unsafe_string(name) is None


def _unsafe_string(value: object, where: str = "") -> str | None:
    """Where in ``value`` (a JSON value) a key or string holds a control character."""
    if isinstance(value, str):
        unsafe = for_terminal(value) != value or "\n" in value or "\t" in value
        return (where or "a name") if unsafe else None
    if isinstance(value, dict):
        for key, item in value.items():
            inner = f"{where}.{key}" if where else str(key)
            if isinstance(key, str) and _unsafe_string(key) is not None:
                return f"the key {printable(key)}"
            found = _unsafe_string(item, inner)
            if found is not None:
                return found
    if isinstance(value, list):
        for i, item in enumerate(value):
            found = _unsafe_string(item, f"{where}[{i}]")
            if found is not None:
                return found
    return None


def write_manifest(path: Path, manifest: Manifest) -> bool:
    """Write the manifest atomically, only if its bytes change; whether it was written."""
    text = manifest.dumps()
    try:
        if read_limited(path, MAX_MANIFEST_BYTES, "the manifest") == text.encode("utf-8"):
            return False
    except DrafterError:
        pass  # written over below (a pipe in its place is replaced, not written into)
    try:
        write_atomic(path, text)
    except OSError as exc:
        raise DrafterError(Problem(str(path), f"cannot write the manifest: {_reason(exc)}")) from None
    return True


def why_changed(old: OutputRecord | None, new: OutputRecord, on_disk: str | None) -> list[str]:
    """Why an output's content differs from the last run, most specific reason first.

    ``on_disk`` is the hash of the file found in the output folder (None: no file).
    """
    if old is None:
        return [] if on_disk is None else ["not recorded in the manifest"]
    reasons: list[str] = []
    if on_disk is None:
        reasons.append("file was missing")
    elif on_disk != old.content_sha256:
        reasons.append("file changed since the last run")
    if new.profile_sha256 != old.profile_sha256:
        reasons.append("profile edited")
    reasons += _vendor_changes(old.vendors, new.vendors)
    if new.law_sha256 != old.law_sha256:
        reasons.append("law data changed")
    if new.templates_sha256 != old.templates_sha256:
        reasons.append("templates changed")
    if new.paper != old.paper:
        reasons.append(f"paper {old.paper} -> {new.paper}")
    if new.lang != old.lang:  # an artefact's languages (en+fr), chosen with --lang
        reasons.append(f"languages {old.lang} -> {new.lang}")
    if new.policy_url != old.policy_url:
        reasons.append("banner's --policy-url changed")
    if new.drafter_version != old.drafter_version:
        reasons.append(f"drafter {old.drafter_version} -> {new.drafter_version}")
    return reasons or ["drafter's output changed"]


def _vendor_changes(old: Mapping[str, str], new: Mapping[str, str]) -> list[str]:
    out = []
    for ident in sorted(old.keys() | new.keys()):
        if ident not in old:
            out.append(f"vendor {ident!r} added")
        elif ident not in new:
            out.append(f"vendor {ident!r} removed")
        elif old[ident] != new[ident]:
            out.append(f"vendor {ident!r} changed")
    return out


def _reason(exc: Exception) -> str:
    if isinstance(exc, OSError):
        return (exc.strerror or str(exc)).lower()
    return str(exc)
