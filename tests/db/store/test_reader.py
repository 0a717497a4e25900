"""The Store read facade over a small built store: JSON columns decoded, whole-store views."""
from __future__ import annotations

from db import paths
from db.store import Store


def test_json_columns_come_decoded(fixture_data):
    with Store(paths.plans_db(fixture_data)) as st:
        box = st.box("wrapped:专栏1")
        assert box["columns"] == ["开放平台", "战略定位", "核心功能"]
        items = st.items("wrapped:专栏1")
        assert items[2]["cells"]["核心功能"] == "发展汽车、装备等产业。" and items[2]["inherited"] == ["核心功能"]
        assert items[0]["inherited"] is None
        sec = st.section("chapters:第二章/第二节")
        assert isinstance(sec["para_lines"], list) and sec["para_lines"][0][0] == sec["line_start"] + 2
        p = st.find_platform("西永综保区")
        assert p["id"] == "xiyong-csz" and "西永综保区" in p["aliases"]


def test_whole_store_views(fixture_data):
    with Store(paths.plans_db(fixture_data)) as st:
        summ = {b["id"]: b for b in st.box_summaries()}
        assert summ["chapters:专栏1"]["n_items"] == 2 and "加工贸易示范基地" in summ["chapters:专栏1"]["items_text"]
        stats = {r["document"]["id"]: r for r in st.stats()}
        assert stats["chapters"]["levels"] == [(1, 3), (2, 6)]
        assert stats["chapters"]["table_rows"] == 2 and stats["chapters"]["targets"] >= 2
        assert "发展目标" in st.vocabulary()
        assert st.meta("corpus") and st.meta("schema_version")


def test_platform_lookup_by_synonym(fixture_data):
    with Store(paths.plans_db(fixture_data)) as st:
        assert st.find_platform("不存在") is None
        assert st.find_platform("自贸区") is None or st.find_platform("自贸区")["id"] == "ftz"
        assert st.find_platform("自贸区的别称", lambda n: [n, "重庆自贸试验区"])["id"] == "ftz"


def test_the_store_is_read_only(fixture_data):
    with Store(paths.plans_db(fixture_data)) as st:
        try:
            st.db.execute("delete from documents")
        except Exception as e:
            assert "readonly" in str(e)
        else:
            raise AssertionError("the store accepted a write")


def test_positionings_with_children_and_by_aspect(built_store):
    own = built_store.positionings("liangjiang", "inland-opening-2021")
    rolled = built_store.positionings("liangjiang", "inland-opening-2021", children=True)
    kids = set(built_store.children("liangjiang"))
    assert {"liangjiang-innovation-zone", "cuntan-new-city", "cruise-homeport-area"} <= kids   # all levels down
    assert rolled[:len(own)] == own                       # its own first, in rank order
    extra = rolled[len(own):]
    assert extra and all(x["platform_id"] in kids for x in extra)
    # a sentence that is its own and a part's (专栏6's items) is given once, as its own
    texts = [x["text"] for x in rolled]
    assert len(texts) == len(set(texts))
    ding = built_store.positionings("ftz", "ftz-2022", aspect="定位")
    assert ding and all(x["aspect"] == "定位" for x in ding)
    assert built_store.positionings("ftz", aspect="成效")


def test_candidates_one_row_per_name(built_store):
    cs = built_store.candidates()
    assert cs and len({c["name"] for c in cs}) == len(cs)
    # (a candidate is also a discovered platform, compared at once: not a reviewed one)
    known = {n for p in built_store.platforms() if p["source"] != "discovered" for n in [p["name"]] + p["aliases"]}
    for c in cs:
        assert c["name"] not in known
        x = built_store.candidate(c["first_id"])
        assert c["name"] in x["text"] and x["document_id"] and c["n"] >= 1 and c["n_docs"] >= 1
    assert all(p["source"] in ("reviewed", "discovered") for p in built_store.platforms())
