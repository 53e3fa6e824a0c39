"""The verksam app: loads the plans in a thread worker, polls for changes, owns the main screen."""

from __future__ import annotations

import threading
from pathlib import Path

from textual import on, work
from textual.app import App

from textual.binding import BindingsMap

from .commands import ContentProvider, Palette, all_ids, bindings, key_name
from .neutral import install as install_neutral
from ..text import set_language, t
from .messages import BlameReady, DataLoaded, LoadFailed, NewsFetched, StoreDone, SummaryReady
from ..service.nav import Ref, SearchEntry, find_document, search
from .screens.main import MainScreen
from ..service.collab import fetch_interval as fetch_interval_from_env
from ..service.keymap import Keymap, read_keymap
from ..service.collector import Collector
from ..service.workspace import read_ahead_from_env, PlanService


class VerksamApp(App):
    CSS_PATH = "verksam.tcss"
    TITLE = "verksam"
    # Only our own commands: Textual's system commands are in English and duplicate ours (quit,
    # keys/help); every command of verksam is in the palette through ContentProvider.
    COMMANDS = {ContentProvider}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    show_last_set = True  # "who last set each value" below an item (from Git, in a worker)

    def __init__(self, root: Path | str, lang: str = "sv", poll_interval: float = 2.0, keymap: Keymap | None = None,
                 fetch_interval: float | None = None, eager: int | None = None, background: bool = True):
        """`eager`: a repository of at most this many municipalities is read whole before the first
        screen (PlanService.eager); a larger one shows its first municipality at once and reads
        the rest in the background (`background=False`: only when opened; for tests)."""
        install_neutral()  # every widget's text neutralised: no control character reaches the terminal
        set_language(lang)
        super().__init__()
        # the app's own bindings from the registry (Textual's defaults are in English)
        self._bindings = BindingsMap(bindings("app"))
        self.keymap = read_keymap(all_ids()) if keymap is None else keymap
        self._clashes_told: set[frozenset[str]] = set()
        self.lang = lang
        self.service = PlanService(root) if eager is None else PlanService(root, eager=eager)
        self.background = background
        # the background reader stops after this many municipalities (None: reads every one, as
        # after `read_all`); what is opened is always read at once
        self.read_ahead: int | None = read_ahead_from_env()
        self.read_ahead_count = 0  # municipalities the background reader has read this session
        self.ahead_done = False  # the background reader stopped at its limit
        self._sweep_timer = None  # the garbage collector's next sweep (sweep_soon)
        self._sweep_full = False
        self.collector = Collector()
        self.poll_interval = poll_interval
        # colleagues' work: a quiet background fetch (None: VERKSAM_FETCH_INTERVAL, else 5 minutes; 0 = off)
        self.fetch_interval = fetch_interval_from_env() if fetch_interval is None else fetch_interval
        self.main = MainScreen()
        self.load_ms: int | None = None
        self.loads = 0
        self.saves = 0
        self.readonly: dict | None = None  # the revision shown, when not the work tree
        self._calls = 0
        # Start reading the plans at once, while Textual starts up (they overlap): the first
        # load_data worker then only waits for this thread instead of starting from scratch.
        self._reading_now: set[str] = set()  # municipalities opened and being read
        self._preload: dict = {}
        self._preload_thread = threading.Thread(target=self._run_preload, name="verksam-preload", daemon=True)
        self._preload_thread.start()

    def _run_preload(self) -> None:
        try:
            self._preload["loaded"] = self.service.load()
        except Exception as e:  # shown by load_data, like any load failure
            self._preload["error"] = str(e)

    def on_mount(self) -> None:
        self.apply_keymap()
        self.push_screen(self.main)
        self.load_data()
        if self.poll_interval:
            self.set_interval(self.poll_interval, self.poll)
        if self.fetch_interval:
            self.set_interval(self.fetch_interval, self.fetch_news)

    # ------------------------------------------------------------ keys: the user's keymap, help, palette

    def apply_keymap(self) -> None:
        """The user's keymap file (verksam.service.keymap) over the registry's keys; what is
        wrong in it is told, located, and the rest applies."""
        if self.keymap.bindings:
            self.set_keymap(self.keymap.bindings)
            palette = self.keymap.bindings.get("palette")
            if palette:  # the footer finds the palette's key by this name
                self.COMMAND_PALETTE_BINDING = self._normalize_keymap({"p": palette})["p"].split(",")[0]
        for problem in self.keymap.problems:
            self.notify(problem, title=t("keymap.title"), severity="error", timeout=15, markup=False)

    def handle_bindings_clash(self, clashed_bindings, node) -> None:
        ids = frozenset(b.id or b.action for b in clashed_bindings)
        if ids in self._clashes_told:  # Textual asks on every key press while it lasts
            return
        self._clashes_told.add(ids)
        for b in clashed_bindings:
            self.notify(t("keymap.clash", key=key_name(b.key), id=b.id or b.action), title=t("keymap.title"),
                        severity="warning", timeout=10, markup=False)

    def get_key_display(self, binding) -> str:
        if binding.key_display:
            return binding.key_display
        key = binding.key
        if key.startswith("ctrl+") and len(key) == 6:
            return "^" + key[-1]
        return key_name(key)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_help_quit(self) -> None:
        for key, active in self.active_bindings.items():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(t("quit.hint", key=key_name(key)), title=t("quit.hint.title"), markup=False)
                return

    def action_command_palette(self) -> None:
        if self.use_command_palette and not Palette.is_open(self):
            self.push_screen(Palette())

    # ------------------------------------------------------------ workers (no widget is touched there)

    @work(thread=True, exclusive=True, group="load", exit_on_error=False)
    def load_data(self) -> None:
        if self._preload_thread is not None:
            self._preload_thread.join()
            self._preload_thread = None
            pre, self._preload = self._preload, {}
            if "loaded" in pre:
                self.post_message(DataLoaded(pre["loaded"]))
                return
            if "error" in pre:
                self.post_message(LoadFailed(pre["error"]))
                return
        try:
            loaded = self.service.load()
        except Exception as e:  # a user's folder, not a bug: shown, not raised
            self.post_message(LoadFailed(str(e)))
            return
        self.post_message(DataLoaded(loaded))

    # ------------------------------------------------------------ reading a large repository

    def read_now(self, mid: str) -> None:
        """A municipality not read yet was opened: read it now (ahead of the background reader)."""
        if mid not in self._reading_now:
            self._reading_now.add(mid)
            self.run_worker(lambda: self._read(mid), thread=True, exit_on_error=False, group="read")

    def _read(self, mid: str) -> None:
        try:
            loaded = self.service.read_municipalities([mid])
        except Exception as e:
            self.post_message(LoadFailed(str(e)))
            return
        finally:
            self._reading_now.discard(mid)
        if loaded is not None:
            self.post_message(DataLoaded(loaded, background=True))

    @work(thread=True, exclusive=True, group="background", exit_on_error=False)
    def read_background(self) -> None:
        """Read the municipalities not read yet, nearest the cursor first, a few at a time, each
        batch shown as it is done; keys are never waited for (this is a thread, and it lets go
        of the service between batches)."""
        import time

        from textual.worker import get_current_worker

        worker = get_current_worker()
        self.ahead_done = False
        while not worker.is_cancelled:
            unread = self.service.unread()
            if not unread:
                return
            # the limit is the session's, not each start's (every load starts the reader again):
            # memory is what a session keeps; the rest is read when opened, or all with Ctrl+r
            room = 4 if self.read_ahead is None else min(4, self.read_ahead - self.read_ahead_count)
            if room <= 0:
                self.ahead_done = True
                self.call_from_thread(self.main.refresh_partial)
                return
            batch = self._nearest(unread)[:room]
            self.read_ahead_count += len(batch)
            try:
                loaded = self.service.read_municipalities(batch)
            except Exception as e:
                self.post_message(LoadFailed(str(e)))
                return
            if loaded is not None and not worker.is_cancelled:
                self.post_message(DataLoaded(loaded, background=True))
            time.sleep(0.001)  # the event loop's turn

    def _nearest(self, unread: list[str]) -> list[str]:
        """Unread municipalities, those nearest (in the tree's order) to the one shown first."""
        order = self.service.order()
        pos = {mid: i for i, mid in enumerate(order)}
        cur = self.main.current
        here = pos.get(cur.muni, 0) if cur is not None else 0
        return sorted(unread, key=lambda mid: (abs(pos.get(mid, 0) - here), pos.get(mid, 0)))

    @property
    def fully_read(self) -> bool:
        """Every municipality is read and shown: what tests (and benchmarks) wait for."""
        loaded = self.main.loaded
        return (loaded is not None and (loaded.complete or not self.background or self.ahead_done)
                and not any(w.group in ("load", "background", "read") and w.is_running for w in self.workers))

    def action_read_all(self) -> None:
        """Read every municipality in the background (search and the problems list then cover all)."""
        if self.main.loaded is None or self.main.loaded.complete:
            return
        self.read_ahead = None
        self.notify(t("read.all_started", n=len(self.service.unread())), timeout=3)
        self.read_background()

    @work(thread=True, exclusive=True, group="poll", exit_on_error=False)
    def poll_changes(self) -> None:
        try:
            loaded = self.service.reload_if_changed()
        except Exception as e:
            self.post_message(LoadFailed(str(e)))
            return
        if loaded is not None:
            self.post_message(DataLoaded(loaded, reload=True))

    @work(thread=True, exclusive=True, group="fetch", exit_on_error=False)
    def fetch_news(self) -> None:
        """Quietly fetch what colleagues pushed; tell who changed what (nothing when offline)."""
        if self.readonly is not None or not self.service.collab.enabled():
            return
        news = self.service.fetch_news()
        if news is not None:
            self.post_message(NewsFetched(news))

    @on(NewsFetched)
    def news_fetched(self, event: NewsFetched) -> None:
        self.notify(event.news.message(), title=t("cmd.sync"), timeout=10, markup=False)

    @work(thread=True, exclusive=True, group="summary", exit_on_error=False)
    def summarize_doc(self, ref: Ref, filters=None) -> None:
        loaded = self.main.loaded
        if loaded is None:
            return
        try:
            tables = self.service.summary(loaded.workspace, ref.muni, ref.board, ref.doc_kind, ref.doc_period,
                                          filters)
        except Exception as e:  # the summary is extra; the view stands without it
            self.log.error(f"summary failed: {e!r}")
            return
        if tables is not None:
            self.post_message(SummaryReady(ref, tables, filters))

    # ------------------------------------------------------------ store calls (edits, saves, Git)

    def store_call(self, fn, done=None) -> None:
        """Run `fn()` (a store call) in a thread worker; `done(result)` runs on the event loop.
        A refusal (InvalidEdit, MergeConflict unhandled, GitError …) is shown, never raised."""
        self._calls += 1
        call_id = self._calls

        def work() -> None:
            try:
                result = fn()
            except Exception as e:
                self.post_message(StoreDone(call_id, None, str(e) or type(e).__name__, done))
                return
            self.post_message(StoreDone(call_id, result, None, done))

        self.run_worker(work, thread=True, exit_on_error=False, group="store")

    @on(StoreDone)
    def store_done(self, event: StoreDone) -> None:
        if event.error is not None:
            self.notify(t("store.refused", error=event.error), severity="error", timeout=8, markup=False)
            return
        if event.done is not None:
            event.done(event.result)

    def apply_edit(self, loaded, message: str = "") -> None:
        """Show the workspace after an edit, undo, redo or save (with unsaved edits in it)."""
        self.main.apply_loaded(loaded, edited=True)
        self.update_dirty()
        if message:
            self.notify(message, timeout=3, markup=False)
        refresh = getattr(self.screen, "refresh_rows", None)
        if refresh is not None:
            refresh()

    def update_dirty(self) -> None:
        n = len(self.service.session.changes)
        self.title = f"verksam ● {t('dirty', n=n)}" if n else "verksam"
        self.main.update_header()

    def action_undo(self) -> None:
        self.main.action_undo()

    def action_save(self) -> None:
        self.main.action_save()

    def action_quit(self) -> None:
        """Quitting with unsaved edits asks first: save, quit without saving, or stay."""
        if not self.service.dirty:
            self.exit()
            return
        from .screens.edit import ConfirmScreen

        def answer(v):
            if v == "discard":  # chosen: nothing to offer back at the next start
                self.service.forget_own_recovery()
                self.exit()
            elif v == "save":
                self.main.action_save_then(self.exit)

        if isinstance(self.screen, ConfirmScreen):
            return
        self.push_screen(ConfirmScreen(t("quit.title"), t("quit.text", n=len(self.service.session.changes)),
                                       [("confirm.save", "save"), ("confirm.discard", "discard")]), answer)

    # ------------------------------------------------------------ revisions (read only)

    def open_revision(self, commit) -> None:
        if commit is None:
            return
        if commit == "":
            self.readonly = None
            self.load_data()
            self.notify(t("rev.back"), timeout=3)
            return
        self.store_call(lambda: self.service.load_revision(commit.sha), lambda loaded: self._revision_loaded(commit, loaded))

    def _revision_loaded(self, commit, loaded) -> None:
        self.readonly = {"sha": commit.sha, "short": commit.sha[:8], "date": commit.date[:10], "author": commit.author,
                         "subject": commit.subject}
        self.main.apply_loaded(loaded)
        self.sub_title = t("ro.header", rev=commit.sha[:8], date=commit.date[:10], author=commit.author)
        self.notify(t("ro.opened", rev=commit.sha[:8]), timeout=4, markup=False)

    # ------------------------------------------------------------ who last set each value

    @work(thread=True, exclusive=True, group="blame", exit_on_error=False)
    def blame(self, ref: Ref) -> None:
        try:
            if not self.show_last_set or not self.service.is_git():
                return
            doc = find_document(self.main.ws, ref)[1]  # only the document's own files' history
            rows = self.service.last_set(ref.id, ref.doc_kind, ref.doc_period, files=list(doc.files) if doc else None,
                                         municipality=ref.muni)
        except Exception as e:
            self.log.error(f"blame failed: {e!r}")
            return
        self.post_message(BlameReady(ref, rows))

    @on(BlameReady)
    def blame_ready(self, event: BlameReady) -> None:
        self.main.show_blame(event.ref, event.rows)

    @on(SummaryReady)
    def summary_ready(self, event: SummaryReady) -> None:
        self.main.show_summary(event.ref, event.tables, event.filters)

    def poll(self) -> None:
        if self.main.loaded is None or self.readonly is not None:
            return
        if any(w.group == "store" and w.is_running for w in self.workers):
            return
        if any(w.group in ("load", "poll") and w.is_running for w in self.workers):
            return
        self.poll_changes()

    # ------------------------------------------------------------ results

    @on(DataLoaded)
    def data_loaded(self, event: DataLoaded) -> None:
        if self._exit:
            return  # a reload that arrives while the app closes has nothing left to show it in
        if self.readonly is not None and (event.reload or event.background):
            return  # a revision is shown; the work tree's changes wait
        if self.readonly is not None:
            self.readonly = None
            self.sub_title = ""
        first = self.main.loaded is None
        self.sweep_soon()  # new municipalities read: the collector sweeps once the batch is in
        if event.background:
            self.main.apply_loaded(event.loaded, background=True)
            self._search_sees(event.loaded)
            if event.loaded.complete and event.loaded.total > self.service.eager:
                self.notify(t("read.done", total=event.loaded.total), timeout=3)
            return
        self.loads += 1
        self.load_ms = event.loaded.millis
        self.main.apply_loaded(event.loaded)
        self._search_sees(event.loaded)
        if not event.loaded.complete and self.background:  # a large repository: the rest in the background
            self.read_background()
        ws = event.loaded.workspace
        if event.reload:
            self.notify(t("reloaded", files=", ".join(event.loaded.changed[:3])
                          + (" …" if len(event.loaded.changed) > 3 else "")), timeout=3)
        elif first:
            self.store_call(self.service.recovery_offer, self._recovery_found)  # a killed app's edits?
            self.call_after_refresh(self._say_loaded, ws, event.loaded.millis)  # (counting is not the first screen's)
        broken = {p.file for p in event.loaded.problems if p.code == "syntax"}
        if broken:
            self.notify(t("broken", n=len(broken)), severity="warning", timeout=4)

    def sweep_soon(self, delay: float = 0.5, full: bool = False) -> None:
        """One garbage-collector sweep (service/collector.py) when no more reads arrive for
        `delay` seconds: a batch of reads is one sweep, not one each."""
        self._sweep_full = self._sweep_full or full
        if self._sweep_timer is not None:
            self._sweep_timer.stop()
        self._sweep_timer = self.set_timer(delay, self._sweep)

    def _sweep(self) -> None:
        self._sweep_timer = None
        full, self._sweep_full = self._sweep_full, False
        self.collector.sweep(full)

    def _say_loaded(self, ws, millis: int) -> None:
        if self.readonly is None and not self.sub_title:
            st = ws.stats()
            self.sub_title = t("loaded", docs=st["documents"], items=st["items"], inds=st["indicators"], ms=millis)

    def _search_sees(self, loaded) -> None:
        """An open search searches what is read now (the background reader adds municipalities)."""
        from .screens.search import SearchScreen

        screen = self.screen
        if isinstance(screen, SearchScreen) and screen.index is not loaded.index:
            screen.index = loaded.index
            screen.run_search(screen.query_one("#search-input").value)

    def _recovery_found(self, offer: dict | None) -> None:
        """Edits a killed or hung-up app left unsaved: offer them back (y), discard (d), or ask
        again next time (Esc)."""
        if not offer:
            return
        from .screens.edit import ConfirmScreen

        what = "\n".join("• " + label for label in offer["labels"][:8]) + ("\n…" if len(offer["labels"]) > 8 else "")

        def answer(choice) -> None:
            if choice == "restore":
                self.store_call(self.service.recover, self._recovered)
            elif choice == "discard":
                self.store_call(self.service.drop_recovery)

        self.push_screen(ConfirmScreen(t("recovery.title"), t("recovery.text", n=offer["count"], saved=offer["saved"],
                                                              what=what),
                                       [("confirm.restore", "restore"), ("confirm.throw_away", "discard")]), answer)

    def _recovered(self, result) -> None:
        made, failed, loaded = result
        self.apply_edit(loaded, t("recovery.done", n=made))
        if failed:
            self.notify(t("recovery.failed", what="; ".join(failed)), severity="warning", timeout=10, markup=False)

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
