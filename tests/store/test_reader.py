"""The fast reader (rtoml) must read every plan file exactly as the reference reader (tomllib)."""

import tomllib
from pathlib import Path

import pytest
import rtoml

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted((ROOT / "plans").rglob("*.toml")) + [ROOT / "tests" / "fixtures" / "roundtrip.toml"]


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_rtoml_reads_like_tomllib(path: Path):
    text = path.read_text(encoding="utf-8")
    assert rtoml.loads(text) == tomllib.loads(text)


def test_plan_files_are_lf_utf8_with_schema_line():
    for path in FILES[:-1]:
        raw = path.read_bytes()
        assert b"\r\n" not in raw, path
        first = raw.decode("utf-8").splitlines()[0]
        assert first.startswith("#:schema "), path
        target = (path.parent / first.split(" ", 1)[1].strip()).resolve()
        assert target.exists(), f"{path}: {first}"
