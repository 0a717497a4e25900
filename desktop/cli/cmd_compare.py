"""plandesk compare PLATFORM: how one open platform is positioned in each plan, over time."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from .common import open_store

HELP = "how a platform is positioned across the plans (any alias accepted)"
ASPECT_CHOICES = ("定位", "功能", "任务", "成效")


def add_arguments(p):
    p.add_argument("platform", help="a platform's name, alias or id (两江新区, 自贸区, 西永综保区 …)")
    p.add_argument("--aspect", choices=ASPECT_CHOICES, help="only statements of this aspect")
    p.add_argument("--include-children", action="store_true",
                   help="with the statements of its 片区, 板块 and sub-projects (each marked)")
    p.add_argument("--export", metavar="FILE", help="write the comparison to FILE.docx (公文) or FILE.csv")
    p.add_argument("--force", action="store_true", help="replace FILE if it exists")
    p.add_argument("--json", action="store_true", help="print JSON instead of text (for scripts)")
    p.add_argument("--top", type=int, default=5, help="statements per document and aspect in text output")


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    from db.positioning import comparison
    from search.terms import expand
    p = st.find_platform(args.platform, expand)
    if p is None:
        near = similar_names(st, args.platform)
        print(f"plandesk compare: no platform called {args.platform!r}"
              + (f"; did you mean: {'、'.join(near)}" if near else "")
              + "; `plandesk platforms` lists them all", file=sys.stderr)
        return 1
    if args.export:
        return export(st, p["id"], args)
    c = comparison(st, p["id"], args.include_children, args.aspect)
    if args.json:
        print(json.dumps(as_json(c), ensure_ascii=False, indent=1))
        return 0
    print_text(st, c, args)
    return 0


def similar_names(st, name: str, n: int = 6) -> list[str]:
    """Platforms sharing the most two-character words with `name` (any of their names)."""
    def grams(t):
        return {t[i:i + 2] for i in range(len(t) - 1)}
    want = grams("".join(name.split()))
    scored = []
    for p in st.platforms():
        best = max(len(want & grams(x)) for x in [p["name"]] + list(p["aliases"] or []))
        if best:
            scored.append((-best, p["name"]))
    return [nm for _, nm in sorted(scored)[:n]]


def export(st, pid: str, args) -> int:
    from db.export import export_comparison_csv, export_comparison_docx
    from db.atomic import check_target
    path = Path(args.export)
    ext = path.suffix.lower()
    if ext not in (".docx", ".csv"):
        print(f"plandesk compare: error: {path}: 只能导出为 .docx 或 .csv 文件", file=sys.stderr)
        return 1
    check_target(path, args.force)          # before any work: a clear reason, nothing written
    writer = export_comparison_docx if ext == ".docx" else export_comparison_csv
    out = writer(st, [pid], path, overwrite=args.force, children=args.include_children, aspect=args.aspect)
    print(f"wrote {out}")
    return 0


def as_json(c: dict) -> dict:
    keys = ("id", "aspect", "text", "section_id", "box_id", "line", "platform_id", "part")
    return {"platform": c["platform"], "aliases": c["aliases"], "children": c["children"],
            "documents": [dict({k: d[k] for k in ("document_id", "title", "year", "mentions", "order_reliable")},
                               positionings=[{k: x[k] for k in keys} for x in d["positionings"]])
                          for d in c["documents"]]}


def print_text(st, c: dict, args) -> None:
    from db.positioning import statement_citation
    from db.positioning.aspects import ASPECTS
    print(f"{c['platform']}（{c['kind']}）  别名：{'、'.join(c['aliases']) or '—'}")
    if c["children"]:
        print(f"含所属：{'、'.join(c['children'])}")
    for d in c["documents"]:
        print(f"\n{d['year']}年《{d['title']}》" + ("" if d["order_reliable"] else "  [原文顺序不可靠]"))
        if not d["positionings"]:
            print(f"  {'仅提及 %d 次' % d['mentions'] if d['mentions'] else '未提及'}")
            continue
        for aspect in ASPECTS:
            xs = [x for x in d["positionings"] if x["aspect"] == aspect]
            for x in xs[: args.top]:
                part = f"〔{x['part']}〕" if x["part"] else ""
                cite = statement_citation(st, dict(x, document_id=d["document_id"]))
                print(f"  [{aspect}] {part}{x['text']}  （{cite}）")
            if len(xs) > args.top:
                print(f"  [{aspect}] … 另有 {len(xs) - args.top} 条")
        if d["mentions"]:
            print(f"  另提及 {d['mentions']} 次")
