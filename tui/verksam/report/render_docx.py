"""Word through python-docx: real heading styles (Heading 1–6), real tables whose header row
repeats on every page and is marked as a header, captions, lists, pictures with their text
alternative, Swedish as the document language, title and author in the properties.

`template`: the bytes of a .docx whose styles are used (as pandoc's --reference-doc): its body
is emptied and ours written into it. Byte-identical output: the zip entries get the commit's
time and a fixed order, the properties the commit's time.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import markup
from .doc import Facts, Figure, Heading, Para, Report, Table


class TemplateError(Exception):
    """The template is not a readable Word document."""


def _style(doc, name: str):
    try:
        return doc.styles[name]
    except KeyError:
        return None


def _runs(par, spans) -> None:
    for s in spans:
        run = par.add_run(s.text)
        if s.bold:
            run.bold = True
        if s.italic:
            run.italic = True


def _text(doc, container, text: str, style: str | None = None) -> None:
    """Markdown text as paragraphs and lists into a document or a table cell."""
    first = True
    for b in markup.blocks(text) or [markup.MdBlock("p", [[]])]:
        for item in b.items:
            if b.kind == "p":
                st = style
            else:
                st = "List Bullet" if b.kind == "ul" else "List Number"
                if _style(doc, st) is None:
                    st = style
            if first and hasattr(container, "paragraphs") and container.paragraphs and not container.paragraphs[0].text \
                    and not hasattr(container, "add_heading"):
                par = container.paragraphs[0]  # a new table cell holds one empty paragraph
                if st:
                    par.style = doc.styles[st]
            else:
                par = container.add_paragraph(style=st if st and _style(doc, st) is not None else None)
            first = False
            if b.kind != "p" and st == style:
                par.add_run("– ")
            _runs(par, item)


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def _set_language(doc, lang: str) -> None:
    styles = doc.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:
        defaults = OxmlElement("w:docDefaults")
        styles.insert(0, defaults)
    rpr_default = defaults.find(qn("w:rPrDefault"))
    if rpr_default is None:
        rpr_default = OxmlElement("w:rPrDefault")
        defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    for old in rpr.findall(qn("w:lang")):
        rpr.remove(old)
    el = OxmlElement("w:lang")
    el.set(qn("w:val"), lang)
    el.set(qn("w:eastAsia"), lang)
    el.set(qn("w:bidi"), "ar-SA")
    rpr.append(el)


def _pngs(figures: list[Figure]) -> list[bytes]:
    """The SVGs as PNGs for Word (which python-docx cannot embed as SVG), drawn by Typst in one
    compile: one page per picture."""
    if not figures:
        return []
    import typst

    pages = [f'#image(bytes("{_typst_string(f.svg)}"), format: "svg", alt: "{_typst_string(f.alt)}")'
             for f in figures]
    src = "#set page(width: auto, height: auto, margin: 0pt)\n" + "\n#pagebreak()\n".join(pages) + "\n"
    out = typst.compile(src.encode("utf-8"), format="png", ppi=144, ignore_system_fonts=True)
    return out if isinstance(out, list) else [out]


def _typst_string(s: str) -> str:
    return s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")


def render(r: Report, template: bytes | None = None) -> bytes:
    if template is not None:
        try:
            doc = Document(io.BytesIO(template))
        except Exception as e:  # python-docx raises several kinds for a file that is no docx
            raise TemplateError(str(e)) from None
        body = doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
    else:
        doc = Document()
    _set_language(doc, "sv-SE")
    cp = doc.core_properties
    ts = r.timestamp.replace(tzinfo=None)
    cp.title = r.title
    cp.author = r.author
    cp.last_modified_by = r.author
    cp.subject = r.subtitle
    cp.language = "sv-SE"
    cp.created = ts
    cp.modified = ts
    cp.last_printed = ts
    cp.revision = 1
    cp.comments = r.colophon
    cp.keywords = ""
    cp.category = ""
    doc.add_heading(r.title, 0)
    doc.add_paragraph(r.subtitle)
    figure_no = 0
    pngs = _pngs([b for b in r.blocks if isinstance(b, Figure)])
    for b in r.blocks:
        if isinstance(b, Heading):
            doc.add_heading(b.text, min(b.level, 9))
        elif isinstance(b, Para):
            _text(doc, doc, b.text, None)
        elif isinstance(b, Facts):
            for k, v in b.pairs:
                par = doc.add_paragraph()
                par.add_run(f"{k}: ").bold = True
                _runs(par, markup.spans(v))
        elif isinstance(b, Table):
            cap = doc.add_paragraph(b.caption, style="Caption" if _style(doc, "Caption") is not None else None)
            cap.paragraph_format.keep_with_next = True
            t = doc.add_table(rows=1 + len(b.rows), cols=len(b.header))
            if _style(doc, "Table Grid") is not None:
                t.style = doc.styles["Table Grid"]
            t.alignment = WD_TABLE_ALIGNMENT.LEFT
            _repeat_header(t.rows[0])
            for j, h in enumerate(b.header):
                cell = t.rows[0].cells[j]
                run = cell.paragraphs[0].add_run(h)
                run.bold = True
                if b.numeric[j]:
                    cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
            for i, row in enumerate(b.rows):
                cells = t.rows[i + 1].cells
                for j, c in enumerate(row):
                    _text(doc, cells[j], ("– " if j == 0 and i in b.indent_rows else "") + c)
                    for par in cells[j].paragraphs:
                        if j < len(b.numeric) and b.numeric[j]:
                            par.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                        if i in b.strong_rows:
                            for run in par.runs:
                                run.bold = True
            for n in b.notes:
                _text(doc, doc, n, None)
        elif isinstance(b, Figure):
            figure_no += 1
            doc.add_picture(io.BytesIO(pngs[figure_no - 1]), width=Mm(min(b.width_mm, 160)))
            pic_par = doc.paragraphs[-1]
            for el in pic_par._p.iter(qn("wp:docPr")):
                el.set("descr", b.alt)
                el.set("title", b.caption)
                el.set("name", f"Bild {figure_no}")
            doc.add_paragraph(b.caption, style="Caption" if _style(doc, "Caption") is not None else None)
    col = doc.add_paragraph(r.colophon)
    for run in col.runs:
        run.font.size = Pt(8)
    raw = io.BytesIO()
    doc.save(raw)
    return _fixed_zip(raw.getvalue(), r.timestamp)


def _fixed_zip(data: bytes, when: dt.datetime) -> bytes:
    stamp = max(when, dt.datetime(1980, 1, 1, tzinfo=when.tzinfo)).timetuple()[:6]
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=stamp)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zi.create_system = 3
            z.writestr(zi, src.read(info.filename))
    return out.getvalue()
