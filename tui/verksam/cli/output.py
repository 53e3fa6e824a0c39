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
import io
import sys
from typing import Iterator, TextIO

from ..text.neutral import neutralise


class NeutralStream(io.TextIOBase):
    """A text stream that writes `neutralise(s)` to the stream it wraps."""

    def __init__(self, inner: TextIO, owns: bool = False):
        self.inner = inner
        self.owns = owns  # close what it wraps when closed (an export's file, not stdout)

    def write(self, s: str) -> int:
        self.inner.write(neutralise(s))
        return len(s)

    def writelines(self, lines) -> None:
        for line in lines:
            self.write(line)

    def flush(self) -> None:
        if not self.inner.closed:
            self.inner.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self.inner.isatty()

    def fileno(self) -> int:
        return self.inner.fileno()

    @property
    def encoding(self):  # type: ignore[override]
        return getattr(self.inner, "encoding", "utf-8")

    def close(self) -> None:
        if self.closed:
            return
        self.flush()
        super().close()
        if self.owns and not self.inner.closed:
            self.inner.close()


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
