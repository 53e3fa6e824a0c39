"""Messages the app's widgets and workers send."""

from __future__ import annotations

from textual.message import Message

from .nav import Ref
from .service import Loaded


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
    """tui.analysis.summary's tables for a document, computed in a worker."""

    def __init__(self, ref: Ref, tables: dict) -> None:
        super().__init__()
        self.ref = ref
        self.tables = tables
