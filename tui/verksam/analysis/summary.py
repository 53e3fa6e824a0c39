"""Summaries of one board's document for one period, as polars frames (see docs/analysis.md).

Everything here is a pure function of an `AnalysisFrames` (the core `Frames` plus a few small
frames of documents, goals, goal assessments and table totals): no I/O, no Git. The app calls
these directly; the command line formats what they return.

- `indicator_status`   one row per indicator: target, the value judged (outcome for the year, else
                        the forecast), met / not met / no value in the better direction, beside the
                        report's own assessment, disagreements flagged;
- `goal_counts`, `area_counts`  those counted per goal and per goal area, with the goal assessment;
- `item_overview`      uppdrag and initiativ by kind × status × completion forecast (the
                        "Sammanställning av nämndens uppdrag och initiativ" table);
- `reported_overview`, `overview_check`  that table as the document prints it, and the cells
                        where the document and the items disagree;
- `overdue_items`      end date passed at the report date, not done;
- `completeness`       items without an update, a comment for the period or a forecast;
                        indicators without a value or an assessment;
- `economy`            per row of the economy tables: period budget / outcome / deviation and
                        full-year budget / forecast / deviation, stated and recomputed;
- `totals_check`       every total row of the document's tables against the sum of its parts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass
from functools import cached_property

import polars as pl

from ..model import rules as R
from ..model.entities import COMPLETIONS, STATUSES, Workspace
from ..model.values import Period, period_sort_key
from .frames import Frames

# Every judgement below is a rule of verksam.model.rules, applied per row; polars only counts.
OVERVIEW_KINDS = R.OVERVIEW_KINDS
STATUS_SV = {state.value: word for state, word in R.STATE_ASSESSMENT.items()}
NO_COMPLETION = "Ingen prognos"
TOTAL = "Totalt"
TOLERANCE = 2.0  # tkr: totals and deviations may differ by rounding

DOCUMENT_SCHEMA = {
    "municipality": pl.Utf8, "board": pl.Utf8, "doc_kind": pl.Utf8, "doc_period": pl.Utf8,
    "year": pl.Int32, "date": pl.Date, "period_end": pl.Date, "title": pl.Utf8, "files": pl.Utf8,
}
GOAL_SCHEMA = {
    "municipality": pl.Utf8, "goal": pl.Utf8, "goal_number": pl.Utf8, "goal_title": pl.Utf8,
    "area": pl.Utf8, "area_number": pl.Utf8, "area_title": pl.Utf8,
}
CONTRIBUTION_SCHEMA = {
    "municipality": pl.Utf8, "board": pl.Utf8, "doc_kind": pl.Utf8, "doc_period": pl.Utf8,
    "goal": pl.Utf8, "assessment": pl.Utf8, "trend": pl.Utf8,
}
DOC_KEYS = ["municipality", "board", "doc_kind", "doc_period"]  # a document's rows in every frame
PARTS_SCHEMA = {
    "municipality": pl.Utf8, "board": pl.Utf8, "doc_kind": pl.Utf8, "doc_period": pl.Utf8,
    "table": pl.Utf8, "total_row": pl.Utf8, "part_row": pl.Utf8,
}


# ---------------------------------------------------------------- extra frames


def document_frame(ws: Workspace) -> pl.DataFrame:
    c: dict[str, list] = {k: [] for k in DOCUMENT_SCHEMA}
    for m in ws.municipalities.values():
        for d in m.documents:
            p = Period.parse(d.period)
            row = {"municipality": m.id, "board": d.board, "doc_kind": d.kind, "doc_period": d.period,
                   "year": p.year if p else None, "date": d.date, "period_end": p.end if p else None,
                   "title": d.title, "files": " ".join(sorted(d.files))}
            for k, v in row.items():
                c[k].append(v)
    return pl.DataFrame(c, schema=DOCUMENT_SCHEMA)


def goal_frame(ws: Workspace) -> pl.DataFrame:
    c: dict[str, list] = {k: [] for k in GOAL_SCHEMA}
    for m in ws.municipalities.values():
        areas = m.areas_by_id()
        for g in m.goals_by_id().values():
            a = areas.get(g.area)
            row = {"municipality": m.id, "goal": g.id, "goal_number": g.number, "goal_title": g.title,
                   "area": g.area, "area_number": a.number if a else "", "area_title": a.title if a else ""}
            for k, v in row.items():
                c[k].append(v)
        for a in areas.values():  # areas themselves, so that an area-level row can be named too
            row = {"municipality": m.id, "goal": a.id, "goal_number": a.number, "goal_title": a.title,
                   "area": a.id, "area_number": a.number, "area_title": a.title}
            for k, v in row.items():
                c[k].append(v)
    return pl.DataFrame(c, schema=GOAL_SCHEMA).unique(["municipality", "goal"], keep="first", maintain_order=True)


def contribution_frame(ws: Workspace) -> pl.DataFrame:
    c: dict[str, list] = {k: [] for k in CONTRIBUTION_SCHEMA}
    for m in ws.municipalities.values():
        for d in m.documents:
            for x in d.contributions:
                row = {"municipality": m.id, "board": d.board, "doc_kind": d.kind, "doc_period": d.period,
                       "goal": x.target, "assessment": x.assessment, "trend": x.trend}
                for k, v in row.items():
                    c[k].append(v)
    return pl.DataFrame(c, schema=CONTRIBUTION_SCHEMA)


def parts_frame(ws: Workspace) -> pl.DataFrame:
    """One row per total row × the row it sums (Table.parts_of), to check totals in polars."""
    c: dict[str, list] = {k: [] for k in PARTS_SCHEMA}
    for m in ws.municipalities.values():
        for d in m.documents:
            for t in d.tables:
                for r in t.rows:
                    if not r.total:
                        continue
                    for p in t.parts_of(r):
                        row = {"municipality": m.id, "board": d.board, "doc_kind": d.kind,
                               "doc_period": d.period, "table": t.id, "total_row": r.id, "part_row": p.id}
                        for k, v in row.items():
                            c[k].append(v)
    return pl.DataFrame(c, schema=PARTS_SCHEMA)


class AnalysisFrames(Frames):
    """The core frames plus the small ones the summaries need; each built on first use.

    Build it from a workspace (`AnalysisFrames(ws)`), or from cached frames
    (`AnalysisFrames.from_frames({...})`, see cache.py), where the workspace is not needed.
    """

    FRAME_NAMES = ("indicators", "items", "budget", "controls", "documents", "goals", "contributions", "parts")

    @cached_property
    def documents(self) -> pl.DataFrame:
        return document_frame(self.workspace)

    @cached_property
    def goals(self) -> pl.DataFrame:
        return goal_frame(self.workspace)

    @cached_property
    def contributions(self) -> pl.DataFrame:
        return contribution_frame(self.workspace)

    @cached_property
    def parts(self) -> pl.DataFrame:
        return parts_frame(self.workspace)

    @classmethod
    def from_frames(cls, frames: dict[str, pl.DataFrame]) -> "AnalysisFrames":
        af = cls(workspace=None)  # type: ignore[arg-type]
        for name in cls.FRAME_NAMES:
            af.__dict__[name] = frames[name]
        return af

    def all_frames(self) -> dict[str, pl.DataFrame]:
        return {name: getattr(self, name) for name in self.FRAME_NAMES}

    def of(self, name: str, doc: "DocKey") -> pl.DataFrame:
        """The rows of frame `name` that belong to one document. Each frame is partitioned by
        document once (one grouped pass), and every summary of every document takes its own
        part: summarizing n documents costs the rows once, not n filters of the whole frame."""
        parts = self.__dict__.setdefault("_by_document", {})
        split = parts.get(name)
        if split is None:
            split = parts[name] = getattr(self, name).partition_by(DOC_KEYS, as_dict=True, maintain_order=True)
        got = split.get((doc.municipality, doc.board, doc.kind, doc.period))
        return got if got is not None else getattr(self, name).clear()

    def by_municipality(self) -> dict[str, "AnalysisFrames"]:
        """The frames split by municipality, once (one grouped pass over each frame). Every
        summary of a document reads only its own municipality, so summarizing a period of the
        whole country costs each document its municipality's rows, not the nation's: linear."""
        parts: dict[str, dict[str, pl.DataFrame]] = {}
        frames = self.all_frames()
        for name, frame in frames.items():
            for (mid,), sub in frame.partition_by("municipality", as_dict=True, maintain_order=True).items():
                parts.setdefault(mid, {})[name] = sub
        return {mid: AnalysisFrames.from_frames({n: got.get(n, frames[n].clear()) for n in self.FRAME_NAMES})
                for mid, got in parts.items()}


def as_analysis(x) -> AnalysisFrames:
    """Accept a Workspace, core Frames or AnalysisFrames."""
    if isinstance(x, AnalysisFrames):
        return x
    if isinstance(x, Frames):
        af = AnalysisFrames(x.workspace)
        for name in ("indicators", "items", "budget", "controls"):
            if name in x.__dict__:
                af.__dict__[name] = x.__dict__[name]
        return af
    return AnalysisFrames(x)


# ---------------------------------------------------------------- documents


@dataclass(frozen=True, slots=True)
class DocKey:
    municipality: str
    board: str
    kind: str
    period: str

    @property
    def year(self) -> str:
        return self.period[:4]

    def filter(self) -> pl.Expr:
        return ((pl.col("municipality") == self.municipality) & (pl.col("board") == self.board)
                & (pl.col("doc_kind") == self.kind) & (pl.col("doc_period") == self.period))

    def label(self) -> str:
        return f"{self.municipality}/{self.board} {self.kind} {self.period}"


def documents_for_period(af, period: str | None = None) -> list[DocKey]:
    """The documents a summary of a period is about.

    `YYYY-MM` (or a date): the follow-ups of that period; `YYYY`: the follow-ups of that period if
    any (an annual report), else the plans for that year; None: the latest follow-up period in the
    repository, else the latest plan.
    """
    af = as_analysis(af)
    docs = af.documents
    if period is None:
        fu = docs.filter(pl.col("doc_kind") == "followup")
        pool = fu if fu.height else docs.filter(pl.col("doc_kind") == "plan")
        if not pool.height:
            return []
        period = max(pool["doc_period"].to_list(), key=period_sort_key)
    sel = docs.filter((pl.col("doc_kind") == "followup") & (pl.col("doc_period") == period))
    if not sel.height:
        sel = docs.filter((pl.col("doc_kind") == "plan") & (pl.col("doc_period") == period))
    return [DocKey(r["municipality"], r["board"], r["doc_kind"], r["doc_period"])
            for r in sel.sort("municipality", "board").iter_rows(named=True)]


def report_date(af, doc: DocKey) -> dt.date | None:
    """The document's date, else the last day of its period."""
    af = as_analysis(af)
    row = af.of("documents", doc)
    if not row.height:
        p = Period.parse(doc.period)
        return p.end if p else None
    return row["date"][0] or row["period_end"][0]


