"""Ready-made list items the wizard offers (drafter/data/wizard_presets.yaml), fitted to the
answers so far: the profile's languages, its laws, the data it holds and its country's
statutory periods. One checkbox then stands for many questions."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from functools import cache
from importlib import resources
from typing import Any

import yaml

from drafter.legal import decisions as decide
from drafter.wizard.i18n import N_, tr
from drafter.wizard.questions import Ctx, Item, Preset, first_text
from drafter.wizard.sections.rules import contact_email, european


@cache
def _presets() -> dict[str, Any]:
    text = resources.files("drafter.data").joinpath("wizard_presets.yaml").read_text(encoding="utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _local(value: Any, langs: list[str]) -> Any:
    """A bilingual preset text in the profile's languages: one string for one language."""
    if isinstance(value, Mapping):
        if len(langs) == 1:
            return value[langs[0]]
        return {lang: value[lang] for lang in langs}
    return value


def _held(ctx: Ctx) -> dict[str, Any]:
    return {str(d["id"]): d for d in ctx.root.get("data") or [] if isinstance(d, Mapping) and d.get("id")}


def _statutory_ids(ctx: Ctx) -> set[str]:
    law = ctx.law.country(ctx.country)
    return {s.id for s in law.retention} if law is not None else set()


# --- data ---------------------------------------------------------------------------


def data_presets(ctx: Ctx, items: list[Item]) -> list[Preset]:
    taken = {x.get("id") for x in items}
    statutory = _statutory_ids(ctx)
    found = []
    for entry in _presets()["data"]:
        if entry["id"] in taken:
            continue
        item: dict[str, Any] = {"id": entry["id"], "label": _local(entry["label"], ctx.langs)}
        if "examples" in entry:
            item["examples"] = _local(entry["examples"], ctx.langs)
        item["source"] = entry["source"]
        for key in ("anonymous", "special"):
            if key in entry:
                item[key] = entry[key]
        if entry.get("statutory") in statutory:
            item["statutory"] = entry["statutory"]
        item["kind"] = entry["kind"]
        title = first_text(entry["label"], ctx.langs)
        if "examples" in entry:
            title += f" ({', '.join(first_text(entry['examples'], ctx.langs))})"
        found.append(Preset(entry["id"], title, item, checked=entry["id"] == "contact" and not ctx.editing))
    return found


# --- purposes -----------------------------------------------------------------------


def purpose_presets(ctx: Ctx, items: list[Item]) -> list[Preset]:
    held = _held(ctx)
    taken = {x.get("id") for x in items}
    in_europe = european(ctx)
    found = []
    for entry in _presets()["purposes"]:
        data = [d for d in entry["data"] if d in held]  # the same categories, never look-alikes
        if entry["id"] in taken or all(held[d].get("anonymous") is True for d in data):
            continue  # no data, or only data that identifies no one: no purpose to state
        item: dict[str, Any] = {
            "id": entry["id"],
            "kind": entry["kind"],
            "description": _local(entry["description"], ctx.langs),
            "data": data,
        }
        special = any(held[d].get("special") for d in data)
        if in_europe:
            item["legal_basis"] = entry["basis"]
            if special:
                item["special_condition"] = entry.get("special_condition", "explicit_consent")
            if entry["basis"] == "legitimate_interests":
                item["legitimate_interest"] = _local(entry["legitimate_interest"], ctx.langs)
            if "consequence" in entry and entry["basis"] in ("contract", "legal_obligation"):
                item["consequence"] = _local(entry["consequence"], ctx.langs)
            if decide.needs_consent(item["legal_basis"], item.get("special_condition")):
                withdraw = entry.get("withdraw")
                email = contact_email(ctx)
                if withdraw is None or ("{email}" in str(withdraw) and not email):
                    continue  # nothing ready to say: described by the person instead
                item["withdraw"] = _local({k: v.format(email=email) for k, v in withdraw.items()}, ctx.langs)
        wanted = [d in held for d in entry["ticked_with"]]
        checked = (all(wanted) if entry["kind"] == "security" else any(wanted)) and not ctx.editing
        found.append(Preset(entry["id"], first_text(entry["description"], ctx.langs), item, checked=checked))
    return found


# --- cookies and recipients -----------------------------------------------------------


_COOKIE_TITLES = {
    "cart": N_("a basket cookie"),
    "session": N_("a sign-in (session) cookie"),
    "consent": N_("a cookie that remembers cookie choices"),
    "language": N_("a language cookie"),
}


def cookie_presets(ctx: Ctx, items: list[Item]) -> list[Preset]:
    found = []
    for entry in _presets()["cookies"]:
        item = {
            "group": entry["group"],
            "purpose": _local(entry["purpose"], ctx.langs),
            "duration": entry["duration"],
        }
        title = f"{tr(_COOKIE_TITLES[entry['key']])}: {first_text(entry['purpose'], ctx.langs)}"
        found.append(Preset(entry["key"], title, item, ask=("name",)))
    return found


