"""Turn parsed plan files (plain dicts) into typed entries. Pure: no I/O.

Lenient by design: a file with schema errors still gives whatever can be read from it, so that
one broken value never hides the rest (the validator reports the error separately).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Iterable

from .entities import (
    Board, Column, Comment, Contribution, Control, ControlAction, ControlResult, Document, Goal, GoalArea, GoalSet,
    HandlingRule, IndicatorDef, IndicatorEntry, Item, Municipality, Person, Risk, Round, RoundUnit,
    Row, Scale, ScaleLevel, Section, Src, Table, Unit, Workspace,
)
from .values import FuzzyDate, Value, period_sort_key

DOCUMENT_KINDS = {"plan", "budget", "followup", "controls"}


def _s(d: dict, k: str) -> str:
    v = d.get(k)
    if type(v) is str:
        return v
    return "" if v is None else str(v)


def _i(d: dict, k: str) -> int | None:
    v = d.get(k)
    return v if type(v) is int else None


def _list(d: dict, k: str) -> list:
    v = d.get(k)
    return v if isinstance(v, list) else []


def _dicts(d: dict, k: str) -> list[tuple[int, dict]]:
    v = d.get(k)
    if type(v) is not list:
        return []
    return [(i, x) for i, x in enumerate(v) if type(x) is dict]


def _date(v: Any) -> dt.date | None:
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    if isinstance(v, str):
        try:
            return dt.date.fromisoformat(v)
        except ValueError:
            return None
    return None


def _when(v: Any) -> dt.datetime | dt.date | None:
    """A date or a date and time as TOML writes it."""
    if isinstance(v, (dt.datetime, dt.date)):
        return v
    if isinstance(v, str):
        try:
            return dt.datetime.fromisoformat(v)
        except ValueError:
            return None
    return None


def _strs(d: dict, k: str) -> tuple[str, ...]:
    return tuple(x for x in _list(d, k) if isinstance(x, str))


# The builders below are what loading a repository spends most of its Python time in (about a
# hundred thousand entries at 72 municipalities), so they read a dict's fields in one list
# comprehension over the keys (what _s does, without a call per field), make a Src with
# tuple.__new__, and look at optional lists only when they are there.
_new = tuple.__new__


def _texts(d: dict, keys: tuple[str, ...]) -> list[str]:
    """_s(d, k) for every key, in order."""
    return [v if type(v) is str else ("" if v is None else str(v)) for v in map(d.get, keys)]


def _str_tuple(v: Any) -> tuple[str, ...]:
    """The strings of a list value (_strs of the value itself)."""
    if type(v) is not list or not v:
        return ()
    return tuple(x for x in v if isinstance(x, str))


def build_person(p: dict, src: Src) -> Person:
    return Person(id=_s(p, "id"), name=_s(p, "name"), src=src, emails=_strs(p, "emails"),
                  role=_s(p, "role") or "läsare", units=_strs(p, "units"), boards=_strs(p, "boards"))


def build_round(r: dict, src: Src) -> Round:
    return Round(
        src=src, deadline=_date(r.get("deadline")), instructions=_s(r, "instructions"),
        controller=_s(r, "controller"), approved_by=_s(r, "approved_by"),
        approved_at=_when(r.get("approved_at")), approved_comment=_s(r, "approved_comment"),
        units=[RoundUnit(unit=_s(u, "unit"), src=src.child("units", i), state=_s(u, "state"), by=_s(u, "by"),
                         at=_when(u.get("at")), comment=_s(u, "comment"))
               for i, u in _dicts(r, "units")],
    )


def build_control_result(c: dict, src: Src) -> ControlResult:
    return ControlResult(
        id=_s(c, "id"), src=src, unit=_s(c, "unit"), performed=_date(c.get("performed")),
        performed_by=_s(c, "performed_by"), outcome=_s(c, "outcome"), deviations=_s(c, "deviations"),
        status=_s(c, "status"), evidence=_s(c, "evidence"), comment=_s(c, "comment"),
        actions=[ControlAction(text=_s(a, "text"), src=src.child("actions", i), owner=_s(a, "owner"),
                               due=_date(a.get("due")), status=_s(a, "status"))
                 for i, a in _dicts(c, "actions")],
    )


def file_role(relpath: str) -> tuple[str, str]:
    """(municipality, board) that a file's folder names; board is "" above board level."""
    parts = relpath.split("/")
    muni = parts[1] if len(parts) > 2 else ""
    board = ""
    if len(parts) > 4 and parts[2] not in ("goals", "indicators"):
        board = parts[2]
    return muni, board


