"""Stage 3: hard wraps and mid-sentence breaks joined, never across a heading or a box line."""
from __future__ import annotations

from db.importer.lines import split_lines, wrap_width
from db.importer.paragraphs import build, heading_parts, is_structural, structural_gap
from tests.helpers import support


def paras(text):
    lines = split_lines(text)
    return [p.text for p in build(lines, wrap_width(lines))]


def test_heading_parts():
    assert heading_parts("第三章　开放平台体系") == ("章", "第三章", 3, "开放平台体系")
    assert heading_parts("（二）建设目标") == ("（一）", "（二）", 2, "建设目标")
    assert heading_parts("1.优势和机遇") == ("1.", "1.", 1, "优势和机遇")
    assert heading_parts("2.3%的增速") is None                 # a number, not a label
    assert heading_parts("一、坚持开放，推动发展，") is None        # a clause runs on
    assert heading_parts("（一）建设目标。到2025年，开放水平显著提高。") is None


def test_structural_lines():
    assert is_structural("专栏1 重点开放平台") and is_structural("目录")
    assert is_structural("表2-1 主要指标") and not is_structural("表示同意。")


def test_a_sentence_broken_by_a_blank_line_is_joined():
    assert paras("推动开放平台\n\n协同发展。\n\n第二章 目标") == ["推动开放平台协同发展。", "第二章 目标"]


def test_a_heading_is_never_joined():
    assert paras("正文没有结束\n第二章 发展目标\n到2025年。") == ["正文没有结束", "第二章 发展目标", "到2025年。"]


def test_hard_wrapped_paragraphs_are_rebuilt():
    lines = split_lines((support.TESTS / "fixtures" / "plans" / "wrapped.txt").read_text(encoding="utf-8"))
    assert wrap_width(lines) == 34
    ps = build(lines, wrap_width(lines))
    first = next(p for p in ps if p.text.startswith("近年来"))
    assert first.text.endswith("内陆开放高地建设的重要支撑。") and (first.line_start, first.line_end) == (9, 14)
    # a page break mid-text: the footer is gone and the next paragraph stands alone
    assert not any("- 1 -" in p.text for p in ps)
    nxt = ps[ps.index(first) + 1]
    assert nxt.text.startswith("但也要看到") and nxt.text.endswith("协同推进。")
    # a narrow table's cell lines are short: each stays a line of its own
    assert [p.text for p in ps if p.text in ("两江新区", "国家级经", "开区")] == ["两江新区", "国家级经", "开区"]


def test_structural_gap():
    a = split_lines("甲。\n乙。\n丙。\n\n\n\n丁。\n戊。")
    assert structural_gap(a) == 0                     # paragraphs touch; a larger gap ends a block
    b = split_lines("甲，\n\n\n\n乙。\n丙。\n丁。")
    assert structural_gap(b) is None                  # gaps fall mid-sentence: they mean nothing
