"""The cache of parsed plan files (store/filecache.py): hits, misses, invalidation, damage,
an unwritable folder, several processes at once, and the same validation with or without it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from verksam.store import filecache
from verksam.store.filecache import CACHE
from verksam.store.files import read_file

ROOT = Path(__file__).resolve().parents[2]
PLAN = "plans/test/ks/2025/plan.toml"
TEXT = """\
kind = "plan"
period = "2025"
title = "Verksamhetsplan 2025"
goal_period = "2025-2027"

[[items]]
id = "u-1"
kind = "uppdrag"
title = "Ett uppdrag"
status = "Påbörjad"
"""


def packs() -> list[Path]:
    return sorted(filecache.folder().glob("*.pack"))


def reread(root: Path, rel: str = PLAN, schema: bool = True):
    """read_file as a new process would: nothing held in memory, the cache from disk."""
    CACHE.forget()
    st = read_file(root, rel, schema=schema)
    CACHE.forget()
    return st


def test_a_read_fills_the_cache_and_a_second_read_hits(make_repo):
    root = make_repo({PLAN: TEXT})
    first = reread(root)
    assert first.data["items"][0]["title"] == "Ett uppdrag"
    assert len(packs()) == 1
    assert CACHE.get(root, PLAN, first.digest) is not None
    second = reread(root)
    assert second.data == first.data and second.problems == first.problems
    assert second.data is not first.data


def test_the_cached_data_is_what_is_returned(make_repo):
    """A hit really comes from the cache: an entry put under the file's digest is what is read."""
    root = make_repo({PLAN: TEXT})
    st = reread(root)
    CACHE.put(root, PLAN, 1, 1, st.digest, {"kind": "plan", "from": "cache"}, ([], []))
    CACHE.forget()
    assert reread(root).data == {"kind": "plan", "from": "cache"}


