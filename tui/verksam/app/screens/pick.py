"""Choosing one of many (the filter's unit): type to narrow, ↑ ↓ move, Enter picks, Esc cancels.

The choices stand under a heading per group (a municipality), which cannot be chosen; typing
keeps the choices whose name or id has every word, ignoring case and accents (service.choices).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...service.choices import ChoiceGroup, narrow
from ...text import t
from .listmoves import ListMoves
from ..commands import keys_hint, use_bindings

HEAD = "-head-"  # option ids of headings start with this (the choices' ids are their values)


class PickScreen(ListMoves, ModalScreen[str | None]):
    """Dismissed with the chosen value, "" for `none_label` (e.g. every unit), None on Esc."""

    def __init__(self, title: str, groups: list[ChoiceGroup], current: str = "", query: str = "",
                 none_label: str = ""):
        super().__init__()
        use_bindings(self, "pick")
        self.title_text = title
        self.groups = groups
        self.current = current
        self.query_text = query
        self.none_label = none_label
        self.values: list[str | None] = []  # per option: its value, None for a heading

    def compose(self) -> ComposeResult:
        with Vertical(id="pick-box"):
            yield Static(Text(self.title_text, style="bold"), id="pick-title")
            yield Input(value=self.query_text, placeholder=t("pick.placeholder"), id="pick-input")
            yield OptionList(id="pick-list")
            yield Static(Text(keys_hint(self, ["pick.up", "pick.down", "pick.choose", "cancel"]), style="dim"),
                         id="pick-keys")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        self.fill(self.query_text, keep=self.current)

    @on(Input.Changed, "#pick-input")
    def changed(self, event: Input.Changed) -> None:
        self.fill(event.value)

    def fill(self, query: str, keep: str = "") -> None:
        ol = self.query_one(OptionList)
        ol.clear_options()
        options: list[Option] = []
        self.values = []
        if self.none_label and not query.strip():
            options.append(Option(Text(self.none_label, style="italic"), id="-none-"))
            self.values.append("")
        shown = narrow(self.groups, query)
        for gi, g in enumerate(shown):
            if g.heading and len(self.groups) > 1:
                options.append(Option(Text(g.heading, style="bold"), id=f"{HEAD}{gi}", disabled=True))
                self.values.append(None)
            for c in g.choices:
                options.append(Option(Text("  " + c.label)))
                self.values.append(c.value)
        if not shown and query.strip():
            options.append(Option(Text(t("pick.none"), style="yellow"), id=f"{HEAD}none", disabled=True))
            self.values.append(None)
        ol.add_options(options)
        selectable = self.selectable()
        if selectable:
            at = next((i for i in selectable if keep and self.values[i] == keep), selectable[0])
            ol.highlighted = at

    def selectable(self) -> list[int]:
        return [i for i, v in enumerate(self.values) if v is not None]

    @property
    def highlighted_value(self) -> str | None:
        i = self.query_one(OptionList).highlighted
        return self.values[i] if i is not None and 0 <= i < len(self.values) else None

    def _move(self, delta: int) -> None:
        sel = self.selectable()
        if not sel:
            return
        ol = self.query_one(OptionList)
        cur = sel.index(ol.highlighted) if ol.highlighted in sel else (-1 if delta > 0 else len(sel))
        ol.highlighted = sel[max(0, min(len(sel) - 1, cur + delta))]

    @on(Input.Submitted, "#pick-input")
    def action_choose(self) -> None:
        value = self.highlighted_value
        if value is not None:
            self.dismiss(value)

    @on(OptionList.OptionSelected, "#pick-list")
    def chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        value = self.values[event.option_index] if event.option_index < len(self.values) else None
        if value is not None:
            self.dismiss(value)
