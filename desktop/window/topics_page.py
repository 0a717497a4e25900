"""The 专题 page: named collections of places (sections, 专栏, indicator rows, comparison
statements, highlighted passages, search hits), each entry with its own 按语; the
topics on the left (the default 专题「书签」 is the bookmarks themselves), the chosen
topic's entries on the right (reordered by drag or 上移/下移; an entry whose place is
gone from the store is greyed and says 「原文已不存在」, keeping its text), exported
as a 资料汇编 in Word (through the one export flow), Markdown or CSV.

`add_to_topic` is the one way every page adds a place: a small chooser (existing
topics + 新建专题…), then the session tells TOPICS."""
from __future__ import annotations

import csv
from pathlib import Path

from PySide6.QtCore import QAbstractListModel, QAbstractTableModel, QMimeData, QModelIndex, Qt, Signal
from PySide6.QtGui import QBrush, QPalette
from PySide6.QtWidgets import (QAbstractItemView, QComboBox, QDialog, QFileDialog,
                               QHeaderView, QInputDialog, QListView, QSplitter, QTableView, QToolBar,
                               QVBoxLayout, QWidget)

from db.store import Store
from db.store.library import safe_name
from db.store.userdata import UserData
from desktop.services import topics as topic_service
from desktop.services.export.compilation import compile_topic

from .export_dialog import remember_dir, start_path
from .export_flow import ExportSpec, run_export
from .note_dialog import edit_note
from .place_mime import PLACE_MIME, place_of
from .plain import ask, inform, ok_cancel, plain_label, tip
from .session import LABELS, STORE, TOPICS, USERDATA

BOOKMARKS = topic_service.BOOKMARKS_TOPIC     # the default 专题: the bookmarks themselves (not a row of `topics`)
GONE = topic_service.GONE_NOTE
EntryIdRole = Qt.ItemDataRole.UserRole + 60
TopicRole = Qt.ItemDataRole.UserRole + 61
MIME = "application/x-plandesk-topic-entry"
GROUPS = (("按添加顺序", "manual"), ("按规划", "plan"), ("按年份", "year"), ("按平台", "platform"))


# ---- the topics and their entries, read from user data ----
def topic_list(userdata) -> list[dict]:
    """The default 专题「书签」 first, then the person's own (id None for 书签)."""
    n = len(userdata.bookmarks())
    return [dict(id=None, name=BOOKMARKS, n_entries=n)] + list(userdata.topics())


