"""The window drives: outline → reader, history, zoom, line numbers, citation, PDF."""
from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QToolBar

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


# ---- issue 28: reading straight through, citing what is read, print preview, file names ----
DOC = "doc:open-platforms-2018"


def test_read_a_plan_straight_through_with_buttons_keys_and_links(qtbot, window):
    r = window.reader
    r.go_to(DOC)
    assert not r.act_prev_section.isEnabled() and r.act_next_section.isEnabled()
    assert r.act_prev_section.shortcut().toString() == "Alt+PgUp"
    assert "Alt+PgDown" in r.act_next_section.toolTip() and r.btn_next_sec.text() == "下一节 ▶"
    seen = [r.target]
    while r.act_next_section.isEnabled():
        r.btn_next_sec.click()
        seen.append(r.target)
    assert seen[:4] == [DOC, "open-platforms-2018:第一章", "open-platforms-2018:第二章", "open-platforms-2018:第三章"]
    assert seen[4:6] == [SEC, "open-platforms-2018:第三章/第二节"]        # a long chapter: its 节 one by one
    assert seen[-1] == "open-platforms-2018:第七章" and r.next_section() is None
    assert len(seen) == len(set(seen))
    # a short chapter is one page: its 节 in order, then the next chapter one click away
    r.go_to("open-platforms-2018:第一章")
    text = r.view.toPlainText().replace("\u3000", " ")       # Qt's HTML reading folds the ideographic space
    assert text.index("第一节 开放平台协同发展基础") < text.index("第二节") < text.index("下一节：第二章")
    assert text.index("上一节：重庆市开放平台协同发展规划") < text.index("第一章 开放平台协同发展基础")
    r.go_to("open-platforms-2018:第二章")
    qtbot.keyClick(r.view, Qt.Key.Key_PageUp, Qt.KeyboardModifier.AltModifier)
    assert r.target == "open-platforms-2018:第一章"
    qtbot.keyClick(r.view, Qt.Key.Key_PageDown, Qt.KeyboardModifier.AltModifier)
    assert r.target == "open-platforms-2018:第二章"
    assert r.prev_section() == "open-platforms-2018:第一章"
    shot(window, "reader-chapter-straight-through")


def test_boxes_stand_where_they_are_in_the_text(window):
    """2018 第三章第一节: 专栏1 between the paragraph that ends 示范区窗口 and the one on 口岸保税."""
    r = window.reader
    r.go_to(SEC)
    t = r.view.toPlainText()
    assert t.index("建成国家自主创新示范区窗口") < t.index("专栏1") < t.index("完善口岸保税平台核心功能") \
        < t.index("专栏2") < t.index("集成制度创新平台核心功能") < t.index("专栏3") < t.index("下一节：第二节")
    assert [u for _, u in r.units][:3] == ["open-platforms-2018:专栏1", SEC, "open-platforms-2018:专栏2"]


def test_copy_with_nothing_selected_cites_what_is_read_and_says_so(qtbot, window):
    r = window.reader
    told = []
    r.told.connect(told.append)
    for target, cited in ((SEC, "《重庆市开放平台协同发展规划》第三章第一节"),
                          ("open-platforms-2018:专栏1", "《重庆市开放平台协同发展规划》第三章第一节专栏1")):
        r.go_to(target)
        assert r.copy_with_citation() == cited
        assert QGuiApplication.clipboard().text() == cited
        assert told[-1] == f"已复制：{cited} 的引用"
    from PySide6.QtCore import QPoint
    r.go_to(SEC)
    menu = r.context_menu(QPoint(5, 5))                     # the right-click menu cites the place read too
    cites = {a.objectName(): a for a in menu.actions() if a.objectName().startswith("actCite")}
    assert cites and all(a.isEnabled() for a in cites.values())
    assert not [a for a in menu.actions() if a.objectName() == "actHighlight"][0].isEnabled()
    menu.deleteLater()
    r.view.setTextCursor(r.view.document().find("产业集聚平台功能定位"))       # the title of 专栏1, read in its section
    out = r.copy_with_citation()
    assert out.endswith("（《重庆市开放平台协同发展规划》第三章第一节专栏1）")
    assert told[-1].startswith("已复制：所选文字（10字）及出处")


def test_the_unreliable_order_is_one_line_until_details_is_clicked(window):
    from PySide6.QtCore import QUrl

    from desktop.present.render import DETAILS_LINK
    r = window.reader
    sid = window.store.sections("inland-opening-2021")[3]["id"]
    r.go_to(sid)
    warn = [ln for ln in r.view.toPlainText().splitlines() if ln.startswith("⚠")]
    assert warn == ["⚠ 原文顺序不可靠，所属章节仅供参考。 详情"]
    r.view.anchorClicked.emit(QUrl(DETAILS_LINK))
    assert r.target == sid and "顺序混乱" in r.view.toPlainText()
    r.go_to(SEC)
    r.go_to(sid)
    assert "顺序混乱" not in r.view.toPlainText()


