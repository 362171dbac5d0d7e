"""The commands that draft artefacts beside the policy, from the same profile: ``banner``
(a consent manager's configuration), ``store`` (the app stores' privacy answers) and
``scan`` (what a live site stores and loads, compared with the profile)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from drafter.choices import LANGS
from drafter.cli_common import (
    emit,
    list_of,
    output_path,
    refuse_overwriting_inputs,
    vendor_dirs,
    vendors_option,
)
from drafter.console import say
from drafter.errors import EXIT_OK

SCAN_MAX_PAGES = 100  # drafter scan --pages at most

if TYPE_CHECKING:
    from drafter.legal.load import LoadedProfile


def add_parsers(sub: argparse._SubParsersAction[Any]) -> None:
    vendors_option(_scan_parser(sub))
    _banner_parser(sub)
    _store_parser(sub)


def _scan_parser(sub: argparse._SubParsersAction[Any]) -> argparse.ArgumentParser:
    """``drafter scan``'s options, defined here so that other commands need not import the
    scanner (the command line adds ``--vendors``)."""
    scan: argparse.ArgumentParser = sub.add_parser(
        "scan",
        help="open a live site in headless Chromium, before consent, and compare it with the profile",
        description="Load URL (and up to N same-site pages) in a fresh headless Chromium, record the "
        "cookies, storage keys and request hosts before any consent, and map them to vendors. With "
        "--profile: report what the profile does not declare, and the YAML to add. Only page loads: "
        "nothing is clicked or submitted, but the --accept element. Exit 0 no findings, 1 findings, "
        "2 the page cannot be loaded, no browser or a bad profile. See docs/scan.md.",
    )
    scan.add_argument("url", metavar="URL", help="the page to start from (http:// or https://)")
    scan.add_argument("--profile", help="compare with this profile YAML file")
    scan.add_argument(
        "--pages",
        type=_page_count,
        default=1,
        metavar="N",
        help="pages to load, following same-site links (1)",
    )
    scan.add_argument("--json", action="store_true", help="machine-readable output")
    scan.add_argument(
        "--accept",
        metavar="SELECTOR",
        help="then click this element (a consent button) and record what follows",
    )
    return scan


def _page_count(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= SCAN_MAX_PAGES:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of pages (1 to {SCAN_MAX_PAGES})")
    return int(text)


def _banner_parser(sub: argparse._SubParsersAction[Any]) -> None:
    banner = sub.add_parser("banner", help="draft a cookie banner's configuration (see docs/banner.md)")
    banner.add_argument("profile", help="profile YAML file")
    banner.add_argument("--kind", choices=("cookieconsent", "klaro"), default="cookieconsent", help="library")
    banner.add_argument("--lang", type=list_of(LANGS), metavar="en,fr", help="default: the profile's")
    banner.add_argument("--policy-url", metavar="URL", help="the policy's address ({lang}: each language's)")
    banner.add_argument("--consent-cookie", metavar="NAME", help="the profile's cookie that keeps the choice")
    banner.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    vendors_option(banner)


def _profile_for(args: argparse.Namespace, what: str) -> LoadedProfile:
    """The profile an artefact is drafted from, once ``-o`` is known to be writable and
    not one of the command's inputs (refused before the profile is read)."""
    from drafter.legal.load import load_profile

    if args.output is not None:
        output_path(args.output)
    refuse_overwriting_inputs(args, args.output, what)
    return load_profile(args.profile, vendor_dirs(args))


def _cmd_banner(args: argparse.Namespace) -> int:
    from drafter.commands.banner import banner_text
    from drafter.commands.banner_check import banner_notes

    loaded = _profile_for(args, "banner")
    options = {"policy_url": args.policy_url, "consent_cookie": args.consent_cookie}
    text = banner_text(loaded, args.kind, args.lang, **options)
    for note in banner_notes(loaded, args.kind, **options):
        say(f"drafter: banner: {note}")
    emit(text, args.output)
    return EXIT_OK


def _cmd_scan(args: argparse.Namespace) -> int:
    from drafter.commands.scan_report import run_scan

    return run_scan(args.url, args.profile, args.pages, args.accept, args.json, vendor_dirs(args))


def _store_parser(sub: argparse._SubParsersAction[Any]) -> None:
    store = sub.add_parser("store", help="draft the app stores' privacy answers (see docs/store.md)")
    store.add_argument("profile", help="profile YAML file")
    store.add_argument("--kind", choices=("play", "apple", "apple-xcprivacy"), default="play")
    store.add_argument("-o", "--output", help="write to this file (atomically) instead of stdout")
    vendors_option(store)


def _cmd_store(args: argparse.Namespace) -> int:
    from drafter.commands.store import store_text, store_warnings

    loaded = _profile_for(args, "store answers")
    for warning in store_warnings(loaded, args.kind):
        say(warning)
    emit(store_text(loaded, args.kind), args.output)
    return EXIT_OK


COMMANDS = {"scan": _cmd_scan, "banner": _cmd_banner, "store": _cmd_store}
