"""plandesk remove DOC_ID: take an imported plan out of the library (bundled ones stay)."""
from __future__ import annotations

import sys

from db import paths
from db.store.library import Library

from .common import open_store, tell
from ..services.importing import remove_plan

HELP = "remove an imported plan (bookmarks into it stay, marked as gone)"


def add_arguments(p):
    p.add_argument("doc_id", help="the plan's id (see plandesk list)")


def run(args) -> int:
    data = paths.data_dir(args.data, create=False)
    if Library.load(data).by_id(args.doc_id) is None:
        st = open_store(args)
        known = st.document(args.doc_id) if st else None
        why = "is bundled with PlanDesk and can't be removed" if known else "is not an imported plan"
        print(f"plandesk remove: {args.doc_id} {why}", file=sys.stderr)
        return 1
    tell(args, remove_plan(data, args.doc_id))
    print(f"removed {args.doc_id}")
    return 0
