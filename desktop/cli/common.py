"""Helpers shared by the commands."""
from __future__ import annotations

import sys

from db import paths
from db.store import Store


def built_data(args):
    """The data folder when it holds a store; else say how to make one and return None."""
    data = paths.data_dir(args.data, create=False)
    db = paths.plans_db(data)
    if not db.exists():
        print(f"plandesk: no store at {db}; run `plandesk build --data {data}` first", file=sys.stderr)
        return None
    return data


def open_store(args) -> Store | None:
    data = built_data(args)
    return Store(paths.plans_db(data)) if data is not None else None
