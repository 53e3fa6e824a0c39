"""The `verksam` command: parsing and printing over the service layer (it never reaches the store).

Exit codes everywhere: 0 success, 1 the data has errors, 2 wrong usage. A user's mistake gets a
one-line message on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from ..service.repository import RepoError, find_root
from ..text import STRINGS, choose_language, language, set_language, t
from .errors import DataError, UsageError


class _Parser(argparse.ArgumentParser):
    def __init__(self, *a, **kw):
        kw.setdefault("formatter_class", argparse.RawDescriptionHelpFormatter)  # examples keep their lines
        super().__init__(*a, **kw)

    def error(self, message: str):  # argparse prints usage and exits 2; keep that, one line
        self.exit(2, f"verksam: {message}\n")


# argparse's own words (usage:, options, the errors) in the current language: argparse asks
# gettext for each; these are its message ids (Python 3.11–3.13) and the catalog's keys for them.
ARGPARSE_TEXTS = {
    "usage: ": "cli.argparse.usage",
    "positional arguments": "cli.argparse.positionals",
    "options": "cli.argparse.options",
    "optional arguments": "cli.argparse.options",
    "show this help message and exit": "cli.argparse.help",
    "show program's version number and exit": "cli.argparse.version",
    "the following arguments are required: %s": "cli.argparse.required",
    "unrecognized arguments: %s": "cli.argparse.unrecognized",
    "invalid choice: %(value)r (choose from %(choices)s)": "cli.argparse.choice",
    "argument %(argument_name)s: %(message)s": "cli.argparse.argument",
    "expected one argument": "cli.argparse.expected_one",
    "expected at most one argument": "cli.argparse.expected_at_most_one",
    "expected at least one argument": "cli.argparse.expected_at_least_one",
    "invalid %(type)s value: %(value)r": "cli.argparse.invalid_value",
    "ambiguous option: %(option)s could match %(matches)s": "cli.argparse.ambiguous",
    "not allowed with argument %s": "cli.argparse.not_allowed",
    "one of the arguments %s is required": "cli.argparse.one_required",
    "ignored explicit argument %r": "cli.argparse.ignored",
    "%(prog)s: error: %(message)s\n": "cli.argparse.error",
}


def _argparse_gettext(msgid: str) -> str:
    key = ARGPARSE_TEXTS.get(msgid)
    return t(key) if key else msgid


def _argparse_ngettext(singular: str, plural: str, n: int) -> str:
    if singular == "expected %s argument":
        return t("cli.argparse.expected_n")
    return singular if n == 1 else plural


@contextmanager
def argparse_in_our_language():
    """argparse's words from the catalog while parsing or printing help (argparse looks up
    gettext's `_` and `ngettext` in its module at each call)."""
    saved = argparse._, argparse.ngettext
    argparse._, argparse.ngettext = _argparse_gettext, _argparse_ngettext
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved


def _epilog(key: str) -> str:
    """A command's examples and the exit codes, under their headings (`key`: cli.<name>)."""
    parts = []
    if f"{key}.examples" in STRINGS:
        parts.append(t("cli.heading.examples") + "\n" + t(f"{key}.examples"))
    parts.append(t("cli.heading.exit") + "\n" + t("cli.exit_codes"))
    return "\n\n".join(parts)


def _command(sub, name: str, area: str = "cli") -> argparse.ArgumentParser:
    """A subcommand with its words from the catalog: cli.<name>.help (one line in the list),
    cli.<name>.description (optional, longer) and cli.<name>.examples (optional); another area's
    commands (`area` "sync.cli") keep their words in that area's module."""
    key = f"{area}.{name.replace('-', '_')}"
    desc_key = f"{key}.description"
    return sub.add_parser(name, help=t(f"{key}.help"),
                          description=t(desc_key) if desc_key in STRINGS else t(f"{key}.help"),
                          epilog=_epilog(key))


