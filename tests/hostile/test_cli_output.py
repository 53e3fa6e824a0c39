"""No raw control character from a plan file leaves any command: validate, set, summary, diff,
history, export (csv, json), and argparse's own messages. JSON keeps the data (escaped)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from verksam.cli.main import main

from .fixture import FU, HOSTILE, ITEM, MARK, make_hostile, raw_controls


@pytest.fixture
def hostile_repo(sample_repo):
    make_hostile(sample_repo)
    return sample_repo


def run(capsys, *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out + err


COMMANDS = [
    ("validate",),
    ("summary", "--period", "2025-04"),
    ("summary", "--period", "2025-04", "--format", "csv"),
    ("diff", "2025", "2025-04"),
    ("diff", "2025", "2025-04", "--format", "csv"),
    ("diff", "--rev", "HEAD~1", "HEAD"),
    ("history", ITEM),
    ("export", "assignments"),
    ("export", "indicators"),
    ("export", "budget"),
    ("export", "assignments", "--format", "json"),
    ("export", "budget", "--format", "json"),
]


@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_no_raw_control_character_leaves_a_command(hostile_repo, capsys, args):
    code, out = run(capsys, *args, "--repo", str(hostile_repo))
    assert code in (0, 1), out
    assert raw_controls(out) == [], f"{args}: raw {raw_controls(out)}"
    if args[0] in ("validate",):
        assert "U+001B (ESC)" in out  # reported, located
    if args[0] in ("export", "diff", "history"):
        assert MARK in out  # the hostile text reached the output, neutralised


def test_validate_reports_each_hostile_value_located(hostile_repo, capsys):
    code, out = run(capsys, "validate", "--repo", str(hostile_repo))
    assert code == 1
    lines = [l for l in out.splitlines() if "U+001B" in l]
    files = {l.split(":")[0] for l in lines}
    assert files == {FU, "plans/norrtalje/kommunstyrelsen/2025/plan.toml", "plans/norrtalje/indicators.toml",
                     "plans/norrtalje/kommunstyrelsen/2025/budget.toml", "plans/norrtalje/municipality.toml"}
    for l in lines:  # FILE:LINE:COL, a real position
        _, line, col = l.split(":")[:3]
        assert int(line) > 1 and int(col) >= 1


def test_export_text_shows_the_visible_form_and_json_keeps_the_data(hostile_repo, capsys, tmp_path):
    code, out = run(capsys, "export", "assignments", "--repo", str(hostile_repo))
    assert "␛]0;PWNED␇␛]52;c;SGVsbG8=␇␛[2J␇\\u009b31m␍\\u007f\\u202eevil\\u202c\\u2066x\\u2069[bold red]markup[/]" in out
    target = tmp_path / "a.json"
    code, out = run(capsys, "export", "assignments", "--repo", str(hostile_repo), "--format", "json",
                    "--output", str(target))
    raw = target.read_text(encoding="utf-8")
    assert raw_controls(raw) == []
    titles = [r["title"] for r in json.loads(raw) if r["id"] == ITEM]
    assert titles and all(t.startswith(HOSTILE) for t in titles)  # every character kept, escaped
    target = tmp_path / "a.csv"
    run(capsys, "export", "assignments", "--repo", str(hostile_repo), "--output", str(target))
    assert raw_controls(target.read_text(encoding="utf-8")) == [] and MARK in target.read_text(encoding="utf-8")


def test_set_refuses_control_characters_and_its_messages_are_neutral(hostile_repo, capsys):
    before = (hostile_repo / FU).read_text(encoding="utf-8")
    code, out = run(capsys, "set", FU, f"items.{ITEM}.title", HOSTILE + "x", "--repo", str(hostile_repo))
    assert code == 1 and raw_controls(out) == []
    assert "U+001B (ESC)" in out and f"{ITEM}" in out or "items." in out
    assert (hostile_repo / FU).read_text(encoding="utf-8") == before
    # a key that does not exist is echoed: neutralised
    code, out = run(capsys, "set", FU, "items.\x1b]0;X\x07.status", "x", "--repo", str(hostile_repo))
    assert code == 2 and raw_controls(out) == [] and "␛]0;X␇" in out
    # a committed change: the commit message names the hostile title
    code, out = run(capsys, "set", FU, f"items.{ITEM}.status", "Slutförd", "--repo", str(hostile_repo))
    assert code == 0, out
    assert raw_controls(out) == [] and MARK in out


def test_argparse_messages_are_neutral(capsys):
    code, out = run(capsys, "validate", "--nonsense\x1b]0;X\x07")
    assert code == 2 and raw_controls(out) == [] and "␛" in out


def test_a_real_process_prints_no_raw_control_byte(hostile_repo):
    p = subprocess.run([sys.executable, "-m", "verksam", "export", "assignments", "--repo", str(hostile_repo)],
                       capture_output=True, timeout=120)
    assert p.returncode in (0, 1)
    for b in (b"\x1b", b"\x07", b"\r", b"\x7f", b"\xc2\x9b", "\u202e".encode()):
        assert b not in p.stdout + p.stderr
    assert MARK.encode() in p.stdout
