"""kill -9 at random points of `verksam set` with a commit, 50 rounds (see kills.py for what is
checked after each)."""

from __future__ import annotations

from tests.reliability.kills import kill_rounds
from tests.reliability.workspace import make_workspace


def test_kill_9_during_set_leaves_old_or_new_and_the_next_set_succeeds(tmp_path):
    root = make_workspace(tmp_path / "repo", writers=1)
    stats = kill_rounds(root, rounds=50, seed=20261202)
    print(stats)
    assert stats.problems == []
    assert stats.kills == 50 and stats.old + stats.new == 50
