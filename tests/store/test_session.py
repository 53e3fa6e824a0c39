"""Editing sessions: undo/redo, invalid edits refused, merges of concurrent edits, conflicts,
and the commit that ends a save (author = the repository's identity, message = what changed)."""

from __future__ import annotations

import datetime as dt

import pytest
import rtoml

from tests.cli.test_cli import PLAN, PLAN_TEXT
from tests.conftest import git
from verksam.store.repository import PlanRepository
from verksam.store.session import Address, Append, EditSession, InvalidEdit, MergeConflict, Remove, SetValue

SECOND = """
[[items]]
id = "trygghet"
kind = "uppdrag"
goal = "im-2025-1-1"
title = "Trygghetskameror"
responsible = "stab"
status = "Ej påbörjad"
"""


@pytest.fixture
def repo(make_repo):
    return make_repo({PLAN: PLAN_TEXT.replace("\n[[tables]]", SECOND + "\n[[tables]]")}, with_git=True)


def data(root):
    return rtoml.loads((root / PLAN).read_text(encoding="utf-8"))


def test_edit_undo_redo_and_save_one_commit(repo):
    s = EditSession(PlanRepository(repo))
    s.apply(SetValue(Address(PLAN, ("items", "klimatplan", "status")), "Slutförd"))
    s.apply(SetValue(Address(PLAN, ("items", "trygghet", "status")), "Påbörjad"))
    assert s.undo().new == "Påbörjad"
    assert s.value(PLAN, ("items", "trygghet", "status")) == "Ej påbörjad"
    assert s.redo().new == "Påbörjad"
    before = (repo / PLAN).read_text(encoding="utf-8")
    report = s.save(reason="Beslut i KS 2025-05-12")
    after = (repo / PLAN).read_text(encoding="utf-8")
    assert before.count("\n") == after.count("\n")
    assert git(repo, "show", "--numstat", "--format=", "HEAD").split()[:2] == ["2", "2"]
    log = git(repo, "log", "-1", "--format=%an <%ae>%n%B")
    assert log.startswith("Anna Andersson <anna@kommun.example>\n2025: Klimatplan [bold]x[/bold] status Påbörjad → Slutförd (+1 ändringar)")
    assert "Beslut i KS 2025-05-12" in log and "- 2025: Trygghetskameror status Ej påbörjad → Påbörjad" in log
    assert report.commit and not s.dirty


def test_invalid_edit_is_refused_and_changes_nothing(repo):
    s = EditSession(PlanRepository(repo))
    with pytest.raises(InvalidEdit):
        s.apply(SetValue(Address(PLAN, ("items", "klimatplan", "status")), "Klar"))
    assert s.value(PLAN, ("items", "klimatplan", "status")) == "Påbörjad" and not s.dirty
    s.apply(SetValue(Address(PLAN, ("items", "klimatplan", "responsible")), "saknas"))  # schema-valid, reference invalid
    with pytest.raises(InvalidEdit, match="okänd enhet"):
        s.save()
    assert data(repo)["items"][0]["responsible"] == "stab"
    assert git(repo, "status", "--porcelain") == ""


def test_two_sessions_edit_different_items_and_both_land(repo):
    a = EditSession(PlanRepository(repo))
    b = EditSession(PlanRepository(repo))
    a.value(PLAN, ("items",))
    b.value(PLAN, ("items",))  # both have read the file
    a.apply(SetValue(Address(PLAN, ("items", "klimatplan", "status")), "Slutförd"))
    b.apply(SetValue(Address(PLAN, ("items", "trygghet", "status")), "Påbörjad"))
    b.apply(Append(Address(PLAN, ("items",)), {"id": "nytt", "kind": "initiativ", "title": "Nytt initiativ"}))
    a.save()
    report = b.save()
    assert report.merged == [PLAN]
    items = {i["id"]: i for i in data(repo)["items"]}
    assert items["klimatplan"]["status"] == "Slutförd" and items["trygghet"]["status"] == "Påbörjad"
    assert "nytt" in items
    assert len(git(repo, "log", "--format=%H").split()) == 3


def test_same_value_changed_twice_is_a_conflict_until_resolved(repo):
    a = EditSession(PlanRepository(repo))
    b = EditSession(PlanRepository(repo))
    b.value(PLAN, ("items",))
    a.apply(SetValue(Address(PLAN, ("items", "klimatplan", "status")), "Slutförd"))
    b.apply(SetValue(Address(PLAN, ("items", "klimatplan", "status")), "Avbruten"))
    b.apply(SetValue(Address(PLAN, ("items", "trygghet", "status")), "Påbörjad"))
    a.save()
    on_disk = (repo / PLAN).read_bytes()
    with pytest.raises(MergeConflict) as exc:
        b.save()
    assert (repo / PLAN).read_bytes() == on_disk  # nothing written
    [conflict] = exc.value.conflicts
    assert conflict.theirs == "Slutförd" and conflict.change.new == "Avbruten"
    b.resolve(conflict, keep="mine")
    b.save()
    items = {i["id"]: i for i in data(repo)["items"]}
    assert items["klimatplan"]["status"] == "Avbruten" and items["trygghet"]["status"] == "Påbörjad"


