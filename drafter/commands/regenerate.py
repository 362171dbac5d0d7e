"""``drafter regenerate``: keep a folder of policies current, rewriting only what changed.

Each profile is rendered in each language and format to ``DIR/<stem>.<lang>.<format>``.
The "last updated" date a policy shows moves only when its content changes: an output is
first rendered with the date the manifest recorded for it; if that is what the file
already holds, nothing is written. Otherwise it is rendered with today's date and written
atomically. The manifest (:mod:`drafter.manifest`) is written last, so an interrupted run
leaves every file whole and every record true to a file, or stale and re-checked.
"""

from __future__ import annotations

import datetime as dt
import difflib
import os
import signal
import stat
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from drafter import __version__
from drafter.atomic import write_atomic
from drafter.commands.manifest import (
    MANIFEST_NAME,
    Manifest,
    OutputRecord,
    read_manifest,
    sha256,
    tree_sha256,
    vendor_sha256,
    why_changed,
    write_manifest,
)
from drafter.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, DrafterError, Problem
from drafter.legal.load import LoadedProfile, load_profile
from drafter.model.catalog import Vendor, load_catalog
from drafter.model.law import law_file
from drafter.model.types import Lang
from drafter.render.environment import templates_root
from drafter.render.formats import Format, format_policy
from drafter.render.pdf import Paper, require_chromium
from drafter.render.policy import Policy, render_policy

# Formats made from the rendered policy: the text ones of drafter.render, Word and PDF (bytes).
OutputFormat = Literal[Format, "docx", "pdf"]
BINARY_FORMATS = frozenset({"docx", "pdf"})

PARALLEL_MIN = 8  # profiles: fewer render faster in one process than a pool starts
PROGRESS_MIN = 20  # profiles: fewer finish before a progress line would help

Status = Literal["unchanged", "updated", "new"]


@dataclass(frozen=True)
class Settings:
    """What every profile of a run is regenerated with (sent to each worker)."""

    out: Path
    langs: tuple[str, ...] | None  # None: each profile's own languages
    formats: tuple[OutputFormat, ...]
    today: dt.date
    check: bool
    diff: bool
    law_sha256: str
    templates_sha256: str
    paper: Paper = "a4"


@dataclass(frozen=True)
class Job:
    profile: Path
    records: Mapping[str, OutputRecord]  # the manifest's records of this profile's outputs


@dataclass(frozen=True)
class OutputResult:
    name: str
    status: Status
    reasons: tuple[str, ...]
    record: OutputRecord
    diff: str = ""


@dataclass(frozen=True)
class ProfileResult:
    profile: Path
    languages: tuple[str, ...] = ()  # empty when the profile did not load
    outputs: tuple[OutputResult, ...] = ()
    problems: tuple[Problem, ...] = ()


@dataclass
class Report:
    settings: Settings
    profiles: list[Path]
    results: list[ProfileResult]
    orphans: list[str] = field(default_factory=list)
    interrupted: bool = False

    @property
    def outputs(self) -> list[OutputResult]:
        return [o for r in self.results for o in r.outputs]

    @property
    def failed(self) -> list[ProfileResult]:
        return [r for r in self.results if r.problems]

    @property
    def changed(self) -> list[OutputResult]:
        return [o for o in self.outputs if o.status != "unchanged"]

    @property
    def exit_code(self) -> int:
        if self.failed:
            return EXIT_BAD_INPUT
        return EXIT_FINDINGS if self.settings.check and self.changed else EXIT_OK


# -- one profile (in a worker process, or in this one) ------------------------------------


def regenerate_profile(job: Job, settings: Settings, catalog: Mapping[str, Vendor]) -> ProfileResult:
    """Every output of one profile; problems (a broken profile, an unwritable file) are returned."""
    try:
        loaded = load_profile(job.profile, catalog=catalog)
        profile_sha256 = sha256(job.profile.read_bytes())
    except DrafterError as exc:
        return ProfileResult(job.profile, problems=tuple(exc.problems))
    except OSError as exc:
        return ProfileResult(job.profile, problems=(Problem(str(job.profile), f"cannot read: {_why(exc)}"),))
    profile = loaded.profile
    own_vendors = {v.id for v in profile.custom_vendors}
    made_from_profile = {
        "vendors": {ident: vendor_sha256(v) for ident, v in sorted(loaded.vendors.items())},
        "content_sha256": "",
        "last_updated": profile.dates.last_updated,
        "languages": list(profile.languages),
        "catalog_vendors": {  # every vendor not the profile's own comes from the catalog
            ident: catalog_entry_sha256(catalog[ident])
            for ident in sorted(loaded.vendors)
            if ident not in own_vendors
        },
    }
    langs = [lang for lang in profile.languages if settings.langs is None or lang in settings.langs]
    render = _Renderer(loaded, settings.paper)
    outputs: list[OutputResult] = []
    try:
        for lang in langs:
            for fmt in settings.formats:
                record = OutputRecord(
                    **_made_from(job, settings, profile_sha256, lang, fmt), **made_from_profile
                )
                outputs.append(_regenerate_output(job, settings, record, lang, fmt, render))
    except DrafterError as exc:
        return ProfileResult(job.profile, tuple(profile.languages), tuple(outputs), tuple(exc.problems))
    except KeyboardInterrupt:
        raise Interrupted(ProfileResult(job.profile, tuple(profile.languages), tuple(outputs))) from None
    return ProfileResult(job.profile, tuple(profile.languages), tuple(outputs))


