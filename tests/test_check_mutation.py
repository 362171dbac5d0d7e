"""Mutation test of ``check``: delete one witness from a rendered policy and ``check`` must
report that requirement missing, and no requirement whose witnesses do not contain it.

Every shipped profile in each language: a sample of the deletions in the normal run, all
of them in the test marked ``slow`` (CI runs it; ``-m "not slow"`` skips it).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

import pytest
from conftest import PROFILES

from drafter.commands.check import RequirementStatus, normalized, requirement_statuses
from drafter.legal.load import LoadedProfile, load_profile
from drafter.model.types import Lang
from drafter.render.markdown import md_escape
from drafter.render.policy import Policy, RenderedSection, render_policy

SAMPLE_EVERY = 9  # the normal run checks one deletion in nine


@dataclasses.dataclass(frozen=True)
class Mutation:
    requirement: str
    witness: str
    section: str
    part: str


def _mutations(statuses: list[RequirementStatus], lang: Lang) -> Iterator[Mutation]:
    for status in statuses:
        for w in status.witnesses[lang]:
            assert w.found and w.section is not None, (status.id, w)
            for part in dict.fromkeys(w.text):
                if part.strip():
                    yield Mutation(status.id, w.label, w.section, part)


def _without(policy: Policy, section: str, part: str) -> Policy:
    """The policy with every occurrence of ``part`` deleted from one section's Markdown."""
    forms = [re.escape(md_escape(part)), re.escape(part)]
    pattern = re.compile("|".join(dict.fromkeys(forms)), re.IGNORECASE)

    def cut(markdown: str) -> str:
        out, count = pattern.subn("", markdown)
        assert count, f"{part!r} is not in the Markdown of {section}"
        return out

    if section == "header":
        return dataclasses.replace(policy, header=cut(policy.header))
    sections = tuple(
        RenderedSection(s.id, s.title, cut(s.markdown)) if s.id == section else s for s in policy.sections
    )
    return dataclasses.replace(policy, sections=sections)


def _check_mutation(loaded: LoadedProfile, policy: Policy, lang: Lang, m: Mutation) -> None:
    statuses = requirement_statuses(loaded, [lang], policies={lang: _without(policy, m.section, m.part)})
    missing = [s for s in statuses if not s.ok]
    assert m.requirement in {s.id for s in missing}, f"deleting {m.part!r} ({m.witness}) went unnoticed"
    gone = normalized(m.part)
    for s in missing:  # only requirements that rest on the deleted text
        assert any(gone in normalized(t) for w in s.missing(lang) for t in w.text), (
            f"deleting {m.part!r} ({m.requirement}: {m.witness}) also failed {s.id}: "
            f"{[(w.label, w.text) for w in s.missing(lang)]}"
        )


CASES = [(p, lang) for p in PROFILES for lang in ("en", "fr")]


def _run(profile_index: int, lang: Lang, every: int) -> int:
    loaded = load_profile(PROFILES[profile_index])
    policy = render_policy(loaded, lang)
    statuses = requirement_statuses(loaded, [lang], policies={lang: policy})
    assert all(s.ok for s in statuses), [s.id for s in statuses if not s.ok]
    done = 0
    for n, m in enumerate(_mutations(statuses, lang)):
        if n % every == 0:
            _check_mutation(loaded, policy, lang, m)
            done += 1
    return done


@pytest.mark.parametrize(
    ("index", "lang"),
    [(i, lang) for i in range(len(PROFILES)) for lang in ("en", "fr")],
    ids=[f"{p.stem}-{lang}" for p in PROFILES for lang in ("en", "fr")],
)
def test_a_sample_of_deletions_is_caught(index: int, lang: Lang) -> None:
    assert _run(index, lang, SAMPLE_EVERY) > 0


@pytest.mark.slow
@pytest.mark.parametrize(
    ("index", "lang"),
    [(i, lang) for i in range(len(PROFILES)) for lang in ("en", "fr")],
    ids=[f"{p.stem}-{lang}" for p in PROFILES for lang in ("en", "fr")],
)
def test_every_deletion_is_caught(index: int, lang: Lang) -> None:
    assert _run(index, lang, 1) > 10
