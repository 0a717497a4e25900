"""Search as you type, open a hit with its matches highlighted, step through them."""
from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLabel

from search.engine import Hit
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


def search_for(qtbot, panel, text: str):
    """Type a new query (replacing the old) and wait until its results are shown."""
    with qtbot.waitSignal(panel.shown, timeout=8000):
        panel.edit.clear()
        type_text(panel.edit, text)
    assert panel.edit.text() == text


def test_a_new_search_starts_at_the_top_on_the_best_plan(qtbot, window):
    panel = window.search
    search_for(qtbot, panel, "开放")
    bar = panel.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())                          # read to the end of a long list
    assert bar.value() > 0
    search_for(qtbot, panel, "自贸区")
    qtbot.wait(50)                                       # the rows laid out
    assert bar.maximum() > 0 and bar.value() == 0
    top = panel.view.indexAt(QPoint(4, 4))
    assert top == panel.model.index(0, 0)                # the first visible row: the 「标题直接相关」 block's
    assert top.data().startswith("标题直接相关") and panel.model.groups[0][0] == "ftz-2022"   # then the best plan
    assert panel.view.currentIndex() == top and not panel.view.selectionModel().hasSelection()
    qtbot.keyClick(panel.edit, Qt.Key.Key_Return)        # Enter opens the best hit: the block's first
    assert window.reader.target == panel.model.shown_hits()[0].id


def test_new_filters_start_at_the_top_the_same_query_read_anew_keeps_its_place(qtbot, window):
    panel = window.search
    search_for(qtbot, panel, "开放")
    bar = panel.view.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum() // 2)
    place = bar.value()
    with qtbot.waitSignal(panel.shown, timeout=8000):
        panel._typed()                                   # the data changed: the same query again
    assert bar.value() == place
    with qtbot.waitSignal(panel.shown, timeout=8000):
        panel.kind_box.setCurrentIndex(panel.kind_box.findData("section"))
    assert bar.value() == 0


def test_a_long_status_never_widens_the_search_dock(qtbot, window):
    panel, dock = window.search, window.dock_search
    qtbot.wait(100)
    width, hint = dock.width(), panel.minimumSizeHint().width()
    panel.rebuildIndexRequested.disconnect()            # the note alone: no rebuild run here
    long = "搜索索引未通过校验：" + "索引文件/tmp/some/very/long/path/segment_0001.seg 无法读取，" * 6
    assert len(long) >= 300
    panel.request_rebuild(long)                          # the note while the index is rebuilt
    panel._show_status("搜索出错：" + "x" * 300)
    qtbot.wait(100)
    assert dock.width() == width
    assert panel.minimumSizeHint().width() == hint < 320
    assert panel.sizeHint().width() < 400
    assert long in panel.status.text() and long in panel.status.toolTip()
    assert panel.status.height() <= panel.status.fontMetrics().lineSpacing() * 3 + 2   # wraps, a few lines at most
    shown = QLabel.text(panel.status)                   # what it shows: the start, ending in …
    assert shown.endswith("…") and panel.status.text().startswith(shown[:-1])
    shot(window, "search-long-status")


def test_the_note_that_the_index_is_rebuilt_goes_after_a_while(qtbot, window):
    panel = window.search
    panel.rebuildIndexRequested.disconnect()            # the panel's notes alone: no rebuild run here
    panel.request_rebuild("按要求重建搜索索引")
    assert "正在后台重建" in panel.status.text()
    assert not panel.note_timer.isActive()               # stays while the work runs
    panel.note_timer.setInterval(50)
    panel.index_rebuilt()
    assert "搜索索引已重建" in panel.status.text()
    qtbot.waitUntil(lambda: panel.status.text() == "", timeout=2000)
    panel.index_rebuilt("磁盘已满")                       # a failure stays
    qtbot.wait(150)
    assert "重建索引失败（磁盘已满）" in panel.status.text()


def test_a_hit_found_through_a_synonym_says_so(qtbot, window):
    from desktop.window.search_panel import snippet_html
    panel = window.search
    search_for(qtbot, panel, "南向通道")
    hits = [h for _, hs in panel.model.groups for h in hs]
    via = [h for h in hits if len(h.synonyms) == 1]
    assert via and len(via) < len(hits)
    row = panel.model.index_of(via[0].id)
    synonym = via[0].synonyms[0][1]
    assert f"按同义词“{synonym}”命中" in snippet_html(via[0])
    assert f"未含“南向通道”，按其同义词“{synonym}”命中" in row.data(Qt.ItemDataRole.ToolTipRole)
    plain = next(h for h in hits if not h.synonyms)
    assert "按同义词" not in snippet_html(plain)
    many = next(h for _, hs in window.search.model.groups for h in hs if len(h.synonyms) > 1)
    assert "按同义词“西部陆海新通道”“陆海新通道”命中" in snippet_html(many)


def test_a_row_names_two_synonyms_its_tooltip_all():
    from desktop.window.search_panel import synonym_lines, synonym_note
    h = Hit("section", "x:一、", "x", "一、", "一、", "…", 1.0, [],
            synonyms=[("自贸区", "中国（重庆）自由贸易试验区"), ("自贸区", "重庆自贸试验区"), ("自贸区", "自由贸易试验区")])
    assert synonym_note(h) == "按同义词“中国（重庆）自由贸易试验区”“重庆自贸试验区”等命中"
    assert synonym_lines(h) == ["未含“自贸区”，按其同义词“中国（重庆）自由贸易试验区”“重庆自贸试验区”“自由贸易试验区”命中"]


def test_plans_are_named_by_their_labels(qtbot, window):
    panel = window.search
    labels = window.session.plan_labels()
    assert panel.doc_box.itemText(panel.doc_box.findData("ftz-2022")) == labels["ftz-2022"]
    search_for(qtbot, panel, "自贸区")
    assert panel.model.index(1, 0).data() == f"{labels['ftz-2022']} · 30 条"   # row 0: the 「标题直接相关」 block
    panel.labels = window.session.plan_labels           # as the window passes it (labels=)
    window.session.rename_plan("ftz-2022", "自贸区规划")
    panel.refresh_labels()                               # what the window calls on USERDATA
    assert panel.doc_box.itemText(panel.doc_box.findData("ftz-2022")) == "自贸区规划"
    assert panel.model.index(1, 0).data() == "自贸区规划 · 30 条"


def test_each_hit_row_is_tall_enough_for_what_it_draws(qtbot, window):
    from PySide6.QtWidgets import QStyleOptionViewItem
    panel = window.search
    search_for(qtbot, panel, "高新区")
    qtbot.wait(50)
    view, delegate = panel.view, panel.view.itemDelegate()
    group = panel.model.index(0, 0)
    for row in range(8):
        idx = panel.model.index(row, 0, group)
        rect = view.visualRect(idx)
        opt = QStyleOptionViewItem()
        opt.font, opt.rect = view.font(), rect              # painted at the row's own width
        drawn = delegate._doc(opt, panel.model.hit(idx)).size().height()
        assert drawn + 2 <= rect.height(), (row, drawn, rect.height())
