"""Platform positioning: the gazetteer's names over time, the 2018 positioning tables,
the evolution of a platform's statements across the plans, and the store's invariants.

The facts asserted about later plans were checked by reading the statements
(db/positioning.py's extraction over the bundled corpus), not just counted.
"""
from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import defaultdict

import pytest

from tests.helpers import support
from db.positioning import comparison
from db.positioning import Matcher, aspect_of, load_gazetteer

Y2018 = "open-platforms-2018"
INLAND = "inland-opening-2021"
HITECH = "hightech-zone-2021"
FTZ22 = "ftz-2022"
CHENGYU = "chengyu-2022"
HITECH_TITLE = "重庆高新区内陆开放高地建设“十四五”规划"
FTZ_TITLE = "中国（重庆）自由贸易试验区“十四五”规划（2021—2025年）"

# ---- 000's 专栏1-3, as ../shared/golden/000_*.json gives them (copied here so the
# test runs without ../shared; test_table_rows_agree_with_the_golden_key checks the copy)

GAO_GONG = "着力建设技术创新、新型产业、制度创新体系和创新创业生态系统，激发市场主体活力，全面推进对内对外开放。"
JING_GONG = ("提升招商项目质量，做强战略性新兴产业；强化创新驱动，做精传统优势产业；完善公共服务功能，做优现代服务业，"
             "实现产城融合发展，努力成为吸引外资的领头羊，绿色发展的示范区。")
BAO_GONG = ("推进特殊监管区域整合优化，加快形成管理规范、通关便捷、用地集约、产业集聚、协调发展的格局；完善政策和功能，"
            "促进加工贸易向产业链高端延伸，延长增值链条；鼓励加工贸易企业向特殊监管区域集中，发挥特殊监管区域的辐射带动作用，"
            "使其成为引导加工贸易转型升级、承接产业转移、优化产业结构、拉动经济发展的重要载体。")

# (row label as printed, box, platform id, 战略定位 cell, 核心功能 cell)
TABLE_ROWS = [
    ("两江新区", "专栏1", "liangjiang",
     "内陆国际物流枢纽和口岸高地、内陆地区对外开放的重要门户、内陆开放型体制机制创新先行区、内陆外向型高端产业发展集聚区、"
     "内陆国际物流中心、内陆现代金融中心、内陆科技创新示范中心。",
     "优化提升支柱产业，转型发展优势服务业，加快发展特色产业，创新发展战略性新兴产业，构建开放的现代产业体系和开放创新引领区。"),
    ("重庆高新技术产业开发区", "专栏1", "chongqing-hitech",
     "创新驱动引领区、军民融合示范区、科技体制改革试验区、内陆开放先导区，打造具有重要影响力的西部创新中心。", GAO_GONG),
    ("璧山高新技术产业开发区", "专栏1", "bishan-hitech",
     "国家先进装备制造业生产基地、军民融合产业示范基地、西部地区创新示范基地。", GAO_GONG),
    ("荣昌高新技术产业开发区", "专栏1", "rongchang-hitech", "国家农牧科技产业化基地、国家轻工陶瓷产业基地。", GAO_GONG),
    ("永川高新技术产业开发区", "专栏1", "yongchuan-hitech",
     "国家新型工业化示范基地、国家工业机器人高新技术产业化基地、国家双创示范基地、国家科技服务业区域示范区。", GAO_GONG),
    ("重庆经济技术开发区", "专栏1", "chongqing-etdz",
     "国家一流经济技术开发区，重庆产业协同创新的示范窗口、重庆开放引领高地、信息产业和智能制造高地。", JING_GONG),
    ("万州经济技术开发区", "专栏1", "wanzhou-etdz", "长江上游重要临港产业基地、渝东开放门户。", JING_GONG),
    ("长寿经济技术开发区", "专栏1", "changshou-etdz", "全国一流经济技术开发区、国家新材料产业基地、重庆工业高地。", JING_GONG),
    ("两路寸滩保税港区", "专栏2", "lianglu-cuntan",
     "建设以智能终端产业集群为基础的加工贸易创新发展基地、以“保税+”产业集群为重点的服务贸易集聚示范基地、"
     "以“水、空、铁、公”多式联运为核心的内陆国际物流基地，打造内陆地区对外开放示范窗口。", BAO_GONG),
    ("西永综合保税区", "专栏2", "xiyong-csz", "辐射中西部的综合型（制造、研发、维修、物流、贸易、结算）保税区。", BAO_GONG),
    ("江津综合保税区", "专栏2", "jiangjin-csz", "重庆西北向和南向大通道的重要开放引擎和加工贸易基地。", BAO_GONG),
    ("重庆自贸试验区", "专栏3", "ftz",
     "“一带一路”和长江经济带互联互通重要枢纽、西部大开发战略重要支点。",
     "打造开放型经济新体制的风险压力测试区，改革系统集成的先行区，开放平台协同发展区。"),
    ("中新互联互通项目", "专栏3", "sino-singapore",
     "西部地区领先的互联互通和服务经济中心，“高起点、高水平、创新型”的示范性重点项目和中新合作的新亮点。",
     "建成国家“一带一路”建设、西部大开发和长江经济带发展的示范性重点项目，带动西部地区开放发展。"),
]


