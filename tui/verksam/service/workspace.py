"""The screens' one door to the plans: wraps PlanRepository (loading, validation, change polling),
the store's EditSession (edits, undo, save, merge), Git history and revisions, and new periods; it
builds what the app needs beside the model (the search index). Called from thread workers only;
one lock keeps a poll, a load, an edit and a save from running over each other.

While there are unsaved edits, every load shows the workspace as it would be with them (the
session's texts as overrides), so the views always show what the user has typed.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..model.entities import Workspace
from ..model.problems import Problem
from ..store import git, recovery
from ..store.paths import confine, relative
from ..store.repolock import repo_lock
from ..store.repository import PlanRepository, Snapshot, bulk_allocation, municipality_of
from ..store.session import (  # noqa: F401  (re-exported: the app's edits and their results)
    Address,
    Append,
    Change,
    Conflict,
    EditSession,
    InvalidEdit,
    MergeConflict,
    Remove,
    SaveReport,
    SetValue,
    Uncommitted,
    Unset,
)
from ..store.edits import Edit, entry_address  # noqa: F401
from ..text import t
from .errors import UsageError
from .names import entry_name
from .nav import Filters, SearchEntry, build_index, shown_ids


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


def confine_rel(root: Path, rel: str) -> str:
    """A plan file's repository path, refused (PathRefused) unless it is under plans/."""
    return relative(root, confine(root, rel))


