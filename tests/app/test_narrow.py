"""80×24 first (issue 14), as behaviour: the problems list shows the message, Git's "last set" shows
who and when, the round shows a status changed with `s`, the help is one scroll area that PgDn,
PgUp, Home and End reach the whole of, and the footer shows only whole keys, the most important
first. (How each screen looks is in test_snapshots.)"""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets._footer import FooterKey

from verksam.app.app import VerksamApp
from verksam.app.screens.help import HelpScreen
from verksam.app.screens.round import RoundScreen
from verksam.app.widgets.reftable import RefTable
from verksam.service.nav import Ref

from .conftest import wait_until
from .test_snapshots import FU, build_repo


def start(root):
    return VerksamApp(root, poll_interval=0, fetch_interval=0)


async def loaded(app, pilot):
    await wait_until(pilot, lambda: app.main.loaded is not None, timeout=15)
    await pilot.pause()


def shown_labels(table: RefTable) -> list[str]:
    return [table.labels[i].plain for i in table.shown]


async def test_problems_show_the_message_and_git_shows_who_and_when(tmp_path, monkeypatch):
    for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(k, raising=False)
    root = build_repo(tmp_path / "repo")
    for size in ((80, 24), (120, 30)):
        app = start(root)
        async with app.run_test(size=size) as pilot:
            await loaded(app, pilot)
            app.main.jump(FU.child("item", "granska-kassan"))
            await wait_until(pilot, lambda: app.main.blamed is not None)
            await pilot.pause()
            blame = app.main.query_one("RefTable.blame", RefTable)
            await wait_until(pilot, lambda: blame.fitted)
            assert {"Fält", "Värde"} <= set(shown_labels(blame)), shown_labels(blame)
            if size[0] >= 120:
                assert {"Datum", "Vem"} <= set(shown_labels(blame)), shown_labels(blame)
            else:  # when and who are in the detail line of the selected row
                assert "Datum: 2025-04-28" in str(blame.detail_line.render())
                assert "Vem: Erik Nord" in str(blame.detail_line.render())
            app.main.jump(Ref("problems"))
            await pilot.pause()
            problems = app.main.query_one("#problems-table", RefTable)
            await wait_until(pilot, lambda: problems.fitted)
            assert "Problem" in shown_labels(problems), (size, shown_labels(problems))
            # the whole message wraps in its column: nothing of it is cut
            widths = sum(c.get_render_width(problems) for c in problems.ordered_columns)
            assert widths <= problems.size.width, (widths, problems.size.width)
            assert "plans/test/ks/2025/followup/2025-04.toml:" in str(problems.detail_line.render())


async def test_the_round_shows_the_status_set_with_s_at_80x24(tmp_path, monkeypatch):
    for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(k, raising=False)
    root = build_repo(tmp_path / "repo")
    app = start(root)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        app.main.jump(FU)
        await pilot.pause()
        await pilot.press("R")
        await wait_until(pilot, lambda: isinstance(app.screen, RoundScreen))
        table = app.screen.query_one("#round-table", RefTable)
        await wait_until(pilot, lambda: table.fitted)
        assert shown_labels(table)[:3] == ["Klar", "Status", "Prognos"]
        widths = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert widths <= table.size.width
        before = table.get_row_at(table.cursor_row)[1].plain
        await pilot.press("s")
        await wait_until(pilot, lambda: table.get_row_at(table.cursor_row)[1].plain != before)
        after = table.get_row_at(table.cursor_row)[1].plain
        assert after.strip() and after != before
        assert table.get_row_at(table.cursor_row)[0].plain == "✓"


async def test_help_is_one_scroll_area_that_pgdn_and_end_reach_the_end_of(small_repo):
    app = start(small_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
        body = app.screen.query_one("#help-body", VerticalScroll)
        assert app.screen.focused is body
        # nothing inside scrolls on its own: the keys are part of the one area
        assert not [w for w in body.query("*") if w is not body and w.allow_vertical_scroll]
        assert body.max_scroll_y > 0
        for _ in range(60):
            await pilot.press("pagedown")
            if body.scroll_y >= body.max_scroll_y:
                break
        await pilot.pause()
        assert body.scroll_y == body.max_scroll_y
        await pilot.press("home")
        await wait_until(pilot, lambda: body.scroll_y == 0)
        await pilot.press("end")
        await wait_until(pilot, lambda: body.scroll_y == body.max_scroll_y)
        await pilot.press("pageup")
        await wait_until(pilot, lambda: body.scroll_y < body.max_scroll_y)


async def test_the_footer_at_80_columns_shows_whole_keys_most_important_first(small_repo):
    app = start(small_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.pause(0.2)
        keys = [k for k in app.main.query(FooterKey) if not k.has_class("-command-palette")]
        shown = [k for k in keys if k.display]
        assert [k.key for k in shown[:3]] == ["question_mark", "slash", "q"]
        assert len(shown) < len(keys)  # there are more keys than 80 columns hold: the rest are left out
        assert all(not k.display for k in keys[len(shown):])  # in order: none after the first left out
        for k in shown:  # each one whole inside the footer
            assert k.region.right <= app.size.width and k.region.width == k.render().cell_len, k.key
        palette = next(k for k in app.main.query(FooterKey) if k.has_class("-command-palette"))
        assert all(k.region.right <= palette.region.x for k in shown)


async def test_the_footer_shows_more_keys_when_the_terminal_grows_and_fewer_when_it_shrinks(small_repo):
    """The footer builds only the keys that can fit (each costs a style pass at start-up), so a
    wider terminal must build the rest: they show, whole, and a narrower one hides them again."""
    app = start(small_repo)
    async with app.run_test(size=(80, 24)) as pilot:
        await loaded(app, pilot)
        await pilot.pause(0.2)

        def shown() -> list[str]:
            return [k.key for k in app.main.query(FooterKey) if k.display and not k.has_class("-command-palette")]

        narrow = shown()
        await pilot.resize_terminal(240, 24)
        await wait_until(pilot, lambda: len(shown()) > len(narrow))
        wide = shown()
        assert wide[:len(narrow)] == narrow  # the same order, more of it
        for k in app.main.query(FooterKey):
            if k.display and not k.has_class("-command-palette"):
                assert k.region.right <= 240 and k.region.width == k.render().cell_len, k.key
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: shown() == narrow)
