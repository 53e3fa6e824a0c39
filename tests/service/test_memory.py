"""What the service keeps in memory on a repository of many municipalities (real files): the
analysis frames of the last few municipalities only. No memory figures here (those are `make
bench`): what is kept is observed through the objects themselves."""

from __future__ import annotations


import pytest

from tests.app.conftest import NAMES, many  # noqa: F401  (many: the fixture, five municipalities)
from verksam.service import workspace as W
from verksam.service.workspace import Address, PlanService, SetValue

MIDS = ["bro", "cala", "dal", "ek"]


def test_only_the_last_municipalities_analysis_frames_are_kept(many):
    svc = PlanService(many, eager=1)
    svc.load()
    loaded = svc.read_municipalities(MIDS[1:])
    ws = loaded.workspace
    first = svc.summary(ws, "bro", "ks", "followup", "2025-04")
    assert first is not None and first["overview"].height > 0
    for mid in MIDS:
        assert svc.summary(ws, mid, "ks", "followup", "2025-04")["overview"].height > 0
    assert "bro" not in svc.frames_kept()
    again = svc.summary(ws, "bro", "ks", "followup", "2025-04")  # its frames were let go: built again, alike
    assert {k: v.to_dicts() for k, v in again.items()} == {k: v.to_dicts() for k, v in first.items()}
    svc.summary(ws, "dal", "ks", "followup", "2025-04")
    svc.summary(ws, "ek", "ks", "followup", "2025-04")
    assert svc.frames_kept() == MIDS[-W.KEEP_FRAMES:]  # the last used, not every one shown
    # shown again: the same frames (not built again), and they become the most recent
    frames = svc._analysis(ws, "dal")
    assert svc._analysis(ws, "ek") is svc._analysis(ws, "ek") and svc.frames_kept()[-1] == "ek"
    assert svc._analysis(ws, "dal") is frames


def _rows(m) -> list:
    """A municipality's content as plain values (its documents' entries, not object identities)."""
    return [repr(d) for d in m.documents] + [repr(m.indicator_defs), repr(m.goal_sets), repr(m.units)]


def test_the_least_recently_used_municipalities_rest_and_open_again_alike(many):
    svc = PlanService(many, eager=1, keep=3)
    svc.load()
    before = svc.read_municipalities(["cala", "dal"])
    assert set(before.workspace.municipalities) == {"bro", "cala", "dal"}  # within the limit plus the new
    content = {mid: _rows(m) for mid, m in before.workspace.municipalities.items()}
    index = {(e.ref, e.hay) for e in before.index}
    svc.use("bro")  # shown: bro is let go last; cala was read before dal and not shown since
    assert set(svc.read_municipalities(["ek"]).workspace.municipalities) == {"bro", "dal", "ek"}
    loaded = svc.read_municipalities(["aby"])
    assert set(loaded.workspace.municipalities) == {"bro", "ek", "aby"} and svc.resting() == ["cala", "dal"]
    # what the user sees of a resting municipality stays: its search entries, its problems, its place
    assert index <= {(e.ref, e.hay) for e in loaded.index}
    assert {"cala", "dal"} <= {e.ref.muni for e in loaded.index}
    assert set(loaded.pending) == {"cala", "dal"} and loaded.read_count == 5 and loaded.complete
    assert svc.unread() == []  # the background reader does not read the resting again
    assert "cala" not in svc.frames_kept()
    # opened again: read again, the same content
    again = svc.read_municipalities(["cala"])
    assert again.read == ["cala"] and _rows(again.workspace.municipalities["cala"]) == content["cala"]
    assert svc.resting() == ["dal", "bro"] or svc.resting() == ["bro", "dal"]
    assert "bro" in svc.resting()  # shown before ek and aby were read: the least recently used now


