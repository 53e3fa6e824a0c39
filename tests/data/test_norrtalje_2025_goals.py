"""Norrtälje 2025: goals 2025-2027, indicator definitions, KS Verksamhetsplan 2025-2027 and the
Delårsrapport per april 2025 (goal side) held to the documents.

Sources: norrtalje-ks-verksamhetsplan-2025.txt (plan) and norrtalje-ksk-delarsrapport-2025-04.txt
(report); counts from the notes norrtalje-ks-2025-plan-and-april-report.md (sections 2.6, 2.9, 3.2).
"""

import collections
import datetime
import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
NT = ROOT / "plans" / "norrtalje"


def load(rel):
    with open(NT / rel, "rb") as f:
        return tomllib.load(f)


GOALS = load("goals/2025-2027.toml")
DEFS = load("indicators.toml")
PLAN = load("kommunstyrelsen/2025/plan.toml")
REP = load("kommunstyrelsen/2025/followup/2025-04.toml")

PLAN_ITEMS = {i["id"]: i for i in PLAN["items"]}
REP_ITEMS = {i["id"]: i for i in REP["items"]}
PLAN_IND = {i["id"]: i for i in PLAN["indicators"]}
REP_IND = {i["id"]: i for i in REP["indicators"]}
DEF = {i["id"]: i for i in DEFS["indicators"]}


def D(s):
    return datetime.date.fromisoformat(s)


# ---------------- headers ----------------

def test_headers():
    assert GOALS["kind"] == "goals" and GOALS["period"] == "2025-2027"
    assert PLAN["kind"] == "plan" and PLAN["period"] == "2025" and PLAN["goal_period"] == "2025-2027"
    assert PLAN["office"] == "ksk" and PLAN["title"] == "Verksamhetsplan 2025-2027"
    assert REP["kind"] == "followup" and REP["period"] == "2025-04" and REP["date"] == D("2025-04-30")
    assert REP["goal_period"] == "2025-2027" and REP["title"] == "Delårsrapport per april 2025"
    for rel in ["goals/2025-2027.toml", "indicators.toml", "kommunstyrelsen/2025/plan.toml",
                "kommunstyrelsen/2025/followup/2025-04.toml"]:
        assert (NT / rel).read_text(encoding="utf-8").startswith("#:schema ")


# ---------------- goals ----------------

def test_goal_areas_and_goals():
    areas = GOALS["goal_areas"]
    assert [a["id"] for a in areas] == [f"ma-2025-{n}" for n in range(1, 8)]
    assert all(a["ambition_year"] == 2035 and a["ambition"] and a["text"] for a in areas)
    goals = GOALS["goals"]
    assert len(goals) == 20
    per_area = collections.Counter(g["area"] for g in goals)
    assert [per_area[f"ma-2025-{n}"] for n in range(1, 8)] == [2, 3, 3, 3, 3, 3, 3]
    for g in goals:
        assert g["id"] == "im-2025-" + g["number"].replace(".", "-")
        assert g["type"] == "inriktningsmål" and g["text"]
    titles = {g["number"]: g["title"] for g in goals}
    assert titles["1.1"] == "En ekonomi i balans"
    assert titles["5.1"] == "Minska klimatpåverkan"
    assert titles["7.1"] == "Främja egenförsörjning och integration"
    assert areas[0]["title"] == "Norrtälje ska ha en sund och hållbar ekonomi i balans"
    assert areas[2]["ambition"] == "Norrtälje kommun ska vara Sveriges tryggaste kommun."


def test_plan_contributions():
    c = PLAN["contributions"]
    assert len([x for x in c if "area" in x]) == 7
    assert len([x for x in c if "goal" in x]) == 20
    area4 = next(x for x in c if x.get("area") == "ma-2025-4")
    assert area4["contribution"] == ""          # empty in the source (l. 1272)
    notes = {x["goal"] for x in c if x.get("note")}
    assert notes == {"im-2025-2-2", "im-2025-4-1", "im-2025-4-2", "im-2025-4-3",
                     "im-2025-5-2", "im-2025-5-3", "im-2025-7-2"}


# ---------------- indicators ----------------

def test_definitions():
    assert len(DEF) == 31
    kinds = collections.Counter(d["type"] for d in DEF.values())
    assert kinds == {"KF": 30, "nämnd": 1}
    assert DEF["foretagsklimat"]["better"] == "lower"
    assert DEF["foretagsklimat"]["unit"] == "plats"
    assert DEF["laneskuld-kommun"]["unit"] == "kr per invånare"
    assert DEF["lokalproducerade-avtal"]["responsible"] == "ekonomi"   # Bilaga 1
    assert DEF["utbildningsplatser-medarbetare-hlr"]["type"] == "nämnd"


