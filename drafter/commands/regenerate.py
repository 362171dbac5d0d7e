"""``drafter regenerate``: keep a folder of policies current, rewriting only what changed.

Each profile is rendered in each language and format to ``DIR/<stem>.<lang>.<format>``.
The "last updated" date a policy shows moves only when its content changes: an output is
first rendered with the date the manifest recorded for it; if that is what the file
already holds, nothing is written. Otherwise it is rendered with today's date and written
atomically, after its record is appended to the journal (:mod:`drafter.commands.journal`),
so however a run ends (an error, Ctrl-C, SIGTERM, a killed worker or ``kill -9``), every
output on disk has its record. The manifest (:mod:`drafter.commands.manifest`) is written
last, with the journal merged in (or by the next run, after a kill). One run at a time
holds the output folder (:mod:`drafter.commands.run_lock`).

One profile's outputs are made in :mod:`drafter.commands.regenerate_outputs`, the report
printed by :mod:`drafter.commands.regenerate_report`, and the types they all use are in
:mod:`drafter.commands.regenerate_types`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, TextIO

from drafter.choices import BINARY_FORMATS, LANGS, OutputFormat, Paper, RegenerateFormat
from drafter.commands.journal import JOURNAL_NAME, read_journal, remove_journal
from drafter.commands.manifest import (
    MANIFEST_NAME,
    Manifest,
    OutputRecord,
    read_manifest,
    sha256,
    tree_sha256,
    write_manifest,
)
from drafter.commands.regenerate_outputs import (
    Interrupted,
    _seen_unchanged,
    _why,
    catalog_entry_sha256,
    regenerate_profile,
)
from drafter.commands.regenerate_report import print_report
from drafter.commands.regenerate_types import (
    EXIT_TERMINATED,
    Job,
    OutputResult,
    ProfileResult,
    Report,
    Settings,
    Status,
    output_name,
)
from drafter.commands.run_lock import LOCK_NAME, close_in_child, folder_lock
from drafter.errors import DrafterError, Problem
from drafter.folders import readable_files
from drafter.model.catalog import Vendor, load_catalog
from drafter.model.law import law_file
from drafter.render.environment import templates_root
from drafter.render.pdf import require_chromium

__all__ = [
    "BINARY_FORMATS",
    "EXIT_TERMINATED",
    "PARALLEL_MIN",
    "PROGRESS_MIN",
    "Interrupted",
    "Job",
    "OutputFormat",
    "OutputResult",
    "ProfileResult",
    "Report",
    "Settings",
    "Status",
    "catalog_entry_sha256",
    "expand_inputs",
    "print_report",
    "regenerate",
    "regenerate_profile",
]

PARALLEL_MIN = 8  # profiles: fewer render faster in one process than a pool starts
PROGRESS_MIN = 20  # profiles: fewer finish before a progress line would help


# Worker processes: the catalog is loaded (sent) once each; law data and compiled templates
# are cached per process by drafter.law and drafter.render. ``_STARTED[k]`` is set when a
# worker starts job k, so a run whose worker is killed knows which profiles it lost.
_WORKER_CATALOG: list[Mapping[str, Vendor]] = []
_STARTED: list[Any] = []


def _init_worker(catalog: Mapping[str, Vendor], started: Any) -> None:
    # Ctrl-C and SIGTERM are for the main process: it lets running profiles finish and
    # cancels the rest. A SIGTERM sent to a worker itself ends it (a killed worker).
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    close_in_child()
    _WORKER_CATALOG.append(catalog)
    _STARTED.append(started)


def _pool_job(k: int, job: Job, settings: Settings) -> ProfileResult:
    _STARTED[0][k] = 1
    return regenerate_profile(job, settings, _WORKER_CATALOG[0])


# -- the run ------------------------------------------------------------------------------


def regenerate(
    inputs: Sequence[str],
    out: Path,
    *,
    langs: Sequence[str] | None = None,
    formats: Sequence[RegenerateFormat] = ("md",),
    today: dt.date | None = None,
    check: bool = False,
    diff: bool = False,
    vendor_dirs: Sequence[Path] = (),
    jobs: int = 1,
    progress: TextIO | None = None,
    paper: Paper = "a4",
    wait: bool = True,
    policy_url: str | None = None,
) -> Report:
    """Regenerate every output of every profile in ``inputs`` (files or folders of *.yaml).

    Raises DrafterError for problems that stop the whole run (a bad vendor folder or
    manifest, clashing profile names, an input the run would overwrite, a folder another
    run holds with ``wait=False``); a broken profile is reported in the Report.
    """
    profiles = expand_inputs(inputs)
    catalog = load_catalog(vendor_dirs)
    if "pdf" in formats:
        require_chromium()  # once, not once per profile
    if out.exists() and not out.is_dir():
        raise DrafterError(Problem(str(out), "is not a folder; --out needs a folder"))
    settings = Settings(
        out=out,
        langs=tuple(langs) if langs else None,
        formats=tuple(formats),
        today=today or dt.date.today(),
        check=check,
        diff=diff,
        law_sha256=sha256(law_file().read_bytes() + law_file("us_law.yaml").read_bytes()),
        templates_sha256=tree_sha256(templates_root(), ("*.j2", "*.css")),
        paper=paper,
        policy_url=policy_url,
    )
    _refuse_overwriting_inputs(profiles, settings)
    jobs = _capped_jobs(jobs)
    if not check:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DrafterError(Problem(str(out), f"cannot create the folder: {_why(exc)}")) from None
    # A check takes the lock too (a folder half-written by a run would report garbage),
    # but creates no lock file: a folder without one has never had a run to wait for.
    lock = folder_lock(out, wait=wait, create=not check) if out.is_dir() else contextlib.nullcontext()
    with lock, _sigterm_as_interrupt() as signals:
        manifest = _recovered(out, read_manifest(out / MANIFEST_NAME, settings.today), settings)
        records: dict[str, dict[str, OutputRecord]] = {}
        for name, record in manifest.outputs.items():
            records.setdefault(record.profile, {})[name] = record
        work = [Job(path, records.get(path.name, {})) for path in profiles]
        done: dict[int, ProfileResult] = {}
        interrupted = False
        try:
            _execute(work, settings, catalog, jobs, done, _Progress(progress, len(work)))
        except KeyboardInterrupt:
            interrupted = True
        finally:
            results = [done[i] for i in sorted(done)]
            if not check:  # last, with what is done so far and every output written
                journal = read_journal(out, settings.today)
                write_manifest(out / MANIFEST_NAME, _updated(manifest, journal, results))
                remove_journal(out)
    report = Report(settings, profiles, results, interrupted=interrupted, terminated=bool(signals))
    report.orphans = _orphans(manifest, report)
    return report


def _recovered(out: Path, manifest: Manifest, settings: Settings) -> Manifest:
    """The manifest with the records a killed run left in its journal (saved, unless checking)."""
    journal = read_journal(out, settings.today) if out.is_dir() else {}
    if not journal:
        return manifest
    merged = _updated(manifest, journal, [])
    if not settings.check:
        write_manifest(out / MANIFEST_NAME, merged)
        remove_journal(out)
    return merged


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[list[int]]:
    """SIGTERM stops the run as Ctrl-C does: running profiles finish, the manifest is
    written. The list yielded gets the signal's number if one came."""
    came: list[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield came
        return

    def stop(signum: int, frame: object) -> None:
        came.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        yield came
    finally:
        signal.signal(signal.SIGTERM, previous)


def _capped_jobs(jobs: int) -> int:
    """At most one worker per CPU: more only share the CPUs and add their memory."""
    cpus = os.cpu_count() or 1
    if jobs > cpus:
        print(f"drafter: --jobs {jobs} lowered to {cpus}, the number of CPUs", file=sys.stderr)
        return cpus
    return jobs


def _refuse_overwriting_inputs(profiles: Sequence[Path], settings: Settings) -> None:
    """No output (nor the manifest, its journal or the lock) may take the place of an input."""
    out = Path(os.path.realpath(settings.out))
    made = {output_name(p.stem, lang, fmt) for p in profiles for lang in LANGS for fmt in settings.formats}
    made |= {MANIFEST_NAME, JOURNAL_NAME, LOCK_NAME}
    problems = []
    for path in profiles:
        places = {Path(os.path.realpath(path)), Path(os.path.realpath(path.parent)) / path.name}
        clash = sorted(str(p.name) for p in places if p.parent == out and p.name in made)
        if clash:
            problems.append(
                Problem(
                    str(path),
                    f"is an input, and this run would write {clash[0]!r} over it in {settings.out}; "
                    "move it out of that folder or choose another --out",
                )
            )
    if problems:
        raise DrafterError(problems)


def expand_inputs(inputs: Sequence[str]) -> list[Path]:
    """Profile files, a folder standing for every *.yaml in it; default: ``profiles/``.

    A folder's files are those :func:`drafter.folders.readable_files` reads (each file
    passed over is noticed on stderr), and a file whose name is not valid UTF-8 is
    skipped with a notice: it could be neither recorded nor reported.
    """
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
            found = [p for p in readable_files(path) if _utf8_name(p)]
            if not found:
                raise DrafterError(Problem(item, "is a folder with no profile (*.yaml) in it"))
            paths += found
        elif _utf8_name(path):
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


def _utf8_name(path: Path) -> bool:
    """Whether the file's name can be written in the manifest and the report; else a notice."""
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(path).decode("utf-8", errors="backslashreplace")
        print(Problem(shown, "skipped: its name is not valid UTF-8; rename the file"), file=sys.stderr)
        return False
    return True


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
        while jobs > 1 and len(pending) >= PARALLEL_MIN:
            rest = _in_pool(pending, settings, catalog, min(jobs, len(pending)), done, progress)
            if len(rest) == len(pending):
                jobs = 1  # the pool could run nothing: the rest run in this process
            pending = rest
        for i, job in pending:
            try:
                done[i] = regenerate_profile(job, settings, catalog)
            except Interrupted as exc:
                done[i] = exc.partial
                raise
            progress(len(done))
    finally:
        progress(-1)


def _in_pool(
    pending: list[tuple[int, Job]],
    settings: Settings,
    catalog: Mapping[str, Vendor],
    workers: int,
    done: dict[int, ProfileResult],
    progress: Callable[[int], None],
) -> list[tuple[int, Job]]:
    """Run jobs in worker processes; the jobs still to run if a worker died (none if not).

    A worker that dies (killed, out of memory) breaks the whole pool: the profiles being
    regenerated then are reported as lost (what they wrote has its record in the
    journal), and those not started yet are returned, to be run by a new pool.
    """
    started = multiprocessing.RawArray("b", len(pending))
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(catalog, started)) as pool:
        futures: dict[Future[ProfileResult], int] = {
            pool.submit(_pool_job, k, job, settings): k for k, (_, job) in enumerate(pending)
        }
        broken: list[int] = []
        try:
            for future in as_completed(futures):
                k = futures[future]
                if isinstance(future.exception(), BrokenProcessPool):
                    broken.append(k)
                    continue
                done[pending[k][0]] = future.result()
                progress(len(done))
        except BaseException:
            # Let running profiles finish their writes, drop the rest, keep what is done.
            pool.shutdown(wait=True, cancel_futures=True)
            for future, k in futures.items():
                if future.done() and not future.cancelled() and future.exception() is None:
                    done[pending[k][0]] = future.result()
            raise
    lost = [k for k in broken if started[k]]
    for k in lost:
        i, job = pending[k]
        done[i] = ProfileResult(job.profile, problems=(_lost(job.profile),))
        progress(len(done))
    return [pending[k] for k in sorted(broken) if not started[k]]


def _lost(profile: Path) -> Problem:
    return Problem(
        str(profile),
        "a worker process stopped (killed?) while regenerating this profile; what it wrote is "
        "recorded: run again to finish it",
    )


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


def _updated(
    manifest: Manifest, journal: Mapping[str, OutputRecord], results: list[ProfileResult]
) -> Manifest:
    """The manifest with this run's records (those of the outputs written, from the
    journal, and of every profile done); records of outputs not regenerated stay as they are."""
    outputs = {**manifest.outputs, **journal}
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
            record.profile in languages and not set(record.lang.split("+")) <= languages[record.profile]
        )
        if gone and (report.settings.out / name).exists():
            orphans.append(name)
    return orphans
