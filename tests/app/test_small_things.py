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
