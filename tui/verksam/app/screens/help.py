"""The help screen (`?`, F1): every key with what it does, and the views explained."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, Markdown, Static

from ..commands import COMMANDS, WIDGET_KEYS
from ...text import language, t


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark,f1", "dismiss", "Stäng", show=False),
        Binding("j", "scroll_down", show=False),
        Binding("k", "scroll_up", show=False),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text(t("help.title"), style="bold"), classes="h1")
            yield Static(Text(t("help.close"), style="dim"))
            table = DataTable(id="help-keys", cursor_type="none", zebra_stripes=True, show_cursor=False)
            # the text column as wide as the dialog allows, rows as high as their text: nothing cut off
            width = max(30, (self.app.size.width or 100) - 34)
            table.add_column(Text(t("help.key")), width=14)
            table.add_column(Text(t("help.action")), width=width)
            for c in COMMANDS:
                table.add_row(Text(c.keys_text, style="bold"), Text(f"{c.title} – {c.help}"), height=None)
            for keys, sv, en in WIDGET_KEYS:
                table.add_row(Text(keys, style="bold"), Text(sv if language() == "sv" else en), height=None)
            yield table
            yield Markdown(t("help.views"))

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up()
