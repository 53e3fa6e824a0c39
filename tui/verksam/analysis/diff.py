"""Differences between two periods or two revisions, as one polars frame: one row per change.

Pure functions of `AnalysisFrames` (see summary.py); loading a workspace at a Git revision is
the store's business (tui/verksam/store/revisions.py). See docs/analysis.md.

Columns of every diff frame (DIFF_SCHEMA):
  municipality, board; doc_kind / doc_period (of the new side, else the old);
  what (item | indicator); kind (uppdrag | initiativ | åtgärd | indikator); id; title;
  field (status, completion, end, responsible, … for items; target, outcome, forecast, … for
  indicators; "" for a whole item or indicator added or removed); period (an indicator value's
  period); change (added | removed | changed | set | cleared | later | earlier | increased |
  decreased); old, new (as displayed, Swedish number formatting); old_value, new_value (numbers
  where both are numbers); old_document, new_document (the files).
"""

from __future__ import annotations

import polars as pl

from ..model.values import format_number
from .summary import AnalysisFrames, DocKey, as_analysis, documents_for_period

ITEM_FIELDS = ("status", "completion", "end", "responsible")
REVISION_ITEM_FIELDS = ("title", "status", "completion", "start", "end", "responsible", "goal", "parent",
                        "latest_comment_date", "latest_comment")
PERIOD_MEASURES = ("target", "outcome", "forecast")
REVISION_MEASURES = ("target", "outcome", "forecast", "baseline", "assessment", "trend")


DIFF_SCHEMA = {
    "municipality": pl.Utf8, "board": pl.Utf8, "doc_kind": pl.Utf8, "doc_period": pl.Utf8,
    "what": pl.Utf8, "kind": pl.Utf8, "id": pl.Utf8, "title": pl.Utf8, "field": pl.Utf8,
    "period": pl.Utf8, "change": pl.Utf8, "old": pl.Utf8, "new": pl.Utf8,
    "old_value": pl.Float64, "new_value": pl.Float64, "old_document": pl.Utf8, "new_document": pl.Utf8,
}


def _conform(df: pl.DataFrame) -> pl.DataFrame:
    missing = [pl.lit(None, dtype=t).alias(c) for c, t in DIFF_SCHEMA.items() if c not in df.columns]
    return df.with_columns(missing).select([pl.col(c).cast(t) for c, t in DIFF_SCHEMA.items()])


def _as_text(col: str) -> pl.Expr:
    c = pl.col(col)
    dtype_str = c.cast(pl.Utf8)
    return dtype_str.fill_null("")


# ---------------------------------------------------------------- items


def diff_items(old: pl.DataFrame, new: pl.DataFrame, keys: list[str], fields=ITEM_FIELDS,
               skip_unrecorded: bool = False) -> pl.DataFrame:
    """Items added, removed, and one row per changed field of items on both sides.

    `old` and `new` are item frames (Frames.items, filtered); rows match on `keys`.
    `skip_unrecorded`: leave out a field that one side leaves blank for every item (a plan has no
    status or completion forecast; that is not a change).
    """
    old = old.unique(keys, keep="first", maintain_order=True)
    new = new.unique(keys, keep="first", maintain_order=True)
    ctx = [c for c in ("doc_kind", "doc_period") if c not in keys]
    base = [c for c in keys if c != "id"]
    out = []
    added = new.join(old.select(keys), on=keys, how="anti")
    out.append(added.select(*base, *ctx, pl.lit("item").alias("what"), "kind", "id", "title",
                            pl.lit("").alias("field"), pl.lit("added").alias("change"), pl.lit("").alias("old"),
                            pl.col("title").alias("new"), pl.col("document").alias("new_document")))
    removed = old.join(new.select(keys), on=keys, how="anti")
    out.append(removed.select(*base, *ctx, pl.lit("item").alias("what"), "kind", "id", "title",
                              pl.lit("").alias("field"), pl.lit("removed").alias("change"),
                              pl.col("title").alias("old"), pl.lit("").alias("new"),
                              pl.col("document").alias("old_document")))
    both = new.join(old, on=keys, how="inner", suffix="_old")
    for f in fields:
        o, n = _as_text(f + "_old"), _as_text(f)
        if skip_unrecorded and (both.height == 0 or (both.select((o == "").all()).item()
                                                      or both.select((n == "").all()).item())):
            continue
        change = (pl.when(o == "").then(pl.lit("set")).when(n == "").then(pl.lit("cleared")))
        if f == "end":
            change = (change.when(pl.col("end_date").is_not_null() & pl.col("end_date_old").is_not_null()
                                  & (pl.col("end_date") > pl.col("end_date_old"))).then(pl.lit("later"))
                      .when(pl.col("end_date").is_not_null() & pl.col("end_date_old").is_not_null()
                            & (pl.col("end_date") < pl.col("end_date_old"))).then(pl.lit("earlier")))
        change = change.otherwise(pl.lit("changed"))
        ch = both.filter(o != n)
        if ch.height:
            out.append(ch.select(*base, *ctx, pl.lit("item").alias("what"), "kind", "id", "title",
                                 pl.lit(f).alias("field"), change.alias("change"), o.alias("old"), n.alias("new"),
                                 pl.col("document_old").alias("old_document"), pl.col("document").alias("new_document")))
    return pl.concat([_conform(x) for x in out])


