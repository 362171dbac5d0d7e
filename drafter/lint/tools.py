"""The external language tools: hunspell (a Debian program) and Grammalecte (a Debian Python package)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

DEBIAN_PACKAGES = "hunspell hunspell-en-gb hunspell-en-us hunspell-fr python3-grammalecte"
# By language, or by language tag: an American policy (en-US) is checked with en_US.
DICTIONARIES = {"en": "en_GB", "en-US": "en_US", "fr": "fr_FR"}
# Debian installs Grammalecte for the system Python; a venv does not see it, so drafter
# loads the package from its folder (override with DRAFTER_GRAMMALECTE=/path/to/grammalecte).
GRAMMALECTE_DIRS = ("/usr/lib/python3/dist-packages/grammalecte", "/usr/share/grammalecte/grammalecte")


class ToolMissing(RuntimeError):
    """A language tool is not installed; the message says how to install it."""


def dictionary(lang: str) -> str:
    """The hunspell dictionary of a language ("en") or a language tag ("en-US", "en-GB")."""
    return DICTIONARIES.get(lang) or DICTIONARIES[lang.split("-")[0]]


def hunspell_unknown(words: list[str], lang: str) -> set[str]:
    """The words of ``words`` that hunspell's dictionary for ``lang`` (a language or a tag) does not know."""
    exe = shutil.which("hunspell")
    if exe is None:
        raise ToolMissing(f"hunspell is not installed: apt-get install {DEBIAN_PACKAGES}")
    proc = subprocess.run(
        [exe, "-l", "-i", "UTF-8", "-d", dictionary(lang)],
        input="\n".join(words),
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if proc.returncode != 0 or "Can't open" in proc.stderr:
        raise ToolMissing(
            f"hunspell cannot open the {dictionary(lang)} dictionary: apt-get install {DEBIAN_PACKAGES}"
        )
    return set(proc.stdout.split())


@cache
def grammalecte_module() -> ModuleType:
    candidates = [os.environ.get("DRAFTER_GRAMMALECTE", ""), *GRAMMALECTE_DIRS]
    for folder in map(Path, filter(None, candidates)):
        init = folder / "__init__.py"
        if not init.is_file():
            continue
        if "grammalecte" in sys.modules:
            return sys.modules["grammalecte"]
        spec = importlib.util.spec_from_file_location(
            "grammalecte", init, submodule_search_locations=[str(folder)]
        )
        if spec is None or spec.loader is None:
            continue
        module = importlib.util.module_from_spec(spec)
        sys.modules["grammalecte"] = module
        spec.loader.exec_module(module)
        return module
    raise ToolMissing(f"Grammalecte is not installed: apt-get install {DEBIAN_PACKAGES}")


@cache
def grammalecte_checker() -> Any:
    return grammalecte_module().GrammarChecker("fr")
