"""A small plans repository for the reliability tests and the soak: one plan file with N indicators
(ind0 … indN-1), each written by its own writer, so that concurrent writers change different keys
of one file. Used by the tests and by `python -m tests.reliability.soak`."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

PLAN = "plans/test/ks/2025/plan.toml"
ROOT = Path(__file__).resolve().parents[2]

MUNICIPALITY = """\
kind = "municipality"
name = "Testkommun"

[[boards]]
id = "ks"
name = "Kommunstyrelsen"

[[units]]
id = "stab"
name = "Stab"
"""

GOALS = """\
kind = "goals"
period = "2025-2027"
title = "Mål och budget 2025–2027"

[[goal_areas]]
id = "ma-1"
number = "1"
title = "Ekonomi"

[[goals]]
id = "im-1-1"
area = "ma-1"
number = "1.1"
title = "En ekonomi i balans"
"""


def indicators(n: int) -> str:
    return 'kind = "indicators"\n' + "".join(
        f'\n[[indicators]]\nid = "ind{i}"\nname = "Indikator {i}"\ntype = "KF"\nunit = "st"\nbetter = "higher"\n'
        for i in range(n))


def plan(n: int) -> str:
    head = '#:schema ../../../../schemas/plan.schema.json\n# Planen (kommentarerna ska finnas kvar)\nkind = "plan"\nperiod = "2025"\ntitle = "Plan"\ngoal_period = "2025-2027"\n'
    body = "".join(
        f'\n[[indicators]]\nid = "ind{i}"  # indikator {i}\ngoal = "im-1-1"\nresponsible = "stab"\n\n'
        f"[indicators.values]\n1900 = {{ target = 1 }}\n" for i in range(n))
    return head + body


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def make_workspace(root: Path, writers: int = 4, with_git: bool = True) -> Path:
    files = {
        "plans/test/municipality.toml": MUNICIPALITY,
        "plans/test/goals/2025-2027.toml": GOALS,
        "plans/test/indicators.toml": indicators(writers),
        PLAN: plan(writers),
    }
    for rel, text in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text), encoding="utf-8")
    if (ROOT / "schemas").is_dir():
        import shutil

        shutil.copytree(ROOT / "schemas", root / "schemas", dirs_exist_ok=True)
    if with_git:
        git(root, "init", "-q", "-b", "main")
        git(root, "config", "user.name", "Anna Andersson")
        git(root, "config", "user.email", "anna@kommun.example")
        git(root, "config", "commit.gpgsign", "false")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "init")
    return root


def key(writer: int, rnd: int) -> tuple[str, str]:
    """The key writer `writer` sets in round `rnd`, and its value: a new year each round, so that
    every saved edit stays visible in the file (a lost update would remove one)."""
    return f"indicators.ind{writer}.values.{2000 + rnd}", f"{{ target = {rnd} }}"


def set_command(root: Path, writer: int, rnd: int, commit: bool) -> list[str]:
    k, v = key(writer, rnd)
    return [sys.executable, "-m", "verksam", "set", "--repo", str(root), *([] if commit else ["--no-commit"]), PLAN, k, v]
