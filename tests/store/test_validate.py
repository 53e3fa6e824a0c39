"""Every validation rule, with a failing and a passing case and the exact line and column."""

from __future__ import annotations

import pytest

from verksam.store.repository import PlanRepository

PLAN = "plans/test/ks/2025/plan.toml"
FOLLOWUP = "plans/test/ks/2025/followup/2025-04.toml"
HEAD = 'kind = "plan"\nperiod = "2025"\ntitle = "Plan"\ngoal_period = "2025-2027"\n'
FU_HEAD = 'kind = "followup"\nperiod = "2025-04"\ntitle = "April"\ngoal_period = "2025-2027"\ndate = 2025-04-30\n'


def problems(root, code=None):
    snap = PlanRepository(root).load()
    return [p for p in snap.problems if code is None or p.code == code]


def only(root, code):
    found = problems(root, code)
    assert len(found) == 1, [p.format() for p in problems(root)]
    return found[0]


def test_base_repository_is_clean(make_repo):
    assert problems(make_repo({PLAN: HEAD})) == []


def test_syntax_error_located(make_repo):
    root = make_repo({PLAN: HEAD + 'x = [1,\ny = 2\n'})
    p = only(root, "syntax")
    assert (p.file, p.line, p.severity) == (PLAN, 6, "error")
    assert p.format().startswith(f"{PLAN}:6:")


def test_broken_file_does_not_stop_the_rest(make_repo):
    root = make_repo({PLAN: "kind = \n", "plans/test/ks/2025/budget.toml": 'kind = "budget"\nperiod = "2025"\ntitle = "B"\n'})
    snap = PlanRepository(root).load()
    assert [p.code for p in snap.errors] == ["syntax"]
    assert [d.kind for d in snap.workspace.municipalities["test"].documents] == ["budget"]


def test_unknown_key_points_at_the_key(make_repo):
    root = make_repo({PLAN: HEAD + '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\nstauts = "Påbörjad"\n'})
    p = only(root, "schema")
    assert (p.line, p.col) == (10, 1)
    assert "okänd nyckel 'stauts'" in p.message


def test_enum_error_points_at_the_value(make_repo):
    root = make_repo({PLAN: HEAD + '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\nstatus = "Klar"\n'})
    p = only(root, "schema")
    assert (p.line, p.col) == (10, 10)
    assert "'Klar' är inte något av" in p.message


def test_type_error_in_values_table(make_repo):
    root = make_repo({PLAN: HEAD + '\n[[indicators]]\nid = "budgetfoljsamhet"\ngoal = "im-2025-1-1"\n\n[indicators.values]\n2024 = { outcome = true }\n'})
    p = only(root, "schema")
    assert (p.line, p.col) == (11, 20)


def test_unknown_unit_reference(make_repo):
    text = HEAD + '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\nresponsible = "nope"\n'
    p = only(make_repo({PLAN: text}), "unknown-unit")
    assert (p.line, p.col, p.severity) == (10, 15, "error")
    assert problems(make_repo({PLAN: text.replace('"nope"', '"stab"')}), "unknown-unit") == []


def test_unknown_goal_and_indicator(make_repo):
    text = HEAD + '\n[[indicators]]\nid = "saknas"\ngoal = "im-2025-9-9"\n'
    root = make_repo({PLAN: text})
    assert (only(root, "unknown-goal").line, only(root, "unknown-goal").col) == (8, 8)
    assert (only(root, "unknown-indicator").line, only(root, "unknown-indicator").col) == (7, 6)


def test_unknown_parent_item(make_repo):
    text = HEAD + '\n[[items]]\nid = "b"\nkind = "åtgärd"\ntitle = "B"\nparent = "a"\n'
    p = only(make_repo({PLAN: text}), "unknown-parent")
    assert (p.line, p.col) == (10, 10)
    ok = text + '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\n'
    assert problems(make_repo({PLAN: ok}), "unknown-parent") == []


def test_duplicate_ids(make_repo):
    item = '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\n'
    p = only(make_repo({PLAN: HEAD + item + item}), "duplicate-id")
    assert (p.line, p.col) == (12, 6)


def test_total_off_by_more_than_two_warns(make_repo):
    table = """
[[tables]]
id = "t"
title = "Driftbudget"
columns = [{ heading = "Budget 2025", measure = "budget", period = "2025" }, { heading = "Plan 2026", measure = "plan", period = "2026" }]

[[tables.rows]]
id = "a"
label = "A"
values = [10, 20]

[[tables.rows]]
id = "b"
label = "B"
values = [5, 7]

[[tables.rows]]
id = "s"
label = "Summa"
total = true
values = [16, 30]
"""
    p = only(make_repo({PLAN: HEAD + table}), "total-mismatch")
    assert (p.line, p.col, p.severity) == (25, 15, "warning")
    assert "Plan 2026" in p.message and "27" in p.message
    assert problems(make_repo({PLAN: HEAD + table.replace("[16, 30]", "[16, 28]")}), "total-mismatch") == []


