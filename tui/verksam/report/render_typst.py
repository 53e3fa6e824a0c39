"""PDF through Typst's Python binding (`typst` on PyPI: the compiler with its fonts, no system
dependency): tagged PDF/UA-1 with /Lang sv, title and author, headings as bookmarks, table
header rows tagged (and repeated on every page), pictures with their text alternative.

The Typst source is written by us and imports nothing (Typst's package registry is not reachable
from our machines). Every text from the data enters as a string literal (`#"…"`), never as
markup, so nothing the files hold can be read as Typst code. The commit's time is the PDF's time:
the same report gives the same bytes.
"""

from __future__ import annotations

from . import markup
from .doc import Facts, Figure, Heading, Para, Report, Table

PREAMBLE = """#set page(paper: "a4", margin: (x: 20mm, top: 20mm, bottom: 22mm), numbering: "1")
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "sv")
#set par(justify: false, leading: 0.6em, spacing: 1em)
#set heading(numbering: none)
#show heading: set block(above: 1.4em, below: 0.7em)
#show heading.where(level: 1): set text(size: 17pt)
#show heading.where(level: 2): set text(size: 14pt)
#show heading.where(level: 3): set text(size: 12pt)
#show heading.where(level: 4): set text(size: 11pt)
#show figure: set block(breakable: true)
#show figure.where(kind: table): set figure.caption(position: top)
#show figure.caption: set text(size: 9.5pt)
#show table: set text(size: 8.5pt)
#set table(stroke: 0.5pt + luma(140), inset: 4pt)
#show table.cell.where(y: 0): set text(weight: "bold")
"""


def s(text: str) -> str:
    """A Typst string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "") + '"'


def spans(items) -> str:
    out = []
    for sp in items:
        if not sp.text:
            continue
        lit = s(sp.text)
        if sp.bold and sp.italic:
            out.append(f"#strong(emph({lit}))")
        elif sp.bold:
            out.append(f"#strong({lit})")
        elif sp.italic:
            out.append(f"#emph({lit})")
        else:
            out.append(f"#{lit}")
    return "".join(out)


def content(text: str) -> str:
    """Markdown text as Typst markup (paragraphs and lists), every text a string literal."""
    out = []
    for b in markup.blocks(text):
        if b.kind == "p":
            out.append(spans(b.items[0]))
        else:
            mark = "-" if b.kind == "ul" else "+"
            out.append("\n".join(f"{mark} {spans(i)}" for i in b.items))
    return "\n\n".join(out)


def _widths(t: Table) -> str:
    ws = []
    for j, h in enumerate(t.header):
        if j == 0:
            ws.append("3fr")
        elif t.numeric[j]:
            ws.append("1fr")
        else:
            cells = [h] + [r[j] for r in t.rows if j < len(r)]
            longest = max(len(c) for c in cells)
            word = max((len(x) for c in cells for x in c.split()), default=0)
            ws.append("4fr" if longest > 120 else "2fr" if longest > 30 or word > 12 else "1fr")
    return "(" + ", ".join(ws) + ",)"


def table(t: Table) -> str:
    align = "(" + ", ".join("right" if n else "left" for n in t.numeric) + ",)"
    head = ", ".join(f"[{spans(markup.spans(h))}]" for h in t.header)
    cells = []
    for i, row in enumerate(t.rows):
        for j, c in enumerate(row):
            body = content(c) if c else ""
            if j == 0 and i in t.indent_rows:
                body = "#h(1em)" + body
            if i in t.strong_rows:
                body = f"#strong[{body}]"
            cells.append(f"[{body}]")
    fills = ""
    strong = sorted(t.strong_rows)
    if strong:
        fills = ", fill: (x, y) => if y - 1 in (" + ", ".join(map(str, strong)) + ",) { luma(240) }"
    tbl = (f"table(columns: {_widths(t)}, align: {align}{fills},\n"
           f"  table.header(repeat: true, {head}),\n  " + ",\n  ".join(cells) + ",\n)")
    return f"#figure(kind: table, caption: [{spans(markup.spans(t.caption))}],\n{tbl})"


def source(r: Report) -> str:
    out = [PREAMBLE,
           f"#set document(title: {s(r.title)}, author: ({s(r.author)},))",
           "#show title: set text(size: 22pt)",
           "#title()",  # the document's title, tagged /Title
           f"#text(size: 12pt)[#{s(r.subtitle)}]",
           "",
           f'#outline(title: {s("Innehåll")}, depth: 2)',
           "#pagebreak()",
           ""]
    for b in r.blocks:
        if isinstance(b, Heading):
            out.append(f"#heading(level: {min(b.level, 6)})[#{s(b.text)}]")
        elif isinstance(b, Para):
            c = content(b.text)
            out.append(f"#text(size: 9.5pt)[{c}]" if b.style == "note" else c)
        elif isinstance(b, Facts):
            out.append("#grid(columns: (auto, 1fr), column-gutter: 1em, row-gutter: 0.5em,\n" + ",\n".join(
                f"  [#strong({s(k)})], [{spans(markup.spans(v))}]" for k, v in b.pairs) + ",\n)")
        elif isinstance(b, Table):
            out.append(table(b))
            for n in b.notes:
                out.append(f"#text(size: 9.5pt)[{content(n)}]")
        elif isinstance(b, Figure):
            out.append(f"#figure(image(bytes({s(b.svg)}), format: \"svg\", width: {b.width_mm:g}mm, alt: {s(b.alt)}),\n"
                       f"  caption: [#{s(b.caption)}])")
        out.append("")
    out.append(f"#v(2em)\n#line(length: 100%, stroke: 0.5pt)\n#text(size: 9pt)[#{s(r.colophon)}]")
    return "\n".join(out) + "\n"


def render(r: Report) -> bytes:
    import typst

    return typst.compile(source(r).encode("utf-8"), format="pdf", pdf_standards=["ua-1"],
                         timestamp=r.timestamp, ignore_system_fonts=True)
