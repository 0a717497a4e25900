"""The character table kept with the index (search.chartable, index.CHARS): a string
not seen before is looked for only in the units holding its rarest characters. The
units found, the order they are held in, and every search's hits, total and scores
are those of the scan over all the text; written by workers or in-process, and kept
right by an import and a removal updated in place."""
from __future__ import annotations

from collections import Counter

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from search import chartable, index
from search.engine import SearchEngine
from tests.helpers.index_updates import built_by_workers, import_then_remove, with_and_without

QUERIES = ["的", "江", "口岸", "跨境", "两江新区", "发展", "建设", "开放", "推动", "加快建设", "对外开放", "高质量发展", "物流 OR 金融", "发展 -重庆", '"对外开放"', "kind:box 发展",
           "doc:2018 平台", "自贸区", "某某区", "，", "1", "20", "Ω", "跨境电商 口岸"]


def plain(e: SearchEngine) -> SearchEngine:
    """The engine as it was without the table: every string scanned for over all the text."""
    e.chars.close()
    e.chars = None
    return e


def pairs_tabled(t: chartable.Table) -> dict[str, dict[str, set[int]]]:
    """Each segment's tabled pairs of characters -> their docnums."""
    out = {}
    for sid, (codes, _starts, _first, _kind) in zip(t.segments, t._segs()):
        pairs = [chr(c & 0xFFFF) + chr(c >> 16) for c in codes if c >= 0x110000]
        out[sid] = {p: set(dict(t.docs(p))[sid]) for p in pairs}
    return out


def table_is_derived(data) -> None:
    """Each segment's table holds, for every unit of the index, exactly its text's
    characters; and each pair of characters in a unit whose two characters are each in
    enough of the segment's units (chartable.COMMON, PAIR_MIN), with exactly the
    units holding the pair."""
    side = index.read_units(data)
    texts = {r[1]: r[4] + "\n" + r[6] for r in side["units"]}    # Unit.text: title, then body
    t = chartable.Table.open(index.index_dir(data) / index.CHARS)
    ix = index.open_index(index.index_dir(data))
    try:
        with ix.reader() as r:
            leaves = {leaf.segment().segment_id(): (leaf, off) for leaf, off in r.leaf_readers()}
            assert set(t.segments) == set(leaves)
            held = {}
            for c in {c for x in texts.values() for c in x}:
                for sid, docnums in t.docs(c):
                    for d in docnums:
                        held.setdefault((sid, d), set()).add(c)
            seen = 0
            tabled = pairs_tabled(t)
            for sid, (leaf, off) in leaves.items():
                holding: dict[str, set[int]] = {}
                for d in leaf.all_doc_ids():
                    uid = side["docs"][off + d]
                    assert held.get((sid, d), set()) == set(texts[uid]), uid
                    seen += 1
                    for p in {texts[uid][i:i + 2] for i in range(len(texts[uid]) - 1)}:
                        holding.setdefault(p, set()).add(d)
                least = max(chartable.PAIR_MIN, leaf.doc_count_all() // chartable.COMMON)
                units_of = Counter(c for d in leaf.all_doc_ids() for c in set(texts[side["docs"][off + d]]))
                frequent = {p for p in holding if min(units_of[p[0]], units_of[p[1]]) >= least
                            and chartable.pair_code(p)}
                assert set(tabled[sid]) == frequent
                assert all(tabled[sid][p] == holding[p] for p in frequent)
            assert seen == len(texts)
            assert any(tabled.values())     # the five plans have frequent pairs (发展, 建设 …)
    finally:
        ix.close()
        t.close()


def agree(a: SearchEngine, b: SearchEngine, queries) -> None:
    for q in queries:
        got, want = a.search(q, limit=200), b.search(q, limit=200)
        assert [(h.id, h.score, h.about) for h in got] == [(h.id, h.score, h.about) for h in want], q
        assert got.total == want.total, q


@pytest.fixture(scope="module")
def engines(built_data):
    with with_and_without(built_data, plain) as both:
        yield both


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("开放a1，\x05\x11\x10 ") + ["\U00020000", "\ud800", "\udfff", "\uffff"]),
                max_size=12).map("".join), st.booleans())
