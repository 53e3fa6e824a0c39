"""An edit costs what it changes (issue 15): after `s` and its undo the tree is updated in place
(the same nodes, only the edited item's label set again) and the detail shows the new state; a
change of shape (a filter that hides the edited item) builds the branch again."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import commit_all, init_git
from verksam.app.app import VerksamApp
from verksam.app.widgets.nav_tree import NavTree
from verksam.service.nav import Ref

from .conftest import FIXTURES, wait_loaded, wait_until
from .test_editing import save

D = ("test", "ks", 2025)


def fu(kind: str, id: str = "") -> Ref:
    return Ref(kind, *D, "followup", "2025-04", id)


@pytest.fixture
def git_repo(tmp_path, monkeypatch):
    monkeypatch.setattr(VerksamApp, "show_last_set", False, raising=False)
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "plans", root / "plans")
    init_git(root)
    commit_all(root, "start")
    return root


async def settled(app, pilot, n: int) -> None:
    await wait_until(pilot, lambda: len(app.service.session.changes) == n
                     and not any(w.group == "store" and w.is_running for w in app.workers))
    await pilot.pause()


async def test_edit_and_undo_update_the_tree_in_place(git_repo):
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(fu("item", "belysning"))
        await pilot.pause()
        tree = app.main.query_one(NavTree)
        before = dict(tree._by_ref)
        other = tree._by_ref[fu("item", "kameror")].label
        label = tree._by_ref[fu("item", "belysning")].label.plain
        assert "Ej påbörjad" in app.main.detail_text()
        shown = list(app.main._shown)

        await pilot.press("s")  # Ej påbörjad → Påbörjad
        await settled(app, pilot, 1)
        assert all(a is b for a, b in zip(app.main._shown, shown, strict=True))  # the view patched, not mounted again
        assert dict(tree._by_ref) == before  # the same places …
        assert all(tree._by_ref[r] is n for r, n in before.items())  # … the same nodes: nothing rebuilt
        node = tree._by_ref[fu("item", "belysning")]
        assert node.label.plain != label  # the status symbol follows the edit
        assert tree._by_ref[fu("item", "kameror")].label is other  # the others are not set again
        assert tree.cursor_node is node and app.main.current == fu("item", "belysning")
        assert "Påbörjad" in app.main.detail_text() and "Ej påbörjad" not in app.main.detail_text()

        await pilot.press("ctrl+z")
        await settled(app, pilot, 0)
        assert all(tree._by_ref[r] is n for r, n in before.items())
        assert tree._by_ref[fu("item", "belysning")].label.plain == label
        assert "Ej påbörjad" in app.main.detail_text()


async def test_an_edit_that_changes_the_shape_builds_the_branch_again(git_repo):
    """Under the filter "deviations", an item whose completion goes back to plan leaves the tree:
    the branch is built again and the cursor lands on a place that is there."""
    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(fu("item", "kameror"))
        await pilot.pause()
        app.main.action_toggle_deviations()
        await pilot.pause()
        tree = app.main.query_one(NavTree)
        assert tree.has(fu("item", "kameror"))
        await pilot.press("g")  # Avvikelse från plan → Enligt plan: no longer a deviation
        await settled(app, pilot, 1)
        assert not tree.has(fu("item", "kameror"))
        assert app.main.current is not None and tree.current == app.main.current
        await pilot.press("ctrl+z")
        await settled(app, pilot, 0)
        assert tree.has(fu("item", "kameror"))


async def test_the_last_set_table_is_not_shown_twice_after_an_edit(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(FIXTURES / "plans", root / "plans")
    init_git(root)
    commit_all(root, "start")
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(fu("item", "belysning"))
        await wait_until(pilot, lambda: app.main.blamed == fu("item", "belysning"))
        assert len(app.main.query(".blame")) == 1
        await pilot.press("s")
        await settled(app, pilot, 1)
        await wait_until(pilot, lambda: not any(w.group == "blame" and w.is_running for w in app.workers))
        await pilot.pause()
        assert len(app.main.query(".blame")) == 1 and len(app.main.query(".blame-title")) == 1
        assert "Påbörjad" in app.main.detail_text() and "Ej påbörjad" not in app.main.detail_text()
        rows = app.main._blamed[1]
        # a save commits the edit: the last-set table changes (a new commit) and takes the old one's place
        await save(app, pilot, "klart")
        await wait_until(pilot, lambda: app.main._blamed is not None and app.main._blamed[1] != rows)
        await pilot.pause()
        assert len(app.main.query(".blame")) == 1 and len(app.main.query(".blame-title")) == 1
        assert "status Ej påbörjad → På" in app.main.detail_text()  # the new commit in it


async def test_a_held_key_ends_with_the_detail_of_the_final_row(git_repo):
    """Keys pressed one after another faster than the detail follows (a held key): the tree's
    cursor moves at once, and once the keys stop the detail shows the row the cursor is on; going
    up and down again shows that row's view again, one view on screen."""
    from verksam.app.widgets.views import build_view

    app = VerksamApp(git_repo, poll_interval=0)
    async with app.run_test(size=(110, 36)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(fu("document"))
        await pilot.pause()
        tree = app.main.query_one(NavTree)
        await pilot.press(*["down"] * 4)
        await wait_until(pilot, lambda: app.main.current == tree.current)
        final = tree.current
        assert final != fu("document") and final.kind != "problems"
        expected = [w for w in build_view(app.main.ctx, final)]
        assert len(app.main._shown) == len(expected)
        assert all(type(a) is type(b) for a, b in zip(app.main._shown, expected))
        shown = app.main._shown
        await pilot.press("up")
        await wait_until(pilot, lambda: app.main.current == tree.current)
        await pilot.press("down")
        await wait_until(pilot, lambda: app.main.current == tree.current == final)
        assert [type(a) for a in app.main._shown] == [type(a) for a in shown]
        assert all(a.is_attached for a in app.main._shown) and not any(a.is_attached for a in shown)
        assert len(app.main.query(".detail")) == 1  # one view on screen, the ones before removed
