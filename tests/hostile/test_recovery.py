"""Unsaved edits survive a killed app: a real app process makes an edit and is killed (SIGKILL)
or hung up (SIGHUP, a closed terminal); the next start offers the edits back (Pilot), and
recovering them makes them pending again, ready to save. Declining removes them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from tests.app.test_editing import FU, fu, git_repo, go, item, no_last_set, save, settle  # noqa: F401  (fixtures)
from tests.app.conftest import wait_loaded, wait_until
from verksam.app.app import VerksamApp
from verksam.app.screens.edit import ConfirmScreen
from verksam.store import recovery

EDIT_AND_DIE = textwrap.dedent("""
    import asyncio, os, signal, sys
    from verksam.app.app import VerksamApp
    from verksam.service.nav import Ref

    async def main():
        app = VerksamApp(sys.argv[1], poll_interval=0)
        app.show_last_set = False
        async with app.run_test(size=(110, 36)) as pilot:
            while app.main.loaded is None:
                await pilot.pause(0.05)
            app.main.jump(Ref("item", "test", "ks", 2025, "followup", "2025-04", "kameror"))
            await pilot.pause()
            await pilot.press("s")  # status Påbörjad → Slutförd, unsaved
            while not app.service.dirty:
                await pilot.pause(0.05)
            await pilot.pause()
            print("edited", flush=True)
            os.kill(os.getpid(), int(sys.argv[2]))  # killed, or the terminal closed
            await asyncio.sleep(60)

    asyncio.run(main())
""")


def edit_and_die(root, sig: int, state) -> None:
    env = dict(os.environ, VERKSAM_STATE_DIR=str(state))
    p = subprocess.run([sys.executable, "-c", EDIT_AND_DIE, str(root), str(int(sig))], env=env,
                       capture_output=True, text=True, timeout=120)
    assert "edited" in p.stdout, p.stderr[-2000:]
    assert p.returncode == -sig  # it died of the signal: nothing ran to save or clean up


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGHUP], ids=["kill-9", "hangup"])
async def test_edits_of_a_killed_app_are_offered_back_and_saved(git_repo, tmp_path, monkeypatch, sig):
    state = tmp_path / "state"
    monkeypatch.setenv("VERKSAM_STATE_DIR", str(state))
    edit_and_die(git_repo, sig, state)
    assert item(git_repo, "kameror")["status"] == "Påbörjad"  # nothing was saved
    assert len(list((state / "recovery").glob("*.json"))) == 1
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=10)
        assert "1" in app.screen.message and "kameror" in app.screen.message.lower() or "Trygghetskameror" in app.screen.message
        await pilot.press("r")
        await wait_until(pilot, lambda: app.service.dirty)
        doc = app.main.ws.municipalities["test"].document("ks", "followup", "2025-04")
        assert doc.item("kameror").status == "Slutförd"  # shown again, unsaved
        # the killed app's file is gone; this app keeps its own
        files = list((state / "recovery").glob("*.json"))
        assert [f.name.rsplit("-", 1)[1] for f in files] == [f"{os.getpid()}.json"]
        await go(app, pilot, fu("item", "kameror"))
        await save(app, pilot, "återställt")
        assert item(git_repo, "kameror")["status"] == "Slutförd"
        assert list((state / "recovery").glob("*.json")) == []  # saved: nothing left to recover


async def test_declined_recovery_is_removed_and_not_offered_again(git_repo, tmp_path, monkeypatch):
    state = tmp_path / "state"
    monkeypatch.setenv("VERKSAM_STATE_DIR", str(state))
    edit_and_die(git_repo, signal.SIGKILL, state)
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen), timeout=10)
        await pilot.press("x")
        await wait_until(pilot, lambda: not list((state / "recovery").glob("*.json")))
        assert not app.service.dirty
    assert recovery.left_behind(git_repo) is None


async def test_every_change_is_kept_and_a_clean_quit_leaves_nothing(git_repo, tmp_path, monkeypatch):
    state = tmp_path / "state"
    monkeypatch.setenv("VERKSAM_STATE_DIR", str(state))
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        await go(app, pilot, fu("item", "kameror"))
        await pilot.press("s")
        await settle(app, pilot, lambda: app.service.dirty)
        await settle(app, pilot)
        own = recovery.own_path(git_repo)
        import json

        assert len(json.loads(own.read_text(encoding="utf-8"))["edits"]) == 1
        await pilot.press("s")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 2)
        await settle(app, pilot)
        assert len(json.loads(own.read_text(encoding="utf-8"))["edits"]) == 2
        await pilot.press("ctrl+z")
        await settle(app, pilot, lambda: len(app.service.session.changes) == 1)
        await settle(app, pilot)
        assert len(json.loads(own.read_text(encoding="utf-8"))["edits"]) == 1
        # a running app's edits are its own: not offered to another app on the same repository
        assert recovery.left_behind(git_repo) is None
        await pilot.press("q")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmScreen))
        await pilot.press("d")  # quit without saving
        await wait_until(pilot, lambda: not own.exists())
