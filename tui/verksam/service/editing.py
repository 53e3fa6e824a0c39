"""What can be edited where, and reading what people type.

Pure: no I/O, no widgets. A view's entity (an item, an indicator in a document, a risk, a table row,
a text section) gives a list of `Field`s, each addressed by file and id path (the store's
`Address`: `Field.at`) for the store's EditSession; `parse_input` turns what a user types ("1 234,5", "12,5 %", "−3", "2025-12-31") into
the value the file stores, or refuses it with a message that says what is expected.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from ..model.entities import (
    ASSESSMENTS,
    COMPLETIONS,
    STATUSES,
    TRENDS,
    Document,
    IndicatorEntry,
    Item,
    Municipality,
    Risk,
    Section,
    Table,
)
from ..model.values import Period, Value, format_number, parse_swedish_number
from ..store.edits import Address, entry_address
from ..text import t

MEASURE_KEYS = ("outcome", "forecast", "target")


@dataclass
class Field:
    key: str  # a stable name for tests and the dialog: "status", "values.2025.forecast", "cell.2"
    label: str
    kind: str  # enum | number | int | date | text | multiline
    rel: str
    path: tuple  # id path of the value in the file
    current: Any = None  # the raw value now (None when not set)
    choices: tuple[tuple[str, str], ...] = ()  # (shown, stored) for enum
    optional: bool = True  # an empty input removes the value / leaves it unset
    create: tuple | None = None  # (path, dict) to set when the parent of path does not exist yet
    extra: dict = field(default_factory=dict)

    @property
    def at(self) -> Address:
        return Address(self.rel, tuple(self.path))

    def shown(self) -> str:
        return display(self.current, self.kind, self.choices)


class BadInput(ValueError):
    """What the user typed is not what the field takes; the message says what is expected."""


def display(v: Any, kind: str = "", choices=()) -> str:
    if v is None:
        return ""
    if kind == "enum":
        for shown, stored in choices:
            if stored == v:
                return shown
    if isinstance(v, dict):
        num = v.get("value")
        txt = v.get("text", "")
        return (format_number(num) if isinstance(num, (int, float)) else "") + (f" {txt}" if txt else "")
    if isinstance(v, bool):
        return str(v)
    if isinstance(v, (int, float)):
        return format_number(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()[:10]
    return str(v)


_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO_MONTH = re.compile(r"^\d{4}-\d{2}$")


def parse_date(text: str) -> dt.date:
    s = text.strip()
    if _ISO_DAY.match(s):
        try:
            return dt.date.fromisoformat(s)
        except ValueError:
            pass
    raise BadInput(t("input.date"))


def parse_input(f: Field, text: str) -> Any:
    """The value to store for what the user typed; None means "remove the value"."""
    s = text.strip() if f.kind != "multiline" else text
    if f.kind != "multiline" and not s or f.kind == "multiline" and not s.strip():
        if f.optional:
            return None
        raise BadInput(t("input.required"))
    if f.kind == "enum":
        for shown, stored in f.choices:
            if s == stored or s == shown:
                return stored
        raise BadInput(t("input.enum", choices=", ".join(sh for sh, _ in f.choices)))
    if f.kind in ("number", "int"):
        x = parse_swedish_number(s)
        if x is None:
            raise BadInput(t("input.number"))
        if f.kind == "int":
            lo, hi = f.extra.get("range", (None, None))
            if not float(x).is_integer() or (lo is not None and not lo <= x <= hi):
                raise BadInput(t("input.int", lo=lo, hi=hi))
            return int(x)
        return int(x) if float(x).is_integer() and "," not in s and "." not in s else x
    if f.kind == "date":
        if _ISO_MONTH.match(s) and f.extra.get("month_ok"):
            return s
        return parse_date(s)
    return s.rstrip() if f.kind == "multiline" else s


# ------------------------------------------------------------------ fields per entity


def id_path(path: tuple, entry_id: str) -> tuple:
    """An entry's key path with its id in place of its index (the store's `entry_address`)."""
    return entry_address("", path, entry_id).path


def row_path(x: Table, row) -> tuple:
    path = tuple(row.src.path)
    if len(path) == 4 and x.id and row.id and len({r.id for r in x.rows}) == len(x.rows):
        return entry_address("", path[:2], x.id).path + entry_address("", path[2:], row.id).path
    return path


def unit_choices(m: Municipality) -> tuple[tuple[str, str], ...]:
    return tuple((f"{u.name} ({u.id})", u.id) for u in sorted(m.units, key=lambda u: u.name))


def item_fields(m: Municipality, doc: Document, it: Item) -> list[Field]:
    rel, base = it.src.file, id_path(it.src.path, it.id)
    raw_end = it.end.text if it.end else None
    if it.end is not None and it.end.precision == "day" and it.end.first and it.end.text == it.end.first.isoformat():
        raw_end = it.end.first
    return [
        Field("status", t("f.status"), "enum", rel, base + ("status",), it.status or None,
              tuple((s, s) for s in STATUSES)),
        Field("completion", t("f.completion"), "enum", rel, base + ("completion",), it.completion or None,
              tuple((s, s) for s in COMPLETIONS)),
        Field("end", t("f.end"), "date", rel, base + ("end",), raw_end, extra={"month_ok": True}),
        Field("responsible", t("f.responsible"), "enum", rel, base + ("responsible",), it.responsible or None,
              unit_choices(m)),
        Field("title", t("f.title"), "text", rel, base + ("title",), it.title, optional=False),
    ]


def indicator_periods(doc: Document, e: IndicatorEntry) -> list[str]:
    """The periods one edits in this document: those it has, the document's own, its year."""
    out = list(e.raw_values)
    p = Period.parse(doc.period)
    for extra in ([doc.period, str(p.year)] if p is not None else [doc.period]):
        if extra and extra not in out:
            out.append(extra)
    from ..model.values import period_sort_key

    return sorted({str(x) for x in out}, key=period_sort_key)


