"""The rules of verksam.model.rules on small golden cases, one group per rule."""

from __future__ import annotations

import datetime as dt
import inspect

import pytest

from verksam.model import rules as R
from verksam.model.build import build_workspace
from verksam.model.rules import IndicatorState as S

D = dt.date


# ---------------------------------------------------------------- the registry


def test_every_rule_is_named_once_and_documented():
    names = [r.name for r in R.RULES]
    assert len(names) == len(set(names))
    assert {"indicator.state", "indicator.meets_target", "indicator.judged_value", "item.state",
            "item.overdue", "update.item", "update.window", "goal.order", "risk.value", "risk.level"} <= set(names)
    for r in R.RULES:
        assert r.doc and r.func.__module__ == "verksam.model.rules", r.name
        assert R.rule_named(r.name) is r
    with pytest.raises(ValueError):
        R.rule("goal.order")(lambda: None)


def test_the_rules_module_is_pure():
    src = inspect.getsource(R)
    for word in ("import polars", "import textual", "open(", "import os", "pathlib", "subprocess"):
        assert word not in src


# ---------------------------------------------------------------- indicators


@pytest.mark.parametrize("value, target, better, state", [
    (85, 80, "higher", S.MET),
    (80, 80, "higher", S.MET),
    (79.9, 80, "higher", S.NOT_MET),
    (8, 10, "lower", S.MET),
    (10, 10, "lower", S.MET),
    (12, 10, "lower", S.NOT_MET),
    (-12.4, -12.4, "lower", S.MET),
    (3, 3, "none", S.NOT_EVALUATED),
    (3, 3, "", S.NOT_EVALUATED),
    (None, 3, "higher", S.NO_VALUE),
    (3, None, "lower", S.NO_VALUE),
])
def test_meets_target_in_the_better_direction(value, target, better, state):
    assert R.meets_target(value, target, better) is state


def test_tolerance_edge():
    # float rounding is within the tolerance: 0.1 + 0.2 meets a target of 0.3 both ways
    assert R.meets_target(0.1 + 0.2, 0.3, "lower") is S.MET
    assert R.meets_target(0.3, 0.1 + 0.2, "higher") is S.MET
    # exactly at the edge (relative to a large target) still meets; just beyond does not
    t = 67_679.0
    slack = R.TOLERANCE * t
    assert R.meets_target(t + slack, t, "lower") is S.MET
    assert R.meets_target(t + 3 * slack, t, "lower") is S.NOT_MET
    assert R.meets_target(t - 3 * slack, t, "higher") is S.NOT_MET
    # near zero the tolerance is absolute: 0,2 against 0 is not met (no rounding excuse)
    assert R.meets_target(0.2, 0.0, "lower") is S.NOT_MET
    assert R.meets_target(R.TOLERANCE / 2, 0.0, "lower") is S.MET


def test_fallback_period_then_year_then_forecast():
    # the period's outcome against a target for that period
    j = R.indicator_state("2025-04", "higher", 500, period_target=120, period_outcome=137, forecast=400)
    assert (j.state, j.basis, j.basis_period, j.value, j.target) == (S.MET, "outcome", "2025-04", 137, 120)
    # a part-year outcome is never held against the whole year's target: 137 new businesses by
    # April against 500 for the year is no value (as the April report itself says) ...
    j = R.indicator_state("2025-04", "higher", 500, period_outcome=137)
    assert (j.state, j.basis, j.value, j.target) == (S.NO_VALUE, "", None, 500)
    # ... and the forecast for the year is judged instead where there is one
    j = R.indicator_state("2025-04", "higher", 500, period_outcome=137, forecast=600)
    assert (j.state, j.basis, j.basis_period, j.value) == (S.MET, "forecast", "2025", 600)
    # the year's outcome before the forecast
    j = R.indicator_state("2025-04", "higher", 500, year_outcome=510, forecast=400)
    assert (j.state, j.basis, j.basis_period, j.value) == (S.MET, "outcome", "2025", 510)
    j = R.indicator_state("2025-04", "lower", 10, forecast=8)
    assert (j.state, j.basis, j.basis_period) == (S.MET, "forecast", "2025")
    # nothing to judge
    j = R.indicator_state("2025-04", "lower", 10)
    assert (j.state, j.basis, j.value) == (S.NO_VALUE, "", None)
    # a year's document: its period is the year, its outcome the year's
    j = R.indicator_state("2025", "higher", 5, period_target=5, period_outcome=6, year_outcome=6)
    assert (j.state, j.basis, j.basis_period) == (S.MET, "outcome", "2025")
    j = R.indicator_state("2025", "higher", 5, period_target=5, period_outcome=4, year_outcome=4, forecast=9)
    assert (j.state, j.basis) == (S.NOT_MET, "outcome")


