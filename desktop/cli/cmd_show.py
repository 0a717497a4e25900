"""plandesk show ID: a section, box or indicator as text, with its source lines."""
from __future__ import annotations

import sys

from .common import open_store

HELP = "print a plan's contents, or a section, box or indicator with its source lines"


def add_arguments(p):
    p.add_argument("id", help="a document id (plandesk list shows them: its sections and boxes are listed), "
                              "a section id (doc:第三章/第一节), box id (doc:专栏1) or indicator id")


def show_document(st, d) -> None:
    """The plan's heading tree and boxes, each with the id `plandesk show` takes."""
    print(f"{d['year']}《{d['title']}》  {d['id']}  （{d['source_file']}）")
    boxes: dict[str, list] = {}
    for b in st.boxes(d["id"]):
        boxes.setdefault(b["section_id"], []).append(b)
    for s in st.sections(d["id"]):
        depth = s["path"].count("/")
        print(f"{'  ' * depth}{s['label']} {s['title']}  [{s['id']}]  第{s['line_start']}–{s['line_end']}行")
        for b in boxes.pop(s["id"], []):
            print(f"{'  ' * (depth + 1)}{b['label']} {b['title']}  [{b['id']}]")
    for bs in boxes.values():          # boxes outside any heading
        for b in bs:
            print(f"{b['label']} {b['title']}  [{b['id']}]")


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    sid = args.id
    d = st.document(sid)
    if d:
        show_document(st, d)
        return 0
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
    print(f"plandesk show: no document, section, box or indicator with id {sid!r} "
          "(plandesk list shows the documents)", file=sys.stderr)
    return 1
