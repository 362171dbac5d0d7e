"""The lines of the transfers section: recipients grouped by the safeguards they rest on.

A policy says each safeguard once: "Stripe, Mailchimp and Google Analytics (United
States). Safeguards: ..." rather than the same sentence for each recipient and country.
Within a line, recipients that go to the same countries are named together.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Place:
    """Recipients whose transfers under one set of safeguards go to the same countries."""

    countries: tuple[str, ...]
    who: list[str] = field(default_factory=list)


@dataclass
class SafeguardLine:
    mechanisms: tuple[str, ...]
    places: list[Place] = field(default_factory=list)

    @property
    def recipients(self) -> int:
        return sum(len(p.who) for p in self.places)


def by_safeguard(transfers: Sequence[Any], short_names: Mapping[str, str]) -> list[SafeguardLine]:
    """The transfers' lines, in the order each set of safeguards first appears.

    ``transfers`` are the context's ``TransferText``; a recipient with no name (a kind of
    recipient) is called by ``short_names[kind]``, the templates' own words.
    """
    lines: dict[tuple[str, ...], SafeguardLine] = {}
    for t in transfers:
        who = t.recipient or short_names[t.kind]
        countries: dict[tuple[str, ...], list[str]] = {}
        for c in t.by_country:
            countries.setdefault(tuple(c.mechanisms), []).append(c.country)
        for mechanisms, codes in countries.items():
            line = lines.setdefault(mechanisms, SafeguardLine(mechanisms))
            place = next((p for p in line.places if p.countries == tuple(codes)), None)
            if place is None:
                place = Place(tuple(codes))
                line.places.append(place)
            place.who.append(who)
    return list(lines.values())