# ---------------------------------------------------------------- indicators


def _display(value: str, text: str, unit: str) -> pl.Expr:
    return (pl.when(pl.col(text).fill_null("") != "").then(pl.col(text))
            .when(pl.col(value).is_not_null())
            .then(pl.struct(value, unit).map_elements(lambda s: format_number(s[value], unit=s[unit] or ""),
                                                      return_dtype=pl.Utf8))
            .otherwise(pl.lit("")))


def diff_indicators(old: pl.DataFrame, new: pl.DataFrame, keys: list[str], measures=PERIOD_MEASURES,
                    report_removed: bool = True) -> pl.DataFrame:
    """Indicators added or removed as a whole, and one row per value (measure × period) added,
    removed or changed in indicators on both sides. Rows match on `keys` + indicator_id (goals are
    not part of the key: their numbering changes between Mål och budget periods).

    `report_removed=False` leaves out values the new side does not show (a follow-up shows only the
    current year's targets, not the plan's later years)."""
    ikeys = keys + ["indicator_id"]
    vkeys = ikeys + ["measure", "period"]
    ctx = [c for c in ("doc_kind", "doc_period") if c not in keys]
    old = old.filter(pl.col("measure").is_in(list(measures)))
    new = new.filter(pl.col("measure").is_in(list(measures)))
    out = []
    o_ind = old.unique(ikeys, keep="first", maintain_order=True)
    n_ind = new.unique(ikeys, keep="first", maintain_order=True)
    added = n_ind.join(o_ind.select(ikeys), on=ikeys, how="anti")
    out.append(added.select(*ikeys, *ctx, pl.lit("indicator").alias("what"), pl.lit("indikator").alias("kind"),
                            pl.col("indicator_id").alias("id"), pl.col("name").alias("title"),
                            pl.lit("").alias("field"), pl.lit("added").alias("change"), pl.lit("").alias("old"),
                            pl.col("name").alias("new"), pl.col("document").alias("new_document")).drop("indicator_id"))
    removed = o_ind.join(n_ind.select(ikeys), on=ikeys, how="anti")
    out.append(removed.select(*ikeys, *ctx, pl.lit("indicator").alias("what"), pl.lit("indikator").alias("kind"),
                              pl.col("indicator_id").alias("id"), pl.col("name").alias("title"),
                              pl.lit("").alias("field"), pl.lit("removed").alias("change"),
                              pl.col("name").alias("old"), pl.lit("").alias("new"),
                              pl.col("document").alias("old_document")).drop("indicator_id"))
    shared = n_ind.select(ikeys).join(o_ind.select(ikeys), on=ikeys, how="inner")
    o = old.join(shared, on=ikeys, how="semi").unique(vkeys, keep="first", maintain_order=True)
    n = new.join(shared, on=ikeys, how="semi").unique(vkeys, keep="first", maintain_order=True)
    j = n.join(o, on=vkeys, how="full", coalesce=True, suffix="_old")
    j = j.with_columns(
        pl.coalesce("name", "name_old").alias("name"), pl.coalesce("unit", "unit_old").alias("unit"),
        *[pl.coalesce(c, c + "_old").alias(c) for c in ctx],
        pl.col("text").fill_null(""), pl.col("text_old").fill_null(""),
    )
    in_new = pl.col("document").is_not_null()
    in_old = pl.col("document_old").is_not_null()
    same = (pl.col("value").eq_missing(pl.col("value_old"))) & (pl.col("text") == pl.col("text_old"))
    j = j.filter(~(in_new & in_old & same))
    if not report_removed:
        j = j.filter(in_new)
    both_num = pl.col("value").is_not_null() & pl.col("value_old").is_not_null()
    change = (pl.when(~in_old).then(pl.lit("added")).when(~in_new).then(pl.lit("removed"))
              .when(both_num & (pl.col("value") > pl.col("value_old"))).then(pl.lit("increased"))
              .when(both_num & (pl.col("value") < pl.col("value_old"))).then(pl.lit("decreased"))
              .otherwise(pl.lit("changed")))
    out.append(j.select(
        *ikeys, *ctx, pl.lit("indicator").alias("what"), pl.lit("indikator").alias("kind"),
        pl.col("indicator_id").alias("id"), pl.col("name").alias("title"), pl.col("measure").alias("field"),
        "period", change.alias("change"),
        pl.when(in_old).then(_display("value_old", "text_old", "unit")).otherwise(pl.lit("")).alias("old"),
        pl.when(in_new).then(_display("value", "text", "unit")).otherwise(pl.lit("")).alias("new"),
        pl.col("value_old").alias("old_value"), pl.col("value").alias("new_value"),
        pl.col("document_old").alias("old_document"), pl.col("document").alias("new_document"),
    ).drop("indicator_id"))
    return pl.concat([_conform(x) for x in out])