def _made_from(
    job: Job, settings: Settings, profile_sha256: str, lang: str, fmt: OutputFormat
) -> dict[str, Any]:
    """The inputs of one output that are known before its profile is read (all but vendors)."""
    return {
        "profile": job.profile.name,
        "lang": lang,
        "format": fmt,
        "paper": settings.paper if fmt == "pdf" else None,
        "profile_sha256": profile_sha256,
        "law_sha256": settings.law_sha256,
        "templates_sha256": settings.templates_sha256,
        "drafter_version": __version__,
    }


def _seen_unchanged(job: Job, settings: Settings, catalog: Mapping[str, Vendor]) -> ProfileResult | None:
    """Every output unchanged, seen from the manifest alone; None when that cannot be seen.

    The same profile file (so the same languages, texts and overrides), the same catalog
    entries for the vendors it uses, the same other inputs, and every file as written: the
    profile is not even read again. Anything else (a problem included: the full path
    reports it), or records from an older drafter without the profile's languages and
    catalog entries, takes the full path.
    """
    records = list(job.records.values())
    if not records or records[0].languages is None or records[0].catalog_vendors is None:
        return None
    languages, catalog_vendors = records[0].languages, records[0].catalog_vendors
    try:
        profile_sha256 = sha256(job.profile.read_bytes())
        if any(
            (r.profile_sha256, r.languages, r.catalog_vendors) != (profile_sha256, languages, catalog_vendors)
            for r in records
        ):
            return None
        for ident, entry_sha256 in catalog_vendors.items():
            vendor = catalog.get(ident)
            if vendor is None or catalog_entry_sha256(vendor) != entry_sha256:
                return None
        outputs: list[OutputResult] = []
        for lang in [lang for lang in languages if settings.langs is None or lang in settings.langs]:
            for fmt in settings.formats:
                name = f"{job.profile.stem}.{lang}.{fmt}"
                old = job.records.get(name)
                made_from = _made_from(job, settings, profile_sha256, lang, fmt)
                # Compared over _INPUTS: should the two ever differ, nothing is settled here.
                if old is None or old.model_dump(include=_INPUTS - {"vendors"}) != made_from:
                    return None
                current = _read(settings.out / name)
                if current is None or sha256(current) != old.content_sha256:
                    return None
                outputs.append(OutputResult(name, "unchanged", (), old))
    except (DrafterError, OSError):
        return None
    return ProfileResult(job.profile, tuple(languages), tuple(outputs))


_ENTRY_SHA256: dict[int, tuple[Vendor, str]] = {}


def catalog_entry_sha256(vendor: Vendor) -> str:
    """vendor_sha256, once per catalog entry in a process (a batch asks for each many times)."""
    known = _ENTRY_SHA256.get(id(vendor))
    if known is None or known[0] is not vendor:
        known = _ENTRY_SHA256[id(vendor)] = (vendor, vendor_sha256(vendor))
    return known[1]


class Interrupted(KeyboardInterrupt):
    """Ctrl-C in the middle of a profile, with the outputs it had already written."""

    def __init__(self, partial: ProfileResult) -> None:
        super().__init__()
        self.partial = partial


