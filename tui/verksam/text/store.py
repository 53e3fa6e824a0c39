"""The store's words: validate's messages, schema errors, write refusals (keys `store.*`).

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    "store.root.no_folder": ("{path}: mappen finns inte", "{path}: no such folder"),
    "store.root.not_plans": ("{path}: inte i ett planförråd (ingen mapp plans/ här eller ovanför); använd --repo MAPP eller `verksam demo`",
                       "{path}: not in a plans repository (no plans/ folder here or above); use --repo DIR or `verksam demo`"),
}
