"""Where things are: references to every place in the app, the outline of a document, filters,
the search index and "the same place in another document". Pure functions over the model; no
Textual here, so they are cheap to test.
"""

from __future__ import annotations

import heapq
from dataclasses import dataclass, field, replace

from rich.text import Text

from ..model.entities import (
    Document,
    Goal,
    GoalArea,
    IndicatorEntry,
    Item,
    Municipality,
    Section,
    Workspace,
)
from ..model.rules import goal_number_key, indicator_has_update, shown_risk_value
from ..model.values import MONTH_NAMES_SV, Period, period_sort_key
from ..text import language, t
from .status import ASSESSMENT_STATE, has_update, indicator_judgement, item_state, symbol

MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
             "September", "October", "November", "December")
DOC_ORDER = {"plan": 0, "budget": 1, "followup": 2, "controls": 3}


@dataclass(frozen=True, slots=True)
class Ref:
    """A place: what kind of thing, in which municipality, board, year and document, which id."""

    kind: str
    muni: str = ""
    board: str = ""
    year: int = 0
    doc_kind: str = ""
    doc_period: str = ""
    id: str = ""

    @property
    def in_document(self) -> bool:
        return bool(self.doc_kind)

    def doc_ref(self) -> "Ref":
        return Ref("document", self.muni, self.board, self.year, self.doc_kind, self.doc_period)

    def child(self, kind: str, id: str = "") -> "Ref":
        return replace(self, kind=kind, id=id)

    def key(self) -> str:
        return "|".join((self.kind, self.muni, self.board, str(self.year), self.doc_kind, self.doc_period, self.id))


def doc_ref(m: Municipality, d: Document) -> Ref:
    return Ref("document", m.id, d.board, d.year or 0, d.kind, d.period)


def period_label(period: str) -> str:
    p = Period.parse(period)
    if p is None:
        return period
    if p.kind == "month":
        if language() == "sv":
            return f"per {MONTH_NAMES_SV[p.end.month - 1]} {p.year}"
        return f"{MONTHS_EN[p.end.month - 1]} {p.year}"
    return p.text


def doc_label(d: Document) -> str:
    word = t(f"doc.{d.kind}")
    return f"{word} {period_label(d.period)}"


def period_header(d: Document) -> str:
    p = Period.parse(d.period)
    if p is None:
        return d.period
    if p.kind == "year":
        return t("period.year", p=p.text)
    return t("period.per", p=p.end.isoformat())


# ------------------------------------------------------------------ goals of a document


def goal_of_item(doc: Document, it: Item) -> str:
    if it.goal:
        return it.goal
    seen = set()
    cur = it
    while cur.parent and cur.parent not in seen:
        seen.add(cur.parent)
        par = doc.item(cur.parent)
        if par is None:
            return ""
        if par.goal:
            return par.goal
        cur = par
    return ""


@dataclass
class GoalStructure:
    """The goal areas and goals a document speaks about, in the goal set's order."""

    areas: list[tuple[GoalArea | None, list[Goal]]] = field(default_factory=list)
    children: dict[str, list[Goal]] = field(default_factory=dict)  # council goal -> board goals
    goals: dict[str, Goal] = field(default_factory=dict)
    area_of: dict[str, str] = field(default_factory=dict)  # goal id (also board goals) -> area id

    def __iter__(self):
        return iter(self.areas)


