"""The Jinja environment of each language variant: templates folder, filters, escaping, cache.

Templates print plain text; the environment makes it Markdown as it is printed
(:func:`drafter.render.markdown.finalize`), and a macro's or a block's output counts as
Markdown already (:func:`drafter.render.markdown.concat`), so nothing is escaped twice.
A record in American spelling compiles the same British templates through
:class:`drafter.render.american.AmericanSpelling`.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import jinja2

from drafter.render.american import AmericanSpelling
from drafter.render.cache import bytecode_cache
from drafter.render.filters import filters_for
from drafter.render.language import LanguageRecord
from drafter.render.markdown import concat, finalize


def templates_root() -> Path:
    """Templates ship as the ``drafter.templates`` package; a source checkout has them at top level."""
    try:
        root = Path(str(resources.files("drafter.templates")))
        if (root / "en").is_dir():
            return root
    except ModuleNotFoundError:
        pass
    return Path(__file__).resolve().parent.parent.parent / "templates"


@cache
def environment(record: LanguageRecord, root: Path | None = None) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str((root or templates_root()) / record.lang)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,  # Markdown, not HTML: values are escaped for Markdown by finalize
        finalize=finalize,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=False,
        auto_reload=False,
        extensions=[AmericanSpelling] if record.american else [],
    )
    env.bytecode_cache = bytecode_cache(env)  # compiled once per machine, not once per run
    env.concat = concat  # type: ignore[method-assign]
    env.filters.update(filters_for(record))
    return env


def env_lang(env: jinja2.Environment) -> str:
    loader = env.loader
    return Path(loader.searchpath[0]).name if isinstance(loader, jinja2.FileSystemLoader) else "?"