class TopicsModel(QAbstractListModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []

    def reload(self, userdata):
        self.beginResetModel()
        self.rows = topic_list(userdata)
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        t = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{t['name']}（{t['n_entries']}）"
        if role == Qt.ItemDataRole.ToolTipRole:
            return tip(t["name"])
        if role == TopicRole:
            return t
        return None

    def row_of(self, tid) -> int:
        return next((k for k, t in enumerate(self.rows) if t["id"] == tid), -1)

    # a place (a 目录 item, a search hit) dropped onto one of the person's topics joins it
    dropped = Signal(int, str)               # topic id, place id

    def flags(self, index):
        f = super().flags(index)
        if index.isValid() and self.rows[index.row()]["id"] is not None:
            f |= Qt.ItemFlag.ItemIsDropEnabled
        return f

    def mimeTypes(self):
        return [PLACE_MIME]

    def supportedDropActions(self):
        return Qt.DropAction.CopyAction

    def canDropMimeData(self, data, action, row, column, parent):
        return parent.isValid() and self.rows[parent.row()]["id"] is not None and place_of(data) is not None

    def dropMimeData(self, data, action, row, column, parent):
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        self.dropped.emit(self.rows[parent.row()]["id"], place_of(data))
        return True


class EntriesModel(QAbstractTableModel):
    """The chosen topic's entries in their order: 标题, 文件, 按语; a gone entry greyed.
    Rows move by drag (internal move, the entry's id in the mime data)."""
    HEADERS = ("标题", "文件", "按语")
    moved = Signal(int, int)          # entry id, new 0-based position

    def __init__(self, parent=None):
        super().__init__(parent)
        self.rows: list[dict] = []
        self.movable = False

    def reload(self, store, userdata, tid, labels: dict):
        self.beginResetModel()
        self.movable = tid is not None
        self.rows = []
        entries = topic_service.topic_entries(store, userdata, BOOKMARKS if tid is None else tid)[1] if store else []
        for e in entries:
            gone = topic_service.entry_state(store, e) == "gone"
            doc = e.get("document_id")
            self.rows.append(dict(e, gone=gone, doc_label=labels.get(doc) or e.get("document_title") or ""))
        self.endResetModel()

    def rowCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()):
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.HEADERS[section]
        return None

    def shown(self, e: dict, col: int) -> str:
        if col == 0:
            title = e["title"] + (f"：「{e['quote']}」" if e.get("quote") else "")
            return f"{title}（{GONE}）" if e["gone"] else title
        if col == 1:
            return e["doc_label"]
        return " ".join((e.get("note") or "").split())

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        e = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.shown(e, index.column())
        if role == Qt.ItemDataRole.ToolTipRole:
            text = e.get("note") if index.column() == 2 else (e.get("text") or e["title"])
            return tip((f"{GONE}\n" if e["gone"] else "") + (text or "")[:600])
        if role == Qt.ItemDataRole.ForegroundRole and e["gone"]:
            return QBrush(QPalette().color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text))
        if role == EntryIdRole:
            return e["id"]
        return None

    # ---- drag to reorder ----
    def flags(self, index):
        f = super().flags(index)
        if not self.movable:
            return f
        return f | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else f | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self):
        return Qt.DropAction.MoveAction

    def mimeTypes(self):
        return [MIME]

    def mimeData(self, indexes):
        md = QMimeData()
        rows = sorted({i.row() for i in indexes})
        if rows:
            md.setData(MIME, str(self.rows[rows[0]]["id"]).encode())
        return md

    def dropMimeData(self, data, action, row, column, parent):
        if not self.movable or not data.hasFormat(MIME):
            return False
        eid = int(bytes(data.data(MIME)).decode())
        if row < 0:
            row = parent.row() if parent.isValid() else len(self.rows)
        old = next((k for k, e in enumerate(self.rows) if e["id"] == eid), None)
        if old is None:
            return False
        new = row - 1 if row > old else row
        if new != old:
            self.moved.emit(eid, max(0, min(new, len(self.rows) - 1)))
        return False             # the page moves it in user data and reloads: nothing for the view to remove


# ---- adding a place to a topic, from any page ----
class TopicChooser(QDialog):
    """加入专题: the existing topics (the last used chosen) and 新建专题…"""
    NEW = "new"

    def __init__(self, userdata, what: str, parent=None):
        super().__init__(parent)
        self.setObjectName("topicChooser")
        self.setWindowTitle("加入专题")
        self.combo = QComboBox(self)
        self.combo.setObjectName("topicCombo")
        for t in userdata.topics():
            self.combo.addItem(t["name"], t["id"])
        self.combo.addItem("新建专题…", self.NEW)
        self.name = ""
        buttons = ok_cancel(self, "加入")
        lay = QVBoxLayout(self)
        lay.addWidget(plain_label(f"把「{what}」加入专题：", self))
        lay.addWidget(self.combo)
        lay.addWidget(buttons)
        self.setMinimumWidth(380)

    def chosen(self):
        """A topic id, or a new topic's name (asked for), or None."""
        tid = self.combo.currentData()
        if tid != self.NEW:
            return tid
        name, ok = QInputDialog.getText(self, "新建专题", "专题名称：")
        return name.strip() if ok and name.strip() else None


def choose_topic(parent, userdata, what: str):
    """Ask which topic: an id, a new name, or None (cancelled). Tests replace this."""
    dlg = TopicChooser(userdata, what, parent)
    if parent is not None:
        parent._dialog = dlg                     # kept for tests and screenshots
    return dlg.chosen() if dlg.exec() else None


def session_of(widget):
    return getattr(widget, "session", None) or widget.window().session


def make_topic(parent, userdata, name: str) -> int | None:
    try:
        return userdata.add_topic(name)
    except ValueError:
        inform(parent, "新建专题", f"已有名为「{name}」的专题。")
        return None


