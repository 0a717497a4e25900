"""The about tier (issue 31, item 4): a hit says how many of the query's clauses its own
title names (`Hit.about`), and the cut to the limit asked is by that tier first, then by
score: a unit about the query is never cut away by units that merely mention it more."""
from __future__ import annotations

import pytest

from search.query import parse
from tests.helpers.search_helpers import require

QUERIES = ["物流", "口岸", "开放", "金融", "江", "会展", "自贸区", "中新项目", "物流 OR 口岸", "两江新区 开放",
           "数字经济", "人才", "kind:box 物流", "doc:2018 平台", "通道 -西部", '"对外开放"']


def naming(engine, text: str) -> dict[int, int]:
    """Each unit whose title names a clause of the query (what was typed or a synonym,
    verbatim), with how many clauses it names: read from the units, not the engine's scan."""
    q = parse(text)
    out: dict[int, int] = {}
    for i, u in enumerate(engine.units):
        n = sum(any(a.text in u.title for a in c) for c in q.clauses)
        if n:
            out[i] = n
    return out


@pytest.mark.parametrize("limit", [3, 10, 20])
@pytest.mark.parametrize("text", QUERIES)
def test_the_units_about_the_query_are_cut_last(search_engine, text, limit):
    e = search_engine
    full = e.search(text, limit=100_000)
    hits = e.search(text, limit=limit)
    about = naming(e, text)
    index = {u.id: i for i, u in enumerate(e.units)}
    assert [h.about for h in full] == [about.get(index[h.id], 0) for h in full], text
    tiers = [h.about for h in hits]
    assert tiers == sorted(tiers, reverse=True), text
    # the limit is filled from the highest tier down: as many of each tier as the full
    # result holds, until the limit is reached
    want, room = [], limit
    for n in sorted({h.about for h in full}, reverse=True):
        k = min(room, sum(h.about == n for h in full))
        want += [n] * k
        room -= k
    assert tiers == want, text


@pytest.mark.parametrize("text", ["自贸区", "服务业扩大开放", "政务服务"])
def test_a_unit_about_the_query_survives_a_limit_as_small_as_their_number(search_engine, text):
    """A unit that merely mentions the query outscores one titled with it (自贸区: a passage
    naming the FTZ's full name again and again); asked for as many hits as there are units
    about it, every one of those is shown."""
    e = search_engine
    full = e.search(text, limit=100_000)
    about = [h.id for h in full if h.about]
    require(about and any(not h.about and h.score > min(g.score for g in full if g.about) for h in full),
            f"{text}: a unit that merely mentions it outscores one about it")
    assert sorted(h.id for h in e.search(text, limit=len(about))) == sorted(about), text


def test_the_json_of_a_hit_carries_its_tier(search_engine):
    hits = search_engine.search("物流", limit=20)
    assert [h.as_json()["about"] for h in hits] == [h.about for h in hits] and hits[0].about == 1
