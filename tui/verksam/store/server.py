"""A shared server's repository, and the pre-receive hook that checks every push.

`init_server` makes a bare repository for a Unix group (`core.sharedRepository=group`), refuses
history rewrites (`receive.denyNonFastForwards`), installs `hooks/pre-receive` (this interpreter,
`-m verksam hook pre-receive`) and registers the merge driver.

`pre_receive` reads the pushed `OLD NEW REF` lines and, for every commit new to the server, refuses
one that adds a validation error, changes entries of a unit the pusher does not report for (people
in municipality.toml), changes an approved (locked) report, or rewrites / deletes the main branch.
The pushed trees are read from Git (no work tree): the objects are still in Git's quarantine,
which the hook's environment points every `git` it runs at.
"""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import rtoml

from ..model.access import Touch, judge, person_for_login, touches
from ..model.entities import Workspace
from ..model.round import is_locked
from ..text import t
from . import git
from .locate import Locator
from .merge import index_path
from .repository import municipality_of
from .revisions import blobs, municipality_texts, problems_of_texts, workspace_from_texts
from .sync import register_driver

ZERO = "0" * 40


class ServerError(Exception):
    """The server repository could not be made; the message says why."""


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, env=git._env())


HOOK = """#!/bin/sh
# verksam: every push is checked (validation, who may change what, approved reports, history).
exec {python} -m verksam hook pre-receive
"""


def init_server(path: Path) -> list[str]:
    path = Path(path).absolute()
    if path.exists() and (not path.is_dir() or any(path.iterdir())):
        raise ServerError(t("sync.server.exists", path=path))
    path.mkdir(parents=True, exist_ok=True)
    p = _git(path, "init", "-q", "--bare", "--shared=group", "-b", "main")
    if p.returncode:
        raise ServerError(p.stderr.strip() or "git init failed")
    for key, value in (("core.sharedRepository", "group"), ("receive.denyNonFastForwards", "true")):
        _git(path, "config", key, value)
    register_driver(path)
    hook = path / "hooks" / "pre-receive"
    hook.parent.mkdir(exist_ok=True)
    hook.write_text(HOOK.format(python=shlex.quote(sys.executable)), encoding="utf-8")
    hook.chmod(0o775)
    return [t("sync.server.created", path=path), t("sync.server.hook", hook=hook, python=sys.executable)]


# ------------------------------------------------------------------ who pushed


def pusher_from_env(env: dict) -> str | None:
    """Gitea gives the pusher's e-mail, GitLab the user name, a shared server the Unix user."""
    for name in ("GITEA_PUSHER_EMAIL", "GL_USERNAME", "USER", "LOGNAME"):
        if env.get(name):
            return env[name]
    return None


# ------------------------------------------------------------------ the hook


@dataclass
class _Commit:
    sha: str
    parents: list[str]
    author: str
    files: list[str] = field(default_factory=list)


