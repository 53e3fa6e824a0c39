"""What the app's start-up does not do (issue 15: the first screen within a second): opening the
app imports neither polars (the summary, after the first screen) nor the Markdown widget's parser
(a text shown as Markdown), nor sharing's sync and merge (the first background fetch); measured by
importing it in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys

from .conftest import ROOT


def test_opening_the_app_imports_neither_polars_nor_markdown():
    code = ("import sys, verksam.app.app\n"
            "print('HEAVY', sorted({m.split('.')[0] for m in sys.modules} & {'polars', 'markdown_it', 'tomlkit'}),"
            " sorted(m for m in sys.modules if m in ('verksam.store.sync', 'verksam.store.merge')))\n")
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120,
                       env={"PYTHONPATH": str(ROOT / "tui"), "PATH": "/usr/bin:/bin"})
    assert r.returncode == 0, r.stderr
    assert "HEAVY [] []" in r.stdout, r.stdout  # (nor sharing's sync and merge, before the first fetch)
    # and the check can fail: the summary's module does bring polars
    r = subprocess.run([sys.executable, "-c", "import sys, verksam.service.summary; print('polars' in sys.modules)"],
                       capture_output=True, text=True, timeout=120, env={"PYTHONPATH": str(ROOT / "tui")})
    assert r.stdout.strip() == "True", r.stderr
