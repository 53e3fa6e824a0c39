"""The demo workspace: a Git repository holding the sample plans, with a history that follows
the documents' own dates, each commit authored as the office that wrote the document."""

from __future__ import annotations

import os
import shutil
import subprocess
from importlib import resources
from pathlib import Path

from .git import GitError

# (files or folders under plans/, date, author, email, message) in the order the documents came.
HISTORY = [
    (
        ["alingsas"],
        "2021-12-13T10:00:00+01:00",
        "Ekonomiavdelningen, Alingsås kommun",
        "ekonomi@alingsas.example",
        "Kommunstyrelsens budget 2022–2024 (beslutad 2021-12-13, Dnr 2021.618 KS)",
    ),
    (
        ["norrtalje/municipality.toml", "norrtalje/goals/2022-2024.toml", "norrtalje/indicators",
         "norrtalje/kommunstyrelsen/2022"],
        "2022-01-17T13:00:00+01:00",
        "Kommunstyrelsekontoret, Norrtälje kommun",
        "ksk@norrtalje.example",
        "Verksamhetsplan för kommunstyrelsen 2022 (KS 2022-01-17, Dnr KS 2021-2093)",
    ),
    (
        ["norrtalje/goals/2025-2027.toml", "norrtalje/indicators.toml",
         "norrtalje/kommunstyrelsen/2025/plan.toml", "norrtalje/kommunstyrelsen/2025/plan-texter.toml",
         "norrtalje/kommunstyrelsen/2025/budget.toml"],
        "2024-12-16T13:00:00+01:00",
        "Stab- och planeringsavdelningen, Norrtälje kommun",
        "stab@norrtalje.example",
        "Verksamhetsplan 2025–2027 för kommunstyrelsen",
    ),
    (
        ["norrtalje/kommunstyrelsen/2025/followup"],
        "2025-05-19T09:00:00+02:00",
        "Ekonomiavdelningen, Norrtälje kommun",
        "ekonomi@norrtalje.example",
        "Delårsrapport per april 2025 (period 2025-04-30)",
    ),
]


def sample_source() -> tuple[Path, Path]:
    """The sample plans/ and schemas/: the checkout's, or the copies in the installed package."""
    here = Path(__file__).resolve().parents[3]
    if (here / "plans").is_dir() and (here / "schemas").is_dir():
        return here / "plans", here / "schemas"
    pkg = Path(str(resources.files("verksam")))
    return pkg / "demo_plans", pkg / "schemas"


def _git(root: Path, *args: str, env: dict | None = None) -> None:
    p = subprocess.run(["git", *args], cwd=root, capture_output=True, env=env)
    if p.returncode != 0:
        raise GitError(p.stderr.decode("utf-8", "replace").strip() or f"git {args[0]} failed")


def create_demo(target: Path) -> bool:
    """Create the demo repository in target unless it already holds plans/; True if created."""
    target = Path(target)
    if (target / "plans").is_dir():
        return False
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(17, "exists and is not an empty folder", str(target))
    plans, schemas = sample_source()
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(schemas, target / "schemas")
    (target / ".gitattributes").write_text("*.toml text eol=lf\nplans/**/*.toml merge=verksam\n", encoding="utf-8")
    (target / "README.md").write_text(
        "# verksam demo\n\nPlans of Norrtälje and Alingsås as TOML files; open with `verksam --repo .`.\n",
        encoding="utf-8",
    )
    _git(target, "init", "-q", "-b", "main")
    from .sync import register_driver

    register_driver(target)  # plan files merge by entry (verksam merge-file), as after `verksam init`
    base_env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    setup_env = base_env | {
        "GIT_AUTHOR_NAME": "verksam", "GIT_AUTHOR_EMAIL": "verksam@example.invalid",
        "GIT_COMMITTER_NAME": "verksam", "GIT_COMMITTER_EMAIL": "verksam@example.invalid",
        "GIT_AUTHOR_DATE": "2021-12-01T09:00:00+01:00", "GIT_COMMITTER_DATE": "2021-12-01T09:00:00+01:00",
    }
    _git(target, "add", "schemas", ".gitattributes", "README.md")
    _git(target, "commit", "-q", "--no-verify", "-m", "JSON Schemas för planfilerna", env=setup_env)
    done: set[Path] = set()
    for parts, date, author, email, message in HISTORY:
        added = []
        for part in parts:
            src = plans / part
            if not src.exists():
                continue
            dst = target / "plans" / part
            if src.is_dir():
                shutil.copytree(src, dst, dirs_exist_ok=True)
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, dst)
            added.append(str(Path("plans") / part))
            done.add(src)
        if not added:
            continue
        env = base_env | {
            "GIT_AUTHOR_NAME": author, "GIT_AUTHOR_EMAIL": email, "GIT_AUTHOR_DATE": date,
            "GIT_COMMITTER_NAME": author, "GIT_COMMITTER_EMAIL": email, "GIT_COMMITTER_DATE": date,
        }
        _git(target, "add", "--", *added)
        _git(target, "commit", "-q", "--no-verify", "-m", message, env=env)
    # anything else in plans/ that the history does not name (new sample files) comes last
    rest = [p for p in sorted(plans.rglob("*.toml")) if not any(d == p or d in p.parents for d in done)]
    if rest:
        for p in rest:
            dst = target / "plans" / p.relative_to(plans)
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(p, dst)
        _git(target, "add", "plans")
        _git(target, "commit", "-q", "--no-verify", "-m", "Övriga planfiler", env=setup_env)
    return True
