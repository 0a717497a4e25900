"""The 专栏 dock: every box listed, filters, ticking, export of ticked / bookmarked /
current boxes (Ctrl+E) to Word."""
from __future__ import annotations

from pathlib import Path

from docx import Document
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QPushButton

from tests.helpers.deskhelp import answer_export, shot, type_text
from desktop.window.boxes_browser import BoxIdRole

HITECH = "hightech-zone-2021"
Y2018 = "open-platforms-2018"
CHECK = Qt.ItemDataRole.CheckStateRole


def shown_ids(m) -> list[str]:
    return [m.index(r, 0).data(BoxIdRole) for r in range(m.rowCount())]


def headings(path) -> list[str]:
    return [p.text for p in Document(str(path)).paragraphs if p.style.name == "Heading 1"]


def heading_of(store, bid) -> str:
    b = store.box(bid)
    return f"{b['label']} {b['title']}"


def tick(m, bid, on=True):
    r = shown_ids(m).index(bid)
    assert m.setData(m.index(r, 0), Qt.CheckState.Checked if on else Qt.CheckState.Unchecked, CHECK)
    assert m.index(r, 0).data(CHECK) == (Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)


def test_lists_every_box(window):
    m = window.boxes.model
    boxes = window.store.boxes()
    assert m.rowCount() == len(boxes) and m.columnCount() == 4
    # every box once: plans in order, within a plan by number (002 prints 专栏3 first)
    assert sorted(shown_ids(m)) == sorted(b["id"] for b in boxes)
    inland = [i for i in shown_ids(m) if i.startswith("inland-opening-2021:")]
    assert inland == [f"inland-opening-2021:专栏{n}" for n in range(1, 10)]
    r = shown_ids(m).index(f"{Y2018}:专栏1")
    assert [m.index(r, c).data() for c in range(4)] == ["专栏1", "产业集聚平台功能定位", "8", "2018 开放平台协同发展"]
    assert m.flags(m.index(r, 0)) & Qt.ItemFlag.ItemIsUserCheckable
    assert m.index(r, 0).data(CHECK) == Qt.CheckState.Unchecked


def test_filter_by_document_and_keyword(qtbot, window):
    b = window.boxes
    m = b.model
    b.doc_box.setCurrentIndex(b.doc_box.findData(HITECH))
    assert shown_ids(m) == [x["id"] for x in window.store.boxes(HITECH)]
    type_text(b.find, "软件")
    ids = shown_ids(m)
    assert ids and len(ids) < len(window.store.boxes(HITECH))
    for bid in ids:
        assert bid.startswith(HITECH + ":")
        bx = window.store.box(bid)
        assert "软件" in bx["title"] + "".join(i["text"] for i in window.store.items(bid))
    assert f"{HITECH}:专栏6-1" in ids           # 建设西部软件名园
    # keyword over all documents; two words must both be found
    b.doc_box.setCurrentIndex(0)
    b.find.clear()
    type_text(b.find, "果园港")
    ids = shown_ids(m)
    assert f"{Y2018}:专栏5" in ids and len({i.split(':')[0] for i in ids}) >= 2
    b.find.clear()
    type_text(b.find, "果园港 大宗商品")
    assert f"{Y2018}:专栏5" in shown_ids(m) and len(shown_ids(m)) < len(ids)
    b.find.clear()
    type_text(b.find, "没有这样的专栏词")
    assert m.rowCount() == 0
    b.find.clear()
    assert m.rowCount() == len(window.store.boxes())


