"""Norrtälje 2025, the non-goal side: KS Verksamhetsplan 2025-2027 (texts, HR and other tables,
the Ekonomi chapter) and the KSK Delårsrapport per april 2025 (texts, economy, investments, HR),
held to the documents.

Sources: norrtalje-ks-verksamhetsplan-2025.txt and norrtalje-ksk-delarsrapport-2025-04.txt.
Known source quirks are listed in docs/quirks/norrtalje-2025-economy.md. Standard library only.
"""

import pathlib
import re
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
PLANS = ROOT / "plans" / "norrtalje"
KS = PLANS / "kommunstyrelsen" / "2025"
FILES = {
    "texter": KS / "plan-texter.toml",
    "budget": KS / "budget.toml",
    "followup": KS / "followup" / "2025-04-ekonomi.toml",
}
ID_RE = re.compile(r"^[a-z0-9-]{1,48}$")
FOOTER_RE = re.compile(r"(VERKSAMHETSPLAN 2025-2027|DELÅRSRAPPORT PER APRIL 2025)\s+\d+")


def load(path):
    with open(path, "rb") as fh:
        return tomllib.load(fh)


DOCS = {k: load(p) for k, p in FILES.items()}
TEXTER, BUDGET, FOLLOWUP = DOCS["texter"], DOCS["budget"], DOCS["followup"]
MUNI = load(PLANS / "municipality.toml")
UNIT_IDS = {u["id"] for u in MUNI["units"]}

# Totals that the source prints off from the sum of their parts (rounding in the source).
# (table id, row id, column index) -> printed total minus recomputed sum
KNOWN_OFF = {
    ("vp2025-tab-driftbudget-per-avdelning", "kommunstyrelsens-kontor", 2): 1,
    ("vp2025-tab-driftbudget-per-avdelning", "kommunstyrelsens-kontor", 3): 1,
    ("vp2025-tab-driftbudget-per-avdelning", "kommunstyrelsens-kontor", 4): 1,
    ("dr2025-04-tab-driftredovisning-per-verksamhet", "kommunstyrelsekontoret", 3): 1,
    # The investment table's Avvikelse column holds percentages, which do not add up.
    ("dr2025-04-tab-investeringar", "totalt-investeringar-it", 2): -50,
    ("dr2025-04-tab-investeringar", "totalt-investeringar-raddningstjanst", 2): -4,
}


def tables(doc):
    return {t["id"]: t for t in doc.get("tables", [])}


def table(tid):
    for doc in DOCS.values():
        for t in doc.get("tables", []):
            if t["id"] == tid:
                return t
    raise KeyError(tid)


def rows(tid):
    return {r["id"]: r for r in table(tid)["rows"]}


def number(v):
    if isinstance(v, dict):
        return v.get("value")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        return v
    return None


def sections(doc):
    return {s["id"]: s for s in doc.get("sections", [])}


# ---------------------------------------------------------------- file level


def test_headers():
    assert TEXTER["kind"] == "plan" and TEXTER["period"] == "2025"
    assert TEXTER["goal_period"] == "2025-2027" and TEXTER["office"] == "ksk"
    assert TEXTER["title"] == "Verksamhetsplan 2025-2027"
    assert BUDGET["kind"] == "budget" and BUDGET["period"] == "2025" and BUDGET["office"] == "ksk"
    assert BUDGET["title"] == "Verksamhetsplan 2025-2027 – Ekonomi"
    assert FOLLOWUP["kind"] == "followup" and FOLLOWUP["period"] == "2025-04"
    assert str(FOLLOWUP["date"]) == "2025-04-30" and FOLLOWUP["office"] == "ksk"
    assert FOLLOWUP["title"] == "Delårsrapport per april 2025"


def test_schema_line_first():
    for name, path in FILES.items():
        first = path.read_text(encoding="utf-8").split("\n", 1)[0]
        depth = "../../../../../" if name == "followup" else "../../../../"
        assert first == f"#:schema {depth}schemas/{ {'texter': 'plan'}.get(name, name)}.schema.json"


