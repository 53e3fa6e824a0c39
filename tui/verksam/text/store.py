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
    "store.link": ("en symbolisk länk (till {target}): verksam läser bara vanliga filer i plans/",
                   "a symbolic link (to {target}): verksam reads only plain files in plans/"),
    "store.link.hint": ("ersätt länken med filen själv", "replace the link by the file itself"),
    "store.link_dangling": ("en symbolisk länk till {target}, som inte finns", "a symbolic link to {target}, which does not exist"),
    "store.link_dangling.hint": ("ta bort länken", "remove the link"),
    "store.link_loop": ("en symbolisk länk i en slinga (till {target})", "a symbolic link in a loop (to {target})"),
    "store.link_loop.hint": ("ta bort länken", "remove the link"),
    "store.folder": ("en mapp med ett filnamn som slutar på .toml, inte en planfil",
                     "a folder named like a plan file (.toml), not a plan file"),
    "store.folder.hint": ("byt namn på mappen", "rename the folder"),
    "store.special": ("inte en vanlig fil ({what}); den läses inte", "not a plain file ({what}); it is not read"),
    "store.special.hint": ("ta bort den eller ersätt den med en vanlig fil", "remove it or replace it by a plain file"),
    "store.kind.fifo": ("en namngiven rörledning, FIFO", "a named pipe, FIFO"),
    "store.kind.device": ("en enhetsfil", "a device file"),
    "store.kind.socket": ("en socket", "a socket"),
    "store.kind.other": ("en särskild fil", "a special file"),
    "store.outside": ("ligger utanför förrådets plans/-mapp när sökvägen följs; den läses inte",
                      "lies outside the repository's plans/ folder when its path is followed; it is not read"),
    "store.outside.hint": ("flytta filen in i plans/", "move the file into plans/"),
    "store.too_large": ("filen är för stor ({mb} MB; gränsen är {cap} MB) och läses inte",
                        "the file is too large ({mb} MB; the limit is {cap} MB) and is not read"),
    "store.too_large.hint": ("dela upp den i flera filer", "split it into several files"),
    "store.unreadable": ("filen kan inte läsas: {error}", "the file cannot be read: {error}"),
    "store.unreadable.hint": ("kontrollera filens rättigheter", "check the file's permissions"),
    "store.bom": ("filen börjar med ett byte order mark (BOM)", "the file starts with a byte order mark (BOM)"),
    "store.bom.hint": ("spara den som UTF-8 utan BOM", "save it as UTF-8 without BOM"),
    "store.unsafe_hint": ("styrtecken och tecken som vänder textriktningen är inte tillåtna i text; ta bort det",
                          "control and text-direction characters are not allowed in text; remove it"),
}
