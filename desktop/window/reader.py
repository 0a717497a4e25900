"""The reader: a section, box or document rendered from the store, with history,
zoom, match highlighting (F3), copy with citation, print and PDF."""
from __future__ import annotations

from urllib.parse import unquote

from PySide6.QtCore import QEvent, QRect, Qt, QUrl, Signal
from PySide6.QtGui import (QAction, QColor, QFont, QGuiApplication, QKeySequence, QPainter, QTextCharFormat,
                           QTextCursor, QTextDocument, QTextLength, QTextTableFormat)
from PySide6.QtWidgets import (QCheckBox, QFileDialog, QHBoxLayout, QMenu, QTextEdit, QToolBar,
                               QToolButton, QToolTip, QVBoxLayout, QWidget)

from db.anchors import anchor, locate
from db.citation import SHORT, cite
from db.naming import plan_labels
from db import place as pl
from db.place import LINK_PREFIX
from db.store.library import safe_name

from ..present import reading, render
from ..services.references import cited_by, links, references
from . import settings as st
from .export_dialog import remember_dir, start_path
from .note_dialog import edit_note
from .plain import plain_label, tip
from .printing import print_html
from .safe_browser import SafeBrowser
from .topics_page import add_to_topic

ZOOM_MIN, ZOOM_MAX = 0.7, 2.2
MAX_COLUMN_PX = 860
NOTE_GUTTER = 40             # room left of the text for the 注N marks
UNIT = "u:"                  # render.unit_mark: from here on the text belongs to the unit named


def units_of(doc: QTextDocument) -> list[tuple[int, str]]:
    """(position, unit id) where each unit's text starts (render.unit_mark anchors), in order."""
    out = []
    block = doc.begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            f = it.fragment()
            out += [(f.position(), n[len(UNIT):]) for n in f.charFormat().anchorNames() if n.startswith(UNIT)]
            it += 1
        block = block.next()
    return sorted(out)


def unit_at(units: list[tuple[int, str]], pos: int, default: str | None) -> str | None:
    """The unit a position of the page belongs to (the page's own place before any mark)."""
    at = default
    for p, uid in units:
        if p > pos:
            break
        at = uid
    return at


def highlights_in(doc: QTextDocument, userdata, target: str | None) -> list[tuple[QTextCursor, dict]]:
    """The user's highlights on the page's place and on every unit shown in it (a 专栏 read
    in its section, a 节 read in its chapter), found by their quote and context, in order."""
    if userdata is None or not target:
        return []
    text, seen, out = doc.toPlainText(), set(), []
    for uid in dict.fromkeys([target] + [u for _, u in units_of(doc)]):
        for h in userdata.highlights(uid):
            at = locate(text, h) if h["id"] not in seen else None
            if at:
                seen.add(h["id"])
                c = QTextCursor(doc)
                c.setPosition(at[0])
                c.setPosition(at[1], QTextCursor.MoveMode.KeepAnchor)
                out.append((c, h))
    out.sort(key=lambda m: m[0].selectionStart())
    return out


def noted(marks: list[tuple[QTextCursor, dict]]) -> list[tuple[QTextCursor, dict]]:
    """The highlights that carry a note, numbered 注1, 注2 … in the order they stand."""
    return [m for m in marks if (m[1].get("note") or "").strip()]