# ---------------------------------------------------------------- indicators

_IND_KEYS = ["municipality", "board", "goal", "indicator_id"]


def _measure(ind: pl.DataFrame, measure: str, period: str, name: str) -> pl.DataFrame:
    return (ind.filter((pl.col("measure") == measure) & (pl.col("period") == period))
            .group_by(_IND_KEYS, maintain_order=True)
            .agg(pl.col("value").first().alias(name), pl.col("text").first().alias(f"{name}_text")))


def _judge(rows: pl.DataFrame, period: str) -> pl.DataFrame:
    """The rule indicator.state applied to every row (numbers only: text values are null)."""
    basis, basis_period, value, target, status, agrees = [], [], [], [], [], []
    for r in rows.iter_rows(named=True):
        j = R.indicator_state(period, r["better"] or "none", r["target"], r["period_target"],
                              r["period_outcome"], r["outcome"], r["forecast"])
        basis.append(j.basis)
        basis_period.append(j.basis_period)
        value.append(j.value)
        target.append(j.target)
        status.append(j.state.value)
        agrees.append(R.agrees(r["reported"] or "", j.state))
    return rows.with_columns(
        pl.Series("basis", basis, dtype=pl.Utf8), pl.Series("basis_period", basis_period, dtype=pl.Utf8),
        pl.Series("value", value, dtype=pl.Float64), pl.Series("judged_target", target, dtype=pl.Float64),
        pl.Series("status", status, dtype=pl.Utf8), pl.Series("agrees", agrees, dtype=pl.Boolean))


