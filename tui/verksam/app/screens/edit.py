"""The editing dialogs. Each checks what is typed at once (refused inline with what is expected),
then hands the value to a function that runs in a thread worker (the store's edit, save …); a
refusal from the store is shown inline too, and nothing is written. Text from the files is shown
literally (rich Text, never markup).
"""

from __future__ import annotations

from typing import Any, Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from ..commands import commands, keys_hint, keys_line, use_bindings
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Input, OptionList, Select, Static, TextArea
from textual.widgets.option_list import Option

from ...service.editing import BadInput, Field, display, parse_input
from ...text import t

Action = Callable[[Any], Any]  # runs in a thread; raises to refuse (message shown), returns a result


class Busy:
    """Mixin: run `action(arg)` in a thread worker; dismiss with its result or show its refusal."""

    def run_action(self, action: Action, arg: Any) -> None:
        self.query_one(".dlg-error", Static).update(Text(t("edit.working"), style="dim"))

        def work() -> None:
            try:
                result = action(arg)
            except Exception as e:  # the store's refusal (InvalidEdit, WriteRefused, GitError …)
                self.app.call_from_thread(self.refused, str(e) or type(e).__name__)
                return
            self.app.call_from_thread(self.dismiss, result)

        self.run_worker(work, thread=True, exit_on_error=False, group="dialog")

    def refused(self, message: str) -> None:
        self.query_one(".dlg-error", Static).update(Text(message, style="bold red"))


def _input_for(f: Field, i: int):
    if f.kind == "enum":
        opts = [(Text(shown), stored) for shown, stored in f.choices]
        value = f.current if f.current in {s for _, s in f.choices} else Select.NULL
        return Select(opts, value=value, prompt=t("edit.choose"), id=f"in-{i}", allow_blank=f.optional or value is Select.NULL)
    if f.kind == "multiline":
        ta = TextArea(str(f.current or ""), id=f"in-{i}", soft_wrap=True, tab_behavior="focus")
        return ta
    return Input(value=display(f.current, f.kind), id=f"in-{i}", placeholder=t(f"edit.hint.{f.kind}"), select_on_focus=False)


class FormScreen(Busy, ModalScreen[Any]):
    """A small form: one widget per field; Enter (or Ctrl+s) submits, Esc cancels."""

    def __init__(self, title: str, fields: list[Field], action: Action, note: str = "", focus: int = 0):
        super().__init__()
        use_bindings(self, "form")
        self.focus_index = focus
        self.title_text = title
        self.fields = fields
        self.action = action
        self.note = note

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dlg"):
            yield Static(Text(self.title_text, style="bold"), classes="h1")
            if self.note:
                yield Static(Text(self.note, style="dim"))
            for i, f in enumerate(self.fields):
                label = Text(f.label, style="bold")
                if f.kind in ("number", "int", "date"):
                    label.append("  " + t(f"edit.hint.{f.kind}"), style="dim")
                yield Static(label)
                yield _input_for(f, i)
            yield Static("", classes="dlg-error")
            yield Static(Text(t("form.keys" if not any(f.kind == "multiline" for f in self.fields) else "form.keys.ml"),
                              style="dim"))

    def on_mount(self) -> None:
        w = self.query_one(f"#in-{self.focus_index}")
        w.focus()
        if isinstance(w, Input):
            w.cursor_position = len(w.value)

    def values(self) -> dict[str, Any]:
        out = {}
        for i, f in enumerate(self.fields):
            w = self.query_one(f"#in-{i}")
            if isinstance(w, Select):
                v = w.value
                if v is Select.NULL or v is None:
                    if not f.optional:
                        raise BadInput(f"{f.label}: {t('input.required')}")
                    out[f.key] = None
                else:
                    out[f.key] = v
                continue
            text = w.text if isinstance(w, TextArea) else w.value
            try:
                out[f.key] = parse_input(f, text)
            except BadInput as e:
                w.focus()
                raise BadInput(f"{f.label}: {e}") from None
        return out

    def action_submit(self) -> None:
        try:
            vals = self.values()
        except BadInput as e:
            self.refused(str(e))
            return
        self.run_action(self.action, vals)

    @on(Input.Submitted)
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        ids = [f"in-{i}" for i in range(len(self.fields))]
        i = ids.index(event.input.id) if event.input.id in ids else len(ids) - 1
        if i < len(ids) - 1:
            self.query_one(f"#{ids[i + 1]}").focus()
        else:
            self.action_submit()


