"""The schema gate (store/schemagate.py) never lets through what the schema refuses.

A file the gate passes is not checked by jsonschema at all, so a gate more lenient than the schema
would hide a wrong value. Every kind's schema gives a document holding every key it allows (a
valid value each); then every value, key and list in it is replaced, removed or added to, with
wrong values of every sort; whenever the gate passes such a document, jsonschema must find it
valid too."""

from __future__ import annotations

import copy
import datetime as dt
import re

import pytest

from verksam.store import schemas
from verksam.store.repository import PlanRepository
from verksam.store.schemagate import Untranslatable, gate, to_type

UTC = dt.timezone.utc
_STRINGS = ["a", "a-1", "2025", "2025-2027", "2025-04", "2025-04-30", "a@b.se", ""]
_WRONG = ["", "A", "a b", "-a", "a-", "x" * 65, "é", "2025-13", "2025-2027-", "nonsense", "a@b", "@b.se", "1\n",
          "2025-04-30", True, False, 0, -1, 1, 4, 5, 16, 17, 18, 3.0, 1.5, -0.5, 10**20, float("nan"), float("inf"),
          dt.date(2025, 4, 30), dt.datetime(2025, 4, 30, 12, 0, tzinfo=UTC), dt.datetime(2025, 4, 30, 12, 0),
          dt.time(12, 0), [], ["a"], [1], [[]], {}, {"value": 1}, {"x": 1}, {"2025": {}}]


def example(node: dict):
    """A valid value of a schema node (as verksam's validator sees it), every property present."""
    if node.get("format") == schemas.TOML_DATE_FORMAT:
        return dt.datetime(2025, 4, 30, 12, 0, tzinfo=UTC) if node.get("x-toml") == "datetime" else dt.date(2025, 4, 30)
    if "const" in node:
        return node["const"]
    if "enum" in node:
        return node["enum"][0]
    typ = node.get("type")
    if isinstance(typ, list):
        typ = "object" if "object" in typ else typ[0]
    if typ is None:
        return "any"
    if typ == "string":
        return _string(node)
    if typ == "number":
        return 1.5
    if typ == "integer":
        return node.get("minimum", 1)
    if typ == "boolean":
        return True
    if typ == "array":
        return [example(node.get("items", {}))] * max(1, node.get("minItems", 1))
    props = node.get("properties")
    if props is not None:
        return {k: example(v) for k, v in props.items()}
    key = _string(node.get("propertyNames", {}))
    extra = node.get("additionalProperties", True)
    return {key: example(extra) if isinstance(extra, dict) else 1}


def _string(node: dict) -> str:
    for s in _STRINGS:
        if re.search(node.get("pattern", ""), s) and len(s) <= node.get("maxLength", 99) and s:
            return s
    raise AssertionError(f"no example string for {node}")


def _paths(value, path=()):
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, path + (k,))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, path + (i,))


def _at(doc, path):
    for p in path:
        doc = doc[p]
    return doc


def _subschema(schema, path):
    """The schema node of the value at `path`."""
    for p in path:
        if isinstance(p, int):
            schema = schema["items"]
        elif p in schema.get("properties", {}):
            schema = schema["properties"][p]
        else:
            schema = schema.get("additionalProperties", True)
        if schema is True:  # anything goes (an `extra` table's own keys)
            return {}
    return schema


_REMOVE = object()


def _mutations(doc):
    """(path of the changed value or of the dict changed, the document changed in place); the
    change is undone when the next is asked for."""
    for path, value in list(_paths(doc)):
        parent, key = (_at(doc, path[:-1]), path[-1]) if path else (None, None)
        changes = []
        if path:
            changes += [(path, parent, key, w) for w in _WRONG]
            if isinstance(key, str):
                changes.append((path[:-1], parent, key, _REMOVE))
        if isinstance(value, dict):
            changes += [(path, value, k, w) for k, w in (("unknown_key", 1), ("2025-04", {}))]
        if path and isinstance(value, list):
            changes += [(path, parent, key, []), (path, parent, key, value * 3)]
        if path and isinstance(value, str):
            changes += [(path, parent, key, w) for w in (value + "\n", value.upper(), "-" + value, value + "-",
                                                         value + " ", value * 40)]
        for where, node, k, new in changes:
            had = k in node if isinstance(node, dict) else True
            old = node[k] if had else None
            if new is _REMOVE:
                del node[k]
            else:
                node[k] = copy.deepcopy(new)
            yield where, doc
            if had:
                node[k] = old
            else:
                del node[k]


@pytest.mark.parametrize("kind", schemas.KINDS)
def test_gate_lets_through_nothing_the_schema_refuses(kind):
    schema = schemas.load_schema(kind)
    passes = gate(schema)
    assert passes is not None, "every construct of our schemas has a type (schemagate.to_type)"
    full = schemas._full(kind)
    doc = example(schema)
    assert not list(full.iter_errors(doc)), "the example document is valid"
    assert passes(doc), "the gate passes a valid document"
    refused = 0
    for where, wrong in _mutations(doc):
        if passes(wrong):  # jsonschema on the part changed (the rest is the valid example)
            errors = list(full.evolve(schema=_subschema(schema, where)).iter_errors(_at(wrong, where)))
            assert not errors, (kind, where, _at(wrong, where), [e.message for e in errors])
        else:
            refused += 1
    assert refused > 100  # the mutations do reach the rules


def test_the_gate_passes_the_project_plans():
    """Valid files pass the gate (the fast way); none of them goes to jsonschema."""
    from pathlib import Path

    import rtoml

    root = Path(__file__).resolve().parents[2]
    files = sorted(root.glob("plans/**/*.toml"))
    assert files
    for path in files:
        data = rtoml.loads(path.read_text(encoding="utf-8"))
        assert schemas._gate(data["kind"])(data), path


@pytest.mark.parametrize("value, passes_gate, schema_errors", [
    (dt.date(2025, 4, 30), True, False),
    ("2025-04-30", False, True),  # a string is never a TOML date
    (dt.datetime(2025, 4, 30, 12, 0), False, False),  # the schema allows it; the gate refuses, jsonschema decides
    (5, False, False),  # the same
])
def test_date_fields(value, passes_gate, schema_errors):
    doc = {"kind": "goals", "period": "2025-2027", "title": "Mål", "date": value}
    assert schemas._gate("goals")(doc) is passes_gate
    assert bool(list(schemas._full("goals").iter_errors(doc))) is schema_errors


def test_a_refused_value_still_gets_its_located_message(make_repo):
    """The gate decides only whether jsonschema looks: the message and place are jsonschema's."""
    root = make_repo({"plans/test/goals/2025-2027.toml":
                      'kind = "goals"\nperiod = "2025-2027"\ntitle = "Mål"\ndate = "2025-04-30"\n'})
    found = [p for p in PlanRepository(root).load().problems if p.code == "schema"]
    assert [(p.line, p.col) for p in found] == [(4, 8)]
    assert "[date]" in found[0].message


def test_untranslatable_constructs_have_no_gate():
    with pytest.raises(Untranslatable):
        to_type({"oneOf": [{"type": "string"}, {"type": "integer"}]})
    assert gate({"type": "object", "properties": {"a": {"anyOf": []}}}) is None
    assert gate({"type": "number", "minimum": 1}) is None  # NaN against a bound
