"""A shared server made by `verksam server init`: every push checked by the pre-receive hook.

Pushes go to a local path remote, so the hook runs as a child of `git push` with the pusher's
environment: USER (a shared server's Unix user), GL_USERNAME or GITEA_PUSHER_EMAIL name the pusher.
"""

from __future__ import annotations

import os
import stat
import subprocess

import pytest

from tests.conftest import git
from tests.sync.conftest import MUNICIPALITY, PLAN, edit_text, make_team, verksam

PEOPLE = """
[[people]]
id = "anna"
name = "Anna Andersson"
emails = ["anna@kommun.example"]
role = "rapportör"
units = ["stab"]

[[people]]
id = "bertil"
name = "Bertil Berg"
emails = ["bertil.berg@kommun.example"]
role = "rapportör"
units = ["juridik"]

[[people]]
id = "cecilia"
name = "Cecilia Carlsson"
emails = ["cecilia@kommun.example"]
role = "controller"
units = []

[[people]]
id = "dora"
name = "Dora Dahl"
emails = ["dora@kommun.example"]
role = "läsare"
units = []
"""


@pytest.fixture
def server(tmp_path):
    bare = tmp_path / "server" / "kommun.git"
    p = verksam("server", "init", str(bare))
    assert p.returncode == 0, p.stderr
    team = make_team(tmp_path, municipality=MUNICIPALITY + PEOPLE, bare=bare)
    return team


def push(root, user: str, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    e = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "GL_", "GITEA_"))}
    e.update({"USER": user, "LOGNAME": user, "LC_ALL": "C"})
    e.update(env or {})
    return subprocess.run(["git", "push", *args, "origin", "HEAD:refs/heads/main"], cwd=root, capture_output=True,
                          text=True, env=e)


def test_server_init_makes_a_group_shared_bare_repository_with_the_hook(server):
    bare = server.remote
    assert git(bare, "config", "core.sharedRepository").strip() == "group"
    assert git(bare, "config", "receive.denyNonFastForwards").strip() == "true"
    assert "merge-file %O %A %B %P" in git(bare, "config", "merge.verksam.driver")
    hook = bare / "hooks" / "pre-receive"
    assert hook.stat().st_mode & stat.S_IXUSR
    import sys

    assert f"{sys.executable} -m verksam hook pre-receive" in hook.read_text()
    assert verksam("server", "init", str(bare)).returncode == 1  # not over an existing one


def test_a_reporter_may_change_their_own_units_entries(server):
    anna = server["anna"]
    edit_text(anna, 'status = "Påbörjad"', 'status = "Slutförd"', "klimatplan klar")  # stab's
    p = push(anna, "anna")
    assert p.returncode == 0, p.stderr
    assert git(server.remote, "rev-parse", "main") == git(anna, "rev-parse", "HEAD")


def test_a_push_changing_another_units_entry_is_refused_with_file_and_line(server):
    anna = server["anna"]
    edit_text(anna, 'responsible = "juridik"\nstatus = "Ej påbörjad"', 'responsible = "juridik"\nstatus = "Påbörjad"',
              "trygghet")
    p = push(anna, "anna")
    assert p.returncode != 0
    assert f"remote: {PLAN}:" in p.stderr
    assert "'trygghet' hör till juridik, som Anna Andersson inte rapporterar för" in p.stderr
    line = int(p.stderr.split(f"remote: {PLAN}:")[1].split(":")[0])
    assert (anna / PLAN).read_text().splitlines()[line - 1].startswith("[[items]]") or "trygghet" in \
        (anna / PLAN).read_text().splitlines()[line - 1]
    assert "Pushen togs inte emot" in p.stderr


def test_a_push_adding_a_validation_error_is_refused(server):
    cecilia = server["cecilia"]  # a controller may change everything, but not break it
    edit_text(cecilia, 'responsible = "ekonomi"', 'responsible = "okand"', "fel enhet")
    p = push(cecilia, "cecilia")
    assert p.returncode != 0
    assert f"remote: {PLAN}:" in p.stderr and "okänd enhet 'okand'" in p.stderr and "fel:" in p.stderr


