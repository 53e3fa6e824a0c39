"""The detail pane's views, one function per kind of place. Each returns the widgets to show.

Every text from the files goes through `Text(...)` or Markdown, never through Rich markup.
Figures use the model's Swedish formatting (`format_number`, `Value.display`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from rich.text import Text
from textual.containers import Vertical
from textual.widget import Widget
from textual.widgets import Static

from ...model.entities import (
    Document,
    Goal,
    IndicatorEntry,
    Item,
    Municipality,
    Table,
    Workspace,
)
from ...model.problems import Problem
from ...model.values import MEASURES, Period, Value, format_number, period_sort_key
from ...text import t, word
from ...service.nav import (
    Filters,
    Matcher,
    Ref,
    doc_label,
    doc_ref,
    find_document,
    goal_of_item,
    goal_structure,
    period_header,
    resolve_problem,
)
from ...service.status import (
    assessment_text,
    badge,
    completion_text,
    indicator_judgement,
    overview,
    status_text,
    symbol,
    trend_text,
)
from ...service.names import goal_name
from .charts import bar_chart, sparkline
from .reftable import RefTable
from ...model.rules import risk_level, shown_risk_value
from .risk_matrix import RiskMatrix


@dataclass
class Ctx:
    ws: Workspace
    problems: list[Problem] = field(default_factory=list)
    filters: Filters = field(default_factory=Filters)


def filter_owner(ws: Workspace, m: Municipality | None, f: Filters) -> Municipality | None:
    """The municipality whose unit the filter names (to say the unit's name, not its id): `m`
    when it has the unit, else the first that does."""
    if m is not None and (not f.unit or m.unit(f.unit) is not None):
        return m
    return next((x for x in ws.municipalities.values() if x.unit(f.unit) is not None), m)


# ------------------------------------------------------------------ building blocks


def h1(text: str) -> Static:
    return Static(Text(text, style="bold"), classes="h1")


def h2(text: str) -> Static:
    return Static(Text(text, style="bold"), classes="h2")


def para(text: str | Text, style: str = "", classes: str = "") -> Static:
    return Static(text if isinstance(text, Text) else Text(text, style=style), classes=("para " + classes).strip())


def md(text: str) -> Widget:
    from textual.widgets import Markdown  # (markdown-it and pygments: imported when a text is shown)

    w = Markdown(text.strip(), classes="md")
    w.plain_text = text.strip()
    return w


def fields(pairs: list[tuple[str, str | Text]]) -> Static:
    """Label: value lines as a two-column grid; values wrap in their own column."""
    from rich.table import Table as RichTable

    pairs = [(k, v) for k, v in pairs if v not in ("", None) and not (isinstance(v, Text) and not v.plain)]
    grid = RichTable.grid(padding=(0, 1), expand=True)
    grid.add_column(style="bold", max_width=18)
    grid.add_column(ratio=1)
    for k, v in pairs:
        grid.add_row(Text(k + ":", style="bold"), v if isinstance(v, Text) else Text(str(v)))
    w = Static(grid, classes="fields")
    w.plain_text = "\n".join(f"{k}: {v.plain if isinstance(v, Text) else v}" for k, v in pairs)
    return w


def doc_time(d: Document):
    """When a document speaks: its date, else a plan at the start of its year, a follow-up at its period's end."""
    import datetime as dt

    if d.date:
        return d.date
    p = Period.parse(d.period)
    if p is None:
        return dt.date.max
    return p.end if d.kind == "followup" else dt.date(p.year, 1, 1)


def num(v: Value | None, unit: str = "") -> Text:
    if v is None:
        return Text("")
    return Text(v.display(unit), justify="right")


def one_line(s: str, width: int = 60) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def unit_name(m: Municipality, uid: str) -> str:
    if not uid:
        return ""
    u = m.unit(uid)
    return (u.short or u.name) if u else uid


def doc_meta(m: Municipality, doc: Document) -> Static:
    pairs = [
        (t("f.title"), doc.title),
        (t("f.document"), doc_label(doc)),
        (t("period"), period_header(doc)),
        (t("f.date"), doc.date.isoformat() if doc.date else ""),
        (t("f.files"), ", ".join(doc.files)),
    ]
    for k, v in doc.meta.items():
        pairs.append((str(k), str(v)))
    return fields(pairs)


# ------------------------------------------------------------------ workspace levels


def view_municipality(ctx: Ctx, m: Municipality) -> list[Widget]:
    out: list[Widget] = [h1(m.name)]
    out.append(fields([(t("f.boards"), ", ".join(b.name for b in m.boards)),
                       (t("f.units"), str(len(m.units))),
                       (t("f.indicators"), str(len(m.indicator_defs)))]))
    out.append(h2(t("f.documents")))
    out.append(documents_table(m, m.documents))
    return out


def documents_table(m: Municipality, docs: list[Document]) -> RefTable:
    tb = RefTable(t("f.document"), t("f.title"), t("f.date"), t("f.items"), t("f.indicators"),
                  priority=(0, 1, 2, 3, 4), wrap=1, wrap_want=20)
    for d in sorted(docs, key=lambda d: (d.board, -(d.year or 0), period_sort_key(d.period))):
        tb.add([Text(f"{m.board_name(d.board)} · {doc_label(d)}"), d.title, d.date.isoformat() if d.date else "",
                Text(str(len(d.items)), justify="right"), Text(str(len(d.indicators)), justify="right")], doc_ref(m, d))
    return tb


def view_board(ctx: Ctx, m: Municipality, board: str, year: int | None = None) -> list[Widget]:
    docs = [d for d in m.documents if d.board == board and (year is None or (d.year or 0) == year)]
    title = m.board_name(board) + (f" {year}" if year else "")
    return [h1(title), para(m.name, "dim"), documents_table(m, docs)]


def view_goalset(ctx: Ctx, m: Municipality, period: str) -> list[Widget]:
    gs = m.goal_sets.get(period)
    if gs is None:
        return [para(t("nothing"))]
    out: list[Widget] = [h1(gs.title or period)]
    for a in gs.areas:
        out.append(h2(f"{a.number} {a.title}".strip()))
        if a.ambition:
            out.append(fields([(t("f.ambition") + (f" {a.ambition_year}" if a.ambition_year else ""), a.ambition)]))
        if a.text:
            out.append(md(a.text))
        goals = [g for g in gs.goals if g.area == a.id]
        if goals:
            txt = Text()
            for g in goals:
                txt.append(f"{g.number} ", style="bold")
                txt.append(g.title + "\n")
            txt.rstrip()
            out.append(para(txt))
    return out


def view_defs(ctx: Ctx, m: Municipality) -> list[Widget]:
    tb = RefTable(t("kind.indicator"), t("f.type"), t("f.unit"), t("f.better"), t("f.source"), t("f.responsible"),
                  priority=(0, 1, 2, 3, 5, 4), wrap=0, wrap_want=30)
    for d in sorted(m.indicator_defs.values(), key=lambda d: d.name):
        tb.add([one_line(d.name, 50), d.type, d.unit, t(f"better.{d.better}") if d.better in ("higher", "lower", "none") else d.better,
                d.source, unit_name(m, d.responsible) or d.responsible_text], Ref("indicator", m.id, id=d.id))
    tb.add_class("-fill")
    return [h1(t("tree.indicators", n=len(m.indicator_defs))), tb]


def view_units(ctx: Ctx, m: Municipality) -> list[Widget]:
    tb = RefTable(t("f.unit"), t("f.id"), t("f.type"), t("f.parent"), priority=(0, 3, 1, 2), wrap=0)
    for u in m.units:
        tb.add([u.name + (f" ({u.short})" if u.short else ""), u.id, u.type, unit_name(m, u.parent)])
    tb.add_class("-fill")
    return [h1(t("tree.units") + " – " + m.name), tb]


# ------------------------------------------------------------------ documents and goals


COUNT_STATES = ("met", "not_met", "no_value", "not_started", "started", "done", "deviating")


def counts_row(label: Text, c, states: tuple[str, ...] = COUNT_STATES) -> list:
    def n(x: int, state: str) -> Text:
        if not x:
            return Text("·", style="dim", justify="right")
        out = symbol(state)
        out.append(f" {x}")
        out.justify = "right"
        return out

    return [label] + [n(getattr(c, state), state) for state in states]


def overview_table(ctx: Ctx, m: Municipality, doc: Document, only: set[str] | None = None) -> RefTable:
    match = Matcher(ctx.filters, m, doc)
    ov = overview(m, doc, item_ok=match.item)
    # only the states this document has (a plan has no assessed indicators yet): at 80×24 with the
    # tree shown the goals and their counts fit side by side
    states = tuple(k for k in COUNT_STATES if getattr(ov.total, k)) or COUNT_STATES[:1]
    tb = RefTable(t("ov.goal"), *[Text(t(f"ov.h.{k}"), justify="right") for k in states],
                  id="overview", fixed_columns=1)
    base = doc_ref(m, doc)
    for r in ov.rows:
        if only is not None and r.ref_id not in only:
            continue
        label = Text()
        if r.assessment:
            label.append_text(assessment_text(r.assessment)[0:1])
            label.append(" ")
        label.append(("" if r.level == 0 else "  ") + one_line(r.label, 28), style="bold" if r.level == 0 else "")
        kind = "area" if r.level == 0 else "goal"
        ref = base.child("nogoal") if not r.ref_id else base.child(kind, r.ref_id)
        tb.add(counts_row(label, r.counts, states), ref)
    if only is None:
        tb.add(counts_row(Text(t("ov.total"), style="bold"), ov.total, states), None)
    return tb


def view_document(ctx: Ctx, m: Municipality, doc: Document) -> list[Widget]:
    out: list[Widget] = [h1(f"{m.board_name(doc.board)} · {doc_label(doc)}")]
    if doc.items or doc.indicators or doc.contributions or doc.board_goals:
        out.append(overview_table(ctx, m, doc))
        out.append(para(t("ov.legend2"), "dim"))
        out.append(Vertical(classes="summary-slot"))
        if ctx.filters.active:
            match = Matcher(ctx.filters, m, doc)
            hits = [it for it in doc.items if match.own(it)]
            out.append(h2(t("ov.filtered", n=len(hits)) + " – " + ctx.filters.describe(filter_owner(ctx.ws, m, ctx.filters))))
            out.append(items_table(m, doc, hits))
    if doc.risks or doc.controls:
        out += matrix_widgets(m, doc)
    if doc.tables:
        out.append(h2(t("tree.tables")))
        out.append(tables_table(m, doc))
    if doc.sections and not (doc.items or doc.indicators):
        out.append(h2(t("tree.sections")))
        out.append(sections_table(m, doc))
    out.append(h2(t("f.meta")))
    out.append(doc_meta(m, doc))
    return out


def summary_widgets(m: Municipality, doc: Document, tables: dict, filtered: str = "") -> list[Widget]:
    """The tables verksam.analysis.summary computes for a document: the uppdrag/initiativ overview
    (kind × status × completion forecast), what is overdue, what lacks an update. `filtered`: the
    active filter in words, when the tables count only what it shows (said in the headings)."""
    def head(text: str) -> Widget:
        return h2(t("sum.filtered", what=text, f=filtered) if filtered else text)

    out: list[Widget] = []
    base = doc_ref(m, doc)
    ov = tables.get("overview")
    if ov is not None and ov.height:
        out.append(head(t("sum.overview")))
        cols = [c for c in ov.columns]
        tb = RefTable(*[t("f.kind"), t("f.status")] + [Text(c, justify="right") for c in cols[2:]],
                      priority=list(range(len(cols))))
        for row in ov.iter_rows():
            cells = [str(row[0]), status_text(row[1]) if row[1] in ("Ej påbörjad", "Påbörjad", "Slutförd", "Avbruten") else str(row[1])]
            cells += [Text("" if v is None else format_number(v) if isinstance(v, (int, float)) else str(v), justify="right",
                           style="bold" if row[1] == "Totalt" or cols[i + 2] == "Totalt" else "")
                      for i, v in enumerate(row[2:])]
            tb.add(cells)
        out.append(tb)
    chk = tables.get("overview_check")
    if chk is not None and chk.height:
        out.append(para(t("sum.check", n=chk.height), "bold yellow"))
        tb = RefTable(*[word("analysis.column", c) for c in chk.columns], priority=list(range(len(chk.columns))))
        for row in chk.iter_rows():
            tb.add([str("" if v is None else v) for v in row])
        out.append(tb)
    od = tables.get("overdue")
    if od is not None and od.height:
        out.append(head(t("sum.overdue", n=od.height)))
        tb = RefTable(t("f.kind"), t("f.title"), t("f.end"), t("sum.days"), t("f.status"), t("f.completion_short"),
                      priority=(4, 0, 2, 1, 3, 5), wrap=1)
        for r in od.iter_rows(named=True):
            tb.add([t(f"kind.{r['kind']}") if r["kind"] in ("uppdrag", "initiativ", "åtgärd") else r["kind"],
                    one_line(r["title"] or "", 200), r["end"] or "", Text(str(r["days_overdue"] or ""), justify="right", style="red"),
                    status_text(r["status"] or ""), completion_text(r["completion"] or "")], base.child("item", r["id"]))
        out.append(tb)
    cp = tables.get("completeness")
    if cp is not None and cp.height and doc.kind == "followup":
        out.append(head(t("sum.incomplete", n=cp.height)))
        tb = RefTable(t("f.kind"), t("f.title"), t("sum.no_update"), t("sum.no_comment"), t("sum.no_forecast"),
                      priority=(4, 0, 1, 2, 3), wrap=1)
        yes = Text("■ " + t("yes"), style="red")
        for r in cp.iter_rows(named=True):
            kind = r["kind"] if r["what"] == "item" else "indicator"
            target = base.child("item" if r["what"] == "item" else "indicator", r["id"])
            tb.add([t(f"kind.{kind}") if kind in ("uppdrag", "initiativ", "åtgärd", "indicator") else str(kind), one_line(r["title"] or r["id"], 200),
                    yes if r["no_update"] else "", yes if r["no_comment"] else "", yes if r["no_forecast"] else ""], target)
        out.append(tb)
    return out


def tables_table(m: Municipality, doc: Document) -> RefTable:
    tb = RefTable(t("f.title"), t("f.unit"), t("f.row"), priority=(0, 2, 1), wrap=0)
    base = doc_ref(m, doc)
    for x in doc.tables:
        tb.add([one_line(x.title, 200), x.unit, Text(str(len(x.rows)), justify="right")], base.child("table", x.id))
    return tb


def sections_table(m: Municipality, doc: Document) -> RefTable:
    tb = RefTable(t("f.title"), t("f.text"), priority=(0, 1), wrap=1)
    base = doc_ref(m, doc)
    for s in doc.sections:
        tb.add([one_line(s.title or s.id, 40), one_line(s.text, 60)], base.child("section", s.id))
    return tb


def items_table(m: Municipality, doc: Document, items: list[Item]) -> RefTable:
    # the title (wrapping) and the status first; what does not fit is in the detail line
    tb = RefTable(t("f.kind"), t("f.title"), t("f.responsible"), t("f.end"), t("f.status"),
                  t("f.completion_short"), t("f.latest"), priority=(3, 0, 4, 5, 1, 2, 6), wrap=1)
    base = doc_ref(m, doc)
    for it in items:
        lc = it.latest_comment
        latest = Text()
        if lc is not None:
            if lc.date:
                latest.append(lc.date.isoformat() + " ", style="dim")
            latest.append(one_line(lc.text, 50))
        tb.add([t(f"kind.{it.kind}"), it.title.strip(), unit_name(m, it.responsible) or one_line(it.responsible_text, 20),
                it.end.text if it.end else "", status_text(it.status), completion_text(it.completion), latest],
               base.child("item", it.id))
    return tb


def view_area(ctx: Ctx, m: Municipality, doc: Document, area_id: str) -> list[Widget]:
    a = m.areas_by_id().get(area_id)
    if a is None:
        return [para(t("nothing"))]
    out: list[Widget] = [h1(f"{t('f.area')} {a.number} {a.title}".strip())]
    if a.ambition:
        out.append(fields([(t("f.ambition") + (f" {a.ambition_year}" if a.ambition_year else ""), a.ambition)]))
    if a.text:
        out.append(md(a.text))
    for c in doc.contributions:
        if c.area == area_id:
            out += contribution_widgets(c)
    st = goal_structure(m, doc)
    ids = {area_id} | {g.id for ar, gs in st for g in gs if ar is not None and ar.id == area_id}
    out.append(h2(t("ov.title")))
    out.append(overview_table(ctx, m, doc, only=ids))
    for s in doc.sections:
        if s.goal == area_id:
            out.append(h2(s.title))
            out.append(md(s.text))
    return out


def contribution_widgets(c) -> list[Widget]:
    out: list[Widget] = []
    if c.assessment or c.trend:
        out.append(fields([(t("f.assessment"), assessment_text(c.assessment)), (t("f.trend"), trend_text(c.trend))]))
    if c.contribution:
        out.append(h2(t("f.contribution")))
        out.append(md(c.contribution))
    if c.note:
        out.append(para(c.note, "italic"))
    if c.analysis:
        out.append(h2(t("f.analysis")))
        out.append(md(c.analysis))
    return out


def indicator_periods(entries: list[IndicatorEntry]) -> list[str]:
    ps = {p for e in entries for p in e.values}
    return sorted(ps, key=period_sort_key)


def indicators_table(m: Municipality, doc: Document, entries: list[IndicatorEntry]) -> RefTable:
    periods = indicator_periods(entries)
    # at 80 columns: the name (wrapping), the measure, the latest period and the assessment first;
    # earlier periods (latest first), the trend and the series as room allows, else in the detail line
    n = len(periods)
    rank = [0, 1] + [0] * n + [3, 3 + n, 4 + n]
    for k, _ in enumerate(periods):
        rank[2 + k] = 2 if k == n - 1 else 3 + (n - 1 - k)
    tb = RefTable(t("kind.indicator"), t("f.measure"), *periods, t("f.assessment"), t("f.trend"), t("f.series"),
                  fixed_columns=1, priority=rank, wrap=0, wrap_want=24, wrap_min=12)
    base = doc_ref(m, doc)
    for e in entries:
        defn = m.indicator_defs.get(e.id)
        unit = defn.unit if defn else ""
        name = one_line(e.name or (defn.name if defn else e.id), 30)
        measures = [ms for ms in ("outcome", "target", "forecast") if any(ms in e.values[p] for p in e.values)]
        if not measures:
            measures = ["outcome"]
        state = indicator_judgement(e, doc, defn).state.key
        for i, ms in enumerate(measures):
            row = [Text(name) if i == 0 else Text(""), t(f"measure.{ms}")]
            row += [num(e.value(p, ms), unit) for p in periods]
            if i == 0:
                ass = assessment_text(e.assessment) if e.assessment else (
                    badge(state, t(f"st.{state}")) if state != "no_value" else Text(""))
                yearly = [e.value(p, "outcome") for p in periods if len(p) == 4]
                row += [ass, trend_text(e.trend), sparkline([v.number if v else None for v in yearly])]
            else:
                row += ["", "", ""]
            tb.add(row, base.child("indicator", e.id))
    return tb


def view_goal(ctx: Ctx, m: Municipality, doc: Document, goal_id: str) -> list[Widget]:
    goals = m.goals_by_id()
    g = goals.get(goal_id) or Goal(goal_id, "", goal_id, src=None)  # type: ignore[arg-type]
    areas = m.areas_by_id()
    out: list[Widget] = [h1(f"{g.number} {g.title}".strip())]
    pairs = [(t("f.type"), g.type), (t("f.id"), g.id)]
    if g.board_goal and g.area in goals:
        pg = goals[g.area]
        pairs.append((t("f.goal"), f"{pg.number} {pg.title}".strip()))
    elif g.area in areas:
        a = areas[g.area]
        pairs.append((t("f.area"), f"{a.number} {a.title}".strip()))
    for other in g.also:
        if other in goals:
            pairs.append((t("f.goal"), f"{goals[other].number} {goals[other].title}".strip()))
    if g.agenda2030:
        pairs.append((t("f.agenda2030"), ", ".join(str(x) for x in g.agenda2030)))
    # the same goal in another Mål och budget period, either way round
    same = [goals[g.same_as]] if g.same_as in goals else []
    same += [x for x in goals.values() if x.same_as == g.id]
    for x in same:
        period = next((gs.period for gs in m.goal_sets.values() if any(y.id == x.id for y in gs.goals)), "")
        pairs.append((t("f.same_as"), f"{x.number} {x.title} ({period})".strip()))
    out.append(fields(pairs))
    if g.text:
        out.append(md(g.text))
    for c in doc.contributions:
        if c.goal == goal_id:
            out += contribution_widgets(c)
    for s in doc.sections:
        if s.goal == goal_id and s.text.strip():
            out.append(h2(s.title))
            out.append(md(s.text))
    match = Matcher(ctx.filters, m, doc)
    ids = {goal_id} | {bg.id for bg in doc.board_goals if bg.area == goal_id}
    inds = [e for e in doc.indicators if e.goal in ids and match.indicator(e)]
    if inds:
        out.append(h2(t("f.indicators")))
        out.append(indicators_table(m, doc, inds))
    items = [it for it in doc.items if goal_of_item(doc, it) in ids and match.item(it)]
    if items:
        out.append(h2(t("f.items")))
        out.append(items_table(m, doc, items))
    return out


def view_item_list(ctx: Ctx, m: Municipality, doc: Document, kind: str) -> list[Widget]:
    match = Matcher(ctx.filters, m, doc)
    if kind == "nogoal":
        items = [it for it in doc.items if not goal_of_item(doc, it) and match.item(it)]
        title = t("tree.no_goal")
    else:
        st = goal_structure(m, doc)
        others = {g.id for a, gs in st for g in gs if a is None}
        items = [it for it in doc.items if goal_of_item(doc, it) in others and match.item(it)]
        title = t("tree.other_goals")
    return [h1(f"{title} – {doc_label(doc)}"), items_table(m, doc, items)]


# ------------------------------------------------------------------ items


def view_item(ctx: Ctx, m: Municipality, doc: Document, item_id: str) -> list[Widget]:
    it = doc.item(item_id)
    if it is None:
        return [para(t("nothing"))]
    goals = m.goals_by_id()
    gid = goal_of_item(doc, it)
    g = goals.get(gid)
    out: list[Widget] = [h1(t(f"kind.{it.kind}")), para(Text(it.title.strip(), style="bold"), classes="title")]
    parent = doc.item(it.parent) if it.parent else None
    resp = m.unit(it.responsible)
    pairs: list[tuple[str, str | Text]] = [
        (t("f.id"), it.id),
        (t("f.label"), it.label),
        (t("f.goal"), f"{g.number} {g.title}".strip() if g else gid),
        (t("f.parent"), f"{t('kind.' + parent.kind)}: {one_line(parent.title, 60)}" if parent else it.parent),
        (t("f.responsible"), f"{resp.name} ({resp.id})" if resp else it.responsible),
        (t("f.contributors"), ", ".join(m.unit_name(u) for u in it.contributors)),
        (t("f.responsible_text"), it.responsible_text),
        (t("f.origin"), it.origin),
        (t("f.carried_over"), t("yes") if it.carried_over else ""),
        (t("f.start"), _date_text(it.start)),
        (t("f.end"), _date_text(it.end)),
        (t("f.status"), status_text(it.status)),
        (t("f.completion"), completion_text(it.completion)),
        (t("f.document"), doc_label(doc)),
        (t("f.file"), it.src.file),
    ]
    for k, v in it.extra.items():
        pairs.append((str(k), str(v)))
    out.append(fields(pairs))
    if it.description:
        out.append(h2(t("f.description")))
        out.append(md(it.description))
    if it.done_when:
        out.append(h2(t("f.done_when")))
        out.append(md(it.done_when))
    if it.footnotes:
        out.append(h2(t("f.footnotes")))
        out.append(para("\n".join(it.footnotes)))
    actions = [x for x in doc.items if x.parent == it.id]
    if actions:
        out.append(h2(t("f.actions")))
        out.append(items_table(m, doc, actions))
    out += comments_widgets(it.comments)
    # the same item in the other documents: its history across plan and follow-ups
    others = []
    for d in m.documents:
        if d is doc:
            continue
        x = d.item(it.id)
        if x is not None:
            others.append((d, x))
    if others:
        out.append(h2(t("f.documents")))
        tb = RefTable(t("f.document"), t("f.status"), t("f.completion_short"), t("f.end"), t("f.latest"),
                      priority=(0, 1, 2, 3, 4))
        for d, x in sorted(others, key=lambda p: doc_time(p[0])):
            lc = x.latest_comment
            tb.add([doc_label(d), status_text(x.status), completion_text(x.completion), x.end.text if x.end else "",
                    one_line(lc.text, 50) if lc else ""], doc_ref(m, d).child("item", x.id))
        out.append(tb)
    return out


def _date_text(fd) -> str | Text:
    if fd is None:
        return ""
    iso = fd.iso()
    if iso and iso != fd.text:
        out = Text(fd.text)
        out.append(f"  ({iso})", style="dim")
        return out
    return fd.text


def comments_widgets(comments, where: Callable | None = None) -> list[Widget]:
    if not comments:
        return []
    out: list[Widget] = [h2(t("f.comments") + f" ({len(comments)})")]
    ordered = sorted(comments, key=lambda c: (c.date is None, c.date), reverse=False)
    for c in reversed(ordered):
        head = Text()
        if c.date:
            head.append(c.date.isoformat(), style="bold cyan")
            head.append(" ")
        head.append(c.label or "", style="bold")
        if where is not None:
            head.append("  " + where(c), style="dim")
        out.append(para(head, classes="comment-head"))
        out.append(md(c.text))
    return out


# ------------------------------------------------------------------ indicators


def indicator_series(m: Municipality, ind_id: str):
    """Every value of an indicator over all the municipality's documents, later documents winning,
    and every comment with the document it is in."""
    docs = sorted((d for d in m.documents if d.indicator(ind_id)), key=doc_time)
    series: dict[str, dict[str, tuple[Value, Document]]] = {}
    comments = []
    baseline = None
    for d in docs:
        for e in d.indicators:
            if e.id != ind_id:
                continue
            for p, measures in e.values.items():
                for ms, v in measures.items():
                    if not v.blank:
                        series.setdefault(p, {})[ms] = (v, d)
            if e.baseline is not None:
                baseline = (e.baseline, e.baseline_year, d)
            for c in e.comments:
                comments.append((c, d))
    return docs, series, comments, baseline


def series_source(cells: dict) -> str:
    """Where a period's values come from: the one document, or each document with its measures
    ("Uppföljning april 2025: utfall; Verksamhetsplan 2025: prognos") when they differ."""
    by_doc: dict[int, tuple[Document, list[str]]] = {}
    for ms in ("outcome", "target", "forecast"):
        if ms in cells:
            d = cells[ms][1]
            by_doc.setdefault(id(d), (d, []))[1].append(t(f"measure.{ms}").lower())
    if len(by_doc) <= 1:
        return next((doc_label(d) for d, _ in by_doc.values()), "")
    return "; ".join(f"{doc_label(d)}: {', '.join(mss)}" for d, mss in sorted(by_doc.values(), key=lambda x: doc_time(x[0]),
                                                                            reverse=True))


def view_indicator(ctx: Ctx, m: Municipality, doc: Document | None, ind_id: str) -> list[Widget]:
    defn = m.indicator_defs.get(ind_id)
    entry = doc.indicator(ind_id) if doc else None
    name = (entry.name if entry and entry.name else "") or (defn.name if defn else ind_id)
    out: list[Widget] = [h1(name)]
    unit = defn.unit if defn else ""
    if defn is None:
        out.append(para(t("indicator.unknown"), "yellow"))
    pairs: list[tuple[str, str | Text]] = [
        (t("f.id"), ind_id),
        (t("f.type"), defn.type if defn else ""),
        (t("f.unit"), unit),
        (t("f.better"), (t(f"better.{defn.better}") if defn.better in ("higher", "lower", "none") else defn.better) if defn else ""),
        (t("f.source"), defn.source if defn else ""),
        (t("f.interval"), defn.interval if defn else ""),
        (t("f.responsible"), (m.unit_name(defn.responsible) if defn.responsible else defn.responsible_text) if defn else ""),
    ]
    if entry is not None:
        goals = m.goals_by_id()
        g = goals.get(entry.goal)
        judged = indicator_judgement(entry, doc, defn)
        state = judged.state.key
        basis = Text("")
        if judged.basis:
            basis = Text(" " + t("st.basis", measure=t(f"measure.{judged.basis}").lower(), period=judged.basis_period,
                                 value=format_number(judged.value, unit=unit),
                                 target=format_number(judged.target, unit=unit) if judged.target is not None else "–"),
                         style="dim")
        pairs += [
            (t("f.goal"), f"{g.number} {g.title}".strip() if g else entry.goal),
            (t("f.responsible") + " (" + doc_label(doc) + ")", m.unit_name(entry.responsible) if entry.responsible else entry.responsible_text),
        ]
        # the report's own assessment as written; beside it what the rule indicator.state computes
        if entry.assessment:
            pairs.append((t("f.assessment"), assessment_text(entry.assessment)))
            if state != "no_value" or judged.basis:
                pairs.append((t("st.computed_label"), badge(state, t(f"st.{state}")) + basis))
        elif state != "no_value":
            pairs.append((t("f.assessment"), badge(state, t(f"st.{state}") + f" ({t('st.computed')})") + basis))
        pairs.append((t("f.trend"), trend_text(entry.trend)))
        if entry.baseline is not None:
            pairs.append((t("f.baseline") + (f" {entry.baseline_year}" if entry.baseline_year else ""), entry.baseline.display(unit)))
        for k, v in entry.extra.items():
            pairs.append((str(k), str(v)))
    out.append(fields(pairs))
    if defn is not None and defn.definition:
        out.append(h2(t("f.definition")))
        out.append(md(defn.definition))
    docs, series, comments, baseline = indicator_series(m, ind_id)
    if series:
        out.append(h2(t("indicator.all_docs")))
        periods = sorted(series, key=period_sort_key)
        tb = RefTable(t("f.period"), t("measure.outcome"), t("measure.target"), t("measure.forecast"), t("f.document"),
                      priority=(0, 1, 2, 3, 4), wrap=4)
        for p in periods:
            cells = series[p]
            src = [d for _, d in cells.values()]
            d0 = max(src, key=doc_time) if src else None
            tb.add([Text(p, style="bold")] + [num(cells[ms][0] if ms in cells else None, unit) for ms in ("outcome", "target", "forecast")]
                   + [series_source(cells)], doc_ref(m, d0).child("indicator", ind_id) if d0 else None)
        out.append(tb)
        rows = []
        for p in periods:
            o = series[p].get("outcome") or series[p].get("forecast")
            tg = series[p].get("target")
            ov = o[0].number if o else None
            tv = tg[0].number if tg else None
            if ov is not None or tv is not None:
                rows.append((p, ov, tv))
        chart = bar_chart(rows, unit)
        if chart.plain:
            out.append(h2(t("f.chart")))
            out.append(para(chart, classes="chart"))
    if baseline is not None and entry is None:
        v, year, d = baseline
        out.append(fields([(t("f.baseline") + (f" {year}" if year else ""), v.display(unit))]))
    if comments:
        dl = {id(c): doc_label(d) for c, d in comments}
        out += comments_widgets([c for c, _ in comments], where=lambda c: dl.get(id(c), ""))
    notes = list(dict.fromkeys(n for d in docs for n in d.indicator(ind_id).footnotes))
    if notes:
        out.append(h2(t("f.footnotes")))
        out.append(para("\n".join(notes)))
    if docs:
        out.append(h2(t("f.documents")))
        tb = RefTable(t("f.document"), t("f.goal"), t("f.assessment"), t("f.trend"), priority=(0, 3, 1, 2), wrap=1,
                      wrap_want=20)
        for d in docs:
            e = d.indicator(ind_id)
            tb.add([doc_label(d), one_line(goal_name(m, e.goal), 50), assessment_text(e.assessment), trend_text(e.trend)],
                   doc_ref(m, d).child("indicator", ind_id))
        out.append(tb)
    return out


# ------------------------------------------------------------------ tables


def is_deviation_column(col) -> bool:
    return col.measure == "avvikelse" or "avvik" in col.heading.lower()


def table_widget(x: Table) -> RefTable:
    has_code = any(r.code for r in x.rows)
    heads = ([t("f.id")] if has_code else []) + [t("f.row")] + [c.heading for c in x.columns]
    ncols = max([len(x.columns)] + [len(r.values) for r in x.rows])
    heads += [str(i + 1) for i in range(len(x.columns), ncols)]
    # at 80 columns: the row's label (wrapping) and the first amounts that fit; the other amounts of
    # the selected row in the detail line under the table (never sideways scrolling for them)
    first = 1 if has_code else 0
    rank = [0] * len(heads)
    rank[first] = 0
    for i in range(first + 1, len(heads)):
        rank[i] = i - first
    if has_code:
        rank[0] = len(heads)
    tb = RefTable(*[Text(h, justify="right") if i > first else Text(h) for i, h in enumerate(heads)],
                  fixed_columns=first + 1, classes="-fill", priority=rank, wrap=first, wrap_want=24, wrap_min=12)
    depth: dict[str, int] = {}
    by_id = {r.id: r for r in x.rows}

    def d_of(r, guard=0) -> int:
        if not r.parent or r.parent not in by_id or guard > 6:
            return 0
        return 1 + d_of(by_id[r.parent], guard + 1)

    group = None
    for r in x.rows:
        if r.group and r.group != group:
            group = r.group
            tb.add(([""] if has_code else []) + [Text(r.group, style="bold underline")] + [""] * ncols)
        depth[r.id] = d_of(r)
        style = "bold" if r.total else ""
        label = Text("  " * depth[r.id] + ("∑ " if r.total else ""), style=style)
        label.append(r.label, style=style + (" italic" if depth[r.id] else ""))
        if r.comment:
            label.append(" *", style="yellow")
        cells = []
        for i in range(ncols):
            v = r.values[i] if i < len(r.values) else None
            txt = num(v, x.unit if x.unit == "%" else "")
            if style:
                txt.stylize("bold")
            col = x.columns[i] if i < len(x.columns) else None
            if col is not None and v is not None and v.number is not None and is_deviation_column(col) and v.number != 0:
                txt.stylize("bold red" if v.number < 0 else "green")
            cells.append(txt)
        tb.add(([r.code] if has_code else []) + [label] + cells)
    return tb


def view_table(ctx: Ctx, m: Municipality, doc: Document, table_id: str) -> list[Widget]:
    x = next((tb for tb in doc.tables if tb.id == table_id), None)
    if x is None:
        return [para(t("nothing"))]
    out: list[Widget] = [h1(x.title), fields([(t("f.unit"), t("unit.tkr") if x.unit == "tkr" else x.unit),
                                               (t("f.section"), x.section),
                                               (t("f.document"), doc_label(doc))])]
    out.append(table_widget(x))
    out.append(para(t("table.deviation_note"), "dim"))
    if x.note:
        out.append(md(x.note))
    commented = [r for r in x.rows if r.comment]
    if commented:
        out.append(h2(t("table.comments")))
        for r in commented:
            out.append(para(Text(r.label, style="bold")))
            out.append(md(r.comment))
    return out


# ------------------------------------------------------------------ controls


def matrix_widgets(m: Municipality, doc: Document) -> list[Widget]:
    out: list[Widget] = [h2(t("matrix.title")), RiskMatrix(doc, id="risk-matrix")]
    missing = [r.id for r in doc.risks if r.probability is None or r.consequence is None]
    if missing:
        out.append(para(t("matrix.no_values", ids=", ".join(missing)), "yellow"))
    tb = RefTable("#", t("f.risk"), "S", "K", t("f.risk_value"), t("f.handling"), priority=(0, 1, 3, 4, 2, 5), wrap=1)
    base = doc_ref(m, doc)
    for i, r in enumerate(doc.risks, 1):
        v = shown_risk_value(r.value, r.probability, r.consequence)
        vt = Text(str(v) if v is not None else "?", justify="right",
                  style={"low": "green", "medium": "yellow", "high": "dark_orange", "critical": "bold red"}[risk_level(v)] if v else "")
        tb.add([Text(str(i), justify="right"), one_line(r.title, 50), str(r.probability or ""), str(r.consequence or ""), vt,
                one_line(r.handling, 30)], base.child("risk", r.id))
    out.append(tb)
    if doc.controls:
        out.append(h2(t("tree.controls", n=len(doc.controls))))
        ct = RefTable(t("f.process"), t("f.what"), t("f.method"), t("f.responsible"), t("f.followup"),
                      priority=(0, 1, 3, 2, 4), wrap=1)
        for c in doc.controls:
            ct.add([one_line(c.process, 25), one_line(c.what, 40), one_line(c.method, 30), c.responsible_text, c.followup],
                   base.child("control", c.id))
        out.append(ct)
    if doc.scales:
        out.append(h2(t("f.scales")))
        for s in doc.scales:
            txt = Text(s.title + "\n", style="bold")
            for lv in s.levels:
                txt.append(f"{lv.value} {lv.label}", style="bold")
                txt.append(f" – {lv.text}\n" if lv.text else "\n")
            txt.rstrip()
            out.append(para(txt))
    if doc.handling_rules:
        out.append(h2(t("f.handling_rules")))
        for hr in doc.handling_rules:
            out.append(para(Text(hr.label or f"{hr.min}–{hr.max}", style="bold")))
            out.append(md(hr.text))
    return out


def view_matrix(ctx: Ctx, m: Municipality, doc: Document) -> list[Widget]:
    return [h1(f"{doc.title or doc_label(doc)}")] + matrix_widgets(m, doc)


def view_risk(ctx: Ctx, m: Municipality, doc: Document, risk_id: str) -> list[Widget]:
    r = next((x for x in doc.risks if x.id == risk_id), None)
    if r is None:
        return [para(t("nothing"))]
    v = shown_risk_value(r.value, r.probability, r.consequence)
    out: list[Widget] = [h1(t("f.risk")), para(Text(r.title, style="bold")), fields([
        (t("f.id"), r.id), (t("f.process"), r.process),
        (t("f.probability"), str(r.probability or "")), (t("f.consequence"), str(r.consequence or "")),
        (t("f.risk_value"), str(v) if v is not None else ""),
        (t("f.handling"), r.handling), (t("f.responsible"), m.unit_name(r.responsible) if r.responsible else ""),
        (t("f.file"), r.src.file),
    ])]
    ctrls = [c for c in doc.controls if c.risk == r.id]
    base = doc_ref(m, doc)
    if ctrls:
        tb = RefTable(t("f.process"), t("f.what"), t("f.method"), priority=(2, 0, 1), wrap=1)
        for c in ctrls:
            tb.add([c.process, one_line(c.what, 50), one_line(c.method, 40)], base.child("control", c.id))
        out.append(tb)
    return out


def view_control(ctx: Ctx, m: Municipality, doc: Document, control_id: str) -> list[Widget]:
    c = next((x for x in doc.controls if x.id == control_id), None)
    if c is None:
        return [para(t("nothing"))]
    risk = next((r for r in doc.risks if r.id == c.risk), None)
    out = [h1(c.process or c.id), fields([
        (t("f.id"), c.id), (t("f.risk"), risk.title if risk else c.risk),
        (t("f.risk_value"), str(c.risk_value or "")), (t("f.responsible"), c.responsible_text),
        (t("f.followup"), c.followup), (t("f.file"), c.src.file),
    ]), h2(t("f.what")), md(c.what), h2(t("f.method")), md(c.method)]
    year = doc.period[:4]
    for fu in m.documents:  # its results, one per follow-up of the year (e edits the newest)
        if fu.kind != "followup" or fu.board != doc.board or fu.period[:4] != year:
            continue
        r = next((x for x in fu.control_results if x.id == c.id), None)
        if r is None:
            continue
        out += [h2(t("round.v.result", period=fu.period)), fields([
            (t("round.f.performed"), r.performed.isoformat() if r.performed else ""),
            (t("round.f.performed_by"), r.performed_by), (t("round.f.outcome"), r.outcome),
            (t("f.status"), r.status), (t("f.unit"), m.unit_name(r.unit) if r.unit else ""),
            (t("round.f.evidence"), r.evidence), (t("f.file"), r.src.file),
        ])]
        if r.deviations:
            out += [h2(t("round.f.deviations")), md(r.deviations)]
        for a in r.actions:
            out.append(para(t("round.v.action", text=a.text, owner=a.owner or "–",
                              due=a.due.isoformat() if a.due else "–", status=a.status or "–")))
        if r.comment:
            out.append(md(r.comment))
    return out


def view_section(ctx: Ctx, m: Municipality, doc: Document, section_id: str) -> list[Widget]:
    s = next((x for x in doc.sections if x.id == section_id), None)
    if s is None:
        return [para(t("nothing"))]
    out: list[Widget] = [h1(s.title or s.id), para(f"{doc_label(doc)} · {s.src.file}", "dim")]
    if s.text.strip():
        out.append(md(s.text))
    kids = [x for x in doc.sections if x.parent == s.id]
    base = doc_ref(m, doc)
    for k in kids:
        out.append(h2(k.title))
        if k.text.strip():
            out.append(md(k.text))
    if kids and not s.text.strip() and not any(k.text.strip() for k in kids):
        tb = RefTable(t("f.title"))
        for k in kids:
            tb.add([k.title], base.child("section", k.id))
        out.append(tb)
    return out


# ------------------------------------------------------------------ problems


def view_problems(ctx: Ctx) -> list[Widget]:
    errors = sum(1 for p in ctx.problems if p.severity == "error")
    out: list[Widget] = [h1(t("problems.title")), para(t("problems.count", e=errors, w=len(ctx.problems) - errors)
                                                      + ". " + t("problems.enter"), "dim")]
    if not ctx.problems:
        out.append(para(t("problems.none"), "green"))
        return out
    # the message is what matters: it wraps in the width there is; where it is comes after it
    # (the file's name and line), the whole path in the detail line under the table
    tb = RefTable(t("f.severity"), t("f.message"), t("f.where"), classes="-fill", id="problems-table",
                  priority=(0, 1, 2), wrap=1, detail=True)
    for p in ctx.problems:
        sev = badge("not_met" if p.severity == "error" else "partly", t(f"sev.{p.severity}"))
        msg = Text(p.message)
        if p.hint:
            msg.append(f" ({p.hint})", style="dim")
        ref = resolve_problem(ctx.ws, p)
        where = f"{p.file.rsplit('/', 1)[-1]}:{p.line}"
        tb.add([sev, msg, where], ref, detail=Text(f"{p.file}:{p.line}:{p.col}", style="dim"))
    out.append(tb)
    return out


# ------------------------------------------------------------------ dispatch


def build_view(ctx: Ctx, ref: Ref | None) -> list[Widget]:
    if ref is None:
        return [para(t("choose"), "dim")]
    if ref.kind == "problems":
        return view_problems(ctx)
    m, doc = find_document(ctx.ws, ref)
    if m is None:
        return [para(t("nothing"))]
    k = ref.kind
    if k == "municipality":
        return view_municipality(ctx, m)
    if k == "board":
        return view_board(ctx, m, ref.board)
    if k == "year":
        return view_board(ctx, m, ref.board, ref.year)
    if k == "goalset":
        return view_goalset(ctx, m, ref.id)
    if k == "defs":
        return view_defs(ctx, m)
    if k == "units":
        return view_units(ctx, m)
    if k == "indicator" and doc is None:
        return view_indicator(ctx, m, None, ref.id)
    if doc is None:
        return [para(t("nothing"))]
    views = {
        "document": lambda: view_document(ctx, m, doc),
        "area": lambda: view_area(ctx, m, doc, ref.id),
        "goal": lambda: view_goal(ctx, m, doc, ref.id),
        "item": lambda: view_item(ctx, m, doc, ref.id),
        "indicator": lambda: view_indicator(ctx, m, doc, ref.id),
        "table": lambda: view_table(ctx, m, doc, ref.id),
        "tables": lambda: [h1(t("tree.tables") + " – " + doc_label(doc)), tables_table(m, doc)],
        "sections": lambda: [h1(t("tree.sections") + " – " + doc_label(doc)), sections_table(m, doc)],
        "section": lambda: view_section(ctx, m, doc, ref.id),
        "matrix": lambda: view_matrix(ctx, m, doc),
        "risks": lambda: view_matrix(ctx, m, doc),
        "controls": lambda: view_matrix(ctx, m, doc),
        "risk": lambda: view_risk(ctx, m, doc, ref.id),
        "control": lambda: view_control(ctx, m, doc, ref.id),
        "nogoal": lambda: view_item_list(ctx, m, doc, "nogoal"),
        "othergoals": lambda: view_item_list(ctx, m, doc, "othergoals"),
    }
    fn = views.get(k)
    return fn() if fn else [para(t("nothing"))]
