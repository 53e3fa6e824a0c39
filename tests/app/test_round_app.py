"""The round in the app (Pilot, real Git): a reporter's own queue and one-key ready, the refusal
while items are missing, a controller's send-back and approval, the approved report's banner and
its edit keys gone from the footer, and the control follow-up edited with `e`."""

from __future__ import annotations

import rtoml

from tests.conftest import commit_all, git, init_git
from verksam.app.app import VerksamApp
from verksam.app.screens.edit import EditScreen, FormScreen
from verksam.app.screens.round import RoundScreen
from verksam.cli.main import main
from verksam.service.nav import Ref

from .conftest import wait_loaded, wait_until

FU = "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"
DOC = Ref("document", "norrtalje", "kommunstyrelsen", 2025, "followup", "2025-04")
TAG = "norrtalje/kommunstyrelsen/2025-04/godkand"


def be(root, name: str, email: str) -> None:
    git(root, "config", "user.name", name)
    git(root, "config", "user.email", email)


def repo(real_repo):
    init_git(real_repo)
    commit_all(real_repo, "start")
    return real_repo


async def open_round(app, pilot):
    """The app loaded, the April report shown and its round screen open."""
    await wait_loaded(app, pilot)
    app.main.jump(DOC)
    await pilot.pause()
    await pilot.press("R")
    await wait_until(pilot, lambda: isinstance(app.screen, RoundScreen))


async def settle(app, pilot):
    await wait_until(pilot, lambda: not any(w.group == "store" and w.is_running for w in app.workers))


def footer_keys(screen) -> set[str]:
    return {b.binding.action for b in screen.active_bindings.values()
            if screen.check_action(b.binding.action.split("(")[0], ()) is not False}


