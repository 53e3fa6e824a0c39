"""Timings of the analysis on a plans repository: `run(root) -> {name: seconds}`.

    python -m bench.analysis [ROOT]

The synthetic national repository comes from the generator elsewhere in bench/; this only times
what the analysis does on whatever root it is given: a cold load, frame building, the cache
(miss, then hit), every summary of every follow-up, a period diff and a revision diff (HEAD~1 →
HEAD, when the root is a Git repository with at least two commits).
"""

from __future__ import annotations

import json
import shutil
import sys
import time
from pathlib import Path

from verksam.analysis.cache import open_frames
from verksam.analysis.diff import diff_periods, diff_revisions
from verksam.analysis.summary import AnalysisFrames, documents_for_period, summarize
from verksam.store import cache as store_cache
from verksam.store import git
from verksam.store.repository import PlanRepository
from verksam.store.revisions import load_changed, load_revision


def _t(timings: dict, name: str, fn):
    t = time.perf_counter()
    out = fn()
    timings[name] = round(time.perf_counter() - t, 4)
    return out


def run(root) -> dict:
    root = Path(root).resolve()
    timings: dict[str, float] = {}
    snap = _t(timings, "load_snapshot_s", lambda: PlanRepository(root).load())
    af = AnalysisFrames(snap.workspace)
    _t(timings, "build_frames_s", lambda: af.all_frames())
    cdir = store_cache.cache_dir(root)
    if cdir.exists():
        shutil.rmtree(cdir, ignore_errors=True)
    # the miss reuses the snapshot above, so it times hashing + storing, not a second load
    _t(timings, "open_cache_miss_s", lambda: open_frames(root, lambda: snap))
    cached, _meta, hit = _t(timings, "open_cache_hit_s", lambda: open_frames(root, lambda: PlanRepository(root).load()))
    timings["cache_hit"] = float(bool(hit))
    periods = sorted(set(af.documents.filter(af.documents["doc_kind"] == "followup")["doc_period"].to_list()))
    docs = [d for p in periods for d in documents_for_period(cached, p)]
    timings["followups"] = len(docs)
    sample = docs[:: max(1, len(docs) // 50)]  # every summary of 50 follow-ups spread over the repository
    timings["followups_summarized"] = len(sample)
    _t(timings, "summaries_sample_s", lambda: [summarize(cached, d) for d in sample])
    if sample:
        timings["summaries_one_followup_s"] = round(timings["summaries_sample_s"] / len(sample), 4)
    plans = sorted(set(af.documents.filter(af.documents["doc_kind"] == "plan")["doc_period"].to_list()))
    if periods and plans:
        p_old = max([p for p in plans if p <= periods[-1][:4]] or plans)
        d = _t(timings, "diff_plan_to_latest_followup_s", lambda: diff_periods(cached, p_old, periods[-1]))
        timings["diff_plan_rows"] = d.height
    if git.is_repo(root) and git.rev_exists(root, "HEAD~1"):
        # as `verksam diff --rev`: only the documents whose files differ are read
        old, new, changed = _t(timings, "load_changed_revisions_s", lambda: load_changed(root, "HEAD~1", "HEAD"))
        timings["changed_files"] = len(changed)
        oaf, naf = AnalysisFrames(old.workspace), AnalysisFrames(new.workspace)
        _t(timings, "frames_of_changed_s", lambda: (oaf.items, oaf.indicators, naf.items, naf.indicators))
        d = _t(timings, "diff_revisions_s", lambda: diff_revisions(oaf, naf))
        timings["diff_revision_rows"] = d.height
        _t(timings, "load_whole_revision_s", lambda: load_revision(root, "HEAD~1"))
    stats = snap.workspace.stats()
    timings.update({f"n_{k}": v for k, v in stats.items()})
    return timings


if __name__ == "__main__":
    print(json.dumps(run(sys.argv[1] if len(sys.argv) > 1 else "."), indent=1))
