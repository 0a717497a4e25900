"""user.sqlite on a temporary database: bookmarks, notes, export/import, recent searches."""
from __future__ import annotations

import json

import pytest

from db.store import UserData


@pytest.fixture
def ud(tmp_path):
    u = UserData(tmp_path / "user.sqlite")
    yield u
    u.close()


def test_add_rename_note_delete(ud):
    a = ud.add("doc:第一章", "section", "第一章 总则", "doc", "某规划")
    b = ud.add("doc:专栏1", "box", "专栏1 平台", "doc", "某规划", note="看这里")
    assert [r["id"] for r in ud.bookmarks()] == [b, a]          # newest first
    assert ud.find("doc:专栏1")["note"] == "看这里"
    ud.rename(a, "总则")
    ud.set_note(a, "备注")
    r = ud.bookmark(a)
    assert (r["title"], r["target_title"], r["note"]) == ("总则", "第一章 总则", "备注")
    ud.delete(b)
    assert ud.find("doc:专栏1") is None and len(ud.bookmarks()) == 1


def test_export_import_round_trip_skips_duplicates(ud, tmp_path):
    ud.add("doc:第一章", "section", "第一章", "doc", "某规划", note="甲")
    text = ud.export_json()
    assert json.loads(text)["format"] == "plandesk-bookmarks/1"
    other = UserData(tmp_path / "other.sqlite")
    try:
        assert other.import_json(text) == 1
        assert other.import_json(text) == 0                      # already there
        assert other.bookmarks()[0]["note"] == "甲"
    finally:
        other.close()


@pytest.mark.parametrize("text", ['{"format": "something-else"}', "[]"])
def test_import_refuses_other_files(ud, text):
    with pytest.raises(ValueError):
        ud.import_json(text)


def test_recent_searches_newest_first_and_capped(ud):
    for q in ["甲", "乙", "丙", "甲", "  "]:
        ud.remember_search(q)
    assert ud.recent_searches() == ["甲", "丙", "乙"]
    for k in range(40):
        ud.remember_search(f"q{k}")
    assert len(ud.recent_searches(100)) == 30


# ---- the user's gazetteer ----

def test_decide_and_forget_platforms(ud, tmp_path):
    from db.store.userdata import accepted_platforms, decided_platforms
    ud.decide_platform("涪陵新材料产业园", "accepted", "园区平台", "加快建设涪陵新材料产业园。", "某规划")
    ud.decide_platform("万州国际物流园区", "ignored", "物流枢纽")
    assert [(r["name"], r["status"]) for r in ud.user_platforms()] == [
        ("涪陵新材料产业园", "accepted"), ("万州国际物流园区", "ignored")]
    assert [r["name"] for r in ud.user_platforms("accepted")] == ["涪陵新材料产业园"]
    # read without a writer's handle (a build beside the window)
    assert accepted_platforms(ud.path) == [{"name": "涪陵新材料产业园", "kind": "园区平台"}]
    assert decided_platforms(ud.path) == {"涪陵新材料产业园": "accepted", "万州国际物流园区": "ignored"}
    ud.decide_platform("万州国际物流园区", "accepted", "物流枢纽")        # a decision can change
    assert len(accepted_platforms(ud.path)) == 2
    ud.forget_platform("涪陵新材料产业园")
    assert [r["name"] for r in ud.user_platforms()] == ["万州国际物流园区"]
    with pytest.raises(ValueError):
        ud.decide_platform("某某", "maybe", "园区平台")
    assert accepted_platforms(tmp_path / "none.sqlite") == []
    (tmp_path / "junk.sqlite").write_bytes(b"not a database" * 100)
    assert accepted_platforms(tmp_path / "junk.sqlite") == []


