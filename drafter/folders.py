"""Scanning a folder of YAML files (profiles, vendor catalogs) for what may be read.

Only regular files are read. A symlink is followed only when its target stays inside
the folder, so a link to a secret file elsewhere is never opened (and so never echoed in
an error message). FIFOs, devices and sockets would block or stream for ever; dot-files
are editors' leftovers (``.#x.yaml``, ``._x.yaml``). Each of these is skipped with a
notice, so a user sees why a file was not read.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from pathlib import Path

from drafter.errors import Problem


@dataclass
class Scan:
    """The files to read, and a notice for each file that was passed over."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


def yaml_files(folder: Path, pattern: str = "*.yaml") -> Scan:
    """The regular ``pattern`` files of ``folder``, sorted by name."""
    scan = Scan()
    try:
        inside = os.path.realpath(folder)
        candidates = sorted(folder.glob(pattern))
    except OSError:
        return scan
    for path in candidates:
        reason = _skip_reason(path, inside)
        if reason is None:
            scan.files.append(path)
        elif reason:
            scan.skipped.append(Problem(str(path), f"skipped: {reason}"))
    return scan


def _skip_reason(path: Path, inside: str) -> str | None:
    """Why ``path`` is not read (None: it is read; "": a folder, passed over silently)."""
    if path.name.startswith("."):
        return "a hidden file (an editor's or a system's, not a profile)"
    try:
        info = path.lstat()
        if stat.S_ISLNK(info.st_mode):
            target = os.path.realpath(path)
            if os.path.commonpath([inside, target]) != inside:
                return "a symbolic link to a file outside the folder"
            info = os.stat(target)
    except (OSError, ValueError):
        return "cannot be read (a broken link?)"
    if stat.S_ISDIR(info.st_mode):
        return ""
    if not stat.S_ISREG(info.st_mode):
        return "not a regular file (a pipe, a device or a socket)"
    return None


def readable_files(folder: Path, pattern: str = "*.yaml") -> list[Path]:
    """The files :func:`yaml_files` would read, each skipped file noticed on stderr."""
    scan = yaml_files(folder, pattern)
    for notice in scan.skipped:
        print(notice, file=sys.stderr)
    return scan.files
