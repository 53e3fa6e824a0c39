"""The writer: byte-identical round trips, one changed value = one changed line, checked re-reads,
refusals (changed on disk, invalid result) and atomic writes."""

from __future__ import annotations

import datetime as dt
import difflib
import os
import shutil
import stat
from pathlib import Path

import pytest
import rtoml
import tomlkit

from verksam.store.writer import ChangedOnDisk, FileEditor, WriteRefused, parse_key, parse_value

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "roundtrip.toml"


@pytest.fixture
def plan(tmp_path) -> tuple[Path, str]:
    (tmp_path / "plans").mkdir()
    shutil.copy(FIXTURE, tmp_path / "plans" / "plan.toml")
    return tmp_path, "plans/plan.toml"


def changed_lines(a: str, b: str) -> list[str]:
    return [l for l in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
            if l[:1] in "+-" and not l.startswith(("+++", "---"))]


def test_load_and_save_without_change_is_byte_identical(plan):
    root, rel = plan
    before = (root / rel).read_bytes()
    ed = FileEditor(root, rel)
    res = ed.save()
    assert not res.changed
    assert (root / rel).read_bytes() == before


@pytest.mark.parametrize("path", sorted((ROOT / "plans").rglob("*.toml")), ids=lambda p: p.name)
def test_every_plan_file_round_trips_byte_identical(path):
    text = path.read_text(encoding="utf-8")
    assert tomlkit.dumps(tomlkit.parse(text)) == text


@pytest.mark.parametrize(
    "key,value,line",
    [
        (("items", 0, "status"), "Slutförd", 'status = "Slutförd"'),
        (("items", "klimatplan", "responsible"), "ekonomi", 'responsible   = "ekonomi"        # padded'),
        (("indicators", 0, "values", "2024", "target"), 101, "2024 = {outcome=99.0, target = 101}   # odd spacing"),
        (("items", 1, "end"), "2025-09", 'end = "2025-09"'),
        (("title",), "Ny titel", 'title    =    "Ny titel"'),
        (("meta", "dnr"), "KS 2025-1", 'meta.dnr = "KS 2025-1"      # dotted key'),
    ],
)
def test_one_changed_value_is_one_changed_line(plan, key, value, line):
    root, rel = plan
    before = (root / rel).read_text(encoding="utf-8")
    ed = FileEditor(root, rel)
    ed.set(key, value)
    ed.save()
    after = (root / rel).read_text(encoding="utf-8")
    diff = changed_lines(before, after)
    assert len(diff) == 2, diff
    assert diff[1] == "+" + line


def test_adding_a_year_lands_in_the_values_table(plan):
    """tomlkit bug (PR #588 family): a new key under dotted keys swallowed the next tables.
    Our layout uses a real [indicators.values] table and inline tables for new values."""
    root, rel = plan
    ed = FileEditor(root, rel)
    ed.set(("indicators", 0, "values", "2029"), {"target": 50.0, "forecast": 49.0})
    ed.save()
    data = rtoml.loads((root / rel).read_text(encoding="utf-8"))
    assert data["indicators"][0]["values"]["2029"] == {"target": 50.0, "forecast": 49.0}
    assert data["indicators"][0]["comments"][0]["label"] == "Senaste kommentar"
    assert len(data["items"]) == 2


def test_known_tomlkit_corruption_is_refused_not_written(tmp_path):
    """The dotted-key layout that tomlkit 0.15 corrupts: our re-read check refuses the write."""
    text = '[[indicators]]\nid = "a"\nvalues.2024 = { outcome = 1 }\nvalues.2025 = { outcome = 2 }\n\n[[items]]\nid = "x"\n'
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "f.toml").write_text(text, encoding="utf-8")
    ed = FileEditor(tmp_path, "plans/f.toml")
    ed.doc["indicators"][0]["values"]["2029"] = {"target": 5}  # a plain dict: tomlkit's own way
    ed.data["indicators"][0]["values"]["2029"] = {"target": 5}
    ed.dirty = True
    new = ed.render()
    if rtoml.loads(new) != ed.data:  # the bug is live: the writer must refuse
        with pytest.raises(WriteRefused):
            ed.save()
        assert (tmp_path / "plans" / "f.toml").read_text(encoding="utf-8") == text
    else:  # fixed upstream: then the result must at least be right
        ed.save()
        assert rtoml.loads((tmp_path / "plans" / "f.toml").read_text(encoding="utf-8")) == ed.data


def test_multiline_text_stays_multiline(plan):
    root, rel = plan
    ed = FileEditor(root, rel)
    ed.set(("contributions", 0, "contribution"), "Rad ett.\nRad två med åäö.\n")
    ed.save()
    text = (root / rel).read_text(encoding="utf-8")
    assert '"""\nRad ett.\nRad två med åäö.\n"""' in text or '"""Rad ett.\nRad två med åäö.\n"""' in text


