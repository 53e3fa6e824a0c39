"""The service's read side as both shells use it: the repository found from a subfolder, one
history (the command line's and the app's agree), history --format json, and no Textual loaded
by the command line's validate."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.cli.test_cli import PLAN, PLAN_TEXT, run
from tests.conftest import ROOT, git, init_git, commit_all
from verksam.service.workspace import PlanService
from verksam.store.root import find_root


def test_every_command_finds_the_root_from_a_subfolder(make_repo, capsys, monkeypatch):
    root = make_repo({PLAN: PLAN_TEXT}, with_git=True)
    sub = root / "plans" / "test" / "ks" / "2025"
    monkeypatch.chdir(sub)
    assert find_root(".") == root and find_root(sub / "..") == root
    code, out, err = run("validate", capsys=capsys)
    assert code == 0 and "4 filer" in err
    code, out, err = run("export", "assignments", capsys=capsys)
    assert code == 0 and "klimatplan" in out
    code, out, err = run("summary", "--period", "2025", capsys=capsys)
    assert code == 0 and "Rapportdatum 2025-12-31" in out
    code, out, err = run("--repo", str(sub / ".."), "history", "klimatplan", capsys=capsys)
    assert code == 0 and "Historik för klimatplan" in out and "ny" in out  # added in the first commit
    # set takes the contract's repository path, or a path from the current folder
    code, out, err = run("set", "plan.toml", "items.klimatplan.status", "Slutförd", capsys=capsys)
    assert code == 0, err
    code, out, err = run("set", PLAN, "items.klimatplan.end", "2025-12-01", capsys=capsys)
    assert code == 0, err
    assert git(root, "log", "--format=%s").count("\n") == 3


def test_a_folder_outside_any_plans_repository_is_one_line_exit_2(tmp_path, capsys, monkeypatch):
    (tmp_path / "plans").mkdir()  # a plans folder above a Git work tree is not this repository's
    inner = tmp_path / "other" / "deep"
    inner.mkdir(parents=True)
    init_git(tmp_path / "other")
    monkeypatch.chdir(inner)
    code, out, err = run("validate", capsys=capsys)
    assert code == 2 and err.count("\n") == 1 and "plans/" in err and "Traceback" not in err
    code, out, err = run("--lang", "en", "summary", capsys=capsys)
    assert code == 2 and "not in a plans repository" in err


def _changed_repo(make_repo, capsys) -> Path:
    root = make_repo({PLAN: PLAN_TEXT}, with_git=True)
    assert run("set", "--repo", str(root), PLAN, "items.klimatplan.status", "Slutförd", capsys=capsys)[0] == 0
    git(root, "config", "user.name", "Bo Berg")
    assert run("set", "--repo", str(root), "-m", "Nytt utfall", PLAN, "indicators.0.values.2024.outcome", "98,5",
               capsys=capsys)[0] == 0
    return root


def test_history_json_and_the_app_share_one_history(make_repo, capsys):
    root = _changed_repo(make_repo, capsys)
    code, out, err = run("history", "--repo", str(root), "--format", "json", "klimatplan", capsys=capsys)
    assert code == 0, err
    data = json.loads(out)
    assert data["id"] == "klimatplan"
    ch, added = data["changes"]  # newest first: the status, then the item added in the first commit
    assert added["change"] == "added" and added["commit"] == git(root, "rev-parse", "HEAD~2").strip()
    assert (ch["field"], ch["old"], ch["new"], ch["author"]) == ("status", "Påbörjad", "Slutförd", "Anna Andersson")
    assert ch["commit"] == git(root, "rev-parse", "HEAD~1").strip() and ch["doc_kind"] == "plan"
    # the app's H screen and "last set" read the same rows
    service = PlanService(root)
    rows = service.history("klimatplan")
    assert [(r["sha"], r["field"], r["old"], r["new"]) for r in rows] == \
        [(c["commit"], c["field"], c["old"], c["new"]) for c in data["changes"]]
    assert rows[0]["field_label"] == "status"
    ind = service.history("budgetfoljsamhet")
    assert [(r["field_label"], r["old"], r["new"], r["author"]) for r in ind][0] == ("utfall 2024", "99,0 %", "98,5 %", "Bo Berg")
    assert [(r["field"], r["period"], r["author"]) for r in service.last_set("budgetfoljsamhet", "plan", "2025")] == \
        [("outcome", "2024", "Bo Berg"), ("", "", "Anna Andersson")]  # the value, and the entry's adding
    assert service.last_set("budgetfoljsamhet", "followup", "2025-04") == []
    code, out, err = run("history", "--repo", str(root), "budgetfoljsamhet", capsys=capsys)
    assert code == 0 and "Historik för budgetfoljsamhet" in out and "utfall 2024: 99,0 % → 98,5 %" in out
    code, out, err = run("history", "--repo", str(root), "--format", "json", "--lang", "en", "nope", capsys=capsys)
    assert code == 2 and err.count("\n") == 1


def test_the_app_and_the_command_line_diff_alike(sample_repo, capsys):
    code, out, err = run("diff", "--repo", str(sample_repo), "2025", "2025-04", "--format", "json", capsys=capsys)
    assert code == 0
    cli = {(c["board"], c["id"], c["field"], c["period"], c["old"], c["new"]) for c in json.loads(out)["changes"]}
    service = PlanService(sample_repo)
    ws = service.load().workspace
    boards = {(c[0]) for c in cli}
    app = set()
    for board in boards:
        app |= {(r["board"], r["id"], r["field"], r["period"], r["old"], r["new"])
                for r in service.diff(ws, "norrtalje", board, ("period", "2025"), ("period", "2025-04"))}
    assert app == cli, app ^ cli
    assert ("kommunstyrelsen", "klimatomstallningsplan", "end", "", "2025-03-31", "2025-12-01") in cli


def test_validate_loads_no_textual(make_repo):
    """harlequin's import-hygiene test: the command line's validate path never imports Textual."""
    root = make_repo({PLAN: PLAN_TEXT})
    code = (
        "import sys, runpy\n"
        f"sys.argv = ['verksam', 'validate', '--repo', {str(root)!r}]\n"
        "try:\n"
        "    runpy.run_module('verksam', run_name='__main__')\n"
        "except SystemExit as e:\n"
        "    assert e.code == 0, e.code\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print('LOADED', bad)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "tui")}
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "LOADED []" in r.stdout
    # and the check can fail: opening the app's module does load it
    r = subprocess.run([sys.executable, "-c", "import sys, verksam.app.app; "
                        "print('textual' in sys.modules)"], capture_output=True, text=True, env=env, timeout=120)
    assert r.stdout.strip() == "True"
