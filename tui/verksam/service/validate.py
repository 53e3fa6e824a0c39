"""Validation of a repository, one municipality at a time (every check is within one), shared
between the cores: flat memory at national scale. What `verksam validate [FILE…]` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from ..model.problems import Problem, count
from ..store.repository import PlanRepository
from ..store.root import repo_relative
from ..text import t
from .errors import UsageError


@dataclass
class Validation:
    files: int = 0
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> int:  # a "… and N more" line (at most 100 problems per file) counts N
        return sum(count(p) for p in self.problems if p.severity == "error")

    @property
    def warnings(self) -> int:
        return sum(count(p) for p in self.problems if p.severity == "warning")


def problems_of(snap) -> tuple[int, list[Problem]]:
    """What validation keeps of one municipality (module level: it runs in worker processes)."""
    return len(snap.files), snap.problems


def plan_files(root: Path, files: list[str]) -> list[str]:
    """FILEs (repository paths, or paths from the current folder) as repository paths of plan
    files under plans/<municipality>/; UsageError for one that is not."""
    out = []
    for f in files:
        try:
            rel = repo_relative(root, f)
        except ValueError:
            raise UsageError(t("service.validate.outside", file=f, root=root)) from None
        parts = rel.split("/")
        if len(parts) < 3 or parts[0] != "plans":
            raise UsageError(t("service.validate.not_plan", file=f))
        out.append(rel)
    return out


def validate(root: Path | str, files: list[str] | None = None) -> Iterator[Validation]:
    """One Validation per municipality, in municipality order. With `files`, only those files'
    problems (and the count of those files); their municipalities are still checked whole, since
    a file's problems may come from another file of it."""
    repo = PlanRepository(root)
    repo.check_root()
    if not files:
        for n, problems in repo.map_municipalities(problems_of):
            yield Validation(n, problems)
        return
    wanted = set(plan_files(repo.root, files))
    first = True
    for snap in repo.scan(only=sorted({rel.split("/")[1] for rel in wanted})):
        yield Validation(len(wanted) if first else 0, [p for p in snap.problems if p.file in wanted])
        first = False
    if first:  # no municipality held them
        yield Validation(len(wanted), [])


def repository_warnings(root: Path | str, files: list[str] | None = None) -> list[Problem]:
    """What is wrong with the repository rather than a plan file: a clone without verksam's merge
    driver (its merges would go line by line; only for a whole-repository check), and copies in
    schemas/ that differ from verksam's own (editors would check against other rules)."""
    from ..store.schemas import drift
    from ..store.sync import lacks_driver

    root = Path(root)
    out = []
    if not files and lacks_driver(root):
        out.append(Problem(".gitattributes", 1, 1, "warning", t("sync.init.lacks_driver"),
                           t("sync.init.lacks_driver.hint"), code="merge-driver"))
    for rel in drift(root):
        out.append(Problem(rel, 1, 1, "warning", t("service.validate.schema_drift"),
                           t("service.validate.schema_drift.hint"), code="schema-drift"))
    return out


def schemas_drift(root: Path | str) -> list[str]:
    """The files of the repository's schemas/ that differ from verksam's own."""
    from ..store import schemas

    return schemas.drift(PlanRepository(root).root)


def schemas_write(root: Path | str) -> list[str]:
    """Writes verksam's own schemas into the repository's schemas/; the files written."""
    from ..store import schemas

    return schemas.write_copy(PlanRepository(root).root)
