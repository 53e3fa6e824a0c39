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

from ..model.entities import Municipality, Workspace, compact
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
from .nav import Filters, SearchEntry, build_index, definition_entries, document_entries, shown_ids


EAGER = 4  # a repository of at most this many municipalities is read whole before the first screen
READ_AHEAD = 8  # municipalities the app reads in the background beyond those opened (memory stays
# a few hundred megabytes at national size); VERKSAM_READ_AHEAD=N changes it, "all" reads every one


KEEP_READ = 10  # municipalities whose model stays in memory; the least recently used beyond it rest
# (their search entries and problems kept, their model read again when opened: from the parsed-file
# cache, milliseconds); a municipality with unsaved edits always stays. VERKSAM_KEEP_READ=N|all
KEEP_FRAMES = 2  # municipalities whose analysis frames (a document's summary, a diff) stay built


def _count_from_env(name: str, default: int, least: int, env: dict | None) -> int | None:
    """A count from the environment variable `name`: a number (at least `least`), or "all"/"alla"
    for no limit (None); the default when unset or not a number."""
    import os

    raw = (os.environ if env is None else env).get(name, "").strip().lower()
    if raw in ("all", "alla"):
        return None
    try:
        return max(least, int(raw)) if raw else default
    except ValueError:
        return default


def keep_read_from_env(env: dict | None = None) -> int | None:
    """How many municipalities' models stay in memory: VERKSAM_KEEP_READ (a number, or "all":
    None, no limit), else KEEP_READ."""
    return _count_from_env("VERKSAM_KEEP_READ", KEEP_READ, 1, env)


def read_ahead_from_env(env: dict | None = None) -> int | None:
    """How many municipalities the app reads ahead in the background: VERKSAM_READ_AHEAD (a number,
    or "all" for every one: None), else READ_AHEAD."""
    return _count_from_env("VERKSAM_READ_AHEAD", READ_AHEAD, 0, env)


@dataclass
class Loaded:
    """What the app shows: the municipalities read so far (their model, problems and search
    index) and the ones not read yet (`pending`, as their municipality.toml names them)."""

    snapshot: Snapshot
    index: list[SearchEntry]
    millis: int
    changed: list[str] = field(default_factory=list)
    pending: dict[str, Municipality] = field(default_factory=dict)  # id -> header, in name order
    read: list[str] = field(default_factory=list)  # municipalities read by this load (new or rebuilt)
    seq: int = 0  # the service's count of loads: a higher one holds everything a lower one does (0: a revision)
    # municipalities read before whose model was let go (in `pending` too: read again when opened);
    # their search entries and problems are in `index` and `problems`
    resting: frozenset[str] = frozenset()

    @property
    def complete(self) -> bool:
        """Every municipality is read: search and problems cover the whole repository."""
        return len(self.pending) <= len(self.resting)

    @property
    def read_count(self) -> int:
        """Municipalities read (those resting included): what search and problems cover."""
        return len(self.workspace.municipalities) + len(self.resting)

    @property
    def total(self) -> int:
        return len(self.workspace.municipalities) + len(self.pending)

    @property
    def workspace(self) -> Workspace:
        return self.snapshot.workspace

    @property
    def problems(self) -> list[Problem]:
        return self.snapshot.problems


def _beside_documents(m: Municipality) -> tuple:
    """What a municipality holds beside its documents, as object identities."""
    return (m.name, id(m.boards), id(m.units), id(m.goal_sets), id(m.indicator_defs))


def _goal_documents(m: Municipality) -> tuple:
    """The documents that define board goals (other documents' search entries name them)."""
    return tuple(id(d) for d in m.documents if d.board_goals)


def confine_rel(root: Path, rel: str) -> str:
    """A plan file's repository path, refused (PathRefused) unless it is under plans/."""
    return relative(root, confine(root, rel))


