"""The plans repository: load every plan file into the model, with every problem located.

This is the one entry point the app and the command line use to read plans. It keeps what it
read (text, parsed data, signature) so that a reload parses only files that changed on disk.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

from dataclasses import dataclass, field, replace
from pathlib import Path
import multiprocessing
import os
import sys
import threading
from collections import deque
from concurrent.futures import ProcessPoolExecutor
from itertools import islice
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")

from ..text import language, set_language, t
from ..model.build import build_workspace, document_order, is_document_file
from ..model.entities import Src, Workspace
from ..model.problems import Problem, cap_per_file
from . import schemas
from .errors import RepoError  # noqa: F401  (its home is store/errors.py; imported from here too)
from .paths import municipality_of  # noqa: F401  (its home is store/paths.py)
from .files import FileState, Unreadable, discover, read_file, read_plan_bytes, signature
from .locate import Locator
from .locks import approval_problems
from .validate import check_workspace


@contextmanager
def bulk_allocation():
    """No cyclic garbage collection while a load builds its many small objects (it found nothing
    to free there but took almost half of a national load); the collector's state is restored
    after, so cycles made later are still collected."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


@dataclass(slots=True)
class Snapshot:
    root: Path
    workspace: Workspace
    problems: list[Problem]
    files: dict[str, FileState] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]


