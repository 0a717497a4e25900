"""Search as you type, open a hit with its matches highlighted, step through them."""
from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers.deskhelp import shot, type_text, wait_hits


def test_type_search_open_hit_and_step(qtbot, window):
    panel = window.search
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    type_text(panel.edit, "西永综保区")
    wait_hits(qtbot, panel)
    assert "条结果" in panel.status.text()
    # results are grouped by document: each group's hits belong to it
    for did, hits in panel.model.groups:
        assert all(h.document_id == did for h in hits)
    shot(window, "search-results")
    first = panel.model.groups[0][1][0]
    qtbot.keyClick(panel.edit, Qt.Key.Key_Return)
    r = window.reader
    assert r.target == first.id
    assert len(r.matches) >= 1 and r.current == 0
    # the first match is where the cursor is, so it is scrolled into view
    assert r.view.textCursor().position() == r.matches[0].selectionStart()
    text = r.view.toPlainText()
    for m in r.matches:
        assert m.selectedText() in ("西永综合保税区", "西永综保区")
    shot(window, "search-opened-hit")
    n = len(r.matches)
    if n > 1:
        qtbot.keyClick(window, Qt.Key.Key_F3)
        assert r.current == 1
        qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
        assert r.current == 0
    qtbot.keyClick(window, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert r.current == n - 1   # wraps around
    assert f"匹配 {n}/{n}" == r.match_label.text()
    assert "西永" in text


def test_filters_restrict_results(qtbot, window):
    panel = window.search
    panel.kind_box.setCurrentIndex(panel.kind_box.findData("box"))
    panel.doc_box.setCurrentIndex(panel.doc_box.findData("hightech-zone-2021"))
    type_text(panel.edit, "人才")
    wait_hits(qtbot, panel)
    hits = [h for _, hs in panel.model.groups for h in hs]
    assert hits and all(h.kind == "box" and h.document_id == "hightech-zone-2021" for h in hits)


def test_stale_results_are_dropped(qtbot, window):
    panel = window.search
    type_text(panel.edit, "两江新区")
    wait_hits(qtbot, panel)
    before = panel.model.hit_count()
    current = panel.rid
    panel._results(current - 1, [], 0.0)          # an answer to an older query arrives late
    assert panel.model.hit_count() == before


def test_recent_searches_remembered(qtbot, window):
    panel = window.search
    type_text(panel.edit, "陆海新通道")
    wait_hits(qtbot, panel)
    qtbot.keyClick(panel.edit, Qt.Key.Key_Return)
    assert window.userdata.recent_searches()[0] == "陆海新通道"
    assert "陆海新通道" in panel.recent.stringList()


def test_no_results_message(qtbot, window):
    panel = window.search
    type_text(panel.edit, "没有这个词语的规划文本ZZZ")
    qtbot.waitUntil(lambda: panel.status.text() == "没有找到", timeout=5000)
