"""Long lists to choose one from (the filter's units): grouped, and narrowed as the user types.

Typing matches a choice's name, short name, aliases and id, ignoring case and accents ("naring"
finds "Näringsliv"), every word somewhere in them. Pure: the app's pickers show what this gives.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from ..model.entities import Municipality


def fold(text: str) -> str:
    """Text for matching: lower case, accents removed (å ä ö → a a o, é → e)."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Choice:
    value: str  # what is chosen (a unit id)
    label: str  # what people read
    hay: str  # folded text that typing is matched against


@dataclass
class ChoiceGroup:
    heading: str  # a municipality's name; "" for choices above every group
    choices: list[Choice] = field(default_factory=list)


def unit_groups(municipalities: list[Municipality]) -> list[ChoiceGroup]:
    """Every municipality's units under its name (municipalities and units by name)."""
    out = []
    for m in sorted(municipalities, key=lambda m: fold(m.name)):
        choices = []
        for u in m.units:
            label = u.name + (f" ({u.short})" if u.short else "")
            hay = fold(" ".join([u.name, u.short, u.id, *u.aliases]))
            choices.append(Choice(u.id, label, hay))
        choices.sort(key=lambda c: fold(c.label))
        if choices:
            out.append(ChoiceGroup(m.name, choices))
    return out


def narrow(groups: list[ChoiceGroup], query: str) -> list[ChoiceGroup]:
    """The groups with only the choices whose text has every typed word; empty groups left out."""
    words = fold(query).split()
    if not words:
        return groups
    out = []
    for g in groups:
        kept = [c for c in g.choices if all(w in c.hay for w in words)]
        if kept:
            out.append(ChoiceGroup(g.heading, kept))
    return out