def _repo_arg(p: argparse.ArgumentParser, top: bool = False) -> None:
    # The subcommands' options do not default: `verksam --repo D validate` and
    # `verksam validate --repo D` must both mean D (a subparser default would silently win).
    p.add_argument("--repo", default="." if top else argparse.SUPPRESS, metavar=t("cli.metavar.dir"), help=t("cli.opt.repo"))
    p.add_argument("--lang", choices=["sv", "en"], default=None if top else argparse.SUPPRESS, help=t("cli.opt.lang"))
    p.add_argument("--no-cache", action="store_true", default=False if top else argparse.SUPPRESS, help=t("cli.opt.no_cache"))


def build_parser() -> argparse.ArgumentParser:
    with argparse_in_our_language():
        return _build_parser()


def _build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="verksam", description=t("cli.description"), epilog=_epilog("cli.verksam"))
    from .. import __version__

    p.add_argument("--version", action="version", version=f"verksam {__version__}", help=t("cli.argparse.version"))
    _repo_arg(p, top=True)
    sub = p.add_subparsers(dest="command", parser_class=_Parser, title=t("cli.heading.commands"), metavar=t("cli.metavar.command"))

    d = _command(sub, "demo")
    d.add_argument("dir", nargs="?", default="verksam-demo", metavar=t("cli.metavar.dir"), help=t("cli.demo.dir"))
    d.add_argument("--create-only", action="store_true", help=t("cli.demo.create_only"))
    d.add_argument("--lang", choices=["sv", "en"], default=argparse.SUPPRESS, help=t("cli.opt.lang"))

    v = _command(sub, "validate")
    _repo_arg(v)
    v.add_argument("files", nargs="*", metavar=t("cli.metavar.file"), help=t("cli.validate.files"))
    v.add_argument("--format", choices=["text", "json"], default="text", help=t("cli.validate.format"))

    s = _command(sub, "set")
    _repo_arg(s)
    s.add_argument("--no-commit", action="store_true", help=t("cli.set.no_commit"))
    s.add_argument("-m", "--message", default=None, metavar=t("cli.metavar.text"), help=t("cli.set.message"))
    s.add_argument("file", metavar=t("cli.metavar.file"), help=t("cli.set.file"))
    s.add_argument("key", metavar=t("cli.metavar.key"), help=t("cli.set.key"))
    s.add_argument("value", metavar=t("cli.metavar.value"), help=t("cli.set.value"))

    e = _command(sub, "export")
    _repo_arg(e)
    e.add_argument("what", choices=["indicators", "assignments", "budget", "controls"], help=t("cli.export.what"))
    e.add_argument("--format", choices=["csv", "json", "xlsx"], default="csv", help=t("cli.export.format"))
    e.add_argument("--excel", action="store_true", help=t("cli.export.excel"))
    e.add_argument("--output", "-o", default=None, metavar=t("cli.metavar.file"), help=t("cli.opt.output"))
    e.add_argument("--document", default=None, metavar=t("cli.metavar.file"), help=t("cli.export.document"))
    e.add_argument("--period", default=None, metavar=t("cli.metavar.period"), help=t("cli.export.period"))
    e.add_argument("--board", default=None, metavar=t("cli.metavar.board"), help=t("cli.export.board"))

    su = _command(sub, "summary")
    _repo_arg(su)
    su.add_argument("--period", default=None, metavar=t("cli.metavar.period"), help=t("cli.summary.period"))
    su.add_argument("--format", choices=["text", "csv", "json"], default="text", help=t("cli.opt.format"))

    df = _command(sub, "diff")
    _repo_arg(df)
    df.add_argument("old", metavar=t("cli.metavar.from"), help=t("cli.diff.old"))
    df.add_argument("new", metavar=t("cli.metavar.to"), help=t("cli.diff.new"))
    df.add_argument("--rev", action="store_true", help=t("cli.diff.rev"))
    df.add_argument("--format", choices=["text", "csv", "json"], default="text", help=t("cli.opt.format"))

    r = _command(sub, "report")
    _repo_arg(r)
    r.add_argument("file", metavar=t("cli.metavar.file"), help=t("cli.report.file"))
    r.add_argument("--format", choices=["pdf", "docx", "html", "md"], default="pdf", help=t("cli.report.format"))
    r.add_argument("--output", "-o", default=None, metavar=t("cli.metavar.file"), help=t("cli.report.output"))
    r.add_argument("--rev", default=None, metavar="REV", help=t("cli.report.rev"))
    r.add_argument("--template", default=None, metavar=t("cli.metavar.file"), help=t("cli.report.template"))

    rd = _command(sub, "round")
    rsub = rd.add_subparsers(dest="round_command", parser_class=_Parser, required=True)
    rs = rsub.add_parser("status", help=t("cli.round.status"))
    rr = rsub.add_parser("ready", help=t("cli.round.ready"))
    rr.add_argument("unit", metavar=t("cli.metavar.unit"), help=t("cli.round.unit"))
    rr.add_argument("--force", action="store_true", help=t("cli.round.force"))
    ra = rsub.add_parser("approve", help=t("cli.round.approve"))
    ro = rsub.add_parser("reopen", help=t("cli.round.reopen"))
    rst = rsub.add_parser("start", help=t("cli.round.start"))
    rst.add_argument("--deadline", default=None, metavar=t("cli.metavar.date"), help=t("cli.round.deadline"))
    rst.add_argument("--instructions", default=None, metavar=t("cli.metavar.text"), help=t("cli.round.instructions"))
    for q in (rs, rr, ra, ro, rst):
        _repo_arg(q)
        q.add_argument("--period", default=None, required=q is not rs, metavar=t("cli.metavar.period"),
                       help=t("cli.round.period_latest") if q is rs else t("cli.round.period"))
        q.add_argument("--board", default=None, metavar=t("cli.metavar.board"), help=t("cli.round.board"))
    rs.add_argument("--format", choices=["text", "csv", "json"], default="text", help=t("cli.opt.format"))
    rs.add_argument("--missing", action="store_true", help=t("cli.round.missing"))
    for q in (rr, ra):
        q.add_argument("-m", "--message", default="", metavar=t("cli.metavar.text"), help=t("cli.round.message"))
    ro.add_argument("-m", "--message", required=True, metavar=t("cli.metavar.reason"), help=t("cli.round.reason"))

    h = _command(sub, "history")
    _repo_arg(h)
    h.add_argument("id", metavar="ID", help=t("cli.history.id"))
    h.add_argument("--format", choices=["text", "csv", "json"], default="text", help=t("cli.opt.format"))

    sc = _command(sub, "schemas")
    _repo_arg(sc)
    g = sc.add_mutually_exclusive_group(required=True)
    g.add_argument("--check", action="store_true", help=t("cli.schemas.check"))
    g.add_argument("--write", action="store_true", help=t("cli.schemas.write"))

    sv = _command(sub, "serve")
    _repo_arg(sv)
    sv.add_argument("--host", default="127.0.0.1", help=t("cli.serve.host"))
    sv.add_argument("--port", type=int, default=8000, help=t("cli.serve.port"))
    sv.add_argument("--public-url", default=None, metavar="URL", help=t("cli.serve.public_url"))

    c = _command(sub, "completion")
    c.add_argument("shell", choices=["bash", "zsh", "tcsh"], help=t("cli.completion.shell"))

    _sync_parsers(sub)
    return p


