"""The user's keymap file: remaps the app's key bindings by id.

`~/.config/verksam/keymap.toml` (the platform's config folder, found with platformdirs;
`VERKSAM_KEYMAP` names another file, e.g. for tests) holds one line per binding to move:

    search = "ctrl+f"            # a key
    save = ["ctrl+s", "f2"]      # or several
    "round.open" = "o"           # ids with a dot are quoted

The ids are the command registry's (the help screen, `?`, lists what each key does). A file that
does not parse, an unknown id or a key that is not one are reported, located (file:line), in the
user's language; what is good in the file still applies. A missing file is no keymap.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from ..text import t

ENV = "VERKSAM_KEYMAP"

# Textual's names for keys that are not one character (besides f1–f24 and letters/digits)
KEY_NAMES = frozenset("""
escape enter tab space delete backspace insert home end pageup pagedown up down left right
question_mark slash backslash comma full_stop colon semicolon minus plus equals_sign exclamation_mark
at number_sign dollar_sign percent_sign ampersand asterisk left_parenthesis right_parenthesis
underscore left_square_bracket right_square_bracket left_curly_bracket right_curly_bracket
apostrophe quotation_mark less_than_sign greater_than_sign vertical_line tilde grave_accent
circumflex_accent
""".split())
MODIFIERS = ("ctrl", "alt", "shift", "meta", "super", "hyper")
_POS = re.compile(r"\(at line (\d+), column (\d+)\)")


@dataclass
class Keymap:
    path: Path | None
    bindings: dict[str, str] = field(default_factory=dict)  # id → Textual key list ("ctrl+f,f2")
    problems: list[str] = field(default_factory=list)  # located, in the current language


def keymap_path(env: Mapping[str, str] | None = None) -> Path:
    env = os.environ if env is None else env
    if env.get(ENV):
        return Path(env[ENV]).expanduser()
    from platformdirs import user_config_path

    return user_config_path("verksam", appauthor=False) / "keymap.toml"


def valid_key(key: str) -> bool:
    """One key as Textual names it: a character, a name (escape, question_mark, f5), with modifiers."""
    if len(key) == 1:
        return key.isprintable() and not key.isspace() and key != ","
    *mods, base = key.split("+")
    if any(m not in MODIFIERS for m in mods) or not base:
        return False
    if len(base) == 1:
        return base.isprintable() and not base.isspace()
    return base in KEY_NAMES or bool(re.fullmatch(r"f([1-9]|1\d|2[0-4])", base))


def _line_of(text: str, id: str) -> int:
    pat = re.compile(r'^\s*(?:"' + re.escape(id) + r'"|\'' + re.escape(id) + r"'|" + re.escape(id) + r")\s*=", re.M)
    m = pat.search(text)
    return text.count("\n", 0, m.start()) + 1 if m else 1


def read_keymap(known_ids: Iterable[str], path: Path | None = None) -> Keymap:
    """The keymap at `path` (default: keymap_path()), checked against the registry's ids."""
    path = keymap_path() if path is None else path
    out = Keymap(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return out
    except (OSError, UnicodeDecodeError) as e:
        reason = e.strerror if isinstance(e, OSError) and e.strerror else t("service.keymap.not_text")
        out.problems.append(t("service.keymap.unreadable", file=str(path), reason=reason))
        return out
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        m = _POS.search(str(e))
        line, col = (m[1], m[2]) if m else ("1", "1")
        out.problems.append(t("service.keymap.syntax", file=str(path), line=line, col=col))
        return out
    known = set(known_ids)
    for id, value in data.items():
        where = f"{path}:{_line_of(text, id)}"
        if id not in known:
            close = sorted(k for k in known if k.split(".")[-1] == id.split(".")[-1] or k.startswith(id))[:3]
            out.problems.append(t("service.keymap.unknown", where=where, id=id,
                                  hint=t("service.keymap.did_you_mean", ids=", ".join(close)) if close else ""))
            continue
        keys = [value] if isinstance(value, str) else value
        if not (isinstance(keys, list) and keys and all(isinstance(k, str) for k in keys)):
            out.problems.append(t("service.keymap.not_keys", where=where, id=id))
            continue
        keys = [p.strip() for k in keys for p in (k.split(",") if len(k) > 1 else [k])]
        bad = [k for k in keys if not valid_key(k)]
        if bad:
            out.problems.append(t("service.keymap.bad_key", where=where, id=id, key=bad[0]))
            continue
        out.bindings[id] = ",".join(keys)
    return out