def _entry(values: dict, assessment: str = ""):
    files = [
        ("plans/t/municipality.toml", {"kind": "municipality", "name": "T", "boards": [{"id": "ks", "name": "KS"}]}),
        ("plans/t/ks/2025/followup/2025-04.toml", {"kind": "followup", "period": "2025-04", "indicators": [
            {"id": "i", "values": values} | ({"assessment": assessment} if assessment else {})]}),
    ]
    ws = build_workspace(files)
    return ws.municipalities["t"].documents[0].indicators[0]


def test_text_values_are_never_numbers():
    # "Saknas" as the year's outcome gives no number: the year's forecast is judged instead
    e = _entry({"2025": {"outcome": "Saknas", "target": 5, "forecast": 6}})
    j = R.judge_entry(e, "2025-04", "higher")
    assert (j.state, j.basis) == (S.MET, "forecast")
    # a period's own target written as text: the period's outcome is not judged
    e = _entry({"2025-04": {"outcome": 3, "target": "Saknas"}, "2025": {"target": 5}})
    assert R.judge_entry(e, "2025-04", "higher").state is S.NO_VALUE
    e = _entry({"2025-04": {"outcome": 3, "target": 2}, "2025": {"target": 5}})
    assert R.judge_entry(e, "2025-04", "higher").state is S.MET
    # a text target: no value, whatever the outcome
    e = _entry({"2025": {"target": "Målvärden inte tillgänglig", "outcome": 9}})
    assert R.judge_entry(e, "2025-04", "higher").state is S.NO_VALUE
    # only text: no value, never a number read out of the words
    e = _entry({"2025": {"target": 5, "outcome": "8,2 (nollmätning)"}})
    assert R.judge_entry(e, "2025-04", "higher").state is S.NO_VALUE
    # a qualified number (value and text) is judged by its number
    e = _entry({"2025": {"target": 5, "outcome": {"value": 8.2, "text": "8,2 (nollmätning)"}}})
    assert R.judge_entry(e, "2025-04", "higher").state is S.MET
    assert R.number_of(None) is None


def test_reported_state_and_agreement():
    assert R.reported_state("Uppfyllt") is S.MET
    assert R.reported_state("Delvis uppfyllt") is S.PARTLY
    assert R.reported_state("Ej utvärderad") is S.NOT_EVALUATED
    assert R.reported_state("") is None and R.reported_state("Kanske") is None
    assert R.agrees("Uppfyllt", S.MET) is True
    assert R.agrees("Inget värde angivet", S.NOT_MET) is False
    assert R.agrees("", S.MET) is None
    assert S.NOT_MET.key == "not_met"


def test_indicator_has_update():
    nothing = R.indicator_state("2025-04", "higher", 5)
    assert not R.indicator_has_update("", nothing.basis)
    assert R.indicator_has_update("Inget värde angivet", nothing.basis)
    assert R.indicator_has_update("", R.indicator_state("2025-04", "higher", 5, forecast=3).basis)


# ---------------------------------------------------------------- items


@pytest.mark.parametrize("status, completion, state", [
    ("Påbörjad", "Enligt plan", "started"),
    ("Påbörjad", "Avvikelse från plan", "deviating"),
    ("Avbruten", "Enligt plan", "deviating"),
    ("Slutförd", "", "done"),
    ("Ej påbörjad", "", "not_started"),
    ("", "", "none"),
    ("Okänd", "", "none"),
])
def test_item_state(status, completion, state):
    assert R.item_state(status, completion) == state


def test_overdue_and_finished():
    assert R.is_overdue(D(2025, 2, 28), "Påbörjad", D(2025, 4, 30))
    assert not R.is_overdue(D(2025, 2, 28), "Slutförd", D(2025, 4, 30))
    assert not R.is_overdue(D(2025, 2, 28), "Avbruten", D(2025, 4, 30))
    assert not R.is_overdue(D(2025, 4, 30), "Påbörjad", D(2025, 4, 30))  # ends on the report date
    assert not R.is_overdue(None, "Påbörjad", D(2025, 4, 30))
    assert not R.is_overdue(D(2025, 2, 28), "Påbörjad", None)
    assert R.in_overview("uppdrag") and R.in_overview("initiativ") and not R.in_overview("åtgärd")


# ---------------------------------------------------------------- updates


