"""The app under `make bench`, headless (Textual's run_test: the app's own work, not a terminal's).

    python -m bench.app first ROOT    # seconds from process start to the first screen with data
    python -m bench.app keys ROOT     # latencies of tree moves, search, edit, undo and save

Each latency runs from the key press until the screen is redrawn for the last time before the app
is idle again: the key's handler, every worker it started (an edit, a save, a search) and the
refresh after them. The moment of each redraw is taken where Textual hands the composed update to
the terminal (`App._display`). Pilot's own waits are not in it: `pilot.press` and `pilot.pause`
detect idleness by sleeping in 20 ms slices until a slice passes without work, which adds
~90 ms to every key, even one that does nothing (measured in the same session as `noop`). Those
Pilot wall times and the CPU time of each key are kept beside it (`…_pilot`, `…_cpu`).
Printed as one JSON line.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import sys
import time
from pathlib import Path

START = float(os.environ.get("BENCH_T0") or time.time())  # the parent's clock when it started us


async def _until(pred, timeout: float = 900.0, step: float = 0.002) -> None:
    t0 = time.perf_counter()
    while not pred():
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError("the app did not get there")
        await asyncio.sleep(step)


async def _idle(app, pilot) -> None:
    """Until every worker is done and the screen has been refreshed after them."""
    await pilot.pause()
    while any(w.is_running for w in app.workers):  # (a cancelled worker is done too)
        await asyncio.sleep(0.002)
        await pilot.pause()
    await pilot.pause()


def _p95(xs: list[float]) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(0.95 * (len(xs) - 1))))] if xs else float("nan")


def _stats(xs: list[float]) -> dict:
    return {"median": statistics.median(xs), "min": min(xs), "p95": _p95(xs), "n": len(xs)} if xs else {}


def _redraws(app, clock) -> list[float]:
    """The moments (by `clock`) at which the app hands a composed update to the terminal, from now
    on: Textual's `App._display`, wrapped."""
    redraws: list[float] = []
    display = app._display

    def recorded(screen, renderable):
        display(screen, renderable)
        if renderable is not None and not app._batch_count:
            redraws.append(clock())

    app._display = recorded
    return redraws


async def first(root: Path) -> dict:
    from verksam.app.app import VerksamApp

    app = VerksamApp(root, poll_interval=0)
    redraws = _redraws(app, time.time)
    async with app.run_test(size=(80, 24)) as pilot:
        # the first screen: the place's view mounted with its data, and then drawn. (Pilot's
        # pause is not waited for here: its idle check counts every thread's CPU, so it waited
        # for the background reader and the first summary too, long after the screen was drawn.)
        await _until(lambda: app.main.loaded is not None and app.main.current is not None
                     and bool(app.main.detail_text().strip()), step=0.001)
        mounted = time.time()
        await _until(lambda: bool(redraws) and redraws[-1] >= mounted, step=0.001)
        shown = next(t for t in redraws if t >= mounted) - START
        await _idle(app, pilot)
        return {"first_screen_s": shown, "idle_s": time.time() - START}


