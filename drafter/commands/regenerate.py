"""``drafter regenerate``: keep a folder of policies current, rewriting only what changed.

Each profile is rendered in each language and format to ``DIR/<stem>.<lang>.<format>``.
The "last updated" date a policy shows moves only when its content changes: an output is
first rendered with the date the manifest recorded for it; if that is what the file
already holds, nothing is written. Otherwise it is rendered with today's date and written
atomically. The manifest (:mod:`drafter.manifest`) is written last, so an interrupted run
leaves every file whole and every record true to a file, or stale and re-checked.

One profile's outputs are made in :mod:`drafter.commands.regenerate_outputs`, the report
printed by :mod:`drafter.commands.regenerate_report`, and the types they all use are in
:mod:`drafter.commands.regenerate_types`.
"""

from __future__ import annotations

import datetime as dt
import os
import signal
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import TextIO

from drafter.choices import BINARY_FORMATS, OutputFormat, Paper
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
    Job,
    OutputResult,
    ProfileResult,
    Report,
    Settings,
    Status,
)
from drafter.errors import DrafterError, Problem
from drafter.model.catalog import Vendor, load_catalog
from drafter.model.law import law_file
from drafter.render.environment import templates_root
from drafter.render.pdf import require_chromium

__all__ = [
    "BINARY_FORMATS",
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
        law_sha256=sha256(law_file().read_bytes() + law_file("us_law.yaml").read_bytes()),
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
            except BrokenProcessPool:
                # A worker died (killed, out of memory): what is done is kept and recorded.
                raise DrafterError(
                    Problem("drafter", "a worker process stopped unexpectedly; run again (or with --jobs 1)")
                ) from None
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