class PlanRepository:
    def __init__(self, root: Path | str):
        self.root = Path(root).resolve()
        self._cache: dict[str, FileState] = {}
        self._locators: dict[str, Locator] = {}
        self._texts: dict[str, str] = {}  # texts of overridden files while they are checked
        # per municipality: (its files and their digests, its model, its problems), see _build_parts
        self._parts: dict[str, tuple[tuple, object, list[Problem]]] = {}
        self._dropped: set[str] = set()  # files whose parsed data was let go once their model was built
        self.keep: list[str] = []  # municipalities being edited: their parsed data is kept (a rebuild reads nothing)
        self.reads = 0  # files read and parsed (not taken from what was read before): for tests and benchmarks

    def check_root(self) -> None:
        from .root import check_root

        check_root(self.root)

    def municipality_ids(self) -> list[str]:
        """The municipality folders under plans/, from the layout alone (no file is read), sorted."""
        self.check_root()
        out = []
        with os.scandir(self.root / "plans") as entries:
            for e in entries:
                if not e.name.startswith(".") and not e.name.endswith(".toml") and e.is_dir(follow_symlinks=False):
                    out.append(e.name)
        return sorted(out)

    def header(self, mid: str):
        """A municipality as its municipality.toml names it, for the line of a municipality whose
        documents are not read yet: its folder name when that file is missing or broken (reading
        the municipality reports why). Read directly (a few hundred small files before the first
        screen): the folder comes from listing plans/ without following links, and the read
        itself opens no link, FIFO or device (read_plan_bytes)."""
        import rtoml

        from ..model.entities import Municipality

        name = None
        try:
            data = rtoml.loads(read_plan_bytes(self.root, f"plans/{mid}/municipality.toml", confine=False)
                               .decode("utf-8"))
            name = data.get("name") if isinstance(data, dict) else None
        except (OSError, Unreadable, UnicodeDecodeError, ValueError, rtoml.TomlParsingError):
            pass
        return Municipality(id=mid, name=name.strip() if isinstance(name, str) and name.strip() else mid)

    def _discover(self, mids: set[str]) -> list[str]:
        """The plan files of these municipalities ("" is the files directly in plans/): a walk of
        their folders alone."""
        return [rel for rel in discover(self.root, set(mids) - {""}) if municipality_of(rel) in mids]

    def _read(self, rel: str, need_data: bool = True) -> FileState:
        cached = self._cache.get(rel)
        try:
            sig = signature(self.root / rel)
        except FileNotFoundError:
            self._cache.pop(rel, None)
            raise
        except OSError:
            sig = (0, 0)  # read_file reports why
        if cached is not None and cached.signature == sig and not (need_data and rel in self._dropped):
            return cached
        self._dropped.discard(rel)
        self.reads += 1
        state = read_file(self.root, rel, schema=True)
        state.text = ""  # not kept: a locator re-reads the file when a problem needs a position
        self._cache[rel] = state
        self._locators.pop(rel, None)
        return state

    def disk_problems(self, rels: list[str]) -> list[Problem]:
        """Syntax and schema problems of files as they are on disk, for files whose shown state is
        an unsaved edit (a colleague may have broken the file meanwhile). Messages say so."""
        out = []
        for rel in rels:
            try:
                st = read_file(self.root, rel, schema=True)
            except FileNotFoundError:
                out.append(Problem(rel, 1, 1, "error", t("store.file.gone"), t("store.file.gone.hint"),
                                   code="gone"))
                continue
            problems = st.problems
            out += [Problem(p.file, p.line, p.col, p.severity, t("store.file.on_disk", message=p.message),
                            p.hint, p.ref, p.code) for p in problems if p.severity == "error"]
        return out

    def locator(self, rel: str) -> Locator:
        loc = self._locators.get(rel)
        if loc is None:
            text = self._texts.get(rel)
            if text is None:
                try:
                    text = read_plan_bytes(self.root, rel).decode("utf-8")
                except (OSError, Unreadable, UnicodeDecodeError):
                    text = ""
            loc = Locator(text)
            self._locators[rel] = loc
        return loc

    def locate(self, src: Src, key=None, is_key: bool = False) -> tuple[int, int]:
        path = src.path + ((key,) if key is not None else ())
        return self.locator(src.file).line_col(path, key=is_key)

    def changed_files(self, municipalities: set[str] | None = None) -> list[str]:
        """Files added, removed or changed on disk since the last load; with `municipalities`,
        only in those (a poll of what is loaded: their folders listed, their files stat'ed)."""
        if municipalities is None:
            current = set(discover(self.root))
            known = set(self._cache)
        else:
            current = set(self._discover(municipalities))
            known = {rel for rel in self._cache if municipality_of(rel) in municipalities}
        out = sorted(current ^ known)
        for rel in current & known:
            try:
                if signature(self.root / rel) != self._cache[rel].signature:
                    out.append(rel)
            except OSError:
                out.append(rel)
        return sorted(set(out))

    def _override(self, rel: str, text: str) -> FileState:
        from .files import digest, parse_text

        data, problems = parse_text(rel, text)
        if data is not None:
            problems.extend(schemas.check(rel, text, data))
        return FileState(rel, text, data, (0, 0), digest(text.encode("utf-8")), problems)

    def load(self, overrides: dict[str, str] | None = None, municipalities: set[str] | None = None) -> Snapshot:
        with bulk_allocation():
            return self._load(overrides, municipalities)

    def _load(self, overrides: dict[str, str] | None = None, municipalities: set[str] | None = None) -> Snapshot:
        """Read every plan file (only changed ones are parsed again) and check them all.

        `overrides` gives the text some files would have after an edit, to validate an edit
        before it is written; the snapshot then describes that state, not the disk.
        `municipalities` limits the load to those folders (every check is within one
        municipality, so an edit is validated by loading its municipality alone).
        """
        self.check_root()
        if municipalities is not None:
            rels = self._discover(set(municipalities))
            overrides = {r: t for r, t in (overrides or {}).items() if municipality_of(r) in municipalities}
            known = {r for r in self._cache if municipality_of(r) in municipalities}
        else:
            rels = discover(self.root)
            known = set(self._cache)
        for gone in known - set(rels):
            self._cache.pop(gone, None)
            self._locators.pop(gone, None)
            self._dropped.discard(gone)
        states = {}
        overrides = overrides or {}
        if overrides:
            self._locators.clear()
        for rel in sorted(set(rels) | set(overrides)):
            if rel in overrides:
                states[rel] = self._override(rel, overrides[rel])
                try:  # the cache follows the disk, or changed_files would report this file at every poll
                    self._read(rel)
                except FileNotFoundError:
                    pass
                continue
            try:
                states[rel] = self._read(rel, need_data=False)  # read again below if its model is rebuilt
            except FileNotFoundError:  # removed while we read
                continue
        self._texts = dict(overrides)
        ws, problems = self._build_parts(states, whole=municipalities is None, scope=municipalities)
        problems.sort(key=lambda p: p.sort_key)
        if overrides:
            self._locators.clear()
            self._texts = {}
        return Snapshot(self.root, ws, problems, states)

    def _build_parts(self, states: dict[str, FileState], whole: bool,
                     scope: set[str] | None = None) -> tuple[Workspace, list[Problem]]:
        """The workspace and its problems, built municipality by municipality: a municipality
        whose files are the same as last time (same contents, by digest) is taken as it was, so
        an edit, an undo or a reload costs the municipality it touches, not the country. Every
        check is within one municipality, so its problems are its own (sorted, capped per file,
        with its approved reports checked against their tags when it is built from the disk).
        Once a municipality is built, its files' parsed data is let go (the model holds what it
        needs); it is read again when the municipality has to be built again."""
        by_muni: dict[str, list[str]] = {m: [] for m in (scope or ())}
        for rel in states:
            by_muni.setdefault(municipality_of(rel), []).append(rel)
        ws = Workspace()
        problems: list[Problem] = []
        parts = {}
        for mid in sorted(by_muni):
            key = tuple((rel, states[rel].digest) for rel in sorted(by_muni[mid]))
            part = self._parts.get(mid)
            if part is None or part[0] != key:
                m = self._rebuild_documents(part, key, states) if part is not None and part[1] is not None else None
                if m is not None:  # only the documents whose files changed were built again
                    sub = Workspace({mid: m})
                else:
                    for rel in by_muni[mid]:
                        if rel in self._dropped:
                            try:
                                states[rel] = self._read(rel)
                            except FileNotFoundError:  # removed meanwhile: the next load sees it
                                continue
                    sub = build_workspace((rel, states[rel].data) for rel in by_muni[mid]
                                          if states[rel].data is not None)
                key = tuple((rel, states[rel].digest) for rel in sorted(by_muni[mid]))
                found = [p for rel in by_muni[mid] for p in states[rel].problems]
                found += check_workspace(sub, self.locate)
                if not any(states[rel].signature == (0, 0) and rel in self._texts for rel in by_muni[mid]):
                    # built from the disk: an approved report's files against its approval tag
                    found += approval_problems(self.root, sub, self.locate)
                found.sort(key=lambda p: p.sort_key)
                part = (key, sub.municipalities.get(mid), cap_per_file(found))
            for rel in by_muni[mid]:  # the model holds what it needs: the parsed data can go
                st = states[rel]
                if st.data is not None and self._cache.get(rel) is st and mid not in self.keep:
                    st.data = None
                    self._dropped.add(rel)
            parts[mid] = part
            if part[1] is not None:
                ws.municipalities[mid] = part[1]
            problems += part[2]
        if whole:  # municipalities gone from the disk go from the parts too
            self._parts = parts
        else:  # a load of some municipalities keeps the others' parts
            for mid, part in parts.items():
                if part[1] is None and not part[2]:
                    self._parts.pop(mid, None)  # a municipality folder that is gone
                else:
                    self._parts[mid] = part
        return ws, problems

    def _rebuild_documents(self, part: tuple, key: tuple, states: dict[str, FileState]):
        """The municipality of `part` with only the documents whose files changed (by digest)
        built again: the other documents are the same objects as before, and so is what the
        municipality holds beside its documents (its boards, units, goals and indicator
        definitions). None when a file other than a document's changed (municipality.toml, the
        goals, the indicator definitions, an unreadable file): the whole municipality is built
        again then. A document may be split over several files and a file may move to another
        document (its period changed): every file of every document a changed file was or is in
        is built again together."""
        old_key, old_m = part[0], part[1]
        before, now = dict(old_key), dict(key)
        changed = {rel for rel in before.keys() | now.keys() if before.get(rel) != now.get(rel)}
        doc_of = {rel: d for d in old_m.documents for rel in d.files}
        if any(rel in before and rel not in doc_of for rel in changed):
            return None
        affected = {id(doc_of[rel]) for rel in changed if rel in before}
        files = {rel for rel in changed if rel in now}
        while True:
            files |= {rel for d in old_m.documents if id(d) in affected for rel in d.files if rel in now}
            for rel in files:
                if states[rel].data is None and rel in self._dropped:
                    try:
                        states[rel] = self._read(rel)
                    except FileNotFoundError:  # removed meanwhile: the next load sees it
                        return None
                if not is_document_file(rel, states[rel].data):
                    return None
            built = build_workspace((rel, states[rel].data) for rel in files).municipalities.get(old_m.id)
            docs = built.documents if built is not None else []
            keys = {(d.board, d.kind, d.period) for d in docs}
            more = {id(d) for d in old_m.documents if (d.board, d.kind, d.period) in keys} - affected
            if not more:  # every file of the documents built is in: done
                break
            affected |= more
        kept = [d for d in old_m.documents if id(d) not in affected]
        return replace(old_m, documents=sorted(kept + docs, key=document_order))

    def let_go(self, mid: str) -> None:
        """Forget a municipality's model (memory): its files' states stay (signature, digest,
        problems; their parsed data was let go already), so a poll still sees a change, and the
        next load of it builds it again from its files."""
        self._parts.pop(mid, None)
        if mid in self.keep:
            self.keep.remove(mid)
        for rel, st in self._cache.items():
            if municipality_of(rel) == mid:
                if st.data is not None:
                    st.data = None
                self._dropped.add(rel)
                self._locators.pop(rel, None)

    def part(self, mid: str) -> tuple[object, list[Problem]] | None:
        """A municipality's model (None when it has no municipality) and problems, as last loaded."""
        part = self._parts.get(mid)
        return None if part is None else (part[1], part[2])

    def _by_municipality(self, only: list[str] | None = None) -> dict[str, list[str]]:
        by_muni: dict[str, list[str]] = {}
        for rel in discover(self.root, set(only) if only is not None else None):
            by_muni.setdefault(municipality_of(rel), []).append(rel)
        return by_muni

    def added_errors(self, overrides: dict[str, str]) -> list[Problem]:
        """The errors that giving these files these texts would add (`verksam.store.editcheck`)."""
        from .editcheck import added_errors

        return added_errors(self.root, overrides)

    def scan(self, only: list[str] | None = None) -> Iterator[Snapshot]:
        """One snapshot per municipality, read and checked, nothing kept between them.

        Every check is within one municipality, so `validate` and the exports can go through a
        national repository with the memory of one municipality at a time.
        """
        self.check_root()
        by_muni = self._by_municipality(only)
        for mid in sorted(by_muni):
            if only is not None and mid not in only:
                continue
            sub = PlanRepository(self.root)
            with bulk_allocation():
                states = {}
                for rel in by_muni[mid]:
                    try:  # read once, nothing kept for a reload (what sub._read would add)
                        st = read_file(self.root, rel, schema=True)
                    except FileNotFoundError:
                        continue
                    st.text = ""
                    states[rel] = st
                ws = build_workspace((rel, st.data) for rel, st in states.items() if st.data is not None)
                problems = [p for st in states.values() for p in st.problems]
                problems += check_workspace(ws, sub.locate)
                problems += approval_problems(self.root, ws, sub.locate)
                problems.sort(key=lambda p: p.sort_key)
                problems = cap_per_file(problems)
            yield Snapshot(self.root, ws, problems, states)

    def map_municipalities(self, fn: Callable[[Snapshot], T], workers: int | None = None,
                           only: list[str] | None = None) -> list[T]:
        """fn(snapshot) for every municipality, in municipality order (see iter_municipalities)."""
        return list(self.iter_municipalities(fn, workers, only))

    def iter_municipalities(self, fn: Callable[[Snapshot], T], workers: int | None = None,
                            only: list[str] | None = None) -> Iterator[T]:
        """fn(snapshot) for every municipality, in municipality order, each result as soon as it
        and those before it are done, so that a caller writing them out holds only a few at once.

        With several municipalities and cores, the work is shared between processes, in runs of
        consecutive municipalities; each process returns only what fn returns, so memory stays
        that of one municipality per process. fn must be a module-level function (or a partial).
        """
        self.check_root()
        mids = sorted(self._by_municipality(only))
        if only is not None:  # `only` municipalities (validate's cache holds the others)
            mids = [m for m in mids if m in only]
        workers = workers if workers is not None else min(os.cpu_count() or 1, 4)
        if workers <= 1 or len(mids) < 8:
            for snap in self.scan(only=mids if only is not None else None):
                yield fn(snap)
            return
        # runs of at most CHUNK municipalities, at most two per process under way: what the
        # caller has not taken yet stays bounded whatever the size of the country (pool.map would
        # hold every finished run until the caller reaches it)
        size = max(1, min(CHUNK, -(-len(mids) // (workers * 8))))
        chunks = iter([mids[i:i + size] for i in range(0, len(mids), size)])
        ctx = multiprocessing.get_context(_start_method())
        lang = language()  # spawned processes start in the default language: the messages follow the caller's
        with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
            pending = deque(pool.submit(_map_chunk, (str(self.root), c, fn, lang))
                            for c in islice(chunks, workers * 2))
            while pending:
                part = pending.popleft().result()
                nxt = next(chunks, None)
                if nxt is not None:
                    pending.append(pool.submit(_map_chunk, (str(self.root), nxt, fn, lang)))
                yield from (part[m] for m in sorted(part))


CHUNK = 4  # municipalities per task of iter_municipalities' worker processes


def _start_method() -> str:
    """How worker processes start: forked while this process runs one thread and has not loaded
    polars (validate: a forked worker shares what is imported, where a spawned one imports verksam
    again, which was an eighth of validate's CPU time), spawned otherwise (a forked process
    deadlocks on a lock another thread held, such as polars' thread pool)."""
    if (os.name == "posix" and "fork" in multiprocessing.get_all_start_methods() and "polars" not in sys.modules
            and threading.active_count() == 1):
        return "fork"
    return "spawn"


def _map_chunk(args) -> dict:
    from .filecache import CACHE

    root, mids, fn, lang = args
    set_language(lang)
    CACHE.adopt()  # a forked worker: the parent's pack in memory is the parent's to write
    repo = PlanRepository(root)
    # no cyclic collection during the chunk: each municipality's objects are freed by their
    # reference counts once fn is done with them (a snapshot of valid files makes no cycles,
    # tests/store/test_scan.py), where a collection started while one is alive walks all of it
    # (a tenth of validate's CPU time); whatever cycles there are go at the end of the chunk
    was = gc.isenabled()
    gc.disable()
    try:
        out = {snap_mid: fn(snap) for snap_mid, snap in zip(sorted(mids), repo.scan(only=list(mids)))}
    finally:
        if was:
            gc.enable()
    CACHE.flush()  # a forked worker ends without running atexit: its last pack is written here
    return out
