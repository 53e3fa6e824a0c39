"""Working together through a shared Git remote: set-up, sync, status, fetch.

* `init` registers the merge driver in the clone's `.git/config` (Git never takes a driver from
  the repository itself) and commits the `.gitattributes` line that names it for plan files.
* `sync` commits nothing by itself: fetch, merge the upstream (plan files through the driver,
  entry by entry), validate the result, push; when the remote moved meanwhile, again (bounded).
  A conflict or an error leaves the repository merged and committed, or exactly as it was
  (`git merge --abort`, or back to the saved HEAD), and a message saying what to do.
* `resolutions` (a person's choices in the conflict screen) settle conflicts of a later sync.
* `status` says ahead / behind and what is not yet committed; `fetch` what colleagues pushed.

All through the `git` command (store/git.py), under the repository lock.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from ..text import t
from . import git
from .atomic import FileChange, write_change
from .files import digest
from .merge import MergeResult, Resolution, merge_texts, whole_file_conflict
from .repolock import RepoBusy, repo_lock
from .repository import municipality_of
from .session import Conflict

ATTRIBUTE = "plans/**/*.toml merge=verksam"
DRIVER_NAME = "verksam: sammanslagning per post och nyckel"
MAX_TRIES = 5


class SyncError(Exception):
    """Sync stopped; the message (Swedish) says what happened and what to do. The repository is
    as it was before the sync, or merged and committed."""


@dataclass
class SyncResult:
    state: str  # "up-to-date" | "merged" | "pushed" | "conflict"
    incoming: list[git.CommitInfo] = field(default_factory=list)
    pushed: int = 0
    conflicts: list[Conflict] = field(default_factory=list)
    tries: int = 1
    files: list[str] = field(default_factory=list)  # plan files the incoming changes touched


@dataclass
class RepoStatus:
    branch: str | None
    remote: str | None
    upstream: str | None
    ahead: int = 0
    behind: int = 0
    unsynced: list[str] = field(default_factory=list)  # plan files with uncommitted changes
    merging: bool = False
    unmerged: list[str] = field(default_factory=list)
    driver: bool = False


# ------------------------------------------------------------------ git plumbing


def _git(root: Path, *args: str, input: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    e = git._env()
    e["GIT_MERGE_AUTOEDIT"] = "no"
    if env:
        e.update(env)
    try:
        return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, input=input, env=e)
    except FileNotFoundError:
        raise SyncError(t("sync.no_git")) from None


def _last_line(p: subprocess.CompletedProcess) -> str:
    lines = [line for line in (p.stderr or p.stdout or "").strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else f"git exit {p.returncode}"


def _git_path(root: Path, name: str) -> Path:
    out = _git(root, "rev-parse", "--git-path", name).stdout.strip()
    return (root / out) if out and not os.path.isabs(out) else Path(out)


def branch(root: Path) -> str | None:
    p = _git(root, "symbolic-ref", "--quiet", "--short", "HEAD")
    return p.stdout.strip() or None if p.returncode == 0 else None


def remotes(root: Path) -> list[str]:
    return _git(root, "remote").stdout.split()


def upstream_of(root: Path, br: str | None) -> tuple[str | None, str | None, bool]:
    """(remote, upstream ref, tracking configured). Without tracking: the only remote, or origin."""
    if br is None:
        return None, None, False
    p = _git(root, "rev-parse", "--abbrev-ref", "--symbolic-full-name", "@{u}")
    if p.returncode == 0 and "/" in p.stdout.strip():
        remote = _git(root, "config", f"branch.{br}.remote").stdout.strip()
        return remote or p.stdout.strip().split("/")[0], p.stdout.strip(), True
    rs = remotes(root)
    remote = "origin" if "origin" in rs else (rs[0] if len(rs) == 1 else None)
    return remote, (f"{remote}/{br}" if remote else None), False


def _is_ancestor(root: Path, a: str, b: str) -> bool:
    return _git(root, "merge-base", "--is-ancestor", a, b).returncode == 0


def _count(root: Path, spec: str) -> int:
    p = _git(root, "rev-list", "--count", spec)
    return int(p.stdout.strip() or 0) if p.returncode == 0 else 0


def merging(root: Path) -> bool:
    return _git(root, "rev-parse", "-q", "--verify", "MERGE_HEAD").returncode == 0


def unmerged(root: Path) -> dict[str, dict[int, str]]:
    """Paths Git left unmerged: path → {stage: blob}; 1 the ancestor, 2 ours, 3 theirs."""
    out: dict[str, dict[int, str]] = {}
    for rec in _git(root, "ls-files", "-u", "-z").stdout.split("\0"):
        if not rec.strip():
            continue
        meta, path = rec.split("\t", 1)
        _mode, sha, stage = meta.split()
        out.setdefault(path, {})[int(stage)] = sha
    return out


# ------------------------------------------------------------------ set-up


def driver_command() -> str:
    """`verksam merge-file %O %A %B %P` when `verksam` on PATH is this installation, else this
    interpreter by its absolute path (so that Git finds the driver in every shell)."""
    here = Path(sys.executable).parent / "verksam"
    found = shutil.which("verksam")
    if found and here.exists() and Path(found).resolve() == here.resolve():
        return "verksam merge-file %O %A %B %P"
    return f"{shlex.quote(sys.executable)} -m verksam merge-file %O %A %B %P"


def driver_configured(root: Path) -> bool:
    p = _git(root, "config", "--get", "merge.verksam.driver")
    return p.returncode == 0 and "merge-file" in p.stdout


def register_driver(root: Path) -> None:
    _git(root, "config", "merge.verksam.name", DRIVER_NAME)
    _git(root, "config", "merge.verksam.driver", driver_command())


def lacks_driver(root: Path) -> bool:
    """A clone (a remote, or plan files marked merge=verksam) whose .git/config has no driver."""
    if not git.is_repo(root) or driver_configured(root):
        return False
    attrs = root / ".gitattributes"
    marked = attrs.is_file() and "merge=verksam" in attrs.read_text(encoding="utf-8", errors="replace")
    return marked or bool(remotes(root))


def init(root: Path) -> list[str]:
    """Make root a Git repository if it is not one, register the merge driver, and commit the
    .gitattributes line. Returns what was done (Swedish lines)."""
    root = Path(root)
    done = []
    if not git.is_repo(root):
        p = _git(root, "init", "-q", "-b", "main")
        if p.returncode:
            raise SyncError(t("sync.init.failed", error=_last_line(p)))
        done.append(t("sync.init.created", root=root))
    register_driver(root)
    done.append(t("sync.init.driver"))
    attrs = root / ".gitattributes"
    text = attrs.read_text(encoding="utf-8") if attrs.exists() else ""
    if ATTRIBUTE not in text.splitlines():
        with attrs.open("a", encoding="utf-8") as f:
            f.write(("" if not text or text.endswith("\n") else "\n") + ATTRIBUTE + "\n")
        done.append(t("sync.init.attributes"))
    if git.uncommitted(root, [".gitattributes"]):
        if git.identity(root) is None:
            raise SyncError(t("sync.no_identity"))
        _git(root, "add", "--", ".gitattributes")
        p = _git(root, "commit", "-q", "-m", t("sync.init.commit"), "--", ".gitattributes")
        if p.returncode:
            raise SyncError(t("sync.init.failed", error=_last_line(p)))
        done.append(t("sync.init.committed"))
    return done


# ------------------------------------------------------------------ status and fetch


def status(root: Path) -> RepoStatus:
    root = Path(root)
    if not git.is_repo(root):
        raise SyncError(t("sync.not_repo", root=root))
    br = branch(root)
    remote, up, _tracking = upstream_of(root, br)
    st = RepoStatus(br, remote, up)
    if up and git.rev_exists(root, up):
        p = _git(root, "rev-list", "--left-right", "--count", f"HEAD...{up}")
        if p.returncode == 0:
            a, b = p.stdout.split()
            st.ahead, st.behind = int(a), int(b)
    elif up and git.head(root):
        st.ahead = _count(root, "HEAD")
    st.unsynced = [f for f in git.uncommitted(root, ["plans"]) if f.endswith(".toml")]
    st.merging = merging(root)
    st.unmerged = sorted(unmerged(root))
    st.driver = driver_configured(root)
    return st


def fetch(root: Path) -> list[git.CommitInfo]:
    """Fetch quietly; the upstream's commits that HEAD does not have yet (newest first). Raises
    SyncError when there is no remote or it cannot be reached."""
    root = Path(root)
    remote, up, _ = upstream_of(root, branch(root))
    if remote is None:
        raise SyncError(t("sync.no_remote"))
    p = _git(root, "fetch", "--quiet", remote)
    if p.returncode:
        raise SyncError(t("sync.fetch_failed", remote=remote, error=_last_line(p)))
    if not up or not git.rev_exists(root, up):
        return []
    return git.log(root, rev=f"HEAD..{up}")


def has_remote(root: Path) -> bool:
    return git.is_repo(Path(root)) and bool(remotes(Path(root)))


# ------------------------------------------------------------------ sync


def sync(root: Path, resolutions: list[Resolution] | None = None, max_tries: int = MAX_TRIES) -> SyncResult:
    root = Path(root)
    if not git.is_repo(root):
        raise SyncError(t("sync.not_repo", root=root))
    try:
        with repo_lock(root, command="verksam sync"):  # no save or `set` in the middle of a merge
            if merging(root):  # a merge of one's own (git merge) that stopped: settle it first
                left = _finish_merge(root, list(resolutions or []))
                if left:
                    return SyncResult("conflict", conflicts=left)
            return _sync(root, list(resolutions or []), max_tries)
    except RepoBusy as e:
        raise SyncError(str(e)) from None


def _sync(root: Path, resolutions: list[Resolution], max_tries: int) -> SyncResult:
    br = branch(root)
    if br is None:
        raise SyncError(t("sync.detached"))
    remote, up, tracking = upstream_of(root, br)
    if remote is None or up is None:
        raise SyncError(t("sync.no_remote"))
    if git.identity(root) is None:
        raise SyncError(t("sync.no_identity"))
    if git.head(root) is None:
        raise SyncError(t("sync.no_commits"))
    result = SyncResult("up-to-date")
    files: set[str] = set()
    for attempt in range(1, max_tries + 1):
        result.tries = attempt
        p = _git(root, "fetch", "--quiet", remote)
        if p.returncode:
            raise SyncError(t("sync.fetch_failed", remote=remote, error=_last_line(p)))
        exists = git.rev_exists(root, up)
        if exists and not _is_ancestor(root, up, "HEAD"):
            before = git.head(root) or ""
            incoming = git.log(root, rev=f"HEAD..{up}")
            conflicts = _merge(root, up, before, resolutions)
            if conflicts:
                result.state, result.conflicts = "conflict", conflicts
                result.incoming, result.files = incoming, sorted(files)
                return result
            result.incoming += incoming
            files |= set(_changed(root, before, "HEAD"))
            result.state = "merged"
        result.files = sorted(files)
        ahead = _count(root, f"{up}..HEAD") if exists else _count(root, "HEAD")
        if ahead == 0:
            return result
        push = _git(root, "push", "--porcelain", *([] if tracking else ["-u"]), remote, f"HEAD:refs/heads/{br}")
        if push.returncode == 0:
            result.state, result.pushed = "pushed", ahead
            return result
        if _raced(push):
            tracking = tracking or bool(_git(root, "config", f"branch.{br}.remote").stdout.strip())
            continue  # the remote moved since our fetch: fetch, merge and push again
        raise SyncError(t("sync.push_refused", remote=remote, error=_remote_lines(push)))
    raise SyncError(t("sync.gave_up", n=max_tries))


def _raced(push: subprocess.CompletedProcess) -> bool:
    """Refused because the remote moved (since our fetch, or while we pushed), not by a hook."""
    out = (push.stdout or "") + (push.stderr or "")
    if "hook declined" in out:
        return False
    return any(w in out for w in ("[rejected]", "fetch first", "non-fast-forward", "cannot lock ref",
                                  "failed to update ref", "stale info"))


def _remote_lines(push: subprocess.CompletedProcess) -> str:
    lines = [line.strip() for line in (push.stderr or "").splitlines() if line.startswith("remote:")]
    lines = [line[len("remote:"):].strip() for line in lines if line[len("remote:"):].strip()]
    return "\n".join(lines) if lines else _last_line(push)


def _changed(root: Path, a: str, b: str) -> list[str]:
    out = _git(root, "diff", "--name-only", "--no-renames", a, b, "--", "plans/").stdout
    return sorted(line for line in out.splitlines() if line.endswith(".toml"))


def _merge(root: Path, up: str, before: str, resolutions: list[Resolution]) -> list[Conflict]:
    """Merge the upstream into HEAD. Returns the conflicts left (the repository is then back at
    `before`); raises SyncError (also back at `before`) when the merge cannot be made or does not
    validate."""
    p = _git(root, "merge", "--no-edit", "-q", up)
    if p.returncode != 0:
        if not merging(root):  # refused before it started (local changes in the way …)
            _restore(root, before)
            theirs = _git(root, "diff", "--name-only", "--no-renames", before, up).stdout.split()
            dirty = git.uncommitted(root, theirs) if theirs else []
            if dirty:
                raise SyncError(t("sync.dirty", files=", ".join(dirty)))
            raise SyncError(t("sync.merge_failed", error=_last_line(p)))
        try:
            conflicts = _finish_merge(root, resolutions)
        except SyncError:
            _abort(root, before)
            raise
        if conflicts:
            _abort(root, before)
            return conflicts
    bad = added_errors(root, before, up, "HEAD")
    if bad:
        _restore(root, before)
        raise SyncError(t("sync.invalid", problems="\n".join(p.format() for p in bad[:5])))
    return []


def _abort(root: Path, before: str) -> None:
    _git(root, "merge", "--abort")
    if merging(root) or git.head(root) != before:
        _git(root, "reset", "-q", "--merge", before)


def _restore(root: Path, before: str) -> None:
    if git.head(root) != before:
        p = _git(root, "reset", "-q", "--keep", before)
        if p.returncode:
            _git(root, "reset", "-q", "--merge", before)


def conflicts_in_progress(root: Path, resolutions: list[Resolution] | None = None
                          ) -> tuple[list[Conflict], dict[str, str | None], list[str]]:
    """The conflicts of a merge Git left unfinished (by sync, or by a `git merge` of one's own),
    recomputed from Git's own record of the three versions. Returns (conflicts left, path → text
    for every file the resolutions settle, notes for the commit message)."""
    from .revisions import blobs

    stages = unmerged(root)
    shas = sorted({sha for st in stages.values() for sha in st.values()})
    texts = blobs(root, shas)
    conflicts: list[Conflict] = []
    settled: dict[str, str | None] = {}
    notes: list[str] = []
    res = list(resolutions or [])
    for path, st in sorted(stages.items()):
        whole = next((r for r in res if r.rel == path and tuple(r.path) == ()), None)
        ours, theirs = texts.get(st.get(2, "")), texts.get(st.get(3, ""))
        result: MergeResult | None = None
        if path.startswith("plans/") and path.endswith(".toml") and ours is not None and theirs is not None:
            try:
                result = merge_texts(root, path, texts.get(st.get(1, "")) or "", ours, theirs, res)
            except ValueError:
                result = None
        if result is not None and result.clean:
            settled[path] = result.text
            notes += [t("sync.note", file=path, what=".".join(map(str, c.path)), keep=_kept(c, keep))
                      for c, keep in result.resolved]
            continue
        if result is not None and not result.refused:
            conflicts += result.as_conflicts()
            continue
        if whole is not None:
            settled[path] = ours if whole.keep == "mine" else theirs  # None: that side removed the file
            notes.append(t("sync.note_file", file=path, keep=t("sync.mine" if whole.keep == "mine" else "sync.theirs")))
            continue
        why = "; ".join(result.refused[:2]) if result is not None else t("sync.whole_file")
        conflicts.append(whole_file_conflict(path, why, ours is not None, theirs is not None))
    return conflicts, settled, notes


def _kept(c, keep: str) -> str:
    from .merge import describe

    mine, theirs = describe(c.ours), describe(c.theirs)
    return t("sync.kept_mine", mine=mine, theirs=theirs) if keep == "mine" else t("sync.kept_theirs", mine=mine, theirs=theirs)


def _finish_merge(root: Path, resolutions: list[Resolution]) -> list[Conflict]:
    """Settle an unfinished merge with the resolutions and commit it; the conflicts left when
    some remain (nothing is then written)."""
    conflicts, settled, notes = conflicts_in_progress(root, resolutions)
    if conflicts:
        return conflicts
    writes = []
    for path, text in settled.items():
        if text is None:
            _git(root, "rm", "-q", "--", path)
            continue
        try:
            base = digest((root / path).read_bytes())
        except FileNotFoundError:
            base = None
        writes.append(FileChange(path, base, text.encode("utf-8")))
    if writes:  # through the one write path (atomic, recoverable); the merge commit is Git's own
        write_change(root, writes, "", commit=False)
        _git(root, "add", "--", *[w.rel for w in writes])
    msg_file = _git_path(root, "MERGE_MSG")
    message = msg_file.read_text(encoding="utf-8") if msg_file.exists() else "Merge"
    message = "\n".join(line for line in message.splitlines() if not line.startswith("#")).strip()
    if notes:
        message += "\n\n" + t("sync.resolved_head") + "\n" + "\n".join(f"- {n}" for n in notes)
    p = _git(root, "commit", "-q", "--no-verify", "-F", "-", input=message + "\n")
    if p.returncode:
        raise SyncError(t("sync.commit_failed", error=_last_line(p)))
    return []


def resolutions_from(choices: list[tuple[Conflict, str]]) -> list[Resolution]:
    """The conflict screen's choices ((Conflict, "mine" | "theirs")) as resolutions for sync."""
    out = []
    for c, keep in choices:
        ch = c.change
        out.append(Resolution(ch.rel, tuple(ch.path), None if ch.removes else ch.new, c.theirs, keep))
    return out


def added_errors(root: Path, ours: str, theirs: str, merged: str) -> list:
    """Errors of the merged commit that neither parent had, in the municipalities it changed."""
    from .revisions import municipality_texts, problems_of_texts

    changed = set(_changed(root, ours, merged)) | set(_changed(root, theirs, merged))
    munis = {municipality_of(f) for f in changed} - {""}
    if not munis:
        return []
    after = [p for p in problems_of_texts(municipality_texts(root, merged, munis)) if p.severity == "error"]
    if not after:
        return []
    known = set()
    for rev in (ours, theirs):
        known |= {(p.file, p.message) for p in problems_of_texts(municipality_texts(root, rev, munis))
                  if p.severity == "error"}
    return [p for p in after if (p.file, p.message) not in known]
