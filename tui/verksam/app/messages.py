"""Messages the app's widgets and workers send."""

from __future__ import annotations

from textual.message import Message

from ..service.nav import Ref
from ..service.workspace import Loaded


class OpenRef(Message):
    """Show this place (and select it in the tree); `jump` records it in the history."""

    def __init__(self, ref: Ref, jump: bool = True) -> None:
        super().__init__()
        self.ref = ref
        self.jump = jump


class DataLoaded(Message):
    """A load or reload finished in a worker."""

    def __init__(self, loaded: Loaded, reload: bool = False) -> None:
        super().__init__()
        self.loaded = loaded
        self.reload = reload


class LoadFailed(Message):
    def __init__(self, error: str) -> None:
        super().__init__()
        self.error = error


class SummaryReady(Message):
    """verksam.analysis.summary's tables for a document, computed in a worker."""

    def __init__(self, ref: Ref, tables: dict, filters=None) -> None:
        super().__init__()
        self.ref = ref
        self.tables = tables
        self.filters = filters  # the filter they were counted under (None: none)


class StoreDone(Message):
    """A store call (edit, undo, save, history, log …) finished in a worker."""

    def __init__(self, call_id: int, result, error: str | None, done) -> None:
        super().__init__()
        self.call_id = call_id
        self.result = result
        self.error = error
        self.done = done


class BlameReady(Message):
    """Who last set each value of an item or indicator (from Git), computed in a worker."""

    def __init__(self, ref: Ref, rows: list[dict]) -> None:
        super().__init__()
        self.ref = ref
        self.rows = rows


class NewsFetched(Message):
    """The background fetch found commits colleagues pushed (service.collab.News)."""

    def __init__(self, news) -> None:
        super().__init__()
        self.news = news
