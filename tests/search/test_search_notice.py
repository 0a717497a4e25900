"""Any string of a plan is found: its covering notice (印发通知), its 发文字号 and its
title too. With its 导言 they make the plan's opening unit, `ID:#preamble`, which
opens at the plan's first page; the verbatim-recall promise of test_search_recall
holds for them."""
from __future__ import annotations

import json
import random

import pytest

from tests.helpers.search_helpers import BIG, expected, ids
from tests.helpers.support import run_cli
from tests.search.test_search_recall import _parsed_as_syntax


def openings(store) -> dict[str, dict]:
    return {d["id"]: d for d in store.documents()}


def opening_id(did: str) -> str:
    return f"{did}:#preamble"


def test_each_plan_has_one_opening_unit(built_store, search_units):
    heads = {u.id: u for u in search_units if u.id.endswith(":#preamble")}
    assert set(heads) == {opening_id(d) for d in openings(built_store)}
    for did, d in openings(built_store).items():
        u = heads[opening_id(did)]
        assert u.kind == "section" and u.document_id == did and u.title == "导言"
        for s in (d["notice"], d["doc_number"], d["title"], d["preamble"]):
            assert not s or s.strip() in u.text
        if d["notice"]:                                # in the plan's order: the notice, then the 导言
            assert u.body.index(d["notice"].strip()) < u.body.index(d["preamble"])


def test_a_plan_without_a_preamble_still_has_its_opening():
    from search.units import opening
    d = dict(id="x", title="某规划", doc_number="渝府发〔2021〕1号", notice="现将规划印发给你们", preamble=None)
    u = opening(d)
    assert (u.id, u.title) == ("x:#preamble", "印发通知")
    assert u.body.splitlines() == ["某规划", "渝府发〔2021〕1号", "现将规划印发给你们"]
    assert opening(dict(d, notice="关于印发某规划的通知")).body.count("某规划") == 1     # said once
    assert opening(dict(d, notice=None, doc_number=None)).title == "标题"


@pytest.mark.parametrize("number, did", [("渝府发〔2021〕24号", "inland-opening-2021"),
                                         ("渝府办发〔2022〕58号", "ftz-2022"),
                                         ("渝府办发〔2022〕86号", "chengyu-2022"),
                                         ("渝高新发〔2021〕27号", "hightech-zone-2021")])
def test_a_doc_number_finds_its_plan(search_engine, built_store, number, did):
    assert built_store.document(did)["doc_number"] == number
    hits = search_engine.search(number, limit=BIG)
    assert hits and hits[0].id == opening_id(did)
    assert f"<b>{number}</b>" in hits[0].snippet


def test_plandesk_search_finds_a_doc_number(data, capsys):
    code, out, _ = run_cli(capsys, "search", "渝府发〔2021〕24号", "--json", "--data", data)
    assert code == 0
    hits = json.loads(out)
    assert hits[0]["id"] == "inland-opening-2021:#preamble" and "渝府发〔2021〕24号" in hits[0]["snippet"]


def test_the_covering_notice_is_searchable(search_engine, search_units):
    """A phrase only the notice holds (the addressees of 001's notice)."""
    s = "各区县（自治县）人民政府，市政府各部门，有关单位"
    want = expected(search_units, s)
    assert opening_id("ftz-2022") in want and all(w.endswith(":#preamble") for w in want)
    assert ids(search_engine.search(s, limit=BIG)) == want


def notice_draws(store, n: int = 200, seed: int = 23) -> list[str]:
    """Random substrings (1-10 characters) of the notices, 发文字号 and titles."""
    rng = random.Random(seed)
    texts = [t for d in store.documents() for t in (d["notice"], d["doc_number"], d["title"]) if t]
    out: list[str] = []
    while len(out) < n:
        t = rng.choice(texts)
        k = rng.randint(1, 10)
        i = rng.randrange(0, max(1, len(t) - k + 1))
        s = t[i:i + k]
        if s and not any(c.isspace() for c in s) and not _parsed_as_syntax(s):
            out.append(s)
    return out


def test_random_substrings_of_notices_find_exactly_the_units_holding_them(search_engine, search_units, built_store):
    wrong = []
    for s in notice_draws(built_store):
        want = expected(search_units, s)
        assert any(w.endswith(":#preamble") for w in want), s
        got = ids(search_engine.search(s, limit=BIG))
        if got != want:
            wrong.append((s, sorted(want - got)[:3], sorted(got - want)[:3]))
    assert not wrong, f"{len(wrong)} queries (query, missing, extra): {wrong[:10]}"
