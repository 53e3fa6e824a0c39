"""Finding, reading and parsing plan files, with the fast reader.

rtoml parses about 7x faster than tomllib (measured in the research notes, checked against
tomllib in tests/store/test_reader.py), so it reads everything for browsing; tomlkit is used only
for files being edited (see writer.py).
"""

from __future__ import annotations

import copyreg
from itertools import groupby
import errno
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rtoml

from ..text import t
from ..model.problems import Problem
from ..text import t
from . import paths, schemas
from .filecache import CACHE

PLANS = "plans"


def _fixed_offset(tz):
    """rtoml's time zone of a datetime cannot be copied or pickled: copy it as the standard
    library's fixed offset (equal datetimes stay equal), so that edits of a file holding a date
    and time (a round's `at`) can be copied, undone and compared."""
    import datetime as dt

    return dt.timezone, (tz.utcoffset(dt.datetime(2000, 1, 1)),)


copyreg.pickle(type(rtoml.loads("t = 2000-01-01T00:00:00Z")["t"].tzinfo), _fixed_offset)
_RTOML_POS = re.compile(r"at line (\d+) column (\d+)")


@dataclass(slots=True)
class FileState:
    """One plan file as read: its text, parsed data and a signature to notice changes on disk."""

    rel: str
    text: str
    data: dict[str, Any] | None
    signature: tuple[int, int]  # (mtime_ns, size)
    digest: str
    problems: list[Problem] = field(default_factory=list)


def signature(path: Path) -> tuple[int, int]:
    """(mtime_ns, size) of the entry itself: a symbolic link is not followed (a loop or a link to
    /dev/zero must not hang or fail the load; such an entry is reported, see read_plan_bytes)."""
    st = os.lstat(path)
    return (st.st_mtime_ns, st.st_size)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def discover(root: Path, municipalities: set[str] | frozenset[str] | None = None) -> list[str]:
    """Every .toml entry under root/plans, as POSIX paths relative to root, sorted: plain files,
    and whatever else has such a name (a folder, a FIFO, a device, a symbolic link), plus every
    symbolic link to a folder, so that reading reports each of them as a problem instead of
    skipping it silently (or hanging on it). Symbolic links to folders are not followed.
    With `municipalities`, only those folders of plans/ are walked (and plans/ itself)."""
    base = os.path.join(root, PLANS)
    cut = len(str(root).rstrip("/")) + 1  # paths relative to root, by slicing (pathlib per path cost more than the walk)
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        keep = []
        top = dirpath == base
        for d in sorted(dirnames):
            if d.startswith("."):
                continue
            full = os.path.join(dirpath, d)
            link = os.path.islink(full)
            if link or d.endswith(".toml"):
                out.append(full[cut:])
            if not link and (not top or municipalities is None or d in municipalities):
                keep.append(d)
        dirnames[:] = keep
        for f in filenames:
            if f.endswith(".toml") and not f.startswith("."):
                out.append(os.path.join(dirpath, f)[cut:])
    if os.sep != "/":
        out = [p.replace(os.sep, "/") for p in out]
    return sorted(out)


MAX_BYTES = 32 * 1024 * 1024  # a plan file larger than this is not read (docs/reliability.md)


class Unreadable(Exception):
    """A plan file that is not read: not a plain file, outside plans/, too large, unreadable.
    `problem` says which, located at the file (line 1)."""

    def __init__(self, problem: Problem):
        super().__init__(problem.message)
        self.problem = problem


def _unreadable(rel: str, key: str, **kw) -> Unreadable:
    return Unreadable(Problem(rel, 1, 1, "error", t(key, **kw), t(f"{key}.hint"), code="not-a-plan-file"))


def _link_problem(root: Path, rel: str, path: Path) -> Unreadable:
    try:
        target = os.readlink(path)
    except OSError:
        target = "?"
    try:
        os.stat(path)
    except FileNotFoundError:
        return _unreadable(rel, "store.link_dangling", target=target)
    except OSError as e:
        if e.errno == errno.ELOOP:
            return _unreadable(rel, "store.link_loop", target=target)
        return _unreadable(rel, "store.unreadable", error=e.strerror or str(e))
    return _unreadable(rel, "store.link", target=target)


