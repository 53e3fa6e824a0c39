"""Sync, status and merge words (keys `sync.*`): init, sync, status, the merge driver, the
server and its pre-receive hook.

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    # init
    "sync.init.created": ("Skapade ett Git-förråd i {root}.", "Created a Git repository in {root}."),
    "sync.init.driver": ("Registrerade sammanslagningen per post (merge.verksam) i .git/config.",
                    "Registered the per-entry merge driver (merge.verksam) in .git/config."),
    "sync.init.attributes": ("Lade till `plans/**/*.toml merge=verksam` i .gitattributes.",
                        "Added `plans/**/*.toml merge=verksam` to .gitattributes."),
    "sync.init.commit": ("verksam: planfiler slås ihop per post och nyckel (.gitattributes)",
                    "verksam: plan files are merged by entry and key (.gitattributes)"),
    "sync.init.committed": ("Committade .gitattributes.", "Committed .gitattributes."),
    "sync.init.failed": ("init misslyckades: {error}", "init failed: {error}"),
    "sync.init.lacks_driver": ("den här klonen saknar verksams sammanslagning per post (merge.verksam i .git/config)",
                          "this clone lacks verksam's per-entry merge driver (merge.verksam in .git/config)"),
    "sync.init.lacks_driver.hint": ("kör `verksam init` en gång", "run `verksam init` once"),
    # sync
    "sync.no_git": ("git är inte installerat.", "git is not installed."),
    "sync.not_repo": ("{root} är inte ett Git-förråd; kör `verksam init` först.",
                      "{root} is not a Git repository; run `verksam init` first."),
    "sync.no_remote": ("Ingen fjärrkälla att synka med. Lägg till den gemensamma: "
                       "`git remote add origin ANVÄNDARE@SERVER:/srv/verksam/kommun.git`.",
                       "No remote to sync with. Add the shared one: "
                       "`git remote add origin USER@SERVER:/srv/verksam/kommun.git`."),
    "sync.no_identity": ("Ingen Git-identitet: ange `git config user.name` och `git config user.email`. Inget ändrades.",
                         "No Git identity: set `git config user.name` and `git config user.email`. Nothing changed."),
    "sync.no_commits": ("Förrådet har inga commits än; spara något först.",
                        "The repository has no commits yet; save something first."),
    "sync.detached": ("Ingen gren är utcheckad (detached HEAD); `git switch main` först.",
                      "No branch is checked out (detached HEAD); `git switch main` first."),
    "sync.fetch_failed": ("Kunde inte hämta från {remote}: {error}. Inget ändrades; kontrollera nätverket och försök igen.",
                          "Could not fetch from {remote}: {error}. Nothing changed; check the network and try again."),
    "sync.merge_failed": ("Kunde inte slå ihop kollegornas ändringar: {error}. Inget ändrades; spara eller "
                          "committa dina ändringar först (verksam status visar dem).",
                          "Could not merge your colleagues' changes: {error}. Nothing changed; save or commit "
                          "your changes first (verksam status shows them)."),
    "sync.dirty": ("Du har ändringar som inte är committade i {files}, och kollegorna har ändrat samma filer. "
                   "Inget ändrades. Spara dem (Ctrl+s i appen) eller committa dem, och synka igen.",
                   "You have uncommitted changes in {files}, and your colleagues changed the same files. "
                   "Nothing changed. Save them (Ctrl+s in the app) or commit them, and sync again."),
    "sync.invalid": ("Sammanslagningen skulle ge fel som ingen av versionerna hade; inget ändrades:\n{problems}\n"
                     "Rätta tillsammans med kollegan och synka igen.",
                     "The merge would give errors neither version had; nothing changed:\n{problems}\n"
                     "Fix it together with your colleague and sync again."),
    "sync.push_refused": ("Servern {remote} tog inte emot dina ändringar (de är sammanslagna och committade här):\n{error}\n"
                          "Rätta det servern säger och synka igen.",
                          "The server {remote} refused your changes (they are merged and committed here):\n{error}\n"
                          "Fix what the server says and sync again."),
    "sync.gave_up": ("Fjärrkällan ändrades under alla {n} försöken; inget gick förlorat. Synka igen om en stund.",
                     "The remote changed during all {n} tries; nothing was lost. Sync again in a while."),
    "sync.commit_failed": ("Kunde inte committa sammanslagningen: {error}. Inget ändrades.",
                           "Could not commit the merge: {error}. Nothing changed."),
    "sync.removed": ("tog bort den", "removed it"),
    "sync.whole_file": ("hela filen: båda ändrade den och den kan inte slås ihop per post",
                        "the whole file: both changed it and it cannot be merged by entry"),
    "sync.mine": ("din version", "your version"),
    "sync.theirs": ("kollegans version", "your colleague's version"),
    "sync.note": ("{file}: {what}: {keep}", "{file}: {what}: {keep}"),
    "sync.note_file": ("{file}: {keep} behölls", "{file}: {keep} kept"),
    "sync.kept_mine": ("behöll {mine} (min), inte {theirs} (kollegans)", "kept {mine} (mine), not {theirs} (theirs)"),
    "sync.kept_theirs": ("behöll {theirs} (kollegans), inte {mine} (min)", "kept {theirs} (theirs), not {mine} (mine)"),
    "sync.resolved_head": ("Konflikter lösta:", "Conflicts resolved:"),
    "sync.up_to_date": ("Allt är redan synkat.", "Everything is already in sync."),
    "sync.merged": ("Hämtade {n} ändringar från kollegor; inget att skicka.",
                    "Fetched {n} changes from colleagues; nothing to send."),
    "sync.pushed": ("Skickade {pushed} commits{incoming}.", "Sent {pushed} commits{incoming}."),
    "sync.pushed_incoming": (" och hämtade {n} från kollegor", " and fetched {n} from colleagues"),
    "sync.tries": (" (efter {n} försök: fjärrkällan ändrades under tiden)",
                   " (after {n} tries: the remote changed meanwhile)"),
    "sync.conflict": ("{n} konflikter: samma värde ändrat av dig och av en kollega. Inget ändrades.",
                      "{n} conflicts: the same value changed by you and by a colleague. Nothing changed."),
    "sync.conflict_line": ("{file}:{line}: {label}: du {mine}, kollegan {theirs} (tidigare {was})",
                           "{file}:{line}: {label}: you {mine}, your colleague {theirs} (was {was})"),
    "sync.conflict_todo": ("Öppna verksam och tryck S (Synka) för att välja värde för varje konflikt, "
                           "eller kom överens och ändra i din kopia, committa och synka igen.",
                           "Open verksam and press S (Sync) to choose a value for each conflict, "
                           "or agree, change your copy, commit and sync again."),
    # status
    "sync.status.branch": ("Gren {branch}, fjärrkälla {upstream}", "Branch {branch}, remote {upstream}"),
    "sync.status.no_remote": ("Gren {branch}, ingen fjärrkälla (bara lokalt)", "Branch {branch}, no remote (local only)"),
    "sync.status.ahead_behind": ("{ahead} commits att skicka, {behind} att hämta (vid senaste hämtningen)",
                            "{ahead} commits to send, {behind} to fetch (as of the last fetch)"),
    "sync.status.in_sync": ("I fas med fjärrkällan (vid senaste hämtningen)", "In sync with the remote (as of the last fetch)"),
    "sync.status.unsynced": ("Inte committat ({n} planfiler):", "Not committed ({n} plan files):"),
    "sync.status.clean": ("Inga ändringar som inte är committade.", "No uncommitted changes."),
    "sync.status.merging": ("En sammanslagning pågår, olösta filer: {files}. Tryck S i verksam för att välja, "
                       "eller `git merge --abort`.",
                       "A merge is in progress, unresolved files: {files}. Press S in verksam to choose, "
                       "or `git merge --abort`."),
    "sync.status.no_driver": ("Sammanslagning per post saknas i den här klonen: kör `verksam init`.",
                         "Per-entry merging is missing in this clone: run `verksam init`."),
    # merge driver
    "sync.merge.conflict": ("verksam: konflikt i {file}: {what}: du {mine}, kollegan {theirs} (tidigare {was})",
                       "verksam: conflict in {file}: {what}: you {mine}, your colleague {theirs} (was {was})"),
    "sync.merge.refused": ("verksam: sammanslagningen av {file} togs inte: {why}",
                      "verksam: the merge of {file} was not taken: {why}"),
    "sync.merge.fallback": ("verksam: {file} slås ihop rad för rad ({why})", "verksam: {file} merged line by line ({why})"),
    # app
    # server and hook
    "sync.hook.refused": ("Pushen togs inte emot ({n} problem). Rätta och skicka igen.",
                     "The push was refused ({n} problems). Fix them and push again."),
    "sync.server.created": ("Skapade det gemensamma förrådet {path} (grupprättigheter, kontroll vid varje push).",
                       "Created the shared repository {path} (group permissions, every push checked)."),
    "sync.server.exists": ("{path} finns redan och är inte tom.", "{path} exists and is not empty."),
    "sync.server.hook": ("Installerade {hook} (kör {python} -m verksam hook pre-receive).",
                    "Installed {hook} (runs {python} -m verksam hook pre-receive)."),
    "sync.hook.invalid": ("{file}:{line}: fel: {message} (commit {commit}, {author})",
                     "{file}:{line}: error: {message} (commit {commit}, {author})"),
    "sync.hook.not_yours": ("{file}:{line}: {what} hör till {unit}, som {person} inte rapporterar för (commit {commit})",
                       "{file}:{line}: {what} belongs to {unit}, which {person} does not report for (commit {commit})"),
    "sync.hook.reader": ("{file}:{line}: {person} är läsare och får inte ändra planerna (commit {commit})",
                    "{file}:{line}: {person} is a reader and may not change the plans (commit {commit})"),
    "sync.hook.not_controller": ("{file}:{line}: bara en controller får ändra {what} (commit {commit})",
                            "{file}:{line}: only a controller may change {what} (commit {commit})"),
    "sync.hook.unknown_pusher": ("{who} finns inte bland [[people]] i plans/{municipality}/municipality.toml och får inte "
                            "ändra kommunens planer (commit {commit})",
                            "{who} is not among [[people]] in plans/{municipality}/municipality.toml and may not "
                            "change the municipality's plans (commit {commit})"),
    "sync.hook.locked": ("{file}:{line}: rapporten är godkänd och låst; den får inte ändras (commit {commit})",
                    "{file}:{line}: the report is approved and locked; it may not change (commit {commit})"),
    "sync.hook.tagged": ("{file}:{line}: rapporten är godkänd ({tag}) och skiljer sig från den godkända versionen (commit {commit})",
                    "{file}:{line}: the report is approved ({tag}) and differs from the approved version (commit {commit})"),
    "sync.hook.rewrite": ("{ref}: historiken på huvudgrenen får inte skrivas om (ingen force-push); "
                     "hämta, slå ihop och skicka igen (verksam sync)",
                     "{ref}: the main branch's history may not be rewritten (no force push); "
                     "fetch, merge and push again (verksam sync)"),
    "sync.hook.delete": ("{ref}: huvudgrenen får inte tas bort", "{ref}: the main branch may not be deleted"),
    "sync.hook.what_document": ("dokumentets gemensamma delar", "the document's shared parts"),
    "sync.hook.what_file": ("kommunens gemensamma filer", "the municipality's shared files"),
    "sync.hook.what_new": ("ett nytt dokument", "a new document"),
    "sync.running": ("Synkar …", "Syncing …"),
    "sync.incoming": ("{n} nya ändringar från kollegor: {who}.", "{n} new changes from colleagues: {who}."),
    "sync.incoming.one": ("1 ny ändring från en kollega: {who}.", "1 new change from a colleague: {who}."),
    "sync.press": ("Tryck S för att synka.", "Press S to sync."),
    "sync.cancelled": ("Synkningen avbröts; inget ändrades.", "Sync cancelled; nothing changed."),
    # the command line (`verksam KOMMANDO --help`)
    "sync.cli.init.help": ("gör mappen till ett planförråd som slås ihop per post (en gång per klon)",
                           "make this folder a plans repository that merges by entry (once per clone)"),
    "sync.cli.init.description": (
        "Skapar ett Git-förråd om mappen inte är ett, registrerar sammanslagningen per post "
        "(merge.verksam i .git/config) och committar raden `plans/**/*.toml merge=verksam` i .gitattributes.",
        "Creates a Git repository if the folder is not one, registers the per-entry merge driver "
        "(merge.verksam in .git/config) and commits the line `plans/**/*.toml merge=verksam` in .gitattributes."),
    "sync.cli.init.examples": ("  verksam init\n  git clone anna@server:/srv/verksam/kommun.git && cd kommun && verksam init",
                               "  verksam init\n  git clone anna@server:/srv/verksam/kommun.git && cd kommun && verksam init"),
    "sync.cli.sync.help": ("hämta kollegornas ändringar, slå ihop per post, validera och skicka dina",
                           "fetch your colleagues' changes, merge by entry, validate and push yours"),
    "sync.cli.sync.description": (
        "Committar inget själv. Hämtar, slår ihop med sammanslagningen per post, validerar resultatet och "
        "skickar; försöker igen om fjärrkällan ändrades under tiden. En konflikt eller ett fel lämnar "
        "förrådet som det var, med besked om vad du ska göra.",
        "Commits nothing by itself. Fetches, merges by entry, validates the result and pushes; tries again "
        "when the remote moved meanwhile. A conflict or an error leaves the repository as it was, saying "
        "what to do."),
    "sync.cli.sync.examples": ("  verksam sync\n  verksam sync --repo ~/planer", "  verksam sync\n  verksam sync --repo ~/plans"),
    "sync.cli.status.help": ("före / efter fjärrkällan, och det som inte är committat",
                             "ahead / behind the remote, and what is not committed"),
    "sync.cli.status.examples": ("  verksam status", "  verksam status"),
    "sync.cli.merge_file.help": ("Gits sammanslagning av planfiler per post (Git anropar den; verksam init registrerar den)",
                                 "Git's per-entry merge driver for plan files (Git runs it; verksam init registers it)"),
    "sync.cli.merge_file.examples": ("  git config merge.verksam.driver 'verksam merge-file %O %A %B %P'",
                                     "  git config merge.verksam.driver 'verksam merge-file %O %A %B %P'"),
    "sync.cli.merge_file.base": ("den gemensamma förfadern (%%O)", "the common ancestor (%%O)"),
    "sync.cli.merge_file.ours": ("din version; resultatet skrivs hit (%%A)", "your version; the result is written here (%%A)"),
    "sync.cli.merge_file.theirs": ("kollegans version (%%B)", "your colleague's version (%%B)"),
    "sync.cli.merge_file.path": ("filens sökväg i förrådet (%%P)", "the file's path in the repository (%%P)"),
    "sync.cli.server.help": ("sätt upp det gemensamma förrådet på en server", "set up the shared repository on a server"),
    "sync.cli.server.examples": ("  verksam server init /srv/verksam/kommun.git", "  verksam server init /srv/verksam/kommun.git"),
    "sync.cli.server.init.help": ("ett bart förråd för en Unix-grupp som kontrollerar varje push",
                                  "a bare repository for a Unix group that checks every push"),
    "sync.cli.server.init.examples": ("  verksam server init /srv/verksam/kommun.git", "  verksam server init /srv/verksam/kommun.git"),
    "sync.cli.server.init.path": ("var förrådet skapas (en ny eller tom mapp)", "where to make it (a new or empty folder)"),
    "sync.cli.hook.help": ("serverns krokar (körs av Git)", "the server's hooks (run by Git)"),
    "sync.cli.hook.examples": ("  verksam hook pre-receive < rader", "  verksam hook pre-receive < lines"),
    "sync.cli.hook.pre_receive.help": ("kontrollera varje pushad commit (läser raderna GAMMAL NY REF)",
                                       "check every pushed commit (reads OLD NEW REF lines)"),
    "sync.cli.hook.pre_receive.examples": ("  exec /opt/verksam/bin/python -m verksam hook pre-receive",
                                           "  exec /opt/verksam/bin/python -m verksam hook pre-receive"),
}
