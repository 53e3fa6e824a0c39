"""What the service keeps in memory on a repository of many municipalities (real files): the
analysis frames of the last few municipalities only. No memory figures here (those are `make
bench`): what is kept is observed through the objects themselves."""

from __future__ import annotations

import shutil

import pytest

from tests.app.conftest import FIXTURES
from verksam.service import workspace as W
from verksam.service.workspace import PlanService

MIDS = ["bro", "cala", "dal", "ek"]


@pytest.fixture
def many(tmp_path):
    """Four municipalities, each a copy of the test municipality under its own name."""
    root = tmp_path / "many"
    for mid in MIDS:
        shutil.copytree(FIXTURES / "plans" / "test", root / "plans" / mid)
        f = root / "plans" / mid / "municipality.toml"
        f.write_text(f.read_text(encoding="utf-8").replace('name = "Testkommun"', f'name = "{mid.title()}"'),
                     encoding="utf-8")
    return root


def test_only_the_last_municipalities_analysis_frames_are_kept(many):
    svc = PlanService(many, eager=1)
    svc.load()
    loaded = svc.read_municipalities(MIDS[1:])
    ws = loaded.workspace
    first = svc.summary(ws, "bro", "ks", "followup", "2025-04")
    assert first is not None and first["overview"].height > 0
    for mid in MIDS:
        assert svc.summary(ws, mid, "ks", "followup", "2025-04")["overview"].height > 0
    assert "bro" not in svc.frames_kept()
    again = svc.summary(ws, "bro", "ks", "followup", "2025-04")  # its frames were let go: built again, alike
    assert {k: v.to_dicts() for k, v in again.items()} == {k: v.to_dicts() for k, v in first.items()}
    svc.summary(ws, "dal", "ks", "followup", "2025-04")
    svc.summary(ws, "ek", "ks", "followup", "2025-04")
    assert svc.frames_kept() == MIDS[-W.KEEP_FRAMES:]  # the last used, not every one shown
    # shown again: the same frames (not built again), and they become the most recent
    frames = svc._analysis(ws, "dal")
    assert svc._analysis(ws, "ek") is svc._analysis(ws, "ek") and svc.frames_kept()[-1] == "ek"
    assert svc._analysis(ws, "dal") is frames
