"""The comparison window in daily use (issue 28): 复制（含出处）, 未提及 only for a plan
that never names the platform, 仅提及 N 次 opened in place with source links,
exports named after the platform, a window that fits its screen and remembers
where it was, full platform names, plan labels."""
from __future__ import annotations

from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QPoint, QUrl
from PySide6.QtGui import QGuiApplication

from db.positioning.comparison import named_places
from desktop.window import export_flow
from desktop.window.compare_view import CompareView, PidRole
from desktop.window.export_dialog import last_dir
from tests.desktop.window.test_compare_view import LJ_DING_2018, Y2018, grid_text, hrefs

CHENGYU = "chengyu-2022"
HITECH = "hightech-zone-2021"


@pytest.fixture
def view(qtbot, window):
    v = window.open_compare()
    qtbot.waitExposed(v)
    return v


def point_of(v, words: str) -> QPoint:
    """Where `words` are drawn in the grid (viewport coordinates), scrolled into view."""
    cur = v.view.document().find(words)
    assert not cur.isNull(), words
    v.view.setTextCursor(cur)
    v.view.ensureCursorVisible()
    c = v.view.textCursor()
    c.clearSelection()
    v.view.setTextCursor(c)
    return v.view.cursorRect(cur).center()


# ---- 复制（含出处） ----
def test_copy_a_statement_with_its_citation(view, window):
    view.select(["两江新区"])
    menu = view.context_menu(point_of(view, LJ_DING_2018[:12]))
    act = next(a for a in menu.actions() if a.text() == "复制（含出处）")
    assert act.isEnabled() and menu.actions()[0] is act
    act.trigger()
    want = f"{LJ_DING_2018}（《重庆市开放平台协同发展规划》第三章第一节专栏1）"
    assert QGuiApplication.clipboard().text() == want
    assert view.info.text() == "已复制（含出处）：《重庆市开放平台协同发展规划》第三章第一节专栏1"
    # off a statement (the heading) there is nothing to cite
    menu = view.context_menu(point_of(view, "类别："))
    assert not next(a for a in menu.actions() if a.text() == "复制（含出处）").isEnabled()


def test_copy_the_words_chosen_in_a_statement(view):
    view.select(["两江新区"])
    at = point_of(view, LJ_DING_2018[:12])
    cur = view.view.document().find("内陆国际物流枢纽和口岸高地")
    view.view.setTextCursor(cur)
    assert view.copy_with_citation(at) == "内陆国际物流枢纽和口岸高地（《重庆市开放平台协同发展规划》第三章第一节专栏1）"


# ---- 未提及 / 仅见于责任单位 / 仅提及 N 次 ----
def test_a_plan_naming_it_only_among_the_units_does_not_say_unmentioned(qtbot, view, window):
    view.select(["重庆高新区"])
    text = grid_text(view)
    labels = window.session.plan_labels()
    assert text.split(labels[CHENGYU])[1].lstrip().startswith("仅见于责任单位")
    (href,) = [h for h in hrefs(view, "mentions") if CHENGYU in h]
    view._link(QUrl(href))
    assert "〔责任单位〕（责任单位：" in grid_text(view)
    (at,) = [h for h in hrefs(view, "at") if CHENGYU in h]
    with qtbot.waitSignal(view.openSource) as sig:
        view._link(QUrl(at))
    assert sig.args[0] == f"{CHENGYU}:三、/（九）" and sig.args[1][0].startswith("（责任单位：")


def test_a_plan_that_never_names_it_still_says_unmentioned(view, window):
    view.select(["西部科学城"])
    after = grid_text(view).split(window.session.plan_label(Y2018))[1].lstrip()
    assert after.startswith("未提及")
    assert not [h for h in hrefs(view, "mentions") if Y2018 in h]


