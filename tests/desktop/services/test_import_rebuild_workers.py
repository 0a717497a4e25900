"""An import that cannot change the store in place (NeedsRebuild) builds the whole
store again, and reads a library of many plans in worker processes as a build does
(db/importer/workers.py): the store it leaves is the one read in this process."""
from __future__ import annotations

import shutil
import sqlite3

from db import paths
from db.importer import workers
from db.store import builder
from db.store.changes import NeedsRebuild
from desktop.services import importing
from tests.helpers.tests_helpers_make import write_small_plan


def _rows(data) -> list[str]:
    con = sqlite3.connect(paths.plans_db(data))
    try:
        return [line for line in con.iterdump() if not line.startswith('INSERT INTO "meta"')]
    finally:
        con.close()


def _import_rebuilding(data, plan, monkeypatch, parallel_from: int) -> int:
    """Import `plan` into `data` by the whole-store path; how many worker pools started."""
    started = []

    class Pool(workers.ProcessPoolExecutor):
        def __init__(self, *a, **k):
            started.append(1)
            super().__init__(*a, **k)

    def no_change(*a, **k):
        raise NeedsRebuild()

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(workers, "PARALLEL_PLANS", parallel_from)
    monkeypatch.setattr(importing, "stage_store_change", no_change)
    builder.clear_parse_cache()
    [c] = importing.import_files(data, [plan])
    assert c.status == "imported"
    return len(started)


def test_a_rebuilding_import_reads_many_plans_in_workers(data_copy, tmp_path, monkeypatch):
    plan = write_small_plan(tmp_path / "新规划.docx")
    other = tmp_path / "other"
    shutil.copytree(data_copy, other)
    pools_here = _import_rebuilding(other, plan, monkeypatch, 10**6)
    pools_there = _import_rebuilding(data_copy, plan, monkeypatch, 2)
    assert (pools_here, pools_there) == (0, 1)
    rows = _rows(data_copy)
    assert rows == _rows(other) and sum('INSERT INTO "documents"' in r for r in rows) == 6