def indicator_status(af, doc: DocKey) -> pl.DataFrame:
    """One row per indicator of the document, judged for the document's period by the rule
    indicator.state (verksam.model.rules): the period's outcome against a target for that
    period, else the year's outcome, else the year's forecast, against the year's target; a
    text-only value counts as no value. With `better = higher` met when value ≥ target, with
    `lower` met when value ≤ target (within rules.TOLERANCE); no number on either side →
    "no value"; `better = none` → "not evaluated". `target` is the target judged against, `basis`
    and `basis_period` say which value was. `reported` is the document's own assessment;
    `agrees` is false where the two differ.
    """
    af = as_analysis(af)
    ind = af.of("indicators", doc)
    year = doc.year
    base = ind.group_by(_IND_KEYS, maintain_order=True).agg(
        pl.col("name").first(), pl.col("unit").first(), pl.col("better").first(),
        pl.col("kind").first(), pl.col("responsible").first(), pl.col("document").first())
    out = base
    for measure, period, name in (("target", year, "target"), ("outcome", year, "outcome"),
                                  ("forecast", year, "forecast"), ("target", doc.period, "period_target"),
                                  ("outcome", doc.period, "period_outcome")):
        out = out.join(_measure(ind, measure, period, name), on=_IND_KEYS, how="left")
    out = out.join(_measure(ind, "assessment", doc.period, "reported").select(_IND_KEYS + ["reported_text"]),
                   on=_IND_KEYS, how="left").rename({"reported_text": "reported"})
    out = out.join(af.goals.select("municipality", "goal", "goal_number", "area", "area_number"),
                   on=["municipality", "goal"], how="left")
    out = _judge(out.with_columns(pl.col("reported").fill_null("")), doc.period)
    out = out.with_columns(
        pl.coalesce("judged_target", "target").alias("target"),
        pl.col("status").replace_strict(STATUS_SV, default="").alias("status_sv"),
    )
    return out.select(
        "municipality", "board", "goal", "goal_number", "area", "area_number", "indicator_id", "name",
        "kind", "unit", "better", "target", "target_text", "outcome", "outcome_text", "forecast",
        "forecast_text", "basis", "basis_period", "value", "status", "status_sv", "reported", "agrees", "document",
    ).sort(_goal_order("goal_number"), "indicator_id", maintain_order=True)


