"""Data is never markup (issue 23). A plan whose title, heading, 专栏 and indicator
hold `<img src="BAIT">` and `<b>ZQX</b>`, a file name with markup, bookmarks and
notes from a colleague's file: every model of the window, every label, tooltip,
message box and progress label shows the characters as written, and nothing reads
BAIT — a real image in a folder watched with inotify, so any open of it by Qt (a
label, a tooltip, a text document) is seen, whatever code path made it."""
from __future__ import annotations

import ctypes
import json
import os
import shutil
import struct
import sys
import tempfile
from pathlib import Path

import pytest
from PySide6.QtCore import QAbstractListModel, QModelIndex, QPoint, Qt
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtGui import Qt as GuiQt
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QComboBox, QHeaderView, QItemDelegate, QLabel,
                               QMessageBox, QStyledItemDelegate, QStyleOptionViewItem, QToolTip, QWidget)

from desktop.window.reader import noted
from tests.helpers import support
from tests.helpers.deskhelp import wait_hits

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="inotify watches the bait")

MARK = "<b>ZQX"                      # every hostile string holds it: shown, it must be shown as written
Y2018 = "open-platforms-2018"


class Watch:
    """inotify on a folder: which of its files were opened or read since last asked."""

    def __init__(self, folder):
        self.libc = ctypes.CDLL(None, use_errno=True)
        self.fd = self.libc.inotify_init1(os.O_NONBLOCK)
        assert self.fd >= 0
        assert self.libc.inotify_add_watch(self.fd, os.fsencode(str(folder)), 0x20 | 0x1) >= 0   # IN_OPEN | IN_ACCESS

    def events(self) -> list[str]:
        out = []
        while True:
            try:
                buf = os.read(self.fd, 65536)
            except BlockingIOError:
                return out
            i = 0
            while i < len(buf):
                n = struct.unpack_from("iIII", buf, i)[3]       # wd, mask, cookie, len
                out.append(buf[i + 16:i + 16 + n].rstrip(b"\0").decode())
                i += 16 + n

    def close(self):
        os.close(self.fd)


class Doc(QTextDocument):
    """What the test renders with: loads nothing itself."""

    def loadResource(self, kind, url):  # noqa: N802
        img = QImage(1, 1, QImage.Format.Format_ARGB32)
        img.fill(0)
        return img if kind == QTextDocument.ResourceType.ImageResource.value else ""


def shown(s, fmt=Qt.TextFormat.AutoText) -> str:
    """The characters Qt shows for s in a widget with this text format."""
    if not s:
        return ""
    if fmt == Qt.TextFormat.PlainText or (fmt == Qt.TextFormat.AutoText and not GuiQt.mightBeRichText(s)):
        return s
    d = Doc()
    d.setHtml(s)
    return d.toPlainText()


@pytest.fixture
def bait():
    """A real image in a folder of its own, watched; its path short (a heading is a short line)."""
    d = Path(tempfile.mkdtemp(prefix="pd"))
    p = d / "b.png"
    img = QImage(8, 8, QImage.Format.Format_ARGB32)
    img.fill(0xFF0000FF)
    assert img.save(str(p))
    w = Watch(d)
    w.events()
    yield p, w
    w.close()
    shutil.rmtree(d, ignore_errors=True)


def hostile(bait_path) -> str:
    return f'<img src="{bait_path}">{MARK}</b>'


