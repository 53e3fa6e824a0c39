"""One registry of commands: it feeds the key bindings (and so the footer), the help screen and
the command palette, so the three never disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape

from ..text import t


@dataclass(frozen=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated; only keys every terminal sends over SSH
    action: str  # an action of the main screen
    show: bool = False  # in the footer
    key_display: str | None = None

    @property
    def title(self) -> str:
        return t(f"cmd.{self.id}")

    @property
    def help(self) -> str:
        return t(f"cmd.{self.id}.help")

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.title, show=self.show, key_display=self.key_display,
                       id=self.id, tooltip=self.help)

    @property
    def keys_text(self) -> str:
        names = {"question_mark": "?", "slash": "/", "escape": "Esc", "f1": "F1", "ctrl+p": "Ctrl+p",
                 "tab": "Tab", "enter": "Enter", "ctrl+z": "Ctrl+z", "ctrl+y": "Ctrl+y", "ctrl+s": "Ctrl+s",
                 "delete": "Del"}
        return ", ".join(names.get(k, k) for k in self.keys.split(","))


COMMANDS: tuple[Command, ...] = (
    Command("help", "question_mark,f1", "help", True, "?"),
    Command("search", "slash", "search", True, "/"),
    Command("switch", "v", "switch(1)", True),
    Command("switch_back", "V", "switch(-1)"),
    Command("filter", "f", "filter", True),
    Command("my_unit", "u", "toggle_my_unit"),
    Command("deviations", "d", "toggle_deviations"),
    Command("no_update", "n", "toggle_no_update"),
    Command("clear", "x", "clear_filters"),
    Command("overview", "o", "overview"),
    Command("tree", "t", "toggle_tree"),
    Command("matrix", "m", "matrix"),
    Command("diff", "D", "diff", True),
    Command("problems", "p", "problems"),
    Command("reload", "r", "reload"),
    Command("edit", "e", "edit", True),
    Command("comment", "c", "comment", True),
    Command("cycle_status", "s", "cycle_status", True),
    Command("cycle_completion", "g", "cycle_completion", True),
    Command("add", "a", "add", True),
    Command("add_indicator", "A", "add_indicator", True),
    Command("remove", "delete", "remove", True, "Del"),
    Command("undo", "ctrl+z", "undo", True, "^z"),
    Command("redo", "ctrl+y", "redo", True, "^y"),
    Command("save", "ctrl+s", "save", True, "^s"),
    Command("round", "R", "round", True),
    Command("history", "H", "history", True),
    Command("revision", "L", "revision", True),
    Command("new_followup", "N", "new_followup", True),
    Command("next_plan", "Y", "next_plan", True),
    Command("report", "P", "report"),
    Command("back", "escape", "back", True, "Esc"),
    Command("quit", "q", "quit", True),
)

# Keys handled by the widgets themselves, listed in the help screen.
WIDGET_KEYS: tuple[tuple[str, str, str], ...] = (
    ("↑ ↓, j k", "Flytta i trädet och i tabeller", "Move in the tree and in tables"),
    ("→ ←, l h", "Fäll ut / fäll ihop, till förälder", "Expand / collapse, to the parent"),
    ("Enter", "Öppna: fäll ut noden eller gå till raden i en tabell", "Open: expand the node or go to the row of a table"),
    ("Space", "Fäll ut / ihop", "Expand / collapse"),
    ("Tab, Shift+Tab", "Flytta fokus mellan trädet, detaljrutan och tabellerna", "Move focus between the tree, the detail pane and its tables"),
    ("PgUp PgDn, Home End", "Bläddra", "Page"),
    ("Ctrl+p", "Kommandopaletten: alla kommandon och allt innehåll", "Command palette: every command and all content"),
)


# The footer's order: what everyone needs first, so that 80 columns still show help and quit.
FOOTER_ORDER = ("help", "search", "quit", "back", "edit", "comment", "save", "undo", "redo", "cycle_status",
                "cycle_completion", "add", "add_indicator", "remove", "round", "history", "revision",
                "new_followup", "next_plan", "switch", "filter")


def bindings() -> list[Binding]:
    def key(c: Command) -> int:
        return FOOTER_ORDER.index(c.id) if c.id in FOOTER_ORDER else len(FOOTER_ORDER)

    return [c.binding() for c in sorted(COMMANDS, key=key)]


class ContentProvider(Provider):
    """The palette searches the same index as `/`, and offers every command."""

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        for c in COMMANDS:
            score = matcher.match(c.title)
            if score > 0:
                yield Hit(score, matcher.highlight(c.title), partial(app.run_command, c.action),
                          help=escape(f"{c.help} ({c.keys_text})"))
        hits = app.search_index(query, limit=40)
        for i, e in enumerate(hits):
            label = Text(e.title.replace("\n", " ")[:90])
            yield Hit(0.5 - i / 1000, label, partial(app.jump_to, e.ref), text=e.title, help=escape(f"{e.kind} · {e.where}"))

    async def discover(self) -> Hits:
        app = self.app
        for c in COMMANDS:
            yield DiscoveryHit(Text(c.title), partial(app.run_command, c.action), help=escape(f"{c.help} ({c.keys_text})"))
