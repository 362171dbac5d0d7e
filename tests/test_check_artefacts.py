"""``drafter check PROFILE --banner FILE --store FILE``: the banner and the store answers
checked against the profile, through the command line, with its exit codes."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT

from drafter.cli import main
from drafter.commands.banner import banner_text
from drafter.commands.store import store_text
from drafter.legal.load import load_profile

Run = Callable[..., tuple[int, str, str]]
EXAMPLE = ROOT / "profiles" / "example.yaml"
APP = ROOT / "profiles" / "parlino.yaml"


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def run(*args: str) -> tuple[int, str, str]:
        code = main(["check", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run


def errors(out: str) -> list[str]:
    return [line.strip() for line in out.splitlines() if ": error [" in line]


def test_fresh_artefacts_pass(run: Run, tmp_path: Path) -> None:
    banner = tmp_path / "banner.js"
    banner.write_text(banner_text(load_profile(EXAMPLE), "klaro"), encoding="utf-8")
    code, out, _ = run(str(EXAMPLE), "--banner", str(banner))
    assert code == 0 and errors(out) == []
    answers = tmp_path / "play.json"
    answers.write_text(store_text(load_profile(APP), "play"), encoding="utf-8")
    code, out, _ = run(str(APP), "--store", str(answers))
    assert code == 0 and errors(out) == []


def test_a_banner_cookie_the_policy_does_not_declare_fails_the_check(run: Run, tmp_path: Path) -> None:
    text = banner_text(load_profile(EXAMPLE), "cookieconsent")
    assert text.count('"_ga"') >= 1
    banner = tmp_path / "banner.js"
    banner.write_text(text.replace('"_ga"', '"_gx"'), encoding="utf-8")
    code, out, _ = run(str(EXAMPLE), "--banner", str(banner))
    assert code == 1
    found = errors(out)
    assert any("[banner-undeclared-cookie]" in line and "'_gx'" in line for line in found), found
    assert any("[banner-missing-cookie]" in line and "'_ga'" in line for line in found), found
    assert "NOT complete" in out and "2 errors" in out


def test_store_answers_saying_no_tracking_fail_the_check(run: Run, tmp_path: Path) -> None:
    answers = json.loads(store_text(load_profile(APP), "apple"))
    assert answers["tracking"] is True  # Parlino shows AdMob ads
    answers["tracking"] = False
    path = tmp_path / "apple.json"
    path.write_text(json.dumps(answers), encoding="utf-8")
    code, out, _ = run(str(APP), "--store", str(path), "--json")
    assert code == 1
    report = json.loads(out)
    (result,) = report["profiles"]
    rules = {f["rule"] for f in result["findings"] if f["level"] == "error"}
    assert "store-tracking" in rules


def test_a_file_that_is_neither_is_bad_input(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("hello\n", encoding="utf-8")
    code, _, err = run(str(EXAMPLE), "--banner", str(path))
    assert code == 2 and err.strip().startswith(str(path))
    code, _, err = run(str(EXAMPLE), "--store", str(tmp_path / "missing.json"))
    assert code == 2 and err.strip() == f"{tmp_path / 'missing.json'}: no such file"


def test_artefacts_go_with_one_profile(run: Run, tmp_path: Path) -> None:
    path = tmp_path / "banner.js"
    path.write_text(banner_text(load_profile(EXAMPLE), "klaro"), encoding="utf-8")
    code, _, err = run(str(EXAMPLE), str(APP), "--banner", str(path))
    assert code == 2 and "--banner and --store go with one profile" in err
