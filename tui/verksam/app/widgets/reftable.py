"""A read-only DataTable whose rows lead somewhere: Enter (or a click) on a row opens its place.

Narrow first (issue 14, 80×24): a table may give its columns priorities and one column that
wraps. It then shows, in their own order, the most important columns that fit its width (the
wrapping one gets what is left, its rows as high as their text), and a detail line under it says
the selected row's hidden columns (and any extra words of the row) in full. On a wider screen more
columns show and the detail line empties. Without priorities it is a plain table."""

from __future__ import annotations

from typing import Sequence

from rich.text import Text
from textual.widgets import DataTable, Static

from ..commands import use_bindings
from ..messages import OpenRef
from ...service.nav import Ref

WRAP_MIN = 16  # the wrapping column is never narrower than this


def cell(value) -> Text:
    """Every cell is a Text, so brackets in the data are never read as markup."""
    if isinstance(value, Text):
        return value
    if value is None:
        return Text("")
    return Text(str(value))


def text_width(t: Text) -> int:
    return max((Text(line).cell_len for line in t.plain.splitlines()), default=0)


class RefTable(DataTable):
    """Rows are Text cells; a row's key is the key of a `Ref` (or none when it leads nowhere)."""

    def __init__(self, *columns, id: str | None = None, classes: str | None = None, fixed_columns: int = 0,
                 priority: Sequence[int] | None = None, wrap: int | None = None, scope: str | None = "table",
                 detail: bool | None = None, wrap_want: int = 30, wrap_min: int = WRAP_MIN):
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        if scope:
            use_bindings(self, scope)
        self._columns_spec = columns
        self.fixed_columns = fixed_columns
        self._refs: dict[str, Ref] = {}
        self._n = 0
        self.labels = [cell(c) for c in columns]
        # fitting: the columns by importance (0 first), the one that wraps
        self.priority = list(priority) if priority is not None else None
        self.wrap = wrap
        self.wrap_want = wrap_want  # less important columns show only when the wrapping one keeps this much
        self.wrap_min = wrap_min  # and it is never narrower than this
        self.fits = priority is not None or wrap is not None
        self.shown = list(range(len(columns)))
        self.wrap_width = 0
        self._refit_pending = False
        self.fitted = False  # fitted to a real width at least once
        self.rows_data: list[tuple[list[Text], str, int | None, Text | None]] = []
        self.detail_line: Static | None = (Static("", classes="detail-line")
                                           if (self.fits if detail is None else detail) else None)
        if self.detail_line is not None:
            self.detail_line.display = False
        if self.fits:
            self.add_class("-fit")
        for c in self.labels:
            self.add_column(c)

    # ------------------------------------------------------------ rows

    def add(self, cells, ref: Ref | None = None, height: int | None = 1, key: str | None = None,
            detail: Text | str | None = None) -> None:
        """A row; `detail` is said in full in the detail line when the row is selected."""
        self._n += 1
        key = key or f"{self._n}"
        if ref is not None:
            self._refs[key] = ref
        cells = [cell(c) for c in cells]
        self.rows_data.append((cells, key, height, cell(detail) if detail is not None else None))
        self._add_shown(cells, key, height)
        if len(self.rows_data) == 1:
            self.show_detail()
        if self.fits and not self._refit_pending and self.is_attached:
            # the new row may change what fits: look again once the rows are in
            self._refit_pending = True
            self.call_after_refresh(self._refit)

    def _refit(self) -> None:
        self._refit_pending = False
        self.fit()

    def _add_shown(self, cells: list[Text], key: str, height: int | None) -> None:
        if not self.fits:
            self.add_row(*cells, key=key, height=height)
            return
        self.add_row(*[cells[i] for i in self.shown], key=key, height=None if self.wrap in self.shown else height)

    def clear(self, columns: bool = False):
        if not columns:
            self.rows_data = []
            self._refs = {}
        return super().clear(columns)

    # ------------------------------------------------------------ fitting the width

    def natural_widths(self) -> list[int]:
        widths = [text_width(label) for label in self.labels]
        for cells, *_ in self.rows_data:
            for i, c in enumerate(cells):
                widths[i] = max(widths[i], text_width(c))
        return widths

    def choose(self, width: int) -> tuple[list[int], int]:
        """The columns that fit `width` (most important first, shown in their own order) and the
        wrapping column's width."""
        pad = 2 * self.cell_padding
        natural = self.natural_widths()
        order = self.priority if self.priority is not None else list(range(len(self.labels)))
        ranked = sorted(range(len(self.labels)), key=lambda i: (order[i] if i < len(order) else 99, i))
        chosen: list[int] = []
        used = 0
        for i in ranked:
            need = (min(natural[i], self.wrap_want) if i == self.wrap else natural[i]) + pad
            if i == self.wrap and used + need > width:  # it takes what there is, down to wrap_min
                need = min(natural[i], max(self.wrap_min, width - used - pad)) + pad
            if used + need > width and chosen:
                break  # strictly by importance: a less important column never takes a place first
            chosen.append(i)
            used += need
        wrap_width = 0
        if self.wrap in chosen:
            rest = width - sum(natural[i] + pad for i in chosen if i != self.wrap) - pad
            wrap_width = max(min(natural[self.wrap], rest), min(natural[self.wrap], self.wrap_min), 1)
        return sorted(chosen), wrap_width

    def on_resize(self, event) -> None:
        if self.fits:
            self.fit()

    def fit(self) -> None:
        width = self.size.width - 2  # the scrollbar and the focus mark
        if width <= 0:
            return
        shown, wrap_width = self.choose(width)
        self.fitted = True
        if shown == self.shown and wrap_width == self.wrap_width and self.columns:
            return
        self.shown, self.wrap_width = shown, wrap_width
        row = self.cursor_row
        DataTable.clear(self, columns=True)
        for i in shown:
            if i == self.wrap:
                self.add_column(self.labels[i], width=wrap_width)
            else:
                self.add_column(self.labels[i])
        for cells, key, height, _ in self.rows_data:
            self._add_shown(cells, key, height)
        if self.rows_data:
            self.move_cursor(row=min(max(row, 0), len(self.rows_data) - 1))
        self.fixed_columns = min(self.fixed_columns, len(shown))
        self.show_detail()

    # ------------------------------------------------------------ the detail line

    def on_mount(self) -> None:
        if self.detail_line is not None and self.parent is not None and self.detail_line.parent is None:
            self.parent.mount(self.detail_line, after=self)

    def detail_text(self, row: int) -> Text:
        """The selected row's hidden columns, `Header: value`, and its extra words."""
        out = Text()
        if not 0 <= row < len(self.rows_data):
            return out
        cells, _key, _h, extra = self.rows_data[row]
        for i, c in enumerate(cells):
            if i in self.shown or not c.plain.strip():
                continue
            if out.plain:
                out.append("  ")
            out.append(self.labels[i].plain + ": ", style="bold")
            out.append_text(c)
        if extra is not None and extra.plain:
            if out.plain:
                out.append("  ")
            out.append_text(extra)
        return out

    def show_detail(self) -> None:
        if self.detail_line is None:
            return
        text = self.detail_text(self.cursor_row)
        self.detail_line.update(text)
        self.detail_line.display = bool(text.plain)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self.show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        ref = self._refs.get(event.row_key.value)
        if ref is not None:
            event.stop()
            self.post_message(OpenRef(ref))
