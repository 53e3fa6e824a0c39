"""The cyclic garbage collector's policy for the app, a long-running process that holds a large,
long-lived model (every municipality read) beside a small, quickly changing screen.

Python's full collections scan every tracked object: with a few hundred thousand model entries
each one took 100–300 ms, and one came every few screens (17 in a ten-minute benchmark session),
landing on whatever key was being pressed. After a read of new municipalities the app calls
`sweep()` (debounced, once a batch is in): the young generations are collected (cheap) and
everything alive is frozen (`gc.freeze`), so that later collections scan only what was made
since — a screen's widgets, an edit's entries. Frozen objects that later become cyclic garbage
(a replaced view, an edited document's old entries) are not lost: every eighth sweep, and every
sweep after a save, is a full one — unfreeze, collect everything, freeze again. Loads themselves
run without the collector (store/repository.py `bulk_allocation`).
"""

from __future__ import annotations

import gc


FULL_EVERY = 8  # sweeps: every eighth is a full collection


class Collector:
    """The app's sweeps: `sweep(full=…)` after reads and saves."""

    def __init__(self) -> None:
        self.sweeps = 0
        self.full = 0

    def sweep(self, full: bool = False) -> int:
        """Collect the young garbage (or, when `full` or every FULL_EVERY sweeps, all of it),
        then freeze what is alive; how many objects were freed."""
        self.sweeps += 1
        if full or self.sweeps % FULL_EVERY == 0:
            self.full += 1
            gc.unfreeze()
            freed = gc.collect()
        else:
            freed = gc.collect(1)
        gc.freeze()
        return freed