def _counts(status: pl.DataFrame, by: list[str]) -> list[pl.Expr]:
    return [
        pl.len().alias("indicators"),
        (pl.col("status") == "met").sum().alias("met"),
        (pl.col("status") == "not met").sum().alias("not_met"),
        (pl.col("status") == "no value").sum().alias("no_value"),
        (pl.col("status") == "not evaluated").sum().alias("not_evaluated"),
        (pl.col("reported") == "Uppfyllt").sum().alias("reported_met"),
        (pl.col("reported") == "Ej uppfyllt").sum().alias("reported_not_met"),
        (pl.col("agrees") == False).sum().alias("disagreements"),  # noqa: E712
    ]


def goal_counts(af, doc: DocKey, status: pl.DataFrame | None = None) -> pl.DataFrame:
    """Indicators met / not met / no value per goal, beside the goal's assessment in the document.

    Goals that the document assesses but that have no indicators are listed with zero counts.
    """
    af = as_analysis(af)
    status = indicator_status(af, doc) if status is None else status
    counts = status.group_by("municipality", "goal").agg(_counts(status, ["goal"]))
    contrib = (af.of("contributions", doc)
               .group_by("municipality", "goal", maintain_order=True)
               .agg(pl.col("assessment").first(), pl.col("trend").first()))
    keys = pl.concat([counts.select("municipality", "goal"), contrib.select("municipality", "goal")]).unique(maintain_order=True)
    out = (keys.join(counts, on=["municipality", "goal"], how="left")
           .join(contrib, on=["municipality", "goal"], how="left")
           .join(af.goals, on=["municipality", "goal"], how="left"))
    int_cols = ["indicators", "met", "not_met", "no_value", "not_evaluated", "reported_met",
                "reported_not_met", "disagreements"]
    out = out.with_columns([pl.col(c).fill_null(0).cast(pl.Int64) for c in int_cols]
                           + [pl.col(c).fill_null("") for c in ("assessment", "trend", "goal_number", "goal_title", "area", "area_number")])
    return out.select("municipality", "area", "area_number", "goal", "goal_number", "goal_title",
                      *int_cols, "assessment", "trend").sort(_goal_order("goal_number"), "goal")


def _goal_order(column: str) -> pl.Expr:
    """A sort key for a column of goal numbers: the rule goal.order (1.2 < 1.10)."""
    return pl.col(column).map_elements(lambda s: list(R.goal_number_key(s)), return_dtype=pl.List(pl.Int64),
                                       skip_nulls=False)


