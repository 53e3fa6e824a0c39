"""Faithful edits of one plan file through tomlkit, safely written.

* The tomlkit document is parsed once per editing session (tomlkit parses ~12x slower than
  tomllib) and kept while edits are made.
* Every edit is applied twice: to the tomlkit document and to a plain copy of the data (what we
  mean). Before writing, the new text is re-read with the fast reader and must equal that copy;
  otherwise the write is refused (tomlkit has edits that silently write wrong data).
* Dicts become inline tables and multi-line text stays a `\"\"\"` string, so one changed value is
  one changed line, and a year added under `[indicators.values]` cannot land in the wrong table.
* Writes are atomic (temporary file in the same folder, fsync, rename, folder fsync), keep the
  file's mode, and are refused when the file changed on disk since it was read or when the result
  does not pass the schema.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import re
import stat
import tempfile
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import rtoml
import tomlkit
import tomlkit.exceptions
from tomlkit.items import AoT, Array, InlineTable, Table

from . import schemas
from .files import Unreadable, decode, digest, read_plan_bytes


class WriteRefused(Exception):
    """The write would lose or corrupt data; nothing was written."""


class ChangedOnDisk(WriteRefused):
    """The file changed on disk since it was read."""


KeyPath = tuple


def parse_key(key: str) -> KeyPath:
    """'items.3.status' -> ('items', 3, 'status'); quoted parts keep their dots: a."b.c".d"""
    parts: list[Any] = []
    for m in re.finditer(r'"((?:[^"\\]|\\.)*)"|\'([^\']*)\'|([^.]+)', key):
        if m.group(1) is not None:
            parts.append(m.group(1))
        elif m.group(2) is not None:
            parts.append(m.group(2))
        else:
            p = m.group(3).strip()
            parts.append(int(p) if p.isdigit() and len(p) < 4 else p)
    if not parts:
        raise ValueError("empty key")
    return tuple(parts)


def parse_value(text: str) -> Any:
    """A command-line VALUE: TOML where it parses (42, 2025-12-01, true, "x", {a=1}), else a string."""
    try:
        return tomllib.loads(f"v = {text}")["v"]
    except tomllib.TOMLDecodeError:
        return text


def _to_item(value: Any) -> Any:
    """A Python value as the tomlkit item that keeps one value on one line (or a \"\"\" string)."""
    if isinstance(value, str) and "\n" in value:
        return tomlkit.string(value, multiline=True)
    if isinstance(value, dict):
        t = tomlkit.inline_table()
        for k, v in value.items():
            t[k] = _to_item(v)
        return t
    if isinstance(value, list):
        a = tomlkit.array()
        for v in value:
            a.append(_to_item(v))
        return a
    return value


def entry_table(entry: dict) -> Table:
    """An entry (an item, an indicator, a contribution …) as a tomlkit table laid out as the format
    wants: scalars first, one line each; `values` as a real sub-table of inline tables; `comments`
    as an array of tables; a blank line after it."""
    table = tomlkit.table()
    later = {}
    for k, v in entry.items():
        if k == "values" and isinstance(v, dict) or (
                k == "comments" and isinstance(v, list) and v and all(isinstance(x, dict) for x in v)):
            later[k] = v
        else:
            table[k] = _to_item(v)
    for k, v in later.items():
        if k == "values":
            sub = tomlkit.table()
            for pk, pv in v.items():
                sub[pk] = _to_item(pv)
            table[k] = sub
        else:
            sub_aot = tomlkit.aot()
            for c in v:
                ct = tomlkit.table()
                for ck, cv in c.items():
                    ct[ck] = _to_item(cv)
                sub_aot.append(ct)
            table[k] = sub_aot
    table.add(tomlkit.nl())
    return table


def _resolve(container: Any, part: Any) -> Any:
    """An int indexes an array; a string in an array of tables selects the element with that id."""
    if isinstance(container, (list, AoT, Array)) and not isinstance(part, int):
        for i, el in enumerate(container):
            if isinstance(el, dict) and el.get("id") == part:
                return i
        raise KeyError(f"no entry with id '{part}'")
    return part


@dataclass
class SaveResult:
    rel: str
    changed: bool
    old_text: str
    new_text: str


class FileEditor:
    """An editing session on one plan file."""

    def __init__(self, root: Path | str, rel: str, text: str | None = None, base_digest: str | None = None):
        """Read the file, or start from `text` (a version read earlier, whose disk digest was
        `base_digest`) to replay edits on it."""
        self.root = Path(root)
        self.rel = rel
        self.path = self.root / rel
        if text is None:
            try:  # the same safe read as every plan file: a plain file under plans/, capped
                raw = read_plan_bytes(self.root, rel, confine=False)
            except Unreadable as e:
                raise WriteRefused(e.problem.format()) from None
            base_digest = digest(raw)
            text, problem = decode(rel, raw)
            if text is None:  # a BOM or not UTF-8: refused here as validate reports it
                raise WriteRefused(problem.format())
        self.base_digest = base_digest or ""
        self.text = text
        try:
            self.doc = tomlkit.parse(self.text)
        except tomlkit.exceptions.ParseError as e:
            raise WriteRefused(f"{rel}: not valid TOML ({e}); fix it first (verksam validate)") from None
        self.data = rtoml.loads(self.text)  # what the file means; edits are applied to it too
        self.dirty = False

    # ------------------------------------------------------------ navigation
    def normalize(self, path: KeyPath) -> KeyPath:
        """Turn id selectors into indexes, checking that the path exists up to its last part."""
        out = []
        node: Any = self.data
        for i, part in enumerate(path):
            part = _resolve(node, part)
            out.append(part)
            if i < len(path) - 1:
                try:
                    node = node[part]
                except (KeyError, IndexError, TypeError):
                    raise KeyError(".".join(map(str, path[: i + 1]))) from None
        return tuple(out)

    def get(self, path: KeyPath) -> Any:
        node: Any = self.data
        for part in self.normalize(path):
            node = node[part]
        return node

    def _parents(self, path: KeyPath) -> tuple[Any, Any]:
        d: Any = self.data
        t: Any = self.doc
        for part in path[:-1]:
            d = d[part]
            t = t[part]
        return d, t

    # ------------------------------------------------------------ edits
    def set(self, path: KeyPath, value: Any) -> Any:
        """Set one value (creating the key if needed); returns the old value or None."""
        path = self.normalize(path)
        d, t = self._parents(path)
        key = path[-1]
        old = copy.deepcopy(d[key]) if (isinstance(d, list) and key < len(d)) or (isinstance(d, dict) and key in d) else None
        if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time():
            value = value.date()
        present = (key < len(d)) if isinstance(d, list) else (key in d)
        if present and isinstance(d[key], (dict, list)) and not isinstance(value, type(d[key])):
            kind = "a table" if isinstance(d[key], dict) else "a list"
            raise WriteRefused(f"{'.'.join(map(str, path))} is {kind}; set one of its keys")
        if isinstance(t, AoT) and not isinstance(value, dict):
            raise WriteRefused(f"{'.'.join(map(str, path))} is an entry of a list of tables; set one of its keys")
        t[key] = _to_item(value)
        d[key] = copy.deepcopy(value)
        self.dirty = True
        return old

    def append(self, path: KeyPath, entry: dict) -> int:
        """Append an entry to an array of tables (e.g. ('items',)); returns its index."""
        path = self.normalize(path) if path else path
        node_d: Any = self.data
        node_t: Any = self.doc
        for part in path[:-1]:
            node_d, node_t = node_d[part], node_t[part]
        key = path[-1]
        if key not in node_t:
            node_t[key] = tomlkit.aot()
            node_d[key] = []
        aot = node_t[key]
        if not isinstance(aot, AoT):
            raise WriteRefused(f"{'.'.join(map(str, path))} is not an array of tables")
        table = entry_table(entry)
        # a blank line before the new entry when the entry above ends without one
        if len(aot) and not aot[-1].as_string().endswith("\n\n"):
            aot[-1].add(tomlkit.nl())
        aot.append(table)
        node_d[key].append(copy.deepcopy(entry))
        self.dirty = True
        return len(node_d[key]) - 1

    def remove(self, path: KeyPath) -> Any:
        path = self.normalize(path)
        d, t = self._parents(path)
        key = path[-1]
        old = copy.deepcopy(d[key])
        del t[key]
        del d[key]
        self.dirty = True
        return old

    # ------------------------------------------------------------ output
    def render(self) -> str:
        try:
            return tomlkit.dumps(self.doc)
        except Exception as e:  # tomlkit cannot write what an edit made: refuse, write nothing
            raise WriteRefused(f"{self.rel}: the edit cannot be written ({type(e).__name__}); nothing was written") from None

    def check(self, new_text: str) -> list:
        """Refuse output that does not mean what we intended, or does not pass the schema."""
        try:
            reread = rtoml.loads(new_text)
        except rtoml.TomlParsingError as e:
            raise WriteRefused(f"{self.rel}: the edit would make the file unreadable ({e}); nothing was written") from None
        if reread != self.data:
            raise WriteRefused(
                f"{self.rel}: the TOML editor would write different data than intended; nothing was written"
            )
        problems = schemas.check(self.rel, new_text, reread)
        if problems:  # refuse what the edit adds, not what the file had (or it could not be fixed)
            before = {(p.code, p.message) for p in schemas.check(self.rel, self.text, rtoml.loads(self.text))}
            added = [p for p in problems if (p.code, p.message) not in before]
            if added:
                raise WriteRefused("; ".join(p.format() for p in added[:3]))
        return problems

    def disk_changed(self) -> bool:
        try:
            return digest(read_plan_bytes(self.root, self.rel, confine=False)) != self.base_digest
        except (OSError, Unreadable):
            return True

    def save(self, before_rename: Callable[[Path], None] | None = None, allow_locked: bool = False) -> SaveResult:
        """Write the edits. Refused when the file belongs to an approved report (only the round's
        own reopen passes `allow_locked`)."""
        new_text = self.render()
        if new_text == self.text:
            return SaveResult(self.rel, False, self.text, new_text)
        self.check(new_text)
        if not allow_locked:
            from .locks import check_unlocked

            check_unlocked(self.root, [self.rel])
        if self.disk_changed():
            raise ChangedOnDisk(f"{self.rel} changed on disk since it was read; nothing was written")
        atomic_write(self.path, new_text.encode("utf-8"), before_rename=before_rename)
        old = self.text
        self.text = new_text
        self.base_digest = digest(new_text.encode("utf-8"))
        self.dirty = False
        return SaveResult(self.rel, True, old, new_text)


    def restore(self, text: str) -> None:
        """Put the file back to `text` (a save whose commit was refused); the edits made in this
        session stay in the document, so they are unsaved again, not lost."""
        atomic_write(self.path, text.encode("utf-8"))
        self.text = text
        self.base_digest = digest(text.encode("utf-8"))
        self.dirty = True


def atomic_write(path: Path, data: bytes, before_rename: Callable[[Path], None] | None = None) -> None:
    """Write via a temporary file in the same folder, fsync, keep the mode, rename over."""
    folder = path.parent
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.chmod(tmp, mode)
        if before_rename is not None:
            before_rename(Path(tmp))
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    try:
        dfd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(dfd)
        finally:
            os.close(dfd)
    except OSError:  # pragma: no cover - some file systems refuse directory fsync
        pass