def add_note_list(doc: QTextDocument, userdata, target: str | None) -> int:
    """For paper: a superscript [N] after each passage with a note, and the notes listed
    at the end of the page under 批注, numbered as the reader's 注N marks. Returns N."""
    notes = noted(highlights_in(doc, userdata, target))
    if not notes:
        return 0
    ends = [(c.selectionEnd(), k + 1) for k, (c, _) in enumerate(notes)]
    sup = QTextCharFormat()
    sup.setVerticalAlignment(QTextCharFormat.VerticalAlignment.AlignSuperScript)
    sup.setForeground(QColor("#0b5cad"))
    for pos, n in sorted(ends, reverse=True):
        c = QTextCursor(doc)
        c.setPosition(pos)
        c.insertText(f"[{n}]", sup)
    c = QTextCursor(doc)
    c.movePosition(QTextCursor.MoveOperation.End)
    frame = QTextTableFormat()                # one borderless cell: the heading never left alone at a page's foot
    frame.setBorder(0)
    frame.setWidth(QTextLength(QTextLength.Type.PercentageLength, 100))
    cell = c.insertTable(1, 1, frame).cellAt(0, 0).firstCursorPosition()
    cell.insertHtml("<h2>批注</h2>" + "".join(
        f"<p>[{k + 1}] 「{render.esc(h['quote'])}」：{render.esc(h['note'])}</p>" for k, (_, h) in enumerate(notes)))
    return len(notes)


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

    note_marks: list = []        # [(QTextCursor, label)]: a 注N drawn left of each passage with a note

    def note_rects(self) -> list[tuple[QRect, str, int]]:
        """(where the mark is drawn in the viewport, its label, its index) of each note mark."""
        out = []
        for k, (c, label) in enumerate(self.note_marks):
            at = QTextCursor(c.document())
            at.setPosition(c.selectionStart())
            r = self.cursorRect(at)
            out.append((QRect(2, r.top() + max(0, (r.height() - 18) // 2), NOTE_GUTTER - 8, 18), label, k))
        return out

    def paintEvent(self, e):  # noqa: N802 (Qt's name)
        super().paintEvent(e)
        if not self.note_marks:
            return
        p = QPainter(self.viewport())
        f = QFont(self.font())
        f.setPointSizeF(8.5)
        p.setFont(f)
        for r, label, _ in self.note_rects():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(QColor("#0b5cad"))
            p.drawRoundedRect(r, 4, 4)
            p.setPen(QColor("#ffffff"))
            p.drawText(r, Qt.AlignmentFlag.AlignCenter, label)
        p.end()


class Reader(QWidget):
    navigated = Signal(str)          # the target now shown
    highlightsChanged = Signal()     # a highlight or note was added
    told = Signal(str)               # a short message for the status bar (what was copied …)

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
        self.units: list[tuple[int, str]] = []               # where each unit shown in the page starts
        self.warning_open = False                            # 详情 of an unreliable order clicked
        self.plan_label = None                               # document id -> short label (session.plan_label)

        self.view = ReaderView(self)
        self.view.setObjectName("reader")
        self.view.setOpenLinks(False)
        self.view.anchorClicked.connect(self._link)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._menu)
        self.view.zoom = self.zoom
        self.view.document().setDocumentMargin(24)
        self.view.document().setDefaultStyleSheet(render.CSS)
        self.view.viewport().installEventFilter(self)        # a note's text on hover
        self.view.viewport().setMouseTracking(True)

        self._toolbar()
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.setSpacing(0)
        lay.addLayout(self.bar)
        lay.addWidget(self.view, 1)
        self._apply_zoom()
        self._update_buttons()

    def _toolbar(self):
        """后退 前进 上一节 下一节 … 行号 复制引用 打印 PDF."""
        self.btn_back = self._tool("◀", "后退 (Alt+←)", self.back)
        self.btn_fwd = self._tool("▶", "前进 (Alt+→)", self.forward)
        self.act_prev_section = self._action("上一节", "Alt+PgUp", "上一节：按原文顺序读前一部分", self.prev_section)
        self.act_next_section = self._action("下一节", "Alt+PgDown", "下一节：按原文顺序接着读", self.next_section)
        self.btn_prev_sec = self._action_button(self.act_prev_section, "◀ 上一节")
        self.btn_next_sec = self._action_button(self.act_next_section, "下一节 ▶")
        self.btn_lines = self._tool("行号", "显示原文行号", self.toggle_lines, checkable=True)
        self.btn_lines.setChecked(self.show_lines)
        self.btn_copy = self._tool("复制引用", "复制所选文字并附出处；未选文字时复制正在读的章节、专栏或指标的引用"
                                   "（Ctrl+Shift+C）", self.copy_with_citation)
        self.btn_copy.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
        cite_menu = QMenu(self.btn_copy)
        cite_menu.addAction("复制引用（简短）", lambda: self.copy_with_citation("short"))
        cite_menu.addAction("复制引用（正式：通知标题和发文字号）", lambda: self.copy_with_citation("official"))
        self.btn_copy.setMenu(cite_menu)
        self._print_buttons()
        self.match_label = plain_label("")
        self.match_label.setObjectName("matchLabel")
        bar = QHBoxLayout()
        bar.setContentsMargins(6, 2, 6, 2)
        for w in (self.btn_back, self.btn_fwd, self.btn_prev_sec, self.btn_next_sec):
            bar.addWidget(w)
        bar.addStretch(1)
        bar.addWidget(self.match_label)
        for w in (self.btn_lines, self.btn_copy, self.btn_print, self.btn_pdf):
            bar.addWidget(w)
        self.bar = bar

    def _print_buttons(self):
        """打印 (its menu: 打印预览, 打印批注) and PDF (打印批注)."""
        self.act_print_notes = QAction("打印批注", self)
        self.act_print_notes.setCheckable(True)
        self.act_print_notes.setChecked(st.get("reader/print_notes", False, bool))
        self.act_print_notes.setToolTip("打印、打印预览和 PDF 中附上批注：正文中标出编号，批注列在末尾")
        self.act_print_notes.toggled.connect(lambda on: st.put("reader/print_notes", on))
        self.btn_print = self._tool("打印", "打印当前章节或专栏（Ctrl+P）", self.print_)
        self.btn_pdf = self._tool("PDF", "当前章节或专栏另存为 PDF", self.save_pdf)
        for b in (self.btn_print, self.btn_pdf):
            b.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            m = QMenu(b)
            if b is self.btn_print:
                m.addAction("打印预览…", self.print_preview)
            m.addAction(self.act_print_notes)
            b.setMenu(m)

    def _tool(self, text, tip, slot, checkable=False):
        b = QToolButton(self)
        b.setText(text)
        b.setToolTip(tip)
        b.setCheckable(checkable)
        b.setAutoRaise(True)
        b.clicked.connect(slot)
        return b

    def _action(self, text, keys, tip_, slot) -> QAction:
        """A reader action with its shortcut (the window puts it in a menu as well)."""
        a = QAction(text, self)
        a.setShortcut(QKeySequence(keys))
        a.setToolTip(f"{tip_}（{keys}）")
        a.setStatusTip(tip_)
        a.triggered.connect(slot)                            # PySide drops `checked`: the slot takes none
        self.addAction(a)
        return a

    def _action_button(self, act: QAction, text: str) -> QToolButton:
        act.setIconText(text)             # the button's words (a menu shows the action's text)
        b = QToolButton(self)
        b.setDefaultAction(act)
        b.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        b.setAutoRaise(True)
        return b

    # ---- navigation ----
    def go_to(self, target: str, highlights: list[str] | None = None, push: bool = True):
        """Navigate to the place `target` (its words `highlights` marked); `push`: onto the history."""
        if not target:
            return
        self.target = target
        self.warning_open = False
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

    def plan_refs(self) -> render.PlanRefs | None:
        """The shown plan's references, read now (a plan imported since is found): links in
        its text; on its first page, what it cites and what cites it."""
        at = self.store.place(self.target) if self.target else None
        if at is None:
            return None
        did = at.document["id"]
        first = at.kind in (pl.DOCUMENT, pl.PREAMBLE)
        return render.PlanRefs(references(self.store, did) if first else [],
                               cited_by(self.store, did) if first else [], links(self.store, did))

    def _render(self):
        html = render.render(self.store, self.target, self.show_lines, full_warning=self.warning_open,
                             refs=self.plan_refs())
        self.view.setHtml(html)
        root = self.view.document().rootFrame()
        fmt = root.frameFormat()
        fmt.setLeftMargin(NOTE_GUTTER)
        root.setFrameFormat(fmt)
        self.units = units_of(self.view.document())
        self._find_marks()
        self._find_matches()

    def _link(self, url: QUrl):
        s = unquote(url.toString())
        if s == render.DETAILS_LINK:
            self.open_warning()
        elif s.startswith(LINK_PREFIX):
            self.go_to(s[len(LINK_PREFIX):])

    def open_warning(self):
        """详情: the full explanation of an unreliable order, in place (the page stays where it is)."""
        y = self.view.verticalScrollBar().value()
        self.warning_open = True
        self._render()
        self.view.verticalScrollBar().setValue(y)

    def next_section(self) -> str | None:
        """Read on: the next page in the plan's order (chapter, its 节 …). None at the plan's end."""
        to = reading.next_place(self.store, self.target) if self.target else None
        if to:
            self.go_to(to)
        return to

    def prev_section(self) -> str | None:
        """The page before this one in the plan's order. None on the plan's first page."""
        to = reading.prev_place(self.store, self.target) if self.target else None
        if to:
            self.go_to(to)
        return to

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
        t = self.target
        self.act_prev_section.setEnabled(bool(t and reading.prev_place(self.store, t)))
        self.act_next_section.setEnabled(bool(t and reading.next_place(self.store, t)))

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
            if block.text().strip() and fmt.headingLevel() == 0 and not block.text().startswith(("《", "⚠", "◀")) \
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
            if h.get("note"):
                fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
                fmt.setUnderlineColor(QColor("#0b5cad"))
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

    def unit_at(self, pos: int) -> str | None:
        """The place a position of the page belongs to: a 专栏 read in its section, a 节 read
        in its chapter, else the page's own place."""
        return unit_at(self.units, pos, self.target)

    def copy_with_citation(self, form: str = "short") -> str:
        """The selection and where it stands (the 专栏 or 节 it is in); with nothing selected,
        the citation of the place being read. Says what was copied (`told`)."""
        form = form if isinstance(form, str) else SHORT
        if not self.target:
            self.told.emit("没有可复制引用的内容：先打开一节、专栏或指标")
            return ""
        c = self.view.textCursor()
        text = c.selectedText().replace("\u2029", "\n").strip()
        if not text:
            out = cite(self.store, self.target, form)
            self.told.emit(f"已复制：{out} 的引用")
        else:
            where = cite(self.store, self.unit_at(c.selectionStart()), form)
            out = f"{text}\n（{where}）"
            self.told.emit(f"已复制：所选文字（{len(text)}字）及出处 {where}")
        QGuiApplication.clipboard().setText(out)
        return out

    # ---- highlights and notes ----
    def set_userdata(self, userdata):
        self.userdata = userdata
        if self.target:
            self._render()

    def _find_marks(self):
        """The user's highlights on this place and the units shown in it; 注N beside each note."""
        self.marks = highlights_in(self.view.document(), self.userdata, self.target)
        self.view.note_marks = [(c, f"注{k + 1}") for k, (c, _) in enumerate(noted(self.marks))]
        self.view.viewport().update()

    def note_at(self, pos) -> dict | None:
        """The highlight with a note under a point of the viewport (its passage or its 注N mark)."""
        notes = noted(self.marks)
        for r, _, k in self.view.note_rects():
            if r.contains(pos):
                return notes[k][1]
        at = self.view.cursorForPosition(pos).position()
        if not self.view.cursorRect(self.view.cursorForPosition(pos)).adjusted(-40, -4, 40, 4).contains(pos):
            return None
        return next((h for c, h in notes if c.selectionStart() <= at <= c.selectionEnd()), None)

    @staticmethod
    def note_tip(h: dict) -> str:
        """What hovering a passage with a note shows: the note, as written (never markup)."""
        return tip(f"批注：{h['note']}")

    def eventFilter(self, obj, e):  # noqa: N802 (Qt's name)
        if obj is self.view.viewport() and e.type() == QEvent.Type.ToolTip:
            h = self.note_at(e.pos())
            if h:
                QToolTip.showText(e.globalPos(), self.note_tip(h), self.view.viewport())
            else:
                QToolTip.hideText()
                e.ignore()
            return True
        return super().eventFilter(obj, e)

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
        unit = self.unit_at(c.selectionStart())          # a passage of a 专栏 belongs to the 专栏
        doc_id, doc_title, title = self._place(unit)
        hid = self.userdata.add_highlight(unit, a, doc_id, doc_title, title, note)
        self._find_marks()
        self._paint_matches(scroll=False)
        self.highlightsChanged.emit()
        return hid

    def annotate(self) -> int | None:
        if not self.view.textCursor().hasSelection():
            return None
        note = edit_note(self, "批注", "", prompt="为所选文字写批注：")
        return self.add_highlight(note) if note is not None else None

    def add_to_topic(self) -> int | None:
        """加入专题…: the selection (a highlighted passage of its section or 专栏), else the
        section or 专栏 read."""
        if not self.target:
            return None
        c = self.view.textCursor()
        if c.hasSelection():
            quote = anchor(self.view.document().toPlainText(), c.selectionStart(), c.selectionEnd())["quote"]
            if quote:
                return add_to_topic(self, None, self.unit_at(c.selectionStart()), quote)
        return add_to_topic(self, None, self.target)

    def _place(self, target: str | None = None) -> tuple[str | None, str | None, str | None]:
        """(plan id, its short title, what the place is called) of the place shown (or `target`)."""
        at = self.store.place(target or self.target)
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
            a.setEnabled(has or (name.startswith("actCite") and bool(self.target)))    # cites the place read
        a = menu.addAction("加入专题…", self.add_to_topic)
        a.setObjectName("actAddToTopic")
        a.setEnabled(bool(self.target))
        self._last_menu = menu
        return menu

    def print_header(self) -> str:
        did, _, _ = self._place()
        d = self.store.document(did) if did else None
        return d["title"] if d else "PlanDesk"

    def _print_to(self, printer) -> int:
        """The page on paper: no links (the trail as plain text), notes listed when asked."""
        html = render.render(self.store, self.target or "", self.show_lines, for_print=True)
        self.notes_printed = 0

        def notes(doc):
            self.notes_printed = add_note_list(doc, self.userdata, self.target)

        self.pages_printed = print_html(html, printer, self.print_header(), self.view.document().defaultFont().family(),
                                        decorate=notes if self.act_print_notes.isChecked() else None)
        return self.pages_printed

    def print_(self):
        from PySide6.QtPrintSupport import QPrintDialog, QPrinter  # lazy: Qt loads only when the window opens
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.file_name()[:-len(".pdf")])   # the job's name, and 打印到文件's file name
        dlg = QPrintDialog(printer, self)
        self._notes_widget = self._notes_tab()               # kept: the dialog does not own it in Python's eyes
        dlg.setOptionTabs([self._notes_widget])              # 选项 › 批注: 打印批注
        self._print_dialog = dlg
        if dlg.exec():
            self._print_to(printer)

    def print_preview(self, show: bool = True):
        """打印预览: the pages as they will print (with notes when 打印批注 is on)."""
        from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget, QPrinter  # lazy: as print_
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dlg = QPrintPreviewDialog(printer, self)
        dlg.setWindowTitle("打印预览")
        dlg.paintRequested.connect(self._print_to)
        bar = dlg.findChild(QToolBar)
        if bar is not None:                                  # 打印批注 on the preview's own toolbar
            bar.addSeparator()
            bar.addAction(self.act_print_notes)
            view = dlg.findChild(QPrintPreviewWidget)
            self.act_print_notes.toggled.connect(view.updatePreview)
            dlg.finished.connect(lambda *_: self.act_print_notes.toggled.disconnect(view.updatePreview))
        self._preview = dlg
        if show:
            dlg.resize(self.window().size() * 0.9)
            dlg.exec()
        return dlg

    def _notes_tab(self) -> QWidget:
        """The print dialog's 批注 tab: 打印批注, the same setting as the 打印 and PDF menus'."""
        w = QWidget()
        w.setWindowTitle("批注")
        box = QCheckBox("打印批注：正文中标出编号，批注按编号列在末尾", w)
        box.setChecked(self.act_print_notes.isChecked())
        box.toggled.connect(self.act_print_notes.setChecked)
        lay = QVBoxLayout(w)
        lay.addWidget(box)
        lay.addStretch(1)
        return w

    def file_name(self) -> str:
        """The name a saved page is offered under: the plan's short label and the place
        (2018 开放平台协同发展 第三章第一节 明确各类平台的功能定位.pdf), safe on every system."""
        at = self.store.place(self.target) if self.target else None
        if at is None:
            return "PlanDesk.pdf"
        did = at.document["id"]
        label = self.plan_label(did) if self.plan_label else self._label(did)
        where = cite(self.store, at.id, SHORT).rpartition("》")[2]
        title = (at.record or {}).get("title") or (at.record or {}).get("name") or ""
        name = " ".join(x for x in (label, where, title) if x)
        return safe_name(name[:100]) + ".pdf"

    def _label(self, did: str) -> str:
        labels = plan_labels(self.store.documents())
        if self.userdata is not None:
            labels.update(self.userdata.plan_names())
        return labels.get(did, did)

    def save_pdf(self, path: str | None = None) -> str | None:
        from PySide6.QtPrintSupport import QPrinter  # lazy: Qt loads only when the window opens
        if not path:
            path, _ = QFileDialog.getSaveFileName(self, "另存为 PDF", start_path(self.file_name()), "PDF 文件 (*.pdf)")
            remember_dir(path)
        if not path:
            return None
        if not path.lower().endswith(".pdf"):
            path += ".pdf"
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        self._print_to(printer)
        self.told.emit(f"已另存为 PDF：{path}")
        return path
