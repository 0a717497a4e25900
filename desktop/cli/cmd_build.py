"""plandesk build: import the corpus into plans.sqlite and index it (atomically)."""
from __future__ import annotations

import sys
import time

from db import paths
from db.store import Store

from ..services.update import update
from .common import tell

HELP = "import the plan texts into plans.sqlite and build the search index"

EXIT_REFUSED = 3     # built, but some files were left out (listed on stderr, and in the store's doc_notes)


def add_arguments(p):
    p.add_argument("--corpus", help="folder of plans, .txt .md .docx .doc .wps .pdf .ofd .html (default: the bundled corpus);"
                                    " the library's imported plans join them")
    p.add_argument("--strict", action="store_true",
                   help="also leave out a file the importer's self-check has warnings on")
    p.add_argument("--wait", type=float, default=30.0,
                   help="seconds to wait for another PlanDesk updating the same data folder (default 30)")


def run(args) -> int:
    data = paths.data_dir(args.data)
    t0 = time.perf_counter()

    def progress(frac, msg):
        print(f"[{frac * 100:5.1f}%] {msg}", flush=True)

    def waiting(pid):
        print(f"plandesk build: waiting: another PlanDesk (pid {pid}) is updating {data}", file=sys.stderr, flush=True)

    built = update(data, corpus=args.corpus, force=True, progress=progress, wait=args.wait, on_wait=waiting,
                   strict=getattr(args, "strict", False))
    tell(args, built.notices)                # a refused file: one line, its name and why
    with Store(paths.plans_db(data)) as st:
        for d in st.documents():
            print(f"  {d['source_file']}  {d['id']}  {d['title']}")
            for n in st.notes(d["id"]):
                if n["kind"].startswith("selfcheck:"):
                    print(f"  warning: {d['source_file']}: {n['message']}")
    print(f"built {paths.plans_db(data)} and its search index in {time.perf_counter() - t0:.2f} s")
    if built.refused:                        # each said on its own line above; the exit code says the rest
        return EXIT_REFUSED
    return 0
