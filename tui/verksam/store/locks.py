"""Approved reports are locked: the one write path refuses to change their files.

A follow-up is approved when its round says so (`verksam.model.round.is_locked`); then every file
of that report is refused by `FileEditor.save` and `EditSession.save`, whoever writes (set, the
app, new periods, the merge driver), until `verksam round reopen` unlocks it. Only the round's own
state changes (reopen) pass `allow_locked`.

The check reads the report's own folder and its municipality.toml from disk (a few files): the
lock is what is committed, not what an edit would make it.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import rtoml

from ..model.build import build_workspace
from ..model.entities import Document
from ..model.problems import Problem
from ..model.round import approval_date, is_locked, person_label, tag_name
from ..text import t
from .files import Unreadable, read_plan_bytes
from .writer import WriteRefused


class Locked(WriteRefused):
    """The file belongs to an approved report."""


def _read(root: Path, rel: str) -> dict | None:
    try:  # the safe read of every plan file: a FIFO or a link beside the report is not opened
        data = rtoml.loads(read_plan_bytes(root, rel).decode("utf-8"))
    except (OSError, Unreadable, UnicodeDecodeError, rtoml.TomlParsingError):
        return None
    return data if isinstance(data, dict) else None


def report_of(root: Path | str, rel: str) -> tuple[Document, object] | None:
    """The follow-up a file belongs to (read from disk) and its municipality, or None for a file
    that is not part of a follow-up."""
    root = Path(root)
    parts = PurePosixPath(rel).parts
    if len(parts) < 5 or parts[0] != "plans" or "followup" not in parts[:-1]:
        return None
    data = _read(root, rel)
    if data is None or data.get("kind") != "followup":
        return None
    period = data.get("period")
    folder = (root / rel).parent
    files = [(rel, data)]
    for p in sorted(folder.glob("*.toml")):
        other = PurePosixPath(rel).parent / p.name
        if str(other) == rel:
            continue
        d = _read(root, str(other))
        if d is not None and d.get("kind") == "followup" and d.get("period") == period:
            files.append((str(other), d))
    muni = _read(root, f"plans/{parts[1]}/municipality.toml")
    if muni is not None:
        files.append((f"plans/{parts[1]}/municipality.toml", muni))
    ws = build_workspace(files)
    m = ws.municipalities.get(parts[1])
    if m is None:
        return None
    for doc in m.documents:
        if doc.kind == "followup" and rel in doc.files:
            return doc, m
    return None


def lock_message(doc: Document, m) -> str:
    rnd = doc.round
    day = approval_date(rnd)
    return t("round.locked", title=doc.title or doc.label, date=day.isoformat() if day else "",
             who=person_label(m, rnd.approved_by))


def check_unlocked(root: Path | str, rels: list[str]) -> None:
    """Raise Locked when any of these files belongs to an approved report."""
    for rel in rels:
        found = report_of(root, rel)
        if found is not None and is_locked(found[0]):
            raise Locked(lock_message(*found))


def approval_problems(root: Path | str, ws, locate=None) -> list[Problem]:
    """An error for every file of an approved report that differs from its approval tag (someone
    edited it by hand, past the write path); a warning when the tag is missing."""
    from . import git

    root = Path(root)
    out: list[Problem] = []
    for m in ws.municipalities.values():
        for doc in m.documents:
            if not is_locked(doc):
                continue
            name = tag_name(doc)
            src = doc.round.src
            line, col = locate(src, "approved_by", False) if locate else (1, 1)
            if not git.is_repo(root):
                continue
            if git.tag_commit(root, name) is None:
                out.append(Problem(src.file, line, col, "warning",
                                   t("round.lock.tag_missing", tag=name), t("round.lock.tag_missing.hint"),
                                   code="approval-tag-missing"))
                continue
            changed = git.changed_since(root, name, doc.files)
            for rel in changed:
                out.append(Problem(rel, 1, 1, "error",
                                   t("round.lock.changed", title=doc.title or doc.label, tag=name),
                                   t("round.lock.changed.hint", tag=name, file=rel), code="changed-after-approval"))
    return out