def test_print_preview_shows_the_pages(qtbot, window):
    from PySide6.QtCore import QTimer
    r = window.reader
    r.go_to(SEC)
    r.pages_printed = 0
    seen = []

    def notes_on():
        seen.append((r.pages_printed, r.notes_printed))
        r._preview.findChild(QToolBar).actions()[-1].trigger()        # 打印批注, on the preview's toolbar

    QTimer.singleShot(500, notes_on)
    QTimer.singleShot(1000, lambda: r._preview.reject())
    r.act_print_notes.setChecked(False)
    window.userdata.add_highlight(SEC, {"quote": "明确各类平台的功能定位", "prefix": "", "suffix": ""},
                                  "open-platforms-2018", "", "", "批注")
    dlg = r.print_preview()
    assert dlg.windowTitle() == "打印预览" and seen[0][0] >= 3 and seen[0][1] == 0
    assert r.act_print_notes.isChecked() and r.notes_printed == 1             # previewed again, with the note
    r.act_print_notes.setChecked(False)


def test_the_print_dialog_offers_to_print_the_notes(window):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QCheckBox
    r = window.reader
    r.go_to(SEC)
    r.act_print_notes.setChecked(False)
    seen = []

    def tick():
        try:
            box = next(b for b in r._print_dialog.findChildren(QCheckBox) if b.text().startswith("打印批注"))
            box.setChecked(True)
            seen.append(box.text())
            seen.append(r._print_dialog.printer().docName())    # on X11, 打印到文件 offers it + .pdf
        finally:
            r._print_dialog.reject()

    QTimer.singleShot(300, tick)
    r.print_()
    assert seen and r.act_print_notes.isChecked()
    assert seen[1] == "2018 开放平台协同发展 第三章第一节 明确各类平台的功能定位"
    r.act_print_notes.setChecked(False)


def test_pdf_is_offered_under_the_plan_and_place_in_the_documents_folder(window, monkeypatch, tmp_path):
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog
    r = window.reader
    r.go_to(SEC)
    asked = []
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        lambda parent, title, start, filt: (asked.append(start), (str(tmp_path / "x.pdf"), ""))[1])
    r.save_pdf()
    docs = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    name = Path(asked[0]).name
    assert name == "2018 开放平台协同发展 第三章第一节 明确各类平台的功能定位.pdf"
    assert str(Path(asked[0]).parent) in (docs, str(Path.home())) and Path.cwd() != Path(asked[0]).parent
    r.go_to("open-platforms-2018:专栏1")
    r.save_pdf()
    assert Path(asked[1]).parent == tmp_path                                # the folder used last
    assert Path(asked[1]).name.startswith("2018 开放平台协同发展 第三章第一节专栏1 ")
    r.plan_label = lambda did: "开放/平台:规划"                              # a user's name, sanitised
    assert r.file_name().startswith("开放_平台_规划 第三章第一节专栏1")


def test_a_plan_s_references_and_the_plans_citing_it_are_links(window, tmp_path):
    from PySide6.QtCore import QUrl

    from tests.desktop.services.test_references import CITING, INLAND
    r = window.reader
    r.go_to("doc:chengyu-2022")
    text = r.view.toPlainText()
    assert "本规划引用的文件" in text and "《成渝地区双城经济圈建设规划纲要》 未收录 · 规划方案" in text
    assert "库中暂无其他规划引用本规划。" in text

    f = tmp_path / "某某区开放通道建设方案.txt"
    f.write_text(CITING, encoding="utf-8")
    assert window.import_plans([f], preview=lambda d: True) == "done"
    new = next(d["id"] for d in window.store.documents() if d["origin"] == "imported")
    r.go_to(f"{new}:一、")
    assert f'href="pd:doc:{INLAND}"' in r.view.toHtml()
    r.view.anchorClicked.emit(QUrl(f"pd:doc:{INLAND}"))          # the 《…》 in the text, as clicked
    assert r.target == f"doc:{INLAND}"
    text = r.view.toPlainText()
    cited = text[text.index("引用本规划的文件"):text.index("印发通知")]
    assert "某某区开放通道建设方案" in cited and "引用为《重庆市内陆开放高地“十四五”规划》" in cited
    r.view.anchorClicked.emit(QUrl(f"pd:{new}:一、"))              # back to where it is cited
    assert r.target == f"{new}:一、"
