"""One wizard session: ask, check the whole profile, summarise, save, offer to render.

Nothing is written before the person confirms at the end. Ctrl-C or Ctrl-D at any point
leaves every existing file as it was; the answers given so far go to a draft file the
person can resume from with ``--from``.
"""

from __future__ import annotations

import datetime as dt
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml.comments import CommentedMap

from drafter.atomic import write_atomic
from drafter.errors import EXIT_BAD_INPUT, EXIT_INTERRUPTED, EXIT_OK, DrafterError, Problem
from drafter.model.catalog import load_catalog
from drafter.model.law import load_law
from drafter.wizard.engine import Engine, Prompter
from drafter.wizard.flow import SECTIONS, section_of, slug
from drafter.wizard.profile_file import decorate_new, dump, read_for_edit
from drafter.wizard.questions import Choice, Section, at, first_text


@dataclass
class Outcome:
    """What a session did, for the command line and for tests."""

    code: int
    saved: Path | None = None
    draft: Path | None = None
    policies: list[Path] = field(default_factory=list)


def session(
    prompter: Prompter,
    *,
    output: Path | None = None,
    source: Path | None = None,
    vendor_dirs: Iterable[Path] = (),
    today: dt.date | None = None,
) -> Outcome:
    day = today or dt.date.today()
    vendor_dirs = list(vendor_dirs)
    catalog = load_catalog(vendor_dirs)
    original = ""
    if source is not None:
        original, root = read_for_edit(source)
    else:
        root = CommentedMap()
    engine = Engine(prompter, catalog, load_law(), day)
    target = output or source
    try:
        sections: Sequence[Section] = SECTIONS
        if source is not None:
            prompter.say(f"Editing {source}: every answer is pre-filled; Enter keeps it.")
            ids = prompter.checkbox(
                "Which parts do you want to go through?",
                [Choice(s.id, s.title) for s in SECTIONS],
                [s.id for s in SECTIONS],
                lambda chosen: None if chosen else "choose at least one part",
                "",
            )
            sections = [s for s in SECTIONS if s.id in ids]
        else:
            prompter.say("drafter wizard: describe your service; the answers become a profile file.")
            prompter.say("Enter accepts the suggestion shown. Ctrl-C stops without changing any file.")
        engine.run(root, sections)
        if not _settle_problems(prompter, engine, root, target, vendor_dirs):
            return _stop(prompter, root, original, target, source, reason="not saved")
        if target is None:
            target = _ask_target(prompter, root)
        if source is None:
            decorate_new(root, target, day.isoformat())
        text = dump(root)
        _summary(prompter, root, text, original, target, source)
        saved = _save(prompter, text, target)
        if saved is None:
            return _stop(prompter, root, original, target, source, reason="not saved")
        policies = _offer_render(prompter, saved, root, vendor_dirs)
        return Outcome(EXIT_OK, saved=saved, policies=policies)
    except (KeyboardInterrupt, EOFError):
        return _stop(prompter, root, original, target, source, reason="interrupted")


def _settle_problems(
    prompter: Prompter, engine: Engine, root: CommentedMap, target: Path | None, vendor_dirs: list[Path]
) -> bool:
    """Check the whole profile as ``drafter validate`` would (with the same vendor folders),
    by the same rules; offer to answer again. Warnings are shown, as ``check`` shows them."""
    before: list[Problem] = []
    while True:
        problems, warnings = profile_findings(dump(root), str(target or "profile.yaml"), vendor_dirs)
        if not problems:
            if warnings:
                prompter.say("\nWorth a look before you publish ('drafter check' reports these too):")
                for warning in warnings:
                    prompter.say(f"  {warning}")
            return True
        prompter.say("\nThe profile is not complete yet:")
        for problem in problems:
            prompter.say(f"  {problem}")
        sections = _sections_for(problems)
        titles = ", ".join(s.title for s in sections)
        # Suggest going back once; if that changed nothing, suggest stopping instead.
        if sections and prompter.confirm(f"Go back to: {titles}?", problems != before, ""):
            before = problems
            engine.run(root, sections)
            continue
        return prompter.confirm("Save it anyway, to finish it by hand?", False, "")


def profile_findings(
    text: str, name: str, vendor_dirs: Iterable[Path] = ()
) -> tuple[list[Problem], list[Problem]]:
    """The problems ``validate`` refuses, and the warnings of the law rules."""
    from drafter.legal.load import parse_profile

    try:
        loaded = parse_profile(text, name, vendor_dirs)
    except DrafterError as exc:
        return exc.problems, []
    return [], list(loaded.warnings)


def _sections_for(problems: Sequence[Problem]) -> list[Section]:
    paths = [p.path for p in problems if p.path]
    found = [section_of(re.split(r"[.\[]", path)[0]) for path in paths]
    found += [
        s for s in SECTIONS for path in paths if any(re.match(rf"{re.escape(a)}\b", path) for a in s.also)
    ]
    return [s for s in SECTIONS if s in found]


def _ask_target(prompter: Prompter, root: CommentedMap) -> Path:
    name = slug(str(at(root, "service.name") or "profile"))
    folder = Path("profiles") if Path("profiles").is_dir() else Path()

    def check(text: object) -> str | None:
        path = Path(str(text).strip())
        if not str(text).strip():
            return "give a file name"
        if path.suffix not in (".yaml", ".yml"):
            return "a profile file name ends in .yaml"
        if not (path.parent if str(path.parent) else Path()).is_dir():
            return f"the folder {str(path.parent)!r} does not exist"
        return None

    answer = prompter.text("Save the profile as", str(folder / f"{name}.yaml"), check, "")
    return Path(answer.strip())


