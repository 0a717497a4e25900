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
    print(f"{'document':22} {'source file':28} {'sections by level':18} {'boxes':>5} {'items':>5} "
          f"{'table rows':>10} {'targets in text':>15}")
    for r in st.stats():
        d = r["document"]
        lv = " ".join(f"L{lv}={n}" for lv, n in r["levels"])
        flag = "  [原文顺序不可靠]" if not d["order_reliable"] else ""
        print(f"{d['id']:22} {d['source_file']:28} {lv:18} {r['boxes']:5} {r['items']:5} "
              f"{r['table_rows']:10} {r['targets']:15}{flag}")
    return 0
