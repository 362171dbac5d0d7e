"""The choices drafter offers, declared once: languages, output formats, paper sizes.

A light module (no Pydantic, no Jinja): the command line reads it to build its options
before any heavy import, and the models, renderers and commands read the same values.
"""

from __future__ import annotations

from typing import Literal, get_args

Lang = Literal["en", "fr"]
LANGS: tuple[Lang, ...] = get_args(Lang)

TextFormat = Literal["md", "html", "txt"]  # made from the Markdown policy as text
OutputFormat = Literal[TextFormat, "docx", "pdf"]
TEXT_FORMATS: tuple[TextFormat, ...] = get_args(TextFormat)
OUTPUT_FORMATS: tuple[OutputFormat, ...] = (*TEXT_FORMATS, "docx", "pdf")
BINARY_FORMATS = frozenset({"docx", "pdf"})

# Artefacts drafted beside the policy from the same profile, one file for all its languages:
# a consent banner's configuration (drafter banner) and app-store answers (drafter store).
ArtefactFormat = Literal["banner-cookieconsent", "banner-klaro", "store-play", "store-apple"]
ARTEFACT_FORMATS: tuple[ArtefactFormat, ...] = get_args(ArtefactFormat)
ARTEFACT_SUFFIXES: dict[str, str] = {
    "banner-cookieconsent": "js",
    "banner-klaro": "js",
    "store-play": "json",
    "store-apple": "json",
}
RegenerateFormat = Literal[OutputFormat, ArtefactFormat]
REGENERATE_FORMATS: tuple[RegenerateFormat, ...] = (*OUTPUT_FORMATS, *ARTEFACT_FORMATS)

Paper = Literal["a4", "letter"]
PAPERS: tuple[Paper, ...] = get_args(Paper)

RecordFormat = Literal["md", "csv"]
RECORD_FORMATS: tuple[RecordFormat, ...] = get_args(RecordFormat)
