"""The legal decisions drafter makes, each in one function over plain values.

Every other module asks these functions: :mod:`drafter.legal.facts` to build a
profile's facts, the wizard to decide which question to ask on answers that are not a
profile yet, the test strategies to build valid profiles. docs/architecture.md lists
each decision with its function.
"""

from __future__ import annotations

from drafter.model.law import CountryLaw, LawData
from drafter.model.types import LegalBasis

Requirement = str  # "contractual" | "statutory" | "optional" | "automatic" | "none"


def european_law(gdpr: bool, uk_gdpr: bool) -> bool:
    """Whether the GDPR or the UK GDPR applies: Art. 13/14 information, bases, rights."""
    return gdpr or uk_gdpr


def gdpr_by_establishment(country: str, law: LawData) -> bool:
    """A controller established in the EEA is subject to the GDPR (Art. 3(1))."""
    return law.in_eea(country)


def eu_representative_needed(gdpr: bool, country: str, law: LawData) -> bool:
    """Art. 27: a GDPR controller not established in the Union names a representative
    there (unless Art. 27(2) exempts it, which the profile declares)."""
    return gdpr and bool(country) and not law.in_eea(country)


def transfer_regime(gdpr: bool, uk_gdpr: bool, country: str) -> str | None:
    """Whose transfer rules govern data leaving the controller: the UK's (UK GDPR Art. 44-49)
    for a controller established in the UK under the UK GDPR, else the EU's, else none."""
    if uk_gdpr and country == "GB":
        return "uk"
    return "eu" if european_law(gdpr, uk_gdpr) else None


def leaves_eea(countries: list[str], law: LawData) -> bool:
    """Whether data sent to these countries leaves the EEA (a transfer, Art. 44)."""
    return any(not law.in_eea(c) for c in countries)


def authority_needed(gdpr: bool, uk_gdpr: bool, country: str, law: LawData) -> bool:
    """Whether the policy names one lead supervisory authority: the controller's own, when
    it is established where the law it is under applies (EEA for the GDPR, the UK for the
    UK GDPR). Otherwise people complain where they live or work (Art. 77)."""
    return (gdpr and law.in_eea(country)) or (uk_gdpr and country == "GB")


def consent_age(country: str, law: LawData) -> int | None:
    """The age of digital consent (Art. 8) of the controller's country, if drafter knows it."""
    country_law: CountryLaw | None = law.country(country)
    return country_law.consent_age if country_law else None


def needs_consent(basis: str | None, special_condition: str | None = None) -> bool:
    """Whether a purpose or a cookie relies on consent, so it needs a way to withdraw it:
    its Art. 6 basis is consent, or its special categories rest on explicit consent (Art. 9(2)(a))."""
    return basis == "consent" or special_condition == "explicit_consent"


def purpose_requirement(
    basis: LegalBasis | None, declared: str | None, automatic: bool = False
) -> Requirement:
    """Art. 13(2)(e): whether giving the data is a contractual or statutory requirement.

    The profile's own statement wins ("none" is its word for optional); data collected
    automatically is not "given" at all; otherwise a contract basis means the data is
    needed for the contract, a legal obligation that the law requires it, consent that
    giving it is the person's choice. Under any other basis we claim neither: "none".
    """
    if declared is not None:
        return "optional" if declared == "none" else declared
    if automatic:
        return "automatic"
    return {"contract": "contractual", "legal_obligation": "statutory", "consent": "optional"}.get(
        basis or "", "none"
    )


def cookie_basis(declared: str | None, group: str | None, catalog_basis: str | None) -> str:
    """The legal basis a cookie is set on (ePrivacy Art. 5(3) and Art. 6 GDPR).

    The basis the profile states wins; then the catalog's for a vendor's known cookie;
    then strictly necessary storage needs no consent; everything else needs consent
    (a cookie with no group is treated as one that needs it).
    """
    if declared is not None:
        return declared
    if catalog_basis is not None:
        return catalog_basis
    return "legitimate_interests" if group == "strictly_necessary" else "consent"


def cookie_needs_consent(basis: str, eprivacy: bool, consent_tool: bool = False) -> bool:
    """A cookie is set only with consent where the ePrivacy rules (or PECR) apply and its
    basis is consent. Elsewhere (a US-only service) cookies are set on notice (the opt-out
    model), unless the service runs a consent tool: then those on consent wait for it."""
    return (eprivacy or consent_tool) and needs_consent(basis)


def vendor_role(own_purposes: bool, joint_controller: bool = False) -> str:
    """Who decides what: ``joint`` when the site and the vendor jointly decide the collection
    and transmission (Art. 26, CJEU C-40/17 Fashion ID: pixels, social plug-ins); else
    ``controller`` when the vendor also uses the data for its own purposes (a separate
    controller for that part); else our ``processor`` (Art. 28)."""
    if joint_controller:
        return "joint"
    return "controller" if own_purposes else "processor"


TRACKING_CATEGORIES = frozenset({"analytics", "advertising", "social"})


def tracks(category: str | None) -> bool:
    """Whether a vendor of this catalog category measures or advertises (never strictly necessary)."""
    return category in TRACKING_CATEGORIES


def advertising_partner(category: str, role: str) -> bool:
    """An ad or social network that uses the data for its own purposes too is a partner,
    not a service provider: the policy lists it as one (and the CCPA calls it a third party)."""
    return category in ("advertising", "social") and role != "processor"


def direct_marketing(kinds: list[str]) -> bool:
    """Art. 21(2): data used for direct marketing gives an unconditional right to object."""
    return "marketing" in kinds