def ws(s) -> str:
    return re.sub(r"\s+", "", s or "")


def texts(store, pid, did) -> list[str]:
    """A platform's own statements in a plan (not those about a class it belongs to)."""
    return [x["text"] for x in store.positionings(pid, did) if not x.get("via_class")]


@pytest.fixture(scope="module")
def plats():
    return load_gazetteer()


@pytest.fixture(scope="module")
def all_pos(built_store):
    return built_store._rows("select * from positionings")


# ---- 1. the 2018 positioning tables ----

def test_table_has_the_thirteen_rows(built_store):
    rows = []
    for label in ("专栏1", "专栏2", "专栏3"):
        b = built_store.box(f"{Y2018}:{label}")
        assert b["kind"] == "table" and b["columns"] == ["开放平台", "战略定位", "核心功能"]
        rows += [(it["lead"], label) for it in built_store.items(b["id"])]
    assert rows == [(r[0], r[1]) for r in TABLE_ROWS]


@pytest.mark.parametrize("label,box,pid,ding,gong", TABLE_ROWS, ids=[r[0] for r in TABLE_ROWS])
def test_table_row_yields_its_statements(built_store, label, box, pid, ding, gong):
    p = built_store.find_platform(label)
    assert p is not None and p["id"] == pid
    pos = built_store.positionings(pid, Y2018)
    by_text = {x["text"]: x for x in pos}
    assert ding in by_text, f"{label}: 战略定位 cell missing"
    assert gong in by_text, f"{label}: 核心功能 cell missing"
    d, g = by_text[ding], by_text[gong]
    assert (d["aspect"], g["aspect"]) == ("定位", "功能")
    assert d["box_id"] == g["box_id"] == f"{Y2018}:{box}"
    assert d["section_id"] == g["section_id"] == f"{Y2018}:第三章/第一节"
    # the table is the most central source: its two cells rank first
    assert {d["rank"], g["rank"]} == {1, 2}
    assert d["rank"] == 1


def test_merged_cells_given_to_every_row_they_cover(built_store):
    """Shared 核心功能 cells: 璧山/荣昌/永川 get 重庆高新区's, 万州/长寿 重庆经开区's,
    西永/江津 两路寸滩's."""
    for owner, heirs in (("chongqing-hitech", ["bishan-hitech", "rongchang-hitech", "yongchuan-hitech"]),
                         ("chongqing-etdz", ["wanzhou-etdz", "changshou-etdz"]),
                         ("lianglu-cuntan", ["xiyong-csz", "jiangjin-csz"])):
        own = next(x["text"] for x in built_store.positionings(owner, Y2018) if x["aspect"] == "功能")
        for h in heirs:
            gong = [x["text"] for x in built_store.positionings(h, Y2018) if x["aspect"] == "功能"]
            assert gong[0] == own, h


def test_table_rows_agree_with_the_golden_key(built_store):
    key = support.load_key("000")        # skips when ../shared is absent
    by_pid = {}
    for gp in key["platforms"]:
        p = built_store.find_platform(gp["platform"])
        assert p, gp["platform"]
        by_pid[p["id"]] = gp
    for label, box, pid, ding, gong in TABLE_ROWS:
        gp = by_pid[pid]
        assert gp["positioning"][:2] == [ding, gong], label
        assert gp["where"][:2] == [f"第三章/第一节/{box}"] * 2


