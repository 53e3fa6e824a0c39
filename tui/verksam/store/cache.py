"""The analysis cache on disk: blobs keyed by a digest of the plan files.

Kept under the repository's `.git/verksam-cache/` when the repository is a Git work tree (so it
is never committed and goes away with the clone), else under the user's cache folder
($XDG_CACHE_HOME or ~/.cache)/verksam/<hash of the root>/. Writes are atomic (temporary file,
then rename); a cache that cannot be read or written is simply not used.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

from .files import Unreadable, digest, discover, read_plan_bytes

KEEP = 4  # cache entries kept per repository


def cache_dir(root: Path) -> Path:
    root = Path(root).resolve()
    git_dir = root / ".git"
    if git_dir.is_dir():
        return git_dir / "verksam-cache"
    base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return base / "verksam" / hashlib.blake2b(str(root).encode(), digest_size=8).hexdigest()


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
    try:
        return (cache_dir(root) / f"{key}.bin").read_bytes()
    except OSError:
        return None


def write(root: Path, key: str, data: bytes) -> bool:
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
