"""Problems found in a plans repository: one line each, `FILE:LINE:COL: severity: message`."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(slots=True, frozen=True)
class Problem:
    file: str
    line: int
    col: int
    severity: str  # "error" | "warning"
    message: str
    hint: str = ""
    ref: str = ""  # the id of the item, indicator, table … it concerns, for jumping to it
    code: str = ""  # a short stable name of the rule, e.g. "total-mismatch"

    def format(self) -> str:
        text = f"{self.file}:{self.line}:{self.col}: {self.severity}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text

    @property
    def sort_key(self) -> tuple:
        return (self.file, self.line, self.col, self.severity, self.message)
