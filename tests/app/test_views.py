"""Every view of the app, driven through the running app (Pilot), on the small hand-made plans."""

from __future__ import annotations

from rich.text import Text

from verksam.app.app import VerksamApp
from verksam.service.nav import Ref
from verksam.app.screens.main import MainScreen
from verksam.app.widgets.risk_matrix import RiskMatrix
from textual.widgets import Markdown

from .conftest import wait_loaded

D = ("test", "ks", 2025)


def ref(kind: str, doc: tuple[str, str] = ("followup", "2025-04"), id: str = "") -> Ref:
    return Ref(kind, *D, doc[0], doc[1], id)


PLAN = ("plan", "2025")


async def show(app, pilot, r: Ref) -> str:
    app.main.jump(r)
    await pilot.pause()
    assert app.main.current == r
    return app.main.detail_text()


async def test_first_screen_is_the_newest_plan(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        assert isinstance(app.screen, MainScreen)
        assert app.main.current == ref("document", PLAN)
        header = app.main.query_one("#where").render()
        assert "Testkommun › Kommunstyrelsen › 2025 › Verksamhetsplan 2025" in str(header)
        text = app.main.detail_text()
        # a plan has no assessed indicators nor progress yet: only the states it has get a column
        assert "○ Utan" in text and "● Uppf." not in text and "■ Avvik." not in text
        assert "Verksamhetsplan 2025–2027" in text


async def test_overview_counts_per_goal_area_and_goal(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        text = await show(app, pilot, ref("document"))
        rows = {}
        for line in text.splitlines():  # the overview table comes first
            if " | " in line:
                rows.setdefault(line.split(" | ")[0].strip(), line.split(" | ")[1:])
        # goal 2.1: indicator not met; one initiative started and deviating, one uppdrag not started
        # (the columns: met, not met, not started, started, deviating; no state of this
        # document is "without value" or "done", so those columns are left out)
        g21 = next(v for k, v in rows.items() if k.endswith("2.1 Stärka tryggheten"))
        assert g21 == ["·", "■ 1", "○ 1", "▲ 1", "■ 1"]
        g11 = next(v for k, v in rows.items() if k.endswith("1.1 En ekonomi i balans"))
        assert g11 == ["● 1", "·", "·", "▲ 1", "·"]  # the åtgärd is counted by its uppdrag
        assert rows["Totalt"] == ["● 1", "■ 1", "○ 1", "▲ 2", "■ 1"]
        # the goal area label carries its brackets
        assert any("1 Sund ekonomi [i balans]" in k for k in rows)


async def test_goal_view_indicators_with_years_as_columns_and_items(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        text = await show(app, pilot, ref("goal", id="im-2025-1-1"))
        assert "1.1 En ekonomi i balans" in text
        assert "Överskottet ska vara minst 2 procent." in text  # the goal's text
        assert "Målet bedöms uppfyllt." in text  # the analysis
        assert "Indikator | Mått | 2024 | 2025-04 | 2025 | Bedömning | Trend | Serie" in text
        assert "Budgetföljsamhet [%] | Utfall | 101,2 % | 42,0 % |  | ● Uppfyllt | ↗ Positiv" in text
        assert " | Mål |  |  | 100,0 % |" in text
        assert " | Prognos |  |  | 100,0 % |" in text
        # items with responsible unit, end, status, completion forecast and latest comment
        assert "Uppdrag | Granska [bold]x[/bold] och [x] rutiner [/] i [0] kassan | Ekonomiavdelningen | 2025-12-31 | ▲ Påbörjad | ● Enligt plan | 2025-04-30 Halvvägs [klart]." in text


async def test_indicator_view_series_definition_comments(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        text = await show(app, pilot, ref("indicator", id="budgetfoljsamhet"))
        for s in ("Budgetföljsamhet [%]", "Enhet: %", "Bättre när: högre", "Källa: Kolada", "Mätintervall: Årligen",
                  "Ansvarig: Ekonomiavdelningen", "Nettokostnad i förhållande till budget.", "Prognosen [håller]."):
            assert s in text, s
        # the whole series over all documents: 2023 from the plan, 2025-04 from the follow-up
        assert "2023 | 98,5 % |  |  | Verksamhetsplan 2025" in text
        assert "2025-04 | 42,0 % |  |  | Uppföljning per april 2025" in text
        assert "2025 |  | 100,0 % | 100,0 % | Uppföljning per april 2025" in text
        assert "Diagram" in text
        # the indicator from its definition, outside any document
        text = await show(app, pilot, Ref("indicator", "test", id="trygghet"))
        assert "Andel som känner sig trygga" in text and "2025 |  | 80,0 % | 71,0 %" in text


async def test_item_view_every_field_actions_comments(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        text = await show(app, pilot, ref("item", id="granska-kassan"))
        for s in ("Id: granska-kassan", "Mål: 1.1 En ekonomi i balans", "Ansvarig: Ekonomiavdelningen (ekonomi)",
                  "Slut: 2025-12-31", "Status: ▲ Påbörjad", "Prognos för slutförande: ● Enligt plan",
                  "Åtgärder", "Åtgärd | Stickprov varje månad", "Q3 2025",
                  "Kommentarer (2)", "Arbetet har startat.", "Halvvägs [klart].",
                  "Verksamhetsplan 2025 |"):
            assert s in text, s
        # newest comment first
        assert text.index("Halvvägs [klart].") < text.index("Arbetet har startat.")
        # the åtgärd: its parent and fuzzy end date
        text = await show(app, pilot, ref("item", id="kassa-atgard"))
        assert "Hör till: Uppdrag: Granska [bold]x[/bold]" in text
        assert "Slut: Q3 2025  (2025-09-30)" in text


async def test_budget_and_economy_tables(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        text = await show(app, pilot, ref("table", id="ekonomi-per-avdelning"))
        assert "Rad | Budget jan-apr | Utfall jan-apr | Avvikelse" in text
        assert "Ekonomi | -5 000 | -5 500 | -500" in text
        assert "  varav löner | -4 000 | -4 200 | -200" in text  # indented
        assert "∑ Summa | -15 000 | -14 500 | 500" in text  # total marked
        table = app.main.query_one(".detail").query("RefTable").first()
        row = table.get_row_at(1)
        assert "red" in str(row[3].style) or any("red" in str(s.style) for s in row[3].spans)  # negative deviation
        text = await show(app, pilot, ref("table", doc=("budget", "2025"), id="driftbudget"))
        assert "Kostnader | -105 481 | -106 000" in text
        text = await show(app, pilot, ref("table", doc=("budget", "2025"), id="investeringar"))
        assert " | IT | " in text or "| IT |" in text  # the group heading
        assert "9001 | Servrar | 2 500" in text
        text = await show(app, pilot, ref("document", doc=("budget", "2025")))
        assert "Driftbudget | tkr | 3" in text


async def test_controls_and_risk_matrix(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 40)) as pilot:
        await wait_loaded(app, pilot)
        text = await show(app, pilot, ref("matrix", doc=("controls", "2025")))
        matrix = app.main.query_one(RiskMatrix)
        cell = matrix.query_one("#rm-3-2")
        assert "#1" in str(cell.render()) and cell.has_class("rm-medium")
        assert "#2" in str(matrix.query_one("#rm-4-4").render()) and matrix.query_one("#rm-4-4").has_class("rm-critical")
        assert matrix.query_one("#rm-1-2").has_class("rm-low")
        assert "1 | Felaktiga [löne]utbetalningar | 3 | 2 | 6 | Internkontrollpunkt" in text
        assert "Löneutbetalning | Att löner är korrekta." in text
        text = await show(app, pilot, ref("risk", doc=("controls", "2025"), id="felaktiga-loner"))
        assert "Sannolikhet: 3" in text and "Riskvärde: 6" in text
        text = await show(app, pilot, ref("control", doc=("controls", "2025"), id="kontroll-loner"))
        assert "Stickprov på 50 löner." in text


async def test_sections_as_markdown(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        text = await show(app, pilot, ref("section", doc=PLAN, id="omvarld"))
        assert "Omvärldsanalys" in text
        md = app.main.query_one(".detail").query(Markdown).first()
        assert "[osäkert]" in md.plain_text
        await pilot.pause()
        rendered = " ".join(str(w.render()) for w in md.query("*") if hasattr(w, "render"))
        assert "osäkert" in rendered


async def test_workspace_level_views(small_repo):
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(100, 30)) as pilot:
        await wait_loaded(app, pilot)
        text = await show(app, pilot, Ref("municipality", "test"))
        assert "Testkommun" in text and "Kommunstyrelsen · Uppföljning per april 2025" in text
        text = await show(app, pilot, Ref("year", "test", "ks", 2025))
        assert "Kommunstyrelsen 2025" in text
        text = await show(app, pilot, Ref("goalset", "test", id="2025-2027"))
        assert "Sund ekonomi [i balans]" in text and "Ambitionsnivå 2035" in text
        text = await show(app, pilot, Ref("defs", "test"))
        assert "Budgetföljsamhet [%] | KF | % | högre | Kolada" in text
        text = await show(app, pilot, Ref("units", "test"))
        assert "Stab [enheten]" in text


async def test_problems_view_jumps_to_the_item(small_repo):
    f = small_repo / "plans/test/ks/2025/plan.toml"
    f.write_text(f.read_text(encoding="utf-8").replace('responsible = "stab"\nend = 2025-06-30',
                                                      'responsible = "okand-enhet"\nend = 2025-06-30'), encoding="utf-8")
    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(120, 30)) as pilot:
        await wait_loaded(app, pilot)
        await pilot.press("p")
        await pilot.pause()
        assert app.main.current == Ref("problems")
        text = app.main.detail_text()
        # the message whole, the file and line beside it, the whole path in the detail line
        assert "okand-enhet" in text and "| plan.toml:" in text
        table = app.main.query_one("#problems-table")
        assert "plans/test/ks/2025/plan.toml:" in str(table.detail_line.render())
        table.focus()
        await pilot.pause()
        row = next(i for i in range(table.row_count) if any("okand-enhet" in c.plain for c in table.get_row_at(i)))
        table.move_cursor(row=row)
        await pilot.press("enter")
        await pilot.pause()
        assert app.main.current == ref("item", PLAN, "kameror")


async def test_every_view_of_the_real_plans_builds(real_repo):
    """Every node of every document of the real plans: its view builds without an error."""
    from verksam.service.nav import document_outline, workspace_outline
    from verksam.app.widgets.views import build_view

    def walk(nodes):
        for n in nodes:
            yield n
            yield from walk(n.children)

    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        ws = app.main.ws
        refs = [n.ref for n in walk(workspace_outline(ws, 0))] + [Ref("problems")]
        for m in ws.municipalities.values():
            for d in m.documents:
                refs += [n.ref for n in walk(document_outline(m, d))]
        assert len(refs) > 300
        for r in refs:
            widgets = build_view(app.main.ctx, r)
            assert widgets, r
        # and a few of them really mounted
        for r in refs[::120]:
            app.main.jump(r)
            await pilot.pause()
            assert "Error" not in app.main.detail_text()[:200]


async def test_document_view_adds_the_analysis_summary(small_repo):
    """verksam.analysis.summary's tables (computed in a worker) join the follow-up's overview."""
    from .conftest import wait_until

    app = VerksamApp(small_repo, poll_interval=0)
    async with app.run_test(size=(120, 50)) as pilot:
        await wait_loaded(app, pilot)
        shown = app.main.summaries_shown
        app.main.jump(ref("document"))
        await wait_until(pilot, lambda: app.main.summaries_shown > shown)
        text = app.main.detail_text()
        assert "Sammanställning av uppdrag och initiativ" in text
        assert "initiativ | ▲ Påbörjad | 0 | 1 | 0 | 1" in text
        assert "Ofullständigt denna period" in text and "Bättre belysning" in text


async def test_goal_view_names_the_same_goal_in_the_other_period(real_repo):
    from verksam.app.app import VerksamApp
    from verksam.service.nav import Ref

    from .conftest import wait_loaded

    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(Ref("goal", "norrtalje", "kommunstyrelsen", 2025, "plan", "2025", "im-2025-2-1"))
        await pilot.pause()
        text = app.main.detail_text()
        assert "Samma mål" in text and "3.1 Säkerställa att invånare" in text and "(2022-2024)" in text


async def test_indicator_view_shows_its_footnotes(real_repo):
    from verksam.app.app import VerksamApp
    from verksam.service.nav import Ref

    from .conftest import wait_loaded

    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(Ref("indicator", "norrtalje", "kommunstyrelsen", 2022, "plan", "2022", "upplevd-trygghet-oro-for-brott"))
        await pilot.pause()
        text = app.main.detail_text()
        assert "Fotnoter" in text or "Footnotes" in text
        assert '¹⁹ Länsstyrelsens undersökning "Nutid och framtid".' in text


async def test_indicator_view_shows_the_reports_assessment_beside_the_computed_state(real_repo):
    # budgetföljsamhet per nämnd: the April report says Uppfyllt; the rule indicator.state (as in
    # the tree and verksam summary) computes Ej uppfyllt from the forecast 0,2 % against 0 %
    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        app.main.jump(Ref("indicator", "norrtalje", "kommunstyrelsen", 2025, "followup", "2025-04",
                          "budgetfoljsamhet-namnd"))
        await pilot.pause()
        text = app.main.detail_text()
        assert "Bedömning: ● Uppfyllt" in text
        assert "Beräknat: ■ Ej uppfyllt – prognos 2025 0,2" in text and "mot målet 0" in text


async def test_items_under_a_goal_area_itself_are_in_the_tree(real_repo):
    from verksam.service.nav import document_outline

    app = VerksamApp(real_repo, poll_interval=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await wait_loaded(app, pilot)
        m = app.main.ws.municipalities["norrtalje"]
        doc = m.document("kommunstyrelsen", "plan", "2022")
        area = next(n for n in document_outline(m, doc) if n.ref.kind == "area" and n.ref.id == "ma-2022-5")
        assert "tsk-anpassa-uttryckningsorganisation" in {n.ref.id for n in area.children}
