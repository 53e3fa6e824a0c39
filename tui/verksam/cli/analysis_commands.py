"""`verksam summary`, `verksam diff` and `verksam history`: parse and print. What is printed is
made by the service (service/analysis_output.py from service/summary.py, diff.py, history.py).

Exit codes: 0 success, 1 the data has errors (the output is still what could be read), 2 wrong
usage.
"""

from __future__ import annotations

import sys

from ..service.analysis_output import (diff_periods_output, diff_revisions_output, history_output,
                                       summary_output)
from ..service.diff import check_period
from ..service.summary import Summaries


def _data_status(errors: int) -> int:
    if errors:
        print(f"verksam: {errors} errors in the data (verksam validate); summarised what could be read", file=sys.stderr)
        return 1
    return 0


def cmd_summary(args) -> int:
    check_period(getattr(args, "period", None))  # a usage mistake before anything is read
    results = Summaries(args.repo, getattr(args, "period", None))  # document by document
    for piece in summary_output(results, getattr(args, "format", "text") or "text"):
        sys.stdout.write(piece)
    return _data_status(results.errors)


def cmd_diff(args) -> int:
    fmt = getattr(args, "format", "text") or "text"
    if getattr(args, "rev", False):
        sys.stdout.write(diff_revisions_output(args.repo, args.old, args.new, fmt))
        return 0
    check_period(args.old, "FROM period")  # a usage mistake before anything is read
    check_period(args.new, "TO period")
    text, errors = diff_periods_output(args.repo, args.old, args.new, fmt)
    sys.stdout.write(text)
    return _data_status(errors)


def cmd_history(args) -> int:
    sys.stdout.write(history_output(args.repo, args.id, getattr(args, "format", "text") or "text"))
    return 0


__all__ = ["cmd_summary", "cmd_diff", "cmd_history"]
