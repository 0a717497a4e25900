"""The matcher's fast paths give what the plain forms gave (issue 31: a store build at
250 plans spent most of its time putting shared heads to enumerations): the heads
tried are only those that end a name, an item is whole by a set of ends, the
gazetteer file is read once, rivals of a home name are worked out once, and the
second extraction pass looks for no candidates it would throw away.

The references below are the plain forms the matcher had before (kept here, word for
word where they were code) and are compared on the five plans and on generated text."""
from __future__ import annotations

import dataclasses
import os

import pytest
from hypothesis import given, settings, strategies as st

from db import paths
from db.importer import parse_file
from db.positioning import gazetteer as g
from db.positioning.extract import discovered_id, doc_text, extract, with_discovered
from db.positioning.gazetteer import _LIST, Matcher, Platform, _overlaps, load_classes, load_gazetteer


def reference_shared_heads(m: Matcher, text: str, found):
    """_shared_heads as it was: every head tried, every found name scanned for a whole item."""
    taken = [(a, b) for a, b, _ in found]
    out = []
    for lm in _LIST.finditer(text):
        items, at, spans = lm.group(0).split("、"), lm.start(), []
        for it in items:
            spans.append((at, it))
            at += len(it) + 1
        last_at, last = spans[-1]
        if "等" in last:
            k = last.index("等")
            spans[-1] = (last_at, last[:k])
            tail = last[k + 1:]
            heads = [tail[i:j] for j in range(len(tail), 1, -1) for i in range(0, j - 1)]
        else:
            spans[-1] = None
            heads = [last[k:] for k in range(1, len(last) - 1)]
        best = []
        for head in heads:
            got = reference_put_head(m, spans, head, last_at, last, taken)
            if len(got) > len(best):
                best = got
        whole = sum(1 for a0, it in [sp for sp in spans if sp] + [(last_at, last)]
                    if any(a <= a0 + len(it) - 1 < b and b == a0 + len(it) for a, b, _ in found))
        if best and len(best) + whole >= (1 if "等" in last else 2):
            out += best
    return out


def reference_put_head(m: Matcher, spans, head, last_at, last, taken):
    """_put_head as it was: every end of every item looked up, every found name scanned."""
    got = []
    for sp in spans + ([None] if spans[-1] is None else []):
        if sp is None:
            if not last.endswith(head):
                continue
            sp = (last_at, last[:len(last) - len(head)])
        a0, item = sp
        for k in range(len(item) - 1):
            x = item[k:]
            if len(x) > 8:
                continue
            pid = m.by_name.get(x + head) or m.by_name.get(x + head.lstrip("国家级"))
            a = a0 + k
            if pid and not any(a < tb and ta < a + len(x) for ta, tb in taken):
                got.append((a, a + len(x), pid))
                break
    return list(dict.fromkeys(got))


def reference_rivals(m: Matcher, p, platforms):
    return [q.id for q in platforms if not m._family(p.id, q.id) and any(h in n for h in p.home for n in q.names)]


@pytest.fixture(scope="module")
def plans():
    return [(f.stem, parse_file(f)) for f in sorted(paths.resource("corpus").glob("*.txt"))]


@pytest.fixture(scope="module")
def plats():
    return load_gazetteer()


def test_shared_heads_are_as_before_on_the_five_plans(plans, plats):
    seen = 0
    for _, doc in plans:
        m = Matcher(plats, doc.title or "", doc_text(doc))
        texts = [doc_text(doc)] + [line for line in doc_text(doc).split("\n") if "、" in line or "等" in line]
        for t in texts:
            found = m._find_names(t)
            new = m._shared_heads(t, found)
            assert new == reference_shared_heads(m, t, found), t[:60]
            seen += len(new)
    assert seen > 0         # the plans have such enumerations (中德、中瑞（士）、中以等国际合作产业园)


# text made of pieces of the gazetteer's names, 国家级 and the joints of an enumeration
_NAMES = [n for p in load_gazetteer() for n in p.names]
_PIECES = sorted({n[i:j] for n in _NAMES[:80] for i in range(len(n)) for j in range(i + 1, min(len(n), i + 6) + 1)})
_TEXT = st.lists(st.one_of(st.sampled_from(_PIECES), st.sampled_from(["、", "等", "国家级", "推动", "和", "，"])),
                 min_size=1, max_size=14).map("".join)


@settings(max_examples=300, deadline=None)
@given(_TEXT)
def test_shared_heads_are_as_before_on_generated_text(text):
    m = _generated_matcher()
    found = m._find_names(text)
    assert m._shared_heads(text, found) == reference_shared_heads(m, text, found)


_M: list[Matcher] = []


def _generated_matcher() -> Matcher:
    if not _M:
        _M.append(Matcher(load_gazetteer()))
    return _M[0]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(1, 4)), max_size=8), st.integers(0, 30), st.integers(1, 6))
