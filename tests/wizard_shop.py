"""A small web shop like profiles/example.yaml, built from scratch: the answers the
in-process and the pseudo-terminal tests give, in order. A question is named by its
message id, so the same answers drive the English and the French interface; every other
question gets Enter, which takes the suggestion shown."""

from __future__ import annotations

import re
from typing import Any

from drafter.wizard.i18n import tr

DATA = ["contact", "account", "orders", "delivery-address", "payment", "invoices", "messages"]
DATA += ["newsletter", "browsing", "audience"]
VENDORS = ["stripe", "paypal", "brevo", "google-analytics"]
RECIPIENTS = ["carriers", "professional_advisers", "authorities"]
MEASURES = ["encryption_in_transit", "hashed_passwords", "access_control", "backups", "payment_not_stored"]

LINE = "{question}, line {number}"

# (message id, its fields, answer)
SHOP: list[tuple[str, dict[str, Any], Any]] = [
    ("Which languages should the policy be in?", {}, ["fr", "en"]),
    ("Name of your service (as your users know it)", {}, "Atelier Lumen"),
    ("Describe the service in a few words", {}, "boutique en ligne de céramiques artisanales"),
    ("Describe the service in a few words", {}, "online shop for handmade ceramics"),
    ("Legal name of the company or person responsible", {}, "Atelier Lumen SAS"),
    ("Company register and number", {}, "RCS Lyon 912 345 678"),
    ("Website address", {}, "https://www.atelier-lumen.fr"),
    (LINE, {"question": "Postal address", "number": 1}, "14 rue des Tables Claudiennes"),
    (LINE, {"question": "Postal address", "number": 2}, "69001 Lyon"),
    ("Country (two-letter code, e.g. FR, BE, US)", {}, "FR"),
    ("Contact e-mail address", {}, "contact@atelier-lumen.fr"),
    ("Which personal data do you hold?", {}, DATA),
    ("Which services receive personal data from you?", {}, VENDORS),
    ("Who else receives personal data, besides your vendors?", {}, RECIPIENTS),
    ("Which cookies of your own does your site set?", {}, ["cart", "consent", "language"]),
    ("Cookie name", {}, "lumen_cart"),
    ("Cookie name", {}, "lumen_consent"),
    ("Cookie name", {}, "lumen_lang"),
    ("Which security measures do you take?", {}, MEASURES),
    ("Do you set a minimum age for using your service?", {}, True),
]


def shown(message: str, fields: dict[str, Any]) -> str:
    """The question as the interface shows it, in the language in use."""
    return tr(message).format(**{k: tr(v) if isinstance(v, str) else v for k, v in fields.items()})


def rules(change: dict[str, Any] | None = None, drop: tuple[str, ...] = ()) -> list[tuple[str, Any]]:
    """The answers as (pattern on the question shown, answer), for tests/wizard_keys.py;
    ``change`` gives other answers and ``drop`` leaves questions to Enter, by message id."""
    change = change or {}
    return [("^" + re.escape(shown(m, f)), change.get(m, answer)) for m, f, answer in SHOP if m not in drop]
