"""`make soak`: the reliability tests, longer. Runs concurrent writers, kills and the writer's
property tests at a larger scale than the suite, and writes the figures into docs/reliability.md
(between the `soak` markers). Not part of `make test`.

    python -m tests.reliability.soak [--writers 8] [--rounds 50] [--kills 300] [--examples 3000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from tests.reliability.checks import clean_status, foreign_commits, lost_edits, run_writers, stale_files
from tests.reliability.kills import KillStats, kill_rounds
from tests.reliability.workspace import ROOT, make_workspace

DOC = ROOT / "docs" / "reliability.md"


def writers(n: int, rounds: int, commit: bool) -> dict:
    with tempfile.TemporaryDirectory() as d:
        root = make_workspace(Path(d) / "repo", writers=n)
        t0 = time.monotonic()
        reports = run_writers(root, n, rounds, commit, timeout=3600)
        secs = time.monotonic() - t0
        ok = sum(r["ok"] for rep in reports for r in rep)
        return {"edits": n * rounds, "saved": ok, "refused": n * rounds - ok, "lost": len(lost_edits(root, reports)),
                "foreign": len(foreign_commits(root, reports)) if commit else 0,
                "left": len(stale_files(root)) + (len(clean_status(root).splitlines()) if commit else 0),
                "secs": secs}


def kills(rounds: int) -> tuple[KillStats, float]:
    with tempfile.TemporaryDirectory() as d:
        root = make_workspace(Path(d) / "repo", writers=1)
        t0 = time.monotonic()
        stats = kill_rounds(root, rounds, seed=int(time.time()))
        return stats, time.monotonic() - t0


def pytest_files(files: list[str], examples: int) -> tuple[bool, float, str]:
    t0 = time.monotonic()
    p = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *files], cwd=ROOT,
                       env={**os.environ, "VERKSAM_SOAK_EXAMPLES": str(examples)}, capture_output=True, text=True)
    last = (p.stdout.strip().splitlines() or [""])[-1]
    return p.returncode == 0, time.monotonic() - t0, last


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--writers", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=50)
    ap.add_argument("--kills", type=int, default=300)
    ap.add_argument("--examples", type=int, default=3000)
    args = ap.parse_args()
    rows = []
    failed = False
    for commit in (True, False):
        r = writers(args.writers, args.rounds, commit)
        print("writers", "commit" if commit else "no-commit", r, flush=True)
        failed |= bool(r["lost"] or r["foreign"] or r["left"] or r["refused"])
        rows.append(f"| {args.writers} writers × {args.rounds} rounds, {'with' if commit else 'without'} commits, "
                    f"one file | {r['edits']} edits, {r['saved']} saved | **{r['lost']} lost**, "
                    f"{r['foreign']} commits with another's change, {r['left']} files left | {r['secs']:.0f} s |")
    st, secs = kills(args.kills)
    print("kills", st, flush=True)
    failed |= bool(st.problems)
    rows.append(f"| kill -9 at random points of `set` (every third also kills its git) | {st.kills} kills: "
                f"{st.old} left the old file, {st.new} the new; {st.committed} had committed; "
                f"{st.recovered_messages} recovered by the next set; {st.git_locks} git locks named | "
                f"**{len(st.problems)} problems** | {secs:.0f} s |")
    ok, secs, last = pytest_files(["tests/reliability/test_writer_properties.py"], args.examples)
    failed |= not ok
    rows.append(f"| writer properties (hypothesis), {args.examples} random documents and edit lists each | "
                f"{last} | {'**0 failures**' if ok else '**FAILED**'} | {secs:.0f} s |")
    ok, secs, last = pytest_files(["tests/reliability/test_disk_full.py", "tests/reliability/test_write_path.py"], 0)
    failed |= not ok
    rows.append(f"| full disk (tmpfs, RLIMIT_FSIZE), crashes in the commit, locks, confinement | {last} | "
                f"{'**0 failures**' if ok else '**FAILED**'} | {secs:.0f} s |")
    block = (f"Last run {dt.date.today().isoformat()} on {platform.system()} {platform.machine()}, "
             f"{os.cpu_count()} cores shared, Python {platform.python_version()}:\n\n"
             "| run | what happened | result | time |\n|---|---|---|---|\n" + "\n".join(rows) + "\n")
    text = DOC.read_text(encoding="utf-8")
    new = re.sub(r"(<!-- soak:start -->\n).*?(<!-- soak:end -->)", lambda m: m.group(1) + block + m.group(2), text,
                 flags=re.S)
    DOC.write_text(new, encoding="utf-8")
    print(block)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
