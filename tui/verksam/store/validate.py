"""The checks that need more than one file: references, duplicates, totals, dates, follow-ups.

Errors: unknown references (unit, goal, indicator, parent, risk), duplicate ids, values that
cannot be what they claim (a comment date that is not a date).
Warnings: a total off from the sum of its parts by more than ±2, an end date before its start or
outside the plan years, a comment dated after its report, a follow-up item the plan lacks and a
plan item the follow-up forgot, an outcome restated differently, a risk value that is not
probability × consequence, an indicator value outside its range.
"""

from __future__ import annotations

import re
from typing import Callable

from ..model.entities import Document, Municipality, Src, Workspace
from ..model.problems import MAX_PER_FILE, Problem, more_problem
from ..model.values import year_span
from ..text import t

TOTAL_TOLERANCE = 2.0
_ISO_SHAPED = re.compile(r"^\d{4}-\d{1,2}(-\d{1,2})?$")  # looks like an ISO date, so it must be one

Locate = Callable[[Src, str | None, bool], tuple[int, int]]


class _Collector:
    """Collects problems, at most MAX_PER_FILE per file (locating each costs a scan of the file);
    the rest of a file's are only counted, in one line."""

    def __init__(self, locate: Locate):
        self.locate = locate
        self.out: list[Problem] = []
        self.per_file: dict[str, int] = {}
        self.hidden: dict[str, list[int]] = {}  # file -> [errors, warnings] not listed

    def add(self, src: Src, key: str | int | None, severity: str, message: str, hint: str = "",
            ref: str = "", code: str = "", is_key: bool = False) -> None:
        n = self.per_file.get(src.file, 0)
        self.per_file[src.file] = n + 1
        if n >= MAX_PER_FILE:
            self.hidden.setdefault(src.file, [0, 0])[severity != "error"] += 1
            return
        line, col = self.locate(src, key, is_key)
        self.out.append(Problem(src.file, line, col, severity, message, hint, ref, code))

    def result(self) -> list[Problem]:
        for file, (errors, warnings) in self.hidden.items():
            self.out.append(more_problem(file, 1, errors + warnings, severity="error" if errors else "warning"))
        return self.out


def check_workspace(ws: Workspace, locate: Locate) -> list[Problem]:
    c = _Collector(locate)
    for m in ws.municipalities.values():
        _check_municipality(m, c)
    return c.result()


def _dupes(c: _Collector, entries, what: str, table: str = "") -> None:
    """Duplicate ids among `entries`; `what` names them (store.validate.what.<what>)."""
    hint = t("store.validate.unique.hint")
    seen: dict[str, Src] = {}
    for e in entries:
        if not e.id:
            continue
        if e.id in seen:
            first = seen[e.id]
            c.add(e.src, "id", "error", t("store.validate.duplicate", what=t(f"store.validate.what.{what}", table=table), e_id=e.id,
                                                  file=first.file),
                  hint, ref=e.id, code="duplicate-id")
        else:
            seen[e.id] = e.src


def _check_municipality(m: Municipality, c: _Collector) -> None:
    if m.src is None and m.documents:
        first = m.documents[0]
        c.add(Src(first.files[0]), None, "error",
              t("store.validate.municipality_missing", m_id=m.id), t("store.validate.municipality_missing.hint"),
              code="missing-municipality")
    unit_ids = {u.id for u in m.units}
    board_ids = {b.id for b in m.boards}
    _dupes(c, m.units, "unit")
    _dupes(c, m.boards, "board")
    for u in m.units:
        if u.parent and u.parent not in unit_ids:
            c.add(u.src, "parent", "error", t("store.validate.unknown_parent_unit", id=u.parent), t("store.validate.use_unit_here"), ref=u.id, code="unknown-unit")
        if u.board and u.board not in board_ids:
            c.add(u.src, "board", "error", t("store.validate.unknown_board", id=u.board), t("store.validate.use_board"), ref=u.id, code="unknown-board")
    _check_people(m, c, unit_ids, board_ids)
    all_goals = [g for gs in m.goal_sets.values() for g in gs.goals]
    all_areas = [a for gs in m.goal_sets.values() for a in gs.areas]
    _dupes(c, all_goals + [g for d in m.documents for g in d.board_goals], "goal")
    _dupes(c, all_areas, "goal_area")
    area_ids = {a.id for a in all_areas}
    for g in all_goals:
        if g.area and g.area not in area_ids:
            c.add(g.src, "area", "error", t("store.validate.unknown_goal_area", id=g.area), t("store.validate.use_goal_area"), ref=g.id, code="unknown-goal")
    goal_ids = {g.id for g in all_goals}
    for g in all_goals:
        if g.same_as and g.same_as not in goal_ids:
            c.add(g.src, "same_as", "error", t("store.validate.unknown_goal", id=g.same_as), ref=g.id, code="unknown-goal")
    defs = m.indicator_defs
    _dupes(c, list(defs.values()) + m.duplicate_defs, "indicator")
    for d in defs.values():
        if d.responsible and d.responsible not in unit_ids:
            c.add(d.src, "responsible", "error", t("store.validate.unknown_unit", id=d.responsible),
                  _unit_hint(m), ref=d.id, code="unknown-unit")

    for doc in m.documents:
        if doc.board not in board_ids and m.src is not None:
            c.add(Src(doc.files[0]), "kind", "error", t("store.validate.board_folder", board=doc.board),
                  t("store.validate.board_folder.hint"), code="unknown-board")
        _check_document(m, doc, c, unit_ids, area_ids)
        _check_round(m, doc, c, unit_ids)
    _check_followups(m, c)


