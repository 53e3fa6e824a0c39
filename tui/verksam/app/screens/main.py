"""The main screen: a header saying where you are, the navigation tree, the detail pane, a footer."""

from __future__ import annotations

import time
from dataclasses import replace

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Container, Horizontal, VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static, Tree
from ..widgets.footer import KeyFooter

from ...model.entities import Workspace
from ...model.round import approval_date, is_locked, person_label
from ..commands import keys_for, use_bindings
from ...text import t, word
from ..messages import OpenRef
from ...service.nav import (
    Filters,
    NavNode,
    Ref,
    doc_label,
    document_outline,
    find_document,
    municipality_outline,
    parent_refs,
    period_header,
    same_place,
    workspace_outline,
    year_documents,
)
from ...service.unread import error_files, unread_files
from ...service.workspace import Loaded
from ..widgets.nav_tree import NavTree
from ..widgets.reftable import RefTable
from ..widgets.views import Ctx, build_view, filter_owner, h2, one_line
from .editing_actions import EditingActions
from .sync_actions import SyncActions


MOVE_GAP = 0.06  # seconds: tree moves closer together than this are a held key (the detail waits)


class MainScreen(SyncActions, EditingActions, Screen):
    """Everything happens here; the modal screens (help, search, filter) sit on top of it."""

    def __init__(self) -> None:
        super().__init__()
        use_bindings(self, "main")  # from the one command registry, in the chosen language
        self.loaded: Loaded | None = None
        self.ctx = Ctx(Workspace())
        self.filters = Filters()
        self.current: Ref | None = None
        self.history: list[Ref] = []
        self.summaries_shown = 0
        self.blamed: Ref | None = None
        self._pending = None
        self._moved = 0.0  # when the last move in the tree was done (highlighted)
        self._errors_of: list | None = None
        self._shown: list | None = None  # the widgets of the view shown (patch_detail)
        self._blamed: tuple | None = None  # (place, rows) of the "last set" table shown
        self._error_files: set[str] = set()

    def compose(self) -> ComposeResult:
        yield Static(Text(t("loading"), style="bold"), id="where")
        with Horizontal(id="body"):
            yield NavTree(id="nav")
            with Container(id="detail-host"):
                yield VerticalScroll(Static(Text(t("loading"), style="dim")), classes="detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        tree = self.query_one(NavTree)
        tree.outline_for = self.outline_for
        tree.focus()
        if self.loaded is not None:  # the data came before the widgets did
            self.rebuild_tree(keep=self.default_place())

    # ------------------------------------------------------------ data

    @property
    def ws(self) -> Workspace:
        return self.ctx.ws

    def outline_for(self, ref: Ref) -> list[NavNode]:
        if ref.kind == "municipality":  # a large repository builds a municipality's branch when opened
            m = self.ws.municipalities.get(ref.muni)
            if m is None:  # not read yet: read it now, before the background reader gets there
                self.app.read_now(ref.muni)
                return [NavNode(Ref("reading", ref.muni), Text(t("read.reading"), style="dim italic"))]
            return municipality_outline(m)
        m, doc = find_document(self.ws, ref)
        if m is None or doc is None:
            return []
        return document_outline(m, doc, self.filters)

    @property
    def has_widgets(self) -> bool:
        """False before compose and while the app closes: a load, reload or store result that
        arrives then (from a worker thread) must not reach for widgets that are not there."""
        return self.is_attached and bool(self.query(NavTree))

    def apply_loaded(self, loaded: Loaded, background: bool = False, edited: bool = False) -> None:
        """Show a load. `background`: municipalities the background reader (or an opened
        municipality) added: the tree keeps its nodes, only the branches of those municipalities
        that are open are built again, and the view stays unless it shows the problems.
        `edited`: the workspace after an edit, undo, redo or save: the tree is updated in place
        where it can be (`update_in_place`), else built again."""
        if not self.query(NavTree):  # the data came before the screen was composed (a busy machine)
            self.app.call_after_refresh(self.apply_loaded, loaded, background)
            return
        first = self.loaded is None
        if not first and 0 < loaded.seq < self.loaded.seq:
            return  # a load that finished before the one shown (a background batch before an edit)
        self.loaded = loaded
        self.ctx = Ctx(loaded.workspace, loaded.problems, self.filters)
        if not self.has_widgets:  # kept: on_mount shows it, or the app is closing
            return
        if background and not first:
            tree = self.query_one(NavTree)
            for mid in loaded.read:
                tree.repopulate(Ref("municipality", mid))
            self._update_problems_node()
            self.update_header()
            cur = self.current
            if cur is not None and (cur.kind == "problems" or cur.muni in loaded.read):
                if cur.kind == "reading":  # the line that said it is being read: its municipality now
                    cur = Ref("municipality", cur.muni)
                if cur.kind != "problems":
                    tree.go(cur)
                self.show(cur, force=True)
            return
        if edited and not first and self.update_in_place(loaded):
            return
        self._refresh_keys()  # a read-only revision hides the writing keys, the work tree shows them
        self.rebuild_tree(keep=self.current if not first else self.default_place())

    def update_in_place(self, loaded: Loaded) -> bool:
        """After an edit: the branches of the municipalities the load rebuilt brought up to date
        in place (labels that changed set again; a branch whose shape changed built again), the
        problems line and the header, and the place shown shown again from the new model. An edit
        costs what it changes, not the whole tree. False (nothing done) when the tree must be
        built again: municipalities came or went, or the tree is not the work tree's."""
        tree = self.query_one(NavTree)
        shown = {r.muni for r in tree._by_ref if r.kind == "municipality"}
        if shown != set(loaded.workspace.municipalities) | set(loaded.pending):
            return False
        for mid in loaded.read:
            m = loaded.workspace.municipalities.get(mid)
            ref = Ref("municipality", mid)
            node = tree._by_ref.get(ref)
            if m is None or node is None or str(node.label) != m.name:
                return False
            if not tree.update(ref, municipality_outline(m)):
                tree.repopulate(ref)
        self._update_problems_node()
        cur = self.current
        if cur is not None and cur.kind != "problems" and tree.current != cur:
            for r in parent_refs(self.ws, cur):  # the place was rebuilt (or is gone): land on it again
                if tree.go(r):
                    break
            if not (tree.has(cur) or not cur.in_document or cur.kind == "document"):
                cur = tree.current
        self.show(cur, force=True, patch=True)
        return True

    @property
    def lazy_tree(self) -> bool:
        """A large repository: every municipality's branch is built when it is opened."""
        loaded = self.loaded
        return loaded is not None and loaded.total > getattr(self.app.service, "eager", 4)

    def partial_note(self) -> str:
        """'40 av 290 kommuner lästa' while not every municipality is read, else ''; once the
        background reader has stopped at its limit, with the key that reads the rest."""
        loaded = self.loaded
        if loaded is None or loaded.complete:
            return ""
        note = t("read.partial", n=loaded.read_count, total=loaded.total)
        if getattr(self.app, "ahead_done", False):
            note += " " + t("read.rest", key="/".join(keys_for(self, "read_all")))
        return note

    def refresh_partial(self) -> None:
        """The header and the problems line after the background reader stopped."""
        if self.is_mounted and self.loaded is not None:
            self.update_header()
            self._update_problems_node()

    def _problems_label(self) -> Text:
        errors = sum(1 for p in self.ctx.problems if p.severity == "error")
        label = Text("⚠ " if self.ctx.problems else "✓ ", style="bold red" if errors else ("yellow" if self.ctx.problems else "green"))
        label.append(t("tree.problems", n=len(self.ctx.problems)))
        note = self.partial_note()
        if note:
            label.append(f" ({note})", style="dim")
        return label

    def _update_problems_node(self) -> None:
        tree = self.query_one(NavTree)
        node = tree._by_ref.get(Ref("problems"))
        if node is not None:
            node.set_label(self._problems_label())

    def default_place(self) -> Ref | None:
        """The first screen: the newest plan (or follow-up, or any document) in the workspace."""
        best = None
        for m in self.ws.municipalities.values():
            for d in m.documents:
                key = (d.year or 0, d.kind == "plan", d.kind == "followup", m.name)
                if best is None or key > best[0]:
                    best = (key, Ref("document", m.id, d.board, d.year or 0, d.kind, d.period))
        if best is not None:
            return best[1]
        for m in self.ws.municipalities.values():
            return Ref("municipality", m.id)
        return None

    def rebuild_tree(self, keep: Ref | None) -> None:
        tree = self.query_one(NavTree)  # apply_loaded and update_header check has_widgets first
        lazy = self.lazy_tree
        opened = tree.expanded_refs() if lazy else []
        nodes = workspace_outline(self.ws, len(self.ctx.problems), self.loaded.pending if self.loaded else None,
                                  lazy=lazy)
        nodes.append(NavNode(Ref("problems"), self._problems_label()))
        tree.load(nodes)
        for r in opened:  # a large tree keeps the branches that were open (a small one opens them all)
            node = tree.node_for(r)
            if node is not None and node.allow_expand and not node.is_expanded:
                node.expand()
        self.current = None
        target = keep
        if target is not None:
            for r in parent_refs(self.ws, target):
                if tree.go(r):
                    break
            self.show(target if tree.has(target) or not target.in_document or target.kind == "document" else tree.current)
        else:
            self.show(None)

    # ------------------------------------------------------------ showing

    def show(self, ref: Ref | None, force: bool = False, patch: bool = False) -> None:
        """Show a place in the detail pane. `patch`: the same place again after an edit: the
        widgets that are still what they were stay, the texts that changed are set again in
        place (`patch_detail`), so an edit does not mount the view again."""
        if ref == self.current and not force:
            return
        patch = patch and ref == self.current and ref is not None
        self.current = ref
        if ref is not None and ref.muni:
            self.app.service.use(ref.muni)  # the municipality shown keeps its model longest
        self.update_header()
        if (ref is not None and ref.muni and ref.muni not in self.ws.municipalities and self.loaded is not None
                and ref.muni in self.loaded.pending):  # a municipality not read yet, chosen: read it now
            self.app.read_now(ref.muni)
        banner = self.unread_banner(ref)
        host = self.query_one("#detail-host")
        try:
            widgets = build_view(self.ctx, ref)
        except Exception as e:  # a view must never take the app down; say what broke instead
            import traceback

            self.log.error(traceback.format_exc())
            widgets = [Static(Text(f"{type(e).__name__}: {e}", style="bold red")),
                       Static(Text(traceback.format_exc(), style="dim"))]
        if banner is not None:
            widgets.insert(0, banner)
        if not (patch and self.patch_detail(widgets)):
            container = VerticalScroll(*widgets, classes="detail")
            with self.app.batch_update():
                host.remove_children()
                host.mount(container)
            self._shown = list(widgets)
        if ref is not None and ref.kind == "document" and ref.doc_kind in ("plan", "followup"):
            # after the view is on screen: the summary (polars) must not delay the first paint
            self.call_after_refresh(self.app.summarize_doc, ref, self.filters if self.filters.active else None)
        if (ref is not None and ref.kind in ("item", "indicator") and ref.doc_kind
                and self.app.readonly is None):
            self.app.blame(ref)

    def patch_detail(self, widgets: list) -> bool:
        """Bring the view shown up to date with `widgets` (the same place's view built again)
        without mounting it again: when the two have the same widgets in the same order (type,
        classes, id), a text that changed is set in place and a table whose rows changed is put
        in its place; False (nothing changed) when the view's shape is another."""
        old = self._shown
        detail = self.query(".detail")
        if not detail or old is None or len(old) != len(widgets):
            return False
        scroll = detail.last()
        if any(o.parent is not scroll or type(o) is not type(n) or o.classes != n.classes or o.id != n.id
               for o, n in zip(old, widgets)):
            return False
        keep = [type(o) is Static  # (not a subclass drawing itself: a chart, the matrix)
                or isinstance(o, RefTable) and _same_rows(o, n)
                or getattr(o, "plain_text", None) is not None  # a Markdown text: the same words
                and getattr(o, "plain_text", None) == getattr(n, "plain_text", None)
                for o, n in zip(old, widgets)]
        if any(not k and o.id for k, o in zip(keep, old)):
            return False  # a widget with an id cannot be mounted beside the one it replaces
        for i, (o, n) in enumerate(zip(old, widgets)):
            if type(o) is Static:
                if not _same_content(o, n):
                    o.update(n.content)
                    if hasattr(n, "plain_text"):
                        o.plain_text = n.plain_text
            elif not keep[i]:  # a table whose rows changed, a chart, a slot to fill: the new one in its place
                scroll.mount(n, before=o)
                if isinstance(o, RefTable) and o.detail_line is not None:
                    o.detail_line.remove()
                o.remove()
                old[i] = n
        return True

    def unread_banner(self, ref: Ref | None) -> Static | None:
        """A banner above a document one of whose files could not be read (its part is missing),
        naming the file and the key to the problems list."""
        if ref is None or not ref.in_document:
            return None
        problems = self.ctx.problems
        if self._errors_of is not problems:  # the files with errors, once per loaded workspace
            self._errors_of, self._error_files = problems, error_files(problems)
        m, doc = find_document(self.ws, ref)
        if m is None or doc is None:
            return None
        files = unread_files(m, doc, self._error_files)
        if not files:
            return None
        text = t("doc.unread", n=len(files), files=", ".join(files), key=keys_for(self, "problems")[0])
        return Static(Text(text, style="bold white on dark_red"), classes="unread-banner")

    def show_blame(self, ref: Ref, rows: list[dict]) -> None:
        """Who last set each value of the item shown, and when (from Git), below its fields."""
        if ref != self.current or not rows:
            return
        detail = self.query(".detail")
        if not detail:
            return
        old = detail.last().query(".blame, .blame-title")
        if old:  # the view was patched after an edit: the table shown stays when it is the same
            if self._blamed == (ref, rows):
                return
            for w in old:
                if isinstance(w, RefTable) and w.detail_line is not None:
                    w.detail_line.remove()
                w.remove()
        self._blamed = (ref, rows)

        # what, its value (wrapping), when and who; what does not fit is in the detail line
        tb = RefTable(t("hist.field"), t("hist.date"), t("hist.value"), t("hist.author"), t("hist.commit"),
                      t("hist.message"), classes="blame", priority=(0, 2, 1, 3, 5, 4), wrap=2, wrap_want=16,
                      wrap_min=10)
        for r in rows:
            tb.add([r["field_label"] or word("analysis.change", r["change"]), r["date"][:10], r["new"] or "–",
                    r["author"], r["sha"][:8], one_line(r["subject"], 50)])
        title = h2(t("blame.title"))
        title.add_class("blame-title")
        detail.last().mount(title, tb)
        self.blamed = ref

    def show_summary(self, ref: Ref, tables: dict, filters: Filters | None = None) -> None:
        """Add verksam.analysis.summary's tables to a document's view, if it is still shown (and
        under the filter they were counted for)."""
        if ref != self.current or filters != (self.filters if self.filters.active else None):
            return
        slots = self.query(".summary-slot")
        if not slots or slots.last().children:  # none, or filled already (a summary asked for before a read came in)
            return
        m, doc = find_document(self.ws, ref)
        if m is None or doc is None:
            return
        from ..widgets.views import summary_widgets

        widgets = summary_widgets(m, doc, tables, filters.describe(filter_owner(self.ws, m, filters))
                                  if filters is not None else "")
        if widgets:
            slots.last().mount(*widgets)
        self.summaries_shown += 1

    def update_header(self) -> None:
        if not self.has_widgets:
            return
        ref = self.current
        line1 = Text(overflow="ellipsis", no_wrap=True)
        line2 = Text(overflow="ellipsis", no_wrap=True)
        if ref is None or ref.kind == "problems":
            line1.append(t("cmd.problems") if ref else t("where.none"), style="bold")
        else:
            m, doc = find_document(self.ws, ref)
            crumbs = []
            if m is not None:
                crumbs.append(m.name)
                if ref.board:
                    crumbs.append(m.board_name(ref.board))
                if ref.year:
                    crumbs.append(str(ref.year))
                if doc is not None:
                    crumbs.append(doc_label(doc))
                    chain = list(reversed(parent_refs(self.ws, ref)))
                    for i, r in enumerate(chain):
                        crumbs.append(self.crumb(m, doc, r, short=i < len(chain) - 1))
                elif ref.kind == "indicator":
                    d = m.indicator_defs.get(ref.id)
                    crumbs.append(d.name if d else ref.id)
                elif ref.kind in ("goalset", "defs", "units"):
                    crumbs.append({"goalset": t("tree.goals", p=ref.id), "defs": t("f.indicators"),
                                   "units": t("tree.units")}[ref.kind])
            for i, c in enumerate(c for c in crumbs if c):
                if i:
                    line1.append(" › ", style="dim")
                line1.append(c, style="bold" if i == len(crumbs) - 1 else "")
            if doc is not None:
                line2.append(t("period") + ": ", style="dim")
                line2.append(f"{doc_label(doc)} ({period_header(doc)})", style="bold cyan")
                others = year_documents(m, doc.board, doc.year or 0)
                if len(others) > 1:
                    line2.append("  " + t("header.switch", key="/".join(keys_for(self, "switch")), n=len(others)),
                                 style="dim")
        if self.filters.active:
            m = self.filter_municipality(self.filters)  # the unit's name, also outside its municipality
            line2.append("  " + t("filters") + ": ", style="dim")
            line2.append(self.filters.describe(m), style="bold yellow")
        if self.ctx.problems:
            errors = sum(1 for p in self.ctx.problems if p.severity == "error")
            line2.append("  ⚠ " + t("problems.count", e=errors, w=len(self.ctx.problems) - errors),
                         style="red" if errors else "yellow")
        note = self.partial_note()
        if note:
            line2.append("  " + note, style="dim")
        ro = self.app.readonly
        if ro is not None:
            banner = Text(" " + t("ro.header", rev=ro["short"], date=ro["date"], author=ro["author"]) + " ",
                          style="bold white on red")
            banner.append("  ")
            line1 = banner + line1
        if ref is not None and ref.in_document:
            lm, ldoc = find_document(self.ws, ref)
            if is_locked(ldoc):  # an approved report: a banner, and its edit keys are gone
                rnd = ldoc.round
                banner = Text(" " + t("round.banner.main", who=person_label(lm, rnd.approved_by),
                                      date=str(approval_date(rnd) or "")) + " ", style="bold white on dark_green")
                banner.append("  ")
                line1 = banner + line1
        svc = getattr(self.app, "service", None)
        if svc is not None and svc.dirty:
            line2 = Text("● " + t("dirty", n=len(svc.session.changes)) + "  ", style="bold yellow") + line2
        out = line1
        out.append("\n")
        out.append_text(line2)
        self.query_one("#where", Static).update(out)
        self._refresh_keys()  # an approved report's edit keys leave the footer

    def _refresh_keys(self) -> None:
        """The footer's keys again, when what check_action decides on changed (a read-only
        revision, an approved report): the footer is rebuilt for it, which costs more than a
        whole edit of one municipality, so not at every move or edit."""
        state = (getattr(self.app, "readonly", None) is not None, bool(self.current_locked()))
        if state != getattr(self, "_keys_state", None):
            self._keys_state = state
            self.refresh_bindings()

    def crumb(self, m, doc, r: Ref, short: bool = False) -> str:
        if r.kind == "document":
            return ""
        if short and r.kind in ("area", "goal"):
            g = m.areas_by_id().get(r.id) if r.kind == "area" else m.goals_by_id().get(r.id)
            if g is not None and g.number:
                return g.number
        if r.kind == "item":
            it = doc.item(r.id)
            return one_line(f"{t('kind.' + it.kind)}: {it.title}", 40) if it else r.id
        if r.kind == "goal":
            g = m.goals_by_id().get(r.id)
            return one_line(f"{g.number} {g.title}".strip(), 40) if g else r.id
        if r.kind == "area":
            a = m.areas_by_id().get(r.id)
            return one_line(f"{a.number} {a.title}".strip(), 30) if a else r.id
        if r.kind == "indicator":
            e = doc.indicator(r.id)
            d = m.indicator_defs.get(r.id)
            return one_line((e.name if e and e.name else "") or (d.name if d else r.id), 40)
        if r.kind == "table":
            x = next((x for x in doc.tables if x.id == r.id), None)
            return one_line(x.title, 40) if x else r.id
        if r.kind == "section":
            x = next((x for x in doc.sections if x.id == r.id), None)
            return one_line(x.title, 40) if x else r.id
        names = {"tables": t("tree.tables"), "sections": t("tree.sections"), "matrix": t("tree.matrix"),
                 "risks": t("f.risk"), "controls": t("tree.controls", n=len(doc.controls)),
                 "nogoal": t("tree.no_goal"), "othergoals": t("tree.other_goals"), "risk": r.id, "control": r.id}
        return names.get(r.kind, r.id)

    # ------------------------------------------------------------ moving

    @on(Tree.NodeHighlighted, "#nav")
    def highlighted(self, event: Tree.NodeHighlighted) -> None:
        """Moving in the tree: one step shows the place at once; keys that come faster than
        MOVE_GAP after the last was done (a held key, or keys that queued while a view was built)
        move the cursor at once and show the place where they stop, so holding j stays smooth."""
        ref = event.node.data
        if ref is None or ref == self.current or event.node is not self.query_one(NavTree).cursor_node:
            return  # (a node passed on the way while the tree opened a branch: not where the cursor is)
        held = time.monotonic() - self._moved < MOVE_GAP
        if self._pending is not None:
            self._pending.stop()
            self._pending = None
            held = True
        if held:
            self._pending = self.set_timer(MOVE_GAP, lambda: self._show_pending(ref))
        else:
            self.show(ref)
        self._moved = time.monotonic()  # from when the work of this key was done

    def _show_pending(self, ref: Ref) -> None:
        self._pending = None
        tree = self.query_one(NavTree)
        if tree.current == ref:
            self.show(ref)
        self._moved = time.monotonic()

    @on(Tree.NodeSelected, "#nav")
    def selected(self, event: Tree.NodeSelected) -> None:
        node = event.node
        if node.data is not None and node.data != self.current:
            self.show(node.data)
        if node.allow_expand:
            node.toggle()
        else:
            self.focus_detail()

    @on(OpenRef)
    def open_ref(self, event: OpenRef) -> None:
        event.stop()
        self.jump(event.ref, record=event.jump)

    def jump(self, ref: Ref, record: bool = True) -> None:
        if record and self.current is not None and self.current != ref:
            self.history.append(self.current)
            del self.history[:-100]
        tree = self.query_one(NavTree)
        for r in parent_refs(self.ws, ref):
            if tree.go(r):
                break
        self.show(ref)
        tree.focus()

    def focus_detail(self) -> None:
        detail = self.query(".detail")
        if detail:
            tables = detail.last().query(DataTable)
            (tables.first() if tables else detail.last()).focus()

    # ------------------------------------------------------------ actions

    def action_quit(self) -> None:
        self.app.action_quit()

    def action_help(self) -> None:
        self.app.action_help()

    def action_search(self) -> None:
        from .search import SearchScreen

        index = self.loaded.index if self.loaded else []

        def done(ref: Ref | None) -> None:
            if ref is not None:
                self.jump(ref)

        self.app.push_screen(SearchScreen(index), done)
        if self.loaded is not None and not self.loaded.complete:  # say what the search covers
            self.notify(t("read.search", n=self.loaded.read_count, total=self.loaded.total), timeout=4)

    def action_back(self) -> None:
        """Esc: from the detail pane to the tree; in the tree, back to the previous place only when
        it is in the document shown. Esc never changes the document (Backspace goes anywhere)."""
        tree = self.query_one(NavTree)
        if self.focused is not tree:
            tree.focus()
            return
        cur = self.current
        if (self.history and cur is not None and cur.in_document and self.history[-1].in_document
                and self.history[-1].doc_ref() == cur.doc_ref()):
            self.jump(self.history.pop(), record=False)

    def action_back_place(self) -> None:
        """Backspace: the previous place jumped from (search, switch, a row), in any document."""
        if self.history:
            self.jump(self.history.pop(), record=False)

    def action_switch(self, delta: int) -> None:
        ref = self.current
        if ref is None or not ref.in_document:
            self.notify(t("switch.none"), severity="warning")
            return
        m, doc = find_document(self.ws, ref)
        docs = year_documents(m, ref.board, ref.year)
        if not docs or (len(docs) == 1 and docs[0] is doc):
            self.notify(t("switch.none"), severity="warning")
            return
        i = next((k for k, d in enumerate(docs) if d is doc), -1 if delta > 0 else 0)
        target = docs[(i + delta) % len(docs)]
        tree = self.query_one(NavTree)
        for r in same_place(self.ws, ref, target):
            if tree.has(r):
                self.jump(r)
                break
        self.notify(t("switch.to", doc=doc_label(target)), timeout=2)

    def action_overview(self) -> None:
        if self.current is not None and self.current.in_document:
            self.jump(self.current.doc_ref())

    def action_problems(self) -> None:
        self.jump(Ref("problems"))
        if self.loaded is not None and not self.loaded.complete:
            self.notify(t("read.problems", n=self.loaded.read_count, total=self.loaded.total), timeout=4)

    def action_matrix(self) -> None:
        ref = self.current
        candidates = []
        for m in self.ws.municipalities.values():
            if ref is not None and ref.muni and m.id != ref.muni:
                continue
            for d in m.documents:
                if d.risks or d.kind == "controls":
                    score = (d.board == (ref.board if ref else ""), (d.year or 0) == (ref.year if ref else 0), d.year or 0)
                    candidates.append((score, m, d))
        if not candidates:
            self.notify(t("matrix.none"), severity="warning")
            return
        _, m, d = max(candidates, key=lambda c: c[0])
        self.jump(Ref("matrix", m.id, d.board, d.year or 0, d.kind, d.period))

    # ------------------------------------------------------------ differences

    def action_export(self) -> None:
        """X: the document shown (or its table shown) as Excel files in the current folder, written
        by the service's export off the event loop; the paths in the status line."""
        from pathlib import Path

        from ...service.export import export_shown

        ref = self.current
        m, doc = find_document(self.ws, ref) if ref is not None else (None, None)
        if doc is None or not doc.files:
            self.notify(t("export.nothing"), severity="warning")
            return
        if ref.kind == "table" or (not doc.items and not doc.indicators):
            tables = ["budget"]
        else:
            tables = [w for w, has in (("assignments", doc.items), ("indicators", doc.indicators)) if has]
        root, rel, folder, stem = self.app.service.root, doc.files[0], Path.cwd(), f"{doc.board}-{doc.period}"
        self.notify(t("export.writing"), timeout=2)
        self.app.store_call(lambda: export_shown(root, rel, tables, folder, stem),
                            lambda paths: self.notify(t("export.done", paths=", ".join(str(p) for p in paths)),
                                                      timeout=8, markup=False))

    def action_diff(self) -> None:
        """Compare two periods or Git revisions of the board shown: pick FROM, then TO."""
        ref = self.current
        m = self.ws.municipalities.get(ref.muni) if ref is not None and ref.muni else None
        if m is None or not ref.board:
            self.notify(t("diff.noboard"), severity="warning")
            return
        board = ref.board
        self.app.store_call(lambda: self.app.service.log(paths=[f"plans/{m.id}/{board}", f"plans/{m.id}/goals",
                                                                f"plans/{m.id}/indicators.toml",
                                                                f"plans/{m.id}/indicators"]),
                            lambda commits: self._diff_pick(m, board, commits, None))

    def _diff_sides(self, m, board: str, commits) -> list:
        rows = []
        docs = [d for d in m.documents if d.board == board and d.kind in ("plan", "followup")]
        for d in sorted(docs, key=lambda d: (d.year or 0, d.kind != "plan", d.period), reverse=True):
            rows.append(([Text(d.label, style="bold"), d.period, t("diff.worktree")], ("period", d.period)))
        for c in (commits or [])[:40]:
            rows.append(([c.date[:10], c.author, f"{c.sha[:8]} {c.subject}"], ("rev", c.sha)))
        return rows

    def _diff_pick(self, m, board: str, commits, old) -> None:
        from .edit import TableScreen

        rows = self._diff_sides(m, board, commits)
        if old is not None:
            rows = [r for r in rows if r[1] != old]

        def picked(side) -> None:
            if side is None:
                return
            if old is None:  # the second picker once the first is gone (not on top of it)
                self.call_after_refresh(self._diff_pick, m, board, commits, side)
            else:
                self._diff_run(m, board, old, side)

        title = t("diff.from") if old is None else t("diff.to", old=old[1][:10])
        self.app.push_screen(TableScreen(title, [t("diff.col.side"), t("diff.col.period_who"), t("diff.col.source")],
                                         rows, note=t("diff.note"), pick=True), picked)

    def _diff_run(self, m, board: str, old, new) -> None:
        title = t("diff.title", old=old[1][:10], new=new[1][:10], board=m.board_name(board))
        units = {u.id: u.name for u in m.units}

        def ready(rows) -> None:
            from .diff import DiffScreen

            if not rows:
                self.notify(t("diff.none"), severity="information")
                return

            def go(target) -> None:
                if target is not None:
                    self.jump(target)

            self.app.push_screen(DiffScreen(title, rows, units), go)

        self.app.store_call(lambda: self.app.service.diff(self.ws, m.id, board, old, new), ready)

    def action_toggle_tree(self) -> None:
        """Hide the tree to give the detail pane the whole width (80-column terminals), or show it."""
        tree = self.query_one(NavTree)
        tree.display = not tree.display
        if tree.display:
            tree.focus()
        else:
            self.focus_next()

    def action_reload(self) -> None:
        self.app.load_data()

    def action_filter(self) -> None:
        from .filter import FilterScreen

        def done(f: Filters | None) -> None:
            if f is not None:
                self.set_filters(f)

        self.app.push_screen(FilterScreen(self.filters, list(self.ws.municipalities.values())), done)

    def set_filters(self, f: Filters) -> None:
        self.filters = f
        self.ctx = Ctx(self.ctx.ws, self.ctx.problems, f)
        self.rebuild_tree(keep=self.current)
        self.notify(t("filter.on", f=f.describe(self.filter_municipality(f))) if f.active else t("filter.off"),
                    timeout=2)

    def filter_municipality(self, f: Filters):
        """The municipality whose unit the filter names: the one shown, else the first with it."""
        m = find_document(self.ws, self.current)[0] if self.current is not None else None
        return filter_owner(self.ws, m, f)

    def my_person_unit(self) -> str:
        """My unit: the first unit of the person whose e-mail is my Git e-mail (in the
        municipality shown), not merely the unit filter chosen last."""
        ref = self.current
        for m in self.ws.municipalities.values():
            if ref is not None and ref.muni and m.id != ref.muni:
                continue
            person, _ = self.app.service.whoami(m)
            if person is not None and person.units:
                return person.units[0]
        return ""

    def action_toggle_my_unit(self) -> None:
        f = self.filters
        mine = self.my_person_unit()
        if mine and f.my_unit != mine:
            f = replace(f, my_unit=mine)
            self.filters = f
        if f.unit:
            self.set_filters(replace(f, unit=""))
        elif f.my_unit:
            self.set_filters(replace(f, unit=f.my_unit))
        else:
            self.notify(t("filter.none_unit"), severity="warning")
            self.action_filter()

    def action_toggle_deviations(self) -> None:
        self.set_filters(replace(self.filters, deviations=not self.filters.deviations))

    def action_toggle_no_update(self) -> None:
        self.set_filters(replace(self.filters, no_update=not self.filters.no_update))

    def action_clear_filters(self) -> None:
        self.set_filters(Filters(my_unit=self.filters.my_unit))

    # ------------------------------------------------------------ for tests and the palette

    def detail_text(self) -> str:
        """Everything the detail pane shows, as plain text."""
        out = []
        detail = self.query(".detail")
        if not detail:
            return ""
        from textual.widgets import Markdown

        for w in detail.last().query("*"):
            if isinstance(w, RefTable) and w.fits:  # every column, whatever fits the width
                out.append(" | ".join(label.plain for label in w.labels))
                out.extend(" | ".join(c.plain for c in cells) for cells, *_ in w.rows_data)
            elif isinstance(w, Static) and w.has_class("detail-line"):
                continue
            elif isinstance(w, DataTable):
                out.append(" | ".join(str(c.label.plain if hasattr(c.label, "plain") else c.label) for c in w.columns.values()))
                for r in range(w.row_count):
                    out.append(" | ".join(c.plain if isinstance(c, Text) else str(c) for c in w.get_row_at(r)))
            elif isinstance(w, Markdown):
                out.append(getattr(w, "plain_text", ""))
            elif isinstance(w, Static) and hasattr(w, "plain_text"):
                out.append(w.plain_text)
            elif isinstance(w, Static) and not isinstance(w.parent, Markdown):
                r = w.render()
                out.append(r.plain if hasattr(r, "plain") else str(r))
        return "\n".join(out)

    def action_report(self) -> None:
        """The document shown (or the one the place shown is in) as its report: a preview, and
        keys that write it as PDF, Word, HTML or Markdown."""
        from .report import ReportScreen

        m, doc = self._doc()
        if doc is None or not doc.files:
            self.notify(t("report.preview.nodoc"), severity="warning")
            return
        ro = self.app.readonly
        self.app.push_screen(ReportScreen(self.app.service.root, doc.files[0], rev=ro["sha"] if ro else None))


def _same_content(old: Static, new: Static) -> bool:
    """Two Statics show the same: equal texts (words, spans, style), or equal plain texts of a
    grid of fields (views.fields)."""
    a, b = old.content, new.content
    if isinstance(a, Text) and isinstance(b, Text):
        return a.plain == b.plain and a.spans == b.spans and a.style == b.style and a.justify == b.justify
    pa, pb = getattr(old, "plain_text", None), getattr(new, "plain_text", None)
    return pa is not None and pa == pb and type(a) is type(b)


def _same_rows(old: RefTable, new: RefTable) -> bool:
    """Two tables have the same columns, rows and places."""
    def rows(tb: RefTable):
        return [([(c.plain, c.spans, c.style) for c in cells], key, height,
                 detail.plain if detail is not None else None) for cells, key, height, detail in tb.rows_data]

    return ([c.plain for c in old.labels] == [c.plain for c in new.labels] and old._refs == new._refs
            and rows(old) == rows(new))
