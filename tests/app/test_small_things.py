"""Issue 14's smaller things: the unit picker narrows as you type and groups by municipality, the
Sammanställning counts what the filter shows, Esc in the tree keeps the document, a banner names a
file of the document that could not be read."""

from __future__ import annotations

from textual.widgets import Button, Input, OptionList

from verksam.app.app import VerksamApp
from verksam.app.screens.filter import FilterScreen
from verksam.app.screens.pick import PickScreen
from verksam.service.choices import fold
from verksam.service.nav import Ref

from .conftest import wait_loaded, wait_until


def test_fold_ignores_case_and_accents():
    assert fold("Näringsliv ÅÄÖ é") == "naringsliv aao e"


async def test_unit_picker_narrows_as_you_type_grouped_by_municipality(real_repo):
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterScreen))
        await pilot.press("enter")  # on the unit field: the list
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        pick = app.screen
        ol = pick.query_one(OptionList)
        prompts = [str(ol.get_option_at_index(i).prompt) for i in range(ol.option_count)]
        # a heading per municipality, not selectable, its units under it
        heads = [i for i in range(ol.option_count) if ol.get_option_at_index(i).disabled]
        assert [prompts[i] for i in heads] == ["Alingsås kommun", "Norrtälje kommun"]
        await pilot.press(*"naring")
        await pilot.pause()
        prompts = [str(ol.get_option_at_index(i).prompt).strip() for i in range(ol.option_count)]
        assert prompts == ["Norrtälje kommun", "Näringsliv- och etableringsenheten"]
        assert pick.highlighted_value == "naringsliv"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterScreen))
        assert "Näringsliv- och etableringsenheten" in str(app.screen.query_one("#filter-unit", Button).label)
        assert app.screen.focused.id == "filter-apply"
        await pilot.press("enter")
        await wait_until(pilot, lambda: not isinstance(app.screen, FilterScreen))
        assert app.main.filters.unit == "naringsliv"
        # the header names the unit, also in a municipality that has no such unit
        app.main.jump(Ref("document", "alingsas", "kommunstyrelsen", 2022, "followup", "2022-08"))
        await pilot.pause()
        where = str(app.main.query_one("#where").render())
        assert "enhet Näringsliv- och etableringsenheten" in where and "enhet naringsliv" not in where
        # and so do the document's own headings (the filtered items, the Sammanställning): they
        # name the unit through the municipality that has it
        from verksam.app.widgets.views import filter_owner

        ws = app.main.ws
        owner = filter_owner(ws, ws.municipalities["alingsas"], app.main.filters)
        assert owner.id == "norrtalje"
        assert "Näringsliv- och etableringsenheten" in app.main.filters.describe(owner)
        assert filter_owner(ws, ws.municipalities["norrtalje"], app.main.filters) is ws.municipalities["norrtalje"]


async def test_unit_picker_by_id_typing_on_the_field_and_esc_keeps_the_choice(real_repo):
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterScreen))
        await pilot.press("J")  # typing on the unit field opens the list with the letter typed
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        assert app.screen.query_one(Input).value == "J"
        await pilot.press(*"URIDIK")
        await pilot.pause()
        assert {v for v in app.screen.values if v is not None} == {"juridik", "kansli-och-juridikenheten"}
        app.screen.query_one(Input).value = "KANSLI-OCH"  # the id (the name has "Kansli- och")
        await pilot.pause()
        assert [v for v in app.screen.values if v is not None] == ["kansli-och-juridikenheten"]
        await pilot.press("escape")  # cancels: nothing chosen
        await wait_until(pilot, lambda: isinstance(app.screen, FilterScreen))
        assert app.screen.unit == ""
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PickScreen))
        await pilot.press(*"zzzq")
        await pilot.pause()
        assert app.screen.highlighted_value is None
        await pilot.press("enter")  # nothing to choose: stays
        await pilot.pause()
        assert isinstance(app.screen, PickScreen)
        await pilot.press("escape", "escape")
        await wait_until(pilot, lambda: app.screen is app.main)
        assert not app.main.filters.active


D = ("test", "ks", 2025)
FU = ("followup", "2025-04")
PLAN = ("plan", "2025")


def ref(kind: str, doc=FU, id: str = "") -> Ref:
    return Ref(kind, *D, doc[0], doc[1], id)


