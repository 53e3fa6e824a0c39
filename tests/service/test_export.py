"""Exports as an office opens them: CSV for Swedish Excel, a formatted xlsx, names beside the ids,
and the filters (--document, --period, --board)."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest

from tests.cli.test_cli import PLAN, PLAN_TEXT, run

FOLLOWUP = "plans/test/ks/2025/followup/2025-04.toml"
FOLLOWUP_TEXT = """\
kind = "followup"
period = "2025-04"
title = "Uppföljning april"
date = 2025-04-30
goal_period = "2025-2027"

[[items]]
id = "klimatplan"
kind = "uppdrag"
goal = "im-2025-5-1"
title = "Klimatplan [bold]x[/bold]"
responsible = "stab"
end = 2025-12-01
status = "Påbörjad"
completion = "Enligt plan"

[[items]]
id = "klimat-delmoment"
kind = "åtgärd"
parent = "klimatplan"
title = "=SUMMA(A1:A2) delmoment"
responsible = "ekonomi"
"""


@pytest.fixture
def repo(make_repo):
    return make_repo({PLAN: PLAN_TEXT, FOLLOWUP: FOLLOWUP_TEXT})


def test_csv_for_swedish_excel_bom_semicolon_decimal_comma(repo, capsys, tmp_path):
    out = tmp_path / "ind.csv"
    code, _, err = run("export", "indicators", "--repo", str(repo), "--format", "csv", "--excel", "-o", str(out),
                       capsys=capsys)
    assert code == 0, err
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert list(rows[0])[:4] == ["document", "municipality", "board", "goal"]  # the contract's columns stay
    values = {(r["measure"], r["period"]): r["value"] for r in rows}
    assert values[("outcome", "2024")] == "99,0" and values[("target", "2025")] == "100,0"
    # without --excel: the contract's plain CSV
    code, plain, _ = run("export", "indicators", "--repo", str(repo), capsys=capsys)
    assert not plain.startswith("\ufeff") and plain.startswith("document,municipality,") and ",99.0," in plain
    code, _, err = run("export", "indicators", "--repo", str(repo), "--format", "json", "--excel", capsys=capsys)
    assert code == 2 and err.count("\n") == 1


def test_names_beside_ids(repo, capsys):
    code, out, err = run("export", "assignments", "--repo", str(repo), "--format", "csv", capsys=capsys)
    rows = {(r["doc_period"], r["id"]): r for r in csv.DictReader(io.StringIO(out))}
    r = rows[("2025-04", "klimat-delmoment")]
    assert (r["responsible"], r["responsible_name"]) == ("ekonomi", "Ekonomiavdelningen")
    assert (r["board"], r["board_name"], r["municipality_name"]) == ("ks", "Kommunstyrelsen", "Testkommun")
    assert (r["goal"], r["goal_name"], r["parent"], r["parent_title"]) == \
        ("im-2025-5-1", "Minska klimatpåverkan", "klimatplan", "Klimatplan [bold]x[/bold]")
    code, out, err = run("export", "indicators", "--repo", str(repo), capsys=capsys)
    r = next(csv.DictReader(io.StringIO(out)))
    assert (r["goal_name"], r["responsible_name"]) == ("En ekonomi i balans", "Ekonomiavdelningen")
    code, out, err = run("export", "budget", "--repo", str(repo), capsys=capsys)
    r = next(csv.DictReader(io.StringIO(out)))
    assert r["board_name"] == "Kommunstyrelsen" and list(r)[:10] == [
        "document", "municipality", "board", "table", "row", "parent", "column", "measure", "period", "value"]


def test_filters_document_period_board(repo, capsys, monkeypatch):
    def ids(*args):
        code, out, err = run("export", "assignments", "--repo", str(repo), *args, capsys=capsys)
        assert code == 0, err
        return sorted((r["doc_period"], r["id"]) for r in csv.DictReader(io.StringIO(out)))

    everything = ids()
    assert len(everything) == 3
    assert ids("--period", "2025-04") == [("2025-04", "klimat-delmoment"), ("2025-04", "klimatplan")]
    assert ids("--document", PLAN) == [("2025", "klimatplan")]
    monkeypatch.chdir(repo / "plans" / "test" / "ks" / "2025" / "followup")
    assert ids("--document", "2025-04.toml") == ids("--period", "2025-04")  # a path from the current folder
    assert ids("--board", "Kommunstyrelsen") == everything == ids("--board", "ks")
    assert ids("--board", "bygg") == []
    for args in (["--period", "april"], ["--document", "plans/test/nope.toml"], ["--document", "plans/test/municipality.toml"]):
        code, out, err = run("export", "assignments", "--repo", str(repo), *args, capsys=capsys)
        assert code == 2 and err.startswith("verksam: ") and err.count("\n") == 1, (args, err)


def test_xlsx_named_sheet_bold_frozen_header_formats_dates(repo, capsys, tmp_path):
    out = tmp_path / "a.xlsx"
    code, _, err = run("export", "assignments", "--repo", str(repo), "--format", "xlsx", "-o", str(out), capsys=capsys)
    assert code == 0, err
    ws = openpyxl.load_workbook(out).active
    assert ws.title == "Uppdrag" and ws.freeze_panes == "A2"
    head = [c.value for c in ws[1]]
    assert head[:6] == ["Fil", "Kommun (id)", "Nämnd (id)", "Mål (id)", "Typ", "Id"]
    assert "Ansvarig" in head and "Mål" in head and all(c.font.b for c in ws[1])
    col = {h: i for i, h in enumerate(head)}
    rows = {r[col["Id"]].value + r[col["Dokumentets period"]].value: r for r in ws.iter_rows(min_row=2)}
    end = rows["klimatplan2025"][col["Slut"]]
    assert end.value == dt.datetime(2025, 3, 31) and end.number_format == "yyyy-mm-dd"
    comment_date = rows["klimatplan2025"][col["Senaste kommentar, datum"]]
    assert comment_date.value == dt.datetime(2025, 2, 1) and comment_date.is_date
    title = rows["klimat-delmoment2025-04"][col["Titel"]]
    assert title.value == "=SUMMA(A1:A2) delmoment" and title.data_type == "s"  # text, never a formula
    widths = {ws.cell(1, i + 1).column_letter: ws.column_dimensions[ws.cell(1, i + 1).column_letter].width
              for i in range(len(head))}
    assert widths["A"] > len(FOLLOWUP) and widths[ws.cell(1, col["Id"] + 1).column_letter] < 30


def test_xlsx_number_formats_per_unit_and_english_headers(repo, capsys, tmp_path):
    out = tmp_path / "b.xlsx"
    code, _, err = run("export", "budget", "--repo", str(repo), "--format", "xlsx", "-o", str(out), capsys=capsys)
    ws = openpyxl.load_workbook(out)["Budget"]
    head = [c.value for c in ws[1]]
    assert head[5] == "Hör till"  # the budget's parent is a row's label, not an id
    value = ws.cell(2, head.index("Värde") + 1)
    assert value.value == 10 and value.number_format == "#,##0"  # whole tkr, no decimals
    out = tmp_path / "i.xlsx"
    code, _, err = run("--lang", "en", "export", "indicators", "--repo", str(repo), "--format", "xlsx", "-o", str(out),
                       capsys=capsys)
    ws = openpyxl.load_workbook(out)["Indicators"]
    head = [c.value for c in ws[1]]
    assert head[:3] == ["document", "municipality", "board"]
    by = {(r[head.index("measure")].value, r[head.index("period")].value): r[head.index("value")]
          for r in ws.iter_rows(min_row=2)}
    pct = by[("outcome", "2024")]
    assert pct.value == pytest.approx(0.99) and pct.number_format == "0%"  # 99 % in Excel
    assert by[("forecast", "2025")].value is None and ws.cell(1, 1).font.b
    assert ws.auto_filter.ref.startswith("A1:")


def test_xlsx_refuses_more_rows_than_a_sheet_holds(repo, capsys, tmp_path, monkeypatch):
    import verksam.service.export as export

    monkeypatch.setattr(export, "XLSX_MAX_ROWS", 3)  # the sample has 4 indicator values
    out = tmp_path / "x.xlsx"
    code, _, err = run("export", "indicators", "--repo", str(repo), "--format", "xlsx", "-o", str(out), capsys=capsys)
    assert code == 2 and "4 rader" in err and "--format csv" in err and not out.exists()
    code, _, err = run("export", "indicators", "--repo", str(repo), "--format", "xlsx", "-o", str(out),
                       "--period", "2025-04", capsys=capsys)  # a filter narrows it: no values in April
    assert code == 0 and out.exists()
