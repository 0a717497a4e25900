"""Web pages from other producers (round two): a TRS/UEditor site page and an old #zoom
page in GBK read as the bundled text does, and the mechanisms behind that (a cell's
paragraphs, a table's title and 备注 rows, <br> runs, the template's title)."""
from __future__ import annotations

import re

import lxml.html
import pytest

from tests.helpers import support
from db.importer import parse_file
from db.importer.readers import read_lines
from db.importer.readers.html import article_root
from db.importer.readers.html_page import front_lines, page_meta, site_title
from db.importer.readers.html_tables import cell_paras, read_table, split_table
from db.importer.model import Line

CONV = support.TESTS / "conversions"
FOLDERS = ["html-trs", "html-zoom-gbk"]


def _nows(s: str | None) -> str:
    return re.sub(r"\s+", "", s or "")


def _structure(d, notes: list[str]):
    """What the reader must get right, white space aside (a web page drops the spaces
    the text puts between Chinese and figures). A box's note (`notes`) is left out of
    the section text: the reader gives it as the line under the box's table, which
    the shared stages keep as the box's note or as the paragraph after the box."""
    boxes = sorted(d.boxes, key=lambda b: b.label)    # (002's scrape prints its boxes out of order)
    items = [(b.label, [(tuple(map(_nows, (it.cells or {}).values())), it.inherited) if b.kind == "table"
                        else _nows(it.text) for it in b.items]) for b in boxes]
    unnoted = lambda s: re.sub("|".join(map(re.escape, notes)) or "^$", "", _nows(s))  # noqa: E731
    return {
        "front": (d.title, d.doc_number, d.period, _nows(d.notice), _nows(d.preamble)),
        "sections": [(s.label, s.title, s.level, unnoted(s.text)) for s in d.sections],
        "boxes": [(b.label, b.title, b.kind, b.columns, len(b.items)) for b in boxes],
        "items": items,
        # (the names are checked against the reader's own table cells below)
        "indicators": [(i.table_label, i.baseline, i.target) for i in d.indicators if i.table_label],
    }


@pytest.mark.parametrize("folder", FOLDERS)
@pytest.mark.parametrize("prefix", support.PREFIXES)
def test_round_two_pages_give_the_bundled_structure(folder, prefix, parsed_docs):
    f = next((CONV / folder).glob(f"{prefix}_*.html"))
    d, t = parse_file(f), parsed_docs[prefix]
    notes = [_nows(b.note) for b in t.boxes if b.note]
    got, key = _structure(d, notes), _structure(t, notes)
    for part in key:
        assert got[part] == key[part], (f.name, part)
    rows = {tuple(_nows(c) for c in r) for ln in read_lines(f)[0] if ln.table for r in ln.table.rows}
    for i in t.indicators:                 # every indicator row is a row of a table the page gave
        if i.table_label:
            assert any(any(_nows(i.name) in c for c in r) and _nows(i.target) in r for r in rows), i.name
    for b in t.boxes:
        if b.note:                         # 002 专栏1's 备注 row: kept once, as a note, not a row
            mine = next(x for x in d.boxes if x.label == b.label)
            where = _nows(mine.note) + _nows(mine.section.text if mine.section else "")
            assert where.count(_nows(b.note)) == 1
            assert not any(_nows(b.note) in _nows(it.text) for it in mine.items)


def test_the_page_chrome_stays_out():
    for folder in FOLDERS:
        for f in sorted((CONV / folder).glob("*.html")):
            text = "\n".join(ln.text for ln in read_lines(f)[0])
            for chrome in ("您现在的位置", "您当前的位置", "索引号", "浏览次数", "设为首页", "网站标识码", "__VIEWSTATE"):
                assert chrome not in text, (f.name, chrome)


# ---- a cell's paragraphs ----

def _el(html: str):
    return lxml.html.fragment_fromstring(html, create_parent="div")[0]


def test_a_cells_paragraphs_and_br_runs_stay_apart():
    cell = _el("<td><p>　　甲项：内容一。<br/>　　乙项：内容二。</p><div>丙项：内容三。</div>"
               "<p><font face='仿宋'>丁项：</font>内容<b>四</b>。</p></td>")
    assert [(p.text, p.starts) for p in cell_paras(cell)] == [
        ("甲项：内容一。", True), ("乙项：内容二。", True), ("丙项：内容三。", True), ("丁项：内容四。", True)]
    soft = _el("<td>第一行没有缩进<br/>接着写</td>")
    assert [p.starts for p in cell_paras(soft)] == [True, None]     # a bare <br>: the pipeline decides


