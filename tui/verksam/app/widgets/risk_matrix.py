"""The risk matrix: probability (rows, high at the top) × consequence (columns), each cell
coloured by its risk value and listing the risks in it by number."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Grid
from textual.widgets import Static

from ...model.entities import Document
from ...model.rules import risk_level, risk_value
from ...text import t


def scale_label(doc: Document, which: int, value: int) -> str:
    if len(doc.scales) > which:
        for lv in doc.scales[which].levels:
            if lv.value == value:
                return lv.label
    return ""


class RiskMatrix(Grid):
    """A 5×5 grid: a heading row and column, then 4×4 cells."""

    def __init__(self, doc: Document, size: int = 4, **kw):
        super().__init__(**kw)
        self.doc = doc
        self.levels = size
        self.numbers = {r.id: i + 1 for i, r in enumerate(doc.risks)}

    def cell_risks(self, p: int, c: int):
        return [r for r in self.doc.risks if r.probability == p and r.consequence == c]

    def compose(self) -> ComposeResult:
        n = self.levels
        yield Static(Text(t("matrix.axis_p") + "\n" + t("matrix.axis_c"), style="dim"), classes="rm-corner")
        for c in range(1, n + 1):
            lab = scale_label(self.doc, 1, c)
            # the number above its word: at 80 columns a column is 8–9 wide ("Försumbar" whole)
            yield Static(Text(f"{c}\n{lab}".strip(), style="bold", justify="center"), classes="rm-head")
        for p in range(n, 0, -1):
            lab = scale_label(self.doc, 0, p)
            yield Static(Text(f"{p} {lab}".strip(), style="bold"), classes="rm-head")
            for c in range(1, n + 1):
                risks = self.cell_risks(p, c)
                value = risk_value(p, c)
                txt = Text(f"{value}", style="bold")
                if risks:
                    txt.append("  " + ", ".join(f"#{self.numbers[r.id]}" for r in risks))
                yield Static(txt, classes=f"rm-cell rm-{risk_level(value)}", id=f"rm-{p}-{c}")
