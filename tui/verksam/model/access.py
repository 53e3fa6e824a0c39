"""Who may change what: the rules a shared server's pre-receive hook applies to every push.

Pure: the store gives the parsed files before and after a commit and the person who pushed.

* A reporter (rapportör) may change the entries of the units they report for (`may_report`, the
  round's rule): an entry's unit is its `responsible` (or a table row's `unit`); both
  the old and the new value count, so an entry cannot be handed to another unit by someone who
  does not report for it. Anything else in a board's document (the document's own keys, entries
  without a unit, a new or removed file) is the controller's.
* A controller may change everything in their boards' documents (every board when `boards` is
  empty); the municipality's shared files (municipality.toml with its people, goals, indicator
  definitions) only a controller of the whole municipality (no `boards`).
* A reader (läsare) changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from .round import is_controller, may_report

_MISSING: Any = object()


@dataclass(frozen=True, slots=True)
class Touch:
    """One changed place in a file: the id path of the entry (or value), the units it belongs to
    (empty: none, the document's own)."""

    path: tuple
    units: frozenset[str]
    entry: str = ""


@dataclass(frozen=True, slots=True)
class Denied:
    path: tuple
    reason: str  # "reader" | "not_yours" | "not_controller"
    units: frozenset[str] = frozenset()
    entry: str = ""


def person_for_login(people: Iterable, login: str | None):
    """The person a login names: one of their e-mails, their id, or an e-mail's local part (the
    Unix user `anna.svensson` is anna.svensson@…). Case does not matter."""
    if not login:
        return None
    want = login.strip().casefold()
    people = list(people)
    for by in (lambda p: [e.casefold() for e in p.emails],
               lambda p: [p.id.casefold()],
               lambda p: [e.split("@")[0].casefold() for e in p.emails]):
        found = [p for p in people if want in by(p)]
        if len(found) == 1:
            return found[0]
    return None


def _entries(v: Any) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) and isinstance(x.get("id"), str) for x in v) \
        and len({x["id"] for x in v}) == len(v)


def _units_of(entry: Any) -> set[str]:
    if not isinstance(entry, dict):
        return set()
    return {u for u in (entry.get("responsible"), entry.get("unit")) if isinstance(u, str) and u}


def touches(old: Any, new: Any, path: tuple = ()) -> list[Touch]:
    """The places that differ between two versions of a file's data."""
    out: list[Touch] = []
    _walk(old, new, path, out)
    return out


def _walk(o: Any, n: Any, path: tuple, out: list[Touch]) -> None:
    if o == n and type(o) is type(n):
        return
    if isinstance(o, dict) and isinstance(n, dict):
        for k in list(o) + [k for k in n if k not in o]:
            _walk(o.get(k, _MISSING), n.get(k, _MISSING), path + (k,), out)
        return
    if (_entries(o) or o is _MISSING or o == []) and (_entries(n) or n is _MISSING or n == []) and (o or n):
        oo = {x["id"]: x for x in o} if isinstance(o, list) else {}
        nn = {x["id"]: x for x in n} if isinstance(n, list) else {}
        for eid in list(oo) + [i for i in nn if i not in oo]:
            a, b = oo.get(eid, _MISSING), nn.get(eid, _MISSING)
            if a == b:
                continue
            units = _units_of(a) | _units_of(b)
            if units:
                out.append(Touch(path + (eid,), frozenset(units), eid))
            elif isinstance(a, dict) and isinstance(b, dict):
                _walk_entry(a, b, path + (eid,), eid, out)  # an entry without a unit: look inside
            else:
                out.append(Touch(path + (eid,), frozenset(), eid))
        return
    out.append(Touch(path, frozenset()))


def _walk_entry(a: dict, b: dict, path: tuple, eid: str, out: list[Touch]) -> None:
    for k in list(a) + [k for k in b if k not in a]:
        x, y = a.get(k, _MISSING), b.get(k, _MISSING)
        if x == y:
            continue
        if _entries(x) or _entries(y):  # a table's rows, each with its unit
            _walk(x, y, path + (k,), out)
        else:
            out.append(Touch(path + (k,), frozenset(), eid))


def judge(person, board: str, shared_file: bool, found: list[Touch], new_or_removed: bool = False) -> list[Denied]:
    """What of `found` (the changes of one file) the person may not make. `board` is the file's
    board ("" for the municipality's shared files); `new_or_removed`: the file itself is added
    or removed. Who reports for which unit is the round's rule (model/round.py)."""
    if not found and not new_or_removed:
        return []
    first = found[0].path if found else ()
    if person.role == "controller":
        if shared_file:
            return [] if not person.boards else [Denied(first, "not_controller")]
        return [] if is_controller(person, board) else [Denied(first, "not_controller")]
    if person.role != "rapportör":
        return [Denied(first, "reader")]
    if shared_file or new_or_removed or (person.boards and board not in person.boards):
        return [Denied(first, "not_controller")]
    out = []
    for tch in found:
        if not tch.units:
            out.append(Denied(tch.path, "not_controller", entry=tch.entry))
            continue
        theirs = frozenset(u for u in tch.units if not may_report(person, u, board))
        if theirs:
            out.append(Denied(tch.path, "not_yours", theirs, tch.entry))
    return out
