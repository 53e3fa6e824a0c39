"""Names where a person reads: an entry's title, a unit's name, a goal's number and name. The one
home for turning the ids the files use into what people call things; ids stay where a machine
reads (the command line's csv/json, the files themselves)."""

from __future__ import annotations

from ..model.entities import Municipality, Workspace


def goal_name(m: Municipality | None, goal_id: str) -> str:
    """"6.1 Främja växande företag …" for a goal's id; the id itself when it is not defined."""
    if not goal_id:
        return ""
    g = m.goals_by_id().get(goal_id) if m is not None else None
    if g is None:
        return goal_id
    return f"{g.number} {g.title}".strip() if g.number else g.title


def unit_name(m: Municipality | None, unit_id: str) -> str:
    return m.unit_name(unit_id) if m is not None and unit_id else unit_id


def entry_name(m: Municipality | None, entry_id: str) -> str:
    """An item's title or an indicator's name (from the definitions, else from a document),
    looked up in one municipality; the id when nothing by that id has a name."""
    if m is None or not entry_id:
        return entry_id
    d = m.indicator_defs.get(entry_id)
    if d is not None and d.name:
        return d.name
    for doc in reversed(m.documents):  # the newest documents last: their titles win
        for it in doc.items:
            if it.id == entry_id and it.title:
                return it.title
    return entry_id


def workspace_entry_name(ws: Workspace, entry_id: str, municipality: str | None = None) -> str:
    """entry_name in the given municipality, or the first municipality that names the id."""
    if municipality is not None:
        return entry_name(ws.municipalities.get(municipality), entry_id)
    for m in ws.municipalities.values():
        name = entry_name(m, entry_id)
        if name != entry_id:
            return name
    return entry_id
