"""The April 2025 round end to end on the command line, in a real Git repository: a controller
and three reporters, each change a commit with its own identity, refusals, the approval tag, the
lock, a hand edit found after approval, reopening."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import subprocess

import pytest

from tests.conftest import git
from verksam.cli.main import main

FU = "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"
ECON = "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04-ekonomi.toml"
TAG = "norrtalje/kommunstyrelsen/2025-04/godkand"
PEOPLE = {
    "maria": ("Maria Lindqvist", "maria.lindqvist@norrtalje.example"),
    "johan": ("Johan Berg", "johan.berg@norrtalje.example"),
    "sara": ("Sara Holm", "sara.holm@norrtalje.example"),
    "erik": ("Erik Nord", "erik.nord@norrtalje.example"),
    "lena": ("Lena Ek", "lena.ek@norrtalje.example"),
}


@pytest.fixture
def as_(monkeypatch):
    """as_("sara"): the next commands run as Sara (her Git identity, as git config would give it)."""

    def become(who: str) -> None:
        name, email = PEOPLE[who]
        for role in ("AUTHOR", "COMMITTER"):
            monkeypatch.setenv(f"GIT_{role}_NAME", name)
            monkeypatch.setenv(f"GIT_{role}_EMAIL", email)

    return become


def run(capsys, *argv):
    rc = main(list(argv))
    out, err = capsys.readouterr()
    return rc, out, err


def test_round_from_start_to_approval_and_reopen(sample_repo, as_, capsys):
    r = str(sample_repo)
    # the controller opens the round
    as_("maria")
    deadline = dt.date.today() + dt.timedelta(days=3)
    rc, out, err = run(capsys, "round", "start", "--repo", r, "--period", "2025-04", "--deadline",
                       deadline.isoformat(), "--instructions", "Uppdatera status, prognos och en kommentar.")
    assert rc == 0, err
    rc, out, err = run(capsys, "round", "status", "--repo", r, "--period", "2025-04", "--format", "csv")
    rows = {row["unit"]: row for row in csv.DictReader(io.StringIO(out))}
    assert {"unit", "unit_name", "items", "updated", "missing", "state", "marked_by", "marked_at",
            "days_left"} <= set(next(iter(rows.values())))
    assert rows["naringsliv"]["missing"] == "4" and rows["naringsliv"]["items"] == "12"
    assert rows["stab"]["days_left"] == "3" and rows["stab"]["unit_name"] == "Stab- och planeringsavdelningen"
    # who still has to report, ready for a reminder script
    rc, out, err = run(capsys, "round", "status", "--repo", r, "--period", "2025-04", "--missing", "--format", "json")
    reminders = json.loads(out)
    assert {"unit": "naringsliv", "email": "johan.berg@norrtalje.example", "missing": 4} .items() <= \
        next(x for x in reminders if x["unit"] == "naringsliv").items()

    # a reporter may mark only their own units; a unit with missing items is refused
    as_("sara")
    assert run(capsys, "round", "ready", "stab", "--repo", r, "--period", "2025-04", "-m", "Klart från stab")[0] == 0
    assert run(capsys, "round", "ready", "kommundirektor", "--repo", r, "--period", "2025-04")[0] == 0
    rc, out, err = run(capsys, "round", "ready", "ekonomi", "--repo", r, "--period", "2025-04")
    assert rc == 1 and err.strip() == "verksam: Sara Holm rapporterar inte för Ekonomiavdelningen"
    as_("erik")
    for unit in ("ekonomi", "raddningstjansten"):
        assert run(capsys, "round", "ready", unit, "--repo", r, "--period", "2025-04")[0] == 0
    as_("johan")
    rc, out, err = run(capsys, "round", "ready", "naringsliv", "--repo", r, "--period", "2025-04")
    assert rc == 1 and len(err.strip().splitlines()) == 1
    assert "4 poster saknar uppdatering" in err
    assert run(capsys, "round", "ready", "naringsliv", "--repo", r, "--period", "2025-04", "--force")[0] == 2

    # not everyone is ready: the controller cannot approve yet; a reporter never can
    as_("maria")
    rc, out, err = run(capsys, "round", "approve", "--repo", r, "--period", "2025-04")
    assert rc == 1 and "1 enhet är inte klar (Näringsliv- och etableringsenheten)" in err
    as_("johan")
    rc, out, err = run(capsys, "round", "ready", "naringsliv", "--repo", r, "--period", "2025-04", "--force",
                       "-m", "Fyra initiativ rapporteras i augusti")
    assert rc == 0, err
    rc, out, err = run(capsys, "round", "approve", "--repo", r, "--period", "2025-04")
    assert rc == 1 and err.strip() == "verksam: Johan Berg är inte controller för nämnden"

    as_("maria")
    rc, out, err = run(capsys, "round", "approve", "--repo", r, "--period", "2025-04", "-m", "Till KS 20 maj")
    assert rc == 0, err
    assert f"taggad {TAG}" in out

    # Git holds the audit trail: every change of state is its own commit by its own person
    log = git(sample_repo, "log", "--format=%an|%ae|%s", "-8").splitlines()[::-1]
    assert [line.split("|")[0] for line in log[-7:]] == [
        "Maria Lindqvist", "Sara Holm", "Sara Holm", "Erik Nord", "Erik Nord", "Johan Berg", "Maria Lindqvist"]
    assert log[-1].endswith("2025-04: Delårsrapport per april 2025 godkänd (Maria Lindqvist)")
    body = git(sample_repo, "log", "-2", "--skip=1", "--format=%B", "-1")
    assert "Klarmarkerad trots 4 poster utan uppdatering." in body and "rapporteras i augusti" in body
    assert git(sample_repo, "cat-file", "-t", TAG).strip() == "tag"  # annotated
    assert git(sample_repo, "rev-parse", f"{TAG}^{{commit}}") == git(sample_repo, "rev-parse", "HEAD")
    assert git(sample_repo, "status", "--porcelain").strip() == ""

    # locked: set refuses, in one line, naming who approved it when
    before = (sample_repo / ECON).read_text(encoding="utf-8")
    rc, out, err = run(capsys, "set", "--repo", r, FU, "items.0.status", "Slutförd")
    today = dt.date.today().isoformat()
    assert rc == 1
    assert err.strip() == (f"verksam: Delårsrapport per april 2025 är godkänd {today} av Maria Lindqvist; "
                           "öppna den igen med verksam round reopen")
    assert run(capsys, "validate", "--repo", r)[0] == 0

    # a hand edit past the write path is found
    (sample_repo / ECON).write_text(before.replace("-105 481", "-105 482", 1) + "\n# handredigerad\n", encoding="utf-8")
    git(sample_repo, "commit", "-qam", "hand edit")
    rc, out, err = run(capsys, "validate", "--repo", r)
    assert rc == 1
    assert f"{ECON}:1:1: error: ändrad efter att Delårsrapport per april 2025 godkändes (tagg {TAG})" in out
    git(sample_repo, "revert", "--no-edit", "HEAD")
    assert run(capsys, "validate", "--repo", r)[0] == 0

    # reopen: a reason is required, a reporter cannot, the controller can; the tag goes
    assert run(capsys, "round", "reopen", "--repo", r, "--period", "2025-04")[0] == 2
    as_("sara")
    assert run(capsys, "round", "reopen", "--repo", r, "--period", "2025-04", "-m", "x")[0] == 1
    as_("maria")
    rc, out, err = run(capsys, "round", "reopen", "--repo", r, "--period", "2025-04", "-m", "Fel belopp i ekonomin")
    assert rc == 0, err
    assert git(sample_repo, "tag", "-l", TAG).strip() == ""
    msg = git(sample_repo, "log", "-1", "--format=%B")
    assert "Fel belopp i ekonomin" in msg and f"taggat {TAG}" in msg
    rc, out, err = run(capsys, "set", "--repo", r, FU, "items.0.status", "Slutförd")
    assert rc == 0, err


def test_approve_refused_while_the_report_has_errors(sample_repo, as_, capsys):
    r = str(sample_repo)
    as_("maria")
    text = (sample_repo / FU).read_text(encoding="utf-8")
    (sample_repo / FU).write_text(text.replace('responsible = "naringsliv"', 'responsible = "finns-inte"', 1),
                                  encoding="utf-8")
    git(sample_repo, "commit", "-qam", "a broken reference")
    for unit, who in (("stab", "sara"), ("kommundirektor", "sara"), ("ekonomi", "erik"),
                      ("raddningstjansten", "erik"), ("naringsliv", "johan")):
        as_("maria")  # a controller may mark any unit of the board
        rc, out, err = run(capsys, "round", "ready", unit, "--repo", r, "--period", "2025-04", "--force", "-m", "ok")
        assert rc == 0, err
    rc, out, err = run(capsys, "round", "ready", "finns-inte", "--repo", r, "--period", "2025-04", "--force", "-m", "x")
    assert rc == 2
    rc, out, err = run(capsys, "round", "approve", "--repo", r, "--period", "2025-04")
    assert rc == 1, err
    assert "kan inte godkännas:" in err and "fel i rapporten" in err
    assert git(sample_repo, "tag").strip() == ""


def test_unknown_people_and_wrong_periods(sample_repo, monkeypatch, capsys):
    r = str(sample_repo)
    monkeypatch.setenv("GIT_AUTHOR_EMAIL", "okand@norrtalje.example")
    rc, out, err = run(capsys, "round", "ready", "stab", "--repo", r, "--period", "2025-04")
    assert rc == 1 and "okand@norrtalje.example finns inte bland personerna" in err
    rc, out, err = run(capsys, "round", "status", "--repo", r, "--period", "2031-04")
    assert rc == 2 and "ingen uppföljning för 2031-04" in err
    rc, out, err = run(capsys, "round", "approve", "--repo", r)
    assert rc == 2  # --period is required where a report changes


def test_approval_tag_is_signed_when_git_signs(sample_repo, as_, capsys, tmp_path):
    key = tmp_path / "key"
    subprocess.run(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(key)], check=True)
    git(sample_repo, "config", "gpg.format", "ssh")
    git(sample_repo, "config", "user.signingkey", str(key))
    git(sample_repo, "config", "tag.gpgSign", "true")
    r = str(sample_repo)
    as_("maria")
    for unit in ("stab", "kommundirektor", "ekonomi", "raddningstjansten", "naringsliv"):
        assert run(capsys, "round", "ready", unit, "--repo", r, "--period", "2025-04", "--force", "-m", "ok")[0] == 0
    rc, out, err = run(capsys, "round", "approve", "--repo", r, "--period", "2025-04")
    assert rc == 0, err
    assert "-----BEGIN SSH SIGNATURE-----" in git(sample_repo, "cat-file", "tag", TAG)
