"""The one command registry: every key binding of every screen and widget, each with an id.

The bindings (and so the footer), the help screen, the command palette and the modal screens'
key lines all read it, so they never disagree; a user's keymap file remaps any binding by its
id (Textual's `App.set_keymap`). A command's words are `cmd.<id>` (and `cmd.<id>.help`, when
there is more to say) in the text catalog.

To add a binding: add a `Command` to its scope in `REGISTRY` (a new screen gets a new scope) and
let the screen or widget call `use_bindings(self, "<scope>")` in its `__init__`. The same id may
appear in several scopes only with the same keys (one remap moves it everywhere), e.g. `cancel`.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

from rich.align import Align
from rich.text import Text
from textual.binding import Binding, BindingsMap
from textual.command import CommandList, CommandPalette, DiscoveryHit, Hit, Hits, Provider
from textual.dom import DOMNode
from textual.markup import escape
from textual.screen import Screen
from textual.widgets.option_list import Option

from ..text import STRINGS, t


@dataclass(frozen=True)
class Command:
    id: str
    keys: str  # Textual key names, comma separated; only keys every terminal sends over SSH
    action: str  # an action of the screen or widget that uses the scope
    show: bool = False  # in the footer
    key_display: str | None = None
    priority: bool = False
    writes: bool = False  # changes the plans: unavailable (and not in the footer) in a read-only revision

    @property
    def title(self) -> str:
        return t(f"cmd.{self.id}")

    @property
    def help(self) -> str:
        return t(f"cmd.{self.id}.help") if f"cmd.{self.id}.help" in STRINGS else self.title

    def binding(self) -> Binding:
        return Binding(self.keys, self.action, self.title, show=self.show, key_display=self.key_display,
                       priority=self.priority, id=self.id, tooltip=self.help)


C = Command

REGISTRY: dict[str, tuple[Command, ...]] = {
    # the app itself: on every screen that is not modal
    "app": (
        C("palette", "ctrl+p", "command_palette", priority=True),
        C("quit_now", "ctrl+q", "quit", priority=True),
        C("help_quit", "ctrl+c", "help_quit"),
    ),
    # the main screen: browsing, filtering, editing
    "main": (
        C("help", "question_mark,f1", "help", True, "?"),
        C("search", "slash", "search", True, "/"),
        C("switch", "v", "switch(1)", True),
        C("switch_back", "V", "switch(-1)"),
        C("filter", "f", "filter", True),
        C("my_unit", "u", "toggle_my_unit"),
        C("deviations", "d", "toggle_deviations"),
        C("no_update", "n", "toggle_no_update"),
        C("clear", "x", "clear_filters"),
        C("overview", "o", "overview"),
        C("tree", "t", "toggle_tree"),
        C("matrix", "m", "matrix"),
        C("diff", "D", "diff", True),
        C("problems", "p", "problems"),
        C("reload", "r", "reload"),
        C("read_all", "ctrl+r", "app.read_all"),
        C("edit", "e", "edit", True, writes=True),
        C("comment", "c", "comment", True, writes=True),
        C("cycle_status", "s", "cycle_status", True, writes=True),
        C("cycle_completion", "g", "cycle_completion", True, writes=True),
        C("add", "a", "add", True, writes=True),
        C("add_indicator", "A", "add_indicator", True, writes=True),
        C("remove", "delete", "remove", True, "Del", writes=True),
        C("undo", "ctrl+z", "undo", True, "^z", writes=True),
        C("redo", "ctrl+y", "redo", True, "^y", writes=True),
        C("save", "ctrl+s", "save", True, "^s", writes=True),
        C("round", "R", "round", True, writes=True),
        C("sync", "S", "sync"),
        C("history", "H", "history", True),
        C("revision", "L", "revision", True),
        C("new_followup", "N", "new_followup", True, writes=True),
        C("next_plan", "Y", "next_plan", True, writes=True),
        C("report", "P", "report"),
        C("export", "X", "export"),
        C("back", "escape", "back", True, "Esc"),
        C("back_place", "backspace", "back_place", key_display="⌫"),
        C("quit", "q", "quit", True),
    ),
    # the navigation tree and the tables in the detail pane (arrows, Enter, Space are Textual's)
    "tree": (
        C("tree.down", "j", "cursor_down"),
        C("tree.up", "k", "cursor_up"),
        C("tree.expand", "l,right", "expand_node"),
        C("tree.collapse", "h,left", "collapse_node"),
    ),
    "table": (
        C("table.down", "j", "cursor_down"),
        C("table.up", "k", "cursor_up"),
    ),
    # the round: a follow-up's units and my items that lack an update, one after the other
    "round": (
        C("help", "question_mark,f1", "app.help", False, "?"),
        C("round.status", "s", "cycle('status')", True),
        C("round.completion", "g", "cycle('completion')", True),
        C("round.comment", "c", "comment", True),
        C("round.down", "j,down", "move(1)"),
        C("round.up", "k,up", "move(-1)"),
        C("round.open", "enter", "open", False, priority=True),
        C("round.ready", "r", "ready", True),
        C("round.close", "escape,q", "close", True, "Esc"),  # early: the footer at 80 columns shows it
        C("round.back", "b", "send_back", True),
        C("round.approve", "A", "approve", True),
        C("round.reopen", "O", "reopen", True),
        C("round.force", "F", "force_ready", False),
        C("round.all", "a", "toggle_all", True),
        C("undo", "ctrl+z", "undo", True, "^z"),
        C("redo", "ctrl+y", "redo", True, "^y"),
        C("save", "ctrl+s", "app.save", True, "^s"),
    ),
    # a document's report: a preview a page at a time, written as PDF, Word, HTML or Markdown
    "report": (
        C("report.pdf", "p", "write('pdf')", True),
        C("report.docx", "w", "write('docx')", True),
        C("report.html", "h", "write('html')", True),
        C("report.md", "m", "write('md')", True),
        C("report.next", "n,right", "page(1)", True),
        C("report.previous", "b,left", "page(-1)", True),
        C("report.close", "escape,q", "close", True, "Esc"),
    ),
    # modal screens
    "help_screen": (
        C("help.close", "escape,q,question_mark,f1", "dismiss", key_display="Esc"),
        C("help.down", "j", "scroll_down"),
        C("help.up", "k", "scroll_up"),
    ),
    "search": (
        C("cancel", "escape", "dismiss(None)", key_display="Esc"),
        C("search.down", "down", "down"),
        C("search.up", "up", "up"),
        C("search.page_down", "pagedown", "page_down"),
        C("search.page_up", "pageup", "page_up"),
    ),
    "filter": (
        C("cancel", "escape", "dismiss(None)", key_display="Esc"),
    ),
    # a long list to choose one from (the filter's unit): type to narrow
    "pick": (
        C("pick.up", "up", "up", key_display="↑"),
        C("pick.down", "down", "down", key_display="↓"),
        C("pick.page_down", "pagedown", "page_down"),
        C("pick.page_up", "pageup", "page_up"),
        C("pick.choose", "enter", "choose", priority=True, key_display="Enter"),
        C("cancel", "escape", "dismiss(None)", key_display="Esc"),
    ),
    "diff": (
        C("diff.kind", "k", "cycle_change", True),
        C("diff.unit", "u", "cycle_unit", True),
        C("close", "escape,q", "dismiss(None)", True, "Esc"),
    ),
    "form": (
        C("cancel", "escape", "dismiss(None)", True, "Esc"),
        C("form.ok", "ctrl+s", "submit", True, "^s"),
    ),
    "fields": (
        C("cancel", "escape", "back", True, "Esc"),
    ),
    "reason": (
        C("cancel", "escape", "dismiss(None)", True, "Esc"),
    ),
    "table_dialog": (
        C("close", "escape,q", "dismiss(None)", True, "Esc"),
    ),
    "conflict": (
        C("conflict.mine", "m", "keep('mine')", True),
        C("conflict.theirs", "t", "keep('theirs')", True),
        C("conflict.all_mine", "M", "keep_all('mine')", True),
        C("conflict.all_theirs", "T", "keep_all('theirs')", True),
        C("conflict.save", "enter,ctrl+s", "done", True, priority=True),
        C("cancel", "escape", "dismiss(None)", True, "Esc"),
    ),
    # a question with a few answers (ConfirmScreen picks the ones it asks)
    "confirm": (
        C("confirm.yes", "j,y", "answer('confirm.yes')", True),
        C("confirm.no", "n", "answer('confirm.no')", True),
        C("confirm.save", "s", "answer('confirm.save')", True),
        C("confirm.discard", "d", "answer('confirm.discard')", True),
        C("confirm.restore", "r", "answer('confirm.restore')", True),
        C("confirm.throw_away", "x", "answer('confirm.throw_away')", True),
        C("confirm.show_diff", "v", "answer('confirm.show_diff')", True),
        C("confirm.include", "i", "answer('confirm.include')", True),
        C("confirm.set_aside", "l", "answer('confirm.set_aside')", True),
        C("cancel", "escape", "dismiss(None)", True, "Esc"),
    ),
}

# The footer's order: what everyone needs first, so that 80 columns still show help and quit.
FOOTER_ORDER = ("help", "search", "quit", "back", "edit", "comment", "save", "undo", "redo", "cycle_status",
                "cycle_completion", "add", "add_indicator", "remove", "round", "history", "revision",
                "new_followup", "next_plan", "switch", "filter")

# Keys handled by Textual's own widgets (not remappable), listed in the help screen.
# (keys.<name>.keys and keys.<name> in the text catalog)
WIDGET_KEYS: tuple[str, ...] = ("move", "expand", "open", "toggle", "focus", "page")


def commands(scope: str) -> tuple[Command, ...]:
    return REGISTRY[scope]


def command(id: str) -> Command:
    for cmds in REGISTRY.values():
        for c in cmds:
            if c.id == id:
                return c
    raise KeyError(id)


def all_ids() -> set[str]:
    return {c.id for cmds in REGISTRY.values() for c in cmds}


def bindings(scope: str = "main") -> list[Binding]:
    """The scope's bindings, in the current language (built when a screen is made, not imported)."""
    cmds = commands(scope)
    if scope == "main":
        def key(c: Command) -> int:
            return FOOTER_ORDER.index(c.id) if c.id in FOOTER_ORDER else len(FOOTER_ORDER)

        cmds = tuple(sorted(cmds, key=key))
    return [c.binding() for c in cmds]


