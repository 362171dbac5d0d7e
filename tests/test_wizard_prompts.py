"""The questionary prompts themselves: keys typed through a pipe, the screen read as written.

Each test types what a person would and reads what prompt_toolkit wrote for a terminal of
a known size (no terminal emulator: the raw output, escape sequences and all), except the
y/N test, which needs keys that arrive one at a time and so runs in a pseudo-terminal.
"""

from __future__ import annotations

import io
import os
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from prompt_toolkit.application import create_app_session
from prompt_toolkit.data_structures import Size
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output.vt100 import Vt100_Output
from pydantic import TypeAdapter, ValidationError

import drafter
from drafter.model.catalog import builtin_catalog
from drafter.model.messages import error_message
from drafter.model.profile import Email
from drafter.wizard.prompts import QuestionaryPrompter
from drafter.wizard.questions import Choice, Ctx

ENTER, DOWN, SPACE = "\r", "\x1b[B", " "
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class Screen:
    def __init__(self, pipe: Any, out: io.StringIO) -> None:
        self.pipe = pipe
        self.out = out

    def text(self) -> str:
        """Everything written so far, without escape sequences (cursor moves become nothing)."""
        return ESCAPES.sub("", self.out.getvalue())


@contextmanager
def screen(rows: int = 40, columns: int = 120) -> Iterator[Screen]:
    out = io.StringIO()
    output = Vt100_Output(out, lambda: Size(rows=rows, columns=columns), term="xterm", enable_cpr=False)
    with create_pipe_input() as pipe, create_app_session(input=pipe, output=output):
        yield Screen(pipe, out)


def no_check(_: Any) -> None:
    return None


# --- 1. y/N waits for Enter ---------------------------------------------------------


def test_confirm_takes_the_last_key_before_enter() -> None:
    with screen() as s:
        s.pipe.send_text("ny" + ENTER)  # a person who types n, then changes their mind
        assert QuestionaryPrompter().confirm("Go on?", False, "") is True
        s.pipe.send_text(ENTER)
        assert QuestionaryPrompter().confirm("Go on?", False, "") is False  # Enter alone: the default
        s.pipe.send_text("n" + ENTER)
        assert QuestionaryPrompter().confirm("Go on?", True, "") is False


SCRIPT = """
from drafter.wizard.prompts import QuestionaryPrompter
p = QuestionaryPrompter()
yes = p.confirm("Go on?", True, "")
name = p.text("Your name", "kept", lambda t: None, "")
print("RESULT", yes, repr(name))
"""


def test_enter_after_n_does_not_answer_the_next_question() -> None:
    """In a terminal, n and Enter arrive apart: Enter used to answer the next question."""
    pexpect = pytest.importorskip("pexpect")
    root = str(Path(drafter.__file__).resolve().parent.parent)
    env = {**os.environ, "PROMPT_TOOLKIT_NO_CPR": "1", "TERM": "xterm", "PYTHONPATH": root}
    child = pexpect.spawn(
        sys.executable, ["-c", SCRIPT], cwd=root, env=env, encoding="utf-8", dimensions=(40, 120), timeout=20
    )
    child.expect("Go on")
    child.send("n")
    child.expect("No")  # the choice is shown
    child.send(ENTER)
    child.expect("Your name")
    child.send("\x15typed" + ENTER)  # Ctrl-U clears the pre-filled answer
    child.expect(pexpect.EOF)
    child.close()
    assert "RESULT False 'typed'" in child.before


# --- 2. long titles are wrapped, not clipped ----------------------------------------

LONG = (
    "a processor that receives the data to host the service, back it up every night and "
    "restore it after an incident, under a contract that binds it to our instructions LASTWORD"
)


@pytest.mark.parametrize("kind", ["select", "checkbox"])
def test_a_title_wider_than_the_screen_is_wrapped(kind: str) -> None:
    choices = [Choice("short", "short choice"), Choice("long", LONG)]
    with screen(columns=80) as s:
        s.pipe.send_text(ENTER)  # the first choice (select), nothing ticked (checkbox)
        if kind == "select":
            assert QuestionaryPrompter().select("Which?", choices, "short", "") == "short"
        else:
            assert QuestionaryPrompter().checkbox("Which?", choices, [], no_check, "") == []
        shown = s.text()
    assert "LASTWORD" in shown  # clipped at column 80 before
    assert "restore it after an incident" in shown  # cut at spaces: whole words on each line


# --- 3. long lists are filtered by typing; the answer names the picks ----------------

GREEK = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta"]
CITIES = ["Paris", "Nantes", "Lyon", "Lille", "Brest", "Rennes", "Nice", "Metz"]


def long_list() -> list[Choice]:
    return [
        Choice(None, "Greek letters", heading=True),
        *[Choice(x.lower(), f"{x}: a letter") for x in GREEK],
        Choice(None, "Cities", heading=True),
        *[Choice(x.lower(), f"{x}: a city") for x in CITIES],
    ]


