"""A full disk, for real: the repository on a small tmpfs (when this system lets us mount one),
filled up to different amounts of free space; and a file-size limit (RLIMIT_FSIZE, any system).
Each `set` either succeeds entirely or leaves the file, HEAD and the index as they were, says the
disk is full and what state the file is in, and leaves no temporary file; the next `set` after
space is freed succeeds."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from tests.reliability.checks import clean_status, stale_files, values
from tests.reliability.workspace import PLAN, ROOT, git, make_workspace, set_command

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "VERKSAM_LANG": "sv"}


def _mount_tmpfs(path: Path, size: str) -> bool:
    path.mkdir(parents=True, exist_ok=True)
    if os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    p = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True)
    return p.returncode == 0


def _fill(folder: Path, leave: int) -> Path:
    """A filler file that leaves about `leave` bytes free on folder's file system."""
    filler = folder / "filler"
    st = os.statvfs(folder)
    free = st.f_bavail * st.f_frsize
    with open(filler, "wb") as f:
        try:
            f.write(b"\0" * max(free - leave, 0))
            f.flush()
            os.fsync(f.fileno())
        except OSError:
            pass
    return filler


@pytest.fixture
def tmpfs(tmp_path):
    mnt = tmp_path / "small"
    if not _mount_tmpfs(mnt, "1m"):
        pytest.skip("mounting a tmpfs is not permitted here (the RLIMIT_FSIZE test covers a full disk)")
    yield mnt
    subprocess.run(["umount", "-l", str(mnt)], capture_output=True)


def test_set_on_a_full_disk_changes_nothing_or_everything(tmpfs):
    root = make_workspace(tmpfs / "repo", writers=1)
    git(root, "gc", "-q")  # objects packed: the repository takes little of the small disk
    outcomes = {"saved": 0, "refused": 0}
    for i, leave in enumerate([0, 1024, 4096, 8192, 12288, 16384, 24576, 32768, 49152, 65536, 98304]):
        rnd = i + 1
        before_text = (root / PLAN).read_text(encoding="utf-8")
        before_head = git(root, "rev-parse", "HEAD").strip()
        filler = _fill(tmpfs, leave)
        r = subprocess.run(set_command(root, 0, rnd, commit=True), cwd=ROOT, env=ENV, capture_output=True, text=True)
        filler.unlink()
        assert "Traceback" not in r.stderr, r.stderr
        text = (root / PLAN).read_text(encoding="utf-8")
        if r.returncode == 0:
            outcomes["saved"] += 1
            expected = values(before_text)
            expected["ind0"][str(2000 + rnd)] = {"target": rnd}
            assert values(text) == expected and values(git(root, "show", f"HEAD:{PLAN}")) == expected
        else:
            outcomes["refused"] += 1
            assert r.returncode == 1, r.stderr
            assert text == before_text, (leave, r.stderr)  # the file is as it was …
            assert git(root, "rev-parse", "HEAD").strip() == before_head
            assert "disken är full" in r.stderr or "No space" in r.stderr, r.stderr
            assert ("oförändrade" in r.stderr or "som de var" in r.stderr), r.stderr  # … and the message says so
        assert stale_files(root) == [], (leave, r.stderr)
        assert clean_status(root) == "", (leave, r.stderr)
        if r.returncode != 0:  # with space again, the same set succeeds
            again = subprocess.run(set_command(root, 0, rnd, commit=True), cwd=ROOT, env=ENV, capture_output=True,
                                   text=True)
            assert again.returncode == 0, again.stderr
            assert clean_status(root) == "" and stale_files(root) == []
    assert outcomes["refused"] >= 1 and outcomes["saved"] >= 1  # both sides of the edge were reached


def _limit(nbytes: int):
    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (nbytes, nbytes))
    return apply


@pytest.mark.parametrize("commit", [True, False], ids=["commit", "no-commit"])
def test_set_under_a_file_size_limit_leaves_the_file_as_it_was(tmp_path, commit):
    root = make_workspace(tmp_path / "repo", writers=1)
    before_text = (root / PLAN).read_text(encoding="utf-8")
    before_head = git(root, "rev-parse", "HEAD").strip()
    limit = len(before_text.encode("utf-8")) // 2  # the new text cannot be written
    r = subprocess.run(set_command(root, 0, 1, commit=commit), cwd=ROOT, env=ENV, capture_output=True, text=True,
                       preexec_fn=_limit(limit))
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    assert "disken är full" in r.stderr and "oförändrade" in r.stderr, r.stderr
    assert (root / PLAN).read_text(encoding="utf-8") == before_text
    assert git(root, "rev-parse", "HEAD").strip() == before_head
    assert stale_files(root) == [] and clean_status(root) == ""
    r = subprocess.run(set_command(root, 0, 1, commit=commit), cwd=ROOT, env=ENV, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr
