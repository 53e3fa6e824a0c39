"""A three-way merge of plan files by entry id and key: Git's merge driver and sync use it.

Git merges text line by line and knows nothing of entries: two edits of neighbouring lines
conflict, and a merge can produce TOML that no longer validates. Here the three versions (the
common ancestor, ours, theirs) are parsed, and their data merged:

* tables by key, arrays of entries by `id`, other arrays element by element when no side
  changed their length (a table row's cells), or by appending when both only added (comments);
* a value changed on one side only takes that side's value; the same value changed both ways
  (differently) is a conflict: OURS's value is kept and the conflict reported;
* the result is written back onto OURS's text with the store's file editor (tomlkit: comments and
  layout survive, one changed value is one changed line), re-read, checked against the schema,
  and validated in its municipality: a result that adds an error neither side had is refused.

The conflicts are the editing session's own types (`Change`, `Conflict`), so the app shows them
in its conflict screen: "mine" is ours, "theirs" the colleague's, "was" the common ancestor.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rtoml

from ..model.problems import Problem
from .edits import MISSING, Address, Remove, SetValue
from .session import Change, Conflict, change_label
from .writer import FileEditor, WriteRefused




@dataclass(slots=True)
class ValueConflict:
    """The same value changed both ways. Paths are id paths (`items.<id>.status`)."""

    path: tuple
    base: Any
    ours: Any
    theirs: Any


@dataclass(slots=True)
class Resolution:
    """A person's choice for one conflict: the value to keep, valid while both sides still hold
    the values the person saw (a colleague's later change is a new conflict)."""

    rel: str
    path: tuple
    ours: Any
    theirs: Any
    keep: str  # "mine" | "theirs"

    def matches(self, rel: str, c: ValueConflict) -> bool:
        return rel == self.rel and tuple(c.path) == tuple(self.path) and _same(_plain(c.ours), _plain(self.ours)) \
            and _same(_plain(c.theirs), _plain(self.theirs))


@dataclass
class MergeResult:
    rel: str
    text: str  # what to write: the merge (OURS's value at each conflict), or OURS's text when refused
    conflicts: list[ValueConflict] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # why the merged result was not taken
    resolved: list[tuple[ValueConflict, str]] = field(default_factory=list)  # conflicts a Resolution settled
    data: dict | None = None  # the merged data (ours' data when refused)
    theirs_text: str = ""

    @property
    def clean(self) -> bool:
        return not self.conflicts and not self.refused

    def as_conflicts(self, ours_data: dict | None = None) -> list[Conflict]:
        """The conflicts as the editing session's Conflict records (for the app's conflict screen)."""
        data = self.data if ours_data is None else ours_data
        out = []
        for c in self.conflicts:
            label = change_label(data or {}, index_path(data or {}, c.path)) if c.path else ""
            at = Address(self.rel, tuple(c.path))
            edit = Remove(at) if c.ours is MISSING else SetValue(at, c.ours)
            out.append(Conflict(Change(edit, _plain(c.base), label), _plain(c.theirs)))
        if self.refused:
            out.append(whole_file_conflict(self.rel, "; ".join(self.refused[:2])))
        return out


FILE_OURS = "din version av filen"
FILE_THEIRS = "kollegans version av filen"


def whole_file_conflict(rel: str, why: str, ours: bool = True, theirs: bool = True) -> Conflict:
    """A file that cannot be merged entry by entry: keep mine or theirs, whole (path ())."""
    at = Address(rel, ())
    return Conflict(Change(SetValue(at, FILE_OURS) if ours else Remove(at), None, why),
                    FILE_THEIRS if theirs else None)


def _plain(v: Any) -> Any:
    return None if v is MISSING else v


def _same(a: Any, b: Any) -> bool:
    """Equal as TOML means it: 1 and 1.0 and true differ, dates and datetimes differ."""
    if a is MISSING or b is MISSING:
        return a is b
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    return a == b


def _entries(v: Any) -> bool:
    """An array of entries addressed by id: every element a table with a unique text id."""
    if not isinstance(v, list) or not v:
        return False
    ids = [el.get("id") if isinstance(el, dict) else None for el in v]
    return all(isinstance(i, str) and i for i in ids) and len(set(ids)) == len(ids)


def _by_id(v: Any) -> dict:
    return {el["id"]: el for el in v} if isinstance(v, list) else {}


class _Merger:
    def __init__(self, resolutions: list[Resolution], rel: str):
        self.conflicts: list[ValueConflict] = []
        self.resolved: list[tuple[ValueConflict, str]] = []
        self.resolutions = resolutions
        self.rel = rel

    def conflict(self, path: tuple, b: Any, o: Any, t: Any) -> Any:
        c = ValueConflict(path, b, o, t)
        for r in self.resolutions:
            if r.matches(self.rel, c):
                self.resolved.append((c, r.keep))
                return copy.deepcopy(t if r.keep == "theirs" else o)
        self.conflicts.append(c)
        return o  # ours is kept until someone chooses

    def merge(self, b: Any, o: Any, t: Any, path: tuple = ()) -> Any:
        if _same(o, t):
            return o
        if _same(o, b):
            return copy.deepcopy(t)
        if _same(t, b):
            return o
        # changed on both sides, differently
        if isinstance(o, dict) and isinstance(t, dict) and (isinstance(b, dict) or b is MISSING):
            return self._dict(b if isinstance(b, dict) else {}, o, t, path)
        if _entries(o) and _entries(t) and (b is MISSING or b == [] or _entries(b)):
            return self._entries(b if isinstance(b, list) else [], o, t, path)
        if isinstance(o, list) and isinstance(t, list) and isinstance(b, list):
            if len(o) == len(t) == len(b):  # cells of a row, one list of units …: element by element
                return [self.merge(b[i], o[i], t[i], path + (i,)) for i in range(len(b))]
            n = len(b)
            if len(o) >= n and len(t) >= n and _same(o[:n], b) and _same(t[:n], b):  # both only appended
                extra = [x for x in t[n:] if not any(_same(x, y) for y in o[n:])]
                return o + copy.deepcopy(extra)
        return self.conflict(path, b, o, t)

    def _dict(self, b: dict, o: dict, t: dict, path: tuple) -> dict:
        out = {}
        for k in list(o) + [k for k in t if k not in o]:
            v = self.merge(b.get(k, MISSING), o.get(k, MISSING), t.get(k, MISSING), path + (k,))
            if v is not MISSING:
                out[k] = v
        return out

    def _entries(self, b: list, o: list, t: list, path: tuple) -> list:
        bb, oo, tt = _by_id(b), _by_id(o), _by_id(t)
        out = []
        for eid in list(oo) + [i for i in tt if i not in oo]:
            v = self.merge(bb.get(eid, MISSING), oo.get(eid, MISSING), tt.get(eid, MISSING), path + (eid,))
            if v is not MISSING:
                out.append(v)
        return out


def merge_data(base: Any, ours: Any, theirs: Any, resolutions: list[Resolution] | None = None,
               rel: str = "") -> tuple[Any, list[ValueConflict], list[tuple[ValueConflict, str]]]:
    """The merged data, the conflicts left (ours kept at each), and those a resolution settled."""
    m = _Merger(resolutions or [], rel)
    out = m.merge(base, ours, theirs)
    return out, m.conflicts, m.resolved


# ------------------------------------------------------------------ writing the merge onto OURS's text


def index_path(data: Any, path: tuple) -> tuple:
    """An id path as an index path in `data` (as far as it goes)."""
    out = []
    node = data
    for part in path:
        if isinstance(node, list) and isinstance(part, str):
            idx = next((i for i, el in enumerate(node) if isinstance(el, dict) and el.get("id") == part), None)
            if idx is None:
                return tuple(out) + tuple(path[len(out):])
            out.append(idx)
            node = node[idx]
        else:
            out.append(part)
            try:
                node = node[part]
            except (KeyError, IndexError, TypeError):
                return tuple(out) + tuple(path[len(out):])
    return tuple(out)


def _edits(o: Any, m: Any, path: tuple, out: list) -> None:
    """The editor's edits (set / append / remove, id-addressed) that turn `o` into `m`."""
    if _same(o, m):
        return
    if isinstance(o, dict) and isinstance(m, dict):
        for k in o:
            if k not in m:
                out.append(("remove", path + (k,), None))
        for k, v in m.items():
            if k not in o:
                if isinstance(v, list) and v and all(isinstance(x, dict) for x in v):
                    for x in v:  # a new array of tables, written as [[k]] entries
                        out.append(("append", path + (k,), x))
                else:
                    out.append(("set", path + (k,), v))
            else:
                _edits(o[k], v, path + (k,), out)
        return
    if _entries(o) and (_entries(m) or m == []):
        oo, mm = _by_id(o), _by_id(m)
        for eid in oo:
            if eid not in mm:
                out.append(("remove", path + (eid,), None))
        for eid, v in mm.items():
            if eid in oo:
                _edits(oo[eid], v, path + (eid,), out)
            else:
                out.append(("append", path, v))
        return
    if isinstance(o, list) and isinstance(m, list):
        if len(o) == len(m):
            for i, (x, y) in enumerate(zip(o, m)):
                _edits(x, y, path + (i,), out)
            return
        n = len(o)
        if len(m) > n and _same(m[:n], o) and o and all(isinstance(x, dict) for x in m):
            for x in m[n:]:
                out.append(("append", path, x))
            return
    out.append(("set", path, m))


def write_onto(root: Path | str, rel: str, ours_text: str, merged: dict) -> FileEditor:
    """OURS's text with the merge applied through the store's file editor; raises WriteRefused
    when the editor cannot write it faithfully (the re-read differs) or the schema refuses it."""
    ed = FileEditor(root, rel, text=ours_text)
    steps: list = []
    _edits(ed.data, merged, (), steps)
    for op, path, value in steps:
        try:
            if op == "set":
                ed.set(path, copy.deepcopy(value))
            elif op == "append":
                ed.append(path, copy.deepcopy(value))
            else:
                ed.remove(path)
        except (KeyError, IndexError, TypeError) as e:
            raise WriteRefused(f"{rel}: the merge cannot be written ({e})") from None
    text = ed.render()
    ed.check(text)
    ed.text = text
    return ed


# ------------------------------------------------------------------ the whole file


def _parse(text: str) -> dict | None:
    try:
        data = rtoml.loads(text)
    except rtoml.TomlParsingError:
        return None
    return data if isinstance(data, dict) else None


def _errors(root: Path, rel: str, text: str) -> set[tuple[str, str]]:
    from .repository import PlanRepository, municipality_of

    repo = PlanRepository(root)
    snap = repo.load(overrides={rel: text}, municipalities={municipality_of(rel)})
    return {(p.file, p.message) for p in snap.errors}


def added_errors(root: Path, rel: str, merged: str, ours: str, theirs: str) -> list[Problem]:
    """Errors of the merged file in its municipality (as the work tree has it) that neither side
    had. An empty list when root is not a plans repository (nothing to check against)."""
    from .repository import PlanRepository, municipality_of

    root = Path(root)
    if not (root / "plans").is_dir() or not rel.startswith("plans/"):
        return []
    repo = PlanRepository(root)
    snap = repo.load(overrides={rel: merged}, municipalities={municipality_of(rel)})
    if not snap.errors:
        return []
    known = _errors(root, rel, ours) | _errors(root, rel, theirs)
    return [p for p in snap.errors if (p.file, p.message) not in known]


def merge_texts(root: Path | str, rel: str, base: str, ours: str, theirs: str,
                resolutions: list[Resolution] | None = None, validate: bool = True) -> MergeResult:
    """Merge three versions of one plan file. Raises ValueError when a side is not TOML (the
    caller falls back to Git's line merge)."""
    b, o, t = _parse(base) if base.strip() else {}, _parse(ours), _parse(theirs)
    if b is None or o is None or t is None:
        raise ValueError(f"{rel}: a version is not valid TOML; merged line by line")
    merged, conflicts, resolved = merge_data(b, o, t, resolutions, rel)
    result = MergeResult(rel, ours, conflicts, [], resolved, o, theirs)
    if _same(merged, o):
        result.data = o
        return result
    try:
        ed = write_onto(root, rel, ours, merged)
    except WriteRefused as e:
        result.refused.append(str(e))
        return result
    if validate:
        try:
            bad = added_errors(Path(root), rel, ed.text, ours, theirs)
        except Exception as e:  # a repository we cannot read: the file's own checks passed
            bad = []
            result.refused.append(f"{rel}: could not validate the merge ({type(e).__name__}: {e})")
            return result
        if bad:
            result.refused += [p.format() for p in bad[:5]]
            return result
    result.text = ed.text
    result.data = ed.data
    return result


def describe(v: Any) -> str:
    if v is MISSING or v is None:
        return "(borttagen)"
    if isinstance(v, dict):
        return str(v.get("title") or v.get("name") or v.get("id") or "(post)")
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    return repr(v) if isinstance(v, str) else str(v)
