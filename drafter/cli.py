"""Command line: ``drafter render | validate | schema``.

Exit codes: 0 ok, 1 findings, 2 bad input or usage. Every user-facing error is a
DrafterError, caught once here and printed as ``FILE:LINE: field.path: message``.
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
from drafter.errors import EXIT_BAD_INPUT, EXIT_OK, DrafterError, Problem


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"drafter: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_BAD_INPUT)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="drafter",
        description="Draft a privacy policy in English or French from a service profile (YAML).",
        epilog="Exit codes: 0 ok, 1 findings, 2 bad input or usage. Output is a draft for review "
        "by a qualified person, not legal advice.",
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

    schema = sub.add_parser("schema", help="print the profile JSON Schema (for editor completion)")
    schema.add_argument("-o", "--output", help="write to this file instead of stdout")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_BAD_INPUT
    try:
        return int(_COMMANDS[args.command](args))
    except DrafterError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        print("drafter: interrupted; no file was changed", file=sys.stderr)
        return 130
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK


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


_COMMANDS = {"render": _cmd_render, "validate": _cmd_validate, "schema": _cmd_schema}


def _emit(text: str, output: str | None) -> None:
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    from drafter.atomic import write_atomic

    target = Path(output)
    if target.is_dir():
        raise DrafterError(Problem(output, "is a directory; give a file name"))
    if not target.parent.is_dir():
        raise DrafterError(Problem(output, f"folder {str(target.parent)!r} does not exist"))
    try:
        write_atomic(target, text)
    except OSError as exc:
        raise DrafterError(Problem(output, f"cannot write: {exc.strerror or exc}")) from None


def _same_file(a: str, b: str) -> bool:
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
