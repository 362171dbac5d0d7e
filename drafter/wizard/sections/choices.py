"""The fixed choice lists questions offer, and the tables of usual answers behind them."""

from __future__ import annotations

from typing import Any

from drafter.model.catalog import DataKind
from drafter.wizard.i18n import N_
from drafter.wizard.questions import Choice


def fixed(*pairs: tuple[Any, str]) -> Any:
    return lambda ctx: [Choice(value, title) for value, title in pairs]


LANGUAGES = fixed(
    (["en"], N_("English only")),
    (["fr"], N_("French only")),
    (["en", "fr"], N_("English and French (English first)")),
    (["fr", "en"], N_("French and English (French first)")),
)

LEGAL_BASES = (
    ("consent", N_("consent: the person agreed to it (Art. 6(1)(a))")),
    ("contract", N_("contract: needed to provide what the person asked for (Art. 6(1)(b))")),
    ("legal_obligation", N_("legal obligation: a law requires it (Art. 6(1)(c))")),
    ("legitimate_interests", N_("legitimate interests: a balanced interest of yours (Art. 6(1)(f))")),
    ("vital_interests", N_("vital interests: to protect someone's life (Art. 6(1)(d))")),
    ("public_task", N_("public task: a task in the public interest (Art. 6(1)(e))")),
)

PURPOSE_KINDS = (
    ("service", N_("providing the service itself")),
    ("payment", N_("payments")),
    ("support", N_("customer support")),
    ("communication", N_("service messages")),
    ("marketing", N_("marketing")),
    ("analytics", N_("audience measurement")),
    ("security", N_("security and fraud prevention")),
    ("legal", N_("legal duties (accounting, tax)")),
    ("improvement", N_("improving the service")),
    ("personalisation", N_("personalisation")),
    ("ai_training", N_("training AI models")),
    ("other", N_("something else")),
)

# The usual legal basis of each kind of purpose: a suggestion, never imposed.
USUAL_BASIS = {
    "service": "contract",
    "payment": "contract",
    "support": "contract",
    "communication": "contract",
    "marketing": "consent",
    "analytics": "consent",
    "security": "legitimate_interests",
    "legal": "legal_obligation",
    "improvement": "legitimate_interests",
    "personalisation": "consent",
    "ai_training": "consent",
    "other": "consent",
}

# The kinds of purpose a vendor of each catalog category usually serves.
CATEGORY_PURPOSES = {
    "payment": {"payment"},
    "analytics": {"analytics"},
    "hosting": {"service"},
    "email": {"communication", "marketing"},
    "support": {"support"},
    "crm": {"support", "marketing"},
    "ecommerce": {"service", "payment"},
    "accounting": {"legal"},
    "shipping": {"service"},
    "advertising": {"marketing"},
    "social": {"marketing"},
    "productivity": {"support"},
    "booking": {"service"},
    "video": {"service"},
    "ai": {"service", "improvement"},
    "security": {"security"},
    "crash_reporting": {"improvement"},
    "attribution": {"marketing", "analytics"},
    "push": {"communication"},
    "in_app_purchases": {"payment"},
    "maps": {"service"},
    "fonts": {"service"},
    "forms": {"support", "service"},
    "consent": {"legal"},
}

CATEGORY_TITLES = {
    "payment": N_("Payment"),
    "analytics": N_("Analytics"),
    "hosting": N_("Hosting, cloud and CDN"),
    "email": N_("E-mail and newsletters"),
    "support": N_("Support chat"),
    "crm": N_("CRM"),
    "ecommerce": N_("E-commerce"),
    "accounting": N_("Accounting"),
    "shipping": N_("Shipping"),
    "advertising": N_("Advertising"),
    "social": N_("Social networks"),
    "productivity": N_("Productivity"),
    "booking": N_("Booking and scheduling"),
    "video": N_("Video and embeds"),
    "ai": N_("AI services"),
    "security": N_("Security"),
    "crash_reporting": N_("Crash reporting and monitoring"),
    "attribution": N_("Mobile attribution"),
    "push": N_("Push notifications"),
    "in_app_purchases": N_("In-app purchases and subscriptions"),
    "maps": N_("Maps"),
    "fonts": N_("Web fonts"),
    "forms": N_("Forms and surveys"),
    "consent": N_("Consent management"),
    "other": N_("Other"),
}

SOURCES = fixed(
    ("you", N_("the person gives it to us")),
    ("automatic", N_("collected automatically (device, browsing)")),
    ("third_party", N_("we receive it from someone else")),
)

