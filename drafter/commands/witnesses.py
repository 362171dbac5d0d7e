"""Witnesses: the facts each requirement needs to find in the rendered text.

A requirement of ``data/requirements.yaml`` names its witnesses; each name here turns a
policy's context into :class:`Witness` objects: a label, and the texts that must all
appear in one block (a paragraph, a list item, a table row) of a section that carries the
requirement. The texts are the context's own values and the templates' own statements
(``_words.j2``), so a template that stops stating a fact, or a profile that gives none,
leaves its witness missing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from drafter.render.context import Context
from drafter.render.filters import capfirst, cookie_name, country_name, long_date, postal_parts
from drafter.render.language import cite
from drafter.render.words import plain, words


@dataclass(frozen=True)
class Witness:
    label: str
    parts: tuple[str, ...] | None  # None: the profile gives no text to state, so it is missing
    why_missing: str = ""  # said when parts is None


Witnesses = Callable[[Context, Any], list[Witness]]
WITNESSES: dict[str, Witnesses] = {}


def witness(name: str) -> Callable[[Witnesses], Witnesses]:
    def register(fn: Witnesses) -> Witnesses:
        WITNESSES[name] = fn
        return fn

    return register


def witnesses_for(names: list[str], ctx: Context) -> list[Witness]:
    w = words(ctx.language)
    return [found for name in names for found in WITNESSES[name](ctx, w)]


def _cite(ctx: Context, text: str) -> str:
    return cite(str(text), ctx.law.cited, ctx.language)


def _shown(url: str) -> str:
    """A URL as a reader sees it in the policy (an autolink shows it decoded)."""
    return plain(f"<{url}>")


def _given(label: str, text: str | None, why: str) -> Witness:
    return Witness(label, (text,) if text else None, "" if text else why)


@witness("controller")
def _controller(ctx: Context, w: Any) -> list[Witness]:
    c = ctx.controller
    found = [
        Witness("controller's name", (c.legal_name,)),
        Witness(
            "controller's address", tuple(postal_parts(c.address.lines, c.address.country, ctx.language))
        ),
        Witness("controller's email", (c.email,)),
    ]
    if c.phone:
        found.append(Witness("controller's phone", (c.phone,)))
    return found


@witness("eu_representative")
def _representative(ctx: Context, w: Any) -> list[Witness]:
    rep = ctx.eu_representative
    assert rep is not None
    return [Witness("representative", (rep.name, rep.email, *rep.address.lines))]


@witness("dpo")
def _dpo(ctx: Context, w: Any) -> list[Witness]:
    assert ctx.dpo is not None
    return [Witness("DPO's contact", (ctx.dpo.email, *([ctx.dpo.phone] if ctx.dpo.phone else [])))]


@witness("purpose_bases")
def _purpose_bases(ctx: Context, w: Any) -> list[Witness]:
    return [
        Witness(f"purpose {p.id!r} and its basis", (p.description, _cite(ctx, w.BASIS[p.basis])))
        for p in ctx.purposes
    ]


@witness("special_conditions")
def _special_conditions(ctx: Context, w: Any) -> list[Witness]:
    return [
        Witness(
            f"Art. 9 condition of {p.id!r}",
            (p.description, _cite(ctx, w.ART9[p.special_condition])) if p.special_condition else None,
            "the profile names no Art. 9(2) condition",
        )
        for p in ctx.purposes
        if p.special
    ]


@witness("processor_role")
def _processor_role(ctx: Context, w: Any) -> list[Witness]:
    return [
        Witness(
            "our role for customers' data",
            (*(d.label for d in ctx.processor_data), _cite(ctx, w.PROCESSOR_ROLE)),
        )
    ]


@witness("data_requirements")
def _data_requirements(ctx: Context, w: Any) -> list[Witness]:
    return [
        Witness(f"whether {p.id!r} data is required", (p.description, _required(p, w))) for p in ctx.purposes
    ]


def _required(p: Any, w: Any) -> str:
    """What the purpose's item says of the requirement: the label of the data the person gives."""
    if p.given:
        return str(w.REQUIRED[p.requirement])
    if p.requirement in w.REQUIRED_ANYWAY:
        return str(w.REQUIRED_ANYWAY[p.requirement])
    return str(w.REQUIRED["automatic"] if p.automatic else w.RECEIVED)