def goal_structure(m: Municipality, doc: Document) -> GoalStructure:
    goals = m.goals_by_id()
    areas = m.areas_by_id()
    used: set[str] = set()
    used_areas: set[str] = set()
    for c in doc.contributions:
        if c.goal:
            used.add(c.goal)
        elif c.area:
            used_areas.add(c.area)
    for e in doc.indicators:
        if e.goal:
            used.add(e.goal)
    for it in doc.items:
        g = goal_of_item(doc, it)
        if g:
            used.add(g)
    for s in doc.sections:
        if s.goal:
            (used_areas if s.goal in areas else used).add(s.goal)
    for bg in doc.board_goals:
        used.add(bg.id)
    used_areas |= {g for g in used if g in areas and g not in goals}  # entries under an area itself
    used -= used_areas
    st = GoalStructure()
    board_goal_ids = {g.id for g in doc.board_goals}
    top: set[str] = set()
    for gid in used:
        g = goals.get(gid)
        if g is not None and (g.board_goal or gid in board_goal_ids) and g.area in goals:
            st.children.setdefault(g.area, []).append(g)
            top.add(g.area)
        else:
            top.add(gid)
    for lst in st.children.values():
        lst.sort(key=lambda g: goal_number_key(g.number))
    # order: the goal set of the document first, then any other
    order: list[str] = []
    gs = m.goal_sets.get(doc.goal_period)
    sets = ([gs] if gs else []) + [s for k, s in sorted(m.goal_sets.items()) if s is not gs]
    for s in sets:
        for g in s.goals:
            if g.id in top and g.id not in order:
                order.append(g.id)
    rest = sorted((g for g in top if g not in order), key=lambda g: goal_number_key(goals[g].number if g in goals else ""))
    order += rest
    by_area: dict[str | None, list[Goal]] = {}
    for gid in order:
        g = goals.get(gid) or Goal(gid, "", gid, src=None)  # type: ignore[arg-type]
        a = g.area if g.area in areas and not g.board_goal else None
        by_area.setdefault(a, []).append(g)
        st.goals[gid] = g
        if a:
            st.area_of[gid] = a
    for parent, kids in st.children.items():
        for k in kids:
            st.goals[k.id] = k
            if parent in st.area_of:
                st.area_of[k.id] = st.area_of[parent]
    area_order: list[str] = []
    for s in sets:
        for a in s.areas:
            if (a.id in by_area or a.id in used_areas) and a.id not in area_order:
                area_order.append(a.id)
    for aid in area_order:
        st.areas.append((areas[aid], by_area.get(aid, [])))
    if None in by_area:
        st.areas.append((None, by_area[None]))
    return st


# ------------------------------------------------------------------ filters


@dataclass(frozen=True)
class Filters:
    unit: str = ""
    status: str = ""
    deviations: bool = False
    no_update: bool = False
    my_unit: str = ""  # remembered for the "my unit" toggle

    @property
    def active(self) -> bool:
        return bool(self.unit or self.status or self.deviations or self.no_update)

    def describe(self, m: Municipality | None = None) -> str:
        parts = []
        if self.unit:
            name = m.unit_name(self.unit) if m else self.unit
            parts.append(t("filter.unit_is", u=name))
        if self.status:
            parts.append(t("filter.status_is", s=self.status))
        if self.deviations:
            parts.append(t("filter.dev"))
        if self.no_update:
            parts.append(t("filter.noupd"))
        return ", ".join(parts)


def units_under(m: Municipality, unit: str) -> set[str]:
    out = {unit}
    changed = True
    while changed:
        changed = False
        for u in m.units:
            if u.parent in out and u.id not in out:
                out.add(u.id)
                changed = True
    return out


class Matcher:
    """Decides which items and indicators a filter lets through, for one document."""

    def __init__(self, f: Filters, m: Municipality, doc: Document):
        self.f = f
        self.m = m
        self.doc = doc
        self.units = units_under(m, f.unit) if f.unit else set()
        self._item_cache: dict[str, bool] = {}
        self._children: dict[str, list[Item]] = {}
        for it in doc.items:
            if it.parent:
                self._children.setdefault(it.parent, []).append(it)

    def own(self, it: Item) -> bool:
        f = self.f
        if f.unit and not (it.responsible in self.units or self.units & set(it.contributors)):
            return False
        if f.status and it.status != f.status:
            return False
        if f.deviations and item_state(it) != "deviating":
            return False
        if f.no_update and (self.doc.kind != "followup" or has_update(it, self.doc, self.m)):
            return False
        return True

    def item(self, it: Item) -> bool:
        """The item matches, or one of its actions does (so the path to it stays visible)."""
        if not self.f.active:
            return True
        hit = self._item_cache.get(it.id)
        if hit is None:
            self._item_cache[it.id] = False  # guards against parent cycles
            hit = self.own(it) or any(self.item(k) for k in self._children.get(it.id, []))
            self._item_cache[it.id] = hit
        return hit

    def indicator(self, e: IndicatorEntry) -> bool:
        f = self.f
        if not f.active:
            return True
        if f.status:
            return False
        if f.unit:
            defn = self.m.indicator_defs.get(e.id)
            resp = e.responsible or (defn.responsible if defn else "")
            if resp not in self.units:
                return False
        if f.deviations or f.no_update:
            judgement = indicator_judgement(e, self.doc, self.m.indicator_defs.get(e.id))
            if f.deviations and judgement.state.key not in ("not_met", "partly"):
                return False
            if f.no_update and (self.doc.kind != "followup" or indicator_has_update(e.assessment, judgement.basis)):
                return False
        return True