@pytest.mark.parametrize("prefix", support.GOLDEN_PREFIXES)
def test_score_import_positioning_is_perfect(built_store, prefix, tmp_path):
    support.need_shared(support.SCORER)
    out = tmp_path / "score.json"
    subprocess.run([sys.executable, str(support.SCORER), str(built_store.path), str(support.GOLDEN),
                    "--json", str(out)], check=True, capture_output=True, timeout=60)
    res = {r["doc"]: r for r in json.loads(out.read_text(encoding="utf-8"))["docs"]}
    assert "error" not in res[prefix], res[prefix]
    assert res[prefix]["pos_stmt"] == pytest.approx(1.0)
    assert res[prefix]["pos_pair"] == pytest.approx(1.0)


# ---- 2. names over time, the Matcher ----

@pytest.mark.parametrize("names,pid", [
    (["两路寸滩保税港区", "两路寸滩综合保税区", "两路寸滩综保区", "重庆两路果园港综合保税区"], "lianglu-cuntan"),
    (["自贸区", "重庆自贸试验区", "中国（重庆）自由贸易试验区", "中国（重庆）自贸试验区", "重庆自由贸易试验区"], "ftz"),
    (["重庆高新区", "重庆高新技术产业开发区", "高新区"], "chongqing-hitech"),
    (["中新互联互通项目", "中新（重庆）战略性互联互通示范项目"], "sino-singapore"),
    (["西永综保区", "重庆西永综合保税区", "西永综合保税区"], "xiyong-csz"),
    (["西部科学城", "西部（重庆）科学城"], "science-city"),
    (["两江新区", "重庆两江新区", " 两江 新区 ", "liangjiang"], "liangjiang"),
])
def test_names_resolve_to_one_platform(built_store, names, pid):
    assert {built_store.find_platform(n)["id"] for n in names} == {pid}


def test_unknown_name_resolves_to_nothing(built_store):
    assert built_store.find_platform("不存在的平台") is None
    assert built_store.find_platform("") is None


def test_former_and_later_names_are_recorded(built_store):
    p = built_store.platform("lianglu-cuntan")
    assert p["formerly"] == ["两路寸滩保税港区"]
    assert "重庆两路果园港综合保税区" in p["later"]
    # the 2018 table names it by its former name, the 2022 plan by its later one:
    # both land on the same platform
    assert built_store.items(f"{Y2018}:专栏2")[0]["lead"] == "两路寸滩保税港区"
    assert texts(built_store, "lianglu-cuntan", Y2018)[0] == TABLE_ROWS[8][3]
    # 001 names it by its later name only as a place the 中新 air-logistics zone stands on
    later = [m["text"] for m in built_store.mentions("lianglu-cuntan", FTZ22)]
    assert any("重庆两路果园港综合保税区空港功能区" in t for t in later)


def test_matcher_prefers_the_longest_name(plats):
    m = Matcher(plats)
    s = "中国（重庆）自贸试验区西永片区自挂牌以来，贡献了重庆近8%的工业产值"
    assert m.find(s) == [(0, len("中国（重庆）自贸试验区西永片区"), "ftz-xiyong-area")]
    assert m.ids("自贸区西永片区持续推进网上行政审批改革") == ["ftz-xiyong-area"]
    assert m.ids("两路寸滩保税港区和西永综合保税区进出口总额") == ["lianglu-cuntan", "xiyong-csz"]
    assert m.ids("西永综合保税区板块。产业定位：") == ["block-xiyong"]
    # in the FTZ's own plan (自贸区 is then the FTZ) the 片区 still wins
    assert Matcher(plats, FTZ_TITLE).ids("自贸区西永片区") == ["ftz-xiyong-area"]
    assert Matcher(plats, FTZ_TITLE).ids("推进自贸区建设") == ["ftz"]
    assert m.exact("中国（重庆）自贸试验区西永片区") == "ftz-xiyong-area"
    assert m.exact("两路寸滩保税港区") == "lianglu-cuntan"


