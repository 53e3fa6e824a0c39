"""Editing through the app, by keyboard (Pilot), on a real Git repository in tmp_path: the file
bytes and the commit after a save; refused input that writes nothing; undo, redo, quit; two app
instances on one repository (merge and conflict); history, who-set-what and a read-only revision;
the round; new periods."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
import rtoml
from textual.widgets import DataTable, Input, OptionList, TextArea

from tests.conftest import commit_all, git, init_git
from verksam.app.app import VerksamApp
from verksam.service.editing import BadInput, Field, parse_input
from verksam.service.nav import Ref
from verksam.app.screens.edit import ConfirmScreen, ConflictScreen, EditScreen, FormScreen, ReasonScreen, TableScreen
from verksam.app.screens.round import RoundScreen

from .conftest import FIXTURES, wait_loaded, wait_until

FU = "plans/test/ks/2025/followup/2025-04.toml"
PLAN_FILE = "plans/test/ks/2025/plan.toml"
D = ("test", "ks", 2025)


def fu(kind: str, id: str = "") -> Ref:
    return Ref(kind, *D, "followup", "2025-04", id)


@pytest.fixture
def no_last_set(monkeypatch):
    """Most tests do not need the Git "last set" table under each item (it has its own test)."""
    monkeypatch.setattr(VerksamApp, "show_last_set", False, raising=False)


@pytest.fixture
def git_repo(tmp_path, no_last_set):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "plans", root / "plans")
    init_git(root)
    commit_all(root, "start")
    return root


def read(root, rel=FU):
    return rtoml.loads((root / rel).read_text(encoding="utf-8"))


def item(root, iid, rel=FU):
    return next(i for i in read(root, rel)["items"] if i["id"] == iid)


async def go(app, pilot, ref: Ref):
    app.main.jump(ref)
    await pilot.pause()
    assert app.main.current == ref


async def settle(app, pilot, cond=None, timeout=60.0):
    await wait_until(pilot, cond or (lambda: not any(w.group == "store" and w.is_running for w in app.workers)),
                     timeout=timeout)


async def pick_field(pilot, app, key: str):
    """In the edit dialog: move to the field with this key and press Enter."""
    scr = app.screen
    assert isinstance(scr, EditScreen)
    i = [f.key for f in scr.fields].index(key)
    scr.query_one(OptionList).highlighted = i
    await pilot.press("enter")
    await pilot.pause()


async def save(app, pilot, reason: str = ""):
    saves = app.saves
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(app.screen, ReasonScreen))
    if reason:
        await pilot.press(*reason)
    await pilot.press("enter")
    await wait_until(pilot, lambda: app.saves > saves or isinstance(app.screen, ConflictScreen))


def test_parse_input_takes_what_users_write():
    num = Field("x", "x", "number", "f", ())
    assert parse_input(num, "1 234,5") == 1234.5
    assert parse_input(num, "12,5 %") == 12.5
    assert parse_input(num, "−3") == -3 and parse_input(num, "42") == 42
    with pytest.raises(BadInput, match="tal"):
        parse_input(num, "tolv")
    date = Field("d", "d", "date", "f", ())
    assert parse_input(date, "2025-12-31") == dt.date(2025, 12, 31)
    for bad in ("31/12/2025", "2025-13-01", "snart"):
        with pytest.raises(BadInput, match="2025-12-31"):
            parse_input(date, bad)
    enum = Field("s", "s", "enum", "f", (), choices=(("Påbörjad", "Påbörjad"),))
    with pytest.raises(BadInput, match="Påbörjad"):
        parse_input(enum, "Klar")


async def test_edit_status_and_forecast_save_commits_one_line_each(git_repo):
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        await go(app, pilot, fu("item", "belysning"))
        await pilot.press("e")
        await pick_field(pilot, app, "status")
        # the enumeration's list: Ej påbörjad (current) → down → Påbörjad
        await pilot.press("down", "enter")
        await settle(app, pilot, lambda: app.service.dirty)
        assert not isinstance(app.screen, EditScreen)
        assert "●" in app.title and "1" in app.title
        assert "osparad ändring" in str(app.main.query_one("#where").render())
        assert "Påbörjad" in app.main.detail_text()  # the view shows the unsaved edit
        assert item(git_repo, "belysning")["status"] == "Ej påbörjad"  # nothing written yet

        before = (git_repo / FU).read_text(encoding="utf-8")
        await wait_until(pilot, lambda: app._sweep_timer is None)
        full = app.collector.full
        await save(app, pilot, "Beslut i KS")
        assert not app.service.dirty and app.title == "verksam"
        # the edits' old entries are garbage after a save: the collector sweeps once (collector.py)
        await wait_until(pilot, lambda: app.collector.full == full + 1 and app._sweep_timer is None)
        after = (git_repo / FU).read_text(encoding="utf-8")
        assert after == before.replace('status = "Ej påbörjad"', 'status = "Påbörjad"')
        assert git(git_repo, "show", "--numstat", "--format=", "HEAD").split() == ["1", "1", FU]
        log = git(git_repo, "log", "-1", "--format=%an <%ae>%n%B")
        assert log.startswith("Anna Andersson <anna@kommun.example>\n2025-04: Bättre belysning status Ej påbörjad → Påbörjad")
        assert "Beslut i KS" in log

        # an indicator's forecast, typed the Swedish way, in a new dialog
        await go(app, pilot, fu("indicator", "trygghet"))
        await pilot.press("e")
        await pick_field(pilot, app, "values.2025.forecast")
        assert isinstance(app.screen, FormScreen)
        inp = app.screen.query_one(Input)
        inp.value = "tolv"
        await pilot.press("enter")
        await pilot.pause()
        err = str(app.screen.query_one(".dlg-error").render())
        assert "Skriv ett tal" in err and not app.service.dirty  # refused inline, nothing changed
        inp.value = "72,5"
        await pilot.press("enter")
        await settle(app, pilot, lambda: app.service.dirty)
        await save(app, pilot)
        assert "2025 = { target = 80, forecast = 72.5 }" in (git_repo / FU).read_text(encoding="utf-8")
        assert git(git_repo, "show", "--numstat", "--format=", "HEAD").split() == ["1", "1", FU]
        assert len(git(git_repo, "log", "--format=%H").split()) == 3
        assert git(git_repo, "status", "--porcelain") == ""


async def test_undo_redo_comment_and_quit_asks_first(git_repo):
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        await go(app, pilot, fu("item", "kameror"))
        await pilot.press("s")  # Påbörjad → Slutförd
        await settle(app, pilot, lambda: len(app.service.session.changes) == 1)
        await pilot.press("g")  # Avvikelse från plan → Enligt plan
        await settle(app, pilot, lambda: len(app.service.session.changes) == 2)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        assert app.screen.query_one("#in-0", Input).value == "2025-04-30"  # dated in the period
        await pilot.press(*"Kameror [uppsatta]", "ctrl+s")  # a comment may take several lines
        await settle(app, pilot, lambda: len(app.service.session.changes) == 3)
        assert "Kameror [uppsatta]" in app.main.detail_text()
        await pilot.press("ctrl+z")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 2)
        await pilot.press("ctrl+z")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 1)
        await pilot.press("ctrl+y")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 2)
        assert [type(c.edit).__name__ for c in app.service.session.changes] == ["SetValue", "SetValue"]
        # q with unsaved changes asks first; Esc stays
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("escape")
        await pilot.pause()
        assert app.is_running and app.service.dirty
        assert item(git_repo, "kameror")["status"] == "Påbörjad"  # nothing written
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("d")  # quit without saving
        await pilot.pause()
    assert item(git_repo, "kameror")["status"] == "Påbörjad"
    assert git(git_repo, "status", "--porcelain") == ""


async def test_two_apps_merge_different_items_and_resolve_a_conflict(git_repo):
    a = VerksamApp(git_repo, poll_interval=0)
    b = VerksamApp(git_repo, poll_interval=0)
    async with a.run_test(size=(110, 36)) as pa, b.run_test(size=(110, 36)) as pb:
        await wait_loaded(a, pa)
        await wait_loaded(b, pb)
        await go(a, pa, fu("item", "kameror"))
        await go(b, pb, fu("item", "belysning"))
        await pa.press("s")
        await settle(a, pa, lambda: a.service.dirty)
        await pb.press("s")
        await settle(b, pb, lambda: b.service.dirty)
        await save(a, pa, "A")
        await save(b, pb, "B")  # the file changed on disk since B read it: merged
        assert item(git_repo, "kameror")["status"] == "Slutförd"
        assert item(git_repo, "belysning")["status"] == "Påbörjad"
        assert len(git(git_repo, "log", "--format=%H").split()) == 3

        # now both change the same value
        await go(b, pb, fu("item", "kameror"))
        await pa.press("s", "s")  # Slutförd → Avbruten → Ej påbörjad
        await settle(a, pa, lambda: len(a.service.session.changes) == 2)
        await pb.press("s")  # Slutförd → Avbruten
        await settle(b, pb, lambda: b.service.dirty)
        await save(a, pa)
        assert item(git_repo, "kameror")["status"] == "Ej påbörjad"
        await save(b, pb)
        assert isinstance(b.screen, ConflictScreen)  # nothing silently overwritten
        assert item(git_repo, "kameror")["status"] == "Ej påbörjad"
        table = b.screen.query_one(DataTable)
        row = " ".join(c.plain for c in table.get_row_at(0))
        assert "Slutförd" in row and "Avbruten" in row and "Ej påbörjad" in row
        await pb.press("enter")  # undecided: refused
        await pb.pause()
        assert "Välj" in str(b.screen.query_one(".dlg-error").render())
        await pb.press("m", "enter")  # keep mine
        await wait_until(pb, lambda: not isinstance(b.screen, ConflictScreen) and not b.service.dirty)
        assert item(git_repo, "kameror")["status"] == "Avbruten"
        assert len(git(git_repo, "log", "--format=%H").split()) == 5


async def test_round_history_blame_revision_and_new_followup(git_repo):
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        app.show_last_set = True
        from dataclasses import replace

        app.main.filters = replace(app.main.filters, my_unit="stab")
        await go(app, pilot, fu("document"))
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, RoundScreen))
        assert app.screen.queue == ["belysning"]  # stab's item without a comment this period
        await pilot.press("s")  # Ej påbörjad → Påbörjad
        await settle(app, pilot, lambda: app.service.dirty)
        # changing the status ticks the item at once
        await wait_until(pilot, lambda: "1 av 1" in str(app.screen.query_one("#round-head").render()))
        await pilot.press("ctrl+z")
        await settle(app, pilot, lambda: not app.service.dirty)
        await pilot.press("ctrl+y")  # redo works in the round too
        await settle(app, pilot, lambda: app.service.dirty)
        await pilot.press("c")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        # the comment takes several lines (Enter is a new line; Ctrl+s makes the change)
        await pilot.press(*"Upphandlingen klar", "enter", *"Leverans i juni", "ctrl+s")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 2)
        assert isinstance(app.screen, RoundScreen)
        await wait_until(pilot, lambda: app.screen.queue == [])  # the finished item left the queue
        await save(app, pilot, "Runda april")
        assert item(git_repo, "belysning")["status"] == "Påbörjad"
        assert item(git_repo, "belysning")["comments"][-1]["text"] == "Upphandlingen klar\nLeverans i juni"
        assert "Upphandlingen klar\nLeverans i juni" in git(git_repo, "log", "-1", "--format=%b")
        await pilot.press("escape")
        await pilot.pause()

        # history of the item: each change with its author
        await go(app, pilot, fu("item", "belysning"))
        await wait_until(pilot, lambda: app.main.blamed == fu("item", "belysning"))
        assert "Anna Andersson" in app.main.detail_text() and "Senast ändrat" in app.main.detail_text()
        await pilot.press("H")
        await wait_until(pilot, lambda: isinstance(app.screen, TableScreen))
        hist = app.screen.table_text()
        assert app.screen.title_text == "Historik för Bättre belysning"  # the title, not the id (issue 14)
        assert "Anna Andersson" in hist and "Ej påbörjad → Påbörjad" in hist and "Runda april" in hist
        await pilot.press("escape")
        await pilot.pause()

        # the workspace at the first commit, read only
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, TableScreen))
        await pilot.press("down", "down", "enter")  # row 0 is "now"; row 2 is the first commit
        await wait_until(pilot, lambda: app.readonly is not None)
        header = str(app.main.query_one("#where").render())
        assert "SKRIVSKYDDAT" in header and app.readonly["author"] == "Anna Andersson"
        # the writing keys are gone from the footer (and do nothing); reading keys stay
        shown = {b.binding.id for b in app.main.active_bindings.values() if app.main.check_action(b.binding.action, ())}
        assert not shown & {"edit", "comment", "save", "cycle_status"} and {"search", "history", "revision"} <= shown
        await go(app, pilot, fu("item", "belysning"))
        assert "Ej påbörjad" in app.main.detail_text()
        await pilot.press("s")
        await pilot.pause()
        assert not app.service.dirty  # edits refused
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, TableScreen))
        await pilot.press("enter")  # back to now
        await wait_until(pilot, lambda: app.readonly is None and app.loads >= 2)

        # a new follow-up for 2025-08, created and committed by the store
        await go(app, pilot, fu("document"))
        await pilot.press("N")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        inp = app.screen.query_one(Input)
        assert inp.value == "2025-08"
        inp.value = "2025-13"
        await pilot.press("enter")
        await wait_until(pilot, lambda: "2025-08" in str(app.screen.query_one(".dlg-error").render()))
        inp.value = "2025-08"
        await pilot.press("enter")
        await wait_until(pilot, lambda: (git_repo / "plans/test/ks/2025/followup/2025-08.toml").exists()
                         and app.main.current and app.main.current.doc_period == "2025-08")
        assert "2025-08: ny uppföljning" in git(git_repo, "log", "-1", "--format=%s")


async def test_add_remove_section_risk_and_budget_cell(git_repo):
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        # a new åtgärd under an uppdrag
        await go(app, pilot, fu("item", "granska-kassan"))
        await pilot.press("a")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        app.screen.query_one("#in-1", Input).value = "Ny rutin för [kassan]"
        app.screen.query_one("#in-3", Input).value = "2025-13-01"
        app.screen.action_submit()
        await pilot.pause()
        assert "2025-12-31" in str(app.screen.query_one(".dlg-error").render())
        app.screen.query_one("#in-3", Input).value = "2025-11-30"
        app.screen.action_submit()
        await wait_until(pilot, lambda: app.main.current.id == "ny-rutin-for-kassan")
        assert "Ny rutin för [kassan]" in app.main.detail_text()
        # remove it again, and the kameror initiativ
        await pilot.press("delete")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("y")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 2)
        # a narrative section in a TextArea
        await go(app, pilot, Ref("section", *D, "plan", "2025", "omvarld"))
        await pilot.press("e")
        await pick_field(pilot, app, "text")
        ta = app.screen.query_one(TextArea)
        ta.text = "Läget är [stabilt].\n\nRad två."
        await pilot.press("ctrl+s")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 3)
        # a risk's probability, its value follows
        await go(app, pilot, Ref("risk", *D, "controls", "2025", "felaktiga-loner"))
        await pilot.press("e")
        await pick_field(pilot, app, "probability")
        await pilot.press("down", "enter")  # 3 → 4
        await settle(app, pilot, lambda: len(app.service.session.changes) == 5)
        # a budget cell
        x = app.main.ws.municipalities["test"].document("ks", "budget", "2025").tables[0]
        await go(app, pilot, Ref("table", *D, "budget", "2025", x.id))
        await pilot.press("e")
        await pick_field(pilot, app, app.screen.fields[0].key)
        app.screen.query_one(Input).value = "−1 234,5"
        await pilot.press("enter")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 6)
        await save(app, pilot)
        assert git(git_repo, "status", "--porcelain") == ""
        assert "ny-rutin-for-kassan" not in (git_repo / FU).read_text(encoding="utf-8")
        assert read(git_repo, PLAN_FILE)["sections"][0]["text"] == "Läget är [stabilt].\n\nRad två."
        risk = read(git_repo, "plans/test/ks/2025/controls.toml")["risks"][0]
        assert (risk["probability"], risk["value"]) == (4, 8)
        budget = read(git_repo, "plans/test/ks/2025/budget.toml")["tables"][0]
        assert -1234.5 in budget["rows"][0]["values"] or -1234.5 in [r["values"][0] for r in budget["rows"]]
        assert "(+5 ändringar)" in git(git_repo, "log", "-1", "--format=%s")


async def test_goal_assessment_and_analysis_in_a_followup(git_repo):
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        await go(app, pilot, fu("goal", "im-2025-2-1"))
        await pilot.press("e")
        assert [f.key for f in app.screen.fields] == ["assessment", "trend", "analysis", "contribution"]
        await pick_field(pilot, app, "assessment")
        await pilot.press("up", "enter")  # Ej uppfyllt → Delvis uppfyllt
        await settle(app, pilot, lambda: app.service.dirty)
        await save(app, pilot)
        c = read(git_repo)["contributions"][1]
        assert c["goal"] == "im-2025-2-1" and c["assessment"] == "Delvis uppfyllt"
        assert git(git_repo, "show", "--numstat", "--format=", "HEAD").split() == ["1", "1", FU]


async def test_a_file_broken_on_disk_under_unsaved_edits_is_shown_as_a_problem(git_repo):
    app = VerksamApp(git_repo, poll_interval=0.2)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        await go(app, pilot, fu("item", "belysning"))
        await pilot.press("s")  # an unsaved edit of the follow-up file
        await settle(app, pilot, lambda: app.service.dirty)
        text = (git_repo / FU).read_text(encoding="utf-8")
        (git_repo / FU).write_text(text.replace('status = "', 'status = ', 1), encoding="utf-8")
        await wait_until(pilot, lambda: any(p.code == "syntax" and "på disken" in p.message
                                            for p in app.main.loaded.problems), timeout=60)
        assert "1 fel" in str(app.main.query_one("#where").render())


async def test_a_reload_that_arrives_after_the_main_screen_lost_its_widgets_is_kept_not_a_crash(small_repo):
    """The flaky NoMatches('NavTree'): a reload posted by the poll worker while the app closes."""
    from verksam.app.messages import DataLoaded
    from verksam.app.widgets.nav_tree import NavTree

    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        loaded = app.main.loaded
        await app.main.query_one(NavTree).remove()
        app.post_message(DataLoaded(loaded, reload=True))
        await pilot.pause()
        app.update_dirty()
        await pilot.pause()
        assert app.main.loaded is loaded
