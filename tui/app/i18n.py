"""The app's words in Swedish (default) and English.

`t("key")` returns the text in the current language; `t("key", n=3)` formats it. Texts from the
plan files (titles, statuses as written) are data and are never translated.
"""

from __future__ import annotations

LANGS = ("sv", "en")
_lang = "sv"

# key: (svenska, english)
STRINGS: dict[str, tuple[str, str]] = {
    # app
    "app.title": ("verksam", "verksam"),
    "app.subtitle": ("planer och uppföljningar", "plans and follow-ups"),
    "loading": ("Läser planerna …", "Reading the plans …"),
    "loaded": ("{docs} dokument, {items} uppdrag/initiativ/åtgärder, {inds} indikatorer lästa på {ms} ms",
               "{docs} documents, {items} items, {inds} indicators read in {ms} ms"),
    "reloaded": ("Ändrade filer lästa igen: {files}", "Changed files read again: {files}"),
    "load.failed": ("Kunde inte läsa planerna: {error}", "Could not read the plans: {error}"),
    "nothing": ("Inget att visa här.", "Nothing to show here."),
    "choose": ("Välj något i trädet till vänster (pilar eller j/k, Enter öppnar).",
               "Choose something in the tree on the left (arrows or j/k, Enter opens)."),
    # bindings / commands
    "cmd.quit": ("Avsluta", "Quit"),
    "cmd.quit.help": ("Stäng verksam", "Close verksam"),
    "cmd.help": ("Hjälp", "Help"),
    "cmd.help.help": ("Visa alla tangenter och vyer", "Show every key and view"),
    "cmd.search": ("Sök", "Search"),
    "cmd.search.help": ("Sök bland alla uppdrag, initiativ, åtgärder, indikatorer, mål, tabeller och texter",
                        "Search every item, indicator, goal, table and text"),
    "cmd.switch": ("Växla", "Switch"),
    "cmd.switch.help": ("Växla mellan årets plan och varje uppföljning, på samma ställe",
                        "Switch between the year's plan and each follow-up, keeping your place"),
    "cmd.switch_back": ("Föregående dokument", "Previous document"),
    "cmd.switch_back.help": ("Växla åt andra hållet", "Switch the other way"),
    "cmd.filter": ("Filter", "Filter"),
    "cmd.filter.help": ("Filtrera på enhet, status, avvikelser, utan uppdatering",
                        "Filter by unit, status, deviations, no update"),
    "cmd.my_unit": ("Min enhet", "My unit"),
    "cmd.my_unit.help": ("Visa bara min enhets uppdrag (av/på)", "Show only my unit's items (on/off)"),
    "cmd.deviations": ("Avvikelser", "Deviations"),
    "cmd.deviations.help": ("Visa bara avvikelser (av/på)", "Show only deviations (on/off)"),
    "cmd.no_update": ("Ej uppdaterade", "Not updated"),
    "cmd.no_update.help": ("Visa bara det som saknar uppdatering denna period (av/på)",
                           "Show only what has no update this period (on/off)"),
    "cmd.clear": ("Rensa filter", "Clear filters"),
    "cmd.clear.help": ("Ta bort alla filter", "Remove every filter"),
    "cmd.problems": ("Problem", "Problems"),
    "cmd.problems.help": ("Visa felen och varningarna som valideringen hittar",
                          "Show the errors and warnings validation finds"),
    "cmd.overview": ("Översikt", "Overview"),
    "cmd.overview.help": ("Översikt över dokumentet: mål, indikatorer, uppdrag",
                          "Overview of the document: goals, indicators, items"),
    "cmd.matrix": ("Riskmatris", "Risk matrix"),
    "cmd.matrix.help": ("Öppna årets internkontroll och riskmatris", "Open the year's internal control and risk matrix"),
    "cmd.reload": ("Läs om", "Reload"),
    "cmd.reload.help": ("Läs om alla filer från disk", "Read every file from disk again"),
    "cmd.back": ("Tillbaka", "Back"),
    "cmd.back.help": ("Gå tillbaka till förra platsen", "Go back to the previous place"),
    "cmd.focus": ("Träd/detalj", "Tree/detail"),
    "cmd.focus.help": ("Flytta fokus mellan trädet och detaljrutan", "Move focus between the tree and the detail pane"),
    "cmd.palette": ("Kommandon", "Commands"),
    "cmd.palette.help": ("Kommandopaletten: alla kommandon och allt innehåll", "The command palette: every command and all content"),
    "cmd.down": ("Ned", "Down"),
    "cmd.up": ("Upp", "Up"),
    "cmd.open": ("Öppna", "Open"),
    # help screen
    "help.title": ("Hjälp – tangenter och vyer", "Help – keys and views"),
    "help.keys": ("Tangenter", "Keys"),
    "help.key": ("Tangent", "Key"),
    "help.action": ("Gör", "Does"),
    "help.close": ("Escape, q eller ? stänger", "Escape, q or ? closes"),
    "help.views": (
        """## Vyer

* **Kommun, nämnd, år** – dokumenten och enheterna.
* **Dokument** – översikt per målområde och mål: indikatorer uppfyllda / ej uppfyllda / utan värde,
  uppdrag och initiativ ej påbörjade / påbörjade / slutförda / med avvikelse.
* **Mål** – målets text, nämndens bidrag, bedömning, indikatorer med år som kolumner, uppdrag och initiativ.
* **Indikator** – hela serien över år och perioder, diagram, definition och alla daterade kommentarer.
* **Uppdrag, initiativ, åtgärd** – alla fält, åtgärder och kommentarshistorik.
* **Tabell** – budget, ekonomi och investeringar; varav-rader indragna, summor i fetstil, avvikelser markerade.
* **Internkontroll** – riskmatris (sannolikhet × konsekvens) och kontrollerna.
* **Text** – avsnitt visade som Markdown.
* **Problem** – fel och varningar; Enter hoppar till det de gäller.

## Symboler

● grön = uppfyllt / slutförd / enligt plan, ▲ gul = påbörjad / delvis, ■ röd = ej uppfyllt / avvikelse,
○ grå = inget värde / ej påbörjad. Texten står alltid bredvid symbolen.
""",
        """## Views

* **Municipality, board, year** – the documents and units.
* **Document** – overview per goal area and goal: indicators met / not met / without value,
  assignments and initiatives not started / started / done / deviating.
* **Goal** – its text, the board's contribution, assessment, indicators with years as columns, items.
* **Indicator** – the whole series over years and periods, a chart, its definition and every dated comment.
* **Assignment, initiative, action** – every field, its actions and comment history.
* **Table** – budget, economy and investments; "varav" rows indented, totals in bold, deviations marked.
* **Internal control** – risk matrix (probability × consequence) and the controls.
* **Text** – sections rendered as Markdown.
* **Problems** – errors and warnings; Enter jumps to what they concern.

## Symbols

● green = met / done / on plan, ▲ yellow = started / partly, ■ red = not met / deviation,
○ grey = no value / not started. The word is always shown beside the symbol.
""",
    ),
    # header
    "where.none": ("Ingen plats vald", "Nothing chosen"),
    "period": ("Period", "Period"),
    "period.year": ("år {p}", "year {p}"),
    "period.per": ("per {p}", "as of {p}"),
    "filters": ("Filter", "Filter"),
    "problems.count": ("{e} fel, {w} varningar", "{e} errors, {w} warnings"),
    # tree
    "tree.root": ("Planer", "Plans"),
    "tree.problems": ("Problem ({n})", "Problems ({n})"),
    "tree.goals": ("Mål och budget {p}", "Goals {p}"),
    "tree.indicators": ("Indikatordefinitioner ({n})", "Indicator definitions ({n})"),
    "tree.units": ("Organisation", "Organisation"),
    "tree.no_goal": ("Utan mål", "Without goal"),
    "tree.other_goals": ("Övriga mål", "Other goals"),
    "tree.tables": ("Ekonomi och tabeller", "Economy and tables"),
    "tree.sections": ("Texter", "Texts"),
    "tree.matrix": ("Riskmatris", "Risk matrix"),
    "tree.risks": ("Risker ({n})", "Risks ({n})"),
    "tree.controls": ("Kontroller ({n})", "Controls ({n})"),
    "tree.area_contribution": ("Bidrag till målområdet", "Contribution to the goal area"),
    # document kinds
    "doc.plan": ("Verksamhetsplan", "Operational plan"),
    "doc.budget": ("Budget", "Budget"),
    "doc.followup": ("Uppföljning", "Follow-up"),
    "doc.controls": ("Internkontroll", "Internal control"),
    "kind.uppdrag": ("Uppdrag", "Assignment"),
    "kind.initiativ": ("Initiativ", "Initiative"),
    "kind.åtgärd": ("Åtgärd", "Action"),
    "kind.indicator": ("Indikator", "Indicator"),
    "abbr.uppdrag": ("U", "A"),
    "abbr.initiativ": ("I", "I"),
    "abbr.åtgärd": ("Å", "Ac"),
    "abbr.indicator": ("◇", "◇"),
    # fields
    "f.id": ("Id", "Id"),
    "f.kind": ("Typ", "Kind"),
    "f.title": ("Titel", "Title"),
    "f.label": ("Rubrik", "Label"),
    "f.goal": ("Mål", "Goal"),
    "f.area": ("Målområde", "Goal area"),
    "f.parent": ("Hör till", "Part of"),
    "f.description": ("Beskrivning", "Description"),
    "f.done_when": ("Klart när", "Done when"),
    "f.responsible": ("Ansvarig", "Responsible"),
    "f.contributors": ("Bidrar", "Contributors"),
    "f.responsible_text": ("Ansvar (som skrivet)", "Responsibility (as written)"),
    "f.carried_over": ("Kvarstående", "Carried over"),
    "f.origin": ("Ursprung", "Origin"),
    "f.start": ("Start", "Start"),
    "f.end": ("Slut", "End"),
    "f.status": ("Status", "Status"),
    "f.completion": ("Prognos för slutförande", "Completion forecast"),
    "f.completion_short": ("Prognos", "Forecast"),
    "f.footnotes": ("Fotnoter", "Footnotes"),
    "f.extra": ("Övrigt", "Other"),
    "f.latest": ("Senaste kommentar", "Latest comment"),
    "f.comments": ("Kommentarer", "Comments"),
    "f.file": ("Fil", "File"),
    "f.files": ("Filer", "Files"),
    "f.date": ("Datum", "Date"),
    "f.source": ("Källa", "Source"),
    "f.unit": ("Enhet", "Unit"),
    "f.better": ("Bättre när", "Better when"),
    "better.higher": ("högre", "higher"),
    "better.lower": ("lägre", "lower"),
    "better.none": ("–", "–"),
    "f.interval": ("Mätintervall", "Interval"),
    "f.definition": ("Definition", "Definition"),
    "f.type": ("Typ", "Type"),
    "f.baseline": ("Basvärde", "Baseline"),
    "f.assessment": ("Bedömning", "Assessment"),
    "f.trend": ("Trend", "Trend"),
    "f.analysis": ("Analys", "Analysis"),
    "f.contribution": ("Nämndens bidrag", "The board's contribution"),
    "f.section": ("Avsnitt", "Section"),
    "f.note": ("Not", "Note"),
    "f.text": ("Text", "Text"),
    "f.ambition": ("Ambitionsnivå", "Ambition"),
    "f.agenda2030": ("Agenda 2030", "Agenda 2030"),
    "f.period": ("Period", "Period"),
    "f.measure": ("Mått", "Measure"),
    "f.series": ("Serie", "Series"),
    "f.document": ("Dokument", "Document"),
    "f.indicators": ("Indikatorer", "Indicators"),
    "f.items": ("Uppdrag, initiativ och åtgärder", "Assignments, initiatives and actions"),
    "f.actions": ("Åtgärder", "Actions"),
    "f.goals": ("Mål", "Goals"),
    "f.boards": ("Nämnder", "Boards"),
    "f.units": ("Enheter", "Units"),
    "f.documents": ("Dokument", "Documents"),
    "f.chart": ("Diagram", "Chart"),
    "f.row": ("Rad", "Row"),
    "f.probability": ("Sannolikhet", "Probability"),
    "f.consequence": ("Konsekvens", "Consequence"),
    "f.risk_value": ("Riskvärde", "Risk value"),
    "f.handling": ("Hantering", "Handling"),
    "f.process": ("Process", "Process"),
    "f.risk": ("Risk", "Risk"),
    "f.what": ("Vad kontrolleras", "What is checked"),
    "f.method": ("Metod", "Method"),
    "f.followup": ("Uppföljning", "Follow-up"),
    "f.severity": ("Allvar", "Severity"),
    "f.where": ("Var", "Where"),
    "f.message": ("Problem", "Problem"),
    "f.hint": ("Tips", "Hint"),
    "f.scales": ("Skalor", "Scales"),
    "f.handling_rules": ("Hantering per riskvärde", "Handling per risk value"),
    "f.meta": ("Uppgifter", "Facts"),
    "yes": ("ja", "yes"),
    "no": ("nej", "no"),
    "measure.outcome": ("Utfall", "Outcome"),
    "measure.target": ("Mål", "Target"),
    "measure.forecast": ("Prognos", "Forecast"),
    "measure.baseline": ("Basvärde", "Baseline"),
    # overview
    "ov.title": ("Översikt", "Overview"),
    "ov.goal": ("Målområde / mål", "Goal area / goal"),
    "ov.ind": ("Indikatorer", "Indicators"),
    "ov.met": ("Uppfyllt", "Met"),
    "ov.not_met": ("Ej uppfyllt", "Not met"),
    "ov.no_value": ("Utan värde", "No value"),
    "ov.not_started": ("Ej påbörjad", "Not started"),
    "ov.started": ("Påbörjad", "Started"),
    "ov.done": ("Slutförd", "Done"),
    "ov.deviating": ("Avvikelse", "Deviating"),
    "ov.no_status": ("Utan status", "No status"),
    "ov.h.met": ("● Uppf.", "● Met"),
    "ov.h.not_met": ("■ Ej uppf.", "■ Not met"),
    "ov.h.no_value": ("○ Utan", "○ None"),
    "ov.h.not_started": ("○ Ej påb.", "○ Not st."),
    "ov.h.started": ("▲ Påb.", "▲ Started"),
    "ov.h.done": ("● Slutf.", "● Done"),
    "ov.h.deviating": ("■ Avvik.", "■ Deviating"),
    "ov.legend2": ("Indikatorer: uppfyllda / ej uppfyllda / utan värde. Uppdrag och initiativ: ej påbörjade / påbörjade / slutförda / avvikelse från plan.",
                   "Indicators: met / not met / no value. Assignments and initiatives: not started / started / done / deviating from plan."),
    "sum.overview": ("Sammanställning av uppdrag och initiativ", "Assignments and initiatives by status and forecast"),
    "sum.check": ("Dokumentets egen sammanställning skiljer sig från uppdragen i {n} celler:",
                  "The document's own summary differs from the items in {n} cells:"),
    "sum.overdue": ("Försenade ({n}): slutdatum passerat, ej slutförda", "Overdue ({n}): end date passed, not done"),
    "sum.days": ("Dagar", "Days"),
    "sum.incomplete": ("Ofullständigt denna period ({n})", "Incomplete this period ({n})"),
    "sum.no_update": ("Ingen uppdatering", "No update"),
    "sum.no_comment": ("Ingen kommentar", "No comment"),
    "sum.no_forecast": ("Ingen prognos", "No forecast"),
    "ov.total": ("Totalt", "Total"),
    "ov.items": ("Uppdrag och initiativ", "Assignments and initiatives"),
    "ov.legend": ("● uppfyllt/slutförd  ▲ påbörjad  ■ ej uppfyllt/avvikelse  ○ utan värde/ej påbörjad",
                  "● met/done  ▲ started  ■ not met/deviating  ○ no value/not started"),
    "ov.filtered": ("Filter aktivt: {n} uppdrag/initiativ/åtgärder matchar", "Filter on: {n} items match"),
    "ov.matches": ("Träffar", "Matches"),
    # status words for computed states
    "st.met": ("Uppfyllt", "Met"),
    "st.not_met": ("Ej uppfyllt", "Not met"),
    "st.partly": ("Delvis uppfyllt", "Partly met"),
    "st.no_value": ("Inget värde", "No value"),
    "st.computed": ("beräknat", "computed"),
    # search
    "search.title": ("Sök", "Search"),
    "search.placeholder": ("Skriv för att söka: namn, id, ansvarig enhet, text …",
                           "Type to search: name, id, responsible unit, text …"),
    "search.hits": ("{n} träffar", "{n} hits"),
    "search.more": ("{n} träffar, de första {m} visas", "{n} hits, the first {m} shown"),
    "search.none": ("Inga träffar", "No hits"),
    "search.help": ("Enter hoppar dit, Escape stänger, ↑↓ väljer", "Enter jumps there, Escape closes, ↑↓ choose"),
    # filter
    "filter.title": ("Filter", "Filter"),
    "filter.unit": ("Enhet (ansvarig eller bidragande)", "Unit (responsible or contributing)"),
    "filter.status": ("Status", "Status"),
    "filter.deviations": ("Bara avvikelser", "Only deviations"),
    "filter.no_update": ("Ingen uppdatering denna period", "No update this period"),
    "filter.any": ("(alla)", "(any)"),
    "filter.apply": ("Använd", "Apply"),
    "filter.clear": ("Rensa", "Clear"),
    "filter.cancel": ("Avbryt", "Cancel"),
    "filter.none_unit": ("Välj din enhet först (f)", "Choose your unit first (f)"),
    "filter.on": ("Filter: {f}", "Filter: {f}"),
    "filter.off": ("Filter borttagna", "Filters removed"),
    "filter.unit_is": ("enhet {u}", "unit {u}"),
    "filter.status_is": ("status {s}", "status {s}"),
    "filter.dev": ("avvikelser", "deviations"),
    "filter.noupd": ("ej uppdaterade", "not updated"),
    # misc
    "switch.none": ("Inget annat dokument detta år att växla till", "No other document this year to switch to"),
    "switch.to": ("Nu: {doc}", "Now: {doc}"),
    "matrix.none": ("Ingen internkontroll för detta år", "No internal control for this year"),
    "jump.none": ("Hittar inte {ref} i trädet; se {file}:{line}", "Cannot find {ref} in the tree; see {file}:{line}"),
    "problems.none": ("Inga problem.", "No problems."),
    "problems.title": ("Problem som valideringen hittar", "Problems validation finds"),
    "problems.enter": ("Enter hoppar till det problemet gäller.", "Enter jumps to what the problem concerns."),
    "sev.error": ("fel", "error"),
    "sev.warning": ("varning", "warning"),
    "broken": ("{n} filer går inte att läsa; se Problem", "{n} files cannot be read; see Problems"),
    "matrix.title": ("Riskmatris: sannolikhet × konsekvens", "Risk matrix: probability × consequence"),
    "matrix.axis_p": ("Sannolikhet ↑", "Probability ↑"),
    "matrix.axis_c": ("Konsekvens →", "Consequence →"),
    "matrix.no_values": ("Risker utan sannolikhet/konsekvens: {ids}", "Risks without probability/consequence: {ids}"),
    "indicator.all_docs": ("Serie från alla dokument", "Series from all documents"),
    "indicator.in_doc": ("I {doc}", "In {doc}"),
    "indicator.unknown": ("Indikatorn saknar definition", "The indicator has no definition"),
    "table.deviation_note": ("Negativa avvikelser i rött, positiva i grönt; summor i fetstil; varav-rader indragna.",
                             "Negative deviations in red, positive in green; totals in bold; 'varav' rows indented."),
    "table.comments": ("Kommentarer per rad", "Comments per row"),
    "unit.tkr": ("tkr", "kSEK"),
    "goalset.title": ("{t}", "{t}"),
    "empty": ("–", "–"),
}


def set_language(lang: str) -> None:
    global _lang
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    _lang = lang


def language() -> str:
    return _lang


def t(key: str, **kw) -> str:
    pair = STRINGS.get(key)
    if pair is None:
        text = key
    else:
        text = pair[0] if _lang == "sv" else pair[1]
    return text.format(**kw) if kw else text
