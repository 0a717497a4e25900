"""plandesk build: import the corpus into plans.sqlite (atomically)."""
from __future__ import annotations

import sys
import time

from db import paths, store
from db.errors import ImportError_

HELP = "import the plan texts into plans.sqlite"


def add_arguments(p):
    p.add_argument("--corpus", help="folder of .txt/.md plans (default: the bundled corpus)")


def run(args) -> int:
    data = paths.data_dir(args.data)
    t0 = time.perf_counter()

    def progress(frac, msg):
        print(f"[{frac * 100:5.1f}%] {msg}", flush=True)

    try:
        target = store.build(args.corpus, data, progress)
    except ImportError_ as e:
        print(f"plandesk build: error: {e.path}: {e.reason}", file=sys.stderr)
        return 2
    except (FileNotFoundError, NotADirectoryError) as e:
        print(f"plandesk build: error: {e}", file=sys.stderr)
        return 2
    t1 = time.perf_counter()
    print(f"built {target} in {t1 - t0:.2f} s")
    from search import index
    index.build(data, progress)
    print(f"built {index.index_dir(data)} in {time.perf_counter() - t1:.2f} s")
    return 0
