"""One wizard session: ask, check the whole profile, summarise, save, offer to render.

Nothing is written before the person confirms at the end. Ctrl-C or Ctrl-D at any point
leaves every existing file as it was; the answers given so far go to a draft file the
person can resume from with ``--from``.
"""

from __future__ import annotations

import datetime as dt
import os
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
from drafter.wizard.i18n import N_, ntr, tr
from drafter.wizard.profile_file import (
    WIZARD_MARK,
    decorate,
    draft_text,
    dump,
    header_of,
    read_for_edit,
    spaced,
)
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
    stop: dict[str, str] = {}
    if source is not None:
        original, root, stop = read_for_edit(source)
    else:
        root = CommentedMap()
    draft = source if stop else None
    target = output or (Path(stop["target"]) if stop.get("target") else None) or (None if draft else source)
    resume = _resume_point(stop)
    engine = Engine(
        prompter, catalog, load_law(), day, original=root if source else None, resume=resume, draft=bool(stop)
    )
    prompter = engine.prompter  # every text below is shown in the interface language
    sections: Sequence[Section] = SECTIONS
    try:
        if resume is not None:
            ids = stop.get("parts", "").split(",")
            chosen = [s for s in SECTIONS if s.id in ids] or list(SECTIONS)
            start = next((i for i, s in enumerate(chosen) if s.id == resume[0]), 0)
            sections = chosen[start:]
            prompter.say(tr("Resuming {draft} at: {part}.").format(draft=source, part=tr(sections[0].title)))
        elif source is not None:
            prompter.say(
                tr("Editing {source}: every answer is pre-filled; Enter keeps it.").format(source=source)
            )
            ids = prompter.checkbox(
                N_("Which parts do you want to go through?"),
                [Choice(s.id, s.title) for s in SECTIONS],
                [s.id for s in SECTIONS],
                lambda chosen: None if chosen else tr("choose at least one part"),
                "",
            )
            sections = [s for s in SECTIONS if s.id in ids]
        else:
            prompter.say(tr("drafter wizard: describe your service; the answers become a profile file."))
            prompter.say(tr("Enter accepts the suggestion shown. Ctrl-C stops without changing any file."))
        engine.run(root, sections)
        if not _settle_problems(prompter, engine, root, target, vendor_dirs):
            return _stop(
                prompter, engine, root, original, target, source, draft, sections, reason="not saved"
            )
        if target is None:
            target = _ask_target(prompter, root)
        decorate(root, target, day.isoformat(), original=original)
        text = _text(root, original)
        _summary(prompter, root, text, original, target, source)
        saved = _save(prompter, text, target)
        if saved is None:
            return _stop(
                prompter, engine, root, original, target, source, draft, sections, reason="not saved"
            )
        if draft is not None and draft != saved:
            draft.unlink(missing_ok=True)  # the draft is finished: its answers are in the profile
        policies = _offer_render(prompter, saved, root, vendor_dirs)
        return Outcome(EXIT_OK, saved=saved, policies=policies)
    except (KeyboardInterrupt, EOFError):
        return _stop(prompter, engine, root, original, target, source, draft, sections, reason="interrupted")


def _resume_point(stop: dict[str, str]) -> tuple[str, tuple[str, int] | None] | None:
    if not stop.get("part"):
        return None
    item = re.fullmatch(r"([a-z_.]+)\[(\d+)\]", stop.get("item", ""))
    return stop["part"], ((item[1], int(item[2])) if item else None)


def _text(root: CommentedMap, original: str) -> str:
    """The profile as saved: blank lines between its parts when the wizard owns the file."""
    text = dump(root)
    return spaced(text) if not original or WIZARD_MARK in header_of(original) else text


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
                prompter.say(
                    "\n" + tr("Worth a look before you publish ('drafter check' reports these too):")
                )
                for warning in warnings:
                    prompter.say(f"  {warning}")
            return True
        prompter.say("\n" + tr("The profile is not complete yet:"))
        for problem in problems:
            prompter.say(f"  {problem}")
        sections = _sections_for(problems)
        titles = ", ".join(tr(s.title) for s in sections)
        # Suggest going back once; if that changed nothing, suggest stopping instead.
        if sections and prompter.confirm(
            tr("Go back to: {parts}?").format(parts=titles), problems != before, ""
        ):
            before = problems
            engine.run(root, sections)
            continue
        return prompter.confirm(tr("Save it anyway, to finish it by hand?"), False, "")


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
            return tr("give a file name")
        if path.suffix not in (".yaml", ".yml"):
            return tr("a profile file name ends in .yaml")
        if not (path.parent if str(path.parent) else Path()).is_dir():
            return tr("the folder {folder!r} does not exist").format(folder=str(path.parent))
        return None

    answer = prompter.text(tr("Save the profile as"), str(folder / f"{name}.yaml"), check, "")
    return Path(answer.strip())


