"""A place in a plan: one type, made and parsed in db/place.py, resolved by Store.place."""
from __future__ import annotations

import copy

from db import place as pl
from db.importer import parse_text
from db.importer.corpus import Entry
from db.importer.model import Indicator, Item
from db.place import DocPlaces, Place
from db.positioning.extract import DocExtractor
from db.store.rows import doc_rows

INLAND = "inland-opening-2021"

TEXT = """某某规划

第一章 总则

一、发展基础
两江新区建设加快。

专栏1 重点项目
1. 建设两江新区物流园。
"""


def test_every_form_parses_to_what_it_is_and_writes_back():
    cases = {
        "doc:a-2021": (pl.DOCUMENT, "", None),
        "pd:doc:a-2021": (pl.DOCUMENT, "", None),
        "a-2021:#preamble": (pl.PREAMBLE, "", None),
        "a-2021:第三篇/第八章~2": (pl.UNIT, "第三篇/第八章~2", None),
        "pd:a-2021:专栏1": (pl.UNIT, "专栏1", None),
        "a-2021:专栏1#0": (pl.ROW, "专栏1", 0),
        "a-2021:表2-1#3": (pl.ROW, "表2-1", 3),
        "a-2021:target#12": (pl.TARGET, "target", 12),
        "a-2021:note#2": (pl.NOTE, "note", 2),
        "a-2021:check#0": (pl.CHECK, "check", 0),
    }
    for s, (kind, key, n) in cases.items():
        p = Place.parse(s)
        assert (p.doc, p.kind, p.key, p.n) == ("a-2021", kind, key, n), s
        assert p.id == s.removeprefix("pd:")
        assert Place.parse(p.link) == p
    for nothing in ("", None, "doc:", ":x", "a-2021:", "a-2021"):
        assert Place.parse(nothing) is None, nothing
    assert Place.preamble("a").opens == Place.document("a")
    assert Place.indicator("a", None, 4).id == "a:target#4" and Place.indicator("a", "表1", 4).id == "a:表1#4"


def test_the_store_resolves_every_id_it_holds(built_store):
    db = built_store.db
    tables = {"sections": {pl.SECTION}, "boxes": {pl.BOX}, "indicators": {pl.INDICATOR, pl.TARGET},
              "doc_notes": {pl.NOTE, pl.CHECK}}
    n = 0
    for table, kinds in tables.items():
        for (rid,) in db.execute(f"select id from {table}"):
            at = built_store.place(rid)
            assert at is not None and at.kind in kinds and at.id == rid and at.record["id"] == rid, rid
            n += 1
    # a box item whose id no table row shares is an item, in its box and the box's section
    for (rid, bid) in db.execute("select id, box_id from box_items where id not in (select id from indicators)"):
        at = built_store.place(rid)
        assert at.kind == pl.ITEM and at.box["id"] == bid, rid
        n += 1
    assert n > 500
    for d in built_store.documents():
        assert built_store.place(f"doc:{d['id']}").kind == pl.DOCUMENT
        assert built_store.place(f"pd:{d['id']}:#preamble").document["id"] == d["id"]
    for nothing in ("doc:no-such-plan", f"{INLAND}:第九十九章", "bm:3", "q:两江", ""):
        assert built_store.place(nothing) is None


def test_a_box_sits_in_its_section_and_a_table_row_in_its_table(built_store):
    b = built_store.place(Place.box("ftz-2022", "专栏1"))
    assert b.kind == pl.BOX and b.section["id"] == b.record["section_id"] and b.title.startswith("专栏1 ")
    row = built_store.place("hightech-zone-2021:表2-1#3")
    assert row.kind == pl.INDICATOR and row.path == "第二章/第四节"


def test_a_label_printed_twice_has_one_id_everywhere():
    """Ids are made once, after uniqueness: the rows, their references and the
    positioning extraction all name the second 专栏1 专栏1~2 (unique_ids used to rename
    the box row after its items, its indicators and the extraction had the old id)."""
    doc = parse_text(TEXT)
    first = doc.boxes[0]
    first.items = [Item("", "建设两江新区物流园。", line_start=9, line_end=9)]
    second = copy.copy(first)
    second.items = [Item("", "两江新区扩大开放。", line_start=12, line_end=12)]
    second.line_start = 11
    doc.boxes.append(second)
    doc.indicators = [Indicator("进出口总额", "专栏1", 1, box=first), Indicator("进出口总额", "专栏1", 1, box=second)]
    rows = doc_rows(doc, Entry(file=None, id="x", short_title=None, seq=1), 1)
    box_ids = [b["id"] for b in rows["boxes"]]
    assert box_ids == ["x:专栏1", "x:专栏1~2"]
    assert [(i["id"], i["box_id"]) for i in rows["box_items"]] == [("x:专栏1#0", "x:专栏1"),
                                                                    ("x:专栏1~2#0", "x:专栏1~2")]
    assert [(i["id"], i["box_id"]) for i in rows["indicators"]] == [("x:专栏1#1", "x:专栏1"),
                                                                     ("x:专栏1~2#1", "x:专栏1~2")]
    ex = DocExtractor("x", doc, [])
    assert [ex.bid(b) for b in doc.boxes] == box_ids
    assert ex.sid(second.section) == rows["boxes"][1]["section_id"]
    ids = DocPlaces("x", doc)
    assert Place.parse(ids.bid(second)) == Place("x", pl.UNIT, "专栏1~2")
