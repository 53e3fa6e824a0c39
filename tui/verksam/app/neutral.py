"""Every string any widget shows goes through `verksam.text.neutral.neutralise`.

Rich and Textual clean text before they draw it, but only of BEL, BS, VT, FF and CR: ESC, C1
controls and bidi overrides would reach the terminal (a title could rename the window, write the
clipboard, clear the screen). Both build every piece of text they draw through one function —
`rich.text.strip_control_codes` (every `Text`) and `textual.content._strip_control_codes` (every
`Content`: markup, labels, cells, inputs, notifications). `install()` puts `neutralise` in their
place, so titles, comments, table cells, tree labels, search results, history, problems, inputs
and notifications are all neutralised, whoever wrote the widget. Rich markup in data stays
literal as before (the screens build `Text`, never markup, from data).

Textual is pinned to a minor version (pyproject.toml); tests/hostile/test_app.py fails if either
hook point moves.
"""

from __future__ import annotations

import rich.text
import textual.content

from ..text.neutral import neutralise


def _neutral(text: str, *_args) -> str:
    return neutralise(text)


def install() -> None:
    """Make Rich and Textual neutralise instead of strip (idempotent)."""
    if not hasattr(rich.text, "strip_control_codes") or not hasattr(textual.content, "_strip_control_codes"):
        raise RuntimeError("Rich/Textual changed: verksam.app.neutral cannot neutralise what widgets show")
    rich.text.strip_control_codes = _neutral
    textual.content._strip_control_codes = _neutral
