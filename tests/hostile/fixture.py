"""A scratch copy of the plans with hostile strings in titles, comments, names and table labels.

Each string holds what a terminal would obey: OSC 0 (rename the window), OSC 52 (write the
clipboard), CSI 2J (clear the screen), BEL, the C1 byte U+009B (CSI on its own), CR, DEL, bidi
overrides and isolates, and Rich markup (which must stay literal). The tests run them through
every command and the app and assert that no raw control character leaves.
"""

from __future__ import annotations

import re
from pathlib import Path

from tests.conftest import commit_all, git
from verksam.text.neutral import UNSAFE

# as written in TOML (basic-string escapes), and what it means
HOSTILE_TOML = (r"\u001b]0;PWNED\u0007\u001b]52;c;SGVsbG8=\u0007\u001b[2J\u0007\u009b31m\r\u007f"
                r"\u202eevil\u202c\u2066x\u2069[bold red]markup[/] ")
HOSTILE = ("\x1b]0;PWNED\x07\x1b]52;c;SGVsbG8=\x07\x1b[2J\x07\x9b31m\r\x7f\u202eevil\u202c\u2066x\u2069"
           "[bold red]markup[/] ")
MARK = "PWNED"  # in every hostile string: shows that the text reached the output, neutralised

FU = "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"
PLAN = "plans/norrtalje/kommunstyrelsen/2025/plan.toml"
BUDGET = "plans/norrtalje/kommunstyrelsen/2025/budget.toml"
INDICATORS = "plans/norrtalje/indicators.toml"
MUNICIPALITY = "plans/norrtalje/municipality.toml"
ITEM = "klimatomstallningsplan"


def _prefix(root: Path, rel: str, pattern: str, count: int = 1) -> None:
    """Put the hostile string in front of the first `count` values matching `pattern` (a line
    start like `title = "`)."""
    p = root / rel
    text = p.read_text(encoding="utf-8")
    new, n = re.subn("^(" + re.escape(pattern) + ")", lambda m: m.group(1) + HOSTILE_TOML,
                     text, count=count, flags=re.M)
    assert n == count, (rel, pattern)
    p.write_text(new, encoding="utf-8")


def _item_title(root: Path, rel: str) -> None:
    p = root / rel
    text = p.read_text(encoding="utf-8")
    old = 'title = "Upprätta och följa upp en klimatomställningsplan'
    assert old in text
    p.write_text(text.replace(old, 'title = "' + HOSTILE_TOML + 'Upprätta och följa upp en klimatomställningsplan', 1),
                 encoding="utf-8")


def make_hostile(root: Path, author: str = "Eve \x1b]0;X\x07") -> None:
    """Write the hostile strings into root's plans (a Git repository) and commit them, with a
    hostile commit message, as a second commit (so history and diff --rev show them)."""
    _item_title(root, FU)
    _item_title(root, PLAN)
    _prefix(root, FU, 'text = "KC återkopplar')
    _prefix(root, INDICATORS, 'name = "', 2)
    _prefix(root, BUDGET, 'label = "', 2)
    _prefix(root, MUNICIPALITY, 'name = "', 3)  # the municipality, a board, …
    git(root, "add", "-A")
    git(root, "-c", f"user.name={author}", "commit", "-q", "-m", "Hostile \x1b[2J\x07\u202e commit")


def raw_controls(text: str) -> list[str]:
    """The control and bidi characters in text (none may reach a terminal)."""
    return sorted({f"U+{ord(c):04X}" for c in UNSAFE.findall(text)})


__all__ = ["HOSTILE", "HOSTILE_TOML", "MARK", "FU", "PLAN", "ITEM", "make_hostile", "raw_controls", "commit_all"]
