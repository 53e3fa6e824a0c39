"""Working together: init, sync, status, merge-file (Git's merge driver), server init, hook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ..store import git
from ..store import sync as S
from ..text import t
from .errors import DataError, UsageError


def _root(args) -> Path:
    """The repository's top folder, found from a subfolder too."""
    here = Path(args.repo)
    if not here.is_dir():
        raise UsageError(f"{here}: no such folder")
    try:
        top = git.run(here, "rev-parse", "--show-toplevel").strip()
    except git.GitError:
        return here.resolve()
    return Path(top) if top else here.resolve()


def _short(v, width: int = 40) -> str:
    from ..store.merge import describe

    from ..store.merge import FILE_OURS, FILE_THEIRS

    s = describe(v) if not isinstance(v, str) or v not in (FILE_OURS, FILE_THEIRS) else v
    s = s.replace("\n", " ")
    return s if len(s) <= width else s[: width - 1] + "…"


def cmd_init(args) -> int:
    root = Path(args.repo)
    if not root.is_dir():
        raise UsageError(f"{root}: no such folder")
    try:
        for line in S.init(root.resolve()):
            print(line)
    except S.SyncError as e:
        raise DataError(str(e)) from None
    return 0


def print_conflicts(root: Path, conflicts) -> None:
    from ..store.locate import Locator

    texts: dict[str, str] = {}
    for c in conflicts:
        ch = c.change
        line = 1
        if ch.path:
            if ch.rel not in texts:
                try:
                    texts[ch.rel] = (root / ch.rel).read_text(encoding="utf-8")
                except OSError:
                    texts[ch.rel] = ""
            from ..store.merge import index_path
            import rtoml

            try:
                data = rtoml.loads(texts[ch.rel])
                line = Locator(texts[ch.rel]).line_col(index_path(data, ch.path))[0]
            except Exception:
                line = 1
        mine = t("sync.removed") if ch.removes else _short(ch.new)
        print(t("sync.conflict_line", file=ch.rel, line=line, label=ch.label or ".".join(map(str, ch.path)),
                mine=mine, theirs=_short(c.theirs), was=_short(ch.old)), file=sys.stderr)


def cmd_sync(args) -> int:
    root = _root(args)
    try:
        res = S.sync(root)
    except S.SyncError as e:
        raise DataError(str(e)) from None
    if res.state == "conflict":
        print(t("sync.conflict", n=len(res.conflicts)), file=sys.stderr)
        print_conflicts(root, res.conflicts)
        print(t("sync.conflict_todo"), file=sys.stderr)
        return 1
    tries = t("sync.tries", n=res.tries) if res.tries > 1 else ""
    if res.state == "pushed":
        incoming = t("sync.pushed_incoming", n=len(res.incoming)) if res.incoming else ""
        print(t("sync.pushed", pushed=res.pushed, incoming=incoming) + tries)
    elif res.state == "merged":
        print(t("sync.merged", n=len(res.incoming)) + tries)
    else:
        print(t("sync.up_to_date"))
    for c in res.incoming[:20]:
        print(f"  {c.sha[:8]} {c.author}: {c.subject}")
    return 0


def cmd_status(args) -> int:
    root = _root(args)
    try:
        st = S.status(root)
    except S.SyncError as e:
        raise UsageError(str(e)) from None
    if st.upstream:
        print(t("sync.status.branch", branch=st.branch or "?", upstream=st.upstream))
        print(t("sync.status.ahead_behind", ahead=st.ahead, behind=st.behind) if st.ahead or st.behind
              else t("sync.status.in_sync"))
    else:
        print(t("sync.status.no_remote", branch=st.branch or "?"))
    if st.unsynced:
        print(t("sync.status.unsynced", n=len(st.unsynced)))
        for f in st.unsynced:
            print(f"  {f}")
    else:
        print(t("sync.status.clean"))
    if st.merging or st.unmerged:
        print(t("sync.status.merging", files=", ".join(st.unmerged) or "–"))
    if S.lacks_driver(root):
        print(t("sync.status.no_driver"))
    return 0


def cmd_merge_file(args) -> int:
    """Git's merge driver: %O %A %B %P. Writes the result into OURS (%A); exit 0 when clean,
    1 when a conflict is left (OURS's value kept) or the merge was refused."""
    from ..store.merge import describe, merge_texts

    rel = args.path
    try:
        base, ours, theirs = (Path(p).read_bytes().decode("utf-8") for p in (args.base, args.ours, args.theirs))
    except UnicodeDecodeError:
        return _line_merge(args, rel, "not UTF-8")
    root = _root(args)
    try:
        r = merge_texts(root, rel, base, ours, theirs)
    except ValueError as e:
        return _line_merge(args, rel, str(e))
    except Exception as e:  # never leave Git without a result: its own line merge
        return _line_merge(args, rel, f"{type(e).__name__}: {e}")
    if r.text != ours:
        Path(args.ours).write_bytes(r.text.encode("utf-8"))
    for c in r.conflicts:
        print(t("sync.merge.conflict", file=rel, what=".".join(map(str, c.path)), mine=describe(c.ours),
                theirs=describe(c.theirs), was=describe(c.base)), file=sys.stderr)
    for why in r.refused:
        print(t("sync.merge.refused", file=rel, why=why), file=sys.stderr)
    return 0 if r.clean else 1


def _line_merge(args, rel: str, why: str) -> int:
    print(t("sync.merge.fallback", file=rel, why=why), file=sys.stderr)
    p = subprocess.run(["git", "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
                        args.ours, args.base, args.theirs], capture_output=True)
    return 0 if p.returncode == 0 else 1


def cmd_server(args) -> int:
    from ..store import server

    try:
        for line in server.init_server(Path(args.path)):
            print(line)
    except server.ServerError as e:
        raise DataError(str(e)) from None
    return 0


def cmd_hook(args) -> int:
    from ..store import server

    lines = sys.stdin.read().splitlines()
    problems = server.pre_receive(Path.cwd(), lines)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(t("sync.hook.refused", n=len(problems)), file=sys.stderr)
        return 1
    return 0