class _Renderer:
    """Renders a profile with a given "last updated" date; each policy once for every format."""

    def __init__(self, loaded: LoadedProfile, paper: Paper = "a4") -> None:
        self.loaded = loaded
        self.paper = paper
        self.policies: dict[tuple[str, dt.date], Policy] = {}

    def policy(self, lang: Lang, last_updated: dt.date) -> Policy:
        key = (lang, last_updated)
        if key not in self.policies:
            self.policies[key] = render_policy(self.loaded.last_updated_on(last_updated), lang)
        return self.policies[key]

    def __call__(self, lang: Lang, fmt: OutputFormat, last_updated: dt.date) -> bytes:
        policy = self.policy(lang, last_updated)
        if fmt == "docx":
            from drafter.render.docx import to_docx

            return to_docx(policy, last_updated)
        if fmt == "pdf":
            from drafter.render.pdf import html_to_pdf

            return html_to_pdf(format_policy(policy, "html"), self.paper, last_updated)
        return format_policy(policy, fmt).encode("utf-8")


def _regenerate_output(
    job: Job, settings: Settings, fresh: OutputRecord, lang: Lang, fmt: OutputFormat, render: _Renderer
) -> OutputResult:
    """Render one output, keep its date unless its content changed, and write it if it did."""
    name = f"{job.profile.stem}.{lang}.{fmt}"
    path = settings.out / name
    old = job.records.get(name)
    own = fresh.last_updated  # the profile's own date: never show an earlier one
    date = max(old.last_updated, own) if old else own
    current = _read(path)
    on_disk = sha256(current) if current is not None else None
    if old is not None and on_disk == old.content_sha256 and _same_inputs(old, fresh):
        # Made from the same profile, vendors, law data, templates and drafter, and still
        # as written: rendering it again would give the same bytes. (A record from an older
        # drafter gains what lets the next run see this without reading the profile.)
        kept = old.model_copy(update={"languages": fresh.languages, "catalog_vendors": fresh.catalog_vendors})
        return OutputResult(name, "unchanged", (), kept)
    text = render(lang, fmt, date)
    policy_sha256 = sha256(render.policy(lang, date).markdown.encode("utf-8"))
    # Did the policy change? By the record: its policy's Markdown (older manifests: the
    # file's bytes). Failing a record, by the file found (made by hand?).
    if old is not None and old.policy_sha256 is not None:
        changed = policy_sha256 != old.policy_sha256
    else:
        previous = old.content_sha256 if old else on_disk
        changed = previous is not None and sha256(text) != previous
    if changed:
        # The policy really changed: it is updated today (a date never moves back).
        today = max(settings.today, date)
        if today != date:
            date, text = today, render(lang, fmt, today)
            policy_sha256 = sha256(render.policy(lang, date).markdown.encode("utf-8"))
    record = fresh.model_copy(
        update={"content_sha256": sha256(text), "last_updated": date, "policy_sha256": policy_sha256}
    )
    if current is not None and current == text:
        return OutputResult(name, "unchanged", (), record)
    status: Status = "new" if current is None else "updated"
    reasons = tuple(why_changed(old, record, on_disk))
    diff = _diff(settings.out, name, current, text) if settings.diff else ""
    if not settings.check:
        try:
            write_atomic(path, text)
        except OSError as exc:
            raise DrafterError(Problem(str(path), f"cannot write: {_why(exc)}")) from None
    return OutputResult(name, status, reasons, record, diff)


# What an output is made from: the same as last run (and its file as written) means the same bytes.
_INPUTS = {
    "profile",
    "lang",
    "format",
    "paper",
    "profile_sha256",
    "vendors",
    "law_sha256",
    "templates_sha256",
    "drafter_version",
}


def _same_inputs(old: OutputRecord, fresh: OutputRecord) -> bool:
    """Whether an output's recorded inputs are those of this run (its date aside)."""
    return old.model_dump(include=_INPUTS) == fresh.model_dump(include=_INPUTS)


