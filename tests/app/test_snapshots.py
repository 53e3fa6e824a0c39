"""SVG snapshots of every screen at 80×24 (what the screens are designed for) and at 160×50 (more
room used), on the small hand-made plans made a Git repository with fixed authors and dates (so
commit ids, "last set" and the history are the same on every run). Deterministic: fixed sizes,
no polling, no notifications, the data loaded and every worker done before the picture is taken;
the round's "days left" counts from a fixed day. The repository is built once for the module and
only read (no scenario saves).

To look at a screen as text: `python -m tests.app.test_snapshots item 80x24` (prints it)."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from verksam.app.app import VerksamApp
from verksam.app.screens.round import RoundScreen
from verksam.service.nav import Ref

FIXTURES = Path(__file__).resolve().parent / "fixtures"
D = ("test", "ks", 2025)
FU = Ref("document", *D, "followup", "2025-04")
FU_FILE = "plans/test/ks/2025/followup/2025-04.toml"
TODAY = dt.date(2025, 5, 5)  # the round's deadline is counted from this day

PEOPLE = """
[[people]]
id = "maria-lind"
name = "Maria Lind"
emails = ["maria.lind@test.example"]
role = "controller"
units = []
boards = ["ks"]

[[people]]
id = "erik-nord"
name = "Erik Nord"
emails = ["erik.nord@test.example"]
role = "rapportör"
units = ["ekonomi"]
boards = ["ks"]
"""

ROUND = """
[round]
deadline = 2025-05-10
instructions = "Uppdatera status och prognos för varje uppdrag. Skriv en kommentar om det avviker."

[[round.units]]
unit = "stab"
state = "Klar"
by = "maria-lind"
at = 2025-05-02
"""

# a problem of each severity, with messages long enough to need wrapping at 80 columns
PROBLEMS = """
[[items]]
id = "parkering"
kind = "uppdrag"
goal = "im-2025-2-1"
title = "Utred parkeringen vid stationen"
responsible = "parkering"
end = "2025-13-01"
status = "Kanske"
"""


def _git(root: Path, *args: str, when: str = "2025-04-01T09:00:00+02:00", who: str = "Anna Andersson",
         email: str = "anna@test.example") -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_AUTHOR_NAME=who, GIT_AUTHOR_EMAIL=email, GIT_COMMITTER_NAME=who, GIT_COMMITTER_EMAIL=email,
               GIT_AUTHOR_DATE=when, GIT_COMMITTER_DATE=when)
    return subprocess.run(["git", *args], cwd=root, env=env, check=True, capture_output=True, text=True).stdout


def build_repo(root: Path) -> Path:
    """The fixture plans with people, a round and two problems, in two commits: Anna's start
    (1 April) and Erik's April update of one uppdrag (28 April)."""
    shutil.copytree(FIXTURES / "plans", root / "plans")
    muni = root / "plans/test/municipality.toml"
    muni.write_text(muni.read_text(encoding="utf-8") + PEOPLE, encoding="utf-8")
    fu = root / FU_FILE
    final = fu.read_text(encoding="utf-8") + PROBLEMS + ROUND
    start = final.replace('status = "Påbörjad"\ncompletion = "Enligt plan"',
                          'status = "Ej påbörjad"\ncompletion = "Risk för avvikelse"', 1)
    assert start != final
    fu.write_text(start, encoding="utf-8")
    _git(root, "init", "-q", "-b", "main")
    for k, v in (("user.name", "Erik Nord"), ("user.email", "erik.nord@test.example"), ("commit.gpgsign", "false")):
        _git(root, "config", k, v)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "Startläge för 2025")
    fu.write_text(final, encoding="utf-8")
    _git(root, "commit", "-q", "-am", "Ekonomi: april", when="2025-04-28T15:30:00+02:00", who="Erik Nord",
         email="erik.nord@test.example")
    return root


@pytest.fixture(scope="module")
def snap_repo(tmp_path_factory) -> Path:
    return build_repo(tmp_path_factory.mktemp("snap") / "repo")


@pytest.fixture(autouse=True)
def _fixed_day(monkeypatch):
    monkeypatch.setattr(RoundScreen, "today", lambda self: TODAY)
    for k in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL"):
        monkeypatch.delenv(k, raising=False)


# ------------------------------------------------------------------ getting to each screen


async def until(cond, timeout: float = 60.0) -> None:
    """Until cond() holds; the timeout is wall time and a guard against a hang, not a measurement."""
    import time

    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await asyncio.sleep(0.02)


def idle(app) -> bool:
    return not any(w.is_running for w in app.workers if w.group in ("store", "blame", "summary", "report-build", "load", "default"))


async def at(app, pilot, ref: Ref) -> None:
    shown = app.main.summaries_shown
    app.main.jump(ref)
    if ref.kind == "document":  # verksam.analysis.summary's tables, added by a worker
        await until(lambda: app.main.summaries_shown > shown)
    if ref.kind in ("item", "indicator"):  # "last set" from Git, added by a worker
        await until(lambda: app.main.blamed == ref)
    await pilot.pause()


