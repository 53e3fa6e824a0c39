"""The app (Pilot) on the hostile plans: no raw control character in anything drawn — the tree,
the item, a comment, a table, the problems, the search, the history, the edit dialog — while the
text is shown (visibly) and Rich markup stays literal."""

from __future__ import annotations

import rich.text
import textual.content
from rich.text import Text

from tests.app.conftest import small_repo, wait_loaded, wait_until  # noqa: F401  (a fixture)
from verksam.app.app import VerksamApp
from verksam.app.neutral import install
from verksam.service.nav import Ref
from verksam.text.neutral import neutralise

from .fixture import HOSTILE, ITEM, MARK, make_hostile, raw_controls

FU_DOC = ("norrtalje", "kommunstyrelsen", 2025, "followup", "2025-04")


def screen_text(app) -> str:
    return "\n".join("".join(seg.text for seg in s) for s in app.screen._compositor.render_strips())


def clean(app) -> str:
    shown = screen_text(app)
    assert raw_controls(shown) == [], raw_controls(shown)
    return shown


def test_the_hook_points_are_there_and_neutralise():
    install()
    assert rich.text.strip_control_codes("a\x1bb") == "a␛b"
    assert textual.content._strip_control_codes("a\x9bb") == "a\\u009bb"
    assert Text("x\x1b]0;T\x07").plain == "x␛]0;T␇"


async def test_hostile_texts_are_drawn_neutralised(sample_repo):
    make_hostile(sample_repo)
    app = VerksamApp(sample_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        ws = app.main.ws
        # the tree with the municipality's hostile name
        assert MARK in clean(app)
        # the item (hostile title), then its history, its edit dialog
        app.main.jump(Ref("item", *FU_DOC, ITEM))
        await pilot.pause()
        shown = clean(app)
        assert "␛]0;PWNED␇" in shown and "[bold red]markup[/]" in shown
        assert neutralise(HOSTILE)[:20] in app.main.detail_text()
        await pilot.press("H")
        await wait_until(pilot, lambda: app.screen is not app.main, timeout=30)
        assert MARK in clean(app)
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")
        await wait_until(pilot, lambda: app.screen is not app.main)
        clean(app)
        await pilot.press("escape")
        await pilot.pause()
        # an indicator whose comment is hostile
        doc = ws.municipalities["norrtalje"].document("kommunstyrelsen", "followup", "2025-04")
        ind = next(e for e in doc.indicators if any(MARK in c.text for c in e.comments))
        app.main.jump(Ref("indicator", *FU_DOC, ind.id))
        await pilot.pause()
        assert MARK in clean(app)
        # a budget table with hostile row labels
        plan_doc = ws.municipalities["norrtalje"].document("kommunstyrelsen", "budget", "2025")
        table = next(x for x in plan_doc.tables if any(MARK in r.label for r in x.rows))
        app.main.jump(Ref("table", "norrtalje", "kommunstyrelsen", 2025, "budget", "2025", table.id))
        await pilot.pause()
        assert MARK in clean(app)
        # the problems view names them
        app.main.jump(Ref("problems"))
        await pilot.pause()
        clean(app)
        assert "municipality.toml:5" in app.main.detail_text()  # file and line beside the message
        assert "U+001B (ESC)" in app.main.detail_text()
        # the search
        await pilot.press("slash", *"PWNED")
        await wait_until(pilot, lambda: MARK in screen_text(app) and app.screen is not app.main)
        clean(app)


async def test_the_app_loads_past_a_fifo_a_loop_and_a_link_to_dev_zero(small_repo):
    import os

    os.mkfifo(small_repo / "plans/test/pipe.toml")
    os.symlink("loop.toml", small_repo / "plans/test/loop.toml")
    os.symlink("/dev/zero", small_repo / "plans/test/zero.toml")
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(160, 40)) as pilot:
        await wait_loaded(app, pilot)  # not stuck at "Läser planerna …"
        files = {p.file for p in app.main.ctx.problems if p.code == "not-a-plan-file"}
        assert files == {"plans/test/pipe.toml", "plans/test/loop.toml", "plans/test/zero.toml"}
        assert app.main.ws.municipalities["test"].documents  # the rest is loaded
