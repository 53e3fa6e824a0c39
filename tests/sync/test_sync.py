"""Three people in three clones of one remote: edits merged by entry, conflicts shown to a person
and resolved, refused merges leave everything as it was, sync retries when the remote moves."""

from __future__ import annotations

import os
import stat

import rtoml

from tests.conftest import git
from tests.sync.conftest import PLAN, PLAN_TEXT, edit_text, item, plan, set_value, verksam
from verksam.cli.main import main
from verksam.store import sync
from verksam.store.merge import Resolution


def state(root):
    """HEAD, the index and work tree as Git sees them, and whether a merge is in progress."""
    return (git(root, "rev-parse", "HEAD").strip(), git(root, "status", "--porcelain"),
            (root / ".git" / "MERGE_HEAD").exists())


def test_three_people_edit_different_items_of_one_file_and_all_edits_are_everywhere(team, capsys):
    anna, bertil, cecilia = team["anna"], team["bertil"], team["cecilia"]
    set_value(anna, "items.klimatplan.status", "Slutförd")
    set_value(bertil, "items.trygghet.status", "Påbörjad")
    set_value(cecilia, "tables.drift.rows.kostnader.values.1", "-35")
    edit_text(cecilia, 'title = "Trygghetskameror"', 'title = "Trygghetskameror i centrum"', "titel")  # same entry as bertil, other key
    for who in (anna, bertil, cecilia, anna, bertil):
        assert main(["sync", "--repo", str(who)]) == 0, capsys.readouterr()
    texts = {(who / PLAN).read_text(encoding="utf-8") for who in (anna, bertil, cecilia)}
    assert len(texts) == 1  # the same file everywhere
    text = texts.pop()
    # one changed line per edit: the comment, the layout and the order survive
    expected = (PLAN_TEXT.replace('status = "Påbörjad"', 'status = "Slutförd"', 1)
                .replace('title = "Trygghetskameror"\nresponsible = "juridik"\nstatus = "Ej påbörjad"',
                         'title = "Trygghetskameror i centrum"\nresponsible = "juridik"\nstatus = "Påbörjad"')
                .replace("values = [-30, -31]", "values = [-30, -35]"))
    assert text == expected
    assert git(cecilia, "rev-parse", "HEAD") == git(team.remote, "rev-parse", "main")
    assert main(["validate", "--repo", str(anna)]) == 0
    authors = set(git(anna, "log", "--format=%an").split("\n")) - {""}
    assert {"Anna Andersson", "Bertil Berg", "Cecilia Carlsson"} <= authors


def test_entries_added_on_both_sides_and_cells_of_one_row_merge(team, capsys):
    anna, bertil = team["anna"], team["bertil"]
    new = '\n[[items]]\nid = "{id}"\nkind = "initiativ"\ngoal = "im-2025-1-1"\ntitle = "{title}"\nresponsible = "stab"\n'
    edit_text(anna, "\n[[tables]]", new.format(id="nytt-a", title="Annas initiativ") + "\n[[tables]]", "a")
    edit_text(bertil, "\n[[tables]]", new.format(id="nytt-b", title="Bertils initiativ") + "\n[[tables]]", "b")
    edit_text(anna, "values = [10, 12]", "values = [11, 12]", "cell 1")
    edit_text(bertil, "values = [10, 12]", "values = [10, 13]", "cell 2")
    assert main(["sync", "--repo", str(anna)]) == 0
    assert main(["sync", "--repo", str(bertil)]) == 0, capsys.readouterr()
    assert main(["sync", "--repo", str(anna)]) == 0
    for who in (anna, bertil):
        ids = [i["id"] for i in plan(who)["items"]]
        assert ids[-2:] == ["nytt-a", "nytt-b"] or set(ids) >= {"nytt-a", "nytt-b"}
        assert plan(who)["tables"][0]["rows"][0]["values"] == [11, 13]
    assert (anna / PLAN).read_text() == (bertil / PLAN).read_text()


def test_the_same_value_changed_by_two_is_a_conflict_resolved_without_losing_either(team, capsys):
    anna, bertil = team["anna"], team["bertil"]
    set_value(anna, "items.trygghet.status", "Påbörjad")
    set_value(anna, "items.klimatplan.status", "Slutförd")
    assert main(["sync", "--repo", str(anna)]) == 0
    set_value(bertil, "items.trygghet.status", "Avbruten")
    before = state(bertil)
    capsys.readouterr()
    assert main(["sync", "--repo", str(bertil)]) == 1
    err = capsys.readouterr().err
    assert "1 konflikter" in err and "Trygghetskameror status" in err
    assert "'Avbruten'" in err and "'Påbörjad'" in err and "'Ej påbörjad'" in err  # mine, theirs, was
    assert f"{PLAN}:" in err and "tryck S" in err
    assert state(bertil) == before  # back exactly as it was
    # the app's conflict screen gives Bertil's choice (keep his own) back to sync
    res = sync.sync(bertil)
    assert res.state == "conflict" and len(res.conflicts) == 1
    c = res.conflicts[0]
    assert (c.change.old, c.change.new, c.theirs) == ("Ej påbörjad", "Avbruten", "Påbörjad")
    done = sync.sync(bertil, sync.resolutions_from([(c, "mine")]))
    assert done.state == "pushed"
    assert item(bertil, "trygghet")["status"] == "Avbruten"
    assert item(bertil, "klimatplan")["status"] == "Slutförd"  # the clean part merged too
    message = git(bertil, "log", "-1", "--format=%B")
    assert "Konflikter lösta" in message and "'Avbruten'" in message and "'Påbörjad'" in message
    assert main(["sync", "--repo", str(anna)]) == 0
    assert item(anna, "trygghet")["status"] == "Avbruten"
    # neither value is lost: both are in the shared history
    history = git(anna, "log", "-p", "--", PLAN)
    assert '+status = "Påbörjad"' in history and '+status = "Avbruten"' in history


