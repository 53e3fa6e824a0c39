"""JSON Schema validation of parsed plan files, with exact locations.

The schema as msgspec types is the gate every file passes through (store/schemagate.py: in C,
nothing to compile); only a file that fails it goes through jsonschema, which lists every error
with its path.
"""

from __future__ import annotations

import re
import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..model.problems import MAX_PER_FILE, Problem, more_problem
from ..text import STRINGS, t
from ..text.neutral import UNSAFE_IN_VALUE, describe_char, first_unsafe
from .locate import Locator

MAX_COUNTED = 1000  # beyond the problems shown, errors are counted up to this many (counting all of a
# million takes jsonschema most of a minute)
KINDS = ("municipality", "goals", "indicators", "plan", "budget", "followup", "controls")


def schema_dir() -> Path:
    """schemas/ of the checkout, or the copy shipped inside the installed package."""
    here = Path(__file__).resolve().parents[3] / "schemas"
    if (here / "plan.schema.json").exists():
        return here
    from importlib import resources  # (only for an installed package: importing it costs `set` ~9 ms)

    return Path(str(resources.files("verksam") / "schemas"))


@lru_cache(maxsize=None)
def load_schema(kind: str) -> dict:
    """The schema as verksam's validator needs it: the published one (for editors, where a TOML
    date is a string with a format) with each `x-toml` date field turned into what Python sees
    (a date object: any value that is not a JSON type; a string like "nonsense" is refused)."""
    return _for_python(json.loads((schema_dir() / f"{kind}.schema.json").read_text(encoding="utf-8")))


# A string is never a TOML date (a date object is not a string, so string formats skip it): the
# format "toml-date" refuses every string (jsonschema's format checker below; the gate's type is a
# date, store/schemagate.py).
TOML_DATE_FORMAT = "toml-date"
_TOML_DATES = {
    "date": {"format": TOML_DATE_FORMAT},
    "datetime": {"format": TOML_DATE_FORMAT},
    "dateish": {},  # a date, or the date as written (a string)
}


def _for_python(node):
    if isinstance(node, list):
        return [_for_python(x) for x in node]
    if not isinstance(node, dict):
        return node
    marker = node.get("x-toml")
    if marker in _TOML_DATES:
        return {"x-toml": marker, **_TOML_DATES[marker]}
    return {k: _for_python(v) for k, v in node.items()}


@lru_cache(maxsize=None)
def _gate(kind: str):
    """passes(data) for a kind (store/schemagate.py), or None: every file of it goes to jsonschema."""
    from .schemagate import gate

    return gate(load_schema(kind))


@lru_cache(maxsize=None)
def _full(kind: str):
    import jsonschema  # only when a file fails the fast gate: jsonschema takes ~0.15 s to import

    checker = jsonschema.FormatChecker()
    checker.checks(TOML_DATE_FORMAT)(lambda value: not isinstance(value, str))
    return jsonschema.Draft202012Validator(load_schema(kind), format_checker=checker)


def _refine(err) -> tuple[list, bool, str]:
    """Path of the offending key or value, whether it is a key, and a message for people (in the
    current language; jsonschema's own words only for a rule no schema of ours uses)."""
    path = list(err.absolute_path)
    v = err.validator
    if v == "additionalProperties" and isinstance(err.instance, dict):
        props = err.schema.get("properties", {})
        extra = [k for k in err.instance if k not in props]
        if extra:
            known = ", ".join(sorted(props)) if len(props) < 30 else ""
            return path + [extra[0]], True, (t("store.schema.unknown_key_known", key=extra[0], known=known) if known
                                             else t("store.schema.unknown_key", key=extra[0]))
    if v == "required":
        missing = [k for k in err.validator_value if isinstance(err.instance, dict) and k not in err.instance]
        return path, False, t("store.schema.required", key=missing[0] if missing else err.validator_value[0])
    if v == "enum":
        allowed = ", ".join(repr(x) for x in err.validator_value if x != "")
        return path, False, t("store.schema.enum", value=repr(err.instance), allowed=allowed)
    if v == "pattern":
        return path, False, t("store.schema.pattern", value=repr(err.instance), pattern=err.validator_value)
    if v == "propertyNames":
        return path + [err.instance], True, t("store.schema.period", value=repr(err.instance))
    if v == "type":
        types = err.validator_value if isinstance(err.validator_value, list) else [err.validator_value]
        return path, False, t("store.schema.type", value=repr(err.instance),
                              type=" / ".join(t(f"store.schema.type.{x}") if f"store.schema.type.{x}" in STRINGS else x
                                              for x in types))
    if v == "format" and err.validator_value == TOML_DATE_FORMAT:
        return path, False, t("store.schema.not_date", value=repr(err.instance))
    if v == "const":
        return path, False, t("store.schema.const", value=repr(err.instance), want=repr(err.validator_value))
    if v in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "minLength",
             "maxLength", "minProperties", "uniqueItems", "oneOf", "anyOf", "format"):
        return path, False, t("store.schema.rule", value=repr(err.instance), rule=v, limit=repr(err.validator_value))
    return path, False, err.message