class PlanService:
    """`eager`: a repository of at most this many municipalities is read whole by the first
    load; a larger one reads the first municipality (in the tree's order) and the rest when asked
    (`read_municipalities`: a municipality opened, and the app's background reader)."""

    def __init__(self, root: Path | str, eager: int = EAGER, keep: int | None | str = "env"):
        self.repo = PlanRepository(root)
        self.eager = eager
        self.keep_read = keep_read_from_env() if keep == "env" else keep  # None: every model stays
        self._used: dict[str, None] = {}  # municipalities read, least recently used first
        self._used_lock = threading.Lock()  # the app's thread marks what it shows without waiting for a load
        # municipalities read whose model was let go: (their search entries, their problems)
        self._resting: dict[str, tuple[list[SearchEntry], list[Problem]]] = {}
        self._known: dict[str, Municipality] | None = None  # every municipality's header (the layout)
        self._open: set[str] = {""}  # municipalities read ("": files directly in plans/)
        self._seq = 0
        self.session = EditSession(self.repo)
        self.session.names = self._entry_name  # the save list and commit messages say names
        self._names_ws: Workspace | None = None
        self._lock = threading.RLock()
        self._index_parts: dict[str, tuple[object, list[SearchEntry], dict]] = {}
        self._summary_lock = threading.Lock()
        self._af: dict[str, tuple[object, object]] = {}  # municipality ("" all) -> (its model, frames)
        self._history: dict[tuple[str, str], list[dict]] = {}  # (id, HEAD) -> rows
        self._recovery: recovery.Recovery | None = None  # a killed app's edits, offered at start
        self._collab = None

    @property
    def root(self) -> Path:
        return self.repo.root

    def check(self) -> None:
        """Raises RepoError when the folder is not a plans repository."""
        self.repo.check_root()

    def load(self, changed: list[str] | None = None, files: list[str] | None = None) -> Loaded:
        """The workspace as read so far, with the unsaved edits in it. Only the municipalities of
        `changed` and `files` (files a change touched) are read again (only their changed files
        parsed again, only a municipality whose files differ rebuilt); without them every
        municipality read so far is checked against the disk, and the layout listed again."""
        with self._lock:
            start = time.perf_counter()
            self.session.rebase()  # a colleague's change to a file with unsaved edits shows at once
            # every load follows a change of the pending edits: keep them where a crash cannot take them
            recovery.keep(self.root, [(c.edit, c.label) for c in self.session.changes])
            overrides = self._overrides()
            touched = list(changed or []) + list(files or [])
            if self._known is None or not touched:
                self._list_municipalities()
                scope = set(self._open)
            else:
                scope = {municipality_of(rel) for rel in touched}
                if any(rel.endswith("municipality.toml") or municipality_of(rel) not in self._known
                       for rel in touched if municipality_of(rel)):
                    self._list_municipalities(scope - self._open)
                scope &= self._open
            # a resting municipality whose files changed on disk: its search entries and problems are
            # out of date, it is read again when opened (a reload of everything checks them all)
            stale = ({municipality_of(rel) for rel in touched} if touched else
                     {municipality_of(rel) for rel in self.repo.changed_files(municipalities=set(self._resting))})
            for mid in stale & set(self._resting):
                self._resting.pop(mid)
            edited = {municipality_of(rel) for rel in overrides or {}}
            self._open |= edited  # a municipality with unsaved edits is shown (edits recovered after a crash)
            for mid in edited & set(self._resting):
                self._resting.pop(mid)
            scope |= edited
            for mid in {municipality_of(rel) for rel in files or []}:  # being edited: keep its parsed data
                if mid in self.repo.keep:
                    self.repo.keep.remove(mid)
                self.repo.keep[:0] = [mid]
                del self.repo.keep[3:]
            with bulk_allocation():  # no cyclic GC while the model and the index are built
                self.repo.load(overrides=overrides, municipalities=scope)
                return self._compose(start, list(changed or []), scope)

    def _list_municipalities(self, refresh: set[str] | None = None) -> None:
        """The municipalities the layout has (plans/<municipality>/), each with its header from its
        municipality.toml, read again for `refresh` (None: every municipality not read). The first
        listing opens a small repository whole, a larger one at its first municipality."""
        ids = self.repo.municipality_ids()
        first = self._known is None
        known = self._known or {}
        again = refresh if refresh is not None else set(known) - self._open
        headers = {mid: known[mid] if mid in known and mid not in again else self.repo.header(mid) for mid in ids}
        self._known = dict(sorted(headers.items(), key=lambda kv: (kv[1].name, kv[0])))
        self._open &= set(ids) | {""}
        if first:
            self._open |= set(ids) if len(ids) <= self.eager else set(list(self._known)[:1])

    def read_municipalities(self, mids: list[str]) -> Loaded | None:
        """Read these municipalities' documents (a municipality opened, or the background reader's
        next ones); None when they are all read already."""
        with self._lock:
            if self._known is None:
                self._list_municipalities()
            new = {mid for mid in mids if mid in self._known and mid not in self._open}
            for mid in mids:
                self.use(mid, read=True)
            if not new:
                return None
            start = time.perf_counter()
            self._open |= new
            for mid in new:
                self._resting.pop(mid, None)
            self._rest(protect=new)
            overrides = self._overrides()
            with bulk_allocation():
                self.repo.load(overrides=overrides, municipalities=new)
                for mid in new:  # kept in memory a while: its repeated strings shared
                    part = self.repo.part(mid)
                    if part is not None and part[0] is not None:
                        compact(part[0])
                return self._compose(start, [], new)

    def use(self, mid: str, read: bool = False) -> None:
        """The app shows this municipality (or `read`: it is being read): its model is let go last."""
        with self._used_lock:
            if read or mid in self._open:
                self._used.pop(mid, None)
                self._used[mid] = None

    def _rest(self, protect: set[str]) -> None:
        """Let go of the models of the municipalities used least recently beyond `keep_read` (never
        one with unsaved edits or being edited, nor `protect`): their search entries and problems
        stay, their model is read again when opened (its parsed files from the cache)."""
        over = len(self._open - {""}) - (self.keep_read if self.keep_read is not None else len(self._open))
        if over <= 0:
            return
        with self._used_lock:
            used = [mid for mid in self._used if mid in self._open]
        never = [mid for mid in self._known or {} if mid in self._open and mid not in used]
        edited = {municipality_of(rel) for rel in self.session.dirty_files()}
        for mid in never + used:
            if over <= 0:
                break
            if mid in protect or mid in edited or not mid:
                continue
            part = self.repo.part(mid)
            idx = self._index_parts.pop(mid, None)
            if idx is None:
                idx = (None, build_index(Workspace({mid: part[0]})) if part and part[0] is not None else [])
            self._resting[mid] = (idx[1], list(part[1]) if part else [])
            self._open.discard(mid)
            with self._used_lock:
                self._used.pop(mid, None)
            with self._summary_lock:
                self._af.pop(mid, None)
            self.repo.let_go(mid)
            over -= 1

    def resting(self) -> list[str]:
        """Municipalities read whose model was let go, in the tree's order."""
        return [mid for mid in self._known or {} if mid in self._resting]

    def order(self) -> list[str]:
        """Every municipality, in the tree's order (by name)."""
        return list(self._known or {})

    def unread(self) -> list[str]:
        """The municipalities not read yet, in the tree's order."""
        return [mid for mid in (self._known or {}) if mid not in self._open and mid not in self._resting]

    @property
    def reads(self) -> int:
        """Plan files read and parsed so far (a file read again after it changed counts again)."""
        return self.repo.reads

    def _compose(self, start: float, changed: list[str], read: set[str]) -> Loaded:
        """The Loaded of every municipality read so far, from the store's parts (a municipality
        not rebuilt is the same object as before, and so is its search index)."""
        ws = Workspace()
        problems: list[Problem] = []
        for mid in sorted(self._open):
            part = self.repo.part(mid)
            if part is None:
                continue
            if part[0] is not None:
                ws.municipalities[mid] = part[0]
            problems += part[1]
        for mid in sorted(self._resting):
            problems += self._resting[mid][1]
        overrides = self.session.dirty_files()
        if overrides:  # the files shown with unsaved edits: are they still readable on disk?
            problems += self.repo.disk_problems(overrides)
        problems.sort(key=lambda p: p.sort_key)
        index = self._index(ws)
        self._names_ws = ws
        pending = {mid: h for mid, h in (self._known or {}).items() if mid not in self._open}
        ms = int((time.perf_counter() - start) * 1000)
        self._seq += 1
        return Loaded(Snapshot(self.root, ws, problems, {}), index, ms, changed, pending, sorted(read), self._seq,
                      frozenset(self._resting))

    def _index(self, ws: Workspace) -> list[SearchEntry]:
        """The search index, kept per municipality: one whose model is the same object as last
        time (the store rebuilds only the municipalities whose files changed) keeps its entries,
        and within a municipality rebuilt by an edit (the store builds only the edited document
        again) every document that is the same object keeps its own."""
        parts: dict[str, tuple[object, list[SearchEntry], dict]] = {}
        for mid, m in ws.municipalities.items():
            old = self._index_parts.get(mid)
            if old is None or old[0] is not m:
                old = (m, *self._municipality_index(m, old))
            parts[mid] = old
        self._index_parts = parts
        out: list[SearchEntry] = []
        for mid in sorted(set(parts) | set(self._resting)):  # the resting municipalities' entries in their place
            out += parts[mid][1] if mid in parts else self._resting[mid][0]
        return out

    @staticmethod
    def _municipality_index(m: Municipality, old: tuple | None) -> tuple[list[SearchEntry], dict]:
        """A municipality's entries, and its documents' own (by document object). A document's
        entries depend on the municipality beside its documents (names, units, goals, indicator
        definitions) and on the board goals of every document: they are taken over only when those
        are the same objects as when they were made."""
        same = (old is not None and _beside_documents(old[0]) == _beside_documents(m)
                and _goal_documents(old[0]) == _goal_documents(m))
        before: dict = old[2] if same else {}
        goals = None
        docs: dict = {}  # id(document) -> (document, its entries); "defs" -> the definitions' entries
        entries: list[SearchEntry] = []
        for d in m.documents:
            hit = before.get(id(d))
            if hit is None or hit[0] is not d:
                if goals is None:
                    goals = m.goals_by_id()
                hit = (d, document_entries(m, d, goals))
            docs[id(d)] = hit
            entries += hit[1]
        defs = before.get("defs") or definition_entries(m)
        docs["defs"] = defs  # type: ignore[assignment]
        return entries + defs, docs

    def summary(self, ws: Workspace, municipality: str, board: str, kind: str, period: str,
                filters: Filters | None = None) -> dict | None:
        """The summary tables of one document (service/summary.py, as `verksam summary`); under
        an active filter they count what the filter shows (nav.shown_ids). The analysis frames
        are built once per loaded workspace."""
        from ..analysis.summary import DocKey
        from .summary import document_summary

        if municipality not in ws.municipalities:  # not read (yet, or again): summarized once it is
            return None
        self.use(municipality)
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
            return ch, self.load(files=[ch.rel])

    def edits(self, edits: list[Edit]) -> tuple[list[Change], Loaded]:
        """Several edits as one user action (e.g. a risk's probability and its value); all or none."""
        with self._lock:
            self.session.forget_clean()
            done = self.session.apply_all(edits)
            return done, self.load(files=[c.rel for c in done])

    def value(self, rel: str, path: tuple):
        with self._lock:
            self.session.forget_clean()
            return self.session.value(rel, path)

    def undo(self) -> tuple[Change | None, Loaded]:
        with self._lock:
            ch = self.session.undo()
            return ch, self.load(files=[ch.rel] if ch is not None else None)

    def redo(self) -> tuple[Change | None, Loaded]:
        with self._lock:
            ch = self.session.redo()
            return ch, self.load(files=[ch.rel] if ch is not None else None)

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
            touched = self.session.dirty_files()
            report = self.session.save(reason=reason, commit=use_git)
            return report, self.load(report.files, files=touched)

    def save_including(self, reason: str = "") -> tuple[SaveReport, Loaded]:
        """Save, committing the files' changes made outside verksam too (the user chose so)."""
        with self._lock:
            touched = self.session.dirty_files()
            report = self.session.save(reason=reason, commit=self.is_git(), include_uncommitted=True)
            return report, self.load(report.files, files=touched)

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
            touched = self.session.dirty_files()
            self.session.discard()
            return self.load(files=touched)

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

        with self._summary_lock:  # kept while the model is the same object (rebuilt only when it changed)
            if municipality is not None and municipality in ws.municipalities:
                key, of = municipality, ws.municipalities[municipality]
                sub = Workspace({municipality: of})
            else:
                key, of, sub = "", ws, ws
            hit = self._af.pop(key, None)  # popped and put back: the dict's order is the use order
            if hit is None or hit[0] is not of:
                hit = (of, S.as_analysis(sub))
                # the frames of the municipalities used last only: each holds several megabytes
                # (polars' allocator keeps what they used while they live), rebuilt in milliseconds
                while len(self._af) >= KEEP_FRAMES:
                    self._af.pop(next(iter(self._af)))
            self._af[key] = hit
            return hit[1]

    def frames_kept(self) -> list[str]:
        """The municipalities whose analysis frames are kept ("" the whole), least recent first."""
        with self._summary_lock:
            return list(self._af)

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
        """Files changed on disk in the municipalities read so far (their folders listed, their
        files stat'ed), and the folder of a municipality added or removed (plans/ listed)."""
        with self._lock:
            if self._known is None:
                return self.repo.changed_files()
            out = self.repo.changed_files(municipalities=set(self._open) | set(self._resting))
            ids = set(self.repo.municipality_ids())
            out += [f"plans/{mid}/" for mid in sorted(ids ^ set(self._known))]
            return out

    def reload_if_changed(self) -> Loaded | None:
        changed = self.changed_files()
        if not changed:
            return None
        return self.load(changed)
