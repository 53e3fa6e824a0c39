"""Differences between two sides — each a period (`2025` the plan, `2025-04` the April follow-up)
or a Git revision — as one frame with one row per change (analysis/diff.py's DIFF_SCHEMA). The one
implementation behind `verksam diff` and the app's D screen.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import polars as pl

from ..analysis.diff import diff_documents, diff_revisions
from ..analysis.summary import AnalysisFrames, as_analysis, documents_for_period
from ..model.values import Period
from ..store import git
from ..store.revisions import RevisionError, load_changed, load_revision
from .errors import UsageError


class Side(NamedTuple):
    """One side of a comparison: ("period", "2025-04") or ("rev", "HEAD~1")."""

    kind: str
    value: str

    @classmethod
    def period(cls, p: str) -> "Side":
        return cls("period", p)

    @classmethod
    def rev(cls, r: str) -> "Side":
        return cls("rev", r)


class DiffResult(NamedTuple):
    changes: pl.DataFrame
    old: AnalysisFrames
    new: AnalysisFrames
    old_sha: str = ""  # the commits compared, when both sides are revisions
    new_sha: str = ""


def check_period(p: str | None, what: str = "period") -> None:
    if p is not None and Period.parse(p) is None:
        raise UsageError(f"bad {what} {p!r}: write YYYY, YYYY-MM or YYYY-MM-DD (e.g. 2025 or 2025-04)")


def _in_scope(docs, municipality: str | None, board: str | None):
    return [d for d in docs if (municipality is None or d.municipality == municipality)
            and (board is None or d.board == board)]


def diff(root: Path | str, old: tuple[str, str], new: tuple[str, str], frames: AnalysisFrames | None = None,
         municipality: str | None = None, board: str | None = None) -> DiffResult:
    """The changes from `old` to `new`, limited to a municipality and board when given.

    A period side is read from `frames` (the work tree as loaded, or the cached frames); a
    revision side from Git. Two revisions read only the documents whose files differ. Two periods
    compare the documents of those periods board by board; a period against a revision compares
    the whole repository at both and keeps the document of that period.
    """
    old, new = Side(*old), Side(*new)
    root = Path(root)
    try:
        if old.kind == "rev" and new.kind == "rev":
            o, n, _changed = load_changed(root, old.value, new.value)
            oaf, naf = as_analysis(o.workspace), as_analysis(n.workspace)
            d = diff_revisions(oaf, naf)
            return DiffResult(_scope(d, municipality, board), oaf, naf, o.sha, n.sha)

        def side(s: Side) -> AnalysisFrames:
            if s.kind == "rev":
                return as_analysis(load_revision(root, s.value).workspace)
            check_period(s.value, "FROM period" if s is old else "TO period")
            if frames is None:
                raise ValueError("a period side needs the frames it is read from")
            return frames

        oaf, naf = side(old), side(new)
    except (RevisionError, git.GitError) as e:
        raise UsageError(str(e)) from None
    if old.kind == "period" and new.kind == "period":
        sides = []
        for af, s in ((oaf, old), (naf, new)):
            docs = documents_for_period(af, s.value)
            if not docs:
                raise UsageError(f"no plan or follow-up for period {s.value} (use --rev for Git revisions)")
            sides.append(_in_scope(docs, municipality, board))
        d = diff_documents(oaf, sides[0], naf, sides[1])
    else:  # a period against a revision: that period's document only
        d = diff_revisions(oaf, naf)
        d = d.filter(pl.col("doc_period") == (old.value if old.kind == "period" else new.value))
    return DiffResult(_scope(d, municipality, board), oaf, naf)


def _scope(d: pl.DataFrame, municipality: str | None, board: str | None) -> pl.DataFrame:
    if municipality is not None:
        d = d.filter(pl.col("municipality") == municipality)
    if board is not None:
        d = d.filter(pl.col("board") == board)
    return d


def responsible_of(result: DiffResult, municipality: str) -> dict[str, str]:
    """Each changed entry's responsible unit (the new side's, else the old's): for a unit filter."""
    resp: dict[str, str] = {}
    for frame, key in ((result.new.items, "id"), (result.old.items, "id"), (result.new.indicators, "indicator_id"),
                       (result.old.indicators, "indicator_id")):
        sub = frame.filter(pl.col("municipality") == municipality).select(key, "responsible").unique(key)
        for k, r in sub.iter_rows():
            resp.setdefault(k, r)
    return resp