@witness("indirect_categories")
def _indirect_categories(ctx: Context, w: Any) -> list[Witness]:
    return [Witness(f"category {d.id!r}", (d.label,)) for d in ctx.data if d.source == "third_party"]


@witness("sources")
def _sources(ctx: Context, w: Any) -> list[Witness]:
    return [
        Witness(f"source of {d.id!r}", (d.label, d.source_detail or ""))
        for d in ctx.data
        if d.source == "third_party"
    ]


@witness("interests")
def _interests(ctx: Context, w: Any) -> list[Witness]:
    return [
        _given(f"interest of {p.id!r}", p.legitimate_interest, "the profile states no interest")
        for p in ctx.legitimate_interests
    ]


@witness("recipients")
def _recipients(ctx: Context, w: Any) -> list[Witness]:
    found = [
        Witness(
            f"{v.name} and its role",
            (
                v.name,
                v.entity.name,
                _cite(ctx, w.ROLE[v.role]),  # said of the vendor, or once of its whole list
                *([v.purposes_of_its_own] if v.purposes_of_its_own else []),
                *([_shown(v.joint_arrangement_url)] if v.joint_arrangement_url else []),
            ),
        )
        for v in ctx.vendors
    ]
    for r in ctx.other_recipients:
        kind = w.RECIPIENT_KIND[r.kind]
        parts = (r.description, *([kind] if kind else [])) if r.description else (w.RECIPIENT[r.kind],)
        found.append(Witness(f"recipient {r.kind!r}", parts))
    return found


@witness("recipient_names")
def _recipient_names(ctx: Context, w: Any) -> list[Witness]:
    found = [Witness(f"recipient {v.name}", (v.name,)) for v in ctx.vendors]
    if not (ctx.vendors or ctx.other_recipients):
        return [Witness("that no one receives data", (w.NO_RECIPIENTS,))]
    return found + [
        Witness(f"recipient {r.kind!r}", (r.description or w.RECIPIENT[r.kind],))
        for r in ctx.other_recipients
    ]


@witness("transfers")
def _transfers(ctx: Context, w: Any) -> list[Witness]:
    found = []
    for t in ctx.transfers:
        who = t.recipient or capfirst(str(w.RECIPIENT_SHORT[t.kind]))
        for c in t.by_country:  # the policy has a line per country, naming its recipients
            country = country_name(c.country, ctx.language)
            found.append(
                Witness(
                    f"transfer by {who} to {country}",
                    (who, country, *(_cite(ctx, w.MECHANISM[m]) for m in c.mechanisms))
                    if c.mechanisms
                    else None,
                    "a country has no safeguard",
                )
            )
    if ctx.transfers:
        found.append(Witness("how to get a copy of the safeguards", (ctx.contact_email,)))
    return found


@witness("retention_periods")
def _retention(ctx: Context, w: Any) -> list[Witness]:
    found = []
    for i, r in enumerate(ctx.retention):
        parts = [plain(w.kept_for(r))] if r.period else []
        parts += [r.criteria] if r.criteria else []
        found.append(Witness(f"retention rule {i + 1}", tuple(parts)))
    return found


@witness("rights")
def _rights(ctx: Context, w: Any) -> list[Witness]:
    found = [
        Witness(f"right: {w.RIGHT[k]}", (w.RIGHT[k],))
        for k in ("access", "rectification", "erasure", "restriction", "portability", "object")
    ]
    found.append(Witness("how to exercise a right", (ctx.contact_email,)))
    if ctx.rights.request_url:
        found.append(Witness("request form", (_shown(ctx.rights.request_url),)))
    return found


@witness("post_mortem")
def _post_mortem(ctx: Context, w: Any) -> list[Witness]:
    return [Witness(f"right: {w.RIGHT['post_mortem']}", (w.RIGHT["post_mortem"],))]


