"""The text, CSV and JSON that `verksam summary`, `verksam diff` and `verksam history` print, made
from what the service computes (service/summary.py, service/diff.py, service/history.py): the
command line only parses and writes these out.

Text output is Swedish (English with --lang en) with Swedish number formatting; csv and json give
the frames as they are (see docs/analysis.md).
"""

from __future__ import annotations

import json
from collections.abc import Iterator

import polars as pl

from ..analysis.summary import TOTAL, AnalysisFrames, DocKey, report_date
from ..model.values import Period, format_number
from .diff import Side, diff
from .history import entry_history, entry_title
from .summary import Summaries, open_analysis
from .words import basis_word, better_word, change_word, field_word, kind_word
from .words import sv_en as _
from ..text import language


SECTION_SV = {"indicators": "Indikatorer", "goals": "Inriktningsmål", "areas": "Målområden",
              "overview": "Sammanställning av uppdrag och initiativ", "overview_check": "Kontroll mot rapportens tabell",
              "overdue": "Försenade", "completeness": "Fullständighet", "controls": "Internkontroll", "economy": "Ekonomi", "totals": "Summakontroll"}


# ---------------------------------------------------------------- helpers


def _records(df: pl.DataFrame) -> list[dict]:
    return json.loads(df.write_json()) if df.height else []


def _n(x, unit: str = "") -> str:
    return "" if x is None else format_number(x, unit=unit)


def _cut(s: str, n: int) -> str:
    s = " ".join((s or "").split())
    return s if len(s) <= n else s[: n - 1] + "…"


def _table(headers: list[str], rows: list[list[str]], right: set[int] = frozenset()) -> list[str]:
    widths = [max([len(h)] + [len(r[i]) for r in rows]) for i, h in enumerate(headers)]

    def line(cells):
        return "  " + "  ".join(c.rjust(widths[i]) if i in right else c.ljust(widths[i])
                                for i, c in enumerate(cells)).rstrip()
    return [line(headers)] + [line(r) for r in rows]


def _doc_title(af: AnalysisFrames, doc: DocKey) -> str:
    row = af.documents.filter(doc.filter())
    title = row["title"][0] if row.height and row["title"][0] else ""
    p = Period.parse(doc.period)
    what = ((f"Uppföljning {p.label_sv()}" if language() == "sv" else f"Follow-up {p.text}") if doc.kind == "followup" and p
            else f"{_('Verksamhetsplan', 'Plan') if doc.kind == 'plan' else doc.kind} {doc.period}")
    return f"{doc.municipality} / {doc.board}: {title or what}" + (f" ({what})" if title and title != what else "")


# ---------------------------------------------------------------- summary


