"""States of indicators and items as Swedish municipal reports show them: a colour, a symbol
and a word, never colour alone. Also the overview counts per goal (used when
verksam.analysis.summary is not there to ask).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from rich.text import Text

from ..model.entities import Document, IndicatorDef, IndicatorEntry, Item, Municipality
from ..model.values import Period
from ..text import t

GREEN = "bold green"
YELLOW = "bold yellow"
RED = "bold red"
GREY = "grey62"

# state -> (symbol, style)
SYMBOLS = {
    "met": ("●", GREEN),
    "partly": ("▲", YELLOW),
    "not_met": ("■", RED),
    "no_value": ("○", GREY),
    "done": ("●", GREEN),
    "started": ("▲", YELLOW),
    "not_started": ("○", GREY),
    "deviating": ("■", RED),
    "on_plan": ("●", GREEN),
    "cancelled": ("■", RED),
    "none": ("·", GREY),
}

ASSESSMENT_STATE = {
    "Uppfyllt": "met",
    "Delvis uppfyllt": "partly",
    "Ej uppfyllt": "not_met",
    "Inget värde angivet": "no_value",
    "Ej utvärderad": "no_value",
}
STATUS_STATE = {"Slutförd": "done", "Påbörjad": "started", "Ej påbörjad": "not_started", "Avbruten": "cancelled"}
COMPLETION_STATE = {"Enligt plan": "on_plan", "Avvikelse från plan": "deviating"}
TREND_SYMBOL = {
    "Positiv": ("↗", GREEN),
    "Negativ": ("↘", RED),
    "Oförändrad": ("→", YELLOW),
    "Ej utvärderad": ("–", GREY),
}


def badge(state: str, word: str | None = None) -> Text:
    """`● Uppfyllt` in green: the symbol and the word."""
    sym, style = SYMBOLS.get(state, SYMBOLS["none"])
    out = Text(sym, style=style)
    if word:
        out.append(" ")
        out.append(word, style=style.replace("bold ", ""))
    return out


def symbol(state: str) -> Text:
    sym, style = SYMBOLS.get(state, SYMBOLS["none"])
    return Text(sym, style=style)


def assessment_text(word: str) -> Text:
    if not word:
        return Text("")
    return badge(ASSESSMENT_STATE.get(word, "none"), word)


def trend_text(word: str) -> Text:
    if not word:
        return Text("")
    sym, style = TREND_SYMBOL.get(word, ("·", GREY))
    out = Text(sym + " ", style=style)
    out.append(word)
    return out


def status_text(word: str) -> Text:
    if not word:
        return Text("")
    return badge(STATUS_STATE.get(word, "none"), word)


def completion_text(word: str) -> Text:
    if not word:
        return Text("")
    return badge(COMPLETION_STATE.get(word, "none"), word)


def item_state(it: Item) -> str:
    """One state for a tree symbol: deviating beats the status."""
    if it.completion == "Avvikelse från plan" or it.status == "Avbruten":
        return "deviating"
    return STATUS_STATE.get(it.status, "none")


# ------------------------------------------------------------------ indicators


def _target_year(doc: Document) -> str:
    p = Period.parse(doc.period)
    return str(p.year) if p else doc.period


def indicator_state(e: IndicatorEntry, doc: Document, defn: IndicatorDef | None) -> tuple[str, bool]:
    """met / not_met / partly / no_value for an indicator in a document; and whether it was computed.

    A follow-up's own assessment wins. Otherwise the outcome (or forecast) of the document's
    period is compared with the year's target, respecting which direction is better.
    """
    if e.assessment:
        return ASSESSMENT_STATE.get(e.assessment, "no_value"), False
    year = _target_year(doc)
    target = e.value(year, "target")
    value = e.value(doc.period, "outcome") or e.value(year, "outcome") or e.value(year, "forecast")
    if value is None or target is None or value.number is None or target.number is None:
        return "no_value", True
    better = defn.better if defn else "none"
    if better == "lower":
        return ("met" if value.number <= target.number else "not_met"), True
    if better == "higher":
        return ("met" if value.number >= target.number else "not_met"), True
    return "no_value", True


# ------------------------------------------------------------------ updates


def has_update(it: Item, doc: Document) -> bool:
    """Whether a follow-up says something about the item for its period: a status and a comment
    dated in the period's year, up to the period's end."""
    if doc.kind != "followup":
        return True
    p = Period.parse(doc.period)
    if not it.status:
        return False
    if p is None:
        return bool(it.comments)
    start = dt.date(p.year, 1, 1)
    for c in it.comments:
        if c.date and start <= c.date <= p.end:
            return True
    return False


# ------------------------------------------------------------------ counts


@dataclass
class Counts:
    met: int = 0
    not_met: int = 0
    no_value: int = 0
    not_started: int = 0
    started: int = 0
    done: int = 0
    deviating: int = 0
    no_status: int = 0
    indicators: int = 0
    items: int = 0

    def add(self, other: "Counts") -> None:
        for k in self.__dataclass_fields__:
            setattr(self, k, getattr(self, k) + getattr(other, k))


@dataclass
class GoalRow:
    level: int  # 0 area, 1 goal
    ref_id: str
    label: str
    counts: Counts
    assessment: str = ""
    trend: str = ""


@dataclass
class Overview:
    rows: list[GoalRow] = field(default_factory=list)
    total: Counts = field(default_factory=Counts)


def count_indicator(c: Counts, state: str) -> None:
    c.indicators += 1
    if state == "met":
        c.met += 1
    elif state in ("not_met", "partly"):
        c.not_met += 1
    else:
        c.no_value += 1


def count_item(c: Counts, it: Item) -> None:
    """Counts uppdrag and initiativ (åtgärder are counted by their parents, as the reports do)."""
    if it.kind == "åtgärd":
        return
    c.items += 1
    s = STATUS_STATE.get(it.status)
    if s == "done":
        c.done += 1
    elif s == "started":
        c.started += 1
    elif s == "not_started":
        c.not_started += 1
    else:
        c.no_status += 1
    if it.completion == "Avvikelse från plan" or it.status == "Avbruten":
        c.deviating += 1


def overview(m: Municipality, doc: Document, item_ok=None) -> Overview:
    """Counts per goal area and goal of a document, in goal order."""
    from .nav import goal_of_item, goal_structure

    item_ok = item_ok or (lambda it: True)
    struct = goal_structure(m, doc)
    per_goal: dict[str, Counts] = {}
    for e in doc.indicators:
        count_indicator(per_goal.setdefault(e.goal, Counts()), indicator_state(e, doc, m.indicator_defs.get(e.id))[0])
    for it in doc.items:
        if item_ok(it):
            count_item(per_goal.setdefault(goal_of_item(doc, it), Counts()), it)
    contrib = {c.target: c for c in doc.contributions}
    out = Overview()
    for area, goals in struct:
        area_c = Counts()
        rows = []
        for g in goals:
            c = Counts()
            c.add(per_goal.get(g.id, Counts()))
            for bg in struct.children.get(g.id, []):
                c.add(per_goal.get(bg.id, Counts()))
            area_c.add(c)
            cc = contrib.get(g.id)
            rows.append(GoalRow(1, g.id, f"{g.number} {g.title}".strip(), c,
                                cc.assessment if cc else "", cc.trend if cc else ""))
        if area is not None:
            cc = contrib.get(area.id)
            out.rows.append(GoalRow(0, area.id, f"{area.number} {area.title}".strip(), area_c,
                                    cc.assessment if cc else "", cc.trend if cc else ""))
        out.rows.extend(rows)
        out.total.add(area_c)
    if "" in per_goal:
        out.rows.append(GoalRow(0, "", t("tree.no_goal"), per_goal[""]))
        out.total.add(per_goal[""])
    return out