def _check_people(m: Municipality, c: _Collector, unit_ids: set, board_ids: set) -> None:
    """[[people]]: their units and boards exist, an e-mail belongs to one person only."""
    _dupes(c, m.people, "person")
    emails: dict[str, str] = {}
    for p in m.people:
        for i, u in enumerate(p.units):
            if u not in unit_ids:
                c.add(p.src.child("units"), i, "error", t("store.validate.unknown_unit", id=u), _unit_hint(m), ref=p.id,
                      code="unknown-unit")
        for i, b in enumerate(p.boards):
            if b not in board_ids:
                c.add(p.src.child("boards"), i, "error", t("store.validate.unknown_board", id=b), t("store.validate.use_board"),
                      ref=p.id, code="unknown-board")
        for i, e in enumerate(p.emails):
            key = e.strip().casefold()
            if key in emails and emails[key] != p.id:
                c.add(p.src.child("emails"), i, "error", t("store.validate.email_twice", value=e, key=emails[key]),
                      t("store.validate.email.hint"), ref=p.id, code="duplicate-email")
            emails.setdefault(key, p.id)
        if p.role == "rapportör" and not p.units:
            c.add(p.src, "units", "warning", t("store.validate.reporter_without_unit", p_id=p.id), t("store.validate.reporter.hint"),
                  ref=p.id, code="reporter-without-unit")


def _check_round(m: Municipality, doc: Document, c: _Collector, unit_ids: set) -> None:
    """A follow-up's round and control results: units, people and controls exist."""
    person_ids = {p.id for p in m.people}

    def person_ref(src: Src, key: str, value: str) -> None:
        if value and value not in person_ids:
            c.add(src, key, "error", t("store.validate.unknown_person", id=value), t("store.validate.use_person", m_id=m.id),
                  ref=value, code="unknown-person")

    rnd = doc.round
    if rnd is not None:
        person_ref(rnd.src, "controller", rnd.controller)
        person_ref(rnd.src, "approved_by", rnd.approved_by)
        if bool(rnd.approved_by) != bool(rnd.approved_at):
            c.add(rnd.src, "approved_by" if rnd.approved_by else "approved_at", "error",
                  t("store.validate.round_approval"), code="round-approval")
        seen: set[str] = set()
        for ru in rnd.units:
            if ru.unit and ru.unit not in unit_ids:
                c.add(ru.src, "unit", "error", t("store.validate.unknown_unit", id=ru.unit), _unit_hint(m), ref=ru.unit, code="unknown-unit")
            if ru.unit in seen:
                c.add(ru.src, "unit", "error", t("store.validate.unit_twice", unit=ru.unit), ref=ru.unit,
                      code="duplicate-id")
            seen.add(ru.unit)
            person_ref(ru.src, "by", ru.by)
    if not doc.control_results:
        return
    controls = {k.id for other in m.documents if other.board == doc.board and other.kind == "controls"
                and other.period[:4] == doc.period[:4] for k in other.controls}
    seen_c: set[str] = set()
    for r in doc.control_results:
        if r.id not in controls:
            c.add(r.src, "id", "error", t("store.validate.unknown_control", id=r.id),
                  t("store.validate.use_control", year=doc.period[:4]),
                  ref=r.id, code="unknown-control")
        if r.id in seen_c:
            c.add(r.src, "id", "error", t("store.validate.control_twice", control=r.id, period=doc.period),
                  t("store.validate.merge_them"), ref=r.id, code="duplicate-id")
        seen_c.add(r.id)
        if r.unit and r.unit not in unit_ids:
            c.add(r.src, "unit", "error", t("store.validate.unknown_unit", id=r.unit), _unit_hint(m), ref=r.id, code="unknown-unit")
        if r.outcome == "Avvikelser" and not r.deviations:
            c.add(r.src, "outcome", "warning", t("store.validate.deviations_missing"),
                  t("store.validate.deviations.hint"), ref=r.id, code="deviations-missing")
        if doc.date and r.performed and r.performed > doc.date:
            c.add(r.src, "performed", "warning",
                  t("store.validate.performed_after", performed=r.performed.isoformat(), date=doc.date.isoformat()),
                  ref=r.id, code="comment-after-report")


