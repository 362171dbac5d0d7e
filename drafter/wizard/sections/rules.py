"""Conditions, suggestions, checks, titles and choices that questions of several sections share."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from typing import Any

from drafter.legal import decisions as decide
from drafter.wizard.questions import Choice, Ctx, at, first_text

# --- conditions -------------------------------------------------------------------


def regime(name: str) -> Any:
    return lambda ctx: at(ctx.root, f"regimes.{name}") is True


def item_is(key: str, *values: Any) -> Any:
    return lambda ctx: at(ctx.item, key) in values


# --- ids, defaults, checks and titles ---------------------------------------------


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-")[:40].strip("-") or "item"


def unique_id(base: str, ctx: Ctx) -> str:
    taken = {s.get("id") for s in ctx.siblings}
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def id_from(key: str) -> Any:
    return lambda ctx: unique_id(slug(first_text(at(ctx.item, key), ctx.langs)), ctx)


def not_taken(value: Any, ctx: Ctx) -> str | None:
    if any(s.get("id") == value for s in ctx.siblings):
        return f"the id {value!r} is already used; choose another"
    return None


def today(ctx: Ctx) -> str:
    return ctx.today


def title_of(key: str) -> Any:
    return lambda item, ctx: repr(first_text(item.get(key), ctx.langs) or item.get("id") or "?")


# --- choices drawn from the profile -----------------------------------------------


def data_choices(ctx: Ctx) -> list[Choice]:
    return [
        Choice(d.get("id"), f"{first_text(d.get('label'), ctx.langs)} ({d.get('id')})")
        for d in ctx.root.get("data") or []
        if isinstance(d, dict) and d.get("id")
    ]


def custom_vendor(vendor_id: Any, ctx: Ctx) -> Mapping[str, Any] | None:
    """The vendor described in custom_vendors under this id, if any."""
    return next(
        (
            c
            for c in ctx.root.get("custom_vendors") or []
            if isinstance(c, Mapping) and c.get("id") == vendor_id
        ),
        None,
    )


def vendor_category(vendor_id: Any, ctx: Ctx) -> str:
    """A vendor's catalog category, or that of a vendor described in custom_vendors."""
    vendor = ctx.catalog.get(str(vendor_id))
    if vendor is not None:
        return vendor.category
    custom = custom_vendor(vendor_id, ctx)
    return str(custom.get("category", "other")) if custom is not None else "other"


def european(ctx: Ctx) -> bool:
    """The GDPR or the UK GDPR applies, as the answers so far say."""
    return decide.european_law(regime("gdpr")(ctx), regime("uk_gdpr")(ctx))


def contact_email(ctx: Ctx) -> str | None:
    """The address the policy gives for privacy questions, as drafter's facts choose it
    (legal/facts.py: the DPO's, else the privacy contact's, else the controller's)."""
    for key in ("dpo.email", "privacy_contact.email", "controller.email"):
        if at(ctx.root, key):
            return str(at(ctx.root, key))
    return None
