"""Every rule that judges an entry, in one place. Pure: no I/O, no polars, no Textual.

The tree, the overview, `verksam summary`, the round and the report all call these functions;
nothing else decides whether an indicator is met, whether an item has an update, in which
order goals come, or what a risk is worth. Shaped as beancount shapes its checks: small named
functions, each registered in `RULES` with a name and one line, so that the documentation
(docs/design.md, "Where each rule lives") and the tests can enumerate them.

Values are taken as the documents write them. A value written as text ("Saknas",
"Basvärde tas fram") is never read as a number: callers pass its number (`number_of`), which is
None, and the rule gives "no value".
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Callable, Iterable

from .values import Period, Value

if TYPE_CHECKING:  # the entities import this module; only their types are needed here
    from .entities import Document, IndicatorEntry, Item, Municipality


# ---------------------------------------------------------------- the registry


@dataclass(frozen=True, slots=True)
class Rule:
    """One named rule: `name` (dotted, `area.what`), the function, and what it decides."""

    name: str
    func: Callable
    doc: str


RULES: list[Rule] = []


def rule(name: str):
    """Register a function as the rule `name`; its docstring's first line says what it decides."""

    def register(func: Callable) -> Callable:
        if any(r.name == name for r in RULES):
            raise ValueError(f"rule {name!r} registered twice")
        doc = (func.__doc__ or "").strip().splitlines()
        RULES.append(Rule(name, func, doc[0] if doc else ""))
        return func

    return register


def rule_named(name: str) -> Rule:
    for r in RULES:
        if r.name == name:
            return r
    raise KeyError(name)


# ---------------------------------------------------------------- indicators

TOLERANCE = 1e-9
"""The one tolerance of the indicator rules, relative to the target (absolute when the target
is within ±1): a value equal to its target up to floating-point rounding meets it, nothing more.
A 0,2 % budget deviation against a 0 % target is "not met" whatever the report says (the summary
flags such disagreements)."""


class IndicatorState(StrEnum):
    """An indicator's state. The values are the words `verksam summary` writes (csv, json)."""

    MET = "met"
    NOT_MET = "not met"
    NO_VALUE = "no value"
    NOT_EVALUATED = "not evaluated"  # the indicator has no better direction
    PARTLY = "partly"  # only from a report's own assessment ("Delvis uppfyllt"); never computed

    @property
    def key(self) -> str:
        """The identifier form (`not_met`), for symbols and text keys."""
        return self.value.replace(" ", "_")


# The words a report writes as its own assessment of an indicator or a goal, as states.
ASSESSMENT_STATES: dict[str, IndicatorState] = {
    "Uppfyllt": IndicatorState.MET,
    "Delvis uppfyllt": IndicatorState.PARTLY,
    "Ej uppfyllt": IndicatorState.NOT_MET,
    "Inget värde angivet": IndicatorState.NO_VALUE,
    "Ej utvärderad": IndicatorState.NOT_EVALUATED,
}
# A computed state in the report's own words (the first word written for it).
STATE_ASSESSMENT: dict[IndicatorState, str] = {
    IndicatorState.MET: "Uppfyllt",
    IndicatorState.PARTLY: "Delvis uppfyllt",
    IndicatorState.NOT_MET: "Ej uppfyllt",
    IndicatorState.NO_VALUE: "Inget värde angivet",
    IndicatorState.NOT_EVALUATED: "Ej utvärderad",
}


@dataclass(frozen=True, slots=True)
class Judgement:
    """An indicator judged for a period: the state, and what it was judged on.

    `basis` is "outcome", "forecast" or "" (nothing to judge), `basis_period` the period of that
    value (`2025-04`, `2025`), `value` and `target` the numbers compared (None when absent or
    written as text)."""

    state: IndicatorState
    basis: str = ""
    basis_period: str = ""
    value: float | None = None
    target: float | None = None


def number_of(v: Value | None) -> float | None:
    """The number a value is written with; None for a blank value or one written as text only."""
    return v.number if v is not None else None


def target_year(period: str) -> str:
    """The year whose target a period is judged against: `2025-04` → `2025`."""
    p = Period.parse(period)
    return str(p.year) if p else period


@rule("indicator.meets_target")
def meets_target(value: float | None, target: float | None, better: str) -> IndicatorState:
    """Met / not met in the better direction (higher or lower) within TOLERANCE; no value
    without both numbers; not evaluated without a direction."""
    if value is None or target is None:
        return IndicatorState.NO_VALUE
    slack = TOLERANCE * max(1.0, abs(target))
    if better == "higher":
        return IndicatorState.MET if value >= target - slack else IndicatorState.NOT_MET
    if better == "lower":
        return IndicatorState.MET if value <= target + slack else IndicatorState.NOT_MET
    return IndicatorState.NOT_EVALUATED


