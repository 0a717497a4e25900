"""Targets read from running text, stage by stage on small texts: the quantity as
printed, the relation, the metric's name, the territory, what is not a target."""
from __future__ import annotations

import pytest

from db.importer.targets.metric import clean_name, leading_scope
from db.importer.targets.quantity import comparator, direction, quantities
from db.importer.targets.reading import Context, paragraph_targets

GOALS = Context(plan_start=2021, plan_end=2025, scope="全市", goals=True)


def read(text: str, ctx: Context = GOALS) -> list[tuple]:
    return [(t.name, t.q.value, t.q.low, t.q.high, t.q.unit, t.comparator, t.direction, t.year, t.cumulative,
             t.per_year, t.scope) for t in paragraph_targets(text, ctx)]


@pytest.mark.parametrize("clause, value, low, high, unit, qual", [
    ("新增国际航线2―3条", "2―3条", 2, 3, "条", ""),
    ("通关成本下降20%以上", "20%以上", 20, 20, "%", "以上"),
    ("外贸进出口总额2万亿元左右", "2万亿元左右", 2, 2, "万亿元", "左右"),
    ("服务贸易总额达到 9.26 亿美元", "9.26亿美元", 9.26, 9.26, "亿美元", ""),
    ("新增市场主体10万户", "10万户", 10, 10, "万户", ""),
])
def test_a_quantity_as_printed_with_its_bounds(clause, value, low, high, unit, qual):
    [q] = quantities(clause)
    assert (q.value, q.low, q.high, q.unit, q.qualifier) == (value, low, high, unit, qual)


@pytest.mark.parametrize("clause", [
    "建设第4个国际物流分拨中心", "建成5000吨级码头", "打造100亿级产业集群", "引进世界500强的企业",
    "推行“20证合一”改革", "实现“7天*24小时*313平方公里”通关服务", "培育外贸综合服务等6类平台",
    "到2025年", "15%的企业所得税率",
])
def test_numbers_that_are_no_quantity_to_reach(clause):
    assert quantities(clause) == []


@pytest.mark.parametrize("clause, expected", [
    ("通关成本下降20%以上", "下降"),                     # a decrease, whatever its qualifier
    ("进出口额年均增长7%", "年均增长"),
    ("实际利用外资每年保持在100亿美元以上", "保持"),
    ("货物进出口总额超过6300亿元", "超过"),
    ("市场主体突破10万户", "突破"),
    ("外资企业数量1000家以上", "以上"),
    ("外贸进出口总额2万亿元左右", "左右"),
    ("国家级开发区增加2个", "新增"),                     # the verb right before the number
    ("货物进出口总额达到9000亿元", "达到"),
])
def test_the_relation_that_wins(clause, expected):
    q = quantities(clause)[0]
    assert comparator(clause, q)[0] == expected


def test_aspiration_is_named_when_nothing_else_is():
    clause = "开行量力争3000列"
    assert comparator(clause, quantities(clause)[0]) == ("力争", ["力争"])


@pytest.mark.parametrize("comp, metric, expected", [
    ("下降", "通关成本", "decrease"), ("年均增长", "进出口额", "rate"), ("新增", "国际航线", "increase"),
    ("达到", "新增市场主体", "increase"), ("达到", "新增外资占比", "level"), ("达到", "货物进出口总额", "level"),
])
def test_direction(comp, metric, expected):
    assert direction(comp, metric) == expected


def test_names_are_the_measured_thing_not_the_clause():
    assert clean_name("到2025年，全市货物进出口总额力争达到") == "货物进出口总额"
    assert leading_scope("自贸试验区新增市场主体")[0] == "自贸试验区"


def test_a_goals_paragraph_read_clause_by_clause():
    got = read("到2025年，货物进出口总额达到9000亿元，服务贸易总额达到1000亿元，通关成本下降20%以上。")
    assert got == [("货物进出口总额", "9000亿元", 9000, 9000, "亿元", "达到", "level", 2025, False, False, "全市"),
                   ("服务贸易总额", "1000亿元", 1000, 1000, "亿元", "达到", "level", 2025, False, False, "全市"),
                   ("通关成本", "20%以上", 20, 20, "%", "下降", "decrease", 2025, False, False, "全市")]


def test_per_year_and_cumulative_flags_and_the_sentences_territory():
    [fdi] = read("实际利用外资每年保持在100亿美元以上。")
    assert fdi[0] == "实际利用外资" and fdi[5] == "保持" and fdi[9] is True and fdi[8] is False
    [mkt] = read("自贸试验区新增市场主体累计超过10万户。")
    assert (mkt[0], mkt[5], mkt[6], mkt[8], mkt[10]) == ("新增市场主体", "超过", "increase", True, "自贸试验区")


def test_respectively_gives_each_item_its_number_and_a_shared_measure_word():
    got = read("中欧班列（渝新欧）、西部陆海新通道铁海联运班列分别达到3000列、1000列。")
    assert [(g[0], g[1]) for g in got] == [("中欧班列（渝新欧）", "3000列"), ("西部陆海新通道铁海联运班列", "1000列")]
    got = read("货物、服务贸易进出口额分别达到9000亿元、1000亿元。")
    assert [g[0] for g in got] == ["货物进出口额", "服务贸易进出口额"]


def test_past_figures_are_not_targets():
    assert read("2020年，全市货物进出口总额已达6513亿元。") == []
    assert read("“十三五”以来，累计开行中欧班列8000列。") == []


def test_a_results_section_keeps_only_what_is_tied_to_a_coming_year():
    ctx = Context(plan_start=2021, plan_end=2025, scope="全市", results=True)
    assert read("全市开放口岸达到9个，国际航线达到100条。", ctx) == []
    assert [g[1] for g in read("到2025年，国际航线达到115条。", ctx)] == ["115条"]


def test_a_year_before_the_plan_is_the_past():
    assert read("到2019年，开放口岸达到5个。") == []
