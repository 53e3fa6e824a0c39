"""Files that are not plain files, paths that lead out of plans/, huge and odd files: each is one
located problem, nothing hangs, the rest of the repository still loads (validate and the store).
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from tests.conftest import MUNICIPALITY
from verksam.cli.main import main
from verksam.model.problems import MAX_PER_FILE
from verksam.store import files
from verksam.store.repository import PlanRepository

PLAN = "plans/test/ks/2025/plan.toml"
PLAN_TEXT = """\
kind = "plan"
period = "2025"
title = "Plan"
goal_period = "2025-2027"

[[items]]
id = "klimatplan"
kind = "uppdrag"
goal = "im-2025-5-1"
title = "Klimatplan"
responsible = "stab"
"""


def validate(root: Path) -> tuple[int, str, str]:
    """validate in a real process (a hang would be a failure: the timeout is a guard, not a
    measurement)."""
    p = subprocess.run([sys.executable, "-m", "verksam", "validate", "--repo", str(root)],
                       capture_output=True, text=True, timeout=120)
    return p.returncode, p.stdout, p.stderr


def problems_of(root: Path, rel: str) -> list:
    snap = PlanRepository(root).load()
    return [p for p in snap.problems if p.file == rel]


def loads_the_rest(root: Path) -> None:
    snap = PlanRepository(root).load()
    doc = snap.workspace.municipalities["test"].documents[0]
    assert doc.item("klimatplan") is not None  # the good file is read


def test_fifo_named_toml_is_one_problem_and_never_opened(make_repo):
    root = make_repo({PLAN: PLAN_TEXT})
    os.mkfifo(root / "plans/test/pipe.toml")
    code, out, err = validate(root)  # would hang forever if it opened the FIFO
    assert code == 1
    line = [l for l in out.splitlines() if "pipe.toml" in l]
    assert line == ["plans/test/pipe.toml:1:1: error: inte en vanlig fil (en namngiven rörledning, FIFO); den läses "
                    "inte (ta bort den eller ersätt den med en vanlig fil)"]
    assert err.startswith("5 filer: 1 fel")
    loads_the_rest(root)


def test_symlink_to_dev_zero_is_not_followed(make_repo):
    root = make_repo({PLAN: PLAN_TEXT})
    os.symlink("/dev/zero", root / "plans/test/zero.toml")
    code, out, _ = validate(root)
    assert code == 1
    assert "plans/test/zero.toml:1:1: error: en symbolisk länk (till /dev/zero)" in out
    loads_the_rest(root)


def test_symlinks_inside_plans_are_reported(make_repo, tmp_path):
    root = make_repo({PLAN: PLAN_TEXT})
    outside = tmp_path / "outside"
    (outside / "2025").mkdir(parents=True)
    (outside / "2025" / "plan.toml").write_text(PLAN_TEXT.replace("klimatplan", "fran-utsidan"), encoding="utf-8")
    os.symlink(outside, root / "plans/test/linked")          # a folder outside
    os.symlink("nowhere.toml", root / "plans/test/dangling.toml")
    os.symlink("loop.toml", root / "plans/test/loop.toml")
    os.symlink("ks/2025/plan.toml", root / "plans/test/inside.toml")  # even to a file inside
    (root / "plans/test/folder.toml").mkdir()
    found = {p.file: p for p in PlanRepository(root).load().problems if p.code == "not-a-plan-file"}
    assert set(found) == {"plans/test/linked", "plans/test/dangling.toml", "plans/test/loop.toml",
                          "plans/test/inside.toml", "plans/test/folder.toml"}
    assert "slinga" in found["plans/test/loop.toml"].message
    assert "finns" in found["plans/test/dangling.toml"].message
    assert "mapp" in found["plans/test/folder.toml"].message
    assert all((p.line, p.col, p.severity) == (1, 1, "error") for p in found.values())
    ws = PlanRepository(root).load().workspace
    items = [it.id for d in ws.municipalities["test"].documents for it in d.items]
    assert items == ["klimatplan"]  # nothing read through a link
    code, out, _ = validate(root)
    assert code == 1 and sum(1 for l in out.splitlines() if ":1:1: error:" in l) == 5


def test_a_path_out_of_plans_is_not_read(make_repo, tmp_path):
    root = make_repo({PLAN: PLAN_TEXT})
    (tmp_path / "secret.toml").write_text('kind = "plan"\n', encoding="utf-8")
    with pytest.raises(files.Unreadable) as e:
        files.read_plan_bytes(root, "plans/../../secret.toml")
    assert e.value.problem.code == "not-a-plan-file" and "utanför" in e.value.problem.message


def _unreadable_as(root: Path, rel: str) -> list[str]:
    """The problems of a file made unreadable (mode 000). Root reads any file, so as root the
    reading is done in a forked child that has given up root (uid/gid 65534)."""
    (root / rel).chmod(0)
    if os.geteuid() != 0:
        return [p.message for p in problems_of(root, rel)]
    r, w = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: no root, read, report, exit
        try:
            os.close(r)
            os.setgroups([])
            os.setgid(65534)
            os.setuid(65534)
            st = files.read_file(root, rel)
            os.write(w, "\n".join(p.message for p in st.problems).encode())
        finally:
            os._exit(0)
    os.close(w)
    data = b""
    while chunk := os.read(r, 65536):
        data += chunk
    os.close(r)
    os.waitpid(pid, 0)
    return data.decode().splitlines()


def test_an_unreadable_file_is_one_problem():
    # a folder of our own that uid 65534 may enter (pytest's tmp_path is private to root)
    root = Path(tempfile.mkdtemp(prefix="verksam-unreadable-"))
    try:
        root.chmod(0o755)
        rel = "plans/test/hemlig.toml"
        (root / "plans/test").mkdir(parents=True)
        for d in (root / "plans", root / "plans/test"):
            d.chmod(0o755)
        (root / "plans/test/municipality.toml").write_text(MUNICIPALITY, encoding="utf-8")
        (root / rel).write_text('kind = "plan"\n', encoding="utf-8")
        messages = _unreadable_as(root, rel)
        assert messages == ["filen kan inte läsas: Permission denied"]
    finally:
        (root / "plans/test/hemlig.toml").chmod(0o644)
        import shutil

        shutil.rmtree(root)


def test_an_unreadable_file_does_not_stop_validate(make_repo):
    """The rest is checked whatever one file does: a loop, a FIFO, a folder all at once."""
    root = make_repo({PLAN: PLAN_TEXT.replace('responsible = "stab"', 'responsible = "okand"')})
    os.symlink("loop.toml", root / "plans/test/loop.toml")
    os.mkfifo(root / "plans/test/pipe.toml")
    code, out, err = validate(root)
    assert code == 1
    assert "unknown unit 'okand'" in out or "okand" in out  # the good files were checked
    assert "plans/test/loop.toml:1:1" in out and "plans/test/pipe.toml:1:1" in out


def test_a_file_over_the_size_cap_is_not_read(make_repo):
    root = make_repo({PLAN: PLAN_TEXT})
    big = root / "plans/test/ks/2025/stor.toml"
    with open(big, "wb") as f:
        f.truncate(files.MAX_BYTES + 1)  # sparse: no 32 MB written
    msgs = [p.message for p in problems_of(root, "plans/test/ks/2025/stor.toml")]
    assert msgs == [f"filen är för stor (32 MB; gränsen är {files.MAX_BYTES // 2**20} MB) och läses inte"]
    loads_the_rest(root)


def test_ten_megabytes_of_wrong_values_give_capped_bounded_output(make_repo):
    wrong = ", ".join(["1"] * 1_100_000)  # 3.3 MB of numbers where unit ids belong
    words = ", ".join(['"x"'] * 600_000)  # 3.6 MB of unknown unit ids
    text = PLAN_TEXT + f"contributors = [{wrong}]\n\n[[items]]\nid = \"b\"\nkind = \"uppdrag\"\ntitle = \"B\"\n" \
                       f"contributors = [{words}]\n"
    root = make_repo({PLAN: text})
    code, out, err = validate(root)
    assert code == 1
    lines = [l for l in out.splitlines() if l.startswith(PLAN)]
    assert len(lines) == MAX_PER_FILE + 1  # a hundred problems and one line for the rest
    assert "… och fler än" in lines[-1] and "problem till i den här filen, som inte visas" in lines[-1]
    assert len(out) < 100_000


def test_duplicate_ids_in_indicator_definitions_and_scales(make_repo):
    controls = """\
    kind = "controls"
    period = "2025"
    title = "Internkontrollplan"

    [[scales]]
    id = "sannolikhet"
    title = "S"
    levels = [{ value = 1, label = "Låg" }, { value = 1, label = "Hög" }]

    [[scales]]
    id = "sannolikhet"
    title = "S igen"
    """
    root = make_repo({"plans/test/ks/2025/controls.toml": controls})
    with open(root / "plans/test/indicators.toml", "a", encoding="utf-8") as f:
        f.write('\n[[indicators]]\nid = "budgetfoljsamhet"\nname = "Igen"\n')
    probs = [p for p in PlanRepository(root).load().errors if p.code == "duplicate-id"]
    msgs = sorted(f"{p.file}:{p.line}: {p.message}" for p in probs)
    assert msgs == [
        "plans/test/indicators.toml:11: indikatordefinition med id 'budgetfoljsamhet' finns redan (först i plans/test/indicators.toml)",
        "plans/test/ks/2025/controls.toml:11: skala med id 'sannolikhet' finns redan (först i plans/test/ks/2025/controls.toml)",
        "plans/test/ks/2025/controls.toml:8: nivån 1 finns två gånger i skalan 'sannolikhet'",
    ]


def test_a_bom_is_refused_by_validate_and_by_set_alike(make_repo, capsys):
    root = make_repo({PLAN: PLAN_TEXT})
    p = root / PLAN
    p.write_bytes(files.BOM + p.read_bytes())
    code, out, _ = validate(root)
    assert code == 1 and f"{PLAN}:1:1: error: filen börjar med ett byte order mark (BOM)" in out
    before = p.read_bytes()
    code = main(["set", PLAN, "items.klimatplan.title", "Ny", "--no-commit", "--repo", str(root)])
    err = capsys.readouterr().err
    assert code == 1 and "byte order mark (BOM)" in err
    assert p.read_bytes() == before
