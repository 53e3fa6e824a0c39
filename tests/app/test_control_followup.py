"""The internal control follow-up round-tripped: file → app (`e` on a control: a new result
appended, a value set, an action added) → save → file → export → summary → the round."""

from __future__ import annotations

import csv
import io

import rtoml
from textual.widgets import Input, OptionList

from tests.conftest import commit_all, git, init_git
from verksam.app.app import VerksamApp
from verksam.app.screens.edit import EditScreen, FormScreen, ReasonScreen
from verksam.cli.main import main
from verksam.service.nav import Ref

from .conftest import wait_loaded, wait_until

FU = "plans/alingsas/kommunstyrelsen/2022/followup/2022-08.toml"
CONTROL = Ref("control", "alingsas", "kommunstyrelsen", 2022, "controls", "2022", "kontroll-cyberhot")


def result(root, cid):
    data = rtoml.loads((root / FU).read_text(encoding="utf-8"))
    return next((r for r in data["control_results"] if r["id"] == cid), None)


async def pick(pilot, app, key):
    scr = app.screen
    assert isinstance(scr, EditScreen)
    scr.query_one(OptionList).highlighted = [f.key for f in scr.fields].index(key)
    await pilot.press("enter")
    await pilot.pause()


async def settle(app, pilot, cond):
    await wait_until(pilot, lambda: cond() and not any(w.group == "store" and w.is_running for w in app.workers))


async def test_control_result_through_file_app_export_and_round(real_repo, capsys):
    root = real_repo
    init_git(root)
    commit_all(root, "start")
    assert result(root, "kontroll-cyberhot") is None  # no result yet in the example follow-up
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(CONTROL)
        await pilot.pause()
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        await pick(pilot, app, "performed_by")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        app.screen.query_one(Input).value = "IT-chef"
        await pilot.press("enter")
        await settle(app, pilot, lambda: app.service.dirty)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        await pick(pilot, app, "outcome")
        await pilot.press("down", "enter")  # Inga avvikelser → Avvikelser
        await settle(app, pilot, lambda: len(app.service.session.changes) == 2)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        await pick(pilot, app, "action")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        app.screen.query_one(Input).value = "Öva incidentplanen; IT-chef; 2022-11-30"
        await pilot.press("enter")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 3)
        assert "Öva incidentplanen" in app.main.detail_text()  # the view shows the result
        saves = app.saves
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReasonScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.saves > saves)
    r = result(root, "kontroll-cyberhot")
    assert r["performed_by"] == "IT-chef" and r["outcome"] == "Avvikelser"
    assert r["actions"] == [{"text": "Öva incidentplanen", "status": "Öppen", "owner": "IT-chef",
                             "due": __import__("datetime").date(2022, 11, 30)}]
    assert git(root, "status", "--porcelain").strip() == ""

    # the export: one row per control × period result
    assert main(["export", "controls", "--repo", str(root)]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 11
    cyber = next(x for x in rows if x["control_id"] == "kontroll-cyberhot")
    assert (cyber["period"], cyber["outcome"], cyber["actions_open"]) == ("2022-08", "Avvikelser", "1")
    assert "Öva incidentplanen — IT-chef — 2022-11-30 — Öppen" == cyber["action_list"]
    lone = next(x for x in rows if x["control_id"] == "kontroll-loneutbetalningar")
    assert lone["unit_name"] == "HR-avdelningen" and lone["performed"] == "2022-08-15"
    # the summary counts it
    assert main(["summary", "--repo", str(root), "--period", "2022-08"]) == 0
    out = capsys.readouterr().out
    assert "11 planerade kontroller, 6 med resultat denna period: 3 utförda, 2 med avvikelser; 2 åtgärder, 2 öppna" in out
    # the round reports it like any other item: a result without date and outcome is missing
    assert main(["round", "status", "--repo", str(root), "--period", "2022-08", "--format", "csv"]) == 0
    units = {x["unit"]: x for x in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert units["stabsavdelningen"]["missing"] == "1" and units["hr-avdelningen"]["missing"] == "0"
    assert units[""]["items"] == "1" and units[""]["missing"] == "1"  # the new result has no unit yet


async def test_an_internal_control_action_is_edited_and_removed_in_the_app(real_repo):
    root = real_repo
    init_git(root)
    commit_all(root, "start")
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(CONTROL)
        await pilot.pause()
        for n, text in enumerate(["Öva incidentplanen; IT-chef; 2022-11-30", "Byt lösenord"], start=1):
            await pilot.press("e")
            await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
            await pick(pilot, app, "action")
            await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
            app.screen.query_one(Input).value = text
            await pilot.press("enter")
            await settle(app, pilot, lambda: len(app.service.session.changes) == n)
        # each action has its own fields: the first's owner changed and closed
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        assert {"action.1.text", "action.1.owner", "action.1.due", "action.1.status", "action.1.remove",
                "action.2.text", "action.2.remove"} <= {f.key for f in app.screen.fields}
        await pick(pilot, app, "action.1.owner")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        app.screen.query_one(Input).value = "Säkerhetschef"
        await pilot.press("enter")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 3)
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        await pick(pilot, app, "action.1.status")
        await pilot.press("down", "enter")  # Öppen → Klar
        await settle(app, pilot, lambda: len(app.service.session.changes) == 4)
        # the second removed: picking the field, then its one choice
        await pilot.press("e")
        await wait_until(pilot, lambda: isinstance(app.screen, EditScreen))
        await pick(pilot, app, "action.2.remove")
        await pilot.press("enter")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 5)
        assert "Byt lösenord" not in app.main.detail_text()
        saves = app.saves
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ReasonScreen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.saves > saves)
    assert result(root, "kontroll-cyberhot")["actions"] == [
        {"text": "Öva incidentplanen", "status": "Klar", "owner": "Säkerhetschef",
         "due": __import__("datetime").date(2022, 11, 30)}]
    assert git(root, "status", "--porcelain").strip() == ""
