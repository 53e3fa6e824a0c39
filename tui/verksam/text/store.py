"""The store's words: validate's messages, schema errors, write refusals (keys `store.*`).

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # hostile input: control and bidi characters in text, files that are not plain files, caps
    "store.unsafe_text": ("texten innehåller ett styrtecken {char} vid tecken {pos} [{where}]",
                          "the text holds a control character {char} at character {pos} [{where}]"),
    "store.unsafe_key": ("nyckeln innehåller ett styrtecken {char} vid tecken {pos} [{where}]",
                         "the key holds a control character {char} at character {pos} [{where}]"),
    "store.unsafe_hint": ("styrtecken och tecken som vänder textriktningen är inte tillåtna i text; ta bort det",
                          "control and text-direction characters are not allowed in text; remove it"),
}