def indicator_fields(m: Municipality, doc: Document, e: IndicatorEntry) -> list[Field]:
    rel, base = e.src.file, id_path(e.src.path, e.id)
    out: list[Field] = []
    names = {"outcome": t("measure.outcome"), "forecast": t("measure.forecast"), "target": t("measure.target")}
    raw = e.raw_values
    for period in indicator_periods(doc, e):
        measures = raw.get(period) if isinstance(raw.get(period), dict) else None
        for measure in MEASURE_KEYS:
            cur = measures.get(measure) if measures else None
            if measures is None:
                create = (base + ("values", period), measure) if raw else (base + ("values",), period, measure)
            else:
                create = None
            out.append(Field(f"values.{period}.{measure}", f"{names[measure]} {period}", "number", rel,
                             base + ("values", period, measure), cur, create=create))
    out.append(Field("assessment", t("f.assessment"), "enum", rel, base + ("assessment",), e.assessment or None,
                     tuple((s, s) for s in ASSESSMENTS)))
    out.append(Field("trend", t("f.trend"), "enum", rel, base + ("trend",), e.trend or None,
                     tuple((s, s) for s in TRENDS)))
    return out


def risk_fields(doc: Document, r: Risk) -> list[Field]:
    rel, base = r.src.file, id_path(r.src.path, r.id)

    def levels(scale_id: str):
        sc = next((s for s in doc.scales if s.id == scale_id), None)
        if sc and sc.levels:
            return tuple((f"{lv.value} {lv.label}".strip(), lv.value) for lv in sc.levels)
        return tuple((str(i), i) for i in range(1, 5))

    return [
        Field("probability", t("f.probability"), "enum", rel, base + ("probability",), r.probability,
              levels("sannolikhet"), optional=False, extra={"risk_value": r.value is not None}),
        Field("consequence", t("f.consequence"), "enum", rel, base + ("consequence",), r.consequence,
              levels("konsekvens"), optional=False, extra={"risk_value": r.value is not None}),
    ]


def latest_followup(m: Municipality, board: str, year: str) -> Document | None:
    """The board's newest follow-up of a year (where a control's result for now is written)."""
    from ..model.values import period_sort_key

    fus = [d for d in m.documents if d.kind == "followup" and d.board == board and d.period[:4] == year]
    return max(fus, key=lambda d: period_sort_key(d.period)) if fus else None


