"""Finding, reading and parsing plan files, with the fast reader.

rtoml parses about 7x faster than tomllib (measured in the research notes, checked against
tomllib in tests/store/test_reader.py), so it reads everything for browsing; tomlkit is used only
for files being edited (see writer.py).
"""

from __future__ import annotations

import copyreg
import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import rtoml

from ..text import t
from ..model.problems import Problem

PLANS = "plans"


def _fixed_offset(tz):
    """rtoml's time zone of a datetime cannot be copied or pickled: copy it as the standard
    library's fixed offset (equal datetimes stay equal), so that edits of a file holding a date
    and time (a round's `at`) can be copied, undone and compared."""
    import datetime as dt

    return dt.timezone, (tz.utcoffset(dt.datetime(2000, 1, 1)),)


copyreg.pickle(type(rtoml.loads("t = 2000-01-01T00:00:00Z")["t"].tzinfo), _fixed_offset)
_RTOML_POS = re.compile(r"at line (\d+) column (\d+)")


@dataclass(slots=True)
class FileState:
    """One plan file as read: its text, parsed data and a signature to notice changes on disk."""

    rel: str
    text: str
    data: dict[str, Any] | None
    signature: tuple[int, int]  # (mtime_ns, size)
    digest: str
    problems: list[Problem] = field(default_factory=list)


def signature(path: Path) -> tuple[int, int]:
    st = path.stat()
    return (st.st_mtime_ns, st.st_size)


def digest(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def discover(root: Path) -> list[str]:
    """Every .toml file under root/plans, as POSIX paths relative to root, sorted."""
    base = root / PLANS
    out = []
    for dirpath, dirnames, filenames in os.walk(base):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for f in filenames:
            if f.endswith(".toml") and not f.startswith("."):
                out.append(Path(dirpath, f).relative_to(root).as_posix())
    return sorted(out)


_HEADER = re.compile(r'^[ \t]*\[\[?[ \t]*("[^"]*"|\'[^\']*\'|[A-Za-z0-9_-]+)', re.M)


def layout_problems(rel: str, text: str) -> list[Problem]:
    """Tables of one name must stay together: `[[items]]` … `[[tables]]` … `[[items]]` is valid
    TOML, but tomlkit regroups such arrays when it writes, so an edit would move text around."""
    seen: list[str] = []
    out = []
    for m in _HEADER.finditer(text):
        name = m.group(1).strip("\"'")
        if seen and seen[-1] == name:
            continue
        if name in seen:
            line = text.count("\n", 0, m.start()) + 1
            out.append(Problem(rel, line, m.start(1) - m.start() + 1, "error",
                               t("store.file.split", name=name), t("store.file.split.hint", name=name),
                               code="layout"))
        seen.append(name)
    return out


def parse_text(rel: str, text: str) -> tuple[dict[str, Any] | None, list[Problem]]:
    try:
        return rtoml.loads(text), layout_problems(rel, text)
    except rtoml.TomlParsingError as e:
        msg = str(e).strip().splitlines()[0] if str(e).strip() else "invalid TOML"
        m = _RTOML_POS.search(msg)
        line, col = (int(m[1]), int(m[2])) if m else (1, 1)
        msg = _RTOML_POS.sub("", msg).strip().rstrip(",")
        return None, [
            Problem(rel, line, col, "error", t("store.file.syntax", detail=msg), t("store.file.syntax.hint"),
                    code="syntax")
        ]


def read_file(root: Path, rel: str) -> FileState:
    path = root / rel
    raw = path.read_bytes()
    sig = signature(path)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        return FileState(rel, "", None, sig, digest(raw), [
            Problem(rel, line, 1, "error", t("store.file.encoding"), t("store.file.encoding.hint"), code="encoding")
        ])
    data, problems = parse_text(rel, text)
    return FileState(rel, text, data, sig, digest(raw), problems)
