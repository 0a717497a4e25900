"""Bookmarks: add with Ctrl+D, annotate, survive a rebuild, vanish visibly, delete, export/import."""
from __future__ import annotations

import json
import shutil

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from db import paths
from tests.helpers.deskhelp import shot
from desktop.window.bookmarks_panel import COL_NOTE

BOX = "open-platforms-2018:专栏1"
SEC = "ftz-2022:五、"


def test_bookmark_survives_rebuild_and_vanishes_visibly(qtbot, window, tmp_path, monkeypatch):
    w = window
    from desktop.window.note_dialog import NoteDialog
    monkeypatch.setattr(NoteDialog, "exec", lambda self: True)      # Ctrl+D's optional 备注: left empty, 确定
    w.reader.go_to(BOX)
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    w.reader.go_to(SEC)
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    m = w.bookmarks.model
    assert {r["target_id"] for r in m.rows} == {BOX, SEC}
    # Ctrl+D again on a bookmarked target does not duplicate it
    qtbot.keyClick(w, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    assert len(m.rows) == 2
    row = m.row_of(w.userdata.find(BOX)["id"])
    assert m.setData(m.index(row, COL_NOTE), "三类平台定位的总表")
    assert m.setData(m.index(row, 0), "功能定位表")
    w.show_page(w.bookmarks)
    shot(w, "bookmarks")

    # full rebuild of the store: bookmarks keyed by stable ids keep their targets
    assert w.rebuild() == "done"
    rows = {r["target_id"]: r for r in w.bookmarks.model.rows}
    assert rows[BOX]["exists"] and rows[BOX]["note"] == "三类平台定位的总表"
    assert rows[BOX]["title"] == "功能定位表"

    # a corpus update that drops the FTZ plan: its bookmark stays, marked as vanished
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for f in paths.resource("corpus").iterdir():
        if not f.name.startswith("001_"):
            shutil.copy(f, corpus / f.name)
    assert w.rebuild(corpus) == "done"
    rows = {r["target_id"]: r for r in w.bookmarks.model.rows}
    assert set(rows) == {BOX, SEC}
    assert rows[BOX]["exists"] and not rows[SEC]["exists"]
    r = w.bookmarks.model.row_of(rows[SEC]["id"])
    assert "原文已不存在" in w.bookmarks.model.index(r, 0).data()

    # delete asks, then removes
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    w.bookmarks.select(rows[SEC]["id"])
    w.bookmarks.delete()
    assert [x["target_id"] for x in w.bookmarks.model.rows] == [BOX]


def test_export_import_json(qtbot, window, tmp_path):
    w = window
    w.reader.go_to(BOX)
    w.add_bookmark()
    bid = w.userdata.find(BOX)["id"]
    w.userdata.set_note(bid, "备注：用于简报")
    f = tmp_path / "bm.json"
    w.bookmarks.export(str(f))
    data = json.loads(f.read_text(encoding="utf-8"))
    assert data["format"] == "plandesk-bookmarks/1"
    assert data["bookmarks"][0]["target_id"] == BOX and data["bookmarks"][0]["note"] == "备注：用于简报"
    w.userdata.delete(bid)
    w.bookmarks.model.reload()
    assert w.bookmarks.import_(str(f)) == 1
    assert w.bookmarks.import_(str(f)) == 0          # importing twice adds nothing
    assert w.userdata.find(BOX)["note"] == "备注：用于简报"


def test_user_data_is_separate_from_store(window):
    assert paths.user_db(window.data).exists()
    assert paths.user_db(window.data) != paths.plans_db(window.data)


def test_a_double_click_on_any_column_opens_the_bookmark(qtbot, window):
    """Issue 28: double-click opened only from 文件 and 日期 (the title and the note
    started an edit). Every column opens; F2 still edits."""
    from desktop.window.bookmarks_panel import COLS
    w = window
    doc = w.store.documents()[0]["id"]
    w.userdata.add(BOX, "box", "功能定位表", document_id=doc, note="三类平台")
    w.session.tell("userdata")
    v = w.bookmarks.view
    for c in range(len(COLS)):
        w.reader.go_to(SEC)
        w.show_page(w.bookmarks)
        qtbot.wait(60)                           # laid out (row heights follow wrapping)
        rect = v.visualRect(w.bookmarks.model.index(0, c))
        qtbot.mouseClick(v.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())     # a double-click's
        qtbot.mouseDClick(v.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())    # first press
        assert w.pages.currentWidget() is w.reader and w.reader.target == BOX, COLS[c]
    assert v.editTriggers() == v.EditTrigger.EditKeyPressed


def test_the_note_dialog_is_large_and_wraps(qtbot, window, monkeypatch):
    """The 批注 dialog was a small box; it is several wrapped lines, reused for Ctrl+D's 备注."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QPlainTextEdit
    from desktop.window.note_dialog import NoteDialog, edit_note
    w = window
    doc = w.store.documents()[0]["id"]
    bid = w.userdata.add(BOX, "box", "功能定位表", document_id=doc, note="第一行")
    w.session.tell("userdata")
    w.show_page(w.bookmarks)
    w.bookmarks.select(bid)
    seen = {}

    def answer():
        dlg = w.bookmarks._dialog
        seen.update(size=dlg.size(), wrap=dlg.edit.lineWrapMode(), text=dlg.edit.toPlainText())
        dlg.edit.setPlainText("第一行\n" + "很长的批注" * 40)
        shot(dlg, "note-dialog")
        dlg.accept()
    QTimer.singleShot(0, answer)
    w.bookmarks.edit_note()
    assert seen["text"] == "第一行" and seen["wrap"] == QPlainTextEdit.LineWrapMode.WidgetWidth
    assert seen["size"].width() >= 480 and seen["size"].height() >= 260
    assert w.userdata.bookmark(bid)["note"] == "第一行\n" + "很长的批注" * 40

    QTimer.singleShot(0, lambda: w._dialog.reject())
    assert edit_note(w, "备注", "x") is None                  # cancelled: None, not ""
    QTimer.singleShot(0, lambda: w._dialog.accept())
    assert edit_note(w, "备注", "  保留  ") == "保留"
    assert isinstance(w._dialog, NoteDialog)


def test_plans_in_the_list_are_named_by_the_session(qtbot, window):
    from desktop.window.bookmarks_panel import COL_DOC, BookmarksPanel
    w = window
    w.userdata.add(BOX, "box", "功能定位表", document_id="open-platforms-2018")
    w.session.rename_plan("open-platforms-2018", "平台协同")
    p = BookmarksPanel(w.userdata, w.store, labels=w.session.plan_labels)
    qtbot.addWidget(p)
    assert p.model.index(0, COL_DOC).data() == "平台协同"
