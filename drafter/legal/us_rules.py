"""Rules of US law: the facts the CCPA notice and the other states' sections need.

Each rule protects one item of 11 CCR § 7011(e) (or one state duty); a profile that
lacks the fact is refused at that fact's place, so the policy never says less than the
law asks, nor something the profile does not back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from drafter.legal.facts import Facts
from drafter.legal.rules import Hit, rule
from drafter.model.us import CCPA_CATEGORIES

CATEGORY_LIST = ", ".join(CCPA_CATEGORIES)


def _ccpa(f: Facts) -> bool:
    return f.laws.ccpa and f.profile.ccpa is not None


@rule("ccpa-section", "error", "input", "add a 'ccpa' section (see docs/us.md), or set regimes.ccpa: false")
def ccpa_section(f: Facts, today: dt.date) -> Iterator[Hit]:
    """The CCPA notice is worded from the profile's ``ccpa`` facts; without them it cannot be."""
    if f.laws.ccpa and f.profile.ccpa is None:
        yield Hit(
            ("regimes", "ccpa"), "a CCPA policy needs the 'ccpa' section: why it applies, requests, opt-outs"
        )
    if f.profile.ccpa is not None and not f.laws.ccpa:
        yield Hit(
            ("ccpa",),
            "unused: the CCPA notice appears only with regimes.ccpa: true",
            "remove it, or set regimes.ccpa: true",
        )


@rule("ccpa-category", "error", "input")
def ccpa_category(f: Facts, today: dt.date) -> Iterator[Hit]:
    """11 CCR § 7011(e)(1)(A): each category collected is named by its statutory category."""
    if not f.laws.ccpa:
        return
    for i, d in enumerate(f.profile.data):
        if d.id in f.us.unclassified:
            yield Hit(
                ("data", i, "ccpa"),
                f"give its CCPA category ({CATEGORY_LIST}), or a 'kind' that makes it clear",
            )


