"""The platform comparison window: filter, pick, timeline, changes only, side by side,
source links back to the reader, export to Word and CSV."""
from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from docx import Document
from PySide6.QtCore import QUrl
from PySide6.QtGui import QTextTable
from PySide6.QtWidgets import QMessageBox

from tests.helpers.deskhelp import shot, type_text
from desktop.window.compare_view import KindRole, PidRole

Y2018 = "open-platforms-2018"
HITECH = "hightech-zone-2021"
LJ_DING_2018 = ("内陆国际物流枢纽和口岸高地、内陆地区对外开放的重要门户、内陆开放型体制机制创新先行区、内陆外向型高端产业发展集聚区、"
                "内陆国际物流中心、内陆现代金融中心、内陆科技创新示范中心。")
HIGHLIGHT = "background-color:#d3f5d0"


@pytest.fixture
def view(qtbot, window):
    v = window.open_compare()
    qtbot.waitExposed(v)
    assert v is window.open_compare()          # one comparison window, reused
    return v


def visible_pids(v) -> list[str]:
    return [v.proxy.index(r, 0).data(PidRole) for r in range(v.proxy.rowCount())]


def grid_text(v) -> str:
    return v.view.toPlainText()


def n_statements(v) -> int:
    """Statements shown: each carries one citation link ［《…》…］."""
    return grid_text(v).count("［《")


def hrefs(v, scheme: str) -> list[str]:
    return [h for h in re.findall(r'href="([^"]+)"', v.view.toHtml()) if h.startswith(scheme + ":")]


def first_table(v) -> QTextTable:
    for f in v.view.document().rootFrame().childFrames():
        if isinstance(f, QTextTable):
            return f
    raise AssertionError("no table in the grid")


def cell_text(t: QTextTable, r: int, c: int) -> str:
    cell = t.cellAt(r, c)
    cur = cell.firstCursorPosition()
    cur.setPosition(cell.lastCursorPosition().position(), cur.MoveMode.KeepAnchor)
    return cur.selectedText()


def test_opens_with_every_platform_and_a_hint(view, window):
    assert view.model.rowCount() == len(window.store.platforms())
    assert view.selected() == []
    assert "在左侧选择" in grid_text(view)


def test_filter_by_alias_and_kind(qtbot, view, window):
    type_text(view.find, "自贸区")
    vis = visible_pids(view)
    assert "ftz" in vis and "ftz-xiyong-area" in vis
    assert "liangjiang" not in vis and "chongqing-hitech" not in vis
    view.find.clear()
    type_text(view.find, "西永综保区")
    assert visible_pids(view) == ["xiyong-csz", "block-xiyong"]      # and the FTZ's 西永综合保税区板块
    view.find.clear()
    type_text(view.find, "两路寸滩保税港区")          # its former name
    vis = visible_pids(view)
    assert vis[0] == "lianglu-cuntan" and "xiyong-csz" not in vis and "ftz" not in vis
    view.find.clear()
    assert view.proxy.rowCount() == view.model.rowCount()
    view.kind_box.setCurrentIndex(view.kind_box.findData("海关特殊监管区域"))
    want = [p["id"] for p in window.store.platforms() if p["kind"] == "海关特殊监管区域"]
    assert visible_pids(view) == want and len(want) >= 8
    assert all(view.proxy.index(r, 0).data(KindRole) == "海关特殊监管区域" for r in range(view.proxy.rowCount()))
    # both filters at once
    type_text(view.find, "西永")
    assert visible_pids(view) == ["xiyong-csz"]
    view.find.clear()
    view.kind_box.setCurrentIndex(0)
    assert view.proxy.rowCount() == view.model.rowCount()


def test_list_shows_how_many_plans_position_it(view, window):
    r = next(r for r in range(view.proxy.rowCount()) if view.proxy.index(r, 0).data(PidRole) == "liangjiang")
    idx = view.proxy.index(r, 0)
    n = len({x["document_id"] for x in window.store.positionings("liangjiang")})
    assert idx.data() == f"两江新区（{n}）"
    assert "重庆两江新区" in idx.data(3)        # tooltip: aliases


