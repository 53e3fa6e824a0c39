"""The main screen's editing commands: edit a value, comment, add, remove, cycle status and
completion forecast, undo, redo, save (with merge and conflicts), history, a read-only revision,
a round through my unit's items, new periods.

Every store call runs in a thread worker (the dialogs' own, or `self.app.store_call`); the
results come back to the event loop and are shown from there.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from rich.text import Text

from ...model.entities import COMPLETIONS, ITEM_KINDS, STATUSES, Document, Municipality
from ...model.round import is_locked
from ...model.rules import new_item_kinds, new_item_status, risk_value
from ...model.values import Period
from ...service.round import lock_text
from ...service.workspace import Address, Append, MergeConflict, Remove, SetValue, Uncommitted, Unset
from ...service.editing import (
    control_result_fields,
    latest_followup,
    contribution_fields,
    Field,
    comment_date,
    id_path,
    indicator_fields,
    item_fields,
    next_choice,
    risk_fields,
    row_fields,
    section_fields,
    slug,
    unit_choices,
)
from ..commands import writing_actions
from ...text import t, word
from ...service.nav import Ref, doc_label, find_document, goal_of_item


class EditingActions:
    """Mixed into MainScreen (which has .current, .ws, .jump, .notify, .app)."""

    # ------------------------------------------------------------ helpers

    def _writable(self) -> bool:
        ro = self.app.readonly
        if ro is not None:
            self.notify(t("ro.refused", rev=ro["short"]), severity="warning")
            return False
        if self.loaded is None:
            return False
        m, doc = self._doc()
        if is_locked(doc):
            self.notify(lock_text(m, doc), severity="warning", markup=False)
            return False
        return True

    def _doc(self) -> tuple[Municipality | None, Document | None]:
        if self.current is None or not self.current.in_document:
            return None, None
        return find_document(self.ws, self.current)

    def _target(self):
        """(title, fields, entity) for what is shown now, or None."""
        ref = self.current
        m, doc = self._doc()
        if m is None or doc is None:
            return None
        if ref.kind == "item":
            it = doc.item(ref.id)
            if it is not None:
                return f"{t('kind.' + it.kind)}: {it.title}", item_fields(m, doc, it), it
        if ref.kind == "indicator":
            e = doc.indicator(ref.id)
            if e is not None:
                d = m.indicator_defs.get(e.id)
                return f"{t('kind.indicator')}: {(e.name or (d.name if d else e.id))}", indicator_fields(m, doc, e), e
        if ref.kind == "risk":
            r = next((r for r in doc.risks if r.id == ref.id), None)
            if r is not None:
                return f"{t('f.risk')}: {r.title}", risk_fields(doc, r), r
        if ref.kind == "table":
            x = next((x for x in doc.tables if x.id == ref.id), None)
            if x is not None:
                fields = [f for row in x.rows if not row.total for f in row_fields(x, row.id)]
                return x.title, fields, x
        if ref.kind == "goal":
            c = next((c for c in doc.contributions if c.goal == ref.id), None)
            if c is not None:
                g = m.goals_by_id().get(ref.id)
                return f"{g.number} {g.title}" if g else ref.id, contribution_fields(doc, c), c
        if ref.kind == "control":
            k = next((x for x in doc.controls if x.id == ref.id), None)
            fu = latest_followup(m, doc.board, doc.period[:4])
            if k is not None and fu is not None:
                return (t("round.f.title", what=k.process or k.id, period=fu.period),
                        control_result_fields(m, fu, k.id), k)
            if k is not None:
                self.notify(t("round.f.no_followup", year=doc.period[:4]), severity="warning")
                return None
        if ref.kind == "section":
            s = next((s for s in doc.sections if s.id == ref.id), None)
            if s is not None:
                return s.title, section_fields(s), s
        return None

    def _apply_field(self, fields: list[Field], arg: tuple[Field, Any]):
        """In a thread: one field's new value as the store's edits. Raises to refuse."""
        f, value = arg
        svc = self.app.service
        if value is None:
            if f.current is None:
                return None
            return svc.edit(Unset(f.at))
        steps = []
        if f.extra.get("remove_entry"):  # an internal control's action removed (Ctrl+z brings it back)
            return svc.edit(Remove(f.at))
        if f.extra.get("new_action"):  # "what; who; 2022-10-31": a new action, open
            parts = [p.strip() for p in str(value).split(";")]
            entry = {"text": parts[0], "status": "Öppen"}
            if len(parts) > 1 and parts[1]:
                entry["owner"] = parts[1]
            if len(parts) > 2 and parts[2]:
                try:
                    entry["due"] = dt.date.fromisoformat(parts[2])
                except ValueError:
                    raise ValueError(t("input.date")) from None
            if svc.value(f.rel, f.path[:-1]) is None:
                return svc.edit(Append(Address(f.rel, f.extra["append"][0]), {**f.extra["append"][1], "actions": [entry]}))
            return svc.edit(Append(f.at, entry))
        if f.extra.get("append") and svc.value(f.rel, f.path[:-1]) is None:  # the entry is not there yet
            array, entry = f.extra["append"]
            return svc.edit(Append(Address(f.rel, array), {**entry, f.path[-1]: value}))
        if f.create is not None and svc.value(f.rel, f.path[:-1]) is None:
            if len(f.create) == 2:
                steps.append(SetValue(Address(f.rel, f.create[0]), {f.create[1]: value}))
            else:
                steps.append(SetValue(Address(f.rel, f.create[0]), {f.create[1]: {f.create[2]: value}}))
        else:
            steps.append(SetValue(f.at, value))
        if f.extra.get("risk_value"):  # the stated value follows: probability × consequence (risk.value)
            other = next(x for x in fields if x.key in ("probability", "consequence") and x.key != f.key)
            if isinstance(other.current, int):
                steps.append(SetValue(f.at.parent.child("value"), risk_value(value, other.current)))
        if len(steps) == 1:
            return svc.edit(steps[0])
        changes, loaded = svc.edits(steps)
        return changes[0], loaded

    def edited(self, result) -> None:
        """On the event loop: an edit done in a worker; show the new state."""
        if not result:
            return
        ch, loaded = result
        self.app.apply_edit(loaded, ch.describe() if ch is not None else "")

    # ------------------------------------------------------------ edit, comment, cycle

    def action_edit(self) -> None:
        if not self._writable():
            return
        target = self._target()
        if target is None:
            self.notify(t("edit.nothing"), severity="warning")
            return
        from .edit import EditScreen

        title, fields, _ = target
        self.app.push_screen(EditScreen(title, fields, partial(self._apply_field, fields)), self.edited)

    def _comment_target(self):
        m, doc = self._doc()
        ref = self.current
        if doc is None or ref.kind not in ("item", "indicator"):
            return None, None, None
        ent = doc.item(ref.id) if ref.kind == "item" else doc.indicator(ref.id)
        return m, doc, ent

    def action_comment(self, after=None) -> None:
        if not self._writable():
            return
        m, doc, ent = self._comment_target()
        if ent is None:
            self.notify(t("comment.nothing"), severity="warning")
            return
        self.open_comment(doc, ent, after)

    def open_comment(self, doc: Document, ent, after=None) -> None:
        from .edit import FormScreen

        fields = [
            Field("date", t("f.date"), "date", ent.src.file, (), comment_date(doc), optional=False),
            Field("text", t("comment.text"), "multiline", ent.src.file, (), None, optional=False),
        ]
        path = id_path(ent.src.path, ent.id) + ("comments",)
        label_path = (t("comment.label"))

        def action(vals):
            entry = {"date": vals["date"], "label": label_path, "text": vals["text"]}
            return self.app.service.edit(Append(Address(ent.src.file, path), entry))

        def done(result):
            self.edited(result)
            if after is not None:
                after(result)

        title = t("comment.title", what=getattr(ent, "title", "") or ent.id)
        self.app.push_screen(FormScreen(title, fields, action, note=t("comment.note"), focus=1), done)

    def cycle(self, item_id: str, key: str, done=None) -> None:
        """Next status (or completion forecast) of an item in the current document, in a worker."""
        m, doc = self._doc()
        it = doc.item(item_id) if doc else None
        if it is None or it.kind not in ITEM_KINDS:
            self.notify(t("cycle.nothing"), severity="warning")
            return
        f = next(f for f in item_fields(m, doc, it) if f.key == key)
        value = next_choice(f.choices, f.current)
        self.app.store_call(lambda: self.app.service.edit(SetValue(f.at, value)),
                            lambda r: (self.edited(r), done and done(r)))

    def action_cycle_status(self) -> None:
        if self._writable() and self.current is not None and self.current.kind == "item":
            self.cycle(self.current.id, "status")
        elif self.app.readonly is None:
            self.notify(t("cycle.nothing"), severity="warning")

    def action_cycle_completion(self) -> None:
        if self._writable() and self.current is not None and self.current.kind == "item":
            self.cycle(self.current.id, "completion")
        elif self.app.readonly is None:
            self.notify(t("cycle.nothing"), severity="warning")

    # ------------------------------------------------------------ add and remove

    def _items_file(self, doc: Document) -> str:
        return next((it.src.file for it in doc.items), None) or next(
            (e.src.file for e in doc.indicators), None) or doc.files[0]

    def action_add(self) -> None:
        if not self._writable():
            return
        m, doc = self._doc()
        if doc is None or doc.kind not in ("plan", "followup"):
            self.notify(t("add.nothing"), severity="warning")
            return
        from .edit import FormScreen

        ref = self.current
        parent = doc.item(ref.id) if ref.kind == "item" else None
        goal = ref.id if ref.kind == "goal" else (goal_of_item(doc, parent) if parent else "")
        if ref.kind == "indicator":
            e = doc.indicator(ref.id)
            goal = e.goal if e else ""
        kinds = new_item_kinds(parent.kind if parent is not None else None)
        rel = self._items_file(doc)
        fields = [
            Field("kind", t("f.kind"), "enum", rel, (), kinds[0], tuple((t("kind." + k), k) for k in kinds),
                  optional=False),
            Field("title", t("f.title"), "text", rel, (), None, optional=False),
            Field("responsible", t("f.responsible"), "enum", rel, (),
                  parent.responsible if parent else None, unit_choices(m)),
            Field("end", t("f.end"), "date", rel, (), None, extra={"month_ok": True}),
        ]
        taken = {it.id for d in m.documents for it in d.items}

        def action(vals):
            entry = {"id": slug(vals["title"], taken), "kind": vals["kind"]}
            if vals["kind"] == "åtgärd":
                entry["parent"] = parent.id
            elif goal:
                entry["goal"] = goal
            entry["title"] = vals["title"]
            for k in ("responsible", "end"):
                if vals.get(k) is not None:
                    entry[k] = vals[k]
            status = new_item_status(doc.kind)
            if status is not None:
                entry["status"] = status
            ch, loaded = self.app.service.edit(Append(Address(rel, ("items",)), entry))
            return ch, loaded, entry["id"]

        where = doc_label(doc) + (f" › {parent.title}" if parent is not None else "")
        self.app.push_screen(FormScreen(t("add.title"), fields, action, note=where), self._added("item"))

    def action_add_indicator(self) -> None:
        if not self._writable():
            return
        m, doc = self._doc()
        if doc is None or doc.kind not in ("plan", "followup") or self.current.kind not in ("goal", "indicator"):
            self.notify(t("add_ind.nothing"), severity="warning")
            return
        from .edit import FormScreen

        ref = self.current
        goal = ref.id if ref.kind == "goal" else (doc.indicator(ref.id).goal if doc.indicator(ref.id) else "")
        have = {e.id for e in doc.indicators}
        choices = tuple((f"{d.name} ({d.id})", d.id) for d in sorted(m.indicator_defs.values(), key=lambda d: d.name)
                        if d.id not in have)
        if not choices:
            self.notify(t("add_ind.none_left"), severity="warning")
            return
        rel = self._items_file(doc)
        fields = [Field("id", t("kind.indicator"), "enum", rel, (), None, choices, optional=False)]

        def action(vals):
            entry = {"id": vals["id"]}
            if goal:
                entry["goal"] = goal
            ch, loaded = self.app.service.edit(Append(Address(rel, ("indicators",)), entry))
            return ch, loaded, vals["id"]

        self.app.push_screen(FormScreen(t("add_ind.title"), fields, action, note=doc_label(doc)),
                             self._added("indicator"))

    def _added(self, kind: str):
        """After an add dialog: show the edit, then go to the new entry."""

        def done(result):
            if result:
                ch, loaded, new_id = result
                self.edited((ch, loaded))
                self.jump(self.current.doc_ref().child(kind, new_id))

        return done

    def action_remove(self) -> None:
        if not self._writable():
            return
        m, doc = self._doc()
        ref = self.current
        ent = None
        if doc is not None and ref.kind == "item":
            ent = doc.item(ref.id)
        elif doc is not None and ref.kind == "indicator":
            ent = doc.indicator(ref.id)
        if ent is None:
            self.notify(t("remove.nothing"), severity="warning")
            return
        from .edit import ConfirmScreen

        name = getattr(ent, "title", "") or ent.id

        def answer(v):
            if v == "yes":
                back = ref.doc_ref()
                self.app.store_call(lambda: self.app.service.edit(Remove(Address(ent.src.file, id_path(ent.src.path, ent.id)))),
                                    lambda r: (self.edited(r), self.jump(back)))

        self.app.push_screen(ConfirmScreen(t("remove.title"), t("remove.text", what=name),
                                           [("confirm.yes", "yes"), ("confirm.no", None)]), answer)

    # ------------------------------------------------------------ undo, redo, save

    def action_undo(self) -> None:
        if self._writable():
            self.app.store_call(self.app.service.undo, lambda r: self._undone(r, "undo"))

    def action_redo(self) -> None:
        if self._writable():
            self.app.store_call(self.app.service.redo, lambda r: self._undone(r, "redo"))

    def _undone(self, result, which: str) -> None:
        ch, loaded = result
        if ch is None:
            self.notify(t(f"{which}.none"), timeout=2)
            return
        self.app.apply_edit(loaded, t(f"{which}.done", what=ch.describe()))

    def action_save(self) -> None:
        self.action_save_then(None)

    def action_save_then(self, after=None) -> None:
        if not self._writable():
            return
        if not self.app.service.dirty:
            self.notify(t("save.nothing"), timeout=2)
            return
        from .edit import ReasonScreen

        self.app.push_screen(ReasonScreen(self.app.service.pending(), partial(self._save, [])),
                             lambda r: self._saved(r, after))

    def _save(self, resolutions, reason: str):
        """In a thread."""
        try:
            return ("saved",) + self.app.service.save(reason, resolutions)
        except MergeConflict as e:
            return ("conflict", e.conflicts, reason)
        except Uncommitted as e:
            return ("outside", e.files, reason)

    def _saved(self, result, after=None) -> None:
        if not result:
            return
        if result[0] == "outside":
            self._outside(result, after)
            return
        if result[0] == "conflict":
            from .edit import ConflictScreen

            _, conflicts, reason = result

            def resolved(choices):
                if choices:
                    self.app.store_call(lambda: self._save(choices, reason), lambda r: self._saved(r, after))
                else:
                    self.notify(t("conflict.cancelled"), severity="warning", timeout=5)

            self.app.push_screen(ConflictScreen(conflicts), resolved)
            return
        _, report, loaded = result
        self.app.apply_edit(loaded, "")
        self.app.sweep_soon(full=True)  # the edits' old entries are garbage now: all collected, then frozen
        if not report.files:  # every conflict resolved as theirs, and nothing else was pending
            self.notify(t("conflict.kept_theirs"), timeout=5)
            if after is not None:
                after()
            return
        subject = (report.message.splitlines() or [""])[0]
        msg = t("save.done", n=len(report.files), commit=(report.commit or "")[:8], subject=subject)
        if report.merged:
            msg += " " + t("save.merged", files=", ".join(f.split("/")[-1] for f in report.merged))
        for line in report.recovered:  # an interrupted change (a crash) finished or undone first
            msg += " " + line
        self.notify(msg, timeout=6, markup=False)
        self.app.saves += 1
        if after is not None:
            after()

    def _outside(self, result, after=None) -> None:
        """The files to commit hold changes made outside verksam: show them, include them in the
        commit, or set them aside (git stash), then save; Esc saves nothing (edits stay unsaved)."""
        from .edit import ConfirmScreen, TableScreen

        _, files, reason = result
        svc = self.app.service

        def show(diffs) -> None:
            rows = [([Text(line)], None) for d in diffs for line in d.splitlines()] or [([Text("–")], None)]
            self.app.push_screen(TableScreen(t("outside.diff_title"), [", ".join(files)], rows),
                                 lambda _: self._outside(result, after))

        def answer(choice) -> None:
            if choice == "diff":
                self.app.store_call(lambda: [svc.outside_diff(f) for f in files], show)
            elif choice == "include":
                self.app.store_call(lambda: ("saved",) + svc.save_including(reason), lambda r: self._saved(r, after))
            elif choice == "aside":
                def aside_done(loaded) -> None:
                    self.app.apply_edit(loaded, t("outside.set_aside", files=", ".join(files)))
                    self.app.store_call(lambda: self._save([], reason), lambda r: self._saved(r, after))

                self.app.store_call(lambda: svc.set_aside(files), aside_done)

        self.app.push_screen(ConfirmScreen(t("outside.title"), t("outside.text", files=", ".join(files)),
                                           [("confirm.show_diff", "diff"), ("confirm.include", "include"),
                                            ("confirm.set_aside", "aside")]), answer)

    # ------------------------------------------------------------ history and revisions

    def action_history(self) -> None:
        ref = self.current
        if ref is None or ref.kind not in ("item", "indicator"):
            self.notify(t("history.nothing"), severity="warning")
            return
        self.app.store_call(partial(self.app.service.history, ref.id, ref.muni), partial(self._history_ready, ref.id))

    def _history_ready(self, entry_id: str, rows: list[dict]) -> None:
        from .edit import TableScreen

        if not rows:
            self.notify(t("history.none", id=entry_id), severity="warning")
            return
        # when, what and how first; who, where and why after (80 columns show the change)
        cols = [t("hist.date"), t("hist.field"), t("hist.change"), t("hist.author"), t("f.document"),
                t("hist.commit"), t("hist.message")]
        out = []
        for r in rows:
            change = Text(r["old"] or "–", style="red")
            change.append(" → ", style="dim")
            change.append(r["new"] or "–", style="green")
            author = r["author"] if len(r["author"]) <= 24 else r["author"][:23] + "…"
            out.append(([r["date"][:10], r["field_label"] or word("analysis.change", r["change"]), change, author,
                         f"{t('doc.' + r['doc_kind'])} {r['doc_period']}", r["sha"][:8],
                         r["subject"] + (f" – {r['body'].splitlines()[0]}" if r["body"] else "")], r))
        from ...service.history import entry_title  # (polars: not imported before it is needed)

        self.app.push_screen(TableScreen(t("history.title", id=entry_title(rows, entry_id)), cols, out,
                                         note=t("history.note"), priority=(0, 1, 2, 3, 4, 6, 5), wrap=2))

    def action_revision(self) -> None:
        self.app.store_call(self.app.service.log, self._log_ready)

    def _log_ready(self, commits) -> None:
        from .edit import TableScreen

        rows = [([Text(t("rev.now"), style="bold"), "", "", ""], "")]
        for c in commits:
            rows.append(([c.date[:16].replace("T", " "), c.author, c.sha[:8], c.subject], c))
        if len(rows) == 1:
            self.notify(t("rev.nogit"), severity="warning")
            return
        self.app.push_screen(TableScreen(t("rev.title"), [t("hist.date"), t("hist.author"), t("hist.commit"),
                                                         t("hist.message")], rows, note=t("rev.note"), pick=True),
                             self.app.open_revision)

    # ------------------------------------------------------------ new periods

    def _board_place(self):
        ref = self.current
        m = self.ws.municipalities.get(ref.muni) if ref is not None and ref.muni else None
        if m is None or not ref.board:
            return None, None, None
        return m, ref.board, ref.year or max((d.year or 0) for d in m.documents if d.board == ref.board)

    def _new_period_place(self):
        """(municipality, board, year) a new period is made for, or Nones (and a word why)."""
        if not self._writable():
            return None, None, None
        m, board, year = self._board_place()
        if m is None:
            self.notify(t("period.noboard"), severity="warning")
        return m, board, year

    def action_new_followup(self) -> None:
        m, board, year = self._new_period_place()
        if m is None:
            return
        from .edit import FormScreen

        fus = sorted(Period.parse(d.period).end for d in m.documents
                     if d.board == board and d.kind == "followup" and (d.year or 0) == year and Period.parse(d.period))
        month = (fus[-1].month + 4) if fus else 4
        default = f"{year}-{min(month, 12):02d}"
        f = Field("period", t("period.month"), "text", "", (), default, optional=False)

        def action(vals):
            p = Period.parse(vals["period"])
            if p is None or p.kind != "month":
                raise ValueError(t("input.month"))
            return self.app.service.new_followup(m.id, board, vals["period"])

        def done(result):
            if result:
                rel, loaded = result
                self.app.apply_edit(loaded, t("period.created", file=rel))
                p = Period.parse(rel.rsplit("/", 1)[-1][:-5])
                self.jump(Ref("document", m.id, board, p.year, "followup", p.text))

        self.app.push_screen(FormScreen(t("cmd.new_followup"), [f], action,
                                        note=t("period.fu_note", board=m.board_name(board), year=year)), done)

    def action_next_plan(self) -> None:
        m, board, year = self._new_period_place()
        if m is None:
            return
        from .edit import ConfirmScreen

        def answer(v):
            if v != "yes":
                return

            def done(result):
                rel, loaded = result
                self.app.apply_edit(loaded, t("period.created", file=rel))
                self.jump(Ref("document", m.id, board, year + 1, "plan", str(year + 1)))
                late = self.app.service.carried_past_end(loaded.workspace, m.id, board, str(year + 1))
                if late:  # carried over, but their end date is already behind them
                    self.notify(t("round.period.past_end", n=len(late), ids=", ".join(late[:3])
                                  + (" …" if len(late) > 3 else "")), severity="warning", timeout=10, markup=False)

            self.app.store_call(lambda: self.app.service.next_year_plan(m.id, board, str(year)), done)

        self.app.push_screen(ConfirmScreen(t("cmd.next_plan"), t("period.plan_text", board=m.board_name(board),
                                                                  year=year, next=year + 1),
                                           [("confirm.yes", "yes"), ("confirm.no", None)]), answer)

    # ------------------------------------------------------------ the round

    def action_round(self) -> None:
        if self.app.readonly is not None or self.loaded is None:
            self._writable()
            return
        from .round import RoundScreen

        m, doc = self._doc()
        if doc is None or doc.kind != "followup":
            # the newest follow-up of this board (or any)
            ref = self.current
            best = None
            for mm in self.ws.municipalities.values():
                if ref is not None and ref.muni and mm.id != ref.muni:
                    continue
                for d in mm.documents:
                    if d.kind == "followup" and (ref is None or not ref.board or d.board == ref.board):
                        p = Period.parse(d.period)
                        if p and (best is None or p.end > best[0]):
                            best = (p.end, mm, d)
            if best is None:
                self.notify(t("round.nofollowup"), severity="warning")
                return
            _, m, doc = best
        person, _email = self.app.service.whoami(m)
        unit = "" if person is not None else (self.filters.unit or self.filters.my_unit)
        self.app.push_screen(RoundScreen(m.id, doc.board, doc.year or 0, doc.period, unit, person=person))

    # ------------------------------------------------------------ approved reports

    LOCKABLE = {"edit", "comment", "cycle_status", "cycle_completion", "add", "add_indicator", "remove"}

    def current_locked(self) -> bool:
        m, doc = self._doc()
        return is_locked(doc)

    WRITING = writing_actions("main")  # the registry's writing keys

    def check_action(self, action: str, parameters) -> bool | None:
        """An approved report's edit keys are not offered at all (the footer hides them); a
        read-only revision (L, an older version) has no writing keys at all."""
        if action in self.WRITING and getattr(self.app, "readonly", None) is not None:
            return False
        if action in self.LOCKABLE and self.current_locked():
            return False
        return True
