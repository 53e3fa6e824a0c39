"""A read-only DataTable whose rows lead somewhere: Enter (or a click) on a row opens its place."""

from __future__ import annotations

from rich.text import Text
from ..commands import use_bindings
from textual.widgets import DataTable

from ..messages import OpenRef
from ...service.nav import Ref


def cell(value) -> Text:
    """Every cell is a Text, so brackets in the data are never read as markup."""
    if isinstance(value, Text):
        return value
    if value is None:
        return Text("")
    return Text(str(value))


class RefTable(DataTable):
    """Rows are Text cells; a row's key is the key of a `Ref` (or none when it leads nowhere)."""

    def __init__(self, *columns, id: str | None = None, classes: str | None = None, fixed_columns: int = 0):
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        use_bindings(self, "table")
        self._columns_spec = columns
        self.fixed_columns = fixed_columns
        self._refs: dict[str, Ref] = {}
        self._n = 0
        for c in columns:
            self.add_column(cell(c))

    def add(self, cells, ref: Ref | None = None, height: int | None = 1) -> None:
        self._n += 1
        key = f"{self._n}"
        if ref is not None:
            self._refs[key] = ref
        self.add_row(*[cell(c) for c in cells], key=key, height=height)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        ref = self._refs.get(event.row_key.value)
        if ref is not None:
            event.stop()
            self.post_message(OpenRef(ref))
