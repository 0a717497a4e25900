"""Hits grouped by plan: the plan whose title names what was asked comes first, else
the plan with the best hit; a hit found only through a synonym says which synonym."""
from __future__ import annotations

import pytest

from search.query import parse


def groups(engine, text: str) -> list[str]:
    out = []
    for h in engine.search(text, limit=200):
        if h.document_id not in out:
            out.append(h.document_id)
    return out


def best_first(engine, text: str) -> list[str]:
    """The plans ordered by their best hit alone."""
    best: dict[str, float] = {}
    for h in engine.search(text, limit=200):
        best[h.document_id] = max(best.get(h.document_id, 0.0), h.score)
    return sorted(best, key=lambda d: (-best[d], d))


@pytest.mark.parametrize("text, first", [
    ("自贸区", "ftz-2022"),                 # 自由贸易试验区 in its title, through the synonym
    ("成渝", "chengyu-2022"),
    ("高新区", "hightech-zone-2021"),
    ("内陆开放高地 高新区", "hightech-zone-2021"),   # 内陆开放高地 names most plans: it tells none apart
])
def test_the_plan_whose_title_names_the_query_comes_first(search_engine, text, first):
    got = groups(search_engine, text)
    assert got[0] == first, got
    assert got[1:] == [d for d in best_first(search_engine, text) if d != first]


@pytest.mark.parametrize("text", [
    "西部陆海新通道",       # no plan's title names it
    "开放",                 # most plans' titles name it
    "自贸试验区 制度创新",   # the FTZ plan's title names the place, not what is asked
])
def test_otherwise_the_plan_with_the_best_hit_comes_first(search_engine, text):
    assert search_engine.plans_about(parse(text)) == set()
    assert groups(search_engine, text) == best_first(search_engine, text)


def test_a_hit_found_through_a_synonym_names_it(search_engine):
    hits = search_engine.search("南向通道", limit=200)
    via = [h for h in hits if h.synonyms]
    assert via and len(via) < len(hits)
    units = {u.id: u for u in search_engine.units}
    for h in hits:
        text = units[h.id].text
        if "南向通道" in text:
            assert h.synonyms == []
        else:
            assert h.synonyms and {typed for typed, _ in h.synonyms} == {"南向通道"}
            named = [v for _, v in h.synonyms]
            assert named == sorted(named, key=text.find)       # in the order they occur
            assert ("西部陆海新通道" in named) == ("西部陆海新通道" in text)
            alone = text.replace("西部陆海新通道", "")          # 陆海新通道 only where it stands alone
            assert ("陆海新通道" in named) == ("陆海新通道" in alone)


def test_only_the_terms_found_through_a_synonym_are_named(search_engine):
    hits = search_engine.search("自贸区 人才", limit=200)
    assert hits and all(typed == "自贸区" for h in hits for typed, _ in h.synonyms)
    assert not any(h.synonyms for h in search_engine.search('"自贸试验区"', limit=50))    # a phrase: no synonyms
