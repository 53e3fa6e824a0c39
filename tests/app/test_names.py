"""Names where a person reads (issue 14): an indicator's documents table names the goal by its
number and name, the filter notice names the unit, the history is headed by the entry's title."""

from __future__ import annotations

from verksam.app.app import VerksamApp
from verksam.service.nav import Filters, Ref

from .conftest import wait_loaded

IND = Ref("indicator", "norrtalje", "kommunstyrelsen", 2025, "followup", "2025-04", "nyetablerade-foretag")


async def test_goal_and_unit_names_not_ids(real_repo):
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(IND)
        await pilot.pause()
        text = app.main.detail_text()
        assert "6.1 Främja" in text and "im-2025-6-1" not in text
        app.main.set_filters(Filters(unit="naringsliv"))
        await pilot.pause()
        told = app.told
        assert any("Näringsliv- och etableringsenheten" in m for m in told), told
        assert not any("naringsliv" in m for m in told)


async def test_series_names_the_source_of_each_value(real_repo):
    """2024's forecast 429 is from Verksamhetsplan 2025; the April report has 2024's outcome."""
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(160, 50)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(IND)
        await pilot.pause()
        line = next(x for x in app.main.detail_text().splitlines() if x.startswith("2024 |"))
        assert "429" in line and "Verksamhetsplan 2025: prognos" in line, line
