"""plandesk search QUERY: full-text search; `-` reads one query per line from stdin."""
from __future__ import annotations

import json
import re
import sys

from desktop.services.collector import IdleCollector

from .common import built_data, print_progress

HELP = "search the plans (words AND, OR, -exclude, \"phrase\", doc:, kind:)"


def add_arguments(p):
    p.add_argument("query", help="the query, or - to read one query per line from standard input")
    p.add_argument("--doc", help="only this document (id, short title or year)")
    p.add_argument("--kind", choices=["section", "box", "indicator"], help="only this kind of unit")
    p.add_argument("--limit", type=int, default=20, help="at most this many hits (default 20)")
    p.add_argument("--json", action="store_true", help="print a JSON list of hits")


def open_engine(data):
    """The engine; an index it reports missing, stale or damaged is rebuilt first,
    with progress on stderr (when that fails, the search runs without it)."""
    from search import index  # lazy: the index and jieba load only where searching is done
    from search.engine import SearchEngine  # lazy: the index and jieba load only where searching is done
    engine = SearchEngine(data)
    if engine.index_status is None:
        return engine
    engine.close()
    print(f"plandesk search: {engine.index_error}，重新建立", file=sys.stderr, flush=True)
    try:
        index.ensure(data, print_progress)
    except OSError as e:
        print(f"plandesk search: 搜索索引未能重建（{e}），不用索引搜索", file=sys.stderr, flush=True)
    return SearchEngine(data)


def run(args) -> int:
    data = built_data(args)
    if data is None:
        return 2
    engine = open_engine(data)
    if args.query != "-":
        answer(engine, args, args.query)
    else:
        idle = IdleCollector().start()
        try:
            for line in sys.stdin:
                answer(engine, args, line.rstrip("\n"))
                idle.tick()         # the collector's turn while the next query is awaited, not mid-search
        finally:
            idle.stop()
    engine.close()
    return 0


def answer(engine, args, q: str) -> None:
    hits = engine.search(q, doc=args.doc, kind=args.kind, limit=args.limit)
    if args.json:
        print(json.dumps([h.as_json() for h in hits], ensure_ascii=False), flush=True)
        return
    if not hits:
        print(f"「{q}」没有结果", flush=True)
        return
    doc = None
    for h in hits:
        if h.document_id != doc:
            doc = h.document_id
            print(f"\n《{doc}》")
        snip = re.sub(r"</?b>", "**", h.snippet)
        print(f"  [{h.kind}] {h.title}  ({h.id})  {h.score:.1f}\n      {snip}")
    sys.stdout.flush()
