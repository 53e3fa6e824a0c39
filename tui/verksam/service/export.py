"""The export tables (indicators, assignments, budget) with names beside the ids, filtered, and
written as CSV (also the way Swedish Excel opens it by double-click), JSON or a formatted xlsx.

One municipality at a time, shared between the cores (frames are compact, models are not); only
the table asked for is built. CSV and JSON are written part by part, so a national export never
holds the whole table in memory; xlsx needs it whole.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import sys
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable, Iterable, Iterator

import polars as pl

from ..analysis.frames import EXPORT_COLUMNS, Frames, export_frame
from ..model.entities import Workspace
from ..model.values import Period
from ..store.repository import PlanRepository, municipality_of
from ..store.root import repo_relative
from ..text import t
from ..text.neutral import UNSAFE, NeutralStream, neutralise
from .errors import UsageError

TABLES = ("indicators", "assignments", "budget", "controls")
XLSX_MAX_ROWS = 1_048_575  # an Excel sheet's rows, less the header
FORMATS = ("csv", "json", "xlsx")

# Names beside the ids, for people (the ids stay, for machines): after the contract's columns.
NAME_COLUMNS = {
    "indicators": ["municipality_name", "board_name", "goal_name", "responsible_name"],
    "assignments": ["municipality_name", "board_name", "goal_name", "responsible_name", "parent_title"],
    "budget": ["municipality_name", "board_name"],
    "controls": ["municipality_name", "board_name", "unit_name"],
}
CONTRACT_COLUMNS = {  # design.md §7: these first, in this order
    "indicators": 13, "assignments": 15, "budget": 10, "controls": 18,
}


def columns(what: str) -> list[str]:
    base = EXPORT_COLUMNS[what]
    n = CONTRACT_COLUMNS[what]
    return base[:n] + NAME_COLUMNS[what] + base[n:]


@dataclass(frozen=True)
class ExportFilter:
    document: str | None = None  # a plan file (relative to the root): that document's rows
    period: str | None = None  # the documents of that period ("2025" a plan, "2025-04" a follow-up)
    board: str | None = None  # a board id (or its name)

    def check(self, root: Path) -> "ExportFilter":
        """This filter with the document as a repository path; UsageError for what cannot match."""
        doc = self.document
        if doc is not None:
            try:
                doc = repo_relative(root, doc)
            except ValueError:
                raise UsageError(t("service.export.outside", file=self.document, root=root)) from None
            if not (root / doc).is_file():
                raise UsageError(t("service.export.no_file", file=doc, root=root))
        if self.period is not None and Period.parse(self.period) is None:
            raise UsageError(t("service.export.bad_period", period=self.period))
        return ExportFilter(doc, self.period, self.board)


def _names(ws: Workspace, what: str, df: pl.DataFrame) -> pl.DataFrame:
    """The name columns, looked up in the municipality (units, boards, goals) and the document."""
    munis, boards, goals, units = [], [], [], []
    for m in ws.municipalities.values():
        munis.append((m.id, m.name))
        boards += [(m.id, b.id, b.name) for b in m.boards]
        goals += [(m.id, g.id, g.title) for g in m.goals_by_id().values()]
        units += [(m.id, u.id, u.name) for u in m.units]
    frame = lambda rows, names: pl.DataFrame(rows, schema={n: pl.Utf8 for n in names}, orient="row")  # noqa: E731
    df = df.join(frame(munis, ["municipality", "municipality_name"]), on="municipality", how="left")
    df = df.join(frame(boards, ["municipality", "board", "board_name"]).unique(["municipality", "board"]),
                 on=["municipality", "board"], how="left")
    if what in ("indicators", "assignments"):
        df = df.join(frame(goals, ["municipality", "goal", "goal_name"]).unique(["municipality", "goal"]),
                     on=["municipality", "goal"], how="left")
        df = df.join(frame(units, ["municipality", "responsible", "responsible_name"]).unique(
            ["municipality", "responsible"]), on=["municipality", "responsible"], how="left")
    if what == "controls":
        df = df.join(frame(units, ["municipality", "unit", "unit_name"]).unique(["municipality", "unit"]),
                     on=["municipality", "unit"], how="left")
    if what == "assignments":
        fallback = pl.col("responsible_text").fill_null("")
        df = df.with_columns(pl.col("responsible_name").fill_null(fallback))
        keys = ["municipality", "board", "doc_kind", "doc_period"]
        parents = df.select(*keys, pl.col("id").alias("parent"), pl.col("title").alias("parent_title")).unique(
            keys + ["parent"])
        df = df.join(parents, on=keys + ["parent"], how="left")
    return df.with_columns([pl.col(c).fill_null("") for c in NAME_COLUMNS[what]])


def _documents_of(ws: Workspace, rel: str) -> list[tuple[str, str, str, str]]:
    return [(m.id, d.board, d.kind, d.period) for m in ws.municipalities.values() for d in m.documents
            if rel in d.files]


def export_part(what: str, flt: ExportFilter, snap) -> tuple[bytes, int, bool]:
    """One municipality's export rows as Arrow IPC bytes, its error count, and whether the
    document asked for is in it (runs in worker processes)."""
    ws = snap.workspace
    df = export_frame(Frames(ws), what)
    found = False
    if flt.document is not None:
        docs = _documents_of(ws, flt.document)
        found = bool(docs)
        keep = pl.lit(False)
        for mid, board, kind, period in docs:
            keep = keep | ((pl.col("municipality") == mid) & (pl.col("board") == board)
                           & (pl.col("doc_kind") == kind) & (pl.col("doc_period") == period))
        df = df.filter(keep)
    if flt.period is not None:
        df = df.filter(pl.col("doc_period") == flt.period)
    if flt.board is not None:
        ids = {b.id for m in ws.municipalities.values() for b in m.boards
               if flt.board in (b.id, b.name) or flt.board.casefold() == b.name.casefold()} | {flt.board}
        df = df.filter(pl.col("board").is_in(sorted(ids)))
    df = _names(ws, what, df).select(columns(what))
    buf = io.BytesIO()
    df.write_ipc(buf)
    return buf.getvalue(), len(snap.errors), found


class Export:
    """The rows of one export table, municipality by municipality as the workers finish them: a
    writer holds one part at a time. `errors` (in the data the rows come from) is complete once
    the parts have been read."""

    def __init__(self, what: str, results: Iterable[tuple[bytes, int, bool]]):
        self.what = what
        self._results = iter(results)
        self.errors = 0

    @property
    def parts(self) -> Iterator[Callable[[], pl.DataFrame]]:
        for data, errors, _found in self._results:
            self.errors += errors
            yield partial(pl.read_ipc, io.BytesIO(data))

    def empty(self) -> pl.DataFrame:
        return _names(Workspace(), self.what, export_frame(Frames(Workspace()), self.what)).select(columns(self.what))

    def frame(self) -> pl.DataFrame:
        frames = [p() for p in self.parts]
        return pl.concat(frames) if frames else self.empty()


def export_table(root: Path | str, what: str, flt: ExportFilter = ExportFilter()) -> Export:
    """The rows of one export table, by municipality. UsageError for a filter that cannot match."""
    if what not in TABLES:
        raise UsageError(t("service.export.bad_table", what=what))
    repo = PlanRepository(root)
    repo.check_root()
    flt = flt.check(repo.root)
    fn = partial(export_part, what, flt)
    if flt.document is not None:  # one document lives in one municipality: read that one only
        results = [fn(snap) for snap in repo.scan(only=[municipality_of(flt.document)])]
        if not any(found for _, _, found in results):
            raise UsageError(t("service.export.not_document", file=flt.document))
    else:
        results = repo.iter_municipalities(fn)  # written as they come: the parent holds a few parts
    return Export(what, results)


# ---------------------------------------------------------------- writing


def write_export(exp: Export, fmt: str, output: str | None, excel: bool = False) -> None:
    """Write the table: CSV (with `excel`: UTF-8 BOM, `;` between fields, decimal comma), JSON
    (one array of objects), or xlsx (needs `output`)."""
    if excel and fmt != "csv":
        raise UsageError(t("service.export.excel_csv"))
    if fmt == "xlsx":
        if not output:
            raise UsageError(t("service.export.xlsx_output"))
        df = exp.frame()
        if df.height > XLSX_MAX_ROWS:  # Excel's limit: xlsxwriter would drop the rest without a word
            raise UsageError(t("service.export.xlsx_too_many", n=df.height, max=XLSX_MAX_ROWS))
        write_xlsx(df, exp.what, output)
        return
    # a file gets what the terminal gets (the command line neutralises stdout): CSV cells in the
    # visible form of control characters, JSON with escapes that keep the data (verksam.text.neutral)
    out = NeutralStream(open(output, "w", encoding="utf-8", newline=""), owns=True) if output else sys.stdout
    try:
        if fmt == "csv":
            opts = {"separator": ";", "decimal_comma": True} if excel else {}
            n = 0
            for n, part in enumerate(exp.parts, 1):
                out.write(part().write_csv(include_header=n == 1, include_bom=excel and n == 1, **opts))
            if n == 0:
                out.write(exp.empty().write_csv(include_header=True, include_bom=excel, **opts))
        else:
            out.write("[")
            first = True
            for part in exp.parts:
                body = part().write_json().strip()[1:-1]
                if body:
                    out.write(("" if first else ",") + body)
                    first = False
            out.write("]\n")
    finally:
        if output:
            out.close()


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_PERCENT = {"%", "procent", "procentenheter"}


def header(col: str, what: str = "") -> str:
    """A column's heading in the xlsx: Swedish (`--lang sv`) or English; a table may head a column
    its own way (the budget's `parent` is the parent row's label, not an id)."""
    for key in (f"service.export.col.{what}.{col}", f"service.export.col.{col}"):
        text = t(key)
        if text != key:
            return text
    return col


def _number_format(unit: str, x: float) -> tuple[str, float]:
    """The Excel number format of a value in this unit, and the value as Excel should hold it:
    whole tkr without decimals, percentages as % (Excel keeps 0.99 and shows 99 %)."""
    u = (unit or "").strip().lower()
    whole = float(x).is_integer()
    if u in _PERCENT:
        return ("0%" if whole else "0.0%"), x / 100
    if u == "tkr":
        return "#,##0", x
    if u == "mnkr":
        return "#,##0.0", x
    return ("#,##0" if whole else "#,##0.0#"), x


def write_xlsx(df: pl.DataFrame, what: str, output: str) -> None:
    """One named sheet: bold, frozen header with a filter, widths fitted to the contents, numbers
    with a format per unit, dates as dates, every text written as text (never a formula)."""
    import xlsxwriter  # only here: the other formats do not need it
    from xlsxwriter.exceptions import FileCreateError

    texts = [c for c, dtype in df.schema.items() if dtype == pl.Utf8]
    unsafe = [c for c in texts if df[c].str.contains(UNSAFE.pattern).any()]
    if unsafe:  # cells in the visible form, as in CSV (xlsxwriter would keep C1 and bidi raw)
        df = df.with_columns(pl.col(c).map_elements(neutralise, return_dtype=pl.Utf8) for c in unsafe)
    try:
        _write_xlsx(xlsxwriter.Workbook, df, what, output)
    except FileCreateError as e:
        raise UsageError(t("service.export.cannot_write", file=output, error=e.args[0] if e.args else e)) from None


def _write_xlsx(Workbook, df: pl.DataFrame, what: str, output: str) -> None:
    wb = Workbook(output, {"strings_to_numbers": False, "strings_to_formulas": False,
                                      "strings_to_urls": False})
    try:
        ws = wb.add_worksheet(t(f"service.export.sheet.{what}")[:31])
        bold = wb.add_format({"bold": True, "bottom": 1})
        date_fmt = wb.add_format({"num_format": "yyyy-mm-dd"})
        formats: dict[str, object] = {}

        def num_fmt(code: str):
            if code not in formats:
                formats[code] = wb.add_format({"num_format": code})
            return formats[code]

        cols = df.columns
        heads = [header(c, what) for c in cols]
        ws.write_row(0, 0, heads, bold)
        widths = [len(h) for h in heads]
        has_unit = "unit" in cols
        for r, row in enumerate(df.iter_rows(named=True), start=1):
            unit = row["unit"] if has_unit else ""
            for c, name in enumerate(cols):
                v = row[name]
                if v is None or v == "":
                    continue
                if isinstance(v, bool):
                    ws.write_boolean(r, c, v)
                    w = 5
                elif isinstance(v, (int, float)):
                    code, x = _number_format(unit if name == "value" else "", v)
                    ws.write_number(r, c, x, num_fmt(code))
                    w = len(f"{v:,.1f}")
                elif isinstance(v, dt.date):
                    ws.write_datetime(r, c, dt.datetime(v.year, v.month, v.day), date_fmt)
                    w = 10
                elif name in ("start", "end") and _DATE.fullmatch(v):
                    d = dt.date.fromisoformat(v)
                    ws.write_datetime(r, c, dt.datetime(d.year, d.month, d.day), date_fmt)
                    w = 10
                else:
                    s = str(v)
                    ws.write_string(r, c, s)
                    w = max((len(line) for line in s.splitlines()), default=0)
                if w > widths[c]:
                    widths[c] = w
        for c, w in enumerate(widths):
            ws.set_column(c, c, min(w, 60) + 2)
        ws.freeze_panes(1, 0)
        ws.autofilter(0, 0, max(df.height, 1), len(cols) - 1)
    finally:
        wb.close()


def export_shown(root: Path | str, document: str, tables: Iterable[str], folder: Path | str, stem: str) -> list[Path]:
    """The app's export of what it shows: each table (indicators, assignments, budget) of the
    document a plan file (relative to the root) belongs to, as a formatted xlsx in `folder`
    named "<stem>-<table>.xlsx" ("kommunstyrelsen-2025-04-indikatorer.xlsx"). The paths written."""
    out = []
    for what in tables:
        exp = export_table(root, what, ExportFilter(document=document))
        path = Path(folder) / f"{stem}-{t(f'service.export.file.{what}')}.xlsx"
        write_xlsx(exp.frame(), what, str(path))
        out.append(path)
    return out
