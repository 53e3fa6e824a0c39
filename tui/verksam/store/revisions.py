"""Plans at a Git revision: the workspace as it was, and the files one item lives in.

Store code: it may run git. The analysis compares what these return (tui/verksam/analysis/diff.py).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..model.build import build_workspace
from ..model.entities import Workspace
from . import git
from .files import Unreadable, digest, discover, parse_text, read_plan_bytes


class RevisionError(Exception):
    """A revision that does not exist, or a folder that is not a Git repository."""


@dataclass(slots=True)
class RevisionState:
    rev: str
    sha: str
    workspace: Workspace
    digests: dict[str, str]


def resolve(root: Path, rev: str) -> str:
    """The commit id a revision names; RevisionError when there is none."""
    root = Path(root)
    if not git.is_repo(root):
        raise RevisionError(f"{root} is not a Git repository")
    if not git.rev_exists(root, rev):
        raise RevisionError(f"no such revision: {rev}")
    return git.run(root, "rev-parse", "--verify", f"{rev}^{{commit}}").strip()


def workspace_from_texts(texts: dict[str, str]) -> Workspace:
    files = []
    for rel, text in sorted(texts.items()):
        data, _problems = parse_text(rel, text)
        if data is not None:
            files.append((rel, data))
    return build_workspace(files)


def load_revision(root: Path, rev: str) -> RevisionState:
    """Every plan file at a revision (one `cat-file --batch`), parsed and built."""
    root = Path(root)
    sha = resolve(root, rev)
    texts = git.files_at(root, sha)
    return RevisionState(rev, sha, workspace_from_texts(texts),
                         {rel: digest(t.encode("utf-8")) for rel, t in texts.items()})


def blobs(root: Path, specs: list[str]) -> dict[str, str | None]:
    """The text of each `REV:PATH` in one `git cat-file --batch` call (None where missing)."""
    if not specs:
        return {}
    p = subprocess.run(["git", "cat-file", "--batch"], cwd=root, capture_output=True, env=git._env(),
                       input="".join(f"{s}\n" for s in specs).encode())
    data, pos, out = p.stdout, 0, {}
    for spec in specs:
        end = data.index(b"\n", pos)
        header = data[pos:end].split()
        if len(header) < 3 or header[-1] == b"missing" or header[1] != b"blob":
            out[spec] = None
            pos = end + 1
            continue
        size = int(header[2])
        out[spec] = data[end + 1 : end + 1 + size].decode("utf-8", "replace")
        pos = end + 1 + size + 1
    return out


def files_with_id(root: Path, item_id: str, rev: str = "HEAD", under: str = "plans/") -> list[str]:
    """Plan files that hold an entry with this id, at a revision and in the work tree; `under`
    (a folder such as plans/<municipality>/) narrows both searches to that folder."""
    root = Path(root)
    pattern = f'id = "{item_id}"'
    found: set[str] = set()
    under = under.rstrip("/") + "/"
    try:
        out = git.run(root, "grep", "-l", "-F", pattern, rev, "--", under, check=False)
        found |= {line.split(":", 1)[1] for line in out.splitlines() if ":" in line}
    except git.GitError:
        pass
    if (root / "plans").is_dir():
        for rel in discover(root):
            if not rel.startswith(under):
                continue
            try:  # the safe read of every plan file: no FIFO, device or link is opened
                if pattern in read_plan_bytes(root, rel).decode("utf-8"):
                    found.add(rel)
            except (OSError, Unreadable, UnicodeDecodeError):
                continue
    return sorted(found)


@dataclass(slots=True)
class HistoryStep:
    commit: git.CommitInfo
    parent: str | None
    before: Workspace
    after: Workspace


def item_history(root: Path, item_id: str, limit: int | None = None, paths: list[str] | None = None,
                 under: str = "plans/") -> list[HistoryStep]:
    """For each commit that touched a file holding the id (newest first): the workspace built from
    those files before and after it. Only those files are read, in one batch. `paths` names the
    files to follow (an entry's own document: the app's "last set" lines), else every file under
    `under` that holds the id is found by `git grep`."""
    root = Path(root)
    if not git.is_repo(root):
        raise RevisionError(f"{root} is not a Git repository")
    paths = sorted(set(paths)) if paths else files_with_id(root, item_id, under=under)
    if not paths:
        return []
    commits = git.log(root, paths=paths, limit=limit)
    parents: dict[str, str | None] = {}
    if commits:  # every commit's first parent in one git call
        for line in git.run(root, "rev-list", "--parents", "--no-walk=unsorted",
                            *[c.sha for c in commits]).splitlines():
            f = line.split()
            if f:
                parents[f[0]] = f[1] if len(f) > 1 else None
    revs = {c.sha for c in commits} | {p for p in parents.values() if p}
    specs = [f"{r}:{p}" for r in sorted(revs) for p in paths]
    texts = blobs(root, specs)

    def ws_at(rev: str | None) -> Workspace:
        if rev is None:
            return Workspace()
        return workspace_from_texts({p: t for p in paths if (t := texts.get(f"{rev}:{p}")) is not None})

    cache: dict[str | None, Workspace] = {}
    steps = []
    for c in commits:
        par = parents.get(c.sha)
        for r in (c.sha, par):
            if r not in cache:
                cache[r] = ws_at(r)
        steps.append(HistoryStep(c, par, cache[par], cache[c.sha]))
    return steps


def changed_plan_files(root: Path, old_sha: str, new_sha: str) -> list[str]:
    """Plan files that differ between two commits (added, removed or changed)."""
    out = git.run(Path(root), "diff", "--name-only", "--no-renames", old_sha, new_sha, "--", "plans/")
    return sorted(line for line in out.splitlines() if line.endswith(".toml"))


def _context(paths: list[str], listing: set[str]) -> set[str]:
    """The files a diff of these files needs: the files themselves and their municipality's own
    files (units, goals, indicator definitions: names and numbers). A file that is the same in both
    revisions adds no difference, even when it is another part of a changed document."""
    need = set(paths)
    munis = {"/".join(rel.split("/")[:2]) + "/" for rel in paths if rel.count("/") >= 2}
    for other in listing:
        for muni in munis:
            if other.startswith(muni):
                rest = other[len(muni):].split("/")
                if len(rest) == 1 or rest[0] in ("goals", "indicators"):
                    need.add(other)
    return need


def load_changed(root: Path, old: str, new: str) -> tuple[RevisionState, RevisionState, list[str]]:
    """Both revisions, but only the documents whose files differ between them (with what they
    need). A revision diff then costs what changed, not the size of the repository."""
    root = Path(root)
    old_sha, new_sha = resolve(root, old), resolve(root, new)
    changed = changed_plan_files(root, old_sha, new_sha)
    states = []
    for rev, sha in ((old, old_sha), (new, new_sha)):
        listing = set(git.run(root, "ls-tree", "-r", "--name-only", sha, "--", "plans/").splitlines())
        need = sorted(_context(changed, listing) & listing)
        texts = {p.split(":", 1)[1]: t for p, t in blobs(root, [f"{sha}:{p}" for p in need]).items() if t is not None}
        states.append(RevisionState(rev, sha, workspace_from_texts(texts),
                                    {rel: digest(t.encode("utf-8")) for rel, t in texts.items()}))
    return states[0], states[1], changed


def problems_of_texts(texts: dict[str, str]) -> list:
    """Every problem `validate` finds in these files (path → text) as if they were the repository:
    syntax, schema, layout and the checks across files, located by line. For trees that are not
    checked out: a revision, a pushed commit in a server's hook."""
    from . import schemas
    from .locate import Locator
    from .validate import check_workspace

    problems = []
    files = []
    for rel, text in sorted(texts.items()):
        data, probs = parse_text(rel, text)
        if data is not None:
            probs += schemas.check(rel, text, data)
            files.append((rel, data))
        problems += probs
    ws = build_workspace(files)
    locators: dict = {}

    def locate(src, key=None, is_key=False):
        loc = locators.get(src.file)
        if loc is None:
            loc = locators[src.file] = Locator(texts.get(src.file, ""))
        return loc.line_col(src.path + ((key,) if key is not None else ()), key=is_key)

    problems += check_workspace(ws, locate)
    problems.sort(key=lambda p: p.sort_key)
    return problems


def municipality_texts(root: Path, rev: str, municipalities: set[str]) -> dict[str, str]:
    """The plan files of these municipalities at a revision (one `cat-file --batch` each)."""
    out: dict[str, str] = {}
    for m in sorted(x for x in municipalities if x):
        out.update(git.files_at(Path(root), rev, prefix=f"plans/{m}/"))
    return out
