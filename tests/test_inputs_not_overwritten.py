"""No command writes over one of its inputs (issue 21, class 7), by any path to it.

``lint-text prof.yaml --report prof.yaml`` overwrote the profile. The same check guards
every output a command takes (``--report``, ``-o``) against its profiles, the files of
its ``--vendors`` folders and its ``--templates``, through symlinks and hard links too.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from helpers import minimal, write_profile

from drafter.cli import main
from drafter.model.catalog import builtin_vendor_dir
from drafter.render.environment import templates_root


def refused(argv: list[str], capsys: pytest.CaptureFixture[str]) -> str:
    assert main(argv) == 2
    captured = capsys.readouterr()
    (line,) = captured.err.splitlines()
    return line


def test_lint_text_report_never_overwrites_the_profile(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    profile = write_profile(tmp_path / "p.yaml", minimal())
    before = profile.read_bytes()
    (tmp_path / "link.yaml").symlink_to(profile)
    os.link(profile, tmp_path / "hard.yaml")
    monkeypatch.chdir(tmp_path)
    for report in ["p.yaml", "./p.yaml", "link.yaml", "hard.yaml", str(profile)]:
        line = refused(["lint-text", "p.yaml", "--report", report], capsys)
        assert line == f"{report}: refusing to overwrite the input profile with its readability table"
        assert profile.read_bytes() == before


@pytest.mark.parametrize("command", ["render", "record"])
def test_an_output_never_overwrites_a_vendor_file(
    command: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    vendors = tmp_path / "vendors"
    vendors.mkdir()
    vendor = shutil.copy(builtin_vendor_dir() / "stripe.yaml", vendors)
    before = Path(vendor).read_bytes()
    profile = write_profile(tmp_path / "p.yaml", minimal())
    line = refused([command, str(profile), "--vendors", str(vendors), "-o", str(vendor)], capsys)
    assert line.startswith(f"{vendor}: refusing to overwrite the input vendor file with its ")
    assert Path(vendor).read_bytes() == before


def test_lint_text_report_never_overwrites_a_template(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    templates = tmp_path / "templates"
    shutil.copytree(templates_root(), templates)
    target = next(path for path in sorted((templates / "en").rglob("*")) if path.is_file())
    before = target.read_bytes()
    (tmp_path / "table.md").symlink_to(target)
    profile = write_profile(tmp_path / "p.yaml", minimal())
    for report in [target, tmp_path / "table.md"]:
        argv = ["lint-text", str(profile), "--templates", str(templates), "--report", str(report)]
        assert refused(argv, capsys).endswith(
            ": refusing to overwrite the input template with its readability table"
        )
    assert target.read_bytes() == before
