"""Short and common queries (的, 江, 口岸, 发展) find a large share of the units: only
what can reach the screen is sorted and built, the string typed on is looked for in
the units of its prefix, and the first screen and its groups are the ones a full
sort of every candidate gives."""
from __future__ import annotations

import heapq
import math
import random

import pytest

from search import engine as sengine
from search.engine import SearchEngine
from search.query import parse

SHORT = ["江", "的", "和", "区", "新", "口", "港", "口岸", "发展", "开放", "重庆", "建设", "推进", "创新", "平台",
         "服务", "国际", "合作", "物流", "的发", "，", "、", "1", "20"]
MIXED = ["两江新区 开放", "物流 OR 金融", "发展 -重庆", '"对外开放"', "doc:ftz 的", "kind:box 发展",
         "kind:indicator 的", "自贸区", "中新项目", "江 OR 港", "重庆 发展 的"]


def reference(e: SearchEngine, text: str, limit: int) -> list[tuple[str, float]]:
    """The search before it was bounded: every candidate scored, sorted, then grouped
    (the engine's own candidates, words, BM25F and grouping; the old selection)."""
    q = parse(text)
    cand = e.candidates(q)
    if not cand:
        return []
    words = list(dict.fromkeys(w for c in q.clauses for a in c for w in e.words_of(a.text)))
    scores = dict.fromkeys(cand, 0.0)
    if words and e.searcher is not None:
        e._bm25(words, scores)
    if e.searcher is None:
        scores = dict.fromkeys(cand, 1.0)
    named = dict.fromkeys(cand, 0)
    for c in q.clauses:
        for i in set().union(*(e.scan_titles(a.text) for a in c)) & cand:
            scores[i] += 10.0
            named[i] += 1
    for n in set(named.values()):               # the frequency bonus: the best of each title tier
        tier = sorted(i for i in scores if named[i] == n and scores[i] > 0)
        k = max(3 * limit, 100)
        counted = heapq.nlargest(k, tier, key=scores.get)       # (equal ones: the lowest units)
        if len(tier) > k and sum(scores[i] >= scores[counted[-1]] for i in tier) <= 2 * k:
            counted = [i for i in tier if scores[i] >= scores[counted[-1]]]   # every one equal to the k-th
        for i in counted:
            body = e.units[i].body
            scores[i] += sum(math.log1p(sum(body.count(a.text) for a in c)) for c in q.clauses)
    top = sorted(cand, key=lambda i: (-named[i], -scores[i], i))[:limit]
    top.sort(key=e._grouped(q, top, scores, named))
    return [(e.units[i].id, round(scores[i], 3)) for i in top]


def groups(hits: list[tuple[str, float]], e: SearchEngine) -> list[tuple[str, int]]:
    """(plan, number of hits) as the window's result groups show them."""
    doc = {u.id: u.document_id for u in e.units}
    out: list[tuple[str, int]] = []
    for uid, _ in hits:
        if out and out[-1][0] == doc[uid]:
            out[-1] = (out[-1][0], out[-1][1] + 1)
        else:
            out.append((doc[uid], 1))
    return out


def drawn(e: SearchEngine, n: int = 60, seed: int = 31) -> list[str]:
    """Substrings of 3-8 characters of the units' text, as typed."""
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        t = rng.choice(e.texts)
        k = rng.randint(3, 8)
        i = rng.randrange(0, max(1, len(t) - k))
        s = t[i:i + k]
        if s and not any(c.isspace() or c in '"“”-|:：' for c in s) and s not in ("OR", "或"):
            out.append(s)
    return out


@pytest.mark.parametrize("limit", [20, 50, 200])
def test_the_first_screen_and_its_groups_are_those_of_a_full_sort(search_engine, limit):
    e = search_engine
    checked = 0
    for text in SHORT + MIXED + drawn(e):
        hits = e.search(text, limit=limit)
        got = [(h.id, h.score) for h in hits]
        want = reference(e, text, limit)
        assert got == want, text
        assert groups(got, e) == groups(want, e), text
        checked += bool(got)
    assert checked > 80


def test_a_screen_beyond_the_scored_best_is_filled_in_document_order(search_engine):
    """More hits asked than units with a positive score (punctuation is no word, and
    in no title: it scores 0): the zero-scored units follow the scored ones in
    document order, as a full sort puts them."""
    e = search_engine
    assert not e.words_of("，") and len(e.scan("，")) > 200
    for text, scored in (("，", 0), ("、", 0), ("， OR 发展", 100)):
        hits = e.search(text, limit=200)
        assert len(hits) == 200 and scored <= sum(h.score > 0 for h in hits) < 200, text
        assert [(h.id, h.score) for h in hits] == reference(e, text, 200), text


def test_rank_gives_the_screen_without_sorting_every_candidate(search_engine):
    e = search_engine
    q = parse("的")
    cand = set(e.scan("的"))
    assert len(cand) > 150
    top, scores, named = e.rank(q, cand, 50)
    assert set(scores) == cand and named and set(named) < cand
    assert top == sorted(cand, key=lambda i: (-named.get(i, 0), -scores[i], i))[:50]


