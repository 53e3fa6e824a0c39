"""The verksam app: loads the plans in a thread worker, polls for changes, owns the main screen."""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import App

from .commands import ContentProvider
from .i18n import set_language, t
from .messages import DataLoaded, LoadFailed, SummaryReady
from .nav import Ref, SearchEntry, search
from .screens.main import MainScreen
from .service import PlanService


class VerksamApp(App):
    CSS_PATH = "verksam.tcss"
    TITLE = "verksam"
    COMMANDS = App.COMMANDS | {ContentProvider}
    COMMAND_PALETTE_BINDING = "ctrl+p"

    def __init__(self, root: Path | str, lang: str = "sv", poll_interval: float = 2.0):
        set_language(lang)
        super().__init__()
        self.lang = lang
        self.service = PlanService(root)
        self.poll_interval = poll_interval
        self.main = MainScreen()
        self.load_ms: int | None = None
        self.loads = 0

    def on_mount(self) -> None:
        self.push_screen(self.main)
        self.load_data()
        if self.poll_interval:
            self.set_interval(self.poll_interval, self.poll)

    # ------------------------------------------------------------ workers (no widget is touched there)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_data(self) -> None:
        try:
            loaded = self.service.load()
        except Exception as e:  # a user's folder, not a bug: shown, not raised
            self.post_message(LoadFailed(str(e)))
            return
        self.post_message(DataLoaded(loaded))

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll_changes(self) -> None:
        try:
            loaded = self.service.reload_if_changed()
        except Exception as e:
            self.post_message(LoadFailed(str(e)))
            return
        if loaded is not None:
            self.post_message(DataLoaded(loaded, reload=True))

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False)
    def summarize_doc(self, ref: Ref) -> None:
        loaded = self.main.loaded
        if loaded is None:
            return
        try:
            tables = self.service.summary(loaded.workspace, ref.muni, ref.board, ref.doc_kind, ref.doc_period)
        except Exception as e:  # the summary is extra; the view stands without it
            self.log.error(f"summary failed: {e!r}")
            return
        if tables is not None:
            self.post_message(SummaryReady(ref, tables))

    @on(SummaryReady)
    def summary_ready(self, event: SummaryReady) -> None:
        self.main.show_summary(event.ref, event.tables)

    def poll(self) -> None:
        if self.main.loaded is None:
            return
        if any(w.group in ("load", "poll") and w.is_running for w in self.workers):
            return
        self.poll_changes()

    # ------------------------------------------------------------ results

    @on(DataLoaded)
    def data_loaded(self, event: DataLoaded) -> None:
        first = self.main.loaded is None
        self.loads += 1
        self.load_ms = event.loaded.millis
        self.main.apply_loaded(event.loaded)
        ws = event.loaded.workspace
        if event.reload:
            self.notify(t("reloaded", files=", ".join(event.loaded.changed[:3])
                          + (" …" if len(event.loaded.changed) > 3 else "")), timeout=3)
        elif first:
            st = ws.stats()
            self.sub_title = t("loaded", docs=st["documents"], items=st["items"], inds=st["indicators"],
                               ms=event.loaded.millis)
        broken = {p.file for p in event.loaded.problems if p.code == "syntax"}
        if broken:
            self.notify(t("broken", n=len(broken)), severity="warning", timeout=4)

    @on(LoadFailed)
    def load_failed(self, event: LoadFailed) -> None:
        self.notify(t("load.failed", error=event.error), severity="error", timeout=10, markup=False)

    # ------------------------------------------------------------ used by the palette

    def search_index(self, query: str, limit: int = 40) -> list[SearchEntry]:
        loaded = self.main.loaded
        if loaded is None:
            return []
        return search(loaded.index, query, limit)[0]

    def jump_to(self, ref: Ref) -> None:
        self.main.jump(ref)

    def run_command(self, action: str) -> None:
        self.call_later(self.main.run_action, action)
