"""New periods created from the real plans: a follow-up per August 2025 and the plan for 2026."""

from __future__ import annotations

import rtoml

from tests.conftest import git
from verksam.store.periods import new_followup, next_year_plan
from verksam.store.repository import PlanRepository


def test_new_followup_carries_statuses_and_leaves_outcomes_empty(sample_repo):
    repo = PlanRepository(sample_repo)
    rel = new_followup(repo, "norrtalje", "kommunstyrelsen", "2025-08")
    assert rel == "plans/norrtalje/kommunstyrelsen/2025/followup/2025-08.toml"
    data = rtoml.loads((sample_repo / rel).read_text(encoding="utf-8"))
    items = {i["id"]: i for i in data["items"]}
    assert len(items) == 36  # 21 uppdrag + 15 initiativ, the new one from April included
    assert items["klimatomstallningsplan"]["end"].isoformat() == "2025-12-01"  # April's moved date
    assert items["integrationsstrategin"]["status"] == "Ej påbörjad"
    assert items["integrationsstrategin"]["completion"] == "Avvikelse från plan"
    assert all("comments" not in i for i in items.values())
    for e in data["indicators"]:
        for measures in e.get("values", {}).values():
            assert "outcome" not in measures
    snap = repo.load()
    assert [p.format() for p in snap.errors] == []
    assert git(sample_repo, "log", "-1", "--format=%s").strip() == "2025-08: ny uppföljning skapad från planen 2025"


def test_next_year_plan_carries_unfinished_items(sample_repo):
    repo = PlanRepository(sample_repo)
    rel = next_year_plan(repo, "norrtalje", "kommunstyrelsen", "2025", commit=False)
    data = rtoml.loads((sample_repo / rel).read_text(encoding="utf-8"))
    ids = {i["id"] for i in data["items"]}
    assert "va-investeringar-skattefinansiering" not in ids  # Slutförd in April
    assert "lokaler-socialnamnden" not in ids
    assert "klimatomstallningsplan" in ids and "atgardsplan-koldioxidbudget" in ids
    assert all(i["carried_over"] and i["origin"] == "Kvarvarande uppdrag" for i in data["items"])
    targets = [p for e in data["indicators"] for p in e.get("values", {})]
    assert targets and all(int(p) >= 2026 for p in targets)
    assert [p.format() for p in repo.load().errors] == []


def test_new_followup_starts_unassessed_and_carries_the_economy_tables(sample_repo):
    repo = PlanRepository(sample_repo)
    rel = new_followup(repo, "norrtalje", "kommunstyrelsen", "2025-08")
    data = rtoml.loads((sample_repo / rel).read_text(encoding="utf-8"))
    # goals are judged by people for the new period, not from carried-over forecasts
    assert data["contributions"] and all(c["assessment"] == "Ej utvärderad" for c in data["contributions"])
    april = repo.load().workspace.municipalities["norrtalje"].document("kommunstyrelsen", "followup", "2025-04")
    assert [t["id"] for t in data["tables"]] == [t.id for t in april.tables]
    for new, old in zip(data["tables"], april.tables):
        assert [c["heading"] for c in new["columns"]] == [c.heading for c in old.columns]  # labels as written
        assert [r["label"] for r in new["rows"]] == [r.label for r in old.rows]
        assert all(v == "" for r in new["rows"] for v in r["values"])  # values to fill in
        for c_new, c_old in zip(new["columns"], old.columns):
            assert c_new.get("period", "") == ("2025-08" if c_old.period == "2025-04" else c_old.period)


def test_next_year_plan_finds_carried_items_past_their_end(sample_repo):
    from verksam.store.periods import carried_past_end

    repo = PlanRepository(sample_repo)
    next_year_plan(repo, "norrtalje", "kommunstyrelsen", "2025", commit=False)
    doc = repo.load().workspace.municipalities["norrtalje"].document("kommunstyrelsen", "plan", "2026")
    late = carried_past_end(doc)
    assert "klimatomstallningsplan" in {it.id for it in late}  # ends 2025-12-01, carried into 2026
    assert all(it.end.last.year < 2026 for it in late)
