"""`R`: the reporting round of a follow-up. At the top the deadline, the controller's
instructions and every unit's completion as a bar (`3 av 5 enheter klara`); then the units with
their state; then the queue: my units' items without an update (a reporter's own first; `a` shows
every unit's). `s` cycles the status, `g` the completion forecast, `c` adds a dated comment
(several lines) and moves on; an item changed here is ticked at once, and finished items leave the
queue when you move on. `r` marks my part ready, a controller sends a part back (`b`), approves
the report (`A`) or opens it again (`O`): each its own commit with the user's identity. An approved
report shows a banner and its edit keys are gone from the footer. Item edits go through the store
in a worker and are undone with Ctrl+z, redone with Ctrl+y, saved with Ctrl+s like any other."""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static
from ..widgets.footer import KeyFooter

from ...model.entities import Document, Municipality, Person
from ...model.round import is_controller, is_locked, item_missing, round_parts
from ...service.editing import Field, item_fields, next_choice
from ...service.workspace import SetValue
from ...service.nav import Ref, find_document, units_under
from ...service.round import bar, days_text, round_head, unit_name
from ...service.status import completion_text, status_text
from ...text import t
from ..commands import use_bindings
from ..widgets.reftable import RefTable
from ..widgets.views import one_line

ROUND_COLUMNS = ("round.done", "f.status", "f.completion_short", "f.title", "f.kind", "f.responsible", "f.latest")

EDIT_ACTIONS = {"cycle", "comment", "ready"}
CONTROLLER_ACTIONS = {"send_back", "approve", "force_ready"}


def round_queue(m: Municipality, doc: Document, units: set[str] | None = None) -> list[str]:
    """Ids of the items with something missing this period, of `units` (every item when None)."""
    return [it.id for it in doc.items
            if (units is None or it.responsible in units or set(it.contributors) & units) and item_missing(it, doc, m)]