def _summary_text(af: AnalysisFrames, doc: DocKey, s: dict[str, pl.DataFrame]) -> list[str]:
    L: list[str] = []
    head = _doc_title(af, doc)
    L += [head, "=" * len(head)]
    rd = report_date(af, doc)
    if rd:
        L.append(_("Rapportdatum", "Report date") + f" {rd.isoformat()}")
    st = s["indicators"]
    L += ["", _(f"Indikatorer ({st.height}): uppfyllda / ej uppfyllda / utan värde, beräknat mot målet för "
                f"{doc.year} (utfall, annars prognos) — bredvid rapportens bedömning",
                f"Indicators ({st.height}): met / not met / no value, computed against the target for "
                f"{doc.year} (outcome, else forecast) — beside the report's own assessment")]
    rows = []
    for r in s["goals"].iter_rows(named=True):
        rows.append([r["goal_number"] or r["goal"], _cut(r["goal_title"], 44), str(r["indicators"]), str(r["met"]),
                     str(r["not_met"]), str(r["no_value"] + r["not_evaluated"]),
                     f"{r['reported_met']}/{r['reported_not_met']}", str(r["disagreements"] or ""),
                     r["assessment"]])
    if rows:
        L += _table(_("Mål|Titel|Ind.|Uppf.|Ej uppf.|Utan v.|Rapport u/e|Avvik.|Bedömning",
                      "Goal|Title|Ind.|Met|Not met|No val.|Report m/n|Differ|Assessment").split("|"),
                    rows, right={2, 3, 4, 5, 6, 7})
    rows = []
    for r in s["areas"].iter_rows(named=True):
        rows.append([r["area_number"] or r["area"], _cut(r["area_title"], 44), str(r["indicators"]), str(r["met"]),
                     str(r["not_met"]), str(r["no_value"] + r["not_evaluated"]),
                     f"{r['goals_met']}/{r['goals_not_met']}"])
    if rows:
        L += ["", _("Per målområde (inriktningsmål bedömda uppfyllda / ej uppfyllda i rapporten):",
                    "Per goal area (goals the report assesses as met / not met):")]
        L += _table(_("Område|Titel|Ind.|Uppf.|Ej uppf.|Utan v.|Mål u/e",
                      "Area|Title|Ind.|Met|Not met|No val.|Goals m/n").split("|"), rows, right={2, 3, 4, 5, 6})
    dis = st.filter(pl.col("agrees") == False)  # noqa: E712
    if dis.height:
        L += ["", _(f"Beräkning och rapport skiljer sig ({dis.height}):",
                    f"Computed and reported differ ({dis.height}):")]
        for r in dis.iter_rows(named=True):
            basis = basis_word(r["basis"])
            better = better_word(r["better"])
            L.append(f"  {r['indicator_id']}: {_('mål', 'target')} {r['target_text'] or _n(r['target'], r['unit'])}, "
                     f"{basis} {_n(r['value'], r['unit']) or '–'} ({better}) → "
                     f"{r['status_sv']}; {_('rapporten', 'the report')}: {r['reported']}")
    ov = s["overview"]
    L += ["", _("Sammanställning av uppdrag och initiativ (status × prognos för slutförande)",
                "Assignments and initiatives (status × completion forecast)")]
    cols = [c for c in ov.columns if c not in ("kind", "status")]
    rows = [[kind_word(r["kind"]) if r["kind"] != TOTAL else _("Total summa", "Total"), r["status"]]
            + [str(r[c]) for c in cols] for r in ov.iter_rows(named=True)]
    L += _table([_("Typ", "Kind"), "Status"] + cols, rows, right=set(range(2, 2 + len(cols))))
    chk = s["overview_check"]
    if chk.height:
        L.append(_("  Skiljer sig från rapportens egen tabell:", "  Differs from the report's own table:"))
        for r in chk.iter_rows(named=True):
            L.append(f"    {r['kind']} {r['status']} {r['completion']}: {_('rapporten', 'the report')} {r['reported']}, "
                     f"{_('räknat', 'counted')} {r['counted']}")
    od = s["overdue"]
    when = " " + rd.isoformat() if rd else ""
    L += ["", _(f"Försenade (slutdatum passerat{when}, ej slutförda): {od.height}",
                f"Overdue (end date passed{when}, not done): {od.height}")]
    for r in od.iter_rows(named=True):
        L.append(f"  {r['kind']} {r['id']}: {_('slut', 'end')} {r['end']} ({r['days_overdue']} {_('dagar', 'days')}), "
                 f"{r['status'] or _('ingen status', 'no status')}{', ' + r['completion'] if r['completion'] else ''}")
    cp = s["completeness"]
    L += ["", _("Fullständighet", "Completeness")]
    for col, label in (("no_update", _("Saknar uppdatering", "No update")),
                       ("no_comment", _("Saknar kommentar/bedömning för perioden", "No comment/assessment for the period")),
                       ("no_forecast", _("Saknar prognos", "No forecast"))):
        sub = cp.filter(pl.col(col))
        L.append(f"  {label} ({sub.height})" + (": " + ", ".join(sub["id"].to_list()) if sub.height else ""))
    ik = s.get("controls")
    if ik is not None and ik.height:
        r = ik.row(0, named=True)
        L += ["", _("Internkontroll", "Internal control"),
              _(f"  {r['planned']} planerade kontroller, {r['results']} med resultat denna period: {r['performed']} utförda, "
                f"{r['with_deviations']} med avvikelser; {r['actions']} åtgärder, {r['actions_open']} öppna",
                f"  {r['planned']} planned controls, {r['results']} with a result this period: {r['performed']} performed, "
                f"{r['with_deviations']} with deviations; {r['actions']} actions, {r['actions_open']} open")]
    ec = s["economy"]
    if ec.height:
        L += ["", _(f"Ekonomi (tkr): perioden {doc.period} och helåret {doc.year}",
                    f"Economy (tkr): the period {doc.period} and the year {doc.year}")]
        for t in ec["table_title"].unique(maintain_order=True).to_list():
            sub = ec.filter(pl.col("table_title") == t)
            rows = []
            for r in sub.iter_rows(named=True):
                flag = "!" if r["period_mismatch"] or r["year_mismatch"] else ""
                rows.append([_cut(r["row"], 30), _n(r["budget_period"]), _n(r["outcome_period"]),
                             _n(r["deviation_period"]), _n(r["budget_year"]), _n(r["forecast_year"]),
                             _n(r["deviation_year"]), flag])
            L.append(f"  {t}")
            L += _table(_("Rad|Budget per.|Utfall per.|Avvikelse|Budget helår|Prognos|Avvikelse|",
                          "Row|Budget per.|Outcome per.|Deviation|Budget year|Forecast|Deviation|").split("|"),
                        rows, right={1, 2, 3, 4, 5, 6})
        bad = ec.filter(pl.col("period_mismatch") | pl.col("year_mismatch"))
        if bad.height:
            L.append(_(f"  ! avvikelsen stämmer inte med utfall/prognos − budget (±2 tkr) på {bad.height} rader",
                       f"  ! the deviation is not outcome/forecast − budget (±2 tkr) on {bad.height} rows"))
    tc = s["totals"]
    if tc.height:
        bad = tc.filter(~pl.col("ok"))
        L += ["", _(f"Summakontroll: {tc.height - bad.height} summor stämmer, {bad.height} avviker (±2)",
                    f"Totals: {tc.height - bad.height} agree, {bad.height} differ (±2)")]
        for r in bad.iter_rows(named=True):
            L.append(f"  {r['table_title']} / {r['row']} / {r['column']}: {_('angivet', 'stated')} {_n(r['stated'])}, "
                     f"{_('delarnas summa', 'sum of parts')} {_n(r['sum_of_parts'])}")
    return L


