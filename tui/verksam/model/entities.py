"""The typed entries a plans repository holds. Pure data; built from parsed TOML by `build`.

Every entry remembers where it came from (`Src`: the file relative to the repository root and
the key path inside it), so that problems can point at it and edits can find it again.
"""

from __future__ import annotations

import datetime as dt
import sys
from dataclasses import dataclass, field, fields
from typing import Any, NamedTuple

from .rules import risk_value
from .values import FuzzyDate, Period, Value

# Enumerations as the documents write them.
ITEM_KINDS = ("uppdrag", "initiativ", "åtgärd")
ITEM_KIND_SV = {"uppdrag": "Uppdrag", "initiativ": "Initiativ", "åtgärd": "Åtgärd"}
STATUSES = ("Ej påbörjad", "Påbörjad", "Slutförd", "Avbruten")
COMPLETIONS = ("Enligt plan", "Avvikelse från plan")
ASSESSMENTS = ("Uppfyllt", "Delvis uppfyllt", "Ej uppfyllt", "Inget värde angivet", "Ej utvärderad")
TRENDS = ("Positiv", "Negativ", "Oförändrad", "Ej utvärderad")
BETTER = ("higher", "lower", "none")
DOC_KINDS = ("plan", "budget", "followup", "controls")
DOC_KIND_SV = {
    "plan": "Verksamhetsplan",
    "budget": "Budget",
    "followup": "Uppföljning",
    "controls": "Internkontroll",
}
COLUMN_MEASURES = ("utfall", "budget", "plan", "prognos", "avvikelse", "förändring", "mål", "annat")
# People and the reporting round (municipality.toml [[people]], a follow-up's [round]).
ROLES = ("rapportör", "controller", "läsare")
ROUND_STATES = ("Ej påbörjad", "Pågår", "Klar", "Godkänd")
# The internal control follow-up (a follow-up's [[control_results]]).
CONTROL_OUTCOMES = ("Inga avvikelser", "Avvikelser")
CONTROL_STATUSES = ("Ej påbörjad", "Påbörjad", "Utförd")
ACTION_STATUSES = ("Öppen", "Klar")


class Src(NamedTuple):
    """Where an entry is written: a file (relative to the repository root) and a key path.

    A NamedTuple rather than a frozen dataclass: there is one per entry, and a tuple is several
    times cheaper to create."""

    file: str
    path: tuple = ()

    def child(self, *keys: Any) -> "Src":
        return Src(self.file, self.path + keys)


@dataclass(slots=True)
class Unit:
    id: str
    name: str
    src: Src
    short: str = ""
    type: str = ""
    parent: str = ""
    board: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(slots=True)
class Board:
    id: str
    name: str
    src: Src
    short: str = ""


@dataclass(slots=True)
class GoalArea:
    id: str
    number: str
    title: str
    src: Src
    short_title: str = ""
    ambition: str = ""
    ambition_year: int | None = None
    text: str = ""


@dataclass(slots=True)
class Goal:
    id: str
    number: str
    title: str
    src: Src
    area: str = ""
    type: str = "inriktningsmål"
    text: str = ""
    agenda2030: tuple[int, ...] = ()
    same_as: str = ""
    board_goal: bool = False  # nämndens mål (written in a board's document)
    also: tuple[str, ...] = ()  # further council goals a board goal stands under


@dataclass(slots=True)
class GoalSet:
    """One Mål och budget period of a municipality (goals/<period>.toml)."""

    period: str
    title: str
    src: Src
    areas: list[GoalArea] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)


@dataclass(slots=True)
class IndicatorDef:
    id: str
    name: str
    src: Src
    type: str = ""
    unit: str = ""
    better: str = "none"
    responsible: str = ""
    responsible_text: str = ""
    source: str = ""
    interval: str = ""
    definition: str = ""
    range: tuple[float, float] | None = None


@dataclass(slots=True)
class Comment:
    text: str
    src: Src
    date: dt.date | None = None
    label: str = ""
    author: str = ""


