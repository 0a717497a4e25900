"""plandesk publish DIR: the store as a read-only Datasette site (plans.sqlite, metadata.json for
Datasette 0.65, datasette.json for Datasette 1.0)."""
from __future__ import annotations

import shlex
import sys

from db import paths
from db.store import StoreError

from .common import built_data
from db.publish import CONFIG_NAME, METADATA_NAME, check_folder, publish

HELP = ("write DIR/plans.sqlite (with foreign keys and a search table), DIR/metadata.json and "
        "DIR/datasette.json for Datasette 0.65 and 1.0")


def add_arguments(p):
    p.add_argument("dir", help="the folder to write (missing or empty; with --force, files in it are replaced)")
    p.add_argument("--force", action="store_true", help="replace plans.sqlite, metadata.json and datasette.json in a non-empty folder")


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
    meta, conf = db.with_name(METADATA_NAME), db.with_name(CONFIG_NAME)
    print(f"wrote {db}, {meta} and {conf}")
    print("serve it with Datasette 0.65:")
    print(f"  {serve_command(db, meta)}")
    print("or with Datasette 1.0:")
    print(f"  {serve_command(db, meta, conf)}")
    return 0


def serve_command(db, meta, conf=None) -> str:
    """The command that serves the published folder: with conf for Datasette 1.0."""
    return shlex.join(["datasette", "serve", str(db)] + (["-c", str(conf)] if conf else []) + ["-m", str(meta)])