def test_ids_unique_and_slugs():
    seen = set()
    for doc in DOCS.values():
        for s in doc.get("sections", []):
            assert ID_RE.match(s["id"]), s["id"]
            assert s["id"] not in seen, s["id"]
            seen.add(s["id"])
        for t in doc.get("tables", []):
            assert ID_RE.match(t["id"]), t["id"]
            assert t["id"] not in seen, t["id"]
            seen.add(t["id"])
            rids = [r["id"] for r in t["rows"]]
            assert len(rids) == len(set(rids)), t["id"]
            for r in rids:
                assert ID_RE.match(r), r


def test_references():
    for doc in DOCS.values():
        secs = sections(doc)
        for s in secs.values():
            if s.get("parent"):
                assert s["parent"] in secs, s["id"]
            if s.get("unit"):
                assert s["unit"] in UNIT_IDS, s["unit"]
        for t in doc.get("tables", []):
            for r in t["rows"]:
                assert len(r["values"]) == len(t["columns"]), (t["id"], r["id"])
                if r.get("unit"):
                    assert r["unit"] in UNIT_IDS, r["unit"]
                if r.get("parent"):
                    assert r["parent"] in {x["id"] for x in t["rows"]}
                for p in r.get("sum_of", []):
                    assert p in {x["id"] for x in t["rows"]}


def test_no_footers_or_debris():
    for doc in DOCS.values():
        for s in doc.get("sections", []):
            assert not FOOTER_RE.search(s["text"]), s["id"]
            assert "<i>" not in s["text"] and "<p>" not in s["text"]
            assert "•" not in s["text"], s["id"]
        for t in doc.get("tables", []):
            for r in t["rows"]:
                assert not FOOTER_RE.search(r.get("comment", ""))


# ---------------------------------------------------------------- totals


def _parts(t, total):
    by_id = {r["id"]: r for r in t["rows"]}
    if total.get("sum_of"):
        return [by_id[i] for i in total["sum_of"]]
    return [r for r in t["rows"]
            if not r.get("total") and not r.get("parent")
            and (not total.get("group") or r.get("group") == total.get("group"))]


def test_every_total_matches_its_parts():
    checked = 0
    for doc in DOCS.values():
        for t in doc.get("tables", []):
            for r in t["rows"]:
                if not r.get("total"):
                    continue
                parts = _parts(t, r)
                for c, v in enumerate(r["values"]):
                    tv = number(v)
                    if tv is None:
                        continue
                    s = sum(number(p["values"][c]) or 0 for p in parts)
                    off = round(tv - s, 6)
                    expected = KNOWN_OFF.get((t["id"], r["id"], c), 0)
                    if expected:
                        assert off == expected, (t["id"], r["id"], c, off)
                    else:
                        assert abs(off) <= 2, (t["id"], r["id"], c, tv, s)
                    checked += 1
    assert checked >= 40


# ---------------------------------------------------------------- plan: texts and tables


def test_plan_sections():
    secs = sections(TEXTER)
    titles = [s["title"] for s in secs.values()]
    for t in ["Vision och värdegrund", "Vår vision: GLOBAL LIVSSTIL, LOKALT LIV",
              "Frihet: Ditt sätt att leva", "Förtroende: Trygghet på dina villkor",
              "Framtid: Hållbar tillväxt i attraktiv miljö", "Vår värdegrund", "Invånaren först",
              "Allas lika värde", "Höga förväntningar", "Nämndens kärnuppdrag", "Omvärldsanalys",
              "Riskanalys", "Nämndens inriktning", "Mål, indikatorer och specifika uppdrag",
              "Inriktningsmål", "Indikatorer", "Uppdrag och initiativ", "Verksamhetsmål",
              "Organisation, ledningsstruktur och arbetsgivarfrågor", "Attraktiv arbetsgivare",
              "Nämndens organisation", "Sjukfrånvaro", "Kompetensförsörjning",
              "Nämndens personalomsättning", "Målsättning och insatser avseende kompetensförsörjning",
              "Program för verksamhet som utförs av privata utförare", "Kommande upphandlingar",
              "IT-utveckling"]:
        assert t in titles, t
    assert len(secs) == 30  # 28 chapters and sub-sections + the Bilagor / Bilaga 1 headings
    # each value of the värdegrund has four bullets
    for sid in ["vp2025-vardegrund-invanaren-forst", "vp2025-vardegrund-allas-lika-varde",
                "vp2025-vardegrund-hoga-forvantningar"]:
        assert secs[sid]["text"].count("\n- ") == 4
        assert secs[sid]["parent"] == "vp2025-var-vardegrund"
    inr = secs["vp2025-namndens-inriktning"]["text"]
    assert "verksamhetsmål 1;" in inr and "verksamhetsmål 3;" in inr
    assert inr.count("\n- ") == 3
    # typos kept
    assert "Kommunstyrelsekontorets är att leda" in inr
    assert "utbildningssatsningen bedöms Under 2023" in secs["vp2025-kompetensforsorjning"]["text"]
    assert "skalla arbeta" in secs["vp2025-kompetensforsorjning"]["text"]


