"""Opening a plans repository from wherever the user stands (store/root.py does the walking), and
the store's refusals that both shells turn into messages."""

from __future__ import annotations

from pathlib import Path

from ..store.git import GitError
from ..store.paths import PathRefused
from ..store.repository import PlanRepository, RepoError
from ..store.root import find_root, repo_relative
from ..store.writer import WriteRefused

__all__ = ["GitError", "PathRefused", "RepoError", "WriteRefused", "create_demo", "find_root", "open_root",
           "repo_relative"]


def open_root(path: Path | str) -> Path:
    """The plans repository's top folder as an absolute path; RepoError when it is not one."""
    repo = PlanRepository(path)
    repo.check_root()
    return repo.root


def create_demo(target: Path) -> bool:
    """The demo workspace in `target` (a Git repository with the real documents); False when it
    was already there."""
    from ..store.demo import create_demo as make

    return make(target)