def _summary(
    prompter: Prompter, root: CommentedMap, text: str, original: str, target: Path, source: Path | None
) -> None:
    langs = [str(x) for x in root.get("languages") or []]
    regimes = [k for k, v in (root.get("regimes") or {}).items() if v is True]
    vendors = [str(u.get("vendor")) for u in root.get("processors") or []]
    lines = [
        "\nSummary",
        f"  Controller:  {at(root, 'controller.legal_name')} ({at(root, 'controller.address.country')})",
        f"  Service:     {at(root, 'service.name')}: {first_text(at(root, 'service.description'), langs)}",
        f"  Languages:   {', '.join(langs)}",
        f"  Laws:        {', '.join(regimes) or 'none'}",
        f"  Data:        {len(root.get('data') or [])} categories, "
        f"{len(root.get('purposes') or [])} purposes, {len(root.get('retention') or [])} retention rules",
        f"  Vendors:     {', '.join(vendors) or 'none'}",
        f"  Cookies:     {len(root.get('cookies') or [])} entries",
    ]
    if source is None:
        lines.append(f"  File:        {target} (new)")
    elif text == original and target == source:
        lines.append(f"  File:        {target} (no change)")
    else:
        lines.append(f"  File:        {target}")
    for line in lines:
        prompter.say(line)


def _save(prompter: Prompter, text: str, target: Path) -> Path | None:
    while True:
        if target.exists():
            if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == text:
                prompter.say(f"{target} already says exactly this; it was left as it was.")
                return target
            if prompter.confirm(f"{target} exists. Replace it?", False, ""):
                break
            answer = prompter.text("Save under another name (blank: do not save)", "", lambda _: None, "")
            if not answer.strip():
                return None
            target = Path(answer.strip())
            continue
        break
    write_atomic(target, text)
    prompter.say(f"Saved {target}.")
    return target


def _offer_render(prompter: Prompter, saved: Path, root: CommentedMap, vendor_dirs: list[Path]) -> list[Path]:
    langs = [str(x) for x in root.get("languages") or []]
    if not langs or not prompter.confirm(f"Draft the policy now ({', '.join(langs)}, Markdown)?", True, ""):
        prompter.say(f"Later: drafter render {saved} --lang {langs[0] if langs else 'en'}")
        return []
    from drafter.legal.load import load_profile
    from drafter.render.formats import render

    try:
        loaded = load_profile(saved, vendor_dirs)
    except DrafterError as exc:
        for problem in exc.problems:
            prompter.say(f"  {problem}")
        prompter.say("Fix these, then: drafter render " + str(saved))
        return []
    folder = Path(prompter.text("Folder for the policies", "policies", _folder_ok, "").strip())
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in loaded.profile.languages:
        path = folder / f"{saved.stem}.{lang}.md"
        write_atomic(path, render(loaded, lang, "md"))
        written.append(path)
        prompter.say(f"Wrote {path}")
    return written


def _folder_ok(text: object) -> str | None:
    path = Path(str(text).strip())
    if not str(text).strip():
        return "give a folder"
    if path.exists() and not path.is_dir():
        return f"{path} is a file, not a folder"
    return None


def _stop(
    prompter: Prompter,
    root: CommentedMap,
    original: str,
    target: Path | None,
    source: Path | None,
    *,
    reason: str,
) -> Outcome:
    """Keep the answers in a draft file (never over an existing profile) and say how to resume."""
    code = EXIT_INTERRUPTED if reason == "interrupted" else EXIT_BAD_INPUT
    text = dump(root) if root else ""
    untouched = f"{target} was not changed. " if target is not None and target.exists() else ""
    if not text or text == original:
        prompter.say(f"Stopped: {untouched}Nothing was written.")
        return Outcome(code)
    base = target or Path("profile.yaml")
    draft = base.with_name(f"{base.stem.removesuffix('.draft')}.draft.yaml")
    try:
        write_atomic(draft, text)
    except OSError as exc:
        prompter.say(f"Stopped: {untouched}Your answers could not be kept ({exc.strerror}).")
        return Outcome(code)
    resume = f"drafter wizard --from {draft}" + (f" -o {target}" if target is not None else "")
    prompter.say(f"Stopped: {untouched}Your answers so far are in {draft}.")
    prompter.say(f"Resume with: {resume}")
    return Outcome(code, draft=draft)


def run(output: str | None, source: str | None, vendor_dirs: list[Path]) -> int:
    """The ``drafter wizard`` command."""
    if source is not None:
        read_for_edit(Path(source))  # a missing or broken profile is reported before any question
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise DrafterError(
            Problem(
                "drafter wizard",
                "needs a terminal to ask its questions; in a script, write the profile as YAML "
                "and use 'drafter validate PROFILE' and 'drafter render PROFILE'",
            )
        )
    from drafter.wizard.prompts import QuestionaryPrompter

    outcome = session(
        QuestionaryPrompter(),
        output=Path(output) if output else None,
        source=Path(source) if source else None,
        vendor_dirs=vendor_dirs,
    )
    return outcome.code
