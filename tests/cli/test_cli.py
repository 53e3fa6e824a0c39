"""The command-line contract of design.md §7: output, exit codes, one-line messages."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import git
from verksam.cli.main import main

PLAN = "plans/test/ks/2025/plan.toml"
PLAN_TEXT = """\
#:schema ../../../../schemas/plan.schema.json
kind = "plan"
period = "2025"
title = "Plan"
goal_period = "2025-2027"

[[indicators]]
id = "budgetfoljsamhet"
goal = "im-2025-1-1"
responsible = "ekonomi"

[indicators.values]
2024 = { outcome = 99.0, target = 100 }
2025 = { target = 100, forecast = "Saknas" }

[[items]]
id = "klimatplan"
kind = "uppdrag"
goal = "im-2025-5-1"
title = "Klimatplan [bold]x[/bold]"
responsible = "stab"
end = 2025-03-31
status = "Påbörjad"

[[items.comments]]
date = 2025-02-01
text = "Pågår."

[[tables]]
id = "drift"
title = "Driftbudget"
unit = "tkr"
columns = [{ heading = "Budget 2025", measure = "budget", period = "2025" }, { heading = "Plan 2026", measure = "plan", period = "2026" }]

[[tables.rows]]
id = "intakter"
label = "Intäkter"
values = [10, 12]

[[tables.rows]]
id = "kostnader"
label = "Kostnader"
values = [-30, -31]

