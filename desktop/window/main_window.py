"""The main window: outline, reader, search and bookmarks, restored as they were left."""
from __future__ import annotations

from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QByteArray, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QDockWidget, QFileDialog, QInputDialog, QMainWindow, QMenu, QMessageBox,
                               QTabWidget, QTreeView)

from db import paths
from db.store import Store, open_userdata
from db.store.userdata import backups, restore

from . import settings as st
from .bookmarks_panel import BookmarksPanel
from .errors import warn
from .boxes_browser import BoxesBrowser
from .first_run import BuildDialog
from .home_page import HomePage
from .indicators_view import IndicatorsView
from .jobs import run_with_progress
from .outline_model import OutlineModel, TargetRole
from .plain import alert, ask, inform, message_box, plain_label
from .reader import Reader
from .search_panel import SearchPanel

SHORTCUTS = [
    ("Ctrl+F", "搜索"), ("Enter", "打开第一条（或所选）结果"), ("F3 / Shift+F3", "下一个 / 上一个匹配"),
    ("Ctrl+D", "为当前章节或专栏加书签"), ("Ctrl+E", "导出所选（或当前）专栏到 Word"),
    ("Ctrl+K", "开放平台定位对比"), ("Ctrl+I", "指标与目标（各规划对比）"),
    ("Alt+← / Alt+→", "后退 / 前进"), ("Ctrl++ / Ctrl+-", "放大 / 缩小"), ("Ctrl+0", "恢复默认大小"),
    ("Ctrl+Shift+C", "复制所选文字并附出处"), ("Ctrl+L", "显示 / 隐藏原文行号"), ("Ctrl+P", "打印"),
    ("F1", "本帮助"),
]


