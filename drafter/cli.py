"""Command line: ``drafter render | validate | check | record | schema | lint-text | regenerate |
vendors | wizard``.

Exit codes: 0 ok, 1 findings, 2 bad input, usage or environment fault, 70 internal error,
130 interrupted (Ctrl-C), 143 stopped by SIGTERM (regenerate).
Every user-facing error is a DrafterError, caught once here and printed as
``FILE:LINE: field.path: message``. Any other exception is a bug: it is printed as one
line with a hint to report it (``DRAFTER_DEBUG=1`` shows the traceback), never as a traceback.
Heavy or wizard-only modules are imported inside the commands that need them.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from drafter import __version__
from drafter.choices import LANGS, OUTPUT_FORMATS, PAPERS, RECORD_FORMATS
from drafter.console import GuardedStdout, OutputFault, discard_stdout, say, show, show_document
from drafter.errors import (
    EXIT_BAD_INPUT,
    EXIT_FINDINGS,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    DrafterError,
    Problem,
    printable,
)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        say(f"{self.prog}: error: {message} (see '{self.prog} --help')")
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
    _lang_option(render)
    render.add_argument(
        "--format", choices=OUTPUT_FORMATS, default="md", help="output format (pdf and docx need -o)"
    )
    _paper_option(render)
    render.add_argument(
        "--fragment",
        action="store_true",
        help="HTML only: the policy element alone, to embed in a page (see docs/html.md)",
    )
    render.add_argument(
        "--top-heading",
        type=int,
        choices=[1, 2, 3],
        default=1,
        metavar="N",
        help="with --fragment: the policy's title as <hN> (2 if your page has its own <h1>); default 1",
    )
    render.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    _vendors_option(render)

    validate = sub.add_parser("validate", help="check profiles and report every problem")
    validate.add_argument("profiles", nargs="+", help="profile YAML files")
    _vendors_option(validate)

    lint = sub.add_parser(
        "lint-text",
        help="developer check: spelling, grammar, style and readability of rendered policies",
        description="Render each profile in each of its languages and report every spelling, "
        "grammar and style finding with the template line it most likely comes from. Needs "
        "hunspell (en_GB, fr_FR) and python3-grammalecte; see README.",
    )
    lint.add_argument("profiles", nargs="+", help="profile YAML files")
    lint.add_argument("--lang", choices=LANGS, action="append", help="only this language")
    lint.add_argument("--templates", metavar="DIR", help="check this copy of the templates folder")
    lint.add_argument("--report", metavar="FILE", help="also write the readability table (Markdown)")
    _vendors_option(lint)

    check = sub.add_parser(
        "check",
        help="prove each policy complete (GDPR, ePrivacy, CalOPPA, CCPA, COPPA) and its profile consistent",
        description="Render each profile and show, for every requirement that applies, the section "
        "that meets it; then the consistency findings. Exit 0 when complete, 1 when a requirement is "
        "missing or an error (with --strict, a warning) remains. Not legal advice.",
    )
    check.add_argument("profiles", nargs="+", help="profile YAML files")
    check.add_argument("--lang", choices=[*LANGS, "all"], default="all", help="language(s) to check")
    check.add_argument("--strict", action="store_true", help="warnings fail too")
    check.add_argument("--json", action="store_true", help="machine-readable output")
    _today_option(check, "date to judge staleness against")
    _vendors_option(check)

    wizard = sub.add_parser(
        "wizard",
        help="build or edit a profile by answering questions",
        description="Ask about the service and save the answers as a profile. With --from, every "
        "question is pre-filled with the saved answer. Needs a terminal; scripts use validate and render.",
    )
    wizard.add_argument("-o", "--output", metavar="FILE", help="profile file to write")
    wizard.add_argument("--from", dest="source", metavar="PROFILE", help="edit this profile")
    wizard.add_argument(
        "--ui",
        choices=["fr", "en"],
        help="language of the wizard's questions; default: from the locale (LC_ALL, LC_MESSAGES, "
        "LANG), else English",
    )
    _vendors_option(wizard)

    schema = sub.add_parser("schema", help="print the profile JSON Schema (for editor completion)")
    schema.add_argument("-o", "--output", help="write to this file instead of stdout")

    regen = sub.add_parser(
        "regenerate",
        help="keep a folder of policies current: rewrite only those whose content changed",
        description="Render every profile in each language and format to DIR/PROFILE.LANG.FORMAT. "
        "A policy is rewritten, with today's date as its last update, only when its content "
        "changed; DIR/drafter-manifest.json records why (profile, vendor, law data, templates).",
    )
    regen.add_argument(
        "inputs", nargs="*", metavar="PROFILE_OR_DIR", help="profiles or folders (default: profiles/)"
    )
    regen.add_argument("--out", required=True, metavar="DIR", help="output folder")
    regen.add_argument(
        "--lang", type=_list_of(LANGS), metavar=",".join(LANGS), help="languages (default: each profile's)"
    )
    regen.add_argument(
        "--format", type=_list_of(OUTPUT_FORMATS), default=("md",), metavar=",".join(OUTPUT_FORMATS)
    )
    _paper_option(regen)
    regen.add_argument("--check", action="store_true", help="write nothing; exit 1 if a policy would change")
    regen.add_argument("--diff", action="store_true", help="show a unified diff of each changed policy")
    _vendors_option(regen)
    _today_option(regen, "date of today's updates")
    regen.add_argument(
        "--jobs", type=_positive_int, metavar="N", help="processes (default and most: one per CPU)"
    )
    regen.add_argument(
        "--no-wait",
        action="store_true",
        help="if another run is regenerating DIR, exit 2 at once instead of waiting for it",
    )

    vendors = sub.add_parser("vendors", help="list the vendor catalog, or show one vendor's facts")
    actions = vendors.add_subparsers(dest="action", metavar="ACTION", parser_class=_Parser, required=True)
    vlist = actions.add_parser("list", help="one line per vendor")
    vlist.add_argument("--category", help="only this category (payment, analytics, hosting, ...)")
    _vendors_option(vlist)
    vshow = actions.add_parser("show", help="every fact of one vendor, and where each comes from")
    vshow.add_argument("vendor", metavar="ID", help="vendor id, as in 'drafter vendors list'")
    _vendors_option(vshow)
    vshow.add_argument("--profile", help="show the vendor as this profile uses it (with its override)")
    vstale = actions.add_parser(
        "stale",
        help="the facts not checked against their source for N days, by vendor (exit 1 if any)",
    )
    vstale.add_argument("--days", type=int, default=365, metavar="N", help="checked within N days (365)")
    _today_option(vstale, "count the days up to this date (default: today)")
    _vendors_option(vstale)

    record = sub.add_parser(
        "record",
        help="export the profile as a record of processing activities (Art. 30(1) GDPR)",
        description="One activity per purpose: legal basis, data subjects, data, recipients, "
        "transfers outside the EEA and their safeguards, retention and security measures.",
    )
    record.add_argument("profile", help="profile YAML file")
    _lang_option(record)
    record.add_argument("--format", choices=RECORD_FORMATS, default="md", help="output format")
    record.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    _vendors_option(record)
    return parser


# -- options several commands share, declared once ------------------------------------


def _vendors_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--vendors", action="append", default=[], metavar="DIR", help="extra vendor catalog folder"
    )


def _lang_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--lang", choices=LANGS, help="language (default: the profile's first)")


def _today_option(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--today", type=_iso_date, metavar="YYYY-MM-DD", help=help)


def _paper_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--paper", choices=PAPERS, default="a4", help="PDF paper size")


def _list_of(choices: tuple[str, ...]) -> Callable[[str], tuple[str, ...]]:
    """An argparse type for a comma-separated list such as ``md,html``."""

    def parse(text: str) -> tuple[str, ...]:
        items = tuple(dict.fromkeys(part.strip() for part in text.split(",") if part.strip()))
        bad = [item for item in items if item not in choices]
        if bad or not items:
            shown = repr(bad[0]) if bad else repr(text)
            raise argparse.ArgumentTypeError(f"invalid choice: {shown} (choose from {', '.join(choices)})")
        return items

    return parse


def _iso_date(text: str) -> dt.date:
    from drafter.dates import out_of_range

    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; write YYYY-MM-DD") from None
    why = out_of_range(day)
    if why is not None:
        raise argparse.ArgumentTypeError(why)
    return day


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of processes (1 or more)")
    return int(text)


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; stdout is guarded meanwhile, so that a closed or full stdout or a
    narrow encoding is one line and exit 2, and it is flushed here, where that can still
    be said, not at interpreter exit."""
    stdout = sys.stdout
    sys.stdout = GuardedStdout(stdout)
    try:
        code = _run(argv)
        try:
            sys.stdout.flush()
        except BrokenPipeError:
            discard_stdout()
        except OutputFault as exc:
            code = _output_fault(exc)
        return code
    finally:
        sys.stdout = stdout


