"""New periods: a follow-up created from the plan, and next year's plan created from this year's.

* new follow-up (e.g. 2025-08): every uppdrag, initiativ and indicator of the year's plan, with the
  latest status, completion forecast, end date and indicator forecast carried forward from the
  most recent follow-up before it; outcomes and comments are left empty for people to fill in.
  Its goals start unassessed ("Ej utvärderad"), not judged again from carried-over forecasts; the
  economy tables of the previous follow-up are carried over with their columns and row labels,
  their values left empty.
* next year's plan: every uppdrag and initiativ that is not done, marked as carried over
  ("Kvarvarande uppdrag"); the indicators with their targets for the following years.

Both are written as new files through the one write path (`EditSession` with a `CreateFile`
edit): the repository must validate with the new file, the write is atomic and under the
repository lock, and the file is committed with the user's identity.
"""

from __future__ import annotations

from pathlib import Path

import tomlkit

from ..model.entities import Document, Municipality
from ..model.values import MONTH_NAMES_SV, Period, Value
from .edits import CreateFile
from .repository import PlanRepository
from .session import EditSession, WriteRefused
from .writer import entry_table

DONE = "Slutförd"
UNASSESSED = "Ej utvärderad"


def _carried_tables(latest: Document, period: str) -> list[dict]:
    """The previous follow-up's tables (its economy) with their columns and row labels; every value
    empty, and a column of the previous period now of this one."""
    out = []
    for tb in latest.tables:
        cols = []
        for c in tb.columns:
            col = {"heading": c.heading, "measure": c.measure,
                   "period": period if c.period == latest.period else c.period, "unit": c.unit}
            cols.append({k: v for k, v in col.items() if v or k == "heading"})
        rows = [{"id": r.id, "label": r.label, "values": [""] * len(tb.columns), "parent": r.parent,
                 "total": r.total or None, "sum_of": list(r.sum_of) or None, "group": r.group, "code": r.code,
                 "unit": r.unit} for r in tb.rows]
        out.append({"id": tb.id, "title": tb.title, "unit": tb.unit, "section": tb.section, "columns": cols,
                    "rows": rows})
    return out


def carried_past_end(doc: Document) -> list:
    """A new plan's carried-over items whose end date is already before the plan's year."""
    p = Period.parse(doc.period)
    if p is None:
        return []
    return [it for it in doc.items if it.carried_over and it.end is not None and it.end.last is not None
            and it.end.last.year < p.year]


def _raw_value(v: Value):
    if v.number is not None and not v.text and not v.groups:
        return int(v.number) if float(v.number).is_integer() else v.number
    out = {}
    if v.number is not None:
        out["value"] = v.number
    if v.text:
        out["text"] = v.text
    if v.groups:
        out["groups"] = dict(v.groups)
    return out if out else ""


def _date_raw(fd):
    if fd is None:
        return None
    if fd.precision == "day" and fd.text == (fd.first.isoformat() if fd.first else ""):
        return fd.first
    return fd.text


def _schema_line(rel: str, kind: str) -> str:
    depth = len(Path(rel).parts) - 1
    return f"#:schema {'../' * depth}schemas/{kind}.schema.json\n"


def _render(rel: str, kind: str, header: dict, items: list[dict], indicators: list[dict],
            contributions: list[dict], comment: str, tables: list[dict] | None = None) -> str:
    """A new file: the header, then the entries laid out as the writer lays out any new entry."""
    doc = tomlkit.document()
    for k, v in header.items():
        if v not in (None, ""):
            doc[k] = v
    for key, entries, keep in (("contributions", contributions, ()), ("indicators", indicators, ("id",)),
                               ("items", items, ("id", "kind", "title"))):
        if entries:
            aot = tomlkit.aot()
            for e in entries:
                aot.append(entry_table({k: v for k, v in e.items() if v not in (None, "", {}) or k in keep}))
            doc[key] = aot
    if tables:
        aot = tomlkit.aot()
        for tb in tables:
            table = entry_table({k: v for k, v in tb.items() if k != "rows" and v not in (None, "")})
            rows = tomlkit.aot()
            for r in tb["rows"]:
                rows.append(entry_table({k: v for k, v in r.items() if v not in (None, "", ()) or k == "values"}))
            table["rows"] = rows
            aot.append(table)
        doc["tables"] = aot
    return _schema_line(rel, kind) + f"# {comment}\n" + tomlkit.dumps(doc)


def _latest_followup(m: Municipality, board: str, year: str, before: str | None = None) -> Document | None:
    fus = [d for d in m.documents if d.board == board and d.kind == "followup" and d.period.startswith(year)
           and (before is None or Period.parse(d.period) < Period.parse(before))]
    fus.sort(key=lambda d: Period.parse(d.period))
    return fus[-1] if fus else None


def _assignments(plan: Document, latest: Document | None):
    """The year's uppdrag and initiativ: the plan's, then those a follow-up added."""
    extra = [it for it in (latest.items if latest else []) if plan.item(it.id) is None]
    return [it for it in plan.items + extra if it.kind in ("uppdrag", "initiativ")]