def test_hits_say_how_many_units_hold_the_query(search_engine):
    e = search_engine
    for text, want in (("的", e.scan("的")), ("口岸", e.scan("口岸")), ("发展 -重庆", e.scan("发展") - e.scan("重庆"))):
        hits = e.search(text, limit=20)
        assert len(hits) == 20 and hits.total == len(want) > 20, text
    assert e.search("不会出现的字符串甲乙丙").total == 0


class _Finds(str):
    """The joined text, counting the finds made in it."""
    finds = 0

    def find(self, *a):
        _Finds.finds += 1
        return super().find(*a)


@pytest.fixture
def engine(built_data):
    e = SearchEngine(built_data)
    e.big = _Finds(e.big)
    _Finds.finds = 0
    yield e
    e.close()


def test_a_string_typed_on_is_looked_for_in_the_units_of_its_prefix(engine):
    full = {i for i, t in enumerate(engine.texts) if "口岸" in t}
    engine.scan("口")
    before = _Finds.finds
    assert engine.scan("口岸") == full and full
    assert _Finds.finds == before                   # not one find in the whole text
    assert engine.scan("口岸经济") == {i for i in full if "口岸经济" in engine.texts[i]}


def test_a_string_in_most_units_costs_one_test_per_unit_not_a_step_per_hit(engine, monkeypatch):
    monkeypatch.setattr(sengine, "DENSE", 64)
    for s in ("的", "发展", "，"):
        _Finds.finds = 0
        got = engine.scan(s)
        assert got == {i for i, t in enumerate(engine.texts) if s in t} and len(got) > 150, s
        assert _Finds.finds <= 64, s
    assert engine.scan("口岸") == {i for i, t in enumerate(engine.texts) if "口岸" in t}


def test_a_word_in_many_units_is_read_once_and_scored_as_for_a_few(engine, monkeypatch):
    """Its scores in each field are read whole once and remembered (发展 typed on to
    发展 开放, a filter changed); a candidate scores the same through them as through
    skipping to it in the postings."""
    e = engine
    full = e.search("发展", limit=50)
    reads = []
    real = e._read_word
    monkeypatch.setattr(e, "_read_word", lambda *a: reads.append(a[:2]) or real(*a))
    assert [h.id for h in e.search("发展", limit=50)] == [h.id for h in full] and reads == []
    e.search("发展 kind:box", limit=50)
    e.search("发展 开放", limit=50)
    assert {w for _, w in reads} == {"开放"}
    cand = set(e.scan("发展"))
    many = dict.fromkeys(cand, 0.0)
    e._bm25(["发展"], many)
    few = set(sorted(cand)[::40])                   # a few of them: skipped to in the postings
    e._word_scores.clear()
    got = dict.fromkeys(few, 0.0)
    e._bm25(["发展"], got)
    assert ("body", "发展") not in e._word_scores and any(got.values())
    assert got == {i: many[i] for i in few}


def brute_bm25(e: SearchEngine, words: list[str], cand: set[int]) -> dict[int, float]:
    """BM25F of each candidate through Whoosh's public API alone: every posting of every
    word in every field from the top-level searcher, scored by `scorer.score(matcher)`,
    added field by field, word by word (the order the engine adds them in)."""
    from search import index as sindex
    sr = e.searcher
    out = dict.fromkeys(cand, 0.0)
    for field in sindex.FIELD_BOOST:
        for w in words:
            if not sr.doc_frequency(field, w):
                continue
            scorer = sr.weighting.scorer(sr, field, w)
            m = sr.postings(field, w)
            while m.is_active():
                i = e.unit_of_doc.get(m.id())
                if i in out:
                    out[i] += scorer.score(m)
                m.next()
    return out


def test_bm25_read_a_block_at_a_time_equals_a_brute_force_scorer(built_data):
    """Whether a word's postings are read whole a block at a time (many candidates) or
    skipped to candidate by candidate (few), each candidate's BM25F is the float that
    Whoosh's own scorer gives it, posting by posting."""
    e = SearchEngine(built_data)
    rng = random.Random(7)
    texts = SHORT + MIXED + drawn(e, 40) + rng.sample(sorted(e.vocab), 60)
    checked = 0
    for text in texts:
        q = parse(text)
        words = list(dict.fromkeys(w for c in q.clauses for a in c for w in e.words_of(a.text)))
        cand = set().union(*(e.scan(a.text) for c in q.clauses for a in c)) if q.clauses else set()
        for part in (cand, set(sorted(cand)[::7])):         # many candidates, and a few
            e._word_scores.clear()
            got = dict.fromkeys(part, 0.0)
            e._bm25(words, got)
            assert got == brute_bm25(e, words, part), text
            checked += bool(words and part)
    assert checked > 150
    e.close()
