"""The reporting round for both shells: which follow-up, its status per unit, who still has to
report (with e-mail), and the state changes (through the store's one write path).

Rules live in the model (`verksam.model.round`), state changes in the store (`verksam.store.rounds`);
this module finds the report, puts names beside ids and shapes the rows the command line prints
and the app shows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ..model.entities import Document, Municipality, Workspace
from ..model.round import (
    UnitPart, days_left, is_locked, people_of_unit, person_label, round_parts,
)
from ..model.values import period_sort_key
from ..text import t

STATUS_COLUMNS = ("municipality", "board", "period", "unit", "unit_name", "items", "updated", "missing", "state",
                  "marked_by", "marked_at", "days_left", "reporters", "comment")
MISSING_COLUMNS = ("municipality", "board", "period", "unit", "unit_name", "name", "email", "missing", "state",
                   "days_left")


class RoundLookupError(Exception):
    """No such follow-up, or more than one where one is needed (a usage mistake)."""


def followups(ws: Workspace, period: str | None = None, board: str | None = None) -> list[tuple[Municipality, Document]]:
    """The follow-ups of a period (default: the latest period there is) and board; a board may be
    written `kommun/nämnd` to pick one municipality's."""
    muni = None
    if board and "/" in board:
        muni, board = board.split("/", 1)
    found = [(m, d) for m in ws.municipalities.values() for d in m.documents
             if d.kind == "followup" and (not board or d.board == board) and (not muni or m.id == muni)]
    if not found:
        raise RoundLookupError(t("round.no_followup", board=board or "–"))
    if period is None:
        period = max((d.period for _, d in found), key=period_sort_key)
    out = [(m, d) for m, d in found if d.period == period]
    if not out:
        periods = sorted({d.period for _, d in found}, key=period_sort_key)
        raise RoundLookupError(t("round.no_period", period=period, periods=", ".join(periods)))
    return out


def one_followup(ws: Workspace, period: str | None, board: str | None) -> tuple[Municipality, Document]:
    found = followups(ws, period, board)
    if len(found) > 1:
        names = ", ".join(f"{m.id}/{d.board}" for m, d in found)
        raise RoundLookupError(t("round.ambiguous", period=found[0][1].period, which=names))
    return found[0]


def _when(v) -> str:
    if isinstance(v, dt.datetime):
        return v.isoformat(timespec="minutes")
    return v.isoformat() if v else ""


@dataclass(slots=True)
class StatusRow:
    municipality: str
    board: str
    period: str
    unit: str
    unit_name: str
    items: int
    updated: int
    missing: int
    state: str
    marked_by: str
    marked_at: str
    days_left: int | None
    reporters: str
    comment: str = ""
    part: UnitPart | None = field(default=None, repr=False)

    def record(self) -> dict:
        return {k: getattr(self, k) for k in STATUS_COLUMNS}


def unit_name(m: Municipality, unit: str) -> str:
    return m.unit_name(unit) if unit else t("round.no_unit")


def status_rows(m: Municipality, doc: Document, today: dt.date | None = None) -> list[StatusRow]:
    today = today or dt.date.today()
    left = days_left(doc.round, today)
    rows = []
    for p in round_parts(m, doc):
        rows.append(StatusRow(
            m.id, doc.board, doc.period, p.unit, unit_name(m, p.unit), p.total, p.updated, p.missing, p.state,
            person_label(m, p.by) if p.by else "", _when(p.at), left,
            ", ".join(x.name for x in people_of_unit(m, p.unit)), p.comment, p))
    return rows


def missing_rows(m: Municipality, doc: Document, today: dt.date | None = None) -> list[dict]:
    """Who still has to report: one row per reporter of every unit not yet ready (a unit nobody
    reports for gets one row without a name), ready for a reminder script."""
    out = []
    for r in status_rows(m, doc, today):
        if r.part.ready:
            continue
        people = people_of_unit(m, r.unit) or [None]
        for p in people:
            out.append({"municipality": m.id, "board": doc.board, "period": doc.period, "unit": r.unit,
                        "unit_name": r.unit_name, "name": p.name if p else "", "email": p.email if p else "",
                        "missing": r.missing, "state": r.state, "days_left": r.days_left})
    return out


