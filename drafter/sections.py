"""The policy's sections, in order, with the requirement ids each one carries.

Both languages have one template per section under the same file name. A section
whose template renders nothing is left out of the policy.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Section:
    id: str
    requirements: tuple[str, ...] = ()

    @property
    def template(self) -> str:
        return f"{self.id}.md.j2"


SECTIONS: tuple[Section, ...] = (
    Section("summary"),
    Section("controller", ("controller", "dpo")),
    Section("data", ("categories", "source")),
    Section("purposes", ("purposes", "requirement")),
    Section("legitimate_interests", ("legitimate_interests",)),
    Section("recipients", ("recipients",)),
    Section("transfers", ("transfers",)),
    Section("retention", ("retention",)),
    Section("rights", ("rights", "withdraw_consent", "complaint")),
    Section("automated_decisions", ("automated_decisions",)),
    Section("ai_training"),
    Section("children", ("coppa",)),
    Section("security"),
    Section("cookies", ("cookies",)),
    Section("california", ("caloppa",)),
    Section("links"),
    Section("changes", ("changes",)),
    Section("language"),
    Section("contact"),
)
