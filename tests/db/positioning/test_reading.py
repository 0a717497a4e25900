"""Reading statements from small plans: each rule of db/positioning/extract on a
text made for it (the built corpus is tested in test_positioning.py and against the
hand-checked key in test_key.py, both beside this module)."""
from __future__ import annotations

import pytest

from db.importer import parse_text
from db.positioning import extract, load_gazetteer
from db.positioning.aspects import aspect_of, is_boilerplate
from db.positioning.gazetteer import Matcher


@pytest.fixture(scope="module")
def plats():
    return load_gazetteer()


def read(text: str, plats, title: str = "某市对外开放“十四五”规划（2021—2025年）"):
    doc = parse_text(title + "\n\n" + text)
    found = extract([("d", doc)], plats)
    pos = {(x["platform_id"], x["text"]): x for x in found.positionings}
    ments = {(m["platform_id"], m["text"]) for m in found.mentions}
    return pos, ments, found


PLAN = """第一章 发展基础
第一节 发展基础
两江新区开放型经济快速发展，2020年外贸进出口值突破3000亿元。
第二章 重点平台
第一节 推动两江新区高水平开发开放
优先布局国家重大战略项目，打造内陆开放门户。
推动重庆高新区与两江新区在数字经济领域开展合作。
专栏1 两江新区开放型产业布局
水土新城：聚力发展新型显示、集成电路产业。
龙盛新城：重点发展汽车、高端装备产业。
第二节 其他平台
充分利用重庆自贸试验区、中新互联互通项目、跨境电子商务综合试验区等国家级开放试点的契机，扩大开放。
西部（重庆）科学城建设工作领导小组要加强统筹协调。
中新互联互通项目南向通道建设取得重大进展。
加快建设国家自主创新示范区、中国（重庆）自由贸易试验区、重庆西永综合保税区、国际交往中心四大龙头开放平台载体。
"""


def test_a_section_whose_heading_names_a_platform_is_about_it(plats):
    pos, ments, _ = read(PLAN, plats)
    x = pos[("liangjiang", "优先布局国家重大战略项目，打造内陆开放门户。")]
    assert x["aspect"] == "定位" and x["section_id"] == "d:第二章/第一节"
    # a sentence of that section where it is only a partner is still no statement of it
    partner = "推动重庆高新区与两江新区在数字经济领域开展合作。"
    assert ("liangjiang", partner) not in pos and ("liangjiang", partner) in ments


def test_a_box_whose_title_names_a_platform_gives_it_every_item(plats):
    pos, _, _ = read(PLAN, plats)
    for t in ("水土新城：聚力发展新型显示、集成电路产业。", "龙盛新城：重点发展汽车、高端装备产业。"):
        assert pos[("liangjiang", t)]["box_id"] == "d:专栏1", t
    # each item is also a statement of the part of 两江新区 it is led by
    assert pos[("shuitu-new-city", "水土新城：聚力发展新型显示、集成电路产业。")]["rank"] == 1


def test_achievements_are_their_own_aspect(plats):
    pos, _, _ = read(PLAN, plats)
    assert pos[("liangjiang", "两江新区开放型经济快速发展，2020年外贸进出口值突破3000亿元。")]["aspect"] == "成效"
    assert aspect_of("2020年外贸进出口值突破2800亿元。", plan_start=2021) == "成效"
    assert aspect_of("到2025年，外贸进出口值突破6000亿元。", plan_start=2021) != "成效"
    assert aspect_of("重庆自贸试验区存在开放压力测试不够、改革举措较少等问题。") == "成效"
    assert aspect_of("把自贸试验区建设成为新时代改革开放的新高地。") == "定位"


def test_platforms_listed_as_instruments_are_mentions(plats):
    pos, ments, _ = read(PLAN, plats)
    s = "充分利用重庆自贸试验区、中新互联互通项目、跨境电子商务综合试验区等国家级开放试点的契机，扩大开放。"
    for pid in ("ftz", "sino-singapore", "cross-border-ecommerce-zone"):
        assert (pid, s) not in pos and (pid, s) in ments, pid


def test_a_list_made_into_a_kind_of_platform_positions_each(plats):
    pos, _, _ = read(PLAN, plats)
    s = "加快建设国家自主创新示范区、中国（重庆）自由贸易试验区、重庆西永综合保税区、国际交往中心四大龙头开放平台载体。"
    for pid in ("innovation-demo-zone", "ftz", "xiyong-csz", "intl-exchange-center"):
        assert (pid, s) in pos, pid


