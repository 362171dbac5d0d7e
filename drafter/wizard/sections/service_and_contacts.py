"""The sections on the service, the controller, the laws that apply and the privacy contacts."""

from __future__ import annotations

from drafter.legal import decisions as decide
from drafter.wizard.i18n import N_
from drafter.wizard.questions import Ask, Choice, Ctx, Group, Section, at
from drafter.wizard.sections.choices import LANGUAGES, REGIMES
from drafter.wizard.sections.rules import regime
from drafter.wizard.sections.us import US_STATES, ccpa_help

# --- conditions and suggestions ---------------------------------------------------


def _representative_needed(ctx: Ctx) -> bool:
    return decide.eu_representative_needed(regime("gdpr")(ctx), ctx.country, ctx.law)


def _authority_unknown(ctx: Ctx) -> bool:
    """drafter has no authority on file for a controller that needs one (or one is saved)."""
    needed = decide.authority_needed(regime("gdpr")(ctx), regime("uk_gdpr")(ctx), ctx.country, ctx.law)
    return "supervisory_authority" in ctx.root or (needed and ctx.law.country(ctx.country) is None)


def _two_languages(ctx: Ctx) -> bool:
    return len(ctx.langs) > 1


def _authoritative(ctx: Ctx) -> list[Choice]:
    prevails = {"en": N_("the English version prevails"), "fr": N_("the French version prevails")}
    return [
        Choice(None, N_("neither: both versions are equally valid")),
        *[Choice(lang, prevails[lang]) for lang in ctx.langs],
    ]


def _national_law_asked(ctx: Ctx) -> bool:
    """The law data names the national law of most EEA countries, and the policy names it
    from there: asked only for another country, or when the profile names its own."""
    if not regime("gdpr")(ctx):
        return False
    law = ctx.law.country(ctx.country)
    return law is None or law.national_law is None or at(ctx.root, "regimes.national_law") is not None


def _controller_country(ctx: Ctx) -> str | None:
    return ctx.country or None


# --- the questions ----------------------------------------------------------------

LINES_HELP = "One line at a time (street, then postal code and city); a blank line ends the address."

CONTACT = (
    Ask("name", N_("Name"), "prose", optional=True, help=N_("A person or a team; leave blank to give none.")),
    Ask("email", N_("E-mail address")),
    Ask("phone", N_("Phone number"), optional=True),
    Ask("url", N_("Web page or contact form"), optional=True),
    Group(
        "address",
        (
            Ask("lines", N_("Postal address"), "lines", help=LINES_HELP),
            Ask("country", N_("Country (two-letter code, e.g. FR)"), suggest=_controller_country),
        ),
        text=N_("Give a postal address?"),
    ),
)

ADDRESS = (
    Ask("lines", N_("Postal address"), "lines", help=LINES_HELP),
    Ask("country", N_("Country (two-letter code, e.g. FR, BE, US)")),
)

SERVICE = Section(
    "service",
    N_("Your service"),
    ("languages", "authoritative_language", "service", "white_label"),
    (
        Ask("languages", N_("Which languages should the policy be in?"), "select", choices=LANGUAGES),
        Ask(
            "authoritative_language",
            N_("If the two versions ever differ, which one prevails?"),
            "select",
            optional=True,
            when=_two_languages,
            choices=_authoritative,
        ),
        Ask("service.name", N_("Name of your service (as your users know it)")),
        Ask(
            "service.description",
            N_("Describe the service in a few words"),
            "prose",
            help=N_("A noun phrase with no article, e.g. 'online audio mastering service'."),
        ),
        Group(
            "white_label",
            (Ask("partner", N_("Partner's name (leave blank if there are several)"), optional=True),),
            text=N_("Do partners offer your service to their customers under their own brand?"),
        ),
    ),
)

CONTROLLER = Section(
    "controller",
    N_("Who is responsible for the data"),
    ("controller",),
    (
        Ask(
            "controller.legal_name",
            N_("Legal name of the company or person responsible"),
            help=N_("As registered, e.g. 'Atelier Lumen SAS'."),
        ),
        Ask("controller.trade_name", N_("Trade name, if different"), optional=True),
        Ask(
            "controller.registration",
            N_("Company register and number"),
            optional=True,
            help=N_("e.g. 'RCS Lyon 912 345 678'."),
        ),
        Ask("controller.website", N_("Website address"), help=N_("In full, e.g. https://www.example.com")),
        Group("controller.address", ADDRESS, always=True),
        Ask("controller.email", N_("Contact e-mail address")),
        Ask("controller.phone", N_("Phone number"), optional=True),
    ),
)

LAWS = Section(
    "laws",
    N_("Laws and audiences"),
    ("regimes", "us_states"),
    (
        Ask(
            "regimes",
            N_("Whose data do you handle?"),
            "flags",
            choices=REGIMES,
            help=N_("Each choice adds the sections that law requires."),
            suggest=lambda ctx: ["gdpr"] if decide.gdpr_by_establishment(ctx.country, ctx.law) else [],
        ),
        Ask(
            "regimes.ccpa",
            N_("Does the California Consumer Privacy Act (CCPA) apply to you?"),
            "confirm",
            when=regime("caloppa"),
            help_from=ccpa_help,
        ),
        US_STATES,
        Ask(
            "regimes.national_law",
            N_("National data-protection law to name beside the GDPR"),
            "prose",
            optional=True,
            when=_national_law_asked,
            help=N_("e.g. 'the French Data Protection Act of 6 January 1978'. Leave blank for none."),
        ),
    ),
)

CONTACTS = Section(
    "contacts",
    N_("Privacy contacts"),
    ("dpo", "privacy_contact", "eu_representative", "eu_representative_exempt", "supervisory_authority"),
    (
        Group("dpo", CONTACT, text=N_("Have you appointed a data protection officer (DPO)?")),
        Group(
            "privacy_contact",
            CONTACT,
            text=N_("Is there a separate contact for privacy questions?"),
            help=N_("Otherwise people write to the controller's e-mail address."),
        ),
        Group(
            "eu_representative",
            (
                Ask("name", N_("Representative's name")),
                Ask("email", N_("Representative's e-mail address")),
                Group("address", ADDRESS, always=True),
            ),
            text=N_("Have you appointed a representative in the EU (Art. 27 GDPR)?"),
            when=_representative_needed,
            drop_when_skipped=True,
        ),
        Ask(
            "eu_representative_exempt",
            N_("Is your processing only occasional and low-risk, so that Art. 27(2) exempts you?"),
            "confirm",
            when=lambda ctx: _representative_needed(ctx) and "eu_representative" not in ctx.root,
        ),
        Group(
            "supervisory_authority",
            (
                Ask("name", N_("Name of the supervisory authority"), "prose"),
                Ask("url", N_("Its website")),
            ),
            when=_authority_unknown,
            always=True,
            help=N_("drafter has no authority on file for your country."),
        ),
    ),
)
