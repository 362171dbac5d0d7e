"""Safe YAML loading that remembers the line of every key.

PyYAML alone accepts duplicate keys, expands alias bombs, reads ``NO`` (Norway) as
``False`` and reports nothing about where a value came from. This loader composes the
node tree with the safe (libyaml when present) parser, then builds plain Python data
itself so it can enforce limits and keep a ``path -> line`` map for error messages.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import DrafterError, Problem, format_path

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 40

_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_BOOL_WORDS = {"true": True, "false": False}

Loc = tuple[str | int, ...]


@dataclass
class Document:
    """Parsed YAML data plus the line (1-based) where each key or item starts."""

    file: str
    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int | None:
        """The line of ``loc`` or of its nearest ancestor that has one."""
        for end in range(len(loc), -1, -1):
            line = self.lines.get(tuple(loc[:end]))
            if line is not None:
                return line
        return None

    def problem(self, loc: Loc, message: str) -> Problem:
        return Problem(self.file, message, self.line_of(loc), format_path(loc))


def read_text(path: str | Path, *, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file or raise a DrafterError that says what is wrong."""
    name = str(path)
    p = Path(path)
    if not p.exists():
        raise DrafterError(Problem(name, "no such file"))
    if p.is_dir():
        raise DrafterError(Problem(name, "is a directory, not a YAML file"))
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise DrafterError(Problem(name, f"file is {size:,} bytes; the limit is {max_bytes:,} bytes"))
        raw = p.read_bytes()
    except OSError as exc:
        raise DrafterError(Problem(name, f"cannot read: {exc.strerror or exc}")) from None
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DrafterError(
            Problem(name, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM", 1)
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DrafterError(
            Problem(name, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save it as UTF-8", line)
        ) from None


def load_yaml(path: str | Path) -> Document:
    """Load one YAML mapping from ``path``."""
    return parse_yaml(read_text(path), str(path))


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML text that must hold exactly one mapping."""
    try:
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        what = exc.problem or exc.context or "invalid YAML"
        bad_line = text.splitlines()[line - 1] if line and line <= len(text.splitlines()) else ""
        if "\t" in bad_line:
            what = "tab character: indent YAML with spaces, not tabs"
        raise DrafterError(Problem(name, f"invalid YAML: {what}", line)) from None
    except yaml.YAMLError as exc:
        raise DrafterError(Problem(name, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise DrafterError(Problem(name, f"nesting deeper than {MAX_DEPTH} levels")) from None
    if root is None:
        raise DrafterError(Problem(name, "the file is empty; it must hold a YAML mapping", 1))
    doc = Document(name, None)
    builder = _Builder(doc)
    data = builder.build(root, (), 0)
    if builder.problems:
        raise DrafterError(builder.problems)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise DrafterError(
            Problem(name, f"the document is {kind}; it must be a mapping of keys", root.start_mark.line + 1)
        )
    doc.data = data
    return doc


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, enforcing our limits."""

    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.nodes = 0
        self.constructor = yaml.constructor.SafeConstructor()

    def _fail(self, node: yaml.Node, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.doc.file, message, node.start_mark.line + 1, format_path(loc)))

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        self.nodes += 1
        if self.nodes == MAX_NODES:
            self._fail(node, loc, f"more than {MAX_NODES:,} values (an alias bomb?); the document is refused")
        if self.nodes >= MAX_NODES:
            return None
        if depth > MAX_DEPTH:
            self._fail(node, loc[:3], f"nesting deeper than {MAX_DEPTH} levels")
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc, depth)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != f"{_TAG}seq":
                self._fail(node, loc, _tag_message(node.tag))
                return None
            out = []
            for i, item in enumerate(node.value):
                self.doc.lines.setdefault((*loc, i), item.start_mark.line + 1)
                out.append(self.build(item, (*loc, i), depth + 1))
            return out
        return self._scalar(node, loc)

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any] | None:
        if node.tag != f"{_TAG}map":
            self._fail(node, loc, _tag_message(node.tag))
            return None
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        for key_node, value_node in _pairs(node):
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, loc, "a key must be plain text")
                continue
            key = key_node.value
            if key in seen:
                self._fail(key_node, (*loc, key), f"duplicate key (first given on line {seen[key]})")
                continue
            seen[key] = line
            here: Loc = (*loc, key)
            self.doc.lines[here] = line
            out[key] = self.build(value_node, here, depth + 1)
        return out

    def _scalar(self, node: yaml.Node, loc: Loc) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._fail(node, loc, _tag_message(tag))
            return None
        if tag == f"{_TAG}bool":
            # YAML 1.1 reads yes/no/on/off (and the country code NO) as booleans.
            return _BOOL_WORDS.get(str(node.value).lower(), node.value)
        try:
            value = self.constructor.construct_object(node)
        except (yaml.YAMLError, ValueError) as exc:
            self._fail(node, loc, f"invalid value {node.value!r}: {exc}")
            return None
        if isinstance(value, dt.datetime):
            return value
        return value


def _tag_message(tag: str) -> str:
    return f"tag {tag!r} is not allowed (only plain YAML data is read)"


def _pairs(node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
    """Mapping pairs, with YAML merge keys (``<<: *base``) expanded before local keys."""
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    local: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in node.value:
        if key.tag == f"{_TAG}merge":
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for src in sources:
                if isinstance(src, yaml.MappingNode):
                    merged.extend(src.value)
        else:
            local.append((key, value))
    local_keys = {k.value for k, _ in local if isinstance(k, yaml.ScalarNode)}
    yield from ((k, v) for k, v in merged if k.value not in local_keys)
    yield from local
