"""``drafter regenerate``: what a run is given and what it gives back.

The settings and jobs sent to each profile's regeneration (in a worker process or in
this one), the result of each output and profile, and the report of the whole run.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from drafter.choices import ARTEFACT_SUFFIXES, Paper, RegenerateFormat
from drafter.commands.manifest import OutputRecord
from drafter.errors import EXIT_BAD_INPUT, EXIT_FINDINGS, EXIT_OK, Problem

# Formats made from the rendered policy: the text ones of drafter.render, Word and PDF (bytes).

Status = Literal["unchanged", "updated", "new"]

EXIT_TERMINATED = 143  # 128 + SIGTERM, as a shell reports a process it ended


@dataclass(frozen=True)
class Settings:
    """What every profile of a run is regenerated with (sent to each worker)."""

    out: Path
    langs: tuple[str, ...] | None  # None: each profile's own languages
    formats: tuple[RegenerateFormat, ...]
    today: dt.date
    check: bool
    diff: bool
    law_sha256: str
    templates_sha256: str
    paper: Paper = "a4"
    policy_url: str | None = None  # banners link to it ({lang}, {profile}); else the website


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
    not_made: tuple[str, ...] = ()  # outputs asked for that this profile cannot have, and why


def output_name(stem: str, lang: str, fmt: str) -> str:
    """An output's file name: ``PROFILE.LANG.FORMAT`` for a policy, ``PROFILE.FORMAT.EXT``
    for an artefact (a banner or store answers: one file for all the languages)."""
    if fmt in ARTEFACT_SUFFIXES:
        return f"{stem}.{fmt}.{ARTEFACT_SUFFIXES[fmt]}"
    return f"{stem}.{lang}.{fmt}"


def planned_outputs(
    langs: Sequence[str], formats: Sequence[RegenerateFormat]
) -> list[tuple[str, RegenerateFormat]]:
    """``(languages, format)`` of each output of a profile: a policy per language and format,
    then each artefact once, for all the languages (recorded as ``en+fr``)."""
    if not langs:
        return []
    policies = [(lang, fmt) for lang in langs for fmt in formats if fmt not in ARTEFACT_SUFFIXES]
    return policies + [("+".join(langs), fmt) for fmt in formats if fmt in ARTEFACT_SUFFIXES]


@dataclass
class Report:
    settings: Settings
    profiles: list[Path]
    results: list[ProfileResult]
    orphans: list[str] = field(default_factory=list)
    interrupted: bool = False  # by Ctrl-C or SIGTERM
    terminated: bool = False  # by SIGTERM

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
