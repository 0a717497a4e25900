"""The index written by two workers, and an import and a removal updating it in place,
for checks of what the index keeps beside Whoosh (tests/search: the character table,
the word table)."""
from __future__ import annotations

import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest

from db import paths
from search import index, segmenting
from tests.helpers.support import run_cli as run
from tests.helpers.tests_helpers_make import write_small_plan


def import_then_remove(data, tmp_path, capsys, check) -> None:
    """`plandesk import` a small plan (its units hold 某某区) into `data`, then
    `check(data, imported=True)`; `plandesk remove` it, then `check(data, imported=False)`."""
    code, out, err = run(capsys, "import", str(write_small_plan(tmp_path / "新规划.docx")), "--data", str(data))
    assert code == 0, err
    check(data, imported=True)
    did = out.splitlines()[1].split()[0]
    code, _, err = run(capsys, "remove", did, "--data", str(data))
    assert code == 0, err
    check(data, imported=False)


def built_by_workers(built_data: Path, tmp_path: Path) -> Path:
    """A copy of the built store, its index written by two worker processes (two segments)."""
    d = tmp_path / "workers"
    d.mkdir()
    shutil.copy2(paths.plans_db(built_data), paths.plans_db(d))
    mp = pytest.MonkeyPatch()
    mp.setattr(segmenting, "PARALLEL_CHARS", 0)
    mp.setattr(segmenting.os, "cpu_count", lambda: 2)
    try:
        index.build(d)
    finally:
        mp.undo()
    return d


@contextmanager
def with_and_without(data: Path, plain):
    """Two engines on `data`: as opened, and made `plain` (without the table under test)."""
    from search.engine import SearchEngine  # lazy: as the tests that use it
    a, b = SearchEngine(data), plain(SearchEngine(data))
    try:
        yield a, b
    finally:
        a.close()
        b.close()
