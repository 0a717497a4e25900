"""All 专栏 of all plans: filter, tick, export to Word (公文) with progress and cancel."""
from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QModelIndex, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QGridLayout, QHBoxLayout, QHeaderView,
                               QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from db.citation import OFFICIAL, SHORT, cite
from desktop.services.export import export_boxes
from db.naming import plan_labels
from db.store import Store
from db.store.library import safe_name

from .export_flow import ExportSpec, run_export
from .one_line import one_line
from .plain import ask, inform, tip
from .session import LABELS, STORE
from .rows_model import Columns, FilteredRows, refill, rows_follow_wrapping
from .topics_page import add_to_topic

COLS = Columns(label="编号", title="标题", n="项数", doc="文件")
BoxIdRole = Qt.ItemDataRole.UserRole + 40


class BoxesModel(FilteredRows):
    """Every 专栏 read once (a few thousand rows at most); the view is given them
    CHUNK at a time as it scrolls (canFetchMore/fetchMore), so only the rows shown
    are laid out and sized to their wrapped titles."""
    COLUMNS = COLS
    CHOICES = {"doc": "doc"}
    CHUNK = 300

    def __init__(self, store, parent=None, labels: dict | None = None):
        super().__init__(parent)
        self.shown = 0
        self.checked: set[str] = set()
        self.reload(store, labels)

    def reload(self, store, labels: dict | None = None):
        """Read the boxes anew; `labels` name the plans (the session's plan_labels)."""
        docs = {d["id"]: d for d in store.documents()}
        labels = labels or plan_labels(list(docs.values()))
        rows = []
        for b in store.box_summaries():
            d = docs[b["document_id"]]
            rows.append(dict(id=b["id"], doc=d["id"], doc_label=labels[d["id"]],
                             label=b["label"], title=b["title"], n=b["n_items"],
                             haystack=b["title"] + b["items_text"]))
        # by plan, then by number (a scrambled text prints 专栏3 before 专栏1)
        order = {d: k for k, d in enumerate(docs)}
        rows.sort(key=lambda r: (order[r["doc"]], [int(x) for x in re.findall(r"\d+", r["label"])]))
        self.checked &= {r["id"] for r in rows}
        self.set_all(rows)

    def haystack(self, row: dict) -> tuple:
        return row["haystack"], row["label"]

    def _apply(self):
        super()._apply()
        self.shown = min(len(self.rows), self.CHUNK)

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else self.shown

    def canFetchMore(self, parent=QModelIndex()):
        return not parent.isValid() and self.shown < len(self.rows)

    def fetchMore(self, parent=QModelIndex()):
        if parent.isValid():
            return
        n = min(len(self.rows), self.shown + self.CHUNK)
        if n > self.shown:
            self.beginInsertRows(QModelIndex(), self.shown, n - 1)
            self.shown = n
            self.endInsertRows()

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        c = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return str(r[COLS.key(c)]) if c != COLS.doc else r["doc_label"]
        if role == Qt.ItemDataRole.CheckStateRole and c == COLS.label:
            return Qt.CheckState.Checked if r["id"] in self.checked else Qt.CheckState.Unchecked
        if role == BoxIdRole:
            return r["id"]
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(f"{r['doc_label']}\n{r['label']} {r['title']}（{r['n']} 项）")
        return None

    def flags(self, index):
        f = super().flags(index)
        if index.column() == COLS.label:
            f |= Qt.ItemFlag.ItemIsUserCheckable
        return f

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role == Qt.ItemDataRole.CheckStateRole and index.column() == COLS.label:
            bid = self.rows[index.row()]["id"]
            on = value in (Qt.CheckState.Checked, Qt.CheckState.Checked.value, 2, True)
            (self.checked.add if on else self.checked.discard)(bid)
            self.dataChanged.emit(index, index)
            return True
        return False

    def set_checked(self, ids, on=True):
        self.beginResetModel()
        for i in ids:
            (self.checked.add if on else self.checked.discard)(i)
        self.endResetModel()

    def selected_ids(self) -> list[str]:
        """Ticked boxes in document order."""
        return [r["id"] for r in self.all if r["id"] in self.checked]


