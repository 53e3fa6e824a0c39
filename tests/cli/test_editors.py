"""The files as editors see them: Taplo's formatting and schema check agree with every plan file,
and the pre-commit hook's command works on the files it is given."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TAPLO = shutil.which("taplo") or str(Path(sys.executable).parent / "taplo")


@pytest.mark.skipif(not Path(TAPLO).exists(), reason="taplo is a dev dependency: pip install -e '.[dev]'")
@pytest.mark.parametrize("what", [["fmt", "--check"], ["check"]])
def test_taplo_accepts_every_plan_file(what):
    r = subprocess.run([TAPLO, *what], cwd=ROOT, capture_output=True, text=True)
    assert r.returncode == 0, r.stderr[-2000:]


def test_pre_commit_hook_is_validate_on_files():
    text = (ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8")
    assert "id: verksam-validate" in text and "entry: verksam validate" in text
    assert "pass_filenames: true" in text


def _verksam(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "verksam", *args], cwd=cwd, capture_output=True, text=True)


def test_validate_given_files_reports_only_those(tmp_path):
    repo = tmp_path / "repo"
    shutil.copytree(ROOT / "plans", repo / "plans")
    plan = repo / "plans/norrtalje/kommunstyrelsen/2025/plan.toml"
    other = repo / "plans/norrtalje/kommunstyrelsen/2025/budget.toml"
    other.write_text(other.read_text(encoding="utf-8") + "\n[broken\n", encoding="utf-8")
    r = _verksam("validate", "--repo", str(repo), str(plan.relative_to(repo)), cwd=repo)
    assert r.returncode == 0, r.stdout + r.stderr  # the broken budget is not among the files asked for
    assert "budget.toml" not in r.stdout
    r = _verksam("validate", "--repo", str(repo), "--format", "json", str(other.relative_to(repo)), cwd=repo)
    assert r.returncode == 1
    data = json.loads(r.stdout)
    assert data["errors"] >= 1 and {p["file"] for p in data["problems"]} == {str(other.relative_to(repo))}
    first = data["problems"][0]
    assert set(first) >= {"file", "line", "col", "severity", "message", "hint", "code"}


def test_validate_refuses_a_file_outside_the_repository(tmp_path):
    r = _verksam("validate", "--repo", str(ROOT), str(tmp_path / "x.toml"))
    assert r.returncode == 2 and "verksam:" in r.stderr and "Traceback" not in r.stderr


def test_the_app_says_it_needs_a_terminal():
    r = subprocess.run([sys.executable, "-m", "verksam", "--repo", str(ROOT)], stdin=subprocess.DEVNULL,
                       capture_output=True, text=True, timeout=60)
    assert r.returncode == 2
    assert "terminal" in r.stderr and "\x1b" not in r.stdout


def test_set_takes_a_number_as_swedish_excel_copies_it(tmp_path):
    """Excel copies 1 234,5 with a no-break space (U+00A0) or a narrow one (U+202F)."""
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    rel = "plans/norrtalje/kommunstyrelsen/2025/budget.toml"
    import rtoml

    data = rtoml.loads((tmp_path / rel).read_text(encoding="utf-8"))
    key = f"tables.{data['tables'][0]['id']}.rows.{data['tables'][0]['rows'][0]['id']}.values.0"
    for text in ("1\u00a0234,5", "2\u202f345,5"):
        r = _verksam("set", "--repo", str(tmp_path), "--no-commit", rel, key, text, cwd=tmp_path)
        assert r.returncode == 0, r.stdout + r.stderr
        got = rtoml.loads((tmp_path / rel).read_text(encoding="utf-8"))["tables"][0]["rows"][0]["values"][0]
        assert got == float(text.replace("\u00a0", "").replace("\u202f", "").replace(",", "."))