class PlanService:
    def __init__(self, root: Path | str):
        self.repo = PlanRepository(root)
        self.session = EditSession(self.repo)
        self.session.names = self._entry_name  # the save list and commit messages say names
        self._names_ws: Workspace | None = None
        self._lock = threading.RLock()
        self._index_parts: dict[str, tuple[object, list[SearchEntry]]] = {}
        self._summary_lock = threading.Lock()
        self._af = None
        self._af_for = None
        self._history: dict[tuple[str, str], list[dict]] = {}  # (id, HEAD) -> rows
        self._recovery: recovery.Recovery | None = None  # a killed app's edits, offered at start
        self._collab = None

    @property
    def root(self) -> Path:
        return self.repo.root

    def check(self) -> None:
        """Raises RepoError when the folder is not a plans repository."""
        self.repo.check_root()

    def load(self, changed: list[str] | None = None) -> Loaded:
        with self._lock:
            start = time.perf_counter()
            self.session.rebase()  # a colleague's change to a file with unsaved edits shows at once
            # every load follows a change of the pending edits: keep them where a crash cannot take them
            recovery.keep(self.root, [(c.edit, c.label) for c in self.session.changes])
            overrides = self._overrides()
            with bulk_allocation():  # no cyclic GC while the model and the index are built
                snap = self.repo.load(overrides=overrides)
                if overrides:  # the files shown with unsaved edits: are they still readable on disk?
                    snap.problems.extend(self.repo.disk_problems(sorted(overrides)))
                index = self._index(snap.workspace)
            ms = int((time.perf_counter() - start) * 1000)
            self._names_ws = snap.workspace
            return Loaded(snap, index, ms, list(changed or []))

    def _index(self, ws: Workspace) -> list[SearchEntry]:
        """The search index, kept per municipality: one whose model is the same object as last
        time (the store rebuilds only the municipalities whose files changed) keeps its entries."""
        parts: dict[str, tuple[object, list[SearchEntry]]] = {}
        out: list[SearchEntry] = []
        for mid, m in ws.municipalities.items():
            old = self._index_parts.get(mid)
            if old is None or old[0] is not m:
                old = (m, build_index(Workspace(municipalities={mid: m})))
            parts[mid] = old
            out += old[1]
        self._index_parts = parts
        return out

    def summary(self, ws: Workspace, municipality: str, board: str, kind: str, period: str,
                filters: Filters | None = None) -> dict | None:
        """The summary tables of one document (service/summary.py, as `verksam summary`); under
        an active filter they count what the filter shows (nav.shown_ids). The analysis frames
        are built once per loaded workspace."""
        from ..analysis.summary import DocKey
        from .summary import document_summary

        af = self._analysis(ws, municipality)
        shown = None
        if filters is not None and filters.active:
            m = ws.municipalities.get(municipality)
            doc = next((d for d in m.documents if (d.board, d.kind, d.period) == (board, kind, period)), None) if m else None
            if doc is not None:
                shown = shown_ids(filters, m, doc)
        return document_summary(af, DocKey(municipality, board, kind, period), shown)

    def _entry_name(self, rel: str, entry_id: str) -> str | None:
        """An indicator's name (or an item's title) for a change's label, from the last load."""
        ws = self._names_ws
        if ws is None:
            return None
        name = entry_name(ws.municipalities.get(municipality_of(rel)), entry_id)
        return None if name == entry_id else name

    def _overrides(self) -> dict[str, str] | None:
        files = self.session.dirty_files()
        if not files:
            return None
        return {rel: self.session.editor(rel).render() for rel in files}

    # ------------------------------------------------------------ editing (all under the lock)

    def edit(self, edit: Edit, label: str = "") -> tuple[Change, Loaded]:
        """One typed edit (`SetValue`, `Unset`, `Append`, `Remove`) checked at once by the store;
        raises InvalidEdit (nothing changed) or returns the change and the workspace with it."""
        with self._lock:
            self.session.forget_clean()
            ch = self.session.apply(edit, label=label)
            return ch, self.load()

    def edits(self, edits: list[Edit]) -> tuple[list[Change], Loaded]:
        """Several edits as one user action (e.g. a risk's probability and its value); all or none."""
        with self._lock:
            self.session.forget_clean()
            done = self.session.apply_all(edits)
            return done, self.load()

    def value(self, rel: str, path: tuple):
        with self._lock:
            self.session.forget_clean()
            return self.session.value(rel, path)

    def undo(self) -> tuple[Change | None, Loaded]:
        with self._lock:
            ch = self.session.undo()
            return ch, self.load()

    def redo(self) -> tuple[Change | None, Loaded]:
        with self._lock:
            ch = self.session.redo()
            return ch, self.load()

    @property
    def dirty(self) -> bool:
        return self.session.dirty

    def pending(self) -> list[str]:
        return [c.describe() for c in self.session.changes]

    def save(self, reason: str = "", resolutions: list[tuple[Conflict, str]] | None = None) -> tuple[SaveReport, Loaded]:
        """Merge, validate, write and commit (raises MergeConflict or InvalidEdit, nothing written)."""
        with self._lock:
            for c, keep in resolutions or []:
                self.session.resolve(c, keep)
            use_git = self.is_git()
            if use_git and git.identity(self.root) is None:
                raise git.GitError(t("save.no_identity"))
            report = self.session.save(reason=reason, commit=use_git)
            return report, self.load(report.files)

    def save_including(self, reason: str = "") -> tuple[SaveReport, Loaded]:
        """Save, committing the files' changes made outside verksam too (the user chose so)."""
        with self._lock:
            report = self.session.save(reason=reason, commit=self.is_git(), include_uncommitted=True)
            return report, self.load(report.files)

    def outside_diff(self, rel: str) -> str:
        """The uncommitted change made outside verksam to a plan file, as a diff."""
        return git.worktree_diff(self.root, confine_rel(self.root, rel))

    def set_aside(self, rels: list[str]) -> Loaded:
        """Set the uncommitted changes made outside verksam to these files aside in Git's stash
        (under the repository lock); the files are as committed afterwards, the unsaved edits stay."""
        with self._lock:
            with repo_lock(self.root, command="verksam: set aside"):
                for rel in rels:
                    git.stash_path(self.root, confine_rel(self.root, rel), t("outside.stash_message", file=rel))
            return self.load(rels)

    def discard(self) -> Loaded:
        with self._lock:
            self.session.discard()
            return self.load()

    # ------------------------------------------------------------ recovery of a killed app's edits

    def recovery_offer(self) -> dict | None:
        """Unsaved edits an app on this repository left when it was killed or hung up (not one
        that is running): {"count", "saved", "labels"}, or None."""
        with self._lock:
            self._recovery = recovery.left_behind(self.root)
            if self._recovery is None:
                return None
            r = self._recovery
            return {"count": r.count, "saved": r.saved.replace("T", " "), "labels": [label for _, label in r.edits]}

    def recover(self) -> tuple[int, list[str], Loaded]:
        """Make the offered edits again, each checked as when it was made; returns how many were
        made, the ones that no longer apply (with why), and the workspace with them."""
        with self._lock:
            r = self._recovery or recovery.left_behind(self.root)
            made, failed = 0, []
            for edit, label in (r.edits if r else []):
                try:
                    self.session.forget_clean()
                    self.session.apply(edit, label=label)
                    made += 1
                except Exception as e:  # the file or entry changed meanwhile: say which, go on
                    failed.append(f"{label or edit.at}: {e}")
            loaded = self.load()  # keeps them in this app's own recovery file
            if r is not None:
                recovery.drop(r)
            self._recovery = None
            return made, failed, loaded

    def forget_own_recovery(self) -> None:
        """This app's pending edits are thrown away on purpose (quit without saving)."""
        recovery.keep(self.root, [])

    def drop_recovery(self) -> None:
        with self._lock:
            r = self._recovery or recovery.left_behind(self.root)
            if r is not None:
                recovery.drop(r)
            self._recovery = None

    # ------------------------------------------------------------ Git: history, log, revisions

    def is_git(self) -> bool:
        return git.is_repo(self.root)

    def log(self, limit: int = 200, paths: list[str] | None = None) -> list[git.CommitInfo]:
        return git.log(self.root, paths=paths or ["plans"], limit=limit)

    def history(self, entry_id: str, municipality: str = "", files: list[str] | None = None) -> list[dict]:
        """Every change of one item or indicator (service/history.py, as `verksam history`), as
        rows for a screen, newest first. Empty when the folder is not a Git repository.
        `municipality` looks only in that municipality's files (ids repeat between
        municipalities), `files` only in those files (`git log -- FILES`): never the history of
        the whole repository."""
        from .history import entry_history, history_rows

        head = git.head(self.root)
        if head is None:
            return []
        key = (entry_id, head, municipality, tuple(files or ()))
        cached = self._history.get(key)
        if cached is not None:
            return cached
        under = f"plans/{municipality}/" if municipality else "plans/"
        try:
            rows = history_rows(entry_history(self.root, entry_id, paths=files, under=under))
        except UsageError:
            rows = []
        if len(self._history) > 200:
            self._history.clear()
        self._history[key] = rows
        return rows

    def last_set(self, entry_id: str, doc_kind: str, doc_period: str, files: list[str] | None = None,
                 municipality: str = "") -> list[dict]:
        """Who last set each value of an entry in one document, and when: from the history of the
        document's own files (`files`) alone."""
        from .history import last_set

        return last_set(self.history(entry_id, municipality, files), doc_kind, doc_period)

    def diff(self, ws: Workspace, municipality: str, board: str, old: tuple[str, str],
             new: tuple[str, str]) -> list[dict]:
        """The changes between two sides, each ("period", "2025-04") or ("rev", sha) (service/diff.py,
        as `verksam diff`); a period side is read from `ws` (the work tree as loaded). Rows of one
        municipality and board, with each entry's responsible unit (for the unit filter)."""
        from .diff import diff, responsible_of
        from .words import change_word, field_word

        frames = self._analysis(ws, municipality) if "period" in (old[0], new[0]) else None
        result = diff(self.root, old, new, frames=frames, municipality=municipality, board=board)
        resp = responsible_of(result, municipality)
        rows = []
        for r in result.changes.iter_rows(named=True):
            r["responsible"] = resp.get(r["id"], "") or ""
            r["change_sv"] = change_word(r["change"])
            r["field_sv"] = field_word(r["field"])
            rows.append(r)
        return rows

    def _analysis(self, ws: Workspace, municipality: str | None = None):
        """Analysis frames of the loaded workspace, or of one municipality of it (what a
        document's summary needs: at national scale the whole takes seconds, one takes ms)."""
        from ..analysis import summary as S

        with self._summary_lock:
            if self._af_for is not ws:
                self._af_for = ws
                self._af = {}
            key = municipality or ""
            if key not in self._af:
                if municipality is not None and municipality in ws.municipalities:
                    sub = Workspace({municipality: ws.municipalities[municipality]})
                    self._af[key] = S.as_analysis(sub)
                else:
                    self._af[key] = S.as_analysis(ws)
            return self._af[key]

    def load_revision(self, sha: str) -> Loaded:
        """The whole workspace as it was at a commit, for reading only."""
        from ..store.revisions import load_revision

        start = time.perf_counter()
        st = load_revision(self.root, sha)
        snap = Snapshot(self.root, st.workspace, [], {})
        return Loaded(snap, build_index(st.workspace), int((time.perf_counter() - start) * 1000))

    # ------------------------------------------------------------ new periods

    def new_followup(self, municipality: str, board: str, period: str) -> tuple[str, Loaded]:
        from ..store.periods import new_followup

        with self._lock:
            rel = new_followup(self.repo, municipality, board, period, commit=self.is_git())
            return rel, self.load([rel])

    def next_year_plan(self, municipality: str, board: str, year: str) -> tuple[str, Loaded]:
        from ..store.periods import next_year_plan

        with self._lock:
            rel = next_year_plan(self.repo, municipality, board, year, commit=self.is_git())
            return rel, self.load([rel])

    def carried_past_end(self, ws: Workspace, municipality: str, board: str, year: str) -> list[str]:
        """Ids of a plan's carried-over items whose end date has already passed (for a warning)."""
        from ..store.periods import carried_past_end

        m = ws.municipalities.get(municipality)
        doc = m.document(board, "plan", year) if m else None
        return [it.id for it in carried_past_end(doc)] if doc else []

    # ------------------------------------------------------------ the reporting round

    def whoami(self, m):
        """(person, e-mail) of the current user in a municipality: the person whose e-mail is
        the one the user's commits are authored with (read from Git once)."""
        from ..model.round import person_for_email

        if not hasattr(self, "_email"):
            ident = git.author(self.root) if self.is_git() else None
            self._email = ident[1] if ident else ""
        return (person_for_email(m, self._email) if m is not None else None), self._email

    def round_change(self, what: str, municipality: str, board: str, period: str, unit: str = "",
                     comment: str = "", force: bool = False):
        """ready / back / approve / reopen, each its own commit (service.round.change)."""
        from .round import change

        with self._lock:
            result = change(self, what, municipality, board, period, unit, comment, force)
            self.session.forget_clean()
            return result, self.load(result.report.files)

    # ------------------------------------------------------------ working together (service/collab.py)

    @property
    def collab(self):
        from .collab import Collab

        if self._collab is None:
            self._collab = Collab(self.root)
        return self._collab

    def fetch_news(self):
        """A quiet background fetch: colleagues' new commits (collab.News) or None."""
        return self.collab.fetch()

    def sync(self, choices: list[tuple[Conflict, str]] | None = None):
        """Fetch, merge, validate, push (store/sync.py). Returns (SyncResult, Loaded, summary);
        a result in state "conflict" carries the conflicts for the conflict screen, whose
        choices come back here. Raises SyncError (a Swedish message; nothing lost)."""
        from ..store import sync as S

        with self._lock:
            res = S.sync(self.root, S.resolutions_from(choices) if choices else None)
            self.collab.announced |= {c.sha for c in res.incoming}
            self.session.forget_clean()  # files colleagues changed are read afresh
            return res, self.load(res.files), self.collab.summary(res)

    def changed_files(self) -> list[str]:
        with self._lock:
            return self.repo.changed_files()

    def reload_if_changed(self) -> Loaded | None:
        changed = self.changed_files()
        if not changed:
            return None
        return self.load(changed)