def _summary_frame(d, s: dict[str, pl.DataFrame], with_empty: bool) -> pl.DataFrame | None:
    parts = [df.drop([c for c in ("municipality", "board") if c in df.columns]).select(
        pl.lit(name).alias("section"), pl.lit(d.municipality).alias("municipality"),
        pl.lit(d.board).alias("board"), pl.lit(d.kind).alias("doc_kind"),
        pl.lit(d.period).alias("doc_period"), pl.all()) for name, df in s.items() if with_empty or df.height]
    return pl.concat(parts, how="diagonal_relaxed") if parts else None


def _summary_csv(results) -> Iterator[str]:
    if results.whole:  # a few municipalities: one table, the columns of the sections that have rows
        parts = [f for d, s, _af in results if (f := _summary_frame(d, s, False)) is not None]
        yield pl.concat(parts, how="diagonal_relaxed").write_csv() if parts else "section\n"
        return
    columns: list[str] | None = None  # a country, document by document: every section's columns
    for d, s, _af in results:
        table = _summary_frame(d, s, True)
        if table is None:
            continue
        first = columns is None
        if first:
            columns = table.columns
        table = table.select([pl.col(c) if c in table.columns else pl.lit(None).alias(c) for c in columns])
        if table.height or first:
            yield table.write_csv(include_header=first)
    if columns is None:
        yield "section\n"


# ---------------------------------------------------------------- diff


def _change_text(r: dict) -> str:
    ch = change_word(r["change"])
    field = field_word(r["field"])
    if r["period"]:
        field = f"{field} {r['period']}"
    if r["change"] == "added":
        return f"{field}: {_('ny', 'new')} {r['new']}" if r["field"] else _("ny", "new")
    if r["change"] == "removed":
        return (f"{field}: {_('borttagen (var', 'removed (was')} {r['old']})" if r["field"]
                else _("borttagen", "removed"))
    old = _cut(r["old"], 60) or _("(tomt)", "(empty)")
    new = _cut(r["new"], 60) or _("(tomt)", "(empty)")
    return f"{field}: {old} → {new}" + (f" ({ch})" if r["change"] not in ("changed",) else "")


