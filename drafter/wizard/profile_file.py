"""Profile files as the wizard reads and writes them: comments, order and quoting kept.

Reading uses drafter's own safe loader first (size, depth, duplicate keys, tags), so a
file the wizard edits is one ``drafter validate`` could read; ruamel.yaml's round-trip
mode then keeps what the person wrote around the values they do not change.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap

from drafter.errors import DrafterError, Problem
from drafter.model.yaml_source import parse_yaml, read_text

SCHEMA_FILE = Path("docs") / "profile.schema.json"


def _yaml() -> YAML:
    yaml = YAML()  # round-trip: keeps comments, key order and quoting
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 4096  # never fold a long line: a person reads and diffs this file
    yaml.preserve_quotes = True
    return yaml


def read_for_edit(path: Path) -> tuple[str, CommentedMap, dict[str, str]]:
    """The file's text and its data as editable round-trip mappings; for a draft, where the
    session stopped (see :func:`draft_text`), and the text without that line."""
    stop, text = split_draft(read_text(path))
    doc = parse_yaml(
        "\n" + text if stop else text, str(path)
    )  # the stop line counts for line numbers  # raises a located DrafterError on unsafe or broken YAML
    if not isinstance(doc.data, dict):
        raise DrafterError(Problem(str(path), "a profile is a mapping of fields (key: value)", 1))
    data = _yaml().load(text)
    return text, data, stop


def dump(root: CommentedMap) -> str:
    out = io.StringIO()
    _yaml().dump(root, out)
    return out.getvalue()


def schema_reference(target: Path) -> str:
    """The ``$schema`` path an editor should use for a profile written to ``target``."""
    schema = Path.cwd() / SCHEMA_FILE
    if schema.is_file():
        return Path(os.path.relpath(schema, target.resolve().parent)).as_posix()
    return "profile.schema.json"


WIZARD_MARK = "written by 'drafter wizard'"
DRAFT_MARK = "# drafter-wizard-draft:"  # the first line of a draft: where the session stopped


def decorate(root: CommentedMap, target: Path, today: str, *, original: str = "") -> None:
    """The header of a profile the wizard writes: a new one, or one whose header it wrote
    before (a draft, or a profile saved under another name). A header the person wrote is
    left alone."""
    if original and WIZARD_MARK not in header_of(original):
        return
    day = re.search(r"on (\d{4}-\d{2}-\d{2})", header_of(original))
    name = _service_name(root)
    reference = schema_reference(target)
    langs = [str(x) for x in root.get("languages") or []] or ["en"]
    lines = [
        f"yaml-language-server: $schema={reference}",
        "",
        f"Service profile{f' of {name}' if name else ''}, {WIZARD_MARK} on {day[1] if day else today}.",
        f"Edit it in any text editor, or answer the questions again: drafter wizard --from {target}",
        f"Check it: drafter validate {target}",
        f"Draft the policy: drafter render {target} --lang {langs[0]}",
    ]
    if reference == "profile.schema.json":
        lines.append(f"For completion in your editor: drafter schema -o {target.parent / reference}")
    root.yaml_set_start_comment("\n".join([*lines, ""]))


def spaced(text: str) -> str:
    """A blank line before each top-level key that does not have one (a file the wizard owns)."""
    out: list[str] = []
    for line in text.split("\n"):
        top = bool(line) and not line[0].isspace() and line[0] not in "#-"
        if top and out and out[-1].strip() and not out[-1].startswith("#"):
            out.append("")
        out.append(line)
    return "\n".join(out)


def header_of(text: str) -> str:
    lines = []
    for line in text.splitlines():
        if not line.startswith("#") and line.strip():
            break
        lines.append(line)
    return "\n".join(lines)


def draft_text(text: str, stop: Mapping[str, str]) -> str:
    """A draft: its stop line, then the profile as answered so far."""
    fields = " ".join(f"{k}={v}" for k, v in stop.items() if v)
    return f"{DRAFT_MARK} {fields}\n{text}"


def split_draft(text: str) -> tuple[dict[str, str], str]:
    """The stop line of a draft (empty for a profile) and the profile text without it."""
    first, _, rest = text.partition("\n")
    if not first.startswith(DRAFT_MARK):
        return {}, text
    fields = dict(part.split("=", 1) for part in first[len(DRAFT_MARK) :].split() if "=" in part)
    return fields, rest


def _service_name(root: CommentedMap) -> str:
    service: Any = root.get("service")
    name = service.get("name") if isinstance(service, dict) else None
    return str(name) if name else ""
