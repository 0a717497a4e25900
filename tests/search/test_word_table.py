"""The word table kept with the index (search.wordtable, index.WORDS): a frequent
word's postings read as arrays instead of Whoosh's pickled blocks. It holds exactly
what Whoosh holds (every frequent word, each posting's docnum, weight and field
length), and every search through it gives the hits, scores, tiers and totals of the
search without it; written by workers or in-process, kept right by an import and a
removal updated in place, and left aside when it describes other segments."""
from __future__ import annotations

import sys

import pytest
from whoosh.util.numeric import byte_to_length

from search import chartable, engine as sengine, index, integrity, wordtable
from search.engine import SearchEngine
from tests.helpers.index_updates import built_by_workers, import_then_remove, with_and_without
from tests.search.test_char_table import QUERIES, agree

MORE = QUERIES + ["发展", "建设", "开放", "重庆", "推进", "加快建设", "国际 合作", "推动 发展 -重庆", "title:发展"]


def plain(e: SearchEngine) -> SearchEngine:
    """The engine as it was without the table: every word read from Whoosh."""
    e.words.close()
    e.words = None
    return e


def table_is_derived(data) -> int:
    """Each segment's table holds every word in at least its share of the segment's
    documents, each with the postings Whoosh gives through its public matcher (docnum,
    weight, field length); returns how many words it holds."""
    t = wordtable.Table.open(index.index_dir(data) / index.WORDS)
    ix = index.open_index(index.index_dir(data))
    held = 0
    try:
        with ix.reader() as r:
            for leaf, _off in r.leaf_readers():
                sid = leaf.segment().segment_id()
                assert t.has(sid) or leaf.has_deletions()       # (made when written; kept when deletions came later)
                least = max(wordtable.MIN_DOCS, leaf.doc_count_all() // wordtable.SHARE)
                for field in index.FIELD_BOOST:
                    for word, info in leaf.iter_field(field):
                        word = word.decode("utf-8") if isinstance(word, bytes) else word
                        got = t.postings(sid, field, word)
                        if info.doc_frequency() < least:
                            assert got is None, word
                            continue
                        if leaf.has_deletions() and got is None:
                            continue
                        docs, keys, pairs = got
                        m, want = leaf.postings(field, word), []
                        while m.is_active():
                            want.append((m.id(), m.weight(), leaf.doc_field_length(m.id(), field)))
                            m.next()
                        mine = [(d, pairs[k][0], byte_to_length(pairs[k][1]) if pairs[k][1] else 0)
                                for d, k in zip(docs, keys)]
                        if leaf.has_deletions():
                            mine = [p for p in mine if leaf.is_deleted(p[0]) is False]
                        assert mine == want, (field, word)
                        held += 1
    finally:
        ix.close()
        t.close()
    return held


@pytest.fixture(scope="module")
def engines(built_data):
    with with_and_without(built_data, plain) as both:
        yield both


def test_the_index_keeps_its_frequent_words_postings(built_data):
    assert table_is_derived(built_data) > 50
    e = SearchEngine(built_data)
    try:
        assert e.words is not None and e._tabled("body", "发展") and not e._tabled("body", "口岸经济")
    finally:
        e.close()


def test_searches_through_the_table_are_those_without_it(engines, monkeypatch):
    a, b = engines
    for tabled in (16, 10**9, 0):           # (read whole through the table: as usual, always, never)
        monkeypatch.setattr(sengine, "TABLED", tabled)
        a._word_scores.clear()
        b._word_scores.clear()
        agree(a, b, MORE)


def test_the_scores_of_every_unit_are_whooshs(engines):
    a, b = engines
    for field in index.FIELD_BOOST:
        for word in ("发展", "建设", "开放", "重庆", "的"):
            sr = a.searcher
            if not sr.doc_frequency(field, word):
                continue
            score = sr.weighting.scorer(sr, field, word)._score
            assert a._read_word(field, word, score) == b._read_word(field, word, score), (field, word)


def test_written_by_workers_it_is_the_same_search(built_data, tmp_path):
    d = built_by_workers(built_data, tmp_path)
    assert table_is_derived(d) > 20
    with with_and_without(d, plain) as (a, b):
        assert len(a.words.segments) == 2
        agree(a, b, MORE)


def test_an_import_and_a_removal_keep_it_right(data_copy, tmp_path, capsys):
    def check(data, imported):
        table_is_derived(data)
        with with_and_without(data, plain) as (a, b):
            assert a.words is not None and (a.search("某某区").total > 0) == imported
            agree(a, b, MORE)
    import_then_remove(data_copy, tmp_path, capsys, check)


@pytest.mark.parametrize("name, write, attr, query", [
    (index.WORDS, lambda p: wordtable.write(p, {"another": ({"body": {}}, b"")}), "words", "发展"),
    (index.CHARS, lambda p: chartable.write(p, {"another": chartable.segment_table(["口岸"])}), "chars", "口岸")])
def test_a_table_of_other_segments_is_not_used(data_copy, name, write, attr, query):
    """A side table that does not describe the index's segments (written for another)
    is left aside: the word table, the character table."""
    write(index.index_dir(data_copy) / name)
    integrity.seal(index.index_dir(data_copy))
    e = SearchEngine(data_copy)
    try:
        assert e.index_status is None and getattr(e, attr) is None
        assert e.search(query).total > 0
    finally:
        e.close()


def test_a_damaged_header_is_no_table(tmp_path):
    order = sys.byteorder.encode()
    for head in (b"", b"[]\n", b"{}\n", b"\xff\xfe\n", b'{"order": "%s", "segments": {"s": [0, 99, {}]}}\n' % order,
                 b'{"order": "%s", "segments": {"s": [0, 0, 3]}}\n' % order,
                 b'{"order": "%s", "segments": {"s": [0, 0]}}\n' % order,
                 b'{"order": "other", "segments": {}}\n'):
        p = tmp_path / "words.bin"
        p.write_bytes(head)
        assert wordtable.Table.open(p) is None, head