def test_a_multi_paragraph_cell_keeps_its_breaks_and_rowspans_are_marked():
    t, _ = read_table(_el("<table><tr><td>平台</td><td>功能</td></tr>"
                          "<tr><td>甲区</td><td rowspan=2><p>一是。</p><p>二是。</p></td></tr>"
                          "<tr><td>乙区</td></tr></table>"))
    assert t.rows == [["平台", "功能"], ["甲区", "一是。\n二是。"], ["乙区", "一是。\n二是。"]]
    assert t.merged == [[False, False], [False, False], [False, True]]


def test_a_spanning_title_row_and_a_note_row_leave_the_grid():
    html = ("<table><tr><td colspan=3><strong>专栏1　主要指标</strong></td></tr>"
            "<tr><td>指标</td><td>2020年</td><td>2025年</td></tr><tr><td>口岸</td><td>2</td><td>3</td></tr>"
            "<tr><td colspan=3>备注：带【】为五年累计数。</td></tr></table>")
    parts = split_table(*read_table(_el(html)))
    assert [p.text for p in parts.title] == ["专栏1　主要指标".replace("　", " ")]
    assert parts.table.rows == [["指标", "2020年", "2025年"], ["口岸", "2", "3"]]
    assert [p.text for p in parts.note] == ["备注：带【】为五年累计数。"]
    same = split_table(*read_table(_el("<table><tr><td>合计</td><td>合计</td></tr>"
                                       "<tr><td>a</td><td>b</td></tr></table>")))
    assert same.table.rows == [["合计", "合计"], ["a", "b"]]     # the same text, not merged: a real row
    box = split_table(*read_table(_el("<table><tr><td><b>专栏2　重点项目</b></td></tr>"
                                      "<tr><td><p>甲：一。</p><p>乙：二。</p></td></tr></table>")))
    assert box.table is None and [p.text for p in box.column] == ["专栏2 重点项目", "甲：一。", "乙：二。"]


# ---- whole pages ----

def _page(tmp_path, body: str, head: str = "", name: str = "p.html"):
    f = tmp_path / name
    f.write_text(f"<html><head><meta charset=utf-8>{head}</head><body>{body}</body></html>", encoding="utf-8")
    return f


_PLAN = ("<p>　　第一章　总体要求</p><p>　　坚持开放发展，推进平台建设。</p>"
         "<table border=1><tr><td><p><b>专栏1　重点平台</b></p></td></tr><tr><td>"
         "<p>　　综合保税区：建设加工贸易示范基地。<br/>　　保税物流中心：发展保税仓储。<br/>"
         "　　开放口岸：完善口岸功能。</p></td></tr></table>"
         "<table border=1><tr><td colspan=3>专栏2　平台功能定位</td></tr>"
         "<tr><td>开放平台</td><td>战略定位</td><td>核心功能</td></tr>"
         "<tr><td>两江新区</td><td>内陆开放门户。</td><td rowspan=2>发展高端制造业。</td></tr>"
         "<tr><td>高新区</td><td>创新驱动引领区。</td></tr>"
         "<tr><td colspan=3>注：功能按规划期表述。</td></tr></table>"
         "<p>　　第二章　保障措施</p><p>　　加强组织领导。</p>")


def test_table_boxes_of_a_site_editor(tmp_path):
    d = parse_file(_page(tmp_path, "<div class=article><h1>某区开放平台规划</h1>" + _PLAN + "</div>"))
    b1, b2 = d.boxes
    assert (b1.label, b1.title, b1.kind) == ("专栏1", "重点平台", "list")
    assert [it.lead for it in b1.items] == ["综合保税区", "保税物流中心", "开放口岸"]
    assert (b2.label, b2.kind, b2.columns) == ("专栏2", "table", ["开放平台", "战略定位", "核心功能"])
    assert [it.cells["核心功能"] for it in b2.items] == ["发展高端制造业。"] * 2
    assert b2.items[1].inherited == ["核心功能"]
    assert not any("注：功能按规划期表述" in (it.text or "") for it in b2.items)
    assert "注：功能按规划期表述。" in (b2.note or "") + d.sections[0].text


