"""Render a loaded profile to the canonical Markdown policy, one section at a time."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from drafter.errors import DrafterError, Problem
from drafter.legal.load import LoadedProfile
from drafter.model.types import Lang, english_data
from drafter.render.american import american_data
from drafter.render.context import Context, build_context
from drafter.render.environment import env_lang, environment
from drafter.render.language import LanguageRecord, language_record
from drafter.render.markdown import tidy
from drafter.render.sections import SECTIONS


@dataclass(frozen=True)
class RenderedSection:
    id: str
    title: str
    markdown: str


@dataclass(frozen=True)
class Policy:
    language: LanguageRecord
    title: str
    header: str
    sections: tuple[RenderedSection, ...]

    @property
    def markdown(self) -> str:
        parts = [self.header.strip(), *(s.markdown for s in self.sections)]
        return "\n\n".join(parts) + "\n"

    @property
    def lang(self) -> Lang:
        return self.language.lang

    @property
    def section_ids(self) -> list[str]:
        return [s.id for s in self.sections]


def require_language(loaded: LoadedProfile, lang: Lang, doing: str = "render it") -> None:
    """Refuse a language the profile has no texts for, saying how to add it."""
    if lang not in loaded.profile.languages:
        raise DrafterError(
            Problem(
                loaded.file,
                f"this profile is written in {', '.join(loaded.profile.languages)}; "
                f"add {lang!r} to 'languages' (and its texts) to {doing} in {lang}",
                loaded.doc.line_of(("languages",)),
            )
        )


def policy_language(loaded: LoadedProfile, lang: Lang) -> LanguageRecord:
    """The language record a profile's policy in ``lang`` is written with."""
    return language_record(lang, loaded.profile.english if lang == "en" else None)


def policy_context(loaded: LoadedProfile, lang: Lang) -> Context:
    require_language(loaded, lang)
    record = policy_language(loaded, lang)
    # Catalog and law texts are British; an American policy reads them in American spelling.
    with english_data(american_data if record.american else None):
        return build_context(loaded.facts, record)


def render_policy(loaded: LoadedProfile, lang: Lang, *, template_root: Path | None = None) -> Policy:
    ctx = policy_context(loaded, lang)
    env = environment(ctx.language, template_root)
    header = _render(env, "header.md.j2", ctx)
    sections = []
    for section in SECTIONS:
        text = tidy(_render(env, section.template, ctx))
        if not text:
            continue
        first = text.splitlines()[0]
        if not first.startswith("## "):
            raise DrafterError(
                Problem(f"templates/{lang}/{section.template}", "must start with a '## ' heading", 1)
            )
        sections.append(RenderedSection(section.id, first[3:].strip(), text))
    title = header.strip().splitlines()[0].lstrip("# ").strip()
    return Policy(ctx.language, title, tidy(header), tuple(sections))


def _render(env: jinja2.Environment, name: str, ctx: Context) -> str:
    try:
        return env.get_template(name).render(ctx.__dict__)
    except jinja2.TemplateSyntaxError as exc:
        raise DrafterError(
            Problem(
                f"templates/{env_lang(env)}/{exc.name or name}", f"template error: {exc.message}", exc.lineno
            )
        ) from None
    except (jinja2.UndefinedError, TypeError, ValueError, KeyError, AttributeError) as exc:
        file, line = _template_frame(exc, name)
        raise DrafterError(
            Problem(f"templates/{env_lang(env)}/{file}", f"template error: {exc}", line)
        ) from None


def _template_frame(exc: BaseException, default: str) -> tuple[str, int | None]:
    """The template file and line where a render error happened, from the traceback."""
    tb = exc.__traceback__
    found: tuple[str, int | None] = (default, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(".j2"):
            found = (Path(filename).name, tb.tb_lineno)
        tb = tb.tb_next
    return found
