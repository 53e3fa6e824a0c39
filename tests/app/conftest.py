"""Fixtures for the app's tests: a small hand-made plans repository (with brackets in its texts)
and a copy of the project's real plans; helpers to start the app and wait for its data."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = Path(__file__).resolve().parent / "fixtures"

BRACKET_TITLE = "Granska [bold]x[/bold] och [x] rutiner [/] i [0] kassan"


@pytest.fixture
def small_repo(tmp_path) -> Path:
    """The files in tests/app/fixtures/plans: one municipality, plan, follow-up, budget, controls."""
    root = tmp_path / "small"
    shutil.copytree(FIXTURES / "plans", root / "plans")
    return root


@pytest.fixture
def real_repo(tmp_path) -> Path:
    """A copy of the project's own plans/ (read-only for us: we copy, never write there)."""
    root = tmp_path / "real"
    shutil.copytree(ROOT / "plans", root / "plans")
    return root


async def wait_until(pilot, cond, timeout: float = 60.0, step: float = 0.02) -> None:
    """Until cond() holds. The timeout is a guard against a hang, not a measurement: it is wall
    time and generous, so that a machine busy with other work (2 cores, several test runs) makes
    a test slower, never red."""
    import time

    deadline = time.monotonic() + timeout
    while not cond():
        if time.monotonic() > deadline:
            raise AssertionError("timed out waiting")
        await pilot.pause(step)
    await pilot.pause()


async def wait_loaded(app, pilot, timeout: float = 60.0) -> None:
    """Until the first screen has its data and every municipality is read (a repository of more
    than `PlanService.eager` municipalities reads the rest in the background: `app.fully_read`)."""
    await wait_until(pilot, lambda: app.main.loaded is not None, timeout=timeout)
    await wait_until(pilot, lambda: app.fully_read, timeout=timeout)
    await pilot.pause()


NAMES = {"aby": "Åby", "bro": "Bro", "cala": "Cala", "dal": "Dal", "ek": "Ek"}  # tree order: by name, Åby last


@pytest.fixture
def many(tmp_path):
    """Five municipalities, each a copy of the test municipality under its own name."""
    root = tmp_path / "many"
    for mid, name in NAMES.items():
        shutil.copytree(FIXTURES / "plans" / "test", root / "plans" / mid)
        f = root / "plans" / mid / "municipality.toml"
        f.write_text(f.read_text(encoding="utf-8").replace('name = "Testkommun"', f'name = "{name}"'), encoding="utf-8")
    return root
