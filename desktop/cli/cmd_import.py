"""plandesk import FILE…: add plans (Word, PDF, web page, text) to the library."""
from __future__ import annotations

from db import paths

from ..services.update import up_to_date, update
from .common import print_progress, tell
from ..services.importing import import_files

HELP = "import plans (.docx .doc .wps .pdf .ofd .html .txt .md) into the library; the others are not parsed again"

STATUS = {"imported": "imported", "replaced": "replaced", "unchanged": "already imported (same file): nothing to do",
          "skipped": "not imported: the same plan is already there{by}; use --replace",
          "failed": "not imported", "refused": "not imported: the importer's self-check has warnings (--strict)"}

EXIT_REFUSED = 3     # --strict: a file with self-check warnings was refused (the others imported)


SAME_BY = {"发文字号": "same 发文字号", "正文": "same text"}


def status_line(c) -> str:
    """What became of one file; for a plan already there, how it was recognised."""
    text = STATUS.get(c.status, c.status)
    if c.status == "skipped":
        by = SAME_BY.get((c.same_plan or {}).get("same_by"), "same title and 发文字号")
        text = text.format(by=f" ({by}: {(c.same_plan or {}).get('id', '')})")
    return text


def add_arguments(p):
    p.add_argument("files", nargs="+", help="the plan files")
    p.add_argument("--replace", action="store_true",
                   help="replace a plan already there with the same title and 发文字号 (its id and bookmarks kept)")
    p.add_argument("--strict", action="store_true",
                   help="refuse a file the importer's self-check has warnings on (its warnings are listed)")
    p.add_argument("--wait", type=float, default=30.0, help="seconds to wait for another PlanDesk (default 30)")


def run(args) -> int:
    data = paths.data_dir(args.data)
    if not up_to_date(data):
        tell(args, update(data, progress=print_progress).notices)
    notices: list[str] = []
    strict = getattr(args, "strict", False)
    res = import_files(data, args.files, replace=args.replace, wait=args.wait, progress=print_progress, notices=notices,
                       strict=strict)
    tell(args, notices)
    failed = refused = 0
    for c in res:
        print(f"{c.path}: {status_line(c)}" + (f" ({c.error})" if c.error else ""))
        if c.doc is not None and c.status in ("imported", "replaced"):
            n = c.counts()
            print(f"  {c.doc_id}  《{c.doc.title}》  {c.doc.doc_number or '（无发文字号）'}  {c.doc.period or ''}")
            print(f"  headings {n['headings']}  boxes {n['boxes']}  indicators {n['indicators']}"
                  f" (+{n['targets']} targets in text)  [{c.doc.format}]")
        if c.doc is not None and c.status in ("imported", "replaced", "refused"):
            for w in c.warnings:
                print(f"  warning: {c.path.name}: {w}")
        failed += c.status == "failed" or c.status == "skipped"
        refused += c.status == "refused"
    return 1 if failed else EXIT_REFUSED if refused else 0
