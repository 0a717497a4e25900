"""专栏: titles, lead styles, list items, and PDF tables with merged cells."""
from __future__ import annotations


from db.importer import parse_file
from db.importer.boxes import find_header, lead_style, list_items, parse_title, render_markdown
from db.importer.lines import split_lines
from db.importer.model import Item, Para
from tests.helpers import support

PLANS = support.TESTS / "fixtures" / "plans"


def test_parse_title():
    assert parse_title("专栏 6 - 1  重点工程") == ("专栏6-1", "重点工程")
    assert parse_title("专栏3：标题") == ("专栏3", "标题")
    assert parse_title("专门的话") is None


def test_lead_style():
    assert lead_style("综合保税区：建设加工贸易示范基地。") == "colon"
    assert lead_style("南岸板块。产业定位为…") == "period"
    assert lead_style("没有短的引导语句的一段很长很长很长很长很长很长很长很长的文字，然后才结束。") is None


def test_list_items_merge_a_sub_heading_split_off():
    ps = [Para(t, k, k) for k, t in enumerate(["甲板块：产业定位甲。", "重点项目：项目一。", "乙板块：产业定位乙。重点项目：项目二。",
                                               "丙板块：产业定位丙。重点项目：项目三。"], start=1)]
    items = list_items(ps)
    assert [it.lead for it in items] == ["甲板块", "乙板块", "丙板块"]
    assert items[0].text == "甲板块：产业定位甲。重点项目：项目一。" and items[0].line_end == 2


def test_letter_spaced_header():
    cols, printed = find_header(split_lines("开放平台 战 略 定 位 核 心 功 能\n两江新区"))
    assert cols == ["开放平台", "战略定位", "核心功能"] and printed == ["开放平台 战 略 定 位 核 心 功 能"]


def test_pdf_table_rows_and_a_merged_cell():
    doc = parse_file(PLANS / "wrapped.txt")
    (box,) = doc.boxes
    assert box.kind == "table" and box.columns == ["开放平台", "战略定位", "核心功能"]
    rows = [(it.lead, it.cells["战略定位"], it.cells["核心功能"], it.inherited) for it in box.items]
    assert rows == [
        ("两江新区", "内陆开放门户和重要战略支点。", "发展高端制造业和现代服务业。", None),
        ("国家级经开区", "先进制造业基地和开放型经济示范区。", "发展汽车、装备等产业。", None),
        ("国家级高新区", "创新驱动引领区。", "发展汽车、装备等产业。", ["核心功能"])]   # shares the cell above


def test_render_markdown_escapes_the_table_separator():
    md = render_markdown("专栏1", "表", "table", ["甲", "乙"], [Item("a", "", cells={"甲": "x|y", "乙": "z"})])
    assert md.splitlines()[-1] == "| x｜y | z |"