@dataclass(slots=True)
class IndicatorEntry:
    """An indicator as one document shows it: its values per period and measure.

    The values are kept as parsed (`raw_values`) and turned into `Value`s on first use: a
    national repository holds about a million of them, and most loads never look at most.
    """

    id: str
    src: Src
    goal: str = ""
    name: str = ""
    responsible: str = ""
    responsible_text: str = ""
    baseline: Value | None = None
    baseline_year: int | None = None
    assessment: str = ""
    trend: str = ""
    raw_values: dict = field(default_factory=dict)  # period -> measure -> raw value, as parsed
    comments: list[Comment] = field(default_factory=list)
    footnotes: tuple[str, ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)
    _values: dict | None = field(default=None, repr=False, compare=False)

    @property
    def values(self) -> dict[str, dict[str, Value]]:
        """period -> measure -> Value, periods in time order."""
        if self._values is None:
            from .values import period_sort_key

            out = {}
            for period in sorted(self.raw_values, key=period_sort_key):
                measures = self.raw_values[period]
                if isinstance(measures, dict):
                    out[str(period)] = {str(m): Value.from_raw(v) for m, v in measures.items()}
            self._values = out
        return self._values

    def value(self, period: str, measure: str) -> Value | None:
        return self.values.get(period, {}).get(measure)


@dataclass(slots=True)
class Item:
    """An uppdrag, initiativ or åtgärd."""

    id: str
    kind: str
    title: str
    src: Src
    goal: str = ""
    parent: str = ""
    label: str = ""
    description: str = ""
    done_when: str = ""
    responsible: str = ""
    contributors: tuple[str, ...] = ()
    responsible_text: str = ""
    carried_over: bool = False
    origin: str = ""
    start: FuzzyDate | None = None
    end: FuzzyDate | None = None
    status: str = ""
    completion: str = ""
    footnotes: tuple[str, ...] = ()
    comments: list[Comment] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def latest_comment(self) -> Comment | None:
        dated = [c for c in self.comments if c.date]
        if dated:
            return max(dated, key=lambda c: c.date)
        return self.comments[-1] if self.comments else None


@dataclass(slots=True)
class Contribution:
    src: Src
    goal: str = ""
    area: str = ""
    contribution: str = ""
    note: str = ""
    assessment: str = ""
    trend: str = ""
    analysis: str = ""

    @property
    def target(self) -> str:
        return self.goal or self.area


@dataclass(slots=True)
class Column:
    heading: str
    measure: str = ""
    period: str = ""
    unit: str = ""  # when it differs from the table's, e.g. "%" for an Avvikelse % column


@dataclass(slots=True)
class Row:
    id: str
    label: str
    values: list[Value]
    src: Src
    parent: str = ""
    total: bool = False
    sum_of: tuple[str, ...] = ()
    group: str = ""
    code: str = ""
    unit: str = ""
    comment: str = ""


@dataclass(slots=True)
class Table:
    id: str
    title: str
    src: Src
    unit: str = ""
    section: str = ""
    note: str = ""
    columns: list[Column] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)

    def parts_of(self, row: Row) -> list[Row]:
        """The rows a total row is the sum of."""
        if row.sum_of:
            by_id = {r.id: r for r in self.rows}
            return [by_id[i] for i in row.sum_of if i in by_id]
        return [
            r
            for r in self.rows
            if r is not row and not r.total and not r.parent and (not row.group or r.group == row.group)
        ]


@dataclass(slots=True)
class Section:
    id: str
    title: str
    text: str
    src: Src
    parent: str = ""
    goal: str = ""
    unit: str = ""


@dataclass(slots=True)
class ScaleLevel:
    value: int
    label: str
    text: str = ""


@dataclass(slots=True)
class Scale:
    id: str
    title: str
    src: Src
    levels: list[ScaleLevel] = field(default_factory=list)


@dataclass(slots=True)
class HandlingRule:
    min: int
    max: int
    text: str
    src: Src
    label: str = ""


@dataclass(slots=True)
class Risk:
    id: str
    title: str
    src: Src
    process: str = ""
    probability: int | None = None
    consequence: int | None = None
    value: int | None = None
    handling: str = ""
    responsible: str = ""

    @property
    def computed_value(self) -> int | None:
        """probability × consequence (the rule risk.value)."""
        return risk_value(self.probability, self.consequence)