START_EVENTS = fixed(
    ("collection", N_("from when we collect it")),
    ("last_activity", N_("from the person's last activity")),
    ("account_closure", N_("from when the account is closed")),
    ("end_of_contract", N_("from the end of the contract")),
    ("delivery", N_("from delivery")),
    ("transaction", N_("from the transaction")),
    ("last_contact", N_("from our last contact with the person")),
    ("financial_year_end", N_("from the end of the financial year")),
    ("consent_withdrawal", N_("from when consent is withdrawn")),
    ("unsubscribe", N_("from when the person unsubscribes")),
    (None, N_("no starting event")),
)

RECIPIENT_KINDS = fixed(
    ("service_providers", N_("other service providers")),
    ("authorities", N_("public authorities, when the law requires it")),
    ("professional_advisers", N_("professional advisers (lawyers, accountants, auditors)")),
    ("acquirers", N_("a buyer of the business")),
    ("carriers", N_("delivery companies")),
    ("group_companies", N_("companies of the same group")),
    ("partner", N_("the partner that offers the service (white label)")),
    ("credit_agencies", N_("credit reference agencies")),
    ("other", N_("someone else (describe them)")),
)

TRANSFER_MECHANISMS = fixed(
    (None, N_("none needed, or not known")),
    ("adequacy", N_("adequacy decision (Art. 45)")),
    ("dpf", N_("EU-US Data Privacy Framework")),
    ("scc", N_("standard contractual clauses (Art. 46)")),
    ("bcr", N_("binding corporate rules (Art. 47)")),
    ("derogation", N_("a derogation of Art. 49")),
)

COOKIE_GROUPS = fixed(
    ("strictly_necessary", N_("strictly necessary (the site needs it; no consent)")),
    ("preferences", N_("preferences (language, display)")),
    ("analytics", N_("analytics (audience measurement)")),
    ("marketing", N_("marketing (advertising)")),
)

SECURITY_MEASURES = fixed(
    ("encryption_in_transit", N_("encryption in transit (HTTPS/TLS)")),
    ("encryption_at_rest", N_("encryption of stored data")),
    ("hashed_passwords", N_("passwords stored hashed")),
    ("access_control", N_("access limited to those who need it")),
    ("audits", N_("regular security audits")),
    ("malware_scanning", N_("malware scanning")),
    ("backups", N_("regular backups")),
    ("pseudonymisation", N_("pseudonymisation")),
    ("staff_confidentiality", N_("confidentiality duties for staff")),
    ("processor_contracts", N_("data-protection contracts with providers")),
    ("payment_not_stored", N_("card details never stored on your servers")),
)

NOTIFY = fixed(
    ("page", N_("publish the new version on the policy page")),
    ("email", N_("send an e-mail")),
    ("notice", N_("show a notice on the site")),
    ("in_app", N_("show a message in the app")),
)

BREACH_NOTIFY = fixed(
    ("email", N_("by e-mail")),
    ("notice", N_("with a notice on the site")),
    ("in_app", N_("with a message in the app")),
)

REGIMES = fixed(
    ("gdpr", N_("people in the European Economic Area (GDPR)")),
    ("uk_gdpr", N_("people in the United Kingdom (UK GDPR)")),
    ("caloppa", N_("people in California (CalOPPA)")),
    ("coppa", N_("children under 13 in the United States (COPPA)")),
)

AI_TRAINING = fixed(
    ("never", N_("never")),
    ("with_consent", N_("only with the person's consent")),
    ("yes", N_("yes")),
)

DO_NOT_TRACK = fixed(
    ("not_honoured", N_("no, the site does not change its behaviour")),
    ("honoured", N_("yes, the site honours it")),
)

SPECIAL_CATEGORIES = (
    (None, N_("no")),
    ("health", N_("health (including injuries, pregnancy, disability)")),
    ("religious_beliefs", N_("religious or philosophical beliefs")),
    ("racial_or_ethnic_origin", N_("racial or ethnic origin")),
    ("sex_life", N_("sex life or sexual orientation")),
    ("trade_union", N_("trade-union membership")),
    ("political_opinions", N_("political opinions")),
    ("genetic", N_("genetic data")),
    ("biometric", N_("biometric data used to identify someone")),
)

ARTICLE_9_CONDITIONS = (
    ("explicit_consent", N_("explicit consent of the person (Art. 9(2)(a))")),
    ("health_care", N_("health or social care under professional secrecy (Art. 9(2)(h))")),
    ("employment", N_("employment and social security law (Art. 9(2)(b))")),
    ("vital_interests", N_("vital interests, when the person cannot consent (Art. 9(2)(c))")),
    ("not_for_profit", N_("a not-for-profit body, about its members (Art. 9(2)(d))")),
    ("made_public", N_("made public by the person (Art. 9(2)(e))")),
    ("legal_claims", N_("legal claims (Art. 9(2)(f))")),
    ("public_interest", N_("substantial public interest set out in law (Art. 9(2)(g))")),
    ("public_health", N_("public health (Art. 9(2)(i))")),
    ("archiving", N_("archiving, research or statistics (Art. 9(2)(j))")),
)