# ---------------------------------------------------------------- periods and revisions

def _sort(df: pl.DataFrame) -> pl.DataFrame:
    return df.with_columns(pl.col("period").fill_null("")).sort(
        "municipality", "board", pl.col("what") != "item", "id", "field", "period", nulls_last=True)


def _select(frame: pl.DataFrame, docs: list[DocKey]) -> pl.DataFrame:
    if not docs:
        return frame.head(0)
    expr = docs[0].filter()
    for d in docs[1:]:
        expr = expr | d.filter()
    return frame.filter(expr)


def diff_documents(old_af, old_docs: list[DocKey], new_af, new_docs: list[DocKey]) -> pl.DataFrame:
    """Differences between the documents of two periods (e.g. the 2025 plan and the April 2025
    follow-up, two follow-ups, or the 2022 and 2025 plans through shared ids), per board."""
    old_af, new_af = as_analysis(old_af), as_analysis(new_af)
    keys = ["municipality", "board", "id"]
    items = diff_items(_select(old_af.items, old_docs), _select(new_af.items, new_docs), keys,
                       ITEM_FIELDS, skip_unrecorded=True)
    inds = diff_indicators(_select(old_af.indicators, old_docs), _select(new_af.indicators, new_docs),
                           ["municipality", "board"], PERIOD_MEASURES, report_removed=False)
    return _sort(pl.concat([items, inds]))


def diff_periods(af, old_period: str, new_period: str, new_af=None) -> pl.DataFrame:
    """`diff_documents` for two periods as `verksam diff` takes them: `YYYY` the plan of that
    year (or an annual follow-up with that period), `YYYY-MM` the follow-up of that month."""
    af = as_analysis(af)
    new_af = as_analysis(new_af) if new_af is not None else af
    return diff_documents(af, documents_for_period(af, old_period), new_af,
                          documents_for_period(new_af, new_period))


def diff_revisions(old_af, new_af, item_id: str | None = None) -> pl.DataFrame:
    """Differences between two states of the same repository (two Git revisions, or a revision
    and the working tree): every document, matched by board, kind and period; all item fields and
    all indicator measures, removals included. `item_id` restricts it to one item or indicator."""
    old_af, new_af = as_analysis(old_af), as_analysis(new_af)
    oi, ni, ov, nv = old_af.items, new_af.items, old_af.indicators, new_af.indicators
    if item_id is not None:
        oi, ni = oi.filter(pl.col("id") == item_id), ni.filter(pl.col("id") == item_id)
        ov, nv = ov.filter(pl.col("indicator_id") == item_id), nv.filter(pl.col("indicator_id") == item_id)
    keys = ["municipality", "board", "doc_kind", "doc_period"]
    items = diff_items(oi, ni, keys + ["id"], REVISION_ITEM_FIELDS)
    inds = diff_indicators(ov, nv, keys, REVISION_MEASURES, report_removed=True)
    return _sort(pl.concat([items, inds]))


__all__ = ["diff_items", "diff_indicators", "diff_documents", "diff_periods", "diff_revisions",
           "DIFF_SCHEMA", "AnalysisFrames"]
