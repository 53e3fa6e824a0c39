"""Concurrent writers (real processes) on different keys of one file: no edit reported saved is
lost, and every commit holds exactly its own change."""

from __future__ import annotations

import pytest

from tests.reliability.checks import clean_status, foreign_commits, lost_edits, run_writers, stale_files
from tests.reliability.workspace import make_workspace

WRITERS, ROUNDS = 4, 25


@pytest.mark.parametrize("commit", [True, False], ids=["commit", "no-commit"])
def test_four_writers_lose_no_edit(tmp_path, commit):
    root = make_workspace(tmp_path / "repo", writers=WRITERS)
    reports = run_writers(root, WRITERS, ROUNDS, commit)
    failed = [r for rep in reports for r in rep if not r["ok"]]
    assert not failed  # every writer waits for the lock; none is refused
    assert sum(len(rep) for rep in reports) == WRITERS * ROUNDS
    assert lost_edits(root, reports) == []
    assert stale_files(root) == []
    if commit:
        assert foreign_commits(root, reports) == []
        assert clean_status(root) == ""
        shas = {r["commit"] for rep in reports for r in rep}
        assert len(shas) == WRITERS * ROUNDS