def test_the_pairs_read_as_utf16_are_the_adjacent_pairs(text, little):
    """chartable._pairs reads the pairs in C from the text's UTF-16 (on a big-endian
    machine, pair by pair): the keyable ones are exactly the pairs of adjacent
    characters `pair_code` keys, on either path."""
    want = {chartable.pair_code(text[i:i + 2]) for i in range(len(text) - 1)} - {None}
    old = chartable.LITTLE
    chartable.LITTLE = little
    try:
        got = {c for c in chartable._pairs(text) if chartable._keyable(c)}
    finally:
        chartable.LITTLE = old
    assert got == want


def test_the_index_keeps_each_units_characters(built_data):
    e = SearchEngine(built_data)
    try:
        assert e.chars is not None
    finally:
        e.close()
    table_is_derived(built_data)


def test_searches_through_the_table_are_the_scans(engines):
    agree(*engines, QUERIES)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.data())
def test_any_substring_of_a_unit_is_found_in_the_same_units_and_ranked_the_same(engines, data):
    a, b = engines
    text = data.draw(st.sampled_from(a.texts))
    n = data.draw(st.sampled_from([1, 1, 2, 2, 3, 4, 8]))
    i = data.draw(st.integers(0, max(0, len(text) - n)))
    s = text[i:i + n].strip()
    if not s or "\x00" in s:
        return
    a._scan_cache.clear()
    b._scan_cache.clear()
    found, want = a.scan(s), b.scan(s)
    assert found == want
    agree(a, b, [s])


def test_written_by_workers_it_is_the_same_search(built_data, tmp_path):
    d = built_by_workers(built_data, tmp_path)
    table_is_derived(d)
    with with_and_without(d, plain) as (a, b):
        assert len(a.chars.segments) == 2
        agree(a, b, QUERIES)


def test_an_import_and_a_removal_keep_it_right(data_copy, tmp_path, capsys):
    def check(data, imported):
        table_is_derived(data)
        with with_and_without(data, plain) as (a, b):
            if imported:
                assert len(a.chars.segments) >= 2                  # updated in place: the old segment kept
            assert (a.search("某某区").total > 0) == imported
            agree(a, b, QUERIES)
    import_then_remove(data_copy, tmp_path, capsys, check)


def test_a_string_typed_on_is_found_in_the_same_units_as_scanned_anew(engines):
    """Typed on (口, 口岸, 口岸经济): from its prefix's units or from the table, whichever
    holds fewer, the same units as a scan of all the text."""
    a, b = engines
    for word in ("口岸经济", "的发展", "两江新区", "跨境电商", "江北嘴"):
        for k in range(1, len(word) + 1):
            s = word[:k]
            assert a.scan(s) == b.scan(s), s
            b._scan_cache.clear()
    a._scan_cache.clear()


@pytest.mark.parametrize("docs", [3, 1 << 16, (1 << 16) + 1])
def test_a_segments_docnums_take_two_bytes_up_to_65536_documents(tmp_path, docs):
    """Two bytes a docnum where they fit, four where not: the same docnums read back."""
    texts: list[str | None] = [None] * docs
    texts[0], texts[-1] = "口岸经济", "口岸物流"
    chartable.write(tmp_path / "c.bin", {"s": chartable.segment_table(texts)})
    t = chartable.Table.open(tmp_path / "c.bin")
    try:
        assert t.info("s")[1] == (2 if docs <= 1 << 16 else 4)
        assert [list(a) for _, a in t.docs("口")] == [[0, docs - 1]]
        assert [list(a) for _, a in t.docs("济")] == [[0]] and [list(a) for _, a in t.docs("流")] == [[docs - 1]]
        assert t.counts("口") == {"s": 2} and t.docs("港") == []
    finally:
        t.close()
