"""The merge of parsed data and who may change what: the pure rules, case by case."""

from __future__ import annotations

from types import SimpleNamespace

from verksam.model.access import judge, person_for_login, touches
from verksam.store.merge import MISSING, Resolution, merge_data

BASE = {"kind": "plan", "items": [{"id": "a", "status": "x", "end": 1}, {"id": "b", "status": "x"}],
        "tables": [{"id": "t", "rows": [{"id": "r", "values": [1, 2, 3]}]}]}


def copy(**changes):
    import copy as c

    d = c.deepcopy(BASE)
    for path, value in changes.items():
        node = d
        *parts, last = path.split("__")
        for p in parts:
            node = next(x for x in node if x.get("id") == p) if isinstance(node, list) else node[p]
        node[last] = value
    return d


def test_different_keys_and_entries_merge_cleanly():
    ours = copy(items__a__status="y")
    theirs = copy(items__a__end=2)
    theirs["items"][1]["status"] = "z"
    merged, conflicts, _ = merge_data(BASE, ours, theirs)
    assert not conflicts
    assert merged["items"] == [{"id": "a", "status": "y", "end": 2}, {"id": "b", "status": "z"}]


def test_cells_of_a_row_merge_one_by_one_and_the_same_cell_conflicts():
    ours, theirs = copy(), copy()
    ours["tables"][0]["rows"][0]["values"] = [9, 2, 3]
    theirs["tables"][0]["rows"][0]["values"] = [1, 2, 8]
    merged, conflicts, _ = merge_data(BASE, ours, theirs)
    assert merged["tables"][0]["rows"][0]["values"] == [9, 2, 8] and not conflicts
    theirs["tables"][0]["rows"][0]["values"] = [7, 2, 3]
    merged, conflicts, _ = merge_data(BASE, ours, theirs)
    assert [c.path for c in conflicts] == [("tables", "t", "rows", "r", "values", 0)]
    assert merged["tables"][0]["rows"][0]["values"][0] == 9  # ours kept


def test_comments_appended_on_both_sides_are_both_kept():
    base = {"items": [{"id": "a", "comments": [{"date": 1, "text": "x"}]}]}
    ours = {"items": [{"id": "a", "comments": [{"date": 1, "text": "x"}, {"date": 2, "text": "mine"}]}]}
    theirs = {"items": [{"id": "a", "comments": [{"date": 1, "text": "x"}, {"date": 3, "text": "theirs"}]}]}
    merged, conflicts, _ = merge_data(base, ours, theirs)
    assert [c["text"] for c in merged["items"][0]["comments"]] == ["x", "mine", "theirs"] and not conflicts


def test_removed_on_one_side_and_changed_on_the_other_is_a_conflict_and_a_resolution_settles_it():
    ours = copy()
    ours["items"] = ours["items"][1:]
    theirs = copy(items__a__status="y")
    merged, conflicts, _ = merge_data(BASE, ours, theirs)
    assert len(conflicts) == 1 and conflicts[0].ours is MISSING and conflicts[0].path == ("items", "a")
    keep = Resolution("f", ("items", "a"), None, conflicts[0].theirs, "theirs")
    merged, conflicts, resolved = merge_data(BASE, ours, theirs, [keep], rel="f")
    assert not conflicts and resolved and [i["id"] for i in merged["items"]] == ["b", "a"]
    # a resolution for other values (a colleague changed it again) does not apply
    again = copy(items__a__status="w")
    assert merge_data(BASE, ours, again, [keep], rel="f")[1]


def test_one_stays_one_true_and_1_differ():
    merged, conflicts, _ = merge_data({"v": 1}, {"v": 1.0}, {"v": True})
    assert conflicts


PEOPLE = [SimpleNamespace(id="anna", name="Anna", emails=("anna.svensson@k.se",), role="rapportör", units=("stab",),
                          boards=()),
          SimpleNamespace(id="cecilia", name="Cecilia", emails=("cc@k.se",), role="controller", units=(),
                          boards=("ks",))]


def test_a_login_names_a_person_by_email_id_or_local_part():
    assert person_for_login(PEOPLE, "ANNA.svensson@k.se").id == "anna"
    assert person_for_login(PEOPLE, "anna.svensson").id == "anna"
    assert person_for_login(PEOPLE, "cecilia").id == "cecilia"
    assert person_for_login(PEOPLE, "okand") is None


def test_touches_and_judge():
    old = {"title": "T", "items": [{"id": "a", "responsible": "stab", "status": "x"},
                                   {"id": "b", "responsible": "juridik", "status": "x"}]}
    new = {"title": "T", "items": [{"id": "a", "responsible": "stab", "status": "y"},
                                   {"id": "b", "responsible": "juridik", "status": "y"}]}
    found = touches(old, new)
    assert [(t.path, set(t.units)) for t in found] == [(("items", "a"), {"stab"}), (("items", "b"), {"juridik"})]
    anna, cecilia = PEOPLE
    denied = judge(anna, "ks", False, found)
    assert [(d.reason, d.entry) for d in denied] == [("not_yours", "b")]
    assert not judge(cecilia, "ks", False, found)
    assert judge(cecilia, "bun", False, found)[0].reason == "not_controller"
    assert judge(cecilia, "", True, found)[0].reason == "not_controller"  # a board's controller: not the shared files
    # handing one's entry to another unit needs both units
    handed = touches(old, {**old, "items": [{"id": "a", "responsible": "juridik", "status": "x"}, old["items"][1]]})
    assert judge(anna, "ks", False, handed)[0].units == frozenset({"juridik"})
    assert judge(anna, "ks", False, touches(old, {**old, "title": "U"}))[0].reason == "not_controller"
