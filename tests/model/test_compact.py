"""model.entities.compact: a municipality's repeated short strings shared, nothing else changed."""

from __future__ import annotations

from tests.app.conftest import FIXTURES
from verksam.model.entities import compact
from verksam.store.repository import PlanRepository


def _municipality():
    return PlanRepository(FIXTURES).load().workspace.municipalities["test"]


def test_compact_shares_repeated_strings_and_changes_nothing_else():
    m = _municipality()
    before = repr(m)
    items = [it for d in m.documents for it in d.items]
    assert len({it.kind for it in items}) < len(items)  # kinds repeat
    compact(m)
    assert repr(m) == before  # the same values, in the same order
    by_kind: dict[str, object] = {}
    for it in items:
        assert by_kind.setdefault(it.kind, it.kind) is it.kind  # one object per distinct kind
    periods = [p for d in m.documents for e in d.indicators for p in e.raw_values]
    assert all(p is next(q for q in periods if q == p) for p in periods)
    assert m == _municipality()  # equal to one built afresh
