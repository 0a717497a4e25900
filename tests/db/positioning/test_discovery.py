"""Candidate platforms: names of a platform's form that no gazetteer holds, found in
the plans, offered to the user, accepted into (or ignored by) the user's gazetteer."""
from __future__ import annotations

import pytest

from db import paths
from db.positioning import load_gazetteer
from db.positioning.discovery import discover, kind_of, names_in
from db.positioning.gazetteer import Matcher
from db.store import Store, UserData


@pytest.fixture(scope="module")
def m():
    return Matcher(load_gazetteer())


@pytest.mark.parametrize("sentence,name", [
    ("加快建设涪陵新材料产业园，打造千亿级产业集群。", "涪陵新材料产业园"),
    ("推动设立万州国际物流园区。", "万州国际物流园区"),
    ("谋划建设重庆东港国际邮轮母港。", "重庆东港国际邮轮母港"),
    ("大力推进中德智能制造合作园区建设。", "中德智能制造合作园区"),
    # a part of a platform the gazetteer holds: its name begins the candidate's
    ("加快完善果园港多式联运国际物流园区功能。", "果园港多式联运国际物流园区"),
])
def test_names_of_a_platforms_form_are_found(m, sentence, name):
    assert [n for _, n in names_in(sentence, m)] == [name]


@pytest.mark.parametrize("sentence", [
    "加强成渝地区国家物流枢纽建设。",              # a region and generic words: a kind, not a place
    "重庆市政府口岸物流办负责统筹。",              # an office
    "战略定位：长江上游重要临港产业基地。",          # 临港 does not end a name
    "建设一批国际合作园区。",                    # no place named
    "加快建设两江新区，推进西永综合保税区发展。",     # in the gazetteer already
])
def test_other_phrases_are_not_candidates(m, sentence):
    assert names_in(sentence, m) == []


def test_kind_is_guessed_from_the_name():
    assert kind_of("重庆铁路口岸综合保税区") == "海关特殊监管区域"
    assert kind_of("万州国际物流园区") == "物流枢纽"
    assert kind_of("中德智能制造合作园区") == "国际合作园区"
    assert kind_of("重庆东港国际邮轮母港") == "口岸"


def test_only_positioned_names_are_candidates(m):
    rows = discover("d", m, [("d:一、", None, 3, "加快建设涪陵新材料产业园，打造千亿级产业集群。"),
                             ("d:一、", None, 4, "涪陵新材料产业园产值增长较快。"),
                             ("d:二、", None, 9, "各地区经验可供涪陵新材料产业园借鉴。")])
    (row,) = rows
    assert (row["name"], row["kind"], row["count"], row["line"]) == ("涪陵新材料产业园", "园区平台", 2, 3)
    assert row["text"].startswith("加快建设涪陵新材料产业园")


PLAN = """某某区对外开放“十四五”规划（2021—2025年）

第一章 重点平台

第一节 产业平台

加快建设涪陵新材料产业园，打造千亿级新材料产业集群。涪陵新材料产业园重点发展化工新材料。

第二节 物流平台

推动设立万州国际物流园区，建设渝东北物流枢纽。
"""


@pytest.fixture
def small_data(tmp_path):
    from desktop.services.update import update
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "plan.txt").write_text(PLAN, encoding="utf-8")
    data = tmp_path / "data"
    update(data, corpus=corpus)
    return data, corpus


def test_accepting_a_candidate_makes_it_a_platform_that_survives_rebuilds(small_data):
    from desktop.services.update import state, update
    data, corpus = small_data
    with Store(paths.plans_db(data)) as st:
        assert {c["name"] for c in st.candidates()} == {"涪陵新材料产业园", "万州国际物流园区"}
        # found, and compared at once: a platform of its own, not reviewed
        p = st.find_platform("涪陵新材料产业园")
        assert p and p["source"] == "discovered"
        assert "涪陵新材料产业园重点发展化工新材料。" in [x["text"] for x in st.positionings(p["id"])]
        assert st.find_platform("万州国际物流园区")["source"] == "discovered"
    ud = UserData(paths.user_db(data))
    ud.decide_platform("涪陵新材料产业园", "accepted", "园区平台", "加快建设涪陵新材料产业园…", "某某区规划")
    ud.decide_platform("万州国际物流园区", "ignored", "物流枢纽")
    ud.close()
    assert not state(data).store                   # the statements are stale now; the texts are not
    staged = update(data)
    assert staged.store is not None and staged.index is None     # the index in use still serves
    for rebuild in (False, True):
        if rebuild:
            update(data, corpus=corpus, force=True)    # a full rebuild keeps the user's gazetteer
        with Store(paths.plans_db(data)) as st:
            p = st.find_platform("涪陵新材料产业园")
            assert p and p["source"] == "user" and p["kind"] == "园区平台"
            texts = [x["text"] for x in st.positionings(p["id"])]
            assert "涪陵新材料产业园重点发展化工新材料。" in texts
            # accepted: no longer a candidate; ignored: still found, hidden by the view,
            # and not made a platform
            assert {c["name"] for c in st.candidates()} == {"万州国际物流园区"}
            assert st.find_platform("万州国际物流园区") is None
    assert state(data).store and state(data).index


def test_reviewed_platforms_are_never_replaced_by_the_users(small_data):
    from db.store.builder import gazetteer_for
    data, _ = small_data
    ud = UserData(paths.user_db(data))
    ud.decide_platform("两江新区", "accepted", "园区平台")
    ud.close()
    plats = gazetteer_for(data)
    assert [p.source for p in plats if p.name == "两江新区"] == ["reviewed"]
    assert not any(p.source == "user" for p in plats)


def test_a_name_merged_into_a_platform_becomes_its_name(small_data):
    """merge: the discovered name is read as the platform's from the next build on, and
    the store built before the decision is stale."""
    from desktop.services.update import state, update
    data, _ = small_data
    ud = UserData(paths.user_db(data))
    ud.decide_platform("万州国际物流园区", "merged", "物流枢纽", merge_into="liangjiang")
    ud.close()
    assert not state(data).store
    update(data)
    with Store(paths.plans_db(data)) as st:
        p = st.find_platform("万州国际物流园区")
        assert p["id"] == "liangjiang"
        assert "推动设立万州国际物流园区，建设渝东北物流枢纽。" in [x["text"] for x in st.positionings("liangjiang")]
        assert not any(x["source"] == "discovered" and x["name"] == "万州国际物流园区" for x in st.platforms())
