"""Search recall: anything that occurs verbatim in a unit finds that unit, and only
units containing it (or, unquoted, one of its synonym spellings) come back."""
from __future__ import annotations

import random
import re

import pytest

from search.terms import expand
from tests.helpers.search_helpers import BIG, containing, expected, ids

N_DRAWS = 300
_FILTER = re.compile(r"(?i)(doc|kind|文件|类型)[:：].")


def _parsed_as_syntax(s: str) -> bool:
    """Strings the query language reads as syntax rather than as a word."""
    return (s.startswith("-")                         # -exclude
            or s.startswith(("“", '"')) or '"' in s    # phrases (a curly quote inside a word is fine)
            or s in ("OR", "或", "|")                   # OR and its aliases (see test_search_query)
            or bool(_FILTER.match(s)))                 # doc:/kind: filters


def draws(units, n: int = N_DRAWS, seed: int = 20240917) -> list[str]:
    """n random substrings (1-8 characters) of the units' text, half from a uniformly
    chosen unit (short indicator units get their share), half by position in all the text."""
    rng = random.Random(seed)
    texts = [u.text for u in units]
    weights = [len(t) for t in texts]
    out: list[str] = []
    while len(out) < n:
        t = rng.choice(texts) if len(out) % 2 else rng.choices(texts, weights)[0]
        k = rng.randint(1, 8)
        i = rng.randrange(0, max(1, len(t) - k + 1))
        s = t[i:i + k]
        if not s or any(c.isspace() for c in s) or _parsed_as_syntax(s):
            continue
        out.append(s)
    return out


def test_draws_are_varied(search_units):
    ds = draws(search_units)
    assert len(ds) == N_DRAWS
    assert len(set(ds)) > N_DRAWS * 0.9
    assert {len(s) for s in ds} == set(range(1, 9))


def test_random_substrings_find_exactly_the_units_containing_them(search_engine, search_units):
    wrong = []
    for s in draws(search_units):
        want = expected(search_units, s)
        assert want, s                      # drawn from the text: something contains it
        got = ids(search_engine.search(s, limit=BIG))
        if got != want:
            wrong.append((s, sorted(want - got)[:3], sorted(got - want)[:3]))
    assert not wrong, f"{len(wrong)} queries (query, missing, extra): {wrong[:10]}"


def test_random_substrings_quoted_find_exactly_the_verbatim_units(search_engine, search_units):
    """The same draws as phrases: no synonyms, verbatim only. (Curly quotes at a
    phrase's ends are stripped, see test_search_query; such draws are left out.)"""
    wrong = []
    for s in draws(search_units, 150, seed=7):
        if s[0] in "“”" or s[-1] in "“”":
            continue
        want = containing(search_units, s)
        got = ids(search_engine.search(f'"{s}"', limit=BIG))
        if got != want:
            wrong.append((s, len(want), len(got)))
    assert not wrong, wrong[:10]


def test_engine_units_are_the_store_units(search_engine, search_units):
    assert [u.id for u in search_engine.units] == [u.id for u in search_units]
    assert len({u.id for u in search_units}) == len(search_units)
    assert {u.kind for u in search_units} == {"section", "box", "indicator"}


@pytest.mark.parametrize("s", ["江", "的", "两江新区", "陆海新通道", "西部陆海新通道", "重庆", "2025", "%",
                               "＞【500】", "&", "FDI", "一带一路”沿线"])
def test_known_strings(search_engine, search_units, s):
    want = expected(search_units, s)
    assert want
    assert ids(search_engine.search(s, limit=BIG)) == want


def test_single_characters_are_found(search_engine, search_units):
    for ch in ("江", "的", "渝", "港"):
        want = containing(search_units, ch)
        assert len(want) > 10
        assert ids(search_engine.search(ch, limit=BIG)) == want


def test_a_word_inside_a_longer_word_is_found(search_engine, search_units):
    """陆海新通道 occurs inside 西部陆海新通道: the units that only say the long form are found."""
    long_only = {u.id for u in search_units if "西部陆海新通道" in u.text}
    assert long_only
    got = ids(search_engine.search("陆海新通道", limit=BIG))
    assert long_only <= got
    # and the sub-word of a jieba word: 海新 is no word of its own
    assert ids(search_engine.search("海新", limit=BIG)) == expected(search_units, "海新") != set()


def test_a_string_only_in_a_table_cell_of_000_box_1(search_engine, search_units):
    # 军民融合示范区 stands in a cell of 000's 专栏1 (产业集聚平台功能定位) and nowhere else
    assert containing(search_units, "军民融合示范区") == {"open-platforms-2018:专栏1"}
    hits = search_engine.search("军民融合示范区", limit=BIG)
    assert [(h.kind, h.id) for h in hits] == [("box", "open-platforms-2018:专栏1")]
    assert "<b>军民融合示范区</b>" in hits[0].snippet