def check(rel: str, text: str, data: Any, locator: Locator | None = None, raw: bytes | None = None) -> list[Problem]:
    """The schema problems of one parsed file (`raw`, the file's bytes when at hand, makes the
    scan for control characters several times faster)."""
    if not isinstance(data, dict):
        return []
    kind = data.get("kind")
    if kind not in KINDS:
        loc = locator or Locator(text)
        line, col = loc.line_col(("kind",)) if "kind" in data else (1, 1)
        return [Problem(rel, line, col, "error",
                        t("store.schema.kind_unknown", kind=repr(kind)) if kind else t("store.schema.kind_missing"),
                        t("store.schema.kind.hint", kinds=", ".join(KINDS)), code="schema")]
    out = unsafe_text(rel, text, data, locator, raw=raw)
    passes = _gate(kind)
    if passes is not None and passes(data):
        return out
    loc = locator or Locator(text)
    errors = []
    more = 0
    for err in _full(kind).iter_errors(data):  # a file of a million wrong values: the first few
        if len(errors) < MAX_PER_FILE:
            errors.append(err)
        else:
            more += 1
            if more >= MAX_COUNTED:
                break
    for err in sorted(errors, key=lambda e: list(map(str, e.absolute_path))):
        path, is_key, msg = _refine(err)
        line, col = loc.line_col(tuple(path), key=is_key)
        where = ".".join(str(p) for p in path)
        out.append(Problem(rel, line, col, "error", f"{msg}" + (f" [{where}]" if where else ""),
                           t("store.schema.hint", kind=kind), code="schema"))
    if more:
        out.append(more_problem(rel, out[-1].line if out else 1, more, at_least=more >= MAX_COUNTED))
    return out


# What in a file's text can make a value hold a control or bidi character: the character itself
# (C1, bidi, CR are allowed raw in TOML strings) or an escape (\u001b, \U0000001B, \e, \x1b).
_MAYBE_UNSAFE = re.compile(r"[\x80-\x9f\r\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|\\[uUex]")
MAX_UNSAFE = 20  # per file: a file full of them is reported by its first few
# The same in the file's UTF-8 bytes, searched for piece by piece (bytes.find is many times faster
# than a character class over the text): C1 controls are \xc2\x80-\xc2\x9f, ALM \xd8\x9c, the
# marks and bidi controls \xe2\x80\x8e-\x8f, \xe2\x80\xa8-\xae and \xe2\x81\xa6-\xa9.
_C1_BYTES = re.compile(rb"\xc2[\x80-\x9f]")
_BIDI_BYTES = re.compile(rb"\xe2\x80[\x8e\x8f\xa8-\xae]|\xe2\x81[\xa6-\xa9]")


def _maybe_unsafe_bytes(raw: bytes) -> bool:
    """What _MAYBE_UNSAFE says of the text, said of its UTF-8 bytes."""
    if b"\r" in raw or b"\xd8\x9c" in raw:
        return True
    if b"\\" in raw and (b"\\u" in raw or b"\\U" in raw or b"\\e" in raw or b"\\x" in raw):
        return True
    return (b"\xc2" in raw and _C1_BYTES.search(raw) is not None) or (b"\xe2" in raw and _BIDI_BYTES.search(raw) is not None)


