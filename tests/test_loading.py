from __future__ import annotations

from pathlib import Path

import pytest

from drafter.errors import DrafterError
from drafter.model import yaml_source as loading
from drafter.model.yaml_source import MAX_FILE_BYTES, load_yaml, parse_yaml


def errors(text: str) -> list[str]:
    with pytest.raises(DrafterError) as info:
        parse_yaml(text, "p.yaml")
    return [str(p) for p in info.value.problems]


def test_lines_are_remembered_for_keys_and_items() -> None:
    doc = parse_yaml("a: 1\nb:\n  - x\n  - {c: 2}\n", "p.yaml")
    assert doc.lines[("b", 1, "c")] == 4
    assert doc.line_of(("b", 1, "c", "missing")) == 4


def test_norway_stays_a_country_code_but_true_stays_true() -> None:
    doc = parse_yaml("country: NO\nflag: true\nother: off\n", "p.yaml")
    assert doc.data == {"country": "NO", "flag": True, "other": "off"}


def test_duplicate_keys_are_rejected_with_both_lines() -> None:
    assert errors("a: 1\nb: 2\na: 3\n") == ["p.yaml:3: a: duplicate key (first given on line 1)"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("- a\n", "p.yaml:1: the document is a list; it must be a mapping of keys"),
        ("just text\n", "p.yaml:1: the document is a single value; it must be a mapping of keys"),
        ("", "p.yaml:1: the file is empty; it must hold a YAML mapping"),
        ("a:\n\tb: 1\n", "p.yaml:2: invalid YAML: tab character: indent YAML with spaces, not tabs"),
        (
            "a: !!python/object/apply:os.system [ls]\n",
            "p.yaml:1: a: tag '!!python/object/apply:os.system' is not allowed "
            "(only plain YAML data is read)",
        ),
    ],
)
def test_bad_documents(text: str, expected: str) -> None:
    assert errors(text) == [expected]


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    (message,) = errors("\n".join(lines) + "\n")
    assert "alias bomb" in message


def test_deep_nesting_is_refused() -> None:
    (message,) = errors("a: " + "[" * 100 + "]" * 100 + "\n")
    assert "nesting deeper than" in message


def test_file_problems(tmp_path: Path) -> None:
    bom = tmp_path / "bom.yaml"
    bom.write_bytes(b"\xef\xbb\xbfa: 1\n")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes(b"a: 1\nb: caf\xe9\n")
    huge = tmp_path / "huge.yaml"
    huge.write_bytes(b"a: x\n" + b"#" * MAX_FILE_BYTES)
    cases = {
        tmp_path / "missing.yaml": "no such file",
        tmp_path: "is a directory",
        bom: "byte-order mark",
        latin: ":2: not valid UTF-8 (byte 0xe9)",
        huge: "the limit is 1,000,000 bytes",
    }
    for path, fragment in cases.items():
        with pytest.raises(DrafterError) as info:
            load_yaml(path)
        assert fragment in str(info.value), path


DEEP = [
    "a: " + "[" * 60 + "]" * 60 + "\n",  # flow lists
    "a:\n" + "".join(f"{'  ' * i}k{i}:\n" for i in range(1, 60)) + "  " * 60 + "end: 1\n",  # block keys
    "a:\n" + "".join(f"{'  ' * i}- \n" for i in range(1, 60)) + "  " * 60 + "- x\n",  # block lists
    "a: " + "[" * 40 + "text" + "]" * 40 + "\n",  # a scalar one level too deep
    "a: " + "[" * 39 + "text" + "]" * 39 + "\n",  # deepest allowed
    "base: &b {x: [*b]}\n",  # an alias inside the value it names
]


@pytest.mark.parametrize("text", DEEP)
def test_depth_is_judged_the_same_with_or_without_the_event_walk(
    text: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """libyaml >= 0.2.6 limits nesting itself, so the builder alone judges depth; an older
    libyaml needs the event walk first. Both must give the same answer on the same line."""

    def outcome() -> list[str]:
        try:
            parse_yaml(text, "p.yaml")
        except DrafterError as exc:
            return [str(p) for p in exc.problems]
        return []

    monkeypatch.setattr(loading, "_WALK_EVENTS_FIRST", True)
    walked = outcome()
    monkeypatch.setattr(loading, "_WALK_EVENTS_FIRST", False)
    assert outcome() == walked
    assert bool(walked) == (text not in DEEP[4:5])
