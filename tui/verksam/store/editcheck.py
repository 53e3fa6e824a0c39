"""The errors an edit would add: the check every save makes before it writes (`EditSession.save`).

Every check is within one municipality, so an edit is validated in its municipality alone: the
errors with the new texts against the errors with the texts on disk, compared by file and
message (an error that was there before is not the edit's doing). The municipality's files are
found by walking its own folder (`plans/<municipality>/`), never the whole repository, and the
check reads of them what the edit can change:

- most edits change one document (a status, a value, a comment) and keep what other documents
  read of it: its kind, period, goal period, board goals and controls. Then only that
  document's errors can change, and they depend on the municipality's definitions
  (municipality.toml, goals, indicator definitions), on the board goals of the board's
  documents of the same goal period and on the board's controls of the same year: those files
  are read, nothing else;
- an edit of a document's controls can change the errors of the board's follow-ups: the board
  is read (other boards' documents read only their own board's);
- any other edit (the definitions, a document's kind, period, goal period or board goals, a new
  file) is checked against the whole municipality.

Which document a file belongs to is read from what it states before its first table (kind,
period, goal period: a few lines parsed); a file that cannot be told so is read whole. Schema
problems of the files not edited are the same before and after and are not computed; the
edited files' are. A problem is located (a scan of its file) only when it is reported.
tests/store/test_editcheck.py compares this with the whole municipality's validation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Iterable

import rtoml

from ..model.build import DOCUMENT_KINDS, build_workspace, file_role
from ..model.entities import Municipality, Src
from ..model.problems import Problem
from . import schemas
from .files import Unreadable, discover, parse_text, read_file, read_plan_bytes
from .locate import Locator
from .paths import municipality_of
from .validate import check_workspace

# What other documents read of a document file: an edit that keeps these is checked in its board
SURFACE = ("kind", "period", "goal_period", "board_goals")
_HEADER = re.compile(r"^[ \t]*\[", re.M)


def _board_folder(rel: str) -> str:
    return file_role(rel)[1]


def municipality_files(root: Path, mid: str) -> list[str]:
    """A municipality's plan files (its own folder walked, nothing else)."""
    return [r for r in discover(root, {mid} if mid else set()) if municipality_of(r) == mid]


@dataclass(frozen=True, slots=True)
class _Head:
    """What a file states before its first table (its kind, period and goal period), read only
    that far, and whether its text names board goals at all."""

    kind: Any
    period: Any
    goal_period: Any
    board_goals: bool


def _head(root: Path, rel: str) -> _Head | None:
    """None when it cannot be told so cheaply (then the file is read whole)."""
    try:  # a file found in the municipality's folder (a link is refused by the read itself)
        text = read_plan_bytes(root, rel, confine=False).decode("utf-8")
    except (OSError, Unreadable, UnicodeDecodeError):
        return None
    m = _HEADER.search(text)
    try:
        head = rtoml.loads(text[: m.start()] if m else text)
    except rtoml.TomlParsingError:  # the cut fell inside a value: not a plain header
        return None
    # a key can be written with escapes ("board\u005fgoals"): then it may name them
    named = "board_goals" in text or "\\u" in text or "\\U" in text
    return _Head(head.get("kind"), head.get("period"), head.get("goal_period"), named)


def _surface(data: Any) -> tuple | None:
    if not isinstance(data, dict) or data.get("kind") not in DOCUMENT_KINDS:
        return None
    return tuple(data.get(k) for k in SURFACE)


class _Texts:
    """Locates problems in the texts a check saw (the edited texts or the disk's), only for the
    problems that are reported: the comparison needs the messages, not where they are (locating
    scans a file). Until then a problem's line is a negative number naming its place."""

    def __init__(self, root: Path, texts: dict[str, str]):
        self.root = root
        self.texts = texts
        self.locators: dict[str, Locator] = {}
        self.asked: list[tuple] = []

    def later(self, src: Src, key=None, is_key: bool = False) -> tuple[int, int]:
        self.asked.append((src, key, is_key))
        return -len(self.asked), 0

    def locate(self, src: Src, key=None, is_key: bool = False) -> tuple[int, int]:
        loc = self.locators.get(src.file)
        if loc is None:
            text = self.texts.get(src.file)
            if text is None:
                try:
                    text = read_plan_bytes(self.root, src.file).decode("utf-8")
                except (OSError, Unreadable, UnicodeDecodeError):
                    text = ""
            loc = self.locators[src.file] = Locator(text)
        return loc.line_col(src.path + ((key,) if key is not None else ()), key=is_key)

    def located(self, p: Problem) -> Problem:
        if p.line >= 0:
            return p
        line, col = self.locate(*self.asked[-p.line - 1])
        return replace(p, line=line, col=col)


def _errors(root: Path, files: Iterable[tuple[str, Any]], own: dict[str, tuple[str, list[Problem]]],
            texts: _Texts | None = None) -> list[Problem]:
    """Every error: the edited files' own problems (`own`: text and its syntax/layout/schema
    problems) and the checks across the files (located later by `texts`)."""
    found = [p for _, problems in own.values() for p in problems]
    ws = build_workspace((rel, data) for rel, data in files if data is not None)
    found += check_workspace(ws, (texts or _Texts(root, {})).later)
    return [p for p in found if p.severity == "error"]


