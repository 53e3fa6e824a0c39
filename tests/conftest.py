"""Shared fixtures: small plans repositories written as real files, real Git repositories."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _swedish_by_default(monkeypatch, tmp_path_factory):
    """Every test starts in the default language, whatever the developer's locale says: no
    VERKSAM_LANG, no English LANG/LC_* (a test that wants one sets it), and the catalog in Swedish."""
    for name in ("VERKSAM_LANG", "LC_ALL", "LC_MESSAGES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    # no test reads the developer's own ~/.config/verksam/keymap.toml
    monkeypatch.setenv("VERKSAM_KEYMAP", str(Path(__file__).parent / "no-such-keymap.toml"))
    # the cache of parsed files in a folder of the test's own, never the developer's ~/.cache
    monkeypatch.setenv("VERKSAM_CACHE_DIR", str(tmp_path_factory.mktemp("verksam-cache")))
    monkeypatch.delenv("VERKSAM_NO_CACHE", raising=False)
    from verksam.text import set_language

    set_language("sv")

MUNICIPALITY = """\
#:schema ../../schemas/municipality.schema.json
kind = "municipality"
name = "Testkommun"

[[boards]]
id = "ks"
name = "Kommunstyrelsen"

[[units]]
id = "stab"
name = "Stab"

[[units]]
id = "ekonomi"
name = "Ekonomiavdelningen"
"""

GOALS = """\
kind = "goals"
period = "2025-2027"
title = "Mål och budget 2025–2027"

[[goal_areas]]
id = "ma-2025-1"
number = "1"
title = "Ekonomi"

[[goals]]
id = "im-2025-1-1"
area = "ma-2025-1"
number = "1.1"
title = "En ekonomi i balans"

[[goals]]
id = "im-2025-5-1"
area = "ma-2025-1"
number = "5.1"
title = "Minska klimatpåverkan"
"""

INDICATORS = """\
kind = "indicators"

[[indicators]]
id = "budgetfoljsamhet"
name = "Budgetföljsamhet"
type = "KF"
unit = "%"
better = "higher"
"""


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def init_git(root: Path, name: str = "Anna Andersson", email: str = "anna@kommun.example") -> None:
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", name)
    git(root, "config", "user.email", email)
    git(root, "config", "commit.gpgsign", "false")


def commit_all(root: Path, message: str = "init") -> str:
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", message)
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture
def make_repo(tmp_path):
    """make_repo({"kommunstyrelsen-relative path": text, ...}) -> repository root with a valid base."""

    def make(files: dict[str, str] | None = None, base: bool = True, with_git: bool = False) -> Path:
        root = tmp_path / "repo"
        (root / "plans").mkdir(parents=True, exist_ok=True)
        if base:
            w = root / "plans" / "test"
            (w / "goals").mkdir(parents=True, exist_ok=True)
            (w / "municipality.toml").write_text(MUNICIPALITY, encoding="utf-8")
            (w / "goals" / "2025-2027.toml").write_text(GOALS, encoding="utf-8")
            (w / "indicators.toml").write_text(INDICATORS, encoding="utf-8")
        for rel, text in (files or {}).items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            p.write_text(textwrap.dedent(text), encoding="utf-8")
        if with_git:
            init_git(root)
            commit_all(root)
        return root

    return make


@pytest.fixture
def sample_repo(tmp_path) -> Path:
    """A copy of the project's own plans/ (the four documents) as a Git repository."""
    root = tmp_path / "sample"
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    init_git(root)
    commit_all(root, "sample")
    return root


@pytest.fixture(autouse=True)
def _notifications_kept(monkeypatch):
    """Every notification an app makes is kept in `app.told`, in order: the toasts themselves
    expire after a few seconds, which on a busy machine can be before a test looks at them
    (`app._notifications` then is empty and the test red for no fault of the app)."""
    from textual.app import App

    notify = App.notify

    def kept(self, message, *args, **kwargs):
        self.__dict__.setdefault("told", []).append(str(message))
        return notify(self, message, *args, **kwargs)

    monkeypatch.setattr(App, "notify", kept)
