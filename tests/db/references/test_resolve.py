"""A quote -> a plan of the library: tolerant of the ways one title is written,
never resolved to a plan that only shares words with it."""
from __future__ import annotations

import pytest

from db.references.resolve import Resolver, norm, norm_number, years

DOCS = [
    dict(id="inland", title="重庆市全面融入共建“一带一路”加快建设内陆开放高地“十四五”规划（2021—2025年）",
         short_title="重庆市内陆开放高地“十四五”规划", doc_number="渝府发〔2021〕24号", year=2021),
    dict(id="hightech", title="重庆高新区内陆开放高地建设“十四五”规划", short_title="重庆高新区内陆开放高地“十四五”规划",
         doc_number="渝高新发〔2021〕27号", year=2021),
    dict(id="ftz", title="中国（重庆）自由贸易试验区“十四五”规划（2021—2025年）", short_title="重庆自贸试验区“十四五”规划",
         doc_number="渝府办发〔2022〕58号", year=2022),
    dict(id="chengyu", title="成渝地区联手打造内陆开放高地方案", short_title="成渝地区联手打造内陆开放高地方案",
         doc_number="渝府办发〔2022〕86号", year=2022),
    dict(id="platforms", title="重庆市开放平台协同发展规划（2018―2020年）", short_title="重庆市开放平台协同发展规划",
         doc_number=None, year=2018),
]
R = Resolver(DOCS)


@pytest.mark.parametrize("quote,want", [
    ("重庆市全面融入共建“一带一路”加快建设内陆开放高地“十四五”规划（2021—2025年）", "inland"),
    ("重庆市全面融入共建“一带一路”加快建设内陆开放高地“十四五”规划", "inland"),       # no period
    ("重庆市全面融入共建\"一带一路\"加快建设内陆开放高地\"十四五\"规划(2021-2025年)", "inland"),  # ASCII marks
    ("重庆市内陆开放高地“十四五”规划", "inland"),                                      # the short title
    ("内陆开放高地“十四五”规划", "inland"),                                            # without 重庆市
    ("重庆市内陆开放高地建设“十四五”规划", "inland"),                                  # with 建设
    ("重庆高新区内陆开放高地建设“十四五”规划", "hightech"),
    ("重庆高新技术产业开发区内陆开放高地建设“十四五”规划", "hightech"),                # the zone's long name
    ("重庆自由贸易试验区“十四五”规划", "ftz"),
    ("中国（重庆）自由贸易试验区“十四五”规划（2021—2025年）", "ftz"),
    ("重庆市人民政府办公厅关于印发中国（重庆）自由贸易试验区“十四五”规划（2021—2025年）的通知", "ftz"),
    ("成渝地区联手打造内陆开放高地方案", "chengyu"),
    ("重庆市开放平台协同发展规划（2018—2020年）", "platforms"),
])
def test_one_title_written_many_ways(quote, want):
    assert R.resolve(quote) == want


@pytest.mark.parametrize("quote,number", [
    ("中国（重庆）自由贸易试验区总体方案", "国发〔2017〕19号"),     # the 2017 programme, not the 十四五 plan
    ("中国（重庆）自由贸易试验区总体方案", None),
    ("成渝地区双城经济圈建设规划纲要", None),                       # the national 纲要, not the 成渝 方案
    ("中国（重庆）自由贸易试验区条例", None),
    ("重庆市内陆开放高地“十三五”规划", None),                       # another period
    ("重庆市开放平台协同发展规划（2021—2025年）", None),            # another period, in brackets
    ("内陆开放高地建设行动计划", None),                             # another kind word
    ("重庆市内陆开放高地“十四五”规划", "渝府发〔2019〕3号"),         # another document's number
    ("外商投资法", None),
    ("内陆开放高地", None),                                         # a tag alone is no title
])
def test_never_wrongly(quote, number):
    assert R.resolve(quote, number) is None


def test_a_doc_number_wins():
    assert R.resolve("关于内陆开放高地的那份规划", "渝府发 [2021] 24 号") == "inland"
    assert R.resolve("高新区规划", "渝高新发（2021）27号") == "hightech"


def test_norm_helpers():
    assert norm_number("国发(2017)19号") == norm_number("国发〔2017〕19号") == "国发〔2017〕19号"
    assert norm_number("第三章") is None
    assert years("规划（2021—2025年）") == (2021, 2025) and years("总体方案") == ()
    assert norm("《重庆市内陆开放高地“十四五”规划》") == norm("内陆开放高地十四五规划")


def test_an_empty_library_resolves_nothing():
    assert Resolver([]).resolve("重庆市内陆开放高地“十四五”规划") is None