@rule("indicator.judged_value")
def judged_value(period: str, target: float | None, period_target: float | None = None,
                 period_outcome: float | None = None, year_outcome: float | None = None,
                 forecast: float | None = None) -> tuple[str, str, float | None, float | None]:
    """What an indicator is judged on: the period's outcome (against a target for that same
    period), then the year's outcome, then the year's forecast (against the year's target) — the
    first written as a number; (basis, its period, value, target)."""
    year = target_year(period)
    if period != year and period_outcome is not None and period_target is not None:
        return "outcome", period, period_outcome, period_target
    if period == year and period_outcome is not None:
        return "outcome", year, period_outcome, target
    if year_outcome is not None:
        return "outcome", year, year_outcome, target
    if forecast is not None:
        return "forecast", year, forecast, target
    return "", "", None, target


@rule("indicator.state")
def indicator_state(period: str, better: str, target: float | None, period_target: float | None = None,
                    period_outcome: float | None = None, year_outcome: float | None = None,
                    forecast: float | None = None) -> Judgement:
    """An indicator for a period: its judged value (indicator.judged_value) against its target
    (indicator.meets_target). `target` is the year's; pass numbers only (text values are None).
    A part-year outcome is never compared with a whole-year target."""
    basis, basis_period, value, against = judged_value(period, target, period_target, period_outcome,
                                                       year_outcome, forecast)
    return Judgement(meets_target(value, against, better), basis, basis_period, value, against)


def judge_entry(entry: "IndicatorEntry", period: str, better: str) -> Judgement:
    """indicator.state for an indicator as a document holds it (`better` from its definition)."""
    year = target_year(period)
    return indicator_state(
        period, better,
        target=number_of(entry.value(year, "target")),
        period_target=number_of(entry.value(period, "target")),
        period_outcome=number_of(entry.value(period, "outcome")),
        year_outcome=number_of(entry.value(year, "outcome")),
        forecast=number_of(entry.value(year, "forecast")),
    )


@rule("indicator.reported_state")
def reported_state(assessment: str) -> IndicatorState | None:
    """The state a report's own assessment word says; None when it gives none (or an unknown word)."""
    return ASSESSMENT_STATES.get(assessment)


@rule("indicator.agrees")
def agrees(assessment: str, computed: IndicatorState) -> bool | None:
    """Whether a report's assessment says what the computed state says; None without an assessment."""
    if not assessment:
        return None
    return assessment == STATE_ASSESSMENT[computed]


@rule("indicator.has_update")
def indicator_has_update(assessment: str, basis: str) -> bool:
    """An indicator has an update when the report assesses it or it has a value to judge (the
    `basis` of its Judgement)."""
    return bool(assessment) or bool(basis)


# ---------------------------------------------------------------- items

NOT_STARTED, STARTED, DONE, CANCELLED = "Ej påbörjad", "Påbörjad", "Slutförd", "Avbruten"
ON_PLAN, DEVIATING = "Enligt plan", "Avvikelse från plan"
FINISHED = (DONE, CANCELLED)
OVERVIEW_KINDS = ("uppdrag", "initiativ")  # åtgärder are counted through their parents

# status word -> state key (the tree's symbols); an unknown or missing status is "none"
STATUS_STATES = {NOT_STARTED: "not_started", STARTED: "started", DONE: "done", CANCELLED: "cancelled"}


@rule("item.status")
def status_state(status: str) -> str:
    """An item's status word as a state: not_started, started, done, cancelled, or none."""
    return STATUS_STATES.get(status, "none")


@rule("item.deviating")
def is_deviating(status: str, completion: str) -> bool:
    """An item deviates from plan when its completion forecast says so or it was cancelled."""
    return completion == DEVIATING or status == CANCELLED


@rule("item.state")
def item_state(status: str, completion: str) -> str:
    """One state for an item's symbol: deviating (item.deviating) beats the status (item.status)."""
    return "deviating" if is_deviating(status, completion) else status_state(status)


@rule("item.finished")
def is_finished(status: str) -> bool:
    """An item is finished when done or cancelled."""
    return status in FINISHED


@rule("item.overdue")
def is_overdue(end: dt.date | None, status: str, as_of: dt.date | None) -> bool:
    """Overdue: the end date (a fuzzy end's last possible day) passed before `as_of` and not finished."""
    return end is not None and as_of is not None and end < as_of and not is_finished(status)


@rule("item.in_overview")
def in_overview(kind: str) -> bool:
    """Uppdrag and initiativ are counted in overviews; åtgärder only through their parents."""
    return kind in OVERVIEW_KINDS


# ---------------------------------------------------------------- updates


@rule("update.window")
def update_window(period: str, report_date: dt.date | None = None,
                  previous_report_date: dt.date | None = None) -> tuple[dt.date, dt.date] | None:
    """The days a follow-up's updates are dated in: after the previous follow-up of the year
    (else from 1 January) up to the report date (else the period's end); None for no period."""
    p = Period.parse(period)
    if p is None:
        return None
    start = dt.date(p.year, 1, 1)
    if previous_report_date is not None and previous_report_date.year == p.year:
        start = previous_report_date + dt.timedelta(days=1)
    end = max(report_date or p.end, start)
    return start, end


