"""The US part of the template context: the CCPA notice and the other states' section.

Like :mod:`drafter.render.context`, it decides nothing: it picks the texts of
:class:`~drafter.legal.us.UsFacts` in one language.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from drafter.legal.facts import Facts
from drafter.legal.us import UsFacts
from drafter.model.types import LocalText
from drafter.model.us_law import STATE_RIGHTS, StateLaw
from drafter.render.markdown import Markdown, autolink_url

if TYPE_CHECKING:
    from drafter.render.context import RetentionText


@dataclass(frozen=True)
class RecipientText:
    name: str | None  # a vendor's name, or an other recipient's description
    kind: str | None  # an other recipient's kind, worded by the template when it has no name


@dataclass(frozen=True)
class SourceText:
    source: str  # you | automatic | third_party
    detail: str | None


@dataclass(frozen=True)
class RowRetention:
    data: list[str]  # the labels of the row's data this rule covers
    rule: RetentionText


@dataclass(frozen=True)
class RowText:
    """One CCPA category, as the table shows it."""

    category: str
    examples: list[str]  # the labels of our data in it
    sources: list[SourceText]
    purposes: list[str]
    business_to: list[RecipientText]
    sold_to: list[RecipientText]
    shared_to: list[RecipientText]
    retention: list[RowRetention]


@dataclass(frozen=True)
class SensitiveText:
    label: str
    kind: str


@dataclass(frozen=True)
class MethodText:
    kind: str
    value: str | Markdown


@dataclass(frozen=True)
class IncentiveText:
    summary: str
    data: list[str]
    opt_in: str
    withdraw: str
    value: str


@dataclass(frozen=True)
class StateText:
    code: str
    name: str
    law: str
    citation: str
    rights: list[str]
    response_days: int
    extension_days: int
    appeal_days: int | None
    regulator: str
    regulator_url: Markdown
    sensitive_data: str


@dataclass(frozen=True)
class NoticeText:
    state: str
    text: str  # the statute's words
    translation: str  # what they say, in the policy's language
    reference: str


@dataclass(frozen=True)
class UsText:
    ccpa: bool
    rows: list[RowText]
    sells: bool
    shares: bool
    sold_or_shared: list[str]  # the categories sold or shared
    sharing_vendors: list[str]  # names of the vendors we sell or share to
    contingent: list[RecipientText]  # who may receive data if an event happens
    sensitive: list[SensitiveText]
    state_sensitive: list[str]  # labels of the data sensitive under the other states' laws
    sensitive_use: str | None
    right_to_limit: bool
    do_not_sell_link: Markdown | None
    limit_link: Markdown | None
    choices_link: Markdown | None
    opt_out_signals: bool
    signals_detail: str | None
    methods: list[MethodText]
    online_only: bool
    verification: str | None
    agents: str | None
    minors: str | None
    minors_process: str | None
    children_allowed: bool  # the service does not exclude children under 13
    minor_age: int
    parent_age: int
    incentive: IncentiveText | None
    response_days: int
    extension_days: int
    confirm_days: int
    states: list[StateText]
    rights: list[tuple[str, list[str]]]  # each right some state grants, with the states that do not
    opt_in_states: list[str]  # names of the states that want consent for sensitive data
    opt_out_states: list[str]
    appeal: str | None
    notices: list[NoticeText]


Text = Callable[[LocalText], str]


def build_us_context(
    facts: Facts,
    t: Text,
    lang: str,
    labels: Callable[[Sequence[str]], list[str]],
    described: dict[str, str],
    retention: Sequence[RetentionText],
    address: str,
) -> UsText:
    us = facts.us
    p = facts.profile
    c = p.ccpa

    def recipients(keys: Sequence[str]) -> list[RecipientText]:
        found = []
        for key in keys:
            r = us.recipient(key)
            if r.vendor_name:
                found.append(RecipientText(r.vendor_name, None))
            else:
                index = int(key.split("[")[1].rstrip("]"))
                other = p.other_recipients[index]
                found.append(RecipientText(t(other.description) if other.description else None, other.kind))
        return list(dict.fromkeys(found))

    rows = []
    for row in us.categories:
        rows.append(
            RowText(
                row.category,
                labels(row.data),
                [SourceText(s, None) for s in row.sources if s != "third_party"]
                + [
                    SourceText("third_party", t(d.source_detail) if d.source_detail else None)
                    for d in (facts.data[i] for i in row.data)
                    if d.source == "third_party"
                ],
                [described[x] for x in row.purposes],
                recipients(row.business_purpose_to),
                recipients(row.sold_to),
                recipients(row.shared_to),
                [
                    RowRetention(labels([d for d in facts.retention[i].data if d in row.data]), retention[i])
                    for i in row.retention
                ],
            )
        )
    links = c.links if c else None
    methods = []
    for m in c.requests.methods if c else []:
        if m.kind == "email":
            methods.append(MethodText("email", t(m.value) if m.value else facts.contact_email))
        elif m.kind == "postal":
            methods.append(MethodText("postal", t(m.value) if m.value else address))
        elif m.kind == "web_form":
            methods.append(MethodText("web_form", autolink_url(t(m.value)) if m.value else ""))
        else:
            methods.append(MethodText(m.kind, t(m.value) if m.value else ""))
    incentive = c.financial_incentive if c else None
    states = [
        StateText(
            code,
            s.name[lang],
            s.law[lang],
            s.citation,
            list(s.rights),
            s.response_days,
            s.extension_days,
            s.appeal_days,
            s.regulator.name[lang],
            autolink_url(str(s.regulator.url)),
            s.sensitive_data,
        )
        for code, s in us.states
    ]
    state_names = {s.code: s.name for s in states}
    return UsText(
        ccpa=us.ccpa,
        rows=rows,
        sells=us.sells,
        shares=us.shares,
        sold_or_shared=[r.category for r in us.categories if r.sold_to or r.shared_to],
        contingent=recipients([r.key for r in us.recipients if r.contingent]),
        sharing_vendors=[
            r.vendor_name for r in us.recipients if r.vendor_name and r.disclosure != "business_purpose"
        ],
        sensitive=[SensitiveText(labels([d])[0], k) for d, k in us.sensitive.items()],
        state_sensitive=labels(us.state_sensitive),
        sensitive_use=c.sensitive_use if c else None,
        right_to_limit=us.right_to_limit,
        do_not_sell_link=autolink_url(str(links.do_not_sell_or_share))
        if links and links.do_not_sell_or_share
        else None,
        limit_link=autolink_url(str(links.limit_sensitive)) if links and links.limit_sensitive else None,
        choices_link=autolink_url(str(links.privacy_choices)) if links and links.privacy_choices else None,
        opt_out_signals=bool(c and c.opt_out_signals),
        signals_detail=t(c.signals_detail) if c and c.signals_detail else None,
        methods=methods,
        online_only=bool(c and c.requests.online_only),
        verification=t(c.requests.verification) if c and c.requests.verification else None,
        agents=t(c.requests.agents) if c and c.requests.agents else None,
        minors=c.minors if c else None,
        minors_process=t(c.minors_process) if c and c.minors_process else None,
        children_allowed=p.children is None or p.children.minimum_age < 13,
        minor_age=us.minor_age,
        parent_age=us.parent_age,
        incentive=IncentiveText(
            t(incentive.summary),
            labels(incentive.data),
            t(incentive.opt_in),
            t(incentive.withdraw),
            t(incentive.value),
        )
        if incentive
        else None,
        response_days=us.response_days,
        extension_days=us.extension_days,
        confirm_days=us.confirm_business_days,
        states=states,
        rights=[
            (right, [s.name for s in states if right not in s.rights])
            for right in STATE_RIGHTS
            if any(right in s.rights for s in states)
        ],
        opt_in_states=[s.name[lang] for _, s in us.states if s.sensitive_data == "opt_in" and _covers(s, us)],
        opt_out_states=[
            s.name[lang] for _, s in us.states if s.sensitive_data == "opt_out" and _covers(s, us)
        ],
        appeal=t(p.us_states.appeal) if p.us_states and p.us_states.appeal else None,
        notices=[
            NoticeText(state_names[code], n.text, n.translation[lang], n.reference) for code, n in us.notices
        ],
    )


def _covers(state: StateLaw, us: UsFacts) -> bool:
    """Whether some of our data is sensitive under this state's law."""
    return any(us.sensitive[d] in state.sensitive_kinds for d in us.state_sensitive)