def test_plan_tables():
    assert set(tables(TEXTER)) == {"vp2025-tab-raddningstjanst-bemanning", "vp2025-tab-sjukfranvaro",
                                   "vp2025-tab-personalomsattning", "vp2025-tab-kommande-upphandlingar"}
    bem = rows("vp2025-tab-raddningstjanst-bemanning")
    assert [r["label"] for r in bem.values()] == ["Norrtälje (heltid)", "Norrtälje", "Blidö", "Hallstavik",
                                                  "Rimbo", "Älmsta"]
    assert bem["blido"]["values"][0] == "Fri inryckning"
    assert bem["norrtalje-heltid"]["values"][2] == "1,5 minuter"
    assert all(isinstance(v, str) for r in bem.values() for v in r["values"])
    sj = rows("vp2025-tab-sjukfranvaro")
    assert sj["kommunen-2024"]["values"][1:] == [8, 9.2, 8.1, 5.2, 7.3, 5.3, 3.2, 3.2, 4.7, 4.6, "", ""]
    assert sj["kommunstyrelsekontoret-2024"]["values"][1:] == [5.7, 5.2, 4.6, 3.0, 4.9, 3.4, 1.4, 1.6, 1.9,
                                                                2.5, "", ""]
    assert rows("vp2025-tab-personalomsattning")["personalomsattning"]["values"] == [9.46, 9.02, 6.31, 3.71]
    up = table("vp2025-tab-kommande-upphandlingar")["rows"]
    assert len(up) == 9
    assert up[3]["label"] == "Jubileumspresenter Ramvtal"
    assert [r["values"][1] for r in up].count("2025") == 8 and up[-1]["values"] == ["KSK", "2026"]


# ---------------------------------------------------------------- budget


def test_driftbudget():
    r = rows("vp2025-tab-driftbudget")
    assert r["intakter"]["values"] == [78276, 89569, 23292, 23961, 24673]
    assert r["kostnader"]["values"] == [-336331, -394854, -352552, -360611, -379404]
    assert r["kapitalkostnader"]["parent"] == "kostnader"
    assert r["netto"]["values"] == [-258055, -305285, -329260, -336650, -354731]
    assert r["forandring-tkr"]["values"] == ["", -47230, -23975, -7390, -18081]
    assert r["forandring-procent"]["values"] == ["", 18.3, 7.9, 2.2, 5.4]
    netto = r["netto"]["values"]
    for i in range(1, 5):
        assert netto[i] - netto[i - 1] == r["forandring-tkr"]["values"][i]


def test_driftbudget_per_avdelning():
    t = table("vp2025-tab-driftbudget-per-avdelning")
    assert len(t["rows"]) == 8
    assert [r.get("unit") for r in t["rows"]] == ["kommundirektor", "naringsliv", "hr", "ekonomi", "it",
                                                  "stab", "raddningstjansten", "ksk"]
    tot = t["rows"][-1]
    assert tot["total"] and tot["label"] == "Kommunstyrelsens kontor"
    assert tot["values"] == rows("vp2025-tab-driftbudget")["netto"]["values"]


