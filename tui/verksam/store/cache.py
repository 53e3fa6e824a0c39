"""The analysis cache on disk: blobs keyed by a digest of the plan files.

Kept in verksam's cache folder beside the parsed files (store/filecache.py: platformdirs' user
cache folder or $VERKSAM_CACHE_DIR), under analysis/<hash of the repository's path>/: nothing is
written inside the repository. Off, as the file cache, with VERKSAM_NO_CACHE=1 / --no-cache.
Writes are atomic (temporary file, then rename); a cache that cannot be read or written is simply
not used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .files import Unreadable, digest, discover, read_plan_bytes

KEEP = 4  # cache entries kept per repository


def cache_dir(root: Path) -> Path:
    from .filecache import cache_root

    root = Path(root).resolve()
    return cache_root() / "analysis" / hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()


def file_digests(root: Path) -> dict[str, str]:
    """Digest of every plan file, read without parsing (to find a cache entry before loading)."""
    root = Path(root)
    out = {}
    for rel in discover(root):
        try:
            out[rel] = digest(read_plan_bytes(root, rel))
        except (OSError, Unreadable):
            continue
    return out


def read(root: Path, key: str) -> bytes | None:
    from .filecache import enabled

    if not enabled():
        return None
    try:
        return (cache_dir(root) / f"{key}.bin").read_bytes()
    except OSError:
        return None


def write(root: Path, key: str, data: bytes) -> bool:
    from .filecache import enabled

    if not enabled():
        return False
    d = cache_dir(root)
    try:
        d.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=d, prefix=".tmp-")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, d / f"{key}.bin")
        entries = sorted(d.glob("*.bin"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEEP:]:
            old.unlink(missing_ok=True)
        return True
    except OSError:
        return False


def code_version(packages: tuple[str, ...]) -> str:
    """A digest of the Python source of these packages (to key caches by the code that made them)."""
    from importlib import resources

    h = hashlib.blake2b(digest_size=8)
    for pkg in packages:
        for f in sorted(resources.files(pkg).iterdir(), key=lambda p: p.name):
            if f.name.endswith(".py"):
                h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()
