"""Only the title tiers that can reach the cut are scored by BM25F (engine._reaching):
once the tiers from the highest hold the limit's units, a lower tier's units are never
shown, so their postings are not read. The hits, their scores, order, tiers and totals
are those of scoring every candidate: on the bench's query mix and on generated
queries of several words and clauses (common words, so the tiers are full and tie)."""
from __future__ import annotations

import random
from collections.abc import Set as AbcSet

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bench import search_queries as sq
from search import engine as sengine
from search.engine import SearchEngine, _reaching
from search.query import parse

LIMITS = (200, 50, 20, 1)
WORDS = ["发展", "开放", "建设", "重庆", "国际", "物流", "口岸", "平台", "创新", "金融", "的", "区", "推进", "体系"]


@pytest.fixture(scope="module")
def engine(built_data):
    e = SearchEngine(built_data)
    yield e
    e.close()


def shown(e: SearchEngine, text: str, limit: int) -> tuple:
    hits = e.search(text, limit=limit)
    return [(h.id, h.score, h.about) for h in hits], hits.total


def every_tier(e: SearchEngine, text: str, limit: int, monkeypatch) -> tuple:
    """The hits as when every candidate is scored (no tier left out)."""
    with monkeypatch.context() as m:
        m.setattr(sengine, "_reaching", lambda named, limit: None)
        e._word_scores.clear()
        return shown(e, text, limit)


def test_reaching_is_the_lowest_tier_filling_the_limit():
    named = {1: 2, 2: 2, 3: 1, 4: 1, 5: 1, 6: 3}
    assert _reaching(named, 1) == 3
    assert _reaching(named, 3) == 2
    assert _reaching(named, 4) == 1
    assert _reaching(named, 6) == 1
    assert _reaching(named, 7) is None          # tier 0 (no title named) is needed: all scored
    assert _reaching(named, 0) is None
    assert _reaching({}, 5) is None


def test_a_full_title_tier_leaves_the_rest_unscored(engine, monkeypatch):
    e = engine
    text = next(w for w in WORDS if len(e.scan_titles(w) & e.scan(w)) >= 20
                and len(e.scan(w)) > len(e.scan_titles(w) & e.scan(w)))
    q, cand = parse(text), set(e.scan(text))
    titled = e.scan_titles(text) & cand
    seen = []
    real = e._bm25

    def spy(words, scores):
        seen.append(set(scores))
        return real(words, scores)
    monkeypatch.setattr(e, "_bm25", spy)
    top, scores, named = e.rank(q, cand, 20)
    assert seen == [set(titled)], text
    assert set(top) <= titled and set(named) == titled


def test_the_bench_mix_gives_the_same_hits(engine, monkeypatch):
    e = engine
    queries = [q for _, q in sq.make([u.text for u in e.units])]
    assert len(queries) >= 150
    cut = 0
    for text in queries:
        cand = e.scan(text)
        for limit in (200, 20):     # (the corpus is small: a title tier fills 20 hits more often than 200)
            cut += _reaching({i: 1 for i in e.scan_titles(text) & cand}, limit) is not None
            want = every_tier(e, text, limit, monkeypatch)
            e._word_scores.clear()
            assert shown(e, text, limit) == want, (text, limit)
    assert cut >= 5         # the mix holds queries whose titled tier fills the cut


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(st.sampled_from(WORDS), min_size=1, max_size=3), min_size=1, max_size=3),
       st.sampled_from(LIMITS))
def test_generated_queries_give_the_same_hits(engine, monkeypatch, clauses, limit):
    text = " ".join("".join(c) if len(c) == 1 or c[0] == c[-1] else " OR ".join(c) for c in clauses)
    want = every_tier(engine, text, limit, monkeypatch)
    engine._word_scores.clear()
    assert shown(engine, text, limit) == want, (text, limit)


def counted(scores: dict[int, float], k: int) -> set[int]:
    """The units whose frequency is counted, said plainly: the k best positive scores,
    equal ones the lowest units first; and every unit equal to the k-th, when those at
    or above it are no more than 2k."""
    pos = sorted(i for i, s in scores.items() if s > 0)
    best = sorted(pos, key=lambda i: (-scores[i], i))[:k]
    if len(pos) > k:
        at_least = [i for i in pos if scores[i] >= scores[best[-1]]]
        if len(at_least) <= 2 * k:
            return set(at_least)
    return set(best)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5, 10.0]), max_size=60), st.integers(1, 25),
       st.randoms(use_true_random=False))
def test_the_counted_best_are_those_said_plainly_whatever_the_dicts_order(values, k, rnd):
    """Few distinct scores, so ties at the k-th are the rule (as the quantised lengths make
    them at 250 plans): the units counted do not depend on the order the dict holds them in."""
    keys = list(range(len(values)))
    rnd.shuffle(keys)
    scores = {i: values[i] for i in keys}
    got = sengine._largest(scores, k)
    assert len(got) == len(set(got)) and set(got) == counted(scores, k)


class Shuffled(AbcSet):
    """A set of units that iterates in a shuffled order."""

    def __init__(self, units, seed: int = 0):
        self.units = list(units)
        random.Random(seed).shuffle(self.units)
        self.held = set(self.units)

    def __iter__(self):
        return iter(self.units)

    def __contains__(self, i):
        return i in self.held

    def __len__(self):
        return len(self.units)

    @classmethod
    def _from_iterable(cls, it):           # (what `&` and `|` with it give: a plain set)
        return set(it)


@pytest.mark.parametrize("limit", [200, 20])
def test_the_hits_do_not_hang_on_the_order_the_candidates_are_held_in(engine, limit):
    """Ties (equal scores are common: BM25F over quantised lengths) are broken by the
    unit's number wherever they are met, so the same candidates held in any order give
    the same hits, scores and first screen (第, 节 and 与: a hundred units and more tie
    at the place where the frequency stops being counted)."""
    e = engine
    for text in WORDS + ["的 发展", "开放 平台", "江", "港", "国际 OR 物流", "第", "节", "与"]:
        q = parse(text)
        cand = e.candidates(q)
        want = e.rank(q, set(cand), limit)
        for seed in range(3):
            e._word_scores.clear()
            top, scores, named = e.rank(q, Shuffled(cand, seed), limit)
            assert top == want[0] and {i: scores[i] for i in top} == {i: want[1][i] for i in top}, (text, seed)
            assert named == want[2]


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.integers(0, 500), st.sampled_from([0.0, 0.5, 1.0, 2.0, 3.5, 10.0, -1.0])), st.randoms())
def test_best_first_is_the_sort_by_score_then_unit(scores, rnd):
    units = list(scores)
    rnd.shuffle(units)
    assert sengine._by_score(units, scores) == sorted(units, key=lambda i: (-scores[i], i))