def _unit_hint(m: Municipality) -> str:
    return t("store.validate.use_unit", m_id=m.id)


def _check_document(m: Municipality, doc: Document, c: _Collector, unit_ids: set, area_ids: set) -> None:
    gs = m.goal_sets.get(doc.goal_period) if doc.goal_period else None
    if doc.goal_period and gs is None:
        c.add(Src(doc.files[0]), "goal_period", "error", t("store.validate.goals_missing", period=doc.goal_period),
              t("store.validate.goals_missing.hint", m_id=m.id, period=doc.goal_period), code="unknown-goal-period")
    goals = {g.id for g in gs.goals} if gs else set()
    areas = {a.id for a in gs.areas} if gs else set()
    goals |= {g.id for g in doc.board_goals}
    # board goals of the other documents of the same board and goal period count too
    for other in m.documents:
        if other.board == doc.board and other.goal_period == doc.goal_period:
            goals |= {g.id for g in other.board_goals}
    hint_goal = t("store.validate.use_goal", m_id=m.id, period=doc.goal_period)

    def unit_ref(src: Src, key: str, value: str, ref: str) -> None:
        if value and value not in unit_ids:
            c.add(src, key, "error", t("store.validate.unknown_unit", id=value), _unit_hint(m), ref=ref, code="unknown-unit")

    all_ids = {x.id for gs2 in m.goal_sets.values() for x in gs2.goals}
    for g in doc.board_goals:
        if g.area and g.area not in all_ids:
            c.add(g.src, "goal", "error", t("store.validate.unknown_goal", id=g.area), hint_goal, ref=g.id, code="unknown-goal")
        for i, other in enumerate(g.also):
            if other not in all_ids:
                c.add(g.src.child("also_goals"), i, "error", t("store.validate.unknown_goal", id=other), hint_goal, ref=g.id,
                      code="unknown-goal")
    for cb in doc.contributions:
        if cb.goal and cb.goal not in goals:
            c.add(cb.src, "goal", "error", t("store.validate.unknown_goal", id=cb.goal), hint_goal, ref=cb.goal, code="unknown-goal")
        if cb.area and cb.area not in areas:
            c.add(cb.src, "area", "error", t("store.validate.unknown_goal_area", id=cb.area), hint_goal, ref=cb.area, code="unknown-goal")

    seen_ind: dict[tuple, Src] = {}
    for e in doc.indicators:
        key = (e.id, e.goal)
        if key in seen_ind:
            c.add(e.src, "id", "error", t("store.validate.indicator_twice", e_id=e.id), t("store.validate.merge_entries"), ref=e.id, code="duplicate-id")
        seen_ind[key] = e.src
        if e.id and e.id not in m.indicator_defs:
            c.add(e.src, "id", "error", t("store.validate.indicator_undefined", e_id=e.id),
                  t("store.validate.indicator_undefined.hint", m_id=m.id), ref=e.id, code="unknown-indicator")
        if e.goal and e.goal not in goals and e.goal not in areas:
            c.add(e.src, "goal", "error", t("store.validate.unknown_goal", id=e.goal), hint_goal, ref=e.id, code="unknown-goal")
        unit_ref(e.src, "responsible", e.responsible, e.id)
        d = m.indicator_defs.get(e.id)
        if d and d.range:
            lo, hi = d.range
            for period, measures in e.values.items():
                for measure, v in measures.items():
                    if v.number is not None and not lo <= v.number <= hi:
                        c.add(e.src.child("values", period), measure, "warning",
                              t("store.validate.out_of_range", measure=measure, period=period, e_id=e.id, number=v.number, lo=lo, hi=hi),
                              t("store.validate.check_value"), ref=e.id, code="out-of-range")
        _check_comments(doc, e.comments, c, e.id)

    _dupes(c, doc.items, "item")
    item_ids = {it.id for it in doc.items}
    span = year_span(doc.goal_period) or year_span(doc.period[:4]) if doc.period else None
    for it in doc.items:
        if it.parent and it.parent not in item_ids:
            c.add(it.src, "parent", "error", t("store.validate.unknown_parent_item", id=it.parent),
                  t("store.validate.use_item"), ref=it.id, code="unknown-parent")
        if it.parent == it.id and it.id:
            c.add(it.src, "parent", "error", t("store.validate.own_parent"), ref=it.id, code="unknown-parent")
        if it.goal and it.goal not in goals and it.goal not in areas:
            c.add(it.src, "goal", "error", t("store.validate.unknown_goal", id=it.goal), hint_goal, ref=it.id, code="unknown-goal")
        unit_ref(it.src, "responsible", it.responsible, it.id)
        for i, u in enumerate(it.contributors):
            if u not in unit_ids:
                c.add(it.src.child("contributors"), i, "error", t("store.validate.unknown_unit", id=u), _unit_hint(m), ref=it.id, code="unknown-unit")
        for key, fd in (("start", it.start), ("end", it.end)):
            if fd is not None and fd.first is None and _ISO_SHAPED.match(fd.text):
                c.add(it.src, key, "error", t("store.validate.not_a_date", key=key, text=fd.text),
                      t("store.validate.date.hint"), ref=it.id, code="bad-date")
        if it.start and it.end and it.start.first and it.end.last and it.end.last < it.start.first:
            c.add(it.src, "end", "warning", t("store.validate.end_before_start", text=it.end.text, text2=it.start.text),
                  t("store.validate.check_dates"), ref=it.id, code="end-before-start")
        if it.end and it.end.first and span:
            first_year, last_year = span
            if it.end.last.year < first_year - 1 or it.end.first.year > last_year + 1:
                c.add(it.src, "end", "warning",
                      t("store.validate.end_outside", text=it.end.text, year=first_year, year2=last_year),
                      t("store.validate.year_typo"), ref=it.id, code="date-outside-plan")
        _check_comments(doc, it.comments, c, it.id)

    _dupes(c, doc.tables, "table")
    for tab in doc.tables:
        _dupes(c, tab.rows, "row", table=tab.id)
        row_ids = {r.id for r in tab.rows}
        for r in tab.rows:
            if r.parent and r.parent not in row_ids:
                c.add(r.src, "parent", "error", t("store.validate.unknown_parent_row", id=r.parent), t("store.validate.use_row"), ref=tab.id, code="unknown-parent")
            for s in r.sum_of:
                if s not in row_ids:
                    c.add(r.src, "sum_of", "error", t("store.validate.unknown_sum_row", s=s), ref=tab.id, code="unknown-parent")
            unit_ref(r.src, "unit", r.unit, tab.id)
            if tab.columns and len(r.values) != len(tab.columns):
                c.add(r.src, "values", "error",
                      t("store.validate.row_length", r_id=r.id, values=len(r.values), columns=len(tab.columns)),
                      t("store.validate.row_length.hint"), ref=tab.id, code="row-length")
            if r.total:
                _check_total(tab, r, c)
    _dupes(c, doc.sections, "section")
    for s in doc.sections:
        unit_ref(s.src, "unit", s.unit, s.id)
        if s.goal and s.goal not in goals and s.goal not in areas:
            c.add(s.src, "goal", "error", t("store.validate.unknown_goal", id=s.goal), hint_goal, ref=s.id, code="unknown-goal")
    _dupes(c, doc.scales, "scale")
    for sc in doc.scales:
        values = [lv.value for lv in sc.levels]
        for i, v in enumerate(values):
            if v in values[:i]:
                c.add(sc.src.child("levels", i), "value", "error", t("store.validate.duplicate_level", value=v, scale=sc.id),
                      t("store.validate.duplicate_level.hint"), ref=sc.id, code="duplicate-id")
    _dupes(c, doc.risks, "risk")
    _dupes(c, doc.controls, "control")
    risk_ids = {r.id for r in doc.risks}
    for r in doc.risks:
        unit_ref(r.src, "responsible", r.responsible, r.id)
        if r.value is not None and r.computed_value is not None and r.value != r.computed_value:
            c.add(r.src, "value", "warning",
                  t("store.validate.risk_value", value=r.value, probability=r.probability, consequence=r.consequence, value2=r.computed_value),
                  ref=r.id, code="risk-value")
    for k in doc.controls:
        if k.risk and k.risk not in risk_ids:
            c.add(k.src, "risk", "error", t("store.validate.unknown_risk", id=k.risk), t("store.validate.use_risk"), ref=k.id, code="unknown-risk")


