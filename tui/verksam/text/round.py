"""The reporting round's words (keys `round.*`).

Keys are dotted, `area.what`; each value is (svenska, english). A key ending in `.one` is the
singular form `t(key, n=1)` picks. See `verksam.text` for the rules every module follows.
"""

TEXTS: dict[str, tuple[str, str]] = {
    "round.title": ("Runda", "Round"),
    "round.unit": ("Enhet: {unit}", "Unit: {unit}"),
    "round.all": ("alla (välj min enhet med f)", "all (choose my unit with f)"),
    "round.progress": ("{done} av {n} uppdaterade", "{done} of {n} updated"),
    "round.done": ("Klar", "Done"),
    "round.empty": ("Allt är uppdaterat denna period.", "Everything is updated this period."),
    "round.nofollowup": ("Det finns ingen uppföljning att gå igenom.", "There is no follow-up to go through."),
    # locking
    "round.locked": ("{title} är godkänd {date} av {who}; öppna den igen med verksam round reopen",
                     "{title} was approved {date} by {who}; reopen it with verksam round reopen"),
}