def test_a_name_merged_into_a_platform(ud, tmp_path):
    from db.store.userdata import decided_platforms, merged_platforms
    ud.decide_platform("两江新区果园港", "merged", "口岸", "建设两江新区果园港。", "某规划", merge_into="guoyuan-port")
    ud.decide_platform("某某园区", "ignored", "园区平台")
    assert merged_platforms(ud.path) == {"两江新区果园港": "guoyuan-port"}
    assert decided_platforms(ud.path) == {"两江新区果园港": "merged", "某某园区": "ignored"}
    assert ud.user_platforms("merged")[0]["merge_into"] == "guoyuan-port"
    with pytest.raises(ValueError):
        ud.decide_platform("某某", "merged", "口岸")                        # merged into what?
    with pytest.raises(ValueError):
        ud.decide_platform("某某", "accepted", "口岸", merge_into="guoyuan-port")
    ud.decide_platform("两江新区果园港", "accepted", "口岸")                 # changed: no target kept
    assert merged_platforms(ud.path) == {} and ud.user_platforms("accepted")[0]["merge_into"] is None
    assert merged_platforms(tmp_path / "none.sqlite") == {}


def test_a_version_3_file_keeps_its_decisions_and_can_merge(tmp_path):
    """user.sqlite of version 3 (before 'merged'): read as it is by a build, then migrated
    in one transaction (the table made anew), its decisions kept."""
    import sqlite3
    from db.store.userdata import MIGRATIONS, USER_SCHEMA_VERSION, decided_platforms, merged_platforms, trusted
    p = tmp_path / "user.sqlite"
    con = sqlite3.connect(p)
    con.executescript(MIGRATIONS[1] + MIGRATIONS[2] + MIGRATIONS[3])
    con.execute("insert into user_platforms values ('涪陵新材料产业园', '园区平台', 'accepted', 'x', 'y', '2024-01-01')")
    con.execute("pragma user_version = 3")
    con.commit()
    con.close()
    assert decided_platforms(p) == {"涪陵新材料产业园": "accepted"} and merged_platforms(p) == {}
    u = UserData(p)
    try:
        assert u.con.execute("pragma user_version").fetchone()[0] == USER_SCHEMA_VERSION == 6
        assert [(r["name"], r["status"], r["merge_into"]) for r in u.user_platforms()] == [
            ("涪陵新材料产业园", "accepted", None)]
        u.decide_platform("万州港区", "merged", "口岸", merge_into="wanzhou-port")
        assert list((tmp_path / "backups").glob("user-before-v4-*.sqlite"))
    finally:
        u.close()
    assert trusted(p)                            # the migrated file is what PlanDesk creates
    assert merged_platforms(p) == {"万州港区": "wanzhou-port"}


def test_a_version_1_file_gains_the_gazetteer_and_keeps_its_bookmarks(tmp_path):
    import sqlite3
    from db.store.userdata import MIGRATIONS, USER_SCHEMA_VERSION
    p = tmp_path / "user.sqlite"
    con = sqlite3.connect(p)
    con.executescript(MIGRATIONS[1])
    con.execute("insert into bookmarks (target_id, kind, title, created, updated) values ('a:一、', 'section', '一、', 'x', 'x')")
    con.execute("pragma user_version = 1")
    con.commit()
    con.close()
    u = UserData(p)
    try:
        assert u.con.execute("pragma user_version").fetchone()[0] == USER_SCHEMA_VERSION
        assert len(u.bookmarks()) == 1 and u.user_platforms() == [] and u.highlights() == []
        assert u.bookmarks()[0]["quote"] is None
        assert list((tmp_path / "backups").glob("user-before-v2-*.sqlite"))
    finally:
        u.close()


def test_a_gazetteer_alone_is_backed_up_daily(tmp_path):
    u = UserData(tmp_path / "user.sqlite")
    u.decide_platform("涪陵新材料产业园", "accepted", "园区平台")
    u.close()
    assert list((tmp_path / "backups").glob("user-20*.sqlite"))


