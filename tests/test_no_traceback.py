"""No command ever prints a traceback: bad arguments, inputs and outputs; bugs; Ctrl-C.

Each command the parser knows is run as a user runs it (a subprocess) and must fail with
exit status 2 and one human line per problem. An unexpected exception inside drafter is
one line with a hint to report it (status 70); Ctrl-C is one line and status 130.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import minimal, write_profile

from drafter import cli
from drafter.errors import EXIT_INTERNAL

BAD = Path(__file__).resolve().parent / "bad_inputs"
# "WHERE: message", one problem a line: a file (with its line) or "drafter ...: error".
LINE = re.compile(r"^\S[^\n]*?: \S")


def run(*args: str, code: str | None = None) -> subprocess.CompletedProcess[str]:
    argv = [sys.executable, "-c", code, *args] if code else [sys.executable, "-m", "drafter", *args]
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_DEBUG"}
    return subprocess.run(argv, capture_output=True, text=True, timeout=120, env=env)


def assert_fails_cleanly(result: subprocess.CompletedProcess[str], status: int = 2) -> list[str]:
    """The exit status, no traceback, and at least one well-formed message line."""
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.returncode == status, result.stderr
    lines = result.stderr.splitlines()
    assert lines, "no message"
    for line in lines:
        assert LINE.match(line), f"not one problem a line: {line!r}"
    return lines


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    for action in cli.build_parser()._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    raise AssertionError("no commands")


COMMANDS = sorted(_subparsers())
# Commands whose positional arguments are profiles (scan's is a URL, its --profile an option),
# and commands that write with -o.
PROFILE_COMMANDS = sorted(
    name
    for name, parser in _subparsers().items()
    if any(a.dest in {"profile", "profiles"} and not a.option_strings for a in parser._actions)
)
OUTPUT_COMMANDS = sorted(
    name for name, parser in _subparsers().items() if any(a.dest == "output" for a in parser._actions)
)


def test_the_known_commands_are_all_checked() -> None:
    assert {"render", "validate", "schema"} <= set(COMMANDS)
    assert {"render", "validate"} <= set(PROFILE_COMMANDS)
    assert {"render", "schema"} <= set(OUTPUT_COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
def test_unknown_option(command: str) -> None:
    (line,) = assert_fails_cleanly(run(command, "--no-such-option"))
    # argparse words a stray option as the main parser's error, a missing argument as the command's.
    assert line.startswith(("drafter: error: ", f"drafter {command}: error: ")) and "--help" in line


def test_unknown_command_and_no_argument() -> None:
    (line,) = assert_fails_cleanly(run("publish"))
    assert "invalid choice: 'publish'" in line
    (line,) = assert_fails_cleanly(run("render"))
    assert "required: profile" in line


@pytest.mark.parametrize("command", PROFILE_COMMANDS)
def test_missing_file_folder_and_bad_profile(command: str, tmp_path: Path) -> None:
    missing = tmp_path / "missing.yaml"
    assert assert_fails_cleanly(run(command, str(missing))) == [f"{missing}: no such file"]
    assert assert_fails_cleanly(run(command, str(tmp_path))) == [
        f"{tmp_path}: is a directory, not a YAML file"
    ]
    bad = BAD / "many-problems.yaml"
    lines = assert_fails_cleanly(run(command, str(bad)))
    assert lines == (BAD / "many-problems.expected").read_text().replace("{file}", str(bad)).splitlines()


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (["--lang", "de"], "argument --lang: invalid choice: 'de'"),
        (["--lang", "fr"], "add 'fr' to 'languages'"),
        (["--format", "odt"], "argument --format: invalid choice: 'odt'"),
        (["--format", "pdf"], "drafter: a PDF is binary: write it to a file with -o"),
        (["--vendors", "no-such-folder"], "no-such-folder: vendor catalog folder not found"),
        (["-o", ""], "drafter: -o needs a file name"),
    ],
)
def test_render_bad_arguments(args: list[str], fragment: str, tmp_path: Path) -> None:
    profile = write_profile(tmp_path / "p.yaml", minimal())
    (line,) = assert_fails_cleanly(run("render", str(profile), *args))
    assert fragment in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.yaml"]


def test_render_with_a_bad_vendor_catalog(tmp_path: Path) -> None:
    """User vendor catalogs are untrusted input too."""
    folder = tmp_path / "vendors"
    folder.mkdir()
    (folder / "acme.yaml").write_text("id: acme\nname: !!python/name:os.system\nnonsense: 1\n")
    profile = write_profile(tmp_path / "p.yaml", minimal())
    lines = assert_fails_cleanly(run("render", str(profile), "--vendors", str(folder)))
    tag = "tag '!!python/name:os.system' is not allowed (only plain YAML data is read)"
    assert lines == [f"{folder / 'acme.yaml'}:2: name: {tag}"]


@pytest.mark.parametrize("command", OUTPUT_COMMANDS)
def test_unwritable_outputs(command: str, tmp_path: Path) -> None:
    profile = write_profile(tmp_path / "p.yaml", minimal())
    args = [command, str(profile)] if command in PROFILE_COMMANDS else [command]
    folder = tmp_path / "folder"
    folder.mkdir()
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    cases = {
        folder: "is a directory; give a file name",
        tmp_path / "no" / "such" / "folder" / "out.md": "folder",
        fifo: "is not a regular file",
    }
    for output, fragment in cases.items():
        (line,) = assert_fails_cleanly(run(*args, "-o", str(output)))
        assert line.startswith(f"{output}: ") and fragment in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fifo", "folder", "p.yaml"]
    assert list(folder.iterdir()) == []


def test_render_never_overwrites_its_input(tmp_path: Path) -> None:
    profile = write_profile(tmp_path / "p.yaml", minimal())
    before = profile.read_bytes()
    (tmp_path / "link.yaml").symlink_to(profile)
    os.link(profile, tmp_path / "hard.yaml")
    for output in ["p.yaml", "./p.yaml", "link.yaml", "hard.yaml", str(profile)]:
        result = subprocess.run(
            [sys.executable, "-m", "drafter", "render", "p.yaml", "-o", output],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=tmp_path,
        )
        (line,) = assert_fails_cleanly(result)
        assert line == f"{output}: refusing to overwrite the input profile with its policy"
        assert profile.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["hard.yaml", "link.yaml", "p.yaml"]


# A command that fails in a way drafter does not expect, run as the real entry point.
_BUG = """
import sys
from drafter import cli
from drafter.errors import EXIT_INTERNAL

