"""Small text charts: a sparkline for a table cell and a bar chart for a series."""

from __future__ import annotations

from rich.text import Text

from ...model.values import format_number

BLOCKS = "▁▂▃▄▅▆▇█"


def sparkline(values: list[float | None]) -> Text:
    nums = [v for v in values if v is not None]
    if len(nums) < 2:
        return Text("")
    lo, hi = min(nums), max(nums)
    span = hi - lo or 1.0
    out = Text(style="cyan")
    for v in values:
        if v is None:
            out.append(" ")
        else:
            out.append(BLOCKS[min(len(BLOCKS) - 1, int((v - lo) / span * (len(BLOCKS) - 1) + 0.5))])
    return out


def bar_chart(rows: list[tuple[str, float | None, float | None]], unit: str = "", width: int = 28) -> Text:
    """One line per period: label, a bar for the outcome, the value, and the target as `│`."""
    nums = [abs(v) for _, a, b in rows for v in (a, b) if v is not None]
    out = Text()
    if not nums:
        return out
    top = max(nums) or 1.0
    lw = max(len(r[0]) for r in rows)
    for label, value, target in rows:
        out.append(label.ljust(lw) + " ", style="bold")
        n = 0 if value is None else int(round(abs(value) / top * width))
        tpos = None if target is None else min(width, int(round(abs(target) / top * width)))
        style = "green" if value is not None and (value >= 0) else "red"
        for i in range(width + 1):
            if tpos is not None and i == tpos:
                out.append("│", style="bold yellow")
            elif i < n:
                out.append("█", style=style)
            else:
                out.append(" ")
        out.append(" " + (format_number(value, unit) if value is not None else "–"))
        if target is not None:
            out.append("  (mål " + format_number(target, unit) + ")", style="yellow")
        out.append("\n")
    out.rstrip()
    return out
