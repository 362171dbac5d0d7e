"""The fixed choice lists questions offer, and the tables of usual answers behind them."""

from __future__ import annotations

from typing import Any

from drafter.model.catalog import DataKind
from drafter.wizard.questions import Choice


def fixed(*pairs: tuple[Any, str]) -> Any:
    return lambda ctx: [Choice(value, title) for value, title in pairs]


LANGUAGES = fixed(
    (["en"], "English only"),
    (["fr"], "French only"),
    (["en", "fr"], "English and French (English first)"),
    (["fr", "en"], "French and English (French first)"),
)

LEGAL_BASES = (
    ("consent", "consent: the person agreed to it (Art. 6(1)(a))"),
    ("contract", "contract: needed to provide what the person asked for (Art. 6(1)(b))"),
    ("legal_obligation", "legal obligation: a law requires it (Art. 6(1)(c))"),
    ("legitimate_interests", "legitimate interests: a balanced interest of yours (Art. 6(1)(f))"),
    ("vital_interests", "vital interests: to protect someone's life (Art. 6(1)(d))"),
    ("public_task", "public task: a task in the public interest (Art. 6(1)(e))"),
)

PURPOSE_KINDS = (
    ("service", "providing the service itself"),
    ("payment", "payments"),
    ("support", "customer support"),
    ("communication", "service messages"),
    ("marketing", "marketing"),
    ("analytics", "audience measurement"),
    ("security", "security and fraud prevention"),
    ("legal", "legal duties (accounting, tax)"),
    ("improvement", "improving the service"),
    ("personalisation", "personalisation"),
    ("ai_training", "training AI models"),
    ("other", "something else"),
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
    "video": {"service"},
    "ai": {"service", "improvement"},
    "security": {"security"},
}

CATEGORY_TITLES = {
    "payment": "Payment",
    "analytics": "Analytics",
    "hosting": "Hosting, cloud and CDN",
    "email": "E-mail and newsletters",
    "support": "Support chat",
    "crm": "CRM",
    "ecommerce": "E-commerce",
    "accounting": "Accounting",
    "shipping": "Shipping",
    "advertising": "Advertising",
    "social": "Social networks",
    "productivity": "Productivity",
    "video": "Video and embeds",
    "ai": "AI services",
    "security": "Security",
    "other": "Other",
}

SOURCES = fixed(
    ("you", "the person gives it to us"),
    ("automatic", "collected automatically (device, browsing)"),
    ("third_party", "we receive it from someone else"),
)

START_EVENTS = fixed(
    ("collection", "from when we collect it"),
    ("last_activity", "from the person's last activity"),
    ("account_closure", "from when the account is closed"),
    ("end_of_contract", "from the end of the contract"),
    ("delivery", "from delivery"),
    ("transaction", "from the transaction"),
    ("last_contact", "from our last contact with the person"),
    ("financial_year_end", "from the end of the financial year"),
    ("consent_withdrawal", "from when consent is withdrawn"),
    ("unsubscribe", "from when the person unsubscribes"),
    (None, "no starting event"),
)

RECIPIENT_KINDS = fixed(
    ("service_providers", "other service providers"),
    ("authorities", "public authorities, when the law requires it"),
    ("professional_advisers", "professional advisers (lawyers, accountants, auditors)"),
    ("acquirers", "a buyer of the business"),
    ("carriers", "delivery companies"),
    ("group_companies", "companies of the same group"),
    ("partner", "the partner that offers the service (white label)"),
    ("credit_agencies", "credit reference agencies"),
    ("other", "someone else (describe them)"),
)

TRANSFER_MECHANISMS = fixed(
    (None, "none needed, or not known"),
    ("adequacy", "adequacy decision (Art. 45)"),
    ("dpf", "EU-US Data Privacy Framework"),
    ("scc", "standard contractual clauses (Art. 46)"),
    ("bcr", "binding corporate rules (Art. 47)"),
    ("derogation", "a derogation of Art. 49"),
)

COOKIE_GROUPS = fixed(
    ("strictly_necessary", "strictly necessary (the site needs it; no consent)"),
    ("preferences", "preferences (language, display)"),
    ("analytics", "analytics (audience measurement)"),
    ("marketing", "marketing (advertising)"),
)

SECURITY_MEASURES = fixed(
    ("encryption_in_transit", "encryption in transit (HTTPS/TLS)"),
    ("encryption_at_rest", "encryption of stored data"),
    ("hashed_passwords", "passwords stored hashed"),
    ("access_control", "access limited to those who need it"),
    ("audits", "regular security audits"),
    ("malware_scanning", "malware scanning"),
    ("backups", "regular backups"),
    ("pseudonymisation", "pseudonymisation"),
    ("staff_confidentiality", "confidentiality duties for staff"),
    ("processor_contracts", "data-protection contracts with providers"),
    ("payment_not_stored", "card details never stored on your servers"),
)

NOTIFY = fixed(
    ("page", "publish the new version on the policy page"),
    ("email", "send an e-mail"),
    ("notice", "show a notice on the site"),
    ("in_app", "show a message in the app"),
)

BREACH_NOTIFY = fixed(
    ("email", "by e-mail"),
    ("notice", "with a notice on the site"),
    ("in_app", "with a message in the app"),
)

REGIMES = fixed(
    ("gdpr", "people in the European Economic Area (GDPR)"),
    ("uk_gdpr", "people in the United Kingdom (UK GDPR)"),
    ("caloppa", "people in California (CalOPPA)"),
    ("coppa", "children under 13 in the United States (COPPA)"),
)

