"""What the command line's subcommands share: options declared once, and the ``-o`` output.

Kept apart from :mod:`drafter.cli` so that the artefact commands (:mod:`drafter.cli_artefacts`)
use the same options and the same atomic, input-guarded output as ``render``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
from collections.abc import Callable, Iterator
from pathlib import Path

from drafter.choices import LANGS, PAPERS
from drafter.console import show_document
from drafter.errors import DrafterError, Problem


def vendors_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vendors", action="append", default=[], metavar="DIR", help="extra vendor catalog folder"
    )


def lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS, help="language (default: the profile's first)")


def today_option(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--today", type=iso_date, metavar="YYYY-MM-DD", help=help)


def paper_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paper", choices=PAPERS, default="a4", help="PDF paper size")


def list_of(choices: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    """An argparse type for a comma-separated list such as ``md,html``."""

    def parse(text: str) -> tuple[str, ...]:
        items = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
        bad = [item for item in items if item not in choices]
        if bad or not items:
            shown = repr(bad[0]) if bad else repr(text)
            raise argparse.ArgumentTypeError(f"invalid choice: {shown} (choose from {', '.join(choices)})")
        return items

    return parse


def iso_date(text: str) -> dt.date:
    from drafter.dates import out_of_range

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None
    why = out_of_range(day)
    if why is not None:
        raise argparse.ArgumentTypeError(why)
    return day


def positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def vendor_dirs(args: argparse.Namespace) -> list[Path]:
    return [Path(d) for d in args.vendors]


def emit(text: str, output: str | None) -> None:
    """A document (policy, schema, record, table) to the ``-o`` file, or to stdout."""
    if output is None:
        show_document(text)
        return
    write_file(output_path(output), text)


def write_file(target: Path, data: str | bytes) -> None:
    from drafter.atomic import write_atomic

    try:
        write_atomic(target, data)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise DrafterError(Problem(str(target), f"cannot write: {reason}")) from None


def output_path(output: str) -> Path:
    """The ``-o`` file, refused before any work if it cannot be written as a file."""
    if not output.strip():
        raise DrafterError(Problem("drafter", "-o needs a file name"))
    target = Path(output)
    if target.is_dir():
        raise DrafterError(Problem(output, "is a directory; give a file name"))
    if target.exists() and not target.is_file():
        # Replacing a device or a pipe (-o /dev/null as root) with a file would break it.
        raise DrafterError(Problem(output, "is not a regular file; give a file name, or leave out -o"))
    if not target.parent.is_dir():
        raise DrafterError(Problem(output, f"folder {str(target.parent)!r} does not exist"))
    return target


def refuse_overwriting_inputs(args: argparse.Namespace, output: str | None, product: str) -> None:
    """No command writes over one of its own inputs (its profiles, the files of its
    ``--vendors`` folders, its ``--templates``), by any path to it, links included."""
    if not output:
        return
    for kind, source in _inputs(args):
        if _same_file(output, source):
            raise DrafterError(Problem(output, f"refusing to overwrite the input {kind} with its {product}"))


def _inputs(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """``(kind, path)`` for every file the command reads."""
    for profile in getattr(args, "profiles", None) or [getattr(args, "profile", None)]:
        if profile:
            yield "profile", profile
    for folder in getattr(args, "vendors", None) or []:
        yield from (("vendor file", str(path)) for path in Path(folder).glob("*.yaml"))
    templates = getattr(args, "templates", None)
    if templates:
        yield from (("template", str(path)) for path in Path(templates).rglob("*") if path.is_file())


def _same_file(a: str, b: str) -> bool:
    """Whether two paths name one file (through a symlink or a hard link too)."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, ValueError):
        return False
