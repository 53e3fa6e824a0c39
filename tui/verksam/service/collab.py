"""Working together, for the app: the quiet background fetch and sync (the store does the Git).

`Collab` belongs to one PlanService and runs under its lock for sync (a sync changes files the
editing session reads); the fetch only updates remote-tracking refs and needs no lock.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..store import git
from ..text import t

if TYPE_CHECKING:
    from ..store import sync as S

DEFAULT_FETCH_INTERVAL = 300.0  # seconds; VERKSAM_FETCH_INTERVAL overrides, 0 = off


def fetch_interval(env: dict | None = None) -> float:
    """Seconds between background fetches: VERKSAM_FETCH_INTERVAL (0 = off), else every 5 minutes."""
    raw = (os.environ if env is None else env).get("VERKSAM_FETCH_INTERVAL", "").strip()
    if not raw:
        return DEFAULT_FETCH_INTERVAL
    try:
        value = float(raw)
    except ValueError:
        return DEFAULT_FETCH_INTERVAL
    return max(value, 0.0)


@dataclass
class News:
    """Commits colleagues pushed that this clone does not have yet and has not announced."""

    commits: list[git.CommitInfo] = field(default_factory=list)

    def message(self) -> str:
        who = "; ".join(f"{c.author} ({c.subject})" for c in self.commits[:3])
        if len(self.commits) > 3:
            who += " …"
        return t("sync.incoming", n=len(self.commits), who=who) + " " + t("sync.press")


class Collab:
    def __init__(self, root):
        self.root = root
        self.announced: set[str] = set()
        self.failures = 0  # consecutive failed fetches: offline, the server down …
        self._skip = 0

    def enabled(self) -> bool:
        from ..store import sync as S  # (store.sync and store.merge: not imported before the app's first fetch)

        try:
            return S.has_remote(self.root)
        except Exception:
            return False

    def fetch(self) -> News | None:
        """Fetch quietly; the news to tell, or None (nothing new, no remote, offline). After a
        failure the next fetches are skipped, more of them the longer it lasts."""
        if self._skip > 0:
            self._skip -= 1
            return None
        from ..store import sync as S

        try:
            incoming = S.fetch(self.root)
        except Exception:  # offline or the server away: quiet, and try less often
            self.failures += 1
            self._skip = min(2 ** self.failures - 1, 15)
            return None
        self.failures = 0
        new = [c for c in incoming if c.sha not in self.announced]
        self.announced |= {c.sha for c in incoming}
        return News(new) if new else None

    def summary(self, res: S.SyncResult) -> str:
        tries = t("sync.tries", n=res.tries) if res.tries > 1 else ""
        if res.state == "pushed":
            incoming = t("sync.pushed_incoming", n=len(res.incoming)) if res.incoming else ""
            return t("sync.pushed", pushed=res.pushed, incoming=incoming) + tries
        if res.state == "merged":
            return t("sync.merged", n=len(res.incoming)) + tries
        return t("sync.up_to_date")