def _sync_parsers(sub) -> None:
    """Working together: init, sync, status, merge-file, server init, hook pre-receive."""
    for name in ("init", "sync", "status"):
        _repo_arg(_command(sub, name, "sync.cli"))
    mf = _command(sub, "merge-file", "sync.cli")
    _repo_arg(mf)
    for name in ("base", "ours", "theirs", "path"):
        mf.add_argument(name, metavar=name.upper(), help=t(f"sync.cli.merge_file.{name}"))
    sv = _command(sub, "server", "sync.cli")
    svs = sv.add_subparsers(dest="server_command", required=True, parser_class=_Parser)
    si = _command(svs, "init", "sync.cli.server")
    si.add_argument("path", metavar="PATH", help=t("sync.cli.server.init.path"))
    hk = _command(sub, "hook", "sync.cli")
    hks = hk.add_subparsers(dest="hook_command", required=True, parser_class=_Parser)
    _command(hks, "pre-receive", "sync.cli.hook")


SYNC_COMMANDS = {"init": "cmd_init", "sync": "cmd_sync", "status": "cmd_status", "merge-file": "cmd_merge_file",
                 "server": "cmd_server", "hook": "cmd_hook"}


def cmd_validate(args) -> int:
    import json

    from ..service.validate import repository_warnings, validate

    n_files = n_err = n_warn = 0
    found = []
    for v in validate(args.repo, args.files):
        for p in v.problems:
            if args.format == "text":
                print(p.format())
            else:
                found.append({"file": p.file, "line": p.line, "col": p.col, "severity": p.severity,
                              "message": p.message, "hint": p.hint, "code": p.code, "ref": p.ref})
        n_files += v.files
        n_err += v.errors
        n_warn += v.warnings
    for p in repository_warnings(args.repo, args.files):  # the clone and its schemas/ copy
        n_warn += 1
        if args.format == "text":
            print(p.format())
        else:
            found.append({"file": p.file, "line": p.line, "col": p.col, "severity": p.severity,
                          "message": p.message, "hint": p.hint, "code": p.code, "ref": p.ref})
    if args.format == "json":
        print(json.dumps({"files": n_files, "errors": n_err, "warnings": n_warn, "problems": found},
                         ensure_ascii=False, indent=1))
    print(t("cli.validate.summary", files=n_files, errors=n_err, warnings=n_warn), file=sys.stderr)
    return 1 if n_err else 0


