"""Opening a plans repository from wherever the user stands (store/root.py does the walking)."""

from __future__ import annotations

from ..store.errors import RepoError
from ..store.root import find_root, repo_relative

__all__ = ["RepoError", "find_root", "repo_relative"]