def _read(path: Path) -> bytes | None:
    """The output file's bytes; None if there is none. Never blocks on a pipe."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise DrafterError(Problem(str(path), f"cannot read: {_why(exc)}")) from None
    if not stat.S_ISREG(info.st_mode):
        raise DrafterError(Problem(str(path), "is not a regular file; move it out of the output folder"))
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DrafterError(Problem(str(path), f"cannot read: {_why(exc)}")) from None


def _diff(out: Path, name: str, current: bytes | None, data: bytes) -> str:
    label = str(out / name)
    if name.rsplit(".", 1)[-1] in BINARY_FORMATS:
        return f"Binary files {label if current is not None else '/dev/null'} and {label} differ\n"
    before = current.decode("utf-8", errors="replace") if current is not None else ""
    text = data.decode("utf-8")
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        text.splitlines(keepends=True),
        fromfile=label if current is not None else "/dev/null",
        tofile=label,
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def _why(exc: OSError) -> str:
    return (exc.strerror or str(exc)).lower()


# Worker processes: the catalog is loaded (sent) once each; law data and compiled templates
# are cached per process by drafter.law and drafter.render.
_WORKER_CATALOG: list[Mapping[str, Vendor]] = []


def _init_worker(catalog: Mapping[str, Vendor]) -> None:
    # Ctrl-C is for the main process: it lets running profiles finish and cancels the rest.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER_CATALOG.append(catalog)


def _pool_job(job: Job, settings: Settings) -> ProfileResult:
    return regenerate_profile(job, settings, _WORKER_CATALOG[0])


# -- the run ------------------------------------------------------------------------------


def regenerate(
    inputs: Sequence[str],
    out: Path,
    *,
    langs: Sequence[str] | None = None,
    formats: Sequence[OutputFormat] = ("md",),
    today: dt.date | None = None,
    check: bool = False,
    diff: bool = False,
    vendor_dirs: Sequence[Path] = (),
    jobs: int = 1,
    progress: TextIO | None = None,
    paper: Paper = "a4",
) -> Report:
    """Regenerate every output of every profile in ``inputs`` (files or folders of *.yaml).

    Raises DrafterError for problems that stop the whole run (a bad vendor folder or
    manifest, clashing profile names); a broken profile is reported in the Report.
    """
    profiles = expand_inputs(inputs)
    catalog = load_catalog(vendor_dirs)
    if "pdf" in formats:
        require_chromium()  # once, not once per profile
    if out.exists() and not out.is_dir():
        raise DrafterError(Problem(str(out), "is not a folder; --out needs a folder"))
    manifest_path = out / MANIFEST_NAME
    manifest = read_manifest(manifest_path)
    settings = Settings(
        out=out,
        langs=tuple(langs) if langs else None,
        formats=tuple(formats),
        today=today or dt.date.today(),
        check=check,
        diff=diff,
        law_sha256=sha256(law_file().read_bytes()),
        templates_sha256=tree_sha256(templates_root(), ("*.j2", "*.css")),
        paper=paper,
    )
    records: dict[str, dict[str, OutputRecord]] = {}
    for name, record in manifest.outputs.items():
        records.setdefault(record.profile, {})[name] = record
    work = [Job(path, records.get(path.name, {})) for path in profiles]
    if not check:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DrafterError(Problem(str(out), f"cannot create the folder: {_why(exc)}")) from None
    done: dict[int, ProfileResult] = {}
    interrupted = False
    try:
        _execute(work, settings, catalog, jobs, done, _Progress(progress, len(work)))
    except KeyboardInterrupt:
        interrupted = True
    finally:
        results = [done[i] for i in sorted(done)]
        if not check:  # last, and with what is done so far even if interrupted
            write_manifest(manifest_path, _updated(manifest, results))
    report = Report(settings, profiles, results, interrupted=interrupted)
    report.orphans = _orphans(manifest, report)
    return report


def expand_inputs(inputs: Sequence[str]) -> list[Path]:
    """Profile files, a folder standing for every *.yaml in it; default: ``profiles/``."""
    if not inputs:
        if not Path("profiles").is_dir():
            raise DrafterError(
                Problem("drafter", "regenerate: give profiles or folders of profiles (no 'profiles' here)")
            )
        inputs = ["profiles"]
    paths: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            found = sorted(p for p in path.glob("*.yaml") if not p.is_dir())
            if not found:
                raise DrafterError(Problem(item, "is a folder with no profile (*.yaml) in it"))
            paths += found
        else:
            paths.append(path)  # a missing file is reported as a failed profile
    unique: dict[str, Path] = {}
    for path in paths:
        unique.setdefault(os.path.realpath(path), path)
    by_name: dict[str, Path] = {}
    clashes: list[Problem] = []
    for path in unique.values():
        first = by_name.setdefault(path.name, path)
        if first is not path:
            clashes.append(
                Problem(str(path), f"has the same file name as {str(first)!r}: their policies would collide")
            )
    if clashes:
        raise DrafterError(clashes)
    return list(unique.values())


def _execute(
    work: list[Job],
    settings: Settings,
    catalog: Mapping[str, Vendor],
    jobs: int,
    done: dict[int, ProfileResult],
    progress: Callable[[int], None],
) -> None:
    """Run every job, filling ``done`` as results come in (so an interrupted run keeps them).

    Profiles the manifest shows unchanged are settled here first: a run where little
    changed starts no worker processes for them (each would import drafter anew).
    """
    try:
        pending: list[tuple[int, Job]] = []
        for i, job in enumerate(work):
            unchanged = _seen_unchanged(job, settings, catalog)
            if unchanged is None:
                pending.append((i, job))
            else:
                done[i] = unchanged
                progress(len(done))
        if jobs <= 1 or len(pending) < PARALLEL_MIN:
            for i, job in pending:
                try:
                    done[i] = regenerate_profile(job, settings, catalog)
                except Interrupted as exc:
                    done[i] = exc.partial
                    raise
                progress(len(done))
            return
        workers = min(jobs, len(pending))
        with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(catalog,)) as pool:
            futures: dict[Future[ProfileResult], int] = {
                pool.submit(_pool_job, job, settings): i for i, job in pending
            }
            try:
                for future in as_completed(futures):
                    done[futures[future]] = future.result()
                    progress(len(done))
            except BaseException:
                # Let running profiles finish their writes, drop the rest, keep what is done.
                pool.shutdown(wait=True, cancel_futures=True)
                for future, i in futures.items():
                    if future.done() and not future.cancelled() and future.exception() is None:
                        done[i] = future.result()
                raise
    finally:
        progress(-1)


class _Progress:
    """``regenerating 120/1000 profiles`` on one rewritten line, cleared at the end."""

    def __init__(self, stream: TextIO | None, total: int) -> None:
        self.stream = stream if total >= PROGRESS_MIN else None
        self.total = total
        self.width = 0

    def __call__(self, count: int) -> None:
        if self.stream is None:
            return
        text = "" if count < 0 else f"drafter: regenerating {count}/{self.total} profiles"
        self.stream.write("\r" + text.ljust(self.width) + ("\r" if not text else ""))
        self.stream.flush()
        self.width = max(self.width, len(text))


def _updated(manifest: Manifest, results: list[ProfileResult]) -> Manifest:
    """The manifest with this run's records; records of outputs not regenerated stay as they are."""
    outputs = dict(manifest.outputs)
    for result in results:
        for output in result.outputs:
            outputs[output.name] = output.record
    return Manifest(outputs=outputs)


