"""A ``--vendors`` folder is read for its regular vendor files only (issue 21, classes 5, 9, 11).

A ``*.yaml`` link to a secret file elsewhere is not read, so no error message echoes the
secret; a FIFO named ``*.yaml`` is not opened, so nothing hangs; an editor's dot-files
(``._x.yaml``, ``.#x.yaml``) do not fail the folder. Each is skipped with a notice.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import minimal, write_profile

from drafter.cli import main

VENDOR = """\
id: acme
name: "Acme Hosting"
category: hosting
description:
  en: "host the website"
  fr: "héberger le site"
privacy_url: https://example.com/privacy
entities:
  eea: {name: "Acme SAS", address: "1 rue de Paris, 75001 Paris", country: FR}
processing_countries: [FR]
data_received: [contact]
last_checked: 2026-11-22
"""


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    vendors = tmp_path / "vendors"
    vendors.mkdir()
    (vendors / "acme.yaml").write_text(VENDOR)
    return vendors


def test_a_link_to_a_secret_outside_the_folder_is_skipped_and_never_echoed(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    secret = tmp_path / "secret.env"
    secret.write_text("STRIPE_SECRET_KEY: sk_live_hunter2\n")
    (folder / "leak.yaml").symlink_to(secret)
    profile = write_profile(tmp_path / "p.yaml", minimal())
    assert main(["validate", str(profile), "--vendors", str(folder)]) == 0
    err = capsys.readouterr().err
    assert f"{folder}/leak.yaml: skipped: a symbolic link to a file outside the folder" in err.splitlines()
    assert "STRIPE_SECRET_KEY" not in err and "hunter2" not in err
    assert main(["vendors", "list", "--vendors", str(folder)]) == 0
    captured = capsys.readouterr()
    assert "acme " in captured.out and "STRIPE_SECRET_KEY" not in captured.out + captured.err


def test_editors_dot_files_are_skipped_with_a_notice(
    tmp_path: Path, folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "._acme.yaml").write_bytes(b"\x00\x05\x16\x07\x00\x02\x00\x00Mac OS X        ")  # AppleDouble
    (folder / ".#acme.yaml").symlink_to("someone@host.4242:1700000000")  # an Emacs lock
    profile = write_profile(tmp_path / "p.yaml", minimal())
    assert main(["validate", str(profile), "--vendors", str(folder)]) == 0
    captured = capsys.readouterr()
    assert captured.out == f"{profile}: ok\n"
    notices = sorted(line for line in captured.err.splitlines() if ": skipped: " in line)
    assert [line.split(": skipped: ")[0] for line in notices] == [
        f"{folder}/.#acme.yaml",
        f"{folder}/._acme.yaml",
    ]


def test_a_fifo_in_the_folder_is_skipped_not_opened(tmp_path: Path, folder: Path) -> None:
    os.mkfifo(folder / "pipe.yaml")
    env = {k: v for k, v in os.environ.items() if k != "DRAFTER_DEBUG"}
    command = [sys.executable, "-m", "drafter", "vendors", "list", "--category", "hosting"]
    try:
        result = subprocess.run(
            [*command, "--vendors", str(folder)], capture_output=True, text=True, env=env, timeout=20
        )
    except subprocess.TimeoutExpired:
        pytest.fail("drafter blocked opening a FIFO in the vendor folder")
    assert result.returncode == 0, result.stderr
    assert any(line.startswith("acme ") for line in result.stdout.splitlines())
    assert (
        result.stderr == f"{folder}/pipe.yaml: skipped: not a regular file (a pipe, a device or a socket)\n"
    )