class EditScreen(Busy, ModalScreen[Any]):
    """`e`: the fields of what is shown, with their values; Enter edits one. An enumeration is
    chosen from its list at once; other values get a small form."""

    def __init__(self, title: str, fields: list[Field], action: Action, start: str | None = None):
        super().__init__()
        use_bindings(self, "fields")
        self.title_text = title
        self.fields = fields
        self.action = action  # action((field, value)) in a thread
        self.chosen: Field | None = None
        self.start = start

    def compose(self) -> ComposeResult:
        with Vertical(classes="dlg"):
            yield Static(Text(self.title_text, style="bold"), classes="h1")
            yield Static(Text(t("edit.pick"), style="dim"), id="edit-prompt")
            yield OptionList(id="edit-list")
            yield Static("", classes="dlg-error")

    def on_mount(self) -> None:
        self.show_fields()
        if self.start:
            f = next((f for f in self.fields if f.key == self.start), None)
            if f is not None:
                self.call_after_refresh(self.pick, f)

    def show_fields(self) -> None:
        self.chosen = None
        ol = self.query_one("#edit-list", OptionList)
        ol.clear_options()
        for i, f in enumerate(self.fields):
            line = Text(f"{f.label}: ", style="bold")
            line.append(one(f.shown()) or "–", style="" if f.current is not None else "dim")
            ol.add_option(Option(line, id=f"f{i}"))
        ol.highlighted = 0
        ol.focus()
        self.query_one("#edit-prompt", Static).update(Text(t("edit.pick"), style="dim"))

    def pick(self, f: Field) -> None:
        if f.kind == "enum":
            self.chosen = f
            ol = self.query_one("#edit-list", OptionList)
            ol.clear_options()
            stored = [s for _, s in f.choices]
            for shown, s in f.choices:
                ol.add_option(Option(Text(("● " if s == f.current else "  ") + shown), id=f"c{stored.index(s)}"))
            if f.optional:
                ol.add_option(Option(Text("  " + t("edit.clear"), style="dim"), id="clear"))
            ol.highlighted = stored.index(f.current) if f.current in stored else 0
            ol.focus()
            self.query_one("#edit-prompt", Static).update(Text(t("edit.choose_for", f=f.label), style="dim"))
            return

        def done(result: Any) -> None:
            if result is not None:
                self.dismiss(result)

        self.app.push_screen(FormScreen(self.title_text, [f], lambda vals: self.action((f, vals[f.key]))), done)

    @on(OptionList.OptionSelected, "#edit-list")
    def selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        oid = event.option.id or ""
        if self.chosen is None:
            self.pick(self.fields[int(oid[1:])])
            return
        f = self.chosen
        value = None if oid == "clear" else f.choices[int(oid[1:])][1]
        if value == f.current:
            self.dismiss(None)
            return
        self.run_action(self.action, (f, value))

    def action_back(self) -> None:
        if self.chosen is not None and len(self.fields) > 1:
            self.show_fields()
        else:
            self.dismiss(None)


def one(s: str, width: int = 70) -> str:
    s = " ".join(str(s).split())
    return s if len(s) <= width else s[: width - 1] + "…"


class ConfirmScreen(ModalScreen[str | None]):
    """A question with a few answers, each a command of the registry's `confirm` scope (so its
    key follows the user's keymap), and Esc for none."""

    def __init__(self, title: str, message: str, answers: list[tuple[str, str | None]]):
        super().__init__()
        self.title_text = title
        self.message = message
        self.answers = dict(answers)  # command id (confirm.yes, confirm.save …) → value
        use_bindings(self, "confirm")

    def compose(self) -> ComposeResult:
        with Vertical(classes="dlg"):
            yield Static(Text(self.title_text, style="bold"), classes="h1")
            yield Static(Text(self.message))
            yield Static(keys_line(self, [*self.answers, "cancel"]), classes="dlg-keys")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "answer":
            return parameters[0] in self.answers  # only the answers this question offers
        return True

    def action_answer(self, id: str) -> None:
        self.dismiss(self.answers[id])


