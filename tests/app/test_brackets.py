"""Text from the files is shown exactly as written: `[bold]x[/bold]`, `[x]`, `[/]` and `[0]` in a
title are brackets, not markup – in the tree, the detail pane, the search and on the screen."""

from __future__ import annotations

from verksam.app.app import VerksamApp
from verksam.service.nav import Ref
from verksam.app.screens.search import SearchScreen
from verksam.app.widgets.nav_tree import NavTree

from .conftest import BRACKET_TITLE, wait_loaded

ITEM = Ref("item", "test", "ks", 2025, "followup", "2025-04", "granska-kassan")


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in s) for s in app.screen._compositor.render_strips())


async def test_brackets_in_a_title_are_shown_literally(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(ITEM)
        await pilot.pause()
        tree = app.main.query_one(NavTree)
        assert BRACKET_TITLE in tree.node_for(ITEM).label.plain
        assert BRACKET_TITLE in app.main.detail_text()
        shown = screen_text(app)
        assert "[bold]x[/bold]" in shown and "[x]" in shown and "[/]" in shown and "[0]" in shown
        assert "Halvvägs [klart]." in shown
        # in the header too, when it is the place
        assert "Granska [bold]x[/bold]" in str(app.main.query_one("#where").render())
        # and in the search results
        await pilot.press("slash", *"granska")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert "[bold]x[/bold] och [x]" in screen_text(app)


async def test_brackets_in_units_goals_and_tables(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(Ref("goal", "test", "ks", 2025, "plan", "2025", "im-2025-2-1"))
        await pilot.pause()
        assert "Stab [enheten]" in screen_text(app)
        app.main.jump(Ref("area", "test", "ks", 2025, "plan", "2025", "ma-2025-1"))
        await pilot.pause()
        assert "Sund ekonomi [i balans]" in screen_text(app)
        app.main.jump(Ref("matrix", "test", "ks", 2025, "controls", "2025"))
        await pilot.pause()
        assert "Felaktiga [löne]utbetalningar" in screen_text(app)
