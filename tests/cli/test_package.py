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
    # the import package is `verksam` alone: nothing a `tui` package on the index could overwrite
    tops = {n.split("/", 1)[0] for n in names}
    assert tops == {"verksam", wheel.name.split("-")[0] + "-" + wheel.name.split("-")[1] + ".dist-info"}, tops


def test_another_top_level_tui_package_does_not_break_verksam(tmp_path):
    """`tui` is taken on the package index; installing it beside verksam must change nothing. A
    `tui` package that fails on import stands first on the path, and verksam still runs."""
    fake = tmp_path / "site" / "tui"
    fake.mkdir(parents=True)
    (fake / "__init__.py").write_text("raise ImportError('this is somebody else\\'s tui package')\n")
    import os

    env = dict(os.environ, PYTHONPATH=f"{tmp_path / 'site'}{os.pathsep}{os.environ.get('PYTHONPATH', '')}")
    for args in (["--version"], ["validate", "--repo", str(ROOT)]):
        r = subprocess.run([sys.executable, "-m", "verksam", *args], capture_output=True, text=True, env=env)
        assert r.returncode == 0, r.stderr[-2000:]
    r = subprocess.run([sys.executable, "-c", "import tui"], capture_output=True, text=True, env=env)
    assert "somebody else" in r.stderr  # the fake really is the `tui` that Python finds