async def test_esc_in_the_tree_never_changes_the_document(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(ref("item", PLAN, "kameror"))
        await pilot.pause()
        await pilot.press("v")  # to the follow-up: a jump from the plan
        await wait_until(pilot, lambda: app.main.current == ref("item", id="kameror"))
        tree = app.main.query_one("#nav")
        assert tree.has_focus
        await pilot.press("escape", "escape")
        await pilot.pause(0.2)
        assert app.main.current == ref("item", id="kameror")  # still the follow-up
        # a jump inside the document: Esc goes back to it
        app.main.jump(ref("item", id="belysning"))
        await pilot.pause()
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.main.current == ref("item", id="kameror"))
        # Backspace goes back across documents, on purpose
        await pilot.press("backspace")
        await wait_until(pilot, lambda: app.main.current == ref("item", PLAN, "kameror"))
        # from the detail pane Esc only returns to the tree
        await pilot.press("tab")
        await pilot.pause()
        assert not tree.has_focus
        await pilot.press("escape")
        await pilot.pause(0.2)
        assert tree.has_focus and app.main.current == ref("item", PLAN, "kameror")


def summary_lines(app) -> list[str]:
    text = app.main.detail_text()
    start = text.index("Sammanställning av uppdrag och initiativ")
    return text[start:].splitlines()


async def test_the_sammanstallning_counts_what_the_filter_shows(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(ref("document"))
        await wait_until(pilot, lambda: "Sammanställning av uppdrag" in app.main.detail_text())
        whole = summary_lines(app)
        assert whole[0] == "Sammanställning av uppdrag och initiativ"
        assert "Totalt |  | 1 | 1 | 1 | 3" in whole
        await pilot.press("f")
        await wait_until(pilot, lambda: isinstance(app.screen, FilterScreen))
        app.screen.unit = "stab"
        app.screen.query_one("#filter-apply", Button).press()
        await wait_until(pilot, lambda: "(filter: enhet Stab [enheten])" in app.main.detail_text())
        lines = summary_lines(app)
        # the unit's name, not its id; only the unit's initiativ and uppdrag are counted
        assert lines[0] == "Sammanställning av uppdrag och initiativ (filter: enhet Stab [enheten])"
        assert "Totalt |  | 0 | 1 | 1 | 2" in lines
        assert "uppdrag | ▲ Påbörjad | 0 | 0 | 0 | 0" in lines  # granska-kassan is the economy unit's
        assert "Ofullständigt denna period (1) (filter: enhet Stab [enheten])" in lines
        assert "Stickprov varje månad" not in "\n".join(lines)
        await pilot.press("x")  # the filter off: everything counted again
        await wait_until(pilot, lambda: "Totalt |  | 1 | 1 | 1 | 3" in app.main.detail_text())
        assert "(filter:" not in app.main.detail_text()


async def test_a_broken_file_of_the_document_shown_is_named_in_a_banner(real_repo):
    from tests.conftest import commit_all, init_git

    init_git(real_repo)
    broken = "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04-ekonomi.toml"
    path = real_repo / broken
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('title = "Sammanfattning"', 'title = "Sammanfattning', 1), encoding="utf-8")
    commit_all(real_repo, "a broken file")
    fu = Ref("document", "norrtalje", "kommunstyrelsen", 2025, "followup", "2025-04")
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(fu)
        await pilot.pause()
        banner = app.main.query(".unread-banner")
        assert banner, "no banner above the document"
        said = str(banner.first().render())
        assert said == (f"Filen {broken} kunde inte läsas – delar av dokumentet saknas. Tryck p för problem.")
        # inside the document too; not in the plan, whose files are whole
        app.main.jump(fu.child("goal", "im-2025-1-1"))
        await pilot.pause()
        assert app.main.query(".unread-banner")
        app.main.jump(Ref("document", "norrtalje", "kommunstyrelsen", 2025, "plan", "2025"))
        await pilot.pause()
        assert not app.main.query(".unread-banner")
        await pilot.press("p")  # the key the banner names: the problems list, with the file
        await pilot.pause()
        assert app.main.current == Ref("problems")
        assert "2025-04-ekonomi.toml" in app.main.detail_text()


async def test_typing_fast_on_the_unit_field_goes_into_one_list(real_repo):
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("f", *"naring", "enter")  # no pauses: as fast as a person types
        await wait_until(pilot, lambda: isinstance(app.screen, FilterScreen) and app.screen.unit == "naringsliv")
        assert not any(isinstance(s, PickScreen) for s in app.screen_stack)  # one list, closed
