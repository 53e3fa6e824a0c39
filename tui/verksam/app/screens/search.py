"""`/`: search every item, indicator, goal, table and text; Enter jumps to the one chosen."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from .listmoves import ListMoves
from ..commands import use_bindings
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from ...text import t
from ...service.nav import Ref, SearchEntry, search

LIMIT = 200


class SearchScreen(ListMoves, ModalScreen[Ref | None]):
    def __init__(self, index: list[SearchEntry], query: str = ""):
        super().__init__()
        use_bindings(self, "search")
        self.index = index
        self.query_text = query
        self.hits: list[SearchEntry] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box"):
            yield Static(Text(t("search.title") + " – " + t("search.help"), style="bold"), id="search-title")
            yield Input(value=self.query_text, placeholder=t("search.placeholder"), id="search-input")
            yield Static(Text(""), id="search-count")
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one(Input).focus()
        if self.query_text:
            self.run_search(self.query_text)

    @on(Input.Changed, "#search-input")
    def changed(self, event: Input.Changed) -> None:
        self.run_search(event.value)

    def run_search(self, query: str) -> None:
        hits, total = search(self.index, query, LIMIT)
        self.hits = hits
        ol = self.query_one(OptionList)
        ol.clear_options()
        options = []
        for i, e in enumerate(hits):
            label = Text()
            label.append(f"{e.kind}: ", style="bold cyan")
            label.append(" ".join(e.title.split())[:100])
            label.append(f"\n   {e.where}", style="dim")
            options.append(Option(label, id=str(i)))
        ol.add_options(options)
        if options:
            ol.highlighted = 0
        count = self.query_one("#search-count", Static)
        if not query.strip():
            count.update(Text(""))
        elif not total:
            count.update(Text(t("search.none"), style="yellow"))
        elif total > LIMIT:
            count.update(Text(t("search.more", n=total, m=LIMIT), style="dim"))
        else:
            count.update(Text(t("search.hits", n=total), style="dim"))

    def _move(self, delta: int) -> None:
        ol = self.query_one(OptionList)
        if not self.hits:
            return
        cur = ol.highlighted if ol.highlighted is not None else -1
        ol.highlighted = max(0, min(len(self.hits) - 1, cur + delta))

    @on(Input.Submitted, "#search-input")
    def submitted(self) -> None:
        ol = self.query_one(OptionList)
        i = ol.highlighted
        if self.hits and i is not None:
            self.dismiss(self.hits[i].ref)

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.hits[int(event.option.id)].ref)
