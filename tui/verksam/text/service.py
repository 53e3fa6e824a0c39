"""The service layer's words (keys `service.*`).

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    "service.set.no_file": ("{file}: ingen sådan fil i {root}",
        "{file}: no such file in {root}"),
    "service.set.not_plan": ("{file}: inte en planfil (en .toml-fil under plans/)",
        "{file}: not a plan file (a .toml file under plans/)"),
    "service.set.bad_key": ("felaktig KEY {name!r}: {error}",
        "bad KEY {name!r}: {error}"),
}
