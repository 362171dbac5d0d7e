"""End to end: the real ``drafter wizard`` program in a pseudo-terminal, answered like a person."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from drafter.legal.load import load_profile
from drafter.render.formats import render

pexpect = pytest.importorskip("pexpect")

DOWN = "\x1b[B"
CLEAR = "\x15"  # Ctrl-U: clear the pre-filled answer before typing

# Each new question is drawn as a coloured "?" and the question in bold.
QUESTION = re.compile(r"\?\x1b\[[0-9;]*m ([^\x1b\r\n]+)")

# (question pattern, keys typed), each used once, in order; any other question gets Enter.
ANSWERS = [
    (r"^Which languages", DOWN * 2 + "\r"),  # English and French
    (r"^Name of your service", "Sonora\r"),
    (r"^Describe the service.*\[en\]", "online audio mastering service\r"),
    (r"^Describe the service.*\[fr\]", "service de mastering audio en ligne\r"),
    (r"^Legal name", "Sonora SAS\r"),
    (r"^Website", "sonora.example\r" + CLEAR + "https://sonora.example\r"),  # refused, then fixed
    (r"^Postal address, line 1", "3 rue de la Paix\r"),
    (r"^Postal address, line 2", "75002 Paris\r"),
    (r"^Country", "FR\r"),
    (r"^Contact e-mail", "hello@sonora.example\r"),
    (r"^Name of this kind of data.*\[en\]", "contact details\r"),
    (r"^Name of this kind of data.*\[fr\]", "coordonnées\r"),
    (r"^Examples.*\[en\]", "name, email address\r"),
    (r"^Examples.*\[fr\]", "nom, adresse e-mail\r"),
    (r"^What do you use the data for.*\[en\]", "answer your messages\r"),
    (r"^What do you use the data for.*\[fr\]", "répondre à vos messages\r"),
    (r"^What kind of purpose", "\x1b[A" * 9 + "\r"),  # up from "something else" to "customer support"
    (r"^Which data does it use", " \r"),
    (r"^Add the statutory period", "n"),
    (r"^Add the statutory period", "n"),
    (r"^Add the statutory period", "n"),
    (r"^Add a rule for contact details", "y"),
    (r"^Draft the policy now", "y"),
]


def test_wizard_in_a_terminal(tmp_path: Path) -> None:
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "COLUMNS": "200"}
    env.pop("NO_COLOR", None)
    child = pexpect.spawn(
        sys.executable,
        ["-m", "drafter", "wizard", "-o", "sonora.yaml"],
        cwd=str(tmp_path),
        env=env,
        encoding="utf-8",
        dimensions=(50, 200),
        timeout=30,
    )
    rules = list(ANSWERS)
    asked: list[str] = []
    while True:
        if child.expect([QUESTION, pexpect.EOF]) == 1:
            break
        question = child.match.group(1).strip()
        if asked and question == asked[-1]:
            continue  # the same prompt drawn again (a keystroke, or its answer shown)
        asked.append(question)
        assert len(asked) < 200, "the wizard keeps asking"
        keys = "\r"
        for i, (pattern, typed) in enumerate(rules):
            if re.search(pattern, question):
                keys = typed
                del rules[i]
                break
        child.send(keys)
    child.close()
    assert child.exitstatus == 0, child.before
    assert not rules, f"never asked: {[r[0] for r in rules]}"
    profile = tmp_path / "sonora.yaml"
    loaded = load_profile(profile)
    assert str(loaded.profile.controller.website) == "https://sonora.example/"
    assert loaded.profile.purposes[0].kind == "support"
    for lang in ("en", "fr"):
        policy = tmp_path / "policies" / f"sonora.{lang}.md"
        assert policy.read_text(encoding="utf-8") == render(loaded, lang, "md")
    assert "Sonora SAS" in render(loaded, "fr", "html")
