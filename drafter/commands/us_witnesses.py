"""Witnesses of the US requirements: the CCPA notice (11 CCR § 7011(e)) and the states'.

Registered into :data:`drafter.commands.witnesses.WITNESSES` like the others: each names
the texts that must appear together in one block (a table row, a list item, a paragraph)
of the section that carries the requirement.
"""

from __future__ import annotations

from typing import Any

from drafter.commands.witnesses import Witness, _given, _shown, witness
from drafter.render.context import Context
from drafter.render.filters import long_date
from drafter.render.us_context import RecipientText
from drafter.render.words import plain, us_words


def _u(ctx: Context) -> Any:
    return us_words(ctx.language)


def _recipient(u: Any, r: RecipientText) -> str:
    return plain(u.recipient(r))


@witness("ccpa_categories")
def _categories(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    return [
        Witness(f"category {r.category!r} and what it holds", (u.CATEGORY[r.category], *r.examples))
        for r in ctx.us.rows
    ]


@witness("ccpa_sources")
def _sources(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    return [
        Witness(
            f"sources of {r.category!r}",
            (
                u.CATEGORY[r.category],
                *(u.SOURCE[s.source] for s in r.sources),
                *(s.detail for s in r.sources if s.detail),
            ),
        )
        for r in ctx.us.rows
    ]


@witness("ccpa_purposes")
def _purposes(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    return [
        Witness(f"purposes of {r.category!r}", (u.CATEGORY[r.category], *r.purposes)) for r in ctx.us.rows
    ]


@witness("ccpa_disclosed")
def _disclosed(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    found = [
        Witness(
            f"recipients of {r.category!r} for a business purpose",
            (u.CATEGORY[r.category], *(_recipient(u, x) for x in r.business_to)),
        )
        for r in ctx.us.rows
    ]
    if ctx.us.contingent:
        found.append(
            Witness(
                "who may receive data if an event happens",
                tuple(x.name or u.CONTINGENT[x.kind] for x in ctx.us.contingent),
            )
        )
    return found


@witness("ccpa_sold_shared")
def _sold_shared(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    us = ctx.us
    if not (us.sells or us.shares):
        return [Witness("that we neither sell nor share", (u.NO_SALE,))]
    found = [
        Witness(
            f"who buys or shares {r.category!r}",
            (u.CATEGORY[r.category], *(_recipient(u, x) for x in r.sold_to + r.shared_to)),
        )
        for r in us.rows
        if r.sold_to or r.shared_to
    ]
    link = us.do_not_sell_link or us.choices_link
    found.append(
        _given(
            "the opt-out link",
            _shown(link) if link else None,
            "the profile gives no opt-out link (ccpa.links)",
        )
    )
    return found


@witness("ccpa_minors")
def _minors(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    us = ctx.us
    if not (us.sells or us.shares):
        return [Witness("consumers under 16", (u.MINORS["none"],))]
    found = [
        _given(
            "consumers under 16",
            u.MINORS[us.minors] if us.minors else None,
            "the profile does not say (ccpa.minors)",
        )
    ]
    if us.minors == "opt_in":
        found.append(
            _given("how they opt in", us.minors_process, "the profile does not say (ccpa.minors_process)")
        )
    return found


@witness("ccpa_sensitive")
def _sensitive(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    us = ctx.us
    use = (
        u.BEYOND if us.right_to_limit else u.PERMITTED_ONLY if us.sensitive_use == "permitted_only" else None
    )
    return [
        Witness(
            "the sensitive information and its use",
            (*(s.label for s in us.sensitive), use) if use else None,
            "the profile does not say how it is used (ccpa.sensitive_use)",
        )
    ]


def _right(ctx: Context, key: str, *more: str) -> Witness:
    return Witness(f"right: {key}", (_u(ctx).CCPA_RIGHT[key], *more))


@witness("ccpa_right_know")
def _know(ctx: Context, w: Any) -> list[Witness]:
    return [_right(ctx, "know")]


@witness("ccpa_right_delete")
def _delete(ctx: Context, w: Any) -> list[Witness]:
    return [_right(ctx, "delete")]


@witness("ccpa_right_correct")
def _correct(ctx: Context, w: Any) -> list[Witness]:
    return [_right(ctx, "correct")]


@witness("ccpa_right_opt_out")
def _opt_out(ctx: Context, w: Any) -> list[Witness]:
    us = ctx.us
    if not (us.sells or us.shares):
        return [_right(ctx, "opt_out", _u(ctx).NO_SALE)]
    link = us.do_not_sell_link or us.choices_link
    if link is None:
        return [
            Witness("right: opt_out, with its link", None, "the profile gives no opt-out link (ccpa.links)")
        ]
    return [_right(ctx, "opt_out", _shown(link))]


@witness("ccpa_right_limit")
def _limit(ctx: Context, w: Any) -> list[Witness]:
    link = ctx.us.limit_link or ctx.us.choices_link
    if link is None:
        return [
            Witness(
                "right: limit, with its link", None, "the profile gives no link (ccpa.links.limit_sensitive)"
            )
        ]
    return [_right(ctx, "limit", _shown(link))]


@witness("ccpa_non_discrimination")
def _non_discrimination(ctx: Context, w: Any) -> list[Witness]:
    return [_right(ctx, "non_discrimination", _u(ctx).NON_DISCRIMINATION)]


@witness("ccpa_methods")
def _methods(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    us = ctx.us
    found = [
        Witness(
            f"request by {m.kind}",
            (u.METHOD[m.kind], _shown(str(m.value)) if m.kind == "web_form" else str(m.value)),
        )
        for m in us.methods
    ]
    found.append(Witness("the answer time", (str(us.response_days), str(us.extension_days), u.ANSWER_TIME)))
    return found


@witness("ccpa_verification")
def _verification(ctx: Context, w: Any) -> list[Witness]:
    return [
        _given(
            "how requests are verified",
            ctx.us.verification,
            "the profile does not say (ccpa.requests.verification)",
        )
    ]


@witness("ccpa_agents")
def _agents(ctx: Context, w: Any) -> list[Witness]:
    return [_given("requests by an agent", ctx.us.agents, "the profile does not say (ccpa.requests.agents)")]


@witness("ccpa_signals")
def _signals(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    us = ctx.us
    if us.opt_out_signals:
        return [
            Witness(
                "opt-out preference signals", (u.SIGNALS, *([us.signals_detail] if us.signals_detail else []))
            )
        ]
    if us.sells or us.shares:
        return [
            Witness(
                "opt-out preference signals", None, "the profile does not honour them (ccpa.opt_out_signals)"
            )
        ]
    return [Witness("opt-out preference signals", (u.NO_SIGNALS_NEEDED,))]


@witness("ccpa_retention")
def _retention(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    found = []
    for r in ctx.us.rows:
        parts = [u.CATEGORY[r.category]]
        for k in r.retention:
            parts += [plain(w.kept_for(k.rule))] if k.rule.period else []
            parts += [k.rule.criteria] if k.rule.criteria else []
        found.append(Witness(f"retention of {r.category!r}", tuple(parts)))
    return found


@witness("ccpa_incentive")
def _incentive(ctx: Context, w: Any) -> list[Witness]:
    i = ctx.us.incentive
    assert i is not None
    return [Witness("the financial incentive", (i.summary, i.opt_in, i.withdraw, i.value))]


@witness("ccpa_updated")
def _updated(ctx: Context, w: Any) -> list[Witness]:
    return [
        Witness(
            "last updated, reviewed yearly", (_u(ctx).REVIEW, long_date(ctx.dates.last_updated, ctx.language))
        )
    ]


@witness("ccpa_contact")
def _contact(ctx: Context, w: Any) -> list[Witness]:
    return [Witness("contact for questions", (ctx.contact_email,))]


@witness("state_rights")
def _state_rights(ctx: Context, w: Any) -> list[Witness]:
    u = _u(ctx)
    found = []
    for s in ctx.us.states:
        found.append(Witness(f"{s.code}: its law", (s.name, s.law)))
        found += [Witness(f"{s.code}: {r}", (u.STATE_RIGHT[r],)) for r in s.rights]
    return found


@witness("state_appeal")
def _state_appeal(ctx: Context, w: Any) -> list[Witness]:
    found = []
    for s in ctx.us.states:
        if s.appeal_days:
            found.append(
                Witness(f"{s.code}: appeal", (str(s.appeal_days), ctx.us.appeal or ctx.contact_email))
            )
            found.append(Witness(f"{s.code}: where to complain", (s.regulator, _shown(s.regulator_url))))
    return found


@witness("state_sensitive")
def _state_sensitive(ctx: Context, w: Any) -> list[Witness]:
    us = ctx.us
    return [Witness("sensitive data", (*us.state_sensitive, *us.opt_in_states, *us.opt_out_states))]


@witness("state_notices")
def _state_notices(ctx: Context, w: Any) -> list[Witness]:
    return [Witness(f"notice: {n.reference}", (n.text,)) for n in ctx.us.notices]