def test_home_alias_counts_only_in_the_platforms_own_plan(plats):
    s = "推动高新区与周边区县资源共享"
    plain = Matcher(plats, "重庆市开放平台协同发展规划（2018―2020年）")
    assert plain.find(s) == [] and plain.exact("高新区") is None
    assert Matcher(plats).find(s) == []
    own = Matcher(plats, HITECH_TITLE)
    assert own.find(s) == [(2, 5, "chongqing-hitech")]
    assert own.exact("高新区") == "chongqing-hitech"
    # the title names 重庆高新区 only: other platforms' home aliases stay off
    assert own.ids("科学城") == [] and own.ids("自贸区") == []
    assert Matcher(plats).ids("推进自贸区建设") == []
    assert Matcher(plats, FTZ_TITLE).ids("科学城") == []


def test_home_alias_not_enabled_by_another_zones_title(plats):
    for title in ("永川高新区发展规划", "成都高新区“十四五”规划"):
        m = Matcher(plats, title)
        assert m.ids("推动高新区与周边区县资源共享") == [], title


def test_home_alias_not_matched_inside_another_zones_name(plats):
    # 成都高新区 is a name of its own (the longest name wins), never 重庆高新区
    assert "chongqing-hitech" not in Matcher(plats, HITECH_TITLE).ids("联动成都高新区，加快汽摩制造、电子信息等制造业对外开放发展")


# ---- 3. evolution across the plans ----

EVOLVING = ["两江新区", "中国（重庆）自由贸易试验区", "中新（重庆）战略性互联互通示范项目", "西永综合保税区",
            "两路寸滩综合保税区", "重庆高新技术产业开发区", "西部（重庆）科学城"]


@pytest.mark.parametrize("name", EVOLVING)
def test_documents_in_chronological_order_and_later_plans_position_it(built_store, name):
    p = built_store.find_platform(name)
    c = comparison(built_store, p["id"])
    docs = built_store.documents()
    assert [d["document_id"] for d in c["documents"]] == [d["id"] for d in docs]
    assert [d["seq"] for d in docs] == sorted(d["seq"] for d in docs)
    years = [d["year"] for d in c["documents"]]
    assert years == sorted(years) and years[0] == 2018
    later = [d for d in c["documents"] if d["year"] in (2021, 2022) and d["positionings"]]
    assert later, f"{name}: no later plan positions it"
    first = c["documents"][0]
    in_table = any(r[2] == p["id"] for r in TABLE_ROWS)
    if name == "西部（重庆）科学城":        # not yet a platform in 2018: neither positioned nor named
        assert first["positionings"] == [] and first["mentions"] == 0
    else:
        assert first["positionings"], name
        if in_table:
            assert first["positionings"][0]["box_id"].startswith(f"{Y2018}:专栏")


def test_evolution_liangjiang(built_store):
    lj = "liangjiang"
    t18 = texts(built_store, lj, Y2018)
    assert t18[0] == TABLE_ROWS[0][3]
    assert "以两江新区、国家级高新区、国家级经开区为核心载体，集中布局战略性新兴制造业、服务业集群，承担重庆产业升级任务。" in t18
    # 2021: the items of 专栏6 两江新区开放型产业布局 (its title names it), the sentence the
    # 目录 ties to 第八章第三节 推动两江新区高水平开发开放, and the 战略平台 given a role together
    t21 = texts(built_store, lj, INLAND)
    assert any(t.startswith("两江城市发展核：以两江数字经济产业园") for t in t21)
    assert "优先布局国家重大战略项目、试点示范项目，强化全球资源配置功能、科技创新策源功能、高端产业引领功能，" \
           "打造内陆开放门户。" in t21
    assert any(t.startswith("充分发挥中新（重庆）战略性互联互通示范项目、中国（重庆）自由贸易试验区、两江新区") for t in t21)
    # 专栏3 only lists the four 战略平台: a classification, not a statement
    assert not any(t.startswith("战略平台：") for t in t21)
    assert any(m["text"].startswith("战略平台：") for m in built_store.mentions(lj, INLAND))
    # in 重庆高新区's plan it is only a partner; in the FTZ plan only named alongside others
    assert built_store.positionings(lj, HITECH) == [] and built_store.mention_count(lj, HITECH) == 3
    assert built_store.positionings(lj, FTZ22) == [] and built_store.mention_count(lj, FTZ22) == 1
    # 2022 成渝 plan: by its alias 重庆两江新区
    assert texts(built_store, lj, CHENGYU) == ["以重庆两江新区、四川天府新区为重点，优先布局国家重大战略项目、试点示范项目。"]


