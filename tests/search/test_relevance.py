"""Ranking against hand-made judgements (tests/keys/relevance.json, 58 topical
queries over the five plans): the unit about the query is in the top 10, and
mostly in the top 3."""
from __future__ import annotations

from tests.helpers import relevance_key as rk


def test_the_unit_about_a_query_is_in_the_top_ten(search_engine):
    r = rk.score(search_engine)
    assert r["queries"] >= 40
    assert r["top10"] >= 0.95, r["missed"][10]
    assert r["top3"] >= 0.9, r["missed"][3]