async def keys(pilot, *ks: str) -> None:
    for k in ks:
        await pilot.press(k)
    await pilot.pause()


def on_screen(app, name: str):
    async def wait():
        await until(lambda: type(app.screen).__name__ == name)
    return wait()


async def s_overview(app, pilot):
    await at(app, pilot, FU)


async def s_goal(app, pilot):
    await at(app, pilot, FU.child("goal", "im-2025-1-1"))


async def s_indicator(app, pilot):
    await at(app, pilot, FU.child("indicator", "budgetfoljsamhet"))


async def s_item(app, pilot):
    await at(app, pilot, FU.child("item", "granska-kassan"))


async def s_table(app, pilot):
    await at(app, pilot, FU.child("table", "ekonomi-per-avdelning"))


async def s_matrix(app, pilot):
    await at(app, pilot, Ref("matrix", *D, "controls", "2025"))


async def s_problems(app, pilot):
    await at(app, pilot, Ref("problems"))


async def s_help(app, pilot):
    await at(app, pilot, FU)
    await keys(pilot, "question_mark")
    await on_screen(app, "HelpScreen")


async def s_search(app, pilot):
    await at(app, pilot, FU)
    await keys(pilot, "slash")
    await on_screen(app, "SearchScreen")
    await keys(pilot, *"kassa")


async def s_filter(app, pilot):
    await at(app, pilot, FU)
    await keys(pilot, "f")
    await on_screen(app, "FilterScreen")


async def s_diff(app, pilot):
    from textual.widgets import DataTable

    await at(app, pilot, FU)
    await keys(pilot, "D")
    for value in (("period", "2025"), ("period", "2025-04")):
        await until(lambda: type(app.screen).__name__ == "TableScreen" and any(v == value for _, v in app.screen.rows))
        row = next(i for i, (_, v) in enumerate(app.screen.rows) if v == value)
        app.screen.query_one(DataTable).move_cursor(row=row)
        await keys(pilot, "enter")
    await on_screen(app, "DiffScreen")


async def s_history(app, pilot):
    await at(app, pilot, FU.child("item", "granska-kassan"))
    await keys(pilot, "H")
    await on_screen(app, "TableScreen")


async def s_round(app, pilot):
    await at(app, pilot, FU)
    await keys(pilot, "R")
    await on_screen(app, "RoundScreen")
    await keys(pilot, "a")  # every unit's items, not only Erik's


async def s_edit(app, pilot):
    await at(app, pilot, FU.child("item", "granska-kassan"))
    await keys(pilot, "e")
    await on_screen(app, "EditScreen")


async def s_report(app, pilot):
    await at(app, pilot, FU)
    await keys(pilot, "P")
    await on_screen(app, "ReportScreen")
    await until(lambda: app.screen.report is not None and idle(app))


SCENARIOS = {
    "overview": s_overview, "goal": s_goal, "indicator": s_indicator, "item": s_item, "table": s_table,
    "matrix": s_matrix, "problems": s_problems, "help": s_help, "search": s_search, "filter": s_filter,
    "diff": s_diff, "history": s_history, "round": s_round, "edit": s_edit, "report": s_report,
}
SIZES = {"80x24": (80, 24), "160x50": (160, 50)}


def app_for(root: Path, scenario: str):
    app = VerksamApp(root, poll_interval=0, fetch_interval=0)

    async def run_before(pilot) -> None:
        await until(lambda: app.main.loaded is not None)
        await pilot.pause()
        await SCENARIOS[scenario](app, pilot)
        await until(lambda: idle(app))
        app.clear_notifications()
        await pilot.pause(0.1)

    return app, run_before


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_snapshot(snap_repo, snap_compare, scenario, size):
    app, run_before = app_for(snap_repo, scenario)
    assert snap_compare(app, terminal_size=SIZES[size], run_before=run_before)


# ------------------------------------------------------------------ looking at a screen as text


def screen_text(app) -> str:
    from rich.console import Console

    console = Console(width=app.size.width, height=app.size.height, file=io.StringIO(), force_terminal=True,
                      color_system=None, record=True, legacy_windows=False, safe_box=False)
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text()


async def show(scenario: str, size: str, root: Path) -> str:
    app, run_before = app_for(root, scenario)
    async with app.run_test(size=SIZES[size]) as pilot:
        await run_before(pilot)
        return screen_text(app)


if __name__ == "__main__":  # python -m tests.app.test_snapshots SCENARIO|all [80x24|160x50]
    import sys
    import tempfile

    from verksam.text import set_language

    set_language("sv")
    os.environ["VERKSAM_KEYMAP"] = "/nonexistent-keymap.toml"
    RoundScreen.today = lambda self: TODAY  # type: ignore[method-assign]
    with tempfile.TemporaryDirectory() as tmp:
        root = build_repo(Path(tmp) / "repo")
        names = list(SCENARIOS) if sys.argv[1] == "all" else sys.argv[1].split(",")
        for size in (sys.argv[2:] or ["80x24"]):
            for name in names:
                print(f"===== {name} {size}")
                print(asyncio.run(show(name, size, root)))
