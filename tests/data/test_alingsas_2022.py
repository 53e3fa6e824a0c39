"""Data checks for the Alingsås files transcribed from "Kommunstyrelsens budget 2022–2024"
(seed alingsas-ks-budget-2022-2024.txt). Standard library only."""

import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans" / "alingsas"
KS = PLANS / "kommunstyrelsen" / "2022"
ID_RE = re.compile(r"^[a-z0-9-]{1,48}$")


def load(path):
    with open(path, "rb") as fh:
        return tomllib.load(fh)


MUNI = load(PLANS / "municipality.toml")
GOALS = load(PLANS / "goals" / "2022-2024.toml")
DEFS = load(PLANS / "indicators.toml")
BUDGET = load(KS / "budget.toml")
CONTROLS = load(KS / "controls.toml")

ALL_FILES = [
    PLANS / "municipality.toml",
    PLANS / "goals" / "2022-2024.toml",
    PLANS / "indicators.toml",
    KS / "budget.toml",
    KS / "controls.toml",
]


def test_files_start_with_schema_line_and_kind():
    kinds = {}
    for path in ALL_FILES:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("#:schema "), path
        assert "\r" not in text, path
        schema = text.splitlines()[0].split(None, 1)[1]
        assert (path.parent / schema).resolve().parent == (ROOT / "schemas"), path
        kinds[path.name] = load(path)["kind"]
    assert kinds == {
        "municipality.toml": "municipality",
        "2022-2024.toml": "goals",
        "indicators.toml": "indicators",
        "budget.toml": "budget",
        "controls.toml": "controls",
    }


def test_headers():
    assert MUNI["name"] == "Alingsås kommun"
    assert GOALS["period"] == "2022-2024"
    assert GOALS["title"] == "Budget 2022–2024 (kommunfullmäktige)"
    assert BUDGET["period"] == "2022"
    assert BUDGET["goal_period"] == "2022-2024"
    assert BUDGET["title"] == "Kommunstyrelsens budget 2022–2024"
    assert str(BUDGET["date"]) == "2021-12-13"
    assert BUDGET["meta"]["Diarienummer"] == "2021.618 KS"
    assert set(BUDGET["meta"]) >= {
        "Typ av styrdokument", "Beslutande instans", "Diarienummer", "Gäller för",
        "Giltighetstid", "Revideras senast", "Dokumentansvarig",
    }
    assert CONTROLS["period"] == "2022"
    assert CONTROLS["title"] == "Internkontrollplan och risk- och väsentlighetsanalys 2022"


def test_organisation():
    boards = {b["id"] for b in MUNI["boards"]}
    assert boards == {"kommunfullmaktige", "kommunstyrelsen"}
    units = {u["id"]: u for u in MUNI["units"]}
    assert len(units) == len(MUNI["units"])
    for u in units.values():
        assert ID_RE.match(u["id"])
        assert u["parent"] == "" or u["parent"] in units
        assert u["board"] in boards
    avdelningar = [u for u in units.values() if u["type"] == "avdelning"]
    # "Kommunledningskontoret består av fem avdelningar" (L58)
    assert len(avdelningar) == 5
    assert all(u["parent"] == "kommunledningskontoret" for u in avdelningar)
    for role in ("HR-chef", "IT-chef", "Ekonomichef", "Stabschef", "Kommundirektör"):
        assert role not in {u["name"] for u in units.values()}


def test_goal_counts_and_links():
    goals = {g["id"]: g for g in GOALS["goals"]}
    assert list(goals) == ["im-2022-1", "im-2022-2", "im-2022-3"]
    assert all(g["type"] == "prioriterat mål" for g in goals.values())
    assert GOALS.get("goal_areas", []) == []
    bgs = BUDGET["board_goals"]
    assert [b["id"] for b in bgs] == [f"nm-2022-{n}" for n in range(1, 9)]
    assert all(b["goal"] in goals for b in bgs)
    assert [b["agenda2030"] for b in bgs] == [[], [9], [], [16], [16, 5, 10], [16], [16], [16]]


def test_indicators():
    defs = {d["id"]: d for d in DEFS["indicators"]}
    assert len(defs) == len(DEFS["indicators"]) == 13
    for d in defs.values():
        assert ID_RE.match(d["id"])
        assert d["type"] in ("KF", "nämnd")
        assert d["better"] in ("higher", "lower", "none")
    rows = BUDGET["indicators"]
    assert len(rows) == 9  # nyckeltal rows
    bg_ids = {b["id"] for b in BUDGET["board_goals"]}
    for r in rows:
        assert r["id"] in defs
        assert r["goal"] in bg_ids
        assert set(r["values"]) == {"2022"}
        assert "target" in r["values"]["2022"]
        assert r["baseline"]["year"] in (2020, 2021)
        assert isinstance(r["baseline"]["value"], (int, float))
    targets = [r["values"]["2022"]["target"] for r in rows]
    assert targets == [70, 90, 95, 2.9, 55, 25, 100, 85, 100]
    baselines = [r["baseline"]["value"] for r in rows]
    assert baselines == [66, 83.18, 89.64, 2.5, 49, 19, 100, 67, 100]
    # Every "Indikator:" line names KF indicators that have a definition.
    kf_names = {d["name"] for d in defs.values() if d["type"] == "KF"}
    for b in BUDGET["board_goals"]:
        line = b["extra"]["Indikator"]
        assert line in kf_names or all(
            part in kf_names for part in re.split(r"(?<=\(%\)), ", line)
        ), line


