"""Plain text from other producers, and the tables every reader hands the shared
pipeline: the same plan pasted from a web page or from Word into Notepad gives the
bundled text's structure; a table's 专栏 title row, 备注 row and multi-paragraph
cells are read as what they are."""
from __future__ import annotations

import re
import unicodedata

import pytest

from db.importer import parse_file, parse_lines, parse_text
from db.importer.lines import split_lines
from db.importer.model import Line, Table
from tests.helpers import support

CONV = support.TESTS / "conversions"
PREFIXES = ["000", "001", "002", "003", "004"]


def _n(s: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or "")).rstrip("。")


def _boxes(doc):
    """Boxes by label (002's bundled text is a scrape whose order can't be trusted)."""
    return sorted(doc.boxes, key=lambda b: b.label)


def _items(box):
    """A list box's item texts; a table box's rows by their cells."""
    if box.kind == "table":
        return [tuple(_n(v) for v in (it.cells or {}).values()) for it in box.items]
    return [_n(it.text) for it in box.items]


@pytest.mark.parametrize("folder", ["txt-paste", "txt-paste-word"])
@pytest.mark.parametrize("prefix", PREFIXES)
def test_pasted_text_gives_the_bundled_structure(folder, prefix, parsed_docs):
    f = next((CONV / folder).glob(f"{prefix}_*"))
    d, t = parse_file(f), parsed_docs[prefix]
    assert [(s.label, _n(s.title), s.level) for s in d.sections] == [(s.label, _n(s.title), s.level) for s in t.sections]
    assert [(b.label, _n(b.title), b.kind) for b in _boxes(d)] == [(b.label, _n(b.title), b.kind) for b in _boxes(t)]
    assert [len(b.items) for b in _boxes(d)] == [len(b.items) for b in _boxes(t)]
    assert [_items(b) for b in _boxes(d)] == [_items(b) for b in _boxes(t)]
    assert [_n(b.note) for b in _boxes(d)] == [_n(b.note) for b in _boxes(t)]
    rows = lambda doc: [(_n(i.name), _n(i.baseline), _n(i.target)) for i in doc.indicators if i.table_label]  # noqa: E731
    assert rows(d) == rows(t)
    assert (d.title, d.doc_number, d.period) == (t.title, t.doc_number, t.period)


def test_indicator_tables_of_the_pasted_texts_have_their_fifteen_rows():
    for folder in ("txt-paste", "txt-paste-word"):
        for prefix, label in (("002", "专栏1"), ("004", "表2-1")):
            doc = parse_file(next((CONV / folder).glob(f"{prefix}_*")))
            assert len([i for i in doc.indicators if i.table_label == label]) == 15, (folder, prefix)


# ---- synthetic plans: each mechanism on its own ----

HEAD = "第一章 总体要求\n　　这是正文。\n"
TAIL = "第二章 主要任务\n　　这是任务。\n"


def _table_lines(text: str) -> list[Table]:
    return [ln.table for ln in split_lines(text) if ln.table is not None]


def test_tab_separated_rows_are_a_table():
    t = _table_lines("序号\t指标\t2020\t2025\n1\t口岸数量（个）\t2\t3\n2\t航线数量（条）\t101\t115\n")
    assert len(t) == 1
    assert t[0].rows == [["序号", "指标", "2020", "2025"], ["1", "口岸数量（个）", "2", "3"],
                         ["2", "航线数量（条）", "101", "115"]]


def test_a_row_short_of_a_covered_cell_is_aligned_by_its_columns():
    # the last column's cell covers rows 2-3 (a web page's rowspan pasted into Notepad)
    text = ("开放平台\t战略定位\t核心功能\n"
            "甲新区\t内陆开放门户。\t着力建设技术创新、新型产业、制度创新体系，打造开放创新高地。\n"
            "乙园区\t先进制造基地。\n"
            "丙园区\t创新示范基地。\n")
    t = _table_lines(text)[0]
    assert t.rows[2] == ["乙园区", "先进制造基地。", "着力建设技术创新、新型产业、制度创新体系，打造开放创新高地。"]
    assert t.merged[2] == [False, False, True]
    # the first column covers rows: the numbers stay in the number columns
    text = "类别\t指标\t2020\t2025\n开放通道\t口岸数量\t2\t3\n航线数量\t101\t115\n"
    t = _table_lines(text)[0]
    assert t.rows[2] == ["开放通道", "航线数量", "101", "115"] and t.merged[2] == [True, False, False, False]


def test_a_numbering_suffix_tab_is_not_a_table():
    lines = split_lines("第一章\t总体要求\n第一节\t指导思想\n　　正文。\n")
    assert all(ln.table is None for ln in lines)
    assert lines[0].text.startswith("第一章")


