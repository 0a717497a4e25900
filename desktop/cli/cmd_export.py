"""plandesk export: selected 专栏 to a Word file in 公文 format."""
from __future__ import annotations

import sys

from db.atomic import check_target

from .common import open_store

HELP = "export 专栏 to Word (公文 format)"


def add_arguments(p):
    p.add_argument("--box", action="append", default=[], help="a box id (repeatable), e.g. open-platforms-2018:专栏1")
    p.add_argument("--doc", help="with --all-boxes: a document id")
    p.add_argument("--all-boxes", action="store_true", help="every box of --doc (or of all documents)")
    p.add_argument("-o", "--output", required=True, help="the .docx file to write")
    p.add_argument("--title", help="a title for the first page")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args) -> int:
    from desktop.services.export.gongwen import check_title  # lazy: python-docx and lxml load only for a Word export
    try:
        check_title(args.title)
    except ValueError as e:
        print(f"plandesk export: error: --title: {e}", file=sys.stderr)
        return 1
    st = open_store(args)
    if not st:
        return 2
    from desktop.services.export import export_boxes  # lazy: python-docx and lxml load only for a Word export
    ids = list(args.box)
    if args.all_boxes:
        if args.doc and not st.document(args.doc):
            print(f"plandesk export: no document {args.doc!r}", file=sys.stderr)
            return 1
        ids += [b["id"] for b in st.boxes(args.doc) if b["id"] not in ids]
    if not ids:
        print("plandesk export: no boxes chosen (use --box ID or --all-boxes)", file=sys.stderr)
        return 1
    check_target(args.output, args.force)          # before any work: a clear reason, nothing written
    try:
        out = export_boxes(st, ids, args.output, title=args.title, overwrite=args.force,
                           progress=lambda f, m: print(f"[{f * 100:5.1f}%] {m}", file=sys.stderr))
    except KeyError as e:
        print(f"plandesk export: {e.args[0]}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({len(ids)} boxes)")
    return 0