class MainWindow(QMainWindow):
    storeChanged = Signal(object)      # the new Store, after a rebuild: each panel refreshes itself

    def __init__(self, data: Path):
        super().__init__()
        self.data = Path(data)
        self.setWindowTitle("PlanDesk · 重庆开放平台规划")
        self.setAcceptDrops(True)
        self.store = Store(paths.plans_db(self.data))
        self.userdata, self.userdata_notice = open_userdata(paths.user_db(self.data))
        docs = self.store.documents()

        self.reader = Reader(self.store, self)
        self.reader.set_userdata(self.userdata)
        self.reader.highlightsChanged.connect(self._userdata_changed)

        self.outline_model = OutlineModel(self.store, self)
        self.outline = QTreeView(self)
        self.outline.setObjectName("outline")
        self.outline.setModel(self.outline_model)
        self.outline.setHeaderHidden(True)
        self.outline.clicked.connect(self._outline_clicked)
        self.outline.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.outline.customContextMenuRequested.connect(self._outline_menu)
        self.outline.activated.connect(self._outline_clicked)
        self.dock_outline = self._dock("目录", "dockOutline", self.outline, Qt.DockWidgetArea.LeftDockWidgetArea)

        self.search = SearchPanel(self.data, docs, self.userdata, self)
        self.search.openHit.connect(self.open_hit)
        self.dock_search = self._dock("搜索", "dockSearch", self.search, Qt.DockWidgetArea.RightDockWidgetArea)

        self._pages()
        self.compare = None

        for slot in (self.outline_model.reload, self.reader.reload_store, self.bookmarks.model.set_store,
                     self.boxes.set_store, self.search.set_store, self.indicators.set_store, self.home.set_store):
            self.storeChanged.connect(slot)
        self.reader.navigated.connect(self._navigated)
        self.status = plain_label("")          # names the plan and place read: shown as written
        self.status.setObjectName("statusText")
        self.statusBar().addWidget(self.status, 1)
        self._actions()
        self._restore()
        self.show_page(self.home)              # what an official sees first
        self._update_status()

    def _pages(self):
        """The lists an official reads whole are pages of the central area, not docks."""
        self.home = HomePage(self.store, self.userdata, self)
        self.home.openTarget.connect(lambda t: self.reader.show(t))
        self.home.openBookmark.connect(self.open_bookmark)
        self.home.runSearch.connect(self.search.run_query)
        self.home.openPage.connect(lambda name: self.show_page(getattr(self, name)))
        self.bookmarks = BookmarksPanel(self.userdata, self.store, self)
        self.bookmarks.jump.connect(self._jump)
        self.bookmarks.changed.connect(self._userdata_changed)
        self.boxes = BoxesBrowser(self.store, self.userdata, self)
        self.boxes.openBox.connect(lambda t: self.reader.show(t))
        self.indicators = IndicatorsView(self.store, self)
        self.indicators.openSource.connect(self._open_from_page)
        self.pages = QTabWidget(self)
        self.pages.setObjectName("pages")
        self.pages.setDocumentMode(True)
        for w, name in ((self.home, "首页"), (self.reader, "阅读"), (self.boxes, "专栏"),
                        (self.bookmarks, "书签与批注"), (self.indicators, "指标")):
            self.pages.addTab(w, name)
        self.pages.currentChanged.connect(lambda _: self._update_status())
        self.setCentralWidget(self.pages)

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
        self._act(m, "放大", ["Ctrl++", "Ctrl+="], self.reader.zoom_in, "actZoomIn")
        self._act(m, "缩小", "Ctrl+-", self.reader.zoom_out, "actZoomOut")
        self._act(m, "默认大小", "Ctrl+0", lambda: self.reader.set_zoom(1.0), "actZoomReset")
        self._act(m, "原文行号", "Ctrl+L", self.reader.toggle_lines, "actLines")
        m.addSeparator()
        for d in (self.dock_outline, self.dock_search):
            m.addAction(d.toggleViewAction())
        m.addSeparator()
        for k, (w, text) in enumerate(((self.home, "首页"), (self.reader, "阅读"), (self.boxes, "专栏"),
                                       (self.bookmarks, "书签与批注"), (self.indicators, "指标"))):
            self._act(m, text, f"Ctrl+{k + 1}", lambda _=False, w=w: self.show_page(w), f"actPage{k + 1}")
        m = mb.addMenu("对比")
        self._act(m, "开放平台定位对比…", "Ctrl+K", self.open_compare, "actCompare")
        self._act(m, "指标与目标", "Ctrl+I", self.open_indicators, "actIndicators")
        m = mb.addMenu("书签")
        self._act(m, "加书签", "Ctrl+D", self.add_bookmark, "actBookmark")
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
        from .compare_view import CompareView
        if self.compare is None:
            self.compare = CompareView(self.store, self, self.userdata)
            self.compare.setWindowFlag(Qt.WindowType.Window, True)
            self.compare.resize(1200, 760)
            self.compare.openSource.connect(self._open_from_compare)
            self.storeChanged.connect(self.compare.set_store)
            self.compare.gazetteerChanged.connect(self.reread_positionings)
        self.compare.show()
        self.compare.raise_()
        return self.compare

    def open_indicators(self):
        self.pages.setCurrentWidget(self.indicators)
        self.indicators.ensure_loaded()
        return self.indicators

    def _open_from_page(self, target, highlights):
        self.reader.show(target, highlights)

    def _open_from_compare(self, target, highlights):
        self._open_from_page(target, highlights)
        self.raise_()
        self.activateWindow()

    def show_shortcuts(self):
        rows = "".join(f"<tr><td><b>{k}</b></td><td>&nbsp;&nbsp;{v}</td></tr>" for k, v in SHORTCUTS)
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
        if t:
            self.reader.show(t)

    def open_hit(self, target: str, highlights: list):
        if target.endswith(":#preamble"):
            target = "doc:" + target.split(":")[0]
        self.reader.show(target, highlights)

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
        self.reader.show(target, [quote] if quote else None)

    def _userdata_changed(self):
        """A bookmark, highlight or note was added, edited or removed."""
        self.bookmarks.model.reload()
        self.home.refresh()
        self._update_status()

    def show_about(self):
        from .about import AboutDialog
        dlg = AboutDialog(self.data, self.store, self)
        dlg.rebuildIndex.connect(lambda: self.search._rebuild_index("按要求重建搜索索引"))
        dlg.setModal(False)
        dlg.show()
        self._about = dlg
        return dlg

    # ---- bookmarks ----
    def add_bookmark(self) -> int | None:
        t = self.reader.target
        if not t:
            return None
        s = self.store.section(t)
        b = None if s else self.store.box(t)
        if not (s or b):
            inform(self, "加书签", "只能为章节或专栏加书签。")
            return None
        existing = self.userdata.find(t)
        if existing:
            self.bookmarks.select(existing["id"])
            return existing["id"]
        rec = s or b
        doc = self.store.document(rec["document_id"])
        title = f"{rec['label']} {rec['title']}".strip()
        bid = self.userdata.add(t, "section" if s else "box", title, doc["id"], doc["short_title"])
        self.bookmarks.model.reload()
        self.bookmarks.select(bid)
        self._userdata_changed()
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
        from db.store.trust import Untrusted
        self.userdata.close()
        try:
            restore(path, src)
        except Untrusted as e:               # the backup changed since it was listed
            self.userdata, _ = open_userdata(path)
            alert(self, "从备份恢复", f"{src.name} 未通过校验，没有恢复：{e}")
            return False
        self.userdata, _ = open_userdata(path)
        for panel in (self.bookmarks, self.search, self.boxes, self.compare, self.home, self.reader):
            if panel is not None:
                panel.set_userdata(self.userdata)
        self._update_status()
        from ..services.update import state
        if not state(self.data).store:          # the restored gazetteer differs: read the statements again
            self.reread_positionings()
        return True

    # ---- data ----
    def rebuild(self, corpus=None) -> str:
        """Build the store and index anew (from `corpus`, else the one the store was
        built from); the new pair replaces the old only when both are complete."""
        dlg = BuildDialog(self.data, self, corpus=corpus, title="重新建立数据", force=True,
                          release=self.release_data)
        state = dlg.run()
        if self.store is None:
            self.reload_data()                  # handles were let go: take the (new or old) data again
        if state == "failed":
            warn(self, "重新建立数据", f"建立失败，原有数据未改动：\n{dlg.error}")
        return state

    # ---- importing and removing plans ----
    IMPORT_FILTER = "规划文件 (*.docx *.doc *.wps *.pdf *.ofd *.html *.htm *.txt *.md);;所有文件 (*)"

    def import_plans(self, files: list[str] | None = None, preview=None) -> str:
        """Ask for files (or take dropped ones), parse them in the background, show
        what they hold, and import on 导入. `preview(dialog)` stands in for the
        person in tests. Returns done / cancelled / failed / nothing."""
        from .import_dialog import ImportPreview
        from ..services.importing import examine, stage_import
        if not files:
            files, _ = QFileDialog.getOpenFileNames(self, "导入规划", st.get("import/dir", ""), self.IMPORT_FILTER)
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
        from ..services.importing import stage_remove
        d = self.store.document(doc_id)
        if d is None or d.get("origin") != "imported":
            return "nothing"
        if confirm and not ask(self, "移除规划", f"移除导入的《{d['short_title']}》？\n书签会保留，并标记为原文已不存在。"):
            return "cancelled"
        return self.run_staged(lambda p: stage_remove(self.data, doc_id, p), "移除规划", "正在移除…")

    def reread_positionings(self) -> str:
        """The user accepted, merged or rejected a platform found in the plans: read the
        plans' statements again (the texts and the search index stay as they are)."""
        from ..services.update import stage
        state = self.run_staged(lambda p: stage(self.data, progress=p), "审核平台", "正在按审核结果重新整理定位表述…")
        if state == "done":
            self.status.setText("已按审核结果重新整理定位表述")
        return state

    def run_staged(self, fn, title: str, label: str) -> str:
        """Run fn(progress) -> Staged in the background, then let go of the data, put
        the staged changes in place, and take the data again."""
        out = run_with_progress(fn, self, title, label)
        if out.state == "done":
            self.release_data()
            try:
                out.result.install(self.data)
            except OSError as e:
                out.result.discard()
                out.state, out.error = "failed", e
            self.reload_data()
        return out.state if out.state != "failed" else self._failed(title, out)

    def _failed(self, title: str, out) -> str:
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
        t = idx.data(TargetRole) if idx.isValid() else None
        if not t or not t.startswith("doc:"):
            return
        d = self.store.document(t[4:])
        menu = QMenu(self)
        a = menu.addAction("移除此规划…")
        a.setEnabled(bool(d) and d.get("origin") == "imported")
        if not a.isEnabled():
            a.setText("移除此规划（随程序提供的规划不能移除）")
        if menu.exec(self.outline.viewport().mapToGlobal(pos)) is a:
            self.remove_plan(t[4:])

    def release_data(self):
        """Let go of plans.sqlite and the index (Windows can't replace open files)."""
        self.search.release()
        if self.store is not None:
            self.store.close()
            self.store = None

    def reload_data(self):
        if self.store is not None:
            self.store.close()
        self.store = Store(paths.plans_db(self.data))
        self.storeChanged.emit(self.store)

    # ---- state ----
    def _first_size(self):
        """1280×800, or more of a larger screen (up to 1600×1000), centred on it."""
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is None or screen.width() < 1280 or screen.height() < 800:
            self.resize(1280, 800)
            return
        w = max(1280, min(1600, int(screen.width() * 0.85)))
        h = max(800, min(1000, int(screen.height() * 0.85)))
        self.resize(w, h)
        self.move(screen.x() + (screen.width() - w) // 2, screen.y() + (screen.height() - h) // 2)

    def _restore(self):
        g = st.get("window/geometry", None)
        if isinstance(g, QByteArray) and not g.isEmpty():
            self.restoreGeometry(g)
        if not (isinstance(g, QByteArray) and not g.isEmpty()) or self.width() < 640 or self.height() < 400:
            self._first_size()              # no saved size, or one too small to read in
        s = st.get("window/state", None)
        if isinstance(s, QByteArray) and not s.isEmpty():
            self.restoreState(s)
        else:
            self._fresh_layout = True
        last = st.get("reader/last", "")
        if last and (last.startswith("doc:") or self.store.section(last) or self.store.box(last)):
            self.reader.show(last)
        else:
            docs = self.store.documents()
            if docs:
                self.reader.show(f"doc:{docs[0]['id']}")

    def showEvent(self, e):
        super().showEvent(e)
        if self.userdata_notice:
            notice, self.userdata_notice = self.userdata_notice, None
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