def area_counts(af, doc: DocKey, status: pl.DataFrame | None = None, goals: pl.DataFrame | None = None) -> pl.DataFrame:
    """Indicators met / not met / no value per goal area, with how many goals the document
    assesses as Uppfyllt / Ej uppfyllt there (`goals`: goal_counts, when made already)."""
    af = as_analysis(af)
    goals = goal_counts(af, doc, status) if goals is None else goals
    agg = goals.group_by("municipality", "area", "area_number").agg(
        pl.len().alias("goals"),
        *[pl.col(c).sum() for c in ("indicators", "met", "not_met", "no_value", "not_evaluated",
                                    "reported_met", "reported_not_met", "disagreements")],
        (pl.col("assessment") == "Uppfyllt").sum().alias("goals_met"),
        (pl.col("assessment") == "Ej uppfyllt").sum().alias("goals_not_met"),
    )
    titles = af.goals.select("municipality", pl.col("goal").alias("area"), pl.col("goal_title").alias("area_title"))
    return (agg.join(titles, on=["municipality", "area"], how="left")
            .with_columns(pl.col("area_title").fill_null(""))
            .sort(_goal_order("area_number"), "area"))


# ---------------------------------------------------------------- items


def _doc_items(af, doc: DocKey, kinds=OVERVIEW_KINDS) -> pl.DataFrame:
    items = as_analysis(af).of("items", doc)
    return items.filter(pl.col("kind").is_in(list(kinds))) if kinds else items


def overview_long(af, doc: DocKey, only: Collection[str] | None = None) -> pl.DataFrame:
    """kind × status × completion → count, for uppdrag and initiativ (with `only`: those ids)."""
    items = _doc_items(af, doc)
    if only is not None:
        items = items.filter(pl.col("id").is_in(list(only)))
    return (items.with_columns(pl.when(pl.col("completion") == "").then(pl.lit(NO_COMPLETION))
                               .otherwise(pl.col("completion")).alias("completion"))
            .group_by("kind", "status", "completion").agg(pl.len().cast(pl.Int64).alias("count")))


def _status_order(s: str) -> int:
    return STATUSES.index(s) if s in STATUSES else len(STATUSES)


def item_overview(af, doc: DocKey, only: Collection[str] | None = None) -> pl.DataFrame:
    """The "Sammanställning av nämndens uppdrag och initiativ": one row per kind × status, one
    column per completion forecast (Enligt plan, Avvikelse från plan; Ingen prognos when some item
    has none), and Totalt; a last row "Totalt" sums the columns. `only`: the items with these ids
    (what a filter shows), else all."""
    long = overview_long(af, doc, only)
    comps = list(COMPLETIONS) + sorted(c for c in long["completion"].unique().to_list() if c not in COMPLETIONS)
    rows = []
    present = {(k, s) for k, s in long.select("kind", "status").iter_rows()}
    kinds = [k for k in OVERVIEW_KINDS if any(p[0] == k for p in present)]
    for k in kinds:
        statuses = sorted({s for kk, s in present if kk == k} | set(STATUSES[:3]), key=_status_order)
        for s in statuses:
            rows.append((k, s))
    cnt = {(k, s, c): n for k, s, c, n in long.iter_rows()}
    data: dict[str, list] = {"kind": [], "status": []} | {c: [] for c in comps} | {TOTAL: []}
    for k, s in rows:
        data["kind"].append(k)
        data["status"].append(s)
        tot = 0
        for c in comps:
            n = cnt.get((k, s, c), 0)
            data[c].append(n)
            tot += n
        data[TOTAL].append(tot)
    data["kind"].append(TOTAL)
    data["status"].append("")
    for c in comps + [TOTAL]:
        data[c].append(sum(data[c]))
    schema = {"kind": pl.Utf8, "status": pl.Utf8} | {c: pl.Int64 for c in comps + [TOTAL]}
    return pl.DataFrame(data, schema=schema)


def _kind_of(text: str) -> str:
    t = (text or "").lower()
    if "uppdrag" in t:
        return "uppdrag"
    if "initiativ" in t:
        return "initiativ"
    return ""


