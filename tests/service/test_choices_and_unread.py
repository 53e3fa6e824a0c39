"""Pure helpers of the app's small things: the unit list narrowed as typed, and which files of a
document could not be read."""

from __future__ import annotations

from verksam.model.entities import Document, Municipality, Src, Unit
from verksam.service.choices import narrow, unit_groups
from verksam.service.unread import belongs, error_files, unread_files
from verksam.model.problems import Problem


def muni(mid: str, name: str, units: list[tuple[str, str]]) -> Municipality:
    m = Municipality(id=mid, name=name)
    m.units = [Unit(id=u, name=n, src=Src("x")) for u, n in units]
    return m


def test_units_grouped_by_municipality_and_narrowed_by_name_or_id_without_accents():
    groups = unit_groups([muni("n", "Norrtälje kommun", [("naringsliv", "Näringsliv- och etableringsenheten"),
                                                         ("ekonomi", "Ekonomiavdelningen")]),
                          muni("a", "Alingsås kommun", [("ekonomi", "Ekonomiavdelningen")])])
    assert [g.heading for g in groups] == ["Alingsås kommun", "Norrtälje kommun"]
    assert [c.value for c in groups[1].choices] == ["ekonomi", "naringsliv"]
    assert [(g.heading, [c.value for c in g.choices]) for g in narrow(groups, "NÄRING")] == [
        ("Norrtälje kommun", ["naringsliv"])]
    assert [g.heading for g in narrow(groups, "ekonomi")] == ["Alingsås kommun", "Norrtälje kommun"]
    assert narrow(groups, "ekonomi zzz") == []
    assert narrow(groups, "  ") == groups


FOLDER = "plans/n/ks/2025/followup/"


def test_a_file_belongs_to_its_document_by_folder_and_name():
    apr = Document("n", "ks", "followup", "2025-04", files=[FOLDER + "2025-04.toml"])
    assert belongs(FOLDER + "2025-04-ekonomi.toml", apr)
    assert not belongs(FOLDER + "2025-04-30.toml", apr)  # another period, not a part of April's
    assert not belongs("plans/n/ks/2025/plan-texter.toml", apr)
    plan = Document("n", "ks", "plan", "2025", files=["plans/n/ks/2025/plan-texter.toml"])
    assert belongs("plans/n/ks/2025/plan.toml", plan)
    assert not belongs("plans/n/ks/2025/budget.toml", plan)


def test_unread_files_are_the_documents_files_with_errors_that_no_document_holds():
    m = Municipality(id="n", name="N")
    apr = Document("n", "ks", "followup", "2025-04", files=[FOLDER + "2025-04.toml"])
    m.documents = [apr]
    problems = [Problem(FOLDER + "2025-04-ekonomi.toml", 3, 1, "error", "syntax"),
                Problem(FOLDER + "2025-04.toml", 9, 1, "error", "an unknown unit"),  # read: its part is shown
                Problem(FOLDER + "2025-04-hr.toml", 1, 1, "warning", "a warning only")]
    assert unread_files(m, apr, error_files(problems)) == [FOLDER + "2025-04-ekonomi.toml"]
    assert unread_files(m, apr, set()) == []
