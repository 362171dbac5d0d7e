"""The output formats of a policy, and one policy in any of the text formats."""

from __future__ import annotations

from drafter.choices import TEXT_FORMATS, TextFormat
from drafter.legal.load import LoadedProfile
from drafter.model.types import Lang
from drafter.render.html import to_html
from drafter.render.policy import Policy, render_policy
from drafter.render.text import to_text

Format = TextFormat
FORMATS = TEXT_FORMATS


def render(loaded: LoadedProfile, lang: Lang, fmt: Format) -> str:
    return format_policy(render_policy(loaded, lang), fmt)


def format_policy(policy: Policy, fmt: Format) -> str:
    """A rendered policy in ``fmt`` (one render serves every format)."""
    if fmt == "md":
        return policy.markdown
    if fmt == "html":
        return to_html(policy)
    return to_text(policy)
