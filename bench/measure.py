"""How `make bench` measures: whole commands in their own processes, several runs, median and
minimum of wall time and of CPU time (user + system, the process and every process it waited
for), and peak resident memory — so that figures are comparable between machines with more or
fewer free cores, and a ratio to the raw parse of the same files can be given for both.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Figure:
    """Several runs of one thing: wall and CPU seconds per run, peak memory in MB."""

    wall: list[float] = field(default_factory=list)
    cpu: list[float] = field(default_factory=list)
    peak_mb: float = 0.0
    note: str = ""
    error: str = ""

    @property
    def wall_median(self) -> float:
        return statistics.median(self.wall) if self.wall else float("nan")

    @property
    def wall_min(self) -> float:
        return min(self.wall) if self.wall else float("nan")

    @property
    def cpu_median(self) -> float:
        return statistics.median(self.cpu) if self.cpu else float("nan")

    @property
    def cpu_min(self) -> float:
        return min(self.cpu) if self.cpu else float("nan")

    def as_dict(self) -> dict:
        return {**asdict(self), "wall_median": self.wall_median, "wall_min": self.wall_min,
                "cpu_median": self.cpu_median, "cpu_min": self.cpu_min}


def run_command(argv: list[str], cwd: Path | None = None, runs: int = 3, env: dict | None = None,
                before=None, ok=(0,)) -> Figure:
    """argv `runs` times, each in a fresh process (start-up included, as a user meets it).
    CPU and peak memory come from wait4, which counts the process and its waited-for children
    (validate's worker processes). `before()` runs untimed before each run (e.g. undo a change)."""
    fig = Figure()
    for _ in range(runs):
        if before:
            before()
        t0 = time.perf_counter()
        p = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(p.pid, 0)
        wall = time.perf_counter() - t0
        err = p.stderr.read().decode(errors="replace") if p.stderr else ""
        p.stderr.close()
        code = os.waitstatus_to_exitcode(status)
        if code not in ok:
            fig.error = f"exit {code}: {(err.strip().splitlines() or [''])[-1][:200]}"
            return fig
        fig.wall.append(wall)
        fig.cpu.append(usage.ru_utime + usage.ru_stime)
        fig.peak_mb = max(fig.peak_mb, usage.ru_maxrss / 1024)
    return fig


def verksam(*args: str) -> list[str]:
    return [sys.executable, "-m", "verksam", *args]


def fmt_s(x: float) -> str:
    if x != x:  # nan
        return "–"
    return f"{x * 1000:.0f} ms" if x < 10 else f"{x:.1f} s"
