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
from textual.widgets import DataTable, Static
from ..widgets.footer import KeyFooter

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
            # what changed, on what (its title) and how first; the whole title, the id and the rest
            # of the selected row in the detail line below, so 80 columns show what matters
            for c in ("diff.col.change", "diff.col.item", "diff.col.field", "diff.col.period", "hist.change",
                      "diff.col.unit", "diff.col.kind"):
                table.add_column(Text(t(c)))
            yield table
            yield Static(id="diff-detail", classes="detail-line")
        yield KeyFooter()

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
            name = r["title"] or r["id"]
            item = Text(name if len(name) <= 28 else name[:27] + "…", style="bold")
            unit = self.unit_names.get(r["responsible"], r["responsible"])
            table.add_row(change, item, Text(r["field_sv"]), Text(r["period"] or ""), before_after,
                          Text(unit if len(unit) <= 20 else unit[:19] + "…"), Text(r["kind"]), key=str(i))
        state = Text(t("diff.state", n=len(self.shown), total=len(self.rows)))
        state.append("   " + t("diff.kind") + ": ", style="dim")
        state.append(t("diff.all") if not self.change_filter else t("diff.change." + self.change_filter))
        state.append("   " + t("diff.unit") + ": ", style="dim")
        state.append(t("diff.all") if not self.unit_filter else self.unit_names.get(self.unit_filter, self.unit_filter))
        self.query_one("#diff-state", Static).update(state)
        self.show_detail(0)

    def show_detail(self, row: int) -> None:
        """The selected change whole: its title, id, kind and responsible unit (wraps)."""
        detail = Text()
        if 0 <= row < len(self.shown):
            r = self.shown[row]
            detail.append(r["title"] or r["id"], style="bold")
            detail.append(f"  ({r['id']}, {r['kind']})", style="dim")
            unit = self.unit_names.get(r["responsible"], r["responsible"])
            if unit:
                detail.append("  " + t("diff.col.unit") + ": ", style="dim")
                detail.append(unit)
            # the change whole (its column is cut at 80 columns)
            detail.append("\n" + (r["field_sv"] + (f" {r['period']}" if r["period"] else "") + ": ").lstrip(), style="dim")
            detail.append(r["old"] or "–", style="red")
            detail.append(" → ", style="dim")
            detail.append(r["new"] or "–", style="green")
        self.query_one("#diff-detail", Static).update(detail)

    @on(DataTable.RowHighlighted)
    def row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.row_key is not None and event.row_key.value is not None:
            self.show_detail(int(event.row_key.value))

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