def read_plan_bytes(root: Path, rel: str, confine: bool = True) -> bytes:
    """The bytes of a plan file, read safely: only a plain file under plans/ (resolved), not a
    symbolic link, at most MAX_BYTES. Never opens a FIFO or a device (checked with lstat first,
    opened with O_NOFOLLOW | O_NONBLOCK and checked again on the open file). Raises Unreadable
    with a located problem, or FileNotFoundError when the file is gone. `confine=False` skips the
    plans/ check for the writer, which calls `paths.confine` itself (with its own message)."""
    return _read_plan(root, rel, confine)[0]


_O_DIR = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
# os.lstat takes dir_fd wherever os.stat does (it is os.stat without following), but only os.stat
# is listed in supports_dir_fd: asking for os.lstat there said "no" everywhere, and every file was
# resolved with paths.confine instead (a third of the cost of reading a file)
_DIR_FD = os.open in os.supports_dir_fd and os.stat in os.supports_dir_fd


def _open_parent(root: Path, rel: str) -> tuple[int, str] | None:
    """(a descriptor of the folder holding `rel`, the file's name), the folders opened one by one
    from the root without following a symbolic link: a path that gets there lies under plans/
    (what paths.confine would say, without resolving every path in Python). None when a folder
    on the way is a link or the path is not plain (the caller then asks paths.confine)."""
    if not _DIR_FD:
        return None
    parts = rel.split("/")
    if len(parts) < 2 or parts[0] != PLANS or any(p in ("", ".", "..") for p in parts):
        return None
    try:
        fd = os.open(root, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    for part in parts[:-1]:
        try:
            nxt = os.open(part, _O_DIR, dir_fd=fd)
        except OSError:
            os.close(fd)
            return None  # a link, gone, or not a folder: the careful way says which
        os.close(fd)
        fd = nxt
    return fd, parts[-1]


def _read_plan(root: Path, rel: str, confine: bool = True) -> tuple[bytes, os.stat_result]:
    """read_plan_bytes, with the stat of the file read (its signature without another lstat)."""
    parent = _open_parent(root, rel) if confine else None
    path = root / rel if parent is None else None  # only when needed: a Path per file showed in validate's profile
    try:
        if parent is not None:
            dir_fd, name = parent
            try:
                st = os.lstat(name, dir_fd=dir_fd)
            except FileNotFoundError:
                raise
            except OSError as e:
                raise _unreadable(rel, "store.unreadable", error=e.strerror or str(e)) from None
        else:
            dir_fd, name = None, path
            try:
                st = os.lstat(path)
            except FileNotFoundError:
                raise
            except OSError as e:
                raise _unreadable(rel, "store.unreadable", error=e.strerror or str(e)) from None
        if stat.S_ISLNK(st.st_mode):
            raise _link_problem(root, rel, root / rel)
        if stat.S_ISDIR(st.st_mode):
            raise _unreadable(rel, "store.folder")
        if not stat.S_ISREG(st.st_mode):
            raise _unreadable(rel, "store.special", what=_file_type(st.st_mode))
        if confine and parent is None:  # a path through ../ or a linked folder: the one check of where plans may be
            try:
                paths.confine(root, rel)
            except paths.PathRefused:
                raise _unreadable(rel, "store.outside") from None
        if st.st_size > MAX_BYTES:
            raise _unreadable(rel, "store.too_large", mb=round(st.st_size / 2**20), cap=MAX_BYTES // 2**20)
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0), dir_fd=dir_fd)
        except FileNotFoundError:
            raise
        except OSError as e:
            if e.errno == errno.ELOOP:  # replaced by a link since lstat
                raise _link_problem(root, rel, root / rel) from None
            raise _unreadable(rel, "store.unreadable", error=e.strerror or str(e)) from None
    finally:
        if parent is not None:
            os.close(parent[0])
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced since lstat
            raise _unreadable(rel, "store.special", what=_file_type(st.st_mode))
        if st.st_size < MAX_BYTES:  # one read of the whole file (and one more to see its end)
            chunks = [os.read(fd, st.st_size + 1)] if st.st_size else []
            left = MAX_BYTES + 1 - len(chunks[0]) if chunks else MAX_BYTES + 1
            if chunks and not chunks[0]:
                chunks = []
        else:
            chunks, left = [], MAX_BYTES + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise _unreadable(rel, "store.too_large", mb=MAX_BYTES // 2**20, cap=MAX_BYTES // 2**20)
        return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), st
    except OSError as e:
        raise _unreadable(rel, "store.unreadable", error=e.strerror or str(e)) from None
    finally:
        os.close(fd)