def shown_ids(f: Filters, m: Municipality, doc: Document) -> tuple[set[str], set[str]]:
    """The ids of the items and of the indicators of a document that the filter shows (an item
    stays when one of its åtgärder matches, as in the tree and the overview)."""
    match = Matcher(f, m, doc)
    return {it.id for it in doc.items if match.item(it)}, {e.id for e in doc.indicators if match.indicator(e)}


# ------------------------------------------------------------------ outline (the tree)


@dataclass
class NavNode:
    ref: Ref
    label: Text
    children: list["NavNode"] = field(default_factory=list)
    lazy: bool = False  # children are built when the node is first expanded


def _label(prefix: Text | None, text: str, style: str = "") -> Text:
    out = Text()
    if prefix is not None:
        out.append_text(prefix)
        out.append(" ")
    out.append(text.replace("\n", " "), style=style)
    return out


def item_label(it: Item) -> Text:
    out = symbol(item_state(it))
    out.append(" " + t(f"abbr.{it.kind}") + " ", style="dim")
    out.append(it.title.strip().replace("\n", " ") or it.id)
    return out


def indicator_label(m: Municipality, doc: Document, e: IndicatorEntry) -> Text:
    defn = m.indicator_defs.get(e.id)
    # a follow-up: the state the rule computes (the summary's); a plan: only that it is an indicator
    out = symbol(indicator_judgement(e, doc, defn).state.key) if doc.kind == "followup" else Text("◇", style="cyan")
    out.append(" ")
    out.append(e.name or (defn.name if defn else e.id))
    return out


