"""The analysis frames, cached by the digests of the plan files that made them.

The pure parts live here — the key, and frames ↔ bytes (Arrow IPC in memory); reading and
writing the bytes is the store's (tui/verksam/store/cache.py). Reopening an unchanged repository then
costs one read and hash of each file instead of parsing, validating and building frames.
"""

from __future__ import annotations

import hashlib
import io
import json
import struct
from typing import Callable

import polars as pl

from ..store import cache as store_cache
from .summary import AnalysisFrames

CACHE_VERSION = "verksam-analysis-1"
_MAGIC = b"VKAC"


# a cache written by other code (model or analysis) is never read: a fix in the builder
# cannot be hidden by an old cache
_CODE = store_cache.code_version(("verksam.model", "verksam.analysis"))


def cache_key(digests: dict[str, str]) -> str:
    """One key for a set of files: their paths and content digests, the format and polars version."""
    h = hashlib.blake2b(digest_size=16)
    h.update(f"{CACHE_VERSION}\0{_CODE}\0{pl.__version__}\0".encode())
    for rel in sorted(digests):
        h.update(f"{rel}\0{digests[rel]}\0".encode())
    return h.hexdigest()


def dump(af: AnalysisFrames, meta: dict | None = None) -> bytes:
    parts: list[tuple[str, bytes]] = []
    for name, df in af.all_frames().items():
        buf = io.BytesIO()
        df.write_ipc(buf, compression="lz4")
        parts.append((name, buf.getvalue()))
    header = json.dumps({"meta": meta or {}, "frames": [(n, len(b)) for n, b in parts]}).encode()
    return _MAGIC + struct.pack("<I", len(header)) + header + b"".join(b for _, b in parts)


def load(data: bytes) -> tuple[AnalysisFrames, dict] | None:
    """The frames and meta from `dump`'s bytes; None when they are not a cache entry of ours."""
    try:
        if not data.startswith(_MAGIC):
            return None
        (n,) = struct.unpack("<I", data[4:8])
        header = json.loads(data[8 : 8 + n])
        pos = 8 + n
        frames = {}
        for name, size in header["frames"]:
            frames[name] = pl.read_ipc(io.BytesIO(data[pos : pos + size]))
            pos += size
        if set(frames) != set(AnalysisFrames.FRAME_NAMES):
            return None
        return AnalysisFrames.from_frames(frames), header.get("meta", {})
    except Exception:  # a damaged entry is a miss, never a failure
        return None


def open_frames(root, load_snapshot: Callable[[], object]) -> tuple[AnalysisFrames, dict, bool]:
    """Frames for a repository without loading it when the cache has them: hash every plan file,
    look the key up; on a miss call `load_snapshot()` (a Snapshot), build and store the frames.
    Returns (frames, meta {"errors": n, "files": n}, hit). On a hit `frames.workspace` is None."""
    digests = store_cache.file_digests(root)
    key = cache_key(digests)
    hit = load(store_cache.read(root, key) or b"")
    if hit is not None:
        return hit[0], hit[1], True
    snap = load_snapshot()
    af = AnalysisFrames(snap.workspace)
    snap_digests = {rel: st.digest for rel, st in snap.files.items()}
    meta = {"errors": len(snap.errors), "files": len(snap_digests)}
    store_cache.write(root, cache_key(snap_digests), dump(af, meta))
    return af, meta, False
