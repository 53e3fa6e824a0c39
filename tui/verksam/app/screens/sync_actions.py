"""The main screen's sync: `S` fetches, merges colleagues' work by entry, validates and pushes
(through the service); a conflict opens the conflict screen, whose choices finish the sync."""

from __future__ import annotations

from ...text import t


class SyncActions:
    """Mixed into MainScreen (which gives notify, app and _writable)."""

    def action_sync(self) -> None:
        if not self._writable():
            return
        self.notify(t("sync.running"), timeout=2)
        self.app.store_call(self.app.service.sync, self._synced)

    def _synced(self, result) -> None:
        res, loaded, summary = result
        if res.state == "conflict":
            from .edit import ConflictScreen

            def resolved(choices):
                if choices:
                    self.app.store_call(lambda: self.app.service.sync(choices), self._synced)
                else:
                    self.notify(t("sync.cancelled"), severity="warning", timeout=5)

            self.app.push_screen(ConflictScreen(res.conflicts), resolved)
            return
        self.app.apply_edit(loaded, "")  # the views show the merged data where you are
        self.notify(summary, timeout=6, markup=False)
