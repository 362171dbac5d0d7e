"""A profile as a record of processing activities (Art. 30(1) GDPR), in Markdown or CSV.

One activity per purpose of the profile. Every legal fact comes from :func:`resolve`
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
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from drafter.errors import DrafterError, Problem
from drafter.legal.load import LoadedProfile
from drafter.model.profile import Purpose
from drafter.model.types import Lang
from drafter.render.context import Context, md_escape, resolve
from drafter.render.filters import NBSP, NNBSP, capfirst, country_name, fr_de, join_list, long_date
from drafter.render.policy import require_language

RecordFormat = Literal["md", "csv"]
RECORD_FORMATS: tuple[RecordFormat, ...] = ("md", "csv")

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
        "transfers": "Transfers outside the EEA and safeguards",
        "retention": "Retention period",
        "security": "Security measures (general description)",
        "subjects": "Users and customers of {service}",
        "processor": "processor",
        "own_controller": "also uses some of this data for its own purposes, as a separate controller",
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
        "transfers": "Transferts hors de l'EEE et garanties",
        "retention": "Durée de conservation",
        "security": "Mesures de sécurité (description générale)",
        "subjects": "Utilisateurs et clients {service_de}",
        "processor": "sous-traitant",
        "own_controller": "utilise aussi certaines de ces données pour ses propres finalités, en "
        "qualité de responsable du traitement distinct",
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
_LAW: dict[Lang, dict[bool, str]] = {
    "en": {True: "GDPR", False: "UK GDPR"},
    "fr": {True: "RGPD", False: "RGPD britannique"},
}

# Undo md_escape: resolve hands out Markdown-safe text; the record escapes per format.
_MD_UNESCAPE = re.compile(r"\\([\\`*_\[\]<>~|&#+=.)-])")


@dataclass(frozen=True)
class Activity:
    """One processing activity: each field is a list of items, in :data:`COLUMNS` order."""

    fields: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Record:
    lang: Lang
    title: str
    intro: str
    header: tuple[tuple[str, str], ...]
    columns: tuple[str, ...]
    activities: tuple[Activity, ...]


def record_text(loaded: LoadedProfile, lang: Lang, fmt: RecordFormat, today: dt.date) -> str:
    record = build_record(loaded, lang, today)
    return to_csv(record) if fmt == "csv" else to_markdown(record)


def build_record(loaded: LoadedProfile, lang: Lang, today: dt.date) -> Record:
    p = loaded.profile
    require_language(loaded, lang, "draft its record")
    if not (p.regimes.gdpr or p.regimes.uk_gdpr):
        raise DrafterError(
            Problem(
                loaded.file,
                "a record of processing activities is an Article 30 GDPR document; this profile "
                "sets neither 'gdpr' nor 'uk_gdpr'",
                loaded.doc.line_of(("regimes",)),
                "regimes",
            )
        )
    ctx = resolve(loaded, lang)
    words = _WORDS[lang]
    law = _LAW[lang][p.regimes.gdpr]
    service = _plain(ctx["service"]["name"])
    controller = _plain(ctx["controller"]["legal_name"])
    title = words["title"].format(controller=controller, controller_de=fr_de(controller))
    intro = words["intro"].format(law=law, service=service)
    header = _header(ctx, lang, law, today)
    activities = tuple(_activity(loaded, ctx, purpose, lang, law) for purpose in p.purposes)
    columns = tuple(words[c] for c in COLUMNS)
    return Record(lang, title, intro, header, columns, activities)


# -- building ------------------------------------------------------------------------


def _plain(text: str) -> str:
    return _MD_UNESCAPE.sub(r"\1", text)


@cache
def _words_module(lang: Lang) -> Any:
    """The templates' ``_words.j2`` (SECURITY, STARTS, MECHANISM, RECIPIENT, kept_for)."""
    from drafter.render.environment import environment

    return environment(lang).get_template("_words.j2").module


def _colon(lang: Lang) -> str:
    return f"{NBSP}: " if lang == "fr" else ": "