def control_result_fields(m: Municipality, fu: Document, control_id: str) -> list[Field]:
    """A planned control's result in a follow-up (`[[control_results]]`, id = the control's id);
    when it has none yet, the first value given appends it."""
    from pathlib import PurePosixPath

    from ..model.entities import ACTION_STATUSES, CONTROL_OUTCOMES, CONTROL_STATUSES

    r = next((x for x in fu.control_results if x.id == control_id), None)
    rel = r.src.file if r else next((f for f in fu.files if PurePosixPath(f).stem == fu.period), fu.files[0])
    base = ("control_results", control_id)
    extra = {"append": (("control_results",), {"id": control_id})}
    enum = lambda values: tuple((v, v) for v in values)  # noqa: E731
    a = r.actions[-1] if r and r.actions else None

    def f(key, label, kind, current, choices=()):
        return Field(key, t(label), kind, rel, base + (key,), current if current not in ("", None) else None,
                     choices, extra=extra)

    fields = [
        f("performed", "round.f.performed", "date", r.performed if r else None),
        f("performed_by", "round.f.performed_by", "text", r.performed_by if r else None),
        f("outcome", "round.f.outcome", "enum", r.outcome if r else None, enum(CONTROL_OUTCOMES)),
        f("deviations", "round.f.deviations", "multiline", r.deviations if r else None),
        f("status", "f.status", "enum", r.status if r else None, enum(CONTROL_STATUSES)),
        f("evidence", "round.f.evidence", "text", r.evidence if r else None),
        f("unit", "f.unit", "enum", r.unit if r else None, unit_choices(m)),
        f("comment", "round.f.comment", "multiline", r.comment if r else None),
        Field("action", t("round.f.action"), "text", rel, base + ("actions",), None,
              extra=extra | {"new_action": True}),
    ]
    for i, a in enumerate(r.actions if r else []):  # each action decided: its words, owner, date, status; removed
        at = base + ("actions", i)
        n = i + 1
        fields += [
            Field(f"action.{n}.text", t("round.f.action_text", n=n), "text", rel, at + ("text",), a.text or None,
                  optional=False),
            Field(f"action.{n}.owner", t("round.f.action_owner", n=n), "text", rel, at + ("owner",), a.owner or None),
            Field(f"action.{n}.due", t("round.f.action_due", n=n), "date", rel, at + ("due",), a.due),
            Field(f"action.{n}.status", t("round.f.action_status", n=n), "enum", rel, at + ("status",),
                  a.status or None, enum(ACTION_STATUSES), optional=False),
            Field(f"action.{n}.remove", t("round.f.action_remove", n=n, text=a.text[:40]), "enum", rel, at, None,
                  ((t("round.f.action_remove_yes"), "remove"),), optional=False, extra={"remove_entry": True}),
        ]
    return fields


def row_fields(x: Table, row_id: str) -> list[Field]:
    row = next((r for r in x.rows if r.id == row_id), None)
    if row is None:
        return []
    out = []
    for k, col in enumerate(x.columns):
        v = row.values[k] if k < len(row.values) else None
        cur = v.number if isinstance(v, Value) and v.number is not None and not v.text else (
            None if v is None or (isinstance(v, Value) and v.blank) else display_value(v))
        out.append(Field(f"cell.{k}", f"{row.label} · {col.heading}", "number", x.src.file,
                         row_path(x, row) + ("values", k), cur,
                         extra={"row_len": len(row.values), "ncols": len(x.columns)}))
    return out


def display_value(v: Value) -> str:
    return v.text or (format_number(v.number) if v.number is not None else "")


def contribution_fields(doc: Document, c) -> list[Field]:
    """A goal in one document: the board's contribution (a plan), or the goal's assessment,
    trend and analysis (a follow-up). Contributions have no id: their path is their position."""
    rel, base = c.src.file, tuple(c.src.path)
    out = []
    if doc.kind == "followup":
        out += [
            Field("assessment", t("f.assessment"), "enum", rel, base + ("assessment",), c.assessment or None,
                  tuple((s, s) for s in ASSESSMENTS)),
            Field("trend", t("f.trend"), "enum", rel, base + ("trend",), c.trend or None,
                  tuple((s, s) for s in TRENDS)),
            Field("analysis", t("f.analysis"), "multiline", rel, base + ("analysis",), c.analysis or None),
        ]
    out.append(Field("contribution", t("f.contribution"), "multiline", rel, base + ("contribution",),
                     c.contribution or None))
    return out


def section_fields(s: Section) -> list[Field]:
    base = id_path(s.src.path, s.id)
    return [
        Field("text", t("f.text"), "multiline", s.src.file, base + ("text",), s.text),
        Field("title", t("f.title"), "text", s.src.file, base + ("title",), s.title, optional=False),
    ]


def next_choice(choices: tuple[tuple[str, str], ...], current: Any) -> Any:
    stored = [c for _, c in choices]
    if current in stored:
        return stored[(stored.index(current) + 1) % len(stored)]
    return stored[0]


def slug(text: str, taken: set[str]) -> str:
    s = text.lower()
    for a, b in (("å", "a"), ("ä", "a"), ("ö", "o"), ("é", "e")):
        s = s.replace(a, b)
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")[:40].strip("-") or "ny"
    out, n = s, 2
    while out in taken:
        out, n = f"{s}-{n}", n + 1
    return out


def comment_date(doc: Document, today: dt.date | None = None) -> dt.date:
    """Today, but not later than a follow-up's period end (a comment belongs to its period)."""
    today = today or dt.date.today()
    p = Period.parse(doc.period) if doc.kind == "followup" else None
    if p is not None and p.end and today > p.end:
        return p.end
    return today
