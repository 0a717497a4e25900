"""Property tests on hostile inputs: the importer on mutated plans (tables included),
the query engine on long and repeated queries. Never an exception other than the
documented UnimportableFile, never a slow query."""
from __future__ import annotations

import time

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.helpers import support
from db.importer import parse_text, textio
from db.importer.corpus import Entry
from db.importer.errors import UnimportableFile
from db.positioning import extract, load_gazetteer
from db.store.rows import doc_rows
from search.query import parse

PLANS = {p: support.source_path(p).read_text(encoding="utf-8") for p in support.PREFIXES}
NOISE = st.sampled_from(["\x0b", "\x00", "\t", "\t1\n\t指标\n", "|", "<img src=x>", "专栏1 ", "第一章 ", "（一）",
                         "表2-1 ", "\n\n\n", "【", "】", "—", "\u200b", "\ufeff", "12.5%", "序号", "目录"])


@st.composite
def mutated(draw):
    """One of the five plans, cut, repeated, reordered and salted."""
    lines = PLANS[draw(st.sampled_from(support.PREFIXES))].split("\n")
    for _ in range(draw(st.integers(1, 6))):
        n = len(lines)
        if n < 4:
            break
        a = draw(st.integers(0, n - 2))
        b = draw(st.integers(a + 1, min(n, a + 60)))
        op = draw(st.sampled_from(["drop", "repeat", "move", "salt", "truncate", "join"]))
        if op == "drop":
            del lines[a:b]
        elif op == "repeat":                 # a page break repeats rows of a table, a scrape repeats passages
            lines[b:b] = lines[a:b]
        elif op == "move":
            block = lines[a:b]
            del lines[a:b]
            k = draw(st.integers(0, len(lines)))
            lines[k:k] = block
        elif op == "salt":
            lines[a] = lines[a][: len(lines[a]) // 2] + draw(NOISE) + lines[a][len(lines[a]) // 2:]
        elif op == "truncate":
            lines = lines[:b]
        else:
            lines[a:b] = ["".join(lines[a:b])]
    return "\n".join(lines)


@settings(max_examples=60, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=mutated(), enc=st.sampled_from(["utf-8", "gb18030", "utf-16"]))
def test_a_mutated_plan_gives_records_a_store_can_hold_or_a_reason(text, enc):
    try:
        decoded, got = textio.decode(text.encode(enc, errors="replace"), "m.txt")
        doc = parse_text(decoded, "m.txt", got)
    except UnimportableFile as e:
        assert e.reason and "\n" not in str(e)
        return
    rows = doc_rows(doc, Entry(file=None, id="m", short_title=None, seq=1), 1)
    for table, rs in rows.items():
        ids = [r["id"] for r in rs if "id" in r]
        assert len(ids) == len(set(ids)), table
        for r in rs:
            for v in r.values():
                assert not (isinstance(v, str) and any(ord(c) < 32 and c not in "\n\t" for c in v)), (table, v[:80])
    extract([("m", doc)], load_gazetteer())


_WORDS = st.sampled_from(["的", "两江新区", "开放", "OR", "-", '"', "doc:2018", "kind:box", "自贸区", "江"])


@settings(max_examples=40, deadline=None, database=None)
@given(words=st.lists(_WORDS, min_size=1, max_size=3000), sep=st.sampled_from([" ", "", " OR "]))
def test_any_query_is_answered_within_a_second(search_engine, words, sep):
    q = sep.join(words)
    t = time.perf_counter()
    parse(q)
    search_engine.search(q, limit=50)
    assert time.perf_counter() - t < 1.0, len(q)


def test_the_pathological_query_of_the_report(search_engine):
    t = time.perf_counter()
    hits = search_engine.search("的 " * 5000)
    assert hits and time.perf_counter() - t < 1.0
    assert len(parse("的 " * 5000).clauses) == 1
