"""plandesk refs DOC [--cited-by] [--json]: the documents a plan cites (《…》), each
resolved to a plan of the library or listed as 未收录 (what to import next); with
--cited-by, the plans that cite it."""
from __future__ import annotations

import json
import sys

from db import place as pl
from db.naming import plan_labels
from db.references.extract import kind_name

from ..services.references import cited_by, references
from .common import open_store

HELP = "the documents a plan cites (《…》), found in the library or not; --cited-by: the plans citing it"
def add_arguments(p):
    p.add_argument("doc", help="a document id (plandesk list shows them)")
    p.add_argument("--cited-by", action="store_true", help="list the plans that cite this one (被引用)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text (for scripts)")


def where(place_id: str) -> str:
    """Where in its plan a reference stands, as a person reads it."""
    p = pl.Place.parse(place_id)
    if p is None:
        return place_id
    return {pl.DOCUMENT: "印发通知", pl.PREAMBLE: "导言"}.get(p.kind) or (
        f"{p.key} 第{p.n + 1}项" if p.n is not None else p.key)


def occurrences(e: dict) -> str:
    lines = "、".join(f"第{a}行" if a == b else f"第{a}–{b}行" for a, b in e["lines"][:3])
    spots = "；".join(where(x) for x in e["places"][:3]) + ("…" if len(e["places"]) > 3 else "")
    return f"{e['count']}处：{spots}" + (f"（{lines}）" if lines else "")


def title(e: dict) -> str:
    extra = "，".join(x for x in (e["doc_number"], e["abbr"]) if x)
    means = f"（即《{e['means']}》）" if e["means"] else ""
    return f"《{e['quote']}》" + (f"（{extra}）" if extra else "") + means


def print_refs(d: dict, refs: list[dict], labels: dict) -> None:
    cited = [e for e in refs if not e["self"]]
    found = [e for e in cited if e["resolved"]]
    print(f"《{d['title']}》（{d['id']}）引用的文件：{len(cited)} 项，已收录 {len(found)} 项，"
          f"未收录 {len(cited) - len(found)} 项")
    if found:
        print("已收录：")
        for e in found:
            print(f"  {title(e)} → {labels.get(e['resolved'], e['resolved'])} [{e['resolved']}]  {occurrences(e)}")
    if len(found) < len(cited):
        print("未收录：")
        for e in cited:
            if not e["resolved"]:
                print(f"  {title(e)}  {kind_name(e['kind'])}  {occurrences(e)}")
    own = [e for e in refs if e["self"]]
    if own:
        print("本规划自身的标题（不计为引用）：")
        for e in own:
            print(f"  {title(e)}  {occurrences(e)}")


def print_cited_by(d: dict, refs: list[dict], labels: dict) -> None:
    docs = list(dict.fromkeys(e["document"] for e in refs))
    if not docs:
        print(f"《{d['title']}》（{d['id']}）：库中没有其他规划引用它。")
        return
    print(f"《{d['title']}》（{d['id']}）被 {len(docs)} 个规划引用：")
    for did in docs:
        print(f"  {labels.get(did, did)} [{did}]")
        for e in refs:
            if e["document"] == did:
                print(f"    {title(e)}  {occurrences(e)}")


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    d = st.document(args.doc)
    if d is None:
        print(f"plandesk refs: no plan with id {args.doc!r} (plandesk list shows them)", file=sys.stderr)
        return 1
    refs = cited_by(st, d["id"]) if args.cited_by else references(st, d["id"])
    if args.json:
        print(json.dumps(refs, ensure_ascii=False, indent=1))
        return 0
    labels = plan_labels(st.documents())
    (print_cited_by if args.cited_by else print_refs)(d, refs, labels)
    return 0
