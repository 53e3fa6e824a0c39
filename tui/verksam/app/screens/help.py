"""The help screen (`?`, F1): the keys of the screen it was opened on, read from its active
bindings (the focused widget's, the screen's and the app's, after the user's keymap), then the
keys Textual's widgets handle themselves, then the views explained."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from rich.table import Table as RichTable
from textual.widgets import Markdown, Static

from ..commands import WIDGET_KEYS, all_ids, command, key_name, keys_text, use_bindings
from ...text import t


def screen_keys(screen: Screen) -> list[tuple[str, str]]:
    """(keys, what they do) for every registered binding active on `screen`, in chain order."""
    by_id: dict[str, list[str]] = {}
    known = all_ids()
    for key, active in screen.active_bindings.items():
        b = active.binding
        if b.id in known and b.id != "help_quit":
            by_id.setdefault(b.id, []).append(key)
    rows = []
    for id, keys in by_id.items():
        c = command(id)
        rows.append((", ".join(key_name(k) for k in keys), f"{c.title} – {c.help}" if c.help != c.title else c.title))
    return rows


class HelpScreen(ModalScreen[None]):
    def __init__(self, for_screen: Screen | None = None):
        super().__init__()
        self.for_screen = for_screen
        use_bindings(self, "help_screen")

    def compose(self) -> ComposeResult:
        # one scroll area for everything (the keys are a Rich table, not a scrolling widget of
        # their own): ↑↓ j k, PgDn/PgUp, Home/End reach every line
        with VerticalScroll(id="help-body"):
            yield Static(Text(t("help.title"), style="bold"), classes="h1")
            yield Static(Text(t("help.close", keys=keys_text(self, "help.close")), style="dim"))
            table = RichTable(box=None, padding=(0, 1), expand=True, show_edge=False, row_styles=["", "on grey11"])
            table.add_column(Text(t("help.key"), style="bold"), no_wrap=True, min_width=8, max_width=16)
            table.add_column(Text(t("help.action"), style="bold"), ratio=1)
            screen = self.for_screen or self.app.screen
            self.rows = screen_keys(screen) + [(t(f"keys.{name}.keys"), t(f"keys.{name}")) for name in WIDGET_KEYS]
            for keys, what in self.rows:
                table.add_row(Text(keys, style="bold"), Text(what))
            yield Static(table, id="help-keys")
            yield Markdown(t("help.views"))

    def on_mount(self) -> None:
        self.query_one("#help-body", VerticalScroll).focus()

    def action_scroll_down(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_down()

    def action_scroll_up(self) -> None:
        self.query_one("#help-body", VerticalScroll).scroll_up()
