"""People in municipality.toml, the round's model, and the lock on an approved report."""

from __future__ import annotations

import subprocess

import pytest

from tests.conftest import git
from verksam.cli.main import main
from verksam.model.round import is_locked, person_for_email, round_parts
from verksam.store.locks import Locked
from verksam.store.repository import PlanRepository
from verksam.store.session import Address, EditSession, SetValue

PEOPLE = """
[[people]]
id = "anna"
name = "Anna Andersson"
emails = ["anna@kommun.example", "Anna.A@kommun.example"]
role = "controller"
units = []
boards = ["ks"]

[[people]]
id = "bo"
name = "Bo Berg"
emails = ["bo@kommun.example"]
role = "rapportör"
units = ["stab"]
"""

FOLLOWUP = """\
kind = "followup"
period = "2025-04"
date = 2025-04-30
title = "Delårsrapport per april 2025"

[round]
deadline = 2025-05-05
instructions = "Skriv en kommentar per uppdrag."
{approval}

[[round.units]]
unit = "stab"
state = "Klar"
by = "bo"
at = 2025-05-02T10:00:00+02:00

[[items]]
id = "klimatplan"
kind = "uppdrag"
title = "Klimatplan"
responsible = "stab"
status = "Påbörjad"
completion = "Enligt plan"

[[items.comments]]
date = 2025-04-20
text = "Pågår."

[[items]]
id = "budget"
kind = "uppdrag"
title = "Budget i balans"
responsible = "ekonomi"
status = "Påbörjad"
"""
FU = "plans/test/ks/2025/followup/2025-04.toml"


def _repo(make_repo, approval: str = "", people: str = PEOPLE):
    root = make_repo({FU: FOLLOWUP.format(approval=approval)}, with_git=False)
    muni = root / "plans/test/municipality.toml"
    muni.write_text(muni.read_text(encoding="utf-8") + people, encoding="utf-8")
    from tests.conftest import commit_all, init_git

    init_git(root)
    commit_all(root)
    return root


def test_people_are_read_and_found_by_email(make_repo):
    root = _repo(make_repo)
    snap = PlanRepository(root).load()
    assert not snap.errors, [p.format() for p in snap.errors]
    m = snap.workspace.municipalities["test"]
    assert [p.id for p in m.people] == ["anna", "bo"]
    assert person_for_email(m, "anna.a@KOMMUN.example").id == "anna"
    assert person_for_email(m, "nobody@kommun.example") is None
    assert person_for_email(m, "") is None


def test_people_references_are_checked(make_repo):
    bad = PEOPLE.replace('units = ["stab"]', 'units = ["nope"]').replace(
        '"bo@kommun.example"', '"anna@kommun.example"').replace('"controller"', '"chef"')
    root = _repo(make_repo, people=bad)
    msgs = [p.format() for p in PlanRepository(root).load().errors]
    assert any("okänd enhet 'nope'" in m and "municipality.toml" in m for m in msgs), msgs
    assert any("e-postadressen 'anna@kommun.example' hör också till anna" in m for m in msgs), msgs
    assert any("'chef' är inte något av" in m for m in msgs), msgs


def test_round_parts_and_missing(make_repo):
    root = _repo(make_repo)
    snap = PlanRepository(root).load()
    m = snap.workspace.municipalities["test"]
    doc = m.document("ks", "followup", "2025-04")
    assert doc.round.deadline.isoformat() == "2025-05-05" and not is_locked(doc)
    parts = {p.unit: p for p in round_parts(m, doc)}
    assert parts["stab"].state == "Klar" and parts["stab"].missing == 0 and parts["stab"].by == "bo"
    # no comment, no forecast: missing, never marked: not started
    assert parts["ekonomi"].missing == 1 and parts["ekonomi"].state == "Ej påbörjad"


def test_an_approved_report_refuses_set_and_sessions(make_repo, capsys):
    root = _repo(make_repo, approval='approved_by = "anna"\napproved_at = 2025-05-12T09:00:00+02:00')
    snap = PlanRepository(root).load()
    doc = snap.workspace.municipalities["test"].document("ks", "followup", "2025-04")
    assert is_locked(doc)
    before = (root / FU).read_text(encoding="utf-8")
    rc = main(["set", "--repo", str(root), FU, "items.klimatplan.status", "Slutförd"])
    err = capsys.readouterr().err.strip()
    assert rc == 1
    assert err.splitlines() == [
        "verksam: Delårsrapport per april 2025 är godkänd 2025-05-12 av Anna Andersson; "
        "öppna den igen med verksam round reopen"]
    assert (root / FU).read_text(encoding="utf-8") == before
    session = EditSession(PlanRepository(root))
    session.apply(SetValue(Address(FU, ("items", "klimatplan", "status")), "Slutförd"))
    with pytest.raises(Locked):
        session.save("x")
    assert (root / FU).read_text(encoding="utf-8") == before
    assert git(root, "status", "--porcelain").strip() == ""
    # the plan of the same year is not part of the report: it stays editable
    assert session.dirty