def _file_type(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return t("store.kind.fifo")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return t("store.kind.device")
    if stat.S_ISSOCK(mode):
        return t("store.kind.socket")
    return t("store.kind.other")


_HEADER = re.compile(r'^[ \t]*\[\[?[ \t]*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+)', re.M)
# the same header names, found from the newline before them: a pattern starting with a literal is
# searched for quickly, where `^` in MULTILINE is tried at every character (4x slower in all)
_HEADER_NAMES = re.compile(r'\n[ \t]*\[\[?[ \t]*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+)')


def layout_problems(rel: str, text: str) -> list[Problem]:
    """Tables of one name must stay together: `[[items]]` … `[[tables]]` … `[[items]]` is valid
    TOML, but tomlkit regroups such arrays when it writes, so an edit would move text around."""
    names = _HEADER_NAMES.findall(text)
    first = _HEADER.match(text)
    if first:
        names.insert(0, first.group(1))
    runs = [k for k, _ in groupby(n.strip("\"'") for n in names)]
    if len(runs) == len(set(runs)):  # most files: every name in one run, nothing to locate
        return []
    seen: list[str] = []
    out = []
    for m in _HEADER.finditer(text):
        name = m.group(1).strip("\"'")
        if seen and seen[-1] == name:
            continue
        if name in seen:
            line = text.count("\n", 0, m.start()) + 1
            out.append(Problem(rel, line, m.start(1) - m.start() + 1, "error",
                               t("store.file.split", name=name), t("store.file.split.hint", name=name),
                               code="layout"))
        seen.append(name)
    return out


def parse_text(rel: str, text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        return rtoml.loads(text), layout_problems(rel, text)
    except rtoml.TomlParsingError as e:
        msg = str(e).strip().splitlines()[0] if str(e).strip() else "invalid TOML"
        m = _RTOML_POS.search(msg)
        line, col = (int(m[1]), int(m[2])) if m else (1, 1)
        msg = _RTOML_POS.sub("", msg).strip().rstrip(",")
        return None, [
            Problem(rel, line, col, "error", t("store.file.syntax", detail=msg), t("store.file.syntax.hint"),
                    code="syntax")
        ]


BOM = b"\xef\xbb\xbf"


def decode(rel: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """A plan file's text, or the problem why it is not text verksam reads. A UTF-8 byte order
    mark is refused (by validate here and by set and the app through the writer), not silently
    accepted by one and refused by the other."""
    if raw.startswith(BOM):
        return None, Problem(rel, 1, 1, "error", t("store.bom"), t("store.bom.hint"), code="encoding")
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return None, Problem(rel, line, 1, "error", t("store.file.encoding"), t("store.file.encoding.hint"), code="encoding")


def read_file(root: Path, rel: str, schema: bool = False) -> FileState:
    """One plan file read and parsed; a file that cannot be read as a plan (see read_plan_bytes)
    is a FileState without data and with its one problem. FileNotFoundError when it is gone.
    With `schema`, the problems include the file's schema check (store/schemas.py).

    The parsed data and the file's problems come from the cache of parsed files when it holds
    this file with these contents (store/filecache.py); the file itself is always read."""
    try:
        raw, st = _read_plan(root, rel)
        sig = (st.st_mtime_ns, st.st_size)
    except Unreadable as e:
        try:
            sig = signature(root / rel)
        except OSError:
            sig = (0, 0)
        return FileState(rel, "", None, sig, "", [e.problem])
    except FileNotFoundError:
        raise
    except OSError as e:
        return FileState(rel, "", None, (0, 0), "", [Problem(rel, 1, 1, "error", t("store.unreadable", error=e.strerror or str(e)),
                                                             t("store.unreadable.hint"), code="not-a-plan-file")])
    text, problem = decode(rel, raw)
    if text is None:
        return FileState(rel, "", None, sig, digest(raw), [problem])
    d = digest(raw)
    hit = CACHE.get(root, rel, d)
    if hit is not None:
        data, (problems, schema_problems) = hit
        return FileState(rel, text, data, sig, d, problems + schema_problems if schema else problems)
    data, problems = parse_text(rel, text)
    schema_problems = schemas.check(rel, text, data, raw=raw) if data is not None else []
    CACHE.put(root, rel, sig[1], sig[0], d, data, (problems, schema_problems))
    return FileState(rel, text, data, sig, d, problems + schema_problems if schema else list(problems))
