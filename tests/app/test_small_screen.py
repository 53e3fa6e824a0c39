"""80×24 first (issue 14): the overview's counts fit beside the tree; the header wraps rather than
cutting the filter off; a read-only revision's footer has no writing keys (in test_editing)."""

from __future__ import annotations

from verksam.app.app import VerksamApp
from verksam.service.nav import Filters, Ref

from .conftest import wait_loaded

PLAN = Ref("document", "norrtalje", "kommunstyrelsen", 2025, "plan", "2025")


async def test_overview_fits_beside_the_tree_and_header_keeps_the_filter(real_repo):
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(PLAN)
        await pilot.pause()
        table = app.main.query_one("#overview")
        # the plan has no assessed indicators: only the states it has get a column
        assert len(table.ordered_columns) < 8
        width = sum(c.get_render_width(table) for c in table.ordered_columns)
        assert width <= table.size.width, (width, table.size.width)
        app.main.set_filters(Filters(unit="naringsliv"))
        await pilot.pause()
        where = app.main.query_one("#where")
        text = str(where.render())
        assert "Näringsliv- och etableringsenheten" in text.replace("\n", " ")
        assert "v växlar mellan" in text and "dok.)" not in text
