"""A build of many plans parses them and reads their statements in worker processes
(db/importer/workers.py, issue 31: a 250-plan store in under 20 s on two cores): the
store is the one built in this process, row for row, and a bad file is refused, or
stops the build, the same way."""
from __future__ import annotations

import shutil
import sqlite3

import pytest

from db.importer import workers
from db.importer.errors import UnimportableFile
from db.store import builder
from db.store.builder import stage_store
from tests.helpers import support


def dump(path) -> list[str]:
    con = sqlite3.connect(path)
    try:
        return list(con.iterdump())
    finally:
        con.close()


@pytest.fixture
def corpus(tmp_path):
    c = tmp_path / "corpus"
    shutil.copytree(support.CORPUS, c)
    (c / "zz_broken.txt").write_bytes(b"\x00\x01\x02" * 50)       # not a text: refused
    return c


def build_in(corpus, data, monkeypatch, parallel_from: int):
    """The store built with workers from `parallel_from` plans on, the files refused, and
    how many worker pools were started."""
    started = []

    class Pool(workers.ProcessPoolExecutor):
        def __init__(self, *a, **k):
            started.append(1)
            super().__init__(*a, **k)

    monkeypatch.setattr(workers, "ProcessPoolExecutor", Pool)
    monkeypatch.setattr(workers, "PARALLEL_PLANS", parallel_from)
    builder.clear_parse_cache()
    data.mkdir()
    refused: list = []
    path = stage_store(corpus, data, refused=refused).commit()
    return dump(path), refused, len(started)


def test_a_store_built_in_workers_is_the_store_built_here(corpus, tmp_path, monkeypatch):
    here, refused_here, pools_here = build_in(corpus, tmp_path / "here", monkeypatch, 10**6)
    there, refused_there, pools_there = build_in(corpus, tmp_path / "there", monkeypatch, 2)
    assert (pools_here, pools_there) == (0, 1)          # one pool for the parse and both readings
    assert refused_there == refused_here and [f for f, _ in refused_here] == [str(corpus / "zz_broken.txt")]
    assert there == here and any("INSERT INTO \"positionings\"" in line for line in here)


def test_a_bad_file_stops_a_build_in_workers_as_it_does_here(corpus, tmp_path, monkeypatch):
    messages = []
    for k, parallel_from in enumerate((10**6, 2)):
        monkeypatch.setattr(workers, "PARALLEL_PLANS", parallel_from)
        builder.clear_parse_cache()
        data = tmp_path / f"d{k}"
        data.mkdir()
        with pytest.raises(UnimportableFile) as err:
            stage_store(corpus, data)
        messages.append((err.value.path, err.value.reason))
    assert messages[0] == messages[1] and messages[0][0] == str(corpus / "zz_broken.txt")


def test_workers_keep_the_order_and_do_few_items_here():
    with workers.Workers(2) as w:
        assert list(w.map(abs, [-3, 2, -1])) == [3, 2, 1] and w._pool is None
        many = list(range(-40, 0))
        assert list(w.map(abs, many)) == [abs(x) for x in many] and w._pool is not None


def test_what_is_read_ahead_is_given_when_asked_and_so_is_its_error():
    with workers.Workers(2) as w:
        assert workers.ahead(lambda: 7, None, 100)() == 7
        here = workers.ahead(lambda: 8, w, 1)
        assert here() == 8 and w._pool is None              # few plans: simply called
        there = workers.ahead(lambda: sum(w.map(abs, list(range(-30, 0)))), w, 30)
        assert there() == sum(range(1, 31)) and w._pool is not None

        def broken():
            raise ValueError("no")
        with pytest.raises(ValueError):
            workers.ahead(broken, w, 30)()
