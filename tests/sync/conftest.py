"""A team: a bare remote and three clones with their own identities, all real Git."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import rtoml

from tests.conftest import GOALS, INDICATORS, git
from tests.conftest import MUNICIPALITY as BASE_MUNICIPALITY

PLAN = "plans/test/ks/2025/plan.toml"

MUNICIPALITY = BASE_MUNICIPALITY + """
[[units]]
id = "juridik"
name = "Juridik"
"""

PLAN_TEXT = """\
#:schema ../../../../schemas/plan.schema.json
kind = "plan"
period = "2025"
title = "Verksamhetsplan 2025"
goal_period = "2025-2027"

# Uppdrag från kommunfullmäktige
[[items]]
id = "klimatplan"
kind = "uppdrag"
goal = "im-2025-5-1"
title = "Klimatplan"
responsible = "stab"
end = 2025-12-31
status = "Påbörjad"

[[items]]
id = "trygghet"
kind = "uppdrag"
goal = "im-2025-1-1"
title = "Trygghetskameror"
responsible = "juridik"
status = "Ej påbörjad"

[[items]]
id = "budgetuppfoljning"
kind = "initiativ"
goal = "im-2025-1-1"
title = "Månatlig budgetuppföljning"
responsible = "ekonomi"
status = "Ej påbörjad"

[[tables]]
id = "drift"
title = "Driftbudget"
unit = "tkr"
columns = [{ heading = "Budget 2025", measure = "budget", period = "2025" }, { heading = "Plan 2026", measure = "plan", period = "2026" }]

[[tables.rows]]
id = "intakter"
label = "Intäkter"
values = [10, 12]

[[tables.rows]]
id = "kostnader"
label = "Kostnader"
values = [-30, -31]
"""

PEOPLE = {"anna": ("Anna Andersson", "anna@kommun.example"),
          "bertil": ("Bertil Berg", "bertil@kommun.example"),
          "cecilia": ("Cecilia Carlsson", "cecilia@kommun.example")}


def verksam(*args: str, cwd: Path | None = None, input: str | None = None, env: dict | None = None
            ) -> subprocess.CompletedProcess:
    """The installed command in its own process, as a user runs it."""
    import os
    import sys

    e = dict(os.environ)
    e.update(env or {})
    return subprocess.run([sys.executable, "-m", "verksam", *args], cwd=cwd, capture_output=True, text=True,
                          input=input, env=e)


def plan(root: Path) -> dict:
    return rtoml.loads((root / PLAN).read_text(encoding="utf-8"))


def item(root: Path, iid: str) -> dict:
    return next(i for i in plan(root)["items"] if i["id"] == iid)


def set_value(root: Path, key: str, value: str, rel: str = PLAN) -> None:
    from verksam.cli.main import main

    assert main(["set", "--repo", str(root), rel, key, value]) == 0


def edit_text(root: Path, old: str, new: str, message: str, rel: str = PLAN) -> None:
    """An edit as a text editor makes it, committed with plain Git."""
    p = root / rel
    text = p.read_text(encoding="utf-8")
    assert old in text, old
    p.write_text(text.replace(old, new, 1), encoding="utf-8")
    git(root, "commit", "-q", "-am", message)


def write_seed(root: Path, municipality: str = MUNICIPALITY, plan_text: str = PLAN_TEXT,
               extra: dict[str, str] | None = None) -> None:
    files = {"plans/test/municipality.toml": municipality, "plans/test/goals/2025-2027.toml": GOALS,
             "plans/test/indicators.toml": INDICATORS, PLAN: plan_text, **(extra or {})}
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")


@dataclass
class Team:
    remote: Path
    seed: Path
    clones: dict[str, Path]

    def __getitem__(self, name: str) -> Path:
        return self.clones[name]

    def clone(self, name: str, full: str, email: str, base: Path) -> Path:
        from verksam.store import sync

        path = base / name
        git(base, "clone", "-q", str(self.remote), name)
        git(path, "config", "user.name", full)
        git(path, "config", "user.email", email)
        git(path, "config", "commit.gpgsign", "false")
        sync.init(path)
        self.clones[name] = path
        return path


def make_team(tmp_path: Path, municipality: str = MUNICIPALITY, plan_text: str = PLAN_TEXT,
              bare: Path | None = None, extra: dict[str, str] | None = None) -> Team:
    from verksam.store import sync

    seed = tmp_path / "seed"
    seed.mkdir()
    git(seed, "init", "-q", "-b", "main")
    git(seed, "config", "user.name", "Controller")
    git(seed, "config", "user.email", "controller@kommun.example")
    git(seed, "config", "commit.gpgsign", "false")
    write_seed(seed, municipality, plan_text, extra)
    git(seed, "add", "-A")
    git(seed, "commit", "-q", "-m", "Planerna")
    sync.init(seed)
    remote = bare or tmp_path / "remote.git"
    if bare is None:
        git(tmp_path, "init", "-q", "--bare", "-b", "main", str(remote))
    # into the bare repository by a fetch there, so that no receive hook judges the seed itself
    git(remote, "fetch", "-q", str(seed), "main:main")
    team = Team(remote, seed, {})
    for name, (full, email) in PEOPLE.items():
        team.clone(name, full, email, tmp_path)
    return team


@pytest.fixture
def team(tmp_path) -> Team:
    return make_team(tmp_path)
