"""The query language: words ANDed, OR, -exclude, doc:, kind:, and malformed input."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from search.engine import Hit
from search.query import parse
from tests.helpers.search_helpers import BIG, containing, expected, ids, require

DOCS = {"open-platforms-2018", "inland-opening-2021", "hightech-zone-2021", "ftz-2022", "chengyu-2022"}


def test_the_documents(search_engine):
    assert {d["id"] for d in search_engine.docs} == DOCS


# ---- AND, OR, -exclude ----

@pytest.mark.parametrize("a, b", [("两江新区", "物流"), ("开放", "通道"), ("自贸区", "金融"), ("江", "的"),
                                  ("中欧班列", "陆海新通道")])
def test_words_are_anded(search_engine, search_units, a, b):
    want = expected(search_units, a) & expected(search_units, b)
    assert want
    hits = search_engine.search(f"{a} {b}", limit=BIG)
    assert ids(hits) == want
    text = {u.id: u.text for u in search_units}
    for h in hits:
        assert any(v in text[h.id] for v in parse(a).strings())
        assert any(v in text[h.id] for v in parse(b).strings())


def test_and_of_three_and_fullwidth_space(search_engine, search_units):
    want = containing(search_units, "两江新区") & containing(search_units, "物流") & containing(search_units, "金融")
    assert ids(search_engine.search("两江新区 物流 金融", limit=BIG)) == want
    assert ids(search_engine.search("两江新区\u3000物流\u3000金融", limit=BIG)) == want


@pytest.mark.parametrize("q, words", [("两江新区 OR 西永", ["两江新区", "西永"]),
                                      ("两江新区 | 西永", ["两江新区", "西永"]),
                                      ("两江新区 或 西永", ["两江新区", "西永"]),
                                      ("人才引育 OR 知识产权 OR 口岸", ["人才引育", "知识产权", "口岸"]),
                                      ("自贸区 OR 两江新区", ["自贸区", "两江新区"])])
def test_or_is_a_union(search_engine, search_units, q, words):
    want = set().union(*(expected(search_units, w) for w in words))
    assert ids(search_engine.search(q, limit=BIG)) == want
    assert all(expected(search_units, w) for w in words)


def test_or_binds_tighter_than_and(search_engine, search_units):
    # 物流 (两江新区 OR 西永)
    want = containing(search_units, "物流") & (containing(search_units, "两江新区") | containing(search_units, "西永"))
    assert want
    assert ids(search_engine.search("物流 两江新区 OR 西永", limit=BIG)) == want


@pytest.mark.parametrize("q, pos, neg", [("两江新区 -专栏", ["两江新区"], ["专栏"]),
                                         ("开放 -重庆", ["开放"], ["重庆"]),
                                         ("口岸 -物流 -通道", ["口岸"], ["物流", "通道"]),
                                         ('陆海新通道 -"西部陆海新通道"', ["陆海新通道"], ["西部陆海新通道"])])
def test_minus_excludes(search_engine, search_units, q, pos, neg):
    want = set.intersection(*(expected(search_units, w) for w in pos))
    for w in neg:
        want -= containing(search_units, w)
    hits = search_engine.search(q, limit=BIG)
    assert want and ids(hits) == want
    text = {u.id: u.text for u in search_units}
    assert not any(w in text[h.id] for h in hits for w in neg)


def test_only_exclusions_find_nothing(search_engine):
    assert search_engine.search("-重庆", limit=BIG) == []


# ---- doc: and kind: ----

def _docs(hits):
    return {h.document_id for h in hits}


@pytest.mark.parametrize("value, docs", [
    ("open-platforms-2018", {"open-platforms-2018"}),          # an id
    ("ftz", {"ftz-2022"}),                                     # an id prefix
    ("hightech", {"hightech-zone-2021"}),
    ("2018", {"open-platforms-2018"}),                         # a year
    ("2022", {"ftz-2022", "chengyu-2022"}),
    ("高新区", {"hightech-zone-2021"}),                         # part of the short title
    ("开放平台协同", {"open-platforms-2018"}),
    ("成渝", {"chengyu-2022"}),
    ("内陆开放高地", {"inland-opening-2021", "hightech-zone-2021", "chengyu-2022"}),
])
def test_doc_filter(search_engine, search_units, value, docs):
    want = {u.id for u in search_units if "重庆" in u.text and u.document_id in docs}
    assert want
    for hits in (search_engine.search(f"重庆 doc:{value}", limit=BIG),
                 search_engine.search(f"doc:{value} 重庆", limit=BIG),
                 search_engine.search("重庆", doc=value, limit=BIG)):
        assert ids(hits) == want


def test_doc_filter_matching_no_document_finds_nothing(search_engine):
    assert search_engine.search("重庆 doc:nosuchplan", limit=BIG) == []
    assert search_engine.search("重庆 文件：nosuchplan", limit=BIG) == []


def test_two_doc_filters_are_a_union(search_engine, search_units):
    want = {u.id for u in search_units if "重庆" in u.text and u.document_id in ("ftz-2022", "open-platforms-2018")}
    assert ids(search_engine.search("重庆 doc:ftz doc:2018", limit=BIG)) == want


@pytest.mark.parametrize("kind, aliases", [("section", ["section", "sections", "章节", "SECTION"]),
                                           ("box", ["box", "boxes", "专栏"]),
                                           ("indicator", ["indicator", "indicators", "指标"])])
def test_kind_filter(search_engine, search_units, kind, aliases):
    want = {u.id for u in search_units if "开放" in u.text and u.kind == kind}
    assert want
    for a in aliases:
        assert ids(search_engine.search(f"开放 kind:{a}", limit=BIG)) == want, a
        assert ids(search_engine.search(f"开放 类型：{a}", limit=BIG)) == want, a
    assert ids(search_engine.search("开放", kind=kind, limit=BIG)) == want


def test_filters_combined(search_engine, search_units):
    want = {u.id for u in search_units
            if "两江新区" in u.text and "物流" not in u.text and u.document_id == "inland-opening-2021" and u.kind == "box"}
    assert want
    hits = search_engine.search("两江新区 -物流 doc:inland kind:box", limit=BIG)
    assert ids(hits) == want
    assert {h.kind for h in hits} == {"box"} and _docs(hits) == {"inland-opening-2021"}
    # several doc: values are a union, several kind: values too
    wider = search_engine.search("两江新区 -物流 doc:inland doc:hightech kind:box kind:section", limit=BIG)
    assert ids(wider) == {u.id for u in search_units
                          if "两江新区" in u.text and "物流" not in u.text and u.kind in ("box", "section")
                          and u.document_id in ("inland-opening-2021", "hightech-zone-2021")}
    assert ids(wider) > want
    # keyword arguments and query filters together
    assert ids(search_engine.search("两江新区 -物流 kind:box", doc="inland-opening-2021", limit=BIG)) == want
    assert ids(search_engine.search("两江新区 -物流 doc:inland", kind="box", limit=BIG)) == want


def test_filters_alone_find_nothing(search_engine):
    assert search_engine.search("doc:2018", limit=BIG) == []
    assert search_engine.search("kind:box", limit=BIG) == []


def test_unknown_kind_is_a_plain_word(search_engine, search_units):
    q = parse("开放 kind:foo")
    assert q.kinds == [] and [a.text for a in q.clauses[1]] == ["kind:foo"]
    assert not containing(search_units, "kind:foo")
    assert search_engine.search("开放 kind:foo", limit=BIG) == []
    assert search_engine.search("kind:foo", limit=BIG) == []


def test_limit(search_engine):
    all_hits = search_engine.search("开放", limit=BIG)
    assert len(all_hits) > 60
    assert len(search_engine.search("开放")) == 50
    top = search_engine.search("开放", limit=5)
    assert len(top) == 5
    best = sorted((h.score for h in all_hits), reverse=True)[:5]
    assert sorted((h.score for h in top), reverse=True) == best


# ---- malformed input never raises ----

MALFORMED = ["", "   ", "\u3000", "\n", '"', '"unclosed', "unclosed\"", 'OR', 'OR OR', '-', '--', '---', 'doc:', 'kind:',
             '""', '“”', '“', '”', ')', '(', '*', '?', '\\', '[', '.*', '%', "'", "doc:doc:", "kind:kind:box",
             "-doc:2018", "--重庆", "- -", '"" ""', '"“”"', "OR 重庆 OR", "重庆 OR", "-\"重庆\"", "\t\r\n",
             "x" * 500, "重庆" * 250, "重庆 " * 200, "\ud800", "\U0001f600", "𠀀𠀁", "\u200b", "\ufeff重庆"]


@pytest.mark.parametrize("q", MALFORMED, ids=[repr(q[:12]) for q in MALFORMED])
def test_malformed_queries_never_raise(search_engine, q):
    hits = search_engine.search(q)
    assert isinstance(hits, list) and all(isinstance(h, Hit) for h in hits)
    search_engine.search(q, doc=q or None, kind=None)


def test_empty_queries_find_nothing(search_engine):
    # (a lone '-', '|' or '或' is searched as text: see test_a_lone_operator_is_a_plain_word)
    for q in ("", "   ", '"', '""', "“”", "OR", "OR OR", "--", "doc:2018", "kind:box"):
        assert search_engine.search(q) == [], q


_ALPHABET = st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00")
_TOKENS = st.sampled_from(["OR", "或", "|", "-", '"', "“", "”", "doc:", "kind:", "doc:2018", "kind:box", "kind:指标",
                           "重庆", "两江新区", "自贸区", "开放", "江", "-物流", '"西部 陆海"', "(", ")", "*"])
_QUERIES = st.one_of(st.text(_ALPHABET, max_size=40),
                     st.lists(st.one_of(_TOKENS, st.text(_ALPHABET, min_size=1, max_size=6)), max_size=6)
                     .map(" ".join))


@settings(max_examples=200, deadline=None)
@given(q=_QUERIES)
def test_any_query_returns_hits_that_satisfy_it(search_engine, q):
    hits = search_engine.search(q, limit=30)
    assert isinstance(hits, list) and len(hits) <= 30
    parsed = parse(q)
    text = {u.id: u.text for u in search_engine.units}
    for h in hits:
        assert isinstance(h, Hit)
        t = text[h.id]
        for clause in parsed.clauses:
            assert any(a.text in t for a in clause), (q, h.id, clause)
        for neg in parsed.exclude:
            assert neg not in t
        if parsed.kinds:
            assert h.kind in parsed.kinds


# ---- real bugs, kept honest ----

def test_nul_in_a_query_matches_nothing(search_engine, search_units):
    require(not containing(search_units, "\x00"), "no unit holds NUL")
    assert search_engine.search("\x00", limit=BIG) == []


def test_nul_does_not_join_two_units(search_engine, search_units):
    u0, u1 = search_engine.units[0], search_engine.units[1]
    q = u0.text[-2:] + "\x00" + u1.text[:2]
    require(not containing(search_units, q), "no unit holds the joined string")
    assert search_engine.search(q, limit=BIG) == []


@pytest.mark.parametrize("s", ["或", "|", "-"])
def test_a_lone_operator_is_a_plain_word(search_engine, search_units, s):
    want = containing(search_units, s)
    require(want, f"the corpus contains {s}")
    assert ids(search_engine.search(s, limit=BIG)) == want


@pytest.mark.parametrize("s", ["“十四五", "“一带"])
def test_an_unclosed_curly_quote_is_not_a_phrase(search_engine, search_units, s):
    require(containing(search_units, s), f"the corpus contains {s}")
    got = ids(search_engine.search(s, limit=BIG))
    assert got <= containing(search_units, s.lstrip("“")), "found units without the string"


@pytest.mark.parametrize("s", ["实”", "“1”", "“"])
def test_a_phrase_keeps_curly_quotes_inside_it(search_engine, search_units, s):
    want = containing(search_units, s)
    require(want, f"the corpus contains {s}")
    assert ids(search_engine.search(f'"{s}"', limit=BIG)) == want