def _write_new(repo: PlanRepository, rel: str, text: str, message: str, commit: bool) -> str:
    session = EditSession(repo)
    session.apply(CreateFile(rel, text))
    session.save(commit=commit, message=message)
    return rel


def new_followup(repo: PlanRepository, municipality: str, board: str, period: str, commit: bool = True) -> str:
    """Create plans/<m>/<board>/<year>/followup/<period>.toml from the plan; returns its path."""
    p = Period.parse(period)
    if p is None or p.kind != "month":
        raise WriteRefused(f"'{period}' is not a month period (YYYY-MM)")
    snap = repo.load()
    m = snap.workspace.municipalities.get(municipality)
    if m is None:
        raise WriteRefused(f"no municipality '{municipality}'")
    year = str(p.year)
    plan = m.document(board, "plan", year)
    if plan is None:
        raise WriteRefused(f"no plan {year} for {board}")
    latest = _latest_followup(m, board, year, before=period)
    rel = f"plans/{municipality}/{board}/{year}/followup/{period}.toml"
    prev_items = {it.id: it for it in latest.items} if latest else {}
    prev_ind = {e.id: e for e in latest.indicators} if latest else {}
    items = []
    for it in _assignments(plan, latest):
        prev = prev_items.get(it.id)
        items.append({
            "id": it.id, "kind": it.kind, "goal": it.goal, "title": (prev or it).title,
            "responsible": (prev or it).responsible,
            "end": _date_raw((prev or it).end),
            "status": prev.status if prev and prev.status else "",
            "completion": prev.completion if prev and prev.completion else "",
        })
    indicators = []
    for e in plan.indicators:
        prev = prev_ind.get(e.id)
        values: dict = {}
        target = e.value(year, "target")
        if target is not None and not target.blank:
            values.setdefault(year, {})["target"] = _raw_value(target)
        forecast = prev.value(year, "forecast") if prev else e.value(year, "forecast")
        if forecast is not None and not forecast.blank:
            values.setdefault(year, {})["forecast"] = _raw_value(forecast)
        indicators.append({"id": e.id, "goal": e.goal, "responsible": e.responsible, "values": values})
    # goals start unassessed: the new period is judged by people, not from carried-over forecasts
    contributions = [{"goal": c.goal, "assessment": UNASSESSED} for c in plan.contributions if c.goal]
    tables = _carried_tables(latest, period) if latest else []
    month = MONTH_NAMES_SV[p.end.month - 1]
    header = {
        "kind": "followup", "period": period, "title": f"Uppföljning per {month} {year}",
        "goal_period": plan.goal_period, "office": plan.office, "date": p.end,
    }
    text = _render(rel, "followup", header, items, indicators, contributions,
                   f"Skapad från {plan.label}" + (f" och {latest.label}" if latest else "") +
                   ": status och prognoser förda vidare, utfall och kommentarer att fylla i.", tables)
    return _write_new(repo, rel, text, f"{period}: ny uppföljning skapad från planen {year}", commit)


def next_year_plan(repo: PlanRepository, municipality: str, board: str, year: str, commit: bool = True) -> str:
    """Create the plan for year+1 from the plan of `year` and its latest follow-up."""
    snap = repo.load()
    m = snap.workspace.municipalities.get(municipality)
    if m is None:
        raise WriteRefused(f"no municipality '{municipality}'")
    plan = m.document(board, "plan", str(year))
    if plan is None:
        raise WriteRefused(f"no plan {year} for {board}")
    nxt = str(int(year) + 1)
    latest = _latest_followup(m, board, str(year))
    prev_items = {it.id: it for it in latest.items} if latest else {}
    items = []
    for it in _assignments(plan, latest):
        state = prev_items.get(it.id, it)
        if state.status == DONE:
            continue
        items.append({
            "id": it.id, "kind": it.kind, "goal": it.goal, "title": state.title,
            "description": it.description, "responsible": state.responsible,
            "carried_over": True, "origin": "Kvarvarande uppdrag", "end": _date_raw(state.end),
        })
    indicators = []
    for e in plan.indicators:
        values = {}
        for period, measures in e.values.items():
            pp = Period.parse(period)
            if pp and pp.kind == "year" and pp.year >= int(nxt) and "target" in measures:
                values[period] = {"target": _raw_value(measures["target"])}
        indicators.append({"id": e.id, "goal": e.goal, "responsible": e.responsible, "values": values})
    contributions = [{"goal": c.goal, "contribution": c.contribution} if c.goal else {"area": c.area, "contribution": c.contribution}
                     for c in plan.contributions if c.goal or c.area]
    rel = f"plans/{municipality}/{board}/{nxt}/plan.toml"
    header = {"kind": "plan", "period": nxt, "title": f"Verksamhetsplan {nxt}", "goal_period": plan.goal_period,
              "office": plan.office}
    text = _render(rel, "plan", header, items, indicators, contributions,
                   f"Skapad från {plan.label}: ej slutförda uppdrag förda vidare som kvarvarande.")
    return _write_new(repo, rel, text, f"{nxt}: ny verksamhetsplan skapad från {year}", commit)

