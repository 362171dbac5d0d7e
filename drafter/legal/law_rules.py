"""Rules of stages ``law`` and ``review``: contradictions a privacy lawyer would catch.

Each rule protects one statement of the policy, or one duty of the law; its docstring
says which. Errors are refused by ``validate`` and ``render``; ``check`` reports all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from drafter.legal.facts import Facts
from drafter.legal.rules import Hit, rule

STALE_DAYS = 365  # catalog facts and CCPA policies: reviewed at least every 12 months
CNIL_COOKIE_MONTHS = 13
CNIL_DATA_MONTHS = 25


@rule("legitimate-interest-stated", "error", "law")
def legitimate_interest_stated(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 13(1)(d): a purpose based on legitimate interests states the interest."""
    for x in f.purposes:
        if x.basis == "legitimate_interests" and x.purpose.legitimate_interest is None:
            yield Hit(
                ("purposes", x.index, "legitimate_interest"),
                "a legitimate-interest purpose must state the interest",
            )


@rule("consent-withdrawal", "error", "law")
def consent_withdrawal(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 7(3), 13(2)(c): consent can be withdrawn, and the policy says how."""
    for x in f.purposes:
        if x.needs_consent and x.purpose.withdraw is None:
            yield Hit(
                ("purposes", x.index, "withdraw"), "a consent-based purpose needs a way to withdraw consent"
            )
    settings = f.profile.cookie_settings
    if f.consent_cookies and not (settings and settings.withdraw):
        first = next(c for c in f.cookies if c.needs_consent)
        which = f"the cookies of {first.vendor.name} need consent" if first.vendor else "cookies need consent"
        yield Hit(
            ("cookie_settings", "withdraw"), f"{which}; say how to withdraw it in 'cookie_settings.withdraw'"
        )


@rule(
    "consent-tool",
    "error",
    "law",
    "ask for consent before setting them (a banner or settings panel), then set consent_tool: true",
)
def consent_tool(f: Facts, today: dt.date) -> Iterator[Hit]:
    """ePrivacy Art. 5(3): cookies that need consent are set only once it is given. The
    policy says so ("we set them only if you agree"), which is true only with a way to agree."""
    settings = f.profile.cookie_settings
    if f.consent_cookies and not (settings and settings.consent_tool):
        first = next(c for c in f.cookies if c.needs_consent)
        which = f"the cookies of {first.vendor.name}" if first.vendor else "some cookies"
        yield Hit(
            ("cookie_settings", "consent_tool"),
            f"{which} need consent, but no consent tool is declared: the policy would say they are "
            "set only with consent that is never asked for",
        )


@rule("opt-out-route", "error", "law")
def opt_out_route(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 21(2)-(3) GDPR, CCPA § 1798.120: marketing and selling or sharing come with a
    way to say no, which the policy states."""
    p = f.profile
    for x in f.purposes:
        if x.purpose.kind == "marketing" and x.basis == "legitimate_interests" and x.purpose.opt_out is None:
            yield Hit(
                ("purposes", x.index, "opt_out"), "marketing based on legitimate interest needs an opt-out"
            )
    if (p.selling.sells or p.selling.shares_for_advertising) and p.selling.opt_out is None:
        yield Hit(("selling", "opt_out"), "selling or sharing personal information needs an opt-out route")
    if p.marketing is not None and p.marketing.email and p.marketing.opt_out is None:
        yield Hit(("marketing", "opt_out"), "marketing e-mails need an opt-out route")


@rule("eu-representative", "error", "law")
def eu_representative(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 27: a GDPR controller outside the Union names its representative there; one
    established in the EEA has none."""
    p = f.profile
    if f.eu_representative_needed and p.eu_representative is None and not p.eu_representative_exempt:
        yield Hit(
            ("eu_representative",),
            "a GDPR controller outside the EEA needs an EU representative (Art. 27), "
            "or eu_representative_exempt: true if Art. 27(2) applies",
        )
    if p.eu_representative is not None and f.controller_in_eea:
        yield Hit(("eu_representative",), "a controller established in the EEA has no EU representative")


@rule("authority-known", "error", "law")
def authority_known(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 13(2)(d): the policy names the authority that hears complaints."""
    if f.authority_needed and f.authority is None:
        yield Hit(
            ("controller", "address", "country"),
            f"drafter has no supervisory-authority data for {f.country}; "
            "add 'supervisory_authority: {name: ..., url: ...}'",
        )


@rule("us-sections", "error", "law")
def us_sections(f: Facts, today: dt.date) -> Iterator[Hit]:
    """CalOPPA § 22575(b) and COPPA 16 CFR § 312.4: the facts their statements need."""
    p = f.profile
    if f.laws.caloppa and p.california is None:
        yield Hit(
            ("regimes", "caloppa"), "a CalOPPA policy needs a 'california' section (Do Not Track, tracking)"
        )
    elif f.laws.caloppa and p.california is not None and p.california.change_request is None:
        yield Hit(
            ("california", "change_request"),
            "CalOPPA (§ 22575(b)(2)) wants the process to review and ask for changes to one's information",
            "say how, e.g. 'Edit your profile in the app settings, or write to us.'",
        )
    if f.laws.coppa and p.children is None:
        yield Hit(("regimes", "coppa"), "a COPPA statement needs 'children.minimum_age'")


@rule("transfer-safeguard", "error", "law")
def transfer_safeguard(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 44-49: every transfer outside the EEA has an adequacy decision or a safeguard."""
    for r in f.recipients:
        for country in r.transfer.uncovered if r.transfer else []:
            yield Hit(
                ("processors", r.location[1], "vendor") if r.use else r.location,
                f"{r.vendor.name} processes data in {country}, which has no adequacy decision, "
                "and no transfer safeguard is known; set override.transfer_mechanism "
                "(scc, bcr or derogation)",
            )
    for o in f.other_recipients:
        for country in o.transfer.uncovered if o.transfer else []:
            yield Hit(
                (*o.location, "transfer_mechanism"),
                f"data goes to {country}, which has no adequacy decision; "
                "name the safeguard (scc, bcr or derogation)",
            )


@rule("cookie-not-necessary", "error", "law", "use group 'analytics' or 'marketing', which need consent")
def cookie_not_necessary(f: Facts, today: dt.date) -> Iterator[Hit]:
    """ePrivacy Art. 5(3): measuring or advertising is never strictly necessary."""
    from drafter.legal.decisions import tracks

    for i, cookie in enumerate(f.profile.cookies):
        vendor = f.vendors.get(cookie.vendor or "")
        if cookie.group == "strictly_necessary" and vendor is not None and tracks(vendor.category):
            yield Hit(
                ("cookies", i, "group"),
                f"cookies of {vendor.name} measure or advertise; they are not strictly necessary",
            )


@rule("cnil-exempt-analytics", "error", "law")
def cnil_exempt_analytics(f: Facts, today: dt.date) -> Iterator[Hit]:
    """CNIL: audience measurement is exempt from consent only if its cookies last at most
    13 months and its provider does not use the data for itself."""
    reported: set[object] = set()
    for c in f.cookies:
        if not c.exempt_measurement:
            continue
        i = c.location[1]
        if c.duration is not None and c.duration.approx_months > CNIL_COOKIE_MONTHS + 0.01:
            declared = f.profile.cookies[int(i)]
            where = ("cookies", i, "duration") if declared.duration is not None else ("cookies", i)
            key = (where, "duration")
            if key not in reported:
                reported.add(key)
                yield Hit(
                    where,
                    f"consent-exempt audience measurement lasts {c.duration}"
                    f"{f' ({c.name})' if c.name and declared.duration is None else ''}; "
                    "the CNIL allows 13 months",
                    "shorten it to 13 months, or ask for consent (legal_basis: consent)",
                )
        if c.vendor is not None and c.vendor.own_purposes and (i, "vendor") not in reported:
            reported.add((i, "vendor"))
            yield Hit(
                ("cookies", i, "vendor"),
                f"{c.vendor.name} also uses the data for its own purposes, so its measurement needs consent",
                "set legal_basis: consent for this cookie",
            )


@rule("cnil-measurement-data", "error", "law")
def cnil_measurement_data(f: Facts, today: dt.date) -> Iterator[Hit]:
    """CNIL: consent-exempt audience measurement keeps its data at most 25 months, and
    people can object to it."""
    if not any(c.exempt_measurement for c in f.cookies):
        return
    settings = f.profile.cookie_settings
    if not (settings and settings.objection):
        yield Hit(
            ("cookie_settings", "objection"),
            "audience measurement without consent must let people object to it; the profile gives no way",
            'say how in cookie_settings.objection, e.g. \'Untick "audience measurement" in the '
            "cookie settings.'",
        )
    measured = {d for x in f.purposes if x.purpose.kind == "analytics" for d in x.purpose.data}
    for r in f.retention:
        period = r.rule.period
        if set(r.data) & measured and period is not None and period.approx_months > CNIL_DATA_MONTHS + 0.01:
            yield Hit(
                (*r.location, "period"),
                f"data of consent-exempt audience measurement kept {period}; the CNIL allows 25 months",
                "keep it at most 25 months, or ask for consent",
            )


@rule("statutory-retention", "error", "law")
def statutory_retention(f: Facts, today: dt.date) -> Iterator[Hit]:
    """A retention period that cites a statute keeps the data at least as long as it says:
    the policy must not contradict its own citation."""
    for r in f.retention:
        minimum, period = r.statutory, r.rule.period
        if minimum is not None and period is not None and period.approx_days < minimum.period.approx_days - 1:
            yield Hit(
                (*r.location, "period"),
                f"{period} is shorter than the {minimum.period} {minimum.reference.en} sets for "
                f"{minimum.label.en}",
                f"keep them {minimum.period}",
            )


@rule("statutory-records", "error", "law")
def statutory_records(f: Facts, today: dt.date) -> Iterator[Hit]:
    """A record the law makes us keep (a data category's ``statutory``) is kept, by every
    rule that covers it, at least as long as the controller's country requires."""
    for r in f.retention:
        for d in r.data:
            minimum = f.data_statutory.get(d)
            if minimum is None or (r.statutory is not None and r.statutory.id == minimum.id):
                continue  # cited: statutory-retention judges it
            period = r.rule.period
            if period is None or period.approx_days < minimum.period.approx_days - 1:
                kept = f"kept {period}" if period else "kept by criteria alone"
                yield Hit(
                    (*r.location, "period"),
                    f"{d!r} is {minimum.label.en}, {kept}; {minimum.reference.en} sets {minimum.period}",
                    f"keep it {minimum.period} and add 'statutory: {minimum.id}' to this rule",
                )


@rule("unused-data", "warning", "law", "add it to a purpose's 'data', or remove it")
def unused_data(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 5(1)(b)-(c): data with no purpose must not be collected."""
    used = {d for x in f.purposes for d in x.purpose.data}
    for i, category in enumerate(f.profile.data):
        if category.id not in used and category.role == "controller":
            yield Hit(
                ("data", i, "id"),
                f"no purpose uses {category.id!r}; data with no purpose must not be collected",
            )


@rule("consent-age", "warning", "law")
def consent_age(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 8: below the age of digital consent, a parent consents for the child."""
    children = f.profile.children
    age = f.consent_age
    if children is None or age is None or children.minimum_age >= age:
        return
    if any(x.needs_consent for x in f.purposes):
        yield Hit(
            ("children", "minimum_age"),
            f"users from {children.minimum_age} while consent is relied on; below {age} "
            f"({f.country}'s age of digital consent, Art. 8) a parent must consent",
            f"raise minimum_age to {age}, or describe parental consent",
        )


@rule("processor-data", "error", "law")
def processor_data(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Art. 28(10): data processed for business customers, as their processor, serves their
    purposes, not ours; the policy must not present us as its controller."""
    held = set(f.processor_data)
    for x in f.purposes:
        for d in x.purpose.data:
            if d in held:
                yield Hit(
                    ("purposes", x.index, "data"),
                    f"{d!r} is data you process for your customers (role: processor); using it for a "
                    "purpose of your own would make you its controller",
                    f"remove {d!r} from this purpose, or set its role to controller if you decide its use",
                )


@rule("children-statement", "error", "law")
def children_statement(f: Facts, today: dt.date) -> Iterator[Hit]:
    """The children statement is true: a general-audience service is not meant for children
    under the age it names (13 under COPPA); drafter does not yet word the notice of a
    service directed at children (parental consent, 16 CFR § 312.4(d))."""
    children = f.profile.children
    if children is None:
        return
    if children.directed_at_children:
        yield Hit(
            ("children", "directed_at_children"),
            "drafter cannot draft the notice of a service directed at children yet (parental "
            "consent, what is collected from children, a parent's rights)",
            "have that notice drafted by counsel; drafter words only a general-audience statement",
        )
    elif children.minimum_age < 13:
        yield Hit(
            ("children", "minimum_age"),
            f"a general-audience service open to children under 13 (here from {children.minimum_age}) "
            "needs a parent's consent (COPPA, 16 CFR § 312.5; GDPR Art. 8), which drafter does not word",
            "set minimum_age to 13 or more",
        )


@rule("third-party-tracking", "error", "law")
def third_party_tracking(f: Facts, today: dt.date) -> Iterator[Hit]:
    """CalOPPA § 22575(b)(6): the statement on tracking by other parties agrees with the
    recipients: an ad or social network, or a measuring vendor that uses the data for its
    own purposes, tracks people across sites."""
    california = f.profile.california
    if not f.laws.caloppa or california is None or california.third_party_tracking:
        return
    if f.us.trackers:
        yield Hit(
            ("california", "third_party_tracking"),
            f"{f.us.trackers[0]} receives data for its own purposes or for advertising; the policy would "
            "say that no other party tracks users across sites",
            "set third_party_tracking: true",
        )


@rule("ccpa-stale", "error", "review", "review the policy and update dates.last_updated")
def ccpa_stale(f: Facts, today: dt.date) -> Iterator[Hit]:
    """Cal. Civ. Code § 1798.130(a)(5): a CCPA policy is updated at least every 12 months."""
    last = f.profile.dates.last_updated
    if f.laws.ccpa and (today - last).days > STALE_DAYS:
        yield Hit(
            ("dates", "last_updated"),
            f"last updated {last.isoformat()}, more than 12 months ago; the CCPA wants a yearly review",
        )


@rule(
    "vendor-facts-stale",
    "warning",
    "review",
    "compare them with their sources ('drafter vendors show ID'), then set the date of that check "
    "(sources.FACT.checked) or override them",
)
def vendor_facts_stale(f: Facts, today: dt.date) -> Iterator[Hit]:
    """drafter's facts about a vendor in use were checked within the last 12 months."""
    for r in f.recipients:
        if r.use is None:
            continue
        old = r.vendor.checked_before(today - dt.timedelta(days=STALE_DAYS))
        if old:
            facts = ", ".join(f"{fact} (checked {day.isoformat()})" for fact, day in old)
            yield Hit(
                (*r.location, "vendor"),
                f"drafter's facts about {r.vendor.name} are over 12 months old: {facts}",
            )


@rule(
    "vendor-facts-unverified",
    "note",
    "review",
    "read the sources 'drafter vendors show ID' names, then set checked: YYYY-MM-DD on each fact "
    "found right, or override the facts that are wrong",
)
def vendor_facts_unverified(f: Facts, today: dt.date) -> Iterator[Hit]:
    """drafter's facts about a vendor in use were compared with the vendor's own documents."""
    for r in f.recipients:
        facts = r.vendor.unverified_facts() if r.use is not None else []
        if facts:
            yield Hit(
                (*r.location, "vendor"),
                f"drafter's facts about {r.vendor.name} were written without reading their sources: "
                + ", ".join(facts),
                f"read the sources 'drafter vendors show {r.vendor.id}' names, then set checked: "
                "YYYY-MM-DD on each fact found right, or override the facts that are wrong",
            )
