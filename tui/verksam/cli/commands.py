"""The commands beyond validate: set, export, demo, open (and the analysis commands)."""

from __future__ import annotations

import io
import sys
from functools import partial
from pathlib import Path

from ..store.repository import PlanRepository
from ..text import t
from .errors import DataError, UsageError
from .output import NeutralStream


def _value_text(v) -> str:
    if v is None:
        return t("cli.set.nothing")
    if isinstance(v, str):
        return v if "\n" not in v else v.splitlines()[0] + " …"
    return str(v)


def cmd_set(args) -> int:
    """Parse and print only: the work is verksam.service.setting.set_value."""
    from ..service.setting import InvalidEdit, SetUsage, WriteRefused, set_value
    from ..store.paths import PathRefused

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
    except (WriteRefused, PathRefused) as e:
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


def _write_frames(parts: list, fmt: str, output: str | None, empty) -> None:
    """Write the parts as one table. CSV and JSON are written part by part, so a national export
    never holds the whole table (or its text) in memory; xlsx needs it whole."""
    import polars as pl

    if fmt == "xlsx":
        if not output:
            raise UsageError("--format xlsx needs --output FILE")
        df = pl.concat([p() for p in parts]) if parts else empty
        try:
            df.write_excel(output)
        except ModuleNotFoundError:
            raise UsageError("xlsx export needs the xlsxwriter package (pip install xlsxwriter)") from None
        return
    # a file gets what the terminal would: CSV cells in the visible form, JSON with its escapes
    out = NeutralStream(open(output, "w", encoding="utf-8", newline=""), owns=True) if output else sys.stdout
    try:
        if fmt == "csv":
            if not parts:
                out.write(empty.write_csv())
            for i, part in enumerate(parts):
                out.write(part().write_csv(include_header=i == 0))
        else:
            out.write("[")
            first = True
            for part in parts:
                body = part().write_json().strip()[1:-1]
                if body:
                    out.write(("" if first else ",") + body)
                    first = False
            out.write("]\n")
    finally:
        if output:
            out.close()


def export_part(what: str, snap) -> tuple[bytes, int]:
    """One municipality's export frame as Arrow IPC bytes, and its error count (runs in workers)."""
    from ..analysis.frames import Frames, export_frame

    buf = io.BytesIO()
    export_frame(Frames(snap.workspace), what).write_ipc(buf)
    return buf.getvalue(), len(snap.errors)


def cmd_export(args) -> int:
    import polars as pl

    from ..analysis.frames import Frames, export_frame
    from ..model.entities import Workspace

    repo = PlanRepository(args.repo)
    # one municipality at a time, shared between the cores; frames are compact, models are not
    results = repo.map_municipalities(partial(export_part, args.what))
    errors = sum(n for _, n in results)
    parts = [partial(pl.read_ipc, io.BytesIO(b)) for b, _ in results]
    _write_frames(parts, args.format, args.output, export_frame(Frames(Workspace()), args.what))
    if errors:
        print(f"verksam: {errors} errors in the data (verksam validate); exported what could be read",
              file=sys.stderr)
        return 1
    return 0


def cmd_demo(args) -> int:
    from ..store.demo import create_demo

    target = Path(args.dir)
    created = create_demo(target)
    print(("created" if created else "using existing") + f" demo workspace {target}", file=sys.stderr)
    if args.create_only:
        return 0
    args.repo = str(target)
    return cmd_open(args)


def cmd_open(args) -> int:
    import os

    # Started without a terminal (a pipe, cron, CI) the app would write escape codes into the pipe
    # and wait for keys that never come: say so and stop. textual-serve's web driver is a terminal.
    if "TEXTUAL_DRIVER" not in os.environ and not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise UsageError("appen behöver en terminal (standard in och ut är inte en terminal); "
                         "kommandon utan app: verksam validate, summary, export … (verksam --help)")
    from ..app.main import run_app

    repo = PlanRepository(args.repo)
    repo.check_root()
    from ..text import language

    return run_app(repo.root, lang=language())  # chosen by main from --lang and the environment


def cmd_summary(args) -> int:
    from .analysis_commands import cmd_summary as impl

    return impl(args)


def cmd_diff(args) -> int:
    from .analysis_commands import cmd_diff as impl

    return impl(args)


def cmd_history(args) -> int:
    from .analysis_commands import cmd_history as impl

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
