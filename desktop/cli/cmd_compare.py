"""plandesk compare PLATFORM: how one open platform is positioned in each plan, over
time; plandesk compare CLASS --members: each platform of a class (国家级经开区 …)."""
from __future__ import annotations

import json
import sys
from pathlib import Path

from db.atomic import check_target
from db.positioning import comparison, statement_citation
from db.positioning.aspects import ASPECTS
from db.positioning.comparison import empty_cell, shown_text, unreviewed_note

from .common import open_store

HELP = "how a platform is positioned across the plans (any alias accepted)"
ASPECT_CHOICES = ("定位", "功能", "任务", "成效")


def add_arguments(p):
    p.add_argument("platform", help="a platform's name, alias or id (两江新区, 自贸区, 西永综保区 …), "
                                    "or with --members a class of platforms (国家级经开区, 综合保税区 …)")
    p.add_argument("--members", action="store_true",
                   help="PLATFORM names a class: compare each of its platforms")
    p.add_argument("--no-class", dest="include_class", action="store_false",
                   help="leave out statements about a class of platforms (适用于全部…) given to each member")
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
    from search.terms import expand  # lazy: the index and jieba load only where searching is done
    exact = st.find_platform(args.platform)
    cls = st.platform_class(args.platform)
    if cls and (args.members or exact is None):
        return members(st, cls, args)
    if args.members:
        print(f"plandesk compare: {args.platform!r} is not a class of platforms; classes: "
              + "、".join(c["name"] for c in st.platform_classes()), file=sys.stderr)
        return 1
    p = exact or st.find_platform(args.platform, expand)
    if p is None:
        near = similar_names(st, args.platform)
        print(f"plandesk compare: no platform called {args.platform!r}"
              + (f"; did you mean: {'、'.join(near)}" if near else "")
              + "; `plandesk platforms` lists them all", file=sys.stderr)
        return 1
    if args.export:
        return export(st, [p["id"]], args)
    c = comparison(st, p["id"], args.include_children, args.aspect, args.include_class)
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


def export(st, pids: list[str], args) -> int:
    from desktop.services.export import export_comparison_csv, export_comparison_docx  # lazy: python-docx and lxml load only for a Word export
    path = Path(args.export)
    ext = path.suffix.lower()
    if ext not in (".docx", ".csv"):
        print(f"plandesk compare: error: {path}: 只能导出为 .docx 或 .csv 文件", file=sys.stderr)
        return 1
    check_target(path, args.force)          # before any work: a clear reason, nothing written
    writer = export_comparison_docx if ext == ".docx" else export_comparison_csv
    out = writer(st, pids, path, overwrite=args.force,
                 children=args.include_children, aspect=args.aspect, include_class=args.include_class)
    print(f"wrote {out}")
    return 0


def as_json(c: dict) -> dict:
    keys = ("id", "aspect", "text", "section_id", "box_id", "line", "platform_id", "part", "via_class")
    return {"platform": c["platform"], "aliases": c["aliases"], "children": c["children"],
            "source": c["source"], "reviewed": c["reviewed"], "province": c["province"], "classes": c["classes"],
            "documents": [dict({k: d[k] for k in ("document_id", "title", "year", "mentions", "named_in", "order_reliable")},
                               positionings=[{k: x[k] for k in keys} for x in d["positionings"]])
                          for d in c["documents"]]}


def header(c: dict) -> list[str]:
    """The lines naming the platform: name, kind, province, unreviewed, classes, aliases."""
    note = unreviewed_note(c)
    first = f"{c['platform']}（{c['kind']}{'，' + c['province'] if c['province'] else ''}）" \
            + (f"  【{note}】" if note else "")
    out = [first]
    if c["classes"]:
        out.append(f"类别：{'、'.join(c['classes'])}")
    out.append(f"别名：{'、'.join(c['aliases']) or '—'}")
    if c["children"]:
        out.append(f"含所属：{'、'.join(c['children'])}")
    return out


def print_text(st, c: dict, args, brief: bool = False, indent: str = "") -> None:
    """The comparison as text; `brief` (a class's members): plans with no statement
    about it in one line."""
    for line in header(c):
        print(indent + line)
    quiet = []
    for d in c["documents"]:
        if brief and not d["positionings"]:
            quiet.append(f"{d['year']}年《{d['title']}》" + empty_cell(d))
            continue
        print(f"\n{indent}{d['year']}年《{d['title']}》" + ("" if d["order_reliable"] else "  [原文顺序不可靠]"))
        if not d["positionings"]:
            print(f"{indent}  {empty_cell(d)}")
            continue
        for aspect in ASPECTS:
            xs = [x for x in d["positionings"] if x["aspect"] == aspect]
            for x in xs[: args.top]:
                part = f"〔{x['part']}〕" if x["part"] else ""
                cite = statement_citation(st, dict(x, document_id=d["document_id"]))
                print(f"{indent}  [{aspect}] {part}{shown_text(x)}  （{cite}）")
            if len(xs) > args.top:
                print(f"{indent}  [{aspect}] … 另有 {len(xs) - args.top} 条")
        if d["mentions"]:
            print(f"{indent}  另提及 {d['mentions']} 次")
    if quiet:
        print(f"\n{indent}无定位表述：" + "；".join(quiet))


def class_line(cls: dict, names: list[str]) -> str:
    alias = f"（又称{'、'.join(cls['aliases'])}）" if cls.get("aliases") else ""
    up = f"，属于{cls['part_of']}" if cls.get("part_of") else ""
    return f"{cls['name']}{alias}：平台类别{up}，共 {len(names)} 个平台" + (f"：{'、'.join(names)}" if names else "")


def members(st, cls: dict, args) -> int:
    """A class: without --members one line naming its platforms; with it, each member's
    comparison, the statements about the class marked （适用于全部…）."""
    ms = st.class_members(cls["name"])
    names = [m["name"] for m in ms]
    if not args.members:
        print(class_line(cls, names) + f"。逐个对比：plandesk compare {cls['name']} --members")
        return 0
    if args.export:
        return export(st, [m["id"] for m in ms], args)
    cs = [comparison(st, m["id"], args.include_children, args.aspect, args.include_class) for m in ms]
    if args.json:
        print(json.dumps({"class": cls["name"], "aliases": cls.get("aliases") or [], "part_of": cls.get("part_of"),
                          "members": [as_json(c) for c in cs]}, ensure_ascii=False, indent=1))
        return 0
    print(class_line(cls, names) + "。")
    n_class = sum(1 for c in cs for d in c["documents"] for x in d["positionings"] if x["via_class"])
    if n_class:
        print(f"标有“（适用于全部…）”的 {n_class} 条是对一类平台的表述，适用于该类每个平台；--no-class 可略去。")
    for k, c in enumerate(cs, start=1):
        print(f"\n{'=' * 40}\n{k}. ", end="")
        print_text(st, c, args, brief=True)
    return 0