def test_evolution_ftz(built_store):
    t18 = texts(built_store, "ftz", Y2018)
    assert t18[:2] == [TABLE_ROWS[11][3], TABLE_ROWS[11][4]]
    assert "以制度创新为核心，协同推进重庆自贸试验区和中新互联互通项目，努力打造投资、贸易、金融结算便利化“三合一”的综合试验区。" in t18
    assert any(t.startswith("立足“两点”定位、“两地”“两高”目标，打造“四区”") for t in t18)
    t21 = texts(built_store, "ftz", INLAND)
    assert "以制度创新为核心，不断提高自贸试验区发展水平，把自贸试验区建设成为新时代改革开放的新高地。" in t21
    # 专栏5 川渝自贸试验区协同开放示范区: the FTZ built jointly with Sichuan's
    assert any(t.startswith("强化川渝自贸试验区协同监管") for t in t21)
    assert "重庆自由贸易试验区以制度创新为核心，开展首创性、差异化的改革探索，形成更多制度创新成果。" in \
        texts(built_store, "ftz", HITECH)
    # its own 2022 plan: 定位 statements from 二、/（三） 功能定位, goals from 二、/（四）
    pos = built_store.positionings("ftz", FTZ22)
    assert built_store.section(f"{FTZ22}:二、/（三）")["title"] == "功能定位"
    ding = [x["text"] for x in pos if x["section_id"] == f"{FTZ22}:二、/（三）" and x["aspect"] == "定位"]
    assert ding[0].startswith("以打造改革开放新高地、推动形成国内国际双循环相互促进的重要枢纽为总目标总定位，"
                              "建设内陆现代服务业发展先行区、内陆国际物流枢纽核心承载地")
    assert any("建设“一带一路”、长江经济带、西部陆海新通道联动发展的战略性枢纽" in t for t in ding)
    assert any(t.endswith("努力建成竞争力强、质量效益突出的国家重要现代制造业中心引领区。") for t in ding)
    goals = [x["text"] for x in pos if x["section_id"] == f"{FTZ22}:二、/（四）"]
    assert "到 2035 年，重庆自贸试验区全面建成改革开放新高地，成为西部地区高质量发展的重要增长极。" in goals
    # the 成渝 plan's 三、（八） is about the 川渝 FTZs' 协同开放示范区
    assert any(t.startswith("推动川渝自由贸易试验区强化目标、领域、政策、产业、机制、时序等协同")
               for t in texts(built_store, "ftz", CHENGYU))


def test_platform_name_is_not_a_role():
    s = "由重庆自贸试验区工作领导小组办公室汇总形成统一意见与解决方案，报重庆自贸试验区工作领导小组审定。"
    assert aspect_of(s) != "定位"


def test_ftz_plan_ranks_its_own_positioning_first(built_store):
    top = built_store.positionings("ftz", FTZ22)[0]
    assert top["section_id"].startswith(f"{FTZ22}:二、")


def test_ftz_functional_positionings_are_statements(built_store):
    got = set(texts(built_store, "ftz", FTZ22))
    for s in ("以开放创新为特征的内陆现代服务业发展先行区。", "以多式联运为核心的内陆国际物流枢纽核心承载地。",
              "以货物贸易和服务贸易协同发展为导向的内陆国际贸易中心先导区。",
              "以跨境投融资自由化便利化为重点的西部金融中心示范区。", "以科技创新为支撑的国家重要现代制造业中心引领区。"):
        assert s in got, s


