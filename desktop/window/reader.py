"""The reader: a section, box or document rendered from the store, with history,
zoom, match highlighting (F3), copy with citation, print and PDF."""
from __future__ import annotations

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QColor, QGuiApplication, QTextCharFormat, QTextCursor, QTextDocument
from PySide6.QtWidgets import (QFileDialog, QHBoxLayout, QInputDialog, QMenu, QTextEdit,
                               QToolButton, QVBoxLayout, QWidget)

from db.citation import SHORT, cite
from db.place import LINK_PREFIX

from ..present import render
from . import settings as st
from .plain import plain_label, tip
from .safe_browser import SafeBrowser
from urllib.parse import unquote
from db.anchors import locate
from db.anchors import anchor
from .printing import print_html

ZOOM_MIN, ZOOM_MAX = 0.7, 2.2
MAX_COLUMN_PX = 860


class ReaderView(SafeBrowser):
    """A QTextBrowser that keeps a readable column width, centred."""

    def resizeEvent(self, e):
        super().resizeEvent(e)
        self._fit()

    def _fit(self):
        w = self.width()
        col = min(int(MAX_COLUMN_PX * getattr(self, "zoom", 1.0)), w - 40)
        side = max(0, (w - col) // 2 - 10)
        self.setViewportMargins(side, 0, side, 0)


class Reader(QWidget):
    navigated = Signal(str)          # the target now shown
    highlightsChanged = Signal()     # a highlight or note was added

    def __init__(self, store, parent=None):
        super().__init__(parent)
        self.store = store
        self.history: list[str] = []
        self.pos = -1
        self.target: str | None = None
        self.show_lines = st.get("reader/show_lines", False, bool)
        self.zoom = st.get("reader/zoom", 1.0, float)
        self.highlights: list[str] = []
        self.userdata = None
        self.marks: list[tuple[QTextCursor, dict]] = []      # the user's highlights shown
        self.matches: list[QTextCursor] = []
        self.current = -1

        self.view = ReaderView(self)
        self.view.setObjectName("reader")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._link)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.zoom = self.zoom
        self.view.document().setDocumentMargin(24)
        self.view.document().setDefaultStyleSheet(render.CSS)

        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        self.btn_back = self._tool("◀", "后退 (Alt+←)", self.back)
        self.btn_fwd = self._tool("▶", "前进 (Alt+→)", self.forward)
        self.btn_lines = self._tool("行号", "显示原文行号", self.toggle_lines, checkable=True)
        self.btn_lines.setChecked(self.show_lines)
        self.btn_copy = self._tool("复制引用", "复制所选文字并附出处（简短或正式引用）", self.copy_with_citation)
        self.btn_copy.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        cite_menu = QMenu(self.btn_copy)
        cite_menu.addAction("复制引用（简短）", lambda: self.copy_with_citation("short"))
        cite_menu.addAction("复制引用（正式：通知标题和发文字号）", lambda: self.copy_with_citation("official"))
        self.btn_copy.setMenu(cite_menu)
        self.btn_print = self._tool("打印", "打印当前章节或专栏", self.print_)
        self.btn_pdf = self._tool("PDF", "当前章节或专栏另存为 PDF", self.save_pdf)
        self.match_label = plain_label("")
        self.match_label.setObjectName("matchLabel")
        for w in (self.btn_back, self.btn_fwd):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.match_label)
        for w in (self.btn_lines, self.btn_copy, self.btn_print, self.btn_pdf):
            bar.addWidget(w)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(bar)
        lay.addWidget(self.view, 1)
        self._apply_zoom()
        self._update_buttons()

    def _tool(self, text, tip, slot, checkable=False):
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setCheckable(checkable)
        b.setAutoRaise(True)
        b.clicked.connect(slot)
        return b

    # ---- navigation ----
    def go_to(self, target: str, highlights: list[str] | None = None, push: bool = True):
        """Navigate to the place `target` (its words `highlights` marked); `push`: onto the history."""
        if not target:
            return
        self.target = target
        self.highlights = [h for h in (highlights or []) if h]
        if push:
            self.history = self.history[: self.pos + 1]
            if not self.history or self.history[-1] != target:
                self.history.append(target)
            self.pos = len(self.history) - 1
        self._render()
        self._update_buttons()
        st.put("reader/last", target)
        self.navigated.emit(target)

    def _render(self):
        html = render.render(self.store, self.target, self.show_lines)
        self.view.setHtml(html)
        self._find_marks()
        self._find_matches()

    def _link(self, url: QUrl):
        s = unquote(url.toString())
        if s.startswith(LINK_PREFIX):
            self.go_to(s[len(LINK_PREFIX):])

    def back(self):
        if self.pos > 0:
            self.pos -= 1
            self.go_to(self.history[self.pos], push=False)

    def forward(self):
        if self.pos + 1 < len(self.history):
            self.pos += 1
            self.go_to(self.history[self.pos], push=False)

    def _update_buttons(self):
        self.btn_back.setEnabled(self.pos > 0)
        self.btn_fwd.setEnabled(self.pos + 1 < len(self.history))

    def reload_store(self, store):
        self.store = store
        if self.target:
            self._render()

    # ---- matches ----
    def _find_matches(self):
        doc = self.view.document()
        found = []
        for h in sorted(set(self.highlights), key=len, reverse=True):
            c = doc.find(h, 0, QTextDocument.FindFlag.FindCaseSensitively)
            while not c.isNull():
                if not any(m.selectionStart() <= c.selectionStart() < m.selectionEnd() for m in found):
                    found.append(QTextCursor(c))
                c = doc.find(h, c, QTextDocument.FindFlag.FindCaseSensitively)
        found.sort(key=lambda c: c.selectionStart())
        self.matches = found
        body = self._body_start()
        self.current = next((k for k, c in enumerate(found) if c.selectionStart() >= body), 0) if found else -1
        self._paint_matches(scroll=True)

    def _body_start(self) -> int:
        """Where the text proper begins: after the breadcrumb, the heading and the
        source line (a match there is no place to start reading)."""
        doc = self.view.document()
        block = doc.begin()
        while block.isValid():
            fmt = block.blockFormat()
            if block.text().strip() and fmt.headingLevel() == 0 and not block.text().startswith(("《", "⚠")) \
                    and " › " not in block.text() and block.position() > 0:
                return block.position()
            block = block.next()
        return 0

    def _paint_matches(self, scroll: bool):
        sels = []
        for c, h in self.marks:
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#c9f2c7" if not h.get("note") else "#bfe3ff"))
            fmt.setToolTip(tip(h.get("note") or "高亮"))
            sel.format = fmt
            sel.cursor = c
            sels.append(sel)
        for k, c in enumerate(self.matches):
            sel = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(QColor("#ff9632") if k == self.current else QColor("#ffe564"))
            sel.format = fmt
            sel.cursor = c
            sels.append(sel)
        self.view.setExtraSelections(sels)
        if self.matches:
            self.match_label.setText(f"匹配 {self.current + 1}/{len(self.matches)}")
            if scroll:
                cur = QTextCursor(self.view.document())
                cur.setPosition(self.matches[self.current].selectionStart())
                self.view.setTextCursor(cur)
                self.view.ensureCursorVisible()
        else:
            self.match_label.setText("")

    def next_match(self):
        if self.matches:
            self.current = (self.current + 1) % len(self.matches)
            self._paint_matches(scroll=True)

    def prev_match(self):
        if self.matches:
            self.current = (self.current - 1) % len(self.matches)
            self._paint_matches(scroll=True)

    # ---- view options ----
    def toggle_lines(self):
        self.show_lines = not self.show_lines
        self.btn_lines.setChecked(self.show_lines)
        st.put("reader/show_lines", self.show_lines)
        if self.target:
            self._render()

    def _apply_zoom(self):
        f = self.view.document().defaultFont()
        f.setPointSizeF(12.0 * self.zoom)
        self.view.document().setDefaultFont(f)
        self.view.zoom = self.zoom
        self.view._fit()

    def set_zoom(self, z: float):
        self.zoom = max(ZOOM_MIN, min(ZOOM_MAX, round(z, 2)))
        st.put("reader/zoom", self.zoom)
        self._apply_zoom()
        if self.target:
            self._render()

    def zoom_in(self):
        self.set_zoom(self.zoom + 0.1)

    def zoom_out(self):
        self.set_zoom(self.zoom - 0.1)

    # ---- copy, print ----
    def citation(self, form: str = SHORT) -> str:
        """The place shown, cited (short or official): 复制引用, Ctrl+Shift+C and the status bar."""
        return cite(self.store, self.target, form)

    def copy_with_citation(self, form: str = "short") -> str:
        text = self.view.textCursor().selectedText().replace("\u2029", "\n").strip()
        if not text:
            return ""
        out = f"{text}\n（{self.citation(form if isinstance(form, str) else 'short')}）"
        QGuiApplication.clipboard().setText(out)
        return out

    # ---- highlights and notes ----
    def set_userdata(self, userdata):
        self.userdata = userdata
        if self.target:
            self._render()

    def _find_marks(self):
        """The user's highlights on this place, found by their quote and context."""
        self.marks = []
        if self.userdata is None or not self.target:
            return
        text = self.view.document().toPlainText()
        for h in self.userdata.highlights(self.target):
            at = locate(text, h)
            if at:
                c = QTextCursor(self.view.document())
                c.setPosition(at[0])
                c.setPosition(at[1], QTextCursor.MoveMode.KeepAnchor)
                self.marks.append((c, h))

    def add_highlight(self, note: str | None = None) -> int | None:
        """The selection as a highlight (a note when `note` is given; None asks)."""
        c = self.view.textCursor()
        if self.userdata is None or not self.target or not c.hasSelection():
            return None
        if note is None:
            note = ""
        text = self.view.document().toPlainText()
        a = anchor(text, c.selectionStart(), c.selectionEnd())
        if not a["quote"]:
            return None
        doc_id, doc_title, title = self._place()
        hid = self.userdata.add_highlight(self.target, a, doc_id, doc_title, title, note)
        self._find_marks()
        self._paint_matches(scroll=False)
        self.highlightsChanged.emit()
        return hid

    def annotate(self) -> int | None:
        if not self.view.textCursor().hasSelection():
            return None
        note, ok = QInputDialog.getMultiLineText(self, "批注", "为所选文字写批注：", "")
        return self.add_highlight(note.strip()) if ok else None

    def _place(self) -> tuple[str | None, str | None, str | None]:
        """(plan id, its short title, what the place is called) of the place shown."""
        at = self.store.place(self.target)
        if at is None:
            return None, None, None
        return at.document["id"], at.document["short_title"], at.title

    def _menu(self, pos):
        menu = self.context_menu(pos)
        menu.popup(self.view.viewport().mapToGlobal(pos))
        return menu

    def context_menu(self, pos) -> QMenu:
        """Qt's own (copy, select all — in Chinese), then highlight, note and the two citations."""
        menu = self.view.createStandardContextMenu(pos)
        has = self.view.textCursor().hasSelection()
        menu.addSeparator()
        for text, slot, name in (("高亮", lambda: self.add_highlight(""), "actHighlight"),
                                 ("批注…", self.annotate, "actAnnotate"),
                                 ("复制引用（简短）", lambda: self.copy_with_citation("short"), "actCiteShort"),
                                 ("复制引用（正式）", lambda: self.copy_with_citation("official"), "actCiteOfficial")):
            a = menu.addAction(text, slot)
            a.setObjectName(name)
            a.setEnabled(has)
        self._last_menu = menu
        return menu

    def print_header(self) -> str:
        did, _, _ = self._place()
        d = self.store.document(did) if did else None
        return d["title"] if d else "PlanDesk"

    def _print_to(self, printer) -> int:
        html = render.render(self.store, self.target or "", self.show_lines)
        return print_html(html, printer, self.print_header(), self.view.document().defaultFont().family())

    def print_(self):
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # lazy: Qt loads only when the window opens
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintDialog(printer, self)
        self._print_dialog = dlg
        if dlg.exec():
            self._print_to(printer)

    def save_pdf(self, path: str | None = None) -> str | None:
        from PySide6.QtPrintSupport import QPrinter  # lazy: Qt loads only when the window opens
        if not path:
            from .export_dialog import last_dir  # lazy: python-docx and lxml load only for a Word export
            path, _ = QFileDialog.getSaveFileName(self, "另存为 PDF", last_dir(), "PDF 文件 (*.pdf)")
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        self.pages_printed = self._print_to(printer)
        return path