def _address(address: dict[str, Any], lang: Lang) -> str:
    return ", ".join([*(_plain(x) for x in address["lines"]), country_name(address["country"], lang)])


def _contact(contact: dict[str, Any], lang: Lang) -> str:
    parts = [_plain(contact["name"])] if contact.get("name") else []
    parts.append(_plain(contact["email"]))
    if contact.get("phone"):
        parts.append(_plain(contact["phone"]))
    if contact.get("address"):
        parts.append(_address(contact["address"], lang))
    if contact.get("url"):
        parts.append(contact["url"])
    return ", ".join(parts)


def _header(ctx: Context, lang: Lang, law: str, today: dt.date) -> tuple[tuple[str, str], ...]:
    words = _WORDS[lang]
    c = ctx["controller"]
    name = _plain(c["legal_name"])
    if c["trade_name"]:
        name += f" ({words['trading_as'].format(name=_plain(c['trade_name']))})"
    if c["registration"]:
        name += f", {_plain(c['registration'])}"
    rows = [(words["controller"], f"{name}, {_address(c['address'], lang)}")]
    contact = [_plain(c["email"]), *([_plain(c["phone"])] if c["phone"] else []), c["website"]]
    rows.append((words["contact"], ", ".join(contact)))
    if ctx["dpo"]:
        rows.append((words["dpo"], _contact(ctx["dpo"], lang)))
    if ctx["privacy_contact"]:
        rows.append((words["privacy_contact"], _contact(ctx["privacy_contact"], lang)))
    rep = ctx["eu_representative"]
    if rep:
        text = f"{_plain(rep['name'])}, {_plain(rep['email'])}, {_address(rep['address'], lang)}"
        rows.append((words["representative"].format(law=law), text))
    rows.append((words["date"], long_date(today, lang)))
    return tuple(rows)


def _activity(loaded: LoadedProfile, ctx: Context, purpose: Purpose, lang: Lang, law: str) -> Activity:
    p = loaded.profile
    words = _WORDS[lang]
    w = _words_module(lang)
    resolved = next(x for x in ctx["purposes"] if x["id"] == purpose.id)
    basis = _BASIS[lang][purpose.legal_basis].format(law=law)
    if resolved["legitimate_interest"]:
        basis = _INTEREST[lang].format(basis=basis, interest=_plain(resolved["legitimate_interest"]))
    service = _plain(ctx["service"]["name"])
    subjects = words["subjects"].format(service=service, service_de=fr_de(service))
    data = capfirst(join_list([_plain(x) for x in resolved["data"]], lang))

    # Recipients: the vendors that serve this purpose, then the other recipients of its data.
    recipients: list[str] = []
    transfers: list[str] = []
    for use, vendor in zip(p.processors, ctx["vendors"], strict=True):
        serves = purpose.id in use.purposes if use.purposes else _receives(p.purposes, purpose, use.data)
        if not serves:
            continue
        entity = vendor["entity"]
        role = words["processor"] if vendor["role"] == "processor" else words["own_controller"]
        where = f"{_plain(entity['name'])}, {country_name(entity['country'], lang)}"
        recipients.append(f"{_plain(vendor['name'])}{_colon(lang)}{where} ({role})")
        if vendor["transfer"] is not None:
            transfers.append(_transfer(_plain(vendor["name"]), vendor["transfer"], lang))
    for rec, other in zip(p.other_recipients, ctx["other_recipients"], strict=True):
        if not _receives(p.purposes, purpose, rec.data):
            continue
        kind = str(w.RECIPIENT[rec.kind])
        text = f"{kind}{_colon(lang)}{_plain(other['description'])}" if other["description"] else kind
        recipients.append(text)
        if other["transfer"] is not None:
            transfers.append(_transfer(capfirst(str(w.RECIPIENT_SHORT[rec.kind])), other["transfer"], lang))

    retention = _retention(ctx, p.retention, purpose, lang)
    measures = [str(w.SECURITY[m]) for m in ctx["security"]["measures"]]
    measures += [_plain(x) for x in ctx["security"]["other"]]
    semi = f"{NNBSP}; " if lang == "fr" else "; "
    security = capfirst(semi.join(measures)) if measures else words["not_described"]

    return Activity(
        (
            (capfirst(_plain(resolved["description"])),),
            (basis,),
            (subjects,),
            (data,),
            tuple(recipients) or (words["none"],),
            tuple(transfers) or (words["none"],),
            tuple(retention),
            (security,),
        )
    )


