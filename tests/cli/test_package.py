"""The installed package carries its JSON Schemas and the demo plans, so that validation works on
a plans repository that has no schemas/ of its own and `verksam demo` works outside a checkout."""

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_ships_schemas_and_demo_plans(tmp_path):
    p = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                        "-w", str(tmp_path), str(ROOT)], capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-2000:]
    [wheel] = list(tmp_path.glob("verksam-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for kind in ("plan", "budget", "followup", "controls", "goals", "indicators", "municipality"):
        assert f"verksam/schemas/{kind}.schema.json" in names
    plans = {n for n in names if n.startswith("verksam/demo_plans/") and n.endswith(".toml")}
    assert plans == {"verksam/demo_plans/" + str(p.relative_to(ROOT / "plans")) for p in (ROOT / "plans").rglob("*.toml")}
