"""Where a plan names a platform without positioning it: 未提及 only when it never
names it; 仅见于责任单位 / 仅见于标题 when only a list of units or a heading does;
仅提及 N 次 when sentences of its text do (issue 28)."""
from __future__ import annotations

from db.positioning.comparison import (DUTY, HEADING, TEXT, comparison, comparison_rows, duty_pieces, empty_cell,
                                       named_places, named_summary)

CHENGYU = "chengyu-2022"
Y2018 = "open-platforms-2018"
HITECH = "hightech-zone-2021"


def test_named_only_in_a_duty_note_is_not_unmentioned(built_store):
    # 成渝方案 三、（九）: （责任单位：…两江新区、西部科学城重庆高新区管委会；…）
    assert built_store.positionings("chongqing-hitech", CHENGYU) == []
    assert built_store.mention_count("chongqing-hitech", CHENGYU) == 0
    s = named_summary(built_store, "chongqing-hitech", CHENGYU)
    assert s == {"mentions": 0, "named_in": [DUTY]}
    assert empty_cell(s) == "仅见于责任单位"
    (p,) = named_places(built_store, "chongqing-hitech", CHENGYU)
    assert p["kind"] == DUTY and p["section_id"] == f"{CHENGYU}:三、/（九）"
    assert p["text"].startswith("（责任单位：") and "重庆高新区管委会" in p["text"]
    d = next(d for d in comparison(built_store, "chongqing-hitech")["documents"] if d["document_id"] == CHENGYU)
    assert empty_cell(d) == "仅见于责任单位"
    rows = [r for r in comparison_rows(built_store, ["chongqing-hitech"]) if r[2] == d["title"]]
    assert [r[5] for r in rows] == ["仅见于责任单位"]           # the CSV says the same


def test_a_plan_that_never_names_it_says_unmentioned(built_store):
    assert named_places(built_store, "science-city", Y2018) == []
    d = next(d for d in comparison(built_store, "science-city")["documents"] if d["document_id"] == Y2018)
    assert d["mentions"] == 0 and d["named_in"] == [] and empty_cell(d) == "未提及"


def test_mentions_in_the_text_are_counted_as_before(built_store):
    s = named_summary(built_store, "liangjiang", HITECH)
    assert s["mentions"] == built_store.mention_count("liangjiang", HITECH) == 3
    assert empty_cell(s) == "仅提及 3 次"
    assert all(p["kind"] == TEXT for p in named_places(built_store, "liangjiang", HITECH))
    assert empty_cell(3) == "仅提及 3 次" and empty_cell(0) == "未提及"      # the old call still answers


def test_duty_pieces():
    text = ("推动外贸集聚发展。（责任单位：区商务委、两江新区管委会）\n牵头部门：市发展改革委\n\n"
            "| 序号 | 任务 | 责任单位 |\n| 1 | 建设物流园 | 两江新区管委会 |\n| 2 | 扩大进出口 | 市商务委 |")
    assert duty_pieces(text) == ["（责任单位：区商务委、两江新区管委会）", "牵头部门：市发展改革委",
                                 "责任单位：两江新区管委会", "责任单位：市商务委"]
    assert duty_pieces("两江新区建设内陆开放门户。") == []


class FakeStore:
    """Just what named_places reads: a plan naming 两江新区 in a heading and in a task
    table's 责任单位 column, 西永综合保税区 in a sentence and a table's 平台 column."""
    TABLE = "| 平台 | 任务 | 责任单位 |\n| 西永综合保税区 | 扩大加工贸易 | 市商务委 |\n| 物流园 | 建设物流园 | 两江新区管委会 |"

    def platforms(self):
        return [dict(id="liangjiang", name="两江新区", kind="国家级新区", aliases=["重庆两江新区"]),
                dict(id="xiyong-csz", name="西永综合保税区", kind="综合保税区", aliases=["西永综保区"])]

    def sections(self, did):
        return [dict(id="p:一、", title="学习两江新区经验", text="完善制度。", line_start=5),
                dict(id="p:二、", title="重点任务", text=self.TABLE, line_start=9)]

    def section(self, sid):
        return next(s for s in self.sections("p") if s["id"] == sid)

    def boxes(self, did):
        return []

    def mentions(self, pid, did):
        rows = {"liangjiang": ["| 物流园 | 建设物流园 | 两江新区管委会 |"],
                "xiyong-csz": ["| 西永综合保税区 | 扩大加工贸易 | 市商务委 |", "西永综合保税区加工贸易增长较快。"]}
        return [dict(text=t, section_id="p:二、", box_id=None, line=10) for t in rows[pid]]


def test_headings_and_unit_columns_are_told_apart_from_the_text():
    st = FakeStore()
    places = named_places(st, "liangjiang", "p")
    assert [(p["kind"], p["text"]) for p in places] == [(DUTY, "责任单位：两江新区管委会"), (HEADING, "学习两江新区经验")]
    s = named_summary(st, "liangjiang", "p")
    assert s == {"mentions": 0, "named_in": [HEADING, DUTY]} and empty_cell(s) == "仅见于标题和责任单位"
    # a table row naming it in another column, and a sentence, are mentions
    assert named_summary(st, "xiyong-csz", "p") == {"mentions": 2, "named_in": []}
