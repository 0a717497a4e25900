"""plandesk platforms: the gazetteer (reviewed and the user's), and the candidates discovery found."""
from __future__ import annotations

import json

from .common import open_store

HELP = "list the open platforms (the gazetteer), or the candidate platforms found in the plans"


def add_arguments(p):
    p.add_argument("--kind", help="only platforms of this kind (战略平台, 口岸, 物流枢纽 …)")
    p.add_argument("--candidates", action="store_true",
                   help="names that look like a platform's in the plans but are not in the gazetteer")
    p.add_argument("--json", action="store_true", help="print JSON instead of text (for scripts)")


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    if args.candidates:
        return candidates(st, args)
    counts = st.platform_document_counts()
    names = {p["id"]: p["name"] for p in st.platforms()}
    rows = [p for p in st.platforms() if not args.kind or p["kind"] == args.kind]
    if args.json:
        print(json.dumps([dict(id=p["id"], name=p["name"], kind=p["kind"], aliases=p["aliases"],
                               part_of=p["part_of"], source=p.get("source"), documents=counts.get(p["id"], 0))
                          for p in rows], ensure_ascii=False, indent=1))
        return 0
    for p in rows:
        parent = f"  属于：{names.get(p['part_of'], p['part_of'])}" if p["part_of"] else ""
        user = "  [用户添加]" if p.get("source") == "user" else ""
        print(f"{p['id']:28} {p['kind']:10} {p['name']}  （{counts.get(p['id'], 0)} 个文件有表述）{parent}{user}")
    print(f"\n共 {len(rows)} 个平台")
    return 0


def candidates(st, args) -> int:
    from db import paths
    from db.store.userdata import decided_platforms
    decided = decided_platforms(paths.user_db(st.path.parent))
    rows = [c for c in st.candidates() if c["name"] not in decided]
    if args.kind:
        rows = [c for c in rows if c["kind"] == args.kind]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    from db.positioning import statement_citation
    for c in rows:
        x = st.candidate(c["first_id"])
        print(f"{c['name']}  （{c['kind']}，{c['n_docs']} 个文件 {c['n']} 处）\n    例：{x['text']}"
              f"（{statement_citation(st, x)}）")
    print(f"\n共 {len(rows)} 个未收录的平台名称（未经审核；在窗口“平台对比”中可收录或忽略）")
    return 0
