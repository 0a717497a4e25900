"""plandesk list: the plans in the library, with id, year, title, source, origin."""
from __future__ import annotations

import json

from .common import open_store

HELP = "list the plans: id, year, title, source file, bundled or imported"
ORIGIN = {"bundled": "bundled", "imported": "imported", "corpus": "corpus"}


def add_arguments(p):
    p.add_argument("--json", action="store_true", help="print JSON instead of text (for scripts)")


def run(args) -> int:
    st = open_store(args)
    if not st:
        return 2
    docs = st.documents()
    if args.json:
        print(json.dumps([{k: d.get(k) for k in ("id", "year", "title", "short_title", "doc_number", "source_file",
                                                  "origin", "format")} for d in docs], ensure_ascii=False, indent=1))
        return 0
    print(f"{'id':24} {'year':4}  {'origin':8} {'format':6} {'source':34} title")
    for d in docs:
        print(f"{d['id']:24} {d['year'] or '':4}  {ORIGIN.get(d.get('origin'), d.get('origin') or ''):8} "
              f"{d.get('format') or '':6} {d['source_file'][:34]:34} {d['title']}")
    return 0
