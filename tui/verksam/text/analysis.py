"""The analysis's words: summary, diff and history headings (keys `analysis.*`).

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # kinds of change (verksam.analysis.diff)
    "analysis.change.added": ("ny", "new"),
    "analysis.change.removed": ("borttagen", "removed"),
    "analysis.change.changed": ("ändrad", "changed"),
    "analysis.change.set": ("angiven", "set"),
    "analysis.change.cleared": ("borttagen uppgift", "cleared"),
    "analysis.change.later": ("senare", "later"),
    "analysis.change.earlier": ("tidigare", "earlier"),
    "analysis.change.increased": ("höjd", "raised"),
    "analysis.change.decreased": ("sänkt", "lowered"),
    "analysis.better.higher": ("högre är bättre", "higher is better"),
    "analysis.better.lower": ("lägre är bättre", "lower is better"),
    "analysis.better.none": ("ingen riktning", "no direction"),
    "analysis.basis.outcome": ("utfall", "outcome"),
    "analysis.basis.forecast": ("prognos", "forecast"),
    "analysis.basis.value": ("värde", "value"),
    # columns of the summary's check against the report's own table (verksam.analysis.summary.overview_check)
    "analysis.column.table": ("Tabell", "Table"),
    "analysis.column.kind": ("Typ", "Kind"),
    "analysis.column.status": ("Status", "Status"),
    "analysis.column.completion": ("Prognos", "Forecast"),
    "analysis.column.reported": ("Rapporten", "Reported"),
    "analysis.column.counted": ("Räknat", "Counted"),
}
