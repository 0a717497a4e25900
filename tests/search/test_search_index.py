"""The index's life: stamped when built; opening only opens (a missing, stale or
corrupt index is reported, and rebuilt only when asked: ensure); jieba's cache."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from tests.helpers import support
from tests.helpers.index_updates import import_then_remove
from db import paths
from db.store import Store, build
from search import index, segmenter
from search.engine import SearchEngine


def current(data) -> bool:
    st = Store(paths.plans_db(data))
    try:
        return index.built_from(data, st)
    finally:
        st.close()


def stamp(data) -> dict:
    return json.loads((index.index_dir(data) / index.STAMP).read_text(encoding="utf-8"))


def meta(data, key):
    st = Store(paths.plans_db(data))
    try:
        return st.meta(key)
    finally:
        st.close()


@pytest.fixture
def data(fixture_copy):
    """A private copy of the small fixture plans' data dir (store and index), to break
    things in: rebuilding its index is quick."""
    assert current(fixture_copy)
    return fixture_copy


@pytest.fixture(scope="module")
def fixture_engine(fixture_data):
    e = SearchEngine(fixture_data)
    yield e
    e.close()


def test_the_session_index_is_built_from_its_store_and_stamped(search_engine):
    d = search_engine.data
    assert current(d)
    s = stamp(d)
    assert s["content_hash"] == meta(d, "content_hash") and s["content_hash"]
    assert s["schema_version"] == meta(d, "schema_version")
    assert s["format"] == index.INDEX_FORMAT
    assert s["units"] == len(search_engine.units) == search_engine.ix.doc_count()
    assert s["built"] is True
    assert not [p.name for p in d.iterdir() if p.name.startswith(".index")]   # no leftovers


def test_opening_a_current_index_rebuilds_nothing(search_engine):
    d = index.index_dir(search_engine.data)
    before = {p.name: p.stat().st_mtime_ns for p in d.iterdir()}
    inode = d.stat().st_ino
    e = SearchEngine(search_engine.data)
    try:
        assert [h.id for h in e.search("两江新区")] == [h.id for h in search_engine.search("两江新区")]
    finally:
        e.close()
    assert index.ensure(search_engine.data) == d
    assert d.stat().st_ino == inode
    assert {p.name: p.stat().st_mtime_ns for p in d.iterdir()} == before


def test_a_store_of_another_corpus_makes_the_index_stale(data, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for p in ("003", "004"):
        shutil.copy(support.source_path(p), corpus)
    shutil.copy(support.CORPUS / "catalog.toml", corpus)
    old_hash = stamp(data)["content_hash"]
    build(corpus, data)
    assert meta(data, "content_hash") != old_hash
    assert not current(data)
    e = SearchEngine(data)            # reports it, rebuilds nothing
    try:
        assert e.index_status == index.STALE and e.broken and e.ix is None
        assert not current(data)
        assert e.search("军民融合示范区") == []       # searched without the index: the new store's units
    finally:
        e.close()
    index.ensure(data)
    e = SearchEngine(data)
    try:
        assert current(data) and e.index_status is None and not e.broken
        assert stamp(data)["content_hash"] == meta(data, "content_hash")
        want = {support.doc_id("003"), support.doc_id("004")}
        assert {d["id"] for d in e.docs} == want
        hits = e.search("重庆", limit=100000)
        assert hits and {h.document_id for h in hits} == want
        assert e.search("军民融合示范区") == []       # only in 000
        assert stamp(data)["units"] == len(e.units) == e.ix.doc_count()
    finally:
        e.close()
    assert not [p.name for p in data.iterdir() if p.name.startswith(".index")]


def _segments(d):
    segs = list(index.index_dir(d).glob("*.seg"))
    assert segs
    return segs


CORRUPTIONS = {
    "truncated segment": lambda d: [os.truncate(p, 100) for p in _segments(d)],
    "garbage segment": lambda d: [p.write_bytes(b"garbage" * 10) for p in _segments(d)],
    "garbage toc": lambda d: [p.write_bytes(b"garbage") for p in index.index_dir(d).glob("*.toc")],
    "no stamp": lambda d: (index.index_dir(d) / index.STAMP).unlink(),
    "stale stamp": lambda d: (index.index_dir(d) / index.STAMP).write_text(
        json.dumps(dict(stamp(d), content_hash="0" * 16)), encoding="utf-8"),
    "no index dir": lambda d: shutil.rmtree(index.index_dir(d)),
}


@pytest.mark.parametrize("how", ["truncated segment", "garbage toc", "stale stamp", "no index dir"])
def test_a_broken_index_is_rebuilt_by_ensure(fixture_engine, data, how):
    CORRUPTIONS[how](data)
    assert not current(data)
    assert index.ensure(data) == index.index_dir(data)
    assert current(data)
    e = SearchEngine(data)
    try:
        want = [(h.id, h.snippet) for h in fixture_engine.search("两江新区", limit=1000)]
        assert want and [(h.id, h.snippet) for h in e.search("两江新区", limit=1000)] == want
    finally:
        e.close()


def test_every_corruption_is_detected(data):
    """Detection only (cheap); the rebuild is exercised above."""
    pristine = data.parent / "pristine"
    shutil.copytree(index.index_dir(data), pristine)
    for how, breakit in CORRUPTIONS.items():
        breakit(data)
        assert not current(data), how
        shutil.rmtree(index.index_dir(data), ignore_errors=True)
        shutil.copytree(pristine, index.index_dir(data))
        assert current(data), how


def snapshot(d):
    return {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in d.iterdir()} if d.exists() else None


@pytest.mark.parametrize("how, status", [("garbage segment", index.DAMAGED), ("no stamp", index.DAMAGED),
                                         ("stale stamp", index.STALE), ("no index dir", index.MISSING)])
def test_opening_an_engine_reports_a_broken_index_and_rebuilds_nothing(data, how, status):
    from search import integrity
    CORRUPTIONS[how](data)
    d = index.index_dir(data)
    if status == index.STALE:
        integrity.seal(d)           # ours, whole, but built from another store
    before = snapshot(d)
    e = SearchEngine(data)
    try:
        assert e.index_status == status and e.broken and e.ix is None
        assert e.index_error == SearchEngine.INDEX_ERRORS[status]
        assert e.search("创新驱动引领区")[0].id == "wrapped:专栏1"       # every hit still found
    finally:
        e.close()
    assert snapshot(d) == before and not current(data)
    assert not [p.name for p in data.iterdir() if p.name.startswith(".index")]


def test_opening_an_engine_verifies_the_seal_once_and_opens_the_index_once(search_engine, monkeypatch):
    from search import integrity
    from search.index import _Storage
    calls = {"verify": 0, "open": 0}
    verify, open_ix = integrity.verify, _Storage.open_index

    def counted_verify(d):
        calls["verify"] += 1
        return verify(d)

    def counted_open(self, *a, **k):
        calls["open"] += 1
        return open_ix(self, *a, **k)

    monkeypatch.setattr(integrity, "verify", counted_verify)
    monkeypatch.setattr(_Storage, "open_index", counted_open)
    e = SearchEngine(search_engine.data)
    try:
        assert e.index_status is None and e.ix is not None
        assert calls == {"verify": 1, "open": 1}
        assert [h.id for h in e.search("两江新区")] == [h.id for h in search_engine.search("两江新区")]
        assert calls == {"verify": 1, "open": 1}
    finally:
        e.close()


def test_jieba_cache_goes_to_the_data_dir(fixture_data, tmp_path, monkeypatch):
    """jieba (the fallback segmenter, where rjieba cannot be imported) is initialised
    once per process, so this runs in a fresh one, rjieba made unimportable, with TMPDIR
    pointing at an empty dir: the cache must land in the data dir, not the temp dir."""
    data = tmp_path / "data"
    data.mkdir()
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    shutil.copy2(paths.plans_db(fixture_data), data)
    code = ("import sys, pathlib, jieba; sys.modules['rjieba'] = None; from search import index; d = pathlib.Path(sys.argv[1]); "
            "index.build(d); print(jieba.dt.tmp_dir, jieba.dt.cache_file)")
    env = dict(os.environ, TMPDIR=str(tmp), TEMP=str(tmp), TMP=str(tmp))
    r = subprocess.run([sys.executable, "-c", code, str(data)], cwd=support.REPO, env=env,
                       capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    assert r.stdout.split() == [str(data), "jieba.cache"]
    cache = data / "jieba.cache"
    assert cache.is_file() and cache.stat().st_size > 1_000_000
    assert not [p.name for p in tmp.iterdir() if "jieba" in p.name]
    monkeypatch.setattr(segmenter, "name", lambda: "jieba")     # as that process cut
    assert current(data)


def test_an_index_written_by_the_other_segmenter_is_stale(data_copy, monkeypatch):
    """The stamp names the segmenter: an index cut by another one (jieba where rjieba
    now cuts, or the other way round) is rebuilt, never mixed with."""
    with Store(paths.plans_db(data_copy)) as st:
        assert index.open_current(data_copy, st)[1] is None
        monkeypatch.setattr(segmenter, "name", lambda: "another")
        assert index.open_current(data_copy, st) == (None, index.STALE)


def test_a_removal_analyses_nothing_and_makes_no_segmenter(data_copy, tmp_path, capsys, monkeypatch):
    made = []
    real = index._prime_jieba
    monkeypatch.setattr(index, "_prime_jieba", lambda *a: made.append(a) or real(*a))

    def check(data, imported):
        assert len(made) == (1 if imported else 0)      # the import's units analysed; the removal's none
        made.clear()
        e = SearchEngine(data)
        try:
            assert e.index_status is None and (e.search("某某区").total > 0) == imported
        finally:
            e.close()
    import_then_remove(data_copy, tmp_path, capsys, check)
