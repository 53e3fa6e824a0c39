"""Finding the plans repository from wherever the user stands, as git finds its work tree.

A plans repository is a folder with a `plans/` folder in it. Every command starts at `--repo DIR`
(default: the current folder) and walks up to the first folder that has `plans/`; it does not
walk out of a Git work tree that has none (a subfolder of some other repository is not inside a
plans repository just because a folder above that repository has `plans/`).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..text import t
from .errors import RepoError


def check_root(root: Path) -> None:
    """RepoError unless `root` is a folder with `plans/` in it."""
    if not root.is_dir():
        raise RepoError(t("store.repo.no_folder", root=str(root)))
    if not (root / "plans").is_dir():
        raise RepoError(t("store.repo.not_plans", root=str(root)))


def find_root(start: Path | str = ".") -> Path:
    """The plans repository `start` is in (itself or the nearest folder above with `plans/`)."""
    here = Path(start).expanduser().resolve()
    if not here.is_dir():
        raise RepoError(t("store.root.no_folder", path=here))
    for folder in (here, *here.parents):
        if (folder / "plans").is_dir():
            return folder
        if (folder / ".git").exists():  # the top of a Git work tree without plans/: stop here
            break
    raise RepoError(t("store.root.not_plans", path=here))


def repo_relative(root: Path, file: str | Path, cwd: Path | None = None) -> str:
    """A FILE a user gave as a repository path (`plans/…`, the contract's form) or as a path from
    the current folder (an absolute path, or `2025-04.toml` typed in a subfolder), as the path
    relative to the repository root. Raises ValueError when it is outside the repository."""
    root = Path(root).resolve()
    p = Path(file)
    if not p.is_absolute():
        if (root / p).exists() or not (Path(cwd or Path.cwd()) / p).exists():
            return p.as_posix()
        p = Path(cwd or Path.cwd()) / p
    # lexically, never through a link: a linked file or folder stays a link for `confine` to refuse
    # for writing (resolving it here would write to its target)
    return Path(os.path.normpath(p)).relative_to(root).as_posix()
