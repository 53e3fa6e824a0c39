"""The schemas as editors use them: every key explained in Swedish and English, allowed values
listed, dates typed; the repository's copy kept the same as verksam's own."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

from verksam.store.schema_source import build_schemas
from verksam.text.schema import FIELDS

ROOT = Path(__file__).resolve().parents[2]


def _properties(node, out):
    if isinstance(node, dict):
        for key, sub in (node.get("properties") or {}).items():
            out.append((key, sub))
        for v in node.values():
            _properties(v, out)
    elif isinstance(node, list):
        for v in node:
            _properties(v, out)
    return out


def test_every_key_has_a_swedish_and_english_description():
    seen = set()
    for name, schema in build_schemas().items():
        for key, sub in _properties(schema, []):
            seen.add(key)
            desc = sub.get("description", "")
            sv, en = FIELDS[key]
            assert desc.startswith(sv) and en in desc, f"{name}: {key}"
            if "enum" in sub:
                assert "Tillåtna värden / allowed values" in desc
                assert all(f'"{v}"' in desc for v in sub["enum"] if v), f"{name}: {key}"
    assert set(FIELDS) == seen, f"unused: {sorted(set(FIELDS) - seen)}"


def _run(*args, cwd):
    return subprocess.run([sys.executable, "-m", "verksam", *args], cwd=cwd, capture_output=True, text=True)


def test_a_date_that_is_a_string_is_an_error(tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    f = tmp_path / "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"
    lines = f.read_text(encoding="utf-8").splitlines(keepends=True)
    i = next(n for n, line in enumerate(lines) if line.startswith("date = "))
    lines[i] = 'date = "nonsense"\n'
    f.write_text("".join(lines), encoding="utf-8")
    r = _run("validate", "--repo", str(tmp_path), "--format", "json", cwd=tmp_path)
    assert r.returncode == 1
    errs = [p for p in json.loads(r.stdout)["problems"] if p["severity"] == "error"]
    assert [(p["file"], p["line"]) for p in errs] == [(str(f.relative_to(tmp_path)), i + 1)]
    assert "nonsense" in errs[0]["message"]


def test_schemas_check_and_write_keep_the_copy_current(tmp_path):
    shutil.copytree(ROOT / "plans", tmp_path / "plans")
    shutil.copytree(ROOT / "schemas", tmp_path / "schemas")
    assert _run("schemas", "--check", "--repo", str(tmp_path), cwd=tmp_path).returncode == 0
    stale = tmp_path / "schemas/plan.schema.json"
    stale.write_text(stale.read_text(encoding="utf-8").replace("Titel som i källan.", "Gammal text."), encoding="utf-8")
    r = _run("schemas", "--check", "--repo", str(tmp_path), cwd=tmp_path)
    assert r.returncode == 1 and "schemas/plan.schema.json" in r.stdout
    v = _run("validate", "--repo", str(tmp_path), cwd=tmp_path)
    assert "schemas/plan.schema.json:1:1: warning:" in v.stdout and v.returncode == 0
    w = _run("schemas", "--write", "--repo", str(tmp_path), cwd=tmp_path)
    assert w.returncode == 0 and "schemas/plan.schema.json" in w.stdout
    assert _run("schemas", "--check", "--repo", str(tmp_path), cwd=tmp_path).returncode == 0
    assert sorted(p.name for p in (tmp_path / "schemas").iterdir()) == sorted(p.name for p in (ROOT / "schemas").iterdir())