def test_a_municipality_with_unsaved_edits_is_never_let_go(many):
    svc = PlanService(many, eager=1, keep=1)
    svc.load()
    rel = "plans/bro/ks/2025/followup/2025-04.toml"
    item = next(d for d in svc.load().workspace.municipalities["bro"].documents if d.kind == "followup").items[0]
    svc.edit(SetValue(Address(rel, ("items", item.id, "status")), "Avbruten"))
    for mid in ["cala", "dal", "ek"]:
        loaded = svc.read_municipalities([mid])
        assert "bro" in loaded.workspace.municipalities, mid  # edited: stays whatever is read after it
        bro = loaded.workspace.municipalities["bro"]
        doc = next(d for d in bro.documents if d.kind == "followup")
        assert doc.item(item.id).status == "Avbruten"
    assert "bro" not in svc.resting() and len(svc.resting()) == 2
    svc.discard()  # no edits left: bro may rest like any other now
    svc.read_municipalities(["aby"])
    assert "bro" in svc.resting()


def test_a_resting_municipality_changed_on_disk_is_read_afresh(many):
    svc = PlanService(many, eager=1, keep=1)
    svc.load()
    svc.read_municipalities(["cala"])
    assert svc.resting() == ["bro"]
    rel = "plans/bro/ks/2025/plan.toml"
    path = many / rel
    text = path.read_text(encoding="utf-8")
    assert any(e.title == "Stickprov varje månad" for e in svc.read_municipalities(["dal"]).index if e.ref.muni == "bro")
    path.write_text(text.replace("Stickprov varje månad", "Helt ny rubrik"), encoding="utf-8")
    assert rel in svc.changed_files()  # the poll covers the resting municipalities' files too
    loaded = svc.reload_if_changed()
    assert "bro" not in svc.resting() and "bro" in svc.unread()  # its old search entries are gone
    assert not any(e.ref.muni == "bro" for e in loaded.index)
    fresh = svc.read_municipalities(["bro"])
    assert any(e.ref.muni == "bro" and e.title == "Helt ny rubrik" for e in fresh.index)
    assert svc.changed_files() == []


def test_keep_read_from_the_environment():
    assert W.keep_read_from_env({}) == W.KEEP_READ
    assert W.keep_read_from_env({"VERKSAM_KEEP_READ": "3"}) == 3
    assert W.keep_read_from_env({"VERKSAM_KEEP_READ": "all"}) is None
    assert W.keep_read_from_env({"VERKSAM_KEEP_READ": "0"}) == 1
    assert W.keep_read_from_env({"VERKSAM_KEEP_READ": "many"}) == W.KEEP_READ


async def test_the_app_opens_a_resting_municipality_again(many, monkeypatch):
    from tests.app.conftest import wait_loaded, wait_until
    from verksam.app.app import VerksamApp
    from verksam.service.nav import Ref

    monkeypatch.setenv("VERKSAM_KEEP_READ", "2")
    app = VerksamApp(many, poll_interval=0, eager=1, background=False)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        doc = Ref("document", "bro", "ks", 2025, "followup", "2025-04")
        n = app.main.summaries_shown
        app.main.jump(doc)
        await wait_loaded(app, pilot)
        await wait_until(pilot, lambda: app.main.summaries_shown == n + 1)
        shown = _texts(app)
        for mid in ["cala", "dal", "ek"]:
            app.main.jump(Ref("municipality", mid))
            await wait_until(pilot, lambda: mid in app.main.loaded.workspace.municipalities)
            await wait_loaded(app, pilot)
        assert "bro" in app.main.loaded.resting and "bro" not in app.main.loaded.workspace.municipalities
        assert "5 av 5" not in str(app.main.query_one("#where").render())  # every one read: no note
        n = app.main.summaries_shown
        app.main.jump(doc)  # opened again: read again, the same view
        await wait_until(pilot, lambda: "bro" in app.main.loaded.workspace.municipalities)
        await wait_loaded(app, pilot)
        await wait_until(pilot, lambda: app.main.summaries_shown == n + 1)  # once, with its own frames
        await wait_until(pilot, lambda: _texts(app) == shown)


def _texts(app) -> str:
    """The detail pane's text as a terminal shows it (tables drawn)."""
    import io

    from rich.console import Console
    from textual.widgets import Static

    console = Console(file=io.StringIO(), width=100, record=True)
    for w in app.main.query_one(".detail").query(Static):
        console.print(w.content)
    return console.export_text()
