"""The 指标 page: a page of the main window, filters, numeric sort, uncertain rows
marked, a metric across plans as charts per unit, the source opened in the reader,
exports of what the table shows."""
from __future__ import annotations

import csv
import io

import pytest
from docx import Document
from PySide6.QtCore import Qt

from tests.helpers.deskhelp import shot, type_text
from desktop.window.indicators_view import COLS, EntryRole

INLAND, HITECH, FTZ, CHENGYU = "inland-opening-2021", "hightech-zone-2021", "ftz-2022", "chengyu-2022"


@pytest.fixture
def view(qtbot, window):
    v = window.open_indicators()
    assert window.pages.currentWidget() is v
    return v


def pick(box, data):
    k = box.findData(data)
    assert k >= 0, data
    box.setCurrentIndex(k)


def shown(v) -> list[dict]:
    return [v.proxy.index(r, 0).data(EntryRole) for r in range(v.proxy.rowCount())]


def column(v, name) -> list[str]:
    c = COLS.index(name)
    return [v.proxy.index(r, c).data() for r in range(v.proxy.rowCount())]


def test_the_page_lists_every_indicator_and_target_once(view, window):
    rows = shown(view)
    ids = [e["id"] for e in rows]
    assert len(ids) == len(set(ids))
    assert {e["document_id"] for e in rows} >= {INLAND, HITECH, FTZ, CHENGYU}
    # 004's prose restating 表2-1 is folded into the table row, with both places
    hi = [e for e in rows if e["document_id"] == HITECH and e["metric"] == "货物进出口总额"]
    assert len(hi) == 1 and len(hi[0]["sources"]) == 2
    assert "表2-1第3行" in hi[0]["sources"][0]
    assert "项指标和目标" in view.info.text()


def test_a_metric_across_plans_and_territories(qtbot, view):
    pick(view.metric_box, "货物进出口总额")
    rows = shown(view)
    assert {(e["document_id"], e["scope"]) for e in rows} == {
        (INLAND, "全市"), (HITECH, "高新区"), (FTZ, "自贸试验区"), (CHENGYU, "成渝地区")}
    assert "2万亿元左右" in column(view, "目标")
    assert any(b.startswith("6513.4亿元（2020年）") for b in column(view, "基期"))
    charts = view.chart_widgets()
    assert len(charts) == 1 and charts[0].unit == "亿元"
    bars = {b["label"].split("\n")[1].split(" ")[0]: b for b in charts[0].bars}
    assert bars["成渝地区"]["low"] == 20000 and bars["全市"]["base"] == 6513.4
    assert "左右" in bars["成渝地区"]["note"]
    assert "货物进出口总额" in view.chart_title.text()
    for size in ((1280, 800), (1920, 1080)):
        view.window().resize(*size)
        qtbot.wait(50)
        shot(view.window(), "indicators-chart")


def test_different_currencies_are_charted_apart_never_converted(qtbot, view):
    pick(view.metric_box, "服务贸易总额")
    qtbot.wait(50)
    shot(view.window(), "indicators-currencies")
    charts = view.chart_widgets()
    assert sorted(c.unit for c in charts) == ["亿元", "亿美元"]
    usd = next(c for c in charts if c.unit == "亿美元")
    assert [(b["base"], b["low"]) for b in usd.bars] == [(9.26, 20.0)]
    assert "不作换算" in view.chart_title.text()


def test_filters_combine_and_text_finds_names_and_sentences(view):
    pick(view.scope_box, "全市")
    assert shown(view) and {e["scope"] for e in shown(view)} == {"全市"}
    pick(view.doc_box, FTZ)
    ftz_city = shown(view)          # 001 repeats city-wide figures: they are 全市, not 自贸试验区
    assert ftz_city and {e["document_id"] for e in ftz_city} == {FTZ}
    assert {e["metric"] for e in ftz_city} >= {"中欧班列开行数量"}
    pick(view.scope_box, "")
    pick(view.doc_box, "")
    type_text(view.find, "航线")
    assert shown(view) and all("航线" in (e["name"] + (e["sentence"] or "") + (e["source_text"] or ""))
                               for e in shown(view))