def test_ekonomiska_forandringar():
    t = table("vp2025-tab-ekonomiska-forandringar")
    lines = [r for r in t["rows"] if not r.get("total")]
    assert len(lines) == 53
    sums = [sum(number(r["values"][c]) or 0 for r in lines) for c in range(3)]
    assert sums == [-23975, -7390, -18081]
    tot = [r for r in t["rows"] if r.get("total")]
    assert len(tot) == 1 and tot[0]["values"] == [-23975, -7390, -18081]
    assert tot[0]["label"] == "Summa förändring per år, tkr"
    # every change has its explanation paragraph
    assert all(r.get("comment") for r in lines)
    by = {r["label"]: r for r in lines}
    assert by["Prisuppräkning"]["values"] == [-8647, -9451, -9779]
    assert by["Friskvårdsbidrag"]["values"] == ["", -1075, ""]
    assert by["Tillkommande kapitalkostnader räddningstjänst"]["values"] == [-1130, "", -2760]
    assert by["Utbildningsanläggning"]["values"] == ["", "", -3150]
    assert "2 000 kr per anställd" in by["Friskvårdsbidrag"]["comment"]
    assert by["Licensavgift Pausit"]["comment"].startswith("**Licenskostnader Pausit**")
    assert "varav en lokalstrateg" in by["2,0 tjänster strateger"]["comment"]
    # the totals agree with the Driftbudget's Förändring i tkr
    assert tot[0]["values"] == rows("vp2025-tab-driftbudget")["forandring-tkr"]["values"][2:]


def test_investeringar_plan():
    r = rows("vp2025-tab-investeringar")
    assert r["summa-investeringar"]["values"] == [55920, 47950, 29550]
    assert sum(r["summa-investeringar"]["values"]) == 133420   # "133,4 miljoner kronor"
    assert r["inv-sakerhet-o-beredskap"]["label"] == "Inv. säkerhet o bereddskap"


# ---------------------------------------------------------------- April report


def test_sammanstallning_matrix_as_printed():
    t = table("sammanstallning-uppdrag-initiativ")
    got = [[r["label"]] + r["values"] for r in t["rows"]]
    assert got == [
        ["Uppdrag", "Ej påbörjad", "", 1, 1],
        ["Uppdrag", "Påbörjad", 19, "", 19],
        ["Uppdrag", "Slutförd", 1, "", 1],
        ["Nämndinitiativ", "Ej påbörjad", 1, "", 1],
        ["Nämndinitiativ", "Påbörjad", 11, 2, 13],
        ["Nämndinitiativ", "Slutförd", 1, "", 1],
        ["Total Summa", "", 33, 3, ""],
    ]
    assert [c["heading"] for c in t["columns"]] == ["Status", "Enligt plan", "Avvikelse från plan", "Total Summa"]
    data = [r for r in t["rows"] if not r.get("total")]
    assert sum(r["values"][3] for r in data if r["label"] == "Uppdrag") == 21
    assert sum(r["values"][3] for r in data if r["label"] == "Nämndinitiativ") == 15


def test_ekonomi_summary():
    r = rows("dr2025-04-tab-ekonomi")
    assert r["summa-driftbudget"]["values"] == [-108420, -93489, 14931, -91694, -329261, -328536, 725]
    assert r["kapitalkostnader"]["values"] == [-5138, -4361, 777, -4452, -15414, -14349, 1066]
    # Avvikelse = Utfall - Budget; Avvikelse Budget-Prognos = Prognos - Budget (kapitalkostnader off by 1)
    for rid, row in r.items():
        v = row["values"]
        assert v[1] - v[0] == v[2], rid
        off = v[6] - (v[5] - v[4])
        assert off == (1 if rid == "kapitalkostnader" else 0), rid