def reported_overview(af, doc: DocKey) -> pl.DataFrame:
    """The overview table(s) as the document prints them: table, kind, status, completion, count.

    Recognised by title ("Sammanställning av nämndens uppdrag och initiativ"); the kind is read
    from a row's group or label, the status from its label or a text cell, the counts from the
    columns headed by a completion forecast. Blank cells count as 0.
    """
    b = as_analysis(af).of("budget", doc).filter(
        pl.col("table_title").str.to_lowercase().str.starts_with("sammanställning av nämndens uppdrag"))
    rows = (b.filter(~pl.col("total"))
            .group_by("table", "row_id", maintain_order=True)
            .agg(pl.col("group").first(), pl.col("row").first(),
                 pl.col("text").filter(pl.col("text").is_in(list(STATUSES))).first().alias("status_cell")))
    rows = rows.with_columns(
        pl.coalesce(pl.col("group").map_elements(_kind_of, return_dtype=pl.Utf8).replace("", None),
                    pl.col("row").map_elements(_kind_of, return_dtype=pl.Utf8)).alias("kind"),
        pl.when(pl.col("row").is_in(list(STATUSES))).then(pl.col("row")).otherwise(pl.col("status_cell")).alias("status"),
    )
    cells = b.filter(pl.col("column").is_in(list(COMPLETIONS))).select(
        "table", "row_id", pl.col("column").alias("completion"), pl.col("value").fill_null(0).cast(pl.Int64).alias("count"))
    return (rows.join(cells, on=["table", "row_id"]).filter(pl.col("kind") != "")
            .select("table", "kind", "status", "completion", "count"))


def overview_check(af, doc: DocKey) -> pl.DataFrame:
    """Cells where the document's own overview table and the counts of its items differ (empty
    when they agree, or when the document has no such table)."""
    rep = reported_overview(af, doc)
    if not rep.height:
        return pl.DataFrame(schema={"table": pl.Utf8, "kind": pl.Utf8, "status": pl.Utf8,
                                    "completion": pl.Utf8, "reported": pl.Int64, "counted": pl.Int64})
    comp = overview_long(af, doc).rename({"count": "counted"})
    out = []
    for t in rep["table"].unique(maintain_order=True).to_list():
        r = rep.filter(pl.col("table") == t).rename({"count": "reported"}).drop("table")
        j = r.join(comp, on=["kind", "status", "completion"], how="full", coalesce=True).with_columns(
            pl.lit(t).alias("table"), pl.col("reported").fill_null(0), pl.col("counted").fill_null(0))
        out.append(j.filter(pl.col("reported") != pl.col("counted")))
    return pl.concat(out).select("table", "kind", "status", "completion", "reported", "counted")


def overdue_items(af, doc: DocKey, as_of: dt.date | None = None) -> pl.DataFrame:
    """Items (any kind) overdue at the report date by the rule item.overdue: the end date has
    passed and the status is neither Slutförd nor Avbruten. A fuzzy end counts from its last
    possible day."""
    af = as_analysis(af)
    as_of = as_of or report_date(af, doc)
    items = _doc_items(af, doc, kinds=None)
    if as_of is None:
        return items.head(0).select("kind", "id", "title", "end", "end_date", "status", "completion", "responsible")
    overdue = [R.is_overdue(end, status, as_of) for end, status in zip(items["end_date"], items["status"])]
    return (items.filter(pl.Series(overdue, dtype=pl.Boolean))
            .with_columns((pl.lit(as_of) - pl.col("end_date")).dt.total_days().alias("days_overdue"))
            .select("kind", "id", "title", "end", "end_date", "days_overdue", "status", "completion", "responsible")
            .sort("end_date", "id"))


def previous_followup(af, doc: DocKey) -> DocKey | None:
    docs = as_analysis(af).documents.filter(
        (pl.col("municipality") == doc.municipality) & (pl.col("board") == doc.board)
        & (pl.col("doc_kind") == "followup") & (pl.col("year") == int(doc.year)))
    earlier = [p for p in docs["doc_period"].to_list() if period_sort_key(p) < period_sort_key(doc.period)]
    if not earlier:
        return None
    return DocKey(doc.municipality, doc.board, "followup", max(earlier, key=period_sort_key))