def test_append_and_remove_items_and_comments(plan):
    root, rel = plan
    ed = FileEditor(root, rel)
    ed.append(("items",), {"id": "nytt", "kind": "initiativ", "title": "Nytt initiativ", "end": "2025-12"})
    ed.append(("items", "klimatplan", "comments"), {"text": "Pågår enligt plan.", "label": "Kommentar"})
    ed.save()
    data = rtoml.loads((root / rel).read_text(encoding="utf-8"))
    assert data["items"][-1]["id"] == "nytt"
    assert data["items"][0]["comments"][-1]["text"] == "Pågår enligt plan."
    ed.remove(("items", "nytt"))
    ed.save()
    assert [i["id"] for i in rtoml.loads((root / rel).read_text(encoding="utf-8"))["items"]] == ["klimatplan", "atgard-1"]


def test_refuses_when_file_changed_on_disk(plan):
    root, rel = plan
    ed = FileEditor(root, rel)
    ed.set(("items", 0, "status"), "Slutförd")
    other = (root / rel).read_text(encoding="utf-8").replace("Första åtgärden", "Kollegans ändring")
    (root / rel).write_text(other, encoding="utf-8")
    with pytest.raises(ChangedOnDisk):
        ed.save()
    assert (root / rel).read_text(encoding="utf-8") == other


def test_refuses_a_result_that_breaks_the_schema(plan):
    root, rel = plan
    before = (root / rel).read_bytes()
    ed = FileEditor(root, rel)
    ed.set(("items", 0, "status"), "Klar")
    with pytest.raises(WriteRefused, match="är inte något av"):
        ed.save()
    assert (root / rel).read_bytes() == before


def test_a_write_keeps_the_mode_and_leaves_no_temporary_file(plan):
    root, rel = plan
    os.chmod(root / rel, 0o640)
    ed = FileEditor(root, rel)
    ed.set(("items", 0, "status"), "Slutförd")
    ed.save()
    assert stat.S_IMODE((root / rel).stat().st_mode) == 0o640
    assert sorted(p.name for p in (root / "plans").iterdir()) == ["plan.toml"]


def test_parse_key_and_value():
    assert parse_key("items.3.status") == ("items", 3, "status")
    assert parse_key('indicators.x.values."2025-04".outcome') == ("indicators", "x", "values", "2025-04", "outcome")
    assert parse_key("indicators.0.values.2025.target") == ("indicators", 0, "values", "2025", "target")
    assert parse_value("42") == 42 and parse_value("Slutförd") == "Slutförd"
    assert str(parse_value("2025-12-01")) == "2025-12-01" and parse_value('"2025"') == "2025"


def test_appended_entries_are_set_apart_by_blank_lines(plan):
    root, rel = plan
    ed = FileEditor(root, rel)
    ed.append(("items", "klimatplan", "comments"), {"text": "Ny kommentar."})
    ed.append(("items",), {"id": "ny", "kind": "uppdrag", "title": "Nytt"})
    ed.save()
    text = (root / rel).read_text(encoding="utf-8")
    assert 'text = "Ny kommentar."\n\n[[items]]\nid = "atgard-1"' in text
    assert 'end = "2025-06"\n\n[[items]]\nid = "ny"' in text


def test_a_scalar_is_changed_in_the_text_without_tomlkit(plan):
    """A value that is written already is replaced where it stands (no tomlkit document is made):
    the rest of the file, comments and odd spacing included, stays byte for byte."""
    root, rel = plan
    before = (root / rel).read_text(encoding="utf-8")
    ed = FileEditor(root, rel)
    ed.set(("items", "klimatplan", "responsible"), 'eko"nomi\\')  # a quote and a backslash, escaped
    ed.set(("indicators", 0, "values", "2024", "target"), 101.5)
    ed.set(("items", 1, "end"), dt.date(2025, 9, 30))
    assert ed._doc is None
    new = ed.render()
    assert rtoml.loads(new) == ed.data
    assert len(changed_lines(before, new)) == 6
    assert 'responsible   = "eko\\"nomi\\\\"        # padded' in new


def test_what_the_text_cannot_take_goes_through_tomlkit(plan):
    """A multi-line text, a new key or a table is made by tomlkit, after the edits made in the
    text (which it starts from): every edit is in the result."""
    root, rel = plan
    ed = FileEditor(root, rel)
    ed.set(("items", 0, "status"), "Slutförd")
    ed.set(("items", 0, "note"), "två\nrader")
    assert ed._doc is not None
    new = ed.render()
    data = rtoml.loads(new)
    assert data["items"][0]["status"] == "Slutförd" and data["items"][0]["note"] == "två\nrader"
    assert data == ed.data


def test_a_span_that_would_mean_something_else_is_not_used(tmp_path):
    """A key written with an escape the scanner does not read: the text edit is not trusted (the
    re-read differs) and tomlkit makes the change."""
    (tmp_path / "plans").mkdir()
    text = 'kind = "plan"\n"st\\u0061tus" = "a"\nstatus2 = "b"\n'
    (tmp_path / "plans" / "f.toml").write_text(text, encoding="utf-8")
    ed = FileEditor(tmp_path, "plans/f.toml")
    ed.set(("status",), "c")
    assert rtoml.loads(ed.render()) == {"kind": "plan", "status": "c", "status2": "b"}
