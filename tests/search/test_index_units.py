"""What the index keeps beside itself (search.index.UNITS: the units, the unit of each
docnum, the words of the ranked fields), so that opening a search reads one file instead
of the store's rows, Whoosh's stored fields and its lexicons: it is what those give, an
engine opened from it is the engine opened from them, and an import keeps it so."""
from __future__ import annotations

import random

from db import paths
from db.store import Store
from search import index
from search.engine import SearchEngine
from search.units import FIELDS, fields_in_order, load_units
from tests.helpers.support import run_cli as run
from tests.helpers.tests_helpers_make import write_small_plan

QUERIES = ["两江新区", "的", "口岸", "物流 OR 金融", "kind:box 发展", "doc:2018 平台", "自贸区", '"对外开放"']


def kept_is_derived(data) -> None:
    """UNITS of DATA's index holds what the store and Whoosh give."""
    side = index.read_units(data)
    assert side is not None
    with Store(paths.plans_db(data)) as store:
        units = load_units(store)
        assert [list(r) for r in side["units"]] == [[getattr(u, f) for f in FIELDS] for u in units]
        assert [v for r in side["units"] for v in r] == fields_in_order(units)
    ix = index.open_index(index.index_dir(data))
    try:
        with ix.reader() as r:
            docs = [None] * r.doc_count_all()
            for d, f in r.iter_docs():
                docs[d] = f["id"]
            words = {t.decode("utf-8") if isinstance(t, bytes) else t
                     for f in index.FIELD_BOOST for t in r.lexicon(f)}
    finally:
        ix.close()
    assert side["docs"] == docs and set(side["vocab"]) == words


def engines_agree(a: SearchEngine, b: SearchEngine) -> None:
    for attr in ("units", "vocab", "maxword", "doc_of_unit", "unit_of_doc", "big", "starts", "ends", "titles",
                 "tstarts", "by_doc", "by_kind"):
        assert getattr(a, attr) == getattr(b, attr), attr
    for q in QUERIES:
        got, want = a.search(q, limit=200), b.search(q, limit=200)
        assert [(h.id, h.score, h.about, h.snippet) for h in got] == [(h.id, h.score, h.about, h.snippet)
                                                                    for h in want], q
        assert got.total == want.total


def test_the_index_keeps_what_the_store_and_whoosh_give(built_data):
    kept_is_derived(built_data)


def test_an_engine_opened_from_what_the_index_keeps_is_the_one_opened_from_the_store(built_data, monkeypatch):
    kept = SearchEngine(built_data)
    monkeypatch.setattr(index, "read_units", lambda data: None)
    plain = SearchEngine(built_data)
    try:
        assert kept.index_status is None and plain.index_status is None
        engines_agree(kept, plain)
    finally:
        kept.close()
        plain.close()


def test_an_import_and_a_removal_keep_it_what_the_store_gives(data_copy, tmp_path, capsys, monkeypatch):
    """The index updated in place: the plans not changed are taken from what it kept
    (only the changed plans' units are derived from the store)."""
    derived = []
    monkeypatch.setattr(index, "load_units", lambda store, only=None: derived.append(only) or load_units(store, only))
    d = str(data_copy)
    code, out, err = run(capsys, "import", str(write_small_plan(tmp_path / "新规划.docx")), "--data", d)
    assert code == 0, err
    assert derived and None not in derived          # updated, not built anew, nor read whole
    kept_is_derived(data_copy)
    did = out.splitlines()[1].split()[0]
    e = SearchEngine(data_copy)
    try:
        assert e.index_status is None and any(u.document_id == did for u in e.units)
    finally:
        e.close()
    code, _, err = run(capsys, "remove", did, "--data", d)
    assert code == 0, err
    kept_is_derived(data_copy)


def test_opening_runs_no_garbage_collection_and_leaves_the_collector_as_it_was(built_data):
    """Opening makes objects for every unit and none of them is garbage: the cyclic
    collector is held off meanwhile (each of its passes walked them all again)."""
    import gc
    runs = []

    def seen(phase, info):
        if phase == "start":
            runs.append(info["generation"])
    gc.callbacks.append(seen)
    try:
        for enabled in (True, False):
            (gc.enable if enabled else gc.disable)()
            runs.clear()
            SearchEngine(built_data).close()
            assert runs == [] and gc.isenabled() == enabled
    finally:
        gc.callbacks.remove(seen)
        gc.enable()


