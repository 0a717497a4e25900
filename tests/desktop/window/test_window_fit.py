"""The first window on a laptop: inside the screen, title bar and frame counted; the
F1 list is every shortcut the menus have, written as the menus write them; the outline
followed by the reader on arrow keys; a plan renamed from the outline."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtTest import QTest

Y2018 = "open-platforms-2018"


def _window(qtbot, data):
    from desktop.window.main_window import MainWindow
    w = MainWindow(data)
    qtbot.addWidget(w)
    return w


def _close(w):
    w.search.shutdown()
    w.store.close()
    w.userdata.close()


def test_the_first_window_fits_the_available_screen(qtbot, data_copy, clean_settings):
    w = _window(qtbot, data_copy)
    w.show()
    qtbot.waitExposed(w)
    screen = w.screen().availableGeometry()
    qtbot.waitUntil(lambda: screen.contains(w.frameGeometry()), timeout=2000)
    assert w.width() >= screen.width() * 0.8         # a laptop's screen used, not a small box in it
    _close(w)


def test_a_size_saved_on_a_larger_screen_is_fitted_to_this_one(qtbot, data_copy, clean_settings):
    w = _window(qtbot, data_copy)
    w.resize(2400, 1500)
    w.move(300, 200)
    w.save_state()
    _close(w)
    w2 = _window(qtbot, data_copy)
    w2.show()
    qtbot.waitExposed(w2)
    screen = w2.screen().availableGeometry()
    qtbot.waitUntil(lambda: screen.contains(w2.frameGeometry()), timeout=2000)
    _close(w2)


def test_f1_lists_every_menu_shortcut_as_the_menu_writes_it(window):
    listed = dict((v, k) for k, v in window.shortcuts())
    for name in ["actImport", "actPage1", "actPage5", "actCite", "actBack", "actZoomIn", "actHelp"]:
        a = window.findChild(type(window.actions()[0]), name)
        keys = a.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert keys and keys in listed[a.text().rstrip("…")], (name, keys)
    back = window.findChild(type(window.actions()[0]), "actBack").shortcut()
    box = window.show_shortcuts()
    assert "Ctrl+O" in box.text() and "Ctrl+5" in box.text()
    assert back.toString(QKeySequence.SequenceFormat.NativeText) in box.text()     # as the 查看 menu shows it
    box.close()


def test_arrow_keys_in_the_outline_move_the_reader(qtbot, window):
    from desktop.window.outline_model import TargetRole
    first = window.outline_model.index(0, 0)
    window.outline.expand(first)
    window.outline.setFocus()
    window.outline.setCurrentIndex(first)
    qtbot.waitUntil(lambda: window.reader.target == first.data(TargetRole), timeout=2000)
    QTest.keyClick(window.outline, Qt.Key.Key_Down)
    now = window.outline.currentIndex().data(TargetRole)
    assert now and now != first.data(TargetRole)
    qtbot.waitUntil(lambda: window.reader.target == now, timeout=2000)


def test_a_plan_renamed_from_the_outline_is_named_so_in_lists_not_in_citations(qtbot, window):
    from db.citation import cite
    assert window.rename_plan(Y2018, "开放平台规划") == "开放平台规划"
    assert window.session.plan_labels()[Y2018] == "开放平台规划"
    assert "开放平台规划" in window.session.userdata.plan_names().values()
    assert "协同发展规划" in cite(window.store, f"{Y2018}:第一章")
    assert window.rename_plan(Y2018, "") == "2018 开放平台协同发展"


def test_a_long_status_line_never_widens_the_window(qtbot, window):
    before = window.minimumSizeHint().width()
    window.status.setText("《重庆市全面融入共建“一带一路”加快建设内陆开放高地“十四五”规划》" * 12)
    qtbot.wait(50)
    assert window.minimumSizeHint().width() <= max(before, 900)
    assert window.status.toolTip() and "十四五" in window.status.full_text()
    assert window.width() <= 1280


def test_reading_on_is_in_the_menus_and_what_was_copied_is_said(qtbot, window):
    from PySide6.QtGui import QAction
    window.reader.go_to(f"{Y2018}:第一章")
    nxt = window.findChild(QAction, "actNextSection")
    assert nxt is not None and nxt in window.menuBar().actions()[2].menu().actions()
    before = window.reader.target
    nxt.trigger()
    assert window.reader.target != before
    assert any("下一节" in v for _, v in window.shortcuts())
    window.reader.copy_with_citation()
    assert window.statusBar().currentMessage().startswith("已复制")
    assert window.findChild(QAction, "actPrintPreview") is not None


def test_a_renamed_plan_is_named_so_in_the_outline_home_search_and_bookmarks(qtbot, window):
    from desktop.window.outline_model import TargetRole
    window.reader.go_to(f"{Y2018}:第一章")
    assert window.add_bookmark()
    first = window.outline_model.index(0, 0)
    window.outline.expand(first)
    n_children = window.outline_model.rowCount(first)
    window.rename_plan(Y2018, "开放平台三年规划")
    assert first.data() == "开放平台三年规划" and first.data(TargetRole) == f"doc:{Y2018}"
    assert window.outline.isExpanded(first) and window.outline_model.rowCount(first) == n_children
    assert "开放平台三年规划" in window.home.view.toPlainText()
    combo = [window.search.doc_box.itemText(k) for k in range(window.search.doc_box.count())]
    assert "开放平台三年规划" in " ".join(combo)
    m = window.bookmarks.model
    cells = [m.index(r, c).data() for r in range(m.rowCount()) for c in range(m.columnCount())]
    assert "开放平台三年规划" in cells


def test_ctrl_d_offers_an_optional_note(qtbot, window):
    window.reader.go_to(f"{Y2018}:第一章")

    def write(dlg):
        from PySide6.QtWidgets import QLabel
        assert "第一章" in dlg.findChild(QLabel).text()
        dlg.edit.setPlainText("周五会上要用")
        return True
    bid = window.add_bookmark_asking(write)
    assert window.userdata.bookmark(bid)["note"] == "周五会上要用"
    window.reader.go_to(f"{Y2018}:第二章")
    assert window.add_bookmark_asking(lambda dlg: False) is None
    assert window.userdata.find(f"{Y2018}:第二章") is None
