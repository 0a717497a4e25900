"""The ranking's BM25F is Whoosh's own: each field's boost (index.FIELD_BOOST)
applied once, in the postings' weights, never multiplied again."""
from __future__ import annotations

import pytest
from whoosh.query import Or, Term

from search import index


@pytest.mark.parametrize("word", ["两江新区", "开放", "物流", "自由贸易试验区"])
def test_the_engine_scores_a_word_as_whoosh_does(search_engine, word):
    e = search_engine
    assert word in e.vocab
    fields = [f for f in index.FIELD_BOOST if e.searcher.doc_frequency(f, word)]
    assert "title" in fields and "body" in fields       # the boosts matter for these words
    got = dict.fromkeys(e.doc_of_unit, 0.0)
    e._bm25([word], got)
    unit_of_doc = {d: i for i, d in e.doc_of_unit.items()}
    want = {unit_of_doc[h.docnum]: h.score
            for h in e.searcher.search(Or([Term(f, word) for f in fields]), limit=None)}
    assert want and {i for i, s in got.items() if s} == set(want)
    for i, s in want.items():
        assert got[i] == pytest.approx(s, rel=1e-9), e.units[i].id


def test_one_constant_per_field_boost_is_the_one_in_the_index(search_engine):
    schema = search_engine.ix.schema
    assert {f: schema[f].format.field_boost for f in index.FIELD_BOOST} == index.FIELD_BOOST
    assert index.FIELD_BOOST["title"] > index.FIELD_BOOST["heading"] > index.FIELD_BOOST["body"] == 1.0
