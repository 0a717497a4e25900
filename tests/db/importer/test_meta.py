"""Stage 4: the front matter — notice, title, 发文字号, issuer, date, period."""
from __future__ import annotations

from db.importer.lines import split_lines
from db.importer.meta import find_doc_number, parse


def front(text):
    return parse(split_lines(text), "fallback")


def test_notice_title_and_period():
    f = front("某某区人民政府关于印发《某某区对外开放“十四五”规划》的通知\n某府发〔2021〕7号\n各部门：\n"
              "现将规划印发给你们，请认真贯彻执行。\n某某区人民政府\n2021年6月1日\n"
              "某某区对外开放“十四五”规划\n（2021—2025年）\n为加快建设开放高地，制定本规划。")
    assert f.title == "某某区对外开放“十四五”规划（2021—2025年）"
    assert f.doc_number == "某府发〔2021〕7号"
    assert f.issuer == "某某区人民政府"
    assert f.issued_date == "2021-06-01"
    assert f.period == "2021-2025"
    assert [ln.text for ln in f.preamble] == ["为加快建设开放高地，制定本规划。"]


def test_no_notice_title_from_the_first_line():
    f = front("某某市开放平台协同发展规划（2018―2020年）\n为推动开放平台协同发展，制定本规划。")
    assert f.title == "某某市开放平台协同发展规划（2018―2020年）"
    assert f.period == "2018-2020" and f.doc_number is None and f.issuer is None and not f.notice


def test_period_from_the_preamble_or_the_fyp():
    assert front("某某方案\n规划期为2021—2025年。").period == "2021-2025"
    assert front("某某“十四五”规划\n正文。").period == "2021-2025"


def test_doc_number_stops_at_the_words_before_it():
    assert find_doc_number("关于印发的通知渝府办发〔2022〕58号") == "渝府办发〔2022〕58号"
    assert find_doc_number("没有文号〔2022〕") is None


def test_the_notice_names_the_plan_it_sends_not_the_plan_it_follows():
    from db.importer.meta import notice_title
    assert notice_title("各区县人民政府：根据《成渝地区双城经济圈建设规划纲要》，现将《成渝地区联手打造内陆开放高地方案》"
                        "印发给你们，请认真贯彻执行。") == "成渝地区联手打造内陆开放高地方案"
    assert notice_title("为贯彻落实《中华人民共和国外商投资法》，《重庆市开放平台协同发展规划（2018—2020年）》已经市政府同意，"
                        "现印发给你们") == "重庆市开放平台协同发展规划（2018—2020年）"
