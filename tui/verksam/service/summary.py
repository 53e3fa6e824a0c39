"""Summaries of documents (analysis/summary.py's `summarize`): the one path by which `verksam
summary` and the app's overview reach them."""

from __future__ import annotations

import io
import pickle
import re
from collections.abc import Iterator
from functools import partial
from pathlib import Path

import polars as pl

from ..analysis.cache import open_frames
from ..analysis.summary import AnalysisFrames, DocKey, documents_for_period, item_overview, summarize
from ..store.repository import PlanRepository
from .diff import check_period
from .errors import UsageError


def open_analysis(root: Path | str) -> tuple[AnalysisFrames, dict]:
    """The repository's analysis frames, from the cache when no plan file changed since they were
    built; and meta {"errors": n, "files": n} of the data they were built from."""
    repo = PlanRepository(root)
    repo.check_root()
    af, meta, _hit = open_frames(repo.root, repo.load)
    return af, meta


def document_summary(af: AnalysisFrames, doc: DocKey, shown: tuple[set[str], set[str]] | None = None
                     ) -> dict[str, pl.DataFrame]:
    """Every summary section of one document (see analysis.summary.SECTIONS). `shown`: the ids
    of the items and of the indicators a filter lets through; the Sammanställning, the overdue
    and the incomplete then count only those (and the check against the report's own table,
    which counts everything, is left out)."""
    tables = summarize(af, doc)
    if shown is None:
        return tables
    items, indicators = shown
    tables["overview"] = item_overview(af, doc, only=items)
    tables["overview_check"] = tables["overview_check"].head(0)
    tables["overdue"] = tables["overdue"].filter(pl.col("id").is_in(list(items)))
    cp = tables["completeness"]
    tables["completeness"] = cp.filter(((pl.col("what") == "item") & pl.col("id").is_in(list(items)))
                                       | ((pl.col("what") == "indicator") & pl.col("id").is_in(list(indicators))))
    return tables


def period_summaries(af: AnalysisFrames, period: str | None) -> list[tuple[DocKey, dict[str, pl.DataFrame]]]:
    """The summaries of every document of a period (None: the latest follow-up, else plan)."""
    check_period(period)
    docs = documents_for_period(af, period)
    if not docs:
        raise UsageError(f"no follow-up or plan for period {period}" if period
                         else "no follow-up or plan in this repository")
    if len({d.municipality for d in docs}) == 1:
        return [(d, document_summary(af, d)) for d in docs]
    per = af.by_municipality()  # linear in the number of documents, not quadratic
    return [(d, document_summary(per[d.municipality], d)) for d in docs]


# ------------------------------------------------------------ a whole country, one municipality at a time

WHOLE = 8  # municipalities: up to this many, the whole repository's frames (and their cache) are used

_FOLLOWUP_FILE = re.compile(r"/followup/(\d{4}-\d{2}(?:-\d{2})?)[^/]*\.toml$")
_PLAN_FILE = re.compile(r"/(\d{4})/plan[^/]*\.toml$")


def _latest_period(rels: list[str]) -> str | None:
    """The latest follow-up period the files' layout shows, else the latest plan year: what
    `documents_for_period(af, None)` would choose, without reading a file."""
    from ..model.values import period_sort_key

    fus = [m[1] for r in rels if (m := _FOLLOWUP_FILE.search(r))]
    if fus:
        return max(fus, key=period_sort_key)
    plans = [m[1] for r in rels if (m := _PLAN_FILE.search(r))]
    return max(plans) if plans else None


def _municipality_summaries(period: str, snap) -> tuple[bytes, int]:
    """Every summary of one municipality's documents of the period, as bytes (runs in worker
    processes): the parent never holds more than a few municipalities' tables."""
    af = AnalysisFrames(snap.workspace)
    out = []
    for d in documents_for_period(af, period):
        out.append((d, {name: _ipc(df) for name, df in summarize(af, d).items()}))
    return pickle.dumps((out, _ipc(af.documents))), len(snap.errors)


def _ipc(df: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    df.write_ipc(buf)
    return buf.getvalue()


class Summaries:
    """The summaries of a period, document by document with the frames to title them; `errors`
    (in the data they come from) is complete once they have been read."""

    def __init__(self, root: Path | str, period: str | None):
        check_period(period)
        self.repo = PlanRepository(root)
        self.repo.check_root()
        self.period = period
        self.errors = 0
        by_muni = self.repo._by_municipality()
        self.whole = len(by_muni) <= WHOLE
        if not self.whole and period is None:
            self.period = _latest_period([r for rels in by_muni.values() for r in rels])
        if not self.whole and self.period is None:
            raise UsageError("no follow-up or plan in this repository")

    def __iter__(self) -> Iterator[tuple[DocKey, dict[str, pl.DataFrame], AnalysisFrames]]:
        if self.whole:  # one municipality or a few: the cached frames of the whole repository
            af, meta = open_analysis(self.repo.root)
            self.errors = int(meta.get("errors", 0) or 0)
            for d, s in period_summaries(af, self.period):
                yield d, s, af
            return
        any_doc = False
        for data, errors in self.repo.iter_municipalities(partial(_municipality_summaries, self.period)):
            self.errors += errors
            docs, documents = pickle.loads(data)
            af = AnalysisFrames(workspace=None)  # type: ignore[arg-type]
            af.__dict__["documents"] = pl.read_ipc(io.BytesIO(documents))
            for d, tables in docs:
                any_doc = True
                yield d, {name: pl.read_ipc(io.BytesIO(b)) for name, b in tables.items()}, af
        if not any_doc:
            raise UsageError(f"no follow-up or plan for period {self.period}")