def completeness(af, doc: DocKey, status: pl.DataFrame | None = None) -> pl.DataFrame:
    """What a follow-up lacks: one row per item or indicator with at least one gap.

    The period is the rule update.window: after the previous follow-up of the year (else from
    1 January) up to the report date. Items (uppdrag, initiativ, åtgärd): `no_update` — no
    update by the rule update.item (a status and a comment in the period), or in the year's plan
    but missing from the follow-up; `no_comment` — no comment dated in the period; `no_forecast`
    — no completion forecast (uppdrag and initiativ only). Indicators: `no_update` — by the rule
    indicator.has_update (no assessment and no value to judge); `no_comment` — no assessment;
    `no_forecast` — no forecast for the year. Outside follow-ups nothing lacks an update.
    """
    af = as_analysis(af)
    as_of = report_date(af, doc)
    prev = previous_followup(af, doc)
    window = R.update_window(doc.period, as_of, report_date(af, prev) if prev else None)
    followup = doc.kind == "followup"
    items = _doc_items(af, doc, kinds=None)
    dates = items["comment_dates"].to_list()
    no_update = [followup and not R.is_updated(s, d, window) for s, d in zip(items["status"], dates)]
    no_comment = [not R.commented_in(d, window) for d in dates]
    it = items.select(
        pl.lit("item").alias("what"), "kind", "id", "title",
        pl.Series("no_update", no_update, dtype=pl.Boolean),
        pl.Series("no_comment", no_comment, dtype=pl.Boolean),
        ((pl.col("completion") == "") & pl.col("kind").is_in(list(OVERVIEW_KINDS))).alias("no_forecast"),
        pl.lit("").alias("note"),
    )
    if followup:
        plan = DocKey(doc.municipality, doc.board, "plan", doc.year)
        plan_items = _doc_items(af, plan, kinds=None)
        missing = plan_items.join(items.select("id"), on="id", how="anti").select(
            pl.lit("item").alias("what"), "kind", "id", "title", pl.lit(True).alias("no_update"),
            pl.lit(True).alias("no_comment"),
            pl.col("kind").is_in(list(OVERVIEW_KINDS)).alias("no_forecast"),
            pl.lit("i planen, saknas i uppföljningen").alias("note"))
        it = pl.concat([it, missing])
    st = indicator_status(af, doc) if status is None else status
    ind_no_update = [followup and not R.indicator_has_update(a, b) for a, b in zip(st["reported"], st["basis"])]
    ind = st.select(
        pl.lit("indicator").alias("what"), pl.lit("indikator").alias("kind"),
        pl.col("indicator_id").alias("id"), pl.col("name").alias("title"),
        pl.Series("no_update", ind_no_update, dtype=pl.Boolean),
        (pl.col("reported") == "").alias("no_comment") if followup else pl.lit(False).alias("no_comment"),
        pl.col("forecast").is_null().alias("no_forecast"),
        pl.lit("").alias("note"),
    )
    out = pl.concat([it, ind])
    return out.filter(pl.col("no_update") | pl.col("no_comment") | pl.col("no_forecast"))


# ---------------------------------------------------------------- economy


def economy(af, doc: DocKey) -> pl.DataFrame:
    """Per row of every tkr table of the document that has budget and outcome for the period, or
    budget and forecast for the full year: the stated figures and deviations, the deviations
    recomputed (outcome − budget, forecast − budget) and whether they agree (±2 tkr)."""
    b = as_analysis(af).of("budget", doc).filter(pl.col("unit") == "tkr")
    year = doc.year
    slots = {
        "budget_period": ("budget", doc.period), "outcome_period": ("utfall", doc.period),
        "deviation_period": ("avvikelse", doc.period), "budget_year": ("budget", year),
        "forecast_year": ("prognos", year), "deviation_year": ("avvikelse", year),
    }
    rows = b.group_by("table", "row_id", maintain_order=True).agg(
        pl.col("table_title").first(), pl.col("row").first(), pl.col("parent_id").first(),
        pl.col("group").first(), pl.col("total").first(),
        *[pl.col("value").filter((pl.col("measure") == m) & (pl.col("period") == p)).first().alias(name)
          for name, (m, p) in slots.items()],
    )
    has = ((pl.col("budget_period").is_not_null() & pl.col("outcome_period").is_not_null())
           | (pl.col("budget_year").is_not_null() & pl.col("forecast_year").is_not_null()))
    useful = rows.group_by("table").agg(has.any().alias("ok")).filter("ok")["table"]
    rows = rows.filter(pl.col("table").is_in(useful.implode()))
    return rows.with_columns(
        (pl.col("outcome_period") - pl.col("budget_period")).alias("deviation_period_calc"),
        (pl.col("forecast_year") - pl.col("budget_year")).alias("deviation_year_calc"),
    ).with_columns(
        ((pl.col("deviation_period") - pl.col("deviation_period_calc")).abs() > TOLERANCE).fill_null(False).alias("period_mismatch"),
        ((pl.col("deviation_year") - pl.col("deviation_year_calc")).abs() > TOLERANCE).fill_null(False).alias("year_mismatch"),
    ).select("table", "table_title", "row_id", "row", "parent_id", "group", "total", *slots,
             "deviation_period_calc", "deviation_year_calc", "period_mismatch", "year_mismatch")