def test_evolution_sino_singapore(built_store):
    s = "sino-singapore"
    t18 = texts(built_store, s, Y2018)
    assert t18[:2] == [TABLE_ROWS[12][3], TABLE_ROWS[12][4]]
    assert any(t.startswith("以“现代互联互通和现代服务经济”为主题，以重庆为营运中心") for t in t18)
    t21 = texts(built_store, s, INLAND)
    # 专栏4 (its 功能性标志项目) and the sentence the 目录 ties to 第八章第一节
    assert "航空产业领域：建设中新航空产业园。" in t21
    assert any(t.startswith("持续完善项目运行机制，积极探索体制机制和商业模式创新") for t in t21)
    hi = built_store.positionings(s, HITECH)
    assert "以重庆打造内陆国际金融中心为契机，以中新（重庆）战略性互联互通示范项目为纽带，推动重庆高新区与新加坡、" \
           "泰国等东盟国家经贸合作。" in [x["text"] for x in hi]
    assert "依托西永微电园中新首批示范园，加快建立金融服务、航空产业、交通物流、信息通信等重点合作示范区。" in \
        [x["text"] for x in hi]
    # the FTZ plan: one task in its frame (专栏2); a policy-sharing partner elsewhere
    assert texts(built_store, s, FTZ22) == [
        "在中新（重庆）战略性互联互通示范项目框架下，探索重庆和新加坡之间基金、理财、债券、票据等业务合作。"]
    assert any("政策举措共用共享" in m["text"] for m in built_store.mentions(s, FTZ22))
    assert "推进中新（重庆）战略性互联互通示范项目，持续丰富跨境发债，探索多种融资工具，提供基于供应链的跨境金融服务。" in \
        texts(built_store, s, CHENGYU)


def test_evolution_xiyong(built_store):
    x = "xiyong-csz"
    assert texts(built_store, x, Y2018)[0] == TABLE_ROWS[9][3]
    # 2021: only listed among the 功能平台 (a classification, not a statement)
    assert texts(built_store, x, INLAND) == []
    assert any(m["text"].startswith("功能平台：两路寸滩综合保税区、西永综合保税区") for m in built_store.mentions(x, INLAND))
    hi = texts(built_store, x, HITECH)
    assert "西永综合保税区立足通关作业、保税加工、保税物流、服务贸易四大主要功能，积极拓展海外业务，建成重庆打造内陆开放高地的重要平台。" in hi
    assert "推动西永综合保税区发展成为具有全球影响力和竞争力的加工制造中心、研发设计中心、物流分拨中心、检测维修中心、销售服务中心。" in hi
    # by its short name in 2021
    assert any(t.startswith("西永综保区2020年外贸进出口值突破2800亿元") for t in hi)
    # the FTZ plan speaks of 西永片区 and the 西永综合保税区板块, not of the zone itself
    assert built_store.positionings(x, FTZ22) == [] and built_store.mention_count(x, FTZ22) == 0
    assert built_store.positionings("block-xiyong", FTZ22)


def test_evolution_lianglu_cuntan(built_store):
    lc = "lianglu-cuntan"
    assert texts(built_store, lc, Y2018)[:2] == [TABLE_ROWS[8][3], TABLE_ROWS[8][4]]
    t21 = texts(built_store, lc, INLAND)
    assert any(t.startswith("两路寸滩综合保税区：加快创新升级，着力实现保税加工、国际贸易、国际物流三大支柱产业新发展") for t in t21)
    assert built_store.positionings(lc, HITECH) == []
    # 001 names it (by its later name) only as the ground of the 中新 air-logistics zone
    assert texts(built_store, lc, FTZ22) == []
    (m,) = built_store.mentions(lc, FTZ22)
    assert "重庆两路果园港综合保税区空港功能区" in m["text"] and m["section_id"] == f"{FTZ22}:四、/（四）"
    assert "sino-sg-air-logistics-zone" in {x["platform_id"] for x in built_store._rows(
        "select platform_id from positionings where document_id=? and text=?", [FTZ22, m["text"]])}


