"""The navigation tree: municipality → board → year → document → goal area → goal → items.

A document's subtree is built when the document is first opened, so a repository with many
years and documents starts as fast as a small one. Labels are always `Text` (never markup).
"""

from __future__ import annotations

from typing import Callable

from rich.text import Text
from ..commands import use_bindings
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from ...service.nav import NavNode, Ref


class NavTree(Tree[Ref]):
    def __init__(self, **kw):
        super().__init__(Text("verksam"), **kw)
        use_bindings(self, "tree")
        self.show_root = False
        self.auto_expand = False
        self.guide_depth = 2
        self._by_ref: dict[Ref, TreeNode[Ref]] = {}
        self._lazy: dict[int, Ref] = {}
        self.outline_for: Callable[[Ref], list[NavNode]] = lambda ref: []

    # ------------------------------------------------------------ building

    def load(self, nodes: list[NavNode], expand_levels: int = 2) -> None:
        self.clear()
        self._by_ref.clear()
        self._lazy.clear()
        for n in nodes:
            self._add(self.root, n, 0, expand_levels)
        self.root.expand()

    def _add(self, parent: TreeNode[Ref], n: NavNode, depth: int, expand_levels: int) -> TreeNode[Ref]:
        has_kids = bool(n.children) or n.lazy
        if has_kids:
            node = parent.add(n.label, data=n.ref, expand=depth < expand_levels and not n.lazy)
        else:
            node = parent.add_leaf(n.label, data=n.ref)
        self._by_ref.setdefault(n.ref, node)
        if n.lazy:
            self._lazy[node.id] = n.ref
        for c in n.children:
            self._add(node, c, depth + 1, expand_levels)
        return node

    def populate(self, node: TreeNode[Ref]) -> None:
        ref = self._lazy.pop(node.id, None)
        if ref is None:
            return
        node.remove_children()
        kids = self.outline_for(ref)
        for c in kids:  # a municipality opens at its boards (as the whole tree does), a document closed
            self._add(node, c, 1, 2) if ref.kind == "municipality" else self._add(node, c, 99, 0)
        if not kids:
            node.allow_expand = False

    def repopulate(self, ref: Ref) -> None:
        """Build the children of `ref`'s node again (a municipality read meanwhile), if it was
        opened; an unopened one is built when it is opened."""
        node = self._by_ref.get(ref)
        if node is None or node.id in self._lazy:
            return
        for r in [r for r in self._by_ref if r.muni == ref.muni and r != ref]:
            self._by_ref.pop(r, None)  # the old children's places
        for nid in [nid for nid, r in self._lazy.items() if r.muni == ref.muni]:
            self._lazy.pop(nid)
        self._lazy[node.id] = ref
        expanded = node.is_expanded
        self.populate(node)
        if expanded:
            node.expand()

    def update(self, ref: Ref, nodes: list[NavNode]) -> bool:
        """Bring the built children of `ref`'s node up to date with `nodes` (its outline now) in
        place: when every built node is still there, in the same order, only the labels that
        changed are set again, so the cursor, what is open and the lines stay (an edit changes a
        status symbol or a title, not the shape). A built document under it is compared with its
        own outline (`outline_for`). False, with nothing changed, when the shape differs."""
        node = self._by_ref.get(ref)
        if node is None:
            return False
        if node.id in self._lazy:
            return True  # not built: it is built from the new model when it is opened
        relabel: list[tuple[TreeNode[Ref], Text]] = []

        def same(tn: TreeNode[Ref], kids: list[NavNode]) -> bool:
            old = tn.children
            if len(old) != len(kids):
                return False
            for o, n in zip(old, kids):
                if o.data != n.ref:
                    return False
                if not _same_label(o.label, n.label):
                    relabel.append((o, n.label))
                if o.id in self._lazy:
                    if not n.lazy:
                        return False
                    continue  # its children are built from the new model when it is opened
                if n.lazy:  # built when it was opened: compared with what it would be built from now
                    if not same(o, self.outline_for(n.ref)):
                        return False
                elif not n.children and o.allow_expand or n.children and not o.allow_expand:
                    return False
                elif not same(o, n.children):
                    return False
            return True

        if not same(node, nodes):
            return False
        for o, label in relabel:
            o.set_label(label)
        return True

    def expanded_refs(self) -> list[Ref]:
        """The places whose nodes are open (to open them again after the tree is rebuilt)."""
        return [r for r, n in self._by_ref.items() if n.is_expanded and n.id not in self._lazy]

    def on_tree_node_expanded(self, event: Tree.NodeExpanded) -> None:
        self.populate(event.node)

    # ------------------------------------------------------------ finding

    def node_for(self, ref: Ref) -> TreeNode[Ref] | None:
        if ref.muni and ref.kind != "municipality":  # a municipality whose children are not built yet
            muni = self._by_ref.get(Ref("municipality", ref.muni))
            if muni is not None and muni.id in self._lazy:
                self.populate(muni)
        if ref.in_document and ref.kind != "document":
            doc = self._by_ref.get(ref.doc_ref())
            if doc is not None and doc.id in self._lazy:
                self.populate(doc)
        return self._by_ref.get(ref)

    def has(self, ref: Ref) -> bool:
        return self.node_for(ref) is not None

    def go(self, ref: Ref) -> bool:
        """Move the cursor to `ref`, opening the way to it. False when it is not in the tree."""
        node = self.node_for(ref)
        if node is None:
            return False
        p = node.parent
        while p is not None:
            if not p.is_expanded:
                p.expand()
            p = p.parent
        _ = self._tree_lines  # rebuild the lines so the node knows its line
        self.move_cursor(node)
        return True

    @property
    def current(self) -> Ref | None:
        node = self.cursor_node
        return node.data if node is not None else None

    def action_expand_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.allow_expand and not node.is_expanded:
            node.expand()
        elif node.children:
            self.move_cursor(node.children[0])

    def action_collapse_node(self) -> None:
        node = self.cursor_node
        if node is None:
            return
        if node.is_expanded and node.children:
            node.collapse()
        elif node.parent is not None and node.parent is not self.root:
            self.move_cursor(node.parent)


def _same_label(old, new: Text) -> bool:
    """A tree node's label shows the same as `new` (its text, its style and styled spans)."""
    return (isinstance(old, Text) and old.plain == new.plain and old.style == new.style
            and old.spans == new.spans)