AI_TRAINING = fixed(
    ("never", "never"),
    ("with_consent", "only with the person's consent"),
    ("yes", "yes"),
)

DO_NOT_TRACK = fixed(
    ("not_honoured", "no, the site does not change its behaviour"),
    ("honoured", "yes, the site honours it"),
)

SPECIAL_CATEGORIES = (
    (None, "no"),
    ("health", "health (including injuries, pregnancy, disability)"),
    ("religious_beliefs", "religious or philosophical beliefs"),
    ("racial_or_ethnic_origin", "racial or ethnic origin"),
    ("sex_life", "sex life or sexual orientation"),
    ("trade_union", "trade-union membership"),
    ("political_opinions", "political opinions"),
    ("genetic", "genetic data"),
    ("biometric", "biometric data used to identify someone"),
)

ARTICLE_9_CONDITIONS = (
    ("explicit_consent", "explicit consent of the person (Art. 9(2)(a))"),
    ("health_care", "health or social care under professional secrecy (Art. 9(2)(h))"),
    ("employment", "employment and social security law (Art. 9(2)(b))"),
    ("vital_interests", "vital interests, when the person cannot consent (Art. 9(2)(c))"),
    ("not_for_profit", "a not-for-profit body, about its members (Art. 9(2)(d))"),
    ("made_public", "made public by the person (Art. 9(2)(e))"),
    ("legal_claims", "legal claims (Art. 9(2)(f))"),
    ("public_interest", "substantial public interest set out in law (Art. 9(2)(g))"),
    ("public_health", "public health (Art. 9(2)(i))"),
    ("archiving", "archiving, research or statistics (Art. 9(2)(j))"),
)

DATA_ROLES = (
    ("controller", "ours: we decide what it is used for"),
    ("processor", "our business customers': they put it in about their own clients or staff"),
)

# --- US privacy law -----------------------------------------------------------------

DATA_KINDS: tuple[tuple[DataKind | None, str], ...] = (
    ("identity", "identity (name, date of birth, ID numbers)"),
    ("contact", "contact details (e-mail address, phone number)"),
    ("account", "account details (user name, sign-in details, settings)"),
    ("address", "postal address"),
    ("payment", "payment details (card, bank account)"),
    ("transaction", "purchases and transactions"),
    ("communication", "messages and other communications"),
    ("content", "content people create or upload (text, photos, files)"),
    ("device", "device and connection data (IP address, device identifiers)"),
    ("usage", "usage and browsing data (pages seen, features used)"),
    ("location", "location"),
    ("marketing", "marketing preferences"),
    (None, "none of these"),
)

CCPA_CATEGORY_TITLES = (
    ("identifiers", "identifiers (name, e-mail address, account name, IP address, device IDs)"),
    ("customer_records", "customer records (name, address, phone number, card or bank details)"),
    ("protected_classifications", "characteristics the law protects (age, sex, race, religion, disability)"),
    ("commercial", "commercial information (purchases, products or services considered)"),
    ("biometric", "biometric information (face, voice, fingerprints)"),
    ("internet_activity", "internet or app activity (browsing, searches, use of the service)"),
    ("geolocation", "geolocation data"),
    ("sensory", "audio, visual or similar information (photos, recordings)"),
    ("professional", "professional or employment information"),
    ("education", "education information"),
    ("inferences", "inferences drawn to build a profile (preferences, behaviour)"),
)

SENSITIVE_KINDS = (
    ("government_id", "a social security, driver's licence, state ID or passport number"),
    ("account_login", "an account log-in with its password or security answers"),
    ("financial_account", "a card or bank account number with its code or password"),
    ("precise_geolocation", "precise location (within about 1,850 feet, e.g. GPS)"),
    ("racial_or_ethnic_origin", "racial or ethnic origin"),
    ("religious_beliefs", "religious or philosophical beliefs"),
    ("trade_union", "trade-union membership"),
    ("communications", "the contents of mail, e-mail or texts not sent to you"),
    ("genetic", "genetic data"),
    ("biometric", "biometric data used to identify someone"),
    ("health", "health (including injuries, pregnancy, disability)"),
    ("sex_life", "sex life or sexual orientation"),
    ("citizenship", "citizenship or immigration status"),
    ("neural", "neural data (activity of the brain or nervous system)"),
)

LOCATION_PRECISION = (
    ("precise_geolocation", "precise: within about 1,850 feet (GPS, a saved spot)"),
    (None, "approximate only: a city or a region, e.g. from the IP address"),
)

DISCLOSURES = (
    (None, "let drafter decide (sharing for an ad network with ads of its own, else a business purpose)"),
    ("business_purpose", "a business purpose: they only do a job for you, under contract"),
    ("sharing", "sharing: they use it for cross-context behavioural advertising"),
    ("sale", "a sale: you give it for money or other value"),
)

SENSITIVE_USES = (
    (
        "permitted_only",
        "only to provide the service asked for, keep it secure, prevent fraud and the like "
        "(never to infer things about people)",
    ),
    ("beyond", "also for other purposes (ads, profiling, inferring things about people)"),
)

MINORS = (
    ("none", "no: we do not knowingly sell or share the data of anyone under 16"),
    ("opt_in", "only if they opt in (a parent or guardian for a child under 13)"),
)

METHODS = (
    ("toll_free", "a toll-free phone number"),
    ("phone", "another phone number"),
    ("email", "an e-mail address"),
    ("web_form", "a form on your website"),
    ("postal", "a postal address"),
    ("in_app", "a screen in your app"),
)