def _run(argv: Sequence[str] | None) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:
            parser.print_help()
            return EXIT_BAD_INPUT
        return int(_COMMANDS[args.command](args))
    except DrafterError as exc:
        for problem in exc.problems:
            say(str(problem))
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        say("drafter: interrupted; no file was changed")
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        discard_stdout()
        return EXIT_OK
    except OutputFault as exc:
        return _output_fault(exc)
    except Exception as exc:
        if os.environ.get("DRAFTER_DEBUG"):
            raise
        what = printable(f"{type(exc).__name__}: {exc}", limit=300)
        say(
            f"drafter: internal error ({what}); this is a bug in drafter, please report it with "
            "the command you ran (DRAFTER_DEBUG=1 shows the details)"
        )
        return EXIT_INTERNAL


def _output_fault(exc: OutputFault) -> int:
    say(str(Problem("drafter", str(exc))))
    discard_stdout()  # what is left in the buffer cannot be written either
    return EXIT_BAD_INPUT


def _vendor_dirs(args: argparse.Namespace) -> list[Path]:
    return [Path(d) for d in args.vendors]


def _cmd_render(args: argparse.Namespace) -> int:
    from drafter.legal.load import load_profile
    from drafter.render.formats import render

    _refuse_overwriting_inputs(args, args.output, "policy")
    if args.format == "pdf" and not args.output:
        raise DrafterError(
            Problem("drafter", "a PDF is binary: write it to a file with -o, e.g. -o policy.pdf")
        )
    if args.format == "docx" and not args.output:
        raise DrafterError(
            Problem("drafter", "a Word document is binary: write it to a file with -o, e.g. -o policy.docx")
        )
    if args.fragment and args.format != "html":
        raise DrafterError(Problem("drafter", "--fragment goes with --format html"))
    if args.top_heading != 1 and not args.fragment:
        raise DrafterError(
            Problem("drafter", "--top-heading goes with --fragment (a page's title is its <h1>)")
        )
    loaded = load_profile(args.profile, _vendor_dirs(args))
    lang = args.lang or loaded.profile.languages[0]
    if args.fragment:
        from drafter.render.html import to_html
        from drafter.render.policy import render_policy

        _emit(to_html(render_policy(loaded, lang), fragment=True, top_heading=args.top_heading), args.output)
        return EXIT_OK
    if args.format == "docx":
        from drafter.render.docx import to_docx
        from drafter.render.policy import render_policy

        target = _output_path(args.output)
        _write_file(target, to_docx(render_policy(loaded, lang), loaded.profile.dates.last_updated))
        return EXIT_OK
    if args.format == "pdf":
        from drafter.render.pdf import html_to_pdf

        target = _output_path(args.output)  # refused before Chromium starts
        _write_file(
            target, html_to_pdf(render(loaded, lang, "html"), args.paper, loaded.profile.dates.last_updated)
        )
        return EXIT_OK
    text = render(loaded, lang, args.format)
    _emit(text, args.output)
    return EXIT_OK


