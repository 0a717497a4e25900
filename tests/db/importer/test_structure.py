"""Stage 5-6: sections by numbering, boxes and tables in place (on small fixture plans)."""
from __future__ import annotations


import pytest

from db.importer import parse_file, parse_text
from db.importer.errors import UnimportableFile
from tests.helpers import support

PLANS = support.TESTS / "fixtures" / "plans"


@pytest.fixture(scope="module")
def chapters():
    return parse_file(PLANS / "chapters.txt")


def test_sections_nest_by_their_numbering(chapters):
    got = [(s.level, s.path, s.title) for s in chapters.sections]
    assert got[:3] == [(1, "第一章", "发展基础"), (2, "第一章/第一节", "主要成效"), (2, "第一章/第二节", "面临形势")]
    assert [s.path for s in chapters.sections if s.level == 1] == ["第一章", "第二章", "第三章"]
    # the numbering of 节 restarts under each 章
    assert [s.path for s in chapters.sections if s.parent and s.parent.path == "第三章"] == \
        ["第三章/第一节", "第三章/第二节"]


def test_text_belongs_to_the_deepest_heading_above_it(chapters):
    by = {s.path: s for s in chapters.sections}
    assert by["第一章/第一节"].text.startswith("“十三五”时期")
    assert by["第一章"].text == ""
    assert chapters.preamble == "为加快建设开放高地，制定本规划。"


def test_box_sits_in_its_section_and_ends_at_the_next_heading(chapters):
    (box,) = chapters.boxes
    assert (box.label, box.title, box.section.path, box.kind) == ("专栏1", "重点开放平台", "第三章/第一节", "list")
    assert [it.lead for it in box.items] == ["综合保税区", "保税物流中心"]


def test_caption_table_rows_are_indicators(chapters):
    rows = [i for i in chapters.indicators if i.table_label]
    assert [(i.seq, i.name, i.unit, i.baseline, i.target, i.cumulative) for i in rows] == [
        (1, "货物进出口总额", "亿元", "300", "500", 0), (2, "实际利用外资", "亿美元", "[2.1]", "[10]", 1)]
    assert all(i.section.path == "第二章/第二节" and i.baseline_year == 2020 and i.target_year == 2025 for i in rows)


def test_numbered_paragraphs_are_headings_and_responsibility_notes_are_not():
    doc = parse_file(PLANS / "numbered.txt")
    assert [s.path for s in doc.sections] == ["一、", "一、/（一）", "一、/（二）", "二、", "二、/（三）", "二、/（四）",
                                              "二、/（五）", "三、", "三、/（六）"]
    sec = next(s for s in doc.sections if s.path == "二、/（三）")
    assert sec.title == "共建物流通道" and "（责任单位：市口岸物流办）" in sec.text


def test_a_missing_chapter_is_noted():
    doc = parse_text("第一章 甲\n\n正文。\n\n第三章 丙\n\n正文。\n", "gap.txt")
    assert [s.path for s in doc.sections] == ["第一章", "第三章"]
    assert any(n.kind == "missing_heading" and "第二章" in n.message for n in doc.notes)


def test_no_structure_is_refused():
    with pytest.raises(UnimportableFile) as e:
        parse_text("只有一段话，没有任何标题。\n", "flat.txt")
    assert "flat.txt" in str(e.value)
