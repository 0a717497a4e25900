"""The bench's query mix (bench/search_queries.py) and its FTS5 floor (bench/fts5_baseline.py)."""
from __future__ import annotations

import re
from collections import Counter
from types import SimpleNamespace

from bench import search_queries as sq
from db import paths

TEXTS = [
    "推进西部陆海新通道建设，扩大西部陆海新通道班列规模，完善口岸功能。" * 3,
    "两江新区推进开放平台建设，开放平台协同发展，口岸通关便利化水平提升。" * 3,
    "支持跨境电商发展，完善口岸和物流枢纽，西部陆海新通道物流枢纽联动。" * 3,
    "建设内陆开放高地，开放平台和口岸共同提升服务能力，扩大对外开放。" * 3,
]


def corpus_lines() -> list[str]:
    return [line for f in sorted(paths.resource("corpus").glob("*.txt"))
            for line in f.read_text(encoding="utf-8").splitlines()]


def test_the_mix_has_its_classes_in_the_shares_the_brief_names():
    texts = corpus_lines()
    mix = sq.make(texts)
    counts = Counter(c for c, _ in mix)
    assert counts == {"1": 33, "2": 33, "3-8": 67, "common": 67}
    for cls, q in mix:
        assert re.fullmatch(r"[\u4e00-\u9fffA-Za-z0-9]+", q), q
        lo, hi = {"1": (1, 1), "2": (2, 2), "3-8": (3, 8), "common": (2, 4)}[cls]
        assert lo <= len(q) <= hi, (cls, q)
        assert any(q in t for t in texts), q
    assert len({q for _, q in mix}) == len(mix)


def test_the_mix_is_seeded_and_never_holds_the_relevance_keys_queries():
    key = sq.key_queries()
    assert "中欧班列" in key and len(key) > 20
    texts = corpus_lines()
    a, b = sq.make(texts), sq.make(texts)
    assert a == b
    assert not key & {q for _, q in a}
    assert sq.make(texts, seed=2) != a


def test_a_word_is_not_a_part_of_a_longer_one():
    got = sq.words(TEXTS, (2, 3, 4, 5), 100)
    assert "口岸" in got and "开放平台" in got
    assert "陆海新通" not in got        # seen only inside 陆海新通道
    assert not any(set(w) & sq.FUNCTION for w in got)


def units(n):
    body = ["开放平台建设提速，口岸功能完善。", "物流枢纽和开放平台联动发展。", "扩大开放。"]
    return [SimpleNamespace(id=f"d:{k}", document_id="d", kind="section", title=f"第{k}节",
                            body=body[k % 3]) for k in range(n)]


def test_fts5_ranks_the_limit_and_makes_snippets_for_the_shown_only():
    from bench.fts5_baseline import Fts5
    fts = Fts5(units(60))
    got = fts.search("开放平台", limit=30, shown=5)
    assert len(got) == 30
    assert all(s and "<b>开放平台</b>" in s for _, _, s in got[:5])
    assert all(s is None for _, _, s in got[5:])
    short = fts.search("口岸", limit=10, shown=3)          # under 3 characters: LIKE, unranked
    assert len(short) == 10
    assert all(s and "口岸" in s for _, _, s in short[:3]) and all(s is None for _, _, s in short[3:])


def test_a_substring_never_spans_a_line_break_or_punctuation():
    import random
    rnd = random.Random(7)
    texts = ["开放平台\n口岸\n物流枢纽\n", "推进，建设。扩大\n开放"]
    got = {sq.substring(texts, rnd) for _ in range(500)} - {None}
    assert got and all(re.fullmatch(r"[\u4e00-\u9fff]+", s) for s in got), got