class _Checker:
    def __init__(self, root: Path, pusher: str | None):
        self.root = root
        self.pusher = pusher
        self._errors: dict[tuple[str, tuple], set] = {}
        self._texts: dict[tuple[str, tuple], dict[str, str]] = {}
        self._workspaces: dict[tuple[str, str], Workspace] = {}

    def texts(self, rev: str, munis: set[str]) -> dict[str, str]:
        key = (rev, tuple(sorted(munis)))
        if key not in self._texts:
            self._texts[key] = municipality_texts(self.root, rev, munis) if rev else {}
        return self._texts[key]

    def workspace(self, rev: str, m: str) -> Workspace:
        """One municipality as it was at a revision (its people, its documents and rounds)."""
        key = (rev, m)
        if key not in self._workspaces:
            self._workspaces[key] = workspace_from_texts(self.texts(rev, {m}))
        return self._workspaces[key]

    def errors(self, rev: str, munis: set[str]) -> list:
        return [p for p in problems_of_texts(self.texts(rev, munis)) if p.severity == "error"]

    def commit(self, sha: str) -> _Commit:
        line = _git(self.root, "rev-list", "--parents", "-n1", sha).stdout.split()
        author = _git(self.root, "log", "-1", "--format=%an <%ae>", sha).stdout.strip()
        c = _Commit(sha, line[1:], author)
        per_parent = []
        for par in c.parents or [None]:
            args = ["diff-tree", "-r", "--name-only", "--no-renames", "--no-commit-id"]
            args += [par, sha] if par else ["--root", sha]
            out = _git(self.root, *args, "--", "plans/").stdout
            per_parent.append({f for f in out.splitlines() if f.endswith(".toml")})
        # a merge changes only what differs from every parent (the rest came from one of them)
        c.files = sorted(set.intersection(*per_parent)) if per_parent else []
        return c

    def check(self, c: _Commit) -> list[str]:
        if not c.files:
            return []
        out: list[str] = []
        short = c.sha[:8]
        munis = {municipality_of(f) for f in c.files} - {""}
        new_texts = self.texts(c.sha, munis)
        # 1. validation: errors the commit has that none of its parents had
        known = set()
        for par in c.parents:
            known |= {(p.file, p.message) for p in self.errors(par, munis)}
        for p in self.errors(c.sha, munis):
            if (p.file, p.message) not in known:
                out.append(t("sync.hook.invalid", file=p.file, line=p.line, message=p.message, commit=short,
                             author=c.author))
        # 2. who may change what, 3. approved reports
        first = c.parents[0] if c.parents else ""
        for m in sorted(munis):
            out += self._access(c, m, first, new_texts)
        out += self._locked_changes(c, first, new_texts)
        return out

    def _access(self, c: _Commit, m: str, first: str, new_texts: dict[str, str]) -> list[str]:
        rules_rev = first or c.sha  # the people as they were before this commit
        muni = self.workspace(rules_rev, m).municipalities.get(m)
        if muni is None or not muni.people:
            return []  # a municipality without [[people]]: no one is restricted
        person = person_for_login(muni.people, self.pusher)
        short = c.sha[:8]
        if person is None:
            return [t("sync.hook.unknown_pusher", who=self.pusher or "?", municipality=m, commit=short)]
        out = []
        for rel in (f for f in c.files if municipality_of(f) == m):
            rest = rel.split("/")[2:]
            shared = len(rest) == 1 or rest[0] in ("goals", "indicators")
            board = "" if shared else rest[0]
            old_texts = [self.texts(p, {m}).get(rel) for p in c.parents] or [None]
            new_text = new_texts.get(rel)
            found: list[Touch] | None = None
            for old_text in old_texts:  # a merge: what differs from every parent
                mine = touches(_parse(old_text), _parse(new_text))
                found = mine if found is None else [x for x in found if x.path in {y.path for y in mine}]
            added_or_removed = all(o is None for o in old_texts) or new_text is None
            for d in judge(person, board, shared, found or [], added_or_removed):
                line = _line(new_text or (old_texts[0] or ""), d.path)
                if d.reason == "reader":
                    out.append(t("sync.hook.reader", file=rel, line=line, person=person.name, commit=short))
                elif d.reason == "not_yours":
                    out.append(t("sync.hook.not_yours", file=rel, line=line, what=f"'{d.entry}'",
                                 unit=", ".join(sorted(d.units)), person=person.name, commit=short))
                else:
                    what = (t("sync.hook.what_file") if shared else t("sync.hook.what_new") if added_or_removed
                            else f"'{d.entry}'" if d.entry else t("sync.hook.what_document"))
                    out.append(t("sync.hook.not_controller", file=rel, line=line, what=what, commit=short))
        return out

    def _locked(self, rev: str, rel: str) -> bool:
        """Whether the report `rel` belongs to was approved (locked) at `rev`."""
        m = self.workspace(rev, municipality_of(rel)).municipalities.get(municipality_of(rel))
        return m is not None and any(is_locked(d) for d in m.documents if rel in d.files)

    def _locked_changes(self, c: _Commit, first: str, new_texts: dict[str, str]) -> list[str]:
        out = []
        short = c.sha[:8]
        specs = [f"{first}:{rel}" for rel in c.files] if first else []
        old = blobs(self.root, specs) if specs else {}
        for rel in c.files:
            parts = rel.split("/")
            if len(parts) < 5:
                continue  # the municipality's shared files are no report
            before = old.get(f"{first}:{rel}") if first else None
            new_text = new_texts.get(rel)
            old_data, new_data = _parse(before), _parse(new_text)
            if first and self._locked(first, rel):
                only_round = all(tc.path[:1] == ("round",) for tc in touches(old_data, new_data))
                if not (only_round and new_text is not None):  # reopening the round is the controller's
                    out.append(t("sync.hook.locked", file=rel, line=_line(new_text or before or "", ()),
                                 commit=short))
                    continue
            period = (new_data or old_data or {}).get("period")
            if not isinstance(period, str) or not period:
                continue
            tag = f"{parts[1]}/{parts[2]}/{period}/godkand"
            if _git(self.root, "rev-parse", "-q", "--verify", f"refs/tags/{tag}").returncode != 0:
                continue
            approved = blobs(self.root, [f"refs/tags/{tag}:{rel}"]).get(f"refs/tags/{tag}:{rel}")
            if approved is not None and approved != new_text:
                out.append(t("sync.hook.tagged", file=rel, line=_first_difference(approved, new_text or ""),
                             tag=tag, commit=short))
        return out


def _parse(text: str | None) -> dict | None:
    if text is None:
        return None
    try:
        data = rtoml.loads(text)
    except rtoml.TomlParsingError:
        return None
    return data if isinstance(data, dict) else None


def _line(text: str, path: tuple) -> int:
    if not path:
        return 1
    data = _parse(text) or {}
    try:
        return Locator(text).line_col(index_path(data, path))[0]
    except Exception:
        return 1


def _first_difference(a: str, b: str) -> int:
    for i, (x, y) in enumerate(zip(a.splitlines(), b.splitlines()), start=1):
        if x != y:
            return i
    return min(len(a.splitlines()), len(b.splitlines())) + 1


def main_ref(root: Path) -> str:
    p = _git(root, "symbolic-ref", "-q", "HEAD")
    return p.stdout.strip() or "refs/heads/main"


def pre_receive(root: Path, lines: list[str], env: dict | None = None) -> list[str]:
    """The problems that refuse this push (Swedish, one line each); empty: accept it."""
    root = Path(root)
    checker = _Checker(root, pusher_from_env(dict(os.environ) if env is None else env))
    main = main_ref(root)
    out: list[str] = []
    seen: set[str] = set()
    for line in lines:
        parts = line.split()
        if len(parts) != 3:
            continue
        old, new, ref = parts
        if new == ZERO:
            if ref == main:
                out.append(t("sync.hook.delete", ref=ref))
            continue
        if ref == main and old != ZERO and _git(root, "merge-base", "--is-ancestor", old, new).returncode != 0:
            out.append(t("sync.hook.rewrite", ref=ref))
            continue
        listing = _git(root, "rev-list", "--reverse", "--topo-order", new, "--not", "--all").stdout.split()
        for sha in listing:
            if sha in seen:
                continue
            seen.add(sha)
            out += checker.check(checker.commit(sha))
    return out
