"""The little Markdown the plan files hold, parsed once for every renderer.

Blocks: paragraphs (separated by blank lines), `- `/`* ` bullet lists and `1. ` numbered lists.
Inline: `**bold**` and `*italic*`; anything else is text as written (an unmatched `*` stays).
"""

from __future__ import annotations

import re
from typing import NamedTuple


class Span(NamedTuple):
    text: str
    bold: bool = False
    italic: bool = False


class MdBlock(NamedTuple):
    kind: str  # "p" | "ul" | "ol"
    items: list[list[Span]]  # a paragraph has one item


_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_NUMBER = re.compile(r"^\s*\d+[.)]\s+(.*)$")
_INLINE = re.compile(r"\*\*\*(?=\S)(.+?)(?<=\S)\*\*\*|\*\*(?=\S)(.+?)(?<=\S)\*\*|(?<![*\w])\*(?=[^\s*])([^*]+?)(?<=[^\s*])\*(?![*\w])")


def spans(text: str) -> list[Span]:
    out: list[Span] = []
    pos = 0
    for m in _INLINE.finditer(text):
        if m.start() > pos:
            out.append(Span(text[pos:m.start()]))
        if m.group(1) is not None:
            out.append(Span(m.group(1), True, True))
        elif m.group(2) is not None:
            out.append(Span(m.group(2), True, False))
        else:
            out.append(Span(m.group(3), False, True))
        pos = m.end()
    if pos < len(text):
        out.append(Span(text[pos:]))
    return out


def plain(text: str) -> str:
    """The text without its emphasis marks (for alt texts, table cells in plain formats)."""
    return "".join(s.text for s in spans(text))


def blocks(text: str) -> list[MdBlock]:
    out: list[MdBlock] = []
    para: list[str] = []
    lst: list[str] = []
    lst_kind = ""

    def flush_para():
        if para:
            out.append(MdBlock("p", [spans(" ".join(x.strip() for x in para))]))
            para.clear()

    def flush_list():
        nonlocal lst_kind
        if lst:
            out.append(MdBlock(lst_kind, [spans(x) for x in lst]))
            lst.clear()
        lst_kind = ""

    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if not line.strip():
            flush_para()
            flush_list()
            continue
        m = _BULLET.match(line)
        kind = "ul"
        if not m:
            m = _NUMBER.match(line)
            kind = "ol"
        if m:
            flush_para()
            if lst_kind and lst_kind != kind:
                flush_list()
            lst_kind = kind
            lst.append(m.group(1).strip())
        elif lst and line.startswith((" ", "\t")):
            lst[-1] += " " + line.strip()  # a list item continued on the next line
        else:
            flush_list()
            para.append(line)
    flush_para()
    flush_list()
    return out
