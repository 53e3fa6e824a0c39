"""Documents made from the data: one intermediate report (`build`) drawn as Markdown, HTML,
Word (python-docx) or PDF (Typst). No Textual, no files: callers (the service) write the bytes."""

from __future__ import annotations

from .doc import Report

FORMATS = ("pdf", "docx", "html", "md")


def render(report: Report, fmt: str, template: bytes | None = None) -> bytes:
    """The report as the bytes of one format; the same report gives the same bytes."""
    if fmt == "md":
        from .render_md import render as r
        return r(report)
    if fmt == "html":
        from .render_html import render as r
        return r(report)
    if fmt == "docx":
        from .render_docx import render as r
        return r(report, template)
    if fmt == "pdf":
        from .render_typst import render as r
        return r(report)
    raise ValueError(fmt)
