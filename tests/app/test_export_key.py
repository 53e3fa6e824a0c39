"""X exports what is shown (issue 14): the document's assignments and indicators as xlsx files in
the current folder, through the service's export, with the paths in the status line."""

from __future__ import annotations

import openpyxl

from verksam.app.app import VerksamApp
from verksam.app.commands import command
from verksam.service.nav import Ref

from .conftest import wait_loaded, wait_until

FU = Ref("document", "norrtalje", "kommunstyrelsen", 2025, "followup", "2025-04")


async def test_x_writes_the_document_shown_as_xlsx(real_repo, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    assert command("export").keys == "X"
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(FU)
        await pilot.pause()
        await pilot.press("X")
        await wait_until(pilot, lambda: any("Skrev" in m for m in getattr(app, "told", [])), timeout=30)
        told = next(m for m in app.told if "Skrev" in m)
    files = sorted(p.name for p in out.iterdir())
    assert files == ["kommunstyrelsen-2025-04-indikatorer.xlsx", "kommunstyrelsen-2025-04-uppdrag.xlsx"]
    assert str(out / "kommunstyrelsen-2025-04-uppdrag.xlsx") in told
    ws = openpyxl.load_workbook(out / "kommunstyrelsen-2025-04-uppdrag.xlsx").active
    titles = [c.value for c in next(ws.iter_rows(max_row=1))]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    assert rows and any("klimatomställningsplan" in str(v) for r in rows for v in r)
    assert titles  # a header row
