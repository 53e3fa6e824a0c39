"""Met / not met on hand-made cases: direction, text values, missing target."""

import polars as pl

from verksam.analysis.summary import AnalysisFrames, DocKey, indicator_status, totals_check
from verksam.model.build import build_workspace

DOC = DocKey("testkommun", "ks", "followup", "2025-04")


def ws(entries, defs):
    files = [
        ("plans/testkommun/municipality.toml", {"kind": "municipality", "name": "Testkommun",
                                                "boards": [{"id": "ks", "name": "KS"}]}),
        ("plans/testkommun/indicators.toml", {"kind": "indicators", "indicators": [
            {"id": i, "name": i, "type": "KF", "unit": "%", "better": b} for i, b in defs.items()]}),
        ("plans/testkommun/ks/2025/followup/2025-04.toml", {"kind": "followup", "period": "2025-04",
                                                            "indicators": entries}),
    ]
    return AnalysisFrames(build_workspace(files))


def status(entries, defs):
    st = indicator_status(ws(entries, defs), DOC)
    return {r["indicator_id"]: r for r in st.iter_rows(named=True)}


def test_higher_and_lower_better():
    defs = {"h-met": "higher", "h-not": "higher", "h-eq": "higher", "l-met": "lower", "l-not": "lower", "l-eq": "lower"}
    e = [
        {"id": "h-met", "values": {"2025": {"target": 80, "outcome": 85}}},
        {"id": "h-not", "values": {"2025": {"target": 80, "outcome": 79.9}}},
        {"id": "h-eq", "values": {"2025": {"target": 80, "outcome": 80}}},
        {"id": "l-met", "values": {"2025": {"target": 10, "forecast": 8}}},
        {"id": "l-not", "values": {"2025": {"target": 10, "forecast": 12}}},
        {"id": "l-eq", "values": {"2025": {"target": -12.4, "outcome": -12.4}}},
    ]
    s = status(e, defs)
    assert {k: v["status"] for k, v in s.items()} == {
        "h-met": "met", "h-not": "not met", "h-eq": "met", "l-met": "met", "l-not": "not met", "l-eq": "met"}
    assert s["l-met"]["basis"] == "forecast" and s["h-met"]["basis"] == "outcome"


def test_outcome_wins_over_forecast_and_period_outcome_is_not_judged():
    s = status([
        {"id": "a", "values": {"2025": {"target": 50, "outcome": 40, "forecast": 60}}},
        # only a partial-year outcome: not comparable with the year's target
        {"id": "b", "values": {"2025-04": {"outcome": 137}, "2025": {"target": 500}}},
    ], {"a": "higher", "b": "higher"})
    assert s["a"]["status"] == "not met" and s["a"]["value"] == 40
    assert s["b"]["status"] == "no value"


def test_text_values_and_missing_target():
    s = status([
        {"id": "t-text", "values": {"2025": {"target": "Målvärden inte tillgänglig", "forecast": 5}}},
        {"id": "v-text", "values": {"2025": {"target": 5, "forecast": "Saknas"}}},
        {"id": "qualified", "values": {"2025": {"target": 5, "outcome": {"value": 8.2, "text": "8,2 (nollmätning)"}}}},
        {"id": "no-target", "values": {"2025": {"outcome": 3}}},
        {"id": "no-direction", "values": {"2025": {"target": 3, "outcome": 3}}},
    ], {"t-text": "higher", "v-text": "higher", "qualified": "higher", "no-target": "lower", "no-direction": "none"})
    assert s["t-text"]["status"] == "no value" and s["t-text"]["target_text"] == "Målvärden inte tillgänglig"
    assert s["v-text"]["status"] == "no value"
    assert s["qualified"]["status"] == "met"
    assert s["no-target"]["status"] == "no value"
    assert s["no-direction"]["status"] == "not evaluated"


def test_reported_assessment_and_disagreement():
    s = status([
        {"id": "a", "assessment": "Uppfyllt", "values": {"2025": {"target": 10, "forecast": 12}}},
        {"id": "b", "assessment": "Uppfyllt", "values": {"2025": {"target": 10, "forecast": 8}}},
        {"id": "c", "values": {"2025": {"target": 10, "forecast": 8}}},
    ], {"a": "lower", "b": "lower", "c": "lower"})
    assert s["a"]["agrees"] is False and s["a"]["status_sv"] == "Ej uppfyllt"
    assert s["b"]["agrees"] is True
    assert s["c"]["agrees"] is None


def test_totals_check_finds_a_wrong_total():
    files = [
        ("plans/testkommun/municipality.toml", {"kind": "municipality", "name": "T", "boards": [{"id": "ks", "name": "KS"}]}),
        ("plans/testkommun/ks/2025/followup/2025-04.toml", {"kind": "followup", "period": "2025-04", "tables": [{
            "id": "t", "title": "Ekonomi", "unit": "tkr",
            "columns": [{"heading": "Budget", "measure": "budget", "period": "2025-04"},
                        {"heading": "Utfall", "measure": "utfall", "period": "2025-04"}],
            "rows": [{"id": "a", "label": "A", "values": [10, 20]},
                     {"id": "b", "label": "B", "values": [5, 6]},
                     {"id": "s", "label": "Summa", "total": True, "values": [15, 30]}]}]}),
    ]
    tc = totals_check(AnalysisFrames(build_workspace(files)), DOC)
    assert tc.filter(~pl.col("ok"))["column"].to_list() == ["Utfall"]
    assert tc.filter(~pl.col("ok"))["difference"].item() == 4
