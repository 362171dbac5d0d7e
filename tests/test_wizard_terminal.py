"""End to end: the real ``drafter wizard`` program in a pseudo-terminal, answered like a person.

A small web shop like profiles/example.yaml is built from scratch, with the interface in
French (chosen by the locale, LANG=fr_FR.UTF-8) and in English (``--ui en`` beats the
locale). The driver waits until the screen is quiet, takes the last question drawn, and
types the keys a person would: arrows and Space in lists, text and Enter elsewhere. Every
question counts as one answer, Enter on a suggestion too.
"""

from __future__ import annotations

import os
import re
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from wizard_shop import SHOP, shown

from drafter.legal.load import load_profile
from drafter.render.formats import render
from drafter.wizard import i18n
from drafter.wizard.lists import OTHER

pexpect = pytest.importorskip("pexpect")

DOWN, SPACE, ENTER = "\x1b[B", " ", "\r"
MAX_ANSWERS = 60

# Each question is drawn as a coloured "?" and the question in bold.
QUESTION = re.compile(r"\?\x1b\[[0-9;]*m\s*(?:\x1b\[[0-9;]*m)*\s*([^\x1b\r\n]+)")


def _options(message: str) -> tuple[list[Any], list[Any]]:
    """The values of a list question of the shop, in screen order, and those ticked first."""
    from drafter.model.catalog import builtin_catalog
    from drafter.model.law import load_law
    from drafter.wizard.questions import Ctx
    from drafter.wizard.sections import presets
    from drafter.wizard.sections.choices import LANGUAGES, SECURITY_MEASURES
    from drafter.wizard.sections.vendors_and_cookies import _vendor_choices

    root = {"languages": ["fr", "en"], "controller": {"address": {"country": "FR"}}}
    ctx = Ctx(root, root, builtin_catalog(), load_law(), "2026-12-01")
    if message.startswith("Which languages"):
        return [c.value for c in LANGUAGES(ctx)], [["en"]]
    if message.startswith("Which personal data"):
        offered = presets.data_presets(ctx, [])
    elif message.startswith("Who else receives"):
        offered = presets.recipient_presets(ctx, [])
    elif message.startswith("Which cookies of your own"):
        offered = presets.cookie_presets(ctx, [])
    elif message.startswith("Which security measures"):
        return [c.value for c in SECURITY_MEASURES(ctx)], []
    else:
        vendors = [c.value for c in _vendor_choices(ctx) if not c.heading]
        return [*vendors, OTHER], []
    return [*[p.value for p in offered], OTHER], [p.value for p in offered if p.checked]


def _keys(message: str, answer: Any) -> str:
    if isinstance(answer, bool):
        return ("y" if answer else "n") + ENTER
    if isinstance(answer, str):
        return "\x15" + answer + ENTER  # Ctrl-U clears the suggestion first
    options, checked = _options(message)
    if message.startswith("Which languages"):
        return DOWN * options.index(answer) + ENTER
    keys, position = "", 0
    for i, value in enumerate(options):
        if (value in answer) != (value in checked):
            keys += DOWN * (i - position) + SPACE
            position = i
    return keys + ENTER


def _quiet(child: Any, seconds: float = 0.3) -> str:
    """Everything the program prints until it has printed nothing for ``seconds``."""
    out = ""
    while True:
        try:
            out += child.read_nonblocking(100000, timeout=seconds)
        except pexpect.TIMEOUT:
            return out
        except pexpect.EOF:
            return out + "\0EOF"


# prompt_toolkit turns bracketed paste on when a question starts waiting for keys and off
# when it is answered; the answered question is drawn again after "off". A slow machine can
# pause between the two, so quiet alone does not tell an answered question from a new one.
WAITING, ANSWERED = "\x1b[?2004h", "\x1b[?2004l"


def _next_question(child: Any) -> str | None:
    """The question now waiting for keys, or None when the program has ended."""
    screen, deadline = "", time.monotonic() + 60
    while True:
        screen += _quiet(child)
        if screen.endswith("\0EOF"):
            return None
        start = screen.rfind(WAITING)
        if start > screen.rfind(ANSWERED) and (found := QUESTION.findall(screen, start)):
            return str(found[-1]).strip()
        assert time.monotonic() < deadline, screen[-2000:]


def run_wizard(tmp_path: Path, args: Sequence[str], lang: str) -> tuple[int, list[str]]:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "LANG": "fr_FR.UTF-8"}
    for name in ("NO_COLOR", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        env.pop(name, None)
    i18n.use(lang)
    rules = [(shown(m, f), m, answer) for m, f, answer in SHOP]
    rules.append((shown("Draft the policy now ({languages}, Markdown)?", {"languages": "fr, en"}), "", True))
    child = pexpect.spawn(
        sys.executable,
        ["-m", "drafter", "wizard", *args],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        dimensions=(60, 200),
        timeout=30,
    )
    asked: list[str] = []
    try:
        while (question := _next_question(child)) is not None:
            asked.append(question)
            assert len(asked) <= MAX_ANSWERS, "\n".join(asked)
            keys = ENTER
            for i, (text, message, answer) in enumerate(rules):
                if question.startswith(text):
                    keys = _keys(message, answer)
                    del rules[i]
                    break
            child.send(keys)
    finally:
        i18n.use("en")
        child.close()
    assert not rules, f"never asked: {[r[0] for r in rules]}"
    return child.exitstatus, asked


@pytest.mark.parametrize(("args", "lang"), [([], "fr"), (["--ui", "en"], "en")], ids=["LANG=fr", "--ui-en"])
def test_a_shop_from_scratch_in_a_terminal(tmp_path: Path, args: list[str], lang: str) -> None:
    code, asked = run_wizard(tmp_path, ["-o", "lumen.yaml", *args], lang)
    assert code == 0, asked[-3:]
    assert len(asked) <= MAX_ANSWERS
    if lang == "fr":  # the questions were shown in French
        assert "Quelles données personnelles détenez-vous ?" in asked or any("données" in q for q in asked)
        assert not any(q.startswith("Which personal data") for q in asked)
    else:
        assert "Which personal data do you hold?" in asked
    loaded = load_profile(tmp_path / "lumen.yaml")
    assert loaded.profile.controller.legal_name == "Atelier Lumen SAS"
    for policy_lang in ("fr", "en"):
        policy = tmp_path / "policies" / f"lumen.{policy_lang}.md"
        assert policy.read_text(encoding="utf-8") == render(loaded, policy_lang, "md")