def test_evolution_chongqing_hitech(built_store):
    h = "chongqing-hitech"
    assert texts(built_store, h, Y2018) == [TABLE_ROWS[1][3], GAO_GONG]
    # 002 专栏3 only lists it among the 园区平台 (a classification, no predicate): a mention;
    # the 争取新增铜梁、潼南… of the same item positions the zones to be created
    assert not any(t.startswith("园区平台：重庆经济技术开发区") for t in texts(built_store, h, INLAND))
    assert any(m["text"].startswith("重庆高新技术产业开发区、璧山高新技术产业开发区")
               for m in built_store.mentions(h, INLAND))
    # its own plan: 第二章/第三节 发展定位 first
    sec = built_store.section(f"{HITECH}:第二章/第三节")
    assert sec["title"] == "发展定位"
    pos = built_store.positionings(h, HITECH)
    assert [(x["rank"], x["aspect"], x["section_id"]) for x in pos[:2]] == [
        (1, "定位", sec["id"]), (2, "定位", sec["id"])]
    assert pos[0]["text"] == "——打造国际化科创新城。"
    assert pos[1]["text"].startswith("聚焦科技主题，重点建设“一带一路”国际科技创新合作示范区、科学会堂、科学公园等")
    from_sec = [x["text"] for x in pos if x["section_id"] == sec["id"]]
    assert any(t.endswith("打造国际化现代城市“新样板”。") for t in from_sec)
    all_t = [x["text"] for x in pos]
    assert "全球信息革命和产业变革持续演进，有利于推动重庆高新区加快建设成为重庆创新驱动新引擎。" in all_t
    assert any(t.endswith("把重庆高新区打造成为重庆国际消费中心城市的主要承载区。") for t in all_t)
    # 发展目标 follows 发展定位
    assert pos[2]["section_id"] == f"{HITECH}:第二章/第四节"
    # the later plans name it only
    assert built_store.positionings(h, FTZ22) == [] and built_store.mention_count(h, FTZ22) == 1


def test_evolution_science_city(built_store):
    sc = "science-city"
    assert built_store.positionings(sc, Y2018) == [] and built_store.mention_count(sc, Y2018) == 0
    assert "坚持创新驱动发展，打造具有全国影响力的科技创新中心核心区。" in texts(built_store, sc, INLAND)
    hi = built_store.positionings(sc, HITECH)
    # the plan's preamble (no section) states why the 科学城 matters
    pre = [x for x in hi if x["section_id"] is None and x["box_id"] is None]
    assert pre and pre[0]["text"].startswith("积极贯彻落实市委市政府“举全市之力、集全市之智”高起点高标准规划建设西部（重庆）科学城战略部署")
    assert any("高起点高标准规划建设西部（重庆）科学城，将助推重庆高新区集聚高端创新要素" in x["text"] for x in hi)
    # 2022: named (西部科学城), not positioned
    assert built_store.positionings(sc, FTZ22) == [] and built_store.mention_count(sc, FTZ22) == 1
    # 2022 成渝: the one task it is the object of
    assert texts(built_store, sc, CHENGYU) == ["以“一城多园”模式共建西部科学城。"]


# ---- 4. invariants of the store ----

def test_aspects_and_ranks(all_pos):
    assert {x["aspect"] for x in all_pos} == {"定位", "功能", "任务", "成效"}
    ranks = defaultdict(list)
    for x in all_pos:
        ranks[(x["platform_id"], x["document_id"])].append(x["rank"])
    for k, rs in ranks.items():
        assert sorted(rs) == list(range(1, len(rs) + 1)), k
    assert len({x["id"] for x in all_pos}) == len(all_pos)


def test_statements_point_at_existing_places_and_are_verbatim(built_store, all_pos):
    for x in all_pos:
        assert built_store.platform(x["platform_id"]), x["id"]
        assert built_store.document(x["document_id"]), x["id"]
        t = ws(x["text"])
        assert t
        if x["box_id"]:
            b = built_store.box(x["box_id"])
            assert b and b["document_id"] == x["document_id"], x["id"]
            assert x["section_id"] == b["section_id"], x["id"]
            its = built_store.items(b["id"])
            cells = [ws(v) for it in its for v in (it["cells"] or {}).values()]
            assert t in cells or any(t in ws(it["text"]) for it in its), x["id"]
        elif x["section_id"]:
            s = built_store.section(x["section_id"])
            assert s and s["document_id"] == x["document_id"], x["id"]
            assert t in ws(s["text"]), x["id"]
        else:
            assert t in ws(built_store.document(x["document_id"])["preamble"]), x["id"]