def writing_actions(scope: str) -> frozenset[str]:
    """The actions of a scope that change the plans (for check_action in a read-only revision)."""
    return frozenset(c.action.split("(")[0] for c in REGISTRY[scope] if c.writes)


def use_bindings(node: DOMNode, scope: str) -> None:
    """Give a screen or widget its scope's bindings (over the class's own, e.g. DataTable's)."""
    node._bindings = BindingsMap.merge([node._bindings, BindingsMap(bindings(scope))])


KEY_NAMES = {"question_mark": "?", "slash": "/", "escape": "Esc", "enter": "Enter", "tab": "Tab",
             "delete": "Del", "space": "Space", "pagedown": "PgDn", "pageup": "PgUp", "home": "Home",
             "end": "End", "up": "↑", "down": "↓", "left": "←", "right": "→", "backspace": "⌫"}


def key_name(key: str) -> str:
    """A key as people read it: ?, Esc, Ctrl+s, F1, a, A."""
    *mods, base = key.split("+")
    name = t("key.space") if base == "space" else KEY_NAMES.get(base, base.upper() if len(base) > 1 and base[0] == "f" and base[1:].isdigit() else base)
    return "+".join([m.capitalize() for m in mods] + [name])


def keys_for(node: DOMNode, id: str) -> list[str]:
    """The keys that run binding `id` on the screen `node` is on, after the user's keymap, as
    people read them (the active bindings of its focus chain; the registry's keys if it has none)."""
    screen = node if isinstance(node, Screen) else node.screen
    found = [key for key, active in screen.active_bindings.items() if active.binding.id == id]
    if not found:
        try:
            keymap = node.app._keymap
        except Exception:
            keymap = {}
        found = (keymap.get(id) or command(id).keys).split(",")
    return [key_name(k.strip()) for k in found]


