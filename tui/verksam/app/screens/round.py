"""`R`: a follow-up round in a few keys. The queue is my unit's uppdrag, initiativ and åtgärder
without an update this period; `s` cycles the status, `g` the completion forecast, `c` adds a
dated comment and moves to the next item. Every edit goes through the store in a worker and is
undone with Ctrl+z like any other; Ctrl+s saves."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from ..commands import commands, keys_hint, use_bindings
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from ...model.entities import Document, Municipality
from ...service.editing import item_fields, next_choice
from ...service.workspace import SetValue
from ...text import t
from ...service.nav import Ref, find_document, units_under
from ...service.status import completion_text, has_update, status_text
from ..widgets.views import one_line


def round_queue(m: Municipality, doc: Document, unit: str = "") -> list[str]:
    """Ids of the items of `unit` (or units under it; every item without a unit) with no update."""
    units = units_under(m, unit) if unit else None
    out = []
    for it in doc.items:
        if units is not None and it.responsible not in units and not (set(it.contributors) & units):
            continue
        if not has_update(it, doc):
            out.append(it.id)
    return out


class RoundScreen(Screen):
    def __init__(self, muni: str, board: str, year: int, period: str, unit: str, queue: list[str]):
        super().__init__()
        use_bindings(self, "round")
        self.doc_ref = Ref("document", muni, board, year, "followup", period)
        self.unit = unit
        self.queue = queue

    def compose(self) -> ComposeResult:
        yield Static("", id="round-head")
        table = DataTable(id="round-table", cursor_type="row", zebra_stripes=True)
        for key in ("round.done", "f.kind", "f.title", "f.responsible", "f.status", "f.completion_short", "f.latest"):
            table.add_column(Text(t(key)), key=key)
        yield table
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_rows()
        self.query_one(DataTable).focus()

    @property
    def doc(self) -> tuple[Municipality | None, Document | None]:
        return find_document(self.app.main.ws, self.doc_ref)

    def refresh_rows(self) -> None:
        m, doc = self.doc
        table = self.query_one(DataTable)
        row = table.cursor_row
        table.clear()
        done = 0
        for iid in self.queue:
            it = doc.item(iid) if doc else None
            if it is None:
                table.add_row(Text("–"), Text(""), Text(iid, style="dim"), "", "", "", "", key=iid)
                continue
            ok = has_update(it, doc)
            done += ok
            lc = it.latest_comment
            table.add_row(Text("✓" if ok else "·", style="bold green" if ok else "dim"), Text(t("kind." + it.kind)),
                          Text(one_line(it.title, 50)), Text(m.unit_name(it.responsible) if it.responsible else ""),
                          status_text(it.status), completion_text(it.completion),
                          Text(f"{lc.date.isoformat() if lc and lc.date else ''} {one_line(lc.text, 40) if lc else ''}".strip()),
                          key=iid)
        if self.queue:
            table.move_cursor(row=min(max(row, 0), len(self.queue) - 1))
        head = Text(t("round.title"), style="bold")
        head.append(f"  {doc.title if doc else ''}  ", style="bold cyan")
        head.append(t("round.unit", unit=m.unit_name(self.unit) if (m and self.unit) else t("round.all")), style="yellow")
        head.append("  " + t("round.progress", done=done, n=len(self.queue)), style="bold")
        if self.app.service.dirty:
            head.append("  ● " + t("dirty", n=len(self.app.service.session.changes)), style="bold yellow")
        head.append("\n" + keys_hint(self, [c.id for c in commands("round") if c.id != "help"]), style="dim")
        self.query_one("#round-head", Static).update(head)

    @property
    def current_id(self) -> str | None:
        table = self.query_one(DataTable)
        if not self.queue or table.cursor_row < 0:
            return None
        return self.queue[table.cursor_row]

    def action_move(self, delta: int) -> None:
        table = self.query_one(DataTable)
        table.move_cursor(row=max(0, min(len(self.queue) - 1, table.cursor_row + delta)))

    def action_cycle(self, key: str) -> None:
        m, doc = self.doc
        iid = self.current_id
        it = doc.item(iid) if doc and iid else None
        if it is None:
            return
        f = next(f for f in item_fields(m, doc, it) if f.key == key)
        value = next_choice(f.choices, f.current)
        svc = self.app.service
        self.app.store_call(lambda: svc.edit(SetValue(f.at, value)), self.app.main.edited)

    def action_comment(self) -> None:
        m, doc = self.doc
        iid = self.current_id
        it = doc.item(iid) if doc and iid else None
        if it is None:
            return

        def after(result):
            if result:
                self.action_move(1)

        self.app.main.open_comment(doc, it, after)

    def action_open(self) -> None:
        iid = self.current_id
        self.app.pop_screen()
        if iid:
            self.app.main.jump(self.doc_ref.child("item", iid))

    def action_close(self) -> None:
        self.app.pop_screen()
