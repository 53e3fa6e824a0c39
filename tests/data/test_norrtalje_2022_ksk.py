"""The KS/KSK parts of Norrtälje's "Verksamhetsplan för kommunstyrelsen 2022" held to the
document (seed norrtalje-ks-verksamhetsplan-2022.txt, L1–L820 and L1842–L1879) and to the
counts of its inventory (seeds/notes/norrtalje-ks-verksamhetsplan-2022.md)."""

import datetime
import pathlib
import tomllib
from collections import Counter

ROOT = pathlib.Path(__file__).resolve().parents[2]
NORRTALJE = ROOT / "plans" / "norrtalje"
PLAN = NORRTALJE / "kommunstyrelsen" / "2022" / "plan.toml"
BUDGET = NORRTALJE / "kommunstyrelsen" / "2022" / "budget.toml"
GOALS = NORRTALJE / "goals" / "2022-2024.toml"
INDICATORS_2022 = NORRTALJE / "indicators" / "2022-ksk.toml"


def load(path):
    with open(path, "rb") as f:
        return tomllib.load(f)


def plan():
    return load(PLAN)


def tables():
    return {t["id"]: t for t in load(BUDGET)["tables"]}


def rows(table):
    return {r["id"]: r for r in table["rows"]}


def test_files_begin_with_schema_line():
    for path in (PLAN, BUDGET, GOALS, INDICATORS_2022):
        assert path.read_text(encoding="utf-8").startswith("#:schema "), path


def test_goals_7_areas_22_inriktningsmal():
    g = load(GOALS)
    assert g["kind"] == "goals" and g["period"] == "2022-2024"
    assert [a["id"] for a in g["goal_areas"]] == [f"ma-2022-{n}" for n in range(1, 8)]
    assert all(a["ambition_year"] == 2030 for a in g["goal_areas"])
    numbers = [x["number"] for x in g["goals"]]
    assert len(numbers) == 22
    assert {"2.2", "2.4", "7.4"} <= set(numbers)
    per_area = Counter(x["area"] for x in g["goals"])
    assert per_area == {"ma-2022-1": 2, "ma-2022-2": 4, "ma-2022-3": 3, "ma-2022-4": 3,
                        "ma-2022-5": 3, "ma-2022-6": 3, "ma-2022-7": 4}
    for x in g["goals"]:
        assert x["id"] == "im-2022-" + x["number"].replace(".", "-")
    short = {a["number"]: a["short_title"] for a in g["goal_areas"]}
    assert short["4"] == "En kunskapsinriktad skolkommun"


def test_meta_and_stated_counts():
    p = plan()
    assert p["kind"] == "plan" and p["period"] == "2022" and p["office"] == "ksk"
    assert p["date"] == datetime.date(2022, 1, 17)
    assert p["meta"]["dnr"] == "KS 2021-2093"
    assert p["meta"]["Paragraf"] == "§175"
    # the document says 37 uppdrag and 25 initiativ (L21, L85); kept as stated
    assert p["meta"]["Antal uppdrag enligt dokumentet"] == 37
    assert p["meta"]["Antal initiativ enligt dokumentet"] == 25
    # the e-mail does not match the handläggare (kept as written)
    assert p["meta"]["E-post"] == "hanna.hellquist@norrtalje.se"


def test_ksk_items_counts():
    items = [i for i in plan()["items"] if i["label"] != "Bilaga 1"]
    kinds = Counter(i["kind"] for i in items)
    assert kinds == {"uppdrag": 17, "initiativ": 16, "åtgärd": 34}
    ids = {i["id"] for i in items}
    for i in items:
        if i["kind"] == "åtgärd":
            assert i["parent"] in ids
    # the only uppdrag/initiativ with two åtgärd rows is "Utveckla kommunens stöd till näringslivet"
    per_parent = Counter(i["parent"] for i in items if i["kind"] == "åtgärd")
    assert [p for p, n in per_parent.items() if n > 1] == ["stod-till-naringslivet"]
    assert len(per_parent) == 33  # 33 åtgärd tables
    carried = sorted(i["id"] for i in items if i.get("carried_over"))
    assert carried == ["debiteringsmodell-it", "finsksprakiga-aldre", "samverkan-aldreombudsman"]


def test_items_per_goal_area():
    items = [i for i in plan()["items"] if i["label"] != "Bilaga 1"]
    counts = Counter((i["goal"].split("-")[2], i["kind"]) for i in items)
    expected = {  # inventory §3: uppdrag / initiativ / åtgärd rows per målområde
        "1": (4, 4, 8), "2": (2, 1, 3), "3": (1, 4, 5), "4": (3, 0, 3),
        "5": (2, 1, 3), "6": (3, 4, 8), "7": (2, 2, 4),
    }
    for mo, (u, i, a) in expected.items():
        assert (counts[(mo, "uppdrag")], counts[(mo, "initiativ")], counts[(mo, "åtgärd")]) == (u, i, a), mo


def test_typo_end_date_2202_kept():
    item = next(i for i in plan()["items"] if i["id"] == "overformyndarverksamhet-atgard")
    assert item["end"] == datetime.date(2202, 12, 31)
    assert item["start"] == "Pågå"
    assert item["responsible"] == "juridik"


