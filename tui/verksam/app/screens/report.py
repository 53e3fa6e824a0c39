"""`P`: the document shown as its report. A preview (Textual's Markdown widget, built in a thread
worker while a loading indicator shows) and keys that write PDF, Word, HTML or Markdown into the
current folder, named after the document, each rendered off the event loop with its progress in
the status line. The report is made from the files as committed and on disk (or from the
revision shown with `L`), the same as `verksam report`: unsaved edits are not in it."""

from __future__ import annotations

import re
from pathlib import Path

from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Markdown, Static
from ..widgets.footer import KeyFooter

from ..commands import use_bindings
from ...service import report as R
from ...text import t

FORMAT_NAMES = {"pdf": "PDF", "docx": "Word", "html": "HTML", "md": "Markdown"}
PAGE_CHARS = 4000  # Textual's Markdown widget mounts a widget per block: a page at a time stays quick


def preview_pages(md: str, size: int = PAGE_CHARS) -> list[str]:
    """The report's Markdown in pages of about `size` characters, each starting at a heading
    (a long section is one page; nothing is cut inside a table or a paragraph)."""
    parts = [p for p in re.split(r"(?m)^(?=#{1,5} )", md) if p.strip()]
    pages: list[str] = []
    for part in parts:
        if pages and len(pages[-1]) + len(part) <= size:
            pages[-1] += part
        else:
            pages.append(part)
    return pages or [""]


def page_title(page: str) -> str:
    m = re.search(r"(?m)^#{1,6} (.+)$", page)
    return m.group(1) if m else ""


class ReportScreen(Screen):
    def __init__(self, root: Path, file: str, rev: str | None = None, folder: Path | None = None):
        super().__init__()
        use_bindings(self, "report")
        self.root = Path(root)
        self.file = file
        self.rev = rev
        self.folder = Path(folder) if folder is not None else Path.cwd()
        self.report = None
        self.pages: list[str] = []
        self.page = 0
        self.written: list[Path] = []
        self.busy = False

    def compose(self) -> ComposeResult:
        yield Static(t("report.preview.building"), id="report-status")
        with VerticalScroll(id="report-scroll"):
            yield Markdown("", id="report-preview")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.query_one("#report-scroll").loading = True
        self.build_report()

    def _status(self, text: str) -> None:
        self.query_one("#report-status", Static).update(text)

    # ------------------------------------------------------------ workers

    @work(thread=True, exclusive=True, group="report-build", exit_on_error=False)
    def build_report(self) -> None:
        try:
            rep = R.build(self.root, self.file, rev=self.rev)
            md = R.make(rep, "md").decode("utf-8")
        except Exception as e:  # a user's data or revision: shown, not raised
            self.app.call_from_thread(self._failed, str(e))
            return
        self.app.call_from_thread(self._built, rep, md)

    def _built(self, rep, md: str) -> None:
        self.report = rep
        self.sub_title = rep.title
        self.pages = preview_pages(md)
        self.query_one("#report-scroll").loading = False
        self._show_page(0)

    def _show_page(self, n: int) -> None:
        self.page = max(0, min(n, len(self.pages) - 1))
        self.query_one("#report-preview", Markdown).update(self.pages[self.page])
        self.query_one("#report-scroll").scroll_home(animate=False)
        self._status(self._where())

    def _where(self) -> str:
        return (f"{t('report.preview.page', n=self.page + 1, of=len(self.pages), title=page_title(self.pages[self.page]))}"
                f"  ·  {t('report.preview.keys')}")

    def action_page(self, step: int) -> None:
        if self.pages:
            self._show_page(self.page + step)

    def _failed(self, error: str) -> None:
        self.busy = False
        self.query_one("#report-scroll").loading = False
        self._status(t("report.preview.failed", error=error))
        self.notify(t("report.preview.failed", error=error), severity="error")

    def action_write(self, fmt: str) -> None:
        if self.report is None or self.busy:
            return
        self.busy = True
        self._status(t("report.preview.rendering", fmt=FORMAT_NAMES[fmt]))
        self.write_format(fmt)

    @work(thread=True, exclusive=True, group="report-write", exit_on_error=False)
    def write_format(self, fmt: str) -> None:
        try:
            data = R.make(self.report, fmt)
            path = R.write(R.default_output(self.report, fmt, self.folder), data, root=self.root)
        except Exception as e:
            self.app.call_from_thread(self._failed, str(e))
            return
        self.app.call_from_thread(self._wrote, path)

    def _wrote(self, path: Path) -> None:
        self.busy = False
        self.written.append(path)
        self._status(f"{t('report.preview.written', path=str(path))}  ·  {self._where()}")
        self.notify(t("report.preview.written", path=str(path)))

    def action_close(self) -> None:
        self.app.pop_screen()