def test_timeline_for_liangjiang(qtbot, view, window):
    type_text(view.find, "两江")
    view.select(["两江新区"])
    assert view.selected() == ["liangjiang"]
    text = grid_text(view)
    assert text.startswith("两江新区 战略平台")
    assert LJ_DING_2018 in text
    assert "［《重庆市开放平台协同发展规划》第三章第一节专栏1］" in text
    # plans without statements: 仅提及 n 次 (none is 未提及 for 两江新区)
    labels = window.session.plan_labels()
    hi = text.split(labels[HITECH])[1]
    assert hi.lstrip().startswith("仅提及 3 次")
    ftz = text.split(labels["ftz-2022"])[1]
    assert ftz.lstrip().startswith("仅提及 1 次")
    # the plans in order down the grid, by their short labels
    shown = [line for line in text.splitlines() if line in labels.values()]
    assert shown == [labels[d["id"]] for d in window.store.documents()]
    assert n_statements(view) == len(window.store.positionings("liangjiang"))
    assert view.info.text() == "1 个平台"
    shot(view, "compare-timeline")


def test_not_mentioned(view, window):
    view.select(["西部科学城"])
    text = grid_text(view)
    assert text.split(window.session.plan_label(Y2018))[1].lstrip().startswith("未提及")


def test_changes_only(qtbot, view, window):
    repeat = "推动中新（重庆）战略性互联互通示范项目高质量发展。"     # 2021, much as 2018 put it
    view.select(["中新项目"])
    assert view.selected() == ["sino-singapore"]
    all_n = n_statements(view)
    assert repeat in grid_text(view)
    assert HIGHLIGHT not in view.view.toHtml()
    view.changes.setChecked(True)
    assert 0 < n_statements(view) < all_n
    assert repeat not in grid_text(view)
    html = view.view.toHtml()
    assert HIGHLIGHT in html
    # the first plan is shown whole: there is nothing earlier to compare with
    assert "西部地区领先的互联互通和服务经济中心，“高起点、高水平、创新型”的示范性重点项目和中新合作的新亮点。" in grid_text(view)
    assert view.info.text() == "1 个平台，只看变化"
    shot(view, "compare-changes-only")
    view.changes.setChecked(False)
    assert n_statements(view) == all_n


def test_cells_show_six_then_a_more_link(view, window):
    view.select(["自贸区"])
    ding = [x for x in window.store.positionings("ftz", "ftz-2022") if x["aspect"] == "定位"]
    assert len(ding) > 6
    assert f"…还有 {len(ding) - 6} 条" in grid_text(view)
    assert "more:ftz|ftz-2022|定位" in hrefs(view, "more")


def test_source_target_opens_in_reader(view, window):
    """What a source link should do, driven through the window's slot."""
    view.select(["两江新区"])
    href = hrefs(view, "src")[0]
    target, pos_id = href[len("src:"):].rsplit("|", 1)
    assert target == f"{Y2018}:专栏1" and pos_id == f"{Y2018}:liangjiang#1"
    view.openSource.emit(target, [LJ_DING_2018[:40]])
    assert window.reader.target == target


def test_source_link_click_opens_the_reader(qtbot, view, window):
    view.select(["两江新区"])
    window.reader.go_to(f"doc:{HITECH}")
    href = hrefs(view, "src")[0]
    target = href[len("src:"):].rsplit("|", 1)[0]
    got = []
    view.openSource.connect(lambda t, h: got.append((t, h)))
    view.view.anchorClicked.emit(QUrl(href))
    assert got and got[0][0] == target and got[0][1]
    assert window.reader.target == target


def test_mentions_link_lists_the_mentions(qtbot, view, window):
    view.select(["两江新区"])
    (href,) = [h for h in hrefs(view, "mentions") if HITECH in h]
    with qtbot.capture_exceptions() as errors:
        view.view.anchorClicked.emit(QUrl(href))
    assert not errors, errors[0][1]
    for m in window.store.mentions("liangjiang", HITECH):
        assert m["text"] in grid_text(view)


def test_more_link_expands_the_cell(qtbot, view, window):
    view.select(["自贸区"])
    before = n_statements(view)
    with qtbot.capture_exceptions() as errors:
        view.view.anchorClicked.emit(QUrl("more:ftz|ftz-2022|定位"))
    assert not errors, errors[0][1]
    assert n_statements(view) > before
    assert "…还有" not in grid_text(view).split("重庆自贸试验区“十四五”规划")[1].split("成渝地区")[0]