def test_indicator_counts_both_documents():
    for doc in (PLAN, REP):
        ids = [i["id"] for i in doc["indicators"]]
        assert len(ids) == 31 == len(set(ids))
        assert set(ids) == set(DEF)
        assert collections.Counter(DEF[i]["type"] for i in ids) == {"KF": 30, "nämnd": 1}


def test_indicators_per_goal():
    per = collections.Counter(i["goal"] for i in REP["indicators"])
    assert per == {"im-2025-1-1": 9, "im-2025-2-1": 4, "im-2025-3-1": 3, "im-2025-3-2": 2,
                   "im-2025-3-3": 5, "im-2025-5-1": 1, "im-2025-6-1": 4, "im-2025-6-2": 1,
                   "im-2025-6-3": 2}
    assert collections.Counter(i["goal"] for i in PLAN["indicators"]) == per


def test_report_assessments_and_trends():
    a = collections.Counter(i["assessment"] for i in REP["indicators"])
    assert a == {"Uppfyllt": 21, "Ej uppfyllt": 3, "Inget värde angivet": 7}
    t = collections.Counter(i["trend"] for i in REP["indicators"])
    assert t == {"Positiv": 12, "Negativ": 7, "Oförändrad": 4, "Ej utvärderad": 8}
    commented = [i for i in REP["indicators"] if i.get("comments")]
    assert len(commented) == 15
    assert all(c["date"] == D("2025-04-30") and c["label"] == "Senaste kommentar"
               for i in commented for c in i["comments"])


def test_key_plan_values():
    v = PLAN_IND["budgetfoljsamhet-namnd"]["values"]
    assert v["2022"] == {"outcome": 17.0} and v["2024"] == {"forecast": 2.0, "target": 0.0}
    v = PLAN_IND["laneskuld-kommun"]["values"]
    assert v["2022"] == {"outcome": "-"} and v["2024"]["target"] == 13322 and v["2027"]["target"] == 11149
    v = PLAN_IND["investeringar-andel-skatteintakter"]["values"]
    assert v["2022"]["outcome"] == "-" and v["2023"]["outcome"] == "-"
    assert PLAN_IND["nettokostnadsavvikelse"]["values"]["2024"] == {"forecast": "-", "target": -5.7}
    assert PLAN_IND["generell-nojdhet-kontaktcenter"]["values"]["2023"]["outcome"] == 270.7  # as printed
    assert "forecast" not in PLAN_IND["generell-nojdhet-kontaktcenter"]["values"]["2024"]
    assert PLAN_IND["gastnatter"]["values"]["2027"]["target"] == 430000
    assert PLAN_IND["vaxthusgas-tjansteresor"]["values"]["2024"] == {"forecast": 8800, "target": 8800}
    assert PLAN_IND["utbildning-vald-nara-relationer"]["values"] == {
        "2025": {"target": 300}, "2026": {"target": 300}, "2027": {"target": 300}}
    assert PLAN_IND["laneskuld-koncern"]["values"]["2025"]["target"] == 76207
    # Bilaga 1 lists only the 30 KF indicators
    assert "responsible" not in PLAN_IND["utbildningsplatser-medarbetare-hlr"]
    assert PLAN_IND["lokalproducerade-avtal"]["responsible"] == "ekonomi"


def test_key_report_values():
    v = REP_IND["budgetfoljsamhet-kommunen"]["values"]
    assert v["2025-04"] == {"outcome": 587.9} and v["2025"] == {"target": 0.0, "forecast": 47.7}
    v = REP_IND["laneskuld-kommun"]["values"]
    assert v["2022"]["outcome"] == 5565 and v["2024"]["outcome"] == 0 and v["2025"] == {"target": 8529, "forecast": 0}
    assert REP_IND["laneskuld-koncern"]["values"]["2025"]["target"] == 67679
    assert REP_IND["nettokostnadsavvikelse"]["values"] == {
        "2022": {"outcome": -5.7}, "2023": {"outcome": -12.4}, "2025": {"target": -12.4}}
    assert REP_IND["tid-larm-till-framkomst"]["values"]["2025-04"]["outcome"] == 12.13
    assert REP_IND["utbildningsplatser-medarbetare-hlr"]["values"]["2025-04"]["outcome"] == 0
    assert "2024" not in REP_IND["utbildningsplatser-medarbetare-hlr"]["values"]
    assert REP_IND["gastnatter"]["values"]["2025-04"]["outcome"] == 421957
    v = REP_IND["lokalproducerade-avtal"]["values"]
    assert v == {"2022": {"outcome": 55}, "2023": {"outcome": 117}, "2024": {"outcome": 18},
                 "2025": {"target": 57}}
    assert REP_IND["lokalproducerade-avtal"]["responsible"] == ""          # blank cell
    for i in REP["indicators"]:                                            # 1.1 table has no column
        assert ("responsible" in i) == (i["goal"] != "im-2025-1-1")
    assert REP_IND["utbildningsplatser-medarbetare-hlr"]["responsible"] == "raddningstjansten"
    # the 7 "Inget värde angivet" rows have no Prognos 2025
    for i in REP["indicators"]:
        if i["assessment"] == "Inget värde angivet":
            assert "forecast" not in i["values"].get("2025", {})


