"""Every byte the command line prints goes through `neutralise` (verksam.text.neutral).

`main()` puts a `NeutralStream` in front of stdout and stderr for every command that prints
(not for the app, which draws the terminal itself and neutralises every widget's text), and the
exports wrap the file they write: no command can send a control character from a plan file to a
terminal, whatever it prints (validate, set, summary, diff, history, export, and commands added
later). Text and CSV cells show the visible form (␛, \\u202e); JSON already escapes C0 itself,
and the visible form of DEL, C1 and bidi characters is their JSON escape, so JSON keeps the data.
"""

from __future__ import annotations

import contextlib
import sys
from typing import Iterator

from ..text.neutral import NeutralStream


@contextlib.contextmanager
def neutral_output() -> Iterator[None]:
    """stdout and stderr neutralised while the block runs."""
    out, err = sys.stdout, sys.stderr
    if isinstance(out, NeutralStream):  # already (main called from main)
        yield
        return
    sys.stdout, sys.stderr = NeutralStream(out), NeutralStream(err)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):
            sys.stdout.flush()
            sys.stderr.flush()
        sys.stdout, sys.stderr = out, err
