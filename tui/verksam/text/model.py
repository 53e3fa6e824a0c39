"""The model's words: kinds, states, fields as people read them (keys `model.*`).

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    "model.more_problems": ("… och {n} problem till i den här filen, som inte visas",
                            "… and {n} more problems in this file, not shown"),
    "model.more_problems_plus": ("… och fler än {n} problem till i den här filen, som inte visas",
                                 "… and more than {n} more problems in this file, not shown"),
    "model.more_problems.hint": ("rätta de första så visas resten", "fix the first ones and the rest are shown"),
}
