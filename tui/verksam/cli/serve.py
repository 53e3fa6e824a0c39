"""`verksam serve`: the same app in a browser, through textual-serve.

Every browser tab starts its own `verksam` process (textual-serve runs the command with Textual's
web driver); it binds to 127.0.0.1 unless told otherwise, because the app itself has no login:
on a shared server, put it behind the municipality's reverse proxy and its login (docs/serve.md).
"""

from __future__ import annotations

import shlex
import sys

from ..service.repository import open_root
from ..text import t


def cmd_serve(args) -> int:
    from .errors import UsageError

    try:
        from textual_serve.server import Server
    except ImportError as e:  # pragma: no cover - a dependency of verksam
        raise UsageError(t("cli.serve.missing")) from e
    root = open_root(args.repo)
    command = " ".join(shlex.quote(a) for a in (sys.executable, "-m", "verksam", "--repo", str(root)))
    lang = getattr(args, "lang", None)
    if lang:
        command += f" --lang {shlex.quote(lang)}"
    public_url = args.public_url or None
    where = f"http://{args.host}:{args.port}"
    print(t("cli.serve.serving", root=root, where=where) + (t("cli.serve.public", url=public_url) if public_url else ""),
          file=sys.stderr)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(t("cli.serve.no_login"), file=sys.stderr)
    server = Server(command, host=args.host, port=args.port, title="verksam", public_url=public_url)
    server.serve()
    return 0
