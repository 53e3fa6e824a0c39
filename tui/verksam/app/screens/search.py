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

PAGE = 20  # hits laid out at a time: more are added when the cursor reaches the last one


class SearchScreen(ListMoves, ModalScreen[Ref | None]):
    def __init__(self, index: list[SearchEntry], query: str = ""):
        super().__init__()
        use_bindings(self, "search")
        self.index = index
        self.query_text = query
        self.hits: list[SearchEntry] = []
        self.total = 0
        self.query_now = ""

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

    def run_search(self, query: str, shown: int = PAGE) -> None:
        """The best `shown` hits of the query laid out; the rest wait until the cursor gets there
        (laying out a few hundred two-line options cost more than the search itself)."""
        hits, total = search(self.index, query, shown)
        self.query_now, self.total = query, total
        ol = self.query_one(OptionList)
        keep = ol.highlighted if shown > PAGE else None
        if keep is not None and hits[:len(self.hits)] == self.hits:
            ol.add_options(self._options(hits[len(self.hits):], len(self.hits)))
        else:
            ol.set_options(self._options(hits, 0))
            keep = 0 if hits else None
        self.hits = hits
        if keep is not None:
            ol.highlighted = keep
        self._count()

    @staticmethod
    def _options(hits: list[SearchEntry], first: int) -> list[Option]:
        options = []
        for i, e in enumerate(hits, first):
            label = Text()
            label.append(f"{e.kind}: ", style="bold cyan")
            label.append(" ".join(e.title.split())[:100])
            label.append(f"\n   {e.where}", style="dim")
            options.append(Option(label, id=str(i)))
        return options

    def _count(self) -> None:
        """The line under the input: how many hits, how many shown. One line always (the CSS gives
        it a height of 1), so a new count is drawn in the same frame as the hits, without a layout."""
        count = self.query_one("#search-count", Static)
        if not self.query_now.strip():
            said = Text("")
        elif not self.total:
            said = Text(t("search.none"), style="yellow")
        elif self.total > len(self.hits):
            said = Text(t("search.more", n=self.total, m=len(self.hits)), style="dim")
        else:
            said = Text(t("search.hits", n=self.total), style="dim")
        said.no_wrap, said.overflow = True, "ellipsis"
        count.update(said, layout=False)

    def _move(self, delta: int) -> None:
        ol = self.query_one(OptionList)
        if not self.hits:
            return
        cur = ol.highlighted if ol.highlighted is not None else -1
        if cur + delta >= len(self.hits) and self.total > len(self.hits):
            self.run_search(self.query_now, len(self.hits) + PAGE)
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
