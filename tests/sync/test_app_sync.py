"""The app with colleagues: a quiet background fetch tells who changed what, S syncs and the views
show the merged data, a conflict opens the conflict screen whose choice finishes the sync."""

from __future__ import annotations

from tests.app.conftest import wait_loaded, wait_until
from tests.conftest import git
from tests.sync.conftest import item, set_value
from verksam.app.app import VerksamApp


def notes(app) -> list[str]:
    return list(getattr(app, "told", []))


def status_shown(app, iid: str) -> str:
    m = app.main.loaded.workspace.municipalities["test"]
    doc = next(d for d in m.documents if d.kind == "plan")
    return next(i for i in doc.items if i.id == iid).status


async def test_background_fetch_tells_who_changed_what_and_s_syncs(team):
    anna, bertil = team["anna"], team["bertil"]
    app = VerksamApp(anna, poll_interval=0, fetch_interval=0.2)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        set_value(bertil, "items.trygghet.status", "Påbörjad")
        assert git(bertil, "push", "-q", "origin", "main") == ""
        await wait_until(pilot, lambda: any("ny ändring från en kollega" in n for n in notes(app)), timeout=180)
        note = next(n for n in notes(app) if "kollega" in n)
        assert "Bertil Berg" in note and "Trygghetskameror status Ej påbörjad → Påbörjad" in note
        assert "Tryck S" in note
        assert status_shown(app, "trygghet") == "Ej påbörjad"  # a fetch changes nothing here
        await pilot.press("S")
        await wait_until(pilot, lambda: status_shown(app, "trygghet") == "Påbörjad", timeout=180)
        assert any("Hämtade 1 ändringar" in n for n in notes(app))
        assert git(anna, "rev-parse", "HEAD") == git(bertil, "rev-parse", "HEAD")


async def test_a_sync_conflict_opens_the_conflict_screen_and_the_choice_is_merged_and_pushed(team):
    from verksam.app.screens.edit import ConflictScreen

    anna, bertil = team["anna"], team["bertil"]
    set_value(bertil, "items.trygghet.status", "Påbörjad")
    git(bertil, "push", "-q", "origin", "main")
    set_value(anna, "items.trygghet.status", "Avbruten")
    app = VerksamApp(anna, poll_interval=0, fetch_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("S")
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictScreen), timeout=180)
        text = app.screen.query_one("#conflicts").get_row_at(0)
        assert [str(x) for x in text[1:3]] == ["Avbruten", "Påbörjad"]
        await pilot.press("m", "enter")
        await wait_until(pilot, lambda: any("Skickade" in n for n in notes(app)), timeout=180)
        assert status_shown(app, "trygghet") == "Avbruten"
    assert git(team.remote, "rev-parse", "main") == git(anna, "rev-parse", "HEAD")
    git(bertil, "pull", "-q", "--no-edit")
    assert item(bertil, "trygghet")["status"] == "Avbruten"
    assert "'Påbörjad'" in git(anna, "log", "-1", "--format=%B")
