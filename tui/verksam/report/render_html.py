"""One self-contained, accessible HTML page: lang="sv", a contents list, real headings, tables
with caption and th scope, figures with figcaption and the SVG inline (role="img", title and
aria-label as the text alternative). No scripts, no external files."""

from __future__ import annotations

from html import escape

from ..text import document_word as w
from . import markup
from .doc import Facts, Figure, Heading, Para, Report, Table

CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;max-width:60rem;margin:0 auto;padding:1rem 1.5rem;color:#1a1a1a;background:#fff}
h1,h2,h3,h4,h5,h6{line-height:1.25;margin:1.6em 0 .5em}
table{border-collapse:collapse;margin:1em 0;font-size:.92rem;width:100%}
caption{text-align:left;font-weight:600;padding:.3em 0}
th,td{border:1px solid #9e9e9e;padding:.3em .5em;vertical-align:top;text-align:left}
thead th{background:#e8eef5}
td.n,th.n{text-align:right;white-space:nowrap}
tr.total td,tr.total th{font-weight:700;background:#f3f3f3}
tr.part th{padding-left:1.5em;font-weight:normal}
tbody th{font-weight:normal}
dl.facts{display:grid;grid-template-columns:max-content auto;gap:.2em 1em}
dl.facts dt{font-weight:600}
dl.facts dd{margin:0}
figure{margin:1em 0}
figcaption{font-size:.9rem;color:#333}
.note{font-size:.9rem;color:#333}
.colophon{margin-top:3em;border-top:1px solid #9e9e9e;padding-top:.5em;font-size:.85rem;color:#333}
nav ol{padding-left:1.2em}
@media print{nav{display:none}}
"""


def inline(text: str) -> str:
    out = []
    for s in markup.spans(text):
        t = escape(s.text)
        if s.bold:
            t = f"<strong>{t}</strong>"
        if s.italic:
            t = f"<em>{t}</em>"
        out.append(t)
    return "".join(out)


def blocks(text: str) -> str:
    out = []
    for b in markup.blocks(text):
        if b.kind == "p":
            out.append(f"<p>{_spans(b.items[0])}</p>")
        else:
            tag = b.kind
            out.append(f"<{tag}>" + "".join(f"<li>{_spans(i)}</li>" for i in b.items) + f"</{tag}>")
    return "\n".join(out)


def _spans(spans) -> str:
    out = []
    for s in spans:
        t = escape(s.text)
        if s.bold:
            t = f"<strong>{t}</strong>"
        if s.italic:
            t = f"<em>{t}</em>"
        out.append(t)
    return "".join(out)


def _cell(text: str) -> str:
    if "\n" not in text:
        return inline(text)
    return blocks(text)


def render(r: Report) -> bytes:
    headings = [(b, f"h{i}") for i, b in enumerate(r.blocks) if isinstance(b, Heading)]
    ids = {id(b): a for b, a in headings}
    toc = [f'<nav aria-labelledby="toc"><h2 id="toc">{escape(w("report.contents"))}</h2><ol>']
    toc += [f'<li><a href="#{ids[id(b)]}">{escape(b.text)}</a></li>' for b, _ in headings if b.level == 1]
    toc.append("</ol></nav>")
    body = []
    for b in r.blocks:
        if isinstance(b, Heading):
            n = min(b.level + 1, 6)
            body.append(f'<h{n} id="{ids[id(b)]}">{escape(b.text)}</h{n}>')
        elif isinstance(b, Para):
            html = blocks(b.text)
            body.append(f'<div class="note">{html}</div>' if b.style == "note" else html)
        elif isinstance(b, Facts):
            body.append('<dl class="facts">' + "".join(
                f"<dt>{escape(k)}</dt><dd>{inline(v)}</dd>" for k, v in b.pairs) + "</dl>")
        elif isinstance(b, Table):
            rows = []
            head = "".join(f'<th scope="col"{" class=n" if b.numeric[i] else ""}>{escape(h)}</th>'
                           for i, h in enumerate(b.header))
            for i, row in enumerate(b.rows):
                cls = " ".join(c for c, on in (("total", i in b.strong_rows), ("part", i in b.indent_rows)) if on)
                cells = []
                for j, c in enumerate(row):
                    if j == 0 and b.row_headers:
                        cells.append(f'<th scope="row">{_cell(c)}</th>')
                    else:
                        cells.append(f'<td{" class=n" if j < len(b.numeric) and b.numeric[j] else ""}>{_cell(c)}</td>')
                rows.append(f'<tr{f" class={cls!r}" if cls else ""}>' + "".join(cells) + "</tr>")
            body.append(f"<table><caption>{escape(b.caption)}</caption><thead><tr>{head}</tr></thead>"
                        f"<tbody>{''.join(rows)}</tbody></table>")
            for n in b.notes:
                body.append(f'<div class="note">{blocks(n)}</div>')
        elif isinstance(b, Figure):
            svg = b.svg.replace("<svg ", f'<svg aria-label="{escape(b.alt)}" ', 1)
            body.append(f"<figure>{svg}<figcaption>{escape(b.caption)}</figcaption></figure>")
    page = [
        "<!DOCTYPE html>",
        f'<html lang="{r.lang}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(r.title)}</title>",
        f'<meta name="author" content="{escape(r.author)}">',
        f'<meta name="dcterms.created" content="{r.timestamp.date().isoformat()}">',
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{escape(r.title)}</h1>",
        f"<p>{escape(r.subtitle)}</p>",
        "</header>",
        *toc,
        "<main>",
        *body,
        "</main>",
        f'<footer class="colophon"><p>{escape(r.colophon)}</p></footer>',
        "</body>",
        "</html>",
        "",
    ]
    return "\n".join(page).encode("utf-8")
