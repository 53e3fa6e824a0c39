"""Pictures as SVG, drawn by hand: deterministic (the same data, the same bytes) and simple
enough for every renderer (inline in HTML, embedded in PDF, a PNG-free figure in Word falls back
to its text alternative). Each function returns (svg, alt): the picture and what it says in words.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from ..model.values import format_number

FONT = "font-family=\"DejaVu Sans, Libertinus Serif, sans-serif\""
GREEN, YELLOW, RED, GREY, BLUE = "#a5d6a7", "#fff59d", "#ef9a9a", "#e0e0e0", "#1565c0"
INK = "#212121"


def _svg(w: int, h: int, body: list[str], title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
            f'role="img"><title>{escape(title)}</title>' + "".join(body) + "</svg>")


def _text(x: float, y: float, s: str, size: int = 11, anchor: str = "start", weight: str = "normal") -> str:
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size}" {FONT} fill="{INK}" text-anchor="{anchor}" '
            f'font-weight="{weight}">{escape(s)}</text>')


LEVEL_COLOURS = {"low": GREEN, "medium": YELLOW, "high": "#ffcc80", "critical": RED}


def band_colour(value: int, bands: list[tuple[int, int]]) -> str:
    """The colour of a risk value by the document's own handling bands: the lowest green, the
    highest red, any between yellow."""
    bands = sorted(bands)
    for i, (lo, hi) in enumerate(bands):
        if lo <= value <= hi:
            return GREEN if i == 0 else RED if i == len(bands) - 1 else YELLOW
    return GREY


def risk_matrix(size_p: int, size_c: int, risks: list[tuple[str, int, int]], cell_of,
                p_title: str, c_title: str, noun: tuple[str, str]) -> tuple[str, str]:
    """A size_p × size_c matrix, probability upwards and consequence to the right, each cell
    coloured by its risk value and holding the number of risks in it. `cell_of(p, c)` gives a
    cell's (colour, risk value): the rules are the caller's."""
    cell, left, top_pad, bottom = 44, 70, 10, 50
    w, h = left + cell * size_c + 10, top_pad + cell * size_p + bottom
    body = [f'<rect width="{w}" height="{h}" fill="white"/>']
    counts: dict[tuple[int, int], list[str]] = {}
    for title, p, c in risks:
        counts.setdefault((p, c), []).append(title)
    for p in range(1, size_p + 1):
        for c in range(1, size_c + 1):
            x = left + (c - 1) * cell
            y = top_pad + (size_p - p) * cell
            colour = cell_of(p, c)[0]
            body.append(f'<rect x="{x}" y="{y}" width="{cell}" height="{cell}" fill="{colour}" stroke="{INK}" stroke-width="1"/>')
            n = len(counts.get((p, c), []))
            if n:
                body.append(_text(x + cell / 2, y + cell / 2 + 6, str(n), 16, "middle", "bold"))
    for p in range(1, size_p + 1):
        body.append(_text(left - 8, top_pad + (size_p - p) * cell + cell / 2 + 4, str(p), 11, "end"))
    for c in range(1, size_c + 1):
        body.append(_text(left + (c - 1) * cell + cell / 2, top_pad + size_p * cell + 16, str(c), 11, "middle"))
    body.append(_text(left + size_c * cell / 2, h - 12, c_title, 11, "middle"))
    cy = top_pad + size_p * cell / 2
    body.append(f'<text x="14" y="{cy:g}" font-size="11" {FONT} fill="{INK}" text-anchor="middle" '
                f'transform="rotate(-90 14 {cy:g})">{escape(p_title)}</text>')
    parts = []
    for (p, c), titles in sorted(counts.items(), key=lambda kv: (-cell_of(*kv[0])[1], -kv[0][0], -kv[0][1])):
        word = noun[0] if len(titles) == 1 else noun[1]
        parts.append(f"{p_title} {p}, {c_title} {c} (värde {cell_of(p, c)[1]}): {len(titles)} {word} ({'; '.join(titles)})")
    alt = f"Riskmatris {size_p} × {size_c}. " + ". ".join(parts) + ("." if parts else "")
    return _svg(w, h, body, alt), alt


def stacked_bars(rows: list[tuple[str, list[int]]], series: list[str], colours: list[str]) -> tuple[str, str]:
    """One horizontal bar per row, stacked by series, with the counts written in the segments."""
    bar, gap, left, right = 22, 8, 190, 40
    total_max = max([sum(v) for _, v in rows] + [1])
    width = 360
    h = 10 + len(rows) * (bar + gap) + 30
    w = left + width + right
    body = [f'<rect width="{w}" height="{h}" fill="white"/>']
    for i, (label, values) in enumerate(rows):
        y = 10 + i * (bar + gap)
        body.append(_text(left - 6, y + bar / 2 + 4, label, 11, "end"))
        x = float(left)
        for v, colour in zip(values, colours):
            if not v:
                continue
            wd = width * v / total_max
            body.append(f'<rect x="{x:g}" y="{y}" width="{wd:g}" height="{bar}" fill="{colour}" stroke="{INK}" stroke-width="0.5"/>')
            body.append(_text(x + wd / 2, y + bar / 2 + 4, str(v), 11, "middle", "bold"))
            x += wd
    ly = h - 12
    lx = float(left)
    for name, colour in zip(series, colours):
        body.append(f'<rect x="{lx:g}" y="{ly - 9}" width="10" height="10" fill="{colour}" stroke="{INK}" stroke-width="0.5"/>')
        body.append(_text(lx + 14, ly, name, 10))
        lx += 24 + 6.5 * len(name)
    alt = ". ".join(f"{label}: " + ", ".join(f"{v} {s.lower()}" for v, s in zip(values, series)) for label, values in rows) + "."
    return _svg(w, h, body, alt), alt


def series(name: str, points: list[tuple[str, float]], targets: list[tuple[str, float]], unit: str) -> tuple[str, str]:
    """An indicator's outcomes as bars per period, its targets as short marks beside them."""
    periods = []
    for p, _ in points + targets:
        if p not in periods:
            periods.append(p)
    vals = [v for _, v in points + targets]
    lo, hi = min(vals + [0.0]), max(vals + [0.0])
    span = (hi - lo) or 1.0
    slot, left, top, plot_h = 52, 10, 14, 70
    w, h = left + slot * len(periods) + 10, top + plot_h + 34
    zero_y = top + plot_h * (hi - 0) / span

    def y_of(v: float) -> float:
        return top + plot_h * (hi - v) / span

    body = [f'<rect width="{w}" height="{h}" fill="white"/>',
            f'<line x1="{left}" y1="{zero_y:g}" x2="{w - 10}" y2="{zero_y:g}" stroke="{INK}" stroke-width="0.7"/>']
    outcome = dict(points)
    target = dict(targets)
    for i, p in enumerate(periods):
        x = left + i * slot
        if p in outcome:
            v = outcome[p]
            y = min(y_of(v), zero_y)
            body.append(f'<rect x="{x + 8}" y="{y:g}" width="{slot - 22}" height="{abs(zero_y - y_of(v)):g}" fill="{BLUE}"/>')
            body.append(_text(x + slot / 2 - 3, max(y - 2, 10), format_number(v, unit), 8, "middle"))
        if p in target:
            ty = y_of(target[p])
            body.append(f'<line x1="{x + 4}" y1="{ty:g}" x2="{x + slot - 10}" y2="{ty:g}" stroke="#c62828" stroke-width="2" stroke-dasharray="4 2"/>')
        body.append(_text(x + slot / 2 - 3, top + plot_h + 16, p, 9, "middle"))
    body.append(_text(left, h - 4, "staplar: utfall; streckat: mål", 8))
    parts = [f"utfall {p} {format_number(v, unit)}" for p, v in points]
    parts += [f"mål {p} {format_number(v, unit)}" for p, v in targets]
    alt = f"{name}: " + ", ".join(parts) + "."
    return _svg(w, h, body, alt), alt
