"""Reading municipality by municipality (PlanRepository.scan, what validate's workers run)."""

from __future__ import annotations

import gc
from pathlib import Path

from verksam.service.validate import problems_of
from verksam.store.repository import PlanRepository

ROOT = Path(__file__).resolve().parents[2]


def test_a_snapshot_is_freed_without_the_cyclic_collector():
    """The workers run without the cyclic collector during a chunk: that holds only if a
    snapshot, once dropped, is freed by reference counts alone."""
    list(PlanRepository(ROOT).scan())  # what a first read imports and compiles once is not garbage
    gc.collect()
    was = gc.isenabled()
    gc.disable()
    try:
        n = 0
        for snap in PlanRepository(ROOT).scan():
            n += problems_of(snap)[0]
        del snap
        assert n > 10
        assert gc.collect() == 0
    finally:
        if was:
            gc.enable()


def test_workers_say_what_one_process_says(tmp_path, monkeypatch):
    """The worker processes (forked, the collector off during a chunk) find the same problems, in
    the same order, as one process, broken files included."""
    import shutil

    from ..conftest import init_git

    monkeypatch.setenv("VERKSAM_NO_CACHE", "1")
    root = tmp_path / "repo"
    shutil.copytree(ROOT / "schemas", root / "schemas")
    for i in range(9):
        shutil.copytree(ROOT / "plans" / "alingsas", root / "plans" / f"kommun-{i}")
    plan = next((root / "plans" / "kommun-3").rglob("budget.toml"))
    plan.write_text(plan.read_text(encoding="utf-8") + '\n[[items]]\nid = "Fel id"\nkind = "uppdrag"\n',
                    encoding="utf-8")
    (root / "plans" / "kommun-5" / "indicators.toml").write_text('kind = "indicators"\n[[indicators]\n',
                                                                encoding="utf-8")
    init_git(root)
    repo = PlanRepository(root)
    one = list(repo.iter_municipalities(problems_of, workers=1))
    two = list(repo.iter_municipalities(problems_of, workers=2))
    assert len(one) == 9
    assert {p.code for _, problems in one for p in problems} >= {"schema", "syntax"}
    assert one == two
