"""The one intermediate form of a report: what every renderer (Markdown, HTML, Word, PDF) draws.

Built from the model by `build`; pure data. Text in `Para.text` and in table cells is Markdown
as the plan files write it (paragraphs, `- ` lists, `**bold**`, `*italic*`); `markup` parses it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(slots=True)
class Heading:
    level: int  # 1 = a chapter
    text: str
    anchor: str = ""


@dataclass(slots=True)
class Para:
    text: str  # Markdown as written
    style: str = ""  # "" | "note" (smaller, a footnote or a table note) | "facts" (a line of label: value)


@dataclass(slots=True)
class Facts:
    """Labelled values shown together, e.g. Bedömning: Uppfyllt · Trend: Negativ."""

    pairs: list[tuple[str, str]]


@dataclass(slots=True)
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    numeric: list[bool]  # per column: right-aligned numbers
    strong_rows: set[int] = field(default_factory=set)  # totals
    indent_rows: set[int] = field(default_factory=set)  # "varav" rows
    notes: list[str] = field(default_factory=list)
    row_headers: bool = True  # the first column names the row


@dataclass(slots=True)
class Figure:
    svg: str  # a complete, deterministic SVG document
    alt: str  # the text alternative: what the picture says, in words
    caption: str
    width_mm: float = 120.0


Block = Heading | Para | Facts | Table | Figure


@dataclass(slots=True)
class Report:
    title: str
    author: str  # the board and the municipality
    subtitle: str
    stem: str  # the default file name without extension
    colophon: str
    timestamp: dt.datetime  # the commit's time: every format's dates come from it
    blocks: list[Block] = field(default_factory=list)
    lang: str = "sv"
