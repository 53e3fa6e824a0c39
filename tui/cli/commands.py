"""The commands beyond validate (filled in as the store, analysis and app grow)."""

from __future__ import annotations

from .main import UsageError


def cmd_open(args) -> int:
    raise UsageError("the app is not built yet")
