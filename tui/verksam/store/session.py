"""An editing session: many edits over many files, undo and redo, and a safe save.

Edits are kept as a list of changes addressed by id (`items.<id>.status`, not `items.3.status`),
so that a colleague's added or removed entry does not misdirect them. Saving:

1. every file whose disk content changed since it was read (a colleague's save, a `git pull`) is
   merged: each of our changes is applied to the new disk content if the value there is still the
   one we started from (or already the one we want); a value that someone else changed too is a
   conflict, and nothing at all is written until every conflict is resolved;
2. the files' municipality is validated as it would be (every check is within one
   municipality); a change that adds an error is refused;
3. the files are written atomically and committed with the user's own Git identity, in one
   commit whose message says what changed (and the reason the user gave).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model.values import format_number
from . import git
from .repository import PlanRepository
from .writer import FileEditor, WriteRefused

_MISSING = object()


@dataclass(slots=True)
class Change:
    rel: str
    path: tuple  # id-based where entries have ids
    op: str  # "set" | "append" | "remove"
    old: Any = None
    new: Any = None
    label: str = ""  # what it is about, for people: "Trygghetskameror … status"

    def describe(self) -> str:
        short = short_value
        if self.op == "set":
            return f"{self.label} {short(self.old)} → {short(self.new)}"
        if self.op == "append":
            return f"{self.label} ny: {short(self.new)}"
        return f"{self.label} borttagen: {short(self.old)}"


FIELD_SV = {
    "status": "status", "completion": "prognos för slutförande", "end": "slutdatum", "start": "startdatum",
    "responsible": "ansvarig", "contributors": "bidragande", "outcome": "utfall", "target": "mål",
    "forecast": "prognos", "assessment": "bedömning", "trend": "trend", "title": "titel", "text": "text",
    "analysis": "analys", "contribution": "bidrag", "probability": "sannolikhet", "consequence": "konsekvens",
    "description": "beskrivning", "comments": "kommentar", "items": "post", "indicators": "indikator",
}


def change_label(data: Any, path: tuple) -> str:
    """What a key path is about, for people and commit messages: "2025-04: Trygghetskameror status",
    "2025-04: Låneskuld (i koncern) utfall 2025-04", "2025: Driftbudget Netto, kolumn 2"."""
    node: Any = data
    label = ""
    for part in path[:-1]:
        if isinstance(node, dict) and part not in node or isinstance(node, list) and not (
                isinstance(part, int) and part < len(node)):
            break  # e.g. the first comment of an entry: its array does not exist yet
        node = node[part]
        if isinstance(node, dict):
            t = node.get("title") or node.get("name") or node.get("label") or node.get("id")
            if isinstance(t, str) and t:
                label = t if len(t) <= 50 else t[:47].rstrip() + "…"
    key = path[-1] if path else ""
    if "values" in path[:-1] and path[:-1].index("values") == len(path) - 3:  # …values.<period>.<measure>
        field = f"{FIELD_SV.get(str(key), key)} {path[-2]}"
    elif len(path) >= 2 and path[-2] == "values" and isinstance(key, int):  # a table cell
        field = f"kolumn {key + 1}"
    else:
        field = FIELD_SV.get(str(key), str(key))
    period = data.get("period", "") if isinstance(data, dict) else ""
    return f"{period}: {label + ' ' if label else ''}{field}".strip()


def short_value(v: Any) -> str:
    """A value in a commit message: Swedish numbers, the first line of a text, at most 60 characters."""
    if v is None or v is _MISSING:
        return "(inget)"
    if isinstance(v, dict):
        return v.get("title") or v.get("text", "")[:40] or v.get("id") or "(ny post)"
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return format_number(v)
    s = str(v)
    s = s.splitlines()[0] + " …" if "\n" in s else s
    return s if len(s) <= 60 else s[:57] + "…"


@dataclass(slots=True)
class Conflict:
    change: Change
    theirs: Any  # the value on disk now

    def describe(self) -> str:
        return (f"{self.change.rel}: {self.change.label}: du ändrade {self.change.old!r} → {self.change.new!r}, "
                f"men filen har nu {self.theirs!r}")


class MergeConflict(WriteRefused):
    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__("; ".join(c.describe() for c in conflicts))


class CommitRefused(WriteRefused):
    """Git refused the commit (a hook, signing); the files were put back as they were."""


class InvalidEdit(WriteRefused):
    """The edit would make the data invalid; it was not made."""


@dataclass(slots=True)
class SaveReport:
    files: list[str]
    merged: list[str] = field(default_factory=list)  # files that had changed on disk and were merged
    commit: str | None = None
    message: str = ""


def _get(data: Any, path: tuple) -> Any:
    node = data
    for part in path:
        if isinstance(node, list):
            if isinstance(part, int):
                if part >= len(node):
                    return _MISSING
                node = node[part]
            else:
                found = [el for el in node if isinstance(el, dict) and el.get("id") == part]
                if not found:
                    return _MISSING
                node = found[0]
        elif isinstance(node, dict):
            if part not in node:
                return _MISSING
            node = node[part]
        else:
            return _MISSING
    return node


class EditSession:
    def __init__(self, repo: PlanRepository):
        self.repo = repo
        self.root = repo.root
        self.changes: list[Change] = []
        self.redo_stack: list[Change] = []
        self._editors: dict[str, FileEditor] = {}
        self._base: dict[str, str] = {}  # text each file had when the session first read it

    # ------------------------------------------------------------ reading
    def editor(self, rel: str) -> FileEditor:
        ed = self._editors.get(rel)
        if ed is None:
            ed = FileEditor(self.root, rel)
            self._editors[rel] = ed
            self._base.setdefault(rel, ed.text)
        return ed

    def value(self, rel: str, path: tuple) -> Any:
        v = _get(self.editor(rel).data, tuple(path))
        return None if v is _MISSING else v

    @property
    def dirty(self) -> bool:
        return bool(self.changes)

    def dirty_files(self) -> list[str]:
        return sorted({c.rel for c in self.changes})

    def _id_path(self, ed: FileEditor, path: tuple) -> tuple:
        """An index path as an id path wherever the entry has an id."""
        norm = ed.normalize(path)
        out = []
        node: Any = ed.data
        for part in norm:
            if isinstance(node, list) and isinstance(part, int) and part < len(node):
                el = node[part]
                out.append(el["id"] if isinstance(el, dict) and isinstance(el.get("id"), str) and el["id"] else part)
                node = el
            else:
                out.append(part)
                node = node[part] if isinstance(node, (dict, list)) and (isinstance(node, list) or part in node) else None
        return tuple(out)

    def _label(self, ed: FileEditor, path: tuple) -> str:
        return change_label(ed.data, ed.normalize(path[:-1]) + (path[-1],) if len(path) > 1 else tuple(path))

    # ------------------------------------------------------------ edits
    def _check_file(self, ed: FileEditor, before: set | None = None) -> None:
        """Refuse an edit that adds a schema problem (`before`: the file's problems before it)."""
        from . import schemas

        problems = [p for p in schemas.check(ed.rel, "", ed.data) if (p.code, p.message) not in (before or set())]
        if problems:
            raise InvalidEdit(problems[0].message)

    def _problems(self, rel: str) -> set:
        from . import schemas

        return {(p.code, p.message) for p in schemas.check(rel, "", self.editor(rel).data)}

    def _apply(self, ch: Change) -> None:
        ed = self.editor(ch.rel)
        if ch.op == "set":
            ed.set(ch.path, copy.deepcopy(ch.new))
        elif ch.op == "append":
            ed.append(ch.path, copy.deepcopy(ch.new))
        elif ch.op == "remove":
            ed.remove(ch.path)

    def set(self, rel: str, path: tuple, value: Any, label: str = "") -> Change:
        ed = self.editor(rel)
        id_path = self._id_path(ed, tuple(path))
        old = _get(ed.data, id_path)
        ch = Change(rel, id_path, "set", None if old is _MISSING else copy.deepcopy(old), copy.deepcopy(value),
                    label or self._label(ed, id_path))
        self._do(ch)
        return ch

    def append(self, rel: str, path: tuple, entry: dict, label: str = "") -> Change:
        ed = self.editor(rel)
        id_path = self._id_path(ed, tuple(path)) if len(path) > 1 else tuple(path)
        if "id" in entry and _get(ed.data, id_path + (entry["id"],)) is not _MISSING:
            raise InvalidEdit(f"id '{entry['id']}' finns redan")
        ch = Change(rel, id_path, "append", None, copy.deepcopy(entry), label or self._label(ed, id_path + ("",)).rstrip())
        self._do(ch)
        return ch

    def remove(self, rel: str, path: tuple, label: str = "") -> Change:
        ed = self.editor(rel)
        id_path = self._id_path(ed, tuple(path))
        old = _get(ed.data, id_path)
        if old is _MISSING:
            raise KeyError(".".join(map(str, path)))
        ch = Change(rel, id_path, "remove", copy.deepcopy(old), None, label or self._label(ed, id_path))
        self._do(ch)
        return ch

    def _do(self, ch: Change) -> None:
        from . import schemas

        why = schemas.unsafe_value(ch.new, ".".join(map(str, ch.path))) if ch.op != "remove" else None
        if why:
            raise InvalidEdit(why)
        before = self._problems(ch.rel)
        try:
            self._apply(ch)
            self._check_file(self.editor(ch.rel), before)
        except (WriteRefused, KeyError, IndexError, TypeError) as e:
            self._rebuild(ch.rel, self.changes)  # leave the editor as it was before this edit
            if isinstance(e, InvalidEdit):
                raise
            raise InvalidEdit(str(e)) from None
        self.changes.append(ch)
        self.redo_stack.clear()

    def _rebuild(self, rel: str, changes: list[Change]) -> None:
        """Re-create one file's editor from the text first read, replaying its changes."""
        base = self._editors[rel]
        ed = FileEditor(self.root, rel, text=self._base[rel], base_digest=base.base_digest)
        self._editors[rel] = ed
        for ch in changes:
            if ch.rel == rel:
                self._apply(ch)

    def undo(self) -> Change | None:
        if not self.changes:
            return None
        ch = self.changes.pop()
        self._rebuild(ch.rel, self.changes)
        self.redo_stack.append(ch)
        return ch

    def redo(self) -> Change | None:
        if not self.redo_stack:
            return None
        ch = self.redo_stack.pop()
        self._apply(ch)
        self.changes.append(ch)
        return ch

    def forget_clean(self) -> list[str]:
        """Forget the files that have no pending change and changed on disk since they were read
        (a colleague's save), so that the next edit starts from what is on disk now; their redo
        steps go too. Returns those files."""
        dirty = {c.rel for c in self.changes}
        gone = [rel for rel, ed in self._editors.items() if rel not in dirty and ed.disk_changed()]
        for rel in gone:
            del self._editors[rel]
            self._base.pop(rel, None)
        if gone:
            self.redo_stack = [c for c in self.redo_stack if c.rel not in gone]
        return gone

    def discard(self) -> None:
        self.changes.clear()
        self.redo_stack.clear()
        self._editors.clear()
        self._base.clear()

    # ------------------------------------------------------------ saving
    def _merge(self, rel: str) -> list[Conflict]:
        """Rebase our changes of one file onto its current disk content."""
        fresh = FileEditor(self.root, rel)
        conflicts = []
        keep = []
        for ch in [c for c in self.changes if c.rel == rel]:
            theirs = _get(fresh.data, ch.path)
            if ch.op == "set":
                mine_old = ch.old if ch.old is not None else _MISSING
                if theirs == ch.new:
                    continue  # they made the same change
                if theirs != mine_old and not (theirs is _MISSING and ch.old is None):
                    conflicts.append(Conflict(ch, None if theirs is _MISSING else theirs))
                    continue
                if _get(fresh.data, ch.path[:-1]) is _MISSING:
                    conflicts.append(Conflict(ch, None))
                    continue
                fresh.set(ch.path, copy.deepcopy(ch.new))
            elif ch.op == "append":
                if "id" in ch.new and _get(fresh.data, ch.path + (ch.new["id"],)) is not _MISSING:
                    continue
                if len(ch.path) > 1 and _get(fresh.data, ch.path[:-1]) is _MISSING:
                    conflicts.append(Conflict(ch, None))
                    continue
                fresh.append(ch.path, copy.deepcopy(ch.new))
            elif ch.op == "remove":
                if theirs is _MISSING:
                    continue
                if theirs != ch.old:
                    conflicts.append(Conflict(ch, theirs))
                    continue
                fresh.remove(ch.path)
            keep.append(ch)
        if not conflicts:
            self._editors[rel] = fresh
            self._base[rel] = fresh.text
        return conflicts

    def rebase(self) -> list[str]:
        """Files with unsaved changes that changed on disk (a colleague's commit, a pull) are
        merged item by item at once, so the view shows their change beside ours. A file whose
        merge has a conflict, or that does not parse on disk, stays as it is: the save shows the
        conflict. Returns the files merged."""
        merged = []
        for rel in self.dirty_files():
            if not self.editor(rel).disk_changed():
                continue
            try:
                if not self._merge(rel):
                    merged.append(rel)
            except (WriteRefused, OSError):
                continue
        return merged

    def resolve(self, conflict: Conflict, keep: str) -> None:
        """keep="mine": my value wins over theirs; keep="theirs": drop my change."""
        ch = conflict.change
        if keep == "theirs":
            self.changes.remove(ch)
            return
        # mine: pretend we started from their value, so the merge applies ours
        ch.old = conflict.theirs

    def save(self, reason: str = "", commit: bool = True, allow_locked: bool = False) -> SaveReport:
        """`allow_locked`: only the round's reopen may change an approved report's files."""
        files = self.dirty_files()
        if not files:
            return SaveReport([])
        if not allow_locked:  # before anything is written: an approved report's files stay as they are
            from .locks import check_unlocked

            check_unlocked(self.root, files)
        merged = []
        conflicts: list[Conflict] = []
        for rel in files:
            if self.editor(rel).disk_changed():
                c = self._merge(rel)
                conflicts += c
                if not c:
                    merged.append(rel)
        if conflicts:
            raise MergeConflict(conflicts)
        if commit:
            dirty = git.uncommitted(self.root, files)
            if dirty:  # a commit now would put someone else's work under this message
                raise InvalidEdit("; ".join(dirty) + ": har ändringar som inte är committade (gjorda utanför "
                                  "verksam); committa eller återställ dem först")
        texts = {rel: self.editor(rel).render() for rel in files}
        for rel in files:
            self.editor(rel).check(texts[rel])
        new_errors = self.repo.added_errors(texts)
        if new_errors:
            raise InvalidEdit("; ".join(p.format() for p in new_errors[:3]))
        written = [self.editor(rel).save(allow_locked=allow_locked) for rel in files]
        message = self.commit_message(reason)
        report = SaveReport(files, merged, None, message)
        if commit:
            try:
                report.commit = git.commit(self.root, files, message)
            except git.GitError as e:  # all or nothing: the files go back, the edits stay unsaved
                for res in written:
                    if res.changed:
                        self.editor(res.rel).restore(res.old_text)
                raise CommitRefused(f"inget sparades, Git tog inte emot ändringen: {e}") from None
        self.changes.clear()
        self.redo_stack.clear()
        self._base = {rel: ed.text for rel, ed in self._editors.items()}
        return report

    def commit_message(self, reason: str = "") -> str:
        lines = [c.describe() for c in self.changes]
        if not lines:
            return reason or "verksam"
        subject = lines[0] if len(lines) == 1 else f"{lines[0]} (+{len(lines) - 1} ändringar)"
        body = []
        if reason:
            body.append(reason.strip())
        if len(lines) > 1:
            body.append("\n".join(f"- {l}" for l in lines))
        return subject + ("\n\n" + "\n\n".join(body) if body else "")