def test_date_outside_plan_years_and_end_before_start(make_repo):
    text = HEAD + '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\nstart = 2025-02-01\nend = 2202-12-31\n'
    p = only(make_repo({PLAN: text}), "date-outside-plan")
    assert (p.line, p.col, p.severity) == (11, 7, "warning")
    text2 = text.replace("2202-12-31", "2025-01-15")
    assert problems(make_repo({PLAN: text2}), "date-outside-plan") == []
    assert only(make_repo({PLAN: text2}), "end-before-start").line == 11


def test_comment_after_report_date(make_repo):
    fu = FU_HEAD + '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\n\n[[items.comments]]\ndate = 2025-05-02\ntext = "x"\n'
    plan = HEAD + '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\n'
    p = only(make_repo({PLAN: plan, FOLLOWUP: fu}), "comment-after-report")
    assert (p.file, p.line, p.col) == (FOLLOWUP, 13, 8)
    ok = fu.replace("2025-05-02", "2025-04-30")
    assert problems(make_repo({PLAN: plan, FOLLOWUP: ok}), "comment-after-report") == []


def test_followup_and_plan_items_must_match(make_repo):
    plan = HEAD + '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\n'
    fu = FU_HEAD + '\n[[items]]\nid = "b"\nkind = "uppdrag"\ntitle = "B"\n'
    root = make_repo({PLAN: plan, FOLLOWUP: fu})
    new = only(root, "followup-not-in-plan")
    assert (new.file, new.line, new.col) == (FOLLOWUP, 8, 6)
    forgot = only(root, "plan-item-not-followed")
    assert forgot.file == FOLLOWUP and "'a'" in forgot.message
    fu_ok = fu.replace('id = "b"', 'id = "a"')
    root2 = make_repo({PLAN: plan, FOLLOWUP: fu_ok})
    assert problems(root2, "followup-not-in-plan") == [] and problems(root2, "plan-item-not-followed") == []


def test_restated_outcome_warns(make_repo):
    ind = '\n[[indicators]]\nid = "budgetfoljsamhet"\ngoal = "im-2025-1-1"\n\n[indicators.values]\n2023 = { outcome = %s }\n'
    plan = HEAD + ind % "21.1"
    fu = FU_HEAD + ind % "6.6"
    p = only(make_repo({PLAN: plan, FOLLOWUP: fu}), "restated")
    assert (p.file, p.line, p.col) == (FOLLOWUP, 12, 20)
    assert problems(make_repo({PLAN: plan, FOLLOWUP: FU_HEAD + ind % "21.1"}), "restated") == []


def test_risk_value_must_be_probability_times_consequence(make_repo):
    controls = 'kind = "controls"\nperiod = "2025"\ntitle = "IK"\n\n[[risks]]\nid = "r"\ntitle = "R"\nprobability = 3\nconsequence = 2\nvalue = 8\n'
    p = only(make_repo({"plans/test/ks/2025/controls.toml": controls}), "risk-value")
    assert (p.line, p.col) == (10, 9)
    assert problems(make_repo({"plans/test/ks/2025/controls.toml": controls.replace("value = 8", "value = 6")}), "risk-value") == []


def test_unknown_risk_in_control(make_repo):
    controls = 'kind = "controls"\nperiod = "2025"\ntitle = "IK"\n\n[[controls]]\nid = "k"\nrisk = "saknas"\n'
    p = only(make_repo({"plans/test/ks/2025/controls.toml": controls}), "unknown-risk")
    assert (p.line, p.col) == (7, 8)


@pytest.mark.parametrize("kind", ["plan", "budget", "followup", "controls", "goals", "indicators", "municipality"])
def test_schemas_are_shipped_and_current(kind):
    import json
    from pathlib import Path

    from verksam.store.schema_source import build_schemas, render

    path = Path(__file__).resolve().parents[2] / "schemas" / f"{kind}.schema.json"
    assert path.read_text(encoding="utf-8") == render(build_schemas()[kind]), "run python -m verksam.store.schema_source"
    json.loads(path.read_text(encoding="utf-8"))


def test_project_plans_have_no_errors():
    from pathlib import Path

    snap = PlanRepository(Path(__file__).resolve().parents[2]).load()
    assert [p.format() for p in snap.errors] == []


def test_split_arrays_of_tables_are_an_error(make_repo):
    item = '\n[[items]]\nid = "%s"\nkind = "uppdrag"\ntitle = "A"\n'
    section = '\n[[sections]]\nid = "s"\ntitle = "S"\ntext = ""\n'
    p = only(make_repo({PLAN: HEAD + item % "a" + section + item % "b"}), "layout")
    assert (p.line, p.col) == (16, 3)
    assert problems(make_repo({PLAN: HEAD + item % "a" + item % "b" + section}), "layout") == []


def test_iso_shaped_dates_must_be_dates(make_repo):
    text = HEAD + '\n[[items]]\nid = "a"\nkind = "uppdrag"\ntitle = "A"\nend = "2025-13-45"\n'
    p = only(make_repo({PLAN: text}), "bad-date")
    assert (p.line, p.col, p.severity) == (10, 7, "error")
    for ok in ('"2025-12"', '"Q1 2025"', '"31 mars"', "2025-12-31"):
        assert problems(make_repo({PLAN: text.replace('"2025-13-45"', ok)}), "bad-date") == []
