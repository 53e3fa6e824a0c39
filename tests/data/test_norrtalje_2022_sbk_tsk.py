"""Data checks for the SBK (C3) and TSK (C4) parts of Norrtälje's Verksamhetsplan för kommunstyrelsen 2022.

Counts follow the inventory in seeds/notes/norrtalje-ks-verksamhetsplan-2022.md (§3, §4).
Standard library only.
"""

import collections
import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
NORRTALJE = ROOT / "plans" / "norrtalje"
KS2022 = NORRTALJE / "kommunstyrelsen" / "2022"

SUPERSCRIPT = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")


def load(path: pathlib.Path) -> dict:
    with path.open("rb") as f:
        return tomllib.load(f)


def plan(office: str) -> dict:
    return load(KS2022 / f"plan-{office}.toml")


def budget(office: str) -> dict:
    return load(KS2022 / f"budget-{office}.toml")


def kinds(doc: dict) -> collections.Counter:
    return collections.Counter(i["kind"] for i in doc["items"])


def by_id(rows: list) -> dict:
    return {r["id"]: r for r in rows}


def table(doc: dict, tid: str) -> dict:
    return by_id(doc["tables"])[tid]


def test_headers_and_schema_lines():
    for path in [KS2022 / "plan-sbk.toml", KS2022 / "plan-tsk.toml"]:
        assert path.read_text(encoding="utf-8").startswith("#:schema ../../../../schemas/plan.schema.json\n")
    for path in [KS2022 / "budget-sbk.toml", KS2022 / "budget-tsk.toml"]:
        assert path.read_text(encoding="utf-8").startswith("#:schema ../../../../schemas/budget.schema.json\n")
    defs = NORRTALJE / "indicators" / "2022-sbk-tsk.toml"
    assert defs.read_text(encoding="utf-8").startswith("#:schema ../../../schemas/indicators.schema.json\n")
    for office in ("sbk", "tsk"):
        p = plan(office)
        assert (p["kind"], p["period"], p["goal_period"], p["office"]) == ("plan", "2022", "2022-2024", office)
        b = budget(office)
        assert (b["kind"], b["period"], b["office"]) == ("budget", "2022", office)


def test_sbk_item_counts():
    p = plan("sbk")
    assert kinds(p) == {"uppdrag": 13, "initiativ": 5, "åtgärd": 24}
    carried = [i["id"] for i in p["items"] if i.get("carried_over")]
    assert len(carried) == 7  # six "Uppdrag från KF (kvarstående)" and one "egna initiativ (kvarstående)"
    assert sum(1 for i in p["items"] if i.get("label") == "Uppdrag från KF (bidrar)") == 3
    per_parent = collections.Counter(i["parent"] for i in p["items"] if i["kind"] == "åtgärd")
    assert per_parent["sbk-bostadsforsorjningsstrategi"] == 2
    assert per_parent["sbk-barnperspektivet-fysisk-planering"] == 3
    assert per_parent["sbk-industrimark"] == 2


def test_tsk_item_counts():
    p = plan("tsk")
    assert kinds(p) == {"uppdrag": 9, "initiativ": 4, "åtgärd": 43}
    direct = [i for i in p["items"] if i["kind"] == "åtgärd" and not i["parent"]]
    # åtgärder under an inriktningsmål, a fokusområde or a handlingsprogram goal
    assert len(direct) == 2 + 3 + 1 + 1 + 3 + 2 + 8 + 8
    assert all(i["goal"] and i["label"] for i in direct)
    assert len(p["board_goals"]) == 10  # fokusområde 1–6, handlingsprogrammets verksamhetsmål 1–4


def test_atgard_parents_exist():
    for office in ("sbk", "tsk"):
        p = plan(office)
        items = by_id(p["items"])
        assert len(items) == len(p["items"])
        for i in p["items"]:
            if i["kind"] == "åtgärd":
                assert "done_when" in i and "start" in i and "end" in i
                if i["parent"]:
                    assert items[i["parent"]]["kind"] in ("uppdrag", "initiativ")
                    assert items[i["parent"]]["goal"] == i["goal"]


def test_indicator_rows():
    sbk, tsk = plan("sbk"), plan("tsk")
    assert len(sbk["indicators"]) == 4
    assert len(tsk["indicators"]) == 25
    per_goal = collections.Counter(e["goal"] for e in tsk["indicators"])
    assert per_goal == {
        "im-2022-2-1": 1, "im-2022-3-1": 1, "im-2022-3-3": 1, "im-2022-4-2": 1,
        "im-2022-5-1": 7, "im-2022-5-2": 4, "im-2022-5-3": 7, "tsk-fokusomrade-4": 3,
    }
    defined = {d["id"] for d in load(NORRTALJE / "indicators" / "2022-sbk-tsk.toml")["indicators"]}
    assert len(defined) == 26
    shared = NORRTALJE / "indicators.toml"
    if shared.exists():
        defined_elsewhere = {d["id"] for d in load(shared)["indicators"]}
        assert not defined & defined_elsewhere
        defined |= defined_elsewhere
    for e in sbk["indicators"] + tsk["indicators"]:
        assert e["id"] in defined


