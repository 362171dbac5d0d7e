"""A profile as a record of processing activities (Art. 30(1) GDPR), in Markdown or CSV.

One activity per purpose of the profile. Every legal fact comes from the profile's facts
(vendor entities, transfers and their safeguards, statutory references) and every
wording of a code that the policy also uses (security measures, retention start
events, transfer mechanisms, kinds of recipient) from the templates' ``_words.j2``,
so the record and the policy always say the same thing. Only the record's own labels
are written here.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from drafter.choices import RecordFormat
from drafter.errors import DrafterError, Problem
from drafter.legal.facts import Facts
from drafter.legal.load import LoadedProfile
from drafter.legal.transfers import Transfer
from drafter.model.types import Lang
from drafter.render.context import AddressText, ContactText, Context, PurposeText
from drafter.render.filters import NBSP, NNBSP, capfirst, country_name, fr_de, join_list, long_date, postal
from drafter.render.language import LanguageRecord
from drafter.render.markdown import md_escape
from drafter.render.policy import policy_context, require_language
from drafter.render.words import plain
from drafter.render.words import words as template_words

# Column order is stable: scripts read the CSV by position as well as by name.
COLUMNS = (
    "purpose",
    "legal_basis",
    "data_subjects",
    "data",
    "recipients",
    "transfers",
    "retention",
    "security",
    "role",
)

_C = NBSP + ":"  # French colon
_S = NNBSP + ";"  # French semicolon

_WORDS: dict[Lang, dict[str, str]] = {
    "en": {
        "title": "Record of processing activities of {controller}",
        "intro": "Record of processing activities under Article 30(1) of the {law}, drafted "
        "from the service profile of {service}. This is a draft: have it reviewed by a "
        "qualified person.",
        "controller": "Controller",
        "trading_as": "trading as {name}",
        "contact": "Contact details",
        "dpo": "Data protection officer",
        "privacy_contact": "Privacy contact",
        "representative": "Representative in the Union (Article 27 {law})",
        "date": "Date of this record",
        "activities": "Processing activities",
        "activity": "Activity {n}: {purpose}",
        "purpose": "Purpose of the processing",
        "legal_basis": "Legal basis",
        "data_subjects": "Categories of data subjects",
        "data": "Categories of personal data",
        "recipients": "Recipients",
        "transfers": "Transfers outside {area} and safeguards",
        "area_eu": "the EEA",
        "area_uk": "the United Kingdom",
        "retention": "Retention period",
        "security": "Security measures (general description)",
        "subjects": "Users and customers of {service}",
        "role": "Role",
        "as_controller": "Controller (Article 30(1) {law})",
        "as_processor": "Processor (Article 30(2) {law})",
        "processor_section": "Processing carried out as a processor (Article 30(2) {law})",
        "processor_controllers": "Controllers on whose behalf we act",
        "processor_controllers_value": "Each business customer of {service}, with the contact details "
        "kept in our customer register",
        "processor_purpose": "Processing on behalf of our business customers",
        "processor_basis": "On the documented instructions of each customer, the controller "
        "(Article 28(3)(a) {law})",
        "processor_subjects": "People whose data our business customers put into {service}",
        "sub_processor": "sub-processor",
        "processor_retention": "As each customer instructs; deleted or returned when its contract ends "
        "(Article 28(3)(g) {law})",
        "processor": "processor",
        "own_controller": "also uses some of this data for its own purposes, as a separate controller",
        "joint": "joint controller for the collection and transmission of the data (Article 26)",
        "none": "None",
        "not_described": "Not described",
        "under": "{country}, under {mechanisms}",
        "and": " and ",
        "anonymous": "{label}: kept in a form that does not identify anyone.",
    },
    "fr": {
        "title": "Registre des activités de traitement {controller_de}",
        "intro": "Registre des activités de traitement prévu à l'article 30, paragraphe 1, du "
        "{law}, établi à partir du profil du service {service}. Il s'agit d'un projet"
        f"{_S} faites-le relire par une personne qualifiée.",
        "controller": "Responsable du traitement",
        "trading_as": "exerçant sous le nom {name}",
        "contact": "Coordonnées",
        "dpo": "Délégué à la protection des données",
        "privacy_contact": "Contact pour la protection des données",
        "representative": "Représentant dans l'Union (article 27 du {law})",
        "date": "Date du registre",
        "activities": "Activités de traitement",
        "activity": f"Activité {{n}}{_C} {{purpose}}",
        "purpose": "Finalité du traitement",
        "legal_basis": "Base légale",
        "data_subjects": "Catégories de personnes concernées",
        "data": "Catégories de données personnelles",
        "recipients": "Destinataires",
        "transfers": "Transferts hors {area} et garanties",
        "area_eu": "de l'EEE",
        "area_uk": "du Royaume-Uni",
        "retention": "Durée de conservation",
        "security": "Mesures de sécurité (description générale)",
        "subjects": "Utilisateurs et clients {service_de}",
        "role": "Qualité",
        "as_controller": "Responsable du traitement (article 30, paragraphe 1, du {law})",
        "as_processor": "Sous-traitant (article 30, paragraphe 2, du {law})",
        "processor_section": "Traitements effectués en qualité de sous-traitant (article 30, paragraphe 2, "
        "du {law})",
        "processor_controllers": "Responsables du traitement pour le compte desquels nous agissons",
        "processor_controllers_value": "Chaque client professionnel {service_de}, avec les coordonnées qui "
        "figurent dans notre fichier clients",
        "processor_purpose": "Traitements effectués pour le compte de nos clients professionnels",
        "processor_basis": "Sur instructions documentées de chaque client, responsable du traitement "
        "(article 28, paragraphe 3, point a), du {law})",
        "processor_subjects": "Personnes dont nos clients professionnels enregistrent les données dans "
        "{service}",
        "sub_processor": "sous-traitant ultérieur",
        "processor_retention": "Selon les instructions de chaque client ; données supprimées ou "
        "restituées à la fin de son contrat (article 28, paragraphe 3, point g), du {law})",
        "processor": "sous-traitant",
        "own_controller": "utilise aussi certaines de ces données pour ses propres finalités, en "
        "qualité de responsable du traitement distinct",
        "joint": "responsable conjoint de la collecte et de la transmission des données (article 26)",
        "none": "Aucun",
        "not_described": "Non décrites",
        "under": "{country}, transfert fondé sur {mechanisms}",
        "and": " et ",
        "anonymous": f"{{label}}{_C} données conservées sous une forme qui ne permet d'identifier personne.",
    },
}

# Article 6(1) GDPR, point by point, in the record's neutral register.
_BASIS: dict[Lang, dict[str, str]] = {
    "en": {
        "consent": "Consent of the data subject (Article 6(1)(a) {law})",
        "contract": "Performance of a contract with the data subject, or steps taken at their "
        "request before entering into one (Article 6(1)(b) {law})",
        "legal_obligation": "Compliance with a legal obligation to which the controller is "
        "subject (Article 6(1)(c) {law})",
        "vital_interests": "Protection of the vital interests of the data subject or of another "
        "person (Article 6(1)(d) {law})",
        "public_task": "Performance of a task carried out in the public interest (Article 6(1)(e) {law})",
        "legitimate_interests": "Legitimate interests of the controller (Article 6(1)(f) {law})",
    },
    "fr": {
        "consent": "Consentement de la personne concernée (article 6, paragraphe 1, point a), du {law})",
        "contract": "Exécution d'un contrat avec la personne concernée ou de mesures "
        "précontractuelles prises à sa demande (article 6, paragraphe 1, point b), du {law})",
        "legal_obligation": "Respect d'une obligation légale à laquelle le responsable du "
        "traitement est soumis (article 6, paragraphe 1, point c), du {law})",
        "vital_interests": "Sauvegarde des intérêts vitaux de la personne concernée ou d'une autre "
        "personne (article 6, paragraphe 1, point d), du {law})",
        "public_task": "Exécution d'une mission d'intérêt public (article 6, paragraphe 1, point e), "
        "du {law})",
        "legitimate_interests": "Intérêts légitimes du responsable du traitement (article 6, "
        "paragraphe 1, point f), du {law})",
    },
}
_INTEREST: dict[Lang, str] = {
    "en": "{basis}: our interest in {interest}",
    "fr": f"{{basis}}{_C} notre intérêt à {{interest}}",
}
# Article 9(2) GDPR, point by point: the condition for special categories of data.
_ART9_POINT = {
    "explicit_consent": ("a", "explicit consent", "consentement explicite"),
    "employment": ("b", "employment and social security law", "droit du travail et de la sécurité sociale"),
    "vital_interests": ("c", "vital interests", "intérêts vitaux"),
    "not_for_profit": ("d", "not-for-profit body", "organisme à but non lucratif"),
    "made_public": ("e", "made public by the data subject", "données rendues publiques par la personne"),
    "legal_claims": ("f", "legal claims", "droits en justice"),
    "public_interest": ("g", "substantial public interest", "intérêt public important"),
    "health_care": ("h", "health or social care", "soins de santé ou prise en charge sociale"),
    "public_health": ("i", "public health", "santé publique"),
    "archiving": ("j", "archiving, research or statistics", "archivage, recherche ou statistique"),
}
_ART9: dict[Lang, str] = {
    "en": "special categories of data: Article 9(2)({point}) {law} ({name})",
    "fr": "catégories particulières de données{colon} article 9, paragraphe 2, point {point}), du {law} "
    "({name})",
}
_LAW: dict[Lang, dict[str, str]] = {
    "en": {"gdpr": "GDPR", "uk_gdpr": "UK GDPR"},
    "fr": {"gdpr": "RGPD", "uk_gdpr": "RGPD britannique"},
}


@dataclass(frozen=True)
class Activity:
    """One processing activity: each field is a list of items, in :data:`COLUMNS` order."""

    fields: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Record:
    language: LanguageRecord
    title: str
    intro: str
    header: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    activities: tuple[Activity, ...]  # as controller (Art. 30(1))
    law_name: str  # GDPR or UK GDPR, as the record cites it
    processor: tuple[tuple[str, str], ...] = ()  # the Art. 30(2) header: the controllers served
    processor_activities: tuple[Activity, ...] = ()  # as processor (Art. 30(2))

    @property
    def lang(self) -> Lang:
        return self.language.lang


def record_text(loaded: LoadedProfile, lang: Lang, fmt: RecordFormat, today: dt.date) -> str:
    record = build_record(loaded, lang, today)
    return to_csv(record) if fmt == "csv" else to_markdown(record)


def build_record(loaded: LoadedProfile, lang: Lang, today: dt.date) -> Record:
    facts = loaded.facts
    require_language(loaded, lang, "draft its record")
    if not facts.laws.european:
        raise DrafterError(
            Problem(
                loaded.file,
                "a record of processing activities is an Article 30 GDPR document; this profile "
                "sets neither 'gdpr' nor 'uk_gdpr'",
                loaded.doc.line_of(("regimes",)),
                "regimes",
            )
        )
    ctx = policy_context(loaded, lang)
    words = _WORDS[lang]
    law = _LAW[lang][facts.laws.cited or "gdpr"]
    controller = ctx.controller.legal_name
    title = words["title"].format(controller=controller, controller_de=fr_de(controller))
    intro = words["intro"].format(law=law, service=ctx.service.name)
    header = _header(ctx, law, today)
    index = _Index.of(facts, ctx)
    activities = tuple(_activity(index, ctx, purpose, law) for purpose in ctx.purposes)
    area = words[f"area_{facts.transfer_regime or 'eu'}"]
    columns = tuple(words[c].format(area=area) for c in COLUMNS)
    if not ctx.processor_data:
        return Record(ctx.language, title, intro, header, columns, activities, law)
    service = ctx.service.name
    value = words["processor_controllers_value"].format(service=service, service_de=fr_de(service))
    served = ((words["processor_controllers"], value),)
    processing = (_processing(facts, ctx, law),)
    return Record(ctx.language, title, intro, header, columns, activities, law, served, processing)


# -- building ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Index:
    """Who and what each purpose's activity names, looked up once for the whole record.

    Searching every purpose, vendor and retention rule again for each purpose made a
    record quadratic in its size (10 s at 2,500 purposes).
    """

    data: dict[str, tuple[str, ...]]  # purpose id -> the ids of its data categories
    vendors: dict[str, list[int]]  # purpose id -> the recipients (by index) taking part in it
    others: dict[str, list[int]]  # purpose id -> the other recipients (by index)
    rules: dict[str, list[int]]  # data id -> the retention rules (by index) that cover it
    rule_data: tuple[frozenset[str], ...]
    label: dict[str, str]
    anonymous: frozenset[str]

    @classmethod
    def of(cls, facts: Facts, ctx: Context) -> _Index:
        vendors: dict[str, list[int]] = {}
        for n, r in enumerate(facts.recipients):
            for purpose_id in dict.fromkeys(r.activities):
                vendors.setdefault(purpose_id, []).append(n)
        others: dict[str, list[int]] = {}
        for n, o in enumerate(facts.other_recipients):
            for purpose_id in dict.fromkeys(o.activities):
                others.setdefault(purpose_id, []).append(n)
        rules: dict[str, list[int]] = {}
        for n, rule in enumerate(facts.retention):
            for data_id in dict.fromkeys(rule.data):
                rules.setdefault(data_id, []).append(n)
        return cls(
            data={x.id: x.data for x in facts.purposes},
            vendors=vendors,
            others=others,
            rules=rules,
            rule_data=tuple(frozenset(rule.data) for rule in facts.retention),
            label={d.id: d.label for d in ctx.data},
            anonymous=frozenset(d.id for d in ctx.data if d.anonymous),
        )


def _address(address: AddressText, rec: LanguageRecord) -> str:
    return postal(address.lines, address.country, rec)  # the country once, as the policy says it


def _contact(contact: ContactText, rec: LanguageRecord) -> str:
    parts = [contact.name] if contact.name else []
    parts.append(contact.email)
    if contact.phone:
        parts.append(contact.phone)
    if contact.address:
        parts.append(_address(contact.address, rec))
    if contact.url:
        parts.append(contact.url)
    return ", ".join(parts)


def _header(ctx: Context, law: str, today: dt.date) -> tuple[tuple[str, str], ...]:
    rec = ctx.language
    words = _WORDS[rec.lang]
    c = ctx.controller
    name = c.legal_name
    if c.trade_name:
        name += f" ({words['trading_as'].format(name=c.trade_name)})"
    if c.registration:
        name += f", {c.registration}"
    rows = [(words["controller"], f"{name}, {_address(c.address, rec)}")]
    contact = [c.email, *([c.phone] if c.phone else []), c.website]
    rows.append((words["contact"], ", ".join(contact)))
    if ctx.dpo:
        rows.append((words["dpo"], _contact(ctx.dpo, rec)))
    if ctx.privacy_contact:
        rows.append((words["privacy_contact"], _contact(ctx.privacy_contact, rec)))
    rep = ctx.eu_representative
    if rep:
        text = f"{rep.name}, {rep.email}, {_address(rep.address, rec)}"
        rows.append((words["representative"].format(law=law), text))
    rows.append((words["date"], long_date(today, rec)))
    return tuple(rows)


def _activity(index: _Index, ctx: Context, purpose: PurposeText, law: str) -> Activity:
    rec = ctx.language
    words = _WORDS[rec.lang]
    w = template_words(rec)
    basis = _BASIS[rec.lang][purpose.basis].format(law=law)
    if purpose.legitimate_interest:
        basis = _INTEREST[rec.lang].format(basis=basis, interest=purpose.legitimate_interest)
    if purpose.special_condition:
        point, en, fr = _ART9_POINT[purpose.special_condition]
        name = en if rec.lang == "en" else fr
        condition = _ART9[rec.lang].format(point=point, law=law, name=name, colon=rec.colon.rstrip())
        basis += f"{rec.semicolon}{condition}"
    subjects = words["subjects"].format(service=ctx.service.name, service_de=fr_de(ctx.service.name))
    data = capfirst(join_list(purpose.data, rec))

    # Recipients: the vendors that take part in this purpose, then the other recipients.
    recipients: list[str] = []
    transfers: list[str] = []
    for n in index.vendors.get(purpose.id, ()):
        vendor = ctx.vendors[n]
        role = {"processor": words["processor"], "joint": words["joint"]}.get(
            vendor.role, words["own_controller"]
        )
        where = f"{vendor.entity.name}, {country_name(vendor.entity.country, rec)}"
        recipients.append(f"{vendor.name}{rec.colon}{where} ({role})")
        if vendor.transfer is not None:
            transfers.append(_transfer(vendor.name, vendor.transfer, rec))
    for n in index.others.get(purpose.id, ()):
        other = ctx.other_recipients[n]
        kind = str(w.RECIPIENT[other.kind])
        recipients.append(f"{kind}{rec.colon}{other.description}" if other.description else kind)
        if other.transfer is not None:
            transfers.append(_transfer(capfirst(str(w.RECIPIENT_SHORT[other.kind])), other.transfer, rec))

    return Activity(
        (
            (capfirst(purpose.description),),
            (basis,),
            (subjects,),
            (data,),
            tuple(recipients) or (words["none"],),
            tuple(transfers) or (words["none"],),
            tuple(_retention(index, ctx, purpose.id)),
            (_security(ctx),),
            (words["as_controller"].format(law=law),),
        )
    )


def _security(ctx: Context) -> str:
    rec = ctx.language
    w = template_words(rec)
    measures = [str(w.SECURITY[m]) for m in ctx.security.measures] + ctx.security.other
    return capfirst(rec.semicolon.join(measures)) if measures else _WORDS[rec.lang]["not_described"]


def _processing(facts: Facts, ctx: Context, law: str) -> Activity:
    """What we do as our business customers' processor (Art. 30(2)): for whom, which data,
    with which sub-processors and transfers, and how it is protected."""
    rec = ctx.language
    words = _WORDS[rec.lang]
    subs, transfers = [], []
    for s in facts.sub_processors:
        where = f"{s.entity.name}, {country_name(s.entity.country, rec)}"
        subs.append(f"{s.vendor.name}{rec.colon}{where} ({words['sub_processor']})")
        if s.transfer is not None:
            transfers.append(_transfer(s.vendor.name, s.transfer, rec))
    return Activity(
        (
            (words["processor_purpose"],),
            (words["processor_basis"].format(law=law),),
            (words["processor_subjects"].format(service=ctx.service.name),),
            (capfirst(join_list([d.label for d in ctx.processor_data], rec)),),
            tuple(subs) or (words["none"],),
            tuple(transfers) or (words["none"],),
            (words["processor_retention"].format(law=law),),
            (_security(ctx),),
            (words["as_processor"].format(law=law),),
        )
    )


def _transfer(recipient: str, transfer: Transfer, rec: LanguageRecord) -> str:
    """Worded as the policy's transfers section words it."""
    words = _WORDS[rec.lang]
    w = template_words(rec)
    countries = [
        words["under"].format(
            country=country_name(c.country, rec),
            mechanisms=words["and"].join(str(w.MECHANISM[m]) for m in c.mechanisms),
        )
        for c in transfer.by_country
    ]
    return f"{recipient}{rec.colon}{rec.semicolon.join(countries)}"


