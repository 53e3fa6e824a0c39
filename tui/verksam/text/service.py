"""The service layer's words (keys `service.*`).

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # the user's keymap file (verksam.service.keymap)
    "service.keymap.unreadable": ("{file}: kan inte läsa tangentfilen: {reason}", "{file}: cannot read the keymap file: {reason}"),
    "service.keymap.not_text": ("inte UTF-8-text", "not UTF-8 text"),
    "service.keymap.syntax": ("{file}:{line}:{col}: tangentfilen är inte giltig TOML; inga tangenter ändrades",
                              "{file}:{line}:{col}: the keymap file is not valid TOML; no keys were changed"),
    "service.keymap.unknown": ("{where}: okänt kommando ”{id}”{hint}; hjälpen (?) visar alla",
                               "{where}: unknown command “{id}”{hint}; the help (?) lists them all"),
    "service.keymap.did_you_mean": (" (menar du {ids}?)", " (did you mean {ids}?)"),
    "service.keymap.not_keys": ("{where}: ”{id}” ska vara en tangent i citattecken eller en lista av tangenter",
                                "{where}: “{id}” should be a quoted key or a list of keys"),
    "service.keymap.bad_key": ("{where}: ”{key}” för ”{id}” är ingen tangent (t.ex. \"ctrl+f\", \"f5\", \"x\", \"question_mark\")",
                               "{where}: “{key}” for “{id}” is not a key (e.g. \"ctrl+f\", \"f5\", \"x\", \"question_mark\")"),
    "service.set.no_file": ("{file}: ingen sådan fil i {root}",
        "{file}: no such file in {root}"),
    "service.set.not_plan": ("{file}: inte en planfil (en .toml-fil under plans/)",
        "{file}: not a plan file (a .toml file under plans/)"),
    "service.set.bad_key": ("felaktig KEY {name!r}: {error}",
        "bad KEY {name!r}: {error}"),
}
