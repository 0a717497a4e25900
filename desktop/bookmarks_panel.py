"""Bookmarks: a table model over user.sqlite, and the panel around it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QGridLayout, QHeaderView, QInputDialog,
                               QMessageBox, QPushButton, QTableView, QVBoxLayout, QWidget)

from .rows_model import RowsModel

COLS = ["标题", "文件", "备注", "日期"]
COL_TITLE, COL_DOC, COL_NOTE, COL_DATE = range(4)
BookmarkRole = Qt.ItemDataRole.UserRole + 20


class BookmarksModel(RowsModel):
    COLUMNS = COLS

    def __init__(self, userdata, store, parent=None):
        super().__init__(parent)
        self.userdata = userdata
        self.store = store
        self.rows: list[dict] = []
        self.reload()

    def set_store(self, store):
        self.store = store
        self.reload()

    def set_userdata(self, userdata):
        self.userdata = userdata
        self.reload()

    def reload(self):
        self.beginResetModel()
        self.rows = self.userdata.bookmarks()
        for r in self.rows:
            r["exists"] = self._exists(r["target_id"])
        self.endResetModel()

    def _exists(self, target: str) -> bool:
        if self.store is None:
            return False
        return bool(self.store.section(target) or self.store.box(target))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        c = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if c == COL_TITLE:
                if role == Qt.ItemDataRole.DisplayRole and not r["exists"]:
                    return f"{r['title']}（原文已不存在）"
                return r["title"]
            if c == COL_DOC:
                return r["document_title"] or r["document_id"] or ""
            if c == COL_NOTE:
                return r["note"] or ""
            if c == COL_DATE:
                return (r["created"] or "")[:10]
        if role == Qt.ItemDataRole.ToolTipRole:
            if not r["exists"]:
                return f"更新后找不到原来的位置：{r['target_title'] or r['title']}\n书签保留，可删除或保留作记录"
            return "\n".join(x for x in (r["target_title"], r["document_title"], r["note"]) if x)
        if role == Qt.ItemDataRole.ForegroundRole and not r["exists"]:
            return QBrush(QColor("#a40e26"))
        if role == BookmarkRole:
            return r
        return None

    def flags(self, index):
        f = super().flags(index)
        if index.column() in (COL_TITLE, COL_NOTE):
            f |= Qt.ItemFlag.ItemIsEditable
        return f

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        r = self.rows[index.row()]
        value = str(value).strip()
        if index.column() == COL_TITLE and value:
            self.userdata.rename(r["id"], value)
            r["title"] = value
        elif index.column() == COL_NOTE:
            self.userdata.set_note(r["id"], value)
            r["note"] = value
        else:
            return False
        self.dataChanged.emit(index, index)
        return True

    def row_of(self, bid: int) -> int:
        return next((k for k, r in enumerate(self.rows) if r["id"] == bid), -1)


class BookmarksPanel(QWidget):
    jump = Signal(str)

    def __init__(self, userdata, store, parent=None):
        super().__init__(parent)
        self.userdata = userdata
        self.model = BookmarksModel(userdata, store, self)
        self.view = QTableView(self)
        self.view.setObjectName("bookmarks")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        hh = self.view.horizontalHeader()
        hh.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        hh.setMinimumSectionSize(40)
        for c, w in ((COL_DOC, 90), (COL_NOTE, 90), (COL_DATE, 84)):
            hh.setSectionResizeMode(c, QHeaderView.ResizeMode.Interactive)
            hh.resizeSection(c, w)
        self.view.setWordWrap(False)
        self.view.doubleClicked.connect(self._double)
        buttons = QGridLayout()
        for k, (text, slot, name) in enumerate((("跳转", self.go, "bmGo"), ("改名", self.rename, "bmRename"),
                                 ("备注", self.edit_note, "bmNote"), ("删除", self.delete, "bmDelete"),
                                 ("导出…", self.export, "bmExport"), ("导入…", self.import_, "bmImport"))):
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b, k // 3, k % 3)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addWidget(self.view, 1)
        lay.addLayout(buttons)

    def set_userdata(self, userdata):
        self.userdata = userdata
        self.model.set_userdata(userdata)

    def current(self) -> dict | None:
        idx = self.view.currentIndex()
        return self.model.rows[idx.row()] if idx.isValid() else None

    def select(self, bid: int):
        row = self.model.row_of(bid)
        if row >= 0:
            self.view.selectRow(row)

    def _double(self, idx):
        if idx.column() in (COL_DOC, COL_DATE):
            self.go()

    def go(self):
        r = self.current()
        if r and r["exists"]:
            self.jump.emit(r["target_id"])

    def rename(self):
        r = self.current()
        if not r:
            return
        text, ok = QInputDialog.getText(self, "书签改名", "标题：", text=r["title"])
        if ok and text.strip():
            self.model.setData(self.model.index(self.model.row_of(r["id"]), COL_TITLE), text)

    def edit_note(self):
        r = self.current()
        if not r:
            return
        text, ok = QInputDialog.getMultiLineText(self, "书签备注", "备注：", r["note"] or "")
        if ok:
            self.model.setData(self.model.index(self.model.row_of(r["id"]), COL_NOTE), text)

    def delete(self):
        r = self.current()
        if not r:
            return
        if QMessageBox.question(self, "删除书签", f"删除书签“{r['title']}”？") == QMessageBox.StandardButton.Yes:
            self.userdata.delete(r["id"])
            self.model.reload()

    def export(self, path: str | None = None):
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "导出书签", "plandesk-书签.json", "JSON (*.json)")
        if path:
            Path(path).write_text(self.userdata.export_json(), encoding="utf-8")
        return path

    def import_(self, path: str | None = None):
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "导入书签", "", "JSON (*.json)")
        if not path:
            return 0
        try:
            n = self.userdata.import_json(Path(path).read_text(encoding="utf-8"))
        except (ValueError, OSError) as e:
            QMessageBox.warning(self, "导入书签", f"无法导入：{e}")
            return 0
        self.model.reload()
        return n