def _retention(index: _Index, ctx: Context, purpose_id: str) -> list[str]:
    """The rules that cover this purpose's data, worded as the policy's retention section."""
    rec = ctx.language
    w = template_words(rec)
    label, anonymous = index.label, index.anonymous
    purpose_data = index.data[purpose_id]
    covered: set[str] = set()
    items = []
    found = sorted({n for x in purpose_data for n in index.rules.get(x, ())})
    for n in found:  # in the order of the rules, as before
        worded = ctx.retention[n]
        ids = [x for x in purpose_data if x in index.rule_data[n]]
        covered.update(ids)
        text = capfirst(join_list([label[x] for x in ids], rec)) + rec.colon
        if worded.period is not None:
            text += plain(w.kept_for(worded))
            if worded.reference:
                text += f" ({worded.reference})"
            text += "."
            if worded.criteria:
                text += f" {worded.criteria}"
        else:
            text += str(worded.criteria)
        items.append(text)
    for x in purpose_data:
        if x not in covered and x in anonymous:
            items.append(_WORDS[rec.lang]["anonymous"].format(label=capfirst(label[x])))
    return items


# -- output --------------------------------------------------------------------------


def to_markdown(record: Record) -> str:
    """A title, the header as a list, then one subsection per activity."""
    colon = record.language.colon.rstrip()
    lines = [f"# {md_escape(record.title)}", "", md_escape(record.intro), ""]
    lines += [f"- **{label}**{colon} {md_escape(value)}" for label, value in record.header]
    lines += ["", f"## {_WORDS[record.lang]['activities']}"]
    for n, activity in enumerate(record.activities, 1):
        purpose = activity.fields[0][0]
        heading = _WORDS[record.lang]["activity"].format(n=n, purpose=purpose)
        lines += ["", f"### {md_escape(heading)}", ""]
        lines += _fields(record, activity, colon)
    if record.processor_activities:
        lines += ["", f"## {_WORDS[record.lang]['processor_section'].format(law=record.law_name)}", ""]
        lines += [f"- **{label}**{colon} {md_escape(value)}" for label, value in record.processor]
        for activity in record.processor_activities:
            lines += ["", f"### {md_escape(activity.fields[0][0])}", ""]
            lines += _fields(record, activity, colon)
    return "\n".join(lines) + "\n"


def _fields(record: Record, activity: Activity, colon: str) -> list[str]:
    """An activity's fields after its purpose (its heading); its role is its section's."""
    lines = []
    for column, items in zip(record.columns[1:-1], activity.fields[1:-1], strict=True):
        if len(items) == 1:
            lines.append(f"- **{column}**{colon} {md_escape(items[0])}")
        else:
            lines.append(f"- **{column}**{colon}")
            lines += [f"  - {md_escape(item)}" for item in items]
    return lines


def to_csv(record: Record) -> str:
    """One header row, then one row per activity; a field's items are one per line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_inert_cell(c) for c in record.columns])
    for activity in (*record.activities, *record.processor_activities):
        writer.writerow([_inert_cell("\n".join(items)) for items in activity.fields])
    return out.getvalue()


# What makes a spreadsheet read a cell as a formula (OWASP, "CSV Injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _inert_cell(cell: str) -> str:
    """A cell a spreadsheet shows as text: one that could start a formula gets a leading '."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell
