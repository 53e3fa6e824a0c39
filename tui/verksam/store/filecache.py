"""The cache of parsed plan files, on disk in the user's cache folder.

Parsing a plan file (rtoml), checking its layout and its schema is most of what reading a
repository costs; a file whose contents have not changed gives the same result, so the result is
kept: the parsed data and the file's own problems, keyed by the file's path and the digest of its
contents (so a file touched but unchanged is still a hit, and a file changed with its size and
modification time restored is not). Size and modification time are kept with each entry.

Where: platformdirs' user cache folder (`~/.cache/verksam/files` on Linux), or
$VERKSAM_CACHE_DIR/files. Off with VERKSAM_NO_CACHE=1 (`verksam --no-cache`). Nothing is ever
written anywhere else, in particular never inside the repository.

Form: one pack per municipality folder of a repository (a few dozen files read and written
together), a header (format version, verksam's version and a digest of the code and schemas that
make the results, the language of the messages, the Python and rtoml versions) then a pickle of
{path: (size, mtime_ns, digest, pickled (data, problems))} and a CRC of it. Pickle, because the
parsed data holds dates and times (marshal cannot, msgspec and msgpack turn them into strings or
need hooks): measured on 4,608 files (92 MB), loading the pickles takes 0.42 s against 1.26 s for
rtoml (msgpack with date hooks 0.36 s, msgspec without dates 0.22 s).

Safety: a pack is written whole to a temporary file in the cache folder and renamed over the
old one (so another process sees the old or the new pack, never half of one, and two processes
writing at once lose at worst each other's entries); a pack that is truncated, corrupt, of
another version or another language, or not owned by the user is ignored and rebuilt; the folder
is kept under a size limit (least recently used packs go first). A cache that cannot be read or
written is simply not used, silently.
"""

from __future__ import annotations

import atexit
import hashlib
import io
import os
import pickle
import sys
import time
import zlib
from pathlib import Path
from typing import Any

FORMAT = 1
MAGIC = b"verksam-files\0"
MAX_BYTES = 1 << 30  # the whole files cache: least recently used packs are removed beyond this
PRUNE_EVERY = 3600  # seconds between looks at the folder's size
_SUFFIX = ".pack"


def enabled() -> bool:
    return os.environ.get("VERKSAM_NO_CACHE", "") in ("", "0")


def cache_root() -> Path:
    """The user's cache folder for verksam ($VERKSAM_CACHE_DIR, else platformdirs')."""
    env = os.environ.get("VERKSAM_CACHE_DIR")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("verksam", appauthor=False))


def folder() -> Path:
    return cache_root() / "files"


_VERSION: bytes | None = None


def version_key() -> bytes:
    """What a pack must have been made by to be used: this format, this verksam (its version and a
    digest of the code and schemas that parse and check a file), this Python and rtoml."""
    global _VERSION
    if _VERSION is None:
        import rtoml

        # (the package's own folder and version, not importlib.resources and importlib.metadata:
        # importing those cost `verksam set` more than the rest of this)
        from .. import __version__

        h = hashlib.blake2b(digest_size=16)
        h.update(__version__.encode())
        h.update(f"{FORMAT} {sys.version} {getattr(rtoml, '__version__', '')}".encode())
        package = Path(__file__).resolve().parent.parent
        for sub in ("store", "model", "text"):
            for f in sorted((package / sub).iterdir(), key=lambda p: p.name):
                if f.name.endswith(".py"):
                    h.update(f.name.encode() + b"\0" + f.read_bytes())
        from .schemas import schema_dir

        for f in sorted(schema_dir().glob("*.schema.json")):
            h.update(f.name.encode() + b"\0" + f.read_bytes())
        _VERSION = h.digest()
    return _VERSION


def _language() -> bytes:
    from ..text import language

    return language().encode()


class _Pack:
    """The entries of one municipality folder: loaded once, written back when something new was
    added. Entries are kept pickled until asked for, so the cached data is never shared with a
    caller that might change it."""

    __slots__ = ("path", "entries", "dirty", "root", "where")

    def __init__(self, path: Path, root: Path):
        self.where: tuple = ()
        self.path = path
        self.root = root
        self.entries: dict[str, tuple[int, int, str, bytes]] = {}
        self.dirty = False


class FileCache:
    """The process's view of the cache: one pack at a time (reading goes municipality by
    municipality); a pack with new entries is written when reading moves on to another
    municipality, when `flush()` is called, and at exit."""

    def __init__(self) -> None:
        self._pack: _Pack | None = None
        self._broken: Path | None = None  # a folder that could not be written: not tried again
        self._registered = False
        self._pid = os.getpid()

    # -- finding the pack of a file
    def _pack_for(self, root: Path, rel: str) -> _Pack | None:
        parts = rel.split("/")
        muni = parts[1] if len(parts) > 2 else ""
        lang = _language()
        # what the pack's path is made from: the same as the pack at hand, nothing is computed (a
        # digest and two paths per file were a third of what the cache cost a cold validate)
        where = (str(root), muni, lang, os.environ.get("VERKSAM_CACHE_DIR"))
        if self._pack is not None and self._pack.where == where:
            return self._pack
        key = hashlib.blake2b(f"{root}\0{muni}\0{lang.decode()}".encode(), digest_size=16).hexdigest()
        path = folder() / (key + _SUFFIX)
        if self._pack is not None and self._pack.path == path:
            self._pack.where = where
            return self._pack
        self.flush()
        pack = _Pack(path, root)
        pack.where = where
        pack.entries = _read_pack(path)
        self._pack = pack
        if not self._registered:
            atexit.register(self.flush)
            self._registered = True
        return pack

    def get(self, root: Path, rel: str, digest: str) -> tuple[Any, tuple[list, list]] | None:
        """(data, (problems, schema problems)) of this file with these contents, or None."""
        if not enabled():
            return None
        try:
            pack = self._pack_for(root, rel)
            entry = pack.entries.get(rel) if pack else None
            if entry is None or entry[2] != digest:
                return None
            data, problems = pickle.loads(entry[3])
            if (not isinstance(problems, tuple) or len(problems) != 2 or not all(type(p) is list for p in problems)
                    or not (data is None or isinstance(data, dict))):
                return None
            return data, problems
        except Exception:  # a pack is never trusted: anything wrong with it is a miss
            return None

    def put(self, root: Path, rel: str, size: int, mtime_ns: int, digest: str, data: Any, problems: tuple) -> None:
        if not enabled() or (self._broken is not None and self._broken == folder()):
            return
        try:
            blob = _dumps_tree((data, problems))
        except Exception:  # something in the data that does not pickle: not cached
            return
        pack = self._pack_for(root, rel)
        if pack is None:
            return
        pack.entries[rel] = (size, mtime_ns, digest, blob)
        pack.dirty = True

    def flush(self) -> None:
        pack = self._pack
        if pack is None or not pack.dirty or self._broken == pack.path.parent or not enabled():
            return
        pack.dirty = False
        # a file gone from the repository goes from its pack
        entries = {rel: e for rel, e in pack.entries.items() if os.path.lexists(pack.root / rel)}
        if not _write_pack(pack.path, entries):
            self._broken = pack.path.parent

    def adopt(self) -> None:
        """In a worker process forked from a reader: forget the parent's pack without writing it
        (the parent writes it), once per process."""
        if self._pid != os.getpid():
            self._pid = os.getpid()
            self._pack = None

    def forget(self) -> None:
        """Drop what is held in memory (tests, and a process that changes its cache folder)."""
        self.flush()
        self._pack = None


def _dumps_tree(obj: Any) -> bytes:
    """pickle.dumps of a tree (parsed TOML and problems: no object is reached twice, no cycle),
    without the memo that would remember every object: 40 % less time, the same result."""
    f = io.BytesIO()
    p = pickle.Pickler(f, protocol=pickle.HIGHEST_PROTOCOL)
    p.fast = True  # no memo: a cycle would raise (caught by the caller: not cached), never loop
    p.dump(obj)
    return f.getvalue()


def _header() -> bytes:
    return MAGIC + version_key() + _language().ljust(8, b"\0")


def _read_pack(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            st = os.fstat(f.fileno())
            if hasattr(os, "getuid") and st.st_uid != os.getuid():
                return {}  # someone else's file: not unpickled
            raw = f.read()
    except OSError:
        return {}
    head = _header()
    if not raw.startswith(head) or len(raw) < len(head) + 4:
        return {}
    body = memoryview(raw)[len(head):-4]
    if zlib.crc32(body) != int.from_bytes(raw[-4:], "big"):
        return {}
    try:
        entries = pickle.loads(body)
    except Exception:
        return {}
    if not isinstance(entries, dict):
        return {}
    _touch(path, st)
    return entries


def _touch(path: Path, st: os.stat_result) -> None:
    """Mark a pack as used (pruning removes the least recently used), at most once a day."""
    if time.time() - st.st_mtime > 86400:
        try:
            os.utime(path)
        except OSError:
            pass


def _write_pack(path: Path, entries: dict) -> bool:
    d = path.parent
    try:
        body = pickle.dumps(entries, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return True
    tmp = d / f".tmp-{os.getpid()}-{path.name}"
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_CLOEXEC", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(_header())
                f.write(body)
                f.write(zlib.crc32(body).to_bytes(4, "big"))
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise
        os.replace(tmp, path)
    except OSError:
        return False
    _maybe_prune(d)
    return True


def _maybe_prune(d: Path) -> None:
    """Keep the folder under MAX_BYTES (least recently used packs first), looking at most once
    an hour (the time of the last look is a marker file's)."""
    marker = d / ".pruned"
    try:
        if time.time() - marker.stat().st_mtime < PRUNE_EVERY:
            return
    except OSError:
        pass
    try:
        marker.touch()
        prune(d, int(os.environ.get("VERKSAM_CACHE_MAX_MB", MAX_BYTES >> 20)) << 20)
    except (OSError, ValueError):
        pass


def prune(d: Path, limit: int) -> None:
    packs = []
    now = time.time()
    for entry in os.scandir(d):
        if entry.name.startswith(".tmp-"):  # left by a process that died while writing
            try:
                if now - entry.stat().st_mtime > 3600:
                    os.unlink(entry.path)
            except OSError:
                pass
        elif entry.name.endswith(_SUFFIX):
            try:
                st = entry.stat()
            except OSError:
                continue
            packs.append((st.st_mtime, st.st_size, entry.path))
    total = sum(p[1] for p in packs)
    for _, size, p in sorted(packs):
        if total <= limit:
            break
        try:
            os.unlink(p)
            total -= size
        except OSError:
            pass


# ------------------------------------------------------------------ results made from whole folders


def results_folder() -> Path:
    return cache_root() / "results"


def result_key(*parts: object) -> str:
    """A results key from what the result is a function of (with the language; the version is in
    every pack's header)."""
    h = hashlib.blake2b(digest_size=16)
    h.update(_language())
    for p in parts:
        h.update(b"\0" + repr(p).encode())
    return h.hexdigest()


def get_result(key: str) -> Any:
    """What put_result kept under this key, or None (never trusted: a damaged or foreign pack is
    a miss)."""
    if not enabled():
        return None
    return _read_pack(results_folder() / (key + _SUFFIX)).get("value")


def put_result(key: str, value: Any) -> None:
    if enabled():
        _write_pack(results_folder() / (key + _SUFFIX), {"value": value})


def clear() -> None:
    """Remove every pack (the folders stay)."""
    for d in (folder(), results_folder()):
        try:
            for entry in os.scandir(d):
                if entry.name.endswith(_SUFFIX) or entry.name.startswith(".tmp-"):
                    os.unlink(entry.path)
        except OSError:
            pass
    CACHE._pack = None


CACHE = FileCache()