@witness("withdrawal")
def _withdrawal(ctx: Context, w: Any) -> list[Witness]:
    found = [Witness(f"right: {w.RIGHT['withdraw']}", (w.RIGHT["withdraw"],))]
    cookie_route = ctx.cookie_settings.withdraw if ctx.cookie_settings and ctx.cookies_need_consent else None
    for p in ctx.purposes:
        if p.needs_consent:
            label = f"how to withdraw consent to {p.id!r}"
            parts = (p.description, p.withdraw) if p.withdraw else None
            if p.withdraw and p.withdraw == cookie_route:
                # The rights section sends the reader to "Managing cookies", which says it.
                parts = (p.description, w.SEE_MANAGING_COOKIES)
            found.append(Witness(label, parts, "" if parts else "the profile gives no way"))
    if any(g.needs_consent for g in ctx.cookies):
        withdraw = ctx.cookie_settings.withdraw if ctx.cookie_settings else None
        found.append(_given("how to withdraw consent to cookies", withdraw, "the profile gives no way"))
    return found


@witness("complaint")
def _complaint(ctx: Context, w: Any) -> list[Witness]:
    if ctx.authority:
        address = [ctx.authority.address] if ctx.authority.address else []
        return [Witness("supervisory authority", (ctx.authority.name, _shown(ctx.authority.url), *address))]
    return [Witness("where to complain", (w.COMPLAINT_WHERE_YOU_LIVE,))]


@witness("automated")
def _automated(ctx: Context, w: Any) -> list[Witness]:
    a = ctx.automated
    if a.used:
        return [
            Witness(
                "the decisions, their logic and consequences",
                (a.description or "", a.logic or "", a.consequences or ""),
            )
        ]
    return [Witness("no automated decisions", (w.NO_AUTOMATED,))]


@witness("cookie_list")
def _cookie_list(ctx: Context, w: Any) -> list[Witness]:
    found = []
    for g in ctx.cookies:
        for c in g.cookies:
            if c.name:
                provider = c.provider or ctx.controller.name
                found.append(
                    Witness(
                        f"cookie {c.name}",
                        (cookie_name(c.name), provider, plain(w.cookie_duration(c.duration))),
                    )
                )
            else:
                found.append(Witness(f"{g.group} cookies", (c.purpose or "",)))
    return found


@witness("cookie_choices")
def _cookie_choices(ctx: Context, w: Any) -> list[Witness]:
    settings = ctx.cookie_settings
    tool = bool(settings and settings.consent_tool)
    return [
        Witness(
            "how to accept or refuse", (w.CONSENT_TOOL,) if tool else None, "the profile has no consent tool"
        ),
        _given("how to withdraw", settings.withdraw if settings else None, "the profile gives no way"),
    ]


@witness("measurement_objection")
def _measurement_objection(ctx: Context, w: Any) -> list[Witness]:
    settings = ctx.cookie_settings
    return [
        _given(
            "how to object to audience measurement",
            settings.objection if settings else None,
            "the profile gives no way (cookie_settings.objection)",
        )
    ]


@witness("data_categories")
def _data_categories(ctx: Context, w: Any) -> list[Witness]:
    return [Witness(f"category {d.id!r}", (d.label,)) for d in ctx.data]


@witness("review_process")
def _review(ctx: Context, w: Any) -> list[Witness]:
    text = ctx.california.change_request if ctx.california else None
    return [
        _given(
            "how to review and change your information",
            text,
            "the profile gives none (california.change_request)",
        )
    ]


@witness("change_notice")
def _changes(ctx: Context, w: Any) -> list[Witness]:
    return [Witness(f"notice by {n}", (w.NOTIFY[n],)) for n in ctx.changes.notify_by]


@witness("effective_date")
def _effective(ctx: Context, w: Any) -> list[Witness]:
    return [Witness("effective date", (long_date(ctx.dates.effective, ctx.language),))]


@witness("do_not_track")
def _dnt(ctx: Context, w: Any) -> list[Witness]:
    assert ctx.california is not None
    return [Witness("response to Do Not Track", (w.DNT[ctx.california.do_not_track],))]


@witness("third_party_tracking")
def _tracking(ctx: Context, w: Any) -> list[Witness]:
    assert ctx.california is not None
    return [
        Witness(
            "tracking by other parties", (w.TRACKING["yes" if ctx.california.third_party_tracking else "no"],)
        )
    ]


@witness("children")
def _children(ctx: Context, w: Any) -> list[Witness]:
    if ctx.children is None:
        return [Witness("the children statement", None, "the profile gives no children.minimum_age")]
    return [
        Witness(
            "minimum age and how a parent has data deleted",
            (str(ctx.children.minimum_age), ctx.contact_email),
        )
    ]
