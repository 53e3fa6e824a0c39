"""App timings for `make bench`: first screen on the demo workspace, keypresses at national scale.

Headless (Textual's `run_test`), so it measures the app's own work, not a terminal's drawing.
* first screen: from creating the app to the first frame with the plans shown (data loaded and
  the main screen refreshed), on the demo workspace;
* keypress: with the national repository loaded, the time from a key to the app being idle
  again (the view for the newly selected node drawn), as the median and worst of many keys.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from pathlib import Path


async def _until(pred, timeout: float = 600.0, step: float = 0.005) -> None:
    t0 = time.perf_counter()
    while not pred():
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError("the app did not get there")
        await asyncio.sleep(step)


async def _first_screen(root: Path) -> tuple[float, float]:
    """(first view mounted with the plans shown, app idle with the summaries drawn too)."""
    from verksam.app.app import VerksamApp

    t0 = time.perf_counter()
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(lambda: app.main.loaded is not None and app.main.current is not None)
        first = time.perf_counter() - t0
        await pilot.pause()
        return first, time.perf_counter() - t0


async def _keys(root: Path, keys: list[str]) -> dict:
    from verksam.app.app import VerksamApp

    t0 = time.perf_counter()
    app = VerksamApp(root, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await _until(lambda: app.main.loaded is not None)
        await pilot.pause()
        loaded = time.perf_counter() - t0
        times = []
        for key in keys:
            k0 = time.perf_counter()
            await pilot.press(key)
            await pilot.pause()
            times.append(time.perf_counter() - k0)
        return {"load_s": loaded, "median_s": statistics.median(times), "worst_s": max(times), "keys": len(keys)}


def run(root: Path) -> dict:
    from verksam.store.demo import create_demo

    with tempfile.TemporaryDirectory() as tmp:
        demo = Path(tmp) / "demo"
        create_demo(demo)
        asyncio.run(_first_screen(demo))  # warm-up: imports, CSS parsing
        runs = [asyncio.run(_first_screen(demo)) for _ in range(3)]
        first = min(r[0] for r in runs)
        idle = min(r[1] for r in runs)
    keys = ["down"] * 20 + ["enter"] + ["down"] * 10 + ["v"] + ["up"] * 10
    nat = asyncio.run(_keys(Path(root), keys))
    return {
        "first view shown, demo workspace (after imports): seconds": first,
        "app idle with summaries drawn, demo workspace: seconds": idle,
        "national repository loaded in the app: seconds": nat["load_s"],
        "keypress, national, median: seconds": nat["median_s"],
        "keypress, national, worst: seconds": nat["worst_s"],
        "keys pressed": nat["keys"],
    }
