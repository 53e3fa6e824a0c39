"""The words of the one write path (store.session, store.atomic, store.lock, store.paths) and of
`verksam set`: (svenska, english)."""

from __future__ import annotations

STRINGS: dict[str, tuple[str, str]] = {
    # paths
    "path.outside": ("{path}: ligger inte under förrådets plans/; verksam läser och skriver bara planer där",
                     "{path}: not under the repository's plans/; verksam reads and writes plans only there"),
    "path.symlink": ("{path}: går genom en symbolisk länk ({link}); verksam skriver aldrig genom en länk",
                     "{path}: goes through a symbolic link ({link}); verksam never writes through a link"),
    "path.not_file": ("{path}: är inte en vanlig fil", "{path}: is not a regular file"),
    # the lock
    "lock.timeout": ("en annan ändring pågår i förrådet och blev inte klar på {secs} s ({holder}); inget ändrades, försök igen",
                     "another change is under way in the repository and did not finish within {secs} s ({holder}); "
                     "nothing was changed, try again"),
    "lock.holder": ("låst av process {pid}, {user}: {command}, sedan {since}",
                    "held by process {pid}, {user}: {command}, since {since}"),
    "lock.unknown_holder": ("okänt av vem", "holder unknown"),
    # writing
    "write.no_space": ("disken är full", "the disk is full"),
    "write.exists": ("{file} finns redan", "{file} exists already"),
    "write.changed_on_disk": ("{file} ändrades på disken medan ändringen gjordes; inget skrevs",
                              "{file} changed on disk meanwhile; nothing was written"),
    "write.failed_unchanged": ("kunde inte skriva ({reason}); {files} är oförändrade",
                               "could not write ({reason}); {files} are unchanged"),
    "write.failed_restored": ("kunde inte skriva ({reason}); {files} är återställda som de var",
                              "could not write ({reason}); {files} are back as they were"),
    "write.readback": ("{file} innehöll inte det som skrevs när den lästes igen",
                       "{file} did not hold what was written when read back"),
    "write.commit_refused": ("inget ändrades, Git tog inte emot ändringen ({reason}); {files} är som de var",
                             "nothing was changed, git refused the commit ({reason}); {files} are as they were"),
    "write.commit_differs": ("commit {sha} gjordes, men {files} skiljer sig från den (en krok ändrade dem?)",
                             "commit {sha} was made, but {files} differ from it (did a hook change them?)"),
    "write.index_lock": ("{path} finns: en annan git-process arbetar i förrådet, eller så avbröts en och lämnade "
                         "låset kvar. Kör ingen git nu? Ta bort filen (rm {path}) och försök igen. Inget ändrades",
                         "{path} exists: another git process is working in the repository, or one was killed and "
                         "left its lock. No git running now? Remove the file (rm {path}) and try again. Nothing was changed"),
    "write.uncommitted": ("{files}: har ändringar som inte är committade (gjorda utanför verksam); committa eller "
                          "återställ dem först, eller spara utan commit (--no-commit)",
                          "{files}: has changes that are not committed (made outside verksam); commit or discard "
                          "them first, or save without a commit (--no-commit)"),
    "write.conflict": ("{file}: {label}: du ändrade {old} → {new}, men filen har nu {theirs}",
                       "{file}: {label}: you changed {old} → {new}, but the file now has {theirs}"),
    "write.id_taken": ("id '{id}' finns redan", "id '{id}' exists already"),
    "write.appended": ("ny", "new"),
    "write.removed": ("borttagen", "removed"),
    "write.created": ("{file} skapad", "{file} created"),
    # recovery
    "recover.finished": ("en avbruten ändring (process {pid}) av {files} var redan incheckad och slutfördes",
                         "an interrupted change (process {pid}) of {files} was already committed and was finished"),
    "recover.finished_nocommit": ("en avbruten ändring (process {pid}) av {files} var skriven och behölls",
                                  "an interrupted change (process {pid}) of {files} was written and was kept"),
    "recover.undone": ("en avbruten ändring (process {pid}) av {files} ångrades: filerna är som före den",
                       "an interrupted change (process {pid}) of {files} was undone: the files are as before it"),
    "recover.other": ("{file} ändrades efter en avbruten ändring; originalet ligger kvar bredvid som {orig}",
                      "{file} changed after an interrupted change; the original is kept beside it as {orig}"),
    # verksam set
    "set.no_file": ("{file}: ingen sådan fil i {root}", "{file}: no such file in {root}"),
    "set.not_plan": ("{file}: inte en planfil (en .toml-fil under plans/)", "{file}: not a plan file (a .toml file under plans/)"),
    "set.bad_key": ("felaktig KEY {name!r}: {error}", "bad KEY {name!r}: {error}"),
    "edit.no_key": ("ingen nyckel '{name}'", "no key '{name}'"),
    "edit.no_entry": ("ingen post med id '{id}'", "no entry with id '{id}'"),
    "edit.duplicate_id": ("id '{id}' finns flera gånger", "id '{id}' occurs more than once"),
    "set.already": ("{file}: {name} är redan {value}", "{file}: {name} is already {value}"),
    "set.not_valid": ("{file}: inte skriven, ändringen klarar inte valideringen",
                      "{file}: not written, the change does not validate"),
    "set.changed": ("{file}: {name} {old} → {new}", "{file}: {name} {old} → {new}"),
    "set.committed": ("incheckad {sha}: {subject}", "committed {sha}: {subject}"),
    "set.nothing": ("(inget)", "(none)"),
}
