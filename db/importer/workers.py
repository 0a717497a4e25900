"""A library's plans read in worker processes: parsing a plan and reading its
platforms' statements are pure work on one plan, so a build of many plans shares
them out over the cores (a 250-plan store on two cores in about half the time).

The workers are spawned, never forked (the window builds from a Qt worker
thread, and a forked child of a threaded process may deadlock), and only when
there are enough plans for that to pay: spawning costs about a second. The map
keeps the order of what it is given, so a store built with workers is the store
built without. Where no process can be started, the work is done here."""
from __future__ import annotations

import logging
import os
import threading
import traceback
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
import multiprocessing as mp

from . import parse_file
from .errors import UnimportableFile
from .model import ParsedDoc

log = logging.getLogger(__name__)

#: from this many plans on, a build reads them in worker processes
PARALLEL_PLANS = 24
CHUNK = 4


class Workers:
    """Worker processes started on first use (`map` of enough items), stopped on exit."""

    def __init__(self, n: int | None = None):
        self.n = n if n is not None else min(os.cpu_count() or 1, 4)
        self._pool: ProcessPoolExecutor | None = None
        self._failed = False

    def __enter__(self) -> "Workers":
        return self

    def __exit__(self, *exc) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def pool(self, items: int) -> ProcessPoolExecutor | None:
        """The pool, for a job of `items` plans (None: do it here)."""
        if self.n < 2 or items < PARALLEL_PLANS or self._failed:
            return None
        if self._pool is None:
            try:
                self._pool = ProcessPoolExecutor(self.n, mp_context=mp.get_context("spawn"))
            except OSError:
                log.exception("cannot start worker processes; reading the plans in this process")
                self._failed = True
                return None
        return self._pool

    def map(self, fn, items: list):
        """fn(x) for x in items, in order, as they come: in worker processes when there
        are enough items (fn and the items picklable); here when there are few or the
        workers broke (the rest then done here)."""
        pool = self.pool(len(items))
        done = 0
        if pool is not None:
            try:
                for r in pool.map(fn, items, chunksize=CHUNK):
                    yield r
                    done += 1
                return
            except BrokenProcessPool:
                log.exception("the worker processes stopped; reading the plans in this process")
                self._failed = True
        for x in items[done:]:
            yield fn(x)


def ahead(fn, workers: Workers | None, items: int):
    """fn started now, its answer (or its exception) when the returned function is
    called: in a thread of this process when the workers do the work of `items` plans
    (the thread only waits for them, so this process can write meanwhile), else
    simply fn, called then."""
    if workers is None or workers.pool(items) is None:
        return fn
    got: dict = {}

    def run() -> None:
        try:
            got["value"] = fn()
        except BaseException as e:
            got["error"] = e

    t = threading.Thread(target=run, name="plandesk-read-plans", daemon=True)
    t.start()

    def answer_of() -> object:
        t.join()
        if "error" in got:
            raise got["error"]
        return got["value"]
    return answer_of


def parse_outcome(item: tuple[str, bytes]) -> tuple:
    """In a worker, a file (path, bytes) parsed: ("ok", doc), ("refused", path, reason)
    for an UnimportableFile, ("error", exception name, traceback) for any other failure."""
    path, data = item
    try:
        return "ok", parse_file(path, data)
    except UnimportableFile as e:
        return "refused", e.path, e.reason
    except Exception as e:
        return "error", type(e).__name__, traceback.format_exc(limit=8)


def answer(path: str | Path, outcome: tuple) -> ParsedDoc:
    """The parsed plan of a worker's outcome, or the UnimportableFile the parse
    would have raised here (a message, never a traceback)."""
    if outcome[0] == "ok":
        return outcome[1]
    if outcome[0] == "refused":
        raise UnimportableFile(outcome[1], outcome[2])
    log.error("parsing %s failed\n%s", path, outcome[2])
    raise UnimportableFile(path, f"无法解析（{outcome[1]}）")
