"""What the reliability tests and the soak check after concurrent writers and kills."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import rtoml

from tests.reliability.workspace import PLAN, ROOT, git

TMP_RE = re.compile(r"^\..+\.(verksam-\d+\.(tmp|orig)|toml\.[A-Za-z0-9_]{8}\.tmp)$")


def values(text: str) -> dict[str, dict]:
    """indicator id -> its values table, from a plan text."""
    data = rtoml.loads(text)
    return {e["id"]: dict(e.get("values", {})) for e in data.get("indicators", [])}


def run_writers(root: Path, writers: int, rounds: int, commit: bool, timeout: float = 600) -> list[list[dict]]:
    """Start the writers as separate processes at once; their reports, one list per writer."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VERKSAM_LOCK_TIMEOUT": "120"}
    procs = [subprocess.Popen([sys.executable, "-m", "tests.reliability.writer", str(root), str(w), str(rounds),
                               "commit" if commit else "no-commit"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for w in range(writers)]
    out = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=timeout)
        assert p.returncode == 0, stderr
        out.append([json.loads(line) for line in stdout.splitlines() if line.startswith("{")])
    return out


def lost_edits(root: Path, reports: list[list[dict]]) -> list[str]:
    """Every edit reported saved that is not in the file (and, for commits, not in HEAD)."""
    on_disk = values((root / PLAN).read_text(encoding="utf-8"))
    head = values(git(root, "show", f"HEAD:{PLAN}")) if (root / ".git").exists() else on_disk
    lost = []
    for w, rep in enumerate(reports):
        for r in rep:
            if not r["ok"]:
                continue
            year = str(2000 + r["round"])
            if on_disk.get(f"ind{w}", {}).get(year) != {"target": r["round"]}:
                lost.append(f"ind{w} {year}: not in the file")
            if r.get("commit") and head.get(f"ind{w}", {}).get(year) != {"target": r["round"]}:
                lost.append(f"ind{w} {year}: not in HEAD")
    return lost


def foreign_commits(root: Path, reports: list[list[dict]]) -> list[str]:
    """Commits that do not contain exactly their own change (one added key of their writer, one
    changed line, one file)."""
    bad = []
    for w, rep in enumerate(reports):
        for r in rep:
            sha = r.get("commit")
            if not r["ok"] or not sha:
                continue
            files = git(root, "show", "--format=", "--name-only", sha).split()
            numstat = git(root, "show", "--format=", "--numstat", sha).split()
            before = values(git(root, "show", f"{sha}^:{PLAN}"))
            after = values(git(root, "show", f"{sha}:{PLAN}"))
            year = str(2000 + r["round"])
            expected = {k: dict(v) for k, v in before.items()}
            expected[f"ind{w}"][year] = {"target": r["round"]}
            if files != [PLAN] or numstat[:2] != ["1", "0"] or after != expected:
                bad.append(f"{sha[:10]} (ind{w} {year}): {files} {numstat[:2]}")
    return bad


def stale_files(root: Path) -> list[str]:
    """verksam's temporary files and kept originals, and git's lock files, left anywhere."""
    found = [p.relative_to(root).as_posix() for p in (root / "plans").rglob(".*") if TMP_RE.match(p.name)]
    gd = root / ".git"
    if gd.is_dir():
        found += [p.relative_to(root).as_posix() for p in gd.rglob("*.lock") if p.name != "verksam.lock"]
        if (gd / "verksam" / "intent.json").exists():
            found.append(".git/verksam/intent.json")
    return sorted(found)


def clean_status(root: Path) -> str:
    """`git status --porcelain` (empty when nothing is changed, staged or untracked)."""
    return git(root, "status", "--porcelain", "--untracked-files=all")
