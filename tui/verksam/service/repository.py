"""Opening a plans repository from wherever the user stands (store/root.py does the walking), and
the store's refusals that both shells turn into messages. Light on purpose: every command imports
it (`verksam set` must not load the whole store to start)."""

from __future__ import annotations

from pathlib import Path

from ..store.errors import RepoError, WriteRefused
from ..store.git import GitError
from ..store.paths import PathRefused
from ..store.root import check_root, find_root, repo_relative

__all__ = ["GitError", "PathRefused", "RepoError", "WriteRefused", "create_demo", "find_root", "open_root",
           "repo_relative"]


def open_root(path: Path | str) -> Path:
    """The plans repository's top folder as an absolute path; RepoError when it is not one."""
    root = Path(path).resolve()
    check_root(root)
    return root


def create_demo(target: Path) -> bool:
    """The demo workspace in `target` (a Git repository with the real documents); False when it
    was already there."""
    from ..store.demo import create_demo as make

    return make(target)