def test_mal_2025_same_except_laneskuld_koncern():
    diff = [k for k in PLAN_IND
            if PLAN_IND[k]["values"].get("2025", {}).get("target") != REP_IND[k]["values"].get("2025", {}).get("target")]
    assert diff == ["laneskuld-koncern"]


def test_restated_history_kept():
    assert PLAN_IND["arets-resultat-andel-skatt"]["values"]["2023"]["outcome"] == 21.1
    assert REP_IND["arets-resultat-andel-skatt"]["values"]["2023"]["outcome"] == 6.6
    assert PLAN_IND["generell-nojdhet-kontaktcenter"]["values"]["2023"]["outcome"] == 270.7
    assert REP_IND["generell-nojdhet-kontaktcenter"]["values"]["2023"]["outcome"] == 89.7


# ---------------- goals in the report ----------------

def test_report_goal_assessments():
    c = REP["contributions"]
    assert len(c) == 13
    assert [x["goal"] for x in c] == ["im-2025-" + n for n in
                                      "1-1 1-2 2-1 2-3 3-1 3-2 3-3 5-1 6-1 6-2 6-3 7-1 7-3".split()]
    assert collections.Counter(x["assessment"] for x in c) == {"Uppfyllt": 12, "Ej uppfyllt": 1}
    assert next(x for x in c if x["assessment"] == "Ej uppfyllt")["goal"] == "im-2025-3-2"
    assert collections.Counter(x["trend"] for x in c) == {
        "Oförändrad": 5, "Positiv": 4, "Ej utvärderad": 3, "Negativ": 1}
    for x in c:
        assert x["analysis"].startswith("Inriktningsmålet bedöms")
    goal_areas = {g["id"]: g["area"] for g in GOALS["goals"]}
    assert {goal_areas[x["goal"]] for x in c} == {f"ma-2025-{n}" for n in (1, 2, 3, 5, 6, 7)}


# ---------------- items ----------------

def test_plan_item_counts():
    kinds = collections.Counter(i["kind"] for i in PLAN["items"])
    assert kinds == {"uppdrag": 21, "initiativ": 14}
    origin = collections.Counter((i["kind"], i["origin"]) for i in PLAN["items"])
    assert origin == {("uppdrag", "Nytt uppdrag"): 20, ("uppdrag", "Kvarvarande uppdrag"): 1,
                      ("initiativ", "Nytt uppdrag"): 12, ("initiativ", "Kvarvarande uppdrag"): 2}
    for i in PLAN["items"]:
        assert i["carried_over"] == (i["origin"] == "Kvarvarande uppdrag")
        assert i["description"]                  # every item has an Egen beskrivning
        assert isinstance(i["end"], datetime.date)
    assert {i["id"] for i in PLAN["items"] if i["carried_over"]} == {
        "trygghetskameror", "brandskyddskontroll-objektinnehavare", "handlingsplan-kommunikation-naringslivet"}


def test_report_item_counts():
    kinds = collections.Counter(i["kind"] for i in REP["items"])
    assert kinds == {"uppdrag": 21, "initiativ": 15}
    assert set(PLAN_ITEMS) <= set(REP_ITEMS)
    assert set(REP_ITEMS) - set(PLAN_ITEMS) == {"atgardsplan-koldioxidbudget"}
    for k, i in PLAN_ITEMS.items():
        r = REP_ITEMS[k]
        assert (r["kind"], r["goal"], r["responsible"]) == (i["kind"], i["goal"], i["responsible"])