DATA_ROLES = (
    ("controller", N_("ours: we decide what it is used for")),
    ("processor", N_("our business customers': they put it in about their own clients or staff")),
)

# --- US privacy law -----------------------------------------------------------------

DATA_KINDS: tuple[tuple[DataKind | None, str], ...] = (
    ("identity", N_("identity (name, date of birth, ID numbers)")),
    ("contact", N_("contact details (e-mail address, phone number)")),
    ("account", N_("account details (user name, sign-in details, settings)")),
    ("address", N_("postal address")),
    ("payment", N_("payment details (card, bank account)")),
    ("transaction", N_("purchases and transactions")),
    ("communication", N_("messages and other communications")),
    ("content", N_("content people create or upload (text, photos, files)")),
    ("device", N_("device and connection data (IP address, device identifiers)")),
    ("usage", N_("usage and browsing data (pages seen, features used)")),
    ("location", N_("location")),
    ("marketing", N_("marketing preferences")),
    (None, N_("none of these")),
)

CCPA_CATEGORY_TITLES = (
    ("identifiers", N_("identifiers (name, e-mail address, account name, IP address, device IDs)")),
    ("customer_records", N_("customer records (name, address, phone number, card or bank details)")),
    (
        "protected_classifications",
        N_("characteristics the law protects (age, sex, race, religion, disability)"),
    ),
    ("commercial", N_("commercial information (purchases, products or services considered)")),
    ("biometric", N_("biometric information (face, voice, fingerprints)")),
    ("internet_activity", N_("internet or app activity (browsing, searches, use of the service)")),
    ("geolocation", N_("geolocation data")),
    ("sensory", N_("audio, visual or similar information (photos, recordings)")),
    ("professional", N_("professional or employment information")),
    ("education", N_("education information")),
    ("inferences", N_("inferences drawn to build a profile (preferences, behaviour)")),
)

SENSITIVE_KINDS = (
    ("government_id", N_("a social security, driver's licence, state ID or passport number")),
    ("account_login", N_("an account log-in with its password or security answers")),
    ("financial_account", N_("a card or bank account number with its code or password")),
    ("precise_geolocation", N_("precise location (within about 1,850 feet, e.g. GPS)")),
    ("racial_or_ethnic_origin", N_("racial or ethnic origin")),
    ("religious_beliefs", N_("religious or philosophical beliefs")),
    ("trade_union", N_("trade-union membership")),
    ("communications", N_("the contents of mail, e-mail or texts not sent to you")),
    ("genetic", N_("genetic data")),
    ("biometric", N_("biometric data used to identify someone")),
    ("health", N_("health (including injuries, pregnancy, disability)")),
    ("sex_life", N_("sex life or sexual orientation")),
    ("citizenship", N_("citizenship or immigration status")),
    ("neural", N_("neural data (activity of the brain or nervous system)")),
)

LOCATION_PRECISION = (
    ("precise_geolocation", N_("precise: within about 1,850 feet (GPS, a saved spot)")),
    (None, N_("approximate only: a city or a region, e.g. from the IP address")),
)

DISCLOSURES = (
    (None, N_("let drafter decide (sharing for an ad network with ads of its own, else a business purpose)")),
    ("business_purpose", N_("a business purpose: they only do a job for you, under contract")),
    ("sharing", N_("sharing: they use it for cross-context behavioural advertising")),
    ("sale", N_("a sale: you give it for money or other value")),
)

SENSITIVE_USES = (
    (
        "permitted_only",
        N_(
            "only to provide the service asked for, keep it secure, prevent fraud and the like "
            "(never to infer things about people)"
        ),
    ),
    ("beyond", N_("also for other purposes (ads, profiling, inferring things about people)")),
)

MINORS = (
    ("none", N_("no: we do not knowingly sell or share the data of anyone under 16")),
    ("opt_in", N_("only if they opt in (a parent or guardian for a child under 13)")),
)

METHODS = (
    ("toll_free", N_("a toll-free phone number")),
    ("phone", N_("another phone number")),
    ("email", N_("an e-mail address")),
    ("web_form", N_("a form on your website")),
    ("postal", N_("a postal address")),
    ("in_app", N_("a screen in your app")),
)
