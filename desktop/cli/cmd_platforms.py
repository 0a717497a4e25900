"""plandesk platforms: the gazetteer (reviewed, the user's and the discovered), the
discovered ones to review, the candidates discovery found; and the user's decision on
one: accept, merge into a reviewed platform, or reject."""
from __future__ import annotations

import json
import sys

from db.positioning import statement_citation
from db.positioning.comparison import unreviewed_note
from db.store.userdata import decided_platforms
from desktop.services.review import ACTIONS as WORDS
from desktop.services.review import ReviewError, discovered
from desktop.services.review import decide as record

from .common import open_store, open_user
from db import paths

HELP = "list the open platforms (the gazetteer), review the ones found in the plans, or decide on one"
ACTIONS = {"accept": "accepted", "merge": "merged", "reject": "ignored"}


def add_arguments(p):
    p.add_argument("action", nargs="?", choices=sorted(ACTIONS),
                   help="decide on a platform found in the plans: accept NAME, merge NAME TARGET "
                        "(NAME becomes one of TARGET's names), reject NAME (not a platform); "
                        "applied at the next `plandesk build`")
    p.add_argument("name", nargs="?", help="the discovered platform (or candidate) decided on")
    p.add_argument("target", nargs="?", help="for merge: the reviewed platform it is merged into")
    p.add_argument("--kind", help="only platforms of this kind (战略平台, 口岸, 物流枢纽 …)")
    p.add_argument("--province", help="only platforms of this province (重庆, 四川, 川渝)")
    p.add_argument("--review", action="store_true",
                   help="the platforms found in the plans by their form, not reviewed (未审核)")
    p.add_argument("--candidates", action="store_true",
                   help="names that look like a platform's in the plans but are not in the gazetteer")
    p.add_argument("--json", action="store_true", help="print JSON instead of text (for scripts)")


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    if args.action:
        return decide(st, args)
    if args.candidates:
        return candidates(st, args)
    if args.review:
        return review(st, args)
    counts = st.platform_document_counts()
    names = {p["id"]: p["name"] for p in st.platforms()}
    rows = [p for p in st.platforms(args.province) if not args.kind or p["kind"] == args.kind]
    if args.json:
        print(json.dumps([dict(id=p["id"], name=p["name"], kind=p["kind"], aliases=p["aliases"],
                               part_of=p["part_of"], source=p.get("source"), reviewed=p.get("source") == "reviewed",
                               province=p.get("province"), classes=p.get("classes") or [],
                               documents=counts.get(p["id"], 0))
                          for p in rows], ensure_ascii=False, indent=1))
        return 0
    for p in rows:
        parent = f"  属于：{names.get(p['part_of'], p['part_of'])}" if p["part_of"] else ""
        note = unreviewed_note(p)
        mark = f"  [{note}]" if note else ""
        print(f"{p['id']:28} {p['kind']:10} {p.get('province') or '—':4} {p['name']}"
              f"  （{counts.get(p['id'], 0)} 个文件有表述）{parent}{mark}")
    n_new = sum(1 for p in rows if p.get("source") == "discovered")
    print(f"\n共 {len(rows)} 个平台" + (f"，其中 {n_new} 个按名称形式从规划中发现、未审核"
                                      "（`plandesk platforms --review` 列出）" if n_new else ""))
    return 0


def _decided(st) -> dict[str, str]:
    return decided_platforms(paths.user_db(st.path.parent))


def review(st, args) -> int:
    """The discovered platforms, each with the sentence it was first positioned in."""
    rows = [r for r in discovered(st, _decided(st))
            if (not args.kind or r["kind"] == args.kind) and (not args.province or r["province"] == args.province)]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for r in rows:
        done = f"  已决定：{WORDS[r['decision']]}（重新建立数据后生效）" if r["decision"] in WORDS else ""
        print(f"{r['name']}  （{r['kind']}，{r['province'] or '省市未知'}，{r['documents']} 个文件有表述）【未审核】{done}")
        if r["example"]:
            print(f"    例：{r['example']}（{r['cite']}）")
    print(f"\n共 {len(rows)} 个按名称形式从规划中发现的平台，未审核；已列入平台对比。"
          "\n审核：plandesk platforms accept 名称 | merge 名称 已有平台 | reject 名称")
    return 0


def decide(st, args) -> int:
    if not args.name or (args.action == "merge") != bool(args.target):
        usage = "merge NAME TARGET" if args.action == "merge" else f"{args.action} NAME"
        print(f"plandesk platforms: usage: plandesk platforms {usage}", file=sys.stderr)
        return 2
    ud = open_user(st, "platforms")
    try:
        r = record(st, ud, args.name, ACTIONS[args.action], args.target)
    except ReviewError as e:
        print(f"plandesk platforms: {e}", file=sys.stderr)
        return 1
    finally:
        ud.close()
    what = {"accepted": f"已收录：{r['name']}",
            "merged": f"已并入：{r['name']} → {r.get('target')}（作为其别名）",
            "ignored": f"已确认不是平台：{r['name']}"}[r["status"]]
    print(f"{what}。重新建立数据（plandesk build）后生效；这一决定保存在本机的书签数据中，更新规划后仍然有效。")
    return 0


def candidates(st, args) -> int:
    decided = _decided(st)
    rows = [c for c in st.candidates() if c["name"] not in decided]
    if args.kind:
        rows = [c for c in rows if c["kind"] == args.kind]
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=1))
        return 0
    for c in rows:
        x = st.candidate(c["first_id"])
        print(f"{c['name']}  （{c['kind']}，{c['n_docs']} 个文件 {c['n']} 处）\n    例：{x['text']}"
              f"（{statement_citation(st, x)}）")
    print(f"\n共 {len(rows)} 个未收录的平台名称（未经审核；在窗口“平台对比”中可收录或忽略）")
    return 0