@dataclass(slots=True)
class Control:
    id: str
    src: Src
    risk: str = ""
    process: str = ""
    risk_value: int | None = None
    what: str = ""
    method: str = ""
    responsible_text: str = ""
    followup: str = ""


@dataclass(slots=True)
class ControlAction:
    """An action decided after a control found deviations: what, who owns it, by when."""

    text: str
    src: Src
    owner: str = ""
    due: dt.date | None = None
    status: str = ""  # Öppen | Klar

    @property
    def open(self) -> bool:
        return self.status != "Klar"


@dataclass(slots=True)
class ControlResult:
    """The result of one planned control (controls.toml) for a follow-up's period."""

    id: str  # the planned control's id ([[controls]] in the year's controls.toml)
    src: Src
    unit: str = ""  # who reports it in the round
    performed: dt.date | None = None
    performed_by: str = ""
    outcome: str = ""  # Inga avvikelser | Avvikelser
    deviations: str = ""
    status: str = ""
    evidence: str = ""  # a text or a link
    actions: list[ControlAction] = field(default_factory=list)
    comment: str = ""


@dataclass(slots=True)
class RoundUnit:
    """One unit's part of a reporting round: its state, who set it and when, a comment."""

    unit: str
    src: Src
    state: str = ""
    by: str = ""  # a person id (or an e-mail)
    at: dt.datetime | dt.date | None = None
    comment: str = ""


@dataclass(slots=True)
class Round:
    """A follow-up's reporting round: deadline, the controller's instructions, the units' states
    and, once approved, who approved it and when."""

    src: Src
    deadline: dt.date | None = None
    instructions: str = ""
    controller: str = ""  # a person id
    approved_by: str = ""
    approved_at: dt.datetime | dt.date | None = None
    approved_comment: str = ""
    units: list[RoundUnit] = field(default_factory=list)

    @property
    def approved(self) -> bool:
        return bool(self.approved_by and self.approved_at)

    def unit(self, unit_id: str) -> RoundUnit | None:
        for u in self.units:
            if u.unit == unit_id:
                return u
        return None


@dataclass(slots=True)
class Document:
    """A plan, budget, follow-up or control plan of one board for one period; maybe several files."""

    municipality: str
    board: str
    kind: str
    period: str
    files: list[str] = field(default_factory=list)
    title: str = ""
    goal_period: str = ""
    office: str = ""
    date: dt.date | None = None
    source: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    contributions: list[Contribution] = field(default_factory=list)
    board_goals: list[Goal] = field(default_factory=list)
    indicators: list[IndicatorEntry] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    scales: list[Scale] = field(default_factory=list)
    handling_rules: list[HandlingRule] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    controls: list[Control] = field(default_factory=list)
    control_results: list[ControlResult] = field(default_factory=list)
    round: Round | None = None

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.municipality, self.board, self.kind, self.period)

    @property
    def year(self) -> int | None:
        p = Period.parse(self.period)
        return p.year if p else None

    @property
    def label(self) -> str:
        if self.kind == "followup":
            p = Period.parse(self.period)
            return f"Uppföljning {p.label_sv() if p else self.period}"
        return f"{DOC_KIND_SV.get(self.kind, self.kind)} {self.period}"

    def item(self, item_id: str) -> Item | None:
        for it in self.items:
            if it.id == item_id:
                return it
        return None

    def indicator(self, ind_id: str) -> IndicatorEntry | None:
        for e in self.indicators:
            if e.id == ind_id:
                return e
        return None


@dataclass(slots=True)
class Person:
    """Someone who takes part in the round (municipality.toml [[people]])."""

    id: str
    name: str
    src: Src
    emails: tuple[str, ...] = ()
    role: str = "läsare"  # rapportör | controller | läsare
    units: tuple[str, ...] = ()  # the units reported for (a controller's may be empty: every unit)
    boards: tuple[str, ...] = ()

    @property
    def email(self) -> str:
        return self.emails[0] if self.emails else ""


