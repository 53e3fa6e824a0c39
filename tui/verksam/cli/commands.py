"""The commands beyond validate: set, export, demo, open (and the analysis commands)."""

from __future__ import annotations

import io
import sys
from functools import partial
from pathlib import Path

from ..analysis.frames import Frames, export_frame
from ..model.entities import Workspace
from ..store import git
from ..store.repository import PlanRepository
from ..store.schemas import unsafe_value
from ..model.values import parse_swedish_number
from ..store.session import change_label, short_value
from ..store.writer import FileEditor, WriteRefused, parse_key, parse_value
from .errors import DataError, UsageError
from .output import NeutralStream


def _value_text(v) -> str:
    if v is None:
        return "(inget)"
    if isinstance(v, str):
        return v if "\n" not in v else v.splitlines()[0] + " …"
    return str(v)


def cmd_set(args) -> int:
    repo = PlanRepository(args.repo)
    repo.check_root()
    rel = Path(args.file).as_posix()
    if Path(args.file).is_absolute():
        try:
            rel = Path(args.file).resolve().relative_to(repo.root).as_posix()
        except ValueError:
            raise UsageError(f"{args.file}: not inside the repository {repo.root}") from None
    if not (repo.root / rel).is_file():
        raise UsageError(f"{rel}: no such file in {repo.root}")
    if not (rel.startswith("plans/") and rel.endswith(".toml")):
        raise UsageError(f"{rel}: not a plan file (a .toml file under plans/)")
    try:
        path = parse_key(args.key)
    except ValueError as e:
        raise UsageError(f"bad KEY {args.key!r}: {e}") from None
    value = parse_value(args.value)
    if isinstance(value, str):
        number = parse_swedish_number(value)  # "5,3", "1 234,5", "−3": what a Swedish user types
        if number is not None:
            value = int(number) if number.is_integer() and "," not in value and "." not in value else number
    unsafe = unsafe_value(value, args.key)
    if unsafe:
        raise DataError(f"{rel}: {unsafe}")
    if not args.no_commit:
        dirty = git.uncommitted(repo.root, [rel])
        if dirty:  # committing now would put someone else's changes under this message
            raise DataError(f"{rel} has changes that are not committed; commit or discard them first, "
                            f"or use --no-commit")
    try:  # a file that does not parse is refused here, with tomlkit's position
        editor = FileEditor(repo.root, rel)
    except WriteRefused as e:
        raise DataError(str(e)) from None
    try:
        old = editor.set(path, value)
        norm = editor.normalize(path)
    except KeyError as e:
        what = str(e.args[0]) if e.args else args.key
        raise UsageError(f"{rel}: {what if what.startswith('no ') else 'no key ' + repr(what)}") from None
    except (IndexError, TypeError):
        raise UsageError(f"{rel}: no key {args.key!r}") from None
    except WriteRefused as e:
        raise DataError(str(e)) from None
    if old == value:
        print(f"{rel}: {args.key} is already {_value_text(value)}", file=sys.stderr)
        return 0
    # validate the repository as it would be, before writing
    try:
        new_text = editor.render()
        editor.check(new_text)
    except WriteRefused as e:
        raise DataError(str(e)) from None
    new_errors = repo.added_errors({rel: new_text})
    if new_errors:
        for p in new_errors:
            print(p.format(), file=sys.stderr)
        raise DataError(f"{rel}: not written, the change does not validate")
    try:
        saved = editor.save()
    except WriteRefused as e:
        raise DataError(str(e)) from None
    message = args.message or f"{change_label(editor.data, norm)} {short_value(old)} → {short_value(value)}"
    changed = f"{rel}: {args.key} {_value_text(old)} → {_value_text(value)}"
    if args.no_commit:
        print(changed)
        return 0
    try:
        sha = git.commit(repo.root, [rel], message)
    except git.GitError as e:  # all or nothing: the file goes back as it was
        editor.restore(saved.old_text)
        raise DataError(f"{rel}: not changed, git refused the commit: {e}") from None
    print(changed)
    print(f"committed {sha[:10]}: {message.splitlines()[0]}")
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
    buf = io.BytesIO()
    export_frame(Frames(snap.workspace), what).write_ipc(buf)
    return buf.getvalue(), len(snap.errors)


def cmd_export(args) -> int:
    import polars as pl

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
