"""Finding the 《…》 of a plan's text: joined over lines, nested titles, the 发文字号
or short form printed after it, a kind guess, the plan's own title in its notice."""
from __future__ import annotations

from hypothesis import example, given, strategies as st

from db.importer import parse_text
from db.place import DocPlaces
from db.references.extract import MAX_QUOTE, extract, in_text, kind_of, spans

PLACE = "x:第一章"


def test_kinds_by_the_last_kind_word():
    assert kind_of("成渝地区双城经济圈建设规划纲要") == "plan"
    assert kind_of("中国（重庆）自由贸易试验区总体方案") == "plan"
    assert kind_of("中国（重庆）自由贸易试验区“十四五”规划（2021—2025年）") == "plan"
    assert kind_of("中华人民共和国外商投资法") == "law"
    assert kind_of("中国（重庆）自由贸易试验区条例") == "law"
    assert kind_of("区域全面经济伙伴关系协定") == "agreement" and kind_of("关检合作备忘录") == "agreement"
    assert kind_of("外商投资准入管理办法") == "policy"           # 办法, not 法
    assert kind_of("关于推动外贸稳规模优结构的意见") == "policy"
    assert kind_of("国务院关于印发《全国国土规划纲要》的通知") == "plan"   # the notice sends a 纲要
    assert kind_of("未再加工证明") == "other"


def spans_char_by_char(text: str) -> list[tuple[int, int]]:
    """The outermost 《…》 found by reading every character (what spans() visits only the brackets for)."""
    out, depth, start = [], 0, 0
    for k, ch in enumerate(text):
        if ch == "《":
            if depth == 0:
                start = k
            depth += 1
        elif ch == "》" and depth:
            depth -= 1
            if depth == 0 and k - start - 1 <= MAX_QUOTE:
                out.append((start, k + 1))
    return out


@given(st.lists(st.sampled_from(["《", "》", "甲", "规划", "\n", "字" * (MAX_QUOTE - 1), "字" * MAX_QUOTE]),
                max_size=30).map("".join))
@example("《" + "字" * MAX_QUOTE + "》《" + "字" * (MAX_QUOTE + 1) + "》")      # the longest title, and one too long
def test_spans_are_those_read_character_by_character(text):
    assert spans(text) == spans_char_by_char(text)


def test_a_title_over_two_lines_and_nested_titles():
    assert spans("甲《乙《丙》丁》戊《己》") == [(1, 8), (9, 12)]
    [r] = in_text("签署《合作共建南向通道框\n\n架协议》和", PLACE, (47, 49))
    assert r.quote == "合作共建南向通道框架协议" and (r.line_start, r.line_end) == (47, 49)
    assert in_text("《未闭合的书名号 " + "字" * 200, PLACE, None) == []


def test_number_and_short_form_after_it():
    a, b, c = in_text("落实《中国（重庆）自由贸易试验区总体方案》（国发〔2017〕19号）、"
                      "《区域全面经济伙伴关系协定》(RCEP)和《成渝地区双城经济圈建设规划纲要》（以下简称《纲要》）",
                      PLACE, None)
    assert a.doc_number == "国发〔2017〕19号" and a.abbr is None
    assert b.abbr == "RCEP" and b.doc_number is None
    assert c.abbr == "纲要" and c.quote == "成渝地区双城经济圈建设规划纲要"


def test_a_short_name_stands_for_its_title():
    doc = parse_text(PLAN.format(body="落实《成渝地区双城经济圈建设规划纲要》（以下简称《纲要》）。\n按照《纲要》要求推进。"))
    refs = extract(doc, DocPlaces("x", doc))
    short = [r for r in refs if r.quote == "纲要"]
    assert len(short) == 1 and short[0].means == "成渝地区双城经济圈建设规划纲要" and short[0].kind == "plan"
    assert [r.quote for r in refs if not r.self] == ["重庆市内陆开放高地“十四五”规划", "成渝地区双城经济圈建设规划纲要",
                                                     "纲要", "全面与进步跨太平洋伙伴关系协定"]


PLAN = """某某区人民政府关于印发某某区开放通道建设方案的通知
某府发〔2022〕3号
根据《重庆市内陆开放高地“十四五”规划》，现将《某某区开放通道建设方案》印发给你们，请认真贯彻执行。
某某区开放通道建设方案
一、总体要求
{body}
二、主要任务
（一）建设通道
加快建设开放通道，对标《全面与进步跨太平洋伙伴关系协定》。
"""


def test_the_plans_own_title_in_its_notice_is_self_and_the_other_is_not():
    doc = parse_text(PLAN.format(body="《某某区开放通道建设方案》由区商务委负责实施。"))
    refs = extract(doc, DocPlaces("x", doc))
    by = {r.quote: r for r in refs if r.quote != "某某区开放通道建设方案"}
    own = [r for r in refs if r.quote == "某某区开放通道建设方案"]
    assert len(own) == 2 and all(r.self for r in own)                 # in the notice and in the body
    assert not by["重庆市内陆开放高地“十四五”规划"].self                # cited in the notice: a reference
    assert own[0].place == "doc:x" and by["全面与进步跨太平洋伙伴关系协定"].place.startswith("x:二、")
