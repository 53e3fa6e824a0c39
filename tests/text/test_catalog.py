"""The one text catalog: every key in both languages, every key used, no key missing.

"Used" is read from the source: a key is used when it appears as a string literal anywhere in
tui/verksam (outside the catalog), or matches an f-string such as f"cmd.{id}" there; a call
t("…") or t(f"…") must name a key (or a pattern that matches one) the catalog has.
"""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import pytest

import verksam.text as text
from verksam.text import AREAS, STRINGS, choose_language, set_language, t

SRC = Path(text.__file__).resolve().parents[1]


def _fields(s: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(s) if f is not None}


def _pattern(node: ast.JoinedStr) -> re.Pattern | None:
    parts, const = [], ""
    for v in node.values:
        if isinstance(v, ast.Constant):
            parts.append(re.escape(v.value))
            const += v.value
        else:
            parts.append(r"[^\s]+")
    if "." not in const or len(const) < 2:  # f"{a}.{b}" would match everything
        return None
    return re.compile("".join(parts))


def _scan():
    literals: set[str] = set()
    patterns: list[re.Pattern] = []
    calls: list[tuple[str, int, object]] = []  # (file, line, literal str or pattern)
    for path in SRC.rglob("*.py"):
        if path.parent.name == "text" and path.parent.parent == SRC and path.name != "__init__.py":
            continue  # the catalog's tables (its __init__ uses keys like any other module)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                literals.add(node.value)
            elif isinstance(node, ast.JoinedStr) and (p := _pattern(node)) is not None:
                patterns.append(p)
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "word"
                    and node.args and isinstance(node.args[0], ast.Constant)):  # word("model.field", name)
                patterns.append(re.compile(re.escape(node.args[0].value) + r"\.[^\s]+"))
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "t"
                    and node.args):
                a = node.args[0]
                where = f"{path.relative_to(SRC)}:{node.lineno}"
                if isinstance(a, ast.Constant) and isinstance(a.value, str):
                    calls.append((where, node.lineno, a.value))
                elif isinstance(a, ast.JoinedStr):
                    calls.append((where, node.lineno, _pattern(a)))
    return literals, patterns, calls


def test_every_key_has_both_languages_with_the_same_placeholders():
    bad = []
    for key, pair in STRINGS.items():
        if not (isinstance(pair, tuple) and len(pair) == 2 and all(isinstance(s, str) for s in pair)
                and (all(s.strip() for s in pair) or pair == ("", ""))):  # ("", ""): deliberately nothing
            bad.append(f"{key}: not (svenska, english)")
        elif _fields(pair[0]) != _fields(pair[1]):
            bad.append(f"{key}: {sorted(_fields(pair[0]))} ≠ {sorted(_fields(pair[1]))}")
    assert not bad, "\n".join(bad)


def test_each_area_keeps_to_its_prefix_and_no_key_is_defined_twice():
    seen: dict[str, str] = {}
    for area, texts in AREAS.items():
        for key in texts:
            assert key not in seen, f"{key} in both {seen[key]} and {area}"
            seen[key] = area
            if area != "app":
                assert key.startswith(area + "."), f"verksam.text.{area}: {key} should start with {area}."
    assert seen.keys() == STRINGS.keys()


def test_every_key_is_used_somewhere():
    literals, patterns, _ = _scan()

    def used(key: str) -> bool:
        base = key[:-4] if key.endswith(".one") else key
        return base in literals or any(p.fullmatch(base) for p in patterns)

    unused = sorted(k for k in STRINGS if not used(k))
    assert not unused, "keys nothing uses (remove them or use them):\n" + "\n".join(unused)


def test_no_key_the_code_asks_for_is_missing():
    _, _, calls = _scan()
    missing = []
    for where, _, what in calls:
        if isinstance(what, str):
            if what not in STRINGS:
                missing.append(f"{where}: {what}")
        elif what is not None and not any(what.fullmatch(k) for k in STRINGS):
            missing.append(f"{where}: {what.pattern}")
    assert not missing, "t() asks for keys the catalog lacks:\n" + "\n".join(missing)


@pytest.mark.parametrize("flag, env, want", [
    (None, {}, "sv"),
    ("en", {"VERKSAM_LANG": "sv"}, "en"),
    (None, {"VERKSAM_LANG": "en", "LANG": "sv_SE.UTF-8"}, "en"),
    (None, {"LANG": "en_GB.UTF-8"}, "en"),
    (None, {"LANG": "en_GB.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"}, "sv"),
    (None, {"LC_ALL": "en_US.UTF-8", "LC_MESSAGES": "sv_SE.UTF-8"}, "en"),
    (None, {"LANG": "de_DE.UTF-8"}, "sv"),
    (None, {"LANG": "C.UTF-8"}, "sv"),
    (None, {"LANG": ""}, "sv"),
])
def test_choose_language(flag, env, want):
    assert choose_language(flag, env) == want


def test_a_bad_language_is_refused_in_the_current_language():
    set_language("sv")
    with pytest.raises(ValueError, match="använd sv eller en"):
        choose_language(None, {"VERKSAM_LANG": "fi"})
    with pytest.raises(ValueError, match="--lang='de'"):
        choose_language("de", {})


def test_t_formats_and_picks_the_singular():
    set_language("sv")
    assert t("quit.text", n=1) == "Du har 1 osparad ändring."
    assert t("quit.text", n=3) == "Du har 3 osparade ändringar."
    set_language("en")
    try:
        assert t("quit.text", n=3) == "You have 3 unsaved changes."
    finally:
        set_language("sv")
