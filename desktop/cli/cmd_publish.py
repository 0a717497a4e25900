"""plandesk publish DIR: the store as a read-only Datasette site (plans.sqlite + metadata.json)."""
from __future__ import annotations

import shlex
import sys

from db import paths
from db.store import StoreError

from .common import built_data
from db.publish import METADATA_NAME, check_folder, publish

HELP = "write DIR/plans.sqlite (with a full-text table) and DIR/metadata.json for Datasette"


def add_arguments(p):
    p.add_argument("dir", help="the folder to write (missing or empty; with --force, files in it are replaced)")
    p.add_argument("--force", action="store_true", help="replace plans.sqlite and metadata.json in a non-empty folder")


def run(args) -> int:
    data = built_data(args)
    if data is None:
        return 2
    from search.units import load_units  # lazy: the index and jieba load only where searching is done
    check_folder(args.dir, args.force)          # before any work: a clear reason, nothing written
    try:
        db = publish(data, args.dir, overwrite=args.force, units=load_units,
                     progress=lambda f, m: print(f"[{f * 100:5.1f}%] {m}", file=sys.stderr, flush=True))
    except StoreError as e:
        print(f"plandesk publish: error: {paths.plans_db(data)}: the store could not be read ({e})", file=sys.stderr)
        return 1
    meta = db.with_name(METADATA_NAME)
    print(f"wrote {db} and {meta}")
    print("serve it with:")
    print(f"  datasette {shlex.quote(str(db))} -m {shlex.quote(str(meta))}")
    return 0
