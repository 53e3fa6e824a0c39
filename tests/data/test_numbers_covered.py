"""Every number the four documents print is in the plan files: as an exported value (budget cells,
indicator values) or, for figures in prose, in the text. Thousands-separated numbers are read
the way the tables print them, where "300 300 300" may be three cells; decimals like "8,2"."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from verksam.analysis.frames import Frames
from verksam.store.repository import PlanRepository

ROOT = Path(__file__).resolve().parents[2]
SEEDS = Path("/work/shared/seeds") if Path("/work/shared/seeds").is_dir() else ROOT.parent / "shared" / "seeds"
DOCS = ["alingsas-ks-budget-2022-2024", "norrtalje-ks-verksamhetsplan-2022",
        "norrtalje-ks-verksamhetsplan-2025", "norrtalje-ksk-delarsrapport-2025-04"]


@pytest.fixture(scope="module")
def known():
    snap = PlanRepository(ROOT).load()
    fr = Frames(snap.workspace)
    nums = set()
    for df in (fr.budget, fr.indicators):
        for v in df["value"].drop_nulls().to_list():
            nums.add(round(v, 2))
            nums.add(round(-v, 2))
    text = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "plans").rglob("*.toml"))
    return nums, text


def _cells_found(s: str, nums: set) -> bool:
    toks = s.split(" ")

    @lru_cache(None)
    def ok(i: int) -> bool:
        if i == len(toks):
            return True
        for j in range(i + 1, min(len(toks), i + 4) + 1):
            if j > i + 1 and not all(len(x) == 3 for x in toks[i + 1 : j]):
                continue
            try:
                v = float("".join(toks[i:j]))
            except ValueError:
                continue
            if round(v, 2) in nums and ok(j):
                return True
        return False

    return ok(0)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the seed documents are not beside this checkout")
@pytest.mark.parametrize("doc", DOCS)
def test_every_printed_number_is_in_the_plans(doc, known):
    nums, text = known
    src = (SEEDS / f"{doc}.txt").read_text(encoding="utf-8")
    missing = []
    for m in re.finditer(r"(?<![\d,.])-?\d{1,3}(?: \d{3})+(?![\d])", src):
        s = m.group()
        if not _cells_found(s, nums) and s not in text:
            missing.append((src.count("\n", 0, m.start()) + 1, s))
    for m in re.finditer(r"(?<![\d,.])-?\d+,\d+(?![\d])", src):
        s = m.group()
        v = round(float(s.replace(",", ".")), 2)
        if v not in nums and s not in text and s.replace(",", ".") not in text:
            missing.append((src.count("\n", 0, m.start()) + 1, s))
    assert missing == []
