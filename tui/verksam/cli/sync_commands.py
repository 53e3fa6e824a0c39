"""Working together: init, sync, status, merge-file (Git's merge driver), server init, hook.
Parsing and printing only: the work is verksam.service.sharing."""

from __future__ import annotations

import sys
from pathlib import Path

from ..service import sharing as S
from ..text import t
from .errors import DataError, UsageError


def cmd_init(args) -> int:
    try:
        for line in S.init(args.repo):
            print(line)
    except S.SyncError as e:
        raise DataError(str(e)) from None
    return 0


def cmd_sync(args) -> int:
    root = S.top(args.repo)
    try:
        res = S.sync(root)
    except S.SyncError as e:
        raise DataError(str(e)) from None
    if res.state == "conflict":
        print(t("sync.conflict", n=len(res.conflicts)), file=sys.stderr)
        for line in S.conflict_lines(root, res.conflicts):
            print(line, file=sys.stderr)
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
    root = S.top(args.repo)
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
    out = S.merge_file(args.repo, args.path, args.base, args.ours, args.theirs)
    for line in out.messages:
        print(line, file=sys.stderr)
    return 0 if out.clean else 1


def cmd_server(args) -> int:
    try:
        for line in S.server_init(Path(args.path)):
            print(line)
    except S.ServerError as e:
        raise DataError(str(e)) from None
    return 0


def cmd_hook(args) -> int:
    problems = S.pre_receive(Path.cwd(), sys.stdin.read().splitlines())
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(t("sync.hook.refused", n=len(problems)), file=sys.stderr)
        return 1
    return 0
