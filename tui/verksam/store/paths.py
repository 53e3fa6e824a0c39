"""Where verksam may read plans and write: the repository's `plans/` folder, nothing else.

`confine(root, rel)` is the one check, used by every reader of plan files and by the one write
path: the path is resolved (`realpath`) and must lie under the repository's `plans/`. For writing
(`write=True`) no part of it inside `plans/` may be a symbolic link: a link is never followed to
write, and a linked plan file is never replaced by a plain file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path, PurePosixPath

from ..text import t


class PathRefused(Exception):
    """The path is outside the repository's plans/ or goes through a symbolic link (for writing).
    `outside` is True when it is not a plan path at all (wrong usage), False for a link."""

    def __init__(self, message: str, outside: bool = True):
        super().__init__(message)
        self.outside = outside


def municipality_of(rel: str) -> str:
    """The municipality folder of a path under plans/ ("" for a file directly in plans/)."""
    parts = rel.split("/")
    return parts[1] if len(parts) > 2 else ""


def plans_root(root: Path | str) -> Path:
    return Path(os.path.realpath(root)) / "plans"


def confine(root: Path | str, rel: str | os.PathLike, write: bool = False) -> Path:
    """The real path of `rel` (relative to the repository root, or absolute), refused unless it
    lies under `root/plans/`. With write=True also refused when any part of it below plans/
    (folders or the file itself) is a symbolic link. The file need not exist."""
    real_root = Path(os.path.realpath(root))
    plans = real_root / "plans"
    given = Path(rel)
    shown = given.as_posix()
    if not given.is_absolute():
        parts = PurePosixPath(shown).parts
        if ".." in parts:
            raise PathRefused(t("store.path.outside", path=shown))
        given = real_root / given
    else:  # an absolute path must name the repository as it is or as resolved
        try:
            given = real_root / given.relative_to(Path(os.path.abspath(root)))
        except ValueError:
            pass
    real = Path(os.path.realpath(given))
    if real != plans and plans not in real.parents:
        raise PathRefused(t("store.path.outside", path=shown))
    if write:
        try:
            inside = given.relative_to(real_root)
        except ValueError:
            raise PathRefused(t("store.path.outside", path=shown)) from None
        if not inside.parts or inside.parts[0] != "plans":
            raise PathRefused(t("store.path.outside", path=shown))
        node = real_root
        for part in inside.parts:
            node = node / part
            try:
                st = os.lstat(node)
            except FileNotFoundError:
                break  # to be created: nothing further down exists either
            if stat.S_ISLNK(st.st_mode):
                raise PathRefused(t("store.path.symlink", path=shown, link=node.relative_to(real_root).as_posix()),
                                  outside=False)
        if real.exists() and not real.is_file():
            raise PathRefused(t("store.path.not_file", path=shown), outside=False)
    return real


def relative(root: Path | str, path: Path | str) -> str:
    """A confined real path as the repository-relative posix path verksam uses for it."""
    return Path(path).relative_to(os.path.realpath(root)).as_posix()
