"""Run-in web scrapes: the 目录 as skeleton, headings found inline, repeats dropped, fused tables."""
from __future__ import annotations


import pytest

from db.importer import parse_file
from db.importer.inline import is_inline
from db.importer.inline.body import split_box_title
from db.importer.inline.fused_table import fused_table, split_values
from db.importer.inline.toc import has_runin_toc, parse_toc
from db.importer.lines import split_lines
from db.importer.model import Box
from tests.helpers import support

PLANS = support.TESTS / "fixtures" / "plans"


@pytest.fixture(scope="module")
def runin():
    return parse_file(PLANS / "runin.txt")


def test_detected_as_a_runin_scrape():
    lines = split_lines((PLANS / "runin.txt").read_text(encoding="utf-8"))
    assert is_inline(lines) and has_runin_toc(lines)
    assert not is_inline(split_lines((PLANS / "chapters.txt").read_text(encoding="utf-8")))


def test_parse_toc_stops_at_the_title():
    s = "目录第一篇总体要求第一章发展基础第二章发展目标某某规划正文"
    entries, end = parse_toc(s, 2, "某某规划")
    assert [(lab, t, fam, n) for lab, t, fam, n in entries] == [
        ("第一篇", "总体要求", "篇", 1), ("第一章", "发展基础", "章", 1), ("第二章", "发展目标", "章", 2)]
    assert s[end:].startswith("某某规划")


def test_sections_come_from_the_toc_and_text_from_inline_headings(runin):
    assert [s.path for s in runin.sections] == ["第一篇", "第一篇/第一章", "第一篇/第二章", "第二篇",
                                                "第二篇/第三章", "第二篇/第四章"]
    by = {s.path: s for s in runin.sections}
    assert by["第一篇/第二章"].text.startswith("到2025年，全市货物进出口总额达到8000亿元")
    assert "中欧班列累计开行超过1万列" in by["第一篇/第一章"].text
    assert "中欧班列累计开行超过1万列" not in by["第二篇/第四章"].text   # its second copy is dropped


def test_repeats_make_the_order_unreliable(runin):
    assert not runin.order_reliable and runin.dropped_repeats > 0
    assert runin.notes[0].kind == "order_unreliable" and "重复段落" in runin.notes[0].message


def test_inline_box_items(runin):
    (box,) = runin.boxes
    assert (box.label, box.title, box.section.path) == ("专栏1", "重大通道项目", "第二篇/第三章")
    assert [it.lead for it in box.items] == ["铁路通道", "航空通道"]


def test_split_box_title():
    assert split_box_title("国家级重点开放平台战略平台：两江新区") == ("国家级重点开放平台", "战略平台：两江新区")
    assert split_box_title("主要指标序号指标") == ("主要指标", "序号指标")


def test_split_values_uses_the_next_row_number_and_plausibility():
    assert split_values("260330004", 4)[:2] == ("2603", "3000")
    assert split_values("1.652.33", None, 2)[:2] == ("1.65", "2.33")
    assert split_values("12", 9) is None


def test_fused_table_rows():
    box = Box(label="专栏1", title="主要指标", section=None, line_start=1, line_end=1)
    raw = "序号指标单位2020年2025年1中欧班列运行数量列260330002国际航线条101120"
    cols, items, inds, rest = fused_table(raw, box)
    assert cols == ["序号", "指标", "单位", "2020年", "2025年"]
    assert [(i.seq, i.name, i.unit, i.baseline, i.target) for i in inds] == [
        (1, "中欧班列运行数量", "列", "2603", "3000"), (2, "国际航线", "条", "101", "120")]
    assert items[0].cells["指标"] == "中欧班列运行数量" and rest == ""
