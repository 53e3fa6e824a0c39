"""Summaries of documents (analysis/summary.py's `summarize`): the one path by which `verksam
summary` and the app's overview reach them."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..analysis.cache import open_frames
from ..analysis.summary import AnalysisFrames, DocKey, documents_for_period, summarize
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


def document_summary(af: AnalysisFrames, doc: DocKey) -> dict[str, pl.DataFrame]:
    """Every summary section of one document (see analysis.summary.SECTIONS)."""
    return summarize(af, doc)


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
