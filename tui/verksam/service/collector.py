"""The cyclic garbage collector's policy for the app, a long-running process that holds a large,
long-lived model (every municipality read) beside a small, quickly changing screen.

Python's full collections scan every tracked object: with a few hundred thousand model entries
each one took 100–300 ms, and one came every few screens (17 in a ten-minute benchmark session),
landing on whatever key was being pressed. After a read of new municipalities, or a save, the
app calls `sweep()` (debounced, once a batch is in): one full collection now, then everything
alive is frozen (`gc.freeze`), so that later collections scan only what was made since — a
screen's widgets, an edit's entries. Cyclic garbage among frozen objects (an edited document's
old entries, a replaced view) is not lost: the next sweep unfreezes and collects it first. Loads
themselves run without the collector (store/repository.py `bulk_allocation`).
"""

from __future__ import annotations

import gc


def sweep() -> int:
    """Collect what is garbage now, then freeze what is alive; how many objects were freed."""
    gc.unfreeze()
    freed = gc.collect()
    gc.freeze()
    return freed


def frozen() -> int:
    """How many objects the last sweep froze (and later collections skip)."""
    return gc.get_freeze_count()