def _check_comments(doc: Document, comments, c: _Collector, ref: str) -> None:
    if doc.kind != "followup" or not doc.date:
        return
    for cm in comments:
        if cm.date and cm.date > doc.date:
            c.add(cm.src, "date", "warning",
                  t("store.validate.comment_after", date=cm.date.isoformat(), date2=doc.date.isoformat()),
                  ref=ref, code="comment-after-report")


def _check_total(tab, r, c: _Collector) -> None:
    parts = tab.parts_of(r)
    if not parts:
        return
    for i, v in enumerate(r.values):
        if v.number is None or (i < len(tab.columns) and tab.columns[i].unit == "%"):
            continue  # a percentage column does not add up
        nums = [p.values[i].number for p in parts if i < len(p.values)]
        nums = [x for x in nums if x is not None]
        if not nums:
            continue
        s = sum(nums)
        if abs(s - v.number) > TOTAL_TOLERANCE:
            heading = tab.columns[i].heading if i < len(tab.columns) else str(i + 1)
            c.add(r.src.child("values"), i, "warning",
                  t("store.validate.total_mismatch", label=r.label, title=tab.title, heading=heading, number=v.number, s=s, s2=v.number - s),
                  t("store.validate.total.hint"), ref=tab.id, code="total-mismatch")