def recipient_presets(ctx: Ctx, items: list[Item]) -> list[Preset]:
    from drafter.wizard.sections.choices import RECIPIENT_KINDS

    titles = {c.value: c.title for c in RECIPIENT_KINDS(ctx)}
    taken = {x.get("kind") for x in items}
    return [
        Preset(kind, tr(titles[kind]), {"kind": kind})
        for kind in _presets()["recipients"]
        if kind not in taken
    ]


# --- retention ------------------------------------------------------------------------


@cache
def _data_entries() -> dict[str, dict[str, Any]]:
    return {e["id"]: e for e in _presets()["data"]}


def _keep(ident: str) -> dict[str, Any] | None:
    """The retention rule suggested for a kind of data of the presets, if it is one."""
    entry = _data_entries().get(ident, {})
    return dict(entry["keep"]) if "keep" in entry else None


_KIND_START = {
    "account": "account_closure",
    "transaction": "transaction",
    "payment": "transaction",
    "address": "delivery",
    "communication": "last_contact",
    "contact": "last_contact",
    "marketing": "last_contact",
    "usage": "collection",
    "device": "collection",
    "location": "collection",
}


def start_for(data: list[Any], ctx: Ctx) -> str:
    """The starting event that suits these data: their usual one, else the last activity."""
    held = _held(ctx)
    starts: Counter[str] = Counter()
    for ident in data:
        keep = _keep(str(ident)) or {}
        category = held.get(str(ident), {})
        kind = category.get("kind") or _data_entries().get(str(ident), {}).get("kind")
        start = keep.get("starts") or _KIND_START.get(str(kind))
        if start is None and category.get("source") == "automatic":
            start = "collection"
        starts[start or "last_activity"] += 1
    return starts.most_common(1)[0][0] if starts else "last_activity"


_STATUTORY_WORDS = {"invoices": ("invoice", "factur", "billing"), "prospects": ("newsletter", "prospect")}


def retention_presets(ctx: Ctx, items: list[Item]) -> list[Preset]:
    """The statutory periods of the controller's country, then one rule for the data of the
    same usual period that no rule covers yet."""
    found: list[Preset] = []
    held = _held(ctx)
    covered = {d for rule in items for d in rule.get("data") or []}
    law = ctx.law.country(ctx.country)
    for rule in (law.retention if law is not None else []) if not items else []:
        words = _STATUTORY_WORDS.get(rule.id, (rule.id,))
        data = [
            ident
            for ident, d in held.items()
            if d.get("statutory") == rule.id or any(w in ident for w in words)
        ]
        if rule.id == "card_disputes":
            data = [ident for ident, d in held.items() if d.get("kind") == "payment" or ident == "payment"]
        item: dict[str, Any] = {"data": data, "period": str(rule.period)}
        if data:
            item["starts"] = start_for(data, ctx)
        item["statutory"] = rule.id
        sooner = [k["criteria"] for d in data if (k := _keep(d)) and "criteria" in k]
        if len(data) == 1 and sooner:  # what ends it sooner: "until you unsubscribe"
            item["criteria"] = _local(sooner[0], ctx.langs)
        title = tr("the statutory period for {label}: {period} ({reference})").format(
            label=first_text(rule.label.model_dump(), []),
            period=rule.period,
            reference=first_text(rule.reference.model_dump(), []),
        )
        found.append(
            Preset(f"statutory:{rule.id}", title, item, checked=bool(data), ask=None if not data else ())
        )
        covered.update(data)
    groups: dict[tuple[str, str], list[str]] = {}
    by_criteria: list[tuple[str, dict[str, Any]]] = []
    for ident, d in held.items():
        if ident in covered or d.get("anonymous") is True or d.get("role") == "processor":
            continue
        keep = _keep(ident) or {"period": "13 months" if d.get("source") == "automatic" else "3 years"}
        if "criteria" in keep:
            by_criteria.append((ident, keep["criteria"]))
            continue
        start = keep.get("starts") or start_for([ident], ctx)
        groups.setdefault((str(keep["period"]), start), []).append(ident)
    from drafter.wizard.sections.choices import START_EVENTS

    events = {c.value: c.title for c in START_EVENTS(ctx)}
    for (period, start), data in groups.items():
        labels = ", ".join(first_text(held[i].get("label"), ctx.langs) or i for i in data)
        title = f"{labels}: {period} {tr(events.get(start, ''))}".rstrip()
        item = {"data": data, "period": period, "starts": start}
        found.append(Preset(",".join(data), title, item, checked=not ctx.editing))
    for ident, criteria in by_criteria:
        title = (
            f"{first_text(held[ident].get('label'), ctx.langs) or ident}: {first_text(criteria, ctx.langs)}"
        )
        item = {"data": [ident], "criteria": _local(criteria, ctx.langs)}
        found.append(Preset(ident, title, item, checked=not ctx.editing))
    return found