_COMMENT_KEYS = ("text", "label", "author")


def _comments(d: dict, src: Src) -> list[Comment]:
    v = d.get("comments")
    if not v or type(v) is not list:  # most entries have none: skip the rest
        return []
    file, path = src
    out = []
    for i, c in enumerate(v):
        if type(c) is dict:
            text, label, author = _texts(c, _COMMENT_KEYS)
            out.append(Comment(text, _new(Src, (file, path + ("comments", i))), _date(c.get("date")), label, author))
    return out


def _goal(g: dict, src: Src, board_goal: bool = False) -> Goal:
    return Goal(
        id=_s(g, "id"),
        number=_s(g, "number"),
        title=_s(g, "title"),
        src=src,
        area=_s(g, "area") if not board_goal else _s(g, "goal"),
        type=_s(g, "type") or ("nämndens mål" if board_goal else "inriktningsmål"),
        text=_s(g, "text"),
        agenda2030=tuple(x for x in _list(g, "agenda2030") if isinstance(x, int)),
        same_as=_s(g, "same_as"),
        board_goal=board_goal,
        also=tuple(x for x in _list(g, "also_goals") if isinstance(x, str)),
    )


_INDICATOR_KEYS = ("id", "goal", "name", "responsible", "responsible_text", "assessment", "trend")


def build_indicator_entry(e: dict, src: Src) -> IndicatorEntry:
    g = e.get
    raw_values = g("values")
    base = g("baseline")
    baseline = Value.from_raw(base) if base is not None else None
    id_, goal, name, responsible, responsible_text, assessment, trend = _texts(e, _INDICATOR_KEYS)
    extra = g("extra")
    return IndicatorEntry(
        id_, src, goal, name, responsible, responsible_text, baseline,
        _i(base, "year") if isinstance(base, dict) else None,
        assessment, trend,
        raw_values if isinstance(raw_values, dict) else {},
        _comments(e, src) if "comments" in e else [],
        _str_tuple(g("footnotes")),
        extra if isinstance(extra, dict) else {},
    )


_ITEM_KEYS = ("id", "kind", "title", "goal", "parent", "label", "description", "done_when", "responsible",
              "responsible_text", "origin", "status", "completion")


def build_item(it: dict, src: Src) -> Item:
    g = it.get
    (id_, kind, title, goal, parent, label, description, done_when, responsible, responsible_text, origin, status,
     completion) = _texts(it, _ITEM_KEYS)
    start, end, extra = g("start"), g("end"), g("extra")
    return Item(
        id_, kind, title, src, goal, parent, label, description, done_when, responsible,
        _str_tuple(g("contributors")),
        responsible_text,
        g("carried_over") is True,
        origin,
        None if start is None else FuzzyDate.from_raw(start),
        None if end is None else FuzzyDate.from_raw(end),
        status, completion,
        _str_tuple(g("footnotes")),
        _comments(it, src) if "comments" in it else [],
        extra if isinstance(extra, dict) else {},
    )


def build_table(t: dict, src: Src) -> Table:
    cols = [
        Column(heading=_s(c, "heading"), measure=_s(c, "measure"), period=_s(c, "period"), unit=_s(c, "unit"))
        for _, c in _dicts(t, "columns")
    ]
    rows = []
    for i, r in _dicts(t, "rows"):
        sum_of = r.get("sum_of")
        rows.append(
            Row(
                id=_s(r, "id"),
                label=_s(r, "label"),
                values=[Value.from_raw(v) for v in _list(r, "values")],
                src=src.child("rows", i),
                parent=_s(r, "parent"),
                total=r.get("total") is True,
                sum_of=tuple(x for x in sum_of if isinstance(x, str)) if isinstance(sum_of, list) else (),
                group=_s(r, "group"),
                code=_s(r, "code"),
                unit=_s(r, "unit"),
                comment=_s(r, "comment"),
            )
        )
    return Table(
        id=_s(t, "id"), title=_s(t, "title"), src=src, unit=_s(t, "unit"),
        section=_s(t, "section"), note=_s(t, "note"), columns=cols, rows=rows,
    )


