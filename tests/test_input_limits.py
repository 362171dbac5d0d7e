"""Limits in bytes and in work: text expanded through aliases, many values, long prose, many purposes."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import minimal, write_profile

from drafter.cli import main
from drafter.commands.record import build_record
from drafter.legal import facts
from drafter.legal.load import load_profile
from drafter.lint.origin import SourceIndex


def _aliased_labels(tmp_path: Path, text_bytes: int, labels: int) -> Path:
    """A profile whose data labels all alias one long text (the issue's reproduction)."""
    data = minimal()
    data["data"] = [
        {"id": f"d{i}", "label": "LABEL", "examples": ["name"], "source": "you"} for i in range(labels)
    ]
    data["purposes"][0]["data"] = [f"d{i}" for i in range(labels)]
    data["retention"][0]["data"] = [f"d{i}" for i in range(labels)]
    text = yaml.safe_dump(data, sort_keys=False, width=1000)
    long = "words " * (text_bytes // 6)
    text = text.replace("label: LABEL", f"label: &long {long}", 1).replace("label: LABEL", "label: *long")
    path = tmp_path / "aliased.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_aliases_of_a_huge_text_are_refused_in_the_loader(tmp_path: Path, capsys: Any) -> None:
    """3,000 labels aliasing one 500 KB text exhausted memory (exit 70 after 48 s)."""
    path = _aliased_labels(tmp_path, 500_000, 3000)
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    assert "once aliases (*name) are expanded the text is more than 4,000,000 bytes" in err
    assert "the file is refused" in err


def test_aliased_text_over_16_times_the_file_is_refused(tmp_path: Path, capsys: Any) -> None:
    """Far below the absolute cap, but 20 copies of a text that is most of the file."""
    path = _aliased_labels(tmp_path, 20_000, 20)
    size = path.stat().st_size
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert f"more than {16 * size:,} bytes, 16 times the size of the file" in err
    assert err.startswith(f"{path}:")


def test_a_few_aliases_of_short_text_are_fine(tmp_path: Path, capsys: Any) -> None:
    path = _aliased_labels(tmp_path, 60, 20)
    assert main(["validate", str(path)]) == 0, capsys.readouterr().err


def test_many_values_without_aliases_are_no_alias_bomb(tmp_path: Path, capsys: Any) -> None:
    path = tmp_path / "many.yaml"
    path.write_text("languages: [en]\nextra: [" + "1," * 50_001 + "1]\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 2
    err = capsys.readouterr().err
    assert "more than 50,000 values" in err
    assert "alias bomb" not in err
    assert "aliases (*name)" not in err


def test_locating_a_finding_in_a_long_line_is_linear(tmp_path: Path) -> None:
    """lint-text took 119 s on 25 KB of words without a sentence break: each finding compared
    every word of the line with every word of its context. Counted in executed lines of the
    search, not in seconds: linear, that is a few lines a word, not one per context word."""
    words = [f"w{i % 97}" for i in range(5000)]
    source = tmp_path / "profile.yaml"
    source.write_text("description: " + " ".join(words) + "\n", encoding="utf-8")
    index = SourceIndex([("profile.yaml", source)])
    context = " ".join(f"x{i}" for i in range(30)) + " w5 w6"
    executed = 0

    def trace(frame: Any, event: str, arg: Any) -> Any:
        nonlocal executed
        if frame.f_code.co_filename.endswith("origin.py"):
            if event == "line":
                executed += 1
            return trace
        return None

    sys.settrace(trace)
    try:
        assert index.locate("w5", context) == "profile.yaml:1"
    finally:
        sys.settrace(None)
    assert executed < 10 * len(words), executed


def _accesses_of_purpose_ids(tmp_path: Path, purposes: int, monkeypatch: pytest.MonkeyPatch) -> int:
    data = minimal()
    data["purposes"] = [
        {
            "id": f"p{i}",
            "description": f"process your orders {i}",
            "data": ["contact"],
            "legal_basis": "contract",
        }
        for i in range(purposes)
    ]
    loaded = load_profile(write_profile(tmp_path / f"p{purposes}.yaml", data))
    count = 0
    original = facts.PurposeFacts.id

    def counted(self: facts.PurposeFacts) -> str:
        nonlocal count
        count += 1
        return original.fget(self)  # type: ignore[no-any-return, attr-defined]

    with monkeypatch.context() as patch:
        patch.setattr(facts.PurposeFacts, "id", property(counted))
        build_record(loaded, "en", dt.date(2026, 1, 1))
    return count


def test_record_work_grows_linearly_with_purposes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """record took 10 s at 2,500 purposes: each one searched all the others for its data."""
    small = _accesses_of_purpose_ids(tmp_path, 100, monkeypatch)
    large = _accesses_of_purpose_ids(tmp_path, 400, monkeypatch)
    assert large < 5 * small, (small, large)