def test_tick_two_and_export(qtbot, window, tmp_path):
    m = window.boxes.model
    a, c = f"{HITECH}:专栏4-1", f"{Y2018}:专栏2"
    tick(m, a)
    tick(m, c)
    # ticks survive filtering; export goes in document order
    window.boxes.doc_box.setCurrentIndex(window.boxes.doc_box.findData(HITECH))
    assert m.selected_ids() == [c, a]
    window.boxes.doc_box.setCurrentIndex(0)
    out = tmp_path / "two.docx"
    got = []
    window.boxes.exported.connect(got.append)
    assert window.boxes.export_selected(str(out), ask_open=False) == str(out)
    assert out.exists() and got == [str(out)]
    assert headings(out) == [heading_of(window.store, c), heading_of(window.store, a)]
    text = "\n".join(p.text for p in Document(str(out)).paragraphs)
    assert "（来源：《重庆高新区内陆开放高地建设“十四五”规划》第四章第一节）" in text
    assert not [f for f in tmp_path.iterdir() if f.name.startswith(".plandesk-")]
    # the dialog already asked about replacing: exporting again overwrites
    tick(m, c, on=False)
    assert window.boxes.export_selected(str(out), ask_open=False) == str(out)
    assert headings(out) == [heading_of(window.store, a)]
    # .docx is added when missing
    assert window.boxes.export_selected(str(tmp_path / "noext"), ask_open=False) == str(tmp_path / "noext.docx")
    assert (tmp_path / "noext.docx").exists()
    window.show_page(window.boxes)
    qtbot.waitUntil(window.boxes.isVisible, timeout=2000)
    shot(window, "boxes-browser")


def test_select_all_and_clear(window):
    b = window.boxes
    b.doc_box.setCurrentIndex(b.doc_box.findData(Y2018))
    b.findChild(QPushButton, "boxAll").click()
    assert b.model.selected_ids() == [x["id"] for x in window.store.boxes(Y2018)]
    b.findChild(QPushButton, "boxNone").click()
    assert b.model.selected_ids() == []


def test_export_nothing_ticked_says_so(window, monkeypatch, tmp_path):
    tmp_path = tmp_path / "out"             # tmp_path itself holds the window's data copy
    tmp_path.mkdir()
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    assert window.boxes.export_selected(str(tmp_path / "x.docx"), ask_open=False) is None
    assert window.boxes.export_bookmarked(str(tmp_path / "y.docx"), ask_open=False) is None
    assert said == ["请先勾选要导出的专栏。", "书签中没有专栏。"]
    assert list(tmp_path.iterdir()) == []


def test_export_bookmarked(qtbot, window, tmp_path):
    a, s = f"{Y2018}:专栏7", "ftz-2022:五、"
    for t in (a, s):                       # a box and a section: only the box is exported
        window.reader.go_to(t)
        assert window.add_bookmark()
    b2 = f"{HITECH}:专栏9-3"
    window.reader.go_to(b2)
    window.add_bookmark()
    out = tmp_path / "bm.docx"
    assert window.boxes.export_bookmarked(str(out), ask_open=False) == str(out)
    assert headings(out) == [heading_of(window.store, a), heading_of(window.store, b2)]


def test_ctrl_e_exports_the_box_being_read(qtbot, window, monkeypatch, tmp_path):
    out = tmp_path / "current.docx"
    asked = []
    answer_export(monkeypatch, out, asked=asked)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    assert window.boxes.model.selected_ids() == []
    bid = f"{Y2018}:专栏3"
    window.reader.go_to(bid)
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(out.exists, timeout=5000)
    b = window.store.box(bid)
    named = f"2018 开放平台协同发展 {b['label']} {b['title']}"            # one box: named after it, not 专栏汇编
    assert asked and asked[0][0] == "导出到 Word" and asked[0][1] == named
    assert asked[0][2].endswith(f"{named}.docx")
    assert headings(out) == [heading_of(window.store, bid)]
    doc = Document(str(out))
    assert len(doc.tables) == 1 and doc.tables[0].rows[1].cells[0].text == "重庆自贸试验区"


def test_ctrl_e_prefers_ticked_boxes(qtbot, window, monkeypatch, tmp_path):
    out = tmp_path / "ticked.docx"
    answer_export(monkeypatch, out)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    tick(window.boxes.model, f"{HITECH}:专栏8-2")
    window.reader.go_to(f"{Y2018}:专栏3")
    assert window.act_export.shortcut().toString() == "Ctrl+E"
    window.act_export.trigger()
    assert headings(out) == [heading_of(window.store, f"{HITECH}:专栏8-2")]