def _find_unsafe(data: Any, limit: int) -> list[tuple[tuple, bool, str, int]]:
    """(path, is it a key, the character, its index) of the first `limit` unsafe texts and keys."""
    found: list[tuple[tuple, bool, str, int]] = []

    def walk(node: Any, path: tuple) -> None:
        if len(found) >= limit:
            return
        if isinstance(node, str):
            i = first_unsafe(node)
            if i >= 0:
                found.append((path, False, node[i], i))
        elif isinstance(node, dict):
            for k, v in node.items():
                if isinstance(k, str) and UNSAFE_IN_VALUE.search(k):
                    found.append((path + (k,), True, k[first_unsafe(k)], first_unsafe(k)))
                walk(v, path + (k,))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                walk(v, path + (i,))

    walk(data, ())
    return found


def unsafe_text(rel: str, text: str, data: Any, locator: Locator | None = None, raw: bytes | None = None) -> list[Problem]:
    """A text value (or key) holding a control or bidi formatting character is an error: shown,
    it would be an instruction to the terminal (see verksam.text.neutral). Most files are passed
    by one scan of their text; only a file that may hold one is walked. With no text (an edit
    being checked) the data is walked."""
    if raw is not None and text:
        if not _maybe_unsafe_bytes(raw):
            return []
    elif text and not _MAYBE_UNSAFE.search(text):
        return []
    found = _find_unsafe(data, MAX_UNSAFE)
    if not found:
        return []
    loc = locator or Locator(text)
    out = []
    for path, is_key, ch, i in found:
        line, col = loc.line_col(path, key=is_key) if text else (1, 1)
        where = ".".join(str(p) for p in path)
        out.append(Problem(rel, line, col, "error",
                           t("store.unsafe_key" if is_key else "store.unsafe_text", char=describe_char(ch), pos=i + 1,
                             where=where),
                           t("store.unsafe_hint"), code="control-character"))
    return out


def unsafe_value(value: Any, where: str = "") -> str | None:
    """Why a value being written may not be (a control or bidi character in a text or key), or
    None. The writers (set, the app's edits) check the new value itself, so replacing one such
    value by another is refused too."""
    found = _find_unsafe(value, 1)
    if not found:
        return None
    path, is_key, ch, i = found[0]
    return t("store.unsafe_key" if is_key else "store.unsafe_text", char=describe_char(ch), pos=i + 1,
             where=".".join([where] * bool(where) + [str(p) for p in path]))


# ------------------------------------------------------------ the repository's copy of the schemas


def published() -> dict[str, str]:
    """The schemas as this verksam makes them (file name → text): what a repository's schemas/
    should hold, so that the #:schema lines of its files point at the rules verksam applies."""
    from .schema_source import build_schemas, render

    return {f"{name}.schema.json": render(schema) for name, schema in build_schemas().items()}


def drift(root: Path) -> list[str]:
    """The files of the repository's schemas/ that are missing or differ from verksam's own
    (relative paths, sorted); nothing when the repository has no schemas/ folder at all."""
    folder = Path(root) / "schemas"
    if not folder.is_dir():
        return []
    out = []
    for name, text in sorted(published().items()):
        path = folder / name
        try:
            same = path.is_file() and path.read_text(encoding="utf-8") == text
        except (OSError, UnicodeDecodeError):
            same = False
        if not same:
            out.append(f"schemas/{name}")
    return out


def write_copy(root: Path) -> list[str]:
    """Make the repository's schemas/ the same as verksam's own (atomically per file); returns
    what changed. Only `schemas/*.schema.json` files are written."""
    folder = Path(root) / "schemas"
    changed = drift(root) if folder.is_dir() else [f"schemas/{n}" for n in sorted(published())]
    folder.mkdir(exist_ok=True)
    texts = published()
    for rel in changed:
        name = rel.split("/", 1)[1]
        tmp = folder / f".{name}.{os.getpid()}.tmp"
        tmp.write_text(texts[name], encoding="utf-8")
        os.replace(tmp, folder / name)
    return changed