def totals_check(af, doc: DocKey) -> pl.DataFrame:
    """Every total row × numeric column of the document's tables: stated, sum of parts,
    difference, ok (|difference| ≤ 2). Percent columns of investment tables are included as
    written; read `ok` with the table's unit in mind."""
    af = as_analysis(af)
    b = af.of("budget", doc).with_columns(pl.int_range(pl.len()).over("table", "row_id").alias("col_ix"))
    parts = af.of("parts", doc).select("table", "total_row", "part_row")
    if not parts.height:
        return pl.DataFrame(schema={"table": pl.Utf8, "table_title": pl.Utf8, "total_row": pl.Utf8,
                                    "row": pl.Utf8, "column": pl.Utf8, "stated": pl.Float64,
                                    "sum_of_parts": pl.Float64, "difference": pl.Float64, "ok": pl.Boolean})
    # a column whose cells are written as percentages ("55%") is not summed
    pct = (b.group_by("table", "col_ix").agg(pl.col("text").str.strip_chars().str.ends_with("%").any().alias("pct"))
           .filter("pct").select("table", "col_ix"))
    b = b.join(pct, on=["table", "col_ix"], how="anti")
    cells = b.select("table", "row_id", "col_ix", "column", "value")
    sums = (parts.join(cells.rename({"row_id": "part_row"}), on=["table", "part_row"])
            .group_by("table", "total_row", "col_ix")
            .agg(pl.col("value").sum().alias("sum_of_parts"), pl.col("value").is_not_null().sum().alias("n")))
    totals = b.filter(pl.col("total")).select("table", "table_title", pl.col("row_id").alias("total_row"),
                                              "row", "col_ix", "column", pl.col("value").alias("stated"), "unit")
    out = totals.join(sums, on=["table", "total_row", "col_ix"], how="inner").filter(
        pl.col("stated").is_not_null() & (pl.col("n") > 0))
    return (out.with_columns((pl.col("stated") - pl.col("sum_of_parts")).alias("difference"))
            .with_columns((pl.col("difference").abs() <= TOLERANCE).alias("ok"))
            .sort("table", "total_row", "col_ix")
            .select("table", "table_title", "total_row", "row", "column", "stated", "sum_of_parts", "difference", "ok"))


# ---------------------------------------------------------------- all of it


SECTIONS = ("indicators", "goals", "areas", "overview", "overview_check", "overdue", "completeness",
            "economy", "totals")


def control_followup(af, doc: DocKey) -> pl.DataFrame:
    """The internal control follow-up of a follow-up: the controls planned for its year and, for
    its period, how many were performed, found deviations, and the actions decided and still open
    (one row; none when the follow-up has no control results)."""
    c = af.controls.filter((pl.col("municipality") == doc.municipality) & (pl.col("board") == doc.board)
                           & (pl.col("doc_period") == doc.year))
    res = c.filter(pl.col("period") == doc.period)
    if doc.kind != "followup" or not res.height:
        return pl.DataFrame(schema={"planned": pl.UInt32, "results": pl.UInt32, "performed": pl.UInt32,
                                    "with_deviations": pl.UInt32, "actions": pl.Int64, "actions_open": pl.Int64})
    return res.select(
        pl.lit(c["control_id"].n_unique()).cast(pl.UInt32).alias("planned"),
        pl.len().cast(pl.UInt32).alias("results"),
        pl.col("performed").is_not_null().sum().cast(pl.UInt32).alias("performed"),
        (pl.col("outcome") == "Avvikelser").sum().cast(pl.UInt32).alias("with_deviations"),
        pl.col("actions").sum().cast(pl.Int64).alias("actions"),
        pl.col("actions_open").sum().cast(pl.Int64).alias("actions_open"),
    )


def summarize(af, doc: DocKey) -> dict[str, pl.DataFrame]:
    """Every summary of one document, by section name (see SECTIONS)."""
    af = as_analysis(af)
    st = indicator_status(af, doc)
    goals = goal_counts(af, doc, st)
    return {
        "indicators": st,
        "goals": goals,
        "areas": area_counts(af, doc, st, goals),
        "overview": item_overview(af, doc),
        "overview_check": overview_check(af, doc),
        "overdue": overdue_items(af, doc),
        "completeness": completeness(af, doc, st),
        "controls": control_followup(af, doc),
        "economy": economy(af, doc),
        "totals": totals_check(af, doc),
    }