def test_ctrl_e_without_a_box_points_to_the_boxes_page(qtbot, window, monkeypatch, tmp_path):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    answer_export(monkeypatch, "", asked=(asked := []))
    window.reader.go_to(f"{Y2018}:第三章/第一节")
    assert window.export_boxes() is None
    assert said and "勾选" in said[0]
    assert window.pages.currentWidget() is window.boxes and not asked
    # 导出当前专栏 on a section: refused
    assert window.export_current_box() is None
    assert said[-1] == "当前显示的不是专栏。"


def test_cancelled_file_dialog_writes_nothing(window, monkeypatch, tmp_path):
    answer_export(monkeypatch, "")
    monkeypatch.chdir(tmp_path)
    before = sorted(Path(tmp_path).rglob("*"))
    window.reader.go_to(f"{Y2018}:专栏1")
    assert window.export_current_box() is None
    assert sorted(Path(tmp_path).rglob("*")) == before


def test_author_and_company_from_the_dialog_are_written_and_remembered(qtbot, window, monkeypatch, tmp_path):
    from desktop.window.export_dialog import WordExportDialog, signature

    def exec_(dlg):
        dlg.path.setText(str(tmp_path / "signed.docx"))
        dlg.author.setText("李四")
        dlg.company.setText("重庆市发展和改革委员会")
        dlg._accept()
        return 1
    monkeypatch.setattr(WordExportDialog, "exec", exec_)
    out = window.boxes.export([f"{Y2018}:专栏3"], ask_open=False)
    doc = Document(str(out))
    assert doc.core_properties.author == "李四"
    import zipfile
    with zipfile.ZipFile(out) as z:
        assert "<Company>重庆市发展和改革委员会</Company>" in z.read("docProps/app.xml").decode("utf-8")
    assert signature() == ("李四", "重庆市发展和改革委员会")
    again = WordExportDialog("x", "t", "f.docx")          # the next export starts from them
    assert again.author.text() == "李四" and again.company.text() == "重庆市发展和改革委员会"


def test_a_long_plan_name_never_squeezes_the_titles(qtbot, window):
    """Issue 28 item 7: after an import (or a rename) the 文件 column grew to the long
    label and the titles shrank to a character a line. The label is on one line,
    elided, whole in the tooltip; the titles keep the room."""
    from desktop.window.boxes_browser import COLS
    window.show_page(window.boxes)
    doc = window.store.documents()[0]["id"]
    name = ("重庆市推进西部陆海新通道建设与内陆开放高地建设若干重点任务实施方案" * 2)[:60]
    window.session.rename_plan(doc, name)               # tells USERDATA: the page follows
    qtbot.wait(200)
    v, m = window.boxes.view, window.boxes.model
    r = next(k for k in range(m.rowCount()) if m.rows[k]["doc"] == doc)
    assert m.index(r, COLS.doc).data() == name and name in m.index(r, COLS.doc).data(Qt.ItemDataRole.ToolTipRole)
    assert window.boxes.doc_box.findText(name) > 0       # the plan filter names it so too
    hh = v.horizontalHeader()
    assert hh.sectionSize(COLS.doc) <= 220
    assert hh.sectionSize(COLS.title) >= 0.4 * v.viewport().width()
    assert v.rowHeight(r) < 2.5 * v.fontMetrics().height()      # one line a row, not one character a line
    for size in ((1280, 800), (1920, 1080)):
        window.resize(*size)
        qtbot.wait(100)
        assert hh.sectionSize(COLS.title) >= 0.4 * v.viewport().width()
        assert v.rowHeight(r) < 2.5 * v.fontMetrics().height()
        shot(window, "boxes-long-plan-name")


def test_a_bookmark_reads_nothing_on_the_page(window):
    """USERDATA reaches the page for the plans' names; a bookmark alone reads no box."""
    resets = []
    window.boxes.model.modelReset.connect(lambda: resets.append(1))
    window.reader.go_to(f"{Y2018}:专栏1")
    window.add_bookmark()
    assert resets == []