class ReasonScreen(Busy, ModalScreen[Any]):
    """Ctrl+s: what will be saved, and an optional reason for the commit message."""

    def __init__(self, pending: list[str], action: Action):
        super().__init__()
        use_bindings(self, "reason")
        self.pending = pending
        self.action = action

    def compose(self) -> ComposeResult:
        with Vertical(classes="dlg"):
            yield Static(Text(t("save.title", n=len(self.pending)), style="bold"), classes="h1")
            body = Text()
            for line in self.pending[:12]:
                body.append("• " + line + "\n")
            if len(self.pending) > 12:
                body.append(f"… (+{len(self.pending) - 12})\n", style="dim")
            yield Static(body)
            yield Static(Text(t("save.reason"), style="bold"))
            yield Input(id="reason", placeholder=t("save.reason.hint"))
            yield Static("", classes="dlg-error")
            yield Static(Text(t("save.keys"), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted, "#reason")
    def submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.run_action(self.action, event.value.strip())


class ConflictScreen(ModalScreen[list | None]):
    """The same value changed by you and by someone else: choose, per row, mine or theirs."""

    def __init__(self, conflicts: list):
        super().__init__()
        use_bindings(self, "conflict")
        self.conflicts = conflicts
        self.choice: list[str | None] = [None] * len(conflicts)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dlg dlg-wide"):
            yield Static(Text(t("conflict.title", n=len(self.conflicts)), style="bold red"), classes="h1")
            yield Static(Text(t("conflict.text")))
            table = DataTable(id="conflicts", cursor_type="row", zebra_stripes=True)
            # the choice and the two values first: they must be visible in an 80-column terminal
            for col in ("conflict.keep", "conflict.col_mine", "conflict.col_theirs", "conflict.was", "conflict.where"):
                table.add_column(Text(t(col)), key=col)

            def short(v, width: int = 24) -> str:
                s = str(v)
                return s if len(s) <= width else s[: width - 1] + "…"

            for i, c in enumerate(self.conflicts):
                ch = c.change
                table.add_row(Text("?", style="bold yellow"),
                              Text(short(display(ch.new)) if not ch.removes else t("conflict.removed"), style="green"),
                              Text(short(display(c.theirs)) if c.theirs is not None else t("conflict.gone"), style="red"),
                              Text(short(display(ch.old) or "–")),
                              Text(f"{ch.label} ({ch.rel.split('/')[-1]})"), key=str(i))
            yield table
            yield Static("", classes="dlg-error")
            yield Static(Text(keys_hint(self, [c.id for c in commands("conflict")]) + "\n" + t("conflict.keys_note"),
                              style="dim"))

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    def _show(self, i: int) -> None:
        table = self.query_one(DataTable)
        word = {"mine": t("conflict.col_mine"), "theirs": t("conflict.col_theirs")}[self.choice[i]]
        table.update_cell(str(i), "conflict.keep", Text(word, style="bold green"))

    def action_keep(self, which: str) -> None:
        table = self.query_one(DataTable)
        i = table.cursor_row
        self.choice[i] = which
        self._show(i)
        if i + 1 < len(self.conflicts):
            table.move_cursor(row=i + 1)

    def action_keep_all(self, which: str) -> None:
        for i in range(len(self.conflicts)):
            self.choice[i] = which
            self._show(i)

    def action_done(self) -> None:
        if any(c is None for c in self.choice):
            self.query_one(".dlg-error", Static).update(Text(t("conflict.undecided"), style="bold red"))
            return
        self.dismiss(list(zip(self.conflicts, self.choice)))


class TableScreen(ModalScreen[Any]):
    """A read-only table (history, log); Enter on a row dismisses with that row's value."""

    def __init__(self, title: str, columns: list[str], rows: list[tuple[list, Any]], note: str = "",
                 pick: bool = False, priority: tuple[int, ...] | None = None, wrap: int | None = None):
        super().__init__()
        self.priority = priority  # the columns by importance: what does not fit goes to a detail line
        self.wrap = wrap
        use_bindings(self, "table_dialog")
        self.title_text = title
        self.columns = columns
        self.rows = rows
        self.note = note
        self.pick = pick

    def compose(self) -> ComposeResult:
        with Vertical(classes="dlg dlg-wide"):
            yield Static(Text(self.title_text, style="bold"), classes="h1")
            if self.note:
                yield Static(Text(self.note, style="dim"))
            from ..widgets.reftable import RefTable

            table = RefTable(*[Text(c) for c in self.columns], id="dlg-table", scope=None, priority=self.priority,
                             wrap=self.wrap)
            for i, (cells, _) in enumerate(self.rows):
                table.add(cells, key=str(i))
            yield table

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()

    @on(DataTable.RowSelected)
    def row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if self.pick:
            self.dismiss(self.rows[int(event.row_key.value)][1])

    def table_text(self) -> str:
        return "\n".join(" | ".join(c.plain if isinstance(c, Text) else str(c) for c in cells) for cells, _ in self.rows)
