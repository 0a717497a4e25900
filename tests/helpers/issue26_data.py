"""A built data dir given what issue 26's store holds, whatever the build finds today:
a discovered platform with a statement, a class with two members and a statement about
it given to each (via_class), provinces. Written into a private copy's plans.sqlite."""
from __future__ import annotations

import json
import sqlite3

from db import paths

FOUND = "found-test"
FOUND_NAME = "万州新田港综合枢纽区"
CLASS = "国家级经开区"
CLASS_ALIAS = "国家级经济技术开发区"
MEMBERS = ("chongqing-etdz", "wanzhou-etdz")
CLASS_TEXT = "支持国家级经开区开展先行先试，打造内陆开放型经济新高地。"


def give_issue26_data(data) -> None:
    con = sqlite3.connect(paths.plans_db(data))
    try:
        with con:
            src = con.execute("select * from positionings where platform_id='liangjiang' order by rowid limit 1")
            cols = [c[0] for c in src.description]
            row = dict(zip(cols, src.fetchone()))
            con.execute("insert into platforms (id, name, kind, aliases, source, province) values (?,?,?,?,?,?)",
                        [FOUND, FOUND_NAME, "口岸", "[]", "discovered", "重庆"])
            con.execute(f"insert into positionings ({','.join(cols)}) values ({','.join('?' * len(cols))})",
                        [dict(row, id="pos-found-test", platform_id=FOUND, rank=1, via_class=None)[c] for c in cols])
            for k, pid in enumerate(MEMBERS):
                con.execute(f"insert into positionings ({','.join(cols)}) values ({','.join('?' * len(cols))})",
                            [dict(row, id=f"pos-class-{k}", platform_id=pid, aspect="定位", rank=99, text=CLASS_TEXT,
                                  via_class=CLASS)[c] for c in cols])
                con.execute("update platforms set classes=?, province='重庆' where id=?",
                            [json.dumps([CLASS, "国家级开发区", "园区平台"], ensure_ascii=False), pid])
            con.execute("insert or replace into platform_classes (name, aliases, part_of) values (?,?,?)",
                        [CLASS, json.dumps([CLASS_ALIAS], ensure_ascii=False), "国家级开发区"])
    finally:
        con.close()
