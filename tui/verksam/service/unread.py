"""Which files of a document could not be read, so that part of it is missing from what is shown.

A document is made of every file its folder and name give it (plan.toml and plan-texter.toml;
followup/2025-04.toml and followup/2025-04-ekonomi.toml). A file that by its path belongs to the
document shown, is in no document (it could not be read, is not TOML, or its `kind` is wrong) and
has an error, hides its part of the document: the app says so above the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import PurePosixPath

from ..model.entities import Document, Municipality
from ..model.problems import Problem

_PERIOD = re.compile(r"^(\d{4}-\d{2}(?:-\d{2})?)")


def error_files(problems: Iterable[Problem]) -> set[str]:
    """The files with at least one error."""
    return {p.file for p in problems if p.severity == "error"}


def belongs(rel: str, doc: Document) -> bool:
    """Whether the file's folder and name make it part of the document."""
    if not doc.files:
        return False
    path = PurePosixPath(rel)
    if path.parent != PurePosixPath(doc.files[0]).parent:
        return False
    if doc.kind == "followup":
        m = _PERIOD.match(path.stem)
        return m is not None and m[1] == doc.period
    return path.stem.split("-")[0] == doc.kind


def unread_files(m: Municipality, doc: Document, errors: set[str]) -> list[str]:
    """The files of `errors` (error_files) that belong to the document but are in none of the
    municipality's documents: their entries are missing from it."""
    if not errors or not doc.files:
        return []
    folder = PurePosixPath(doc.files[0]).parent.as_posix() + "/"
    candidates = [f for f in errors if f.startswith(folder) and belongs(f, doc)]
    if not candidates:
        return []
    read = {f for d in m.documents for f in d.files}
    return sorted(f for f in candidates if f not in read)