def _own(rel: str, text: str | None, data: Any, problems: list[Problem]) -> tuple[str, list[Problem]]:
    if data is not None:
        problems = problems + schemas.check(rel, text or "", data)
    return text or "", problems


def added_errors(root: Path | str, overrides: dict[str, str]) -> list[Problem]:
    """The errors that giving these files these texts would add (see the module)."""
    root = Path(root)
    out: list[Problem] = []
    by_muni: dict[str, dict[str, str]] = {}
    for rel, text in overrides.items():
        by_muni.setdefault(municipality_of(rel), {})[rel] = text
    for mid in sorted(by_muni):
        out += _added_in(root, mid, by_muni[mid])
    return out


def _added_in(root: Path, mid: str, texts: dict[str, str]) -> list[Problem]:
    rels = sorted(set(municipality_files(root, mid)) | set(texts))
    before_own: dict[str, tuple[str, list[Problem]]] = {}
    after_own: dict[str, tuple[str, list[Problem]]] = {}
    before_data: dict[str, Any] = {}
    after_data: dict[str, Any] = {}
    for rel, text in texts.items():
        data, problems = parse_text(rel, text)
        after_data[rel] = data
        after_own[rel] = _own(rel, text, data, problems)
        try:
            st = read_file(root, rel)
        except FileNotFoundError:  # a new file
            before_data[rel] = None
            continue
        before_data[rel] = st.data
        before_own[rel] = _own(rel, st.text, st.data, st.problems)

    needed = _scope(root, rels, texts, before_data, after_data)
    shared: dict[str, Any] = {}
    for rel in rels:
        if rel in texts or not needed(rel):
            continue
        try:
            shared[rel] = read_file(root, rel).data
        except FileNotFoundError:
            continue
    before = _errors(root, [*shared.items(), *before_data.items()], before_own)
    texts = _Texts(root, {rel: text for rel, (text, _) in after_own.items()})
    after = _errors(root, [*shared.items(), *after_data.items()], after_own, texts)
    seen = {(p.file, p.message) for p in before}
    return [texts.located(p) for p in after if (p.file, p.message) not in seen]


def _scope(root: Path, rels: list[str], texts: dict[str, str], before: dict, after: dict):
    """Which of the municipality's other files the check reads (see the module): a predicate."""
    boards = {_board_folder(rel) for rel in texts}
    if "" in boards or any(_surface(before[rel]) is None or _surface(before[rel]) != _surface(after[rel])
                           for rel in texts):
        return lambda rel: True  # definitions, a new file, or what other documents read: all of it
    # the edited documents (kind, period) and the goal periods their files state
    docs = {(_board_folder(rel), after[rel].get("kind"), after[rel].get("period")) for rel in texts}
    heads = {rel: _head(root, rel) for rel in rels if rel not in texts and _board_folder(rel)}
    same_controls = all(before[rel].get("controls") == after[rel].get("controls") for rel in texts)
    if not same_controls:  # the board's follow-ups check their results against these controls
        return lambda rel: (not _board_folder(rel) or _board_folder(rel) in boards
                            or heads[rel] is None or heads[rel].kind not in DOCUMENT_KINDS)
    goal_periods: dict[tuple, set] = {}  # a document's goal period is one of its files'
    for rel, h in heads.items():
        if h is not None:
            goal_periods.setdefault((_board_folder(rel), h.kind, h.period), set()).add(h.goal_period or "")
    for rel in texts:
        goal_periods.setdefault((_board_folder(rel), after[rel].get("kind"), after[rel].get("period")),
                                set()).add(after[rel].get("goal_period") or "")
    edited_gp = {(d[0], gp) for d in docs for gp in goal_periods.get(d, ())}
    with_goals = {(_board_folder(rel), h.kind, h.period) for rel, h in heads.items() if h is not None and h.board_goals}
    years = {(d[0], str(d[2])[:4]) for d in docs}

    def needed(rel: str) -> bool:
        board = _board_folder(rel)
        h = heads.get(rel)
        if not board or h is None or h.kind not in DOCUMENT_KINDS:
            return True  # a definition, or a file that cannot be told cheaply
        if board not in boards:
            return False  # another board's document: its checks do not read this edit
        doc = (board, h.kind, h.period)
        if doc in docs:
            return True  # the edited document's other files
        if h.kind == "controls" and (board, str(h.period)[:4]) in years:
            return True  # the controls its results name
        # a document whose board goals the edited one may refer to (same board and goal period)
        return doc in with_goals and any((board, gp) in edited_gp for gp in goal_periods.get(doc, ()))

    return needed


def definitions(root: Path | str, mid: str) -> Municipality | None:
    """A municipality's definitions (municipality.toml, goals, indicator definitions: the files
    outside its boards' folders), without its documents."""
    root = Path(root)
    files = []
    for rel in municipality_files(root, mid):
        if _board_folder(rel):
            continue
        try:
            files.append((rel, read_file(root, rel).data))
        except FileNotFoundError:
            continue
    return build_workspace((rel, d) for rel, d in files if d is not None).municipalities.get(mid)


__all__ = ["added_errors", "definitions", "municipality_files", "municipality_of"]
