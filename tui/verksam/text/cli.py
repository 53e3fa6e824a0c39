"""The command line's words: --help, messages, errors (keys `cli.*`).

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    "cli.lang.bad": ("{name}={value!r}: använd sv eller en", "{name}={value!r}: use sv or en"),
    "cli.set.already": ("{file}: {name} är redan {value}",
        "{file}: {name} is already {value}"),
    "cli.set.not_valid": ("{file}: inte skriven, ändringen klarar inte valideringen",
        "{file}: not written, the change does not validate"),
    "cli.set.changed": ("{file}: {name} {old} → {new}",
        "{file}: {name} {old} → {new}"),
    "cli.set.committed": ("incheckad {sha}: {subject}",
        "committed {sha}: {subject}"),
    "cli.set.nothing": ("(inget)",
        "(none)"),
}