def fill_document(doc: Document, rel: str, data: dict) -> None:
    """Add one file's content to a document (a document may be split over several files)."""
    src = Src(rel)
    doc.files.append(rel)
    # The document's own file (plan.toml, budget.toml, followup/2025-04.toml) names it; parts such
    # as plan-sbk.toml only fill in what it leaves out.
    name = rel.rpartition("/")[2]
    stem = name[: name.rindex(".")] if "." in name[1:] else name
    main = stem in (doc.kind, doc.period)
    for attr, value in (("title", _s(data, "title")), ("goal_period", _s(data, "goal_period")),
                        ("office", _s(data, "office")), ("date", _date(data.get("date"))),
                        ("source", _s(data, "source"))):
        if value and (main or not getattr(doc, attr)):
            setattr(doc, attr, value)
    if isinstance(data.get("meta"), dict):
        for k, v in data["meta"].items():
            doc.meta.setdefault(k, v)
    for i, c in _dicts(data, "contributions"):
        doc.contributions.append(
            Contribution(
                src=src.child("contributions", i), goal=_s(c, "goal"), area=_s(c, "area"),
                contribution=_s(c, "contribution"), note=_s(c, "note"),
                assessment=_s(c, "assessment"), trend=_s(c, "trend"), analysis=_s(c, "analysis"),
            )
        )
    for i, g in _dicts(data, "board_goals"):
        doc.board_goals.append(_goal(g, src.child("board_goals", i), board_goal=True))
    doc.indicators += [build_indicator_entry(e, _new(Src, (rel, ("indicators", i)))) for i, e in _dicts(data, "indicators")]
    doc.items += [build_item(it, _new(Src, (rel, ("items", i)))) for i, it in _dicts(data, "items")]
    for i, t in _dicts(data, "tables"):
        doc.tables.append(build_table(t, src.child("tables", i)))
    for i, s in _dicts(data, "sections"):
        doc.sections.append(
            Section(
                id=_s(s, "id"), title=_s(s, "title"), text=_s(s, "text"),
                src=src.child("sections", i), parent=_s(s, "parent"), goal=_s(s, "goal"),
                unit=_s(s, "unit"),
            )
        )
    for i, sc in _dicts(data, "scales"):
        doc.scales.append(
            Scale(
                id=_s(sc, "id"), title=_s(sc, "title"), src=src.child("scales", i),
                levels=[
                    ScaleLevel(value=_i(lv, "value") or 0, label=_s(lv, "label"), text=_s(lv, "text"))
                    for _, lv in _dicts(sc, "levels")
                ],
            )
        )
    for i, h in _dicts(data, "handling_rules"):
        doc.handling_rules.append(
            HandlingRule(min=_i(h, "min") or 0, max=_i(h, "max") or 0, text=_s(h, "text"),
                         label=_s(h, "label"), src=src.child("handling_rules", i))
        )
    for i, r in _dicts(data, "risks"):
        doc.risks.append(
            Risk(
                id=_s(r, "id"), title=_s(r, "title"), src=src.child("risks", i),
                process=_s(r, "process"), probability=_i(r, "probability"),
                consequence=_i(r, "consequence"), value=_i(r, "value"),
                handling=_s(r, "handling"), responsible=_s(r, "responsible"),
            )
        )
    for i, c in _dicts(data, "control_results"):
        doc.control_results.append(build_control_result(c, src.child("control_results", i)))
    if isinstance(data.get("round"), dict) and (doc.round is None or main):
        doc.round = build_round(data["round"], src.child("round"))
    for i, c in _dicts(data, "controls"):
        doc.controls.append(
            Control(
                id=_s(c, "id"), src=src.child("controls", i), risk=_s(c, "risk"),
                process=_s(c, "process"), risk_value=_i(c, "risk_value"), what=_s(c, "what"),
                method=_s(c, "method"), responsible_text=_s(c, "responsible_text"),
                followup=_s(c, "followup"),
            )
        )


