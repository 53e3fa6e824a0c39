"""The app survives every conflict choice (keep mine, keep theirs, per row and all), and a
colleague's committed change to another item of a file with unsaved edits shows at once, merged
item by item, and is read once (not again at every poll). Pilot, a real Git repository; the
colleague is `verksam set` committing in the same repository."""

from __future__ import annotations

import pytest

from tests.app.test_editing import FU, fu, git_repo, go, item, no_last_set, save, settle  # noqa: F401  (fixtures)
from tests.app.conftest import wait_loaded, wait_until
from tests.conftest import git
from verksam.app.app import VerksamApp
from verksam.app.screens.edit import ConflictScreen
from verksam.cli.main import main


def colleague(root, iid: str, value: str) -> None:
    assert main(["set", FU, f"items.{iid}.status", value, "--repo", str(root)]) == 0


def commits(root) -> int:
    return len(git(root, "log", "--format=%H").split())


async def two_conflicts(app, pilot, root) -> None:
    """Mine: kameror Påbörjad → Slutförd, belysning Ej påbörjad → Påbörjad (unsaved); theirs
    (committed meanwhile): kameror Avbruten, belysning Slutförd. Save: the conflict dialog."""
    await wait_loaded(app, pilot)
    await go(app, pilot, fu("item", "kameror"))
    await pilot.press("s")
    await settle(app, pilot, lambda: len(app.service.session.changes) == 1)
    await go(app, pilot, fu("item", "belysning"))
    await pilot.press("s")
    await settle(app, pilot, lambda: len(app.service.session.changes) == 2)
    colleague(root, "kameror", "Avbruten")
    colleague(root, "belysning", "Slutförd")
    await save(app, pilot, "mitt")
    assert isinstance(app.screen, ConflictScreen)
    assert len(app.screen.conflicts) == 2


@pytest.mark.parametrize("keys, kameror, belysning, new_commits", [
    (("T",), "Avbruten", "Slutförd", 0),      # all theirs: nothing of mine is left, no commit
    (("M",), "Slutförd", "Påbörjad", 1),      # all mine
    (("t", "t"), "Avbruten", "Slutförd", 0),  # theirs row by row
    (("m", "t"), "Slutförd", "Slutförd", 1),  # mine for one, theirs for the other
    (("t", "m"), "Avbruten", "Påbörjad", 1),
])
async def test_every_conflict_choice_saves_what_was_chosen(git_repo, keys, kameror, belysning, new_commits):
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await two_conflicts(app, pilot, git_repo)
        before = commits(git_repo)
        await pilot.press(*keys, "enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConflictScreen) and not app.service.dirty)
        await settle(app, pilot)
        assert (item(git_repo, "kameror")["status"], item(git_repo, "belysning")["status"]) == (kameror, belysning)
        assert commits(git_repo) == before + new_commits
        assert git(git_repo, "status", "--porcelain") == ""
        # the app goes on: the view shows the file, and the next edit and save work
        assert app.main.ws.municipalities["test"].documents  # still there
        await go(app, pilot, fu("item", "kameror"))
        await pilot.press("s")
        await settle(app, pilot, lambda: app.service.dirty)
        await save(app, pilot)
        assert not app.service.dirty and commits(git_repo) == before + new_commits + 1


async def test_cancelling_the_conflict_dialog_keeps_the_edits(git_repo):
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await two_conflicts(app, pilot, git_repo)
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, ConflictScreen))
        assert len(app.service.session.changes) == 2
        await save(app, pilot)  # asked again
        assert isinstance(app.screen, ConflictScreen)
        await pilot.press("M", "enter")
        await wait_until(pilot, lambda: not app.service.dirty)
        assert item(git_repo, "kameror")["status"] == "Slutförd"


async def test_a_colleagues_change_to_another_item_of_my_file_shows_at_once(git_repo):
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        await go(app, pilot, fu("item", "kameror"))
        await pilot.press("s")  # unsaved: kameror Påbörjad → Slutförd
        await settle(app, pilot, lambda: app.service.dirty)
        colleague(git_repo, "belysning", "Slutförd")  # committed by someone else, same file
        loads = app.loads
        await pilot.press("r")
        await wait_until(pilot, lambda: app.loads > loads)
        doc = app.main.ws.municipalities["test"].document("ks", "followup", "2025-04")
        assert doc.item("belysning").status == "Slutförd"  # theirs, shown
        assert doc.item("kameror").status == "Slutförd"  # mine, still unsaved
        assert app.service.dirty
        # read once: the next poll finds nothing changed (it used to reload every 2–3 s)
        assert app.service.reload_if_changed() is None
        await save(app, pilot)
        assert item(git_repo, "kameror")["status"] == "Slutförd" and item(git_repo, "belysning")["status"] == "Slutförd"