def test_git_itself_sees_the_conflict_and_verksam_resolves_the_merge_it_left(team):
    anna, bertil = team["anna"], team["bertil"]
    set_value(anna, "items.trygghet.status", "Påbörjad")
    set_value(anna, "items.klimatplan.end", "2026-06-30")
    assert main(["sync", "--repo", str(anna)]) == 0
    set_value(bertil, "items.trygghet.status", "Slutförd")
    git(bertil, "fetch", "-q")
    p = __import__("subprocess").run(["git", "merge", "--no-edit", "origin/main"], cwd=bertil,
                                     capture_output=True, text=True)
    assert p.returncode != 0 and "konflikt i plans/test/ks/2025/plan.toml: items.trygghet.status" in p.stderr
    assert PLAN in git(bertil, "ls-files", "-u")
    on_disk = rtoml.loads((bertil / PLAN).read_text())  # valid TOML: ours kept, the rest merged
    assert item(bertil, "trygghet")["status"] == "Slutförd"
    assert str(next(i for i in on_disk["items"] if i["id"] == "klimatplan")["end"]) == "2026-06-30"
    st = sync.status(bertil)
    assert st.merging and st.unmerged == [PLAN]
    res = sync.sync(bertil)
    assert res.state == "conflict" and res.conflicts[0].theirs == "Påbörjad"
    assert sync.sync(bertil, sync.resolutions_from([(res.conflicts[0], "theirs")])).state == "pushed"
    assert item(bertil, "trygghet")["status"] == "Påbörjad"
    assert not sync.status(bertil).merging


def test_a_merge_that_would_not_validate_is_refused_and_nothing_changes(team, capsys):
    anna, bertil = team["anna"], team["bertil"]
    # Anna removes an initiativ; Bertil adds an åtgärd under it: each valid, together not
    text = (anna / PLAN).read_text()
    start = text.index('[[items]]\nid = "budgetuppfoljning"')
    end = text.index("[[tables]]")
    (anna / PLAN).write_text(text[:start] + text[end:])
    git(anna, "commit", "-qam", "bort")
    edit_text(bertil, "\n[[tables]]", '\n[[items]]\nid = "rapport"\nkind = "åtgärd"\nparent = "budgetuppfoljning"\n'
              'title = "Rapport varje månad"\nresponsible = "ekonomi"\n\n[[tables]]', "ny åtgärd")
    assert main(["sync", "--repo", str(anna)]) == 0
    before = state(bertil)
    capsys.readouterr()
    assert main(["sync", "--repo", str(bertil)]) == 1
    err = capsys.readouterr().err
    assert "okänd överordnad post 'budgetuppfoljning'" in err
    assert state(bertil) == before
    # the driver on its own: exit 1, OURS left as it was
    base = tmp = bertil / "base.toml"
    git(bertil, "show", f"HEAD~1:{PLAN}")
    base.write_text(git(bertil, "show", f"HEAD~1:{PLAN}"))
    ours = bertil / "ours.toml"
    ours.write_text((bertil / PLAN).read_text())
    theirs = bertil / "theirs.toml"
    theirs.write_text((anna / PLAN).read_text())
    p = verksam("merge-file", str(base), str(ours), str(theirs), PLAN, cwd=bertil)
    assert p.returncode == 1 and "togs inte" in p.stderr and "budgetuppfoljning" in p.stderr
    assert ours.read_text() == (bertil / PLAN).read_text()
    for f in (tmp, ours, theirs):
        f.unlink()


def test_sync_fetches_again_when_the_remote_moved_before_the_push(team, capsys):
    anna, bertil = team["anna"], team["bertil"]
    set_value(bertil, "items.trygghet.status", "Påbörjad")
    set_value(anna, "items.klimatplan.status", "Slutförd")
    # Bertil pushes right after Anna's fetch: Anna's pre-push hook runs his push the first time
    hook = anna / ".git" / "hooks" / "pre-push"
    marker = anna.parent / "raced"
    hook.write_text(f"""#!/bin/sh
if [ ! -e '{marker}' ]; then
  touch '{marker}'
  env -u GIT_DIR -u GIT_WORK_TREE -u GIT_INDEX_FILE git -C '{bertil}' push -q origin main >&2
fi
exit 0
""")
    hook.chmod(hook.stat().st_mode | stat.S_IXUSR)
    res = sync.sync(anna)
    assert marker.exists()
    assert res.state == "pushed" and res.tries == 2
    assert [c.author for c in res.incoming] == ["Bertil Berg"]
    assert item(anna, "trygghet")["status"] == "Påbörjad"
    assert git(anna, "rev-parse", "HEAD") == git(team.remote, "rev-parse", "main")