def test_driftredovisning():
    t = table("dr2025-04-tab-driftredovisning-per-verksamhet")
    units = [r for r in t["rows"] if not r.get("total")]
    assert len(units) == 7
    assert [r["unit"] for r in units] == ["kommundirektor", "ekonomi", "hr", "naringsliv", "stab",
                                          "raddningstjansten", "it"]
    tot = t["rows"][-1]
    assert tot["total"] and tot["values"] == rows("dr2025-04-tab-ekonomi")["summa-driftbudget"]["values"]
    # the deviations named in the per-unit comment headings agree with the table
    secs = sections(FOLLOWUP)
    for r in units:
        per = secs[f"dr2025-04-kommentar-{r['unit']}-period"]
        prog = secs[f"dr2025-04-kommentar-{r['unit']}-prognos"]
        assert per["unit"] == prog["unit"] == r["unit"]
        amount = int(re.search(r"([+-]?\s?[\d ]+) tkr", per["title"]).group(1).replace(" ", ""))
        assert amount == r["values"][2]
        amount = int(re.search(r"([+-]?\s?[\d ]+) tkr", prog["title"]).group(1).replace(" ", ""))
        assert amount == r["values"][6]


def test_investeringsprojekt():
    t = table("dr2025-04-tab-investeringar")
    assert len(t["rows"]) == 18
    it = [r for r in t["rows"] if r["group"] == "IT"]
    rt = [r for r in t["rows"] if r["group"] == "Räddningstjänst"]
    assert len(it) == 5 and len(rt) == 13
    codes = [r["code"] for r in t["rows"] if r.get("code")]
    assert codes == ["17031", "19034", "24001", "25000", "25010", "25011", "25012", "25014", "25013",
                     "26001", "26000", "27000"]
    r = rows("dr2025-04-tab-investeringar")
    assert r["totalt-investeringar-it"]["values"][0] == -5300
    assert r["totalt-investeringar-raddningstjanst"]["values"][:2] == [-33400, -32500]
    assert r["p25000"]["values"][0] == -12500
    assert r["p17031"]["label"] == "17031 - Digitala o E-tjänster -17"
    assert r["p17031"]["values"][2] == {"value": 55, "text": "55%"}
    assert r["rt-budgeterade-inv-ej-beslutade"]["values"][6] == -3500
    assert sum(1 for x in t["rows"] if x.get("total")) == 2


def test_sjukfranvaro_report():
    t = table("dr2025-04-tab-sjukfranvaro")
    r = rows("dr2025-04-tab-sjukfranvaro")
    assert r["ksk-2024"]["values"][1:] == [5.27, 4.81, 4.73, 5.54, 5.31, 3.97, 1.61, 2.48, 3.28, 4.03, 3.32, 3.97]
    assert r["ksk-2025"]["values"][1:] == [4.93, 4.95, 4.63, 2.71] + [""] * 8
    assert "U4 Alla bolag" in t["note"] and "Ansvar: Kommunstyrelsekontoret" in t["note"]


def test_followup_sections():
    secs = sections(FOLLOWUP)
    assert len(secs) == 50
    kinds = [s for s in secs.values() if s.get("unit") and s["id"].startswith("dr2025-04-kommentar-")]
    assert len(kinds) == 21   # 7 unit headings + 7 period + 7 prognos comments
    assert secs["dr2025-04-kommentar-raddningstjansten-prognos"]["title"] == "Prognosavvikelse, + 550 tkr:"
    assert "är är lägre" in secs["dr2025-04-kommentar-raddningstjansten-period"]["text"]
    assert "träde den nya cybersäkerhetslagen i kraft" in secs["dr2025-04-viktiga-handelser"]["text"]
    assert "som träde i kraft" in secs["dr2025-04-riskanalys"]["text"]
    assert "verksamsamheter" in secs["dr2025-04-riskanalys"]["text"]
    assert secs["dr2025-04-sammanfattning-periodens-utfall"]["text"].endswith("lägre kostnad för perioden än")
    assert "2,07%" in secs["dr2025-04-analys-personalomsattning"]["text"]
    assert "4,33%" in secs["dr2025-04-analys-sjukfranvaro"]["text"]
    # the Stab paragraph split by a page footer is whole again
    assert "I budget för 2025 finns satsningar" in secs["dr2025-04-kommentar-stab-period"]["text"]
