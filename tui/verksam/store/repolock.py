"""The repository lock: one writer at a time, around read → check → write → commit.

An `fcntl.flock` on `.git/verksam.lock` (in a folder that is not a Git repository: on the
`plans/` folder itself). Every writer takes it: `set`, the app's save, new periods, and every
later writer through the editing session. The holder writes its pid, user and command into the
file, so that one who waits can say who holds it; after `timeout` seconds the wait ends with a
message naming the holder. The lock is re-entrant within a process (a save inside `set`), and a
thread of the same process waits for another thread's hold like any other writer. The kernel
drops the lock when its holder dies, so a killed writer never leaves it held.
"""

from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import os
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..text import t
from .errors import WriteRefused

LOCK_NAME = "verksam.lock"
DEFAULT_TIMEOUT = 30.0


class RepoBusy(WriteRefused):
    """Another writer held the repository lock for the whole timeout; nothing was done."""


_git_dirs: dict[str, Path | None] = {}


def git_dir(root: Path | str) -> Path | None:
    """The repository's own Git folder (absolute), or None when `root` is not in Git."""
    key = os.path.realpath(root)
    if key not in _git_dirs:
        dot = os.path.join(key, ".git")
        if not any(v in os.environ for v in ("GIT_DIR", "GIT_WORK_TREE", "GIT_CEILING_DIRECTORIES")) and (
                os.path.isdir(dot) and not os.path.islink(dot) and os.path.isfile(os.path.join(dot, "HEAD"))):
            _git_dirs[key] = Path(dot)  # the top of a work tree with its own .git folder: no git to ask
            return _git_dirs[key]
        try:
            p = subprocess.run(["git", "rev-parse", "--absolute-git-dir"], cwd=key, capture_output=True,
                               env={**os.environ, "LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"})
            out = p.stdout.decode("utf-8", "replace").strip()
            _git_dirs[key] = Path(out) if p.returncode == 0 and out else None
        except FileNotFoundError:
            _git_dirs[key] = None
    return _git_dirs[key]


def state_dir(root: Path | str) -> Path:
    """Where verksam keeps its own records of a change under way: `.git/verksam/` (outside
    Git: `plans/.verksam/`)."""
    gd = git_dir(root)
    return gd / "verksam" if gd is not None else Path(os.path.realpath(root)) / "plans" / ".verksam"


def lock_path(root: Path | str) -> Path:
    gd = git_dir(root)
    return gd / LOCK_NAME if gd is not None else Path(os.path.realpath(root)) / "plans"


@dataclass
class _Hold:
    thread_lock: threading.RLock = field(default_factory=threading.RLock)
    fd: int | None = None
    count: int = 0


_holds: dict[str, _Hold] = {}
_holds_lock = threading.Lock()


def _timeout() -> float:
    try:
        return float(os.environ.get("VERKSAM_LOCK_TIMEOUT", DEFAULT_TIMEOUT))
    except ValueError:
        return DEFAULT_TIMEOUT


def holder(path: Path) -> str:
    """Who holds the lock, as its holder wrote it: "pid 123, anna, verksam set … (since 08:01:02)"."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").splitlines() if path.is_file() else []
    except OSError:
        lines = []
    if len(lines) < 3:
        return t("store.lock.unknown_holder")
    since = lines[3][11:19] if len(lines) > 3 else "?"
    return t("store.lock.holder", pid=lines[0], user=lines[1], command=lines[2][:120], since=since)


def _command() -> str:
    return " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])[:300] if sys.argv else "verksam"


@contextmanager
def repo_lock(root: Path | str, timeout: float | None = None, command: str | None = None) -> Iterator[None]:
    """Hold the repository's write lock for the duration of the block."""
    path = lock_path(root)
    key = str(path)
    wait = _timeout() if timeout is None else timeout
    with _holds_lock:
        hold = _holds.setdefault(key, _Hold())
    deadline = time.monotonic() + wait
    if not hold.thread_lock.acquire(timeout=max(wait, 0.0)):
        raise RepoBusy(t("store.lock.timeout", secs=int(wait), holder=holder(path)))
    try:
        if hold.count == 0:
            if path.is_dir():
                fd = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
            else:
                fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            pause = 0.002
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() >= deadline:
                        os.close(fd)
                        raise RepoBusy(t("store.lock.timeout", secs=int(wait), holder=holder(path))) from None
                    time.sleep(pause)
                    pause = min(pause * 2, 0.05)
            if not path.is_dir():
                try:
                    user = getpass.getuser()
                except Exception:  # no user name in this environment
                    user = str(os.getuid())
                info = f"{os.getpid()}\n{user}\n{command or _command()}\n{dt.datetime.now().isoformat()}\n"
                try:
                    os.ftruncate(fd, 0)
                    os.pwrite(fd, info.encode("utf-8", "replace"), 0)
                except OSError:  # a full disk: the lock holds all the same, only unnamed
                    pass
            hold.fd = fd
        hold.count += 1
        try:
            yield
        finally:
            hold.count -= 1
            if hold.count == 0 and hold.fd is not None:
                fd, hold.fd = hold.fd, None
                try:
                    if not path.is_dir():
                        os.ftruncate(fd, 0)
                except OSError:
                    pass
                fcntl.flock(fd, fcntl.LOCK_UN)
                os.close(fd)
    finally:
        hold.thread_lock.release()


def held(root: Path | str) -> bool:
    """Whether this process holds the repository lock now."""
    hold = _holds.get(str(lock_path(root)))
    return hold is not None and hold.count > 0