class BoxesBrowser(QWidget):
    SHOWS = frozenset({STORE, LABELS})          # the plans and the names they are shown by
    openBox = Signal(str)
    exported = Signal(str)

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.session = session
        self.labels = session.plan_labels()          # what the plans are called, as shown
        self.model = BoxesModel(self.store, self, self.labels)
        self.doc_box = QComboBox(self)
        self._fill_docs()
        self.doc_box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.doc_box.setMinimumContentsLength(6)
        self.find = QLineEdit(self)
        self.find.setObjectName("boxFind")
        self.find.setPlaceholderText("关键词筛选专栏")
        self.view = QTableView(self)
        self.view.setObjectName("boxesTable")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.verticalHeader().hide()
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(COLS.title, QHeaderView.ResizeMode.Stretch)    # the titles get the room
        for c in (COLS.label, COLS.n):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)
        self.view.setWordWrap(True)
        self._size_doc_column()
        self._rows_timer = rows_follow_wrapping(self.view, self.model)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.doubleClicked.connect(lambda idx: self.openBox.emit(idx.data(BoxIdRole)))
        grid = QGridLayout()
        buttons = [("全选", lambda: self.model.set_checked([r["id"] for r in self.model.rows]), "boxAll"),
                   ("清除", lambda: self.model.set_checked(list(self.model.checked), False), "boxNone"),
                   ("导出所选…", self.export_selected, "boxExport"),
                   ("导出书签中的专栏…", self.export_bookmarked, "boxExportBookmarked")]
        for k, (text, slot, name) in enumerate(buttons):
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(slot)
            grid.addWidget(b, k // 2, k % 2)
        grid.setColumnStretch(2, 1)
        top = QHBoxLayout()
        top.addWidget(self.doc_box, 1)
        top.addWidget(self.find, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.view, 1)
        lay.addLayout(grid)
        self.doc_box.currentIndexChanged.connect(lambda _: self.model.set_filter(doc=self.doc_box.currentData()))
        self.find.textChanged.connect(lambda t: self.model.set_filter(text=t))

    def citation(self, bid: str, form: str = "short") -> str:
        return cite(self.store, bid, OFFICIAL if form == "official" else SHORT)

    def _menu(self, pos):
        menu = self.context_menu(pos)
        if menu is not None:
            menu.popup(self.view.viewport().mapToGlobal(pos))
        return menu

    def context_menu(self, pos):
        """A 专栏's menu: 打开, the two citations, 加入专题…"""
        from PySide6.QtGui import QGuiApplication  # lazy: Qt loads only when the window opens
        from PySide6.QtWidgets import QMenu  # lazy: Qt loads only when the window opens
        idx = self.view.indexAt(pos)
        if not idx.isValid():
            return None
        bid = idx.data(BoxIdRole)
        menu = QMenu(self)
        menu.addAction("打开", lambda: self.openBox.emit(bid))
        for text, form in (("复制引用（简短）", "short"), ("复制引用（正式）", "official")):
            menu.addAction(text, lambda f=form: QGuiApplication.clipboard().setText(self.citation(bid, f)))
        menu.addAction("加入专题…", lambda: add_to_topic(self, self.session, bid)).setObjectName("actAddToTopic")
        return menu

    def _fill_docs(self):
        refill(self.doc_box, [("全部文件", "")] + [(self.labels.get(d["id"], d["id"]), d["id"])
                                                  for d in self.store.documents()])

    def _size_doc_column(self):
        """The plan's label on one line, elided (the full label in the tooltip): a long
        name never takes the title's room."""
        labels = list(self.labels.values()) or ["文件"]
        one_line(self.view, COLS.doc, max(labels, key=self.view.fontMetrics().horizontalAdvance), most=200)

    @property
    def store(self):
        return self.session.store

    def refresh(self, changes=frozenset({STORE})):
        """The plans or their names changed: the plan filter and the rows anew (the ticks
        kept); other user data (a bookmark) reads nothing."""
        labels = self.session.plan_labels()
        if STORE not in changes and labels == self.labels:
            return
        self.labels = labels
        self._fill_docs()
        self.model.doc = self.doc_box.currentData() or ""
        self.model.reload(self.store, labels)
        self._size_doc_column()

    def export_selected(self, path: str | None = None, ask_open: bool = True):
        ids = self.model.selected_ids()
        if not ids:
            inform(self, "导出专栏", "请先勾选要导出的专栏。")
            return None
        return self.export(ids, path, ask_open=ask_open)

    def export_bookmarked(self, path: str | None = None, ask_open: bool = True):
        ids = [b["target_id"] for b in reversed(self.session.userdata.bookmarks())
               if b["kind"] == "box" and self.store.box(b["target_id"])]
        if not ids:
            inform(self, "导出专栏", "书签中没有专栏。")
            return None
        return self.export(ids, path, ask_open=ask_open)

    def export_title(self, ids: list[str]) -> str:
        """What an export is called: one 专栏 by its plan, label and title (files of
        different boxes never take each other's name); several are a 专栏汇编."""
        b = self.store.box(ids[0]) if len(ids) == 1 else None
        if b is None:
            return "专栏汇编"
        return f"{self.session.plan_label(b['document_id'])} {b['label']} {b['title']}".strip()[:80]

    def export(self, ids: list[str], path: str | None = None, title: str | None = None, ask_open: bool = True):
        """Ask where (the dialog asks before replacing a file), then write in the
        background with progress and cancel. Returns the path, or None."""
        title = title or self.export_title(ids)
        spec = ExportSpec("导出专栏", "docx", f"导出 {len(ids)} 个专栏（公文格式）", f"{safe_name(title)}.docx", title)
        store_path = self.store.path

        def write(path, title, signed, progress):
            with Store(store_path) as st:        # one connection per thread
                return str(export_boxes(st, ids, path, title=title, progress=progress, overwrite=True, **signed))

        path = run_export(self, spec, write, path, title)
        if path is None:
            return None
        self.exported.emit(path)
        if ask_open and ask(self, "导出专栏", f"已导出 {len(ids)} 个专栏：\n{path}\n\n打开所在文件夹？"):
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))
        return path