def _cmd_validate(args: argparse.Namespace) -> int:
    from drafter.legal.load import load_profile
    from drafter.legal.us import ccpa_applies_because
    from drafter.model.law import load_law

    errors: list[DrafterError] = []
    warnings: dict[str, int] = {}
    notes: dict[str, str] = {}
    for path in args.profiles:
        try:
            loaded = load_profile(path, _vendor_dirs(args))
        except DrafterError as exc:
            errors.append(exc)
            continue
        warnings[path] = len(loaded.warnings)
        if loaded.facts.laws.ccpa:
            notes[path] = "; CCPA applies: " + ", ".join(ccpa_applies_because(loaded.facts, load_law()))
        for warning in loaded.warnings:  # said, not refused: 'check --strict' fails on them
            say(warning.report_line())
    if errors:
        raise DrafterError.combine(errors)
    for path in args.profiles:
        count = warnings[path]
        said = (f"{count} warning{'s' if count > 1 else ''}" if count else "") + notes.get(path, "")
        show(f"{printable(path)}: ok" + (f" ({said.removeprefix('; ')})" if said else "") + "\n")
    return EXIT_OK


def _cmd_schema(args: argparse.Namespace) -> int:
    from drafter.model.profile import Profile

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
    _refuse_overwriting_inputs(args, args.report, "readability table")
    reports = lint_files(
        args.profiles, langs=args.lang, template_root=templates, vendor_dirs=_vendor_dirs(args)
    )
    if args.report:
        _emit(readability_table(reports), args.report)
    return print_findings(reports)


