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
    for r in st.stats():
        d = r["document"]
        lv = " ".join(f"L{lv}={n}" for lv, n in r["levels"])
        flag = "" if d["order_reliable"] else "  [原文顺序不可靠]"
        print(f"{d['id']:22} {d['source_file']:28} sections {lv:18} boxes {r['boxes']:3} items {r['items']:4} "
              f"indicators {r['table_rows']:3} (+{r['targets']} targets in text){flag}")
    return 0