async def test_reporter_then_controller_in_the_app(real_repo, monkeypatch):
    root = repo(real_repo)
    for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(k, raising=False)
    be(root, "Johan Berg", "johan.berg@norrtalje.example")
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_round(app, pilot)
        scr = app.screen
        assert scr.person.name == "Johan Berg"
        m = app.main.ws.municipalities["norrtalje"]
        doc = m.document("kommunstyrelsen", "followup", "2025-04")
        # a reporter sees their own unit's items without an update, nobody else's
        assert len(scr.queue) == 4 and all(doc.item(i).responsible == "naringsliv" for i in scr.queue)
        head = str(scr.query_one("#round-head").render())
        assert "0 av 5 enheter klara" in head and "Du: Johan Berg, rapportör" in head
        # the controller's keys are not offered to a reporter
        assert scr.check_action("approve", ()) is False and scr.check_action("send_back", ()) is False
        # ready is refused while items are missing: nothing is committed
        before = git(root, "rev-parse", "HEAD")
        await pilot.press("r")
        await settle(app, pilot)
        assert git(root, "rev-parse", "HEAD") == before
        await pilot.press("escape")
        await pilot.pause()

    # the controller marks the parts ready on the command line, sends one back in the app, approves
    for unit in ("stab", "kommundirektor", "ekonomi", "raddningstjansten", "naringsliv"):
        be(root, "Maria Lindqvist", "maria.lindqvist@norrtalje.example")
        assert main(["round", "ready", unit, "--repo", str(root), "--period", "2025-04", "--force", "-m", "ok"]) == 0
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_round(app, pilot)
        scr = app.screen
        assert "5 av 5 enheter klara" in str(scr.query_one("#round-head").render())
        assert scr.check_action("approve", ()) is True and scr.check_action("reopen", ()) is False
        # send Näringsliv back with a comment of two lines
        scr.query_one("#round-units").focus()
        units = [p for p in scr.query_one("#round-units").rows]
        scr.query_one("#round-units").move_cursor(row=[k.value for k in units].index("naringsliv"))
        await pilot.press("b")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.press(*"Komplettera", "enter", *"fyra initiativ", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RoundScreen) and "skickad tillbaka"
                         in git(root, "log", "-1", "--format=%s"))
        assert git(root, "log", "-1", "--format=%an|%b").strip() == "Maria Lindqvist|Komplettera\nfyra initiativ"
        assert "4 av 5 enheter klara" in str(scr.query_one("#round-head").render())
        # approving now is refused, in the dialog
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: "inte klar" in str(app.screen.query_one(".dlg-error").render()))
        await pilot.press("escape")
        await pilot.pause()
        assert main(["round", "ready", "naringsliv", "--repo", str(root), "--period", "2025-04", "--force",
                     "-m", "kompletterat"]) == 0
        await pilot.press("A")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.press(*"Till KS", "ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, RoundScreen) and scr.locked)
        assert git(root, "tag", "-l", TAG).strip() == TAG
        head = str(scr.query_one("#round-head").render())
        assert "GODKÄND av Maria Lindqvist" in head
        # an approved report: no edit keys in the round, reopen offered
        for action in ("cycle", "comment", "ready", "send_back", "approve"):
            assert scr.check_action(action, ()) is False
        assert scr.check_action("reopen", ()) is True
        await pilot.press("escape")
        await pilot.pause()

        # the main screen: a banner, and the edit keys are gone from the footer
        item = DOC.child("item", doc.items[0].id)
        app.main.jump(item)
        await pilot.pause()
        assert "GODKÄND" in str(app.main.query_one("#where").render())
        for action in ("edit", "comment", "cycle_status", "cycle_completion", "add", "remove"):
            assert app.main.check_action(action, ()) is False
        shown = {b.binding.id for b in app.main.active_bindings.values()
                 if app.main.check_action(b.binding.action, ()) is not False}
        assert "edit" not in shown and "search" in shown
        text = (root / FU).read_text(encoding="utf-8")
        await pilot.press("e", "s", "c")
        await pilot.pause()
        assert not isinstance(app.screen, (EditScreen, FormScreen)) and not app.service.dirty
        assert (root / FU).read_text(encoding="utf-8") == text
        # the plan of the same year is not locked
        app.main.jump(Ref("document", "norrtalje", "kommunstyrelsen", 2025, "plan", "2025"))
        await pilot.pause()
        assert app.main.check_action("edit", ()) is True
    assert rtoml.loads((root / FU).read_text(encoding="utf-8"))["round"]["approved_by"] == "maria-lindqvist"


async def test_a_controller_marks_a_part_ready_despite_missing_updates_in_the_app(real_repo, monkeypatch):
    root = repo(real_repo)
    for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(k, raising=False)
    be(root, "Johan Berg", "johan.berg@norrtalje.example")  # a reporter: the key is not his
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_round(app, pilot)
        assert app.screen.check_action("force_ready", ()) is False
    be(root, "Maria Lindqvist", "maria.lindqvist@norrtalje.example")
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_round(app, pilot)
        scr = app.screen
        assert scr.check_action("force_ready", ()) is True
        table = scr.query_one("#round-units")
        table.focus()
        table.move_cursor(row=[k.value for k in table.rows].index("naringsliv"))
        before = git(root, "rev-parse", "HEAD")
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        assert "Näringsliv- och etableringsenheten som klar trots 4 saknade" in str(
            app.screen.query_one(".h1").render())
        await pilot.press("escape")  # cancelled: nothing committed
        await wait_until(pilot, lambda: app.screen is scr)
        assert git(root, "rev-parse", "HEAD") == before
        await pilot.press("F")
        await wait_until(pilot, lambda: isinstance(app.screen, FormScreen))
        await pilot.press("ctrl+s")  # the reason is required
        await pilot.pause()
        assert isinstance(app.screen, FormScreen) and git(root, "rev-parse", "HEAD") == before
        await pilot.press(*"Redovisas muntligt", "ctrl+s")
        await wait_until(pilot, lambda: app.screen is scr and git(root, "rev-parse", "HEAD") != before)
        await settle(app, pilot)
        subject, body = git(root, "log", "-1", "--format=%s%n%b").split("\n", 1)
        assert "Näringsliv" in subject and "Maria Lindqvist" in subject
        assert "Redovisas muntligt" in body
        status = rtoml.loads((root / FU).read_text(encoding="utf-8"))
        part = next(u for u in status["round"]["units"] if u["unit"] == "naringsliv")
        assert part["state"] == "Klar" and part["by"] == "maria-lindqvist"