def broken(args):
    {raise_}

cli._COMMANDS["validate"] = broken
raise SystemExit(cli.main(sys.argv[1:]))
"""


def test_an_internal_error_is_one_line_with_a_hint_to_report_it() -> None:
    result = run("validate", "x.yaml", code=_BUG.format(raise_="raise RuntimeError('boom\\nsecond line')"))
    (line,) = assert_fails_cleanly(result, status=EXIT_INTERNAL)
    assert line.startswith("drafter: internal error (RuntimeError: boom\\nsecond line)")
    assert "bug in drafter, please report it" in line


def test_ctrl_c_exits_130_quietly() -> None:
    result = run("validate", "x.yaml", code=_BUG.format(raise_="raise KeyboardInterrupt"))
    assert assert_fails_cleanly(result, status=130) == ["drafter: interrupted; no file was changed"]


def test_internal_error_and_ctrl_c_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(args: argparse.Namespace) -> int:
        raise ValueError("unexpected")

    def interrupted(args: argparse.Namespace) -> int:
        raise KeyboardInterrupt

    monkeypatch.delenv("DRAFTER_DEBUG", raising=False)
    monkeypatch.setitem(cli._COMMANDS, "schema", broken)
    assert cli.main(["schema"]) == 70
    assert capsys.readouterr().err.startswith("drafter: internal error (ValueError: unexpected); ")
    monkeypatch.setitem(cli._COMMANDS, "schema", interrupted)
    assert cli.main(["schema"]) == 130
    assert capsys.readouterr().err == "drafter: interrupted; no file was changed\n"
    # A developer can ask for the traceback.
    monkeypatch.setitem(cli._COMMANDS, "schema", broken)
    monkeypatch.setenv("DRAFTER_DEBUG", "1")
    with pytest.raises(ValueError, match="unexpected"):
        cli.main(["schema"])
