"""Writing a change of one or more files all or nothing, and finishing or undoing one that was
interrupted (a kill, a crash, a full disk).

`write_change` runs under the repository lock (`verksam.store.repolock`), after the editing session
has checked and rendered the new texts:

1. every file must still be exactly what the session read (or absent, for a new file);
2. an intent record (`.git/verksam/intent.json`) says what is about to happen;
3. each new text goes to a temporary file beside its file (`.NAME.verksam-PID.tmp`), fsynced;
   a full disk fails here, with nothing changed;
4. each original is kept as a hard link (`.NAME.verksam-PID.orig`: no data copied, no space
   needed) and the temporary file is renamed over the file; each is read back and compared;
5. when committing: a commit of exactly these paths (a temporary index), checked in HEAD;
6. the kept originals and the intent record are removed.

When anything fails after step 4, each original is renamed back (a rename needs no free space),
so the message can say that the files are as they were. When the process is killed, the next
writer (under the same lock) calls `recover`: a change whose commit is in HEAD is finished, any
other is undone, from the intent record; verksam's own temporary files are removed, and a
`.git/index.lock` is named with what to do.
"""

from __future__ import annotations

import errno
import json
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path

from ..text import t
from . import git
from .errors import WriteRefused
from .files import digest
from .repolock import git_dir, state_dir
from .paths import confine


class ChangedOnDisk(WriteRefused):
    """The file changed on disk since it was read."""


class CommitRefused(WriteRefused):
    """Git refused the commit (a hook, signing, a full disk); the files were put back as they were."""


class GitLocked(WriteRefused):
    """A `.git/index.lock` is in the way: another git is running, or a killed one left it."""


INTENT = "intent.json"
TMP_RE = re.compile(r"^\..+\.verksam-\d+\.(tmp|orig)$")
OLD_TMP_RE = re.compile(r"^\..+\.toml\.[A-Za-z0-9_]{8}\.tmp$")  # what earlier versions left (mkstemp)


@dataclass(frozen=True, slots=True)
class FileChange:
    rel: str
    base: str | None  # digest of the content it was read with; None: the file must not exist
    new: bytes


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError:  # pragma: no cover - some file systems refuse directory fsync
        pass


def _write_file(path: Path, data: bytes, mode: int) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC | os.O_NOFOLLOW, mode)
    try:
        view = memoryview(data)
        while view:
            n = os.write(fd, view)
            view = view[n:]
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(path, mode)


def _side(path: Path, what: str, pid: int | None = None) -> Path:
    return path.parent / f".{path.name}.verksam-{pid or os.getpid()}.{what}"


def _intent_path(root: Path) -> Path:
    return state_dir(root) / INTENT


def _write_intent(root: Path, record: dict) -> None:
    folder = state_dir(root)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / INTENT
    tmp = folder / f"{INTENT}.{os.getpid()}.tmp"
    tmp.unlink(missing_ok=True)
    try:
        _write_file(tmp, json.dumps(record, ensure_ascii=False, indent=1).encode("utf-8"), 0o644)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    _fsync_dir(folder)


def _drop_intent(root: Path) -> None:
    _intent_path(root).unlink(missing_ok=True)
    _fsync_dir(state_dir(root))
    try:
        state_dir(root).rmdir()  # outside Git it is plans/.verksam: leave no trace
    except OSError:
        pass


_GIT_NO_SPACE = re.compile(r"(?i)no space left|out of diskspace|disk quota|file too large")


def _reason(e: Exception, root: Path | None = None) -> str:
    if isinstance(e, OSError):
        if e.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            return t("store.write.no_space")
        return e.strerror or str(e)
    said = getattr(e, "stderr", "") or str(e)
    if _GIT_NO_SPACE.search(said):  # git's own words for a full disk
        return f"{t('store.write.no_space')}: {e}"
    if _GIT_WRITE_FAILED.search(said) and root is not None and _nearly_full(root):
        return f"{t('store.write.no_space')}: {e}"  # git could not write a lock file and did not say why
    return str(e)


_GIT_WRITE_FAILED = re.compile(r"(?i)(couldn't|could not|unable to|cannot|failed to) (write|create|update)")


def _nearly_full(root: Path) -> bool:
    try:
        st = os.statvfs(git_dir(root) or root)
    except OSError:
        return False
    return st.f_bavail * st.f_frsize < 64 * 1024


def check_index_lock(root: Path) -> None:
    """A git lock a commit would run into (the index, HEAD, the current branch), named with what to
    do: a git killed in the middle of its commit leaves HEAD.lock or the branch's lock behind."""
    gd = git_dir(root)
    if gd is None:
        return
    locks = [gd / "index.lock", gd / "HEAD.lock"]
    try:
        head = (gd / "HEAD").read_text(encoding="utf-8").strip()
    except OSError:
        head = ""
    if head.startswith("ref: refs/heads/"):
        locks.append(gd / (head[5:] + ".lock"))
    for lock in locks:
        if lock.exists():
            raise GitLocked(t("store.write.index_lock", path=str(lock)))


