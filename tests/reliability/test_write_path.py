"""The one write path under crashes, a busy repository, git's own locks, paths that lead out of
plans/, and a full disk — real processes, real Git, real file systems."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.reliability.checks import clean_status, stale_files, values
from tests.reliability.kills import _wait_group
from tests.reliability.workspace import PLAN, ROOT, git, make_workspace, set_command

ENV = {**os.environ, "PYTHONPATH": str(ROOT), "VERKSAM_LANG": "sv"}


def run(cmd: list[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, env={**ENV, **kw.pop("env", {})}, capture_output=True, text=True, **kw)


@pytest.fixture
def repo(tmp_path) -> Path:
    return make_workspace(tmp_path / "repo", writers=2)


def hook(root: Path, body: str) -> Path:
    h = root / ".git" / "hooks" / "pre-commit"
    h.write_text("#!/bin/sh\n" + body + "\n")
    h.chmod(0o755)
    return h


KILL_VERKSAM = 'kill -9 "$(head -n 1 "$(git rev-parse --git-dir)/verksam.lock")"'


@pytest.mark.parametrize("hook_exit", [1, 0], ids=["commit-not-made", "commit-made"])
def test_a_set_killed_during_its_commit_is_undone_or_finished_by_the_next(repo, hook_exit):
    before_text = (repo / PLAN).read_text(encoding="utf-8")
    before_head = git(repo, "rev-parse", "HEAD").strip()
    h = hook(repo, f"{KILL_VERKSAM}\nsleep 0.2\nexit {hook_exit}")
    p = subprocess.Popen(set_command(repo, 0, 1, commit=True), cwd=ROOT, env=ENV, start_new_session=True,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    out, err = p.communicate(timeout=60)
    _wait_group(p.pid)
    assert p.returncode == -signal.SIGKILL and out == ""  # killed: nothing was reported saved
    assert (repo / ".git" / "verksam" / "intent.json").exists()  # the record of the change under way
    head = git(repo, "rev-parse", "HEAD").strip()
    assert (head == before_head) == (hook_exit == 1)
    h.unlink()
    r = run(set_command(repo, 0, 1, commit=True))
    assert r.returncode == 0, r.stderr
    if hook_exit == 1:  # undone, then made again by this set
        assert "ångrades" in r.stderr and "incheckad" in r.stdout
        assert git(repo, "rev-parse", "HEAD^").strip() == before_head
    else:  # the commit had landed: finished; the value is already there
        assert "slutfördes" in r.stderr and "är redan" in r.stderr
        assert git(repo, "rev-parse", "HEAD").strip() == head
    expected = values(before_text)
    expected["ind0"]["2001"] = {"target": 1}
    assert values((repo / PLAN).read_text(encoding="utf-8")) == expected
    assert values(git(repo, "show", f"HEAD:{PLAN}")) == expected
    assert clean_status(repo) == "" and stale_files(repo) == []


def test_a_busy_repository_makes_set_wait_then_name_the_holder(repo):
    holder = subprocess.Popen([sys.executable, "-c", (
        "import sys, time; from verksam.store.repolock import repo_lock\n"
        f"with repo_lock({str(repo)!r}, command='verksam set (the colleague)'):\n"
        "    print('held', flush=True); time.sleep(30)")], cwd=ROOT, env=ENV, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        before = (repo / PLAN).read_bytes()
        r = run(set_command(repo, 0, 1, commit=True), env={"VERKSAM_LOCK_TIMEOUT": "0.5"})
        assert r.returncode == 1 and "Traceback" not in r.stderr
        assert f"process {holder.pid}" in r.stderr and "verksam set (the colleague)" in r.stderr
        assert "inget ändrades" in r.stderr
        assert (repo / PLAN).read_bytes() == before
    finally:
        holder.kill()
        holder.wait()
    r = run(set_command(repo, 0, 1, commit=True))  # the kernel dropped the dead holder's lock
    assert r.returncode == 0, r.stderr


def test_a_git_lock_left_behind_is_named_with_what_to_do(repo):
    lock = repo / ".git" / "index.lock"
    lock.write_text("")
    before = (repo / PLAN).read_bytes()
    r = run(set_command(repo, 0, 1, commit=True))
    assert r.returncode == 1 and str(lock) in r.stderr and f"rm {lock}" in r.stderr
    assert (repo / PLAN).read_bytes() == before
    lock.unlink()
    assert run(set_command(repo, 0, 1, commit=True)).returncode == 0
    assert clean_status(repo) == ""


def test_a_commit_holds_only_its_own_change_whatever_is_staged(repo):
    other = repo / "plans" / "test" / "indicators.toml"
    other.write_text(other.read_text(encoding="utf-8") + "\n# staged by hand\n", encoding="utf-8")
    git(repo, "add", str(other))
    r = run(set_command(repo, 0, 1, commit=True))
    assert r.returncode == 0, r.stderr
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [PLAN]
    assert git(repo, "diff", "--cached", "--name-only").split() == ["plans/test/indicators.toml"]  # still staged


# ------------------------------------------------------------------ confinement


def test_set_never_writes_outside_plans(repo, tmp_path):
    outside = tmp_path / "x" / "plan.toml"
    outside.parent.mkdir()
    outside.write_text((repo / PLAN).read_text(encoding="utf-8"), encoding="utf-8")
    before = outside.read_bytes()
    escape = "plans/test/ks/../../../../x/plan.toml"
    r = run([sys.executable, "-m", "verksam", "set", "--repo", str(repo), "--no-commit", escape,
             "indicators.ind0.values.2001", "{ target = 1 }"])
    assert r.returncode == 2 and "plans/" in r.stderr and outside.read_bytes() == before
    (repo / "plans" / "link").symlink_to(outside.parent, target_is_directory=True)  # a folder link out
    r = run([sys.executable, "-m", "verksam", "set", "--repo", str(repo), "--no-commit", "plans/link/plan.toml",
             "indicators.ind0.values.2001", "{ target = 1 }"])
    assert r.returncode == 2 and outside.read_bytes() == before
    r = run([sys.executable, "-m", "verksam", "set", "--repo", str(repo), "--no-commit", str(outside),
             "indicators.ind0.values.2001", "{ target = 1 }"])
    assert r.returncode == 2 and outside.read_bytes() == before


def test_a_symlinked_plan_file_is_never_replaced_or_followed(repo):
    alias = repo / "plans" / "test" / "ks" / "2025" / "alias.toml"
    alias.symlink_to("plan.toml")
    before = (repo / PLAN).read_bytes()
    r = run([sys.executable, "-m", "verksam", "set", "--repo", str(repo), "--no-commit",
             "plans/test/ks/2025/alias.toml", "indicators.ind0.values.2001", "{ target = 1 }"])
    assert r.returncode == 1 and "symbolisk länk" in r.stderr
    assert alias.is_symlink() and (repo / PLAN).read_bytes() == before


def test_confine_resolves_and_refuses():
    import tempfile

    from verksam.store.paths import PathRefused, confine

    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        (root / "plans" / "a").mkdir(parents=True)
        (root / "plans" / "a" / "f.toml").write_text("")
        (root / "outside").mkdir()
        assert confine(root, "plans/a/f.toml") == (root / "plans/a/f.toml").resolve()
        assert confine(root, "plans/a/new.toml", write=True).name == "new.toml"  # need not exist
        for bad in ("plans/../outside/f.toml", "outside/f.toml", "/etc/passwd", "plans/a/../../x"):
            with pytest.raises(PathRefused) as e:
                confine(root, bad, write=True)
            assert e.value.outside
        (root / "plans" / "in").symlink_to(root / "plans" / "a", target_is_directory=True)
        assert confine(root, "plans/in/f.toml") == (root / "plans/a/f.toml").resolve()  # reading may follow
        with pytest.raises(PathRefused) as e:
            confine(root, "plans/in/f.toml", write=True)  # writing never does
        assert not e.value.outside


# ------------------------------------------------------------------ what set imports


def test_set_loads_neither_textual_nor_polars(repo):
    code = (
        "import sys\nfrom verksam.cli.main import main\n"
        "try:\n    rc = main(sys.argv[1:])\nexcept SystemExit as e:\n    rc = e.code\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'polars', 'rich', 'pyarrow'})\n"
        "print('RC', rc, 'HEAVY', ','.join(heavy))\n")
    r = run([sys.executable, "-c", code, "set", "--repo", str(repo), PLAN, "indicators.ind0.values.2001",
             "{ target = 1 }"])
    assert "RC 0 HEAVY \n" in r.stdout + "\n", r.stdout + r.stderr


def test_a_scalar_set_loads_no_tomlkit_and_commits_without_git_commit(repo, tmp_path):
    """A value written already is changed in the text: tomlkit is not even imported; nor is
    anything for parallel work or the full JSON Schema library. Git's commands are counted by a
    `git` first on PATH that logs and runs the real one."""
    import shutil

    log = tmp_path / "git.log"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "git").write_text(  # the subcommand: the first argument that is not an option
        f'#!/bin/sh\nfor a in "$@"; do case "$a" in -*) ;; *) echo "$a" >> {log}; break;; esac; done\n'
        f'exec {shutil.which("git")} "$@"\n')
    (bin_dir / "git").chmod(0o755)
    code = (
        "import sys\nfrom verksam.cli.main import main\n"
        "rc = main(sys.argv[1:])\n"
        "heavy = sorted({m.split('.')[0] for m in sys.modules} & {'textual', 'polars', 'rich', 'pyarrow', 'tomlkit',"
        " 'multiprocessing', 'concurrent', 'jsonschema'})\n"
        "print('RC', rc, 'HEAVY', ','.join(heavy))\n")
    r = run([sys.executable, "-c", code, "set", "--repo", str(repo), PLAN, "indicators.ind0.responsible", "stab2"],
            env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})
    assert "RC 1 HEAVY \n" in r.stdout + "\n", r.stdout + r.stderr  # an unknown unit: refused, before git
    assert not log.exists() or log.read_text().split() == ["status"], log.read_text()
    r = run([sys.executable, "-c", code, "set", "--repo", str(repo), PLAN, "title", "Ny plan"],
            env={"PATH": f"{bin_dir}:{os.environ['PATH']}"})
    assert "RC 0 HEAVY \n" in r.stdout + "\n", r.stdout + r.stderr
    # no hook, no signing: the commit is written with Git's plumbing, never `git commit` (whose
    # refresh of the whole index costs three times as much on a national repository)
    assert log.read_text().split()[-10:] == ["status", "rev-parse", "config", "hash-object", "cat-file", "hash-object",
                                           "commit-tree", "update-ref", "update-index", "rev-parse"], log.read_text()
    assert clean_status(repo) == ""
    assert git(repo, "log", "-g", "-1", "--format=%gs").strip().startswith("commit: ")  # the reflog says so, as git commit does
    assert git(repo, "log", "-1", "--format=%s").startswith("2025: titel Plan → Ny plan")
    assert clean_status(repo) == "" and stale_files(repo) == []


def test_a_linked_plan_file_named_from_its_folder_is_refused_too(repo):
    folder = repo / "plans" / "test" / "ks" / "2025"
    (folder / "alias.toml").symlink_to("plan.toml")
    before = (repo / PLAN).read_bytes()
    r = subprocess.run([sys.executable, "-m", "verksam", "set", "--no-commit", "alias.toml",
                        "indicators.ind0.values.2001", "{ target = 1 }"], cwd=folder,
                       env={**ENV, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True)
    assert r.returncode == 1 and "symbolisk länk" in r.stderr, r.stderr
    assert (folder / "alias.toml").is_symlink() and (repo / PLAN).read_bytes() == before


def test_a_killed_gits_lock_is_stale_when_it_is_a_zombie_or_the_id_is_anothers():
    """recover() removes `.git/next-index-PID.lock` only when that git is not running: a running
    git keeps it; a zombie (a container's init may never reap a git whose parent was killed with
    it) or another program under the same id does not."""
    import subprocess
    import time

    from verksam.store.atomic import _alive

    running = subprocess.Popen(["git", "hash-object", "--stdin"], stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
    try:
        assert _alive(str(running.pid))
    finally:
        running.stdin.close()
        running.wait()
    zombie = subprocess.Popen(["git", "--version"], stdout=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while "Z" not in open(f"/proc/{zombie.pid}/stat").read().rpartition(")")[2].split()[0]:
        assert time.monotonic() < deadline
        time.sleep(0.01)
    assert not _alive(str(zombie.pid))  # exited, not yet reaped
    zombie.wait()
    assert not _alive(str(zombie.pid))  # gone
    other = subprocess.Popen(["sleep", "30"])
    try:
        assert not _alive(str(other.pid))  # running, but not a git
    finally:
        other.kill()
        other.wait()


# ------------------------------------------------------------------ hooks and signing are never bypassed


def test_with_a_commit_hook_the_commit_is_git_commit_and_the_hook_runs(repo):
    ran = repo / "hook-ran"
    h = repo / ".git" / "hooks" / "post-commit"
    h.write_text(f"#!/bin/sh\ntouch {ran}\n")
    h.chmod(0o755)
    r = run(set_command(repo, 0, 1, commit=True))
    assert r.returncode == 0, r.stderr
    assert ran.exists()
    assert git(repo, "show", "--format=", "--name-only", "HEAD").split() == [PLAN]


def test_with_signing_configured_a_failing_signer_refuses_the_set(repo):
    """commit.gpgsign: the commit is left to `git commit`, which signs; a signer that fails
    refuses the commit and the file is as it was (the plumbing would have committed unsigned)."""
    git(repo, "config", "commit.gpgsign", "true")
    git(repo, "config", "gpg.program", "false")
    before, head = (repo / PLAN).read_bytes(), git(repo, "rev-parse", "HEAD")
    r = run(set_command(repo, 0, 1, commit=True))
    assert r.returncode == 1, r.stdout + r.stderr
    assert (repo / PLAN).read_bytes() == before and git(repo, "rev-parse", "HEAD") == head
    git(repo, "config", "commit.gpgsign", "false")  # said off: the plumbing may commit
    assert run(set_command(repo, 0, 1, commit=True)).returncode == 0
    assert git(repo, "rev-parse", "HEAD") != head and clean_status(repo) == ""


def test_the_commit_message_is_stored_as_git_commit_stores_it(repo):
    """The same cleanup as `git commit -m` ("whitespace"): trailing spaces and extra empty lines go."""
    message = "Rubrik  \n\n\n\nbrödtext \n\n"
    r = run(set_command(repo, 0, 1, commit=True) + ["-m", message])
    assert r.returncode == 0, r.stderr
    stored = git(repo, "cat-file", "commit", "HEAD").split("\n\n", 1)[1]
    cleaned = subprocess.run(["git", "stripspace"], input=message, capture_output=True, text=True).stdout
    assert stored == cleaned == "Rubrik\n\nbrödtext\n"
