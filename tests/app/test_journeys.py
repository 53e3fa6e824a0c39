"""The journeys of the issue, by keyboard: find with `/`, switch plan ↔ follow-up keeping the
place, filter to a unit, open the risk matrix; and help, palette, back, reload, broken files."""

from __future__ import annotations

from textual.command import CommandPalette
from textual.widgets import Input, Select

from verksam.app.app import VerksamApp
from verksam.service.nav import Ref, find_document, document_outline
from verksam.app.screens.filter import FilterScreen
from verksam.app.screens.help import HelpScreen
from verksam.app.screens.search import SearchScreen
from verksam.app.widgets.nav_tree import NavTree
from verksam.app.widgets.risk_matrix import RiskMatrix

from .conftest import wait_loaded, wait_until

D = ("test", "ks", 2025)


def ref(kind: str, doc=("followup", "2025-04"), id: str = "") -> Ref:
    return Ref(kind, *D, doc[0], doc[1], id)


PLAN = ("plan", "2025")


def tree_items(app, doc: Ref) -> set[str]:
    """The ids of the items in a document's subtree, as the tree shows them now."""
    tree = app.main.query_one(NavTree)
    node = tree.node_for(doc)
    tree.populate(node)  # a document's subtree is built when first opened
    out = set()

    def walk(n):
        for c in n.children:
            if c.data is not None and c.data.kind == "item":
                out.add(c.data.id)
            walk(c)

    walk(node)
    return out


