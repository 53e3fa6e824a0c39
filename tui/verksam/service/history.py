"""The history of one item or indicator: every commit that changed it, with author, date and
old → new values. The one implementation behind `verksam history`, the app's H screen and its
"last set" lines (who last set each value of an entry).
"""

from __future__ import annotations

from pathlib import Path

import polars as pl

from ..analysis.diff import DIFF_SCHEMA, diff_revisions
from ..analysis.summary import AnalysisFrames
from ..store import git
from ..store.revisions import RevisionError, item_history
from .errors import UsageError
from .words import field_label

COMMIT_SCHEMA = {"commit": pl.Utf8, "author": pl.Utf8, "email": pl.Utf8, "date": pl.Utf8, "subject": pl.Utf8,
                 "body": pl.Utf8}
HISTORY_SCHEMA = {**COMMIT_SCHEMA, **DIFF_SCHEMA}


def entry_history(root: Path | str, entry_id: str, paths: list[str] | None = None,
                  under: str = "plans/") -> pl.DataFrame:
    """One row per changed value of the entry per commit, newest commit first (HISTORY_SCHEMA:
    the commit's id, author, email, date, subject and body, then the diff's columns).

    `paths` follows only those files (an entry's own document), `under` only the files in that
    folder that hold the id (its municipality); by default every plan file that holds it.
    UsageError when the folder is not a Git repository or no plan file holds the id."""
    try:
        steps = item_history(Path(root), entry_id, paths=paths, under=under)
    except (RevisionError, git.GitError) as e:
        raise UsageError(str(e)) from None
    if not steps:
        raise UsageError(f"no item or indicator with id {entry_id!r} in {Path(root)}/plans (or no Git history for it)")
    frames = []
    for st in steps:
        d = diff_revisions(AnalysisFrames(st.before), AnalysisFrames(st.after), item_id=entry_id)
        if not d.height:
            continue
        c = st.commit
        frames.append(d.select(pl.lit(c.sha).alias("commit"), pl.lit(c.author).alias("author"),
                               pl.lit(c.email).alias("email"), pl.lit(c.date).alias("date"),
                               pl.lit(c.subject).alias("subject"), pl.lit(c.body or "").alias("body"), pl.all()))
    if not frames:
        return pl.DataFrame(schema=HISTORY_SCHEMA)
    return pl.concat(frames).select([pl.col(c).cast(t) for c, t in HISTORY_SCHEMA.items()])


def entry_title(hist: pl.DataFrame | list[dict], entry_id: str) -> str:
    """What people call the entry: its title (an indicator's name) in the newest change that has
    one (the history as a frame or as history_rows); the id when none does."""
    titles = hist["title"].to_list() if isinstance(hist, pl.DataFrame) else [r.get("title") for r in hist]
    for title in titles:
        if title:
            return title
    return entry_id


def history_rows(hist: pl.DataFrame) -> list[dict]:
    """The history as rows for a screen: each with `field_label` ("utfall 2025") and text never None."""
    rows = []
    for r in hist.iter_rows(named=True):
        r = {k: ("" if v is None else v) for k, v in r.items()}
        r["sha"] = r["commit"]
        r["field_label"] = field_label(r["field"], r["period"])
        rows.append(r)
    return rows


def last_set(rows: list[dict], doc_kind: str, doc_period: str) -> list[dict]:
    """Who last set each value of an entry in one document, and when: the newest history row per
    (field, period) of that document."""
    seen: dict[tuple, dict] = {}
    for r in rows:
        if r["doc_kind"] != doc_kind or r["doc_period"] != doc_period:
            continue
        seen.setdefault((r["field"], r["period"]), r)
    return list(seen.values())
