"""Command line: ``drafter render | validate | check | record | schema | lint-text | regenerate |
vendors | wizard | scan | banner | store``.

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
from collections.abc import Sequence
from pathlib import Path

from drafter import __version__
from drafter.choices import LANGS, OUTPUT_FORMATS, RECORD_FORMATS, REGENERATE_FORMATS
from drafter.cli_artefacts import COMMANDS as ARTEFACT_COMMANDS
from drafter.cli_artefacts import add_parsers as add_artefact_parsers
from drafter.cli_common import (
    emit,
    lang_option,
    list_of,
    output_path,
    paper_option,
    positive_int,
    refuse_overwriting_inputs,
    today_option,
    vendor_dirs,
    vendors_option,
    write_file,
)
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
    lang_option(render)
    render.add_argument(
        "--format", choices=OUTPUT_FORMATS, default="md", help="output format (pdf and docx need -o)"
    )
    paper_option(render)
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
    vendors_option(render)

    validate = sub.add_parser("validate", help="check profiles and report every problem")
    validate.add_argument("profiles", nargs="+", help="profile YAML files")
    vendors_option(validate)

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
    vendors_option(lint)

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
    check.add_argument(
        "--banner",
        action="append",
        default=[],
        metavar="FILE",
        help="also report where this banner configuration ('drafter banner') disagrees with the profile",
    )
    check.add_argument(
        "--store",
        action="append",
        default=[],
        metavar="FILE",
        help="also report where these app-store answers ('drafter store') contradict the profile",
    )
    today_option(check, "date to judge staleness against")
    vendors_option(check)

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
    vendors_option(wizard)

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
        "--lang", type=list_of(LANGS), metavar=",".join(LANGS), help="languages (default: each profile's)"
    )
    regen.add_argument(
        "--format",
        type=list_of(REGENERATE_FORMATS),
        default=("md",),
        metavar="FORMATS",
        help=f"comma-separated, of {', '.join(REGENERATE_FORMATS)} (default: md); a banner or "
        "store answers is one file for all the languages",
    )
    regen.add_argument(
        "--policy-url",
        metavar="URL",
        help="the address banners link to, with {lang} and {profile} in it (default: the website)",
    )
    paper_option(regen)
    regen.add_argument("--check", action="store_true", help="write nothing; exit 1 if a policy would change")
    regen.add_argument("--diff", action="store_true", help="show a unified diff of each changed policy")
    vendors_option(regen)
    today_option(regen, "date of today's updates")
    regen.add_argument(
        "--jobs", type=positive_int, metavar="N", help="processes (default and most: one per CPU)"
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
    vendors_option(vlist)
    vshow = actions.add_parser("show", help="every fact of one vendor, and where each comes from")
    vshow.add_argument("vendor", metavar="ID", help="vendor id, as in 'drafter vendors list'")
    vendors_option(vshow)
    vshow.add_argument("--profile", help="show the vendor as this profile uses it (with its override)")
    vstale = actions.add_parser(
        "stale",
        help="the facts not checked against their source for N days, by vendor (exit 1 if any)",
    )
    vstale.add_argument("--days", type=int, default=365, metavar="N", help="checked within N days (365)")
    today_option(vstale, "count the days up to this date (default: today)")
    vendors_option(vstale)

    record = sub.add_parser(
        "record",
        help="export the profile as a record of processing activities (Art. 30(1) GDPR)",
        description="One activity per purpose: legal basis, data subjects, data, recipients, "
        "transfers outside the EEA and their safeguards, retention and security measures.",
    )
    record.add_argument("profile", help="profile YAML file")
    lang_option(record)
    record.add_argument("--format", choices=RECORD_FORMATS, default="md", help="output format")
    record.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    vendors_option(record)
    add_artefact_parsers(sub)
    return parser


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


def _cmd_render(args: argparse.Namespace) -> int:
    from drafter.legal.load import load_profile
    from drafter.render.formats import render

    refuse_overwriting_inputs(args, args.output, "policy")
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
    loaded = load_profile(args.profile, vendor_dirs(args))
    lang = args.lang or loaded.profile.languages[0]
    if args.fragment:
        from drafter.render.html import to_html
        from drafter.render.policy import render_policy

        emit(to_html(render_policy(loaded, lang), fragment=True, top_heading=args.top_heading), args.output)
        return EXIT_OK
    if args.format == "docx":
        from drafter.render.docx import to_docx
        from drafter.render.policy import render_policy

        target = output_path(args.output)
        write_file(target, to_docx(render_policy(loaded, lang), loaded.profile.dates.last_updated))
        return EXIT_OK
    if args.format == "pdf":
        from drafter.render.pdf import html_to_pdf

        target = output_path(args.output)  # refused before Chromium starts
        write_file(
            target, html_to_pdf(render(loaded, lang, "html"), args.paper, loaded.profile.dates.last_updated)
        )
        return EXIT_OK
    text = render(loaded, lang, args.format)
    emit(text, args.output)
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
            loaded = load_profile(path, vendor_dirs(args))
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
    emit(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", args.output)
    return EXIT_OK


def _cmd_lint_text(args: argparse.Namespace) -> int:
    from drafter.lint.report import lint_files, print_findings, readability_table

    templates = Path(args.templates) if args.templates else None
    if templates is not None and not (templates / "en").is_dir():
        raise DrafterError(Problem(args.templates, "is not a templates folder (it has no 'en' folder)"))
    refuse_overwriting_inputs(args, args.report, "readability table")
    reports = lint_files(
        args.profiles, langs=args.lang, template_root=templates, vendor_dirs=vendor_dirs(args)
    )
    if args.report:
        emit(readability_table(reports), args.report)
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
        vendor_dirs=vendor_dirs(args),
        jobs=args.jobs or os.cpu_count() or 1,
        progress=sys.stderr if sys.stderr.isatty() else None,
        paper=args.paper,
        wait=not args.no_wait,
        policy_url=args.policy_url,
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
        lines = stale_lines(vendor_dirs(args), args.days, args.today or dt.date.today())
        show("".join(f"{line}\n" for line in lines))
        vendors = sum(not line.startswith(" ") for line in lines)
        facts = len(lines) - vendors
        say(f"drafter: vendors: {facts} facts of {vendors} vendors not checked within {args.days} days")
        return EXIT_FINDINGS if lines else EXIT_OK
    if args.action == "list":
        lines = list_lines(vendor_dirs(args), args.category)
        if not lines:
            say(f"drafter: vendors: no vendor in category {args.category!r}")
    else:
        lines = show_lines(args.vendor, vendor_dirs(args), args.profile)
    show("".join(f"{line}\n" for line in lines))
    return EXIT_OK


def _cmd_check(args: argparse.Namespace) -> int:
    from drafter.commands.check import check_profile, report_json, report_text

    langs = None if args.lang == "all" else [args.lang]
    if (args.banner or args.store) and len(args.profiles) > 1:
        raise DrafterError(
            Problem("drafter", "--banner and --store go with one profile, the one they were drafted from")
        )
    artefacts = {"banners": args.banner, "stores": args.store}
    results = [
        check_profile(p, langs, today=args.today, vendor_dirs=vendor_dirs(args), **artefacts)
        for p in args.profiles
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
        output_path(args.output)  # say so now, not after the last question
        refuse_overwriting_inputs(args, args.output, "profile")  # --from is edited in place
    return run(args.output, args.source, vendor_dirs(args), ui=args.ui)


def _cmd_record(args: argparse.Namespace) -> int:
    from drafter.commands.record import record_text
    from drafter.legal.load import load_profile

    refuse_overwriting_inputs(args, args.output, "record")
    loaded = load_profile(args.profile, vendor_dirs(args))
    lang = args.lang or loaded.profile.languages[0]
    emit(record_text(loaded, lang, args.format, dt.date.today()), args.output)
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
    **ARTEFACT_COMMANDS,
}
