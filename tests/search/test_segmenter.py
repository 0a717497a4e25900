"""The segmenter: rjieba where it imports, jieba where it does not, the same
terms for plain text either way; a store's words stay with that store's segmenter."""
from __future__ import annotations

import sys

import pytest

from search import segmenter
from search.analyzer import analyzer, terms
from search.terms import tokenizer_for

SENTENCE = "加快建设内陆开放高地，推动共建“一带一路”，深化重庆与东盟国家的经贸合作。"


@pytest.fixture
def without_rjieba(monkeypatch):
    """rjieba made unimportable (as on a platform without its wheel), the choice made anew."""
    monkeypatch.setitem(sys.modules, "rjieba", None)       # import raises ImportError
    monkeypatch.setattr(segmenter, "_compiled", [])
    monkeypatch.setattr(segmenter, "_plain", [])


def test_the_compiled_segmenter_is_used_where_it_imports(tmp_path):
    assert segmenter.name() == "rjieba"
    assert isinstance(tokenizer_for(tmp_path, []), segmenter.Compiled)


def test_the_name_is_told_without_loading_the_segmenter(monkeypatch):
    """The index stamp asks for it on every start: that must not cost rjieba's start-up."""
    monkeypatch.delitem(sys.modules, "rjieba")
    monkeypatch.setattr(segmenter, "_compiled", [])
    assert segmenter.name() == "rjieba"
    assert "rjieba" not in sys.modules


def test_without_rjieba_jieba_gives_the_same_terms_for_a_plain_sentence(tmp_path, without_rjieba):
    fallback = tokenizer_for(tmp_path, ["内陆开放高地"])
    assert segmenter.name() == "jieba"
    assert isinstance(fallback, segmenter.Fallback)
    got = terms(fallback, SENTENCE)
    assert "内陆开放高地" in got and "经贸合作" in got
    sys.modules.pop("rjieba")                                # importable again
    segmenter._compiled.clear()
    assert terms(tokenizer_for(tmp_path, ["内陆开放高地"]), SENTENCE) == got


def test_a_stores_words_stay_with_its_segmenter(tmp_path):
    word = "渝州甲新片区"
    mine, other = tokenizer_for(tmp_path, [word]), tokenizer_for(tmp_path, [])
    text = f"支持{word}建设"
    assert word in terms(mine, text)
    assert word not in terms(other, text)
    assert mine.is_word(word) and not other.is_word(word)
    assert not segmenter.plain().is_word(word)


def test_the_whoosh_analyzer_gives_the_same_words_as_terms(tmp_path):
    """The analyzer for a plain string value (Whoosh's own path) cuts with the base dictionary."""
    words = [t.text for t in analyzer()(SENTENCE)]
    assert sorted(set(words)) == sorted(terms(tokenizer_for(tmp_path, []), SENTENCE))


def test_sub_words_of_a_long_word_are_dictionary_words_only(tmp_path):
    seg = tokenizer_for(tmp_path, ["加强知识产权保护"])
    got = terms(seg, "第二节 加强知识产权保护")
    assert "知识产权" in got and "加强知识产权保护" in got
    assert "识产权保" not in got


def terms_counted_each_time(seg, value: str) -> dict[str, int]:
    """analyzer.terms as it was: every word of words() lower-cased and counted where it occurs."""
    from collections import Counter
    from search.analyzer import words
    c: Counter = Counter()
    for word, _a, _b in words(seg, value):
        c[word.lower()] += 1
    return dict(c)


def test_terms_worked_out_once_per_word_are_the_terms_counted_each_time(built_data, built_store, monkeypatch):
    """What each word gives is kept per segmenter (issue 31): the same terms, counts and
    order for every field of every unit of the five plans, the second time too (from
    what was kept), with a store's own words, and when a full memory starts again."""
    from search.terms import user_words
    from search.units import load_units
    texts = [t for u in load_units(built_store) for t in (u.title, u.heading, u.body)] + ["ABC Ｄｅｆ 6-1 577.9km，知识产权"]
    want = {}
    for seg in (segmenter.plain(), tokenizer_for(built_data, user_words(built_store))):
        want[seg] = [terms_counted_each_time(seg, t) for t in texts]
        for _ in range(2):
            got = [terms(seg, t) for t in texts]
            assert got == want[seg] and [list(g) for g in got] == [list(w) for w in want[seg]]
    monkeypatch.setattr("search.analyzer._TERMS_MAX", 10)
    assert [terms(seg, t) for t in texts[:80]] == want[seg][:80]