@pytest.mark.parametrize("s, row", [("港口货物吞吐量", 2), ("6513.4", 6), ("离岸服务包执行额", 15), ("1752.1", 14)])
def test_strings_in_002_fused_indicator_table(search_engine, search_units, s, row):
    """002's 专栏1 is a table of indicators: a cell is found in the box and in its indicator row."""
    want = {"inland-opening-2021:专栏1", f"inland-opening-2021:专栏1#{row}"}
    assert containing(search_units, s) == want
    hits = search_engine.search(s, limit=BIG)
    assert ids(hits) == want
    assert {h.kind for h in hits} == {"box", "indicator"}


def test_nothing_found_for_what_is_not_there(search_engine, search_units):
    for s in ("火星基地", "zzzz", "两江新区两江新区"):
        assert not containing(search_units, s)
        assert search_engine.search(s, limit=BIG) == []


# ---- phrases ----

def test_phrase_is_verbatim(search_engine, search_units):
    want = containing(search_units, "陆海新通道")
    quoted = ids(search_engine.search('"陆海新通道"', limit=BIG))
    assert quoted == want
    # unquoted, the synonyms (南向通道 …) widen it
    assert quoted < ids(search_engine.search("陆海新通道", limit=BIG))


@pytest.mark.parametrize("q", ['"西部 陆海"', '"西部  陆海"', '"西部\u3000陆海"', '“西部 陆海”', '" 西部陆海 "'])
def test_white_space_inside_a_cjk_phrase_is_removed(search_engine, search_units, q):
    want = containing(search_units, "西部陆海")
    assert want
    assert ids(search_engine.search(q, limit=BIG)) == want


def test_a_phrase_must_be_contiguous(search_engine, search_units):
    # both words occur in many units, but side by side only in a few
    both = containing(search_units, "开放") & containing(search_units, "通道")
    together = containing(search_units, "开放通道")
    assert together < both
    assert ids(search_engine.search('"开放 通道"', limit=BIG)) == together
    assert ids(search_engine.search("开放 通道", limit=BIG)) == both


@pytest.mark.parametrize("q", ['"自贸区"', "“自贸区”"])
def test_a_phrase_does_not_expand_synonyms(search_engine, search_units, q):
    verbatim = containing(search_units, "自贸区")
    assert verbatim
    hits = search_engine.search(q, limit=BIG)
    assert ids(hits) == verbatim
    assert all(h.matches == ["自贸区"] for h in hits)
    assert len(ids(search_engine.search("自贸区", limit=BIG))) > len(verbatim)


# ---- synonyms ----

def _only_variant(units, variant, others):
    """Units that say variant but none of the others."""
    return {u.id for u in units if variant in u.text and not any(o in u.text for o in others)}


@pytest.mark.parametrize("query, variant, others", [
    ("自贸区", "自由贸易试验区", ["自贸区", "自贸试验区"]),
    ("自贸区", "自贸试验区", ["自贸区", "自由贸易试验区"]),
    ("中新项目", "中新互联互通项目", ["中新项目", "中新（重庆）战略性互联互通示范项目"]),
    ("中新项目", "中新（重庆）战略性互联互通示范项目", ["中新项目", "中新互联互通项目"]),
    ("西永综保区", "西永综合保税区", ["西永综保区"]),
    ("两路寸滩保税港区", "两路寸滩综合保税区", ["两路寸滩保税港区"]),
    ("FDI", "外商直接投资", ["FDI"]),
    ("南向通道", "西部陆海新通道", ["南向通道"]),
])
def test_a_word_finds_its_synonyms(search_engine, search_units, query, variant, others):
    only = _only_variant(search_units, variant, others)
    assert only, f"the corpus has no unit saying {variant} but not {others}"
    hits = search_engine.search(query, limit=BIG)
    assert only <= ids(hits)
    assert ids(hits) == expected(search_units, query)
    # where it is the only spelling, the variant is what is highlighted
    for h in hits:
        if h.id in only:
            assert variant in h.matches
            assert "<b>" in h.snippet, (h.id, h.snippet)


def test_synonyms_go_both_ways(search_engine, search_units):
    a = ids(search_engine.search("西永综保区", limit=BIG))
    b = ids(search_engine.search("西永综合保税区", limit=BIG))
    assert a == b == containing(search_units, "西永综保区") | containing(search_units, "西永综合保税区")


def test_a_synonym_inside_a_longer_word_is_swapped_in(search_engine, search_units):
    # 自贸试验区建设: the longest spelling inside it is replaced by each other spelling
    assert "自由贸易试验区建设" in expand("自贸试验区建设")
    only_long = containing(search_units, "自由贸易试验区建设") - containing(search_units, "自贸试验区建设")
    assert only_long
    got = ids(search_engine.search("自贸试验区建设", limit=BIG))
    assert only_long <= got
    assert got == expected(search_units, "自贸试验区建设")
