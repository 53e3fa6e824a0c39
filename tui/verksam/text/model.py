"""The model's words: kinds, states, fields as people read them (keys `model.*`).

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    "model.more_problems": ("… och {n} problem till i den här filen, som inte visas",
                            "… and {n} more problems in this file, not shown"),
    "model.more_problems_plus": ("… och fler än {n} problem till i den här filen, som inte visas",
                                 "… and more than {n} more problems in this file, not shown"),
    "model.more_problems.hint": ("rätta de första så visas resten", "fix the first ones and the rest are shown"),
    # fields as people read them (diff, history, the save list, commit messages)
    "model.field.status": ("status", "status"),
    "model.field.completion": ("prognos för slutförande", "completion forecast"),
    "model.field.end": ("slutdatum", "end date"),
    "model.field.start": ("startdatum", "start date"),
    "model.field.responsible": ("ansvarig", "responsible"),
    "model.field.contributors": ("bidragande", "contributors"),
    "model.field.title": ("titel", "title"),
    "model.field.goal": ("mål", "goal"),
    "model.field.parent": ("hör till", "belongs to"),
    "model.field.latest_comment_date": ("senaste kommentar, datum", "latest comment, date"),
    "model.field.latest_comment": ("senaste kommentar", "latest comment"),
    "model.field.target": ("mål", "target"),
    "model.field.outcome": ("utfall", "outcome"),
    "model.field.forecast": ("prognos", "forecast"),
    "model.field.baseline": ("basvärde", "baseline"),
    "model.field.assessment": ("bedömning", "assessment"),
    "model.field.trend": ("trend", "trend"),
    "model.field.text": ("text", "text"),
    "model.field.analysis": ("analys", "analysis"),
    "model.field.contribution": ("bidrag", "contribution"),
    "model.field.probability": ("sannolikhet", "probability"),
    "model.field.consequence": ("konsekvens", "consequence"),
    "model.field.description": ("beskrivning", "description"),
    "model.field.comments": ("kommentar", "comment"),
    "model.field.items": ("post", "entry"),
    "model.field.indicators": ("indikator", "indicator"),
    "model.field.column": ("kolumn {n}", "column {n}"),
}
