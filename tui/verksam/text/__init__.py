"""Every word verksam shows, in Swedish (default) and English: the one text catalog.

`t("key")` returns the text in the current language; `t("key", n=3)` formats it (and picks
`key.one` when n == 1 and it exists). Texts from the plan files (titles, statuses as written)
are data and are never translated.

The catalog is a typed table split by area, one module each, so that work in one area adds keys
without touching another's: `app` (screens, widgets, bindings), `cli` (--help, messages, errors),
`store` (validate, schema errors, write refusals), `model`, `analysis`, `service`, `round`,
`report`, `sync`. Rules, held by tests/text/test_catalog.py:
- keys are dotted, `area.what`; a module's keys start with its area (`cli.`, `store.`, …), except
  `app`, whose older keys have no prefix; no key is in two modules;
- each value is (svenska, english), both non-empty, with the same {placeholders};
- every key is used in the code, and every key the code asks for exists.

This package is pure (no os): the shells decide the language (`choose_language` with the flag
and the environment they read) and call `set_language`.
"""

from __future__ import annotations

from collections.abc import Mapping

from . import analysis, app, cli, model, report, service, store, sync
from . import round as round_

LANGS = ("sv", "en")
DEFAULT = "sv"
_lang = DEFAULT

AREAS = {"app": app.TEXTS, "cli": cli.TEXTS, "store": store.TEXTS, "model": model.TEXTS,
         "analysis": analysis.TEXTS, "service": service.TEXTS, "round": round_.TEXTS,
         "report": report.TEXTS, "sync": sync.TEXTS}


def _merge() -> dict[str, tuple[str, str]]:
    out: dict[str, tuple[str, str]] = {}
    for area, texts in AREAS.items():
        for key, pair in texts.items():
            if key in out:
                raise RuntimeError(f"text key {key!r} is defined twice (second time in verksam.text.{area})")
            out[key] = pair
    return out


# key: (svenska, english)
STRINGS: dict[str, tuple[str, str]] = _merge()


def choose_language(flag: str | None, env: Mapping[str, str]) -> str:
    """The language to use: the --lang flag, else VERKSAM_LANG, else the locale (LC_ALL, then
    LC_MESSAGES, then LANG, as POSIX orders them), else Swedish. A flag or VERKSAM_LANG that is
    neither sv nor en is wrong usage (ValueError); a locale in another language means Swedish."""
    for name, value in (("--lang", flag), ("VERKSAM_LANG", env.get("VERKSAM_LANG"))):
        if value:
            if value not in LANGS:
                raise ValueError(t("cli.lang.bad", name=name, value=value))
            return value
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = env.get(name)
        if value:
            code = value.split(".")[0].split("@")[0].split("_")[0].lower()
            return code if code in LANGS else DEFAULT
    return DEFAULT


def document_word(key: str, **kw) -> str:
    """A generated document's own word: always Swedish, the documents' language (lang="sv"),
    whatever the interface language."""
    text = STRINGS[key][0]
    return text.format(**kw) if kw else text


def word(prefix: str, name: str, /, document: bool = False, **kw) -> str:
    """The word for a name from the data (a field, a kind of change), or the name itself when the
    catalog has none: word("model.field", "end") → "slutdatum". document=True: always Swedish
    (commit messages, generated documents)."""
    key = f"{prefix}.{name}"
    if key not in STRINGS:
        return name
    return document_word(key, **kw) if document else t(key, **kw)


def set_language(lang: str) -> None:
    global _lang
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    _lang = lang


def language() -> str:
    return _lang


def t(key: str, /, **kw) -> str:
    if kw.get("n") == 1 and f"{key}.one" in STRINGS:  # "1 osparad ändring", not "1 osparade ändringar"
        key = f"{key}.one"
    pair = STRINGS.get(key)
    if pair is None:
        text = key
    else:
        text = pair[0] if _lang == "sv" else pair[1]
    return text.format(**kw) if kw else text
