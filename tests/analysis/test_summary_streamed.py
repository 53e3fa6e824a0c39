"""`verksam summary` on many municipalities goes one municipality at a time (worker processes,
flat memory) and says the same as the whole-repository path does for each document."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _summary(repo: Path, fmt: str) -> str:
    r = subprocess.run([sys.executable, "-m", "verksam", "summary", "--repo", str(repo), "--period", "2025-04",
                        "--format", fmt], capture_output=True, text=True)
    assert r.returncode in (0, 1), r.stderr
    return r.stdout


def test_many_municipalities_give_each_the_summary_of_one(tmp_path):
    one = tmp_path / "one"
    shutil.copytree(ROOT / "plans" / "norrtalje", one / "plans" / "norrtalje")
    many = tmp_path / "many"
    for i in range(10):  # more than service.summary.WHOLE: the streamed path
        shutil.copytree(ROOT / "plans" / "norrtalje", many / "plans" / f"norrtalje{i:02d}")
    alone = json.loads(_summary(one, "json"))["documents"]
    streamed = json.loads(_summary(many, "json"))["documents"]
    assert len(alone) == 1 and len(streamed) == 10
    assert [d["municipality"] for d in streamed] == [f"norrtalje{i:02d}" for i in range(10)]
    for doc in streamed:
        assert {k: v for k, v in doc.items() if k != "municipality"} == \
            {k: v for k, v in alone[0].items() if k != "municipality"} or _same_but_ids(doc, alone[0])
    text = _summary(many, "text")
    assert text.count("norrtalje0") >= 10 and "33" in text
    csv = _summary(many, "csv").splitlines()
    assert csv[0].startswith("section,municipality,board,doc_kind,doc_period")
    assert sum(1 for line in csv if line.startswith("section,")) == 1


def _same_but_ids(a: dict, b: dict) -> bool:
    """Rows that carry the municipality id inside them (a document's path) differ only there."""
    return json.dumps(a, sort_keys=True).replace(a["municipality"], "M") == \
        json.dumps(b, sort_keys=True).replace(b["municipality"], "M")
