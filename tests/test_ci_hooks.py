"""The pre-commit hooks drafter offers run the commands they name, and fail as they should."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml
from conftest import ROOT

from drafter.cli import main

HOOKS = {h["id"]: h for h in yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))}


def _run(hook: str, *args: str) -> int:
    entry = shlex.split(HOOKS[hook]["entry"])
    assert entry[0] == "drafter"
    return main([*entry[1:], *args])


def test_the_hooks_are_declared() -> None:
    assert set(HOOKS) == {"drafter-check", "drafter-regenerate-check"}
    for hook in HOOKS.values():
        assert hook["language"] == "python" and hook["name"] and hook["description"]
    assert re.search(HOOKS["drafter-check"]["files"], "profiles/example.yaml")


def test_check_hook_passes_a_complete_policy_and_fails_an_incomplete_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert _run("drafter-check", str(ROOT / "profiles" / "example.yaml")) == 0
    broken = tmp_path / "p.yaml"
    text = (ROOT / "profiles" / "example.yaml").read_text(encoding="utf-8")
    broken.write_text(text.replace("consent_tool: true", "consent_tool: false"), encoding="utf-8")
    assert _run("drafter-check", str(broken)) == 1
    assert "consent-tool" in capsys.readouterr().out


def test_regenerate_hook_fails_while_a_policy_is_stale(tmp_path: Path) -> None:
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    shutil.copy(ROOT / "profiles" / "example.yaml", profiles)
    out = str(tmp_path / "site")
    assert _run("drafter-regenerate-check", str(profiles), "--out", out) == 1  # nothing published yet
    assert main(["regenerate", str(profiles), "--out", out]) == 0
    assert _run("drafter-regenerate-check", str(profiles), "--out", out) == 0