@dataclass(slots=True)
class Municipality:
    id: str
    name: str
    src: Src | None = None
    boards: list[Board] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    goal_sets: dict[str, GoalSet] = field(default_factory=dict)
    indicator_defs: dict[str, IndicatorDef] = field(default_factory=dict)
    duplicate_defs: list[IndicatorDef] = field(default_factory=list)  # a second definition of an id (an error)
    documents: list[Document] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)

    def person(self, person_id: str) -> Person | None:
        for p in self.people:
            if p.id == person_id:
                return p
        return None

    def unit(self, unit_id: str) -> Unit | None:
        for u in self.units:
            if u.id == unit_id:
                return u
        return None

    def unit_name(self, unit_id: str) -> str:
        u = self.unit(unit_id)
        return u.name if u else unit_id

    def board_name(self, board_id: str) -> str:
        for b in self.boards:
            if b.id == board_id:
                return b.name
        return board_id

    def goals_by_id(self) -> dict[str, Goal]:
        out: dict[str, Goal] = {}
        for gs in self.goal_sets.values():
            for g in gs.goals:
                out[g.id] = g
        for d in self.documents:
            for g in d.board_goals:
                out[g.id] = g
        return out

    def areas_by_id(self) -> dict[str, GoalArea]:
        return {a.id: a for gs in self.goal_sets.values() for a in gs.areas}

    def document(self, board: str, kind: str, period: str) -> Document | None:
        for d in self.documents:
            if d.board == board and d.kind == kind and d.period == period:
                return d
        return None


@dataclass(slots=True)
class Workspace:
    """Everything under plans/: municipalities with their documents."""

    municipalities: dict[str, Municipality] = field(default_factory=dict)

    def documents(self):
        for m in self.municipalities.values():
            yield from m.documents

    def stats(self) -> dict[str, int]:
        docs = list(self.documents())
        return {
            "municipalities": len(self.municipalities),
            "documents": len(docs),
            "indicators": sum(len(d.indicators) for d in docs),
            "values": sum(len(v) for d in docs for e in d.indicators for v in e.values.values()),
            "items": sum(len(d.items) for d in docs),
            "tables": sum(len(d.tables) for d in docs),
        }


def compact(m: Municipality) -> None:
    """Share the repeated short strings of a municipality's entries: ids, enumerations (status,
    kind, assessment …), periods and measures, units. As parsed, each occurrence is its own
    object; shared, a model kept in the app's memory is about a fifth smaller. Nothing changes
    in value or order (dicts are rebuilt in their order); frozen values are left as they are."""
    seen: set[int] = set()
    stack: list = [m]
    intern = sys.intern
    while stack:
        o = stack.pop()
        t = type(o)
        if id(o) in seen:
            continue
        seen.add(id(o))
        if t is list:
            for i, x in enumerate(o):
                if type(x) is str:
                    if len(x) <= _SHORT:
                        o[i] = intern(x)
                elif type(x) not in _ATOMS:
                    stack.append(x)
        elif t is dict:
            items = [((intern(k) if type(k) is str and len(k) <= _SHORT else k),
                      (intern(v) if type(v) is str and len(v) <= _SHORT else v)) for k, v in o.items()]
            o.clear()
            o.update(items)
            stack.extend(v for _, v in items if type(v) not in _ATOMS)
        elif t is tuple:
            stack.extend(x for x in o if type(x) not in _ATOMS)
        elif t in _MUTABLE:
            for name in _MUTABLE[t]:
                v = getattr(o, name, None)
                if type(v) is str:
                    if len(v) <= _SHORT:
                        setattr(o, name, intern(v))
                elif type(v) not in _ATOMS:
                    stack.append(v)


_SHORT = 64  # longer strings (texts, comments) seldom repeat
_ATOMS = (str, int, float, bool, type(None), dt.date, dt.datetime)
_MUTABLE = {cls: tuple(f.name for f in fields(cls))
            for cls in (Unit, Board, GoalArea, Goal, GoalSet, IndicatorDef, Comment, IndicatorEntry, Item,
                        Contribution, Column, Row, Table, Section, ScaleLevel, Scale, HandlingRule, Risk, Control,
                        ControlAction, ControlResult, RoundUnit, Round, Document, Person, Municipality)}