@rule("ccpa-requests", "error", "law")
def ccpa_requests(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Civ. Code § 1798.130(a)(1); 11 CCR § 7011(e)(3): two or more ways to make a request,
    one a toll-free number (an e-mail address is enough for an online-only business with a
    direct relationship); how requests are verified and how an agent makes one."""
    if not _ccpa(f):
        return
    c = f.profile.ccpa
    assert c is not None
    kinds = [m.kind for m in c.requests.methods]
    loc = ("ccpa", "requests", "methods")
    if c.requests.online_only:
        if "email" not in kinds:
            yield Hit(loc, "an online-only business offers at least an e-mail address for requests")
    elif len(set(kinds)) < 2 or "toll_free" not in kinds:
        yield Hit(
            loc,
            "give two or more ways to make a request, one of them a toll-free number "
            "(or set online_only: true if you operate only online with a direct relationship)",
        )
    if c.requests.verification is None:
        yield Hit(("ccpa", "requests", "verification"), "say how you verify a request (11 CCR § 7060)")
    if c.requests.agents is None:
        yield Hit(
            ("ccpa", "requests", "agents"), "say how an authorised agent makes a request (11 CCR § 7063)"
        )


@rule("ccpa-opt-outs", "error", "law")
def ccpa_opt_outs(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Civ. Code § 1798.135; 11 CCR § 7025, § 7027: selling or sharing needs the "Do Not Sell
    or Share" link (or "Your Privacy Choices") and honours opt-out preference signals;
    sensitive information used beyond § 7027(m) needs the "Limit" link; the use is declared;
    and the policy says whether it sells or shares the data of consumers under 16."""
    if not _ccpa(f):
        return
    c = f.profile.ccpa
    assert c is not None
    us = f.us
    if us.sells_or_shares and not (c.links.do_not_sell_or_share or c.links.privacy_choices):
        yield Hit(
            ("ccpa", "links", "do_not_sell_or_share"),
            "you sell or share personal information: give the 'Do Not Sell or Share My Personal "
            "Information' link, or one 'Your Privacy Choices' link",
        )
    if us.sells_or_shares and not c.opt_out_signals:
        yield Hit(
            ("ccpa", "opt_out_signals"),
            "a business that sells or shares must treat opt-out preference signals such as Global "
            "Privacy Control as an opt-out (11 CCR § 7025(b))",
        )
    if us.sensitive and c.sensitive_use is None:
        where = next(i for i, d in enumerate(f.profile.data) if d.id in us.sensitive)
        yield Hit(
            ("ccpa", "sensitive_use"),
            f"data[{where}] is sensitive personal information: say whether you use it only for the "
            "purposes of 11 CCR § 7027(m) (permitted_only) or beyond them (beyond)",
        )
    if us.right_to_limit and not (c.links.limit_sensitive or c.links.privacy_choices):
        yield Hit(
            ("ccpa", "links", "limit_sensitive"),
            "sensitive information used beyond § 7027(m): give the 'Limit the Use of My Sensitive "
            "Personal Information' link, or one 'Your Privacy Choices' link",
        )
    if us.sells_or_shares and c.minors is None:
        yield Hit(
            ("ccpa", "minors"),
            "say whether you sell or share the data of consumers you know are under 16 "
            "(none, or opt_in: only with their opt-in, a parent's under 13)",
        )
    if us.sells_or_shares and c.minors == "opt_in" and c.minors_process is None:
        yield Hit(
            ("ccpa", "minors_process"), "say how a consumer aged 13 to 15 opts in (11 CCR § 7070, § 7071)"
        )
    if c.opt_out_signals and c.signals_detail is None:
        yield Hit(
            ("ccpa", "signals_detail"),
            "say how a signal is applied: to the browser or device that sends it, to the account "
            "(11 CCR § 7025(c))",
        )
    sold = [
        r for r in us.recipients if r.disclosure != "business_purpose" and set(r.data) & set(us.sensitive)
    ]
    if sold and c.sensitive_use == "permitted_only":
        yield Hit(
            ("ccpa", "sensitive_use"),
            f"sensitive information goes to {sold[0].vendor_name or sold[0].kind} in a sale or a sharing, "
            "which is beyond the purposes of 11 CCR § 7027(m): set sensitive_use: beyond",
        )
    if c.opt_out_signals is False and c.signals_detail is not None:
        yield Hit(("ccpa", "signals_detail"), "unused: the profile says opt-out signals are not honoured")
    if c.financial_incentive is not None:
        known = {d.id for d in f.profile.data}
        for j, d in enumerate(c.financial_incentive.data):
            if d not in known:
                yield Hit(("ccpa", "financial_incentive", "data", j), f"unknown data category {d!r}")


@rule("us-disclosures-agree", "error", "law")
def disclosures_agree(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Civ. Code § 1798.140(ad), (ah): the policy's statement on selling and sharing agrees
    with its recipients. An ad network that receives data for cross-context behavioural
    advertising means the data is shared; "we do not sell or share" would be false."""
    if not (f.laws.ccpa or f.laws.us_states):
        return
    p = f.profile
    sharing = [r for r in f.us.recipients if r.disclosure == "sharing"]
    sale = [r for r in f.us.recipients if r.disclosure == "sale"]
    for r in sharing if not p.selling.shares_for_advertising else []:
        yield Hit(
            r.location,
            f"{r.vendor_name or r.kind} receives data for cross-context behavioural advertising, a "
            "sharing under the CCPA: set selling.shares_for_advertising: true (or ccpa_disclosure, "
            "if it is a service provider)",
        )
    for r in sale if not p.selling.sells else []:
        yield Hit(r.location, f"{r.vendor_name or r.kind} is marked as a sale: set selling.sells: true")
    if p.selling.shares_for_advertising and not sharing:
        yield Hit(
            ("selling", "shares_for_advertising"),
            "name the advertising partners you share with (processors or cookies of an advertising "
            "vendor, or ccpa_disclosure: sharing on the recipient)",
        )
    if p.selling.sells and not sale:
        yield Hit(("selling", "sells"), "mark the recipients you sell to (ccpa_disclosure: sale)")


@rule("us-states-known", "error", "input")
def states_known(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Each state named has its law in drafter's law data (drafter/data/us_law.yaml)."""
    states = f.profile.us_states
    if states is None or states.states == "all":
        return
    for i, code in enumerate(states.states):
        if code in f.us.unknown_states:
            yield Hit(("us_states", "states", i), f"drafter has no law data for {code!r}")


@rule("us-state-duties", "error", "law")
def state_duties(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Duties a state's law sets in its data: no sale of some sensitive data (Texas:
    biometric identifiers); a number of ways to make a request (Texas: two)."""
    sold = {
        f.us.sensitive[d]
        for r in f.us.recipients
        if r.disclosure == "sale"
        for d in r.data
        if d in f.us.sensitive
    }
    for code, state in f.us.states:
        for kind in sorted(sold & set(state.no_sale)):
            yield Hit(("selling", "sells"), f"{code} law forbids selling {kind} data; do not sell it")
        c = f.profile.ccpa
        methods = {m.kind for m in c.requests.methods} if c else {"email"}
        if len(methods) < state.request_methods and not (f.laws.ccpa and c is None):
            yield Hit(
                ("ccpa", "requests", "methods") if c else ("us_states", "states"),
                f"{code} law wants {state.request_methods} or more ways to make a request "
                "(e.g. e-mail and a web form)",
            )


@rule("us-sensitive-consent", "error", "law")
def sensitive_consent(f: Facts, today: dt.date) -> Iterator[Hit]:
    """E.g. Va. Code Ann. § 59.1-578(A)(5): in most states sensitive data is processed only
    with the consumer's consent, which can be withdrawn; the policy says how."""
    for x in f.purposes:
        used = {f.us.sensitive[d] for d in x.data if d in f.us.sensitive}
        opt_in = [
            code for code, s in f.us.states if s.sensitive_data == "opt_in" and used & set(s.sensitive_kinds)
        ]
        if opt_in and not x.needs_consent:
            yield Hit(
                ("purposes", x.index, "legal_basis"),
                f"it uses sensitive data, which {', '.join(opt_in)} allow only with consent: "
                "set legal_basis: consent (and say how to withdraw it)",
            )


@rule(
    "us-precise-location", "warning", "input", "set us_sensitive: precise_geolocation, or ccpa: [geolocation]"
)
def precise_location(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Civ. Code § 1798.140(ae)(1)(C): precise geolocation (within 1,850 feet) is sensitive."""
    if not (f.laws.ccpa or f.laws.us_states):
        return
    for i, d in enumerate(f.profile.data):
        if d.kind == "location" and d.us_sensitive is None and not d.ccpa:
            yield Hit(("data", i, "kind"), "location data: say whether it is precise (sensitive) or not")