def write_change(root: Path, changes: list[FileChange], message: str, commit: bool) -> str | None:
    """Write the files (and commit them when `commit`); all or nothing. Returns the commit id.
    The caller holds the repository lock and has checked the texts. Raises WriteRefused (or a
    subclass) with a message saying what state the files are in."""
    root = Path(os.path.realpath(root))
    rels = [c.rel for c in changes]
    paths = {c.rel: confine(root, c.rel, write=True) for c in changes}
    for c in changes:
        p = paths[c.rel]
        if c.base is None:
            if os.path.lexists(p):
                raise ChangedOnDisk(t("store.write.exists", file=c.rel))
        else:
            try:
                now = digest(p.read_bytes())
            except FileNotFoundError:
                now = None
            if now != c.base:
                raise ChangedOnDisk(t("store.write.changed_on_disk", file=c.rel))
    if commit:
        check_index_lock(root)
    pid = os.getpid()
    record = {
        "pid": pid, "started": time.time(), "commit": commit, "message": message.splitlines()[0] if message else "",
        "files": [{"rel": c.rel, "new": digest(c.new), "base": c.base, "tmp": _side(paths[c.rel], "tmp").name,
                   "orig": _side(paths[c.rel], "orig").name} for c in changes],
    }
    try:
        _write_intent(root, record)
    except OSError as e:
        raise WriteRefused(t("store.write.failed_unchanged", files=", ".join(rels), reason=_reason(e))) from None

    # 3. every new text in a temporary file first: a full disk stops here, nothing changed
    tmps: list[Path] = []
    try:
        for c in changes:
            p = paths[c.rel]
            p.parent.mkdir(parents=True, exist_ok=True)
            mode = stat.S_IMODE(p.stat().st_mode) if c.base is not None else 0o644
            tmp = _side(p, "tmp")
            tmp.unlink(missing_ok=True)
            tmps.append(tmp)
            _write_file(tmp, c.new, mode)
    except OSError as e:
        for tmp in tmps:
            tmp.unlink(missing_ok=True)
        _drop_intent(root)
        raise WriteRefused(t("store.write.failed_unchanged", files=", ".join(rels), reason=_reason(e))) from None

    # 4. keep each original (a hard link: no space needed), rename the new text in, read it back
    done: list[FileChange] = []
    try:
        for c in changes:
            p = paths[c.rel]
            if c.base is not None:
                orig = _side(p, "orig")
                orig.unlink(missing_ok=True)
                os.link(p, orig)
            done.append(c)
            os.replace(_side(p, "tmp"), p)
            _fsync_dir(p.parent)
        for c in changes:
            if paths[c.rel].read_bytes() != c.new:
                raise WriteRefused(t("store.write.readback", file=c.rel))
    except (OSError, WriteRefused) as e:
        _undo(root, paths, done)
        for tmp in tmps:
            tmp.unlink(missing_ok=True)
        _drop_intent(root)
        reason = _reason(e) if isinstance(e, OSError) else str(e)
        raise WriteRefused(t("store.write.failed_restored", files=", ".join(rels), reason=reason)) from None

    # 5. the commit of exactly these paths, checked in HEAD
    sha = None
    if commit:
        try:
            refresh = git.commit(root, rels, message, state_dir(root), new=[c.rel for c in changes if c.base is None])
        except (git.GitError, OSError) as e:
            _undo(root, paths, changes)
            _drop_intent(root)
            reason = _reason(e, root)
            raise CommitRefused(t("store.write.commit_refused", files=", ".join(rels), reason=reason)) from None
        sha, in_head = git.committed(root, rels)  # (failing, the intent record lets the next writer finish)
        # the files still hold what we wrote and HEAD has exactly that (hashed as Git does); where
        # not (a filter, a hook's change), Git's own hash of the files decides
        if any(_read_or_none(paths[c.rel]) != c.new or in_head.get(c.rel) != git.blob_id(c.new, in_head.get(c.rel, ""))
               for c in changes):
            on_disk = git.work_blob_ids(root, rels)
            if any(in_head.get(r) is None or in_head.get(r) != on_disk.get(r) for r in rels):
                # a hook changed the files after the commit: the commit stands, but say so
                _finish(root, paths, changes)
                raise WriteRefused(t("store.write.commit_differs", files=", ".join(rels), sha=sha[:10]))
        if refresh:
            try:
                git.refresh_index(root, rels)
            except git.GitError:  # someone's git holds .git/index.lock: the next writer refreshes it
                _finish(root, paths, changes, keep_intent=True)
                return sha
    _finish(root, paths, changes)
    return sha


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _undo(root: Path, paths: dict[str, Path], done: list[FileChange]) -> None:
    """Put the files back: each kept original renamed over (no free space needed); a new file removed."""
    for c in reversed(done):
        p = paths[c.rel]
        if c.base is None:
            try:
                if digest(p.read_bytes()) == digest(c.new):
                    p.unlink()
            except FileNotFoundError:
                pass
        else:
            orig = _side(p, "orig")
            if orig.exists():
                os.replace(orig, p)
        _side(p, "tmp").unlink(missing_ok=True)
        _fsync_dir(p.parent)