@rule("update.commented")
def commented_in(comment_dates: Iterable[dt.date | None], window: tuple[dt.date, dt.date] | None) -> bool:
    """A comment dated within the window (without a window: any comment at all)."""
    dates = list(comment_dates)
    if window is None:
        return bool(dates)
    start, end = window
    return any(d is not None and start <= d <= end for d in dates)


@rule("update.item")
def is_updated(status: str, comment_dates: Iterable[dt.date | None],
               window: tuple[dt.date, dt.date] | None) -> bool:
    """An item has an update for a follow-up: a status and a comment in its window (update.commented)."""
    return bool(status) and commented_in(comment_dates, window)


def previous_followup(doc: "Document", municipality: "Municipality | None") -> "Document | None":
    """The follow-up of the same board and year just before `doc`, if the municipality is given."""
    if municipality is None:
        return None
    p = Period.parse(doc.period)
    if p is None:
        return None
    best = None
    for d in municipality.documents:
        q = Period.parse(d.period) if d.kind == "followup" and d.board == doc.board else None
        if q is not None and q.year == p.year and q < p and (best is None or q > best[0]):
            best = (q, d)
    return best[1] if best else None


def report_date(doc: "Document") -> dt.date | None:
    """A document's date, else the last day of its period."""
    if doc.date is not None:
        return doc.date
    p = Period.parse(doc.period)
    return p.end if p else None


def followup_window(doc: "Document", municipality: "Municipality | None" = None) -> tuple[dt.date, dt.date] | None:
    """update.window for a follow-up as the repository holds it: its report date, and the previous
    follow-up's (found in `municipality`; without it the window starts on 1 January)."""
    prev = previous_followup(doc, municipality)
    return update_window(doc.period, report_date(doc), report_date(prev) if prev else None)


def has_update(it: "Item", doc: "Document", municipality: "Municipality | None" = None) -> bool:
    """update.item for an item of a document; outside follow-ups every item counts as updated.
    Pass the municipality so that the window starts after the previous follow-up of the year."""
    if doc.kind != "followup":
        return True
    return is_updated(it.status, (c.date for c in it.comments), followup_window(doc, municipality))


# ---------------------------------------------------------------- goals

_LAST = 10**6  # a part that is not a number sorts after every number


@rule("goal.order")
def goal_number_key(number: str) -> tuple[int, ...]:
    """Goal numbers in numeric order, part by part: 1.2 < 1.10 < 2, `6.1` under `6`; a part
    that is not a number (and an empty number) sorts last."""
    parts = [p for p in re.split(r"[.,\-]", str(number or "").strip()) if p != ""]
    out = []
    for part in parts:
        m = re.match(r"\d+", part.strip())
        out.append(int(m[0]) if m else _LAST)
    return tuple(out) or (_LAST,)


# ---------------------------------------------------------------- risks

# (highest value, level): a risk value up to 4 is low, up to 8 medium, up to 12 high, above critical
RISK_LEVELS = ((4, "low"), (8, "medium"), (12, "high"))
RISK_TOP_LEVEL = "critical"


@rule("risk.value")
def risk_value(probability: int | None, consequence: int | None) -> int | None:
    """A risk's value: probability × consequence; None without both."""
    if probability is None or consequence is None:
        return None
    return probability * consequence


@rule("risk.shown_value")
def shown_risk_value(stated: int | None, probability: int | None, consequence: int | None) -> int | None:
    """The value a risk is shown with: as the document states it, else risk.value (validate
    warns where the two differ)."""
    return stated if stated is not None else risk_value(probability, consequence)


@rule("risk.level")
def risk_level(value: int) -> str:
    """A risk value's level: low (≤ 4), medium (≤ 8), high (≤ 12), critical above."""
    for top, level in RISK_LEVELS:
        if value <= top:
            return level
    return RISK_TOP_LEVEL


# ---------------------------------------------------------------- new entries

NEW_ITEM_STATUS = NOT_STARTED


@rule("new.item_kinds")
def new_item_kinds(parent_kind: str | None) -> tuple[str, ...]:
    """The kinds a new item may have: an åtgärd only under an uppdrag or initiativ (first
    offered there), uppdrag and initiativ anywhere."""
    own = ("åtgärd",) if parent_kind is not None and parent_kind != "åtgärd" else ()
    return own + OVERVIEW_KINDS


@rule("new.item_status")
def new_item_status(doc_kind: str) -> str | None:
    """A new item in a follow-up starts as Ej påbörjad; in a plan it has no status."""
    return NEW_ITEM_STATUS if doc_kind == "followup" else None
