"""plandesk compile NAME -o FILE.docx [--group plan|year|platform] [--md FILE.md]
[--csv FILE.csv]: a 专题's 资料汇编 in 公文 format (and its Markdown / CSV)."""
from __future__ import annotations

import csv
import sys

from db.atomic import check_target, replacing
from desktop.services import topics

from .common import open_store, open_user, print_progress

HELP = "a 专题 as a 资料汇编 (Word, 公文 format), or Markdown / CSV"


def add_arguments(p):
    p.add_argument("name", help="the 专题's name (「书签」: the bookmarks)")
    p.add_argument("-o", "--output", help="the .docx file to write")
    p.add_argument("--group", choices=topics.GROUPS, default="manual",
                   help="group the entries by plan, year or platform (default: as ordered)")
    p.add_argument("--md", help="also (or only) write it as Markdown to this file")
    p.add_argument("--csv", help="also (or only) write its entries as CSV to this file")
    p.add_argument("--title", help="the title (default: NAME资料汇编)")
    p.add_argument("--author", default="", help="编制人, on the cover")
    p.add_argument("--unit", default="", help="编制单位, on the cover")
    p.add_argument("--date", default="", help="the cover's date (default: today)")
    p.add_argument("--force", action="store_true", help="overwrite existing files")


def run(args) -> int:
    outs = [x for x in (args.output, args.md, args.csv) if x]
    if not outs:
        print("plandesk compile: nothing to write (give -o FILE.docx, --md FILE.md or --csv FILE.csv)",
              file=sys.stderr)
        return 2
    for f in outs:
        check_target(f, args.force)                # before any work: a clear reason, nothing written
    st = open_store(args)
    if not st:
        return 2
    ud = open_user(st, "compile")
    try:
        return write(st, ud, args)
    except KeyError as e:
        print(f"plandesk compile: {e.args[0]}", file=sys.stderr)
        return 1
    except ValueError as e:
        print(f"plandesk compile: error: {e}", file=sys.stderr)
        return 1
    finally:
        ud.close()


def write(st, ud, args) -> int:
    if args.output:
        from desktop.services.export.compilation import compile_topic  # lazy: python-docx only for a Word export
        out = compile_topic(st, args.name, ud, args.output, group=args.group, title=args.title,
                            cover=dict(author=args.author, unit=args.unit, date=args.date),
                            progress=print_progress, overwrite=args.force)
        print(f"wrote {out}")
    if args.md:
        text = topics.topic_markdown(st, ud, args.name, group=args.group)
        with replacing(args.md, args.force, suffix=".md") as tmp:
            tmp.write_text(text, encoding="utf-8")
        print(f"wrote {args.md}")
    if args.csv:
        rows = topics.topic_csv(st, ud, args.name, group=args.group)
        with replacing(args.csv, args.force, suffix=".csv") as tmp:
            with open(tmp, "w", encoding="utf-8-sig", newline="") as f:     # utf-8-sig: Excel reads it as UTF-8
                csv.writer(f).writerows(rows)
        print(f"wrote {args.csv}")
    return 0