def test_numbers_sort_as_numbers_in_comparable_units(view):
    pick(view.metric_box, "货物进出口总额")
    view.table.sortByColumn(COLS.index("目标"), Qt.SortOrder.DescendingOrder)
    values = [e["norm_value"] for e in shown(view)]
    assert values == sorted(values, reverse=True) and values[0] == 20000


def test_uncertain_parses_are_marked_with_the_reason(view):
    rows = shown(view)
    fused = [r for r, e in enumerate(rows) if e["confidence"] < 1 and e["table_label"]]
    assert fused, "002 专栏1 has digits fused in the source"
    c = COLS.index("目标")
    idx = view.proxy.index(fused[0], c)
    assert idx.data().endswith("［推断］") and idx.data(Qt.ItemDataRole.BackgroundRole) is not None
    assert "粘连" in idx.data(Qt.ItemDataRole.ToolTipRole)
    undated = [r for r, e in enumerate(rows) if not e["year_stated"] and not e["table_label"]]
    assert undated
    y = view.proxy.index(undated[0], COLS.index("年份"))
    assert y.data().endswith("（推定）")
    if rows[undated[0]]["confidence"] < 1:
        assert "未写年份" in y.data(Qt.ItemDataRole.ToolTipRole)
    assert "识别存疑" in view.info.text()


def test_double_click_opens_the_source_in_the_reader(qtbot, view, window):
    pick(view.metric_box, "货物进出口总额")
    r = next(k for k, e in enumerate(shown(view)) if e["document_id"] == HITECH)
    idx = view.proxy.index(r, 0)
    view.table.doubleClicked.emit(idx)
    assert window.pages.currentWidget() is window.reader
    assert window.reader.target == f"{HITECH}:第二章/第四节"
    assert "3700" in window.reader.highlights


def test_a_row_picked_charts_its_metric(view):
    r = next(k for k, e in enumerate(shown(view)) if e["metric"] == "中欧班列开行数量")
    view.table.setCurrentIndex(view.proxy.index(r, 0))
    assert view.shown_metric() == "中欧班列开行数量"
    assert view.chart_widgets()[0].unit == "列"


def test_exports_write_what_the_table_shows(view, tmp_path):
    pick(view.metric_box, "服务贸易总额")
    out = view.export("csv", str(tmp_path / "fw.csv"))
    rows = list(csv.reader(io.StringIO((tmp_path / "fw.csv").read_text(encoding="utf-8-sig"))))
    assert out and rows[0][:3] == ["文件", "范围", "指标"] and len(rows) == 1 + len(shown(view))
    assert all(r[-8] for r in rows[1:])                # every row has its sources
    view.export("docx", str(tmp_path / "fw.docx"))
    doc = Document(str(tmp_path / "fw.docx"))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "服务贸易总额：各规划目标对比" in text and "单位：亿美元" in text and "单位：亿元" in text
    assert len(doc.tables) == 2                         # one table per currency
    cells = {c.text for t in doc.tables for r in t.rows for c in r.cells}
    assert any("表2-1第4行" in c for c in cells)


def test_the_page_follows_a_rebuild(view, window):
    before = len(view.model.all)
    window.session.tell("store")
    assert len(view.model.all) == before and view.metric_box.count() > 5


def test_word_export_asks_the_title(view, monkeypatch, tmp_path):
    from tests.helpers.deskhelp import answer_export
    pick(view.metric_box, "货物进出口总额")
    asked = []
    answer_export(monkeypatch, tmp_path / "m.docx", title="进出口目标对照", asked=asked)
    out = view.export("docx")
    assert out and asked[0][1] == "货物进出口总额：各规划目标对比"
    assert "进出口目标对照" in "\n".join(p.text for p in Document(out).paragraphs[:3])