def _check_followups(m: Municipality, c: _Collector) -> None:
    """Follow-up items that the plan lacks, plan items the follow-up forgot, restated outcomes."""
    for fu in m.documents:
        if fu.kind != "followup" or not fu.items and not fu.indicators:
            continue
        year = fu.period[:4]
        plan = m.document(fu.board, "plan", year)
        if plan is None:
            continue
        plan_items = {it.id: it for it in plan.items if it.kind in ("uppdrag", "initiativ")}
        fu_items = {it.id: it for it in fu.items if it.kind in ("uppdrag", "initiativ")}
        for iid, it in fu_items.items():
            if iid not in plan_items:
                c.add(it.src, "id", "warning", t("store.validate.item_not_in_plan", kind=it.kind, iid=iid, year=year),
                      t("store.validate.new_or_changed"), ref=iid, code="followup-not-in-plan")
        if fu_items:
            src0 = Src(fu.files[0])
            for iid, it in plan_items.items():
                if iid not in fu_items:
                    c.add(src0, "kind", "warning", t("store.validate.plan_item_missing", iid=iid, kind=it.kind, period=fu.period),
                          t("store.validate.add_to_followup"), ref=iid, code="plan-item-not-followed")
        plan_ind = {e.id: e for e in plan.indicators}
        fu_ind = {e.id: e for e in fu.indicators}
        if fu_ind:
            for iid, e in plan_ind.items():
                if iid not in fu_ind:
                    c.add(Src(fu.files[0]), "kind", "warning", t("store.validate.plan_indicator_missing", iid=iid, period=fu.period),
                          t("store.validate.add_to_followup"), ref=iid, code="plan-item-not-followed")
        for iid, e in fu_ind.items():
            if iid not in plan_ind and plan_ind:
                c.add(e.src, "id", "warning", t("store.validate.indicator_not_in_plan", iid=iid, year=year), ref=iid, code="followup-not-in-plan")
                continue
            pe = plan_ind.get(iid)
            if not pe or e.raw_values == pe.raw_values:  # the same values (one C comparison): nothing restated
                continue
            for period, measures in e.raw_values.items():
                if not isinstance(measures, dict):
                    continue
                old_measures = pe.raw_values.get(period)
                if not isinstance(old_measures, dict) or measures == old_measures:
                    continue
                for measure in ("outcome", "target"):
                    new, old = _num(measures.get(measure)), _num(old_measures.get(measure))
                    if new is not None and old is not None and abs(new - old) > 1e-9:
                        c.add(e.src.child("values", period), measure, "warning",
                              t("store.validate.restated", measure=measure, period=period, iid=iid, new=new, old=old),
                              t("store.validate.restated.hint"), ref=iid, code="restated")


def _num(raw) -> float | None:
    """The number a raw value holds, without building a Value."""
    typ = type(raw)
    if typ is float or typ is int:
        return float(raw)
    if typ is dict:
        v = raw.get("value")
        return float(v) if type(v) in (int, float) else None
    return None