def keys_text(node: DOMNode, id: str) -> str:
    return ", ".join(keys_for(node, id))


def keys_line(node: DOMNode, ids: list[str]) -> Text:
    """A line of keys and what they do, e.g. for a dialog: ` j  Ja   n  Nej   Esc  Avbryt`."""
    line = Text()
    for id in ids:
        line.append(f" {keys_for(node, id)[0]} ", style="bold reverse")
        line.append(f" {command(id).title}   ")
    return line


def keys_hint(node: DOMNode, ids: list[str]) -> str:
    """A dim line of keys for a screen's head, e.g. `s Status · g Prognos · Esc Tillbaka`."""
    return " · ".join(f"{keys_for(node, id)[0]} {command(id).title}" for id in ids)


class ContentProvider(Provider):
    """The palette searches the same index as `/`, and offers every command of the main screen."""

    def _help(self, c: Command) -> str:
        return escape(f"{c.help} ({keys_text(self.app.main, c.id)})")

    async def search(self, query: str) -> Hits:
        app = self.app
        matcher = self.matcher(query)
        for c in commands("main"):
            score = matcher.match(c.title)
            if score > 0:
                yield Hit(score, matcher.highlight(c.title), partial(app.run_command, c.action), help=self._help(c))
        hits = app.search_index(query, limit=40)
        for i, e in enumerate(hits):
            label = Text(e.title.replace("\n", " ")[:90])
            yield Hit(0.5 - i / 1000, label, partial(app.jump_to, e.ref), text=e.title, help=escape(f"{e.kind} · {e.where}"))

    async def discover(self) -> Hits:
        app = self.app
        for c in commands("main"):
            yield DiscoveryHit(Text(c.title), partial(app.run_command, c.action), help=self._help(c))


class Palette(CommandPalette):
    """Textual's command palette with its own words in the current language."""

    def __init__(self) -> None:
        super().__init__(placeholder=t("palette.placeholder"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # as Textual's, with "No matches found" in the current language
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(Align.center(Text(t("palette.none"), style="not bold")), disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
