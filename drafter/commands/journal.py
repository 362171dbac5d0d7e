"""The regenerate journal: a record on disk for every output before the output is.

Whichever process writes an output (the run or one of its workers) first appends the
output's :class:`~drafter.commands.manifest.OutputRecord` to ``DIR/drafter-manifest.journal``
as one JSON line, with ``O_APPEND`` and an fsync, and only then renames the output into
place. However a run ends (an error, Ctrl-C, SIGTERM, a killed worker, even ``kill -9``),
every output on disk has its record. The run merges the journal into the manifest at its
end, or the next run does at its start, and then removes it.

A record is merged only if its output's file holds what it records: a process stopped
between the append and the rename leaves the file as it was, described by the record
the manifest already had, so the manifest records only the outputs actually written. A
line torn by a kill is skipped.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import stat
from pathlib import Path

from drafter.commands.manifest import MAX_MANIFEST_BYTES, OutputRecord, checked_record, read_limited

JOURNAL_NAME = "drafter-manifest.journal"


def append_record(folder: Path, name: str, record: OutputRecord) -> None:
    """Append the record of output ``name`` durably (raises OSError if it cannot)."""
    line = json.dumps({"name": name, "record": record.model_dump(mode="json")}, sort_keys=True) + "\n"
    fd = os.open(folder / JOURNAL_NAME, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
    try:
        os.write(fd, line.encode("utf-8"))  # one write: appends of two workers never interleave
        os.fsync(fd)
    finally:
        os.close(fd)


def read_journal(folder: Path, today: dt.date | None = None) -> dict[str, OutputRecord]:
    """The journal's records of the outputs written, by name, the last one of each winning.

    Lines that are not whole, valid records (a line torn by a kill) are skipped, and so
    are records of outputs not renamed into place: such an output is as the manifest
    already recorded it, or re-checked from its file by the next run.
    """
    raw = read_limited(folder / JOURNAL_NAME, MAX_MANIFEST_BYTES, "the manifest journal")
    records: dict[str, OutputRecord] = {}
    for line in (raw or b"").splitlines():
        try:
            entry = json.loads(line.decode("utf-8"))
        except (UnicodeDecodeError, ValueError, RecursionError):
            continue
        if not isinstance(entry, dict):
            continue
        record = checked_record(entry.get("name"), entry.get("record"), today)
        if isinstance(record, OutputRecord):
            records[entry["name"]] = record
    return {name: r for name, r in records.items() if _holds(folder / name, r.content_sha256)}


def _holds(path: Path, content_sha256: str) -> bool:
    """Whether ``path`` is a regular file (not a link) with that content."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return False
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return False
        digest = hashlib.sha256()
        while chunk := os.read(fd, 1 << 20):
            digest.update(chunk)
    except OSError:
        return False
    finally:
        os.close(fd)
    return digest.hexdigest() == content_sha256


def remove_journal(folder: Path) -> None:
    """Remove the journal once the manifest holds its records."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder / JOURNAL_NAME)
