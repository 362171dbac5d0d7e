#!/usr/bin/env python3
"""Refresh drafter's cookie data from the Open Cookie Database.

Reads ``open-cookie-database.csv`` from a file or from a git directory (a mirror or a clone
of https://github.com/jkwakman/Open-Cookie-Database), keeps the fields drafter uses and
writes ``drafter/data/cookies/open-cookie-database.json`` (one entry a line, sorted by name
then vendor) and its ``NOTICE``; from a git directory it also copies the ``LICENSE``. Every
file is written atomically. A readable diff against the previous JSON is printed for review.

    python scripts/refresh_cookie_db.py /work/.mirror/jkwakman+Open-Cookie-Database/repo
    python scripts/refresh_cookie_db.py --check MIRROR   # exit 1 if anything would change
    python scripts/refresh_cookie_db.py --commit SHA open-cookie-database.csv

Standalone: it imports nothing from drafter.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

SOURCE = "https://github.com/jkwakman/Open-Cookie-Database"
CSV_NAME = "open-cookie-database.csv"
LICENCE = "Apache-2.0"
OUT_DIR = Path(__file__).resolve().parent.parent / "drafter" / "data" / "cookies"
JSON_NAME = "open-cookie-database.json"
ATTRIBUTION = (
    "Cookie data derived from the Open Cookie Database by Jonathan Kwakman "
    f"({SOURCE}), Apache License 2.0; changes: fields selected and reformatted by "
    "drafter's scripts/refresh_cookie_db.py"
)
# Our field <- the CSV's column. Entry fields are written in this order.
COLUMNS = {
    "name": "Cookie / Data Key name",
    "vendor": "Platform",
    "category": "Category",
    "retention": "Retention period",
    "description": "Description",
    "domain": "Domain",
}
WILDCARD_COLUMN = "Wildcard match"  # "1": the name is a prefix (README, "Wildcard match")
FIELDS = ("name", "wildcard", "vendor", "category", "retention", "description", "domain")
COMPARED = ("wildcard", "category", "retention", "description", "domain")  # name, vendor: the key

Entry = dict[str, Any]


def derive(csv_text: str) -> list[Entry]:
    """The entries of the CSV, sorted: fields trimmed, ``domain`` left out when empty.

    A name ending in ``*`` (a few rows write the pattern that way with ``Wildcard match``
    at 0) is stored as the prefix before the ``*`` with ``wildcard`` true.
    """
    reader = csv.DictReader(io.StringIO(csv_text.lstrip("\ufeff")))
    missing = [c for c in [*COLUMNS.values(), WILDCARD_COLUMN] if c not in (reader.fieldnames or [])]
    if missing:
        raise SystemExit(f"{CSV_NAME}: missing columns {missing}")
    entries = []
    for line, row in enumerate(reader, start=2):
        entry: Entry = {key: (row[column] or "").strip() for key, column in COLUMNS.items()}
        flag = (row[WILDCARD_COLUMN] or "").strip()
        if flag not in ("0", "1"):
            raise SystemExit(f"{CSV_NAME}:{line}: {WILDCARD_COLUMN} is {flag!r}, not 0 or 1")
        wildcard = flag == "1"
        if entry["name"].endswith("*"):
            entry["name"], wildcard = entry["name"].rstrip("*"), True
        if not entry["name"]:
            raise SystemExit(f"{CSV_NAME}:{line}: no cookie name")
        entry["wildcard"] = wildcard
        if not entry["domain"]:
            del entry["domain"]
        entries.append({key: entry[key] for key in FIELDS if key in entry})
    return sorted(entries, key=_sort_key)


def _sort_key(entry: Entry) -> tuple[str, ...]:
    return tuple(str(entry.get(key, "")) for key in ("name", "vendor", *COMPARED))


def render(entries: Sequence[Entry], commit: str) -> str:
    """The JSON file: the header, then one entry a line (diff-friendly, still valid JSON)."""
    header = {"source": SOURCE, "commit": commit, "licence": LICENCE, "attribution": ATTRIBUTION}
    lines = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries]
    body = ",\n".join(lines)
    return f'{{"header":{json.dumps(header, ensure_ascii=False)},\n"entries":[\n{body}\n]}}\n'


def notice(commit: str) -> str:
    """The NOTICE shipped next to the data."""
    return (
        f"{ATTRIBUTION}.\n\n"
        f"Source: {SOURCE}\nFile: {CSV_NAME}\nCommit: {commit}\n\n"
        "The Open Cookie Database is licensed under the Apache License, Version 2.0;\n"
        "a copy is in the LICENSE file next to this NOTICE.\n"
    )


def diff(before: Sequence[Entry], after: Sequence[Entry]) -> list[str]:
    """Added, removed and changed entries, keyed by cookie name and vendor.

    Entries sharing a key are paired in order; unpaired ones count as added or removed.
    """
    old: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    new: dict[tuple[str, str], list[Entry]] = defaultdict(list)
    for entries, index in ((before, old), (after, new)):
        for e in entries:
            index[(e["name"], e["vendor"])].append(e)
    lines: list[str] = []
    for key in sorted(old.keys() | new.keys()):
        was, now = _minus(old[key], new[key]), _minus(new[key], old[key])
        label = f"{key[0]} ({key[1]})"
        for a, b in zip(was, now, strict=False):
            changes = "; ".join(
                f"{f}: {a.get(f)!r} -> {b.get(f)!r}" for f in COMPARED if a.get(f) != b.get(f)
            )
            lines.append(f"~ changed {label}: {changes}")
        lines += [f"- removed {label}" for _ in was[len(now) :]]
        lines += [f"+ added   {label}" for _ in now[len(was) :]]
    return lines


def _minus(entries: list[Entry], others: list[Entry]) -> list[Entry]:
    """``entries`` less one copy of each of ``others`` (a multiset difference, order kept)."""
    rest = list(others)
    kept = []
    for e in entries:
        if e in rest:
            rest.remove(e)
        else:
            kept.append(e)
    return kept


def read_source(source: Path, commit: str | None, ref: str) -> tuple[str, str, str | None]:
    """(CSV text, commit, LICENSE text or None) from a CSV file or a git directory."""
    if source.is_dir():

        def git(*args: str) -> str:
            done = subprocess.run(
                ["git", f"--git-dir={_git_dir(source)}", *args], capture_output=True, check=False
            )
            if done.returncode:
                raise SystemExit(f"git {' '.join(args)}: {done.stderr.decode(errors='replace').strip()}")
            return done.stdout.decode("utf-8")

        sha = git("rev-parse", "--verify", f"{ref}^{{commit}}").strip()
        if commit and commit != sha:
            raise SystemExit(f"--commit {commit} is not {ref} of {source} ({sha})")
        return git("show", f"{sha}:{CSV_NAME}"), sha, git("show", f"{sha}:LICENSE")
    if not commit:
        raise SystemExit("reading a CSV file: give the commit it comes from with --commit")
    return source.read_text(encoding="utf-8"), commit, None


def _git_dir(folder: Path) -> Path:
    return folder / ".git" if (folder / ".git").exists() else folder


def load_entries(path: Path) -> list[Entry]:
    """The entries of a previously written JSON file; none if there is no such file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return []
    return list(data["entries"])


