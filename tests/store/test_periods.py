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
