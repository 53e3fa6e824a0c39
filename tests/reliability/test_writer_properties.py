"""Property tests of the writer (hypothesis): random documents, random edits. Whatever the layout
(comments, blank lines, inline comments, sub-tables) and the values (any text, numbers, dates):

* the text written, read again, is exactly what the edits meant (or the write is refused);
* one changed scalar is one changed line;
* entries are found by id whatever their position (the one id ⇄ index conversion).
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import os
import tomllib

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from verksam.store.edits import Address
from verksam.store.writer import FileEditor, WriteRefused

# `make soak` runs these with VERKSAM_SOAK_EXAMPLES=5000
SETTINGS = settings(max_examples=int(os.environ.get("VERKSAM_SOAK_EXAMPLES", "100")), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])

ids = st.from_regex(r"[a-z][a-z0-9-]{0,8}", fullmatch=True)
text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\n\t\"'\\#=[]{}"), max_size=30)
one_line_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("\"'\\#=[]{}"), max_size=30)
numbers = st.integers(-10**12, 10**12) | st.floats(allow_nan=False, allow_infinity=False)
dates = st.dates(dt.date(1900, 1, 1), dt.date(2100, 12, 31))
scalars = text | numbers | st.booleans() | dates
one_line_scalars = one_line_text | numbers | st.booleans() | dates
FIELDS = ("title", "status", "amount", "note")


def toml_value(v) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    return json.dumps(v, ensure_ascii=False)


@st.composite
def documents(draw):
    """(text, data): a plan-like file of [[items]] with ids, values and layout chosen at random."""
    n = draw(st.integers(1, 5))
    entry_ids = draw(st.lists(ids, min_size=n, max_size=n, unique=True))
    lines = ['#:schema ../schemas/plan.schema.json', '# a comment at the top', 'kind = "plan"', 'period = "2025"']
    for eid in entry_ids:
        lines += ["", "[[items]]"]
        if draw(st.booleans()):
            lines.append("# about this entry")
        lines.append(f'id = "{eid}"' + ("  # its id" if draw(st.booleans()) else ""))
        for f in draw(st.lists(st.sampled_from(FIELDS), unique=True, max_size=4)):
            pad = draw(st.sampled_from([" = ", "=", "   =  "]))
            lines.append(f"{f}{pad}{toml_value(draw(one_line_scalars))}" + ("  # trailing" if draw(st.booleans()) else ""))
        if draw(st.booleans()):
            lines += ["", "[items.values]"]
            for year in draw(st.lists(st.integers(2020, 2030), unique=True, max_size=3)):
                lines.append(f"{year} = {{ target = {draw(st.integers(0, 1000))} }}")
    text_ = "\n".join(lines) + "\n"
    return text_, tomllib.loads(text_)


@st.composite
def edits(draw, data):
    """A list of ("set" | "unset" | "append", path, value) over the document's entries, by id."""
    out = []
    items = data["items"]
    known = [e["id"] for e in items]
    for _ in range(draw(st.integers(1, 6))):
        kind = draw(st.sampled_from(["set", "set", "set", "unset", "append"]))
        if kind == "append":
            new_id = draw(ids.filter(lambda x: x not in known))
            known.append(new_id)
            out.append(("append", ("items",), {"id": new_id, "title": draw(one_line_text)}))
            continue
        eid = draw(st.sampled_from(known))
        field = draw(st.sampled_from(FIELDS))
        if kind == "set":
            out.append(("set", ("items", eid, field), draw(scalars)))
        else:
            out.append(("unset", ("items", eid, field), None))
    return out


def apply_plain(data: dict, edit) -> None:
    """What an edit means, applied to plain data by hand (the test's own model of the intent)."""
    kind, path, value = edit
    items = data["items"]
    if kind == "append":
        items.append(dict(value))
        return
    entry = next(e for e in items if e["id"] == path[1])
    if kind == "set":
        entry[path[2]] = value
    else:
        entry.pop(path[2], None)


@SETTINGS
@given(st.data())
def test_what_is_written_reads_back_as_intended(data):
    text_, plain = data.draw(documents())
    ed = FileEditor("/nonexistent", "plans/p.toml", text=text_, base_digest="")
    for edit in data.draw(edits(plain)):
        kind, path, value = edit
        try:
            if kind == "set":
                ed.set(path, value)
            elif kind == "unset":
                if path[2] not in next(e for e in ed.data["items"] if e["id"] == path[1]):
                    continue
                ed.remove(path)
            else:
                ed.append(path, value)
        except WriteRefused:
            return  # refused, nothing written: allowed
        apply_plain(plain, edit)
    try:
        out = ed.render()
    except WriteRefused:
        return
    assert tomllib.loads(out) == plain
    assert ed.data == plain  # the editor's own idea of the data is the intent too
    assert "# a comment at the top" in out  # comments survive


@SETTINGS
@given(st.data())
def test_one_changed_scalar_is_one_changed_line(data):
    text_, plain = data.draw(documents())
    candidates = [(e["id"], f) for e in plain["items"] for f in FIELDS if f in e]
    if not candidates:
        return
    eid, field = data.draw(st.sampled_from(candidates))
    new = data.draw(one_line_scalars)
    ed = FileEditor("/nonexistent", "plans/p.toml", text=text_, base_digest="")
    ed.set(("items", eid, field), new)
    out = ed.render()
    changed = [l for l in difflib.unified_diff(text_.splitlines(), out.splitlines(), lineterm="", n=0)
               if l[:1] in "+-" and not l.startswith(("+++", "---"))]
    if plain_equal(next(e for e in plain["items"] if e["id"] == eid)[field], new):
        assert len(changed) in (0, 2)  # the same value: that line at most (written the writer's way)
    else:
        assert len(changed) == 2 and changed[0].startswith("-") and changed[1].startswith("+"), changed
    assert tomllib.loads(out)["items"] == [
        {**e, field: new} if e["id"] == eid else e for e in plain["items"]]


def plain_equal(a, b) -> bool:
    return type(a) is type(b) and a == b


@SETTINGS
@given(st.data())
def test_addresses_follow_ids_wherever_the_entry_is(data):
    text_, plain = data.draw(documents())
    items = plain["items"]
    i = data.draw(st.integers(0, len(items) - 1))
    at = Address.of("plans/p.toml", plain, ("items", i, "title"))
    assert at.path == ("items", items[i]["id"], "title")
    assert at.resolve(plain) == ("items", i, "title")
    shuffled = {"items": data.draw(st.permutations(items))}  # a colleague reordered the entries
    j = at.resolve(shuffled)[1]
    assert shuffled["items"][j]["id"] == items[i]["id"]
