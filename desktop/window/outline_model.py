"""The outline: documents → 篇/章/节 → 专栏, as a Qt item model."""
from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QFont

from db import place as pl
from db.place import Place

from .place_mime import PLACE_MIME, place_mime
from .plain import tip
from db.naming import plan_labels

TargetRole = Qt.ItemDataRole.UserRole + 1
KindRole = Qt.ItemDataRole.UserRole + 2


@dataclass(eq=False)
class Node:
    kind: str                 # doc | section | box
    target: str               # doc:ID, a section id or a box id
    text: str
    tip: str = ""
    flag: str = ""            # unreliable | inferred
    loaded: bool = True       # a document's children read (lazily, when first needed)
    parent: "Node | None" = None
    children: list["Node"] = field(default_factory=list)

    def row(self) -> int:
        return self.parent.children.index(self) if self.parent else 0


def build_tree(store, labels: dict[str, str] | None = None) -> Node:
    """The documents only: a document's headings and boxes are read when it is
    first opened (`load_document`), so a library of hundreds of plans starts fast.
    Plans are named by `labels` (the session's), else by their titles' labels."""
    root = Node("root", "", "")
    docs = store.documents()
    labels = {**plan_labels(docs), **(labels or {})}
    for d in docs:
        dn = Node("doc", Place.document(d["id"]).id, doc_text(d, labels), tip=d["title"], parent=root)
        dn.loaded = False
        if not d.get("order_reliable", 1):
            dn.flag = "unreliable"
            dn.tip = f"{d['title']}\n\n⚠ 原文顺序不可靠：{d.get('order_note') or ''}"
        root.children.append(dn)
    return root


def doc_text(d: dict, labels: dict[str, str]) -> str:
    """A plan's row: its label, ⚠ first when its order can't be trusted (a narrow column never cuts it off)."""
    return ("⚠ " if not d.get("order_reliable", 1) else "") + labels.get(d["id"], d["id"])


def load_document(store, dn: Node) -> list[Node]:
    """A document's 篇/章/节 and 专栏 under its node."""
    did = pl.document_of(dn.target)
    by_id: dict[str, Node] = {}
    for s in store.sections(did):
        parent = by_id.get(s["parent_id"], dn)
        n = Node("section", s["id"], f"{s['label']} {s['title']}".strip(),
                 tip=f"原文第{s['line_start']}–{s['line_end']}行", parent=parent)
        if s.get("inferred"):
            n.flag = "inferred"
            n.text = "（推定）" + n.text
            n.tip = "原文缺少此标题，系按惯例推定"
        parent.children.append(n)
        by_id[s["id"]] = n
    for b in store.boxes(did):
        parent = by_id.get(b["section_id"], dn)
        parent.children.append(Node("box", b["id"], f"{b['label']} {b['title']}",
                                    tip=f"{b['label']}（{'表格' if b['kind'] == 'table' else '列表'}）", parent=parent))
    dn.loaded = True
    out, stack = [], list(dn.children)
    while stack:
        n = stack.pop()
        out.append(n)
        stack.extend(n.children)
    return out


class OutlineModel(QAbstractItemModel):
    def __init__(self, store=None, parent=None, labels=None):
        super().__init__(parent)
        self.labels = labels            # () -> {document id: label}: the session's plan_labels
        self.root = Node("root", "", "")
        self._by_target: dict[str, Node] = {}
        if store is not None:
            self.reload(store)

    def reload(self, store):
        self.beginResetModel()
        self.store = store
        self.root = build_tree(store, self.labels() if self.labels else None)
        self._by_target = {n.target: n for n in self.root.children}
        self.endResetModel()

    def relabel(self) -> None:
        """The plans' rows named anew (a plan renamed), the tree as it is (expanded stays expanded)."""
        if self.labels is None or self.store is None:
            return
        labels, docs = self.labels(), {Place.document(d["id"]).id: d for d in self.store.documents()}
        for k, dn in enumerate(self.root.children):
            if dn.target in docs:
                dn.text = doc_text(docs[dn.target], labels)
                i = self.createIndex(k, 0, dn)
                self.dataChanged.emit(i, i)

    def _load(self, dn: Node, notify: bool) -> None:
        if dn.loaded:
            return
        parent = self.createIndex(dn.row(), 0, dn)
        kids = load_document(self.store, dn)
        n = len(dn.children)
        if notify and n:
            dn.children, staged = [], dn.children
            self.beginInsertRows(parent, 0, n - 1)
            dn.children = staged
            self.endInsertRows()
        self._by_target.update((k.target, k) for k in kids)

    # lazy: a document's children are fetched when the view first needs them
    def hasChildren(self, parent=QModelIndex()):
        if not parent.isValid():
            return bool(self.root.children)
        n: Node = parent.internalPointer()
        return (not n.loaded) or bool(n.children)

    def canFetchMore(self, parent):
        return parent.isValid() and not parent.internalPointer().loaded

    def fetchMore(self, parent):
        if parent.isValid():
            self._load(parent.internalPointer(), notify=True)

    # ---- Qt model API ----
    def index(self, row, column, parent=QModelIndex()):
        p = parent.internalPointer() if parent.isValid() else self.root
        if 0 <= row < len(p.children) and column == 0:
            return self.createIndex(row, 0, p.children[row])
        return QModelIndex()

    def parent(self, index=QModelIndex()):
        if not index.isValid():
            return QModelIndex()
        n: Node = index.internalPointer()
        p = n.parent
        if p is None or p is self.root:
            return QModelIndex()
        return self.createIndex(p.row(), 0, p)

    def rowCount(self, parent=QModelIndex()):
        if parent.column() > 0:
            return 0
        p = parent.internalPointer() if parent.isValid() else self.root
        return len(p.children)

    def columnCount(self, parent=QModelIndex()):
        return 1

    def flags(self, index):
        f = super().flags(index)
        return f | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else f     # onto a 专题

    def mimeTypes(self):
        return [PLACE_MIME]

    def mimeData(self, indexes):
        return place_mime(next((i.data(TargetRole) for i in indexes if i.isValid()), None))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        n: Node = index.internalPointer()
        if role == Qt.ItemDataRole.DisplayRole:
            return n.text
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(n.tip or n.text)
        if role == TargetRole:
            return n.target
        if role == KindRole:
            return n.kind
        if role == Qt.ItemDataRole.ForegroundRole:
            if n.flag == "unreliable":
                return QBrush(QColor("#9a6700"))
            if n.flag == "inferred":
                return QBrush(QColor("#6e7781"))
            if n.kind == "box":
                return QBrush(QColor("#0b5cad"))
        if role == Qt.ItemDataRole.FontRole and n.kind == "doc":
            f = QFont()
            f.setBold(True)
            return f
        return None

    def index_of(self, target: str) -> QModelIndex:
        n = self._by_target.get(target)
        p = Place.parse(target)
        if n is None and p is not None and p.kind != pl.DOCUMENT:
            dn = self._by_target.get(Place.document(p.doc).id)
            if dn is not None:
                self._load(dn, notify=True)          # a place in a plan not yet opened
                n = self._by_target.get(target)
        if n is None:
            return QModelIndex()
        return self.createIndex(n.row(), 0, n)
