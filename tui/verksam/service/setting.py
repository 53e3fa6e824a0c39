"""`verksam set FILE KEY VALUE`: one value of one plan file, through the one write path.

The command line only parses its arguments and prints the result; this does the rest: finds the
file (confined to the repository's plans/), reads KEY and VALUE the way the README says (TOML
where it parses, Swedish numbers, otherwise text), and saves it with an editing session under the
repository lock (read → check → write → commit). Imports nothing of Textual or polars.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

from ..model.values import parse_swedish_number
from ..store.atomic import recover
from ..store.edits import Address, NoSuchKey, SetValue
from ..store.repolock import repo_lock
from ..store.paths import PathRefused, confine, municipality_of, relative
from ..store.session import EditSession, InvalidEdit, WriteRefused
from ..store.writer import inline_toml, parse_key, parse_value
from ..store.root import check_root, repo_relative
from ..text import t


class SetUsage(ValueError):
    """The command was given wrongly (no such file or key, not a plan file): exit 2."""


@dataclass
class SetResult:
    file: str
    key: str
    old: Any
    new: Any
    unchanged: bool = False  # the value was already that
    commit: str | None = None
    message: str = ""
    recovered: list[str] = field(default_factory=list)  # an interrupted change finished or undone first


def plan_file(root: Path, file: str) -> str:
    """FILE (relative to the repository, or absolute) as the repository-relative plan path."""
    try:
        real = confine(root, file, write=True)
    except PathRefused as e:
        if e.outside:
            raise SetUsage(str(e)) from None
        raise
    rel = relative(root, real)
    if not real.is_file():
        raise SetUsage(t("service.set.no_file", file=rel, root=root))
    if not rel.endswith(".toml"):
        raise SetUsage(t("service.set.not_plan", file=rel))
    return rel


def toml_text(value: Any) -> str:
    """A value as TOML on one line, as it is written in the file ({ target = 5 }, true)."""
    return inline_toml(value)


def read_value(text: str) -> Any:
    """VALUE as TOML where it parses, as a number the Swedish way (5,3, 1 234,5, −3), else text."""
    value = parse_value(text)
    if isinstance(value, str):
        number = parse_swedish_number(value)
        if number is not None:
            value = int(number) if number.is_integer() and "," not in value and "." not in value else number
    return value


def _entry_name(root: Path, rel: str, entry_id: str) -> str | None:
    """The name of an entry the file holds by id only (a follow-up's indicator), for the commit
    message: from its municipality's definitions (the indicators' names)."""
    from ..store.editcheck import definitions
    from .names import entry_name

    name = entry_name(definitions(root, municipality_of(rel)), entry_id)
    return None if name == entry_id else name


def set_value(root: Path | str, file: str, key: str, value_text: str, commit: bool = True,
              message: str | None = None) -> SetResult:
    """Set one value and (when `commit`) commit it. Raises SetUsage (wrong usage), InvalidEdit
    (with `.problems` when it adds errors), PathRefused, RepoBusy or WriteRefused (refused: each
    message says what state the file is in)."""
    root = Path(root).resolve()
    check_root(root)
    if Path(file).is_absolute():
        try:
            Path(file).resolve().relative_to(root)
        except ValueError:
            raise SetUsage(t("store.path.outside", path=file)) from None
    if not Path(file).is_absolute():  # `plans/…` from the root, or a path from the current folder
        try:
            file = repo_relative(root, file)
        except ValueError:
            pass
    rel = plan_file(root, file)
    try:
        path = parse_key(key)
    except ValueError as e:
        raise SetUsage(t("service.set.bad_key", name=key, error=e)) from None
    value = read_value(value_text)
    with repo_lock(root, command=f"verksam set {rel} {key}"):
        recovered = recover(root)
        session = EditSession(root)
        session.names = partial(_entry_name, root)
        ed = session.editor(rel)  # WriteRefused when it does not parse, with tomlkit's position
        try:
            change = session.apply(SetValue(Address.of(rel, ed.data, path), value))
        except NoSuchKey as e:
            raise SetUsage(f"{rel}: {e}") from None
        if change.old == value:
            return SetResult(rel, key, change.old, value, unchanged=True, recovered=recovered)
        report = session.save(commit=commit, message=message)
        return SetResult(rel, key, change.old, value, commit=report.commit, message=report.message,
                         recovered=recovered + report.recovered)


__all__ = ["InvalidEdit", "SetResult", "SetUsage", "WriteRefused", "set_value"]