def _cmd_regenerate(args: argparse.Namespace) -> int:
    from drafter.commands.regenerate import EXIT_TERMINATED, print_report, regenerate

    if not args.out.strip():
        raise DrafterError(Problem("drafter", "--out needs a folder name"))
    report = regenerate(
        args.inputs,
        Path(args.out),
        langs=args.lang,
        formats=args.format,
        today=args.today,
        check=args.check,
        diff=args.diff,
        vendor_dirs=_vendor_dirs(args),
        jobs=args.jobs or os.cpu_count() or 1,
        progress=sys.stderr if sys.stderr.isatty() else None,
        paper=args.paper,
        wait=not args.no_wait,
    )
    print_report(report, sys.stdout, sys.stderr)
    if report.interrupted:
        written = 0 if args.check else len(report.changed)
        how = "stopped by SIGTERM" if report.terminated else "interrupted"
        say(
            f"drafter: {how}; {written} changed policies were written (each whole), the manifest "
            "records them; run the same command again to finish"
        )
        return EXIT_TERMINATED if report.terminated else EXIT_INTERRUPTED
    return report.exit_code


def _cmd_vendors(args: argparse.Namespace) -> int:
    from drafter.commands.vendors import list_lines, show_lines, stale_lines

    if args.action == "stale":
        lines = stale_lines(_vendor_dirs(args), args.days, args.today or dt.date.today())
        show("".join(f"{line}\n" for line in lines))
        vendors = sum(not line.startswith(" ") for line in lines)
        facts = len(lines) - vendors
        say(f"drafter: vendors: {facts} facts of {vendors} vendors not checked within {args.days} days")
        return EXIT_FINDINGS if lines else EXIT_OK
    if args.action == "list":
        lines = list_lines(_vendor_dirs(args), args.category)
        if not lines:
            say(f"drafter: vendors: no vendor in category {args.category!r}")
    else:
        lines = show_lines(args.vendor, _vendor_dirs(args), args.profile)
    show("".join(f"{line}\n" for line in lines))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from drafter.commands.check import check_profile, report_json, report_text

    langs = None if args.lang == "all" else [args.lang]
    results = [
        check_profile(p, langs, today=args.today, vendor_dirs=_vendor_dirs(args)) for p in args.profiles
    ]
    # A profile that does not load is bad input, reported as 'drafter validate' does.
    invalid = [r for r in results if not r.loaded]
    checked = [r for r in results if r.loaded]
    if checked:
        if args.json:
            show_document(report_json(checked, args.strict))
        else:
            show(report_text(checked, args.strict))
    if invalid:
        raise DrafterError([Problem(f.file, f.message, f.line, f.path) for r in invalid for f in r.findings])
    return EXIT_OK if all(r.passed(args.strict) for r in results) else EXIT_FINDINGS


def _cmd_wizard(args: argparse.Namespace) -> int:
    from drafter.wizard.session import run

    if args.output is not None:
        _output_path(args.output)  # say so now, not after the last question
        _refuse_overwriting_inputs(args, args.output, "profile")  # --from is edited in place
    return run(args.output, args.source, _vendor_dirs(args), ui=args.ui)


def _cmd_record(args: argparse.Namespace) -> int:
    from drafter.commands.record import record_text
    from drafter.legal.load import load_profile

    _refuse_overwriting_inputs(args, args.output, "record")
    loaded = load_profile(args.profile, _vendor_dirs(args))
    lang = args.lang or loaded.profile.languages[0]
    _emit(record_text(loaded, lang, args.format, dt.date.today()), args.output)
    return EXIT_OK


_COMMANDS = {
    "render": _cmd_render,
    "validate": _cmd_validate,
    "schema": _cmd_schema,
    "lint-text": _cmd_lint_text,
    "regenerate": _cmd_regenerate,
    "vendors": _cmd_vendors,
    "wizard": _cmd_wizard,
    "record": _cmd_record,
    "check": _cmd_check,
}


def _emit(text: str, output: str | None) -> None:
    """A document (policy, schema, record, table) to the ``-o`` file, or to stdout."""
    if output is None:
        show_document(text)
        return
    _write_file(_output_path(output), text)


def _write_file(target: Path, data: str | bytes) -> None:
    from drafter.atomic import write_atomic

    try:
        write_atomic(target, data)
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise DrafterError(Problem(str(target), f"cannot write: {reason}")) from None


def _output_path(output: str) -> Path:
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


def _refuse_overwriting_inputs(args: argparse.Namespace, output: str | None, product: str) -> None:
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