def build_workspace(files: Iterable[tuple[str, dict]]) -> Workspace:
    """Build the workspace from (path relative to the repository root, parsed data) pairs."""
    ws = Workspace()

    def muni(mid: str) -> Municipality:
        if mid not in ws.municipalities:
            ws.municipalities[mid] = Municipality(id=mid, name=mid)
        return ws.municipalities[mid]

    docs: dict[tuple, Document] = {}
    for rel, data in sorted(files, key=lambda f: f[0]):
        if not isinstance(data, dict):
            continue
        mid, board = file_role(rel)
        if not mid:
            continue
        m = muni(mid)
        kind = data.get("kind")
        src = Src(rel)
        if kind == "municipality":
            m.name = _s(data, "name") or mid
            m.src = src
            m.boards += [
                Board(id=_s(b, "id"), name=_s(b, "name"), short=_s(b, "short"), src=src.child("boards", i))
                for i, b in _dicts(data, "boards")
            ]
            m.units += [
                Unit(
                    id=_s(u, "id"), name=_s(u, "name"), src=src.child("units", i),
                    short=_s(u, "short"), type=_s(u, "type"), parent=_s(u, "parent"),
                    board=_s(u, "board"),
                    aliases=tuple(a for a in _list(u, "aliases") if isinstance(a, str)),
                )
                for i, u in _dicts(data, "units")
            ]
            m.people += [build_person(p, src.child("people", i)) for i, p in _dicts(data, "people")]
        elif kind == "goals":
            gs = GoalSet(period=_s(data, "period"), title=_s(data, "title"), src=src)
            gs.areas = [
                GoalArea(
                    id=_s(a, "id"), number=_s(a, "number"), title=_s(a, "title"),
                    src=src.child("goal_areas", i), short_title=_s(a, "short_title"),
                    ambition=_s(a, "ambition"),
                    ambition_year=_i(a, "ambition_year") or _i(data, "ambition_year"),
                    text=_s(a, "text"),
                )
                for i, a in _dicts(data, "goal_areas")
            ]
            gs.goals = [_goal(g, src.child("goals", i)) for i, g in _dicts(data, "goals")]
            m.goal_sets[gs.period] = gs
        elif kind == "indicators":
            for i, d in _dicts(data, "indicators"):
                rng = d.get("range")
                again = _s(d, "id") in m.indicator_defs
                defs = m.indicator_defs if not again else {}
                defs.setdefault(
                    _s(d, "id"),
                    IndicatorDef(
                        id=_s(d, "id"), name=_s(d, "name"), src=src.child("indicators", i),
                        type=_s(d, "type"), unit=_s(d, "unit"), better=_s(d, "better") or "none",
                        responsible=_s(d, "responsible"),
                        responsible_text=_s(d, "responsible_text"), source=_s(d, "source"),
                        interval=_s(d, "interval"), definition=_s(d, "definition"),
                        range=(float(rng[0]), float(rng[1]))
                        if isinstance(rng, list) and len(rng) == 2
                        and all(isinstance(x, (int, float)) for x in rng) else None,
                    ),
                )
                if again:  # the id was defined before: kept for validate to report
                    m.duplicate_defs.append(IndicatorDef(id=_s(d, "id"), name=_s(d, "name"), src=src.child("indicators", i)))
        elif kind in DOCUMENT_KINDS and board:
            period = _s(data, "period")
            key = (mid, board, kind, period)
            if key not in docs:
                docs[key] = Document(municipality=mid, board=board, kind=kind, period=period)
                m.documents.append(docs[key])
            fill_document(docs[key], rel, data)
    for m in ws.municipalities.values():
        m.documents.sort(key=document_order)
    return ws


def document_order(d: Document) -> tuple:
    """Where a document comes in its municipality's list: by board, period, kind."""
    return (d.board, period_sort_key(d.period), d.kind)


def is_document_file(rel: str, data: Any) -> bool:
    """A file that fills a document (a plan, budget, follow-up or control plan of a board), not
    the municipality's own, its goals or its indicator definitions."""
    return isinstance(data, dict) and data.get("kind") in DOCUMENT_KINDS and bool(file_role(rel)[1])
