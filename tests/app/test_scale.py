"""The app on a repository of many municipalities (Pilot, real files): the tree comes from the
layout and each municipality.toml, a municipality's documents are read when it is opened or by
the background reader, an edit rebuilds only its municipality, and the change poll sees a file
changed on disk. No timings here (those are `make bench`): what is read and what is rebuilt is
observed through the files and the objects themselves."""

from __future__ import annotations

import shutil

import pytest

from tests.conftest import commit_all, init_git
from verksam.app.app import VerksamApp
from verksam.service.nav import Ref
from verksam.service.workspace import PlanService

from .conftest import NAMES, wait_loaded, wait_until

def break_file(root, mid: str) -> str:
    rel = f"plans/{mid}/ks/2025/budget.toml"
    (root / rel).write_text("kind = \"budget\"\nthis is = not [ toml\n", encoding="utf-8")
    return rel


def problem_files(app) -> set[str]:
    return {p.file for p in app.main.loaded.problems}


async def test_a_municipality_is_read_when_opened_not_before(many):
    broken = break_file(many, "dal")
    app = VerksamApp(many, poll_interval=0, eager=1, background=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        loaded = app.main.loaded
        # the first screen: the first municipality in the tree (Bro) read, the others known by name only
        assert list(loaded.workspace.municipalities) == ["bro"]
        assert [h.name for h in loaded.pending.values()] == ["Cala", "Dal", "Ek", "Åby"]
        assert app.main.current is not None and app.main.current.muni == "bro"
        assert broken not in problem_files(app)  # Dal's broken file is not read yet
        assert "1 av 5 kommuner lästa" in str(app.main.query_one("#where").render())
        tree = app.main.query_one("#nav")
        assert all(tree.has(Ref("municipality", mid)) for mid in NAMES)  # from the layout
        # opening Dal in the tree reads it (in a worker); its problem appears, the others stay unread
        app.main.jump(Ref("municipality", "dal"))
        await pilot.press("right")
        await wait_until(pilot, lambda: "dal" in app.main.loaded.workspace.municipalities)
        await wait_until(pilot, lambda: broken in problem_files(app))
        assert set(app.main.loaded.workspace.municipalities) == {"bro", "dal"}
        await wait_until(pilot, lambda: tree.has(Ref("board", "dal", "ks")))  # its branch is built


async def test_the_background_reader_reads_every_municipality(many):
    broken = break_file(many, "ek")
    app = VerksamApp(many, poll_interval=0, eager=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)  # app.fully_read: every municipality read and shown
        assert app.main.loaded.complete
        assert set(app.main.loaded.workspace.municipalities) == set(NAMES)
        assert broken in problem_files(app)
        assert "kommuner lästa" not in str(app.main.query_one("#where").render())
        # search covers every municipality now
        assert {e.ref.muni for e in app.main.loaded.index} == set(NAMES)


async def test_the_background_reader_stops_at_its_limit_and_ctrl_r_reads_the_rest(many, monkeypatch):
    monkeypatch.setenv("VERKSAM_READ_AHEAD", "2")
    app = VerksamApp(many, poll_interval=0, eager=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)  # the first municipality and the two nearest, then it stops
        assert app.ahead_done and not app.main.loaded.complete
        assert set(app.main.loaded.workspace.municipalities) == {"bro", "cala", "dal"}
        where = str(app.main.query_one("#where").render())
        assert "3 av 5 kommuner lästa" in where and "(Ctrl+r läser resten)" in where
        # opening another municipality reads it, but the reader, started again, reads no more:
        # the limit is the session's (else every opened municipality would bring eight more)
        app.main.jump(Ref("municipality", "ek"))
        await pilot.press("right")
        await wait_until(pilot, lambda: "ek" in app.main.loaded.workspace.municipalities)
        await wait_loaded(app, pilot)
        assert set(app.main.loaded.workspace.municipalities) == {"bro", "cala", "dal", "ek"}
        assert app.ahead_done
        await pilot.press("ctrl+r")  # read_all: every municipality, and the note goes
        await wait_until(pilot, lambda: app.main.loaded.complete)
        await wait_until(pilot, lambda: "kommuner lästa" not in str(app.main.query_one("#where").render()))
        assert set(app.main.loaded.workspace.municipalities) == set(NAMES)


def test_read_ahead_from_the_environment():
    from verksam.service.workspace import READ_AHEAD, read_ahead_from_env

    assert read_ahead_from_env({}) == READ_AHEAD
    assert read_ahead_from_env({"VERKSAM_READ_AHEAD": "3"}) == 3
    assert read_ahead_from_env({"VERKSAM_READ_AHEAD": "alla"}) is None
    assert read_ahead_from_env({"VERKSAM_READ_AHEAD": "-4"}) == 0
    assert read_ahead_from_env({"VERKSAM_READ_AHEAD": "many"}) == READ_AHEAD


async def test_an_edit_rebuilds_only_its_municipality(many):
    init_git(many)
    commit_all(many, "start")
    app = VerksamApp(many, poll_interval=0, eager=1)
    app.show_last_set = False
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        before = dict(app.main.loaded.workspace.municipalities)
        index_before = {id(e) for e in app.main.loaded.index if e.ref.muni != "cala"}
        reads = app.service.reads
        ref = Ref("item", "cala", "ks", 2025, "followup", "2025-04", "belysning")
        app.main.jump(ref)
        await pilot.pause()
        assert app.main.current == ref
        n = len(app.service.session.changes)
        await pilot.press("s")  # the next status
        await wait_until(pilot, lambda: len(app.service.session.changes) == n + 1)
        await wait_until(pilot, lambda: app.main.loaded.workspace.municipalities["cala"] is not before["cala"])
        after = app.main.loaded.workspace.municipalities
        assert all(after[mid] is before[mid] for mid in NAMES if mid != "cala")
        assert {id(e) for e in app.main.loaded.index if e.ref.muni != "cala"} == index_before
        # at most Cala's own files are read again (their parsed data was let go once built)
        assert app.service.reads - reads <= len(list((many / "plans" / "cala").rglob("*.toml")))
        assert app.main.current == ref
        await pilot.press("ctrl+z")
        await wait_until(pilot, lambda: len(app.service.session.changes) == n)
        after = app.main.loaded.workspace.municipalities
        assert all(after[mid] is before[mid] for mid in NAMES if mid != "cala")


async def test_the_change_poll_sees_a_file_changed_on_disk(many):
    app = VerksamApp(many, poll_interval=0.1, eager=1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        before = dict(app.main.loaded.workspace.municipalities)
        rel = "plans/ek/ks/2025/followup/2025-04.toml"
        text = (many / rel).read_text(encoding="utf-8")
        assert 'title = "Bättre belysning' in text
        (many / rel).write_text(text.replace('title = "Bättre belysning', 'title = "Ändrad belysning'), encoding="utf-8")
        await wait_until(pilot, lambda: app.main.loaded.workspace.municipalities["ek"] is not before["ek"], timeout=30)
        doc = app.main.loaded.workspace.municipalities["ek"].document("ks", "followup", "2025-04")
        assert doc.item("belysning").title.startswith("Ändrad belysning")
        assert all(app.main.loaded.workspace.municipalities[m] is before[m] for m in NAMES if m != "ek")
        # a new municipality folder shows in the tree (the layout is listed at each poll)
        shutil.copytree(many / "plans" / "bro", many / "plans" / "fors")
        await wait_until(pilot, lambda: "fors" in app.main.loaded.pending
                         or "fors" in app.main.loaded.workspace.municipalities, timeout=30)


def test_the_service_reads_a_large_repository_a_municipality_at_a_time(many):
    svc = PlanService(many, eager=1)
    loaded = svc.load()
    assert list(loaded.workspace.municipalities) == ["bro"] and not loaded.complete
    files_per_municipality = svc.reads
    assert svc.unread() == ["cala", "dal", "ek", "aby"]
    more = svc.read_municipalities(["ek"])
    assert set(more.workspace.municipalities) == {"bro", "ek"} and more.read == ["ek"]
    assert svc.reads == 2 * files_per_municipality
    assert svc.read_municipalities(["ek"]) is None  # read already
    # a reload reads nothing that did not change
    svc.load()
    assert svc.reads == 2 * files_per_municipality


async def test_search_lays_out_a_page_of_hits_and_more_as_the_cursor_goes_down(many):
    """Laying out hundreds of two-line hits cost more than searching: a page is shown, the count
    says how many there are, and going down past the last adds the next page in the same order."""
    from textual.widgets import OptionList

    from verksam.app.screens.search import PAGE, SearchScreen
    from verksam.service.nav import search

    app = VerksamApp(many, poll_interval=0, eager=5)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("slash", "e")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        every, total = search(app.main.loaded.index, "e", 10_000)
        assert total > 2 * PAGE and len(screen.hits) == PAGE
        assert screen.hits == every[:PAGE]
        assert f"{total} träffar, de {PAGE} bästa visas" in str(screen.query_one("#search-count").render())
        await pilot.press(*["pagedown"] * ((PAGE - 1) // 10), *["down"] * ((PAGE - 1) % 10))  # to the last shown
        await pilot.pause()
        assert screen.query_one(OptionList).highlighted == PAGE - 1 and len(screen.hits) == PAGE
        await pilot.press("down")
        await pilot.pause()
        assert screen.hits == every[:2 * PAGE] and screen.query_one(OptionList).highlighted == PAGE
        assert screen.query_one(OptionList).option_count == 2 * PAGE
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.current == every[PAGE].ref


def test_a_hit_in_the_title_ranks_before_one_elsewhere():
    from verksam.model.entities import Municipality  # noqa: F401  (the model the index is built from)
    from verksam.service.nav import SearchEntry, _entry, search

    a = _entry(Ref("item", "m", id="a"), "Uppdrag", "Budget för skolan", "x", "ekonomi")
    b = _entry(Ref("item", "m", id="b"), "Uppdrag", "Skolans lokaler", "x", "budget i text")
    c = _entry(Ref("item", "m", id="budget"), "Uppdrag", "Något helt annat och långt", "x", "budget")
    assert isinstance(a, SearchEntry) and a.hay.startswith("budget för skolan")
    hits, n = search([b, c, a], "budget")
    assert n == 3 and [h.ref.id for h in hits] == ["a", "budget", "b"]


async def test_the_collector_sweeps_once_after_a_batch_of_reads(many):
    """After reads the app collects the young garbage once and freezes what is alive, so that
    later collections scan only what a screen makes; every eighth sweep is a full one, which
    collects the garbage among frozen objects too (not lost)."""
    import gc

    from verksam.service.collector import FULL_EVERY, Collector

    app = VerksamApp(many, poll_interval=0, eager=1)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_loaded(app, pilot)  # the first load and the background reader's batches
            await wait_until(pilot, lambda: app.collector.sweeps >= 1 and app._sweep_timer is None)
            assert gc.get_freeze_count() > 0
            # reads that come close together are one sweep, not one each
            sweeps = app.collector.sweeps
            for _ in range(5):
                app.sweep_soon(delay=0.2)
            await wait_until(pilot, lambda: app._sweep_timer is None)
            assert app.collector.sweeps == sweeps + 1
    finally:
        gc.unfreeze()

    class Node:
        pass

    c = Collector()
    try:
        a, b = Node(), Node()
        a.other, b.other = b, a
        gc.freeze()
        del a, b
        freed = [c.sweep() for _ in range(FULL_EVERY)]
        assert c.full == 1 and freed[-1] >= 2  # the two frozen nodes (and their dicts): the full sweep
        a, b = Node(), Node()
        a.other, b.other = b, a
        gc.freeze()
        del a, b
        assert c.sweep(full=True) >= 2 and c.full == 2
    finally:
        gc.unfreeze()
