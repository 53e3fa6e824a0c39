"""A revision diff reads only what changed: the changed files and their municipality's own files."""

from __future__ import annotations

from tests.conftest import commit_all, git
from verksam.store.revisions import load_changed


def test_only_changed_documents_are_read(sample_repo):
    f = sample_repo / "plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"
    f.write_text(f.read_text(encoding="utf-8").replace('status = "Ej påbörjad"', 'status = "Påbörjad"', 1),
                 encoding="utf-8")
    commit_all(sample_repo, "en status")
    old, new, changed = load_changed(sample_repo, "HEAD~1", "HEAD")
    assert changed == ["plans/norrtalje/kommunstyrelsen/2025/followup/2025-04.toml"]
    assert set(new.workspace.municipalities) == {"norrtalje"}  # Alingsås is not read at all
    docs = [(d.kind, d.period) for d in new.workspace.municipalities["norrtalje"].documents]
    assert docs == [("followup", "2025-04")]
    assert set(new.digests) >= {"plans/norrtalje/municipality.toml", "plans/norrtalje/indicators.toml",
                                "plans/norrtalje/goals/2025-2027.toml"}
    before = {i.id: i.status for i in old.workspace.municipalities["norrtalje"].documents[0].items}
    after = {i.id: i.status for i in new.workspace.municipalities["norrtalje"].documents[0].items}
    assert [k for k in after if after[k] != before[k]] and git(sample_repo, "log", "--format=%s", "-1").strip() == "en status"
