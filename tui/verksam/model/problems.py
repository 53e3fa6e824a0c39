"""Problems found in a plans repository: one line each, `FILE:LINE:COL: severity: message`."""

from __future__ import annotations

from dataclasses import dataclass

from ..text import t


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


MAX_PER_FILE = 100  # problems shown per file; the rest are counted in one line
MORE = "more-problems"  # the code of that line; its ref holds the count ("1234", or "1000+" for at least)


def more_problem(file: str, line: int, n: int, at_least: bool = False, severity: str = "error") -> Problem:
    """The one line that stands for n problems of a file that are not listed."""
    return Problem(file, line, 1, severity,
                   t("model.more_problems_plus" if at_least else "model.more_problems", n=n),
                   t("model.more_problems.hint"), ref=f"{n}{'+' if at_least else ''}", code=MORE)


def count(p: Problem) -> int:
    """How many problems a line stands for (a MORE line stands for its count)."""
    return int(p.ref.rstrip("+")) if p.code == MORE else 1


def cap_per_file(problems: list[Problem], limit: int = MAX_PER_FILE) -> list[Problem]:
    """At most `limit` problems per file, in the order given (sorted by file), then one line
    counting the rest: a file with a million wrong values is a hundred lines, not a million."""
    out: list[Problem] = []
    i = 0
    while i < len(problems):
        j = i
        while j < len(problems) and problems[j].file == problems[i].file:
            j += 1
        group = problems[i:j]
        normal = [p for p in group if p.code != MORE]
        kept = normal[:limit]
        hidden = normal[limit:]
        mores = [p for p in group if p.code == MORE]
        n = len(hidden) + sum(count(p) for p in mores)
        out += kept
        if n:
            severity = "error" if any(p.severity == "error" for p in hidden + mores) else "warning"
            out.append(more_problem(group[0].file, kept[-1].line if kept else 1, n,
                                    any(p.ref.endswith("+") for p in mores), severity))
        i = j
    return out