def _receives(purposes: Sequence[Purpose], purpose: Purpose, data: Sequence[str]) -> bool:
    """Whether a recipient listed by its data (not by purpose) is one of this activity's.

    It belongs to the purposes that handle all of its data (carriers receiving contact
    details and the delivery address: the delivery purpose, not every purpose that uses
    contact details); failing any, to those that handle some of it. A recipient with no
    data listed may receive any data, so it belongs to every activity.
    """
    wanted = set(data)
    if not wanted:
        return True
    if any(wanted <= set(x.data) for x in purposes):
        return wanted <= set(purpose.data)
    return bool(wanted & set(purpose.data))


def _transfer(recipient: str, transfer: dict[str, Any], lang: Lang) -> str:
    """Worded as the policy's transfers section words it."""
    words = _WORDS[lang]
    w = _words_module(lang)
    countries = [
        words["under"].format(
            country=country_name(c["country"], lang),
            mechanisms=words["and"].join(str(w.MECHANISM[m]) for m in c["mechanisms"]),
        )
        for c in transfer["by_country"]
    ]
    semi = f"{NNBSP}; " if lang == "fr" else "; "
    return f"{recipient}{_colon(lang)}{semi.join(countries)}"


def _retention(ctx: Context, rules: Sequence[Any], purpose: Purpose, lang: Lang) -> list[str]:
    """The rules that cover this purpose's data, worded as the policy's retention section."""
    w = _words_module(lang)
    label = {d["id"]: _plain(d["label"]) for d in ctx["data"]}
    anonymous = {d["id"] for d in ctx["data"] if d["anonymous"]}
    covered: set[str] = set()
    items = []
    for rule, resolved in zip(rules, ctx["retention"], strict=True):
        ids = [x for x in purpose.data if x in rule.data]
        if not ids:
            continue
        covered.update(ids)
        text = capfirst(join_list([label[x] for x in ids], lang)) + _colon(lang)
        if resolved["period"] is not None:
            text += str(w.kept_for(resolved))
            if resolved["reference"]:
                text += f" ({_plain(resolved['reference'])})"
            text += "."
            if resolved["criteria"]:
                text += f" {_plain(resolved['criteria'])}"
        else:
            text += _plain(resolved["criteria"])
        items.append(text)
    for x in purpose.data:
        if x not in covered and x in anonymous:
            items.append(_WORDS[lang]["anonymous"].format(label=capfirst(label[x])))
    return items


# -- output --------------------------------------------------------------------------


def to_markdown(record: Record) -> str:
    """A title, the header as a list, then one subsection per activity."""
    colon = _colon(record.lang).rstrip()
    lines = [f"# {md_escape(record.title)}", "", md_escape(record.intro), ""]
    lines += [f"- **{label}**{colon} {md_escape(value)}" for label, value in record.header]
    lines += ["", f"## {_WORDS[record.lang]['activities']}"]
    for n, activity in enumerate(record.activities, 1):
        purpose = activity.fields[0][0]
        heading = _WORDS[record.lang]["activity"].format(n=n, purpose=purpose)
        lines += ["", f"### {md_escape(heading)}", ""]
        for column, items in zip(record.columns[1:], activity.fields[1:], strict=True):
            if len(items) == 1:
                lines.append(f"- **{column}**{colon} {md_escape(items[0])}")
            else:
                lines.append(f"- **{column}**{colon}")
                lines += [f"  - {md_escape(item)}" for item in items]
    return "\n".join(lines) + "\n"


def to_csv(record: Record) -> str:
    """One header row, then one row per activity; a field's items are one per line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(record.columns)
    for activity in record.activities:
        writer.writerow(["\n".join(items) for items in activity.fields])
    return out.getvalue()
