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
