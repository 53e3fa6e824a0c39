"""The diff screen: compare the 2025 plan with the April report of the real plans, filter by kind
of change and by unit, and jump to an item; and two Git revisions after an edit."""

from __future__ import annotations

import subprocess

from textual.widgets import DataTable

from verksam.app.app import VerksamApp
from verksam.service.nav import Ref
from verksam.app.screens.diff import DiffScreen
from verksam.app.screens.edit import TableScreen

from .conftest import wait_loaded, wait_until

FU = Ref("document", "norrtalje", "kommunstyrelsen", 2025, "followup", "2025-04")


def pick(screen: TableScreen, value) -> int:
    return next(i for i, (_, v) in enumerate(screen.rows) if v == value)


async def choose(app, pilot, value) -> None:
    await wait_until(pilot, lambda: isinstance(app.screen, TableScreen))
    row = pick(app.screen, value)
    app.screen.query_one(DataTable).move_cursor(row=row)
    await pilot.press("enter")


async def test_plan_to_april_report_filter_and_jump(real_repo):
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(FU)
        await pilot.pause()
        await pilot.press("D")
        await choose(app, pilot, ("period", "2025"))
        await wait_until(pilot, lambda: isinstance(app.screen, TableScreen) and "från 2025" in app.screen.title_text)
        # the second picker alone (the first is gone), its column says it holds period or author
        assert sum(isinstance(s, TableScreen) for s in app.screen_stack) == 1
        assert app.screen.columns[1] == "Period / vem"
        await choose(app, pilot, ("period", "2025-04"))
        await wait_until(pilot, lambda: isinstance(app.screen, DiffScreen), timeout=15)
        screen = app.screen
        text = screen.table_text()
        # people read titles, not ids (issue 14): "senare | Upprätta och följa upp … | slutdatum"
        assert "senare | Upprätta och följa upp en k… | slutdatum" in text and "2025-03-31 → 2025-12-01" in text
        assert "klimatomstallningsplan" not in text
        assert "Låneskuld" in text and "76 207 → 67 679" in text
        total = len(screen.rows)
        await pilot.press("k")  # added
        await pilot.press("k")  # removed? only kinds present are offered
        while screen.change_filter != "later":
            await pilot.press("k")
        assert {r["id"] for r in screen.shown} == {"klimatomstallningsplan", "sommarjobb"}
        await pilot.press("u")
        assert screen.unit_filter and all(r["responsible"] == screen.unit_filter for r in screen.shown)
        while screen.unit_filter != "stab":
            await pilot.press("u")
        assert [r["id"] for r in screen.shown] == ["klimatomstallningsplan"]
        assert f"1 av {total}" in str(screen.query_one("#diff-state").render())
        detail = str(screen.query_one("#diff-detail").render())  # the selected change whole, with its id
        assert "Upprätta och följa upp en klimatomställningsplan" in detail and "(klimatomstallningsplan" in detail
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, DiffScreen))
        assert app.main.current == Ref("item", "norrtalje", "kommunstyrelsen", 2025, "followup", "2025-04",
                                       "klimatomstallningsplan")


async def test_two_revisions_show_an_edit(real_repo):
    def git(*args):
        return subprocess.run(["git", *args], cwd=real_repo, check=True, capture_output=True, text=True).stdout

    git("init", "-q", "-b", "main")
    git("config", "user.name", "Anna Andersson")
    git("config", "user.email", "anna@kommun.example")
    git("add", "-A")
    git("commit", "-q", "-m", "planerna")
    f = real_repo / "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"
    text = f.read_text(encoding="utf-8")
    start = text.index('id = "integrationsstrategin"')
    i = text.index('status = "Ej påbörjad"', start)
    f.write_text(text[:i] + 'status = "Påbörjad"' + text[i + len('status = "Ej påbörjad"'):], encoding="utf-8")
    git("commit", "-q", "-am", "integrationsstrategin påbörjad")
    old, new = git("rev-parse", "HEAD~1").strip(), git("rev-parse", "HEAD").strip()
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(140, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(FU)
        await pilot.pause()
        await pilot.press("D")
        await choose(app, pilot, ("rev", old))
        await choose(app, pilot, ("rev", new))
        await wait_until(pilot, lambda: isinstance(app.screen, DiffScreen), timeout=15)
        rows = app.screen.rows
        assert [(r["id"], r["field"], r["old"], r["new"]) for r in rows] == [
            ("integrationsstrategin", "status", "Ej påbörjad", "Påbörjad")]
