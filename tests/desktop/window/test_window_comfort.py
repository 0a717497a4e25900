"""The window for a whole day's work: pages instead of narrow docks, short plan
labels, markers first, tooltips without ids, the home page, search tips, the
status bar, 关于与诊断, the Word export dialog."""
from __future__ import annotations

import re
from urllib.parse import quote

from docx import Document
from PySide6.QtCore import Qt, QUrl

from tests.helpers.deskhelp import answer_export, shot, wait_hits
from desktop.window.boxes_browser import COLS as BOX_COLS

INLAND, HITECH, Y2018 = "inland-opening-2021", "hightech-zone-2021", "open-platforms-2018"
ID_LIKE = re.compile(r"[a-z]+-[a-z0-9-]+-20\d\d(:|\b)")


def test_lists_are_pages_of_the_central_area(window):
    names = [window.pages.tabText(k) for k in range(window.pages.count())]
    assert names == ["首页", "阅读", "专栏", "书签与批注", "指标", "专题"]
    assert window.pages.currentWidget() is window.home           # what an official sees first
    docks = {d.objectName() for d in window.findChildren(type(window.dock_outline))}
    assert docks == {"dockOutline", "dockSearch"}
    for k, page in enumerate((window.home, window.reader, window.boxes, window.bookmarks, window.indicators,
                               window.topics)):
        window.findChild(type(window.act_export), f"actPage{k + 1}").trigger()
        assert window.pages.currentWidget() is page


def test_the_document_column_tells_the_plans_apart(window):
    m = window.boxes.model
    col = BOX_COLS.index("文件")
    labels = {m.index(r, col).data() for r in range(m.rowCount())}
    assert {"2021 内陆开放高地", "2021 高新区内陆开放高地"} <= labels
    assert all(len(x) <= 20 for x in labels)


def test_tooltips_show_content_never_ids(qtbot, window):
    window.reader.go_to(f"{Y2018}:专栏1")
    window.add_bookmark()
    bm = window.bookmarks.model
    tips = [bm.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(bm.rowCount())]
    m = window.boxes.model
    tips += [m.index(r, 0).data(Qt.ItemDataRole.ToolTipRole) for r in range(m.rowCount())]
    window.search.run_query("两江新区")
    wait_hits(qtbot, window.search)
    sm = window.search.model
    group = sm.index(0, 0)
    tips += [sm.index(r, 0, group).data(Qt.ItemDataRole.ToolTipRole) for r in range(sm.rowCount(group))]
    assert tips and all(t and not ID_LIKE.search(t) for t in tips), [t for t in tips if ID_LIKE.search(t or "")]


def test_home_page_cards_bookmarks_recent_searches_and_tips(qtbot, window):
    text = window.home.view.toPlainText()
    for d in window.store.documents():
        assert d["title"] in text
    assert "渝府发〔2021〕24号" in text and "重庆市人民政府" in text and "规划期 2021-2025" in text
    assert "专栏 9 个" in text and "原文顺序不可靠" in text
    assert "还没有书签" in text and "搜索提示" in text
    window.reader.go_to(f"{HITECH}:第二章/第四节")
    window.add_bookmark()
    window.userdata.remember_search("中欧班列")
    window.home.refresh()
    text = window.home.view.toPlainText()
    assert "第四节" in text and "中欧班列" in text
    for size in ((1280, 800), (1920, 1080)):
        window.resize(*size)
        window.show_page(window.home)
        qtbot.wait(30)
        shot(window, "home")
    # a card opens its plan; an example runs a search
    window.home.view.anchorClicked.emit(QUrl(f"pd:doc:{INLAND}"))
    assert window.reader.target == f"doc:{INLAND}" and window.pages.currentWidget() is window.reader
    window.home.view.anchorClicked.emit(QUrl("q:" + quote("两江新区")))
    assert window.search.edit.text() == "两江新区"
    wait_hits(qtbot, window.search)


def test_the_empty_search_panel_shows_the_tips(qtbot, window):
    s = window.search
    assert s.stack.currentWidget() is s.tips and "搜索提示" in s.tips.toPlainText()
    s.tips.anchorClicked.emit(QUrl("q:" + quote("\"国际物流枢纽\"")))
    assert s.edit.text() == "\"国际物流枢纽\""
    wait_hits(qtbot, s)
    assert s.stack.currentWidget() is s.view
    s.edit.clear()
    assert s.stack.currentWidget() is s.tips


def test_section_hits_show_their_chapter():
    from desktop.window.search_panel import snippet_html
    from search.engine import Hit
    h = Hit("section", "x:第三章/第一节", "x", "第一节 明确功能定位", "第三章/第一节", "…", 1.0, [])
    assert "第三章" in snippet_html(h)


def test_status_bar_says_where_one_reads_never_the_data_folder(window):
    window.reader.go_to(f"{Y2018}:第三章/第一节")
    text = window.status.text()
    assert "《重庆市开放平台协同发展规划》第三章第一节" in text and "5 份规划" in text
    assert str(window.data) not in text and "plans.sqlite" not in text
    dlg = window.show_about()
    assert str(window.data) in dlg.findChild(type(window.home.view).__mro__[1], "aboutText").toPlainText()
    assert str(window.data) in dlg.copy()
    dlg.close()


def test_word_export_asks_a_title_and_remembers_the_folder(qtbot, window, monkeypatch, tmp_path):
    from desktop.window.export_dialog import WordExportDialog, last_dir
    out = tmp_path / "sub" / "汇编.docx"
    out.parent.mkdir()
    asked = []
    answer_export(monkeypatch, out, title="开放平台功能定位汇编", asked=asked)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question", lambda *a, **k: 0)
    window.boxes.export([f"{Y2018}:专栏1"])
    assert out.exists()
    assert "开放平台功能定位汇编" in "\n".join(p.text for p in Document(str(out)).paragraphs[:3])
    assert last_dir() == str(out.parent)
    dlg = WordExportDialog("导出 1 个专栏", "专栏汇编", "专栏汇编.docx", window)
    assert dlg.path.text().startswith(str(out.parent))
    shot(dlg, "word-export-dialog")
    dlg.close()


def test_about_shows_versions_state_and_log_and_rebuilds_the_index(qtbot, window):
    from PySide6.QtWidgets import QPushButton

    from db import logfile
    from db.version import version
    dlg = window.show_about()
    rows = dict(dlg.rows)
    assert rows["PlanDesk 版本"] == version()
    assert rows["规划数据状态"] == "正常" and rows["搜索索引状态"] == "正常"
    assert rows["日志"] == str(logfile.log_path(window.data))
    btn = dlg.findChild(QPushButton, "aboutRebuildIndex")
    assert btn is not None and btn.text() == "重建索引"
    btn.click()
    qtbot.waitUntil(lambda: window.search.index_note == "搜索索引已重建", timeout=30000)
