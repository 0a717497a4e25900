"""专题 entries made from places of the built store (desktop.services.topics): their kind,
title, text now and citation; an entry whose place is gone; the Markdown and CSV forms."""
from __future__ import annotations

import pytest

from db.store import UserData
from desktop.services import topics

Y2018, Y2021 = "open-platforms-2018", "inland-opening-2021"


@pytest.fixture
def ud(tmp_path):
    u = UserData(tmp_path / "user.sqlite")
    yield u
    u.close()


def test_entries_for_every_kind_of_place(built_store):
    sec = topics.entry_for(built_store, f"{Y2018}:第三章/第一节")
    assert (sec["kind"], sec["title"], sec["document_id"]) == ("section", "第一节 明确各类平台的功能定位", Y2018)
    assert sec["text"] == built_store.section(f"{Y2018}:第三章/第一节")["text"] and sec["quote"] is None
    box = topics.entry_for(built_store, f"{Y2018}:专栏1")
    assert box["kind"] == "box" and box["title"].startswith("专栏1 ")
    assert box["text"].splitlines()[0].startswith("开放平台：两江新区；战略定位：内陆国际物流枢纽")   # a row a line
    ind = topics.entry_for(built_store, f"{Y2021}:专栏1#1")
    assert ind["kind"] == "indicator" and ind["text"] == "正式开放口岸数量：2个（2020年） → 3个（2025年）"
    st = topics.entry_for(built_store, f"{Y2018}:liangjiang#1")
    assert st["kind"] == "statement" and st["title"].startswith("两江新区")
    assert st["text"] == built_store.positioning(f"{Y2018}:liangjiang#1")["text"]
    hl = topics.entry_for(built_store, f"{Y2018}:第三章/第一节", quote="制度先行先试")
    assert (hl["kind"], hl["text"], hl["quote"]) == ("highlight", "制度先行先试", "制度先行先试")
    hit = topics.entry_for(built_store, f"{Y2018}:#preamble")
    assert hit["kind"] == "hit" and hit["title"] == "导言" and hit["text"]
    assert {e["kind"] for e in (sec, box, ind, st, hl, hit)} == set(topics.KINDS)
    assert topics.entry_for(built_store, f"{Y2018}:第九十九章") is None
    assert topics.entry_for(built_store, "gone-plan:专栏1") is None


def test_a_gone_place_keeps_its_text_and_says_so(built_store):
    e = topics.entry_for(built_store, f"{Y2018}:专栏1")
    assert topics.entry_state(built_store, e) == "ok"
    assert topics.citation(built_store, e) == "《重庆市开放平台协同发展规划（2018―2020年）》第三章第一节专栏1"
    gone = dict(e, target_id="removed-2020:专栏1", document_id="removed-2020", document_title="某规划")
    assert topics.entry_state(built_store, gone) == "gone"
    assert topics.citation(built_store, gone) == "《某规划》（原文已不存在）"
    st = topics.entry_for(built_store, f"{Y2018}:liangjiang#1")
    assert topics.entry_state(built_store, st) == "ok"
    assert topics.entry_state(built_store, dict(st, target_id=f"{Y2018}:liangjiang#999")) == "gone"


def test_grouping_by_plan_year_and_platform(built_store):
    es = [topics.entry_for(built_store, x) for x in (f"{Y2021}:专栏1#1", f"{Y2018}:专栏1", f"{Y2021}:专栏1#2",
                                                     f"{Y2018}:liangjiang#1")]
    by_year = topics.grouped(built_store, es, "year")
    assert [(h, len(g)) for h, g in by_year] == [("2021年", 2), ("2018年", 2)]
    assert topics.grouped(built_store, es, "manual") == [("", es)]
    assert topics.grouped(built_store, es, "platform")[0][0] == "其他"
    assert ("两江新区", [es[1], es[3]]) in topics.grouped(built_store, es, "platform")
    with pytest.raises(ValueError):
        topics.grouped(built_store, es, "colour")


def test_markdown_and_csv_keep_order_notes_and_escape(built_store, ud):
    tid = ud.add_topic("口岸*专题")
    ud.add_entry(tid, topics.entry_for(built_store, f"{Y2021}:专栏1#1"), note="口岸数量翻番？")
    ud.add_entry(tid, topics.entry_for(built_store, f"{Y2018}:专栏1"), note="<b>不是标记</b>")
    ud.add_entry(tid, dict(topics.entry_for(built_store, f"{Y2018}:专栏2"), target_id="old:专栏2",
                           document_id="old", document_title="旧规划", text="旧的文字"))
    md = topics.topic_markdown(built_store, ud, "口岸*专题")
    assert md.startswith("# 口岸\\*专题\n")
    assert md.index("正式开放口岸数量") < md.index("专栏1 产业集聚平台") < md.index("旧的文字")
    assert "**按语：** 口岸数量翻番？" in md and "\\<b\\>不是标记\\</b\\>" in md and "*原文已不存在*" in md
    rows = topics.topic_csv(built_store, ud, tid, group="plan")
    assert rows[0] == topics.CSV_COLUMNS and len(rows) == 4
    assert [r[2] for r in rows[1:]][:2] == ["正式开放口岸数量", "专栏1 产业集聚平台功能定位"]
    assert rows[3][-1] == "原文已不存在" and rows[3][6] == "旧的文字" and rows[1][7] == "口岸数量翻番？"
    with pytest.raises(KeyError):
        topics.topic_entries(built_store, ud, "没有这个")


def test_the_bookmarks_are_the_default_topic(built_store, ud):
    ud.add(f"{Y2018}:专栏1", "box", "我的专栏", Y2018, "x", note="书签按语")
    name, es = topics.topic_entries(built_store, ud, "书签")
    assert name == "书签" and [(e["target_id"], e["title"], e["note"]) for e in es] == [
        (f"{Y2018}:专栏1", "我的专栏", "书签按语")]
    assert es[0]["text"].startswith("开放平台：两江新区")
