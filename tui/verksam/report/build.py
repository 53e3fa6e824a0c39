"""From the model to the report's blocks: the document's own sections, in their order and words,
with the goals, indicators, uppdrag, tables, internal control and risks placed where the
published document has them. Nothing is judged or invented here: assessments, statuses and
values are shown as the files write them; the only counts (the Sammanställning) come from the
analysis.

Order: the sections of the document's files in file order (a section's children after its
text); a table after the section whose title its `section` names; the goal part (areas, goals,
contributions, indicator tables, item tables) inside the first section about goals (its title
names "mål" and indicators, nyckeltal or uppdrag), else before the appendices; companion
documents from the same published source (a plan's economy part, a budget's internal control
plan) after the primary's chapters and before its appendices ("Bilaga …").
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import entities as E
from ..model import rules
from ..model.values import MONTH_NAMES_SV, Period, Value, format_number, period_sort_key
from ..text import document_word as w
from . import charts
from .doc import Block, Facts, Figure, Heading, Para, Report, Table

MEASURE_ORDER = ("outcome", "target", "forecast")
KIND_ORDER = {"plan": 0, "budget": 1, "controls": 2, "followup": 3}
_GOALS_SECTION = re.compile(r"\bmål\b.*\b(indikator|nyckeltal|uppdrag)", re.I)
_APPENDIX = re.compile(r"^\s*bilag", re.I)
_OVERVIEW = re.compile(r"^\s*sammanställning av nämndens uppdrag", re.I)


@dataclass
class Inputs:
    """What the report needs beside the documents: the goal order (from the service's goal
    structure: `areas` as (area or None, [goals]) and `children` board goals per goal) and the
    Sammanställning counts (rows of kind, status, {completion: count}) from the analysis."""

    areas: list[tuple[Any, list[Any]]]
    children: dict[str, list[Any]]
    goal_of: Any = None  # (document, item) -> the goal id it stands under (its parent's for an åtgärd)
    overview: list[tuple[str, str, dict[str, int]]] = field(default_factory=list)
    overview_columns: list[str] = field(default_factory=list)


def period_label(period: str) -> str:
    """`2025-04` → `apr 2025` as the reports head their columns; a year stays as it is."""
    p = Period.parse(period)
    if p and p.kind == "month":
        return f"{MONTH_NAMES_SV[p.end.month - 1][:3]} {p.end.year}"
    return period


def slug(text: str) -> str:
    s = text.lower()
    for a, b in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e")):
        s = s.replace(a, b)
    return re.sub(r"[^a-z0-9]+", "-", s).strip("-")


def report_stem(doc: E.Document) -> str:
    if doc.kind == "followup":
        first = (doc.title or "").split()
        word = slug(first[0]) if first else "uppfoljning"
    else:
        word = {"plan": "verksamhetsplan", "budget": "budget", "controls": "internkontrollplan"}.get(doc.kind, doc.kind)
    return f"{doc.board}-{word}-{doc.period}"


def bundle(m: E.Municipality, doc: E.Document) -> list[E.Document]:
    """The documents published as one: the same board and period year, the same source file
    (a plan and its economy part, a budget and its internal control plan). A follow-up is its own."""
    if doc.kind == "followup" or not doc.source:
        return [doc]
    same = [d for d in m.documents if d.board == doc.board and d.kind != "followup"
            and d.source == doc.source and d.period == doc.period]
    return sorted(same, key=lambda d: (KIND_ORDER.get(d.kind, 9), d.period))


class Builder:
    def __init__(self, m: E.Municipality, docs: list[E.Document], inputs: Inputs):
        self.m = m
        self.docs = docs
        self.doc = docs[0]
        self.inp = inputs
        self.out: list[Block] = []
        self.goals = m.goals_by_id()
        self.areas = m.areas_by_id()
        self.followup = self.doc.kind == "followup"
        self.placed_tables: set[int] = set()
        self.placed_sections: set[int] = set()
        self.goal_sections: dict[str, list[E.Section]] = {}
        self.overview_drawn = False
        for d in docs:
            for s in d.sections:
                if s.goal:
                    self.goal_sections.setdefault(s.goal, []).append(s)

    # ------------------------------------------------------------ helpers

    def unit_name(self, unit_id: str) -> str:
        return self.m.unit_name(unit_id) if unit_id else ""

    def para(self, text: str, style: str = "") -> None:
        if text and text.strip():
            self.out.append(Para(text.strip("\n"), style))

    # ------------------------------------------------------------ the whole

    def build(self) -> list[Block]:
        primary = self.docs[0]
        meta = [(str(k), str(v)) for k, v in primary.meta.items()]
        if primary.date and not any(k.lower().startswith("datum") for k, _ in meta):
            meta.append((w("report.date"), primary.date.isoformat()))
        if meta:
            self.out.append(Facts(meta))
        tops = self.top_sections(primary)
        goals_at = next((i for i, s in enumerate(tops) if _GOALS_SECTION.search(s.title)), None)
        appendix_at = next((i for i, s in enumerate(tops) if _APPENDIX.match(s.title)), len(tops))
        has_goal_part = any(d.contributions or d.indicators or d.items or d.board_goals for d in self.docs)
        for i, s in enumerate(tops):
            if i == appendix_at:
                self.companions()
            if goals_at is None and has_goal_part and i == appendix_at:
                self.out.append(Heading(1, w("report.goals")))
                self.goal_part(1)
            self.section(primary, s, 1, goals_here=(i == goals_at))
        if appendix_at == len(tops):
            if goals_at is None and has_goal_part:
                self.out.append(Heading(1, w("report.goals")))
                self.goal_part(1)
            self.companions()
        self.leftover_tables()
        return self.out

    def top_sections(self, d: E.Document) -> list[E.Section]:
        ids = {s.id for s in d.sections}
        return [s for s in d.sections if (not s.parent or s.parent not in ids) and not s.goal]

    def companions(self) -> None:
        for d in self.docs[1:]:
            if d.kind == "controls":
                self.controls(d)
                continue
            for s in self.top_sections(d):
                self.section(d, s, 1)

    def section(self, d: E.Document, s: E.Section, level: int, goals_here: bool = False) -> None:
        self.placed_sections.add(id(s))
        self.out.append(Heading(level, s.title, s.id))
        self.para(s.text)
        self.tables_for(d, s, level)
        for child in [c for c in d.sections if c.parent == s.id and not c.goal]:
            self.section(d, child, level + 1)
        if goals_here:
            self.goal_part(level)

    def tables_for(self, d: E.Document, s: E.Section, level: int) -> None:
        want = s.title.strip().rstrip(":").lower()
        for doc in [d] + [x for x in self.docs if x is not d]:
            for t in doc.tables:
                if id(t) in self.placed_tables or not t.section:
                    continue
                if t.section.strip().rstrip(":").lower() == want:
                    self.table(t)

    def leftover_tables(self) -> None:
        for d in self.docs:
            for t in d.tables:
                if id(t) not in self.placed_tables:
                    self.out.append(Heading(1, t.section or t.title))
                    self.table(t)

    # ------------------------------------------------------------ tables of figures

    def table(self, t: E.Table) -> None:
        self.placed_tables.add(id(t))
        groups = any(r.group for r in t.rows)
        comments = any(r.comment for r in t.rows)
        first = w("report.table.amount", unit=t.unit) if t.unit in ("tkr", "mnkr", "kr") else t.title
        header = [first] + [c.heading for c in t.columns] + ([w("report.comment")] if comments else [])
        numeric = [False] + [_numeric_column(t, i) for i in range(len(t.columns))] + ([False] if comments else [])
        rows, strong, indent = [], set(), set()
        last_group = None
        for r in t.rows:
            if groups and r.group != last_group:
                last_group = r.group
                if r.group and r.group != r.label:  # a group heading row, as the source sets it
                    strong.add(len(rows))
                    rows.append([r.group] + [""] * (len(header) - 1))
            cells = [r.label]
            for i, c in enumerate(t.columns):
                v = r.values[i] if i < len(r.values) else Value()
                unit = "%" if (c.unit == "%" or t.unit == "%") else ""
                cells.append(v.display(unit))
            if comments:
                cells.append(r.comment)
            if r.total:
                strong.add(len(rows))
            if r.parent:
                indent.add(len(rows))
            rows.append(cells)
        notes = [t.note.strip()] if t.note and t.note.strip() else []
        self.out.append(Table(t.title, header, rows, numeric, strong, indent, notes))
        if _OVERVIEW.match(t.title):
            self.overview_figure()

    # ------------------------------------------------------------ the goal part

    def goal_part(self, level: int) -> None:
        if self.followup and self.inp.overview and not self.overview_drawn and not any(
                _OVERVIEW.match(t.title) for d in self.docs for t in d.tables):
            self.out.append(Heading(level + 1, w("report.overview")))
            self.overview_table()
        if self.followup:
            self.out.append(Heading(level + 1, w("report.goal_fulfilment")))
            level += 1
        contrib = {c.target: c for d in self.docs for c in d.contributions}
        for area, goals in self.inp.areas:
            lv = level + 1
            if area is not None:
                self.out.append(Heading(lv, f"{area.number} {area.title}".strip(), area.id))
                if not self.followup:
                    if area.ambition:
                        label = (w("report.ambition", year=area.ambition_year) if area.ambition_year
                                 else w("report.ambition.noyear"))
                        self.out.append(Facts([(label, area.ambition)]))
                    self.para(area.text)
                self.contribution(contrib.get(area.id), lv, area=True)
                for s in self.goal_sections.get(area.id, []):
                    self.goal_section(s, lv + 1)
                lv += 1
            for g in goals:
                self.goal(g, lv, contrib)
                for bg in self.inp.children.get(g.id, []):
                    self.goal(bg, lv + 1, contrib)
        self.goal_content("", level + 1)  # what belongs to no goal

    def goal(self, g: Any, level: int, contrib: dict) -> None:
        if g.board_goal:
            head = f"{w('report.board_goal', number=g.number)}: {g.title}" if g.number else g.title
        else:
            head = f"{g.number} {g.title}".strip()
        self.out.append(Heading(level, head, g.id))
        facts = []
        if g.agenda2030:
            facts.append((w("report.agenda2030"), ", ".join(w("report.agenda2030.goal", n=n) for n in g.agenda2030)))
        if g.also:
            facts.append((w("report.also"), "; ".join(
                f"{self.goals[a].number} {self.goals[a].title}".strip() if a in self.goals else a for a in g.also)))
        if facts:
            self.out.append(Facts(facts))
        if not self.followup:
            self.para(g.text)
        for s in self.goal_sections.get(g.id, []):
            self.goal_section(s, level + 1)
        self.contribution(contrib.get(g.id), level)
        self.goal_content(g.id, level + 1)

    def goal_section(self, s: E.Section, level: int) -> None:
        if id(s) in self.placed_sections:
            return
        self.placed_sections.add(id(s))
        self.para(s.text)

    def contribution(self, c: E.Contribution | None, level: int, area: bool = False) -> None:
        if c is None:
            return
        if c.assessment or c.trend:
            facts = []
            if c.assessment:
                facts.append((w("report.assessment"), c.assessment))
            if c.trend:
                facts.append((w("report.trend"), c.trend))
            self.out.append(Facts(facts))
        if c.analysis:
            self.para(c.analysis)
        if c.contribution:
            self.out.append(Heading(level + 1, w("report.area_contribution" if area else "report.goal_contribution")))
            self.para(c.contribution)
        self.para(c.note)

    def goal_content(self, goal_id: str, level: int) -> None:
        inds = [(d, e) for d in self.docs for e in d.indicators if e.goal == goal_id]
        by_type: dict[str, list] = {}
        for d, e in inds:
            defn = self.m.indicator_defs.get(e.id)
            by_type.setdefault(defn.type if defn else "", []).append((d, e))
        for typ, entries in by_type.items():
            self.indicator_table(typ, entries)
        items = [(d, it) for d in self.docs for it in d.items if self.inp.goal_of(d, it) == goal_id]
        groups: dict[str, list] = {}
        for d, it in items:
            if it.kind == "åtgärd":
                continue
            groups.setdefault(it.label or E.ITEM_KIND_SV.get(it.kind, it.kind), []).append((d, it))
        for label, entries in groups.items():
            self.item_table(label, [it for _, it in entries], with_parent=False)
        actions = [it for _, it in items if it.kind == "åtgärd"]
        if actions:
            self.item_table(w("report.actions"), actions, with_parent=True)

    # ------------------------------------------------------------ indicators

    def indicator_table(self, typ: str, entries: list) -> None:
        cols: list[tuple[str, str]] = []
        for _, e in entries:
            for period, measures in e.values.items():
                for meas in measures:
                    if (period, meas) not in cols:
                        cols.append((period, meas))
        cols.sort(key=lambda pm: (period_sort_key(pm[0]), MEASURE_ORDER.index(pm[1]) if pm[1] in MEASURE_ORDER else 9))
        has = lambda f: any(f(e) for _, e in entries)  # noqa: E731
        show_resp = has(lambda e: e.responsible or e.responsible_text)
        show_base = has(lambda e: e.baseline is not None)
        show_ass = has(lambda e: e.assessment)
        show_trend = has(lambda e: e.trend)
        extra_keys: list[str] = []
        for _, e in entries:
            for k in e.extra:
                if k not in extra_keys:
                    extra_keys.append(k)
        header = [w("report.indicator.typed", type=typ) if typ else w("report.indicator")]
        numeric = [False]
        if show_resp:
            header.append(w("report.responsible"))
            numeric.append(False)
        if show_base:
            header.append(w("report.baseline"))
            numeric.append(True)
        for period, meas in cols:
            word = w(f"report.measure.{meas}") if meas in MEASURE_ORDER or meas == "baseline" else meas
            header.append(f"{word} {period_label(period)}")
            numeric.append(True)
        for k in extra_keys:
            header.append(k)
            numeric.append(False)
        if show_ass:
            header.append(w("report.assessment"))
            numeric.append(False)
        if show_trend:
            header.append(w("report.trend"))
            numeric.append(False)
        rows, notes, comments, figures = [], [], [], []
        for _, e in entries:
            defn = self.m.indicator_defs.get(e.id)
            unit = defn.unit if defn else ""
            name = e.name or (defn.name if defn else e.id)
            row = [name]
            if show_resp:
                row.append(" ".join(x for x in (self.unit_name(e.responsible), e.responsible_text) if x))
            if show_base:
                row.append(_baseline(e, unit))
            for period, meas in cols:
                v = e.value(period, meas)
                row.append(v.display(unit) if v is not None else "")
            for k in extra_keys:
                row.append(_raw_text(e.extra.get(k, "")))
            if show_ass:
                row.append(e.assessment)
            if show_trend:
                row.append(e.trend)
            rows.append(row)
            for fn in e.footnotes:
                notes.append(f"{name}: {fn}")
            for c in _comments(e.comments, self.followup):
                comments.append(f"**{name}** — {_comment_head(c)}: {c.text.strip()}")
            fig = self.series_figure(name, e, unit)
            if fig:
                figures.append(fig)
        self.out.append(Table(header[0], header, rows, numeric, notes=notes))
        for c in comments:
            self.para(c, "note")
        self.out.extend(figures)

    def series_figure(self, name: str, e: E.IndicatorEntry, unit: str) -> Figure | None:
        points = [(period_label(p), v["outcome"].number) for p, v in e.values.items()
                  if "outcome" in v and v["outcome"].number is not None]
        targets = [(period_label(p), v["target"].number) for p, v in e.values.items()
                   if "target" in v and v["target"].number is not None]
        if len(points) + len(targets) < 2 or not points:
            return None
        svg, alt = charts.series(name, points, targets, unit)
        return Figure(svg, alt, w("report.series.figure", name=name), width_mm=min(20 + 9 * len(
            {p for p, _ in points + targets}), 110))

    # ------------------------------------------------------------ items

    def item_table(self, label: str, items: list[E.Item], with_parent: bool) -> None:
        has = lambda f: any(f(it) for it in items)  # noqa: E731
        cols: list[tuple[str, Any]] = [(label, lambda it: it.title)]
        if with_parent:
            cols.append((w("report.item.parent"), lambda it: self._parent_title(it)))
        if has(lambda it: it.description):
            cols.append((w("report.item.description"), lambda it: it.description))
        if has(lambda it: it.done_when):
            cols.append((w("report.item.done_when"), lambda it: it.done_when))
        if has(lambda it: it.responsible or it.responsible_text):
            cols.append((w("report.responsible"), lambda it: " ".join(
                x for x in (self.unit_name(it.responsible), it.responsible_text) if x)))
        if has(lambda it: it.contributors):
            cols.append((w("report.item.contributors"), lambda it: ", ".join(self.unit_name(u) for u in it.contributors)))
        if has(lambda it: it.origin):
            cols.append((w("report.item.origin"), lambda it: it.origin))
        if has(lambda it: it.carried_over) and not has(lambda it: it.origin):
            cols.append((w("report.item.carried_over"), lambda it: w("report.yes") if it.carried_over else ""))
        if has(lambda it: it.start):
            cols.append((w("report.item.start"), lambda it: it.start.text if it.start else ""))
        extra_keys: list[str] = []
        for it in items:
            for k in it.extra:
                if k not in extra_keys:
                    extra_keys.append(k)
        for k in extra_keys:
            cols.append((k, lambda it, k=k: _raw_text(it.extra.get(k, ""))))
        if has(lambda it: it.completion):
            cols.append((w("report.item.completion"), lambda it: it.completion))
        if has(lambda it: it.end):
            cols.append((w("report.item.end"), lambda it: it.end.text if it.end else ""))
        if has(lambda it: it.status):
            cols.append((w("report.item.status"), lambda it: it.status))
        labels = []
        for it in items:
            for c in _comments(it.comments, self.followup):
                if (c.label or w("report.comment")) not in labels:
                    labels.append(c.label or w("report.comment"))
        if labels:
            cols.append((" / ".join(labels), lambda it: "\n\n".join(
                f"{c.date.isoformat()}: {c.text.strip()}" if c.date else c.text.strip()
                for c in _comments(it.comments, self.followup))))
        if has(lambda it: it.footnotes):
            cols.append((w("report.footnote"), lambda it: " ".join(it.footnotes)))
        rows = [[str(f(it) or "") for _, f in cols] for it in items]
        self.out.append(Table(label, [h for h, _ in cols], rows, [False] * len(cols)))

    def _parent_title(self, it: E.Item) -> str:
        for d in self.docs:
            p = d.item(it.parent)
            if p is not None:
                return p.title
        return it.parent

    # ------------------------------------------------------------ the Sammanställning

    def overview_table(self) -> None:
        comps = self.inp.overview_columns
        header = [w("report.overview.kind"), w("report.overview.status")] + comps + [w("report.overview.total")]
        rows, strong = [], set()
        for kind, status, counts in self.inp.overview:
            total = sum(counts.get(c, 0) for c in comps)
            if kind == "__total__":
                strong.add(len(rows))
                rows.append([w("report.overview.total"), ""] + [str(counts.get(c, 0)) for c in comps] + [str(total)])
            else:
                rows.append([E.ITEM_KIND_SV.get(kind, kind), status] + [str(counts.get(c, 0)) for c in comps] + [str(total)])
        self.out.append(Table(w("report.overview"), header, rows, [False, False] + [True] * (len(comps) + 1), strong))
        self.overview_figure()

    def overview_figure(self) -> None:
        if self.overview_drawn or not self.inp.overview:
            return
        self.overview_drawn = True
        comps = self.inp.overview_columns
        rows = [(f"{E.ITEM_KIND_SV.get(k, k)}, {s.lower()}", [c.get(x, 0) for x in comps])
                for k, s, c in self.inp.overview if k != "__total__" and sum(c.values())]
        if not rows:
            return
        svg, alt = charts.stacked_bars(rows, comps, [charts.GREEN, charts.RED, charts.GREY][: len(comps)])
        self.out.append(Figure(svg, alt, w("report.overview.figure"), width_mm=150))

    # ------------------------------------------------------------ internal control and risks

    def controls(self, d: E.Document) -> None:
        self.out.append(Heading(1, d.title or E.DOC_KIND_SV["controls"]))
        risks = {r.id: r for r in d.risks}
        if d.controls:
            self.out.append(Heading(2, w("report.controls.plan")))
            header = [w("report.controls.process"), w("report.controls.risk"), w("report.controls.risk_value"),
                      w("report.controls.what"), w("report.controls.method"), w("report.responsible"),
                      w("report.controls.followup")]
            rows = [[c.process, risks[c.risk].title if c.risk in risks else c.risk,
                     "" if c.risk_value is None else str(c.risk_value), c.what, c.method,
                     c.responsible_text, c.followup] for c in d.controls]
            self.out.append(Table(w("report.controls.plan"), header, rows,
                                  [False, False, True, False, False, False, False]))
        if d.risks or d.scales:
            self.out.append(Heading(2, w("report.risks")))
            p_scale = d.scales[0] if d.scales else None
            c_scale = d.scales[1] if len(d.scales) > 1 else None
            p_title = p_scale.title if p_scale else w("report.risks.probability")
            c_title = c_scale.title if c_scale else w("report.risks.consequence")
            show_proc = any(r.process for r in d.risks)
            show_resp = any(r.responsible for r in d.risks)
            header = [w("report.controls.risk")] + ([w("report.controls.process")] if show_proc else []) + [
                p_title, c_title, w("report.controls.risk_value"), w("report.risks.handling")] + (
                [w("report.responsible")] if show_resp else [])
            rows = []
            for r in d.risks:
                rows.append([r.title] + ([r.process] if show_proc else []) + [
                    _int(r.probability), _int(r.consequence), _int(r.value if r.value is not None else rules.risk_value(r.probability, r.consequence)),
                    r.handling] + ([self.unit_name(r.responsible)] if show_resp else []))
            numeric = [False] + ([False] if show_proc else []) + [True, True, True, False] + ([False] if show_resp else [])
            self.out.append(Table(w("report.risks"), header, rows, numeric))
            size_p = _scale_size(p_scale, [r.probability for r in d.risks])
            size_c = _scale_size(c_scale, [r.consequence for r in d.risks])
            plotted = [(r.title, r.probability, r.consequence) for r in d.risks
                       if r.probability and r.consequence and r.probability <= size_p and r.consequence <= size_c]
            bands = [(h.min, h.max) for h in d.handling_rules]

            def cell_of(p: int, c: int) -> tuple[str, int]:
                value = rules.risk_value(p, c)
                colour = charts.band_colour(value, bands) if bands else charts.LEVEL_COLOURS[rules.risk_level(value)]
                return colour, value

            svg, alt = charts.risk_matrix(size_p, size_c, plotted, cell_of,
                                          p_title, c_title, (w("report.risks.one"), w("report.risks.many")))
            self.out.append(Figure(svg, alt, w("report.risks.matrix"), width_mm=30 + 11 * size_c))
            for sc in d.scales:
                self.out.append(Heading(3, sc.title))
                self.out.append(Table(sc.title, [w("report.scale.value"), w("report.scale.label"), w("report.scale.text")],
                                      [[str(lv.value), lv.label, lv.text] for lv in sc.levels], [True, False, False],
                                      row_headers=False))
            if d.handling_rules:
                self.out.append(Heading(3, w("report.rules")))
                self.out.append(Table(w("report.rules"), [w("report.controls.risk_value"), w("report.risks.handling")],
                                      [[h.label or f"{h.min}–{h.max}", h.text] for h in d.handling_rules],
                                      [False, False]))
        for s in self.top_sections(d):
            self.section(d, s, 3 if (d.risks or d.scales) else 2)


def _comments(comments: list[E.Comment], latest_only: bool) -> list[E.Comment]:
    if not comments:
        return []
    if latest_only:
        dated = [c for c in comments if c.date]
        return [max(dated, key=lambda c: c.date)] if dated else [comments[-1]]
    return list(comments)


def _comment_head(c: E.Comment) -> str:
    label = c.label or w("report.comment")
    return w("report.comment.dated", label=label, date=c.date.isoformat()) if c.date else label


def _baseline(e: E.IndicatorEntry, unit: str) -> str:
    if e.baseline is None:
        return ""
    s = e.baseline.display(unit)
    if e.baseline_year and not e.baseline.text:
        s = f"{s} ({e.baseline_year})"
    return s


def _raw_text(v: Any) -> str:
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_number(float(v))
    if isinstance(v, (list, tuple)):
        return ", ".join(_raw_text(x) for x in v)
    return "" if v is None else str(v)


def _numeric_column(t: E.Table, i: int) -> bool:
    """A column of numbers (right-aligned): every filled cell holds a number."""
    cells = [r.values[i] for r in t.rows if i < len(r.values) and not r.values[i].blank]
    return bool(cells) and all(v.number is not None for v in cells)


def _int(x: int | None) -> str:
    return "" if x is None else str(x)


def _scale_size(scale: E.Scale | None, values: list[int | None]) -> int:
    if scale and scale.levels:
        return max(lv.value for lv in scale.levels)
    vals = [v for v in values if v]
    return max(vals + [5]) if vals and max(vals) > 5 else 5


def build_report(m: E.Municipality, doc: E.Document, inputs: Inputs, colophon: str,
                 timestamp: dt.datetime) -> Report:
    docs = bundle(m, doc)
    primary = docs[0]
    board = m.board_name(primary.board)
    blocks = Builder(m, docs, inputs).build()
    return Report(
        title=primary.title or primary.label,
        author=f"{board}, {m.name}",
        subtitle=f"{board} · {m.name}",
        stem=report_stem(primary),
        colophon=colophon,
        timestamp=timestamp,
        blocks=blocks,
    )
