"""Entry point for the command line: `run_app(root, lang) -> int`."""

from __future__ import annotations

from pathlib import Path


def run_app(root: Path, lang: str = "sv") -> int:
    from .app import VerksamApp

    app = VerksamApp(Path(root), lang=lang)
    app.run()
    return app.return_code or 0
