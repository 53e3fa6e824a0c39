"""verksam report on the real documents: contents asserted from the data (every section, value,
uppdrag, table cell), the PDF's tags and text, byte-identical output, --rev, the command's errors.

Each document is built once and each format rendered once per module (the PDFs take a second each).
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest

from verksam.cli.main import main
from verksam.report import render
from verksam.report import markup
from verksam.report.build import bundle, period_label
from verksam.service import report as R

ROOT = Path(__file__).resolve().parents[2]
FOLLOWUP = "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"
PLAN = "plans/norrtalje/kommunstyrelsen/2025/plan.toml"
BUDGET = "plans/alingsas/kommunstyrelsen/2022/budget.toml"
DOCS = {"followup": FOLLOWUP, "plan": PLAN, "budget": BUDGET}


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def make_git_repo(root: Path) -> str:
    shutil.copytree(ROOT / "plans", root / "plans")
    shutil.copytree(ROOT / "schemas", root / "schemas")
    git(root, "init", "-q", "-b", "main")
    git(root, "config", "user.name", "Anna Andersson")
    git(root, "config", "user.email", "anna@kommun.example")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    subprocess.run(["git", "commit", "-q", "-m", "plans"], cwd=root, check=True,
                   env={"GIT_COMMITTER_DATE": "2025-05-12T10:00:00+02:00", "GIT_AUTHOR_DATE": "2025-05-12T10:00:00+02:00",
                        "PATH": "/usr/bin:/bin", "HOME": str(root)})
    return git(root, "rev-parse", "HEAD").strip()


@pytest.fixture(scope="module")
def repo(tmp_path_factory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("report") / "repo"
    root.mkdir()
    return root, make_git_repo(root)


@pytest.fixture(scope="module")
def built(repo):
    root, _ = repo
    out = {}
    for key, file in DOCS.items():
        m, doc, prov, ws = R.load(root, file)
        out[key] = (m, bundle(m, doc), R.build(root, file))
    return out


@pytest.fixture(scope="module")
def md(built):
    return {k: render(r, "md").decode("utf-8") for k, (_, _, r) in built.items()}


@pytest.fixture(scope="module")
def pdf(built):
    return {k: render(r, "pdf") for k, (_, _, r) in built.items()}


def flat(s: str) -> str:
    """Text without whitespace or Markdown escapes, for containment checks."""
    return re.sub(r"\s+", "", s.replace("\\|", "|"))


def rows_of(md_text: str, first_cell: str) -> list[str]:
    esc = markup.plain(first_cell).replace("|", "\\|")
    lines = [line.replace("**", "") for line in md_text.splitlines() if line.startswith("| ")]
    return [line for line in lines if flat(line).startswith(flat("| " + esc + " |"))
            or flat(line).startswith(flat("| – " + esc + " |"))]


# ---------------------------------------------------------------- Markdown: everything the data holds


@pytest.mark.parametrize("key", list(DOCS))
def test_every_section_title_and_text(built, md, key):
    _, docs, _ = built[key]
    text = flat(md[key])
    n = 0
    for d in docs:
        for s in d.sections:
            if s.goal:
                assert flat(markup.plain(s.text).replace("\n", " "))[:80] in flat(markup.plain(md[key])), s.id
            else:
                assert re.search(rf"^#+ {re.escape(s.title)}$", md[key], re.M), s.title
            n += 1
        for t in d.tables:
            assert flat(t.title) in text or flat(t.section) in text, t.id
    assert n > 0


@pytest.mark.parametrize("key", list(DOCS))
def test_every_goal_and_contribution(built, md, key):
    m, docs, _ = built[key]
    goals = m.goals_by_id()
    text = flat(markup.plain(md[key]))
    for d in docs:
        for c in d.contributions:
            target = goals.get(c.goal) or m.areas_by_id().get(c.area)
            assert flat(target.title) in text
            for field in (c.contribution, c.analysis, c.note, c.assessment, c.trend):
                assert flat(markup.plain(field)) in text


@pytest.mark.parametrize("key", list(DOCS))
def test_every_indicator_value_in_its_row(built, md, key):
    m, docs, _ = built[key]
    n = 0
    for d in docs:
        for e in d.indicators:
            defn = m.indicator_defs.get(e.id)
            unit = defn.unit if defn else ""
            name = e.name or defn.name
            rows = rows_of(md[key], name)
            assert rows, name
            row = flat(rows[0])
            for period, measures in e.values.items():
                for measure, v in measures.items():
                    assert flat(v.display(unit)) in row, (name, period, measure)
                    n += 1
            if e.baseline is not None:
                assert flat(e.baseline.display(unit)) in row
            for fn in e.footnotes:
                assert flat(fn) in flat(md[key])
            for word in (e.assessment, e.trend):
                assert flat(word) in row
    assert n > 8


def test_indicator_columns_are_the_documents_periods(md):
    header = next(line for line in md["followup"].splitlines() if line.startswith("| Indikator (KF) |"))
    cells = [c.strip() for c in header.strip("|").split("|")]
    assert cells[-8:] == ["Utfall 2022", "Utfall 2023", "Utfall 2024", f"Utfall {period_label('2025-04')}",
                          "Mål 2025", "Prognos 2025", "Bedömning", "Trend"]


@pytest.mark.parametrize("key", list(DOCS))
def test_every_item_with_its_columns(built, md, key):
    m, docs, _ = built[key]
    n = 0
    for d in docs:
        for it in d.items:
            rows = rows_of(md[key], it.title)
            assert rows, it.title
            row = flat(rows[0])
            for v in (it.status, it.completion, it.end.text if it.end else "", it.origin,
                      markup.plain(it.description), m.unit_name(it.responsible) if it.responsible else ""):
                assert flat(v) in row, (it.id, v)
            latest = it.latest_comment
            if latest is not None:
                assert flat(markup.plain(latest.text)) in row
            n += 1
    if key != "budget":
        assert n > 30


@pytest.mark.parametrize("key", list(DOCS))
def test_every_table_cell(built, md, key):
    _, docs, _ = built[key]
    n = 0
    for d in docs:
        for t in d.tables:
            for r in t.rows:
                rows = rows_of(md[key], r.label)
                assert rows, (t.id, r.label)
                joined = flat(" ".join(rows))
                for i, v in enumerate(r.values):
                    unit = "%" if (t.columns[i].unit == "%" or t.unit == "%") else ""
                    assert flat(markup.plain(v.display(unit))) in joined, (t.id, r.label, i)
                    n += 1
    assert n > 20


def test_followup_has_the_sammanstallning_and_its_picture(md):
    text = md["followup"]
    assert "Sammanställning av nämndens uppdrag och initiativ" in text
    # the bar's text alternative: counted from the items by the analysis (33 enligt plan, 3 avvikelse)
    alt = next(line for line in text.splitlines() if line.startswith("> ") and "Uppdrag, ej påbörjad" in line)
    assert "Uppdrag, påbörjad: 19 enligt plan, 0 avvikelse från plan" in alt
    assert "Nämndinitiativ, påbörjad: 11 enligt plan, 2 avvikelse från plan" in alt or \
        "Initiativ, påbörjad: 11 enligt plan, 2 avvikelse från plan" in alt


def test_budget_has_controls_risks_and_matrix(built, md):
    _, docs, _ = built["budget"]
    controls = next(d for d in docs if d.kind == "controls")
    text = flat(md["budget"])
    for r in controls.risks:
        assert flat(r.title) in text
    for c in controls.controls:
        assert flat(markup.plain(c.what)) in text
    for sc in controls.scales:
        for lv in sc.levels:
            assert flat(lv.label) in text
    assert "Riskmatris 4 × 4" in md["budget"]
    assert "(värde 12): 2 risker (Cyberhot; Nedstängning av mobil teknik)" in md["budget"]
    assert "Mål 9" in md["budget"]  # Agenda 2030


def test_plan_contains_its_economy_part_before_the_appendices(md):
    heads = re.findall(r"^## (.+)$", md["plan"], re.M)
    assert heads.index("Ekonomi") < heads.index("Bilagor")
    assert heads.index("Mål, indikatorer och specifika uppdrag") < heads.index("Ekonomi")


def test_colophon_names_the_commit(repo, md):
    _, sha = repo
    for text in md.values():
        assert text.rstrip().endswith(f"Framtagen ur verksam, commit {sha[:7]}, 2025-05-12; utan ändringar utanför Git")


# ---------------------------------------------------------------- PDF


@pytest.mark.parametrize("key", list(DOCS))
def test_pdf_is_tagged_swedish_with_metadata_and_bookmarks(built, pdf, key):
    _, docs, rep = built[key]
    reader = pypdf.PdfReader(io.BytesIO(pdf[key]))
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert bool(root["/MarkInfo"]["/Marked"]) is True
    assert root["/Lang"] == "sv"
    assert reader.metadata.title == docs[0].title
    assert "Kommunstyrelsen" in reader.metadata.author
    assert reader.outline  # headings as bookmarks
    titles = [o.title for o in reader.outline if not isinstance(o, list)]
    assert titles[0] == "Innehåll" or docs[0].sections[0].title in titles


@pytest.mark.parametrize("key", list(DOCS))
def test_pdf_text_holds_the_tables_numbers_and_the_commit(repo, built, pdf, key):
    _, sha = repo
    _, docs, _ = built[key]
    text = flat("".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf[key])).pages))
    assert flat(f"commit {sha[:7]}") in text
    n = 0
    for d in docs:
        for t in d.tables:
            for r in t.rows:
                for i, v in enumerate(r.values):
                    if v.number is not None and not v.text:
                        unit = "%" if (t.columns[i].unit == "%" or t.unit == "%") else ""
                        assert flat(v.display(unit)) in text, (t.id, r.label, i)
                        n += 1
    assert n > 10


def test_pdf_table_header_cells_are_tagged(pdf):
    reader = pypdf.PdfReader(io.BytesIO(pdf["followup"]))
    kinds = set()

    def walk(node, depth=0):
        if depth > 60:
            return
        node = node.get_object()
        if isinstance(node, pypdf.generic.ArrayObject):
            for k in node:
                walk(k, depth + 1)
            return
        if not isinstance(node, pypdf.generic.DictionaryObject):
            return
        if "/S" in node:
            kinds.add(node["/S"])
        if "/K" in node:
            walk(node["/K"], depth + 1)

    walk(reader.trailer["/Root"]["/StructTreeRoot"])
    assert {"/Title", "/Table", "/TH", "/TD", "/Figure"} <= kinds
    assert {"/H1", "/H2"} & kinds or "/H" in kinds or any(str(k).startswith("/H") for k in kinds)


# ---------------------------------------------------------------- byte-identical, other formats


def test_same_commit_same_bytes(repo, built, pdf):
    root, _ = repo
    again = R.build(root, FOLLOWUP)
    _, _, first = built["followup"]
    for fmt in ("md", "html", "docx"):
        assert render(again, fmt) == render(first, fmt), fmt
    assert render(again, "pdf") == pdf["followup"]


def test_html_is_one_accessible_page(built):
    _, docs, rep = built["budget"]
    html = render(rep, "html").decode("utf-8")
    assert html.startswith("<!DOCTYPE html>\n<html lang=\"sv\">")
    assert f"<title>{docs[0].title}</title>" in html
    assert '<th scope="col"' in html and '<th scope="row">' in html
    assert "<figure><svg aria-label=\"Riskmatris 4 × 4." in html and "<figcaption>" in html
    assert "<script" not in html and "http://" not in html.replace("http://www.w3.org/2000/svg", "")


def test_docx_has_heading_styles_repeated_header_rows_and_fixed_dates(repo, built):
    from docx import Document

    _, _, rep = built["followup"]
    data = render(rep, "docx")
    doc = Document(io.BytesIO(data))
    styles = {p.style.name for p in doc.paragraphs}
    assert {"Title", "Heading 1", "Heading 2", "Heading 3"} <= styles
    assert doc.core_properties.title == "Delårsrapport per april 2025"
    assert doc.core_properties.author == "Kommunstyrelsen, Norrtälje kommun"
    assert doc.core_properties.created.isoformat().startswith("2025-05-12T08:00:00")
    assert len(doc.tables) > 20
    z = zipfile.ZipFile(io.BytesIO(data))
    assert {i.date_time for i in z.infolist()} == {(2025, 5, 12, 8, 0, 0)}
    body = z.read("word/document.xml").decode("utf-8")
    assert body.count("<w:tblHeader") == len(doc.tables)
    assert 'descr="Riskmatris' not in body and 'descr="Budgetföljsamhet' in body  # pictures carry their text
    assert 'w:val="sv-SE"' in z.read("word/styles.xml").decode("utf-8")


def test_docx_template_supplies_the_styles(tmp_path, built):
    from docx import Document
    from docx.shared import Pt

    ref = Document()
    ref.styles["Heading 1"].font.size = Pt(31)
    ref.add_paragraph("Mallens egen text")
    ref.save(tmp_path / "reference.docx")
    out = tmp_path / "out.docx"
    _, _, rep = built["budget"]
    data = R.make(rep, "docx", str(tmp_path / "reference.docx"))
    out.write_bytes(data)
    doc = Document(out)
    assert doc.styles["Heading 1"].font.size == Pt(31)
    assert "Mallens egen text" not in "\n".join(p.text for p in doc.paragraphs)


# ---------------------------------------------------------------- the command


def test_command_default_name_rev_and_dirty(tmp_path, monkeypatch, capsys):
    root = tmp_path / "r"
    root.mkdir()
    make_git_repo(root)
    f = root / FOLLOWUP
    f.write_text(f.read_text(encoding="utf-8").replace("2025-04 = { outcome = 4.5 }", "2025-04 = { outcome = 9.9 }"),
                 encoding="utf-8")
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    monkeypatch.chdir(out_dir)
    # uncommitted: the colophon says so
    assert main(["--repo", str(root), "report", FOLLOWUP, "--format", "md"]) == 0
    text = (out_dir / "kommunstyrelsen-delarsrapport-2025-04.md").read_text(encoding="utf-8")
    assert "9,9 %" in text and "med ändringar som inte är incheckade" in text
    git(root, "commit", "-q", "-am", "new outcome")
    head = git(root, "rev-parse", "HEAD").strip()
    assert main(["--repo", str(root), "report", FOLLOWUP, "--format", "md", "-o", "now.md"]) == 0
    now = (out_dir / "now.md").read_text(encoding="utf-8")
    assert "9,9 %" in now and f"commit {head[:7]}" in now and "utan ändringar utanför Git" in now
    # --rev: the older value, and the working tree is not touched
    before = f.read_bytes()
    assert main(["--repo", str(root), "report", FOLLOWUP, "--format", "md", "--rev", "HEAD~1", "-o", "old.md"]) == 0
    old = (out_dir / "old.md").read_text(encoding="utf-8")
    assert "| 4,5 % |" in old and "| 9,9 % |" not in old
    assert f.read_bytes() == before and git(root, "status", "--porcelain") == ""
    # any file of the document names the whole: the economy file gives the same document
    assert main(["--repo", str(root), "report", FOLLOWUP.replace("2025-04.toml", "2025-04-ekonomi.toml"),
                 "--format", "md", "-o", "eko.md"]) == 0
    assert (out_dir / "eko.md").read_bytes() == (out_dir / "now.md").read_bytes()
    # … and a plan's economy part gives the whole plan, goals included
    for name, file in (("plan.md", PLAN), ("ekonomi.md", PLAN.replace("plan.toml", "budget.toml"))):
        assert main(["--repo", str(root), "report", file, "--format", "md", "-o", name]) == 0
    assert (out_dir / "ekonomi.md").read_bytes() == (out_dir / "plan.md").read_bytes()
    assert "Mål, indikatorer och specifika uppdrag" in (out_dir / "plan.md").read_text(encoding="utf-8")
    capsys.readouterr()


@pytest.mark.parametrize("args, code, words", [
    (["report", "plans/ingen.toml"], 2, "ingen sådan fil"),
    (["report", "plans/norrtalje/municipality.toml"], 2, "hör inte till"),
    (["report", PLAN, "--rev", "finns-inte"], 2, "ingen sådan Git-version"),
    (["report", PLAN, "--format", "odt"], 2, "ogiltigt val"),
    (["report", PLAN, "--format", "md", "--template", "x.docx"], 2, "bara --format docx"),
    (["report", PLAN, "--format", "docx", "--template", "saknas.docx"], 2, "går inte att läsa"),
    (["report", PLAN, "--format", "md", "-o", "plans/x.md"], 2, "plans/"),
])
def test_command_errors_are_one_swedish_line(repo, monkeypatch, capsys, args, code, words):
    root, _ = repo
    monkeypatch.chdir(root)
    assert main(["--repo", str(root)] + args) == code
    err = capsys.readouterr().err.strip()
    assert words in err and "\n" not in err and "Traceback" not in err
    assert not (root / "plans" / "x.md").exists()


def test_outside_git_the_colophon_says_so_and_the_date_is_the_documents(tmp_path, monkeypatch, capsys):
    root = tmp_path / "plain"
    shutil.copytree(ROOT / "plans", root / "plans")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert main(["--repo", str(root), "report", FOLLOWUP, "--format", "md", "-o", "a.md"]) == 0
    assert (tmp_path / "a.md").read_text(encoding="utf-8").rstrip().endswith("Framtagen ur verksam, 2025-04-30; inte ur Git")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1747000000")  # 2025-05-11
    assert main(["--repo", str(root), "report", FOLLOWUP, "--format", "md", "-o", "b.md"]) == 0
    assert (tmp_path / "b.md").read_text(encoding="utf-8").rstrip().endswith("2025-05-11; inte ur Git")
    capsys.readouterr()


HOSTILE = 'Fler #panic("x") kameror ] $x$ @ref <b>fet</b> `kod` \\\\ = rubrik * och **'


def test_text_from_the_files_is_never_markup_in_any_format(tmp_path):
    """A title holding Typst, HTML and Markdown syntax comes out as the same text everywhere."""
    root = tmp_path / "h"
    shutil.copytree(ROOT / "tests" / "app" / "fixtures" / "plans", root / "plans")
    fu = next((root / "plans").rglob("followup/*.toml"))
    text = fu.read_text(encoding="utf-8")
    assert 'title = "Fler kameror i centrum"' in text
    fu.write_text(text.replace('title = "Fler kameror i centrum"', "title = '''" + HOSTILE + "'''"), encoding="utf-8")
    rep = R.build(root, str(fu.relative_to(root)))
    md = render(rep, "md").decode("utf-8")
    assert HOSTILE.replace("|", "\\|") in md
    html = render(rep, "html").decode("utf-8")
    assert "<b>fet</b>" not in html and "&lt;b&gt;fet&lt;/b&gt;" in html
    pdf_text = "".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(render(rep, "pdf"))).pages)
    assert flat('Fler #panic("x") kameror ] $x$ @ref <b>fet</b>') in flat(pdf_text)
    from docx import Document

    doc = Document(io.BytesIO(render(rep, "docx")))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    assert HOSTILE in cells