def test_a_name_inside_an_organisations_name_names_nothing(plats):
    pos, ments, _ = read(PLAN, plats)
    s = "西部（重庆）科学城建设工作领导小组要加强统筹协调。"
    assert not any(t == s for _, t in pos) and not any(t == s for _, t in ments)
    m = Matcher(plats)
    assert m.ids("（责任单位：市商务委、市中新项目管理局）") == []
    assert m.ids("中国自由贸易试验区协同开放发展论坛") == []


def test_a_parents_name_run_into_its_childs_names_the_child(plats):
    pos, _, _ = read(PLAN, plats)
    s = "中新互联互通项目南向通道建设取得重大进展。"
    assert pos[("sino-sg-southbound-corridor", s)]["aspect"] == "成效"
    assert ("sino-singapore", s) not in pos


def test_boilerplate_is_never_a_statement(plats):
    text = """第一章 总体要求
第一节 指导思想
以习近平新时代中国特色社会主义思想为指导，推动两江新区高质量发展。
第二节 主要任务
为推动两江新区高质量发展，制定本规划。
推动两江新区开放发展。（责任单位：两江新区管委会；市商务委）
"""
    pos, _, _ = read(text, plats)
    assert list(pos) == [("liangjiang", "推动两江新区开放发展。")]
    assert is_boilerplate("（责任单位：市商务委）") and is_boilerplate("表2-1 重庆高新区开放发展指标体系表")


def test_a_plan_about_a_platform_gives_it_its_own_sections(plats):
    text = """一、发展基础与面临形势
（一）发展基础
制度创新成效显著。累计形成创新成果100项。
（二）面临形势
全球经济治理体系发生深刻变革，有利于重庆自贸试验区更好参与全球经济分工。
新一轮科技革命深入发展，有利于推动重庆自贸试验区加快建设成为内陆开放高地。
重庆自贸试验区面临的机遇和挑战并存。
二、总体要求
（一）指导思想
坚持以制度创新为核心，推进高质量发展。
（二）功能定位
建设内陆现代服务业发展先行区。
（三）发展目标
到2025年，自贸试验区制度创新取得新突破。
"""
    pos, _, _ = read(text, plats, title="中国（重庆）自由贸易试验区“十四五”规划（2021—2025年）")
    ftz = {t: x for (p, t), x in pos.items() if p == "ftz"}
    assert ftz["制度创新成效显著。"]["aspect"] == "成效"
    assert ftz["累计形成创新成果100项。"]["aspect"] == "成效"
    # 面临形势: the situation is never a statement, even where it names the platform;
    # a role it gives the platform is
    assert "全球经济治理体系发生深刻变革，有利于重庆自贸试验区更好参与全球经济分工。" not in ftz
    assert "重庆自贸试验区面临的机遇和挑战并存。" not in ftz
    assert ftz["新一轮科技革命深入发展，有利于推动重庆自贸试验区加快建设成为内陆开放高地。"]["aspect"] == "定位"
    assert "坚持以制度创新为核心，推进高质量发展。" not in ftz   # 指导思想: the plan's formula
    assert ftz["建设内陆现代服务业发展先行区。"]["rank"] == 1   # its 功能定位 first
    assert ftz["到2025年，自贸试验区制度创新取得新突破。"]["aspect"] != "成效"


def test_short_names_count_where_the_plan_means_one_platform(plats):
    # a plan naming 西部（重庆）科学城 often means it by 科学城; one naming 成都's as often does not
    ours = "西部（重庆）科学城建设加快。" * 4 + "推动科学城发展。"
    both = "西部（重庆）科学城和西部（成都）科学城联动发展。推动科学城发展。"
    assert "science-city" in Matcher(plats, "", ours).ids("推动科学城发展。")
    assert Matcher(plats, "", both).ids("推动科学城发展。") == []
    assert Matcher(plats).ids("推动科学城发展。") == []


def test_a_bare_enumeration_is_a_classification_not_a_statement(plats):
    text = """第一章 平台
第一节 国家级重点开放平台
专栏1 国家级重点开放平台
战略平台：中新（重庆）战略性互联互通示范项目、中国（重庆）自由贸易试验区、两江新区、西部（重庆）科学城。
功能平台：两路寸滩综合保税区、西永综合保税区，重庆铁路口岸（临时开放）。
第二节 其他
加强统筹协调。
"""
    pos, ments, _ = read(text, plats)
    assert pos == {}
    assert {p for p, _ in ments} >= {"sino-singapore", "ftz", "liangjiang", "science-city", "xiyong-csz"}


def test_statements_carry_their_source_line(plats):
    pos, _, _ = read(PLAN, plats)
    x = pos[("liangjiang", "优先布局国家重大战略项目，打造内陆开放门户。")]
    assert x["line"] == 8        # the title, a blank line, then the plan's 6th line