def add_to_topic(parent, session, place_id: str | None, quote: str | None = None) -> int | None:
    """加入专题…: the place (a section, 专栏, indicator row, statement, search unit; with
    `quote` a highlighted passage) into the topic the person chooses; the entry's id."""
    session = session or session_of(parent)
    entry = topic_service.entry_for(session.store, place_id, quote) if place_id else None
    if entry is None:
        inform(parent, "加入专题", "这里没有可以加入专题的内容。")
        return None
    choice = choose_topic(parent, session.userdata, entry["title"])
    if choice is None:
        return None
    tid = make_topic(parent, session.userdata, choice) if isinstance(choice, str) else choice
    if tid is None:
        return None
    eid = session.userdata.add_entry(tid, entry)
    session.tell(TOPICS)
    return eid


# ---- the page ----
class TopicsPage(QWidget):
    SHOWS = frozenset({STORE, TOPICS, USERDATA, LABELS})
    openTarget = Signal(str, list)           # place id, strings to highlight

    def __init__(self, session, parent=None):
        super().__init__(parent)
        self.setObjectName("topicsPage")
        self.session = session
        self.tid = None                      # None: 专题「书签」
        self.topics = TopicsModel(self)
        self.list = QListView(self)
        self.list.setObjectName("topicList")
        self.list.setModel(self.topics)
        self.list.selectionModel().currentChanged.connect(lambda idx, _: self._chosen(idx))
        self.list.setAcceptDrops(True)           # drag a 目录 item or a search hit onto a topic
        self.list.setDropIndicatorShown(True)
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.DropOnly)
        self.topics.dropped.connect(self.add_dropped)
        self.model = EntriesModel(self)
        self.model.moved.connect(self.move_to)
        self.view = QTableView(self)
        self.view.setObjectName("topicEntries")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.view.setDragEnabled(True)
        self.view.setDropIndicatorShown(True)
        self.view.setWordWrap(True)
        self.view.verticalHeader().hide()
        h = self.view.horizontalHeader()
        h.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        h.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        h.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.view.setColumnWidth(1, 180)
        self.view.doubleClicked.connect(lambda idx: self.open_entry(idx.row()))
        self.group = QComboBox(self)
        self.group.setObjectName("topicGroup")
        for text, key in GROUPS:
            self.group.addItem(text, key)
        self.title = plain_label("", self)
        self.title.setObjectName("topicTitle")
        self._layout()
        self.refresh(frozenset({STORE}))

    def add_dropped(self, tid: int, place_id: str) -> int | None:
        """A place dropped onto topic `tid`: it joins at the end; the entry's id."""
        entry = topic_service.entry_for(self.session.store, place_id)
        if entry is None:
            return None
        eid = self.session.userdata.add_entry(tid, entry)
        self.session.tell(TOPICS)
        return eid

    def _bar(self, parent, actions) -> QToolBar:
        """A row of commands that never widens the page: what does not fit goes behind »."""
        bar = QToolBar(parent)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        for text, slot, name in actions:
            act = bar.addAction(text, slot)
            act.setObjectName(name)
            self.acts[name] = act
        return bar

    def _layout(self):
        self.acts = {}
        left = QWidget(self)
        ll = QVBoxLayout(left)
        ll.setContentsMargins(0, 0, 0, 0)
        ll.addWidget(plain_label("专题", left))
        ll.addWidget(self.list, 1)
        ll.addWidget(self._bar(left, (("新建…", lambda: self.new_topic(), "topicNew"),
                                      ("重命名…", lambda: self.rename_topic(), "topicRename"),
                                      ("删除…", lambda: self.delete_topic(), "topicDelete"))))
        right = QWidget(self)
        rl = QVBoxLayout(right)
        rl.setContentsMargins(0, 0, 0, 0)
        rl.addWidget(self.title)
        rl.addWidget(self.view, 1)
        rl.addWidget(self._bar(right, (("打开", lambda: self.open_entry(self.current_row()), "entryOpen"),
                                       ("上移", lambda: self.step(-1), "entryUp"),
                                       ("下移", lambda: self.step(1), "entryDown"),
                                       ("按语…", lambda: self.edit_note(self.current_row()), "entryNote"),
                                       ("移除", lambda: self.remove(self.current_row()), "entryRemove"))))
        bar = self._bar(right, ())
        bar.addWidget(plain_label("分组：", bar))
        bar.addWidget(self.group)
        for text, slot, name in (("导出资料汇编…", lambda: self.export_word(), "topicExportWord"),
                                 ("导出 Markdown…", lambda: self.export_markdown(), "topicExportMd"),
                                 ("导出 CSV…", lambda: self.export_csv(), "topicExportCsv")):
            self.acts[name] = bar.addAction(text, slot)
            self.acts[name].setObjectName(name)
        rl.addWidget(bar)
        split = QSplitter(self)
        split.addWidget(left)
        split.addWidget(right)
        split.setStretchFactor(0, 0)
        split.setStretchFactor(1, 1)
        split.setSizes([200, 900])
        lay = QVBoxLayout(self)
        lay.addWidget(split)

    # ---- reading ----
    @property
    def userdata(self):
        return self.session.userdata

    def refresh(self, changes: frozenset = frozenset()) -> None:
        """Read the topics and the chosen one's entries again (kept chosen when it still is)."""
        self.topics.reload(self.userdata)
        row = self.topics.row_of(self.tid)
        if row < 0:
            self.tid, row = None, 0
        self.list.selectionModel().blockSignals(True)
        self.list.setCurrentIndex(self.topics.index(row))
        self.list.selectionModel().blockSignals(False)
        self._reload_entries()

    def _reload_entries(self, keep: int | None = None):
        self.model.reload(self.session.store, self.userdata, self.tid, self.session.plan_labels())
        t = self.topics.rows[self.topics.row_of(self.tid)] if self.topics.row_of(self.tid) >= 0 else None
        name = t["name"] if t else BOOKMARKS
        gone = sum(1 for e in self.model.rows if e["gone"])
        self.title.setText(f"专题「{name}」 · {len(self.model.rows)} 条" + (f" · {gone} 条{GONE}" if gone else ""))
        for name_ in ("entryUp", "entryDown"):
            self.acts[name_].setEnabled(self.tid is not None)
        if keep is not None:
            k = next((i for i, e in enumerate(self.model.rows) if e["id"] == keep), -1)
            if k >= 0:
                self.view.selectRow(k)
        self.view.resizeRowsToContents()

    def _chosen(self, idx):
        t = idx.data(TopicRole) if idx.isValid() else None
        self.tid = t["id"] if t else None
        self._reload_entries()

    def choose(self, name_or_id) -> None:
        """Show one topic (its id, or its name; 书签 or None for the bookmarks)."""
        tid = next((t["id"] for t in self.topics.rows if name_or_id in (t["id"], t["name"])), None)
        self.list.setCurrentIndex(self.topics.index(self.topics.row_of(tid)))

    def current_row(self) -> int:
        idx = self.view.currentIndex()
        return idx.row() if idx.isValid() else -1

    def entry(self, row: int) -> dict | None:
        return self.model.rows[row] if 0 <= row < len(self.model.rows) else None

    # ---- topics ----
    def new_topic(self, name: str | None = None) -> int | None:
        if name is None:
            name, ok = QInputDialog.getText(self, "新建专题", "专题名称：")
            if not ok:
                return None
        name = name.strip()
        if not name or name == BOOKMARKS:
            return None
        tid = make_topic(self, self.userdata, name)
        if tid is not None:
            self.tid = tid
            self.session.tell(TOPICS)
        return tid

    def rename_topic(self, name: str | None = None) -> None:
        if self.tid is None:
            inform(self, "重命名专题", "「书签」是默认专题，不能重命名。")
            return
        if name is None:
            old = self.userdata.topic(self.tid)["name"]
            name, ok = QInputDialog.getText(self, "重命名专题", "专题名称：", text=old)
            if not ok:
                return
        name = name.strip()
        if not name or name == BOOKMARKS:
            return
        try:
            self.userdata.rename_topic(self.tid, name)
        except ValueError:
            inform(self, "重命名专题", f"已有名为「{name}」的专题。")
            return
        self.session.tell(TOPICS)

    def delete_topic(self, confirm: bool = True) -> None:
        if self.tid is None:
            inform(self, "删除专题", "「书签」是默认专题，不能删除。")
            return
        t = self.userdata.topic(self.tid)
        if confirm and not ask(self, "删除专题", f"删除专题「{t['name']}」及其 {len(self.model.rows)} 条内容？"):
            return
        self.userdata.delete_topic(self.tid)
        self.tid = None
        self.session.tell(TOPICS)

    # ---- entries ----
    def open_entry(self, row: int) -> None:
        e = self.entry(row)
        if e is None:
            return
        if e["gone"]:
            inform(self, "打开", f"{GONE}：「{e['title']}」所在的规划已不在库中，条目保留了加入时的文字。")
            return
        self.openTarget.emit(e["target_id"], [e["quote"]] if e.get("quote") else [])

    def move_to(self, eid: int, position: int) -> None:
        if self.tid is None:
            return
        self.userdata.move_entry(eid, position)
        self.session.tell(TOPICS)
        self._reload_entries(keep=eid)

    def step(self, by: int) -> None:
        row = self.current_row()
        e = self.entry(row)
        if e is None or self.tid is None or not 0 <= row + by < len(self.model.rows):
            return
        self.move_to(e["id"], row + by)

    def edit_note(self, row: int, note: str | None = None) -> None:
        e = self.entry(row)
        if e is None:
            return
        if note is None:
            note = edit_note(self, "按语", e.get("note") or "", prompt=f"「{e['title']}」的按语：")
            if note is None:
                return
        if self.tid is None:
            self.userdata.set_note(e["id"], note)
            self.session.tell(USERDATA, TOPICS)
        else:
            self.userdata.set_entry_note(e["id"], note)
            self.session.tell(TOPICS)
        self._reload_entries(keep=e["id"])

    def remove(self, row: int, confirm: bool = True) -> None:
        e = self.entry(row)
        if e is None or (confirm and not ask(self, "移除", f"从专题中移除「{e['title']}」？")):
            return
        if self.tid is None:
            self.userdata.delete(e["id"])
            self.session.tell(USERDATA, TOPICS)
        else:
            self.userdata.remove_entry(e["id"])
            self.session.tell(TOPICS)

    # ---- export ----
    def topic_name(self) -> str:
        return BOOKMARKS if self.tid is None else self.userdata.topic(self.tid)["name"]

    def export_word(self, path: str | None = None) -> str | None:
        """导出资料汇编…: the topic in 公文 format (title, 目录, entries grouped, citations,
        按语 in 楷体, a cover) through the one export flow."""
        if not self.model.rows:
            inform(self, "导出资料汇编", "这个专题还没有内容。")
            return None
        name, group = self.topic_name(), self.group.currentData()
        spec = ExportSpec("导出资料汇编", "docx", f"导出专题「{name}」的 {len(self.model.rows)} 条内容（公文格式）",
                          safe_name(f"{name} 资料汇编") + ".docx", f"{name}资料汇编", f"{name}资料汇编")
        store_path, user_path, key = self.session.store.path, self.userdata.path, self.tid or name

        def write(path, title, signed, progress):
            cover = dict(author=signed.get("author", ""), unit=signed.get("company", ""))     # dated today
            with Store(store_path) as db:            # one connection per thread
                ud = UserData(user_path, keep_backups=False)
                try:
                    return compile_topic(db, key, ud, path, group=group, cover=cover, progress=progress,
                                         title=title, overwrite=True)
                finally:
                    ud.close()

        return run_export(self, spec, write, path)

    def export_markdown(self, path: str | None = None) -> str | None:
        name = self.topic_name()
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "导出 Markdown", start_path(safe_name(name) + ".md"),
                                                  "Markdown (*.md)")
            if not path:
                return None
            remember_dir(path)
        text = topic_service.topic_markdown(self.session.store, self.userdata, self.tid or name,
                                            group=self.group.currentData())
        Path(path).write_text(text, encoding="utf-8")
        return path

    def export_csv(self, path: str | None = None) -> str | None:
        name, group = self.topic_name(), self.group.currentData()
        spec = ExportSpec("导出 CSV", "csv", "", safe_name(name) + ".csv")
        store_path, user_path, key = self.session.store.path, self.userdata.path, self.tid or name

        def write(path, title, signed, progress):
            with Store(store_path) as db:
                ud = UserData(user_path, keep_backups=False)
                try:
                    rows = topic_service.topic_csv(db, ud, key, group=group)
                finally:
                    ud.close()
            with open(path, "w", newline="", encoding="utf-8-sig") as f:
                csv.writer(f).writerows(rows)
            return path

        return run_export(self, spec, write, path)
