"""Map a key path inside a TOML document to the line and column where it is written.

A small scanner over the text (no dependency): it follows table headers, arrays of tables,
dotted keys, inline tables and arrays, and records the offset of every key and value.
Only run when a problem needs a location, so loading stays fast.
"""

from __future__ import annotations

import bisect
import re

_BARE = re.compile(r"[A-Za-z0-9_-]+")


class _Scanner:
    def __init__(self, text: str):
        self.t = text
        self.n = len(text)
        self.values: dict[tuple, int] = {}
        self.keys: dict[tuple, int] = {}
        self.aot: dict[tuple, int] = {}
        self.ends: dict[tuple, int] = {}  # where each value recorded in `values` ends

    # -- low level
    def ws(self, i: int, newlines: bool = False) -> int:
        t, n = self.t, self.n
        while i < n:
            c = t[i]
            if c in " \t\r" or (newlines and c == "\n"):
                i += 1
            elif c == "#" and newlines:
                while i < n and t[i] != "\n":
                    i += 1
            else:
                break
        return i

    def key(self, i: int) -> tuple[list[str], list[int], int]:
        """Parse a (dotted) key at i; returns parts, their offsets and the offset after it."""
        parts, offs = [], []
        t = self.t
        while True:
            i = self.ws(i)
            offs.append(i)
            if i < self.n and t[i] == '"':
                j = i + 1
                buf = []
                while j < self.n and t[j] != '"':
                    if t[j] == "\\" and j + 1 < self.n:
                        esc = t[j + 1]
                        buf.append({"n": "\n", "t": "\t", '"': '"', "\\": "\\"}.get(esc, esc))
                        j += 2
                        continue
                    buf.append(t[j])
                    j += 1
                parts.append("".join(buf))
                i = j + 1
            elif i < self.n and t[i] == "'":
                j = t.find("'", i + 1)
                j = self.n if j < 0 else j
                parts.append(t[i + 1 : j])
                i = j + 1
            else:
                m = _BARE.match(t, i)
                if not m:
                    parts.append("")
                    return parts, offs, i
                parts.append(m.group())
                i = m.end()
            i = self.ws(i)
            if i < self.n and t[i] == ".":
                i += 1
                continue
            return parts, offs, i

    def skip_string(self, i: int) -> int:
        t = self.t
        if t.startswith('"""', i) or t.startswith("'''", i):
            q = t[i : i + 3]
            j = i + 3
            while True:
                k = t.find(q, j)
                if k < 0:
                    return self.n
                if q == '"""':
                    bs = 0
                    b = k - 1
                    while b >= 0 and t[b] == "\\":
                        bs += 1
                        b -= 1
                    if bs % 2:
                        j = k + 1
                        continue
                end = k + 3
                while end < self.n and t[end] == q[0] and end - k < 5:
                    end += 1
                return end
        q = t[i]
        j = i + 1
        while j < self.n and t[j] != q and t[j] != "\n":
            if q == '"' and t[j] == "\\":
                j += 2
                continue
            j += 1
        return j + 1

    def value(self, i: int, path: tuple) -> int:
        """Record the value starting at i under path (and where it ends); return the offset after it."""
        end = self._value(i, path)
        stop = min(end, self.n)
        while stop > i and self.t[stop - 1] in " \t\r":  # a bare value ends before the spaces
            stop -= 1
        self.ends[path] = stop
        return end

    def _value(self, i: int, path: tuple) -> int:
        self.values[path] = i
        t = self.t
        if i >= self.n:
            return i
        c = t[i]
        if c in "\"'":
            return self.skip_string(i)
        if c == "{":
            i = self.ws(i + 1)
            while i < self.n and t[i] != "}":
                parts, offs, j = self.key(i)
                p = path + tuple(parts)
                for k in range(1, len(parts) + 1):
                    self.keys.setdefault(path + tuple(parts[:k]), offs[k - 1])
                j = self.ws(j)
                if j < self.n and t[j] == "=":
                    j = self.ws(j + 1)
                i = self.ws(self.value(j, p))
                if i < self.n and t[i] == ",":
                    i = self.ws(i + 1)
                if i == j:  # no progress: malformed
                    break
            return i + 1
        if c == "[":
            i = self.ws(i + 1, newlines=True)
            idx = 0
            while i < self.n and t[i] != "]":
                start = i
                i = self.ws(self.value(i, path + (idx,)), newlines=True)
                idx += 1
                if i < self.n and t[i] == ",":
                    i = self.ws(i + 1, newlines=True)
                if i == start:
                    break
            return i + 1
        j = i
        while j < self.n and t[j] not in ",]}\n#":
            j += 1
        return j

    # -- document
    def run(self) -> None:
        t = self.t
        cur: tuple = ()
        i = 0
        while True:
            i = self.ws(i, newlines=True)
            if i >= self.n:
                break
            if t[i] == "[":
                is_aot = t.startswith("[[", i)
                parts, offs, j = self.key(i + (2 if is_aot else 1))
                j = j + (2 if is_aot else 1)
                p: tuple = ()
                for k, part in enumerate(parts):
                    p = p + (part,)
                    if k == len(parts) - 1 and is_aot:
                        n = self.aot.get(p, 0)
                        self.aot[p] = n + 1
                        self.keys.setdefault(p, offs[k])
                        p = p + (n,)
                    elif p in self.aot:
                        p = p + (self.aot[p] - 1,)
                    self.keys.setdefault(p, offs[k])
                self.values.setdefault(p, i)
                cur = p
                while j < self.n and t[j] != "\n":
                    j += 1
                i = j
            else:
                parts, offs, j = self.key(i)
                if not parts or parts == [""]:
                    while i < self.n and t[i] != "\n":
                        i += 1
                    continue
                p = cur + tuple(parts)
                for k in range(1, len(parts) + 1):
                    self.keys.setdefault(cur + tuple(parts[:k]), offs[k - 1])
                j = self.ws(j)
                if j < self.n and t[j] == "=":
                    j = self.ws(j + 1)
                i = self.value(j, p)
                while i < self.n and t[i] != "\n":
                    if t[i] == "#":
                        while i < self.n and t[i] != "\n":
                            i += 1
                        break
                    i += 1