def test_changed_contents_with_same_size_and_mtime_are_read_again(make_repo):
    root = make_repo({PLAN: TEXT})
    path = root / PLAN
    before = os.stat(path)
    assert reread(root).data["items"][0]["title"] == "Ett uppdrag"
    path.write_text(TEXT.replace("Ett uppdrag", "Ett uppdrog"), encoding="utf-8")  # same size
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    after = os.stat(path)
    assert (after.st_size, after.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    assert reread(root).data["items"][0]["title"] == "Ett uppdrog"


def test_a_touched_but_unchanged_file_still_hits(make_repo):
    root = make_repo({PLAN: TEXT})
    st = reread(root)
    os.utime(root / PLAN, ns=(1, 1))
    assert CACHE.get(root, PLAN, st.digest) is not None
    assert reread(root).data == st.data


def test_problems_are_cached_with_their_locations(make_repo):
    root = make_repo({PLAN: TEXT + '\n[[items]]\nid = "u-2"\nkind = "uppdrag"\ntitle = 3\n'})
    first = reread(root)
    assert any(p.code == "schema" for p in first.problems)
    second = reread(root)
    assert [(p.line, p.col, p.message) for p in second.problems] == [(p.line, p.col, p.message) for p in first.problems]
    assert not [p for p in reread(root, schema=False).problems if p.code == "schema"]


@pytest.mark.parametrize("damage", ["truncate", "garbage", "empty", "other-version"])
def test_a_damaged_or_foreign_pack_is_ignored_and_rebuilt(make_repo, damage):
    root = make_repo({PLAN: TEXT})
    good = reread(root)
    (pack,) = packs()
    raw = pack.read_bytes()
    if damage == "truncate":
        pack.write_bytes(raw[: len(raw) // 2])
    elif damage == "garbage":
        pack.write_bytes(raw[:40] + b"\x80\x05garbage" * 50 + raw[-4:])
    elif damage == "empty":
        pack.write_bytes(b"")
    else:  # made by another verksam: same layout, another version key
        head = filecache.MAGIC
        pack.write_bytes(head + bytes(16) + raw[len(head) + 16:])
    st = reread(root)
    assert st.data == good.data and st.problems == good.problems
    assert pack.read_bytes() == raw  # written again, whole


def test_an_unwritable_cache_folder_is_not_used_and_says_nothing(make_repo, tmp_path, monkeypatch):
    root = make_repo({PLAN: TEXT})
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setenv("VERKSAM_CACHE_DIR", str(blocker))
    assert reread(root).data["title"] == "Verksamhetsplan 2025"
    env = {**os.environ, "VERKSAM_CACHE_DIR": str(blocker)}
    p = subprocess.run([sys.executable, "-m", "verksam", "validate", "--repo", str(root)], env=env,
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert "Traceback" not in p.stderr and "cache" not in (p.stdout + p.stderr).lower()
    assert blocker.read_text() == "a file where the cache folder should be"


def test_no_cache_writes_nothing(make_repo, monkeypatch):
    root = make_repo({PLAN: TEXT})
    p = subprocess.run([sys.executable, "-m", "verksam", "validate", "--no-cache", "--repo", str(root)],
                       capture_output=True, text=True, timeout=120)
    assert p.returncode == 0, p.stderr
    assert packs() == []
    monkeypatch.setenv("VERKSAM_NO_CACHE", "1")
    reread(root)
    assert packs() == []
    monkeypatch.delenv("VERKSAM_NO_CACHE")
    reread(root)
    assert len(packs()) == 1


def test_nothing_is_written_inside_the_repository(make_repo):
    root = make_repo({PLAN: TEXT}, with_git=True)
    before = sorted(p.relative_to(root) for p in root.rglob("*") if ".git" not in p.parts)
    reread(root)
    subprocess.run([sys.executable, "-m", "verksam", "validate", "--repo", str(root)], capture_output=True, timeout=120,
                   check=True)
    assert sorted(p.relative_to(root) for p in root.rglob("*") if ".git" not in p.parts) == before
    assert packs() and all(filecache.folder() in p.parents for p in packs())


def _validate(root: Path, env: dict) -> tuple[int, str, str]:
    p = subprocess.run([sys.executable, "-m", "verksam", "validate", "--format", "json", "--repo", str(root)],
                       env=env, capture_output=True, text=True, timeout=300)
    return p.returncode, p.stdout, p.stderr


def test_validate_says_the_same_with_and_without_the_cache_on_the_real_plans(sample_repo, tmp_path):
    """The project's own documents, with a few problems added so that problems are compared too."""
    plan = next((sample_repo / "plans").rglob("plan.toml"))
    plan.write_text(plan.read_text(encoding="utf-8") + '\n[[items]]\nid = "x-1"\nkind = "uppdrag"\ntitle = 3\n'
                    'goal = "no-such-goal"\n', encoding="utf-8")
    env = {**os.environ, "VERKSAM_CACHE_DIR": str(tmp_path / "c")}
    without = _validate(sample_repo, {**env, "VERKSAM_NO_CACHE": "1"})
    assert without[0] == 1 and '"schema"' in without[1] and "no-such-goal" in without[1]
    cold = _validate(sample_repo, env)
    assert list((tmp_path / "c" / "files").glob("*.pack"))
    warm = _validate(sample_repo, env)
    assert cold == without
    assert warm == without


def test_processes_at_once_share_the_cache_safely(make_repo, tmp_path):
    files = {f"plans/test/ks/{y}/plan.toml": TEXT.replace("2025", str(y)) for y in range(2020, 2030)}
    root = make_repo(files)
    env = {**os.environ, "VERKSAM_CACHE_DIR": str(tmp_path / "c")}
    expected = _validate(root, {**env, "VERKSAM_NO_CACHE": "1"})
    procs = [subprocess.Popen([sys.executable, "-m", "verksam", "validate", "--format", "json", "--repo", str(root)],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(4)]
    for p in procs:
        out, err = p.communicate(timeout=300)
        assert (p.returncode, out, err) == expected
    assert _validate(root, env) == expected
    assert not list((tmp_path / "c" / "files").glob(".tmp-*"))


def test_pruning_removes_the_least_recently_used_packs(tmp_path):
    d = tmp_path / "files"
    d.mkdir()
    for i in range(5):
        p = d / f"{i:032x}.pack"
        p.write_bytes(b"x" * 1000)
        os.utime(p, (1000 + i, 1000 + i))
    (d / ".tmp-1-old.pack").write_bytes(b"half")
    os.utime(d / ".tmp-1-old.pack", (1, 1))
    filecache.prune(d, 2500)
    assert sorted(p.name for p in d.iterdir()) == [f"{3:032x}.pack", f"{4:032x}.pack"]


def test_clear_empties_the_folder(make_repo):
    root = make_repo({PLAN: TEXT})
    reread(root)
    assert packs()
    filecache.clear()
    assert packs() == []
    assert reread(root).data["title"] == "Verksamhetsplan 2025"


def test_validate_sees_a_change_with_same_size_and_mtime(make_repo, tmp_path):
    """validate's kept results (one per municipality) are found by names, sizes and times but
    used only when the contents still have their digests."""
    root = make_repo({PLAN: TEXT})
    env = {**os.environ, "VERKSAM_CACHE_DIR": str(tmp_path / "c")}
    assert _validate(root, env)[0] == 0
    assert _validate(root, env)[0] == 0  # from the kept result
    assert list((tmp_path / "c" / "results").glob("*.pack"))
    path = root / PLAN
    before = os.stat(path)
    path.write_text(TEXT.replace('status = "Påbörjad"', 'status = "Påbörjaq"'), encoding="utf-8")
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert os.stat(path).st_size == before.st_size
    code, out, _ = _validate(root, env)
    assert code == 1 and "Påbörjaq" in out
    assert _validate(root, {**env, "VERKSAM_NO_CACHE": "1"}) == (code, out, _)
