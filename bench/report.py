"""Rendering time of each real document with `verksam report`: `run() -> {doc: {step: seconds}}`.

    python -m bench.report

The documents are the project's own (plans/: the April 2025 delårsrapport, the 2025
verksamhetsplan, Alingsås' budget 2022–2024) in a temporary Git repository, so that the colophon
comes from a commit as it does for a user. "build" is finding the document, reading the
workspace, Git and the intermediate document; each format is the rendering of that document to
bytes. Best of three after a warm-up; measurements, not checks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DOCS = {
    "delårsrapport april 2025 (Norrtälje)": "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml",
    "verksamhetsplan 2025 (Norrtälje)": "plans/norrtalje/kommunstyrelsen/2025/plan.toml",
    "budget 2022–2024 (Alingsås)": "plans/alingsas/kommunstyrelsen/2022/budget.toml",
}
FORMATS = ("md", "html", "docx", "pdf")


def best(fn, repeat: int = 3) -> tuple[float, object]:
    out = fn()
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t0)
    return min(times), out


def run() -> dict:
    from verksam.report import render
    from verksam.service import report as R

    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "plans", root / "plans")
        for args in (["init", "-q"], ["add", "-A"],
                     ["-c", "user.name=bench", "-c", "user.email=bench@example.org", "commit", "-q", "-m", "plans"]):
            subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)
        out: dict = {}
        for name, file in DOCS.items():
            secs, rep = best(lambda: R.build(root, file))
            res = {"build_s": round(secs, 4)}
            for fmt in FORMATS:
                secs, data = best(lambda: render(rep, fmt))
                res[f"{fmt}_s"] = round(secs, 4)
                res[f"{fmt}_kb"] = round(len(data) / 1024)
            out[name] = res
        return out


def section(res: dict) -> str:
    """The Markdown section docs/benchmarks.md gets."""
    head = "| document | build | " + " | ".join(FORMATS) + " |\n|---|---:|" + "---:|" * len(FORMATS) + "\n"
    rows = []
    for name, r in res.items():
        cells = [f"{r['build_s'] * 1000:.0f} ms"] + [f"{r[f'{f}_s'] * 1000:.0f} ms ({r[f'{f}_kb']} kB)" for f in FORMATS]
        rows.append(f"| {name} | " + " | ".join(cells) + " |")
    return ("\n## Documents (`verksam report`)\n\nTime to build each real document from its files (read, Git, the "
            "intermediate document) and to render it in each format (size in brackets); the PDF is Typst's "
            "tagged PDF/UA-1, the Word file's pictures are drawn to PNG by Typst.\n\n" + head + "\n".join(rows) + "\n")


if __name__ == "__main__":
    r = run()
    print(json.dumps(r, ensure_ascii=False, indent=1))
    print(section(r))
