"""The app and `verksam summary` judge alike: every indicator and every item of the real
documents in plans/ through the app's view path (the tree's outline and symbols, the overview's
counts, the round's queue) and through the analysis frames (`summary`), compared one by one.

Both sides call verksam.model.rules; this test holds that no caller judges on its own again.
"""

from __future__ import annotations

import pathlib
from collections import Counter

import polars as pl
import pytest

from verksam.analysis.summary import (AnalysisFrames, DocKey, completeness, goal_counts, indicator_status,
                                      item_overview, overdue_items, report_date)
from verksam.app.screens.round import round_queue
from verksam.model import rules as R
from verksam.service.nav import document_outline
from verksam.service.status import SYMBOLS, has_update, indicator_state, item_state, overview
from verksam.store.repository import PlanRepository

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def loaded():
    ws = PlanRepository(ROOT).load().workspace
    return ws, AnalysisFrames(ws)


def documents(ws):
    return [(m, d) for m in ws.municipalities.values() for d in m.documents]


def key(m, d) -> DocKey:
    return DocKey(m.id, d.board, d.kind, d.period)


def walk(nodes):
    for n in nodes:
        yield n
        yield from walk(n.children)


def test_the_four_documents_are_there(loaded):
    ws, _ = loaded
    kinds = Counter((m.id, d.kind) for m, d in documents(ws))
    assert kinds[("norrtalje", "plan")] == 2 and kinds[("norrtalje", "followup")] == 1
    assert kinds[("alingsas", "budget")] >= 1
    assert sum(len(d.indicators) for _, d in documents(ws)) > 100
    assert sum(len(d.items) for _, d in documents(ws)) > 100


def test_indicators_tree_overview_and_summary_agree(loaded):
    ws, af = loaded
    checked = 0
    for m, d in documents(ws):
        if not d.indicators:
            continue
        summary = indicator_status(af, key(m, d))
        by_id = {(r["goal"], r["indicator_id"]): r for r in summary.iter_rows(named=True)}
        tree = {n.ref.id: n.label.plain[0] for n in walk(document_outline(m, d)) if n.ref.kind == "indicator"}
        for e in d.indicators:
            app = indicator_state(e, d, m.indicator_defs.get(e.id))
            row = by_id.get((e.goal, e.id))
            assert row is not None, f"{d.label}: {e.id} missing from the summary"
            assert app == R.IndicatorState(row["status"]).key, f"{d.label}: {e.id}"
            if d.kind == "followup":  # plans show ◇: there is nothing to judge yet
                assert tree[e.id] == SYMBOLS[app][0], f"{d.label}: {e.id} in the tree"
            checked += 1
        # the overview's counts (the app's document view) against the summary's per goal
        ov = overview(m, d).total
        gc = goal_counts(af, key(m, d), summary)
        assert (ov.indicators, ov.met, ov.not_met, ov.no_value) == (
            gc["indicators"].sum(), gc["met"].sum(), gc["not_met"].sum(),
            gc["no_value"].sum() + gc["not_evaluated"].sum()), d.label
    assert checked == sum(len(d.indicators) for _, d in documents(ws))


def test_the_april_report_disagrees_with_itself_twice(loaded):
    # the 137 new businesses by April (target 500 for the year) are no value on both sides,
    # as the report says; the two computed-vs-reported disagreements are the budget deviations
    ws, af = loaded
    m = ws.municipalities["norrtalje"]
    april = m.document("kommunstyrelsen", "followup", "2025-04")
    st = indicator_status(af, key(m, april))
    row = st.filter(pl.col("indicator_id") == "nyetablerade-foretag").row(0, named=True)
    assert (row["status"], row["agrees"]) == ("no value", True)
    assert indicator_state(april.indicator("nyetablerade-foretag"), april, m.indicator_defs["nyetablerade-foretag"]) == "no_value"
    assert sorted(st.filter(pl.col("agrees") == False)["indicator_id"].to_list()) == [  # noqa: E712
        "budgetfoljsamhet-kommunen", "budgetfoljsamhet-namnd"]


def test_items_tree_overview_round_and_summary_agree(loaded):
    ws, af = loaded
    checked = 0
    for m, d in documents(ws):
        if not d.items:
            continue
        k = key(m, d)
        frame = af.items.filter(k.filter())
        states = dict(zip(frame["id"], frame["state"]))
        tree = {n.ref.id: n.label.plain[0] for n in walk(document_outline(m, d)) if n.ref.kind == "item"}
        for it in d.items:
            assert item_state(it) == states[it.id], f"{d.label}: {it.id}"
            assert tree[it.id] == SYMBOLS[item_state(it)][0], f"{d.label}: {it.id} in the tree"
            checked += 1
        # the overview's status counts against the summary's table of uppdrag and initiativ
        ov = overview(m, d).total
        table = item_overview(af, k)
        body = table.filter(pl.col("kind") != "Totalt")
        by_status = {s: body.filter(pl.col("status") == s)["Totalt"].sum() for s in ("Ej påbörjad", "Påbörjad", "Slutförd")}
        assert (ov.items, ov.not_started, ov.started, ov.done) == (
            table.filter(pl.col("kind") == "Totalt")["Totalt"].item(), by_status["Ej påbörjad"],
            by_status["Påbörjad"], by_status["Slutförd"]), d.label
        deviating = sum(1 for it in d.items if R.in_overview(it.kind) and R.is_deviating(it.status, it.completion))
        assert ov.deviating == deviating
        # overdue: the rule on the model, and the summary's list
        as_of = report_date(af, k)
        mine = {it.id for it in d.items if R.is_overdue(it.end.last if it.end else None, it.status, as_of)}
        assert mine == set(overdue_items(af, k)["id"].to_list()), d.label
        # has an update: the round's queue (every unit) and the summary's completeness
        if d.kind == "followup":
            no_update = {it.id for it in d.items if not has_update(it, d, m)}
            cp = completeness(af, k)
            lacking = set(cp.filter((pl.col("what") == "item") & pl.col("no_update") & (pl.col("note") == ""))["id"].to_list())
            assert no_update == lacking, d.label
            # the round's queue (every unit): what lacks an update, and what lacks a forecast
            queue = set(round_queue(m, d, None))
            assert no_update <= queue
            assert queue == no_update | {it.id for it in d.items if not it.completion and not R.is_finished(it.status)}
    assert checked == sum(len(d.items) for _, d in documents(ws))
