"""A few SVG snapshots of the main screens, on the small hand-made plans (deterministic:
fixed size, no polling, no notifications, data loaded before the picture is taken)."""

from __future__ import annotations

import asyncio

import pytest

from verksam.app.app import VerksamApp
from verksam.service.nav import Ref

D = ("test", "ks", 2025)


def app_at(root, ref: Ref | None, keys: tuple[str, ...] = ()):
    app = VerksamApp(root, poll_interval=0)

    async def run_before(pilot) -> None:
        for _ in range(250):
            if app.main.loaded is not None:
                break
            await asyncio.sleep(0.02)
        await pilot.pause()
        if ref is not None:
            shown = app.main.summaries_shown
            app.main.jump(ref)
            if ref.kind == "document":  # wait for verksam.analysis.summary's tables, added by a worker
                for _ in range(250):
                    if app.main.summaries_shown > shown:
                        break
                    await asyncio.sleep(0.02)
        await pilot.pause()
        for k in keys:
            await pilot.press(k)
        app.clear_notifications()
        await pilot.pause(0.1)

    return app, run_before


@pytest.mark.parametrize(
    "name,ref,size",
    [
        ("overview_followup_80x24", Ref("document", *D, "followup", "2025-04"), (80, 24)),
        ("goal_followup", Ref("goal", *D, "followup", "2025-04", "im-2025-2-1"), (110, 32)),
        ("risk_matrix_80x24", Ref("matrix", *D, "controls", "2025"), (80, 24)),
        ("economy_table", Ref("table", *D, "followup", "2025-04", "ekonomi-per-avdelning"), (100, 26)),
    ],
)
def test_snapshot(small_repo, snap_compare, name, ref, size):
    app, run_before = app_at(small_repo, ref)
    assert snap_compare(app, terminal_size=size, run_before=run_before)