def test_conflict_resolved_as_theirs_keeps_the_colleagues_value(repo):
    a = EditSession(PlanRepository(repo))
    b = EditSession(PlanRepository(repo))
    b.value(PLAN, ("items",))
    a.apply(SetValue(Address(PLAN, ("items", "klimatplan", "end")), "2025-12-01"))
    b.apply(SetValue(Address(PLAN, ("items", "klimatplan", "end")), "2026-01-31"))
    a.save()
    with pytest.raises(MergeConflict) as exc:
        b.save()
    b.resolve(exc.value.conflicts[0], keep="theirs")
    assert b.save().files == []
    assert data(repo)["items"][0]["end"] == "2025-12-01"


def test_edits_follow_ids_when_a_colleague_inserts_before(repo):
    a = EditSession(PlanRepository(repo))
    b = EditSession(PlanRepository(repo))
    b.value(PLAN, ("items",))
    b.apply(SetValue(Address(PLAN, ("items", 1, "status")), "Slutförd"))  # index 1 = trygghet, stored by id
    a.apply(Remove(Address(PLAN, ("items", "klimatplan"))))
    a.save()
    b.save()
    items = {i["id"]: i for i in data(repo)["items"]}
    assert list(items) == ["trygghet"] and items["trygghet"]["status"] == "Slutförd"


def test_forget_clean_rereads_a_file_a_colleague_saved(repo):
    a = EditSession(PlanRepository(repo))
    a.apply(SetValue(Address(PLAN, ("items", "klimatplan", "status")), "Slutförd"))
    a.undo()  # nothing pending, but the file is read
    b = EditSession(PlanRepository(repo))
    b.apply(SetValue(Address(PLAN, ("items", "trygghet", "status")), "Påbörjad"))
    b.save()
    assert a.forget_clean() == [PLAN] and not a.redo_stack
    assert a.value(PLAN, ("items", "trygghet", "status")) == "Påbörjad"
    assert a.forget_clean() == []


def test_first_comment_of_an_item_creates_its_array(repo):
    s = EditSession(PlanRepository(repo))
    ch = s.apply(Append(Address(PLAN, ("items", "trygghet", "comments")), {"date": dt.date(2025, 4, 30), "label": "Kommentar", "text": "Ny"}))
    assert "Trygghetskameror" in ch.describe()
    s.save()
    assert data(repo)["items"][1]["comments"][0]["text"] == "Ny"


def test_save_refuses_to_commit_someone_elses_uncommitted_work(repo):
    s = EditSession(PlanRepository(repo))
    s.apply(SetValue(Address(PLAN, ("items", "klimatplan", "status")), "Slutförd"))
    text = (repo / PLAN).read_text(encoding="utf-8")
    (repo / PLAN).write_text(text.replace("Trygghetskameror", "Trygghetskameror (utkast)"), encoding="utf-8")
    with pytest.raises(InvalidEdit, match="inte är committade"):
        s.save()
    assert "Slutförd" not in (repo / PLAN).read_text(encoding="utf-8")
    assert len(git(repo, "log", "--format=%H").split()) == 1


def test_a_refused_commit_leaves_nothing_half_done(repo):
    from verksam.store.session import CommitRefused

    hook = repo / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\necho 'schema check failed' >&2\nexit 1\n")
    hook.chmod(0o755)
    before = (repo / PLAN).read_bytes()
    s = EditSession(PlanRepository(repo))
    s.apply(SetValue(Address(PLAN, ("items", "klimatplan", "status")), "Slutförd"))
    with pytest.raises(CommitRefused, match="schema check failed"):
        s.save()
    assert (repo / PLAN).read_bytes() == before  # the file is back as it was
    assert git(repo, "status", "--porcelain") == ""  # nothing left staged
    assert s.dirty and s.value(PLAN, ("items", "klimatplan", "status")) == "Slutförd"  # the edit is kept
    hook.unlink()
    s.save()  # and can be saved once git takes it
    assert "Slutförd" in (repo / PLAN).read_text(encoding="utf-8")
    assert git(repo, "status", "--porcelain") == ""
