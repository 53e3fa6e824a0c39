"""The reporting round's state changes: start, a unit ready or sent back, approval, reopening.

Every change is its own commit with the user's own Git identity, made through the one write path
(`EditSession`), so Git holds the whole audit trail: who marked what ready, who approved, when,
and why a report was opened again. Approval also makes the annotated tag
`<kommun>/<nämnd>/<period>/godkand` (signed when the user's Git signs). The rules (who may do
what, what is missing) are the model's (`verksam.model.round`); the words are `round.*`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import PurePosixPath

from ..model.entities import Document, Municipality, Person
from ..model.round import (
    is_controller, is_locked, may_report, person_for_email, round_parts, tag_name,
)
from ..model.values import Period
from ..text import t
from . import git
from .locks import Locked, lock_message
from .repository import PlanRepository, Snapshot
from .session import Address, Append, EditSession, SaveReport, SetValue, Unset
from .writer import WriteRefused


class RoundRefused(WriteRefused):
    """The round's rules say no (not ready, not a controller, errors in the report …)."""


@dataclass(slots=True)
class RoundResult:
    report: SaveReport
    tag: str = ""


def now() -> dt.datetime:
    return dt.datetime.now().astimezone().replace(microsecond=0)


def whoami(root, m: Municipality) -> tuple[Person | None, str]:
    """The current user (the person whose e-mail is the one the next commit is authored with)
    and that e-mail."""
    ident = git.author(root)
    email = ident[1] if ident else ""
    return person_for_email(m, email), email


def round_file(doc: Document) -> str:
    """The file that holds (or will hold) the round: the follow-up's main file."""
    if doc.round is not None:
        return doc.round.src.file
    for rel in doc.files:
        if PurePosixPath(rel).stem == doc.period:
            return rel
    return doc.files[0]


def _period_label(doc: Document) -> str:
    p = Period.parse(doc.period)
    return p.label_sv() if p else doc.period


def _who(person: Person | None, email: str) -> Person:
    if person is None:
        raise RoundRefused(t("round.unknown_person", email=email or "?"))
    return person


def _need_controller(person: Person, doc: Document) -> None:
    if not is_controller(person, doc.board):
        raise RoundRefused(t("round.not_controller", name=person.name))


def _not_locked(m: Municipality, doc: Document) -> None:
    if is_locked(doc):
        raise Locked(lock_message(doc, m))


def _unit_edits(session: EditSession, rel: str, doc: Document, unit: str, fields: dict) -> None:
    idx = next((i for i, ru in enumerate(doc.round.units) if ru.unit == unit), None) if doc.round else None
    if idx is None:
        session.apply(Append(Address(rel, ("round", "units")), {"unit": unit, **fields}))
        return
    for k, v in fields.items():
        if session.value(rel, ("round", "units", idx, k)) != v:
            session.apply(SetValue(Address(rel, ("round", "units", idx, k)), v))


def _ensure_round(session: EditSession, rel: str, doc: Document, fields: dict | None = None) -> None:
    if doc.round is None and session.value(rel, ("round",)) is None:
        session.apply(SetValue(Address(rel, ("round",)), dict(fields or {})))


def _message(subject: str, body: str = "") -> str:
    return subject + (f"\n\n{body.strip()}" if body and body.strip() else "")


def start(repo: PlanRepository, m: Municipality, doc: Document, deadline: dt.date | None,
          instructions: str | None) -> RoundResult:
    """The controller opens (or changes) the round: deadline and instructions."""
    person = _who(*whoami(repo.root, m))
    _need_controller(person, doc)
    _not_locked(m, doc)
    session = EditSession(repo)
    rel = round_file(doc)
    fields = {k: v for k, v in (("deadline", deadline), ("instructions", instructions), ("controller", person.id))
              if v is not None}
    _ensure_round(session, rel, doc, fields)
    for key, value in fields.items():
        if value is not None and session.value(rel, ("round", key)) != value:
            session.apply(SetValue(Address(rel, ("round", key)), value))
    subject = t("round.msg.start", period=doc.period, title=doc.title or doc.label,
                deadline=deadline.isoformat() if deadline else "–", who=person.name)
    return RoundResult(session.save(message=_message(subject, instructions or "")))


