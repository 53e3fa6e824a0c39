"""The check every save makes (`verksam.store.editcheck.added_errors`) reads only what an edit can
change, and finds exactly the errors the whole municipality's validation would add: compared
here with the municipality loaded whole (before and after), for edits of every kind of file and
key — a status, a broken reference, a control a follow-up names, a board goal, a period, the
municipality's units — in a municipality with two boards."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from verksam.store.editcheck import added_errors
from verksam.store.files import discover
from verksam.store.repository import PlanRepository
from verksam.store.writer import FileEditor

ROOT = Path(__file__).resolve().parents[2]
MUNI = "alingsas"


@pytest.fixture(scope="module", params=["alingsas", "norrtalje"])
def two_boards(tmp_path_factory, request) -> Path:
    """Alingsås's plans (controls and their results) or Norrtälje's (board goals), with the board
    copied as a second board (the same ids twice: the duplicates across boards are there before
    every edit)."""
    global MUNI
    MUNI = request.param
    root = tmp_path_factory.mktemp("editcheck")
    shutil.copytree(ROOT / "plans" / MUNI, root / "plans" / MUNI)
    shutil.copytree(ROOT / "schemas", root / "schemas")
    shutil.copytree(root / "plans" / MUNI / "kommunstyrelsen", root / "plans" / MUNI / "bun")
    if MUNI == "norrtalje":  # a follow-up whose item names a board goal of the plan (another document)
        (root / "plans" / MUNI / "kommunstyrelsen" / "2022" / "followup").mkdir()
        (root / "plans" / MUNI / "kommunstyrelsen" / "2022" / "followup" / "2022-08.toml").write_text(
            'kind = "followup"\nperiod = "2022-08"\ngoal_period = "2022-2024"\n\n[[items]]\nid = "ny-atgard"\n'
            'kind = "uppdrag"\ngoal = "tsk-fokusomrade-1"\ntitle = "Ny åtgärd"\n', encoding="utf-8")
    m = root / "plans" / MUNI / "municipality.toml"
    m.write_text(m.read_text(encoding="utf-8") + '\n[[boards]]\nid = "bun"\nname = "Barn- och ungdomsnämnden"\n',
                 encoding="utf-8")
    return root


_REPOS: dict[Path, tuple] = {}


def whole(root: Path, overrides: dict[str, str]) -> set:
    """The errors the edit adds, by loading the whole municipality before and after."""
    if root not in _REPOS:  # the files on disk do not change: read and checked once
        repo = PlanRepository(root)
        _REPOS[root] = repo, {(p.file, p.message) for p in repo.load(municipalities={MUNI}).errors}
    repo, before = _REPOS[root]
    after = repo.load(overrides=overrides, municipalities={MUNI}).errors
    return {(p.file, p.message) for p in after if (p.file, p.message) not in before}


EDITS = [
    (("items", 0, "status"), "Slutförd"),
    (("items", 0, "responsible"), "ingen-sadan-enhet"),
    (("items", 0, "id"), "nytt-id"),
    (("items", 0, "goal"), "inget-mal"),
    (("controls", 0, "id"), "annan-kontroll"),
    (("controls", 0, "risk"), "ingen-risk"),
    (("risks", 0, "id"), "annan-risk"),
    (("control_results", 0, "id"), "ingen-kontroll"),
    (("control_results", 0, "id"), "kontroll-cyberhot"),  # another control of the year: valid
    (("controls", 6, "id"), "kontroll-cyberhot-2"),  # a control no follow-up names
    (("control_results", 0, "unit"), "ingen-enhet"),
    (("board_goals", 0, "id"), "annat-mal"),
    (("board_goals", 0, "goal"), "inget-mal"),
    (("items", 0, "goal"), "tsk-fokusomrade-1"),  # a board goal of another document of the board
    (("items", 0, "goal"), "tsk-fokusomrade-2"),
    (("indicators", 0, "goal"), "tsk-fokusomrade-1"),
    (("indicators", 0, "id"), "ingen-indikator"),
    (("tables", 0, "rows", 0, "unit"), "ingen-enhet"),
    (("period",), "2023"),
    (("goal_period",), "2019-2021"),
    (("kind",), "budget"),
    (("units", 0, "id"), "ny-enhet"),
    (("boards", 1, "id"), "ny-namnd"),
    (("goals", 0, "id"), "nytt-mal"),
    (("title",), "Ny titel"),
]


def _edits(root: Path, per_edit: int = 4):
    """Each edit in the first few files (of either board, and the definitions) that have its key."""
    tried: dict[tuple, int] = {}
    rels = discover(root)
    rels = [r for r in rels if "/bun/" not in r] + [r for r in rels if "/bun/" in r][::-1]  # both boards early
    for rel in rels:
        for path, value in EDITS:
            if tried.get((path, value), 0) >= per_edit:
                continue
            ed = FileEditor(root, rel)
            try:
                ed.get(path)
            except (KeyError, IndexError, TypeError, ValueError, LookupError):
                continue
            try:
                ed.set(path, value)
            except Exception:
                continue
            tried[(path, value)] = tried.get((path, value), 0) + 1
            yield rel, path, ed.render()


def test_the_scoped_check_finds_what_the_whole_municipality_would(two_boards):
    tried = differ = found = 0
    for rel, path, text in _edits(two_boards):
        ours = {(p.file, p.message) for p in added_errors(two_boards, {rel: text})}
        ref = whole(two_boards, {rel: text})
        tried += 1
        found += bool(ref)
        if ours != ref:
            differ += 1
            pytest.fail(f"{rel} {path}: the scoped check found {sorted(ours - ref)} more and {sorted(ref - ours)} less")
    assert tried > 25 and found > 10  # edits of every kind were tried, and many of them add errors


def test_two_files_edited_together(two_boards):
    if MUNI != "alingsas":
        pytest.skip("Alingsås has the controls")
    a = f"plans/{MUNI}/kommunstyrelsen/2022/controls.toml"
    b = f"plans/{MUNI}/kommunstyrelsen/2022/followup/2022-08.toml"
    ea, eb = FileEditor(two_boards, a), FileEditor(two_boards, b)
    ea.set(("controls", 0, "id"), "ny-kontroll")
    eb.set(("control_results", 0, "id"), "ny-kontroll")  # the follow-up follows the renamed control
    texts = {a: ea.render(), b: eb.render()}
    assert {(p.file, p.message) for p in added_errors(two_boards, texts)} == whole(two_boards, texts)
