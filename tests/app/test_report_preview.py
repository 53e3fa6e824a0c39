"""`P` on a document: the report's preview (Markdown built in a worker) and writing a format."""

from __future__ import annotations

import pypdf

from verksam.app.app import VerksamApp
from verksam.app.screens.main import MainScreen
from verksam.app.screens.report import ReportScreen
from verksam.service.nav import Ref

from .conftest import wait_loaded, wait_until


async def test_report_key_previews_and_writes_the_document(real_repo, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    monkeypatch.chdir(out)
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(Ref("item", "norrtalje", "kommunstyrelsen", 2025, "followup", "2025-04", "klimatomstallningsplan"))
        await pilot.pause()
        await pilot.press("P")
        await wait_until(pilot, lambda: isinstance(app.screen, ReportScreen))
        screen = app.screen
        await wait_until(pilot, lambda: screen.report is not None, timeout=60)
        assert screen.report.title == "Delårsrapport per april 2025"
        assert len(screen.pages) > 5
        whole = "".join(screen.pages)
        assert "Upprätta och följa upp en klimatomställningsplan" in whole
        assert "## Mål, indikatorer, uppdrag och initiativ" in whole
        assert str(screen.query_one("#report-status").render()).startswith(f"Sida 1 av {len(screen.pages)}")
        assert screen.query_one("#report-preview").source == screen.pages[0]
        await pilot.press("n")
        await wait_until(pilot, lambda: screen.page == 1)
        assert screen.query_one("#report-preview").source == screen.pages[1]
        assert str(screen.query_one("#report-status").render()).startswith(f"Sida 2 av {len(screen.pages)}")
        await pilot.press("p")
        await wait_until(pilot, lambda: screen.written, timeout=120)
        pdf = out / "kommunstyrelsen-delarsrapport-2025-04.pdf"
        assert screen.written == [pdf] and pdf.is_file()
        assert pypdf.PdfReader(pdf).metadata.title == "Delårsrapport per april 2025"
        assert "Skrev" in str(screen.query_one("#report-status").render())
        assert not list((real_repo / "plans").rglob("*.pdf"))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_report_key_without_a_document_says_so(real_repo, monkeypatch, tmp_path):
    monkeypatch.chdir(tmp_path)
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(Ref("municipality", "norrtalje"))
        await pilot.pause()
        await pilot.press("P")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert any("Välj ett dokument" in m for m in app.told)