def document_outline(m: Municipality, doc: Document, filters: Filters | None = None) -> list[NavNode]:
    """The children of a document's node: goal areas → goals → indicators and items; tables; texts."""
    base = doc_ref(m, doc)
    match = Matcher(filters or Filters(), m, doc)
    filtering = match.f.active
    out: list[NavNode] = []
    kids_of: dict[str, list[Item]] = {}
    by_goal: dict[str, list[Item]] = {}
    ids = {it.id for it in doc.items}
    for it in doc.items:
        if it.parent and it.parent in ids:
            kids_of.setdefault(it.parent, []).append(it)
        else:
            by_goal.setdefault(it.goal or goal_of_item(doc, it), []).append(it)
    inds_by_goal: dict[str, list[IndicatorEntry]] = {}
    for e in doc.indicators:
        inds_by_goal.setdefault(e.goal, []).append(e)
    contrib = {c.target: c for c in doc.contributions}

    def item_node(it: Item, depth: int = 0) -> NavNode:
        n = NavNode(base.child("item", it.id), item_label(it))
        if depth < 8:
            n.children = [item_node(k, depth + 1) for k in kids_of.get(it.id, []) if match.item(k)]
        return n

    def goal_node(g: Goal, st: GoalStructure) -> NavNode | None:
        prefix = None
        c = contrib.get(g.id)
        if c and c.assessment:
            prefix = symbol(ASSESSMENT_STATE.get(c.assessment, "none"))
        label = _label(prefix, f"{g.number} {g.title}".strip() if g.number else g.title, "bold" if not g.board_goal else "")
        n = NavNode(base.child("goal", g.id), label)
        for bg in st.children.get(g.id, []):
            sub = goal_node(bg, st)
            if sub is not None:
                n.children.append(sub)
        n.children += [NavNode(base.child("indicator", e.id), indicator_label(m, doc, e))
                       for e in inds_by_goal.get(g.id, []) if match.indicator(e)]
        n.children += [item_node(it) for it in by_goal.get(g.id, []) if match.item(it)]
        if filtering and not n.children:
            return None
        return n

    st = goal_structure(m, doc)
    for area, goals in st:
        gnodes = [n for n in (goal_node(g, st) for g in goals) if n is not None]
        if area is None:
            if gnodes:
                out.append(NavNode(base.child("othergoals"), Text(t("tree.other_goals"), style="italic"), gnodes))
            continue
        # indicators and items that hang under the area itself (the 2022 plan's TSK part)
        gnodes += [NavNode(base.child("indicator", e.id), indicator_label(m, doc, e))
                   for e in inds_by_goal.get(area.id, []) if match.indicator(e)]
        gnodes += [item_node(it) for it in by_goal.get(area.id, []) if match.item(it)]
        if filtering and not gnodes:
            continue
        prefix = None
        c = contrib.get(area.id)
        if c and c.assessment:
            prefix = symbol(ASSESSMENT_STATE.get(c.assessment, "none"))
        out.append(NavNode(base.child("area", area.id),
                           _label(prefix, f"{area.number} {area.title}".strip(), "bold"), gnodes))
    loose = [item_node(it) for it in by_goal.get("", []) if match.item(it)]
    loose_inds = [NavNode(base.child("indicator", e.id), indicator_label(m, doc, e))
                  for e in inds_by_goal.get("", []) if match.indicator(e)]
    if loose or loose_inds:
        out.append(NavNode(base.child("nogoal"), Text(t("tree.no_goal"), style="italic"), loose_inds + loose))
    if filtering:
        return out
    if doc.kind == "controls" or doc.risks or doc.controls:
        out.append(NavNode(base.child("matrix"), Text("▦ " + t("tree.matrix"))))
        if doc.risks:
            out.append(NavNode(base.child("risks"), Text(t("tree.risks", n=len(doc.risks))),
                               [NavNode(base.child("risk", r.id), Text(f"{shown_risk_value(r.value, r.probability, r.consequence) or '?':>2} " + r.title.replace("\n", " ")))
                                for r in doc.risks]))
        if doc.controls:
            out.append(NavNode(base.child("controls"), Text(t("tree.controls", n=len(doc.controls))),
                               [NavNode(base.child("control", c.id), Text(c.process or c.what.split("\n")[0] or c.id))
                                for c in doc.controls]))
    if doc.tables:
        out.append(NavNode(base.child("tables"), Text(t("tree.tables")),
                           [NavNode(base.child("table", tb.id), Text("▤ " + tb.title.replace("\n", " ")))
                            for tb in doc.tables]))
    if doc.sections:
        out.append(NavNode(base.child("sections"), Text(t("tree.sections")), section_nodes(base, doc.sections)))
    return out


def section_nodes(base: Ref, sections: list[Section]) -> list[NavNode]:
    ids = {s.id for s in sections}
    kids: dict[str, list[Section]] = {}
    for s in sections:
        kids.setdefault(s.parent if s.parent in ids else "", []).append(s)

    def build(parent: str, depth: int) -> list[NavNode]:
        out = []
        for s in kids.get(parent, []):
            n = NavNode(base.child("section", s.id), Text("¶ " + (s.title or s.id).replace("\n", " ")))
            if depth < 8:
                n.children = build(s.id, depth + 1)
            out.append(n)
        return out

    return build("", 0)