def _finish(root: Path, paths: dict[str, Path], changes: list[FileChange], keep_intent: bool = False) -> None:
    for c in changes:
        _side(paths[c.rel], "orig").unlink(missing_ok=True)
        _side(paths[c.rel], "tmp").unlink(missing_ok=True)
    if not keep_intent:
        _drop_intent(root)


def recover(root: Path) -> list[str]:
    """Finish or undo a change a killed writer left (the caller holds the repository lock, so no
    writer is running); remove verksam's own temporary files. Returns what was done, one line
    each, for the user."""
    root = Path(os.path.realpath(root))
    said: list[str] = []
    ip = _intent_path(root)
    gd = git_dir(root)
    if ip.exists():
        try:
            record = json.loads(ip.read_text(encoding="utf-8"))
            files = record["files"]
        except (OSError, ValueError, KeyError, TypeError):
            record, files = None, []
        if record is not None:  # we hold the lock: its writer is gone
            said += _recover_record(root, record, files)
        ip.unlink(missing_ok=True)
    if gd is not None:
        for stale in (state_dir(root) / "index", state_dir(root) / "index.lock",
                      *state_dir(root).glob("tree-*.tmp")):  # (git.commit's trees, written for hash-object)
            stale.unlink(missing_ok=True)
        for stale in gd.glob("next-index-*.lock"):  # the temporary index of a killed `git commit --only`
            if not _alive(stale.name[len("next-index-"):-len(".lock")]):
                stale.unlink(missing_ok=True)
    if state_dir(root).is_dir():  # an intent record killed while being written
        for stale in state_dir(root).glob(f"{INTENT}.*.tmp"):
            stale.unlink(missing_ok=True)
    return said


def _alive(pid: str) -> bool:
    """Whether the git process of that id is running (True when that cannot be told: its file is
    then kept). A zombie is not running (a container's init may never reap a killed git whose
    parent died with it), nor is another program that got the id since."""
    try:
        stat = Path(f"/proc/{int(pid)}/stat").read_text()
    except ValueError:
        return True
    except FileNotFoundError:
        return False
    except OSError:
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            return False
        except OSError:
            return True
        return True
    comm, _, rest = stat.partition("(")[2].rpartition(")")
    state = rest.split()[0] if rest.split() else ""
    return state not in ("Z", "X") and comm.startswith("git")


def _recover_record(root: Path, record: dict, files: list[dict]) -> list[str]:
    said = []
    rels = [f["rel"] for f in files]
    paths = {}
    for f in files:
        try:
            paths[f["rel"]] = confine(root, f["rel"], write=True)
        except Exception:  # a record naming something outside plans/ is not ours to act on
            return []
    pid = record.get("pid")
    state = {}
    for f in files:
        p = paths[f["rel"]]
        try:
            d = digest(p.read_bytes())
        except FileNotFoundError:
            d = None
        state[f["rel"]] = "new" if d == f["new"] else "old" if d == f["base"] else "other"
    committed = False
    if record.get("commit") and git_dir(root) is not None and git.head(root) is not None:
        in_head = git.blob_ids(root, "HEAD", rels)
        on_disk = git.work_blob_ids(root, [r for r in rels if state[r] == "new"])
        committed = all(state[r] == "new" and in_head.get(r) == on_disk.get(r) for r in rels)
    finish = committed or (not record.get("commit") and all(s == "new" for s in state.values()))
    for f in files:
        p = paths[f["rel"]]
        tmp = p.parent / f["tmp"]
        orig = p.parent / f["orig"]
        tmp.unlink(missing_ok=True)
        if finish:
            orig.unlink(missing_ok=True)
        elif state[f["rel"]] == "new":
            if f["base"] is None:
                p.unlink(missing_ok=True)
            elif orig.exists():
                os.replace(orig, p)
        elif state[f["rel"]] == "other":
            if orig.exists():  # changed by someone since: keep theirs, and the original beside it
                said.append(t("store.recover.other", file=f["rel"], orig=orig.name))
                continue
        else:
            orig.unlink(missing_ok=True)
        _fsync_dir(p.parent)
    if committed:
        try:
            git.refresh_index(root, rels)
        except git.GitError:
            check_index_lock(root)
            raise
        said.append(t("store.recover.finished", files=", ".join(rels), pid=pid))
    elif finish:
        said.append(t("store.recover.finished_nocommit", files=", ".join(rels), pid=pid))
    else:
        said.append(t("store.recover.undone", files=", ".join(rels), pid=pid))
    return said


def remove_stale_temporaries(root: Path, folders: list[Path]) -> list[str]:
    """verksam's own temporary files in these folders (the caller holds the lock: no writer is
    running, so every one is left over from a killed writer)."""
    gone = []
    for folder in folders:
        try:
            names = os.listdir(folder)
        except OSError:
            continue
        for name in names:
            if TMP_RE.match(name) or OLD_TMP_RE.match(name):
                p = folder / name
                if p.is_symlink() or not p.is_file():
                    continue
                if name.endswith(".orig"):
                    continue  # an original kept by an interrupted change: only its record may act on it
                p.unlink(missing_ok=True)
                gone.append(p.relative_to(root).as_posix())
    return gone