def test_opening_the_mentions_keeps_the_place_and_links_each_to_its_source(qtbot, view, window):
    view.resize(1280, 800)
    view.select(["两江新区"])
    point_of(view, "仅提及 3 次")
    bar = view.view.verticalScrollBar()
    before = bar.value()
    assert before > 0
    (href,) = [h for h in hrefs(view, "mentions") if HITECH in h]
    view._link(QUrl(href))
    assert bar.value() == before
    ms = named_places(window.store, "liangjiang", HITECH)
    links = [h for h in hrefs(view, "at") if HITECH in h]
    assert len(links) == len(ms) == 3
    for m in ms:
        assert m["text"] in grid_text(view)
    with qtbot.waitSignal(view.openSource) as sig:
        view._link(QUrl(links[0]))
    assert sig.args == [ms[0]["box_id"] or ms[0]["section_id"], [ms[0]["text"][:40]]]
    assert window.reader.target == sig.args[0]           # the main window opened it in the reader
    view._link(QUrl(href))                               # closed again, in place
    assert bar.value() == before and not hrefs(view, "at")


# ---- exports ----
def test_exports_are_named_and_titled_after_the_platform(view, monkeypatch, tmp_path):
    view.select(["两江新区"])
    assert view.export_title() == "两江新区 在各规划中的定位"
    monkeypatch.setattr(export_flow.WordExportDialog, "exec", lambda self: 0)
    assert view.export("docx") is None
    assert view._dialog.title.text() == "两江新区 在各规划中的定位"
    offered = Path(view._dialog.path.text())
    assert offered.name == "两江新区 在各规划中的定位.docx"
    assert offered.parent == Path(last_dir()) != Path.cwd()
    asked = {}

    def save(parent, caption, start, filters):
        asked["start"] = start
        return "", ""
    monkeypatch.setattr(export_flow.QFileDialog, "getSaveFileName", save)
    view.export("csv")
    assert Path(asked["start"]).name == "两江新区 在各规划中的定位.csv"
    f = view.export("docx", str(tmp_path / "x.docx"))
    assert Document(f).core_properties.title == "两江新区 在各规划中的定位"
    view.select(["两江新区", "自贸区"])
    assert view.export_title() == "两江新区、中国（重庆）自由贸易试验区 在各规划中的定位"
    view.mode.setCurrentIndex(view.mode.findData(Y2018))
    assert view.export_title() == f"{view.labels()[Y2018]} 中 两江新区、中国（重庆）自由贸易试验区 的定位"


# ---- the window ----
def test_opens_on_its_screen_fitting_and_centred_and_remembers(qtbot, window):
    v = window.open_compare()
    qtbot.waitExposed(v)
    v.fit_frame()
    area = window.screen().availableGeometry()
    assert area.contains(v.frameGeometry())
    c = v.frameGeometry().center() - area.center()
    assert abs(c.x()) <= 2 and abs(c.y()) <= 2
    v.resize(760, 500)
    v.move(area.x() + 10, area.y() + 20)
    qtbot.wait(50)
    kept = v.geometry()
    v.close()
    again = CompareView(window.session, window)
    again.setWindowFlag(again.windowFlags().Window, True)
    again.show()
    qtbot.waitExposed(again)
    assert again.geometry().size() == kept.size()
    assert (again.geometry().topLeft() - kept.topLeft()).manhattanLength() <= 8     # frame margins aside
    again.close()


def test_the_platform_list_shows_full_names(view, window):
    assert view.list.wordWrap()
    long = next(r for r in range(view.proxy.rowCount())
                if view.proxy.index(r, 0).data(PidRole) == "sino-singapore")
    idx = view.proxy.index(long, 0)
    view.list.setFixedWidth(200)
    view.list.doItemsLayout()
    short = view.proxy.index(0, 0)
    assert view.list.visualRect(idx).height() > view.list.visualRect(short).height()   # wrapped, not cut
    tip = idx.data(3)
    p = window.store.platform("sino-singapore")
    assert tip.splitlines()[0] == p["name"]
    assert p["province"] in tip and all(k in tip for k in p["classes"])


def test_plan_labels_head_the_rows_and_the_choices(view, window):
    window.session.rename_plan(Y2018, "开放平台规划")
    assert view.mode.itemText(view.mode.findData(Y2018)) == "同一文件：开放平台规划"
    view.select(["两江新区"])
    assert "\n开放平台规划\n" in grid_text(view)
    assert "［《重庆市开放平台协同发展规划》第三章第一节专栏1］" in grid_text(view)      # citations keep the title