def mark(repo: PlanRepository, m: Municipality, doc: Document, unit: str, state: str, comment: str = "",
         force: bool = False) -> RoundResult:
    """A unit's part set to Klar (by its reporter or a controller), or sent back to Pågår with a
    comment (by a controller). Klar is refused while the part still misses updates, unless
    forced with a reason."""
    person = _who(*whoami(repo.root, m))
    _not_locked(m, doc)
    parts = {p.unit: p for p in round_parts(m, doc)}
    part = parts.get(unit)
    if part is None:
        raise RoundRefused(t("round.no_such_unit", unit=unit, period=doc.period))
    name = m.unit_name(unit) if unit else t("round.no_unit")
    if state == "Klar":
        if not may_report(person, unit, doc.board):
            raise RoundRefused(t("round.not_reporter", name=person.name, unit=name))
        if part.missing and not force:
            ids = [it.id for it in part.missing_items] + [r.id for r in part.missing_results]
            raise RoundRefused(t("round.ready_missing", unit=name, n=part.missing,
                                 ids=", ".join(ids[:3]) + (" …" if len(ids) > 3 else "")))
        subject = t("round.msg.ready", period=doc.period, unit=name, who=person.name)
        body = comment
        if part.missing:
            body = t("round.msg.forced", n=part.missing) + ("\n\n" + comment if comment else "")
    else:
        _need_controller(person, doc)
        subject = t("round.msg.back", period=doc.period, unit=name, who=person.name)
        body = comment
    session = EditSession(repo)
    rel = round_file(doc)
    _ensure_round(session, rel, doc)
    fields = {"state": state, "by": person.id, "at": now()}
    old = doc.round.unit(unit) if doc.round else None
    if comment or (old is not None and old.comment):
        fields["comment"] = comment
    _unit_edits(session, rel, doc, unit, fields)
    return RoundResult(session.save(message=_message(subject, body)))


def approve(repo: PlanRepository, snap: Snapshot, m: Municipality, doc: Document, comment: str = "") -> RoundResult:
    """The controller approves the report: every part ready, no error in its files. Writes the
    approval, commits, and tags the commit."""
    person = _who(*whoami(repo.root, m))
    _need_controller(person, doc)
    _not_locked(m, doc)
    parts = round_parts(m, doc)
    waiting = [p for p in parts if not p.ready]
    if waiting:
        names = [m.unit_name(p.unit) if p.unit else t("round.no_unit") for p in waiting]
        raise RoundRefused(t("round.approve_waiting", n=len(waiting),
                             units=", ".join(names[:3]) + (" …" if len(names) > 3 else "")))
    errors = [p for p in snap.errors if p.file in doc.files]
    if errors:
        raise RoundRefused(t("round.approve_errors", n=len(errors), first=errors[0].format()))
    name = tag_name(doc)
    if git.tag_commit(repo.root, name):
        raise RoundRefused(t("round.tag_exists", tag=name))
    session = EditSession(repo)
    rel = round_file(doc)
    _ensure_round(session, rel, doc)
    for p in parts:
        if doc.round is not None and doc.round.unit(p.unit) is not None:
            _unit_edits(session, rel, doc, p.unit, {"state": "Godkänd"})
    session.apply(SetValue(Address(rel, ("round", "approved_by")), person.id))
    session.apply(SetValue(Address(rel, ("round", "approved_at")), now()))
    if comment or (doc.round and doc.round.approved_comment):
        session.apply(SetValue(Address(rel, ("round", "approved_comment")), comment))
    message = _message(t("round.msg.approve", period=doc.period, title=doc.title or doc.label, who=person.name),
                       comment)
    report = session.save(message=message)
    git.tag(repo.root, name, message, report.commit or "HEAD")
    return RoundResult(report, name)


def reopen(repo: PlanRepository, m: Municipality, doc: Document, reason: str) -> RoundResult:
    """The controller opens an approved report again; the reason goes into the history. The
    approval tag goes (the reopening commit names the commit it pointed at)."""
    person = _who(*whoami(repo.root, m))
    _need_controller(person, doc)
    if not is_locked(doc):
        raise RoundRefused(t("round.not_approved", title=doc.title or doc.label))
    name = tag_name(doc)
    tagged = git.tag_commit(repo.root, name)
    session = EditSession(repo)
    rel = round_file(doc)
    for key in ("approved_by", "approved_at", "approved_comment"):
        if session.value(rel, ("round", key)) is not None:
            session.apply(Unset(Address(rel, ("round", key))))
    for i, ru in enumerate(doc.round.units):
        if ru.state == "Godkänd":
            session.apply(SetValue(Address(rel, ("round", "units", i, "state")), "Klar"))
    body = reason + ("\n\n" + t("round.msg.was_tagged", tag=name, commit=tagged[:10]) if tagged else "")
    report = session.save(message=_message(t("round.msg.reopen", period=doc.period, title=doc.title or doc.label,
                                              who=person.name), body), allow_locked=True)
    if tagged:
        git.delete_tag(repo.root, name)
    return RoundResult(report, name if tagged else "")