def test_a_body_of_br_runs_with_font_tags_and_nbsp_indents(tmp_path):
    body = ("<div id=zoom><p align=center>某区人民政府</p><p align=center>关于印发某区开放规划的通知</p>"
            "<p>各部门：</p><p>现将《某区开放规划》印发给你们，请认真贯彻执行。</p><p align=right>2022年7月26日</p>"
            "<p align=center><b>某区开放规划</b></p>"
            "<p><font face=仿宋>　　为推动开放，制定本规划。<br /><br />"
            "<b>　　一、总体要求</b><br /><br />　　（一）指导思想<br /><br />"
            "　　坚持开放发展。<br /><br />&nbsp;&nbsp;&nbsp;&nbsp;（二）建设目标<br /><br />"
            "　　到2025年，开放水平显著提高。<br /><br /><b>　　二、保障措施</b><br /><br />"
            "　　加强组织领导。</font></p></div>")
    d = parse_file(_page(tmp_path, body))
    assert [(s.label, s.title) for s in d.sections] == [("一、", "总体要求"), ("（一）", "指导思想"),
                                                      ("（二）", "建设目标"), ("二、", "保障措施")]
    assert d.title == "某区开放规划" and "印发给你们" in d.notice     # the notice is not lost to the body's <p>
    assert d.sections[2].text == "到2025年，开放水平显著提高。"
    lines = read_lines(_page(tmp_path, body, name="q.html"))[0]
    assert all(ln.starts for ln in lines)


def test_article_root_is_never_a_paragraph():
    root = lxml.html.document_fromstring("<html><body><div id=zoom><p>通知第一段。</p><p>"
                                         + "正文很长。" * 200 + "</p></div><div>页脚</div></body></html>")
    assert article_root(root).get("id") == "zoom"


# ---- the title the template holds ----

def test_site_title_drops_the_site_and_column_names():
    assert site_title("某区开放规划（2018―2020年）-重庆市人民政府网") == "某区开放规划（2018―2020年）"
    assert site_title("某区开放规划（2021-2025年）_规划计划_某某门户网站") == "某区开放规划（2021-2025年）"
    assert site_title("某区开放规划 | 政务公开") == "某区开放规划"


def test_the_template_gives_the_title_and_number_the_article_lacks(tmp_path):
    chrome = ("<div class=header><h1 class=logo>某某市人民政府</h1></div>"
              "<table class=gk><tr><td>索 引 号：</td><td>115/2022-1</td></tr>"
              "<tr><td>标　　题：</td><td>某某市人民政府关于印发某区开放平台规划（2021—2025年）的通知</td></tr>"
              "<tr><td>发文字号：</td><td>渝府发〔2022〕9号</td></tr></table>")
    d = parse_file(_page(tmp_path, chrome + "<div id=zoom>" + _PLAN + "</div>", head="<title>门户</title>"))
    assert (d.title, d.doc_number, d.period) == ("某区开放平台规划（2021—2025年）", "渝府发〔2022〕9号", "2021-2025")
    assert [s.label for s in d.sections] == ["第一章", "第二章"]
    page = _page(tmp_path, "<p class=tit>某区开放规划</p><div class=TRS_Editor>" + _PLAN + "</div>",
                 head="<title>某区开放规划-某某网</title>", name="tit.html")
    assert parse_file(page).title == "某区开放规划"


def test_nothing_is_added_when_the_article_has_its_title():
    root = lxml.html.document_fromstring("<html><head><title>某区开放规划_某某网</title></head><body>"
                                         "<h1>某区开放规划</h1><p>正文。</p></body></html>")
    meta = page_meta(root)
    assert meta.titles == ["某区开放规划"]
    assert front_lines(meta, [Line(no=1, text="某区开放规划"), Line(no=2, text="正文。")]) == []
    named = page_meta(lxml.html.document_fromstring(
        "<html><body><h1>某某局关于印发某区开放规划的通知</h1><p>x</p></body></html>"))
    assert [ln.text for ln in front_lines(named, [Line(no=1, text="前言。")])] == ["某区开放规划"]
    assert front_lines(named, [Line(no=1, text="某区开放规划"), Line(no=2, text="前言。")]) == []


def test_a_title_block_wrapping_the_article_is_not_read_through():
    root = lxml.html.document_fromstring("<html><body><div class=title-wrap><h1>某区开放规划</h1>"
                                         + "<p>" + "正文内容。" * 50_000 + "</p></div></body></html>")
    assert page_meta(root).titles == ["某区开放规划"]        # the wrapper's text is too long to be a title
