"""Validation of a repository, one municipality at a time (every check is within one), shared
between the cores: flat memory at national scale. What `verksam validate [FILE…]` prints."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

import heapq

from ..model.problems import Problem, count
from ..model.round import is_locked
from ..store import filecache
from ..store.files import Unreadable, digest, discover, read_plan_bytes, signature
from ..store.repository import PlanRepository, municipality_of
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
    """What validation keeps of one municipality (module level: it runs in worker processes).
    Kept in the cache too, unless an approved report makes its problems depend on Git's tags."""
    if filecache.enabled() and snap.files and not any(
            is_locked(d) for m in snap.workspace.municipalities.values() for d in m.documents):
        rels = sorted(snap.files)
        key = _result_key(snap.root, municipality_of(rels[0]), [(r, snap.files[r].signature) for r in rels])
        filecache.put_result(key, ([(r, snap.files[r].digest) for r in rels], len(snap.files), snap.problems))
    return len(snap.files), snap.problems


def _validated(snap) -> tuple[str, int, list[Problem]]:
    """problems_of, with the municipality it is of."""
    n, problems = problems_of(snap)
    return (municipality_of(min(snap.files)) if snap.files else ""), n, problems


def _result_key(root: Path, mid: str, signatures: list) -> str:
    return filecache.result_key("validate", str(root), mid, signatures)


def _cached(root: Path, mid: str, rels: list[str]) -> tuple[int, list[Problem]] | None:
    """A municipality's validation as the cache holds it: found by its files' names, sizes and
    modification times, used only when every file's contents still have the digest they had."""
    try:
        sigs = [(r, signature(root / r)) for r in sorted(rels)]
    except OSError:
        return None
    hit = filecache.get_result(_result_key(root, mid, sigs))
    try:
        digests, n, problems = hit
        if [r for r, _ in digests] != [r for r, _ in sigs]:
            return None
        for rel, d in digests:
            if digest(read_plan_bytes(root, rel)) != d:
                return None
        if type(n) is not int or not all(isinstance(p, Problem) for p in problems):
            return None
        return n, list(problems)
    except (TypeError, ValueError, OSError, Unreadable):
        return None


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
        cached: dict[str, tuple[int, list[Problem]]] = {}
        if filecache.enabled():  # municipalities whose files are as they were: their problems as they were
            by_muni: dict[str, list[str]] = {}
            for rel in discover(repo.root):
                by_muni.setdefault(municipality_of(rel), []).append(rel)
            for mid, rels in by_muni.items():
                hit = _cached(repo.root, mid, rels)
                if hit is not None:
                    cached[mid] = hit
            missing = sorted(set(by_muni) - set(cached))
            computed = repo.iter_municipalities(_validated, only=missing) if missing else iter(())
            # in municipality order, whatever the disk did meanwhile
            for _, n, problems in heapq.merge(((mid, *cached[mid]) for mid in sorted(cached)), computed,
                                              key=lambda r: r[0]):
                yield Validation(n, problems)
            return
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