def test_update_window():
    assert R.update_window("2025-04") == (D(2025, 1, 1), D(2025, 4, 30))
    assert R.update_window("2025-04", D(2025, 5, 12)) == (D(2025, 1, 1), D(2025, 5, 12))
    assert R.update_window("2025-08", None, D(2025, 4, 30)) == (D(2025, 5, 1), D(2025, 8, 31))
    # a previous report of another year does not shorten the window
    assert R.update_window("2025-04", None, D(2024, 12, 31)) == (D(2025, 1, 1), D(2025, 4, 30))
    assert R.update_window("hösten") is None


def test_is_updated():
    w = R.update_window("2025-08", None, D(2025, 4, 30))
    assert R.is_updated("Påbörjad", [D(2025, 6, 1)], w)
    assert not R.is_updated("Påbörjad", [D(2025, 4, 30)], w)  # belongs to the April report
    assert not R.is_updated("Påbörjad", [D(2025, 9, 1)], w)  # after the report
    assert not R.is_updated("", [D(2025, 6, 1)], w)  # no status
    assert not R.is_updated("Påbörjad", [None], w)  # an undated comment is not in a window
    assert R.is_updated("Påbörjad", [None], None)  # no window: any comment
    assert not R.is_updated("Påbörjad", [], None)


def _followups():
    def fu(period, date, comment):
        return (f"plans/t/ks/2025/followup/{period}.toml", {
            "kind": "followup", "period": period, "date": date,
            "items": [{"id": "a", "kind": "uppdrag", "title": "A", "status": "Påbörjad",
                       "comments": [{"date": comment, "text": "x"}]}]})
    files = [
        ("plans/t/municipality.toml", {"kind": "municipality", "name": "T", "boards": [{"id": "ks", "name": "KS"}]}),
        ("plans/t/ks/2025/plan.toml", {"kind": "plan", "period": "2025",
                                       "items": [{"id": "a", "kind": "uppdrag", "title": "A"}]}),
        fu("2025-04", D(2025, 5, 5), D(2025, 5, 2)),
        fu("2025-08", D(2025, 9, 10), D(2025, 5, 1)),
    ]
    m = build_workspace(files).municipalities["t"]
    return m, {d.period: d for d in m.documents}


def test_has_update_for_a_document():
    m, docs = _followups()
    april, august, plan = docs["2025-04"], docs["2025-08"], docs["2025"]
    # the April report is dated 5 May: a comment of 2 May is its update
    assert R.has_update(april.items[0], april, m)
    # August: the window starts after the April report (5 May); a comment of 1 May is April's
    assert R.followup_window(august, m) == (D(2025, 5, 6), D(2025, 9, 10))
    assert not R.has_update(august.items[0], august, m)
    # without the municipality the window starts on 1 January
    assert R.has_update(august.items[0], august)
    assert R.previous_followup(april, m) is None and R.previous_followup(august, m) is april
    assert R.has_update(plan.items[0], plan, m)  # plans have no updates to miss
    assert R.report_date(plan) == D(2025, 12, 31)


# ---------------------------------------------------------------- goals


def test_goal_order():
    numbers = ["1.10", "2", "1.2", "6.1", "6", "", "1", "10", "x", "3.1.2", "3,1"]
    ordered = sorted(numbers, key=R.goal_number_key)
    assert ordered[:9] == ["1", "1.2", "1.10", "2", "3,1", "3.1.2", "6", "6.1", "10"]
    assert set(ordered[9:]) == {"x", ""}  # no number: last
    assert R.goal_number_key("1.2") < R.goal_number_key("1.10")
    assert R.goal_number_key("6.1") > R.goal_number_key("6")
    assert R.goal_number_key("6a") == (6,)


# ---------------------------------------------------------------- risks


def test_risk_value_and_level():
    assert R.risk_value(3, 4) == 12
    assert R.risk_value(None, 4) is None and R.risk_value(3, None) is None
    assert [R.risk_level(v) for v in (1, 4, 6, 8, 9, 12, 16)] == [
        "low", "low", "medium", "medium", "high", "high", "critical"]


# ---------------------------------------------------------------- new entries


def test_new_entries():
    assert R.new_item_kinds(None) == ("uppdrag", "initiativ")
    assert R.new_item_kinds("uppdrag") == ("åtgärd", "uppdrag", "initiativ")
    assert R.new_item_kinds("åtgärd") == ("uppdrag", "initiativ")
    assert R.new_item_status("followup") == "Ej påbörjad"
    assert R.new_item_status("plan") is None


def test_every_rule_is_in_the_design_notes():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[2] / "docs" / "design.md").read_text(encoding="utf-8")
    section = text[text.index("## Where each rule lives"):]
    for r in R.RULES:
        assert f"`{r.name}`" in section, r.name
