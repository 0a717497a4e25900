"""A word's BM25F scores reach the candidates by one of two paths (read whole and added
to the candidates' own, or skipped to candidate by candidate), chosen for speed by how
many postings the word has beside the candidates (engine.WHOLE; engine.TABLED for a
word in the word table), words of both paths mixed in one query. Every path gives the
same floats: the same scores, hits and first screens."""
from __future__ import annotations

import pytest

from search import engine as sengine
from search.engine import SearchEngine
from search.query import parse

QUERIES = ["协同创新", "口岸", "的", "发展", "两江新区 开放", "物流 OR 金融", "跨境电商", "区建设", "中欧班列",
           "kind:box 发展", "doc:2018 平台", "自贸区", "制度创新", "国际物流枢纽"]
PATHS = [(2, 16), (0, 16), (10**9, 16), (2, 0), (2, 10**9), (0, 0), (10**9, 10**9), (0, 10**9), (10**9, 0)]


def scored(e: SearchEngine, text: str) -> tuple:
    q = parse(text)
    cand = set()
    for alt in q.clauses[0]:
        cand |= e.scan(alt.text)
    for clause in q.clauses[1:]:
        cand &= set().union(*(e.scan(a.text) for a in clause))
    top, scores, named = e.rank(q, cand, 200)
    hits = e.search(text, limit=200)
    return scores, top, [(h.id, h.score) for h in hits], hits.total


@pytest.fixture(scope="module")
def engine(built_data):
    e = SearchEngine(built_data)
    yield e
    e.close()


def test_every_path_gives_the_same_floats(engine, monkeypatch):
    want = {}
    for whole, tabled in PATHS:
        monkeypatch.setattr(sengine, "WHOLE", whole)
        monkeypatch.setattr(sengine, "TABLED", tabled)
        for text in QUERIES:
            engine._word_scores.clear()
            got = scored(engine, text)
            assert got == want.setdefault(text, got), (text, whole, tabled)
