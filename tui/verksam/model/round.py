"""The reporting round's rules, pure: who is who, which units report what, what is missing, when a
report is locked.

People are in municipality.toml (`[[people]]`), a follow-up's round in its own file (`[round]`,
`[[round.units]]`); see docs/round.md. The current user is the person whose e-mail is the one
`git config user.email` gives (the store reads it, this module matches it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .entities import ControlResult, Document, Item, Municipality, Person, Round
from .rules import has_update, is_finished

NO_UNIT = ""  # items without a responsible unit are reported by the controller


def person_for_email(municipality: Municipality, email: str | None) -> Person | None:
    """The person one of whose e-mails is `email` (case does not matter), or None."""
    if not email:
        return None
    wanted = email.strip().casefold()
    for p in municipality.people:
        if any(e.strip().casefold() == wanted for e in p.emails):
            return p
    return None


def is_locked(document: Document | None) -> bool:
    """Whether a report is approved: its round says so, and nothing in its files may change."""
    return bool(document is not None and document.round is not None and document.round.approved)


def is_controller(person: Person | None, board: str = "") -> bool:
    return bool(person and person.role == "controller" and (not board or not person.boards or board in person.boards))


def may_report(person: Person | None, unit: str, board: str = "") -> bool:
    """A reporter for their own units; a controller for every unit of their boards."""
    if person is None:
        return False
    if is_controller(person, board):
        return True
    return person.role == "rapportör" and unit in person.units


def people_of_unit(m: Municipality, unit: str) -> list[Person]:
    return [p for p in m.people if p.role == "rapportör" and unit in p.units]


# ------------------------------------------------------------------ what a unit reports


def result_missing(r: ControlResult) -> bool:
    """A control's result is reported when it says when it was performed and what came of it."""
    return not (r.performed and r.outcome)


def item_missing(it: Item, doc: Document, m: Municipality | None = None) -> bool:
    """No update (the rule update.item: a status and a comment for the period), or (while not
    finished) no completion forecast. Pass the municipality: the period starts after the
    previous follow-up of the year."""
    if not has_update(it, doc, m):
        return True
    return not it.completion and not is_finished(it.status)


@dataclass(slots=True)
class UnitPart:
    """One unit's part of a round: its items and control results, what is missing, its state."""

    unit: str
    items: list[Item] = field(default_factory=list)
    results: list[ControlResult] = field(default_factory=list)
    missing_items: list[Item] = field(default_factory=list)
    missing_results: list[ControlResult] = field(default_factory=list)
    state: str = "Ej påbörjad"
    by: str = ""
    at: dt.datetime | dt.date | None = None
    comment: str = ""

    @property
    def total(self) -> int:
        return len(self.items) + len(self.results)

    @property
    def missing(self) -> int:
        return len(self.missing_items) + len(self.missing_results)

    @property
    def updated(self) -> int:
        return self.total - self.missing

    @property
    def ready(self) -> bool:
        return self.state in ("Klar", "Godkänd")


def round_parts(m: Municipality, doc: Document) -> list[UnitPart]:
    """Every unit with something to report in a follow-up (or named in its round), in the
    municipality's unit order; items without a unit form a part of their own (unit "")."""
    parts: dict[str, UnitPart] = {}

    def part(unit: str) -> UnitPart:
        if unit not in parts:
            parts[unit] = UnitPart(unit)
        return parts[unit]

    for it in doc.items:
        p = part(it.responsible)
        p.items.append(it)
        if item_missing(it, doc, m):
            p.missing_items.append(it)
    for r in doc.control_results:
        p = part(r.unit)
        p.results.append(r)
        if result_missing(r):
            p.missing_results.append(r)
    rnd = doc.round
    if rnd is not None:
        for ru in rnd.units:
            p = part(ru.unit)
    for p in parts.values():
        ru = rnd.unit(p.unit) if rnd is not None else None
        recorded = ru.state if ru is not None else ""
        if recorded in ("Klar", "Godkänd"):
            p.state = recorded
        elif recorded == "Pågår" or p.updated:
            p.state = "Pågår"
        if rnd is not None and rnd.approved:
            p.state = "Godkänd"
        if ru is not None:
            p.by, p.at, p.comment = ru.by, ru.at, ru.comment
    order = {u.id: i for i, u in enumerate(m.units)}
    return sorted(parts.values(), key=lambda p: (p.unit == NO_UNIT, order.get(p.unit, len(order)), p.unit))


def days_left(rnd: Round | None, today: dt.date) -> int | None:
    """Days to the deadline (negative: past it), or None without one."""
    if rnd is None or rnd.deadline is None:
        return None
    return (rnd.deadline - today).days


def approval_date(rnd: Round) -> dt.date | None:
    at = rnd.approved_at
    if isinstance(at, dt.datetime):
        return at.date()
    return at


def tag_name(doc: Document) -> str:
    """The approval tag: `<kommun>/<nämnd>/<period>/godkand`."""
    return f"{doc.municipality}/{doc.board}/{doc.period}/godkand"


def person_label(m: Municipality, who: str) -> str:
    """A person id (or e-mail) as a name, for people."""
    p = m.person(who) or person_for_email(m, who)
    return p.name if p else who
