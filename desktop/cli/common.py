"""Helpers shared by the commands."""
from __future__ import annotations

import os
import sys

from db import paths
from db.store import Store
from db.store.userdata import open_userdata

from ..services.update import state, update


def print_progress(frac: float, msg: str) -> None:
    print(f"[{frac * 100:5.1f}%] {msg}", file=sys.stderr, flush=True)


def tell(args, notices: list[str]) -> None:
    """What was set aside and rebuilt, one line each (on stderr)."""
    for n in notices:
        print(f"plandesk {args.command}: {n}", file=sys.stderr, flush=True)


def built_data(args):
    """The data folder when it holds a store the command can read; else say how to
    make one and return None. A store PlanDesk did not write as it is (moved aside),
    of another version, or that disagrees with the library is first rebuilt, as
    `plandesk import` does."""

    data = paths.data_dir(args.data, create=False)
    db = paths.plans_db(data)
    if not os.path.lexists(db):
        print(f"plandesk: no store at {db}; run `plandesk build --data {data}` first", file=sys.stderr)
        return None
    if not state(data, index_too=False).readable:
        tell(args, update(data, progress=print_progress).notices)
    return data


def open_store(args) -> Store | None:
    data = built_data(args)
    return Store(paths.plans_db(data)) if data is not None else None


def open_user(st: Store, command: str):
    """user.sqlite beside the store, what opening it repaired or set aside told on stderr."""
    ud, msg = open_userdata(paths.user_db(st.path.parent))
    if msg:
        print(f"plandesk {command}: {msg}", file=sys.stderr)
    return ud