def test_readers_unknown_pushers_and_shared_files_are_refused_and_gitlab_gitea_names_are_read(server):
    dora, anna, bertil, cecilia = server["dora"] if "dora" in server.clones else None, server["anna"], \
        server["bertil"], server["cecilia"]
    edit_text(anna, 'status = "Påbörjad"', 'status = "Slutförd"', "klimatplan klar")
    p = push(anna, "dora")
    assert p.returncode != 0 and "Dora Dahl är läsare" in p.stderr
    p = push(anna, "okand")
    assert p.returncode != 0 and "okand finns inte bland [[people]] i plans/test/municipality.toml" in p.stderr
    # GitLab passes the user name, Gitea the e-mail
    p = push(anna, "root", env={"GL_USERNAME": "anna"})
    assert p.returncode == 0, p.stderr
    edit_text(bertil, 'responsible = "juridik"\nstatus = "Ej påbörjad"',
              'responsible = "juridik"\nstatus = "Påbörjad"', "trygghet")
    git(bertil, "pull", "-q", "--no-rebase", "--no-edit")
    p = push(bertil, "root", env={"GITEA_PUSHER_EMAIL": "Bertil.Berg@kommun.example"})
    assert p.returncode == 0, p.stderr  # his own entry; Anna's change came through a merge
    # the municipality's shared files are a whole-municipality controller's
    git(anna, "pull", "-q", "--no-rebase", "--no-edit")
    edit_text(anna, 'name = "Stab"', 'name = "Staben"', "namn", rel="plans/test/municipality.toml")
    p = push(anna, "anna")
    assert p.returncode != 0 and "bara en controller får ändra kommunens gemensamma filer" in p.stderr
    assert push(anna, "cecilia").returncode == 0


def test_rewriting_or_deleting_main_is_refused(server):
    anna = server["anna"]
    edit_text(anna, 'status = "Påbörjad"', 'status = "Slutförd"', "klimatplan klar")
    assert push(anna, "anna").returncode == 0
    git(anna, "reset", "-q", "--hard", "HEAD~1")
    edit_text(anna, 'status = "Påbörjad"', 'status = "Avbruten"', "en annan historia")
    p = push(anna, "anna", "--force")
    assert p.returncode != 0 and "historiken på huvudgrenen får inte skrivas om" in p.stderr
    e = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")} | {"USER": "cecilia"}
    p = subprocess.run(["git", "push", "origin", ":refs/heads/main"], cwd=anna, capture_output=True, text=True, env=e)
    assert p.returncode != 0


def test_an_approved_report_may_not_change(server, tmp_path):
    cecilia = server["cecilia"]
    git(server.seed, "tag", "test/ks/2025/godkand")
    git(server.remote, "fetch", "-q", str(server.seed), "refs/tags/test/ks/2025/godkand:refs/tags/test/ks/2025/godkand")
    edit_text(cecilia, 'values = [10, 12]', 'values = [10, 14]', "efter godkännandet")
    p = push(cecilia, "cecilia")
    assert p.returncode != 0
    assert "rapporten är godkänd (test/ks/2025/godkand)" in p.stderr and f"{PLAN}:" in p.stderr
    git(cecilia, "reset", "-q", "--hard", "origin/main")
    edit_text(cecilia, 'name = "Stab"', 'name = "Staben"', "namn", rel="plans/test/municipality.toml")
    assert push(cecilia, "cecilia").returncode == 0  # the rest of the municipality is not locked


FOLLOWUP = """\
kind = "followup"
period = "2025-04"
date = 2025-04-30
title = "Delårsrapport per april 2025"

[round]
deadline = 2025-05-05
{approval}

[[items]]
id = "klimatplan"
kind = "uppdrag"
title = "Klimatplan"
responsible = "stab"
status = "Påbörjad"
"""
FU = "plans/test/ks/2025/followup/2025-04.toml"


def test_a_report_whose_round_is_approved_is_locked_and_reopening_is_the_round_s_change(tmp_path):
    bare = tmp_path / "server.git"
    assert verksam("server", "init", str(bare)).returncode == 0
    approval = 'approved_by = "cecilia"\napproved_at = 2025-05-12T09:00:00+02:00'
    team = make_team(tmp_path, municipality=MUNICIPALITY + PEOPLE, bare=bare,
                     extra={FU: FOLLOWUP.format(approval=approval)})
    cecilia = team["cecilia"]
    edit_text(cecilia, 'status = "Påbörjad"', 'status = "Slutförd"', "efter godkännandet", rel=FU)
    p = push(cecilia, "cecilia")
    assert p.returncode != 0 and f"remote: {FU}:1: rapporten är godkänd och låst" in p.stderr
    git(cecilia, "reset", "-q", "--hard", "origin/main")
    edit_text(cecilia, approval + "\n", "", "öppnad igen", rel=FU)  # reopening changes only the round
    assert push(cecilia, "cecilia").returncode == 0
    edit_text(cecilia, 'status = "Påbörjad"', 'status = "Slutförd"', "nu går det", rel=FU)
    assert push(cecilia, "cecilia").returncode == 0