def diff_text(d: pl.DataFrame, title: str) -> list[str]:
    L = [title, "=" * len(title)]
    if not d.height:
        return L + [_("Inga skillnader.", "No differences.")]
    group_cols = ["municipality", "board"] + (["doc_kind", "doc_period"] if "rev" in title else [])
    for key, sub in d.group_by(group_cols, maintain_order=True):
        L += ["", " / ".join(str(k) for k in key if k)]
        for what, label in (("item", _("Uppdrag, initiativ och åtgärder", "Assignments, initiatives and actions")),
                            ("indicator", _("Indikatorer", "Indicators"))):
            part = sub.filter(pl.col("what") == what)
            if not part.height:
                continue
            L.append(f"  {label}")
            for (id_,), rows in part.group_by(["id"], maintain_order=True):
                r0 = rows.row(0, named=True)
                L.append(f"    {id_}  {_cut(r0['title'], 70)}" + (f"  [{r0['kind']}]" if what == "item" else ""))
                for r in rows.iter_rows(named=True):
                    L.append(f"      {_change_text(r)}")
    counts = d.group_by("change").len().sort("change")
    L += ["", f"{d.height} {_('ändringar', 'changes')}: " + ", ".join(f"{change_word(c)} {n}" for c, n in counts.iter_rows())]
    return L


# ---------------------------------------------------------------- history


def summary_output(results: Summaries, fmt: str) -> Iterator[str]:
    """`verksam summary` as pieces of output, document by document (a country's summary is
    never held whole); `results.errors` counts the data's errors once it has been read."""
    if fmt == "json":
        yield "{\"documents\": ["
        for i, (d, s, _af) in enumerate(results):
            doc = {"municipality": d.municipality, "board": d.board, "kind": d.kind, "period": d.period,
                   **{name: _records(df) for name, df in s.items()}}
            yield ("," if i else "") + "\n" + json.dumps(doc, ensure_ascii=False, indent=1)
        yield "\n]}\n"
    elif fmt == "csv":
        yield from _summary_csv(results)
    else:
        first = True
        for d, s, af in results:
            yield ("" if first else "\n") + "\n".join(_summary_text(af, d, s)) + "\n"
            first = False


def changes_output(d: pl.DataFrame, fmt: str, title: str) -> str:
    """`verksam diff`'s changes as text, CSV or JSON."""
    if fmt == "json":
        return json.dumps({"changes": _records(d)}, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return d.write_csv()
    return "\n".join(diff_text(d, title)) + "\n"


def diff_revisions_output(repo, old: str, new: str, fmt: str) -> str:
    """`verksam diff --rev OLD NEW`: only the documents whose files differ are read."""
    r = diff(repo, Side.rev(old), Side.rev(new))
    return changes_output(r.changes, fmt, _(
        f"Skillnader mellan revisionerna {old} ({r.old_sha[:10]}) och {new} ({r.new_sha[:10]}) (rev)",
        f"Differences between the revisions {old} ({r.old_sha[:10]}) and {new} ({r.new_sha[:10]}) (rev)"))


def diff_periods_output(repo, old: str, new: str, fmt: str) -> tuple[str, int]:
    """`verksam diff OLD NEW` between two periods, and the number of errors in the data."""
    af, meta = open_analysis(repo)
    r = diff(repo, Side.period(old), Side.period(new), frames=af)
    return (changes_output(r.changes, fmt, _(f"Skillnader {old} → {new}", f"Differences {old} → {new}")),
            int(meta.get("errors", 0) or 0))


def history_output(repo, item_id: str, fmt: str) -> str:
    """`verksam history ID`: every change of one entry, commit by commit."""
    hist = entry_history(repo, item_id)
    if fmt == "json":
        return json.dumps({"id": item_id, "changes": _records(hist)}, ensure_ascii=False, indent=1) + "\n"
    if fmt == "csv":
        return hist.write_csv()
    title = entry_title(hist, item_id)  # the title where a person reads; the id beside it
    shown = f"{title} ({item_id})" if title != item_id else item_id
    head = _(f"Historik för {shown}", f"History of {shown}")
    L = [head, "=" * len(head)]
    if not hist.height:
        L.append(_("Inga ändringar av posten i historiken.", "No changes of the entry in the history."))
    for (sha,), rows in (hist.group_by(["commit"], maintain_order=True) if hist.height else []):
        r0 = rows.row(0, named=True)
        L += ["", f"{sha[:10]}  {r0['date'][:10]}  {r0['author']} <{r0['email']}>", f"  {r0['subject']}"]
        for (kind, period, doc), sub in rows.group_by(["doc_kind", "doc_period", "new_document"],
                                                      maintain_order=True):
            docname = doc or sub.row(0, named=True)["old_document"] or ""
            L.append(f"  {kind} {period}  ({docname})")
            for r in sub.iter_rows(named=True):
                L.append(f"    {_change_text(r)}")
    return "\n".join(L) + "\n"
