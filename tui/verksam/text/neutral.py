"""The one function that makes a string safe to show: `neutralise`.

Text from plan files reaches terminals (the app, every command's output). A control character
there is an instruction to the terminal, not text: ESC starts sequences that rename the window
(OSC 0), write the clipboard (OSC 52) or clear the screen (CSI 2J); C1 bytes such as U+009B are
CSI on their own; CR overwrites a line; bidi overrides make a line read differently from what it
is. `neutralise` shows each of them visibly instead and leaves everything else, newline and tab
included, as it is:

* C0 controls (U+0000–U+001F except tab and newline) become their Control Pictures symbol
  (ESC → ␛, BEL → ␇, CR → ␍); a CR that ends a line before its newline (CRLF) is dropped;
* DEL, C1 controls (U+0080–U+009F) and the bidirectional/line formatting characters (U+061C,
  U+200E, U+200F, U+2028, U+2029, U+202A–U+202E, U+2066–U+2069) become the literal text
  `\\u202e` (so do lone surrogates, which undecodable command-line bytes become). The same six
  characters are a JSON escape of the same character, so JSON output passed through `neutralise` keeps its data exactly.

Pure: no imports beyond `re`; used by the app (for every widget), the command line (for every
output stream) and the store's check that refuses such characters in text values.
"""

from __future__ import annotations

import io
import re
from typing import TextIO

# every character that is shown altered, and that a text value may not hold
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
                    "\ud800-\udfff]")
# what a plan file's text value may not hold: the same, except CR in a CRLF line ending
UNSAFE_IN_VALUE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
    "\ud800-\udfff]|\r(?!\n)")

_NAMES = {0x1B: "ESC", 0x07: "BEL", 0x0D: "CR", 0x08: "BS", 0x00: "NUL", 0x7F: "DEL", 0x9B: "CSI",
          0x9D: "OSC", 0x202E: "RLO", 0x202D: "LRO", 0x2066: "LRI", 0x2067: "RLI", 0x2068: "FSI",
          0x2069: "PDI", 0x202A: "LRE", 0x202B: "RLE", 0x202C: "PDF", 0x200E: "LRM", 0x200F: "RLM"}


def _visible(ch: str) -> str:
    c = ord(ch)
    if c < 0x20:
        return chr(0x2400 + c)  # ␀ … ␟
    return f"\\u{c:04x}"


_TABLE = {c: _visible(chr(c)) for c in
          [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028,
           0x2029, *range(0x202A, 0x202F), *range(0x2066, 0x206A), *range(0xD800, 0xE000)]}


def neutralise(text: str) -> str:
    """`text` with every control and bidi formatting character shown visibly (see the module)."""
    if not UNSAFE.search(text):
        return text  # the common case: nothing to do, no copy
    return text.replace("\r\n", "\n").translate(_TABLE)


def first_unsafe(text: str) -> int:
    """The index of the first character a text value may not hold, or -1."""
    m = UNSAFE_IN_VALUE.search(text)
    return m.start() if m else -1


def describe_char(ch: str) -> str:
    """A character for a message: `U+001B (ESC)`."""
    c = ord(ch)
    name = _NAMES.get(c)
    return f"U+{c:04X}" + (f" ({name})" if name else "")


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