class Seen:
    """Every string shown, by where; the failures; the loads of the bait, by phase."""

    def __init__(self, watch, window):
        self.watch, self.window = watch, window
        self.where: set[str] = set()
        self.bad: list[tuple[str, str, str]] = []
        self.loads: list[tuple[str, list[str]]] = []
        self.tipped: set[str] = set()

    def check(self, where: str, s, fmt=Qt.TextFormat.AutoText, tooltip=False):
        if not isinstance(s, str) or not s:
            return
        out = shown(s, fmt)
        if "ZQX" in s or "ZQX" in out:
            self.where.add(where)
            if MARK not in out:
                self.bad.append((where, s, out))
        if tooltip and s not in self.tipped and GuiQt.mightBeRichText(s):
            self.tipped.add(s)                  # shown for real: Qt lays it out, as on hover
            QToolTip.showText(self.window.mapToGlobal(QPoint(20, 20)), s, self.window)
            QApplication.processEvents()
            QToolTip.hideText()

    def phase(self, name: str):
        QApplication.processEvents()
        ev = self.watch.events()
        if ev:
            self.loads.append((name, ev))

    def label(self, where: str, lab: QLabel):
        self.check(where, lab.text(), lab.textFormat())
        self.check(where + " tooltip", lab.toolTip(), tooltip=True)
        if lab.text():
            lab.grab()                         # laid out and painted, as on screen


def walk(model, parent=QModelIndex()):
    while model.canFetchMore(parent):
        model.fetchMore(parent)
    cols = 1 if isinstance(model, QAbstractListModel) else model.columnCount(parent)   # a list's is private
    for r in range(model.rowCount(parent)):
        for c in range(cols):
            idx = model.index(r, c, parent)
            yield idx
            if c == 0 and (model.canFetchMore(idx) or model.rowCount(idx)):
                yield from walk(model, idx)


def in_combo(w) -> bool:
    while w is not None:
        if isinstance(w, QComboBox):
            return True
        w = w.parentWidget()
    return False


def check_models(seen: Seen, root: QWidget, name: str):
    """Every item view's model, every row: its tooltip, and its text as the view's
    delegate draws it (plain delegates draw DisplayRole as it is)."""
    from desktop.window.search_panel import HitDelegate, HitRole
    for view in root.findChildren(QAbstractItemView):
        model, delegate = view.model(), view.itemDelegate()
        if model is None or isinstance(view, QHeaderView):     # headers: the column names
            continue
        assert in_combo(view) or type(delegate) in (QStyledItemDelegate, QItemDelegate, HitDelegate), \
            (name, view, delegate)            # a combo box draws its items as plain text
        where = f"{name}/{view.objectName() or type(view).__name__}"
        for idx in walk(model):
            seen.check(where + " tooltip", idx.data(Qt.ItemDataRole.ToolTipRole), tooltip=True)
            h = idx.data(HitRole) if isinstance(delegate, HitDelegate) else None
            if h is not None:
                opt = QStyleOptionViewItem()
                opt.rect.setWidth(400)
                seen.check(where + " hit", delegate._doc(opt, h).toPlainText(), Qt.TextFormat.PlainText)
            else:
                seen.check(where + " text", idx.data(Qt.ItemDataRole.DisplayRole), Qt.TextFormat.PlainText)
        seen.phase(where)


def check_widgets(seen: Seen, root: QWidget, name: str):
    """Every label shows what it is set to as written, and none is left to Qt's guess
    (AutoText): each was made plain, or laid out as markup on purpose."""
    for lab in root.findChildren(QLabel):
        where = f"{name}/label {lab.objectName() or type(lab.parent()).__name__}"
        seen.label(where, lab)
        if lab.textFormat() == Qt.TextFormat.AutoText and lab.objectName() != "qtooltip_label":
            seen.bad.append((where, lab.text(), "left to Qt's guess (AutoText)"))
    for w in [root] + root.findChildren(QWidget):
        seen.check(f"{name}/tooltip of {w.objectName() or type(w).__name__}", w.toolTip(), tooltip=True)
    seen.phase(name + " widgets")


def record_messages(monkeypatch, said: list):
    """Message boxes answer No and are recorded with the format their text is shown in."""
    auto = Qt.TextFormat.AutoText
    for name in ("information", "warning", "critical"):
        monkeypatch.setattr(QMessageBox, name, staticmethod(lambda p, t, text, *a, **k: said.append((t, text, auto))))
    monkeypatch.setattr(QMessageBox, "question", staticmethod(
        lambda p, t, text, *a, **k: said.append((t, text, auto)) or QMessageBox.StandardButton.No))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: said.append((self.windowTitle(), self.text(),
                                                                       self.textFormat())) or 0)


