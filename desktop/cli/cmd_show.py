"""plandesk show ID: a section, box or indicator as text, with its source lines."""
from __future__ import annotations

import sys

from .common import open_store

HELP = "print a section, box or indicator with its source lines"


def add_arguments(p):
    p.add_argument("id", help="a section id (doc:第三章/第一节), box id (doc:专栏1) or indicator id")


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    sid = args.id
    s = st.section(sid)
    if s:
        doc = st.document(s["document_id"])
        print(f"《{doc['short_title']}》 {s['path']}  {s['label']} {s['title']}")
        print(f"（来源：{doc['source_file']} 第{s['line_start']}–{s['line_end']}行）\n")
        print(s["text"])
        return 0
    b = st.box(sid)
    if b:
        doc = st.document(b["document_id"])
        print(f"《{doc['short_title']}》 {b['label']} {b['title']}  [{b['kind']}]")
        print(f"（来源：{doc['source_file']} 第{b['line_start']}–{b['line_end']}行；所在章节 {b['section_id']}）\n")
        for it in st.items(b["id"]):
            if it["cells"]:
                print(" | ".join(f"{k}：{v}" for k, v in it["cells"].items()) + f"  [{it['line_start']}–{it['line_end']}]")
            else:
                print(f"· {it['text']}  [{it['line_start']}–{it['line_end']}]")
        return 0
    i = st.indicator(sid)
    if i:
        for k, v in i.items():
            if v is not None:
                print(f"{k}: {v}")
        return 0
    print(f"plandesk show: no section, box or indicator with id {sid!r}", file=sys.stderr)
    return 1