def test_at_1280x800_with_both_docks_the_rows_get_the_room(qtbot, window):
    """Issue 28 item 6: with both docks open the page showed 3–4 rows under an empty
    chart box. Until a metric is picked one line says how to get a chart, and the
    table shows ten rows or more; a metric picked puts its chart below, and it hides."""
    window.resize(1280, 800)
    window.dock_outline.show()
    window.dock_search.show()
    v = window.open_indicators()
    qtbot.wait(100)
    t = v.table
    assert v.proxy.rowCount() >= 10
    assert t.viewport().height() // t.rowHeight(0) >= 10
    assert v.charts_box.isHidden() and not v.btn_chart.isVisible()
    assert "指标" in v.chart_title.text() and v.chart_title.height() < 3 * v.fontMetrics().height()
    shot(window, "indicators-no-metric")
    pick(v.metric_box, "货物进出口总额")
    qtbot.wait(50)
    assert v.charts_box.isVisible() and v.charts_box.height() >= v.chart_widgets()[0].MIN_HEIGHT
    assert t.viewport().height() // t.rowHeight(0) >= v.proxy.rowCount()      # its four rows all in sight
    shot(window, "indicators-metric")
    v.btn_chart.click()
    assert v.charts_box.isHidden() and v.btn_chart.text() == "显示图表"
    pick(v.metric_box, "服务贸易总额")                  # hidden stays hidden until asked
    assert v.charts_box.isHidden()
    v.btn_chart.click()
    assert v.charts_box.isVisible() and len(v.chart_widgets()) == 2


def test_the_chart_says_the_baseline_year(view):
    pick(view.metric_box, "货物进出口总额")
    chart = view.chart_widgets()[0]
    assert "基期 2020 年" in chart.caption() and "基期 2020 年" in chart.accessibleName()


def test_relation_says_each_word_once_and_years_stay_on_one_line(view):
    from desktop.window.indicators_view import relation
    from desktop.window.one_line import OneLine
    assert relation(dict(comparator="新增", direction="increase")) == "新增"
    assert relation(dict(comparator="超过", direction="increase", cumulative=1)) == "超过，新增（累计）"
    assert not [r for r in column(view, "关系") if r and len(set(r.split("（")[0].split("，"))) < len(r.split("（")[0].split("，"))]
    t = view.table
    assert isinstance(t.itemDelegateForColumn(COLS.year), OneLine)
    assert t.columnWidth(COLS.year) >= t.fontMetrics().horizontalAdvance("2025（推定）")


def test_plans_are_named_by_their_labels_and_long_names_elide_on_the_chart(qtbot, view, window):
    name = "重庆市推进西部陆海新通道建设与内陆开放高地建设若干重点任务实施方案"
    window.session.rename_plan(INLAND, name)             # user data: the page names it anew
    assert view.doc_box.findText(name) > 0
    pick(view.metric_box, "货物进出口总额")
    assert name in column(view, "文件")
    r = column(view, "文件").index(name)
    assert name in view.proxy.index(r, COLS.plan).data(Qt.ItemDataRole.ToolTipRole)
    chart = view.chart_widgets()[0]
    k = next(k for k, b in enumerate(chart.bars) if b["label"].startswith(name))
    first = chart.label_lines(k)[0]
    assert first.endswith("…") and chart.fontMetrics().horizontalAdvance(first) <= chart._slots()[1]
    plot, slot = chart._slots()
    assert chart.label_at(plot.left() + slot * (k + 0.5), plot.bottom() + 10).startswith(name)


def test_a_bookmark_reads_nothing_on_the_page(view, window):
    """USERDATA reaches the page for the plans' names; a bookmark alone changes no row."""
    resets = []
    view.model.modelReset.connect(lambda: resets.append(1))
    window.reader.go_to("open-platforms-2018:专栏1")
    window.add_bookmark()
    assert resets == []
