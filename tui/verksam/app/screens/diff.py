"""The differences between two periods or two revisions of one board, filterable by kind of
change and by unit; Enter on a row jumps to the item or indicator (in the newer document)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from ..commands import use_bindings
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import DataTable, Footer, Static

from ...text import t
from ...service.nav import Ref

# kinds of change the filter steps through; "" is every change
CHANGE_FILTERS = ("", "added", "removed", "changed", "later", "earlier", "increased", "decreased", "set", "cleared")
CHANGE_STYLE = {"added": "green", "removed": "red", "later": "yellow", "earlier": "cyan",
                "increased": "green", "decreased": "red", "cleared": "red"}


class DiffScreen(ModalScreen[Any]):
    def __init__(self, title: str, rows: list[dict], unit_names: dict[str, str]):
        super().__init__()
        use_bindings(self, "diff")
        self.title_text = title
        self.rows = rows
        self.unit_names = unit_names
        self.change_filter = ""
        self.unit_filter = ""
        units = sorted({r["responsible"] for r in rows if r["responsible"]}, key=lambda u: unit_names.get(u, u))
        self.units = [""] + units
        self.shown: list[dict] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dlg dlg-wide"):
            yield Static(Text(self.title_text, style="bold"), classes="h1")
            yield Static(id="diff-state")
            table = DataTable(id="diff-table", cursor_type="row", zebra_stripes=True)
            # what changed and how first; the long title last, so 80 columns show what matters
            for c in ("diff.col.change", "diff.col.item", "diff.col.field", "diff.col.period", "hist.change",
                      "diff.col.unit", "diff.col.kind", "diff.col.title"):
                table.add_column(Text(t(c)))
            yield table
        yield Footer()

    def on_mount(self) -> None:
        self.refill()
        self.query_one(DataTable).focus()

    def refill(self) -> None:
        table = self.query_one(DataTable)
        table.clear()
        self.shown = [r for r in self.rows
                      if (not self.change_filter or r["change"] == self.change_filter)
                      and (not self.unit_filter or r["responsible"] == self.unit_filter)]
        for i, r in enumerate(self.shown):
            change = Text(r["change_sv"], style=CHANGE_STYLE.get(r["change"], ""))
            before_after = Text(r["old"] or "–", style="red")
            before_after.append(" → ", style="dim")
            before_after.append(r["new"] or "–", style="green")
            item = Text(r["id"] if len(r["id"]) <= 28 else r["id"][:27] + "…", style="bold")
            unit = self.unit_names.get(r["responsible"], r["responsible"])
            table.add_row(change, item, Text(r["field_sv"]), Text(r["period"] or ""), before_after,
                          Text(unit if len(unit) <= 20 else unit[:19] + "…"), Text(r["kind"]),
                          Text(r["title"] or ""), key=str(i))
        state = Text(t("diff.state", n=len(self.shown), total=len(self.rows)))
        state.append("   " + t("diff.kind") + ": ", style="dim")
        state.append(t("diff.all") if not self.change_filter else t("diff.change." + self.change_filter))
        state.append("   " + t("diff.unit") + ": ", style="dim")
        state.append(t("diff.all") if not self.unit_filter else self.unit_names.get(self.unit_filter, self.unit_filter))
        self.query_one("#diff-state", Static).update(state)

    def action_cycle_change(self) -> None:
        present = [c for c in CHANGE_FILTERS if not c or any(r["change"] == c for r in self.rows)]
        self.change_filter = present[(present.index(self.change_filter) + 1) % len(present)]
        self.refill()

    def action_cycle_unit(self) -> None:
        self.unit_filter = self.units[(self.units.index(self.unit_filter) + 1) % len(self.units)]
        self.refill()

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        r = self.shown[int(event.row_key.value)]
        kind = "indicator" if r["what"] == "indicator" else "item"
        period = r["doc_period"] or ""
        self.dismiss(Ref(kind, r["municipality"], r["board"], int(period[:4]) if period[:4].isdigit() else 0,
                         r["doc_kind"], period, r["id"]))

    def table_text(self) -> str:
        table = self.query_one(DataTable)
        return "\n".join(" | ".join(c.plain if isinstance(c, Text) else str(c) for c in table.get_row_at(r))
                         for r in range(table.row_count))