def test_table_statements_are_whole_cells(built_store):
    for x in built_store.positionings("liangjiang", Y2018)[:2]:
        (it,) = [i for i in built_store.items(x["box_id"]) if i["lead"] == "两江新区"]
        assert x["text"] in it["cells"].values()


def test_mentions_are_not_statements(built_store, all_pos):
    ments = built_store._rows("select * from mentions")
    assert ments
    stmts = {(x["platform_id"], x["document_id"], ws(x["text"])) for x in all_pos}
    for m in ments:
        assert (m["platform_id"], m["document_id"], ws(m["text"])) not in stmts, m["id"]
        if m["section_id"]:
            assert built_store.section(m["section_id"]), m["id"]
        if m["box_id"]:
            assert built_store.box(m["box_id"]), m["id"]
    for p in built_store.platforms():
        for d in built_store.documents():
            ms = built_store.mentions(p["id"], d["id"])
            assert built_store.mention_count(p["id"], d["id"]) == len(ms)
            assert all(m["platform_id"] == p["id"] and m["document_id"] == d["id"] for m in ms)


def doc_matcher(store, plats, d) -> Matcher:
    """The matcher a document was read with: its title, and its whole text (which of
    the short names count depends on what the plan names)."""
    text = "\n".join([d["preamble"] or ""] + [s["title"] + "\n" + (s["text"] or "") for s in store.sections(d["id"])]
                     + [b["title"] + "\n" + "\n".join(i["text"] for i in store.items(b["id"]))
                        for b in store.boxes(d["id"])])
    return Matcher(plats, d["title"], text)


def test_mentions_name_the_platform(built_store, plats):
    matchers = {d["id"]: doc_matcher(built_store, plats, d) for d in built_store.documents()}
    for m in built_store._rows("select * from mentions"):
        assert m["platform_id"] in matchers[m["document_id"]].ids(m["text"]), m["id"]


def test_partner_is_mentioned_not_positioned(built_store):
    lj = "liangjiang"
    assert built_store.positionings(lj, HITECH) == []
    ms = [m["text"] for m in built_store.mentions(lj, HITECH)]
    assert len(ms) >= 1
    assert any("与两江新区、重庆经开区在数字经济、技术创新、成果转化等方面开展合作" in t for t in ms)
    assert any("推动重庆高新区与两江新区、璧山高新区等产业园区产业及创新合作" in t for t in ms)
    # the same sentences are statements for the plan's own platform where they are about it
    assert built_store.positionings("chongqing-hitech", HITECH)
    # 重庆经开区 is a partner there too
    assert built_store.positionings("chongqing-etdz", HITECH) == []
    assert built_store.mention_count("chongqing-etdz", HITECH) >= 1


def test_a_statement_about_a_class_is_given_to_each_member_the_plan_names(built_store):
    """002 第三篇第九章第一节: 「支持国家级经开区在开发建设…探索创新」 is a statement of each
    国家级经开区 002 names, marked with the class; 「新获批一批国家级高新区」 (an unnamed
    batch) and 「国家级开发区增加2个」 (their number) are given to none."""
    support_etdz = "支持国家级经开区在开发建设、招商引资、管理体制、运营模式等方面探索创新"
    for pid in ("chongqing-etdz", "wanzhou-etdz", "changshou-etdz"):
        rows = [x for x in built_store.positionings(pid, INLAND) if x["text"].startswith(support_etdz)]
        assert [x["via_class"] for x in rows] == ["国家级经开区"], pid
    assert not any(x["text"].startswith(support_etdz) for x in built_store.positionings("chongqing-hitech", INLAND))
    hitech = [x for x in built_store.positionings("bishan-hitech", INLAND) if x.get("via_class")]
    assert any(x["text"].startswith("推动国家级高新区提升自主创新能力") for x in hitech)
    assert not any("新获批一批国家级高新区" in x["text"] for x in hitech)
    assert not any("国家级开发区增加2个" in x["text"] for x in built_store.positionings("chongqing-hitech", Y2018))
    # the planned zones are not members: 铜梁高新区 gets no 国家级高新区 statement
    assert not any(x.get("via_class") for x in built_store.positionings("tongliang-hitech", INLAND))
