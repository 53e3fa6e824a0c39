"""The screens' one door to the plans: wraps PlanRepository (loading, validation, change polling)
and builds what the app needs beside the model (the search index). Called from thread workers
only; a lock keeps a poll and a load from running over each other.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..model.entities import Workspace
from ..model.problems import Problem
from ..store.repository import PlanRepository, Snapshot
from .nav import SearchEntry, build_index


@dataclass
class Loaded:
    snapshot: Snapshot
    index: list[SearchEntry]
    millis: int
    changed: list[str] = field(default_factory=list)

    @property
    def workspace(self) -> Workspace:
        return self.snapshot.workspace

    @property
    def problems(self) -> list[Problem]:
        return self.snapshot.problems


class PlanService:
    def __init__(self, root: Path | str):
        self.repo = PlanRepository(root)
        self._lock = threading.Lock()
        self._summary_lock = threading.Lock()
        self._af = None
        self._af_for = None

    @property
    def root(self) -> Path:
        return self.repo.root

    def check(self) -> None:
        """Raises RepoError when the folder is not a plans repository."""
        self.repo.check_root()

    def load(self, changed: list[str] | None = None) -> Loaded:
        with self._lock:
            start = time.perf_counter()
            snap = self.repo.load()
            index = build_index(snap.workspace)
            ms = int((time.perf_counter() - start) * 1000)
            return Loaded(snap, index, ms, list(changed or []))

    def summary(self, ws: Workspace, municipality: str, board: str, kind: str, period: str) -> dict | None:
        """tui.analysis.summary's tables for one document (None when that module is not there).
        The analysis frames are built once per loaded workspace."""
        try:
            from ..analysis import summary as S
        except ImportError:
            return None
        with self._summary_lock:
            if self._af_for is not ws:
                self._af = S.as_analysis(ws)
                self._af_for = ws
            af = self._af
        return S.summarize(af, S.DocKey(municipality, board, kind, period))

    def changed_files(self) -> list[str]:
        with self._lock:
            return self.repo.changed_files()

    def reload_if_changed(self) -> Loaded | None:
        changed = self.changed_files()
        if not changed:
            return None
        return self.load(changed)