def test_status_shows_ahead_behind_and_uncommitted_plan_files(team, capsys):
    anna, bertil = team["anna"], team["bertil"]
    set_value(anna, "items.klimatplan.status", "Slutförd")
    set_value(bertil, "items.trygghet.status", "Påbörjad")
    assert main(["sync", "--repo", str(bertil)]) == 0
    git(anna, "fetch", "-q")
    p = anna / PLAN
    p.write_text(p.read_text().replace('"Ej påbörjad"', '"Påbörjad"', 1))
    capsys.readouterr()
    assert main(["status", "--repo", str(anna / "plans")]) == 0
    out = capsys.readouterr().out
    assert "Gren main, fjärrkälla origin/main" in out
    assert "1 commits att skicka, 1 att hämta" in out
    assert "Inte committat (1 planfiler)" in out and PLAN in out
    st = sync.status(anna)
    assert (st.ahead, st.behind, st.unsynced) == (1, 1, [PLAN])


def test_uncommitted_changes_in_a_file_colleagues_changed_stop_sync_and_are_kept(team, capsys):
    anna, bertil = team["anna"], team["bertil"]
    set_value(bertil, "items.trygghet.status", "Påbörjad")
    assert main(["sync", "--repo", str(bertil)]) == 0
    p = anna / PLAN
    p.write_text(p.read_text().replace('status = "Påbörjad"', 'status = "Slutförd"', 1))  # not committed
    text, head = p.read_text(), git(anna, "rev-parse", "HEAD")
    capsys.readouterr()
    assert main(["sync", "--repo", str(anna)]) == 1
    err = capsys.readouterr().err
    assert "inte är committade i plans/test/ks/2025/plan.toml" in err and "Inget ändrades" in err
    assert p.read_text() == text and git(anna, "rev-parse", "HEAD") == head


def test_sync_without_a_remote_or_with_nothing_to_do_says_so(make_repo, team, capsys):
    root = make_repo(with_git=True)
    assert main(["sync", "--repo", str(root)]) == 1
    assert "Ingen fjärrkälla" in capsys.readouterr().err
    assert main(["sync", "--repo", str(team["anna"])]) == 0
    assert "Allt är redan synkat" in capsys.readouterr().out


def test_init_makes_a_repository_and_commits_the_attribute_and_validate_warns_a_clone_without_driver(tmp_path, team, capsys):
    root = tmp_path / "ny"
    root.mkdir()
    (root / "plans").mkdir()
    env_identity = {"GIT_AUTHOR_NAME": "A", "GIT_AUTHOR_EMAIL": "a@x", "GIT_COMMITTER_NAME": "A",
                    "GIT_COMMITTER_EMAIL": "a@x"}
    p = verksam("init", "--repo", str(root), env=env_identity)
    assert p.returncode == 0, p.stderr
    assert "Committade .gitattributes" in p.stdout
    assert "plans/**/*.toml merge=verksam" in (root / ".gitattributes").read_text()
    assert git(root, "log", "--format=%s").strip().startswith("verksam:")
    assert "merge-file %O %A %B %P" in git(root, "config", "merge.verksam.driver")
    assert git(root, "config", "merge.verksam.name").strip()
    # a second time changes nothing
    p = verksam("init", "--repo", str(root), env=env_identity)
    assert p.returncode == 0 and len(git(root, "log", "--format=%s").splitlines()) == 1
    # a fresh clone lacks the driver until init
    git(tmp_path, "clone", "-q", str(team.remote), "dora")
    capsys.readouterr()
    main(["validate", "--repo", str(tmp_path / "dora")])
    assert "warning: den här klonen saknar" in capsys.readouterr().out
    sync.init(tmp_path / "dora") if os.environ.get("GIT_AUTHOR_NAME") else None
    git(tmp_path / "dora", "config", "merge.verksam.driver", sync.driver_command())
    main(["validate", "--repo", str(tmp_path / "dora")])
    assert "saknar" not in capsys.readouterr().out


import pytest  # noqa: E402


@pytest.mark.parametrize("command", [["init"], ["sync"], ["status"], ["merge-file"], ["server"], ["server", "init"],
                                     ["hook"], ["hook", "pre-receive"]])
def test_the_commands_help_is_swedish_with_examples_and_exit_codes(command, capsys):
    assert main([*command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("användning: verksam " + " ".join(command))
    assert "exempel:" in out and "slutkoder:" in out and "usage:" not in out
