"""plandesk indicators: every indicator and target, or one metric across plans and territories."""
from __future__ import annotations

import json
import sys

from db.indicators import find
from db.indicators.comparison import DIRECTIONS, as_json, entries, shown_value

from .common import open_store

HELP = "indicators and targets (tables and running text), or one metric across the plans"


def add_arguments(p):
    p.add_argument("--doc", help="only this plan (its id)")
    p.add_argument("--metric", help="a linked metric by any of its names (货物进出口总额, 外贸进出口总额, FDI …)")
    p.add_argument("--scope", help="only this territory (全市, 自贸试验区, 高新区, 成渝地区 …)")
    p.add_argument("--json", action="store_true", help="print JSON instead of text (for scripts)")


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    metric = None
    if args.metric:
        m = find(args.metric)
        if m is None:
            known = "、".join(r["metric"] for r in st.indicator_metrics())
            print(f"plandesk indicators: no metric called {args.metric!r}; linked metrics: {known}", file=sys.stderr)
            return 1
        metric = m.canonical
    if args.doc and not st.document(args.doc):
        print(f"plandesk indicators: no document {args.doc!r}", file=sys.stderr)
        return 1
    es = entries(st, args.doc, metric, args.scope)
    if args.json:
        print(json.dumps([as_json(e) for e in es], ensure_ascii=False, indent=1))
        return 0
    print_table(es, metric)
    return 0


def print_table(es: list[dict], metric: str | None) -> None:
    if metric:
        print(f"{metric}（{len(es)} 项，{len({e['document_id'] for e in es})} 个文件）")
    for e in es:
        base = shown_value(e, "baseline")
        if e["baseline"] and e["baseline_year"]:
            base = f"{e['baseline_year']}年 {base}"
        kind = "表" if e["table_label"] else "文"
        flags = "".join(f for f, on in (("［累计］", e["cumulative"]), ("［每年］", e.get("per_year")),
                                        ("［推断］", (e["confidence"] or 1) < 1)) if on)
        name = e["name"] if not metric or e["name"] == metric else f"{e['name']}"
        print(f"{e['plan_year']} {e['plan']}｜{e['scope'] or '—'}｜{kind} {name}｜{base} → "
              f"{e['target_year'] or ''}年 {shown_value(e)}（{e['comparator'] or ''}"
              f"{'，' + DIRECTIONS[e['direction']] if e['direction'] and e['direction'] != 'level' else ''}）"
              f"{flags}｜{'；'.join(e['sources'])}")