def test_typing_filters_a_long_checkbox() -> None:
    with screen() as s:
        s.pipe.send_text("nan" + SPACE + ENTER)  # only Nantes matches
        picked = QuestionaryPrompter().checkbox("Which?", long_list(), [], no_check, "")
        shown = s.text()
    assert picked == ["nantes"]
    assert "type to filter, Space ticks, Enter confirms" in shown
    assert "Nantes: a city [Cities]" in shown  # the heading stays readable, as a tag


def test_typing_filters_a_long_select() -> None:
    choices = [c for c in long_list() if not c.heading]
    with screen() as s:
        s.pipe.send_text("lil" + ENTER)
        assert QuestionaryPrompter().select("Which?", choices, "alpha", "") == "lille"


def test_a_short_checkbox_keeps_its_headings_and_keys() -> None:
    choices = [Choice(None, "Greek letters", heading=True), *[Choice(x, x) for x in GREEK[:3]]]
    with screen() as s:
        s.pipe.send_text(DOWN + SPACE + ENTER)
        assert QuestionaryPrompter().checkbox("Which?", choices, [], no_check, "") == ["Beta"]
        assert "── Greek letters" in s.text()


def test_the_answer_line_names_the_picks() -> None:
    choices = [Choice(x.lower(), f"{x}: a city (France)") for x in CITIES[:4]]
    with screen() as s:
        s.pipe.send_text(SPACE + DOWN + SPACE + DOWN + DOWN + SPACE + ENTER)
        picked = QuestionaryPrompter().checkbox("Which cities?", choices, [], no_check, "")
        shown = s.text()
    assert picked == ["paris", "nantes", "lille"]
    assert "Which cities? Paris, Nantes, Lille" in shown
    assert "selections" not in shown


def test_the_answer_line_escapes_profile_text() -> None:
    choices = [Choice("x", "Acme\x1b[2J\u202e: typed in the profile")]
    with screen() as s:
        s.pipe.send_text(SPACE + ENTER)
        assert QuestionaryPrompter().checkbox("Which?", choices, [], no_check, "") == ["x"]
        raw = s.out.getvalue()
    assert "\u202e" not in raw and "Acme\x1b" not in raw
    assert "Which? Acme\\x1b[2J\\u202e" in ESCAPES.sub("", raw)


def test_the_answer_line_of_a_select_shows_the_whole_title() -> None:
    choices = [Choice(1, "one"), Choice(2, LONG)]
    with screen(columns=80) as s:
        s.pipe.send_text(DOWN + ENTER)
        assert QuestionaryPrompter().select("Which?", choices, 1, "") == 2
        assert f"Which? {LONG}" in s.text()


def test_the_vendor_list_on_a_40_row_screen() -> None:
    from drafter.wizard.sections.vendors_and_cookies import _vendor_choices

    ctx = Ctx({}, {}, builtin_catalog(), None, "2026-01-01")  # type: ignore[arg-type]
    choices = _vendor_choices(ctx)
    assert sum(not c.heading for c in choices) > 40  # taller than the screen
    with screen(rows=40, columns=120) as s:
        s.pipe.send_text("stripe" + SPACE + ENTER)
        picked = QuestionaryPrompter().checkbox(
            "Which services receive data?", choices, ["brevo"], no_check, ""
        )
        shown = s.text()
    assert picked == ["stripe", "brevo"]  # in the list's order: payment comes first
    assert "type to filter" in shown
    assert "Which services receive data? Stripe, Brevo" in shown


# --- 4. e-mail refusals in drafter's words -------------------------------------------


def refusal(address: str) -> str:
    with pytest.raises(ValidationError) as caught:
        TypeAdapter(Email).validate_python(address)
    return error_message(caught.value.errors()[0])


@pytest.mark.parametrize(
    ("address", "message"),
    [
        (
            "bonjour@example",
            "'bonjour@example' is not a valid email address: "
            "the part after the @ needs a dot, as in example.com",
        ),
        (
            "bonjour@",
            "'bonjour@' is not a valid email address: "
            "the part after the @ is missing, as in name@example.com",
        ),
        ("bonjour", "'bonjour' is not a valid email address: it needs an @, as in name@example.com"),
        (
            "a..b@example.org",
            "'a..b@example.org' is not a valid email address: it cannot have two dots in a row",
        ),
    ],
)
def test_email_refusals_read_like_drafter(address: str, message: str) -> None:
    assert refusal(address) == message


@pytest.mark.parametrize("address", ["a@[192.0.2.1]", "a b@example.org", "a@example.invalid", "x@-a.org"])
def test_no_email_refusal_keeps_the_library_wording(address: str) -> None:
    message = refusal(address)
    assert "@-sign" not in message and "period" not in message
    reason = message.split(": ", 1)[1]
    assert reason[:1].islower() and not reason.endswith(".") and ". " not in reason
