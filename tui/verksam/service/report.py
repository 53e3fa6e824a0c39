"""`verksam report` and the app's report preview: find the document a file belongs to (as it is
now, or at a Git revision), say which commit it comes from, build the report and render it.

The colophon and every timestamp come from the commit (HEAD, or the revision asked for), so the
same commit gives the same bytes; a working tree with uncommitted plan changes says so.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

from ..model.entities import Document, Municipality, Workspace
from ..report import FORMATS, render
from ..report.build import Inputs, build_report, bundle
from ..report.doc import Report
from ..store import git
from ..store.repository import PlanRepository
from ..store.revisions import RevisionError, load_revision
from ..text import document_word, t
from .nav import goal_of_item, goal_structure


class ReportUsageError(Exception):
    """Wrong usage: a file that is no plan file, a revision that does not exist (exit 2)."""


class ReportDataError(Exception):
    """The data cannot be reported: the file has errors (exit 1)."""


@dataclass(frozen=True)
class Provenance:
    sha: str  # "" outside Git
    when: dt.datetime
    dirty: bool

    def colophon(self) -> str:
        date = self.when.date().isoformat()
        if not self.sha:
            return document_word("report.colophon.nogit", date=date)
        key = "report.colophon.dirty" if self.dirty else "report.colophon.clean"
        return document_word(key, sha=self.sha[:7], date=date)


def relative_path(root: Path, file: str) -> str:
    """FILE as given (relative to the current folder or to the repository, or absolute) → the
    path relative to the repository root."""
    root = Path(root).resolve()
    p = Path(file)
    for cand in ([p] if p.is_absolute() else [Path.cwd() / p, root / p]):
        try:
            return cand.resolve().relative_to(root).as_posix()
        except ValueError:
            continue
    return p.as_posix()


def find_document(ws: Workspace, rel: str) -> tuple[Municipality, Document] | None:
    for m in ws.municipalities.values():
        for d in m.documents:
            if rel in d.files:
                return m, d
    return None


def _fallback_time(doc: Document) -> dt.datetime:
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc)
    if doc.date:
        return dt.datetime(doc.date.year, doc.date.month, doc.date.day, tzinfo=dt.timezone.utc)
    return dt.datetime(1980, 1, 1, tzinfo=dt.timezone.utc)


def load(root: Path | str, file: str, rev: str | None = None, workspace: Workspace | None = None
         ) -> tuple[Municipality, Document, Provenance, Workspace]:
    """The document FILE belongs to and where it comes from. `workspace`: one already loaded
    from the working tree (the app's), to save reading it again."""
    root = Path(root)
    rel = relative_path(root, file)
    if rev:
        try:
            st = load_revision(root, rev)
        except (RevisionError, git.GitError):
            raise ReportUsageError(t("report.cli.norev", rev=rev)) from None
        ws = st.workspace
        prov = Provenance(st.sha, git.commit_time(root, st.sha), False)
        problems = []
    else:
        repo = PlanRepository(root)
        repo.check_root()
        if workspace is None:
            snap = repo.load()
            ws, problems = snap.workspace, snap.problems
        else:
            ws, problems = workspace, []
        sha = git.head(root) if git.is_repo(root) else None
        if sha:
            prov = Provenance(sha, git.commit_time(root, sha), bool(git.uncommitted(root, ["plans"])))
        else:
            prov = None
    found = find_document(ws, rel)
    if found is None:
        if any(p.severity == "error" and p.file == rel for p in problems):
            raise ReportDataError(t("report.cli.nodoc", file=rel))
        if rev is None and not (root / rel).is_file():
            raise ReportUsageError(t("report.cli.nofile", file=file))
        if rev is not None and not any(rel in d.files for d in ws.documents()) and rel.endswith(".toml"):
            raise ReportUsageError(t("report.cli.nofile", file=file))
        raise ReportUsageError(t("report.cli.nodoc", file=rel))
    m, doc = found
    if prov is None:
        prov = Provenance("", _fallback_time(doc), False)
    return m, doc, prov, ws


def inputs_for(ws: Workspace, m: Municipality, doc: Document) -> Inputs:
    """The goal order (the service's goal structure) and the Sammanställning counts (analysis)."""
    from ..analysis import summary as S

    st = goal_structure(m, doc)
    overview: list = []
    columns: list[str] = []
    if doc.kind == "followup" and any(it.kind in ("uppdrag", "initiativ") for it in doc.items):
        af = S.as_analysis(Workspace({m.id: m}))
        key = S.DocKey(m.id, doc.board, doc.kind, doc.period)
        frame = S.item_overview(af, key)
        columns = [c for c in frame.columns if c not in ("kind", "status", S.TOTAL)]
        for row in frame.iter_rows(named=True):
            kind = "__total__" if row["kind"] == S.TOTAL else row["kind"]
            overview.append((kind, row["status"], {c: int(row[c] or 0) for c in columns}))
    return Inputs(st.areas, st.children, goal_of_item, overview, columns)


def build(root: Path | str, file: str, rev: str | None = None, workspace: Workspace | None = None) -> Report:
    m, doc, prov, ws = load(root, file, rev, workspace)
    primary = bundle(m, doc)[0]  # the plan of a plan and its economy part, whichever file was named
    return build_report(m, primary, inputs_for(ws, m, primary), prov.colophon(), prov.when)


def make(report: Report, fmt: str, template: str | None = None) -> bytes:
    if fmt not in FORMATS:
        raise ReportUsageError(fmt)
    tpl = None
    if template:
        if fmt != "docx":
            raise ReportUsageError(t("report.cli.template_docx"))
        try:
            tpl = Path(template).read_bytes()
        except OSError:
            raise ReportUsageError(t("report.cli.notemplate", file=template)) from None
    from ..report.render_docx import TemplateError

    try:
        return render(report, fmt, tpl)
    except TemplateError:
        raise ReportUsageError(t("report.cli.notemplate", file=template)) from None


def default_output(report: Report, fmt: str, folder: Path | str = ".") -> Path:
    return Path(folder) / f"{report.stem}.{fmt}"


def write(path: Path | str, data: bytes, root: Path | str | None = None) -> Path:
    """Write the document atomically (a temporary file beside it, then a rename); never into
    the repository's plans/."""
    path = Path(path)
    if root is not None:
        try:
            path.resolve().relative_to((Path(root) / "plans").resolve())
            raise ReportUsageError(t("report.cli.outside", path=str(path)))
        except ValueError:
            pass
    folder = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=folder)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