def municipality_outline(m: Municipality) -> list[NavNode]:
    """A municipality's children: board → year → document (documents' own children are lazy),
    its goal sets, indicator definitions and organisation."""
    out: list[NavNode] = []
    boards: dict[str, dict[int, list[Document]]] = {}
    for d in m.documents:
        boards.setdefault(d.board, {}).setdefault(d.year or 0, []).append(d)
    board_order = [b.id for b in m.boards if b.id in boards] + sorted(b for b in boards if b not in {x.id for x in m.boards})
    for bid in board_order:
        bref = Ref("board", m.id, bid)
        bnode = NavNode(bref, Text(m.board_name(bid)))
        for year in sorted(boards[bid], reverse=True):
            yref = Ref("year", m.id, bid, year)
            ynode = NavNode(yref, Text(str(year) if year else "?"))
            for d in sorted(boards[bid][year], key=lambda d: (DOC_ORDER.get(d.kind, 9), period_sort_key(d.period))):
                ynode.children.append(NavNode(doc_ref(m, d), Text(doc_label(d)), lazy=True))
            bnode.children.append(ynode)
        out.append(bnode)
    for period, gs in sorted(m.goal_sets.items(), reverse=True):
        out.append(NavNode(Ref("goalset", m.id, id=period), Text(t("tree.goals", p=period), style="italic")))
    if m.indicator_defs:
        out.append(NavNode(Ref("defs", m.id), Text(t("tree.indicators", n=len(m.indicator_defs)), style="italic")))
    if m.units:
        out.append(NavNode(Ref("units", m.id), Text(t("tree.units"), style="italic")))
    return out


def workspace_outline(ws: Workspace, problems: int = 0, pending: dict[str, Municipality] | None = None,
                      lazy: bool = False) -> list[NavNode]:
    """Municipality → board → year → document (documents' own children are lazy). `pending`:
    municipalities not read yet (their header only), shown in their place with children to come;
    `lazy`: every municipality's children are built when it is opened (a large repository)."""
    out: list[NavNode] = []
    every = [(m, True) for m in ws.municipalities.values()] + [(m, False) for m in (pending or {}).values()]
    for m, read in sorted(every, key=lambda e: (e[0].name, e[0].id)):
        mref = Ref("municipality", m.id)
        if lazy or not read:
            out.append(NavNode(mref, Text(m.name, style="bold"), lazy=True))
        else:
            out.append(NavNode(mref, Text(m.name, style="bold"), municipality_outline(m)))
    return out


# ------------------------------------------------------------------ look-ups


def find_document(ws: Workspace, ref: Ref) -> tuple[Municipality | None, Document | None]:
    m = ws.municipalities.get(ref.muni)
    if m is None:
        return None, None
    if not ref.doc_kind:
        return m, None
    return m, m.document(ref.board, ref.doc_kind, ref.doc_period)


def parent_refs(ws: Workspace, ref: Ref) -> list[Ref]:
    """Refs from the place itself up to its document: where to land when the place is missing."""
    out = [ref]
    m, doc = find_document(ws, ref)
    if m is None or doc is None:
        return out
    cur = ref
    for _ in range(12):
        nxt = None
        if cur.kind == "item":
            it = doc.item(cur.id)
            if it is not None:
                if it.parent:
                    nxt = cur.child("item", it.parent)
                elif it.goal:
                    nxt = cur.child("goal", it.goal)
        elif cur.kind == "indicator":
            e = doc.indicator(cur.id)
            if e is not None and e.goal:
                nxt = cur.child("goal", e.goal)
        elif cur.kind == "goal":
            g = m.goals_by_id().get(cur.id)
            if g is not None and g.area:
                nxt = cur.child("goal" if g.board_goal else "area", g.area)
        elif cur.kind in ("table",):
            nxt = cur.child("tables")
        elif cur.kind == "section":
            sec = next((s for s in doc.sections if s.id == cur.id), None)
            nxt = cur.child("section", sec.parent) if sec and sec.parent else cur.child("sections")
        elif cur.kind in ("risk",):
            nxt = cur.child("risks")
        elif cur.kind in ("control",):
            nxt = cur.child("controls")
        if nxt is None or nxt in out:
            break
        out.append(nxt)
        cur = nxt
    # then the document and the branches above it: a filter may hide every entry in between
    for up in (ref.doc_ref(), Ref("year", ref.muni, ref.board, ref.year), Ref("board", ref.muni, ref.board),
               Ref("municipality", ref.muni)):
        if up not in out:
            out.append(up)
    return out