def test_status_completion_matrix():
    """The report's Sammanställning (l. 163-184), rebuilt from the items and held to the table."""
    m = collections.Counter((i["kind"], i["status"], i["completion"]) for i in REP["items"])
    expected = {
        ("uppdrag", "Ej påbörjad"): (0, 1), ("uppdrag", "Påbörjad"): (19, 0), ("uppdrag", "Slutförd"): (1, 0),
        ("initiativ", "Ej påbörjad"): (1, 0), ("initiativ", "Påbörjad"): (11, 2), ("initiativ", "Slutförd"): (1, 0),
    }
    for (kind, status), (ep, av) in expected.items():
        assert m[(kind, status, "Enligt plan")] == ep, (kind, status)
        assert m[(kind, status, "Avvikelse från plan")] == av, (kind, status)
    assert sum(m.values()) == 36
    eco = load("kommunstyrelsen/2025/followup/2025-04-ekonomi.toml")
    table = next(t for t in eco["tables"] if t["id"] == "sammanstallning-uppdrag-initiativ")
    group = {"Uppdrag": "uppdrag", "Nämndinitiativ": "initiativ"}
    rows = table["rows"]
    assert len(rows) == 7
    for r in rows[:-1]:
        ep, av = expected[(group[r["label"]], r["values"][0])]
        cells = [x if x != "" else 0 for x in r["values"][1:]]
        assert cells == [ep, av, ep + av]
    assert rows[-1]["label"] == "Total Summa" and rows[-1]["total"] is True
    assert rows[-1]["values"] == ["", 33, 3, ""]     # the grand total is blank in the source


def test_end_date_changes_plan_to_report():
    changed = {k: (PLAN_ITEMS[k]["end"], REP_ITEMS[k]["end"]) for k in PLAN_ITEMS
               if PLAN_ITEMS[k]["end"] != REP_ITEMS[k]["end"]}
    assert changed == {
        "klimatomstallningsplan": (D("2025-03-31"), D("2025-12-01")),
        "sommarjobb": (D("2025-06-02"), D("2025-12-01")),
    }
    assert REP_ITEMS["atgardsplan-koldioxidbudget"]["end"] == D("2025-02-28")


def test_report_item_comments():
    kinds = collections.Counter()
    for i in REP["items"]:
        for c in i.get("comments", []):
            kinds[(c["label"], c.get("date"))] += 1
    assert kinds == {("Senaste kommentar", D("2025-04-30")): 31,
                     ("Senaste kommentar", D("2025-02-28")): 1,
                     ("Beskrivning", None): 1}
    no_comment = {k for k, i in REP_ITEMS.items() if not i.get("comments")}
    assert no_comment == {"forstudie-battomningsstationer", "pilot-fjarrovervakning-battomning",
                          "kommunikation-battomningsstationer"}
    assert REP_ITEMS["krisberedskap-civil-beredskap"]["comments"][0]["text"].count("\n\n") == 3
    assert REP_ITEMS["revidering-styrmodellen"]["comments"][0]["text"] == \
        "Uppdrat ej påbörjad, avses blir klar enligt planen."


def test_report_statuses_by_unit():
    by = collections.Counter((i["kind"], i["responsible"]) for i in REP["items"])
    assert by == {("uppdrag", "stab"): 14, ("uppdrag", "naringsliv"): 5, ("uppdrag", "ekonomi"): 2,
                  ("initiativ", "stab"): 6, ("initiativ", "naringsliv"): 7,
                  ("initiativ", "kommundirektor"): 1, ("initiativ", "raddningstjansten"): 1}
    assert REP_ITEMS["va-investeringar-skattefinansiering"]["status"] == "Slutförd"
    assert REP_ITEMS["lokaler-socialnamnden"]["status"] == "Slutförd"
    assert REP_ITEMS["integrationsstrategin"]["status"] == "Ej påbörjad"
    assert REP_ITEMS["revidering-styrmodellen"]["status"] == "Ej påbörjad"


def test_titles_as_written():
    assert PLAN_ITEMS["grovsophamtning-skargarden"]["title"] == "Översyn av grovsophämtning i skärgården."
    assert REP_ITEMS["grovsophamtning-skargarden"]["title"] == "Översyn av grovsophämtning i Skärgården"
    assert REP_ITEMS["handlingsplan-kommunikation-naringslivet"]["title"].count("  ") == 2
    assert "VA-investeringar" in REP_ITEMS["va-investeringar-skattefinansiering"]["title"]


def test_references_resolve():
    units = {u["id"] for u in load("municipality.toml")["units"]}
    goal_ids = {g["id"] for g in GOALS["goals"]}
    for doc in (PLAN, REP):
        for i in doc["items"] + doc["indicators"]:
            assert i["goal"] in goal_ids
            if i.get("responsible"):
                assert i["responsible"] in units
    for d in DEF.values():
        assert d["responsible"] in units