async def test_search_with_slash_and_enter_jumps_to_the_item(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        start = app.main.current
        await pilot.press("slash")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await pilot.press(*"kameror")
        await pilot.pause()
        assert app.screen.hits and app.screen.hits[0].ref.id == "kameror"
        # search by responsible unit name, too
        app.screen.query_one(Input).value = "ekonomiavdelningen kassan"
        await pilot.pause()
        assert {h.ref.id for h in app.screen.hits} == {"granska-kassan"}
        await pilot.press("down", "enter")
        await pilot.pause()
        assert not isinstance(app.screen, SearchScreen)
        assert app.main.current.kind == "item" and app.main.current.id == "granska-kassan"
        assert app.main.query_one(NavTree).current == app.main.current  # the tree follows
        # Escape goes back to where we were
        await pilot.press("escape")
        await pilot.pause()
        assert app.main.current == start


async def test_search_escape_closes_without_moving(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        start = app.main.current
        await pilot.press("slash", *"zzz", "escape")
        await pilot.pause()
        assert app.main.current == start and not isinstance(app.screen, SearchScreen)


async def test_switch_plan_and_followup_keeps_the_place(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(ref("item", PLAN, "kameror"))
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert app.main.current == ref("item", id="kameror")
        assert "Avvikelse från plan" in app.main.detail_text()
        assert "Uppföljning per april 2025" in str(app.main.query_one("#where").render())
        await pilot.press("v")
        await pilot.pause()
        assert app.main.current == ref("item", PLAN, "kameror")
        await pilot.press("V")
        await pilot.pause()
        assert app.main.current == ref("item", id="kameror")
        # a goal keeps its place too
        app.main.jump(ref("goal", id="im-2025-2-1"))
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert app.main.current == ref("goal", PLAN, "im-2025-2-1")


async def test_switch_falls_back_to_the_goal_when_the_item_is_missing(small_repo):
    f = small_repo / "plans/test/ks/2025/plan.toml"
    f.write_text(f.read_text(encoding="utf-8") + '''
[[items]]
id = "bara-i-planen"
kind = "uppdrag"
goal = "im-2025-2-1"
title = "Bara i planen"
''', encoding="utf-8")
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(ref("item", PLAN, "bara-i-planen"))
        await pilot.pause()
        await pilot.press("v")
        await pilot.pause()
        assert app.main.current == ref("goal", id="im-2025-2-1")


async def test_filter_to_a_unit_then_my_unit_toggle(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_loaded(app, pilot)
        fu = ref("document")
        app.main.jump(fu)
        await pilot.pause()
        assert tree_items(app, fu) == {"granska-kassan", "kassa-atgard", "kameror", "belysning"}
        await pilot.press("u")  # no unit chosen yet: opens the filter dialog
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        app.screen.unit = "stab"
        await pilot.pause()
        await pilot.click("#filter-apply")
        await pilot.pause()
        assert not isinstance(app.screen, FilterScreen)
        assert app.main.filters.unit == "stab"
        assert tree_items(app, fu) == {"kameror", "belysning"}
        assert "enhet Stab [enheten]" in str(app.main.query_one("#where").render())
        assert "2 uppdrag/initiativ/åtgärder matchar" in app.main.detail_text()
        await pilot.press("u")  # off
        await pilot.pause()
        assert tree_items(app, fu) == {"granska-kassan", "kassa-atgard", "kameror", "belysning"}
        await pilot.press("u")  # on again: my unit is remembered
        await pilot.pause()
        assert tree_items(app, fu) == {"kameror", "belysning"}
        await pilot.press("x")
        await pilot.pause()
        assert not app.main.filters.active


async def test_filter_by_keyboard_in_the_dialog(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("f")
        await pilot.pause()
        assert isinstance(app.screen, FilterScreen)
        # Tab to the status select, open it, choose "Ej påbörjad", Tab to the checkboxes, Enter on apply
        await pilot.press("tab", "enter")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.screen.query_one("#filter-status", Select).value == "Ej påbörjad"
        await pilot.press("tab", "tab", "tab", "enter")
        await pilot.pause()
        assert app.main.filters.status == "Ej påbörjad"
        assert tree_items(app, ref("document")) == {"belysning"}
        assert tree_items(app, ref("document", PLAN)) == set()


async def test_only_deviations_and_no_update(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        fu = ref("document")
        app.main.jump(fu)
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert tree_items(app, fu) == {"kameror"}
        assert "avvikelser" in str(app.main.query_one("#where").render())
        await pilot.press("d", "n")
        await pilot.pause()
        # no comment dated in 2025 up to the end of April, or no status
        assert tree_items(app, fu) == {"belysning", "kassa-atgard", "granska-kassan"}


async def test_open_the_risk_matrix(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("m")
        await pilot.pause()
        assert app.main.current == ref("matrix", ("controls", "2025"))
        assert app.main.query_one(RiskMatrix).query_one("#rm-4-4").has_class("rm-critical")


async def test_help_screen_lists_every_command(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = [k for k, _ in app.screen.rows]
        for k in ("?, F1", "/", "v", "V", "f", "u", "d", "n", "x", "o", "m", "p", "r", "Esc", "q", "Ctrl+p"):
            assert k in keys, k
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_footer_shows_the_main_bindings(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        shown = {b.description for _, b, enabled, _ in app.main.active_bindings.values() if b.show}
        assert {"Hjälp", "Sök", "Växla", "Filter", "Tillbaka", "Avsluta"} <= shown


async def test_palette_finds_items_and_commands(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"belysning")
        await pilot.pause(0.25)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main.current is not None and app.main.current.id == "belysning")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"riskmatris")
        await pilot.pause(0.25)
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.main.current is not None and app.main.current.kind == "matrix")


async def test_files_changed_on_disk_are_reloaded_keeping_the_place(small_repo):
    app = VerksamApp(small_repo, poll_interval=0.1)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(ref("item", id="belysning"))
        await pilot.pause()
        f = small_repo / "plans/test/ks/2025/followup/2025-04.toml"
        f.write_text(f.read_text(encoding="utf-8").replace('title = "Bättre belysning"', 'title = "Ännu bättre belysning"'),
                     encoding="utf-8")
        await wait_until(pilot, lambda: app.loads >= 2)
        assert app.main.current == ref("item", id="belysning")
        assert "Ännu bättre belysning" in app.main.detail_text()


async def test_a_broken_file_is_a_problem_and_the_rest_works(small_repo):
    (small_repo / "plans/test/ks/2025/budget.toml").write_text('kind = "budget"\nperiod = "2025\n[[tables]\n', encoding="utf-8")
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        errors = [p for p in app.main.ctx.problems if p.severity == "error"]
        assert any(p.file.endswith("budget.toml") for p in errors)
        assert "1 fel" in str(app.main.query_one("#where").render()) or "fel" in str(app.main.query_one("#where").render())
        app.main.jump(ref("goal", id="im-2025-1-1"))
        await pilot.pause()
        assert "Budgetföljsamhet [%]" in app.main.detail_text()
        await pilot.press("p")
        await pilot.pause()
        assert "budget.toml" in app.main.detail_text()


async def test_a_folder_without_plans_says_so(tmp_path):
    app = VerksamApp(tmp_path, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        assert app.main.loaded is None
        assert app.is_running


async def test_english_interface(small_repo):
    app = VerksamApp(small_repo, lang="en", poll_interval=0)
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_loaded(app, pilot)
            header = str(app.main.query_one("#where").render())
            assert "Operational plan 2025" in header
            shown = {b.description for _, b, enabled, _ in app.main.active_bindings.values() if b.show}
            assert {"Help", "Search", "Switch", "Quit"} <= shown
            app.main.jump(ref("document"))
            await pilot.pause()
            assert "■ Deviating" in app.main.detail_text() and "Follow-up April 2025" in app.main.detail_text()
    finally:
        from verksam.text import set_language

        set_language("sv")


async def test_q_quits(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_arrows_j_k_and_enter_in_the_tree(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        tree = app.main.query_one(NavTree)
        assert tree.has_focus
        first = app.main.current
        await pilot.press("j")
        await wait_until(pilot, lambda: app.main.current != first)  # moving shows the place
        await pilot.press("k")
        await wait_until(pilot, lambda: app.main.current == first)
        await pilot.press("enter")  # opens the document's subtree
        await pilot.pause()
        assert tree.cursor_node.is_expanded
        await pilot.press("j")
        await wait_until(pilot, lambda: app.main.current.kind == "area")
        await pilot.press("tab")
        await pilot.pause()
        assert not tree.has_focus
        await pilot.press("escape")  # back to the tree
        await pilot.pause()
        assert tree.has_focus


async def test_80x24_everything_fits(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        tree = app.main.query_one(NavTree)
        detail = app.main.query_one(".detail")
        assert tree.size.width >= 24 and detail.size.width >= 40
        assert app.main.query_one("#where").size.height == 2
        for r in (ref("document"), ref("goal", id="im-2025-1-1"), ref("item", id="granska-kassan"),
                  ref("matrix", ("controls", "2025")), ref("table", id="ekonomi-per-avdelning"), Ref("problems")):
            app.main.jump(r)
            await pilot.pause()
            assert app.main.current == r
        strips = app.screen._compositor.render_strips()
        lines = ["".join(seg.text for seg in s) for s in strips]
        assert len(lines) == 24 and all(len(line) <= 80 for line in lines)
        assert "Hjälp" in lines[-1] and "Avsluta" in lines[-1]


async def test_a_filter_that_hides_the_place_keeps_you_nearby(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 34)) as pilot:
        await wait_loaded(app, pilot)
        start = ref("item", id="kameror")
        app.main.jump(start)
        await pilot.pause()
        for key in ("n", "d"):  # filters that may hide the item, its goal and its area
            await pilot.press(key)
            await pilot.pause()
            cur = app.main.current
            assert cur is not None and cur.kind != "problems"
            assert cur.muni == start.muni and cur.board == start.board


async def test_hiding_the_tree_gives_tables_the_width(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        tree = app.main.query_one(NavTree)
        host = app.main.query_one("#detail-host")
        narrow = host.size.width
        await pilot.press("t")
        await pilot.pause()
        assert not tree.display and host.size.width > narrow + 20
        await pilot.press("t")
        await pilot.pause()
        assert tree.display and tree.has_focus
