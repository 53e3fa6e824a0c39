"""Working together on the command line: init, sync, status, Git's merge driver, the server's
set-up and its pre-receive hook. The store does the Git and the merging; this layer gives both
shells what to show (the app's background fetch is service/collab.py)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from ..store import git
from ..store import sync as S
from ..store.server import ServerError
from ..store.sync import SyncError
from ..text import t
from .errors import UsageError

__all__ = ["MergeOutcome", "ServerError", "SyncError", "conflict_lines", "init", "lacks_driver", "merge_file",
           "pre_receive", "server_init", "status", "sync", "top"]


def top(path: Path | str) -> Path:
    """The repository's top folder, found from a subfolder too (the folder itself outside Git)."""
    here = Path(path)
    if not here.is_dir():
        raise UsageError(t("store.root.no_folder", path=here))
    try:
        found = git.run(here, "rev-parse", "--show-toplevel").strip()
    except git.GitError:
        return here.resolve()
    return Path(found) if found else here.resolve()


def init(path: Path | str) -> list[str]:
    root = Path(path)
    if not root.is_dir():
        raise UsageError(t("store.root.no_folder", path=root))
    return list(S.init(root.resolve()))


sync = S.sync
status = S.status
lacks_driver = S.lacks_driver


def _short(v, width: int = 40) -> str:
    from ..store.merge import FILE_OURS, FILE_THEIRS, describe

    s = describe(v) if not isinstance(v, str) or v not in (FILE_OURS, FILE_THEIRS) else v
    s = s.replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


def conflict_lines(root: Path, conflicts) -> list[str]:
    """One located line per conflict a sync left: file:line, what, mine, theirs, what it was."""
    import rtoml

    from ..store.locate import Locator
    from ..store.merge import index_path

    texts: dict[str, str] = {}
    out = []
    for c in conflicts:
        ch = c.change
        line = 1
        if ch.path:
            if ch.rel not in texts:
                try:
                    texts[ch.rel] = (root / ch.rel).read_text(encoding="utf-8")
                except OSError:
                    texts[ch.rel] = ""
            try:
                data = rtoml.loads(texts[ch.rel])
                line = Locator(texts[ch.rel]).line_col(index_path(data, ch.path))[0]
            except Exception:  # noqa: BLE001 - a file that no longer parses: its first line
                line = 1
        mine = t("sync.removed") if ch.removes else _short(ch.new)
        out.append(t("sync.conflict_line", file=ch.rel, line=line, label=ch.label or ".".join(map(str, ch.path)),
                     mine=mine, theirs=_short(c.theirs), was=_short(ch.old)))
    return out


@dataclass
class MergeOutcome:
    clean: bool
    messages: list[str] = field(default_factory=list)


def merge_file(root_hint: Path | str, rel: str, base: str, ours: str, theirs: str) -> MergeOutcome:
    """Git's merge driver (%O %A %B %P): merges by entry into OURS's file; where verksam cannot
    (not UTF-8, not TOML, a bug), Git's own line merge, never no result."""
    from ..store.merge import describe, merge_texts

    try:
        texts = [Path(p).read_bytes().decode("utf-8") for p in (base, ours, theirs)]
    except UnicodeDecodeError:
        return _line_merge(rel, base, ours, theirs, "not UTF-8")
    try:
        r = merge_texts(top(root_hint), rel, *texts)
    except ValueError as e:
        return _line_merge(rel, base, ours, theirs, str(e))
    except Exception as e:  # noqa: BLE001 - never leave Git without a result: its own line merge
        return _line_merge(rel, base, ours, theirs, f"{type(e).__name__}: {e}")
    if r.text != texts[1]:
        Path(ours).write_bytes(r.text.encode("utf-8"))
    msgs = [t("sync.merge.conflict", file=rel, what=".".join(map(str, c.path)), mine=describe(c.ours),
              theirs=describe(c.theirs), was=describe(c.base)) for c in r.conflicts]
    msgs += [t("sync.merge.refused", file=rel, why=why) for why in r.refused]
    return MergeOutcome(r.clean, msgs)


def _line_merge(rel: str, base: str, ours: str, theirs: str, why: str) -> MergeOutcome:
    p = subprocess.run(["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs", ours, base, theirs],
                       capture_output=True)
    return MergeOutcome(p.returncode == 0, [t("sync.merge.fallback", file=rel, why=why)])


def server_init(path: Path | str) -> list[str]:
    from ..store import server

    return list(server.init_server(Path(path)))


def pre_receive(here: Path, lines: list[str]) -> list[str]:
    from ..store import server

    return server.pre_receive(here, lines)