def record_progress(monkeypatch, labels: list):
    """Each progress dialog's label as it is after each step (and painted)."""
    from desktop.window import jobs
    step = jobs.JobDialog._progress

    def _progress(self, frac, msg):
        step(self, frac, msg)
        for lab in self.findChildren(QLabel):
            labels.append((lab.text(), lab.textFormat()))
            lab.grab()
    monkeypatch.setattr(jobs.JobDialog, "_progress", _progress)


def hostile_plan(folder, bait_path):
    """The small 区 plan with markup in its title, a heading, a 专栏 and an indicator;
    its file name holds markup too."""
    h = hostile(bait_path)
    t = (support.TESTS / "fixtures" / "plans" / "chapters.txt").read_text(encoding="utf-8")
    t = (t.replace("某某区对外开放“十四五”规划", f"某某区{MARK}</b>对外开放规划")
         .replace("第一节 主要成效", f"第一节 主要成效{h}")
         .replace("专栏1 重点开放平台", f'专栏1 重点{h}开放平台<a href="\\\\host\\x">')
         .replace("货物进出口总额（亿元）", f"货物进出口{h}总额（亿元）"))
    p = folder / f"{MARK}<i>规划.txt"
    p.write_text(t, encoding="utf-8")
    return p


def colleague_file(folder, bait_path, section: str):
    """A bookmarks file from someone else: markup in every text it carries."""
    h = hostile(bait_path)
    rows = [dict(target_id=f"{Y2018}:专栏1", kind="box", title=f"书签{h}", target_title=f"专栏{h}",
                 document_title=f"规划{h}", note=f"备注{h}", created="2024-01-01T00:00:00"),
            dict(target_id="gone:nowhere", kind="highlight", title=f"找不到{h}", target_title=f"位置{h}",
                 quote=f"摘录{h}", note=f"批注{h}", created="2024-01-02T00:00:00"),
            dict(target_id=section, kind="highlight", title=f"高亮{h}", target_title=f"章节{h}",
                 quote="外贸进出口总额", prefix="", suffix="", note=f"批注{h}", created="2024-01-03T00:00:00")]
    p = folder / f"{MARK}<i>书签.json"
    p.write_text(json.dumps({"format": "plandesk-bookmarks/1", "bookmarks": rows}, ensure_ascii=False),
                 encoding="utf-8")
    return p


def import_hostile(seen: Seen, window, plan):
    def look(dlg):
        check_models(seen, dlg, "import preview")
        check_widgets(seen, dlg, "import preview")
        return True
    assert window.import_plans([str(plan)], preview=look) == "done"
    doc = next(d for d in window.store.documents() if d["origin"] == "imported")
    sec = next(s for s in window.store.sections(doc["id"]) if "ZQX" in s["title"])
    box = next(b for b in window.store.boxes(doc["id"]) if "ZQX" in b["title"])
    return doc, sec, box


def ask_the_questions(window, doc, box, folder):
    """The questions and notices that name data: answered No."""
    from desktop.window.export_dialog import WordExportDialog
    bm = window.bookmarks
    for r, row in enumerate(bm.model.rows):
        if "ZQX" in row["title"]:
            bm.view.selectRow(r)
            bm.delete()
    assert window.remove_plan(doc["id"]) == "cancelled"
    there = folder / f"{MARK}<i>.docx"
    there.write_bytes(b"x")
    dlg = WordExportDialog("导出", "标题", there.name, window)
    dlg.path.setText(str(there))
    dlg._accept()
    dlg.close()
    window.boxes.export([box["id"]], str(folder / f"{MARK}<i>导出.docx"), ask_open=True)
    broken = folder / f"{MARK}<i>坏.json"
    broken.write_text("{", encoding="utf-8")
    window.bookmarks.import_(str(broken))


