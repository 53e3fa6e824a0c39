"""The editing session: the one write path of verksam. Every writer uses it — `verksam set` (through
`verksam.service.setting`), the app's save (through the service), new periods, and every later
writer (the merge driver, the round's state changes).

Edits are typed (`SetValue`, `Unset`, `Append`, `Remove`, `CreateFile`, in `verksam.store.edits`)
and addressed by `Address` (file + id-based path), so that a colleague's added or removed entry
does not misdirect them. Each edit is checked against the file's schema when it is made; undo and
redo replay them. Saving, under the repository lock (`verksam.store.repolock`):

1. an interrupted change a killed writer left is finished or undone (`verksam.store.atomic.recover`);
2. every file whose disk content changed since it was read (a colleague's save, a `git pull`) is
   merged: each of our changes is applied to the new disk content if the value there is still the
   one we started from (or already the one we want); a value that someone else changed too is a
   conflict, and nothing at all is written until every conflict is resolved;
3. when committing, files with changes not committed (made outside verksam) are refused;
4. the files' municipality is validated as it would be (every check is within one
   municipality); a change that adds an error is refused;
5. the files are written all or nothing, read back, and committed with the user's own Git
   identity, hooks and signing, in one commit holding exactly this change, whose message says
   what changed (and the reason the user gave) — `verksam.store.atomic.write_change`.

Nothing is reported saved that is not in the file and, when committing, in HEAD.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable

from ..model.values import format_number
from ..text import t, word
from . import git
from .atomic import CommitRefused, FileChange, WriteRefused, recover, remove_stale_temporaries, write_change
from .editcheck import added_errors
from .edits import MISSING, Address, Append, CreateFile, Edit, NoSuchKey, Remove, SetValue, Unset
from .repolock import repo_lock
from .paths import confine
from .writer import FileEditor

if TYPE_CHECKING:
    from .repository import PlanRepository

_MISSING = MISSING

__all__ = ["Address", "Append", "Change", "CommitRefused", "Conflict", "CreateFile", "EditSession", "InvalidEdit",
           "MergeConflict", "NoSuchKey", "Remove", "SaveReport", "SetValue", "Unset", "WriteRefused"]


@dataclass(slots=True)
class Change:
    """An edit as made: what it was, the value it replaced, and what it is about for people."""

    edit: Edit
    old: Any = None  # the value before (None when there was none)
    label: str = ""  # what it is about, for people: "2025-04: Trygghetskameror status"

    @property
    def at(self) -> Address:
        return self.edit.at

    @property
    def rel(self) -> str:
        return self.edit.at.file

    @property
    def path(self) -> tuple:
        return self.edit.at.path

    @property
    def new(self) -> Any:
        e = self.edit
        if isinstance(e, SetValue):
            return e.value
        if isinstance(e, Append):
            return e.entry
        return None

    @property
    def removes(self) -> bool:
        return isinstance(self.edit, (Unset, Remove))

    def describe(self) -> str:
        short = short_value
        e = self.edit
        if isinstance(e, SetValue):
            return f"{self.label} {short(self.old)} → {short(e.value)}"
        if isinstance(e, Append):
            return f"{self.label} {t('store.write.appended')}: {short(e.entry)}"
        if isinstance(e, CreateFile):
            return t("store.write.created", file=e.file)
        return f"{self.label} {t('store.write.removed')}: {short(self.old)}"


def change_label(data: Any, path: tuple, name_of: Callable[[str], str | None] | None = None) -> str:
    """What a key path is about, for people and commit messages: "2025-04: Trygghetskameror status",
    "2025-04: Låneskuld (i koncern) utfall 2025-04", "2025: Driftbudget Netto, kolumn 2".

    An entry with an id but no title of its own (a follow-up's indicator) is named by `name_of`
    (the indicator's name from its definition) when given; else by its id."""
    node: Any = data
    label = ""
    for part in path[:-1]:
        if isinstance(node, dict) and part not in node or isinstance(node, list) and not (
                isinstance(part, int) and part < len(node)):
            break  # e.g. the first comment of an entry: its array does not exist yet
        node = node[part]
        if isinstance(node, dict):
            t = node.get("title") or node.get("name") or node.get("label")
            if not t and isinstance(node.get("id"), str):
                t = (name_of(node["id"]) if name_of is not None else None) or node["id"]
            if isinstance(t, str) and t:
                label = t if len(t) <= 50 else t[:47].rstrip() + "…"
    key = path[-1] if path else ""
    if "values" in path[:-1] and path[:-1].index("values") == len(path) - 3:  # …values.<period>.<measure>
        field = f"{word('model.field', str(key), document=True)} {path[-2]}"
    elif len(path) >= 2 and path[-2] == "values" and isinstance(key, int):  # a table cell
        field = word("model.field", "column", document=True, n=key + 1)
    else:
        field = word("model.field", str(key), document=True)
    period = data.get("period", "") if isinstance(data, dict) else ""
    return f"{period}: {label + ' ' if label else ''}{field}".strip()


def short_value(v: Any) -> str:
    """A value in a commit message: Swedish numbers, the first line of a text, at most 60 characters."""
    if v is None or v is _MISSING:
        return "(inget)"
    if isinstance(v, dict):
        named = v.get("title") or str(v.get("text", ""))[:40] or v.get("id")
        if named:
            return str(named)
        # a value table ({ target = 5, forecast = 4 }): its values, named ("mål 5, prognos 4")
        parts = [f"{word('model.field', str(k), document=True)} {short_value(x)}" for k, x in v.items() if not isinstance(x, (dict, list))]
        text = ", ".join(parts)
        return (text if len(text) <= 60 else text[:57] + "…") or "(ny post)"
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
        return t("store.write.conflict", file=self.change.rel, label=self.change.label, old=repr(self.change.old),
                 new=repr(self.change.new), theirs=repr(self.theirs))


class MergeConflict(WriteRefused):
    def __init__(self, conflicts: list[Conflict]):
        self.conflicts = conflicts
        super().__init__("; ".join(c.describe() for c in conflicts))


class InvalidEdit(WriteRefused):
    """The edit would make the data invalid; it was not made. `problems` holds the located
    errors the change would add (when that is why)."""

    def __init__(self, message: str, problems: list | None = None):
        super().__init__(message)
        self.problems = problems or []


class Uncommitted(InvalidEdit):
    """Files to be committed hold changes made outside verksam (not committed): a commit would
    put them under this change's message. `files` names them; the app offers to show, include
    or set them aside."""

    def __init__(self, message: str, files: list[str]):
        super().__init__(message)
        self.files = files


@dataclass(slots=True)
class SaveReport:
    files: list[str]
    merged: list[str] = field(default_factory=list)  # files that had changed on disk and were merged
    commit: str | None = None
    message: str = ""
    changes: list[Change] = field(default_factory=list)  # what was saved
    recovered: list[str] = field(default_factory=list)  # an interrupted change finished or undone first


class EditSession:
    """Many typed edits over many files, undo and redo, and a safe save (see the module)."""

    def __init__(self, repo: PlanRepository | Path | str):
        """`repo`: the repository (or its root folder: `set` needs nothing more)."""
        self.repo = repo
        self.root = Path(repo).resolve() if isinstance(repo, (str, Path)) else repo.root
        self.changes: list[Change] = []
        self.redo_stack: list[Change] = []
        self._editors: dict[str, FileEditor] = {}
        self._base: dict[str, str] = {}  # text each file had when the session first read it
        self._created: set[str] = set()  # files this session creates (CreateFile)
        # (file, entry id) -> the name people know an entry by when the file has only its id
        # (a follow-up's indicator: the name is in the definitions); set by the service
        self.names: Callable[[str, str], str | None] | None = None

    # ------------------------------------------------------------ reading
    def editor(self, rel: str) -> FileEditor:
        ed = self._editors.get(rel)
        if ed is None:
            ed = FileEditor(self.root, rel)
            self._editors[rel] = ed
            self._base.setdefault(rel, ed.text)
        return ed

    def value(self, rel: str, path: tuple) -> Any:
        v = Address(rel, tuple(path)).get(self.editor(rel).data)
        return None if v is MISSING else v

    def address(self, rel: str, path: tuple) -> Address:
        """Any path (indexes or ids) in a file as the id-based address."""
        return Address.of(rel, self.editor(rel).data, tuple(path))

    @property
    def dirty(self) -> bool:
        return bool(self.changes)

    def dirty_files(self) -> list[str]:
        return sorted({c.rel for c in self.changes})

    def _label(self, ed: FileEditor, path: tuple) -> str:
        if not path:
            return ""
        try:
            norm = ed.normalize(path[:-1]) if len(path) > 1 else ()
        except NoSuchKey:
            norm = ()
        names = self.names
        name_of = None if names is None else (lambda entry_id: names(ed.rel, entry_id))
        return change_label(ed.data, norm + (path[-1],), name_of)

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
        e = ch.edit
        if isinstance(e, CreateFile):
            ed = FileEditor(self.root, e.file, text=e.text, base_digest=None)
            self._editors[e.file] = ed
            self._base[e.file] = e.text
            self._created.add(e.file)
            return
        ed = self.editor(e.at.file)
        if isinstance(e, SetValue):
            ed.set(e.at.path, copy.deepcopy(e.value))
        elif isinstance(e, Append):
            ed.append(e.at.path, copy.deepcopy(e.entry))
        else:  # Unset, Remove
            ed.remove(e.at.path)

    def _typed(self, edit: Edit) -> Change:
        """The change an edit makes to this session's files, with its address made id-based."""
        if isinstance(edit, CreateFile):
            confine(self.root, edit.file, write=True)
            if edit.file in self._editors or (Path(self.root) / edit.file).exists():
                raise InvalidEdit(t("store.write.exists", file=edit.file))
            return Change(edit, None, t("store.write.created", file=edit.file))
        ed = self.editor(edit.at.file)
        at = Address.of(edit.at.file, ed.data, edit.at.path)
        if isinstance(edit, SetValue):
            old = at.get(ed.data)
            return Change(SetValue(at, copy.deepcopy(edit.value)), None if old is MISSING else copy.deepcopy(old),
                          self._label(ed, at.path))
        if isinstance(edit, Append):
            eid = edit.entry.get("id") if isinstance(edit.entry, dict) else None
            if eid is not None and at.child(eid).get(ed.data) is not MISSING:
                raise InvalidEdit(t("store.write.id_taken", id=eid))
            return Change(Append(at, copy.deepcopy(edit.entry)), None, self._label(ed, at.path + ("",)).rstrip())
        old = at.get(ed.data)
        if old is MISSING:
            raise NoSuchKey(at.dotted())
        return Change(type(edit)(at), copy.deepcopy(old), self._label(ed, at.path))

    def apply(self, edit: Edit, label: str = "") -> Change:
        """Make one edit (checked against the file's schema at once); raises InvalidEdit or
        NoSuchKey with nothing changed."""
        return self.apply_all([edit], label=label)[0]

    def apply_all(self, edits: list[Edit], label: str = "") -> list[Change]:
        """Several edits as one user action (a risk's probability and its value): all or none."""
        done: list[Change] = []
        try:
            for edit in edits:
                ch = self._typed(edit)
                if label and not done:
                    ch.label = label
                self._do(ch)
                done.append(ch)
        except Exception:
            for ch in reversed(done):
                self.changes.remove(ch)
                self._rebuild(ch.rel, self.changes)
            raise
        self.redo_stack.clear()
        return done

    def _do(self, ch: Change) -> None:
        from . import schemas

        created = isinstance(ch.edit, CreateFile)
        why = schemas.unsafe_value(ch.new, ".".join(map(str, ch.path))) if not created and not ch.removes else None
        if why:  # checked on the value itself: replacing one such text by another is refused too
            raise InvalidEdit(why)
        before = self._problems(ch.rel) if not created else set()
        try:
            self._apply(ch)
            if not created:
                self._check_file(self.editor(ch.rel), before)
        except (WriteRefused, KeyError, IndexError, TypeError) as e:
            self._rebuild(ch.rel, self.changes)  # leave the editor as it was before this edit
            if isinstance(e, (InvalidEdit, NoSuchKey)):
                raise
            if isinstance(e, (KeyError, IndexError)):
                raise NoSuchKey(ch.at.dotted()) from None
            raise InvalidEdit(str(e)) from None
        self.changes.append(ch)

    def _rebuild(self, rel: str, changes: list[Change]) -> None:
        """Re-create one file's editor from the text first read, replaying its changes."""
        mine = [c for c in changes if c.rel == rel]
        if rel in self._created:
            self._editors.pop(rel, None)
            self._base.pop(rel, None)
            self._created.discard(rel)
            for ch in mine:
                self._apply(ch)
            return
        base = self._editors.get(rel)
        if base is None:
            return
        ed = FileEditor(self.root, rel, text=self._base[rel], base_digest=base.base_digest)
        self._editors[rel] = ed
        for ch in mine:
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
            self._created.discard(rel)
        if gone:
            self.redo_stack = [c for c in self.redo_stack if c.rel not in gone]
        return gone

    def discard(self) -> None:
        self.changes.clear()
        self.redo_stack.clear()
        self._editors.clear()
        self._base.clear()
        self._created.clear()

    # ------------------------------------------------------------ saving
    def _merge(self, rel: str) -> list[Conflict]:
        """Rebase our changes of one file onto its current disk content."""
        fresh = FileEditor(self.root, rel)
        conflicts = []
        for ch in [c for c in self.changes if c.rel == rel]:
            e = ch.edit
            theirs = e.at.get(fresh.data)
            if isinstance(e, SetValue):
                mine_old = ch.old if ch.old is not None else MISSING
                if theirs == e.value:
                    continue  # they made the same change
                if theirs != mine_old and not (theirs is MISSING and ch.old is None):
                    conflicts.append(Conflict(ch, None if theirs is MISSING else theirs))
                    continue
                if e.at.parent.get(fresh.data) is MISSING:
                    conflicts.append(Conflict(ch, None))
                    continue
                fresh.set(e.at.path, copy.deepcopy(e.value))
            elif isinstance(e, Append):
                if "id" in e.entry and e.at.child(e.entry["id"]).get(fresh.data) is not MISSING:
                    continue
                if len(e.at.path) > 1 and e.at.parent.get(fresh.data) is MISSING:
                    conflicts.append(Conflict(ch, None))
                    continue
                fresh.append(e.at.path, copy.deepcopy(e.entry))
            elif isinstance(e, (Unset, Remove)):
                if theirs is MISSING:
                    continue
                if theirs != ch.old:
                    conflicts.append(Conflict(ch, theirs))
                    continue
                fresh.remove(e.at.path)
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
            if ch in self.changes:
                self.changes.remove(ch)
            return
        # mine: pretend we started from their value, so the merge applies ours
        ch.old = conflict.theirs

    def save(self, reason: str = "", commit: bool = True, message: str | None = None,
             allow_locked: bool = False, include_uncommitted: bool = False) -> SaveReport:
        """Merge, validate, write and (when `commit`) commit every pending change, all or nothing,
        under the repository lock. Raises MergeConflict, InvalidEdit, ChangedOnDisk, CommitRefused,
        RepoBusy, Locked (an approved report's files; only the round's reopen passes
        `allow_locked`) or WriteRefused, with nothing written (each message says so)."""
        if not self.changes:
            return SaveReport([])
        with repo_lock(self.root):
            recovered = recover(self.root)
            files = self.dirty_files()
            if not allow_locked:  # before anything is written: an approved report's files stay as they are
                from .locks import check_unlocked

                check_unlocked(self.root, [rel for rel in files if rel not in self._created])
            merged = []
            conflicts: list[Conflict] = []
            for rel in files:
                if rel not in self._created and self.editor(rel).disk_changed():
                    c = self._merge(rel)
                    conflicts += c
                    if not c:
                        merged.append(rel)
            if conflicts:
                raise MergeConflict(conflicts)
            texts = {rel: self.editor(rel).render() for rel in files}
            files = [rel for rel in files if rel in self._created or texts[rel] != self.editor(rel).text]
            if not files:  # e.g. every change was already made by someone else
                self._saved([])
                return SaveReport([], merged, recovered=recovered)
            if commit:
                try:
                    dirty = [] if include_uncommitted else git.uncommitted(self.root, files)
                except git.GitError as e:
                    raise WriteRefused(t("store.write.commit_refused", files=", ".join(files), reason=e)) from None
                if dirty:  # a commit now would put someone else's work under this message
                    raise Uncommitted(t("store.write.uncommitted", files="; ".join(dirty)), dirty)
            for rel in files:
                self.editor(rel).check(texts[rel])
            new_errors = added_errors(self.root, {rel: texts[rel] for rel in files})
            if new_errors:
                raise InvalidEdit("; ".join(p.format() for p in new_errors[:3]), new_errors)
            message = message or self.commit_message(reason)
            remove_stale_temporaries(Path(self.root).resolve(), sorted({(Path(self.root).resolve() / rel).parent
                                                                        for rel in files}))
            sha = write_change(self.root, [
                FileChange(rel, None if rel in self._created else self.editor(rel).base_digest,
                           texts[rel].encode("utf-8")) for rel in files], message, commit)
            for rel in files:
                self.editor(rel).saved(texts[rel])
            saved = list(self.changes)
            self._saved(files)
            return SaveReport(files, merged, sha if commit else None, message, saved, recovered)

    def _saved(self, files: list[str]) -> None:
        self.changes.clear()
        self.redo_stack.clear()
        self._created.clear()
        self._base = {rel: ed.text for rel, ed in self._editors.items()}

    def commit_message(self, reason: str = "") -> str:
        lines = [c.describe() for c in self.changes]
        if not lines:
            return reason or "verksam"
        subject = lines[0] if len(lines) == 1 else f"{lines[0]} (+{len(lines) - 1} ändringar)"
        body = []
        if reason:
            body.append(reason.strip())
        for c in self.changes:  # a text the subject shortens (a comment of several lines) in full
            text = c.new.get("text") if isinstance(c.edit, Append) and isinstance(c.new, dict) else (
                c.new if isinstance(c.edit, SetValue) and isinstance(c.new, str) else None)
            if isinstance(text, str) and ("\n" in text.strip() or len(text) > 60):
                body.append(text.strip())
        if len(lines) > 1:
            body.append("\n".join(f"- {l}" for l in lines))
        return subject + ("\n\n" + "\n\n".join(body) if body else "")
