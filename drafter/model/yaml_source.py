"""Safe YAML loading that remembers the line of every key.

PyYAML alone accepts duplicate keys, expands alias bombs, reads ``NO`` (Norway) as
``False`` and reports nothing about where a value came from. This loader composes the
node tree with the safe (libyaml when present) parser, then builds plain Python data
itself so it can enforce limits and keep a ``path -> line`` map for error messages.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from drafter.errors import DrafterError, Problem, format_path

MAX_FILE_BYTES = 1_000_000
MAX_NODES = 50_000
MAX_DEPTH = 40
# The text of a file once aliases (*name) are expanded: the sum of the UTF-8 sizes of its
# keys and strings. Without aliases it cannot exceed the file itself, so only repeated text
# reaches these limits: at most 16 times the file, and never more than 4 MB (four times the
# largest file read), far beyond any real profile (the largest shipped one holds 12 KB).
MAX_EXPANSION = 16
MAX_EXPANDED_BYTES = 4_000_000

try:  # libyaml, when PyYAML was built with it
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]


@lru_cache(maxsize=8192)
def _plain_tag(value: str) -> str:
    """The tag YAML's safe resolver gives a plain (unquoted) scalar: it depends on the text
    alone, and a profile repeats the same keys and words, so it is worked out once."""
    return str(_RESOLVER.resolve(yaml.ScalarNode, value, (True, False)))  # type: ignore[no-untyped-call]


class _Loader(_BaseLoader):
    def resolve(self, kind: type[yaml.Node], value: Any, implicit: Any) -> Any:
        if kind is yaml.ScalarNode and implicit[0]:
            return _plain_tag(value)
        return super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]

    # Path resolvers are not used (safe loading has none); libyaml calls these for every node.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_RESOLVER = yaml.SafeLoader("")


def _libyaml_limits_nesting() -> bool:
    """libyaml 0.2.6 refuses nesting deeper than 1,000 levels, before its recursive composer."""
    if not getattr(yaml, "__with_libyaml__", False):
        return False  # the pure-Python composer recurses too; RecursionError is caught
    from yaml import _yaml

    return bool(_yaml.get_version() >= (0, 2, 6))


# Without that limit, a very deep file (100,000 '[') overflows the C stack while composing,
# so the events are walked first, which costs a second parse.
_WALK_EVENTS_FIRST = not _libyaml_limits_nesting()
_TAG = "tag:yaml.org,2002:"
_STR, _SEQ, _MAP, _BOOL, _MERGE = (f"{_TAG}{t}" for t in ("str", "seq", "map", "bool", "merge"))
_SCALAR_TAGS = {f"{_TAG}{t}" for t in ("str", "int", "float", "bool", "null", "timestamp")}
_BOOL_WORDS = {"true": True, "false": False}

# C0 and C1 controls (DEL too) but tab and newline, which prose may hold and the Markdown
# escaping folds: YAML's reader refuses them written raw, but its escapes ("\e", "\a",
# "\0", "\x9b", "\N") spell them all. U+001C-U+001E and U+0085 are among them, and
# Python's splitlines() would take them for line breaks.
_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# Line and paragraph separators are folded to a space rather than refused: they are
# invisible in an editor, arrive with text pasted from word processors and web pages, and
# mean no more than a break in running prose; the Markdown would fold them anyway.
_SEPARATORS = re.compile("[\u2028\u2029]")
_SUSPECT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


class ControlCharacter(ValueError):
    """A string holds a control character; the message names it and says to delete it."""


def normalise_text(value: str) -> str:
    """The one normalisation of text read from a file: controls refused, separators folded.

    Raises :class:`ControlCharacter` for any C0/C1 control but tab and newline; turns
    U+2028 and U+2029 into a space. Every key and string of a YAML file goes through it.
    """
    if not _SUSPECT.search(value):
        return value
    found = sorted(set(_CONTROLS.findall(value)))
    if found:
        names = ", ".join(f"U+{ord(c):04X}" for c in found[:3]) + (", …" if len(found) > 3 else "")
        escape = "a backslash escape in double quotes writes"
        if len(found) == 1:
            message = f"the control character {names} is not allowed ({escape} it); delete it"
        else:
            message = f"the control characters {names} are not allowed ({escape} them); delete them"
        raise ControlCharacter(message)
    return _SEPARATORS.sub(" ", value)


def _utf8_size(value: str) -> int:
    return len(value) if value.isascii() else len(value.encode("utf-8", "surrogatepass"))


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
    """Read a UTF-8 text file or raise a DrafterError that says what is wrong.

    At most ``max_bytes + 1`` bytes are read, so a device or a pipe that never ends
    (``/dev/zero``) is refused like any file over the limit.
    """
    name = str(path)
    p = Path(path)
    try:
        if p.is_dir():
            raise DrafterError(Problem(name, "is a directory, not a YAML file"))
        with p.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise DrafterError(Problem(name, "no such file")) from None
    except PermissionError:
        raise DrafterError(Problem(name, "cannot read this file: permission denied")) from None
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
        raise DrafterError(Problem(name, f"cannot read this file: {reason}")) from None
    if len(raw) > max_bytes:
        size = _size(p)
        actual = f"{size:,} bytes" if size > max_bytes else f"more than {max_bytes:,} bytes"
        message = f"the file is too large ({actual}); the limit is {max_bytes:,} bytes"
        raise DrafterError(Problem(name, message))
    if raw.startswith(b"\xef\xbb\xbf"):
        raise DrafterError(
            Problem(name, "file starts with a byte-order mark (BOM); save it as UTF-8 without BOM", 1)
        )
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DrafterError(
            Problem(name, f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8", line)
        ) from None


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def load_yaml(path: str | Path) -> Document:
    """Load one YAML mapping from ``path``."""
    return parse_yaml(read_text(path), str(path))


class PartialDocument(DrafterError):
    """Problems in well-formed YAML (a duplicate key, a refused tag) that left the rest readable.

    ``doc`` holds everything else, so a caller may check it too and report all problems
    at once; a caller that does not catch this class gets a plain DrafterError.
    """

    def __init__(self, problems: list[Problem], doc: Document) -> None:
        super().__init__(problems)
        self.doc = doc


def parse_yaml(text: str, name: str) -> Document:
    """Parse YAML text that must hold exactly one mapping."""
    try:
        if _WALK_EVENTS_FIRST:
            _check_depth(text, name)
        loader = _Loader(text)
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        if "maximum nesting depth" in (exc.problem or ""):  # libyaml >= 0.2.6 has its own limit
            mark = exc.problem_mark
            raise DrafterError(Problem(name, _TOO_DEEP, mark.line + 1 if mark else None)) from None
        line, what = _yaml_problem(exc, text)
        raise DrafterError(Problem(name, f"invalid YAML: {what}", line)) from None
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(str(exc.character)[:1] or "\0")
        at = text.find(chr(code))
        line = text.count("\n", 0, at) + 1 if at >= 0 else None
        what = f"the control character U+{code:04X} is not allowed; delete it"
        raise DrafterError(Problem(name, f"invalid YAML: {what}", line)) from None
    except yaml.YAMLError as exc:
        raise DrafterError(Problem(name, f"invalid YAML: {exc}")) from None
    except RecursionError:
        raise DrafterError(Problem(name, _TOO_DEEP)) from None
    if root is None or (isinstance(root, yaml.ScalarNode) and root.value == "" and not root.style):
        content = [line.strip() for line in text.splitlines() if line.strip()]
        comments = all(line.startswith("#") for line in content)
        what = "is empty" if not content else "holds only comments" if comments else "holds no data"
        raise DrafterError(Problem(name, f"the file {what}; it must hold a YAML mapping", 1))
    doc = Document(name, None, {(): root.start_mark.line + 1})
    builder = _Builder(doc, _utf8_size(text), lambda: _has_alias(text), may_expand="*" in text)
    data = builder.build(root, (), 0)
    if builder.fatal:
        raise DrafterError(builder.problems)
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        raise DrafterError(
            Problem(name, f"the document is {kind}; it must be a mapping of keys", root.start_mark.line + 1)
        )
    doc.data = data
    if builder.problems:
        raise PartialDocument(builder.problems, doc)
    return doc


_TOO_DEEP = f"nesting deeper than {MAX_DEPTH} levels is not allowed; the file is refused"
_NODE_EVENTS = (yaml.ScalarEvent, yaml.AliasEvent, yaml.CollectionStartEvent)


def _has_alias(text: str) -> bool:
    """Whether the YAML text uses an alias (*name); asked only to word a refusal."""
    return any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, Loader=_Loader))


def _check_depth(text: str, name: str) -> None:
    """Refuse deep nesting from the event stream, before composing (which recurses in C)."""
    depth = 0
    for event in yaml.parse(text, Loader=_Loader):
        if isinstance(event, _NODE_EVENTS) and depth > MAX_DEPTH:
            mark = event.start_mark
            raise DrafterError(Problem(name, _TOO_DEEP, mark.line + 1 if mark else None))
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def _yaml_problem(exc: yaml.MarkedYAMLError, text: str) -> tuple[int | None, str]:
    """The line and a plain-words explanation of a YAML syntax error.

    libyaml and the pure-Python parser word their errors differently, so the
    explanation is chosen from the context and the kind of problem, not its exact text.
    """
    problem, context = exc.problem or "", exc.context or ""
    problem_mark, context_mark = exc.problem_mark, exc.context_mark
    lines = text.splitlines()

    def line_at(mark: yaml.Mark | None) -> tuple[int | None, str, int]:
        if mark is None:
            return None, "", 0
        source = lines[mark.line] if mark.line < len(lines) else ""
        return mark.line + 1, source, mark.column

    line, source, column = line_at(problem_mark or context_mark)
    char = source[column : column + 1]
    if "quoted scalar" in context and "end of stream" in problem:
        line, source, column = line_at(context_mark)
        quote = source[column : column + 1] if source[column : column + 1] in {"'", '"'} else "quote"
        return line, f"the text in quotes that starts on this line is never closed; add the closing {quote}"
    if "\t" in source:
        return line, "tab character: indent YAML with spaces, not tabs"
    for kind, opening, closing in (("sequence", "[", "]"), ("mapping", "{", "}")):
        if f"flow {kind}" in context:
            line, _, _ = line_at(context_mark)
            return (
                line,
                f"the '{opening}' on this line is not closed with '{closing}' (or a comma is missing)",
            )
    if "escape" in problem:
        return line, "unknown escape after a backslash (\\) in double quotes; use single quotes instead"
    if "undefined alias" in problem:
        alias = re.match(r"\*[^\s,\[\]{}]+", source[column:])
        what = f"{alias.group(0)!r}" if alias else "this alias"
        return line, f"{what} refers to an anchor (&name) that is not defined above it"
    if "another document" in problem:
        return line, "a second document starts here; a profile file holds exactly one"
    if "mapping values are not allowed" in problem:
        previous = lines[line - 2] if line and line >= 2 else ""
        if re.match(r"^\s*[\w-]+:[^\s]", previous) and ": " not in previous:
            return line - 1 if line else None, "put a space after the ':' of this key (key: value)"
        return line, "unexpected ':' on this line; put text that contains ': ' in quotes"
    if "cannot start any token" in problem and char.strip():
        return line, f"{char!r} cannot start a value; put the value in quotes"
    if "block" in context and ("expected key" in problem or "block end" in problem or "'-'" in problem):
        if not source[:column].strip():
            return line, "this line is not indented like the lines around it; check its indentation"
        return line, f"unexpected {char!r} after a value; put the whole value in quotes"
    return line, problem or context or "the file is not valid YAML"


class _Builder:
    """Turns composed nodes into dicts, lists and scalars, enforcing our limits."""

    def __init__(
        self, doc: Document, file_bytes: int, aliased: Callable[[], bool], *, may_expand: bool = True
    ) -> None:
        self.doc = doc
        self.problems: list[Problem] = []
        self.fatal = False
        self.nodes = 0
        self.size = 0  # the UTF-8 bytes of every key and string built so far
        self.max_size = min(MAX_EXPANSION * file_bytes, MAX_EXPANDED_BYTES)
        # Without an alias (no '*' in the text) every string is read from its own part of the
        # file, and an escape writes at most 3 bytes for 2 characters ("\\L" is U+2028): the
        # total stays under 2x the file, so it need not be counted while under the limit.
        self.counting = may_expand or 2 * file_bytes > self.max_size
        self.aliased = aliased
        self.path: set[int] = set()  # the collections being built, to tell loops from depth
        self.looped = False
        self.constructor = yaml.constructor.SafeConstructor()

    def _fail(self, node: yaml.Node, loc: Loc, message: str) -> None:
        self.problems.append(Problem(self.doc.file, message, node.start_mark.line + 1, format_path(loc)))

    def _text(self, node: yaml.Node, loc: Loc, value: str) -> str:
        """A key or a string, normalised, and counted against the expanded-size limit."""
        if self.counting:
            self.size += _utf8_size(value)
            if self.size > self.max_size and not self.fatal:
                self._refuse(loc, self._too_large())
        try:
            return normalise_text(value)
        except ControlCharacter as exc:
            self._fail(node, loc, str(exc))
            return value

    def _too_large(self) -> str:
        if self.max_size == MAX_EXPANDED_BYTES:
            limit = f"more than {MAX_EXPANDED_BYTES:,} bytes, the limit for any file"
        else:
            limit = f"more than {self.max_size:,} bytes, {MAX_EXPANSION} times the size of the file"
        return (
            f"once aliases (*name) are expanded the text is {limit} (an alias bomb?); "
            "repeat less text through aliases; the file is refused"
        )

    def _refuse(self, loc: Loc, message: str) -> None:
        """A limit was hit: report it once, at the top-level key it happened under."""
        if not self.fatal:
            self.fatal = True
            self.problems = [self.doc.problem(loc[:1], message)]

    def build(self, node: yaml.Node, loc: Loc, depth: int) -> Any:
        if node.tag == _STR and self.nodes < MAX_NODES and depth <= MAX_DEPTH and not self.fatal:
            self.nodes += 1
            return self._text(node, loc, node.value)
        self.nodes += 1
        if self.nodes > MAX_NODES and not self.fatal:
            if self.aliased():
                message = f"more than {MAX_NODES:,} values once aliases (*name) are expanded (an alias bomb?)"
            else:
                message = f"more than {MAX_NODES:,} values, the limit for one file"
            self._refuse(loc, f"{message}; the file is refused")
        if depth > MAX_DEPTH:
            if self.looped:
                self._refuse(loc, _TOO_DEEP)
            else:
                self._too_deep(node)
        if self.fatal:
            return None
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, loc)
        key = id(node)
        if key in self.path:
            self.looped = True  # an alias (*name) inside the value it names
        self.path.add(key)
        try:
            if isinstance(node, yaml.MappingNode):
                return self._mapping(node, loc, depth)
            if node.tag != _SEQ:
                self._fail(node, loc, _tag_message(node.tag))
                return None
            out = []
            lines = self.doc.lines
            for i, item in enumerate(node.value):
                here = (*loc, i)
                if here not in lines:
                    lines[here] = item.start_mark.line + 1
                out.append(self.build(item, here, depth + 1))
            return out
        finally:
            self.path.discard(key)

    def _too_deep(self, node: yaml.Node) -> None:
        """Written that deep (not through an alias loop): refused at the line it happens on."""
        if not self.fatal:
            self.fatal = True
            self.problems = [Problem(self.doc.file, _TOO_DEEP, node.start_mark.line + 1)]

    def _mapping(self, node: yaml.MappingNode, loc: Loc, depth: int) -> dict[str, Any] | None:
        if depth >= MAX_DEPTH and node.value and not self.looped:  # its keys are one level down
            self._too_deep(node.value[0][0])
            return None
        if node.tag != _MAP:
            self._fail(node, loc, _tag_message(node.tag))
            return None
        out: dict[str, Any] = {}
        seen: dict[str, int] = {}
        lines = self.doc.lines
        for key_node, value_node in _pairs(node):
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode):
                self._fail(key_node, loc, "a key must be plain text, not a list or a mapping")
                continue
            key = self._text(key_node, (*loc, key_node.value), key_node.value)
            if key in seen:
                self._fail(key_node, (*loc, key), f"duplicate key (first given on line {seen[key]})")
                continue
            seen[key] = line
            here: Loc = (*loc, key)
            lines[here] = line
            out[key] = self.build(value_node, here, depth + 1)
        return out

    def _scalar(self, node: yaml.Node, loc: Loc) -> Any:
        tag = node.tag
        if tag not in _SCALAR_TAGS:
            self._fail(node, loc, _tag_message(tag))
            return None
        if tag == _BOOL:
            # YAML 1.1 reads yes/no/on/off (and the country code NO) as booleans.
            return _BOOL_WORDS.get(str(node.value).lower(), node.value)
        try:
            return self.constructor.yaml_constructors[tag](self.constructor, node)
        except (yaml.YAMLError, ValueError):
            # Looks like a date or number but is not one (2024-02-30): keep the text, so
            # the profile's own checks explain it, with every other problem of the file.
            return self._text(node, loc, str(node.value))


def _tag_message(tag: str) -> str:
    written = f"!!{tag.removeprefix(_TAG)}" if tag.startswith(_TAG) else tag
    return f"tag {written!r} is not allowed (only plain YAML data is read)"


def _pairs(node: yaml.MappingNode) -> list[tuple[yaml.Node, yaml.Node]]:
    """Mapping pairs, with YAML merge keys (``<<: *base``) expanded before local keys."""
    pairs: list[tuple[yaml.Node, yaml.Node]] = node.value
    for key, _ in pairs:
        if key.tag == _MERGE:
            break
    else:
        return pairs
    merged: list[tuple[yaml.Node, yaml.Node]] = []
    local: list[tuple[yaml.Node, yaml.Node]] = []
    for key, value in pairs:
        if key.tag == _MERGE:
            sources = value.value if isinstance(value, yaml.SequenceNode) else [value]
            for src in sources:
                if isinstance(src, yaml.MappingNode):
                    merged.extend(src.value)
        else:
            local.append((key, value))
    local_keys = {k.value for k, _ in local if isinstance(k, yaml.ScalarNode)}
    return [(k, v) for k, v in merged if k.value not in local_keys] + local