def value_span(text: str, path: tuple) -> tuple[int, int] | None:
    """Where the value at a key path is written in a TOML text: (start, end) offsets, or None
    when the scanner did not find it. The caller checks what replacing it means (a re-read)."""
    sc = _Scanner(text)
    try:
        sc.run()
    except (IndexError, ValueError):
        return None
    start, end = sc.values.get(tuple(path)), sc.ends.get(tuple(path))
    if start is None or end is None or end <= start:
        return None
    return start, end


class Locator:
    """Line and column (1-based) of a key path in one TOML text."""

    def __init__(self, text: str):
        sc = _Scanner(text)
        try:
            sc.run()
        except (IndexError, ValueError):  # a malformed file: keep what was found
            pass
        self._values = sc.values
        self._keys = sc.keys
        self._lines = [0] + [m.end() for m in re.finditer("\n", text)]

    def offset(self, path: tuple, key: bool = False) -> int | None:
        path = tuple(path)
        while True:
            off = (self._keys.get(path) if key else None)
            if off is None:
                off = self._values.get(path)
            if off is None and key is False:
                off = self._keys.get(path)
            if off is None:
                desc = [o for p, o in self._values.items() if p[: len(path)] == path and len(p) > len(path)]
                off = min(desc) if desc else None
            if off is not None or not path:
                return off if off is not None else 0
            path = path[:-1]
            key = True

    def line_col(self, path: tuple, key: bool = False) -> tuple[int, int]:
        off = self.offset(path, key) or 0
        line = bisect.bisect_right(self._lines, off)
        return line, off - self._lines[line - 1] + 1
