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
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from drafter.atomic import write_atomic
from drafter.errors import DrafterError, Problem
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


def read_manifest(path: Path) -> Manifest:
    """The manifest at ``path``; an empty one if there is none yet."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return Manifest()
    except (OSError, UnicodeDecodeError) as exc:
        raise DrafterError(Problem(str(path), f"cannot read the manifest: {_reason(exc)}")) from None
    try:
        return Manifest.model_validate_json(text)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(part) for part in err["loc"])
        raise DrafterError(
            Problem(
                str(path),
                f"is not a drafter manifest ({where + ': ' if where else ''}{err['msg']}); "
                "move it away to start afresh (dates of changed policies are then reset)",
            )
        ) from None


def write_manifest(path: Path, manifest: Manifest) -> bool:
    """Write the manifest atomically, only if its bytes change; whether it was written."""
    text = manifest.dumps()
    try:
        if path.read_text(encoding="utf-8") == text:
            return False
    except (OSError, UnicodeDecodeError):
        pass
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
