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
from tui.app.app import VerksamApp
from tui.app.editing import BadInput, Field, parse_input
from tui.app.nav import Ref
from tui.app.screens.edit import ConfirmScreen, ConflictScreen, EditScreen, FormScreen, ReasonScreen, TableScreen
from tui.app.screens.round import RoundScreen

from .conftest import FIXTURES, wait_loaded, wait_until

FU = "plans/test/ks/2025/followup/2025-04.toml"
PLAN_FILE = "plans/test/ks/2025/plan.toml"
D = ("test", "ks", 2025)


def fu(kind: str, id: str = "") -> Ref:
    return Ref(kind, *D, "followup", "2025-04", id)


@pytest.fixture
def git_repo(tmp_path):
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


async def settle(app, pilot, cond=None, timeout=5.0):
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
        assert "osparade" in str(app.main.query_one("#where").render())
        assert "Påbörjad" in app.main.detail_text()  # the view shows the unsaved edit
        assert item(git_repo, "belysning")["status"] == "Ej påbörjad"  # nothing written yet

        before = (git_repo / FU).read_text(encoding="utf-8")
        await save(app, pilot, "Beslut i KS")
        assert not app.service.dirty and app.title == "verksam"
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
