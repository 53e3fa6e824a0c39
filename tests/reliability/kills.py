"""kill -9 at random points of `verksam set` (real processes), and what must hold after each:
the file is the old or the new version, HEAD has the change or not (and then exactly it), the
index is HEAD's or the one before, and the next `verksam set` succeeds and leaves nothing behind
(no temporary file, no lock, nothing staged or uncommitted). Used by the test and by the soak."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from tests.reliability.checks import clean_status, stale_files, values
from tests.reliability.workspace import PLAN, ROOT, git, key, set_command

ENV = {**os.environ, "PYTHONPATH": str(ROOT)}


@dataclass
class KillStats:
    kills: int = 0
    old: int = 0  # the file was the old version after the kill
    new: int = 0  # … the new one
    committed: int = 0  # the killed set's commit was in HEAD
    recovered_messages: int = 0  # the next set said it finished or undid an interrupted change
    git_locks: int = 0  # the next set named a lock a killed git left (group kills only)
    problems: list[str] = field(default_factory=list)


def _group_alive(pgid: int) -> bool:
    """Whether a process of this group is still running (zombies, which an init that does not
    reap may leave, do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return False
        return True
    for d in proc.iterdir():
        if not d.name.isdigit():
            continue
        try:
            stat = (d / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) ": state ppid pgrp …
        if int(fields[2]) == pgid and fields[0] != "Z":
            return True
    return False


def _wait_group(pgid: int, limit: float = 20.0) -> None:
    """Wait until no process of the killed set's group is left (an orphaned git finishing)."""
    end = time.monotonic() + limit
    while time.monotonic() < end and _group_alive(pgid):
        time.sleep(0.005)


def _blob(root: Path, spec: str) -> str | None:
    p = subprocess.run(["git", "rev-parse", "-q", "--verify", spec], cwd=root, capture_output=True, text=True)
    return p.stdout.strip() or None


def _run_set(root: Path, rnd: int) -> subprocess.CompletedProcess:
    return subprocess.run(set_command(root, 0, rnd, commit=True), cwd=ROOT, env=ENV, capture_output=True, text=True)


def _next_set(root: Path, rnd: int) -> tuple[int, str]:
    """The next `set` after a kill, in this process (the code `verksam set` runs): (0 or 1, its
    messages). In-process saves a Python start per round; the killed ones are real processes."""
    from verksam.service.setting import set_value
    from verksam.store.errors import WriteRefused

    k, v = key(0, rnd)
    try:
        res = set_value(root, PLAN, k, v, commit=True)
    except WriteRefused as e:
        return 1, str(e)
    return 0, "\n".join(res.recovered)


def kill_rounds(root: Path, rounds: int, seed: int, stats: KillStats | None = None, start: int = 1) -> KillStats:
    """`rounds` kills of `verksam set` in the repository made by make_workspace(writers=1)."""
    rng = random.Random(seed)
    stats = stats or KillStats()
    t0 = time.monotonic()
    first = _run_set(root, 0)
    assert first.returncode in (0,), first.stderr
    duration = time.monotonic() - t0
    for rnd in range(start, start + rounds):
        year = str(2000 + rnd)
        before_text = (root / PLAN).read_text(encoding="utf-8")
        before_head = git(root, "rev-parse", "HEAD").strip()
        whole_group = rnd % 3 == 0  # git's own children die too: it may leave its lock
        p = subprocess.Popen(set_command(root, 0, rnd, commit=True), cwd=ROOT, env=ENV, start_new_session=True,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.0, duration * 1.15))
        try:
            (os.killpg if whole_group else os.kill)(p.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        p.wait()
        _wait_group(p.pid)
        stats.kills += 1
        # the file: old or new, nothing else
        text = (root / PLAN).read_text(encoding="utf-8")
        expected_new = values(before_text)
        expected_new["ind0"][year] = {"target": rnd}
        if text == before_text:
            stats.old += 1
        elif values(text) == expected_new and len(text.splitlines()) == len(before_text.splitlines()) + 1:
            stats.new += 1
        else:
            import difflib

            diff = "\n".join(difflib.unified_diff(before_text.splitlines(), text.splitlines(), lineterm="", n=0))
            stats.problems.append(f"round {rnd}: the file is neither the old nor the new version:\n{diff}")
        # HEAD: unchanged, or one commit holding exactly this change
        head = git(root, "rev-parse", "HEAD").strip()
        if head != before_head:
            stats.committed += 1
            parent = git(root, "rev-parse", "HEAD^").strip()
            files = git(root, "show", "--format=", "--name-only", "HEAD").split()
            if parent != before_head or files != [PLAN] or values(git(root, "show", f"HEAD:{PLAN}")) != expected_new:
                stats.problems.append(f"round {rnd}: HEAD moved by something other than this change")
        # the index: HEAD's version or the one before, nothing else
        index_blob = _blob(root, f":0:{PLAN}") if not (root / ".git" / "index.lock").exists() else None
        if index_blob not in (None, _blob(root, f"HEAD:{PLAN}"), _blob(root, f"{before_head}:{PLAN}")):
            stats.problems.append(f"round {rnd}: the index holds a third version")
        # the next set succeeds (following the message's advice about a lock a killed git left)
        code, said = _next_set(root, rnd)
        if code != 0 and ".lock" in said:
            stats.git_locks += 1
            lock = next((w.strip("'(),") for w in said.split() if w.strip("'(),").endswith(".lock")), "")
            if not lock or not Path(lock).exists():
                stats.problems.append(f"round {rnd}: the lock message does not name an existing lock: {said}")
            else:
                Path(lock).unlink()
            code, said = _next_set(root, rnd)
        if code != 0:
            stats.problems.append(f"round {rnd}: the next set failed: {said}")
            continue
        left = [p for p in (root / ".git").glob("**/*.lock") if p.name != "verksam.lock"]
        if left and git(root, "rev-parse", "HEAD").strip() == head:
            # the killed set had committed and its git died before removing a lock; the next set
            # changed nothing, so it committed nothing and met no lock: the next commit must name it
            from verksam.store.atomic import GitLocked, check_index_lock

            try:
                check_index_lock(root)
                stats.problems.append(f"round {rnd}: a git lock is left and no commit would name it: {left}")
            except GitLocked as e:
                if not any(str(p) in str(e) for p in left):
                    stats.problems.append(f"round {rnd}: the lock message names another lock: {e}")
                stats.git_locks += 1
                for p in left:
                    p.unlink()
        if "avbruten ändring" in said:
            stats.recovered_messages += 1
        now = values((root / PLAN).read_text(encoding="utf-8"))
        if now != expected_new or values(git(root, "show", f"HEAD:{PLAN}")) != expected_new:
            stats.problems.append(f"round {rnd}: after the next set the change is not in the file and HEAD")
        status, stale = clean_status(root), stale_files(root)
        if status or stale:
            stats.problems.append(f"round {rnd}: left behind: {status.strip()} {stale}")
    return stats