def test_date_cells_as_written():
    items = {i["id"]: i for i in plan()["items"]}
    assert items["hyressattningsmodell-idrottshallar-atgard"]["start"] == "Påbörjat 2021"
    assert items["platina-arendehantering-atgard"]["end"] == "31 dec"
    assert items["bredbandsutbyggnad-investeringstakt-atgard"]["start"] == "1 jan"
    assert items["bredbandsutbyggnad-investeringstakt-atgard"]["end"] == "31 mars"
    assert items["landsbygds-skargardsprogram-atgard"]["end"] == "Prioritering genomförd 2022-03-31"
    assert items["skolutvecklingsprojekt-atgard"]["end"] == "Tidplan för respektive uppdrag anges i VP för TKN"
    assert items["anhorigstod-atgard"]["start"] == datetime.date(2022, 2, 15)
    a = items["hyressattningsmodell-idrottshallar-atgard"]
    assert (a["responsible"], a["contributors"]) == ("tkn", ["stab"])
    assert a["responsible_text"] == "KSK stab bidrar till arbetet. TKN är huvudansvarig."


def test_bilaga_1_23_carried_over():
    bil = [i for i in plan()["items"] if i["label"] == "Bilaga 1"]
    assert len(bil) == 23
    assert all(i["kind"] == "uppdrag" and i["carried_over"] for i in bil)
    assert Counter(i["origin"] for i in bil) == {"MoB 2021": 15, "MoB 2020": 8}
    per_mo = Counter(i["extra"]["Målområde"][0] for i in bil)
    assert per_mo == {"1": 6, "2": 3, "3": 2, "4": 1, "5": 2, "6": 6, "7": 3}


def test_indicator_rows_t01_t13():
    inds = plan()["indicators"]
    assert len(inds) == 31  # T01–T03: 3, T04–T13: 28
    per_goal = Counter(i["goal"] for i in inds)
    assert per_goal == {"": 3, "im-2022-1-1": 9, "im-2022-2-1": 1, "im-2022-2-3": 4,
                        "im-2022-3-1": 4, "im-2022-3-2": 1, "im-2022-3-3": 2,
                        "im-2022-6-1": 3, "im-2022-6-2": 1, "im-2022-6-3": 2, "im-2022-7-3": 1}


def test_indicators_defined():
    defs = set()
    for path in [NORRTALJE / "indicators.toml", *sorted((NORRTALJE / "indicators").glob("*.toml"))]:
        if path.exists():
            defs |= {i["id"] for i in load(path).get("indicators", [])}
    missing = [i["id"] for i in plan()["indicators"] if i["id"] not in defs]
    assert missing == []


def test_indicator_key_values():
    inds = {i["id"]: i for i in plan()["indicators"]}
    assert inds["laneskuld-kommun"]["values"]["2021"] == {"forecast": 7191, "target": 35398}
    assert inds["laneskuld-kommun"]["values"]["2020"] == {"outcome": "-"}
    assert inds["personalomsattning"]["values"]["2022"]["target"] == {"value": 8.2, "text": "8,2 (nollmätning)"}
    assert inds["sjukfranvaro"]["values"]["2021-11"]["outcome"]["value"] == 6.8
    assert inds["nki-matning"]["values"]["2021"]["outcome"]["text"] == "(Avser mätåret 2020) 73"
    assert inds["foretagsklimat"]["values"]["2025"] == {"target": 130}
    assert inds["turism-indikator"]["values"]["2022"] == {"target": "Basvärde tas fram"}
    assert "2024" not in inds["digitala-tjanster-anvandning"]["values"]
    assert inds["tjanstegarantier-antal"]["values"]["2020"]["outcome"].startswith("Målvärden inte tillgängliga")


def test_budget_b1_sums():
    t = tables()["fordelning-per-verksamhet-2022"]
    r = rows(t)
    assert r["summa-namnd"]["values"] == [-227166, -241200, -281600, -282000, -286200]
    for col in range(5):
        assert sum(r[x]["values"][col] for x in r["summa-namnd"]["sum_of"]) == r["summa-namnd"]["values"][col]
        ksk = sum(x["values"][col] for x in t["rows"] if x.get("parent") == "ksk")
        assert ksk == r["ksk"]["values"][col]
    sbk = [sum(x["values"][col] for x in t["rows"] if x.get("parent") == "sbk") for col in range(5)]
    # the SBK sub-rows of 2024 sum to -28 901 while the SBK row says -28 900 (kept)
    assert sbk[4] == -28901 and r["sbk"]["values"][4] == -28900


def test_budget_b2_b3_b4():
    t = tables()
    b2 = rows(t["driftbudget-ksk-2022"])
    for col in range(5):
        assert b2["intakter"]["values"][col] + b2["kostnader"]["values"][col] == b2["netto"]["values"][col]
    assert b2["forandring-procent"]["values"] == ["", 12.0, 5.7, 1.3, 2.6]
    b3 = rows(t["driftbudget-per-avdelning-ksk-2022"])
    assert b3["summa-namnd"]["values"] == b2["netto"]["values"]
    b4 = t["investeringar-ks-2022"]
    r4 = rows(b4)
    assert r4["summa-investeringar"]["values"] == [613825, 364000, 333740]
    for col in range(3):
        assert sum(r4[x]["values"][col] for x in r4["summa-investeringar"]["sum_of"]) == r4["summa-investeringar"]["values"][col]
    assert len(b4["rows"]) == 10


def test_glossary_g1():
    g1 = next(t for t in plan()["tables"] if t["id"] == "begrepp-vp-2022")
    assert [r["label"] for r in g1["rows"]] == [
        "Inriktningsmål", "Uppdrag", "KS-initiativ (Kommunstyrelsens initiativ)", "Budget", "Åtgärd"]


def test_no_extraction_debris_in_text():
    text = PLAN.read_text(encoding="utf-8") + BUDGET.read_text(encoding="utf-8")
    for debris in ("<i>", "</i>", "<p>", "<ol", "Justerandes sign", "Utdragsbestyrkande"):
        assert debris not in text, debris