def _orphans(manifest: Manifest, report: Report) -> list[str]:
    """Recorded outputs of no current profile (or language) that are still in the folder."""
    names = {p.name for p in report.profiles}
    languages = {r.profile.name: set(r.languages) for r in report.results if r.languages}
    produced = {o.name for o in report.outputs}
    orphans = []
    for name, record in sorted(manifest.outputs.items()):
        if name in produced:
            continue
        gone = record.profile not in names or (
            record.profile in languages and record.lang not in languages[record.profile]
        )
        if gone and (report.settings.out / name).exists():
            orphans.append(name)
    return orphans


# -- the report ---------------------------------------------------------------------------


def print_report(report: Report, out: TextIO, err: TextIO) -> None:
    """One line per output (and per failed profile), diffs if asked, and a total line."""
    folder = report.settings.out
    for result in report.results:
        for output in result.outputs:
            label: str = output.status
            if output.reasons and output.status != "unchanged":
                label += f" ({', '.join(output.reasons)})"
            out.write(f"{folder / output.name}: {label}\n")
            if output.diff:
                out.write(output.diff)
        if result.problems:
            for problem in result.problems:
                err.write(f"{problem}\n")
            count = len(result.problems)
            first = result.problems[0].message if count == 1 else f"{count} problems, listed on stderr"
            out.write(f"{result.profile}: failed ({first})\n")
    if report.orphans:
        shown = ", ".join(report.orphans[:5]) + (
            f" and {len(report.orphans) - 5} more" if len(report.orphans) > 5 else ""
        )
        out.write(
            f"left alone: {shown} in {folder} (no profile of this run makes them; "
            "drafter never deletes files)\n"
        )
    out.write(_total(report) + "\n")
    out.flush()


def _total(report: Report) -> str:
    outputs = report.outputs
    counts = {s: sum(o.status == s for o in outputs) for s in ("updated", "new", "unchanged")}
    detail = ", ".join(f"{n} {s}" for s, n in counts.items() if n)
    failed = len(report.failed)
    tail = f"; {failed} profile{'s' if failed != 1 else ''} failed" if failed else ""
    if report.settings.check:
        changed = ", ".join(f"{n} {s}" for s, n in counts.items() if n and s != "unchanged")
        return (
            f"check: {len(report.changed)} of {len(outputs)} outputs would change"
            f"{f' ({changed})' if changed else ''}{tail}; nothing was written"
        )
    done = len(report.results)
    return (
        f"total: {len(outputs)} outputs of {done} profile{'s' if done != 1 else ''}"
        f"{f': {detail}' if detail else ''}{tail}"
    )
