"""Summaries of the April 2025 report held to the document."""

import datetime as dt

import polars as pl

from verksam.analysis.summary import (documents_for_period, indicator_status, item_overview, overdue_items,
                                  overview_check, completeness, economy, totals_check, summarize, goal_counts)

from .conftest import APRIL


def test_overview_reproduces_the_reports_table(real):
    ov = item_overview(real, APRIL)
    got = {(r["kind"], r["status"]): (r["Enligt plan"], r["Avvikelse från plan"]) for r in ov.iter_rows(named=True)}
    assert got[("uppdrag", "Ej påbörjad")] == (0, 1)
    assert got[("uppdrag", "Påbörjad")] == (19, 0)
    assert got[("uppdrag", "Slutförd")] == (1, 0)
    assert got[("initiativ", "Ej påbörjad")] == (1, 0)
    assert got[("initiativ", "Påbörjad")] == (11, 2)
    assert got[("initiativ", "Slutförd")] == (1, 0)
    assert got[("Totalt", "")] == (33, 3)
    assert ov.columns == ["kind", "status", "Enligt plan", "Avvikelse från plan", "Totalt"]
    assert ov.filter(pl.col("kind") == "Totalt")["Totalt"].item() == 36


def test_overview_agrees_with_the_documents_own_table(real):
    assert overview_check(real, APRIL).height == 0


def test_latest_followup_is_the_default(real):
    assert APRIL in documents_for_period(real)
    assert APRIL in documents_for_period(real, "2025-04")
    assert all(d.kind == "plan" for d in documents_for_period(real, "2025"))


def test_indicator_status_april(real):
    st = indicator_status(real, APRIL)
    by = {r["indicator_id"]: r for r in st.iter_rows(named=True)}
    # lower is better: forecast 54 661 under the target 67 679
    assert by["laneskuld-koncern"]["status"] == "met"
    assert by["laneskuld-koncern"]["basis"] == "forecast"
    # higher is better: forecast 59,2 under the target 155
    assert by["sjalvfinansieringsgrad-investeringar"]["status"] == "not met"
    assert by["sjalvfinansieringsgrad-investeringar"]["agrees"] is True
    # no forecast, no outcome for 2025: no value, as the report says
    assert by["nettokostnadsavvikelse"]["status"] == "no value"
    assert by["nettokostnadsavvikelse"]["reported"] == "Inget värde angivet"
    # the report calls a 0,2 % deviation against a 0 % target "Uppfyllt": flagged
    assert by["budgetfoljsamhet-namnd"]["agrees"] is False
    goals = goal_counts(real, APRIL, st)
    g32 = goals.filter(pl.col("goal") == "im-2025-3-2").row(0, named=True)
    assert (g32["not_met"], g32["assessment"]) == (2, "Ej uppfyllt")


def test_overdue_at_report_date(real):
    od = overdue_items(real, APRIL)
    assert "atgardsplan-koldioxidbudget" in od["id"].to_list()
    # ended before the report date but done: not overdue
    assert "lokaler-socialnamnden" not in od["id"].to_list()
    assert "va-investeringar-skattefinansiering" not in od["id"].to_list()
    assert od.filter(pl.col("id") == "atgardsplan-koldioxidbudget")["days_overdue"].item() == (
        dt.date(2025, 4, 30) - dt.date(2025, 2, 28)).days


def test_completeness_flags_items_without_comment(real):
    c = completeness(real, APRIL)
    no_comment = set(c.filter(pl.col("no_comment") & (pl.col("what") == "item"))["id"].to_list())
    assert {"forstudie-battomningsstationer", "pilot-fjarrovervakning-battomning"} <= no_comment
    assert "klimatomstallningsplan" not in set(c["id"].to_list())


def test_economy_per_unit_and_totals(real):
    ec = economy(real, APRIL)
    kd = ec.filter(pl.col("row_id") == "kommundirektor").row(0, named=True)
    assert (kd["budget_period"], kd["outcome_period"], kd["deviation_period"]) == (-2096, -1789, 307)
    assert (kd["budget_year"], kd["forecast_year"], kd["deviation_year"]) == (-5936, -5761, 175)
    assert not ec["period_mismatch"].any() and not ec["year_mismatch"].any()
    tc = totals_check(real, APRIL)
    assert tc.height > 0 and tc["ok"].all()


def test_summarize_has_every_section(real):
    s = summarize(real, APRIL)
    assert set(s) >= {"indicators", "goals", "areas", "overview", "overdue", "completeness", "economy", "totals"}
