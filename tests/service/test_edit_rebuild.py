"""An edit rebuilds only the document it touches (issue 15): the municipality's other documents,
its goals, units and indicator definitions are the same objects after the edit and its undo; the
result is what a whole build of the same texts gives; the problems follow, cross-document checks
included; a change of a file that is not a document's (municipality.toml) builds it whole."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import commit_all, init_git
from verksam.service.workspace import Address, PlanService, Remove, SetValue, entry_address
from verksam.store.repository import PlanRepository

FIXTURES_PLANS = __import__("tests.app.conftest", fromlist=["FIXTURES"]).FIXTURES / "plans"
FU = "plans/test/ks/2025/followup/2025-04.toml"
PLAN = "plans/test/ks/2025/plan.toml"


@pytest.fixture
def root(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES_PLANS, root / "plans")
    init_git(root)
    commit_all(root, "start")
    return root


def whole(root, svc: PlanService):
    """The municipality built whole from the same texts (the files with the unsaved edits)."""
    overrides = svc._overrides()
    return PlanRepository(root).load(overrides=overrides).workspace.municipalities["test"]


def at(rel: str, array: str, entry_id: str, *keys) -> Address:
    return Address(rel, entry_address(rel, (array, 0), entry_id).path + tuple(keys))


def test_an_edit_rebuilds_only_its_document(root):
    svc = PlanService(root)
    m0 = svc.load().workspace.municipalities["test"]
    others0 = {(d.board, d.kind, d.period): d for d in m0.documents if FU not in d.files}
    _, loaded = svc.edit(SetValue(at(FU, "items", "belysning", "status"), "Påbörjad"))
    m1 = loaded.workspace.municipalities["test"]
    assert m1 is not m0  # a new municipality (the search index and the analysis frames follow it) …
    for d in m1.documents:
        k = (d.board, d.kind, d.period)
        if FU in d.files:
            assert d is not m0.document(*k) and d.item("belysning").status == "Påbörjad"
        else:
            assert d is others0[k]  # … whose other documents are the very same objects
    assert m1.units is m0.units and m1.goal_sets is m0.goal_sets and m1.indicator_defs is m0.indicator_defs
    assert m1 == whole(root, svc)  # what a whole build gives
    _, loaded = svc.undo()
    m2 = loaded.workspace.municipalities["test"]
    assert all(d is others0[(d.board, d.kind, d.period)] for d in m2.documents if FU not in d.files)
    assert m2 == m0


def test_problems_follow_a_cross_document_edit(root):
    """Removing an item from the plan makes the follow-up's item one the plan lacks (a warning
    located in the follow-up's file, whose document did not change); the undo takes it away."""
    svc = PlanService(root)
    before = svc.load().problems
    assert not [p for p in before if p.code == "followup-not-in-plan"]
    _, loaded = svc.edit(Remove(Address(PLAN, entry_address(PLAN, ("items", 3), "belysning").path)))
    new = [p for p in loaded.problems if p.code == "followup-not-in-plan"]
    assert [(p.file, p.ref) for p in new] == [(FU, "belysning")]
    assert loaded.problems == PlanRepository(root).load(overrides=svc._overrides()).problems
    _, loaded = svc.undo()
    assert loaded.problems == before


def test_a_change_beside_the_documents_builds_the_municipality_whole(root):
    svc = PlanService(root)
    m0 = svc.load().workspace.municipalities["test"]
    rel = "plans/test/municipality.toml"
    text = (root / rel).read_text(encoding="utf-8")
    (root / rel).write_text(text.replace('name = "', 'name = "Nya ', 1), encoding="utf-8")
    m1 = svc.load(changed=[rel]).workspace.municipalities["test"]
    assert m1.name.startswith("Nya ")
    assert all(d is not m0.document(d.board, d.kind, d.period) for d in m1.documents)
    assert m1 == PlanRepository(root).load().workspace.municipalities["test"]


def test_the_search_index_is_rebuilt_for_the_edited_document_alone(root):
    from verksam.service.nav import build_index

    svc = PlanService(root)
    index0 = svc.load().index
    _, loaded = svc.edit(SetValue(at(FU, "items", "belysning", "status"), "Påbörjad"))
    index1 = loaded.index
    fu_period = "2025-04"
    edited = lambda e: e.ref.doc_kind == "followup" and e.ref.doc_period == fu_period  # noqa: E731
    kept = {id(e) for e in index0}
    assert all(id(e) in kept for e in index1 if not edited(e))  # the other documents' entries, taken over
    assert not any(id(e) in kept for e in index1 if edited(e))
    entry = next(e for e in index1 if edited(e) and e.ref.id == "belysning")
    assert "påbörjad" in entry.hay.split() and "ej" not in entry.hay.split()
    assert [(e.ref, e.hay) for e in index1] == [(e.ref, e.hay) for e in build_index(loaded.workspace)]
