"""The index written by worker processes is the index written in-process: the
same units, terms and scores; a cancelled or failed parallel build leaves no index."""
from __future__ import annotations

import shutil

import pytest

from db import paths
from db.progress import Cancelled, Progress
from db.store import Store
from search import index, segmenting
from search.engine import SearchEngine
from search.units import Unit, load_units

QUERIES = ["两江新区", "中欧班列", "多式联运", "服务贸易", "知识产权保护", "跨境电商", "口岸", "自贸试验区 金融"]


def test_shares_are_contiguous_runs_of_about_equal_text():
    units = [Unit("section", str(i), "d", "", "t", "", "字" * (10 + i % 7)) for i in range(101)]
    parts = segmenting.shares(units, 2)
    assert [u for p in parts for u in p] == units            # every unit once, in order
    a, b = (sum(len(u.body) for u in p) for p in parts)
    assert abs(a - b) <= 20
    assert segmenting.shares(units[:1], 2) == [units[:1]]    # never an empty share


def test_a_small_library_is_indexed_in_process_a_large_one_in_workers(built_store):
    units = load_units(built_store)
    assert segmenting.workers_for(units) == 1
    big = units * (segmenting.PARALLEL_CHARS // sum(len(u.body) for u in units) + 1)
    assert segmenting.workers_for(big) >= 1
    assert segmenting.workers_for(big) == max(1, min(__import__("os").cpu_count() or 1, 8))


@pytest.fixture(scope="module")
def both(built_data, tmp_path_factory):
    """The bundled corpus indexed in-process and by two workers."""
    out = {}
    for name, limit in (("inproc", 10**12), ("workers", 0)):
        d = tmp_path_factory.mktemp(name)
        shutil.copy2(paths.plans_db(built_data), paths.plans_db(d))
        mp = pytest.MonkeyPatch()
        mp.setattr(segmenting, "PARALLEL_CHARS", limit)
        mp.setattr(segmenting.os, "cpu_count", lambda: 2)
        try:
            index.build(d)
        finally:
            mp.undo()
        out[name] = d
    return out


def test_two_workers_write_two_segments_with_every_unit(both):
    ix = index.open_index(index.index_dir(both["workers"]))
    try:
        assert len(ix._segments()) == 2
        with Store(paths.plans_db(both["workers"])) as st:
            assert ix.doc_count() == len(load_units(st))
    finally:
        ix.close()
    with Store(paths.plans_db(both["workers"])) as st:
        assert index.built_from(both["workers"], st)


def test_the_workers_index_holds_the_same_terms(both):
    def lexicon(d):
        ix = index.open_index(index.index_dir(d))
        try:
            with ix.searcher() as s:
                r = s.reader()
                return {f: {t: r.doc_frequency(f, t) for t in r.lexicon(f)} for f in ("title", "heading", "body")}
        finally:
            ix.close()
    a, b = lexicon(both["inproc"]), lexicon(both["workers"])
    diff = {f: {t: (a[f].get(t), b[f].get(t)) for t in set(a[f]) ^ set(b[f]) | {t for t in a[f] if a[f][t] != b[f].get(t)}} for f in a}
    assert not any(diff.values()), {f: dict(list(v.items())[:10]) for f, v in diff.items()}
    assert len(a["body"]) > 1000


def test_the_workers_index_ranks_as_the_in_process_one(both):
    ea, eb = SearchEngine(both["inproc"]), SearchEngine(both["workers"])
    try:
        for q in QUERIES:
            ha, hb = ea.search(q, limit=20), eb.search(q, limit=20)
            assert ha, q
            assert [h.id for h in ha] == [h.id for h in hb], q
            assert [round(h.score, 6) for h in ha] == [round(h.score, 6) for h in hb], q
    finally:
        ea.close()
        eb.close()


def test_a_cancelled_parallel_build_leaves_no_index_and_no_workers(built_data, tmp_path, monkeypatch):
    d = tmp_path / "d"
    d.mkdir()
    shutil.copy2(paths.plans_db(built_data), paths.plans_db(d))
    monkeypatch.setattr(segmenting, "PARALLEL_CHARS", 0)
    calls = []

    def report(f, msg):
        calls.append(msg)

    cancelled = lambda: any("/" in m for m in calls)   # noqa: E731 — as soon as units are counted
    import multiprocessing as mp
    with pytest.raises(Cancelled):
        index.build(d, Progress(report, cancelled))
    assert not index.index_dir(d).exists()
    assert not [p for p in d.iterdir() if p.name.startswith(".index-")]
    assert not mp.active_children()
