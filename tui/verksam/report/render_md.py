"""Markdown for review in Git: one line per paragraph as written, pipe tables, figures as their
text alternative (the SVG stays out of the diff)."""

from __future__ import annotations

from .doc import Facts, Figure, Heading, Para, Report, Table


def _cell(s: str) -> str:
    return " ".join(s.replace("|", "\\|").split("\n")).replace("  ", " ").strip() if "\n" in s else s.replace("|", "\\|")


def render(r: Report) -> bytes:
    out = [f"# {r.title}", "", f"*{r.subtitle}*", ""]
    for b in r.blocks:
        if isinstance(b, Heading):
            out += [f"{'#' * min(b.level + 1, 6)} {b.text}", ""]
        elif isinstance(b, Para):
            text = b.text.strip()
            out += [f"<small>{text}</small>" if b.style == "note" and "\n" not in text else text, ""]
        elif isinstance(b, Facts):
            out += ["  \n".join(f"**{k}:** {v}" for k, v in b.pairs), ""]
        elif isinstance(b, Table):
            out.append("| " + " | ".join(_cell(h) or " " for h in b.header) + " |")
            out.append("|" + "|".join("---:" if n else "---" for n in b.numeric) + "|")
            for i, row in enumerate(b.rows):
                cells = [_cell(c) for c in row]
                if i in b.strong_rows:
                    cells = [f"**{c}**" if c else c for c in cells]
                if i in b.indent_rows and cells:
                    cells[0] = "– " + cells[0]
                out.append("| " + " | ".join(cells) + " |")
            out.append("")
            for n in b.notes:
                out += [n, ""]
        elif isinstance(b, Figure):
            out += [f"> *{b.caption}.* {b.alt}" if not b.alt.startswith(b.caption.split(":")[0]) else f"> {b.alt}", ""]
    out += ["---", "", r.colophon, ""]
    return "\n".join(out).encode("utf-8")
