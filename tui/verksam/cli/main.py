"""The `verksam` command: a thin shell over the store and the analysis.

Exit codes everywhere: 0 success, 1 the data has errors, 2 wrong usage. A user's mistake gets a
one-line message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..model.problems import count
from ..store.repository import PlanRepository, RepoError
from ..text import choose_language, language, set_language


from .errors import DataError, UsageError  # noqa: F401  (re-exported for the commands)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # argparse prints usage and exits 2; keep that, one line
        self.exit(2, f"verksam: {message}\n")


def _repo_arg(p: argparse.ArgumentParser, top: bool = False) -> None:
    # The subcommands' options do not default: `verksam --repo D validate` and
    # `verksam validate --repo D` must both mean D (a subparser default would silently win).
    p.add_argument("--repo", default="." if top else argparse.SUPPRESS, metavar="DIR",
                   help="the plans repository (default: the current folder)")
    p.add_argument("--lang", choices=["sv", "en"], default=None if top else argparse.SUPPRESS,
                   help="the app's language (default: $VERKSAM_LANG, else sv)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="verksam", description="Plans and follow-ups as TOML files in Git.")
    from .. import __version__

    p.add_argument("--version", action="version", version=f"verksam {__version__}")
    _repo_arg(p, top=True)
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    d = sub.add_parser("demo", help="create a demo workspace (a Git repository) and open the app on it")
    d.add_argument("dir", nargs="?", default="verksam-demo")
    d.add_argument("--create-only", action="store_true", help="create it, do not open the app")
    d.add_argument("--lang", choices=["sv", "en"], default=argparse.SUPPRESS, help="the app's language")

    v = sub.add_parser("validate", help="check every plan file; one line per problem")
    _repo_arg(v)
    v.add_argument("files", nargs="*", metavar="FILE",
                   help="only these files' problems (their municipality is still checked whole); for pre-commit")
    v.add_argument("--format", choices=["text", "json"], default="text",
                   help="text: FILE:LINE:COL: error|warning: message; json: one object with every problem")

    s = sub.add_parser("set", help="set one value in a plan file, validate, and commit")
    _repo_arg(s)
    s.add_argument("--no-commit", action="store_true", help="write the file but do not commit")
    s.add_argument("-m", "--message", default=None, help="the commit message (default: what changed)")
    s.add_argument("file", metavar="FILE")
    s.add_argument("key", metavar="KEY", help="a dotted TOML key path, e.g. items.3.status")
    s.add_argument("value", metavar="VALUE", help="read as TOML where it parses, else as a string")

    e = sub.add_parser("export", help="write one flat table: indicators, assignments or budget")
    _repo_arg(e)
    e.add_argument("what", choices=["indicators", "assignments", "budget"])
    e.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv")
    e.add_argument("--output", "-o", default=None, metavar="FILE", help="default: standard output")

    su = sub.add_parser("summary", help="indicator, assignment and economy summaries per board and period")
    _repo_arg(su)
    su.add_argument("--period", default=None, help="e.g. 2025-04 (default: the latest follow-up)")
    su.add_argument("--format", choices=["text", "csv", "json"], default="text")

    df = sub.add_parser("diff", help="differences between two periods or two Git revisions")
    _repo_arg(df)
    df.add_argument("old", metavar="FROM")
    df.add_argument("new", metavar="TO")
    df.add_argument("--rev", action="store_true", help="FROM and TO are Git revisions")
    df.add_argument("--format", choices=["text", "csv", "json"], default="text")

    r = sub.add_parser("report", help="the document a file belongs to as PDF, Word, HTML or Markdown")
    _repo_arg(r)
    r.add_argument("file", metavar="FILE", help="any file of the document")
    r.add_argument("--format", choices=["pdf", "docx", "html", "md"], default="pdf")
    r.add_argument("--output", "-o", default=None, metavar="OUT",
                   help="default: the document's name in the current folder, e.g. kommunstyrelsen-delarsrapport-2025-04.pdf")
    r.add_argument("--rev", default=None, metavar="REV", help="the document as at this Git revision")
    r.add_argument("--template", default=None, metavar="T", help="a .docx whose styles Word output uses")

    h = sub.add_parser("history", help="the commits that changed one item, with old → new values")
    _repo_arg(h)
    h.add_argument("id", metavar="ID")

    sc = sub.add_parser("schemas", help="håll förrådets schemas/ lika med verksams egna (för redigerare)")
    _repo_arg(sc)
    g = sc.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true", help="avsluta med 1 om schemas/ skiljer sig")
    g.add_argument("--write", action="store_true", help="skriv verksams scheman till schemas/")

    sv = sub.add_parser("serve", help="öppna appen i en webbläsare (textual-serve); binder till 127.0.0.1")
    _repo_arg(sv)
    sv.add_argument("--host", default="127.0.0.1", help="adressen att lyssna på (standard 127.0.0.1)")
    sv.add_argument("--port", type=int, default=8000, help="porten (standard 8000)")
    sv.add_argument("--public-url", default=None, metavar="URL",
                    help="adressen användarna når appen på, bakom en omvänd proxy (https://…)")
    return p


def problems_of(snap):
    """What validate needs of one municipality (module level: it runs in worker processes)."""
    return len(snap.files), snap.problems


def cmd_validate(args) -> int:
    import json

    repo = PlanRepository(args.repo)
    repo.check_root()
    wanted: set[str] | None = None
    only: list[str] | None = None
    if args.files:
        wanted = set()
        for f in args.files:
            path = Path(f) if Path(f).is_absolute() else Path.cwd() / f
            try:
                rel = path.resolve().relative_to(repo.root.resolve()).as_posix()
            except ValueError:
                raise UsageError(f"{f}: inte i planförrådet {repo.root}") from None
            parts = rel.split("/")
            if len(parts) < 3 or parts[0] != "plans":
                raise UsageError(f"{f}: inte en planfil under plans/<kommun>/")
            wanted.add(rel)
        only = sorted({rel.split("/")[1] for rel in wanted})
    n_files = n_err = n_warn = 0
    found = []
    # one municipality at a time, shared between the cores: flat memory at national scale
    results = (repo.map_municipalities(problems_of) if only is None
               else [problems_of(snap) for snap in repo.scan(only=only)])
    for files, problems in results:
        if wanted is not None:
            problems = [p for p in problems if p.file in wanted]
            files = len(wanted)
        for p in problems:
            if args.format == "text":
                print(p.format())
            else:
                found.append({"file": p.file, "line": p.line, "col": p.col, "severity": p.severity,
                              "message": p.message, "hint": p.hint, "code": p.code, "ref": p.ref})
        n_files += files
        n_err += sum(count(p) for p in problems if p.severity == "error")  # a "… and N more" line counts N
        n_warn += sum(count(p) for p in problems if p.severity == "warning")
    if wanted is not None:
        n_files = len(wanted)
    from ..model.problems import Problem
    from ..store.schemas import drift

    for rel in drift(repo.root):  # editors would check the files against other rules than verksam's
        p = Problem(rel, 1, 1, "warning", "differs from verksam's own schema", "verksam schemas --write",
                    code="schema-drift")
        n_warn += 1
        if args.format == "text":
            print(p.format())
        else:
            found.append({"file": p.file, "line": p.line, "col": p.col, "severity": p.severity,
                          "message": p.message, "hint": p.hint, "code": p.code, "ref": p.ref})
    if args.format == "json":
        print(json.dumps({"files": n_files, "errors": n_err, "warnings": n_warn, "problems": found},
                         ensure_ascii=False, indent=1))
    print(f"{n_files} files: {n_err} errors, {n_warn} warnings", file=sys.stderr)
    return 1 if n_err else 0


def _lang_flag(argv: list[str]) -> str | None:
    """--lang's value, read before parsing so that --help and argparse's own messages speak it."""
    flag = None
    for i, a in enumerate(argv):
        if a == "--":
            break
        if a == "--lang" and i + 1 < len(argv):
            flag = argv[i + 1]
        elif a.startswith("--lang="):
            flag = a.split("=", 1)[1]
    return flag


def cmd_schemas(args) -> int:
    from ..store import schemas

    repo = PlanRepository(args.repo)
    repo.check_root()
    if args.check:
        differ = schemas.drift(repo.root)
        for rel in differ:
            print(f"{rel}: skiljer sig från verksams schema (verksam schemas --write)")
        return 1 if differ else 0
    for rel in schemas.write_copy(repo.root):
        print(f"{rel}: skrivet")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    before = language()
    try:
        set_language(choose_language(_lang_flag(argv), os.environ))
    except ValueError as e:
        print(f"verksam: {e}", file=sys.stderr)
        return 2
    try:
        return _main(argv)
    finally:
        set_language(before)  # main() called twice in one process (tests) starts afresh


def _main(argv: list[str]) -> int:
    from .output import neutral_output

    parser = build_parser()
    try:
        with neutral_output():  # argparse echoes arguments in its messages
            args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help (0) or a usage mistake (2), already printed
        return int(e.code or 0)
    if args.command in (None, "demo"):  # the app draws the terminal itself (and neutralises its widgets)
        return _run(args)
    with neutral_output():  # every byte a command prints: no control character from a file reaches a terminal
        return _run(args)


def _run(args) -> int:
    try:
        if args.command is None:
            from .commands import cmd_open

            return cmd_open(args)
        if args.command == "validate":
            return cmd_validate(args)
        if args.command == "schemas":
            return cmd_schemas(args)
        if args.command == "serve":
            from .serve import cmd_serve

            return cmd_serve(args)
        from . import commands

        return getattr(commands, f"cmd_{args.command}")(args)
    except (RepoError, UsageError) as e:
        print(f"verksam: {e}", file=sys.stderr)
        return 2
    except DataError as e:
        print(f"verksam: {e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except OSError as e:  # a path that does not exist, is not a folder, cannot be written …
        where = f"{e.filename}: " if getattr(e, "filename", None) else ""
        print(f"verksam: {where}{e.strerror or e}", file=sys.stderr)
        return 2
    except Exception as e:  # a bug: still one line for the user; the traceback on request
        if os.environ.get("VERKSAM_DEBUG"):
            raise
        print(f"verksam: internal error: {type(e).__name__}: {e} (VERKSAM_DEBUG=1 shows the traceback)",
              file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
