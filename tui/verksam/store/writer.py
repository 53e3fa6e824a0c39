"""Faithful edits of one plan file, safely written.

* A scalar that is there already (a status, a number, a date, a one-line text) is changed by
  replacing the text where its value is written (`verksam.store.locate.value_span` finds it): the
  new text is re-read with the fast reader and must mean exactly the intended data, else the edit
  goes through tomlkit. Everything else (a new key, a table, an entry, a multi-line text) goes
  through tomlkit, whose document is parsed when the first such edit needs it (tomlkit parses
  ~12x slower than tomllib and is not even imported for a scalar) and kept while edits are made.
* Every edit is applied twice: to the tomlkit document and to a plain copy of the data (what we
  mean). Before writing, the new text is re-read with the fast reader and must equal that copy;
  otherwise the write is refused (tomlkit has edits that silently write wrong data).
* Dicts become inline tables and multi-line text stays a `\"\"\"` string, so one changed value is
  one changed line, and a year added under `[indicators.values]` cannot land in the wrong table.
* Paths are id-based (`verksam.store.edits.Address`); this editor turns them into indexes through
  the one conversion there (`resolve_path`).
* Writing goes through the one write path (`verksam.store.atomic.write_change`, under the
  repository lock); the editing session (`verksam.store.session`) writes many files in one change
  and commits. `FileEditor.save` writes one file without a commit (benchmarks, tests).
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import rtoml

from . import schemas
from .atomic import ChangedOnDisk, FileChange, WriteRefused, write_change  # noqa: F401  (re-exported)
from .edits import resolve_path
from .files import Unreadable, decode, digest, read_plan_bytes
from .locate import value_span
from .repolock import repo_lock
from .paths import confine

if TYPE_CHECKING:
    from tomlkit.items import Table

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
    try:  # (rtoml, read already: importing tomllib as well cost `set` ~4 ms)
        return rtoml.loads(f"v = {text}")["v"]
    except rtoml.TomlParsingError:
        return text


def _to_item(value: Any) -> Any:
    """A Python value as the tomlkit item that keeps one value on one line (or a \"\"\" string)."""
    import tomlkit

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


_ESCAPES = {'"': '\\"', "\\": "\\\\", "\b": "\\b", "\t": "\\t", "\f": "\\f"}


def scalar_literal(value: Any) -> str | None:
    """A scalar as a TOML literal on one line (True → true, a date → 2025-04-30, a text → a basic
    string); None for what is written otherwise (a table, a list, a multi-line text, a time)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        text = repr(value)
        return text if any(c in text for c in ".en") else None
    if isinstance(value, str):
        if "\n" in value or "\r" in value:
            return None
        out = []
        for c in value:
            if c in _ESCAPES:
                out.append(_ESCAPES[c])
            elif c < " " or c == "\x7f":
                out.append(f"\\u{ord(c):04x}")
            else:
                out.append(c)
        return '"' + "".join(out) + '"'
    if type(value) is dt.date:
        return value.isoformat()
    return None


_BARE_KEY = re.compile(r"^[A-Za-z0-9_-]+$")


def inline_toml(value: Any) -> str:
    """A value as TOML on one line, as a person would write it: { target = 5, forecast = 4 },
    [1, 2], "text", 2025-04-30 (a multi-line text with its line breaks escaped)."""
    if isinstance(value, dict):
        if not value:
            return "{}"
        parts = []
        for k, v in value.items():
            key = k if _BARE_KEY.match(str(k)) else scalar_literal(str(k).replace("\n", " "))
            parts.append(f"{key} = {inline_toml(v)}")
        return "{ " + ", ".join(parts) + " }"
    if isinstance(value, list):
        return "[" + ", ".join(inline_toml(v) for v in value) + "]"
    if isinstance(value, str) and ("\n" in value or "\r" in value):
        return '"' + "".join("\\n" if c == "\n" else "\\r" if c == "\r" else scalar_literal(c)[1:-1] for c in value) + '"'
    literal = scalar_literal(value)
    if literal is not None:
        return literal
    if isinstance(value, (dt.datetime, dt.time)):
        return value.isoformat()
    return str(value)


def entry_table(entry: dict) -> Table:
    """An entry (an item, an indicator, a contribution …) as a tomlkit table laid out as the format
    wants: scalars first, one line each; `values` as a real sub-table of inline tables; `comments`
    and a control result's `actions` as arrays of tables (as the format writes them, so that a
    later entry can be appended to them); a blank line after it."""
    import tomlkit

    table = tomlkit.table()
    later = {}
    for k, v in entry.items():
        if k == "values" and isinstance(v, dict) or (
                k in ("comments", "actions") and isinstance(v, list) and v and all(isinstance(x, dict) for x in v)):
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
            confine(self.root, rel)
            try:  # the same safe read as every plan file: a plain file (no FIFO, no link), capped
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
            self.data = rtoml.loads(self.text)  # what the file means; edits are applied to it too
        except rtoml.TomlParsingError as e:
            raise WriteRefused(f"{rel}: not valid TOML ({str(e).strip()}); fix it first (verksam validate)") from None
        self._doc = None  # the tomlkit document, parsed when an edit needs it
        self._current = text  # the text with the edits made so far, while no tomlkit document is used
        self._verified: str | None = text  # a text re-read and found equal to `data`
        self.dirty = False

    @property
    def doc(self):
        """The tomlkit document of the text as edited so far (parsed on first use; from then on
        every edit goes through it)."""
        if self._doc is None:
            import tomlkit
            import tomlkit.exceptions

            try:
                self._doc = tomlkit.parse(self._current)
            except tomlkit.exceptions.ParseError as e:
                raise WriteRefused(f"{self.rel}: not valid TOML ({e}); fix it first (verksam validate)") from None
            self._current = None
            self._verified = None
        return self._doc

    # ------------------------------------------------------------ navigation
    def normalize(self, path: KeyPath) -> KeyPath:
        """Id selectors as indexes (`verksam.store.edits.resolve_path`): the path must exist up to
        its last part."""
        return resolve_path(self.data, tuple(path))

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

    def _data_parent(self, path: KeyPath) -> Any:
        d: Any = self.data
        for part in path[:-1]:
            d = d[part]
        return d

    # ------------------------------------------------------------ edits
    def set(self, path: KeyPath, value: Any) -> Any:
        """Set one value (creating the key if needed); returns the old value or None."""
        path = self.normalize(path)
        d = self._data_parent(path)
        key = path[-1]
        present = (key < len(d)) if isinstance(d, list) else (key in d)
        old = copy.deepcopy(d[key]) if present else None
        if isinstance(value, dt.datetime) and value.tzinfo is None and value.time() == dt.time():
            value = value.date()
        if present and isinstance(d[key], (dict, list)) and not isinstance(value, type(d[key])):
            kind = "a table" if isinstance(d[key], dict) else "a list"
            raise WriteRefused(f"{'.'.join(map(str, path))} is {kind}; set one of its keys")
        if present and self._set_in_text(path, d, key, value):
            self.dirty = True
            return old
        d, t = self._parents(path)
        from tomlkit.items import AoT

        if isinstance(t, AoT) and not isinstance(value, dict):
            raise WriteRefused(f"{'.'.join(map(str, path))} is an entry of a list of tables; set one of its keys")
        if len(path) == 1 and isinstance(value, dict) and not present:
            import tomlkit

            # a new top-level table ([round]) as a real table, not inline
            t[key] = entry_table(value) if value else tomlkit.table()
        else:
            t[key] = _to_item(value)
        d[key] = copy.deepcopy(value)
        self.dirty = True
        return old

    def _set_in_text(self, path: KeyPath, d: Any, key: Any, value: Any) -> bool:
        """Change a scalar that is written already by replacing its text; True when done (the new
        text re-read means exactly the intended data), False to go through tomlkit."""
        if self._current is None or isinstance(d[key], (dict, list)):
            return False
        literal = scalar_literal(value)
        if literal is None:
            return False
        span = value_span(self._current, path)
        if span is None:
            return False
        new_text = self._current[: span[0]] + literal + self._current[span[1]:]
        was = d[key]
        d[key] = copy.deepcopy(value)
        try:
            ok = rtoml.loads(new_text) == self.data
        except rtoml.TomlParsingError:
            ok = False
        if not ok:
            d[key] = was
            return False
        self._current = self._verified = new_text
        return True

    def append(self, path: KeyPath, entry: dict) -> int:
        """Append an entry to an array of tables (e.g. ('items',)); returns its index."""
        import tomlkit
        from tomlkit.items import AoT

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
        if self._doc is None:
            return self._current
        import tomlkit

        try:
            return tomlkit.dumps(self._doc)
        except Exception as e:  # tomlkit cannot write what an edit made: refuse, write nothing
            raise WriteRefused(f"{self.rel}: the edit cannot be written ({type(e).__name__}); nothing was written") from None

    def check(self, new_text: str) -> list:
        """Refuse output that does not mean what we intended, or does not pass the schema."""
        try:
            reread = self.data if new_text == self._verified else rtoml.loads(new_text)
        except rtoml.TomlParsingError as e:
            raise WriteRefused(f"{self.rel}: the edit would make the file unreadable ({e}); nothing was written") from None
        if reread is not self.data and reread != self.data:
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

    def saved(self, new_text: str) -> None:
        """The new text is on disk now: it is the base of further edits."""
        self.text = new_text
        self.base_digest = digest(new_text.encode("utf-8"))
        self.dirty = False

    def save(self, allow_locked: bool = False) -> SaveResult:
        """Write this one file, without a commit, through the one write path (under the lock).
        Refused when the file belongs to an approved report (only the round's own reopen passes
        `allow_locked`)."""
        new_text = self.render()
        if new_text == self.text:
            return SaveResult(self.rel, False, self.text, new_text)
        self.check(new_text)
        with repo_lock(self.root):
            if not allow_locked:
                from .locks import check_unlocked

                check_unlocked(self.root, [self.rel])
            write_change(self.root, [FileChange(self.rel, self.base_digest, new_text.encode("utf-8"))], "", commit=False)
        old = self.text
        self.saved(new_text)
        return SaveResult(self.rel, True, old, new_text)
