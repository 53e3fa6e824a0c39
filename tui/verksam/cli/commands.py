"""The commands beyond validate: set, export, demo, open (and the analysis commands): parsing's
results passed to the service, its results printed."""

from __future__ import annotations

import sys
from pathlib import Path

from ..text import language, t
from .errors import DataError, UsageError


def _value_text(v) -> str:
    """A value as `set` shows it: a text as it is (its first line), anything else as TOML, the
    way it is written in the file ({ target = 5 }, true, 2025-04-30)."""
    if v is None:
        return t("cli.set.nothing")
    if isinstance(v, str):
        return v if "\n" not in v else v.splitlines()[0] + " …"
    from ..service.setting import toml_text

    return toml_text(v)


def cmd_set(args) -> int:
    """Parse and print only: the work is verksam.service.setting.set_value."""
    from ..service.repository import GitError, PathRefused
    from ..service.setting import InvalidEdit, SetUsage, WriteRefused, set_value

    try:
        r = set_value(args.repo, args.file, args.key, args.value, commit=not args.no_commit, message=args.message)
    except SetUsage as e:
        raise UsageError(str(e)) from None
    except InvalidEdit as e:
        for p in e.problems:
            print(p.format(), file=sys.stderr)
        if e.problems:
            raise DataError(t("cli.set.not_valid", file=Path(args.file).as_posix())) from None
        raise DataError(str(e)) from None
    except (WriteRefused, PathRefused, GitError) as e:
        raise DataError(str(e)) from None
    for line in r.recovered:
        print(f"verksam: {line}", file=sys.stderr)
    if r.unchanged:
        print(t("cli.set.already", file=r.file, name=r.key, value=_value_text(r.new)), file=sys.stderr)
        return 0
    print(t("cli.set.changed", file=r.file, name=r.key, old=_value_text(r.old), new=_value_text(r.new)))
    if r.commit:
        print(t("cli.set.committed", sha=r.commit[:10], subject=r.message.splitlines()[0]))
    return 0


def cmd_export(args) -> int:
    from ..service.export import ExportFilter, export_table, write_export

    flt = ExportFilter(document=getattr(args, "document", None), period=getattr(args, "period", None),
                       board=getattr(args, "board", None))
    exp = export_table(args.repo, args.what, flt)
    write_export(exp, args.format, args.output, excel=getattr(args, "excel", False))
    if exp.errors:
        print("verksam: " + t("cli.export.data_errors", n=exp.errors), file=sys.stderr)
        return 1
    return 0


def cmd_demo(args) -> int:
    from ..service.repository import create_demo

    target = Path(args.dir)
    created = create_demo(target)
    print(t("cli.demo.created" if created else "cli.demo.existing", dir=target), file=sys.stderr)
    if args.create_only:
        return 0
    args.repo = str(target)
    return cmd_open(args)


def cmd_open(args) -> int:
    import os

    # Started without a terminal (a pipe, cron, CI) the app would write escape codes into the pipe
    # and wait for keys that never come: say so and stop. textual-serve's web driver is a terminal.
    if "TEXTUAL_DRIVER" not in os.environ and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError(t("cli.open.no_terminal"))
    from ..app.main import run_app
    from ..service.repository import open_root

    return run_app(open_root(args.repo), lang=language())


def cmd_summary(args) -> int:
    from .analysis_commands import cmd_summary as impl

    return impl(args)


def cmd_diff(args) -> int:
    from .analysis_commands import cmd_diff as impl

    return impl(args)


def cmd_history(args) -> int:
    from .analysis_commands import cmd_history as impl

    return impl(args)


def cmd_round(args) -> int:
    from .round_commands import cmd_round as impl

    return impl(args)


def cmd_report(args) -> int:
    from ..service import report as R
    from ..text import t

    try:
        rep = R.build(args.repo, args.file, rev=args.rev)
        data = R.make(rep, args.format, args.template)
        out = Path(args.output) if args.output else R.default_output(rep, args.format)
        R.write(out, data, root=args.repo)
    except R.ReportUsageError as e:
        raise UsageError(str(e)) from None
    except R.ReportDataError as e:
        raise DataError(str(e)) from None
    print(t("report.cli.written", path=str(out), kb=max(1, round(len(data) / 1024))), file=sys.stderr)
    return 0