def test_no_uppdrag():
    # "Inga uppdrag har tilldelats kommunstyrelsen." (L165)
    assert BUDGET.get("items", []) == []
    sec = {s["id"]: s for s in BUDGET["sections"]}
    assert "Inga uppdrag har tilldelats kommunstyrelsen." in sec["uppdrag"]["text"]


def test_sections():
    secs = BUDGET["sections"]
    ids = [s["id"] for s in secs]
    assert len(ids) == len(set(ids))
    for s in secs:
        assert s.get("parent", "") in ("", *ids)
        assert "<i>" not in s["text"]
    fokus = next(s for s in secs if s["id"] == "fokusomraden")["text"]
    assert fokus.count("\n- ") == 12
    org = [s for s in secs if s.get("parent") == "organisation"]
    assert len(org) == 5


def _num(v):
    if isinstance(v, (int, float)):
        return v
    assert v == "", v
    return 0


# Totals that are off from their parts in the source, by (table, row) -> [diff per column]
SOURCE_OFF = {
    ("ekonomiska-ramar", "verksamhetens-kostnader"): [1, 1, 0, 0],
    ("exploatering", "verksamhetens-kostnader"): [1, 0, 0, 0],
}


def test_tables_and_totals():
    tables = {t["id"]: t for t in BUDGET["tables"]}
    assert list(tables) == ["ekonomiska-ramar", "investeringsbudget", "exploatering"]
    counts = {tid: len(t["rows"]) for tid, t in tables.items()}
    assert counts == {"ekonomiska-ramar": 10, "investeringsbudget": 17, "exploatering": 10}
    n_totals = 0
    for tid, t in tables.items():
        ncol = len(t["columns"])
        rows = {r["id"]: r for r in t["rows"]}
        assert len(rows) == len(t["rows"])
        for r in t["rows"]:
            assert len(r["values"]) == ncol, (tid, r["id"])
            if not r.get("total"):
                continue
            n_totals += 1
            parts = [rows[p] for p in r["sum_of"]]
            for i in range(ncol):
                s = sum(_num(p["values"][i]) for p in parts)
                diff = r["values"][i] - s
                assert abs(diff) <= 2, (tid, r["id"], i, diff)
                assert diff == SOURCE_OFF.get((tid, r["id"]), [0] * ncol)[i], (tid, r["id"], i, diff)
    assert n_totals == 11
    inv = {r["id"]: r for r in tables["investeringsbudget"]["rows"]}
    # "Den totala investeringsbudgeten för perioden 2022–2026 är 298 mnkr." (L219)
    assert sum(inv["totala-utgifter"]["values"][1:]) == 298020


def test_controls_and_risks():
    risks = {r["id"]: r for r in CONTROLS["risks"]}
    assert len(risks) == len(CONTROLS["risks"]) == 13
    for r in risks.values():
        assert r["value"] == r["probability"] * r["consequence"], r["id"]
        assert r["handling"] in ("Internkontrollpunkt", "Accepteras")
    controls = CONTROLS["controls"]
    assert len(controls) == 11
    for c in controls:
        assert c["risk"] in risks
        assert c["risk_value"] == risks[c["risk"]]["value"], c["id"]
        for key in ("process", "what", "method", "responsible_text", "followup"):
            assert c[key], (c["id"], key)
    # Every control's risk is a row of Bilaga 2 with the same title as in Bilaga 1.
    source = (ROOT.parent / "shared" / "seeds" / "alingsas-ks-budget-2022-2024.txt")
    if source.exists():
        lines = source.read_text(encoding="utf-8").splitlines()
        bil1 = [ln.split("\t") for ln in lines[257:269] if ln.strip()]
        assert [b[0] for b in bil1] == [risks[c["risk"]]["title"] for c in controls]
        assert [b[3] for b in bil1] == [c["what"] for c in controls]
        bil2 = [ln.split("\t") for ln in lines[273:286]]
        assert [b[0] for b in bil2] == [r["title"] for r in CONTROLS["risks"]]
    uncontrolled = set(risks) - {c["risk"] for c in controls}
    assert {risks[r]["handling"] for r in uncontrolled} == {"Accepteras"}


def test_scales_and_rules():
    scales = {s["id"]: s for s in CONTROLS["scales"]}
    assert set(scales) == {"sannolikhet", "vasentlighet"}
    levels = sum(len(s["levels"]) for s in scales.values())
    assert levels == 8
    for s in scales.values():
        assert [lv["value"] for lv in s["levels"]] == [1, 2, 3, 4]
        assert all(lv["label"] and lv["text"] for lv in s["levels"])
    rules = [(h["min"], h["max"]) for h in CONTROLS["handling_rules"]]
    assert rules == [(1, 4), (6, 12), (16, 16)]
    assert "Alternativ 2:" in CONTROLS["handling_rules"][1]["text"]


def test_values_are_real_sub_tables():
    text = (KS / "budget.toml").read_text(encoding="utf-8")
    assert "values.20" not in text
    assert text.splitlines().count("[indicators.values]") == len(BUDGET["indicators"])