def test_indicator_values_as_written():
    sbk = {e["id"]: e for e in plan("sbk")["indicators"]}
    assert sbk["budgetfoljsamhet-sbk"]["values"]["2021"]["outcome"] == -57.4
    assert sbk["tjanstegaranti-planbesked-efterlevnad"]["values"]["2020"]["outcome"] == "ej aktuellt"
    tsk = {e["id"]: e for e in plan("tsk")["indicators"]}
    trygga = tsk["elever-trygga-i-skolan"]["values"]
    assert trygga["2020"]["outcome"] == {"text": "F 54 % P 61 %", "groups": {"F": 54, "P": 61}}
    assert trygga["2022"]["target"] == "– –"
    assert tsk["tid-112-samtal-till-insats"]["values"]["2020"]["outcome"] == "10:52 min"
    assert tsk["medarbetare-utbildade-forsta-hjalpen-hlr"]["values"]["2020"]["outcome"] == "– ⁴¹"
    assert tsk["elever-utbildade-forsta-hjalpen-hlr"]["values"]["2022"]["target"] == 1900
    assert tsk["upplevd-trygghet-oro-for-brott"]["values"]["2023"]["target"] == 17
    assert "2021" not in tsk["anmalda-brott-per-1000-invanare"]["values"]


def test_dates_as_written():
    sbk = by_id(plan("sbk")["items"])
    assert sbk["sbk-samordna-klimatanpassning"]["start"] == "22-01-01"
    assert str(sbk["sbk-samordna-klimatanpassning"]["end"]) == "2022-12-31"
    assert sbk["sbk-plan-villatomter-industrimark"]["end"] == "Q1 2022 (ej politiskt beslut)"
    assert sbk["sbk-arkitekturprogram-norrtalje-stad"]["end"] == "KF februari 2023"
    tsk = by_id(plan("tsk")["items"])
    assert tsk["tsk-frivilligkar-vato"]["end"] == "2023-12"
    assert tsk["tsk-riktlinjer-trygghetsfonden"]["start"] == "2021-06"


def test_explicit_none_statements():
    notes = [c["note"] for c in plan("sbk")["contributions"] if c.get("note")]
    assert len(notes) == 7  # L971, L990, L1018, L1055, L1090, L1125, L1139
    tsk_notes = [c["note"] for c in plan("tsk")["contributions"] if c.get("note")]
    assert tsk_notes == ["Ingen riktad åtgärd genomförs under år 2022."]


def _sum_check(t: dict) -> None:
    rows = t["rows"]
    for r in rows:
        if not r.get("total"):
            continue
        parts = r.get("sum_of") or [x["id"] for x in rows if not x.get("total") and not x.get("parent")]
        for i, v in enumerate(r["values"]):
            cells = [x["values"][i] for x in rows if x["id"] in parts]
            if any(c == "" for c in cells):
                continue  # the source leaves the parts blank (B7, B9 plan years)
            assert abs(sum(cells) - v) <= 2, (t["id"], r["id"], i)


def test_sbk_budget():
    b = budget("sbk")
    drift = table(b, "sbk-driftbudget-2022")
    assert by_id(drift["rows"])["netto"]["values"] == [-17132, -11380, -36799, -33130, -28900]
    per_avd = table(b, "sbk-driftbudget-per-avdelning-2022")
    assert len(per_avd["rows"]) == 6
    for t in b["tables"]:
        _sum_check(t)


def test_tsk_budget():
    b = budget("tsk")
    assert len(b["tables"]) == 4
    drift = by_id(table(b, "tsk-driftbudget-2022")["rows"])
    assert drift["netto"]["values"][2] == -92356
    assert drift["intakter"]["values"][3:] == ["", ""]
    changes = by_id(table(b, "tsk-viktigare-forandringar-2022")["rows"])
    assert sum(r["values"][0] for r in changes.values() if r["values"][0] != "") == -3580
    assert changes["gruppledare-foraldrastod"]["values"][1] == 200
    inv = by_id(table(b, "tsk-investeringar-2022")["rows"])
    assert inv["summa-investeringar"]["values"] == [4400, 6300, 8200]
    for t in b["tables"]:
        _sum_check(t)


def test_tsk_footnotes_all_present():
    """Footnotes ¹–⁵¹ of the TSK part, each stored exactly once."""
    p, b = plan("tsk"), budget("tsk")
    texts = []
    for i in p["items"]:
        texts += i.get("footnotes", [])
    for e in p["indicators"]:
        texts += e.get("footnotes", [])
        assert not any(c.get("label", "").startswith("Fotnot") for c in e.get("comments", []))
    for s in p["sections"]:
        texts += [ln for ln in s["text"].splitlines() if re.match(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+ ", ln)]
    for g in p["board_goals"]:
        texts += [ln for ln in g["text"].splitlines() if re.match(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+ ", ln)]
    for t in b["tables"]:
        texts += [ln for ln in t.get("note", "").splitlines() if re.match(r"^[¹²³⁴⁵⁶⁷⁸⁹⁰]+ ", ln)]
    numbers = [int(t.split(" ", 1)[0].translate(SUPERSCRIPT)) for t in texts]
    assert sorted(numbers) == list(range(1, 52))


def test_tsk_styrdokument_list():
    s = by_id(plan("tsk")["sections"])["tsk-styrdokument"]["text"]
    assert sum(1 for ln in s.splitlines() if ln.startswith("- ")) == 58


def test_new_units_exist():
    units = {u["id"] for u in load(NORRTALJE / "municipality.toml")["units"]}
    used = set()
    for office in ("sbk", "tsk"):
        for i in plan(office)["items"]:
            used |= {i.get("responsible", "")} | set(i.get("contributors", []))
        for e in plan(office)["indicators"]:
            used.add(e.get("responsible", ""))
    used.discard("")
    assert used <= units