def year_documents(m: Municipality, board: str, year: int) -> list[Document]:
    """The plan and the follow-ups of a year (the documents `v` switches between), in order."""
    docs = [d for d in m.documents if d.board == board and (d.year or 0) == year and d.kind in ("plan", "followup")]
    return sorted(docs, key=lambda d: (DOC_ORDER.get(d.kind, 9), period_sort_key(d.period)))


def same_place(ws: Workspace, ref: Ref, target: Document) -> list[Ref]:
    """The place `ref` (in one document) in another document of the same board and year: the same
    kind and id first, then its goal, its area, then the document itself."""
    m = ws.municipalities.get(ref.muni)
    tref = doc_ref(m, target) if m else Ref("document")
    out = []
    for r in parent_refs(ws, ref):
        if r.kind == "document":
            continue
        out.append(replace(r, doc_kind=tref.doc_kind, doc_period=tref.doc_period, year=tref.year, board=tref.board))
    out.append(tref)
    return out


def resolve_problem(ws: Workspace, p) -> Ref | None:
    """The place a problem concerns, found by its id (`ref`) in a document built from its file."""
    for m in ws.municipalities.values():
        for d in m.documents:
            if p.file not in d.files:
                continue
            base = doc_ref(m, d)
            if not p.ref:
                return base
            if d.item(p.ref):
                return base.child("item", p.ref)
            if d.indicator(p.ref):
                return base.child("indicator", p.ref)
            for tb in d.tables:
                if tb.id == p.ref or any(r.id == p.ref for r in tb.rows):
                    return base.child("table", tb.id)
            for s in d.sections:
                if s.id == p.ref:
                    return base.child("section", s.id)
            for r in d.risks:
                if r.id == p.ref:
                    return base.child("risk", r.id)
            for c in d.controls:
                if c.id == p.ref:
                    return base.child("control", c.id)
            if p.ref in m.goals_by_id():
                return base.child("goal", p.ref)
            for e in d.indicators:  # a problem about one value of an indicator: "id" prefixes
                if p.ref.startswith(e.id):
                    return base.child("indicator", e.id)
            return base
    for m in ws.municipalities.values():
        if p.ref and p.ref in m.indicator_defs:
            return Ref("indicator", m.id, id=p.ref)
        for period, gs in m.goal_sets.items():
            if gs.src and gs.src.file == p.file:
                return Ref("goalset", m.id, id=period)
    return None


# ------------------------------------------------------------------ search


@dataclass(slots=True)
class SearchEntry:
    ref: Ref
    kind: str
    title: str
    where: str
    hay: str  # lower-cased, the title first: a hit in the title is found at a position < len(title)


def _entry(ref: Ref, kind: str, title: str, where: str, *more: str) -> SearchEntry:
    """One searchable thing; its text lower-cased once here, not on each typed character."""
    return SearchEntry(ref, kind, title, where, "\x1f".join((title, *more)).lower())


def build_index(ws: Workspace) -> list[SearchEntry]:
    out: list[SearchEntry] = []
    for m in ws.municipalities.values():
        goals = m.goals_by_id()
        for d in m.documents:
            out += document_entries(m, d, goals)
        out += definition_entries(m)
    return out


