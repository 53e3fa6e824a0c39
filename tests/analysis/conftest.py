import pathlib

import pytest

from verksam.analysis.summary import AnalysisFrames, DocKey
from verksam.store.repository import PlanRepository

ROOT = pathlib.Path(__file__).resolve().parents[2]
APRIL = DocKey("norrtalje", "kommunstyrelsen", "followup", "2025-04")


@pytest.fixture(scope="session")
def real() -> AnalysisFrames:
    return AnalysisFrames(PlanRepository(ROOT).load().workspace)


@pytest.fixture(autouse=True)
def _private_cache(tmp_path_factory, monkeypatch):
    """Repositories without .git cache under XDG_CACHE_HOME: keep that out of the user's home."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
