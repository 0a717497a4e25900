"""The main window: outline, reader, search and bookmarks, restored as they were left."""
from __future__ import annotations

import html
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QInputDialog, QMainWindow, QMenu, QMessageBox,
                               QTabWidget, QTreeView)

from db import paths
from db.citation import cite
from db.place import BOX, DOCUMENT, SECTION, Place
from db.store.trust import Untrusted
from db.store.userdata import backups

from ..services.update import stage_reindex, stage_update, state
from . import settings as st
from .errors import warn
from .export_dialog import last_dir
from .first_run import stage_job
from .jobs import run_with_progress
from .note_dialog import NoteDialog
from .outline_model import OutlineModel, TargetRole
from .pages import PAGES, PANELS, refresh_page
from .plain import ElidedLabel, alert, ask, inform, literal, message_box
from .search_panel import SearchPanel
from .session import GAZETTEER, USERDATA, DataSession
from .compare_view import CompareView
from .about import AboutDialog
from .import_dialog import ImportPreview
from ..services.importing import examine, stage_import
from ..services.importing import stage_remove

# keys that are not a menu's action (the rest of the F1 list is read from the actions themselves)
OTHER_KEYS = [("Enter", "打开第一条（或所选）结果（搜索框中）"), ("↑ / ↓", "目录中逐项阅读（阅读页跟随）")]
# before the window manager has framed the window its frame is unknown: at most this much (width, height)
FRAME_ALLOWANCE = (16, 48)


