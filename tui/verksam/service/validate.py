"""Validation of a whole repository, one municipality at a time (every check is within one), shared
between the cores: flat memory at national scale. What `verksam validate` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..model.problems import Problem
from ..store.repository import PlanRepository


@dataclass
class Validation:
    files: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:
        return sum(p.severity == "error" for p in self.problems)

    @property
    def warnings(self) -> int:
        return sum(p.severity == "warning" for p in self.problems)


def problems_of(snap) -> tuple[int, list[Problem]]:
    """What validation keeps of one municipality (module level: it runs in worker processes)."""
    return len(snap.files), snap.problems


def validate(root: Path | str) -> Iterator[Validation]:
    """One Validation per municipality, in municipality order."""
    for files, problems in PlanRepository(root).map_municipalities(problems_of):
        yield Validation(files, problems)
