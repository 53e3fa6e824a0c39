"""The gate every parsed plan file passes through: its kind's JSON Schema as msgspec types.

A file that passes the gate has no schema problem; only a file that fails it is checked by
jsonschema, which finds every error with its path (store/schemas.py), so the messages are
jsonschema's whatever the gate says. The gate may therefore refuse more than the schema (such a
file costs a jsonschema check that finds nothing), but never less: every construct of our schemas
is translated to a type that refuses what the construct refuses (tests/store/test_schema_gate.py
compares the two on every kind of wrong value), and a schema using anything else has no gate
(every file of that kind goes to jsonschema).

msgspec's `convert` checks a whole file in C, patterns and limits included: 0.34 s for the 4,608
files of the benchmark's 72 municipalities where fastjsonschema's compiled Python took 0.64 s, and
there is nothing to compile (fastjsonschema's code generation cost 0.4 s a process on a cold
cache). The structs it builds are thrown away.

Translation (of the schema as verksam's validator sees it, see schemas.load_schema):
  string (pattern, maxLength, minLength) -> str with Meta; number -> float (an int passes, a
  bool does not); integer (minimum, maximum) -> int with Meta (a float such as 3.0 is refused
  here, and jsonschema decides); boolean -> bool; enum/const of strings -> Literal; array (items,
  minItems, maxItems) -> list with Meta; object with properties -> a Struct (required fields
  required, `additionalProperties: false` forbids unknown keys, other keys ignored otherwise);
  object without properties -> dict (propertyNames as the key type); a list of types -> Union;
  {} -> Any; a TOML date (`format: toml-date`, anything but a string) -> date, a TOML date and
  time -> datetime (the other values the schema lets through are refused here: jsonschema decides).
"""

from __future__ import annotations

import datetime as dt
import itertools
from typing import Annotated, Any, Callable, Literal, Union

import msgspec
from msgspec import Meta

from .schemas import TOML_DATE_FORMAT

# TOML's dates and times are the parser's own values: a string is never turned into one
_NATIVE = (dt.date, dt.datetime, dt.time)
_IGNORED = ("description", "title", "$schema", "$id", "x-toml", "examples", "default")


class Untranslatable(Exception):
    """A schema construct the gate has no exact type for."""


_names = itertools.count()


def to_type(node: Any) -> Any:
    """The msgspec type refusing at least what this schema node refuses (Untranslatable if none)."""
    if not isinstance(node, dict):
        raise Untranslatable(repr(node))
    node = dict(node)
    marker = node.get("x-toml")
    for k in _IGNORED:
        node.pop(k, None)
    if node.get("format") == TOML_DATE_FORMAT:
        node.pop("format")
        _done(node)
        return dt.datetime if marker == "datetime" else dt.date
    if not node:
        return Any
    if "const" in node:
        value = node.pop("const")
        if node.pop("type", "string") != "string" or type(value) is not str:
            raise Untranslatable("const")
        _done(node)
        return Literal[value]
    if "enum" in node:
        values = node.pop("enum")
        if node.pop("type", "string") != "string" or not values or not all(type(v) is str for v in values):
            raise Untranslatable("enum")
        _done(node)
        return Literal[tuple(values)]
    typ = node.pop("type", None)
    if isinstance(typ, list):
        if not typ or len(set(typ)) != len(typ):
            raise Untranslatable("type list")
        shared = {k: node.pop(k) for k in ("properties", "additionalProperties", "required") if k in node}
        _done(node)  # what applies only to objects goes with the object; nothing else is allowed
        return Union[tuple(to_type({"type": x, **(shared if x == "object" else {})}) for x in typ)]
    if typ == "string":
        meta = _meta(node, pattern="pattern", max_length="maxLength", min_length="minLength")
        _done(node)
        return Annotated[str, Meta(**meta)] if meta else str
    if typ in ("number", "integer"):
        meta = _meta(node, ge="minimum", le="maximum")
        _done(node)
        base = float if typ == "number" else int
        if meta and base is float:  # NaN and a bound: msgspec and jsonschema might differ
            raise Untranslatable("number bounds")
        return Annotated[base, Meta(**meta)] if meta else base
    if typ == "boolean":
        _done(node)
        return bool
    if typ == "array":
        item = to_type(node.pop("items", {}))
        meta = _meta(node, min_length="minItems", max_length="maxItems")
        _done(node)
        return Annotated[list[item], Meta(**meta)] if meta else list[item]
    if typ == "object":
        props = node.pop("properties", None)
        extra = node.pop("additionalProperties", True)
        required = node.pop("required", [])
        names = node.pop("propertyNames", None)
        _done(node)
        if props is None:
            if required:
                raise Untranslatable("required without properties")
            key = to_type({"type": "string", **names}) if names is not None else str
            return dict[key, Any if extra is True else to_type(extra)]
        if names is not None or extra not in (True, False) or not isinstance(props, dict) or set(required) - set(props):
            raise Untranslatable("object")
        fields = []
        for i, (key, sub) in enumerate(props.items()):
            if key in required:
                fields.append((f"f{i}", to_type(sub), msgspec.field(name=key)))
            else:  # the default is never looked at: the struct is thrown away
                fields.append((f"f{i}", to_type(sub), msgspec.field(default=None, name=key)))
        return msgspec.defstruct(f"Gate{next(_names)}", fields, kw_only=True, forbid_unknown_fields=extra is False,
                                 gc=False)
    raise Untranslatable(repr(typ))


def _meta(node: dict, **names: str) -> dict:
    return {ours: node.pop(theirs) for ours, theirs in names.items() if theirs in node}


def _done(node: dict) -> None:
    if node:
        raise Untranslatable(", ".join(sorted(node)))


def gate(schema: dict) -> Callable[[Any], bool] | None:
    """passes(data): True when the data certainly meets the schema; None when the schema has a
    construct without a type (every file then goes to jsonschema)."""
    try:
        typ = to_type(schema)
    except Untranslatable:
        return None

    def passes(data: Any) -> bool:
        try:
            msgspec.convert(data, typ, builtin_types=_NATIVE)
        except (msgspec.ValidationError, ValueError, TypeError, RecursionError):
            return False  # jsonschema says what, if anything, is wrong
        return True

    return passes