def test_highlights_are_bookmarks_with_an_anchor_exported_and_imported(tmp_path):
    from db.anchors import anchor
    text = "推动两江新区高水平开发开放，建设内陆开放门户。"
    a = anchor(text, 2, 6)
    u = UserData(tmp_path / "u.sqlite")
    v = UserData(tmp_path / "v.sqlite")
    try:
        hid = u.add_highlight("d:第一章", a, "d", "《规划》", "第一章 总则", note="要点")
        u.add("d:第一章", "section", "第一章 总则", "d", "《规划》")
        assert u.find("d:第一章")["kind"] == "section"          # a highlight is no bookmark of the place
        [h] = u.highlights("d:第一章")
        assert h["id"] == hid and (h["quote"], h["note"]) == ("两江新区", "要点")
        assert v.import_json(u.export_json()) == 2
        [h2] = v.highlights()
        assert (h2["quote"], h2["prefix"], h2["suffix"], h2["note"]) == (h["quote"], h["prefix"], h["suffix"], "要点")
        assert v.import_json(u.export_json()) == 0           # the same again adds nothing
    finally:
        u.close()
        v.close()


def _entry(tid: str, text: str = "") -> dict:
    return dict(target_id=tid, kind="section", title=tid, document_id="a", document_title="A", text=text)


def test_topics_entries_in_order_with_notes(ud):
    tid = ud.add_topic(" 开放平台 ")
    with pytest.raises(ValueError):
        ud.add_topic("开放平台")
    with pytest.raises(ValueError):
        ud.add_topic("书签")                    # the default 专题 is the bookmarks
    ids = [ud.add_entry(tid, _entry(f"a:{k}", f"第{k}段")) for k in range(4)]
    ud.set_entry_note(ids[1], "按语一")
    ud.move_entry(ids[3], 0)
    assert [e["id"] for e in ud.entries(tid)] == [ids[3], ids[0], ids[1], ids[2]]
    assert [e["position"] for e in ud.entries(tid)] == [0, 1, 2, 3]
    ud.move_entry(ids[3], 99)
    ud.remove_entry(ids[0])
    assert [(e["id"], e["position"]) for e in ud.entries(tid)] == [(ids[1], 0), (ids[2], 1), (ids[3], 2)]
    assert ud.entries(tid)[0]["note"] == "按语一" and ud.entries(tid)[0]["text"] == "第1段"
    assert ud.topics() == [dict(id=tid, name="开放平台", n_entries=3, updated=ud.topic(tid)["updated"])]
    assert ud.topic("开放平台")["id"] == tid and ud.topic(tid)["n_entries"] == 3
    other = ud.add_topic("口岸")
    with pytest.raises(ValueError):
        ud.rename_topic(other, "开放平台")
    ud.rename_topic(other, "口岸物流")
    assert ud.topic("口岸物流")["id"] == other
    ud.delete_topic(tid)
    assert ud.topic(tid) is None and ud.entries(tid) == []
    assert ud.con.execute("select count(*) from topic_entries").fetchone()[0] == 0


def test_a_version_5_file_gains_topics_and_keeps_everything(tmp_path):
    import sqlite3
    from db.store.userdata import MIGRATIONS, trusted
    p = tmp_path / "user.sqlite"
    con = sqlite3.connect(p)
    con.executescript("".join(MIGRATIONS[v] for v in range(1, 6)))
    con.execute("insert into bookmarks (target_id, kind, title, note, created, updated)"
                " values ('a:一、', 'section', '一、', '旧按语', 'x', 'x')")
    con.execute("insert into user_platforms values ('万州港区', '口岸', 'accepted', 'x', 'y', '2024-01-01', null)")
    con.execute("insert into plan_names values ('a', '甲', 'x')")
    con.execute("pragma user_version = 5")
    con.commit()
    con.close()
    assert trusted(p)
    u = UserData(p)
    try:
        assert u.con.execute("pragma user_version").fetchone()[0] == 6
        assert [(b["target_id"], b["note"]) for b in u.bookmarks()] == [("a:一、", "旧按语")]
        assert u.plan_names() == {"a": "甲"} and len(u.user_platforms()) == 1
        assert u.topics() == []
        u.add_entry(u.add_topic("专题一"), _entry("a:一、"), note="按语")
        assert list((tmp_path / "backups").glob("user-before-v6-*.sqlite"))
    finally:
        u.close()
    assert trusted(p)                            # version 6 is what PlanDesk creates
