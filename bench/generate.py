"""A synthetic national plans repository: every municipality's plans, for benchmarks.

290 municipalities, shaped like the real files: the executive board (ks) with its plan, budget,
internal control plan and three follow-ups (April, August, annual) for four years, and a second
board (bun) for the last two years; plans and follow-ups split over two files as the real ones
are (the goal side, and the texts / the economy), narrative sections, the board's contributions
and analyses per goal, dated comments — so that about 60 % of the bytes are text, as in the real
documents (58–80 %). Deterministic (seeded), so runs are comparable.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

YEARS = (2022, 2023, 2024, 2025)
FOLLOWUPS = ("04", "08", "12")
N_AREAS = 6
GOALS_PER_AREA = 3
INDICATORS = 36
ITEMS = 30
UNITS = ("ekonomi", "hr", "stab", "it", "naringsliv", "raddning", "kansli", "kommunikation")
STATUSES = ("Ej påbörjad", "Påbörjad", "Slutförd")
COMPLETIONS = ("Enligt plan", "Avvikelse från plan")
ASSESS = ("Uppfyllt", "Ej uppfyllt", "Inget värde angivet")
TRENDS = ("Positiv", "Negativ", "Oförändrad", "Ej utvärderad")


def outcome(bv: float, k: int, year: int) -> float:
    """The outcome of indicator k in a year: the same in every document that restates it."""
    return round(bv * (0.9 + ((k * 7919 + year * 104729) % 200) / 1000), 1)


def _item_head(year: int, k: int, goals: list[str]) -> str:
    kind = "uppdrag" if k % 3 else "initiativ"
    return (f'\n[[items]]\nid = "u-{year}-{k:03d}"\nkind = "{kind}"\ngoal = "{goals[k % len(goals)]}"\n'
            f'title = "Uppdrag {k}: genomföra en översyn av verksamhetens processer och rutiner"\n'
            f'responsible = "{UNITS[k % len(UNITS)]}"\nend = {year}-{(k % 12) + 1:02d}-28\n')


WORDS = ("verksamheten", "kommunen", "arbetet", "invånarna", "uppdraget", "målet", "under året",
         "har", "genomförts", "fortsätter", "enligt", "plan", "samverkan", "med", "andra", "förvaltningar",
         "och", "det", "är", "viktigt", "att", "utveckla", "digitala", "tjänster", "för", "ökad", "tillgänglighet",
         "ekonomin", "bedöms", "vara", "i", "balans", "trots", "ökade", "kostnader", "personalen", "kompetens",
         "trygghet", "näringslivet", "klimatet", "omställning", "uppföljning", "redovisas", "nämnden")


def prose(rnd: random.Random, sentences: int) -> str:
    """Swedish-looking text (Markdown paragraphs) of about `sentences` sentences."""
    out = []
    for i in range(sentences):
        words = [rnd.choice(WORDS) for _ in range(rnd.randint(9, 20))]
        out.append(" ".join(words).capitalize() + ".")
        if i % 4 == 3:
            out.append("\n\n")
    return " ".join(out).replace(" \n\n ", "\n\n").strip()


def ml(text: str) -> str:
    return '"""\n' + text.replace("\\", "\\\\").replace('"""', '\\"""') + '"""'


def q(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


BOARDS = (("ks", "Kommunstyrelsen", YEARS), ("bun", "Barn- och utbildningsnämnden", YEARS[-2:]))


def municipality_files(n: int, rnd: random.Random) -> dict[str, str]:
    mid = f"kommun-{n:03d}"
    base = f"plans/{mid}"
    out: dict[str, str] = {}
    units = "".join(
        f'\n[[units]]\nid = "{u}"\nname = "{u.capitalize()}avdelningen"\ntype = "avdelning"\nparent = "ksk"\n'
        for u in UNITS
    )
    boards = "".join(f'\n[[boards]]\nid = "{b}"\nname = "{name}"\n' for b, name, _ in BOARDS)
    out[f"{base}/municipality.toml"] = (
        f'#:schema ../../schemas/municipality.schema.json\nkind = "municipality"\nname = "Kommun {n}"\n'
        + boards + '\n[[units]]\nid = "ksk"\nname = "Kommunstyrelsekontoret"\ntype = "kontor"\n' + units
    )
    for period in ("2022-2024", "2025-2027"):
        y0 = period[:4]
        lines = [f'#:schema ../../../schemas/goals.schema.json\nkind = "goals"\nperiod = "{period}"\ntitle = "Mål och budget {period}"\n']
        for a in range(1, N_AREAS + 1):
            lines.append(f'\n[[goal_areas]]\nid = "ma-{y0}-{a}"\nnumber = "{a}"\ntitle = "Målområde {a}"\n'
                         f'ambition = {ml(prose(rnd, 3))}\n')
        for a in range(1, N_AREAS + 1):
            for g in range(1, GOALS_PER_AREA + 1):
                lines.append(f'\n[[goals]]\nid = "im-{y0}-{a}-{g}"\narea = "ma-{y0}-{a}"\nnumber = "{a}.{g}"\ntitle = "Inriktningsmål {a}.{g} med en titel av normal längd"\n')
        out[f"{base}/goals/{period}.toml"] = "".join(lines)
    lines = ['#:schema ../../schemas/indicators.schema.json\nkind = "indicators"\n']
    ind_meta = []
    for i in range(INDICATORS):
        better = "lower" if i % 7 == 0 else "higher"
        unit = ("%", "antal", "kr per invånare", "index")[i % 4]
        base_val = rnd.uniform(10, 90)
        ind_meta.append((f"ind-{i:03d}", better, base_val))
        lines.append(f'\n[[indicators]]\nid = "ind-{i:03d}"\nname = "Indikator {i} om verksamhetens resultat"\ntype = "KF"\nunit = "{unit}"\nbetter = "{better}"\nresponsible = "{UNITS[i % len(UNITS)]}"\nsource = "Kolada"\n'
                     f'definition = {q(prose(rnd, 2))}\n')
    out[f"{base}/indicators.toml"] = "".join(lines)

    for board, _, years in BOARDS:
        for year in years:
            out.update(_board_year(base, board, year, ind_meta, rnd))
    return out


def _board_year(base: str, board: str, year: int, ind_meta: list, rnd: random.Random) -> dict[str, str]:
    out: dict[str, str] = {}
    gp = "2022-2024" if year < 2025 else "2025-2027"
    y0 = gp[:4]
    goals = [f"im-{y0}-{a}-{g}" for a in range(1, N_AREAS + 1) for g in range(1, GOALS_PER_AREA + 1)]
    ydir = f"{base}/{board}/{year}"
    head = lambda kind, period, depth: (  # noqa: E731
        f'#:schema {"../" * depth}schemas/{kind}.schema.json\nkind = "{kind}"\nperiod = "{period}"\n'
        f'title = "{kind} {period}"\ngoal_period = "{gp}"\noffice = "ksk"\n'
    )
    # plan, goal side: indicators with targets for the plan years and past outcomes, items
    doc = [head("plan", str(year), 5)]
    for k, (iid, better, bv) in enumerate(ind_meta):
        doc.append(f'\n[[indicators]]\nid = "{iid}"\ngoal = "{goals[k % len(goals)]}"\nresponsible = "{UNITS[k % len(UNITS)]}"\n\n[indicators.values]\n')
        for yy in range(year - 2, year + 3):
            if yy < year:
                doc.append(f"{yy} = {{ outcome = {outcome(bv, k, yy)} }}\n")
            elif k % 9 == 4:  # values the source writes as text
                doc.append(f'{yy} = {{ target = "Målvärde tas fram", forecast = "Saknas" }}\n')
            else:
                doc.append(f"{yy} = {{ target = {bv * 1.02:.1f}, forecast = {bv * rnd.uniform(0.95, 1.05):.1f} }}\n")
    for k in range(ITEMS):
        doc.append(_item_head(year, k, goals) + f"description = {ml(prose(rnd, 4))}\n"
                   + (f'done_when = {q(prose(rnd, 1))}\n' if k % 2 else ""))
    out[f"{ydir}/plan.toml"] = "".join(doc)
    # plan, text side (a split document, as the real ones): sections and contributions per goal
    doc = [head("plan", str(year), 5)]
    for k, title in enumerate(("Inledning", "Vision och värdegrund", "Nämndens uppdrag", "Omvärldsanalys",
                               "Verksamhetens utveckling", "Ekonomi", "Personal", "Bilagor")):
        doc.append(f'\n[[sections]]\nid = "s-{k}"\ntitle = "{title}"\ntext = {ml(prose(rnd, 8))}\n')
    for g in goals:
        doc.append(f'\n[[contributions]]\ngoal = "{g}"\ncontribution = {ml(prose(rnd, 5))}\n')
    out[f"{ydir}/plan-texter.toml"] = "".join(doc)
    # budget: per unit, four columns
    cols = ", ".join(f'{{ heading = "{h} {yy}", measure = "{m}", period = "{yy}" }}'
                     for h, m, yy in (("Utfall", "utfall", year - 1), ("Budget", "budget", year),
                                      ("Plan", "plan", year + 1), ("Plan", "plan", year + 2)))
    doc = [head("budget", str(year), 5), f'\n[[tables]]\nid = "driftbudget"\ntitle = "Driftbudget per avdelning"\nunit = "tkr"\ncolumns = [{cols}]\n']
    sums = [0, 0, 0, 0]
    for u in UNITS:
        vals = [-rnd.randint(5000, 90000) for _ in range(4)]
        sums = [a + b for a, b in zip(sums, vals)]
        doc.append(f'\n[[tables.rows]]\nid = "{u}"\nlabel = "{u.capitalize()}"\nunit = "{u}"\nvalues = [{", ".join(map(str, vals))}]\n')
    doc.append(f'\n[[tables.rows]]\nid = "summa"\nlabel = "Summa"\ntotal = true\nvalues = [{", ".join(map(str, sums))}]\n')
    doc.append(f'\n[[sections]]\nid = "ekonomi-kommentar"\ntitle = "Kommentar till budgeten"\ntext = {ml(prose(rnd, 6))}\n')
    out[f"{ydir}/budget.toml"] = "".join(doc)
    # internal control plan and risk analysis
    doc = [head("controls", str(year), 5)]
    for sid, title in (("sannolikhet", "Sannolikhet"), ("konsekvens", "Konsekvens")):
        levels = ", ".join(f'{{ value = {v}, label = "Nivå {v}", text = {q(prose(rnd, 1))} }}' for v in range(1, 5))
        doc.append(f'\n[[scales]]\nid = "{sid}"\ntitle = "{title}"\nlevels = [{levels}]\n')
    for lo, hi in ((1, 4), (5, 8), (9, 16)):
        doc.append(f'\n[[handling_rules]]\nmin = {lo}\nmax = {hi}\ntext = {q(prose(rnd, 1))}\n')
    for r in range(10):
        p_, c_ = 1 + r % 4, 1 + (r * 3) % 4
        doc.append(f'\n[[risks]]\nid = "risk-{r}"\ntitle = "Risk {r}: {prose(rnd, 1)[:60]}"\nprocess = "Process {r}"\n'
                   f'probability = {p_}\nconsequence = {c_}\nvalue = {p_ * c_}\nhandling = {q(prose(rnd, 1))}\n')
    for c in range(8):
        doc.append(f'\n[[controls]]\nid = "kontroll-{c}"\nrisk = "risk-{c}"\nprocess = "Process {c}"\nwhat = {q(prose(rnd, 1))}\n'
                   f'method = "Stickprov"\nresponsible_text = "Controller"\nfollowup = "Delår 2"\n')
    out[f"{ydir}/controls.toml"] = "".join(doc)
    # follow-ups: the goal side, and the economy in a file of its own
    for mm in FOLLOWUPS:
        period = f"{year}-{mm}"
        doc = [head("followup", period, 6), f"date = {year}-{mm}-{28 if mm != '12' else 31}\n"]
        for g in goals:
            doc.append(f'\n[[contributions]]\ngoal = "{g}"\nassessment = "{ASSESS[len(g) % 3]}"\n'
                       f'trend = "{TRENDS[len(g) % 4]}"\nanalysis = {ml(prose(rnd, 4))}\n')
        for k, (iid, better, bv) in enumerate(ind_meta):
            doc.append(
                f'\n[[indicators]]\nid = "{iid}"\ngoal = "{goals[k % len(goals)]}"\nresponsible = "{UNITS[k % len(UNITS)]}"\n'
                f'assessment = "{ASSESS[k % 3]}"\ntrend = "{TRENDS[k % 4]}"\n\n[indicators.values]\n'
            )
            for yy in range(year - 3, year):
                doc.append(f"{yy} = {{ outcome = {outcome(bv, k, yy)} }}\n")
            doc.append(f'"{period}" = {{ outcome = {bv * rnd.uniform(0.3, 1.0):.1f} }}\n')
            doc.append(f"{year} = {{ target = {bv * 1.02:.1f}, forecast = {bv * rnd.uniform(0.95, 1.05):.1f} }}\n")
        for k in range(ITEMS):
            doc.append(
                _item_head(year, k, goals)
                + f'status = "{STATUSES[(k + int(mm)) % 3]}"\ncompletion = "{COMPLETIONS[k % 5 == 0]}"\n\n'
                f'[[items.comments]]\ndate = {year}-{mm}-15\nlabel = "Senaste kommentar"\n'
                f'text = {ml(prose(rnd, 3))}\n'
            )
        out[f"{ydir}/followup/{period}.toml"] = "".join(doc)
        doc = [head("followup", period, 6)]
        cols = ", ".join(f'{{ heading = "{h}", measure = "{m}", period = "{pp}" }}' for h, m, pp in (
            ("Budget perioden", "budget", period), ("Utfall perioden", "utfall", period),
            ("Budget helår", "budget", str(year)), ("Prognos helår", "prognos", str(year))))
        doc.append(f'\n[[tables]]\nid = "ekonomi"\ntitle = "Ekonomi per avdelning"\nunit = "tkr"\ncolumns = [{cols}]\n')
        for u in UNITS:
            vals = [-rnd.randint(2000, 60000) for _ in range(4)]
            doc.append(f'\n[[tables.rows]]\nid = "{u}"\nlabel = "{u.capitalize()}"\nunit = "{u}"\n'
                       f'values = [{", ".join(map(str, vals))}]\ncomment = {q(prose(rnd, 2))}\n')
        doc.append(f'\n[[sections]]\nid = "viktiga-handelser"\ntitle = "Viktiga händelser"\ntext = {ml(prose(rnd, 10))}\n')
        out[f"{ydir}/followup/{period}-ekonomi.toml"] = "".join(doc)
    return out


def generate(root: Path, municipalities: int = 290, seed: int = 1) -> dict:
    rnd = random.Random(seed)
    n_files = 0
    n_bytes = 0
    for n in range(1, municipalities + 1):
        for rel, text in municipality_files(n, rnd).items():
            p = root / rel
            p.parent.mkdir(parents=True, exist_ok=True)
            data = text.encode("utf-8")
            p.write_bytes(data)
            n_files += 1
            n_bytes += len(data)
    return {"files": n_files, "bytes": n_bytes}


def make_history(root: Path, share: float = 0.05, seed: int = 3) -> int:
    """Make root a Git repository of its own with two commits: the generated plans, then a
    follow-up round in which about `share` of the latest follow-ups' statuses change. Returns
    the number of changed values."""
    import os
    import subprocess

    env = dict(os.environ, GIT_AUTHOR_NAME="Bench", GIT_AUTHOR_EMAIL="bench@example.invalid",
               GIT_COMMITTER_NAME="Bench", GIT_COMMITTER_EMAIL="bench@example.invalid")

    def git(*args):
        subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, env=env)

    git("init", "-q", "-b", "main")
    git("add", "-A")
    git("commit", "-q", "-m", "generated")
    rnd = random.Random(seed)
    changed = 0
    for path in sorted(root.glob("plans/*/ks/2025/followup/2025-12.toml")):  # the goal side of the report
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        for i, line in enumerate(lines):
            if line.startswith("status = ") and rnd.random() < share * 4:
                lines[i] = 'status = "Slutförd"\n' if "Slutförd" not in line else 'status = "Påbörjad"\n'
                changed += 1
        path.write_text("".join(lines), encoding="utf-8")
    git("commit", "-q", "-am", "uppföljning per december 2025")
    return changed


def big_file(path: Path, items: int = 180) -> int:
    """One plan file of about 5,000 lines, for timing `set`."""
    rnd = random.Random(2)
    files = municipality_files(1, rnd)
    text = files["plans/kommun-001/ks/2025/followup/2025-12.toml"]
    head, _, rest = text.partition("\n[[items]]")
    extra = []
    for k in range(items):
        extra.append(
            f'\n[[items]]\nid = "x-{k:04d}"\nkind = "uppdrag"\ngoal = "im-2025-1-1"\n'
            f'title = "Extra uppdrag {k}"\nresponsible = "stab"\nend = 2025-12-01\nstatus = "Påbörjad"\n'
            f'completion = "Enligt plan"\n\n[[items.comments]]\ndate = 2025-12-15\ntext = """\nRad ett.\nRad två.\n"""\n'
        )
    out = head + "\n[[items]]" + rest + "".join(extra)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(out, encoding="utf-8")
    return out.count("\n")


if __name__ == "__main__":  # pragma: no cover
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "bench/out/national")
    print(generate(target, int(sys.argv[2]) if len(sys.argv) > 2 else 290))
