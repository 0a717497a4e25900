"""The window drives: outline → reader, history, zoom, line numbers, citation, PDF."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from desktop.window.outline_model import TargetRole

from tests.helpers.deskhelp import shot

SEC = "open-platforms-2018:第三章/第一节"


def test_open_section_from_tree(qtbot, window):
    idx = window.outline_model.index_of(SEC)
    assert idx.isValid() and idx.data(TargetRole) == SEC
    window.outline.scrollTo(idx)
    rect = window.outline.visualRect(idx)
    qtbot.mouseClick(window.outline.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.reader.target == SEC
    text = window.reader.view.toPlainText()
    assert "明确各类平台的功能定位" in text
    # the positioning tables sit in this section as real tables
    assert "专栏1" in text and "两江新区" in text and "内陆国际物流枢纽和口岸高地" in text
    shot(window, "reader-section")


def test_box_table_and_document_views(qtbot, window):
    window.reader.go_to("open-platforms-2018:专栏1")
    html = window.reader.view.toHtml()
    assert "<table" in html and "战略定位" in window.reader.view.toPlainText()
    shot(window, "reader-box-table")
    window.reader.go_to("doc:inland-opening-2021")
    assert "顺序混乱" in window.reader.view.toPlainText()   # the unreliable-order warning
    shot(window, "reader-document-warning")


def test_unreliable_document_is_marked_in_outline(window):
    idx = window.outline_model.index_of("doc:inland-opening-2021")
    assert idx.data().startswith("⚠ ")
    assert "顺序不可靠" in idx.data(Qt.ItemDataRole.ToolTipRole)
    assert "顺序混乱" in idx.data(Qt.ItemDataRole.ToolTipRole)
    ok = window.outline_model.index_of("doc:open-platforms-2018")
    assert "⚠" not in ok.data() and "顺序" not in ok.data(Qt.ItemDataRole.ToolTipRole)


def test_history_back_forward(qtbot, window):
    r = window.reader
    r.go_to("open-platforms-2018:第一章")
    r.go_to(SEC)
    r.go_to("open-platforms-2018:专栏4")
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert r.target == SEC
    qtbot.keyClick(window, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert r.target == "open-platforms-2018:第一章"
    qtbot.keyClick(window, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    assert r.target == SEC


def test_breadcrumb_link_navigates(window):
    r = window.reader
    r.go_to(SEC)
    from PySide6.QtCore import QUrl
    r.view.anchorClicked.emit(QUrl("pd:open-platforms-2018:第三章"))
    assert r.target == "open-platforms-2018:第三章"


def test_zoom_keys_change_and_clamp(qtbot, window):
    r = window.reader
    r.set_zoom(1.0)
    qtbot.keyClick(window, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert r.zoom == 1.1
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert r.zoom == 0.9
    for _ in range(30):
        r.zoom_out()
    assert r.zoom == 0.7


def test_line_numbers_on_demand(window):
    r = window.reader
    r.go_to(SEC)
    assert "〔第" not in r.view.toPlainText()
    r.toggle_lines()
    assert "〔第" in r.view.toPlainText()
    r.toggle_lines()


def test_copy_with_citation(window):
    r = window.reader
    r.go_to(SEC)
    doc = r.view.document()
    c = doc.find("口岸和保税功能平台")
    assert not c.isNull()
    r.view.setTextCursor(c)
    out = r.copy_with_citation()
    assert out.startswith("口岸和保税功能平台")
    assert out.endswith("（《重庆市开放平台协同发展规划》第三章第一节）")
    assert QGuiApplication.clipboard().text() == out


def test_save_pdf(tmp_path, window):
    window.reader.go_to("open-platforms-2018:专栏1")
    p = window.reader.save_pdf(str(tmp_path / "box.pdf"))
    data = Path(p).read_bytes()
    assert data.startswith(b"%PDF") and len(data) > 5000


def test_f1_and_ctrl_f(qtbot, window):
    qtbot.keyClick(window, Qt.Key.Key_F1)
    box = window._help
    assert box.isVisible() and "Ctrl+D" in box.text()
    shot(box, "shortcuts")
    box.close()
    window.activateWindow()
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.search.edit.hasFocus() or window.focusWidget() is window.search.edit
