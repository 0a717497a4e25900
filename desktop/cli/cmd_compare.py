"""plandesk compare PLATFORM: how one open platform is positioned in each plan, over time."""
from __future__ import annotations

import json
import sys

from .common import open_store

HELP = "how a platform is positioned across the plans (any alias accepted)"


def add_arguments(p):
    p.add_argument("platform", help="a platform's name, alias or id (两江新区, 自贸区, 西永综保区 …)")
    p.add_argument("--json", action="store_true")
    p.add_argument("--top", type=int, default=5, help="statements per document and aspect in text output")


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    from db.positioning import comparison, statement_citation
    from search.terms import expand
    p = st.find_platform(args.platform, expand)
    if p is None:
        print(f"plandesk compare: no platform called {args.platform!r}; known: "
              + "、".join(x["name"] for x in st.platforms()), file=sys.stderr)
        return 1
    c = comparison(st, p["id"])
    if args.json:
        out = {"platform": c["platform"], "aliases": c["aliases"],
               "documents": [{k: d[k] for k in ("document_id", "title", "year", "positionings", "mentions")}
                             for d in c["documents"]]}
        for d in out["documents"]:
            d["positionings"] = [{k: x[k] for k in ("id", "aspect", "text", "section_id", "box_id")}
                                 for x in d["positionings"]]
        print(json.dumps(out, ensure_ascii=False, indent=1))
        return 0
    print(f"{c['platform']}（{c['kind']}）  别名：{'、'.join(c['aliases']) or '—'}")
    for d in c["documents"]:
        print(f"\n{d['year']}年《{d['title']}》")
        if not d["positionings"]:
            print(f"  {'仅提及 %d 次' % d['mentions'] if d['mentions'] else '未提及'}")
            continue
        for aspect in ("定位", "功能", "任务"):
            xs = [x for x in d["positionings"] if x["aspect"] == aspect]
            for x in xs[: args.top]:
                print(f"  [{aspect}] {x['text']}  （{statement_citation(st, dict(x, document_id=d['document_id']))}）")
            if len(xs) > args.top:
                print(f"  [{aspect}] … 另有 {len(xs) - args.top} 条")
        if d["mentions"]:
            print(f"  另提及 {d['mentions']} 次")
    return 0
