"""States of indicators and items as Swedish municipal reports show them: a colour, a symbol
and a word, never colour alone. Also the overview counts per goal (used when
verksam.analysis.summary is not there to ask).

Every judgement here is a rule of verksam.model.rules; this module only gives it a symbol.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rich.text import Text

from ..model import rules as R
from ..model.entities import Document, IndicatorDef, IndicatorEntry, Item, Municipality
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
    "not_evaluated": ("○", GREY),
    "done": ("●", GREEN),
    "started": ("▲", YELLOW),
    "not_started": ("○", GREY),
    "deviating": ("■", RED),
    "on_plan": ("●", GREEN),
    "cancelled": ("■", RED),
    "none": ("·", GREY),
}

# the report's own words, as the keys of SYMBOLS (the rule: verksam.model.rules.reported_state)
ASSESSMENT_STATE = {word: state.key for word, state in R.ASSESSMENT_STATES.items()}
STATUS_STATE = dict(R.STATUS_STATES)
COMPLETION_STATE = {R.ON_PLAN: "on_plan", R.DEVIATING: "deviating"}
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
    """One state for a tree symbol (the rule item.state): deviating beats the status."""
    return R.item_state(it.status, it.completion)


# ------------------------------------------------------------------ indicators


def indicator_judgement(e: IndicatorEntry, doc: Document, defn: IndicatorDef | None) -> R.Judgement:
    """The rule indicator.state for an indicator in a document (what `verksam summary` computes)."""
    return R.judge_entry(e, doc.period, defn.better if defn else "none")


def indicator_state(e: IndicatorEntry, doc: Document, defn: IndicatorDef | None) -> str:
    """met / not_met / no_value / not_evaluated (a key of SYMBOLS) for an indicator in a document,
    computed by the rule indicator.state. The report's own assessment is shown beside it as
    written (`assessment_text`), never in its place: the tree, the overview and the summary
    count the same thing."""
    return indicator_judgement(e, doc, defn).state.key


# ------------------------------------------------------------------ updates


def has_update(it: Item, doc: Document, m: Municipality | None = None) -> bool:
    """The rule update.item: a status and a comment dated in the follow-up's window (after the
    previous follow-up of the year, up to the report date). Pass the municipality."""
    return R.has_update(it, doc, m)


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
    """Counts a state (a key of SYMBOLS): met, not met, or without a value (no value, not
    evaluated), as `verksam summary` does."""
    c.indicators += 1
    if state == "met":
        c.met += 1
    elif state in ("not_met", "partly"):
        c.not_met += 1
    else:
        c.no_value += 1


def count_item(c: Counts, it: Item) -> None:
    """Counts uppdrag and initiativ (åtgärder are counted by their parents, as the reports do)."""
    if not R.in_overview(it.kind):
        return
    c.items += 1
    s = R.status_state(it.status)
    if s == "done":
        c.done += 1
    elif s == "started":
        c.started += 1
    elif s == "not_started":
        c.not_started += 1
    else:
        c.no_status += 1
    if R.is_deviating(it.status, it.completion):
        c.deviating += 1


def overview(m: Municipality, doc: Document, item_ok=None) -> Overview:
    """Counts per goal area and goal of a document, in goal order."""
    from .nav import goal_of_item, goal_structure

    item_ok = item_ok or (lambda it: True)
    struct = goal_structure(m, doc)
    per_goal: dict[str, Counts] = {}
    for e in doc.indicators:
        count_indicator(per_goal.setdefault(e.goal, Counts()), indicator_state(e, doc, m.indicator_defs.get(e.id)))
    for it in doc.items:
        if item_ok(it):
            count_item(per_goal.setdefault(goal_of_item(doc, it), Counts()), it)
    contrib = {c.target: c for c in doc.contributions}
    out = Overview()
    for area, goals in struct:
        area_c = Counts()
        if area is not None:  # entries under the area itself
            area_c.add(per_goal.get(area.id, Counts()))
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