def test_word_cells_one_per_line_are_a_table():
    text = ("专栏1　平台功能定位\n开放平台\n战略定位\n核心功能\n\n"
            "甲新区\n内陆开放门户。\n建设开放高地。\n\n"
            "乙园区\n先进制造基地。\n\n\n"          # its 核心功能 continues the cell above
            "丙园区\n创新示范基地。\n提升创新能力。\n\n"
            "备注：带【】为五年累计数。\n")
    lines = split_lines(text)
    assert lines[0].text.startswith("专栏1") and lines[1].table is not None
    t = lines[1].table
    assert t.rows[0] == ["开放平台", "战略定位", "核心功能"]
    assert t.rows[2] == ["乙园区", "先进制造基地。", "建设开放高地。"] and t.merged[2] == [False, False, True]
    assert t.rows[-1][0] == "备注：带【】为五年累计数。"
    assert len(lines) == 2


def test_text_broken_into_short_lines_under_a_blank_is_not_a_table():
    # a PDF's narrow-column text: short lines between blank lines, no title right above
    text = "专栏3  功能定位\n\n开放平\n台\n\n战 略 定 位\n\n重庆自\n贸试验\n区\n\n“一带一路”重要枢纽。\n"
    assert _table_lines(text) == []


def _plan_with(table: Table, before: str = "") -> object:
    lines = [Line(1, "第一章 总体要求"), Line(2, "这是正文。")]
    if before:
        lines.append(Line(3, before))
    lines += [Line(4, "", table=table), Line(5, "第二章 主要任务"), Line(6, "这是任务。")]
    return parse_lines(lines, "t.txt", "utf-8", 6)


def test_a_box_title_in_the_tables_first_row_is_the_boxs_title():
    t = Table(rows=[["专栏1　重点项目"], ["甲项目：建设甲。\n乙项目：建设乙。"]], merged=[[False], [False]])
    doc = _plan_with(t)
    assert [(b.label, b.title, b.kind) for b in doc.boxes] == [("专栏1", "重点项目", "list")]
    assert [it.text for it in doc.boxes[0].items] == ["甲项目：建设甲。", "乙项目：建设乙。"]
    assert doc.boxes[0].items[0].lead == "甲项目"


def test_a_note_row_is_the_tables_note_and_its_indicators_keep_their_names():
    rows = [["专栏1　主要指标", "专栏1　主要指标", "专栏1　主要指标", "专栏1　主要指标", "专栏1　主要指标"],
            ["序号", "指标", "单位", "2020年", "2025年"],
            ["1", "外商直接投资（FDI）", "亿美元", "21", "【135】"],
            ["2", "港口货物吞吐量", "亿吨", "1.65", "2.3"],
            ["备注：带【】为五年累计数。", "", "", "", ""]]
    doc = _plan_with(Table(rows=rows, merged=[[False] * 5 for _ in rows]))
    box = doc.boxes[0]
    assert (box.label, box.kind, len(box.items), box.note) == ("专栏1", "table", 2, "备注：带【】为五年累计数。")
    inds = [(i.name, i.unit, i.baseline, i.target) for i in doc.indicators if i.table_label]
    assert inds == [("外商直接投资（FDI）", "亿美元", "21", "【135】"), ("港口货物吞吐量", "亿吨", "1.65", "2.3")]


def test_a_caption_row_makes_an_indicator_table_and_its_note_stays_text():
    rows = [["表2-1 建设指标体系表"] * 4, ["序号", "指标", "2020", "2025"],
            ["1", "轨道通车里程（公里）", "11", "17"], ["2", "道路网密度（km/km2）", "3.7", "7"],
            ["备注：1.带[ ]为五年累计数；"] * 4]
    doc = _plan_with(Table(rows=rows, merged=[[False] * 4 for _ in rows]))
    inds = [(i.table_label, i.name, i.unit, i.baseline, i.target) for i in doc.indicators if i.table_label]
    assert inds == [("表2-1", "轨道通车里程", "公里", "11", "17"), ("表2-1", "道路网密度", "km/km2", "3.7", "7")]
    assert not doc.boxes
    assert "备注：1.带[ ]为五年累计数；" in doc.sections[0].paras


def test_a_note_printed_under_a_box_table_is_its_note():
    text = (HEAD + "专栏1　主要指标\n序号\t指标\t单位\t2020年\t2025年\n1\t口岸数量\t个\t2\t3\n"
            "2\t航线数量\t条\t101\t115\n备注：带【】为五年累计数。\n" + TAIL)
    doc = parse_text(text)
    assert doc.boxes[0].note == "备注：带【】为五年累计数。"
    assert [i.name for i in doc.indicators if i.table_label] == ["口岸数量", "航线数量"]
    assert all("备注" not in p for s in doc.sections for p in s.paras)


def test_an_indented_paragraph_after_a_flush_box_is_running_text():
    # a web page pasted as text: paragraphs keep their 　　, a 专栏's lines are flush
    text = ("第一章 总体要求\n　　这是正文。\n专栏1　重点项目\n建设甲项目，完善功能。\n建设乙项目，提升能力。\n"
            "　　这是专栏后的正文，不属于专栏。\n第二章 主要任务\n" + "　　这是任务。\n" * 20)
    doc = parse_text(text)
    assert [it.text for it in doc.boxes[0].items] == ["建设甲项目，完善功能。", "建设乙项目，提升能力。"]
    assert doc.sections[0].paras == ["这是正文。", "这是专栏后的正文，不属于专栏。"]