def test_side_by_side_in_one_document(qtbot, view, window, tmp_path):
    view.mode.setCurrentIndex(view.mode.findData(Y2018))
    view.select(["两江新区", "重庆高新区", "自贸区"])
    assert view.selected() == ["liangjiang", "ftz", "chongqing-hitech"]     # list order
    text = grid_text(view)
    assert text.startswith(f"{window.session.plan_label(Y2018)}：3 个平台并排")
    t = first_table(view)
    assert t.columns() == 4 and t.rows() == 5
    assert [cell_text(t, 0, c) for c in range(1, 4)] == ["两江新区", "中国（重庆）自由贸易试验区", "重庆高新技术产业开发区"]
    assert [cell_text(t, r, 0) for r in range(1, 5)] == ["定位", "功能", "任务", "成效"]
    assert cell_text(t, 1, 1).startswith(LJ_DING_2018)
    assert cell_text(t, 1, 3).startswith("创新驱动引领区、军民融合示范区")
    # only 2018's statements, at most PER_CELL a cell until '还有 N 条' is clicked
    from desktop.window.compare_view import ASPECTS, PER_CELL
    want = sum(min(PER_CELL, len([x for x in window.store.positionings(p, Y2018) if x["aspect"] == a]))
               for p in ("liangjiang", "ftz", "chongqing-hitech") for a in ASPECTS)
    assert n_statements(view) == want
    shot(view, "compare-side-by-side")

    # a platform the plan does not position: 未提及 / 仅提及 in the 定位 row
    view.mode.setCurrentIndex(view.mode.findData(HITECH))
    view.select(["两江新区", "西永综保区"])
    t = first_table(view)
    assert cell_text(t, 1, 1).startswith("仅提及 3 次")
    assert "西永综合保税区立足通关作业" in cell_text(t, 1, 2)

    # exports follow the mode: one document
    f = view.export("docx", str(tmp_path / "side.docx"))
    doc = Document(f)
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == ["一、两江新区", "二、西永综合保税区"]
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 2"] == \
        ["（一）2021年《重庆高新区内陆开放高地“十四五”规划》"] * 2
    c = view.export("csv", str(tmp_path / "side.csv"))
    rows = list(csv.reader(io.StringIO(Path(c).read_text(encoding="utf-8-sig"))))
    assert {r[2] for r in rows[1:]} == {"重庆高新区内陆开放高地“十四五”规划"}
    assert view.info.text() == f"已导出：{c}"


def test_export_timeline_word_and_csv(qtbot, view, window, tmp_path):
    view.select(["两江新区", "西永综保区"])
    f = view.export("docx", str(tmp_path / "cmp.docx"))
    assert f == str(tmp_path / "cmp.docx")
    doc = Document(f)
    paras = [p.text for p in doc.paragraphs]
    assert [p.text for p in doc.paragraphs if p.style.name == "Heading 1"] == ["一、两江新区", "二、西永综合保税区"]
    assert LJ_DING_2018 + "（《重庆市开放平台协同发展规划》第三章第一节专栏1）" in paras
    assert "仅提及 3 次。" in paras
    h2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    from desktop.services.export.gongwen import chinese_number
    assert h2 == [f"（{chinese_number(k + 1)}）{d['year']}年《{d['short_title']}》"
                  for k, d in enumerate(window.store.documents())] * 2
    c = view.export("csv", str(tmp_path / "cmp.csv"))
    raw = Path(c).read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["平台", "年份", "文件", "方面", "排序", "表述", "出处", "所属片区、板块或子项目", "审核", "省市", "类别表述（适用于全部）"]
    assert {r[0] for r in rows[1:]} == {"两江新区", "西永综合保税区"}
    n = sum(len(window.store.positionings(p)) for p in ("liangjiang", "xiyong-csz"))
    assert sum(1 for r in rows[1:] if r[3]) == n
    # exporting again replaces the file (the save dialog asked already)
    assert view.export("csv", c) == c


def test_export_needs_a_platform(view, monkeypatch, tmp_path):
    said = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: said.append(a[2]))
    assert view.export("docx", str(tmp_path / "none.docx")) is None
    assert said == ["请先选择平台。"] and not (tmp_path / "none.docx").exists()
