"""The keys of a list under a type-to-narrow field (search, the unit picker): ↑ ↓ one, PgUp PgDn
ten; the screen says how a move lands (`_move`), the keys are the same everywhere."""

from __future__ import annotations


class ListMoves:
    def _move(self, delta: int) -> None:  # pragma: no cover - each screen has its own
        raise NotImplementedError

    def action_down(self) -> None:
        self._move(1)

    def action_up(self) -> None:
        self._move(-1)

    def action_page_down(self) -> None:
        self._move(10)

    def action_page_up(self) -> None:
        self._move(-10)
