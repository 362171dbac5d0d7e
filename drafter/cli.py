"""Command line: ``drafter render | validate | schema | lint-text``.

Exit codes: 0 ok, 1 findings, 2 bad input or usage, 70 internal error, 130 interrupted.
Every user-facing error is a DrafterError, caught once here and printed as
``FILE:LINE: field.path: message``. Any other exception is a bug: it is printed as one
line with a hint to report it (``DRAFTER_DEBUG=1`` shows the traceback), never as a traceback.
Heavy or wizard-only modules are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from drafter import __version__
from drafter.errors import (
    EXIT_BAD_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    DrafterError,
    Problem,
    printable,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        print(f"{self.prog}: error: {message} (see '{self.prog} --help')", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="drafter",
        description="Draft a privacy policy in English or French from a service profile (YAML).",
        epilog="Exit codes: 0 ok, 1 findings, 2 bad input or usage, 70 internal error (please "
        "report it). Output is a draft for review by a qualified person, not legal advice.",
    )
    parser.add_argument("--version", action="version", version=f"drafter {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    render = sub.add_parser("render", help="render a policy from a profile")
    render.add_argument("profile", help="profile YAML file")
    render.add_argument("--lang", choices=["en", "fr"], help="language (default: the profile's first)")
    render.add_argument("--format", choices=["md", "html", "txt"], default="md", help="output format")
    render.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    render.add_argument(
        "--vendors", action="append", default=[], metavar="DIR", help="extra vendor catalog folder"
    )

    validate = sub.add_parser("validate", help="check profiles and report every problem")
    validate.add_argument("profiles", nargs="+", help="profile YAML files")
    validate.add_argument(
        "--vendors", action="append", default=[], metavar="DIR", help="extra vendor catalog folder"
    )

    lint = sub.add_parser(
        "lint-text",
        help="developer check: spelling, grammar, style and readability of rendered policies",
        description="Render each profile in each of its languages and report every spelling, "
        "grammar and style finding with the template line it most likely comes from. Needs "
        "hunspell (en_GB, fr_FR) and python3-grammalecte; see README.",
    )
    lint.add_argument("profiles", nargs="+", help="profile YAML files")
    lint.add_argument("--lang", choices=["en", "fr"], action="append", help="only this language")
    lint.add_argument("--templates", metavar="DIR", help="check this copy of the templates folder")
    lint.add_argument("--report", metavar="FILE", help="also write the readability table (Markdown)")
    lint.add_argument(
        "--vendors", action="append", default=[], metavar="DIR", help="extra vendor catalog folder"
    )

    schema = sub.add_parser("schema", help="print the profile JSON Schema (for editor completion)")
    schema.add_argument("-o", "--output", help="write to this file instead of stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_BAD_INPUT
        return int(_COMMANDS[args.command](args))
    except DrafterError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("drafter: interrupted; no file was changed", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:
        if os.environ.get("DRAFTER_DEBUG"):
            raise
        what = printable(f"{type(exc).__name__}: {exc}", limit=300)
        print(
            f"drafter: internal error ({what}); this is a bug in drafter, please report it with "
            "the command you ran (DRAFTER_DEBUG=1 shows the details)",
            file=sys.stderr,
        )
        return EXIT_INTERNAL


def _vendor_dirs(args: argparse.Namespace) -> list[Path]:
    return [Path(d) for d in args.vendors]


def _cmd_render(args: argparse.Namespace) -> int:
    from drafter.profile_loading import load_profile
    from drafter.render import render

    if args.output and _same_file(args.output, args.profile):
        raise DrafterError(Problem(args.output, "refusing to overwrite the input profile with its policy"))
    loaded = load_profile(args.profile, _vendor_dirs(args))
    lang = args.lang or loaded.profile.languages[0]
    text = render(loaded, lang, args.format)
    _emit(text, args.output)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from drafter.profile_loading import load_profile

    errors: list[DrafterError] = []
    for path in args.profiles:
        try:
            load_profile(path, _vendor_dirs(args))
        except DrafterError as exc:
            errors.append(exc)
    if errors:
        raise DrafterError.combine(errors)
    for path in args.profiles:
        print(f"{path}: ok")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from drafter.profile import Profile

    schema = Profile.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "drafter service profile"
    _emit(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", args.output)
    return EXIT_OK


def _cmd_lint_text(args: argparse.Namespace) -> int:
    from drafter.lint.report import lint_files, print_findings, readability_table

    templates = Path(args.templates) if args.templates else None
    if templates is not None and not (templates / "en").is_dir():
        raise DrafterError(Problem(args.templates, "is not a templates folder (it has no 'en' folder)"))
    reports = lint_files(
        args.profiles, langs=args.lang, template_root=templates, vendor_dirs=_vendor_dirs(args)
    )
    if args.report:
        _emit(readability_table(reports), args.report)
    return print_findings(reports)


_COMMANDS = {
    "render": _cmd_render,
    "validate": _cmd_validate,
    "schema": _cmd_schema,
    "lint-text": _cmd_lint_text,
}


def _emit(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from drafter.atomic import write_atomic

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
    try:
        write_atomic(target, text)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise DrafterError(Problem(output, f"cannot write: {reason}")) from None


def _same_file(a: str, b: str) -> bool:
    """Whether two paths name one file (through a symlink or a hard link too)."""
    try:
        if os.path.exists(a) and os.path.exists(b):
            return os.path.samefile(a, b)
        return Path(a).resolve() == Path(b).resolve()
    except (OSError, ValueError):
        return False