def test_overlap_by_bisection_is_the_scan_over_names_in_text_order(gaps, a, n):
    spans, at = [], 0
    for gap, length in gaps:            # names in text order, none overlapping
        spans.append((at + gap, at + gap + length))
        at += gap + length
    b = a + n
    assert _overlaps(spans, [s for s, _ in spans], a, b) == any(a < tb and ta < b for ta, tb in spans)


def test_a_head_that_ends_no_name_is_not_put_to_the_items(monkeypatch):
    m = Matcher(load_gazetteer())
    calls = []
    real = m._put_head
    monkeypatch.setattr(m, "_put_head", lambda *a: calls.append(a[1]) or real(*a))
    m.find("推动甲乙、丙丁、戊己等单位开展工作")           # no name ends in 开展工作 or any word of it
    assert calls == []
    m.find("推动涪陵、綦江等创建国家级高新区")
    assert "高新区" in calls and "国家级高新区" in calls and "创建国家级高新区" not in calls


def test_rivals_of_a_home_name_are_as_before_and_kept(plats):
    m = Matcher(plats)
    for p in plats:
        if p.home:
            assert m._rivals(p, plats) == reference_rivals(m, p, plats)
            assert m._rivals(p, plats) is m._rivals(p, plats)


def test_the_gazetteer_file_is_parsed_once_and_again_when_it_changes(tmp_path, monkeypatch):
    f = tmp_path / "platforms.toml"
    f.write_text('[[platform]]\nid = "a"\nname = "甲园区"\nkind = "园区平台"\naliases = ["甲园"]\n', encoding="utf-8")
    parsed = []
    real = g.tomllib.loads
    monkeypatch.setattr(g.tomllib, "loads", lambda s: parsed.append(1) or real(s))
    first = load_gazetteer(f)
    first[0].aliases.append("changed by a caller")
    again = load_gazetteer(f)
    assert len(parsed) == 1 and again[0].aliases == ["甲园"]
    f.write_text(f.read_text(encoding="utf-8").replace("甲园区", "乙园区"), encoding="utf-8")
    os.utime(f, ns=(f.stat().st_mtime_ns + 10**9,) * 2)
    assert load_gazetteer(f)[0].name == "乙园区" and len(parsed) == 2


def test_the_second_pass_looks_for_no_candidates(plans, plats):
    classes = load_classes()
    full = extract(plans[:2], plats, classes)
    bare = extract(plans[:2], plats, classes, candidates=False)
    assert full.candidates and bare.candidates == []
    assert (bare.positionings, bare.mentions) == (full.positionings, full.mentions)
    found, new = with_discovered(plans[:2], plats, classes)
    assert found.candidates == full.candidates
    assert [dataclasses.asdict(p)["source"] for p in new] == ["discovered"] * len(new)


def two_passes(docs, plats, classes):
    """with_discovered as it was: every plan read with the gazetteer, then read again
    with the names found."""
    first = extract(docs, plats, classes)
    known = {n for p in plats for n in p.names + p.home}
    new = {}
    for c in first.candidates:
        if c["name"] not in known and c["name"] not in new:
            new[c["name"]] = Platform(id=discovered_id(c["name"]), name=c["name"], kind=c["kind"], source="discovered")
    if not new:
        return first, []
    found = extract(docs, plats + list(new.values()), classes, candidates=False)
    found.candidates = first.candidates
    return found, list(new.values())


def test_candidates_first_then_one_reading_is_the_two_readings(plans, plats):
    """The candidates looked for first, then the statements read once with the names
    found: the same statements, mentions, candidates and new platforms as reading every
    plan, then every plan again (with names found, and with none: a full gazetteer)."""
    classes = load_classes()
    fewer = [p for p in plats if p.kind not in ("海关特殊监管区域", "口岸")]   # left out: found by discovery
    for gazetteer in (plats, fewer):
        got, want = with_discovered(plans, gazetteer, classes), two_passes(plans, gazetteer, classes)
        assert (got[0].positionings, got[0].mentions, got[0].candidates) == \
            (want[0].positionings, want[0].mentions, want[0].candidates)
        assert got[1] == want[1]
    assert two_passes(plans, fewer, classes)[1]                # (names were found and read with)


def test_a_plan_with_no_home_names_is_matched_with_the_names_compiled_once(plats):
    text = "加快建设内陆开放高地，推动开放平台协同发展。"
    m = Matcher(plats, "某区开放规划", text)
    assert not m.home_names and text in m._seen        # what was found in the plan is kept
    assert m.find(text) == Matcher(plats).find(text)
    home = next(p for p in plats if p.home)
    m2 = Matcher(plats, home.name + "规划", text)
    assert m2.home_names and text not in m2._seen       # home names: compiled again


def test_the_heads_of_an_enumeration_are_worked_out_once_for_a_gazetteer(plats):
    m, other = Matcher(plats), Matcher(plats)
    first = m._heads_of("国际合作产业园", "中以等国际合作产业园")
    assert first == tuple(m._heads("国际合作产业园", "中以等国际合作产业园")) and "国际合作产业园" in first
    assert other._heads_of("国际合作产业园", "中以等国际合作产业园") is first