async def keys(root: Path) -> dict:
    import resource

    from verksam.app.app import VerksamApp

    out: dict = {}
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await _until(lambda: app.main.loaded is not None)
        await _idle(app, pilot)
        out["loaded_s"] = time.time() - START

        redraws = _redraws(app, time.perf_counter)
        import gc

        pauses: list[tuple[int, float]] = []  # (generation, seconds) of each collection in the session
        began: list[float] = [0.0]

        def collector(phase, info):
            if phase == "start":
                began[0] = time.perf_counter()
            else:
                pauses.append((info["generation"], time.perf_counter() - began[0]))

        gc.callbacks.append(collector)
        async def settle() -> None:
            """Until 150 ms pass without a redraw: work a key deferred (a timer, a debounce) is
            redrawn within its own key's time, never taken for the next key's."""
            for _ in range(20):  # (3 s at most: something redrawing forever is not waited for)
                k = len(redraws)
                await asyncio.sleep(0.15)
                await _idle(app, pilot)
                if len(redraws) == k:
                    return

        pilot_wall: dict[str, list[float]] = {}
        cpu: dict[str, list[float]] = {}

        async def timed(*ks: str, then=None, name: str = "") -> float:
            n = len(redraws)
            c0, t0 = time.process_time(), time.perf_counter()
            await pilot.press(*ks)
            if then is not None:
                await _until(then, timeout=120)
            await _idle(app, pilot)
            wall = time.perf_counter() - t0
            await settle()
            pilot_wall.setdefault(name, []).append(wall)
            cpu.setdefault(name, []).append(time.process_time() - c0)
            return redraws[-1] - t0 if len(redraws) > n else wall  # (nothing redrawn: until idle)

        noop = [await timed("f20", name="noop") for _ in range(8)]  # a key bound to nothing
        out["noop"] = _stats(noop)
        moves = [await timed(k, name="tree_move") for k in ["down"] * 25 + ["enter"] + ["down"] * 15 + ["up"] * 10]
        out["tree_move"] = _stats(moves)
        out["tree_move_across"] = _stats(moves[:25])  # down the list of municipalities (some not read yet)
        out["tree_move_within"] = _stats(moves[26:])  # inside the municipality opened (read)
        # search: the time per typed character in the search screen (the input's blinking cursor,
        # a redraw every half second of its own, is stopped so that it is not taken for the hits')
        await pilot.press("slash")
        await _idle(app, pilot)
        from textual.widgets import Input

        for w in app.screen.query(Input):
            w.cursor_blink = False
        out["search_char"] = _stats([await timed(c, name="search_char") for c in "trygghet"])
        await pilot.press("escape")
        await _idle(app, pilot)
        # browsing: the latest follow-up of ten municipalities, opened one after another
        from verksam.service.nav import Ref

        opened = []
        for mid in _municipalities(root)[:10]:
            ref = Ref("document", mid, "ks", 2025, "followup", "2025-12")
            n, t0 = len(redraws), time.perf_counter()
            app.main.jump(ref)
            await _idle(app, pilot)
            await settle()
            opened.append(redraws[-1] - t0 if len(redraws) > n else time.perf_counter() - t0)
        out["open_municipality"] = _stats(opened)
        out["rss_mb_after_browsing"] = _rss_mb()
        out["peak_mb_after_browsing"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        # an edit (next status of an item), its undo, its redo, and a save with its commit

        item = _first_item(app)
        if item is None:
            out["edit"] = {"error": "no item to edit"}
            return out
        app.main.jump(item)
        await _idle(app, pilot)
        edits, undos = [], []
        for _ in range(10):
            n = len(app.service.session.changes)
            edits.append(await timed("s", then=lambda: len(app.service.session.changes) == n + 1, name="edit"))
            undos.append(await timed("ctrl+z", then=lambda: len(app.service.session.changes) == n, name="undo"))
        out["edit"] = _stats(edits)
        out["undo"] = _stats(undos)
        for name in pilot_wall:
            out[f"{name}_pilot"] = _stats(pilot_wall[name])
            out[f"{name}_cpu"] = _stats(cpu[name])
        saves = []
        for _ in range(3):  # an edit, then Ctrl+s and Enter: validate, write, commit, until redrawn
            n = len(app.service.session.changes)
            await timed("s", then=lambda: len(app.service.session.changes) == n + 1)
            k, t0 = len(redraws), time.perf_counter()
            await pilot.press("ctrl+s")
            await _until(lambda: type(app.screen).__name__ == "ReasonScreen", timeout=60)
            await pilot.press("enter")
            await _until(lambda: not app.service.dirty, timeout=300)
            await _idle(app, pilot)
            await settle()
            saves.append(redraws[-1] - t0 if len(redraws) > k else time.perf_counter() - t0)
        out["save"] = _stats(saves)
        full = [d for g, d in pauses if g == 2]
        out["gc"] = {"collections": len(pauses), "full": len(full), "full_s_total": sum(full),
                     "full_s_max": max(full, default=0.0), "s_total": sum(d for _, d in pauses)}
        out["rss_mb_after_editing"] = _rss_mb()
        out["peak_mb_after_editing"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _rss_mb() -> float:
    """Resident memory now (not the peak): VmRSS of /proc/self/status."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _municipalities(root: Path) -> list[str]:
    """The generated repository's municipalities, spread over the whole list (not only the first)."""
    names = sorted(p.name for p in (root / "plans").iterdir() if (p / "municipality.toml").exists())
    step = max(1, len(names) // 10)
    return names[::step]


def _first_item(app):
    """A place in the tree with an uppdrag of the latest follow-up of the first municipality."""
    from verksam.service.nav import Ref

    ws = app.main.loaded.workspace
    for mid, m in sorted(ws.municipalities.items()):
        docs = [d for d in m.documents if d.kind == "followup" and d.items]
        if docs:
            d = sorted(docs, key=lambda d: d.period)[-1]
            return Ref("item", mid, d.board, int(d.period[:4]), d.kind, d.period, d.items[0].id)
    return None


if __name__ == "__main__":
    what, root = sys.argv[1], Path(sys.argv[2])
    fn = {"first": first, "keys": keys}[what]
    print(json.dumps(asyncio.run(fn(root)), default=str))
