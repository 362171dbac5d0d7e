"""What drafter prints cannot drive the terminal or forge a line (issue 21, class 2).

A ``--vendors`` folder, a file name or a profile's text may hold an escape sequence, a
bidi override or a newline. Printed, each is shown as a visible escape: in ``vendors
list``/``show``, ``validate``, ``check``, ``lint-text`` and a policy sent to a terminal. A
policy sent to a pipe or a file is the document itself, unchanged.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import minimal, write_profile

from drafter.cli import main

# What a terminal acts on or reads differently: controls but newline, bidi marks, separators.
UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
ESCAPE = "\x1b]0;PWNED\x07\x1b[2J"  # retitle the window, clear the screen

VENDOR = """\
id: evil
name: "Evil\\u202eCorp"
category: other
description:
  en: "host files\\u2066 for you"
  fr: "héberger les fichiers"
privacy_url: https://example.com/privacy
entities:
  global: {name: "Evil\\u202e Inc.", address: "1 Main Street", country: US}
processing_countries: [US]
data_received: [contact]
last_checked: 2026-11-22
"""


@pytest.fixture
def vendor_folder(tmp_path: Path) -> Path:
    folder = tmp_path / f"vendors{ESCAPE}"
    folder.mkdir()
    (folder / "evil.yaml").write_text(VENDOR)
    return folder


def test_vendors_list_and_show_escape_names_from_a_vendor_folder(
    vendor_folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["vendors", "list", "--vendors", str(vendor_folder)]) == 0
    listed = capsys.readouterr().out
    (line,) = [line for line in listed.splitlines() if line.startswith("evil ")]
    assert "Evil\\u202eCorp" in line and "vendors\\x1b]0;PWNED\\x07\\x1b[2J" in line
    assert main(["vendors", "show", "evil", "--vendors", str(vendor_folder)]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("evil: Evil\\u202eCorp\n")
    assert "vendors\\x1b]0;PWNED" in shown and "host files\\u2066 for you" in shown
    assert not UNSAFE.search(listed + shown)


def test_a_newline_in_a_file_name_cannot_forge_a_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write_profile(tmp_path / "p.yaml\nother.yaml: ok", minimal())
    assert main(["validate", str(profile)]) == 0
    out = capsys.readouterr().out
    assert out == f"{tmp_path}/p.yaml\\nother.yaml: ok: ok\n"


def test_check_escapes_the_file_name_in_its_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write_profile(tmp_path / f"p{ESCAPE}.yaml", minimal())
    main(["check", str(profile), "--lang", "en"])
    out = capsys.readouterr().out
    assert out.startswith(f"{tmp_path}/p\\x1b]0;PWNED\\x07\\x1b[2J.yaml (en)\n")
    assert not UNSAFE.search(out)


def test_lint_text_escapes_the_file_name_in_its_lines(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from drafter.lint.tools import ToolMissing, grammalecte_checker, hunspell_unknown

    try:
        hunspell_unknown(["test"], "en")
        grammalecte_checker()
    except ToolMissing as exc:
        pytest.skip(str(exc))
    profile = write_profile(tmp_path / f"p{ESCAPE}.yaml", minimal())
    main(["lint-text", str(profile)])
    captured = capsys.readouterr()
    assert "p\\x1b]0;PWNED\\x07\\x1b[2J.yaml: en: " in captured.err
    assert not UNSAFE.search(captured.out + captured.err)


def rendered(profile: Path, *, terminal: bool) -> str:
    command = [sys.executable, "-m", "drafter", "render", str(profile)]
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_DEBUG"}
    if not terminal:
        return subprocess.run(command, capture_output=True, text=True, env=env, timeout=60, check=True).stdout
    leader, follower = os.openpty()
    process = subprocess.Popen(command, stdout=follower, stderr=subprocess.DEVNULL, env=env)
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # EIO: the process closed the terminal
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    assert process.wait(timeout=60) == 0
    return b"".join(chunks).decode()


def test_a_policy_is_escaped_on_a_terminal_and_unchanged_in_a_pipe(tmp_path: Path) -> None:
    profile = write_profile(
        tmp_path / "p.yaml", minimal(service={"name": "Example", "description": "online \u202eshop"})
    )
    assert "online \u202eshop" in rendered(profile, terminal=False)
    shown = rendered(profile, terminal=True)
    assert "online \\u202eshop" in shown and not UNSAFE.search(shown.replace("\r\n", "\n"))