class MainWindow(QMainWindow):
    """The window over one DataSession (made here from a data folder, or given): the
    docks, the pages (pages.PAGES), the menus; what the session says changed reaches
    the views that show it (`views`: each with the data it shows and how it refreshes)."""

    def __init__(self, data):
        super().__init__()
        self.session = data if isinstance(data, DataSession) else DataSession(Path(data))
        self.session.setParent(self)
        self.data = self.session.data
        self.setWindowTitle("PlanDesk · 重庆开放平台规划")
        self.setAcceptDrops(True)

        self.outline_model = OutlineModel(self.store, self, labels=self.session.plan_labels)
        self.outline = QTreeView(self)
        self.outline.setObjectName("outline")
        self.outline.setModel(self.outline_model)
        self.outline.setHeaderHidden(True)
        self.outline.setDragEnabled(True)             # a section or 专栏 dragged onto a 专题 joins it
        self.outline.setDragDropMode(QTreeView.DragDropMode.DragOnly)
        self.outline.clicked.connect(self._outline_clicked)
        self.outline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.outline.customContextMenuRequested.connect(self._outline_menu)
        self.outline.activated.connect(self._outline_clicked)
        self._follow = QTimer(self, singleShot=True, interval=150)     # arrow keys: the reader follows
        self._follow.timeout.connect(lambda: self._outline_clicked(self.outline.currentIndex()))
        self.outline.selectionModel().currentChanged.connect(lambda *_: self._outline_moved())
        self.dock_outline = self._dock("目录", "dockOutline", self.outline, Qt.DockWidgetArea.LeftDockWidgetArea)

        self.search = SearchPanel(self.data, self.store.documents(), self.userdata, self,
                                  cite=lambda uid: cite(self.store, uid), labels=self.session.plan_labels)
        self.search.openHit.connect(self.open_hit)
        self._wire_index_rebuild()
        self.session.on_release(self.search.release)
        self.dock_search = self._dock("搜索", "dockSearch", self.search, Qt.DockWidgetArea.RightDockWidgetArea)

        self._pages()
        self.compare = None
        self.views = [(getattr(self, name), shows, refresh) for name, shows, refresh in PANELS] + \
            [(spec.view(self), spec.shows, spec.refresh) for spec in PAGES]
        self.session.changed.connect(self._changed)
        self.status = ElidedLabel("")          # names the plan and place read: as written, never widening the window
        self.status.setObjectName("statusText")
        self.statusBar().addWidget(self.status, 1)
        self._actions()
        self._restore()
        self.show_page(self.home)              # what an official sees first
        self._update_status()

    @property
    def store(self):
        return self.session.store

    @property
    def userdata(self):
        return self.session.userdata

    def _pages(self):
        """The lists an official reads whole are pages of the central area, not docks."""
        self.pages = QTabWidget(self)
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        for spec in PAGES:
            page = spec.make(self)
            setattr(self, spec.name, page)
            self.pages.addTab(page, spec.title)
        self.pages.currentChanged.connect(lambda _: self._update_status())
        self.setCentralWidget(self.pages)

    def _changed(self, changes: frozenset):
        """The session changed `changes`: each view showing one of them refreshes."""
        for view, shows, refresh in self.views:
            if changes & shows:
                refresh(self, view, changes)
        self._update_status()

    def _dock(self, title, name, widget, area):
        d = QDockWidget(title, self)
        d.setObjectName(name)
        d.setWidget(widget)
        self.addDockWidget(area, d)
        return d

    # ---- actions and shortcuts ----
    def _act(self, menu, text, keys, slot, name):
        a = QAction(text, self)
        a.setObjectName(name)
        if keys:
            a.setShortcuts([QKeySequence(k) for k in ([keys] if isinstance(keys, (str, QKeySequence.StandardKey)) else keys)])
        a.triggered.connect(slot)
        menu.addAction(a)
        self.addAction(a)
        return a

    def _actions(self):
        mb = self.menuBar()
        m = mb.addMenu("文件")
        self._act(m, "导入规划…", "Ctrl+O", lambda: self.import_plans(), "actImport")
        self._act(m, "重新建立数据", None, self.rebuild, "actRebuild")
        self.act_export = self._act(m, "导出专栏到 Word…", "Ctrl+E", self.export_boxes, "actExport")
        self._act(m, "导出当前专栏…", None, self.export_current_box, "actExportCurrent")
        m.addSeparator()
        self._act(m, "打印…", "Ctrl+P", self.reader.print_, "actPrint")
        self._act(m, "打印预览…", None, lambda: self.reader.print_preview(), "actPrintPreview")
        self._act(m, "另存为 PDF…", None, lambda: self.reader.save_pdf(), "actPdf")
        m.addSeparator()
        self._act(m, "退出", "Ctrl+Q", self.close, "actQuit")
        m = mb.addMenu("编辑")
        self._act(m, "搜索", "Ctrl+F", self.search.focus, "actFind")
        self._act(m, "下一个匹配", "F3", self.reader.next_match, "actNext")
        self._act(m, "上一个匹配", "Shift+F3", self.reader.prev_match, "actPrev")
        self._act(m, "复制并附出处", "Ctrl+Shift+C", self.reader.copy_with_citation, "actCite")
        m = mb.addMenu("查看")
        self._act(m, "后退", "Alt+Left", self.reader.back, "actBack")
        self._act(m, "前进", "Alt+Right", self.reader.forward, "actForward")
        for a, name in ((self.reader.act_prev_section, "actPrevSection"), (self.reader.act_next_section, "actNextSection")):
            a.setObjectName(name)          # the reader's own actions (its buttons show them too)
            m.addAction(a)
        self._act(m, "放大", ["Ctrl++", "Ctrl+="], self.reader.zoom_in, "actZoomIn")
        self._act(m, "缩小", "Ctrl+-", self.reader.zoom_out, "actZoomOut")
        self._act(m, "默认大小", "Ctrl+0", lambda: self.reader.set_zoom(1.0), "actZoomReset")
        self._act(m, "原文行号", "Ctrl+L", self.reader.toggle_lines, "actLines")
        m.addSeparator()
        for d in (self.dock_outline, self.dock_search):
            m.addAction(d.toggleViewAction())
        m.addSeparator()
        for k, spec in enumerate(PAGES):
            self._act(m, spec.title, spec.shortcut, lambda _=False, s=spec: self.show_page(s.view(self)),
                      f"actPage{k + 1}")
        m = mb.addMenu("对比")
        self._act(m, "开放平台定位对比…", "Ctrl+K", self.open_compare, "actCompare")
        self._act(m, "指标与目标", "Ctrl+I", self.open_indicators, "actIndicators")
        m = mb.addMenu("书签")
        self._act(m, "加书签…", "Ctrl+D", self.add_bookmark_asking, "actBookmark")
        self._act(m, "加入专题…", "Ctrl+Shift+T", self.add_to_topic, "actAddToTopic")
        self._act(m, "从备份恢复…", None, self.restore_userdata, "actRestoreUser")
        m = mb.addMenu("帮助")
        self._act(m, "快捷键", "F1", self.show_shortcuts, "actHelp")
        self._act(m, "关于与诊断…", None, self.show_about, "actAbout")

    def export_boxes(self):
        """Ctrl+E: the ticked 专栏 if any, else the one being read, else open the list."""
        if self.boxes.model.selected_ids():
            return self.boxes.export_selected()
        if self.reader.target and self.store.box(self.reader.target):
            return self.boxes.export([self.reader.target])
        self.show_page(self.boxes)
        inform(self, "导出专栏", "请在“专栏”页中勾选要导出的专栏，或打开一个专栏后按 Ctrl+E。")
        return None

    def export_current_box(self):
        if self.reader.target and self.store.box(self.reader.target):
            return self.boxes.export([self.reader.target])
        inform(self, "导出专栏", "当前显示的不是专栏。")
        return None

    def open_compare(self):
        if self.compare is None:
            self.compare = CompareView(self.session, self)
            self.compare.setWindowFlag(Qt.WindowType.Window, True)
            self.compare.openSource.connect(self._open_from_compare)
            self.compare.gazetteerChanged.connect(self.reread_positionings)
            self.views.append((self.compare, CompareView.SHOWS, refresh_page))
        self.compare.show()
        self.compare.raise_()
        return self.compare

    def open_indicators(self):
        self.pages.setCurrentWidget(self.indicators)
        self.indicators.ensure_loaded()
        return self.indicators

    def _open_from_page(self, target, highlights):
        self.reader.go_to(target, highlights)

    def _open_from_compare(self, target, highlights):
        self._open_from_page(target, highlights)
        self.raise_()
        self.activateWindow()

    def shortcuts(self) -> list[tuple[str, str]]:
        """(keys, what) for every action of the menus that has a shortcut, the keys written
        as the menus write them, then the keys that belong to no menu."""
        out = []
        for a in self.actions() + [self.reader.act_prev_section, self.reader.act_next_section]:
            keys = [k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts()]
            if keys and a.text():
                out.append((" / ".join(keys), a.text().replace("&", "").rstrip("…")))
        return out + OTHER_KEYS

    def show_shortcuts(self):
        rows = "".join(f"<tr><td><b>{html.escape(k)}</b></td><td>&nbsp;&nbsp;{html.escape(v)}</td></tr>"
                       for k, v in self.shortcuts())
        box = QMessageBox(self)
        box.setObjectName("shortcutsBox")
        box.setWindowTitle("快捷键")
        box.setTextFormat(Qt.TextFormat.RichText)      # the program's own words only
        box.setText(f"<table>{rows}</table>")
        box.setModal(False)
        box.show()
        self._help = box
        return box

    # ---- navigation ----
    def _outline_clicked(self, idx):
        t = idx.data(TargetRole)
        if t and t == self.reader.target:
            self.show_page(self.reader)
        elif t:
            self.reader.go_to(t)

    def _outline_moved(self):
        """The outline's current item moved by keys (not by the reader saying where it is)."""
        if self.outline.hasFocus():
            self._follow.start()

    def open_hit(self, target: str, highlights: list):
        p = Place.parse(target)
        self.reader.go_to(p.opens.id if p else target, highlights)       # a plan's opening words: the plan

    def _navigated(self, target: str):
        self.pages.setCurrentWidget(self.reader)       # whatever opened a passage, the reader shows it
        idx = self.outline_model.index_of(target)
        if idx.isValid():
            self.outline.setCurrentIndex(idx)
            self.outline.scrollTo(idx)
        self._update_status()

    def _update_status(self):
        """What the user needs: the plan and place being read, how much there is."""
        if self.store is None:
            return
        t = self.reader.target or ""
        where = ""
        if self.pages.currentWidget() is self.reader and t:
            where = self.reader.citation() or ""
            if self.userdata.find(t):
                where = "★ 已加书签 · " + where
        n_docs = len(self.store.documents())
        marks = self.userdata.bookmarks()
        n_hl = sum(1 for b in marks if b["kind"] == "highlight")
        counts = f"{n_docs} 份规划 · 书签 {len(marks) - n_hl} · 高亮与批注 {n_hl}"
        self.status.setText(f"{where}　　{counts}" if where else counts)

    def show_page(self, widget):
        self.pages.setCurrentWidget(widget)
        return widget

    def open_bookmark(self, bid: int):
        b = self.userdata.bookmark(bid)
        if b:
            self.show_page(self.bookmarks)
            self.bookmarks.select(bid)
            self._jump(b["target_id"], b.get("quote"))

    def _jump(self, target: str, quote: str | None = None):
        self.reader.go_to(target, [quote] if quote else None)

    def show_about(self):
        dlg = AboutDialog(self.data, self.store, self)
        dlg.rebuildIndex.connect(lambda: self.search.request_rebuild("按要求重建搜索索引"))
        dlg.setModal(False)
        dlg.show()
        self._about = dlg
        return dlg

    # ---- bookmarks ----
    def add_bookmark_asking(self, answer=None) -> int | None:
        """Ctrl+D: a bookmark on the section or 专栏 read, with an optional 备注 asked for
        (`answer(dialog)` stands in for the person in tests: True is 确定)."""
        t = self.reader.target
        at = self.store.place(t) if t else None
        if at is None or at.kind not in (SECTION, BOX) or self.userdata.find(t):
            return self.add_bookmark()              # says why not, or selects the one there is
        rec = at.record
        dlg = NoteDialog("加书签", "", self, prompt=f"书签：{rec['label']} {rec['title']}".strip() + "\n备注（可不填）：")
        self._dialog = dlg
        if not (answer(dlg) if answer else dlg.exec()):
            return None
        return self.add_bookmark(dlg.text())

    def add_to_topic(self) -> int | None:
        """Ctrl+Shift+T: the passage selected in the reader, else the section or 专栏 read,
        into a 专题 (the other pages add theirs from their context menus)."""
        if not self.reader.target:
            inform(self, "加入专题", "请先打开要加入专题的章节或专栏，或在各页右键选择“加入专题…”。")
            return None
        return self.reader.add_to_topic()

    def add_bookmark(self, note: str = "") -> int | None:
        t = self.reader.target
        if not t:
            return None
        at = self.store.place(t)
        if at is None or at.kind not in (SECTION, BOX):
            inform(self, "加书签", "只能为章节或专栏加书签。")
            return None
        existing = self.userdata.find(t)
        if existing:
            self.bookmarks.select(existing["id"])
            return existing["id"]
        rec, doc = at.record, at.document
        title = f"{rec['label']} {rec['title']}".strip()
        bid = self.userdata.add(t, at.kind, title, doc["id"], doc["short_title"], note=note or "")
        self.session.tell(USERDATA)
        self.bookmarks.select(bid)
        return bid

    # ---- user data ----
    def _tell_userdata(self, notice: str):
        box = message_box(self, QMessageBox.Icon.Warning, "书签数据", notice)      # it may name a folder
        box.setObjectName("userdataNotice")
        ok = box.addButton("知道了", QMessageBox.ButtonRole.AcceptRole)
        again = box.addButton("从备份恢复…", QMessageBox.ButtonRole.ActionRole) if backups(self.userdata.path) else None
        box.exec()
        if again is not None and box.clickedButton() is again:
            self.restore_userdata()
        return ok

    def restore_userdata(self, choice: str | None = None) -> bool:
        """Put one of user.sqlite's rolling backups back (the current file is kept aside)."""
        path = paths.user_db(self.data)
        found = backups(path)
        if not found:
            inform(self, "从备份恢复", "还没有书签数据的备份（每天第一次打开时自动备份）。")
            return False
        names = [f"{p.name}（{datetime.fromtimestamp(p.stat().st_mtime):%Y-%m-%d %H:%M}）" for p in found]
        if choice is None:
            choice, ok = QInputDialog.getItem(self, "从备份恢复", "选择要恢复的备份（当前数据会另存一份）：", names, 0, False)
            if not ok:
                return False
        src = found[names.index(choice)] if choice in names else next(p for p in found if p.name == choice)
        try:
            self.session.restore_userdata(src)
        except Untrusted as e:               # the backup changed since it was listed
            alert(self, "从备份恢复", f"{src.name} 未通过校验，没有恢复：{e}")
            return False
        if not state(self.data).store:          # the restored gazetteer differs: read the statements again
            self.reread_positionings()
        return True

    # ---- data ----
    def rebuild(self, corpus=None) -> str:
        """Build the store and index anew (from `corpus`, else the one the store was
        built from); the new pair replaces the old only when both are complete."""
        out = self.session.run_staged(stage_job(self.data, corpus, force=True), "重新建立数据", "正在解析规划文本…",
                                      parent=self)
        if out.state == "failed":
            warn(self, "重新建立数据", f"建立失败，原有数据未改动：\n{out.message}")
        return out.state

    # ---- importing and removing plans ----
    IMPORT_FILTER = "规划文件 (*.docx *.doc *.wps *.pdf *.ofd *.html *.htm *.txt *.md);;所有文件 (*)"

    def import_plans(self, files: list[str] | None = None, preview=None) -> str:
        """Ask for files (or take dropped ones), parse them in the background, show
        what they hold, and import on 导入. `preview(dialog)` stands in for the
        person in tests. Returns done / cancelled / failed / nothing."""
        if not files:
            start = st.get("import/dir", "")
            start = start if start and Path(start).is_dir() else last_dir()
            files, _ = QFileDialog.getOpenFileNames(self, "导入规划", start, self.IMPORT_FILTER)
            if not files:
                return "nothing"
        st.put("import/dir", str(Path(files[0]).parent))
        out = run_with_progress(lambda p: examine(self.data, files, p, isolated=True), self, "导入规划", "正在解析…")
        if out.state != "done":
            return self._failed("导入规划", out)
        dlg = ImportPreview(out.result, self)
        if not (preview(dlg) if preview else dlg.exec()):
            return "cancelled"
        chosen, replace = dlg.importable(), dlg.replace.isChecked()
        state = self.run_staged(lambda p: stage_import(self.data, chosen, replace, p), "导入规划", "正在导入…")
        if state == "done":
            done = [c for c in chosen if c.status in ("imported", "replaced")]
            self.status.setText(f"已导入 {len(done)} 份规划")
        return state

    def remove_plan(self, doc_id: str, confirm=True) -> str:
        d = self.store.document(doc_id)
        if d is None or d.get("origin") != "imported":
            return "nothing"
        if confirm and not ask(self, "移除规划", f"移除导入的《{d['short_title']}》？\n书签会保留，并标记为原文已不存在。"):
            return "cancelled"
        return self.run_staged(lambda p: stage_remove(self.data, doc_id, p), "移除规划", "正在移除…")

    def reread_positionings(self) -> str:
        """The user accepted, merged or rejected a platform found in the plans: read the
        plans' statements again (the texts and the search index stay as they are)."""
        state = self.run_staged(lambda p: stage_update(self.data, progress=p), "审核平台", "正在按审核结果重新整理定位表述…",
                                also=(GAZETTEER,))
        if state == "done":
            self.status.setText("已按审核结果重新整理定位表述")
        return state

    def run_staged(self, fn, title: str, label: str, also=()) -> str:
        """fn(progress) -> PendingUpdate through the session's one run_staged (progress and
        cancel, then release, install, reload); a failure is told here."""
        return self._failed(title, self.session.run_staged(fn, title, label, parent=self, also=also))

    def _wire_index_rebuild(self):
        """The search panel asks for its index to be rebuilt; the session runs it in the
        background (searches go on meanwhile), the panel is told how it ended."""
        self.search.rebuildIndexRequested.connect(self.rebuild_index)

    def rebuild_index(self, why: str = ""):
        """Stage the index anew in the background and put it in place; when it is in,
        the session says INDEX changed (the panel reopens it), a failure is told to the panel."""
        def ended(out):
            if out.state == "failed":
                self.search.index_rebuilt(out.message)
        return self.session.run_staged(lambda p: stage_reindex(self.data, p), background=True, then=ended)

    def _failed(self, title: str, out) -> str:
        """A failed outcome told in one line; the state returned."""
        if out.state == "failed":
            warn(self, title, f"没有完成，原有数据未改动：\n{out.message}")
        return out.state

    def dragEnterEvent(self, e):
        if e.mimeData().hasUrls() and any(u.isLocalFile() for u in e.mimeData().urls()):
            e.acceptProposedAction()

    def dropEvent(self, e):
        files = [u.toLocalFile() for u in e.mimeData().urls() if u.isLocalFile()]
        if files:
            e.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_plans(files))

    def _outline_menu(self, pos):
        idx = self.outline.indexAt(pos)
        p = Place.parse(idx.data(TargetRole)) if idx.isValid() else None
        if p is None or p.kind != DOCUMENT:
            return
        d = self.store.document(p.doc)
        menu = QMenu(self)
        rename = menu.addAction("重命名…")
        a = menu.addAction("移除此规划…")
        a.setEnabled(bool(d) and d.get("origin") == "imported")
        if not a.isEnabled():
            a.setText("移除此规划（随程序提供的规划不能移除）")
        chosen = menu.exec(self.outline.viewport().mapToGlobal(pos))
        if chosen is a:
            self.remove_plan(p.doc)
        elif chosen is rename:
            self.rename_plan(p.doc)

    def rename_plan(self, doc_id: str, name: str | None = None) -> str | None:
        """The short name lists and columns show for a plan (kept in user data; citations
        keep its title). Empty: back to the name made from its title. `name` stands in for
        the person in tests."""
        d = self.store.document(doc_id)
        if d is None:
            return None
        if name is None:
            name, ok = QInputDialog.getText(self, "重命名规划", literal(f"《{d['title']}》\n在目录、列表和图表中显示为（留空则恢复默认）："),
                                            text=self.session.plan_label(doc_id))
            if not ok:
                return None
        self.session.rename_plan(doc_id, name)
        return self.session.plan_label(doc_id)

    # ---- state ----
    def _first_size(self):
        """All of a laptop's screen (below 1440 px wide), 85 % of a larger one (up to
        1600×1000), its frame and title bar counted; centred on it."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None:
            self.resize(1280, 760)
            return
        fw, fh = FRAME_ALLOWANCE
        small = screen.width() < 1440
        w = screen.width() - fw if small else min(1600, int(screen.width() * 0.85))
        h = screen.height() - fh if small else min(1000, int(screen.height() * 0.85))
        self.resize(w, h)
        self.move(screen.x() + (screen.width() - w - fw) // 2, screen.y() + (screen.height() - h - fh) // 2)

    def fit_screen(self):
        """The window, frame and title bar counted, inside the screen's available area
        (a size saved on a larger monitor, or a frame taller than allowed for)."""
        if self.isMaximized() or self.isFullScreen() or self.screen() is None:
            return
        s, f = self.screen().availableGeometry(), self.frameGeometry()
        if s.contains(f):
            return
        dw, dh = f.width() - self.width(), f.height() - self.height()
        w, h = min(self.width(), s.width() - dw), min(self.height(), s.height() - dh)
        self.resize(w, h)
        x = min(max(f.x(), s.x()), s.x() + s.width() - (w + dw))
        y = min(max(f.y(), s.y()), s.y() + s.height() - (h + dh))
        self.move(x, y)

    def _restore(self):
        g = st.get("window/geometry", None)
        if isinstance(g, QByteArray) and not g.isEmpty():
            self.restoreGeometry(g)
        if not (isinstance(g, QByteArray) and not g.isEmpty()) or self.width() < 640 or self.height() < 400:
            self._first_size()              # no saved size, or one too small to read in
        self._placed = self.size()          # fitted to the screen at first show unless resized since
        s = st.get("window/state", None)
        if isinstance(s, QByteArray) and not s.isEmpty():
            self.restoreState(s)
        else:
            self._fresh_layout = True
        last = st.get("reader/last", "")
        at = self.store.place(last) if last else None
        if at is not None and at.kind in (DOCUMENT, SECTION, BOX):
            self.reader.go_to(last)
        else:
            docs = self.store.documents()
            if docs:
                self.reader.go_to(Place.document(docs[0]["id"]).id)

    def showEvent(self, e):
        super().showEvent(e)
        if getattr(self, "_placed", None) == self.size():     # placed by _restore: fit once framed
            self._placed = None
            QTimer.singleShot(0, self.fit_screen)
            QTimer.singleShot(300, self.fit_screen)
        if self.session.userdata_notice:
            notice, self.session.userdata_notice = self.session.userdata_notice, None
            QTimer.singleShot(0, lambda: self._tell_userdata(notice))
        if getattr(self, "_fresh_layout", False):
            self._fresh_layout = False
            t = QTimer(self)
            t.setSingleShot(True)
            t.timeout.connect(self._default_docks)
            t.start(0)

    def _default_docks(self):
        w = self.width()
        self.resizeDocks([self.dock_outline, self.dock_search], [int(w * 0.2), int(w * 0.24)],
                         Qt.Orientation.Horizontal)

    def save_state(self):
        st.put("window/geometry", self.saveGeometry())
        st.put("window/state", self.saveState())

    def closeEvent(self, e):
        self.save_state()
        self.search.shutdown()
        super().closeEvent(e)