def write_atomic(path: Path, text: str) -> None:
    """Write through a temporary file in the same folder and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None


def main(argv: Iterable[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("source", type=Path, help=f"{CSV_NAME}, or a git directory holding it")
    parser.add_argument("--commit", help="the database commit the CSV file comes from")
    parser.add_argument("--ref", default="HEAD", help="the revision to read from a git directory")
    parser.add_argument("--output-dir", type=Path, default=OUT_DIR, help=f"default {OUT_DIR}")
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if anything would change")
    args = parser.parse_args(None if argv is None else list(argv))

    csv_text, commit, licence = read_source(args.source, args.commit, args.ref)
    entries = derive(csv_text)
    out: Path = args.output_dir
    files = {JSON_NAME: render(entries, commit), "NOTICE": notice(commit)}
    if licence is not None:
        files["LICENSE"] = licence
    stale = [name for name, text in files.items() if _read(out / name) != text]

    previous = load_entries(out / JSON_NAME)
    lines = diff(previous, entries)
    old_commit = (json.loads(_read(out / JSON_NAME) or '{"header":{}}')["header"]).get("commit")
    if old_commit != commit:
        print(f"commit: {old_commit} -> {commit}")
    print("\n".join(lines) if lines else "entries: no change")
    counts = {s: sum(line.startswith(s) for line in lines) for s in "+-~"}
    print(
        f"{counts['+']} added, {counts['-']} removed, {counts['~']} changed; "
        f"{len(previous)} -> {len(entries)} entries"
    )
    if args.check:
        if stale:
            print(f"out of date: {', '.join(stale)}")
            return 1
        print("up to date")
        return 0
    for name in stale:
        write_atomic(out / name, files[name])
        print(f"wrote {out / name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
