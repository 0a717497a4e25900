"""Bookmarks: a table model over user.sqlite, and the panel around it."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QFileDialog, QGridLayout, QHeaderView, QInputDialog,
                               QLineEdit, QPushButton, QTableView, QVBoxLayout, QWidget)

from db.citation import cite

from .errors import warn
from .export_dialog import remember_dir, start_path
from .note_dialog import edit_note
from .plain import ask, tip
from .rows_model import RowsModel, row_table, rows_follow_wrapping
from db.anchors import still_there
from db.naming import plan_labels

COLS = ["位置", "类型", "摘录", "批注/备注", "文件", "日期"]
COL_TITLE, COL_KIND, COL_QUOTE, COL_NOTE, COL_DOC, COL_DATE = range(6)
BookmarkRole = Qt.ItemDataRole.UserRole + 20


def kind_name(r: dict) -> str:
    if r["kind"] == "highlight":
        return "批注" if r.get("note") else "高亮"
    return "专栏书签" if r["kind"] == "box" else "章节书签"


class BookmarksModel(RowsModel):
    """Bookmarks, highlights and notes, newest first; filtered by words in any of
    their texts; a highlight whose passage changed in an update is marked. Plans are
    named by `labels()` (the session's plan_labels: the names people gave them)."""
    COLUMNS = COLS

    def __init__(self, userdata, store, parent=None, labels=None):
        super().__init__(parent)
        self.userdata = userdata
        self.store = store
        self.labels = labels
        self.rows: list[dict] = []
        self.all: list[dict] = []
        self.text = ""
        self.reload()

    def set_store(self, store):
        self.store = store
        self.reload()

    def set_userdata(self, userdata):
        self.userdata = userdata
        self.reload()

    def set_filter(self, text: str):
        """Words typed: the rows read are filtered again, nothing re-read."""
        self.beginResetModel()
        self.text = text.strip()
        self._apply()
        self.endResetModel()

    def reload(self):
        self.beginResetModel()
        labels = self.plan_labels()
        self.all = self.userdata.bookmarks()
        for r in self.all:
            text = self.store.unit_text(r["target_id"]) if self.store is not None else None
            r["exists"] = text is not None
            r["cite"] = cite(self.store, r["target_id"]) if r["exists"] else ""
            r["changed"] = r["kind"] == "highlight" and r["exists"] and not still_there(text, r)
            r["doc_label"] = labels.get(r["document_id"]) or r["document_title"] or ""
        self._apply()
        self.endResetModel()

    def plan_labels(self) -> dict[str, str]:
        if self.labels is not None:
            return self.labels()
        return plan_labels(self.store.documents()) if self.store is not None else {}

    def _apply(self):
        words = self.text.split()
        self.rows = [r for r in self.all if all(any(w in (r.get(k) or "") for k in ("title", "quote", "note", "doc_label",
                                                                                   "target_title")) for w in words)]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        r = self.rows[index.row()]
        c = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._cell(r, c, role)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(self._tip(r))
        if role == Qt.ItemDataRole.ForegroundRole and (not r["exists"] or r["changed"]):
            return QBrush(QColor("#a40e26"))
        if role == BookmarkRole:
            return r
        return None

    @staticmethod
    def _tip(r: dict) -> str:
        """Titles, quotes and notes, some from a colleague's file: shown as written (plain.tip)."""
        if not r["exists"]:
            return f"更新后找不到原来的位置：{r['target_title'] or r['title']}\n书签保留，可删除或保留作记录"
        if r["changed"]:
            return f"更新后原文已改动，找不到这段文字：\n“{r['quote']}”\n批注保留"
        where = f"出处：{r['cite']}" if r.get("cite") else r["document_title"]
        return "\n".join(x for x in (r["target_title"], r.get("quote"), where, r["note"]) if x)

    def _cell(self, r: dict, c: int, role) -> str:
        if c == COL_TITLE:
            if role == Qt.ItemDataRole.DisplayRole and not r["exists"]:
                return f"{r['title']}（原文已不存在）"
            if role == Qt.ItemDataRole.DisplayRole and r["changed"]:
                return f"{r['title']}（原文已改动）"
            return r["title"]
        return [None, kind_name(r), r.get("quote") or "", r["note"] or "", r["doc_label"],
                (r["created"] or "")[:10]][c]

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
    jump = Signal(str, str)           # target, the quote to show (a highlight's) or ""
    changed = Signal()                # something was renamed, noted, deleted or imported

    def __init__(self, userdata, store, parent=None, labels=None):
        super().__init__(parent)
        self.setObjectName("bookmarksPage")
        self.userdata = userdata
        self.model = BookmarksModel(userdata, store, self, labels)
        self.find = QLineEdit(self)
        self.find.setObjectName("bookmarkFind")
        self.find.setPlaceholderText("筛选书签、高亮摘录和批注")
        self.find.setClearButtonEnabled(True)
        self.find.textChanged.connect(self.model.set_filter)
        self.view = row_table(QTableView(self), "bookmarks", self.model)
        hh = self.view.horizontalHeader()
        hh.setMinimumSectionSize(40)
        for c, mode in ((COL_TITLE, QHeaderView.ResizeMode.Interactive), (COL_KIND, QHeaderView.ResizeMode.ResizeToContents),
                        (COL_QUOTE, QHeaderView.ResizeMode.Stretch), (COL_NOTE, QHeaderView.ResizeMode.Stretch),
                        (COL_DOC, QHeaderView.ResizeMode.ResizeToContents), (COL_DATE, QHeaderView.ResizeMode.ResizeToContents)):
            hh.setSectionResizeMode(c, mode)
        hh.resizeSection(COL_TITLE, 170)
        self._rows_timer = rows_follow_wrapping(self.view, self.model)
        # a double-click opens, from any column; the title and note are edited with F2
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed)
        self.view.doubleClicked.connect(lambda _: self.go())
        buttons = QGridLayout()
        for k, (text, slot, name) in enumerate((("跳转", self.go, "bmGo"), ("改名", self.rename, "bmRename"),
                                 ("备注", self.edit_note, "bmNote"), ("删除", self.delete, "bmDelete"),
                                 ("导出…", self.export, "bmExport"), ("导入…", self.import_, "bmImport"))):
            b = QPushButton(text, self)
            b.setObjectName(name)
            b.clicked.connect(slot)
            buttons.addWidget(b, k // 3, k % 3)
        buttons.setColumnStretch(3, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.find)
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

    def go(self):
        r = self.current()
        if r and r["exists"]:
            self.jump.emit(r["target_id"], r.get("quote") or "")

    def rename(self):
        r = self.current()
        if not r:
            return
        text, ok = QInputDialog.getText(self, "书签改名", "标题：", text=r["title"])
        if ok and text.strip():
            self.model.setData(self.model.index(self.model.row_of(r["id"]), COL_TITLE), text)
            self.changed.emit()

    def edit_note(self):
        r = self.current()
        if not r:
            return
        text = edit_note(self, "批注" if r["kind"] == "highlight" else "书签备注", r["note"] or "")
        if text is not None:
            self.model.setData(self.model.index(self.model.row_of(r["id"]), COL_NOTE), text)
            self.changed.emit()

    def delete(self):
        r = self.current()
        if not r:
            return
        if ask(self, "删除书签", f"删除书签“{r['title']}”？"):
            self.userdata.delete(r["id"])
            self.model.reload()
            self.changed.emit()

    def export(self, path: str | None = None):
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "导出书签与批注", start_path("plandesk-书签与批注.json"),
                                                  "JSON (*.json)")
            remember_dir(path)
        if path:
            Path(path).write_text(self.userdata.export_json(), encoding="utf-8")
        return path

    def import_(self, path: str | None = None):
        if not path:
            path, _ = QFileDialog.getOpenFileName(self, "导入书签", start_path(), "JSON (*.json)")
            remember_dir(path)
        if not path:
            return 0
        try:
            n = self.userdata.import_json(Path(path).read_text(encoding="utf-8"))
        except (ValueError, OSError) as e:
            warn(self, "导入书签", f"无法导入：{e}")
            return 0
        self.model.reload()
        self.changed.emit()
        return n
