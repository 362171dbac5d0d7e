"""The command line as a user runs it: exit codes, messages, files."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import minimal, write_profile

from drafter.cli import main


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "drafter", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def test_validate_ok_and_bad(tmp_path: Path) -> None:
    good = write_profile(tmp_path / "good.yaml", minimal())
    bad_data = minimal()
    bad_data["controller"]["email"] = "nope"
    bad_data["purposes"][0]["legal_basis"] = "whim"
    bad = write_profile(tmp_path / "bad.yaml", bad_data)
    ok = run("validate", str(good))
    assert ok.returncode == 0 and "good.yaml: ok" in ok.stdout
    result = run("validate", str(good), str(bad))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2
    assert all(line.startswith(f"{bad}:") for line in lines)
    assert "Traceback" not in result.stderr


def test_render_to_stdout_and_file(tmp_path: Path) -> None:
    profile = write_profile(tmp_path / "p.yaml", minimal())
    out = tmp_path / "policy.html"
    assert run("render", str(profile), "--format", "html", "-o", str(out)).returncode == 0
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    stdout = run("render", str(profile), "--format", "txt")
    assert stdout.returncode == 0 and "Privacy policy of Example\n=====" in stdout.stdout
    assert not list(tmp_path.glob(".*.tmp"))


def test_render_refuses_to_overwrite_its_input(tmp_path: Path) -> None:
    profile = write_profile(tmp_path / "p.yaml", minimal())
    before = profile.read_bytes()
    result = run("render", str(profile), "-o", str(profile))
    assert result.returncode == 2 and "refusing to overwrite the input profile" in result.stderr
    assert profile.read_bytes() == before


def test_bad_profile_leaves_existing_output_untouched(tmp_path: Path) -> None:
    bad = write_profile(tmp_path / "p.yaml", {**minimal(), "unknown": 1})
    out = tmp_path / "policy.md"
    out.write_text("previous\n")
    result = run("render", str(bad), "-o", str(out))
    assert result.returncode == 2 and "unknown: unknown field" in result.stderr
    assert out.read_text() == "previous\n"


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as info:
        main(["render"])
    assert info.value.code == 2
    assert main([]) == 2


def test_schema_is_json_schema_of_the_profile(tmp_path: Path) -> None:
    result = run("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["title"] == "drafter service profile"
    assert {"controller", "purposes", "data", "retention"} <= set(schema["properties"])
    assert set(schema["required"]) >= {"controller", "purposes", "dates"}


def test_committed_schema_is_current(root: Path) -> None:
    committed = root / "docs" / "profile.schema.json"
    assert committed.exists(), "run: drafter schema -o docs/profile.schema.json"
    assert json.loads(committed.read_text()) == json.loads(run("schema").stdout)


def test_render_works_from_any_directory(tmp_path: Path, root: Path) -> None:
    result = run("render", str(root / "profiles" / "example.yaml"), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# ")
