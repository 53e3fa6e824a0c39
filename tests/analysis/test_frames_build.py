"""How the frames are built for the summaries and exports: an export builds only its own table,
each frame is split by document once and every document's part is exactly its rows, and the flat
construction of the indicator and item frames keeps every value and every comment date."""

from __future__ import annotations

import polars as pl

from verksam.analysis.frames import Frames, export_frame
from verksam.analysis.summary import AnalysisFrames, DocKey
from verksam.store.repository import PlanRepository


def test_an_export_builds_only_the_table_asked_for(sample_repo):
    ws = PlanRepository(sample_repo).load().workspace
    for what, frame in (("indicators", "indicators"), ("assignments", "items"), ("budget", "budget"),
                        ("controls", "controls")):
        f = Frames(ws)
        assert export_frame(f, what).height > 0
        built = {n for n in ("indicators", "items", "budget", "controls") if n in f.__dict__}
        assert built == {frame}, (what, built)


def test_a_documents_part_of_every_frame_is_its_rows(sample_repo):
    af = AnalysisFrames(PlanRepository(sample_repo).load().workspace)
    keys = af.documents.select("municipality", "board", "doc_kind", "doc_period").rows()
    assert len(keys) > 4
    for key in keys + [("nowhere", "ks", "plan", "2025")]:
        doc = DocKey(*key)
        for name in ("indicators", "items", "budget", "documents", "contributions", "parts"):
            assert af.of(name, doc).equals(getattr(af, name).filter(doc.filter())), (name, key)


def test_values_and_comment_dates_are_all_in_the_frames(sample_repo):
    ws = PlanRepository(sample_repo).load().workspace
    f = Frames(ws)
    values = sum(1 for m in ws.municipalities.values() for d in m.documents for e in d.indicators
                 for vals in e.raw_values.values() if isinstance(vals, dict) for _ in vals)
    assert f.indicators.filter(~pl.col("measure").is_in(["baseline", "assessment", "trend"])).height == values
    dates = [[c.date for c in it.comments] for m in ws.municipalities.values() for d in m.documents for it in d.items]
    assert f.items["comment_dates"].to_list() == dates and any(dates) and [] in dates
