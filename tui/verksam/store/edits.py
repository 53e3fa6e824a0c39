"""What an edit is: the one addressing type and the typed edits of the one write path.

`Address(file, path)` names "this value of this entry in this file". Its path is id-based: an
entry of an array that has a (unique) `id` is named by it (`items.klimatplan.status`, not
`items.3.status`), so that a colleague's added or removed entry cannot misdirect an edit. This
module is the only place that converts between id paths and index paths:

* `Address.of(file, data, path)` — any path (indexes, ids or both) as the id path;
* `Address.resolve(data)` — the index path into the data as it is now;
* `entry_address(file, src_path, entry_id)` — an entry found at an index path, by its id.

The edits (`SetValue`, `Unset`, `Append`, `Remove`, `CreateFile`) are plain frozen data; the
editing session (`verksam.store.session.EditSession`) applies, checks, writes and commits them.
Pure: no I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Union

from ..text import t


class NoSuchKey(KeyError):
    """The address does not exist in the file (a wrong key: the user's mistake)."""

    def __init__(self, key: str, entry_id: str | None = None, duplicate: bool = False):
        super().__init__(key)
        self.key = key
        self.entry_id = entry_id
        self.duplicate = duplicate

    def __str__(self) -> str:
        if self.duplicate:
            return t("store.edit.duplicate_id", id=self.entry_id)
        if self.entry_id is not None:
            return t("store.edit.no_entry", id=self.entry_id)
        return t("store.edit.no_key", name=self.key)


class _Missing:
    def __repr__(self) -> str:
        return "MISSING"

    def __deepcopy__(self, memo) -> "_Missing":  # one sentinel: `is MISSING` holds after a copy
        return self

    def __copy__(self) -> "_Missing":
        return self


MISSING: Any = _Missing()


def _ids(array: list) -> dict[str, int]:
    """The array's entries by id, for ids that name exactly one entry."""
    seen: dict[str, int] = {}
    dup: set[str] = set()
    for i, el in enumerate(array):
        if isinstance(el, dict):
            v = el.get("id")
            if isinstance(v, str) and v:
                if v in seen:
                    dup.add(v)
                seen[v] = i
    return {k: i for k, i in seen.items() if k not in dup}


def _step(node: Any, part: Any) -> Any:
    """The index or key `part` means in `node` (an id in an array becomes its index)."""
    if isinstance(node, list):
        if isinstance(part, int):
            return part
        i = _ids(node).get(part)
        if i is None:
            dup = any(isinstance(el, dict) and el.get("id") == part for el in node)
            raise NoSuchKey(str(part), entry_id=str(part), duplicate=dup)
        return i
    return part


def _child(node: Any, part: Any) -> Any:
    if isinstance(node, list):
        if isinstance(part, int) and 0 <= part < len(node):
            return node[part]
        return MISSING
    if isinstance(node, dict):
        return node.get(part, MISSING)
    return MISSING


def resolve_path(data: Any, path: tuple) -> tuple:
    """An id (or index) path as the index path into `data`; every part but the last must exist."""
    out = []
    node = data
    for i, part in enumerate(path):
        part = _step(node, part)
        out.append(part)
        if i < len(path) - 1:
            node = _child(node, part)
            if node is MISSING:
                raise NoSuchKey(".".join(map(str, path[: i + 1])))
    return tuple(out)


@dataclass(frozen=True, slots=True)
class Address:
    """This value of this entry in this file: a repository-relative file and an id-based path."""

    file: str
    path: tuple = ()

    @classmethod
    def of(cls, file: str, data: Any, path: tuple) -> Address:
        """Any path into `data` (indexes, ids or both) as the id-based address."""
        out: list = []
        node = data
        for part in tuple(path):
            if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                el = node[part]
                eid = el.get("id") if isinstance(el, dict) else None
                out.append(eid if isinstance(eid, str) and eid and _ids(node).get(eid) == part else part)
                node = el
            else:
                out.append(part)
                try:
                    node = _child(node, _step(node, part))
                except NoSuchKey:
                    node = MISSING
        return cls(file, tuple(out))

    def child(self, *parts: Any) -> Address:
        return Address(self.file, self.path + tuple(parts))

    @property
    def parent(self) -> Address:
        return Address(self.file, self.path[:-1])

    @property
    def key(self) -> Any:
        return self.path[-1] if self.path else None

    def resolve(self, data: Any) -> tuple:
        """The index path into `data` now (the parent must exist; the last part may not)."""
        return resolve_path(data, self.path)

    def get(self, data: Any) -> Any:
        """The value at this address in `data`, or MISSING."""
        node = data
        for part in self.path:
            try:
                node = _child(node, _step(node, part))
            except NoSuchKey:
                return MISSING
            if node is MISSING:
                return MISSING
        return node

    def dotted(self) -> str:
        return ".".join(map(str, self.path))

    def __str__(self) -> str:
        return f"{self.file}:{self.dotted()}"


def entry_address(file: str, src_path: tuple, entry_id: str) -> Address:
    """An entry read at an index path (`('items', 3)`), addressed by its id (`('items', 'x')`)."""
    path = tuple(src_path)
    if entry_id and path and isinstance(path[-1], int):
        path = path[:-1] + (entry_id,)
    return Address(file, path)


# ------------------------------------------------------------------ the typed edits


@dataclass(frozen=True, slots=True)
class SetValue:
    """Set one value (creating the key when its table exists)."""

    at: Address
    value: Any


@dataclass(frozen=True, slots=True)
class Unset:
    """Remove one key of a table (an empty field)."""

    at: Address


@dataclass(frozen=True, slots=True)
class Append:
    """Append an entry to an array of tables (created when missing); `at` names the array."""

    at: Address
    entry: dict


@dataclass(frozen=True, slots=True)
class Remove:
    """Remove an entry of an array of tables (by id)."""

    at: Address


@dataclass(frozen=True, slots=True)
class CreateFile:
    """A new file (a new follow-up, next year's plan) with this text; refused if it exists."""

    file: str
    text: str

    @property
    def at(self) -> Address:
        return Address(self.file, ())


Edit = Union[SetValue, Unset, Append, Remove, CreateFile]
