"""Differences between periods on the real documents, and between two commits of a Git
repository built in tmp_path."""

import shutil
import subprocess

import polars as pl
import pytest

from verksam.analysis.diff import diff_periods, diff_revisions
from verksam.analysis.summary import AnalysisFrames
from verksam.cli.main import main
from verksam.store.revisions import item_history, load_revision

from .conftest import ROOT


def _row(d, id_, field, period=""):
    sub = d.filter((pl.col("id") == id_) & (pl.col("field") == field) & (pl.col("period") == period))
    assert sub.height == 1, sub
    return sub.row(0, named=True)


def test_plan_to_april_end_dates(real):
    d = diff_periods(real, "2025", "2025-04")
    r = _row(d, "klimatomstallningsplan", "end")
    assert (r["old"], r["new"], r["change"]) == ("2025-03-31", "2025-12-01", "later")
    r = _row(d, "sommarjobb", "end")
    assert (r["old"], r["new"], r["change"]) == ("2025-06-02", "2025-12-01", "later")
    # the plan records no status: setting it in the report is not reported as a change
    assert d.filter((pl.col("what") == "item") & (pl.col("field") == "status")).height == 0


def test_plan_to_april_targets(real):
    d = diff_periods(real, "2025", "2025-04")
    r = _row(d, "laneskuld-koncern", "target", "2025")
    assert (r["old_value"], r["new_value"], r["old"], r["new"], r["change"]) == (
        76207, 67679, "76 207", "67 679", "decreased")
    # values the report shows first are "added"; later years' targets it does not show are not "removed"
    assert _row(d, "laneskuld-koncern", "forecast", "2025")["change"] == "added"
    assert d.filter(pl.col("change") == "removed").filter(pl.col("what") == "indicator").height == 0


def test_2022_plan_to_2025_plan_through_shared_ids(real):
    d = diff_periods(real, "2022", "2025")
    shared = d.filter(pl.col("what") == "indicator").filter(~pl.col("change").is_in(["added", "removed"]))
    assert shared.height > 0
    assert {"added", "removed"} <= set(d["change"].to_list())


def git(root, *args):
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


@pytest.fixture()
def repo(tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.name", "Test Person")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "add", "plans")
    git(tmp_path, "commit", "-q", "-m", "plans")
    f = tmp_path / "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"
    text = f.read_text(encoding="utf-8")
    block_start = text.index('id = "integrationsstrategin"')
    block_end = text.index("[[items]]", block_start)
    block = text[block_start:block_end]
    assert 'status = "Ej påbörjad"' in block
    new_block = block.replace('status = "Ej påbörjad"', 'status = "Påbörjad"').replace(
        "end = 2025-12-31", "end = 2026-03-31")
    f.write_text(text[:block_start] + new_block + text[block_end:], encoding="utf-8")
    git(tmp_path, "commit", "-q", "-am", "Integrationsstrategin påbörjad, senare slut")
    return tmp_path


def test_diff_between_two_commits(repo):
    old = load_revision(repo, "HEAD~1")
    new = load_revision(repo, "HEAD")
    d = diff_revisions(AnalysisFrames(old.workspace), AnalysisFrames(new.workspace))
    assert d.height == 2
    st = _row(d, "integrationsstrategin", "status")
    assert (st["old"], st["new"], st["doc_period"]) == ("Ej påbörjad", "Påbörjad", "2025-04")
    end = _row(d, "integrationsstrategin", "end")
    assert (end["old"], end["new"], end["change"]) == ("2025-12-31", "2026-03-31", "later")


def test_cli_diff_rev_and_history(repo, capsys):
    assert main(["diff", "--repo", str(repo), "--rev", "HEAD~1", "HEAD", "--format", "csv"]) == 0
    out = capsys.readouterr().out
    assert "integrationsstrategin" in out and "Påbörjad" in out
    assert main(["history", "--repo", str(repo), "integrationsstrategin"]) == 0
    out = capsys.readouterr().out
    assert "Test Person" in out and "status: Ej påbörjad → Påbörjad" in out
    assert "slutdatum: 2025-12-31 → 2026-03-31 (senare)" in out
    steps = item_history(repo, "integrationsstrategin")
    assert steps[0].commit.subject.startswith("Integrationsstrategin")


def test_cli_usage_errors(repo, capsys):
    assert main(["diff", "--repo", str(repo), "--rev", "nosuchrev", "HEAD"]) == 2
    assert main(["diff", "--repo", str(repo), "2030", "2025"]) == 2
    assert main(["summary", "--repo", str(repo), "--period", "20x"]) == 2
    assert main(["history", "--repo", str(repo), "no-such-item"]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err and err.count("\n") == 4
