"""Profile files as the wizard reads and writes them: comments, order and quoting kept.

Reading uses drafter's own safe loader first (size, depth, duplicate keys, tags), so a
file the wizard edits is one ``drafter validate`` could read; ruamel.yaml's round-trip
mode then keeps what the person wrote around the values they do not change.
"""

from __future__ import annotations

import io
import os
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


def read_for_edit(path: Path) -> tuple[str, CommentedMap]:
    """The file's text and its data as editable round-trip mappings."""
    text = read_text(path)
    doc = parse_yaml(text, str(path))  # raises a located DrafterError on unsafe or broken YAML
    if not isinstance(doc.data, dict):
        raise DrafterError(Problem(str(path), "a profile is a mapping of fields (key: value)", 1))
    data = _yaml().load(text)
    return text, data


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


def decorate_new(root: CommentedMap, target: Path, today: str) -> None:
    """Comments on top of a new profile, and a blank line between its parts."""
    name = _service_name(root)
    reference = schema_reference(target)
    lines = [
        f"yaml-language-server: $schema={reference}",
        "",
        f"Service profile{f' of {name}' if name else ''}, written by 'drafter wizard' on {today}.",
        f"Edit it in any text editor, or answer the questions again: drafter wizard --from {target}",
        f"Check it: drafter validate {target}",
        f"Draft the policy: drafter render {target} --lang en",
    ]
    if reference == "profile.schema.json":
        lines.append(f"For completion in your editor: drafter schema -o {target.parent / reference}")
    root.yaml_set_start_comment("\n".join([*lines, ""]))
    for key in list(root)[1:]:
        root.yaml_set_comment_before_after_key(key, before="\n")


def _service_name(root: CommentedMap) -> str:
    service: Any = root.get("service")
    name = service.get("name") if isinstance(service, dict) else None
    return str(name) if name else ""