def show_the_chart_title(window, bait_path):
    """A linked metric named with markup (the rows read are renamed here)."""
    v = window.open_indicators()
    metric = next(e["metric"] for e in v.model.all if e.get("metric"))
    for e in v.model.all:
        if e.get("metric") == metric:
            e["metric"] = f"指标{hostile(bait_path)}"
    v._filter(metric=f"指标{hostile(bait_path)}")
    return v


def test_data_is_shown_as_written_and_nothing_is_loaded(qtbot, window, bait, tmp_path, monkeypatch):
    bait_path, watch = bait
    seen, said, progress = Seen(watch, window), [], []
    record_messages(monkeypatch, said)
    record_progress(monkeypatch, progress)
    folder = tmp_path / "files"
    folder.mkdir()
    doc, sec, box = import_hostile(seen, window, hostile_plan(folder, bait_path))
    seen.phase("import")
    assert window.bookmarks.import_(str(colleague_file(folder, bait_path, sec["id"]))) == 3
    window.reader.go_to(sec["id"])
    window.add_bookmark()
    window.userdata.remember_search(f"查询{hostile(bait_path)}")
    window.home.refresh()
    window.reader.go_to(sec["id"])                       # the status line names where one reads
    seen.label("window/label statusText", window.status)
    seen.phase("reading")
    for _, h in noted(window.reader.marks):                # what hovering a note shows
        seen.check("reader highlight tooltip", window.reader.note_tip(h), tooltip=True)
    assert MARK in window.reader.view.toPlainText() and MARK in window.home.view.toPlainText()
    window.search.run_query("主要成效")
    wait_hits(qtbot, window.search)
    show_the_chart_title(window, bait_path)
    compare = window.open_compare()
    window.grab()
    seen.phase("painting")
    for root, name in ((window, "window"), (compare, "compare")):
        check_models(seen, root, name)
        check_widgets(seen, root, name)
    ask_the_questions(window, doc, box, folder)
    for title, text, fmt in said:
        seen.check(f"message {title}", text, fmt)
        lab = QLabel()
        lab.setTextFormat(fmt)
        lab.setText(text)
        lab.grab()                              # as the message box would lay it out
    for text, fmt in progress:
        seen.check("progress label", text, fmt)
    seen.phase("messages")
    report = [f"{w}: {s!r} shown as {o!r}" for w, s, o in seen.bad] + [f"read {f} during {p}" for p, f in seen.loads]
    assert not seen.bad and not seen.loads, "\n".join(report)
    expected = {"window/outline tooltip", "window/bookmarks tooltip", "window/searchResults tooltip",
                "window/searchResults hit", "window/boxesTable tooltip", "window/indicatorTable tooltip",
                "import preview/importTable tooltip", "window/label statusText", "window/label metricTitle",
                "reader highlight tooltip", "message 删除书签", "message 移除规划", "message 导出到 Word",
                "message 导出专栏", "progress label"}
    assert expected <= seen.where, expected - seen.where


def test_the_text_views_load_nothing_an_img_names(qtbot, bait, tmp_path):
    """The reader's, the home page's and the comparison's browser, the printed page
    and a search hit's document: an <img> in a heading is never read."""
    from PySide6.QtPrintSupport import QPrinter

    from desktop.window.printing import print_html
    from desktop.window.safe_browser import SafeBrowser
    bait_path, watch = bait
    html = f'<h1>标题<img src="{bait_path}"></h1><p>正文<img src="file://{bait_path}"></p>'
    b = SafeBrowser()
    qtbot.addWidget(b)
    b.resize(400, 300)
    b.show()
    b.setHtml(html)
    b.grab()
    QApplication.processEvents()
    assert watch.events() == []
    assert any(str(bait_path) in u for u in b.refused)
    b.textCursor().insertImage(str(bait_path))          # an image in the document itself: a blank pixel
    b.grab()
    QApplication.processEvents()
    assert watch.events() == []
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    assert print_html(html, printer, "页眉") >= 1
    assert watch.events() == []