class RoundScreen(Screen):
    def __init__(self, muni: str, board: str, year: int, period: str, unit: str = "",
                 queue: list[str] | None = None, person: Person | None = None):
        super().__init__()
        use_bindings(self, "round")
        self.doc_ref = Ref("document", muni, board, year, "followup", period)
        self.unit = unit  # the unit filter, when the user is not among the people
        self.person = person
        self.show_all = False
        self.ticked: set[str] = set()  # items changed in this round: done, whatever the rule says
        self.queue: list[str] = list(queue) if queue is not None else []
        self._queue_given = queue is not None

    def compose(self) -> ComposeResult:
        yield Static("", id="round-head")
        units = DataTable(id="round-units", cursor_type="row", zebra_stripes=True)
        for key in ("round.col.unit", "round.col.done", "round.col.missing", "round.col.state", "round.col.marked"):
            units.add_column(Text(t(key)), key=key)
        yield units
        # 80×24 first: ticked, the status and the forecast (narrow, so a change made with s or g is
        # seen at once), then the title (wrapping); what does not fit is in the detail line below
        table = RefTable(*[Text(t(key)) for key in ROUND_COLUMNS], id="round-table", scope=None,
                         priority=(0, 1, 3, 2, 5, 4, 6), wrap=3, wrap_want=24)
        yield table
        yield KeyFooter()

    def on_mount(self) -> None:
        if not self._queue_given:
            self.queue = self.build_queue()
        self.refresh_rows()
        self.query_one("#round-table", DataTable).focus()

    # ------------------------------------------------------------ state

    @property
    def doc(self) -> tuple[Municipality | None, Document | None]:
        return find_document(self.app.main.ws, self.doc_ref)

    @property
    def my_units(self) -> set[str] | None:
        """The units whose items are mine: the person's (a controller: every unit), else the
        unit filter; None for every unit."""
        m, doc = self.doc
        if self.person is not None and not is_controller(self.person, self.doc_ref.board):
            return set(self.person.units)
        if self.person is None and self.unit and m is not None:
            return units_under(m, self.unit)
        return None

    @property
    def locked(self) -> bool:
        return is_locked(self.doc[1])

    @property
    def controller(self) -> bool:
        return is_controller(self.person, self.doc_ref.board)

    def build_queue(self) -> list[str]:
        m, doc = self.doc
        if doc is None:
            return []
        mine = self.my_units
        queue = round_queue(m, doc, mine)
        if self.show_all and mine is not None:
            queue += [i for i in round_queue(m, doc) if i not in queue]
        return queue

    def done(self, iid: str) -> bool:
        m, doc = self.doc
        it = doc.item(iid) if doc else None
        return iid in self.ticked or (it is not None and not item_missing(it, doc, m))

    def check_action(self, action: str, parameters) -> bool | None:
        """Keys that cannot apply are not in the footer: no edits in an approved report, the
        controller's keys only for a controller, reopen only when approved."""
        if action in EDIT_ACTIONS or action in CONTROLLER_ACTIONS:
            if self.locked:
                return False
            if action in CONTROLLER_ACTIONS and not self.controller:
                return False
            if action == "ready" and self.person is None:
                return False
        if action == "reopen":
            return self.locked and self.controller
        return True

    # ------------------------------------------------------------ showing

    def refresh_rows(self) -> None:
        m, doc = self.doc
        if m is None or doc is None:
            return
        self._units(m, doc)
        table = self.query_one("#round-table", DataTable)
        row = table.cursor_row
        table.clear()
        for iid in self.queue:
            it = doc.item(iid)
            if it is None:
                table.add([Text("–"), "", "", Text(iid, style="dim"), "", "", ""], key=iid)
                continue
            ok = self.done(iid)
            lc = it.latest_comment
            table.add([Text("✓" if ok else "·", style="bold green" if ok else "dim"), status_text(it.status),
                       completion_text(it.completion), Text(it.title.strip()), Text(t("kind." + it.kind)),
                       Text(m.unit_name(it.responsible) if it.responsible else ""),
                       Text(f"{lc.date.isoformat() if lc and lc.date else ''} {one_line(lc.text, 60) if lc else ''}".strip())],
                      key=iid)
        if self.queue:
            table.move_cursor(row=min(max(row, 0), len(self.queue) - 1))
        self._head(m, doc)
        self.refresh_bindings()

    def _units(self, m: Municipality, doc: Document) -> None:
        units = self.query_one("#round-units", DataTable)
        row = units.cursor_row
        units.clear()
        mine = self.my_units
        for p in round_parts(m, doc):
            name = Text(one_line(unit_name(m, p.unit), 34), style="bold" if mine and p.unit in mine else "")
            state_style = {"Klar": "bold green", "Godkänd": "bold cyan", "Pågår": "yellow"}.get(p.state, "dim")
            day = p.at.date() if isinstance(p.at, dt.datetime) else p.at
            marked = f"{self._person_name(m, p.by)} {day.isoformat() if day else ''}".strip() if p.by else ""
            units.add_row(name, Text(f"{bar(p.updated, p.total, 8)} {p.updated}/{p.total}"),
                          Text(str(p.missing), style="bold red" if p.missing else "dim"),
                          Text(p.state, style=state_style), Text(marked), key=p.unit or "-")
        if units.row_count:
            units.move_cursor(row=min(max(row, 0), units.row_count - 1))

    @staticmethod
    def _person_name(m: Municipality, who: str) -> str:
        p = m.person(who)
        return p.name if p else who

    def today(self) -> dt.date:
        """The day the deadline is counted from (the snapshot tests fix it)."""
        return dt.date.today()

    def _head(self, m: Municipality, doc: Document) -> None:
        h = round_head(m, doc, self.today())
        head = Text(t("round.title"), style="bold")
        head.append(f"  {h.title}  ", style="bold cyan")
        if h.deadline:
            head.append(t("round.cli.deadline", deadline=h.deadline, left=days_text(h.days_left)),
                        style="bold red" if (h.days_left or 0) < 0 else "yellow")
        head.append("\n")
        head.append(f"{bar(h.ready, h.units)} ", style="green")
        head.append(t("round.bar", done=h.ready, n=h.units), style="bold")
        done = sum(self.done(i) for i in self.queue)
        head.append("   " + t("round.progress", done=done, n=len(self.queue)))
        if self.app.service.dirty:
            head.append("  ● " + t("dirty", n=len(self.app.service.session.changes)), style="bold yellow")
        head.append("\n")
        if self.person is not None:
            head.append(t("round.you", name=self.person.name, role=self.person.role), style="dim")
        elif self.unit:
            head.append(t("round.unit", unit=m.unit_name(self.unit)), style="yellow")
        else:
            head.append(t("round.you_unknown"), style="dim")
        if h.approved:
            head.append("\n")
            head.append(" " + t("round.banner", who=h.approved_by, at=h.approved_at[:10]) + " ",
                        style="bold white on dark_green")
        elif h.instructions:
            lines = [one_line(x, 240) for x in h.instructions.strip().splitlines() if x.strip()]
            head.append("\n" + t("round.cli.instructions") + " ", style="bold")
            head.append(lines[0] if lines else "")
            for line in lines[1:3]:
                head.append("\n  " + line)
            if len(lines) > 3:
                head.append(" …", style="dim")
        self.query_one("#round-head", Static).update(head)

    # ------------------------------------------------------------ moving

    @property
    def current_id(self) -> str | None:
        table = self.query_one("#round-table", DataTable)
        if not self.queue or table.cursor_row < 0:
            return None
        return self.queue[min(table.cursor_row, len(self.queue) - 1)]

    def prune(self) -> None:
        """Finished items leave the queue (the one under the cursor stays until you move on)."""
        cur = self.current_id
        keep = [i for i in self.queue if i == cur or not self.done(i)]
        if keep != self.queue:
            self.queue = keep
            self.refresh_rows()
            if cur in keep:
                self.query_one("#round-table", DataTable).move_cursor(row=keep.index(cur))

    def action_move(self, delta: int) -> None:
        if self.focused is self.query_one("#round-units", DataTable):
            units = self.query_one("#round-units", DataTable)
            units.move_cursor(row=max(0, min(units.row_count - 1, units.cursor_row + delta)))
            return
        cur = self.current_id
        self.prune()
        table = self.query_one("#round-table", DataTable)
        if not self.queue:
            return
        base = self.queue.index(cur) if cur in self.queue else table.cursor_row
        if cur is not None and cur in self.queue and self.done(cur):
            # the finished item leaves now too; the next one takes its place
            self.queue.remove(cur)
            self.refresh_rows()
            table.move_cursor(row=min(base, len(self.queue) - 1) if delta > 0 else max(0, base - 1))
            return
        table.move_cursor(row=max(0, min(len(self.queue) - 1, base + delta)))

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.queue = self.build_queue()
        self.refresh_rows()

    # ------------------------------------------------------------ editing items

    def _writable(self) -> bool:
        if self.locked:
            self.notify(t("round.is_locked"), severity="warning")
            return False
        return True

    def _tick(self, iid: str):
        def after(result) -> None:
            if result:
                self.ticked.add(iid)
                self.refresh_rows()
        return after

    def action_cycle(self, key: str) -> None:
        if not self._writable():
            return
        m, doc = self.doc
        iid = self.current_id
        it = doc.item(iid) if doc and iid else None
        if it is None:
            return
        f = next(f for f in item_fields(m, doc, it) if f.key == key)
        value = next_choice(f.choices, f.current)
        svc = self.app.service
        tick = self._tick(iid)
        self.app.store_call(lambda: svc.edit(SetValue(f.at, value)),
                            lambda r: (self.app.main.edited(r), tick(r)))

    def action_comment(self) -> None:
        if not self._writable():
            return
        m, doc = self.doc
        iid = self.current_id
        it = doc.item(iid) if doc and iid else None
        if it is None:
            return
        tick = self._tick(iid)

        def after(result):
            tick(result)
            if result:
                self.action_move(1)

        self.app.main.open_comment(doc, it, after)

    def action_undo(self) -> None:
        self.app.main.action_undo()

    def action_redo(self) -> None:
        self.app.main.action_redo()

    def action_open(self) -> None:
        iid = self.current_id
        self.app.pop_screen()
        if iid:
            self.app.main.jump(self.doc_ref.child("item", iid))

    def action_close(self) -> None:
        self.app.pop_screen()

    # ------------------------------------------------------------ the round's states

    def _selected_unit(self) -> str | None:
        """The unit of the units table's row when it has focus; else my one unit, else the unit
        of the item under the cursor."""
        m, doc = self.doc
        units = self.query_one("#round-units", DataTable)
        parts = round_parts(m, doc)
        if self.focused is units and parts:
            return parts[min(units.cursor_row, len(parts) - 1)].unit
        mine = self.my_units
        if mine is not None and len(mine & {p.unit for p in parts}) == 1:
            return next(iter(mine & {p.unit for p in parts}))
        it = doc.item(self.current_id) if self.current_id else None
        return it.responsible if it is not None else None

    def _run(self, what: str, unit: str = "", comment: str = "", force: bool = False):
        """In a thread: the state change, committed by the store."""
        r = self.doc_ref
        return self.app.service.round_change(what, r.muni, r.board, r.doc_period, unit, comment, force)

    def _changed(self, result) -> None:
        if not result:
            return
        res, loaded = result
        self.app.apply_edit(loaded, "")
        self.notify(t("round.committed", commit=(res.report.commit or "")[:10],
                      subject=res.report.message.splitlines()[0]), timeout=6, markup=False)
        self.refresh_rows()

    def _change(self, what: str, unit: str = "", comment: str = "") -> None:
        self.app.store_call(lambda: self._run(what, unit, comment), self._changed)

    def _unit_to_change(self) -> str | None:
        """The unit of the selected row, when this person may change the round (else said why)."""
        if not self._writable():
            return None
        unit = self._selected_unit()
        if unit is None:
            self.notify(t("round.pick_unit"), severity="warning")
        return unit

    def action_ready(self) -> None:
        unit = self._unit_to_change()
        if unit is None:
            return
        if self.app.service.dirty:  # what is unsaved does not count yet: save first, then mark
            self.app.main.action_save_then(lambda: self._change("ready", unit))
            return
        self._change("ready", unit)

    def action_force_ready(self) -> None:
        """A controller marks a unit's part ready although updates are missing (as `verksam round
        ready UNIT --force -m REASON`): a dialog asks for the reason, which confirms it."""
        unit = self._unit_to_change()
        if unit is None:
            return
        m, doc = self.doc
        part = next((p for p in round_parts(m, doc) if p.unit == unit), None)
        if part is None or not part.missing:
            self.action_ready()  # nothing missing: an ordinary ready
            return
        if self.app.service.dirty:  # unsaved updates may be what is missing: save them first
            self.app.main.action_save_then(lambda: self.action_force_ready())
            return
        self._ask(t("round.force_title", unit=unit_name(m, unit), n=part.missing), t("round.force_label"), "ready",
                  unit, note=t("round.force_note"), force=True)

    def _ask(self, title: str, label: str, what: str, unit: str = "", required: bool = True, note: str = "",
             force: bool = False) -> None:
        """A multi-line comment, then the change (its refusal is shown in the dialog)."""
        from .edit import FormScreen

        f = Field("text", label, "multiline", "", (), None, optional=not required)
        self.app.push_screen(FormScreen(title, [f], lambda vals: self._run(what, unit, vals["text"] or "", force),
                                        note=note),
                             self._changed)

    def action_send_back(self) -> None:
        unit = self._unit_to_change()
        if unit is None:
            return
        m, _ = self.doc
        self._ask(t("round.back_title", unit=unit_name(m, unit)), t("round.back_label"), "back", unit)

    def action_approve(self) -> None:
        if not self._writable():
            return
        m, doc = self.doc
        self._ask(t("round.approve_title", title=doc.title or doc.label), t("round.approve_label"), "approve",
                  required=False)

    def action_reopen(self) -> None:
        m, doc = self.doc
        self._ask(t("round.reopen_title", title=doc.title or doc.label), t("round.reopen_label"), "reopen")
