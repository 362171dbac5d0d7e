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
    Section("controller", ("controller", "eu_representative", "dpo", "processor_role")),
    Section("data", ("categories", "source", "caloppa_categories")),
    # withdraw_consent: how to stop marketing e-mails, a withdrawal route, is said with them.
    Section("purposes", ("purposes", "special_categories", "requirement", "withdraw_consent")),
    Section("legitimate_interests", ("legitimate_interests",)),
    Section("recipients", ("recipients", "caloppa_third_parties")),
    Section("transfers", ("transfers",)),
    Section("retention", ("retention",)),
    Section("rights", ("rights", "withdraw_consent", "post_mortem", "complaint")),
    Section("automated_decisions", ("automated_decisions",)),
    Section("ai_training"),
    Section("children", ("coppa_statement",)),
    Section("security"),
    Section("cookies", ("cookie_list", "cookie_consent", "measurement_objection", "withdraw_consent")),
    Section("california", ("caloppa_review", "caloppa_do_not_track", "caloppa_tracking")),
    Section(
        "ccpa",
        (
            "ccpa_collection",
            "ccpa_sources",
            "ccpa_purposes",
            "ccpa_disclosures",
            "ccpa_sale_sharing",
            "ccpa_minors",
            "ccpa_sensitive",
            "ccpa_right_know",
            "ccpa_right_delete",
            "ccpa_right_correct",
            "ccpa_right_opt_out",
            "ccpa_right_limit",
            "ccpa_non_discrimination",
            "ccpa_methods",
            "ccpa_verification",
            "ccpa_agents",
            "ccpa_signals",
            "ccpa_retention",
            "ccpa_financial_incentive",
            "ccpa_updated",
            "ccpa_contact",
        ),
    ),
    Section("us_states", ("us_state_rights", "us_state_appeal", "us_state_sensitive", "us_state_notices")),
    Section("links"),
    Section("changes", ("changes", "caloppa_changes")),
    Section("language"),
    Section("contact"),
)

# The heading block (title, dates) is in every policy; it carries these.
HEADER_REQUIREMENTS: tuple[str, ...] = ("caloppa_effective_date",)