def document_entries(m: Municipality, d: Document, goals: dict[str, Goal]) -> list[SearchEntry]:
    """One document's entries of the search index (`goals`: the municipality's goals_by_id)."""
    out: list[SearchEntry] = []
    base = doc_ref(m, d)
    where = f"{m.name} · {m.board_name(d.board)} · {doc_label(d)}"
    for it in d.items:
        unit = m.unit(it.responsible)
        out.append(_entry(base.child("item", it.id), t(f"kind.{it.kind}"), it.title, where,
                          it.id, it.label, it.description, it.done_when, it.responsible,
                          unit.name if unit else "", unit.short if unit else "", it.responsible_text,
                          " ".join(it.contributors), it.status, it.completion, it.origin,
                          " ".join(c.text for c in it.comments)))
    for e in d.indicators:
        defn = m.indicator_defs.get(e.id)
        name = e.name or (defn.name if defn else e.id)
        out.append(_entry(base.child("indicator", e.id), t("kind.indicator"), name, where,
                          e.id, defn.name if defn else "", e.responsible, e.responsible_text,
                          m.unit_name(e.responsible) if e.responsible else "",
                          " ".join(c.text for c in e.comments)))
    seen_goals = set()
    for gid in [c.goal for c in d.contributions if c.goal] + [g.id for g in d.board_goals]:
        g = goals.get(gid)
        if g is None or gid in seen_goals:
            continue
        seen_goals.add(gid)
        title = f"{g.number} {g.title}".strip()
        out.append(_entry(base.child("goal", gid), t("f.goal"), title, where, gid, g.text))
    for tb in d.tables:
        out.append(_entry(base.child("table", tb.id), t("kind.table"), tb.title, where,
                          tb.id, tb.section, tb.note, " ".join(r.label for r in tb.rows)))
    for s in d.sections:
        out.append(_entry(base.child("section", s.id), t("kind.section"), s.title or s.id, where, s.id, s.text))
    for r in d.risks:
        out.append(_entry(base.child("risk", r.id), t("f.risk"), r.title, where,
                          r.id, r.process, r.handling))
    for c in d.controls:
        out.append(_entry(base.child("control", c.id), t("kind.control"),
                          c.process or c.what, where, c.id, c.process, c.what, c.method, c.responsible_text))
    return out


def definition_entries(m: Municipality) -> list[SearchEntry]:
    """The search index's entries of a municipality's indicator definitions."""
    return [_entry(Ref("indicator", m.id, id=defn.id), t("kind.indicator"), defn.name,
                   f"{m.name} · {t('tree.indicators', n=len(m.indicator_defs))}",
                   defn.id, defn.source, defn.definition, defn.responsible)
            for defn in m.indicator_defs.values()]


_last_search: list = [None, (), []]  # (the index searched, its words, every hit): typing narrows it


def search(index: list[SearchEntry], query: str, limit: int = 200) -> tuple[list[SearchEntry], int]:
    """The entries holding every word of the query (the best `limit` first) and how many hold
    them. A query that only narrows the previous one (a character typed) searches the previous
    hits, not the whole index."""
    words = query.lower().split()
    if not words:
        return [], 0
    index_seen, prev_words, prev_hits = _last_search
    pool = index
    if (index_seen is index and prev_words and len(words) >= len(prev_words)
            and all(p in w for p, w in zip(prev_words, words))):
        pool = prev_hits  # every hit of the new query holds the old words too
    if len(words) == 1:
        w = words[0]
        hits = [e for e in pool if w in e.hay]
    else:
        hits = [e for e in pool if all(w in e.hay for w in words)]
    _last_search[:] = [index, tuple(words), hits]
    q = query.lower().strip()
    return _ranked(hits, q, limit), len(hits)


def _ranked(hits: list[SearchEntry], q: str, limit: int) -> list[SearchEntry]:
    """The best `limit` hits: the whole query in the title first, an exact id first within that,
    then the others; shorter titles first, ties in index order. Ranked in groups so that a short
    query matching most of the index costs one pass, not a sort key per hit."""
    by_len = lambda e: len(e.title)  # noqa: E731
    title = [e for e in hits if -1 < e.hay.find(q) < len(e.title)]
    exact = [e for e in hits if e.ref.id == q]
    in_title = set(map(id, title))
    ex = set(map(id, exact))
    groups = (
        [e for e in exact if id(e) in in_title],
        [e for e in title if id(e) not in ex],
        [e for e in exact if id(e) not in in_title],
        None,  # the rest, only when the three above leave room
    )
    out: list[SearchEntry] = []
    for g in groups:
        room = limit - len(out)
        if room <= 0:
            break
        if g is None:
            g = [e for e in hits if id(e) not in in_title and id(e) not in ex]
        out += heapq.nsmallest(room, g, key=by_len) if len(g) > room else sorted(g, key=by_len)
    return out