def _summary(
    prompter: Prompter, root: CommentedMap, text: str, original: str, target: Path, source: Path | None
) -> None:
    langs = [str(x) for x in root.get("languages") or []]
    regimes = [k for k, v in (root.get("regimes") or {}).items() if v is True]
    vendors = [str(u.get("vendor")) for u in root.get("processors") or []]
    data, purposes, rules = (len(root.get(k) or []) for k in ("data", "purposes", "retention"))
    cookies = len(root.get("cookies") or [])
    counts = ", ".join(
        [
            ntr("{n} kind of data", "{n} kinds of data", data).format(n=data),
            ntr("{n} purpose", "{n} purposes", purposes).format(n=purposes),
            ntr("{n} retention rule", "{n} retention rules", rules).format(n=rules),
        ]
    )
    rows = [
        (tr("Controller"), f"{at(root, 'controller.legal_name')} ({at(root, 'controller.address.country')})"),
        (tr("Service"), f"{at(root, 'service.name')}: {first_text(at(root, 'service.description'), langs)}"),
        (tr("Languages"), ", ".join(langs)),
        (tr("Laws"), ", ".join(regimes) or tr("none")),
        (tr("Data"), counts),
        (tr("Vendors"), ", ".join(vendors) or tr("none")),
        (tr("Cookies"), ntr("{n} entry", "{n} entries", cookies).format(n=cookies)),
    ]
    if source is None:
        rows.append((tr("File"), tr("{file} (new)").format(file=target)))
    elif text == original and target == source:
        rows.append((tr("File"), tr("{file} (no change)").format(file=target)))
    else:
        rows.append((tr("File"), str(target)))
    labels = [tr("{label}:").format(label=label) for label, _ in rows]  # French: "Données :"
    width = max(len(label) for label in labels) + 1
    lines = [
        "\n" + tr("Summary"),
        *[f"  {label:<{width}}{value}" for label, (_, value) in zip(labels, rows, strict=True)],
    ]
    for line in lines:
        prompter.say(line)


def _save(prompter: Prompter, text: str, target: Path) -> Path | None:
    while True:
        if target.exists():
            if target.is_file() and target.read_text(encoding="utf-8", errors="replace") == text:
                prompter.say(
                    tr("{file} already says exactly this; it was left as it was.").format(file=target)
                )
                return target
            if prompter.confirm(tr("{file} exists. Replace it?").format(file=target), False, ""):
                break
            answer = prompter.text(tr("Save under another name (blank: do not save)"), "", lambda _: None, "")
            if not answer.strip():
                return None
            target = Path(answer.strip())
            continue
        break
    write_atomic(target, text)
    prompter.say(tr("Saved {file}.").format(file=target))
    return target


def _offer_render(prompter: Prompter, saved: Path, root: CommentedMap, vendor_dirs: list[Path]) -> list[Path]:
    langs = [str(x) for x in root.get("languages") or []]
    if not langs or not prompter.confirm(
        tr("Draft the policy now ({languages}, Markdown)?").format(languages=", ".join(langs)), True, ""
    ):
        prompter.say(
            tr("Later: {command}").format(
                command=f"drafter render {saved} --lang {langs[0] if langs else 'en'}"
            )
        )
        return []
    from drafter.legal.load import load_profile
    from drafter.render.formats import render

    try:
        loaded = load_profile(saved, vendor_dirs)
    except DrafterError as exc:
        for problem in exc.problems:
            prompter.say(f"  {problem}")
        prompter.say(tr("Fix these, then: {command}").format(command=f"drafter render {saved}"))
        return []
    folder = Path(prompter.text(tr("Folder for the policies"), "policies", _folder_ok, "").strip())
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for lang in loaded.profile.languages:
        path = folder / f"{saved.stem}.{lang}.md"
        write_atomic(path, render(loaded, lang, "md"))
        written.append(path)
        prompter.say(tr("Wrote {file}").format(file=path))
    return written


def _folder_ok(text: object) -> str | None:
    path = Path(str(text).strip())
    if not str(text).strip():
        return tr("give a folder")
    if path.exists() and not path.is_dir():
        return tr("{path} is a file, not a folder").format(path=path)
    return None


def _stop(
    prompter: Prompter,
    engine: Engine,
    root: CommentedMap,
    original: str,
    target: Path | None,
    source: Path | None,
    draft: Path | None,
    sections: Sequence[Section],
    *,
    reason: str,
) -> Outcome:
    """Keep the answers in a draft file (never over an existing profile) and say how to resume.

    The draft's first line says where the session stopped: the part, the list item being
    answered, the parts chosen and the file to save to, so ``--from`` resumes right there."""
    code = EXIT_INTERRUPTED if reason == "interrupted" else EXIT_BAD_INPUT
    text = dump(root) if root else ""
    untouched = tr("{file} was not changed.").format(file=target) + " " if target and target.exists() else ""
    if not text or (text == original and draft is None):
        prompter.say(tr("Stopped: {untouched}Nothing was written.").format(untouched=untouched))
        return Outcome(code)
    base = draft or target or Path("profile.yaml")
    path = base.with_name(f"{base.stem.removesuffix('.draft')}.draft.yaml")
    decorate(root, target or Path("profile.yaml"), engine.today, original=original)
    stopped = engine.stopped_at
    stop = {
        "part": engine.section or "",
        "item": f"{stopped[0]}[{stopped[1]}]" if stopped and engine.section else "",
        "parts": ",".join(s.id for s in sections),
        "target": str(target) if target is not None else "",
    }
    try:
        write_atomic(path, draft_text(_text(root, original), stop))
    except OSError as exc:
        prompter.say(
            tr("Stopped: {untouched}Your answers could not be kept ({reason}).").format(
                untouched=untouched, reason=exc.strerror
            )
        )
        return Outcome(code)
    resume = f"drafter wizard --from {path}" + (f" -o {target}" if target is not None else "")
    prompter.say(
        tr("Stopped: {untouched}Your answers so far are in {draft}.").format(untouched=untouched, draft=path)
    )
    prompter.say(tr("Resume with: {command}").format(command=resume))
    return Outcome(code, draft=path)


def run(output: str | None, source: str | None, vendor_dirs: list[Path], ui: str | None = None) -> int:
    """The ``drafter wizard`` command."""
    from drafter.wizard import i18n

    i18n.use(i18n.ui_language(ui, os.environ))
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