[[tables.rows]]
id = "netto"
label = "Netto"
total = true
values = [-20, -19]
"""


def run(*args: str, capsys) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_clean_exits_0(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT})
    code, out, err = run("validate", "--repo", str(root), capsys=capsys)
    assert code == 0 and out == ""


def test_validate_errors_exit_1_with_located_lines(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT.replace('responsible = "stab"', 'responsible = "saknas"')})
    code, out, err = run("validate", "--repo", str(root), capsys=capsys)
    assert code == 1
    assert out.strip() == f"{PLAN}:21:15: error: okänd enhet 'saknas' (använd ett id från plans/test/municipality.toml [[units]])"
    assert err.endswith(" filer: 1 fel, 0 varningar\n")
    code, out, err = run("validate", "--repo", str(root), "--lang", "en", capsys=capsys)
    assert out.strip() == f"{PLAN}:21:15: error: unknown unit 'saknas' (use an id from plans/test/municipality.toml [[units]])"


def test_usage_errors_exit_2_with_one_line(tmp_path, capsys):
    code, out, err = run("validate", "--repo", str(tmp_path / "nowhere"), capsys=capsys)
    assert code == 2 and err.count("\n") == 1 and "Traceback" not in err
    code, out, err = run("export", "nonsense", capsys=capsys)
    assert code == 2 and "Traceback" not in err


def test_export_indicators_columns_and_rows(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT})
    code, out, err = run("export", "indicators", "--repo", str(root), capsys=capsys)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    need = ["document", "municipality", "board", "goal", "indicator_id", "name", "kind", "unit",
            "responsible", "measure", "period", "value", "text"]
    assert list(rows[0])[: len(need)] == need
    got = {(r["measure"], r["period"]): (r["value"], r["text"]) for r in rows}
    assert got == {("outcome", "2024"): ("99.0", ""), ("target", "2024"): ("100.0", ""),
                   ("target", "2025"): ("100.0", ""), ("forecast", "2025"): ("", "Saknas")}
    assert rows[0]["kind"] == "KF" and rows[0]["document"] == PLAN and rows[0]["board"] == "ks"


def test_export_assignments_json(make_repo, capsys, tmp_path):
    root = make_repo({PLAN: PLAN_TEXT})
    out_file = tmp_path / "a.json"
    code, out, err = run("export", "assignments", "--repo", str(root), "--format", "json", "--output", str(out_file), capsys=capsys)
    assert code == 0
    rows = json.loads(out_file.read_text(encoding="utf-8"))
    assert rows[0]["id"] == "klimatplan" and rows[0]["kind"] == "uppdrag"
    assert rows[0]["title"] == "Klimatplan [bold]x[/bold]"
    assert rows[0]["end"] == "2025-03-31" and rows[0]["latest_comment"] == "Pågår."
    assert rows[0]["latest_comment_date"] == "2025-02-01"
    for col in ["document", "municipality", "board", "goal", "kind", "id", "parent", "title", "responsible",
                "start", "end", "status", "completion", "latest_comment_date", "latest_comment"]:
        assert col in rows[0]


def test_export_budget_one_row_per_cell(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT})
    code, out, err = run("export", "budget", "--repo", str(root), capsys=capsys)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert len(rows) == 6
    first = rows[0]
    assert (first["table"], first["row"], first["column"], first["measure"], first["period"], first["value"]) == \
        ("drift", "Intäkter", "Budget 2025", "budget", "2025", "10.0")


def test_set_writes_one_line_validates_and_commits_as_the_user(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT}, with_git=True)
    code, out, err = run("set", "--repo", str(root), PLAN, "items.klimatplan.status", "Slutförd", capsys=capsys)
    assert code == 0, err
    diff = git(root, "show", "--format=%an <%ae>%n%s", "HEAD")
    assert diff.splitlines()[0] == "Anna Andersson <anna@kommun.example>"
    assert diff.splitlines()[1] == "2025: Klimatplan [bold]x[/bold] status Påbörjad → Slutförd"
    assert git(root, "show", "--numstat", "--format=", "HEAD").split()[:2] == ["1", "1"]


def test_set_no_commit_and_message(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT}, with_git=True)
    head = git(root, "rev-parse", "HEAD")
    code, out, err = run("set", "--repo", str(root), "--no-commit", PLAN, "indicators.0.values.2025.target", "101", capsys=capsys)
    assert code == 0 and git(root, "rev-parse", "HEAD") == head
    assert "2025 = { target = 101, forecast = \"Saknas\" }" in (root / PLAN).read_text(encoding="utf-8")
    git(root, "commit", "-q", "-am", "by hand")  # (set refuses to commit over uncommitted changes)
    code, out, err = run("set", "--repo", str(root), "-m", "Nytt mål efter beslut i KS", PLAN, "indicators.0.values.2025.target", "102", capsys=capsys)
    assert code == 0
    assert git(root, "log", "-1", "--format=%s").strip() == "Nytt mål efter beslut i KS"


def test_set_refuses_invalid_values_and_writes_nothing(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT}, with_git=True)
    before = (root / PLAN).read_bytes()
    code, out, err = run("set", "--repo", str(root), PLAN, "items.0.status", "Klar", capsys=capsys)
    assert code == 1 and "är inte något av" in err and "Traceback" not in err
    code, out, err = run("set", "--repo", str(root), PLAN, "items.0.responsible", "saknas", capsys=capsys)
    assert code == 1 and "okänd enhet 'saknas'" in err
    assert (root / PLAN).read_bytes() == before
    assert git(root, "status", "--porcelain") == ""


def test_set_usage_mistakes_exit_2(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT}, with_git=True)
    for args in [(PLAN, "items.nope.status", "x"), ("plans/saknas.toml", "a", "1"), (PLAN, "items.0.comments.9.text", "x")]:
        code, out, err = run("set", "--repo", str(root), *args, capsys=capsys)
        assert code == 2, args
        assert err.startswith("verksam: ") and err.count("\n") == 1


def test_installed_command_runs(make_repo):
    root = make_repo({PLAN: PLAN_TEXT})
    exe = Path(sys.executable).parent / "verksam"
    p = subprocess.run([str(exe), "validate", "--repo", str(root)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr


def test_demo_history_follows_the_documents(tmp_path, capsys):
    code, out, err = run("demo", str(tmp_path / "demo"), "--create-only", capsys=capsys)
    assert code == 0
    log = git(tmp_path / "demo", "log", "--format=%ad|%an", "--date=short").splitlines()
    dates = [l.split("|")[0] for l in log]
    assert dates[:4] == ["2025-05-19", "2024-12-16", "2022-01-17", "2021-12-13"]
    assert all("kommun" in l.split("|")[1] for l in log[:4])
    code, out, err = run("validate", "--repo", str(tmp_path / "demo"), capsys=capsys)
    assert "error" not in out
    # a second run reuses it
    code, out, err = run("demo", str(tmp_path / "demo"), "--create-only", capsys=capsys)
    assert code == 0 and "använder demoförrådet" in err


def test_export_xlsx_opens_with_the_same_rows(make_repo, capsys, tmp_path):
    import zipfile

    root = make_repo({PLAN: PLAN_TEXT})
    out = tmp_path / "ind.xlsx"
    code, _, err = run("export", "indicators", "--repo", str(root), "--format", "xlsx", "--output", str(out), capsys=capsys)
    assert code == 0, err
    with zipfile.ZipFile(out) as z:
        sheet = z.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = z.read("xl/sharedStrings.xml").decode("utf-8")
    assert sheet.count("<row ") == 5  # header + 4 values
    assert "budgetfoljsamhet" in strings and "Saknas" in strings
    code, _, err = run("export", "indicators", "--repo", str(root), "--format", "xlsx", capsys=capsys)
    assert code == 2 and "--output" in err


def test_every_mistake_is_one_line_never_a_traceback(make_repo, capsys, tmp_path):
    root = make_repo({PLAN: PLAN_TEXT, "README.md": "# not a plan\n"}, with_git=True)
    (tmp_path / "a-file").write_text("x")
    cases = [
        (["export", "indicators", "--repo", str(root), "--output", str(tmp_path / "no" / "such" / "x.csv")], 2),
        (["set", "--repo", str(root), "README.md", "a", "1"], 2),
        (["set", "--repo", str(root), "plans/test/municipality.toml", "units.0", "5"], 1),
        (["set", "--repo", str(root), "plans/test/municipality.toml", "units", "5"], 1),
        (["demo", str(tmp_path / "a-file"), "--create-only"], 2),
        (["history", "--repo", str(root), "nonexistent-id"], 2),
        (["diff", "--repo", str(root), "--rev", "nope", "HEAD"], 2),
        (["summary", "--repo", str(root), "--period", "2099"], 2),
        (["validate", "--repo", str(tmp_path)], 2),
    ]
    for args, expected in cases:
        code, out, err = run(*args, capsys=capsys)
        assert code == expected, (args, err)
        assert err.startswith("verksam: ") and err.count("\n") == 1 and "Traceback" not in err, (args, err)
    assert (root / "plans/test/municipality.toml").read_text(encoding="utf-8").count("[[units]]") == 2


def test_set_shows_a_value_table_as_toml(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT}, with_git=True)
    code, out, err = run("set", "--repo", str(root), PLAN, "indicators.0.values.2025", "{ target = 7, forecast = 6.5 }",
                         capsys=capsys)
    assert code == 0, err
    assert f'{PLAN}: indicators.0.values.2025 {{ target = 100, forecast = "Saknas" }} → {{ target = 7, forecast = 6.5 }}' in out


def test_set_takes_swedish_numbers_and_keeps_the_audit_trail_clean(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT}, with_git=True)
    code, out, err = run("set", "--repo", str(root), PLAN, "indicators.0.values.2025.target", "99,5", capsys=capsys)
    assert code == 0 and "2025 = { target = 99.5, forecast" in (root / PLAN).read_text(encoding="utf-8")
    # an uncommitted change in the same file is not swept into this commit
    code, _, err = run("set", "--repo", str(root), "--no-commit", PLAN, "items.klimatplan.end", "2025-12-01", capsys=capsys)
    head = git(root, "rev-parse", "HEAD")
    code, _, err = run("set", "--repo", str(root), PLAN, "items.klimatplan.status", "Slutförd", capsys=capsys)
    assert code == 1 and "inte är committade" in err and git(root, "rev-parse", "HEAD") == head
    # an impossible date is refused
    code, _, err = run("set", "--repo", str(root), "--no-commit", PLAN, "items.klimatplan.end", "2025-13-45", capsys=capsys)
    assert code == 1 and "är inget datum" in err


def test_global_repo_option_works_before_the_subcommand(make_repo, capsys, tmp_path, monkeypatch):
    root = make_repo({PLAN: PLAN_TEXT.replace('responsible = "stab"', 'responsible = "saknas"')})
    monkeypatch.chdir(tmp_path)
    code, out, err = run("--repo", str(root), "validate", capsys=capsys)
    assert code == 1 and "okänd enhet 'saknas'" in out
    code, out, err = run("set", "--repo", str(root), PLAN, "items.nope.status", "x", capsys=capsys)
    assert code == 2 and err == f"verksam: {PLAN}: ingen post med id 'nope'\n"


def test_text_output_in_english_with_lang_en(sample_repo, capsys):
    code, out, err = run("summary", "--repo", str(sample_repo), "--period", "2025-04", "--lang", "en", capsys=capsys)
    assert code == 0 and "Report date 2025-04-30" in out and "Assignments and initiatives" in out
    assert "Rapportdatum" not in out
    code, out, err = run("--lang", "en", "diff", "--repo", str(sample_repo), "2025", "2025-04", capsys=capsys)
    assert "Differences 2025 → 2025-04" in out and "end date: 2025-03-31 → 2025-12-01 (later)" in out
    code, out, err = run("summary", "--repo", str(sample_repo), "--period", "2025-04", capsys=capsys)
    assert "Rapportdatum 2025-04-30" in out


def test_set_with_a_refusing_hook_changes_nothing(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT}, with_git=True)
    hook = root / ".git" / "hooks" / "pre-commit"
    hook.write_text("#!/bin/sh\nexit 1\n")
    hook.chmod(0o755)
    before = (root / PLAN).read_bytes()
    code, out, err = run("set", "--repo", str(root), PLAN, "items.klimatplan.status", "Slutförd", capsys=capsys)
    assert code == 1 and "Git tog inte emot ändringen" in err and out == ""
    assert (root / PLAN).read_bytes() == before and git(root, "status", "--porcelain") == ""