def test_nothing_is_kept_beside_the_index_when_a_field_holds_nul(built_data, tmp_path):
    """The fields are joined by NUL: a unit holding one (counted in the joined text) would
    split wrongly, so UNITS, CHARS and WORDS are left out (the store is read instead)."""
    import shutil
    with Store(paths.plans_db(built_data)) as store:
        units = load_units(store)
        for k, bad in ((None, False), (len(units) // 2, True)):
            out = tmp_path / f"ix{k}"
            shutil.copytree(index.index_dir(built_data), out)
            given = list(units)
            if bad:
                u = given[k]
                given[k] = type(u)(u.kind, u.id, u.document_id, u.path, u.title, u.heading, u.body + "\x00")
            for name in (index.UNITS, index.CHARS, index.WORDS):
                (out / name).unlink()
            n = index._write_units(out, given)
            assert n == len(units)
            assert [(out / name).exists() for name in (index.UNITS, index.CHARS, index.WORDS)] == [not bad] * 3


def small_plans(folder, names) -> list:
    """Plans of a few chapters, each its own text (never taken for one already there)."""
    rng = random.Random(5)
    words = "开放 平台 口岸 物流 金融 贸易 通道 枢纽 产业 园区 创新 服务 合作 建设 发展 推动 完善 提升".split()
    out = []
    for name in names:
        lines = [f"{name}对外开放“十四五”规划"]
        for c in "一二三":
            lines.append(f"第{c}章 {rng.choice(words)}{rng.choice(words)}")
            lines += ["".join(rng.choice(words) for _ in range(30)) + "。" for _ in range(3)]
        f = folder / f"{name}.txt"
        f.write_text("\n".join(lines), encoding="utf-8")
        out.append(f)
    return out


def test_imports_and_a_removal_that_merges_segments_keep_it_what_the_store_gives(data_copy, tmp_path, monkeypatch):
    """Each import adds a small segment, and takes the plans not changed from what UNITS
    holds, their text not decoded; a removal has Whoosh merge the small segments into one
    holding plans not changed: its character table is made from their text all the same."""
    from desktop.services import importing
    from tests.search.test_char_table import table_is_derived as chars_derived
    from tests.search.test_word_table import table_is_derived as words_derived
    decoded = []
    real = index._read_units
    monkeypatch.setattr(index, "_read_units", lambda d: decoded.append(d) or real(d))
    added = []
    for f in small_plans(tmp_path, ["甲区", "乙区", "丙区", "丁区", "戊区"]):
        res = importing.import_files(data_copy, [f])
        added += [c.doc_id for c in res if c.status == "imported"]
        assert decoded == []                            # (an import reads UNITS' header and bytes only)
        kept_is_derived(data_copy)
        chars_derived(data_copy)
        decoded.clear()
    assert len(added) == 5
    ix = index.open_index(index.index_dir(data_copy))
    with ix.reader() as r:
        before = len(r.leaf_readers())
    ix.close()
    importing.remove_plan(data_copy, added[0])
    ix = index.open_index(index.index_dir(data_copy))
    with ix.reader() as r:
        after = len(r.leaf_readers())
    ix.close()
    assert after < before                               # the small segments merged
    kept_is_derived(data_copy)
    chars_derived(data_copy)
    words_derived(data_copy)
    e = SearchEngine(data_copy)
    try:
        assert e.index_status is None and e.search("乙区").total > 0 and e.search("甲区").total == 0
    finally:
        e.close()


def test_each_plans_units_are_one_chunk_or_all_of_them_one(built_data):
    """UNITS tells each plan's units apart when each plan's come in one run (the store's
    order), and holds the units in their order either way."""
    with Store(paths.plans_db(built_data)) as store:
        units = load_units(store)
    chunks = index._chunks(units)
    assert list(chunks) == list(dict.fromkeys(u.document_id for u in units))
    assert sum(k for _, k in chunks.values()) == len(units)
    mixed = [units[-1]] + units[:-1]                     # the last plan's last unit first: its plan in two runs
    assert list(index._chunks(mixed)) == [""]
    joined = b"\x00\x00".join(b for b, _ in index._chunks(mixed).values())
    assert str(joined, index.TEXT).split("\x00") == fields_in_order(mixed)