def cmd_completion(args) -> int:
    """The shell completion script for bash or zsh (shtab, from this very parser)."""
    import shtab

    print(shtab.complete(build_parser(), shell=args.shell))
    return 0


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
    from ..service.repository import open_root
    from ..service.validate import schemas_drift, schemas_write

    root = open_root(args.repo)
    if args.check:
        differ = schemas_drift(root)
        for rel in differ:
            print(t("cli.schemas.differs", file=rel))
        return 1 if differ else 0
    for rel in schemas_write(root):
        print(t("cli.schemas.written", file=rel))
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    before = language()
    try:
        set_language(choose_language(_lang_flag(argv), os.environ))
    except ValueError as e:
        print(f"verksam: {e}", file=sys.stderr)
        return 2
    no_cache = os.environ.get("VERKSAM_NO_CACHE")
    try:
        return _main(argv)
    finally:
        set_language(before)  # main() called twice in one process (tests) starts afresh
        if no_cache is None:  # --no-cache holds for this call only
            os.environ.pop("VERKSAM_NO_CACHE", None)
        else:
            os.environ["VERKSAM_NO_CACHE"] = no_cache


def _main(argv: list[str]) -> int:
    from .output import neutral_output

    parser = build_parser()
    try:
        with neutral_output(), argparse_in_our_language():  # argparse echoes arguments in its messages
            args = parser.parse_args(argv)
    except SystemExit as e:  # argparse: --help (0) or a usage mistake (2), already printed
        return int(e.code or 0)
    if args.no_cache:  # the environment, so that worker processes follow it too (store/filecache.py)
        os.environ["VERKSAM_NO_CACHE"] = "1"
    if args.command in (None, "demo"):  # the app draws the terminal itself (and neutralises its widgets)
        return _run(args)
    with neutral_output():  # every byte a command prints: no control character from a file reaches a terminal
        return _run(args)


def _run(args) -> int:
    try:
        if args.command not in ("demo", "completion", "init", "server", "hook", "merge-file"):  # the repository root, found from a subfolder as git does
            args.repo = str(find_root(args.repo))
        if args.command is None:
            from .commands import cmd_open

            return cmd_open(args)
        if args.command == "validate":
            return cmd_validate(args)
        if args.command in SYNC_COMMANDS:
            from . import sync_commands

            return getattr(sync_commands, SYNC_COMMANDS[args.command])(args)
        if args.command == "completion":
            return cmd_completion(args)
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
        print(t("cli.internal", error=f"{type(e).__name__}: {e}"), file=sys.stderr)
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
