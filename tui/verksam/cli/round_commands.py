"""`verksam round status|ready|approve|reopen|start`: the reporting round on the command line.

Text output is Swedish (English with --lang en); csv and json give one row per unit (or, with
--missing, one per person who still has to report). Refusals are one line and exit 1; a wrong
period or board exits 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys

from ..service.repository import WriteRefused
from ..service.round import (
    MISSING_COLUMNS, STATUS_COLUMNS, RoundLookupError, bar, command, days_text, followups, load_workspace,
    missing_rows, round_head, status_rows,
)
from ..text import t
from .errors import DataError, UsageError


def _lookup(fn, *a):
    try:
        return fn(*a)
    except RoundLookupError as e:
        raise UsageError(str(e)) from None


def cmd_round(args) -> int:
    if args.round_command == "status":
        return _status(args, load_workspace(args.repo))
    deadline = None
    if args.round_command == "ready" and args.force and not args.message.strip():
        raise UsageError(t("round.force_needs_reason"))
    if args.round_command == "reopen" and not args.message.strip():
        raise UsageError(t("round.reopen_needs_reason"))
    if args.round_command == "start" and args.deadline:
        try:
            deadline = dt.date.fromisoformat(args.deadline)
        except ValueError:
            raise UsageError(t("round.bad_date", value=args.deadline)) from None
    try:
        res = _lookup(command, args.repo, args.round_command, args.period, args.board, getattr(args, "unit", ""),
                      getattr(args, "message", ""), getattr(args, "force", False), deadline,
                      getattr(args, "instructions", None))
    except WriteRefused as e:
        raise DataError(str(e)) from None
    rep = res.report
    if rep.commit:
        print(t("round.committed", commit=rep.commit[:10], subject=rep.message.splitlines()[0]))
    if res.tag and args.round_command == "approve":
        print(t("round.tagged", tag=res.tag))
    if res.tag and args.round_command == "reopen":
        print(t("round.untagged", tag=res.tag))
    return 0


def _status(args, ws) -> int:
    found = _lookup(followups, ws, args.period, args.board)
    today = dt.date.today()
    if args.missing:
        rows = [r for m, d in found for r in missing_rows(m, d, today)]
        columns = MISSING_COLUMNS
    else:
        rows = [r.record() for m, d in found for r in status_rows(m, d, today)]
        columns = STATUS_COLUMNS
    if args.format == "csv":
        w = csv.DictWriter(sys.stdout, fieldnames=columns, lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: "" if r[k] is None else r[k] for k in columns})
        return 0
    if args.format == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return 0
    for m, doc in found:
        head = round_head(m, doc, today)
        print(f"{head.title} ({m.name}, {m.board_name(doc.board)}, {doc.period})")
        if head.deadline:
            print(t("round.cli.deadline", deadline=head.deadline, left=days_text(head.days_left)))
        if head.approved:
            print(t("round.cli.approved", who=head.approved_by, at=head.approved_at))
        print(f"{bar(head.ready, head.units)} {t('round.bar', done=head.ready, n=head.units)}")
        if head.instructions and not args.missing:
            print(t("round.cli.instructions"))
            for line in head.instructions.strip().splitlines():
                print(f"  {line}")
        print()
        if args.missing:
            mine = [r for r in rows if r["municipality"] == m.id and r["board"] == doc.board]
            if not mine:
                print(t("round.cli.nobody_missing"))
            for r in mine:
                who = f"{r['name']} <{r['email']}>" if r["email"] else t("round.cli.no_reporter")
                print(f"  {r['unit_name']}: {who}, {t('round.cli.n_missing', n=r['missing'])}, {r['state']}")
            print()
            continue
        table = [(t("round.col.unit"), t("round.col.items"), t("round.col.updated"), t("round.col.missing"),
                  t("round.col.state"), t("round.col.marked"))]
        for r in status_rows(m, doc, today):
            marked = f"{r.marked_by} {r.marked_at}".strip()
            table.append((r.unit_name, str(r.items), str(r.updated), str(r.missing), r.state, marked))
        widths = [min(max(len(row[i]) for row in table), 40) for i in range(len(table[0]))]
        for row in table:
            cells = [row[0][:40].ljust(widths[0])] + [row[i].rjust(widths[i]) for i in (1, 2, 3)] + \
                    [row[4].ljust(widths[4]), row[5]]
            print("  ".join(cells).rstrip())
        print()
    return 0
