"""plandesk stats: per document, sections by level, boxes, items, indicators."""
from __future__ import annotations

from .common import open_store

HELP = "counts per document"


def add_arguments(p):
    pass


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    q = st.db.execute
    for d in st.documents():
        did = d["id"]
        levels = q("select level, count(*) from sections where document_id=? group by level order by level", [did]).fetchall()
        nb = q("select count(*) from boxes where document_id=?", [did]).fetchone()[0]
        ni = q("select count(*) from box_items i join boxes b on b.id=i.box_id where b.document_id=?", [did]).fetchone()[0]
        nt = q("select count(*) from indicators where document_id=? and table_label is not null", [did]).fetchone()[0]
        np_ = q("select count(*) from indicators where document_id=? and table_label is null", [did]).fetchone()[0]
        lv = " ".join(f"L{lv}={n}" for lv, n in levels)
        flag = "" if d["order_reliable"] else "  [原文顺序不可靠]"
        print(f"{did:22} {d['source_file']:28} sections {lv:18} boxes {nb:3} items {ni:4} "
              f"indicators {nt:3} (+{np_} targets in text){flag}")
    return 0