@dataclass(slots=True)
class RoundHead:
    """What the round screen and `round status` show above the units."""

    title: str
    deadline: str
    days_left: int | None
    instructions: str
    ready: int
    units: int
    approved: bool
    approved_by: str
    approved_at: str
    approved_comment: str


def round_head(m: Municipality, doc: Document, today: dt.date | None = None) -> RoundHead:
    today = today or dt.date.today()
    rnd = doc.round
    parts = round_parts(m, doc)
    return RoundHead(
        doc.title or doc.label, rnd.deadline.isoformat() if rnd and rnd.deadline else "",
        days_left(rnd, today), rnd.instructions if rnd else "", sum(p.ready for p in parts), len(parts),
        is_locked(doc), person_label(m, rnd.approved_by) if rnd and rnd.approved_by else "",
        _when(rnd.approved_at) if rnd else "", rnd.approved_comment if rnd else "")


def days_text(days: int | None) -> str:
    if days is None:
        return t("round.no_deadline")
    if days < 0:
        return t("round.days_past", n=-days)
    return t("round.days_left", n=days)


def bar(done: int, total: int, width: int = 20) -> str:
    """`███████░░░░░` for done of total."""
    if total <= 0:
        return "░" * width
    full = round(width * done / total)
    return "█" * full + "░" * (width - full)


# ------------------------------------------------------------------ the app's state changes

class RoundBusy(Exception):
    """Unsaved edits in the report stand in the way of approving it."""


def change(service, what: str, municipality: str, board: str, period: str, unit: str = "", comment: str = "",
           force: bool = False):
    """One state change of a round for the app (`service` is its PlanService, whose lock is held):
    what is "ready", "back", "approve" or "reopen". Reads the committed state, never the unsaved
    edits; returns the store's RoundResult."""
    from ..store import rounds

    snap = service.repo.load()
    m = snap.workspace.municipalities.get(municipality)
    doc = m.document(board, "followup", period) if m else None
    if doc is None:
        raise RoundLookupError(t("round.no_period", period=period, periods="–"))
    if what in ("approve", "reopen") and set(service.session.dirty_files()) & set(doc.files):
        raise RoundBusy(t("round.save_first"))
    if what == "ready":
        return rounds.mark(service.repo, m, doc, unit, "Klar", comment, force)
    if what == "back":
        return rounds.mark(service.repo, m, doc, unit, "Pågår", comment)
    if what == "approve":
        return rounds.approve(service.repo, snap, m, doc, comment)
    return rounds.reopen(service.repo, m, doc, comment)


# ------------------------------------------------------------------ the command line's state changes

def load_workspace(root) -> Workspace:
    """The committed workspace, for `verksam round status`."""
    from ..store.repository import PlanRepository

    return PlanRepository(root).load().workspace


def command(root, what: str, period: str | None, board: str | None, unit: str = "", message: str = "",
            force: bool = False, deadline: dt.date | None = None, instructions: str | None = None):
    """`verksam round ready|approve|reopen|start`: one state change through the one write path;
    RoundLookupError for a period, board or unit that is not there, WriteRefused when refused.
    Returns the store's RoundResult."""
    from ..store import rounds
    from ..store.repository import PlanRepository

    repo = PlanRepository(root)
    snap = repo.load()
    m, doc = one_followup(snap.workspace, period, board)
    if what == "ready":
        if unit not in {u.id for u in m.units} and unit != "-":
            raise RoundLookupError(t("round.unknown_unit", unit=unit, municipality=m.id))
        return rounds.mark(repo, m, doc, "" if unit == "-" else unit, "Klar", message, force)
    if what == "approve":
        return rounds.approve(repo, snap, m, doc, message)
    if what == "reopen":
        return rounds.reopen(repo, m, doc, message)
    return rounds.start(repo, m, doc, deadline, instructions)


def lock_text(m: Municipality, doc: Document) -> str:
    """"Delårsrapport per april 2025 är godkänd 2025-05-12 av …; öppna den igen med verksam round reopen"."""
    from ..model.round import approval_date

    day = approval_date(doc.round)
    return t("round.locked", title=doc.title or doc.label, date=day.isoformat() if day else "",
             who=person_label(m, doc.round.approved_by))
