"""The bundled plans' targets and indicator rows against the hand-made key
(tests/keys/targets.json): found, right in every field, nothing that is not a
target, baselines attached, one entry per target however often it is printed,
and the same from every conversion of the plans."""
from __future__ import annotations

import pytest

from tests.helpers import support
from tests.helpers import targets_key as tk
from db.importer import parse_file
from db.indicators.comparison import entries

KEY = tk.load()
CONV = support.TESTS / "conversions"


@pytest.fixture(scope="module")
def scored(built_store):
    return tk.score(built_store, KEY)


def test_every_required_target_is_found(scored):
    assert [t["id"] for t in scored["missed"]] == []
    assert scored["recall"] == 1.0


@pytest.mark.parametrize("field", tk.FIELDS)
def test_every_field_of_a_found_target_is_right(scored, field):
    assert scored["wrong_fields"][field] == []


def test_nothing_is_a_target_that_the_key_says_is_not(scored):
    assert scored["false"] == []
    assert scored["precision"] >= 0.97, [(i["target"], i["source_text"][:30]) for i in scored["extra"]]


def _rows(store):
    return {(r["document_id"], r["table_label"], r["seq"]): r for r in store.indicators() if r["table_label"]}


@pytest.mark.parametrize("row", KEY["table_rows"], ids=lambda r: r["id"])
def test_every_table_row_exactly(built_store, row):
    r = _rows(built_store)[(row["doc"], row["table"], row["seq"])]
    assert (r["name"], r["unit"], r["baseline"], r["target"], r["baseline_year"], r["target_year"], r["scope"]) == \
        (row["name"], row["unit"], row["baseline"], row["target"], row["baseline_year"], row["target_year"], row["scope"])
    assert bool(r["cumulative"]) == row["cumulative"]
    assert (r["confidence"] < 1) == row["uncertain"]
    if row["canonical"]:
        assert r["metric"] == row["canonical"]


@pytest.mark.parametrize("b", [b for b in KEY["baselines"] if b["for_targets"]], ids=lambda b: b["text"][:12])
def test_a_targets_baseline_from_its_plans_own_account(built_store, b):
    ours = tk.prose(built_store)
    got = [tk.pair(t, ours) for t in KEY["targets"] if t["id"] in b["for_targets"]]
    if b["text"].startswith("推动 41 项市级管理权限"):
        pytest.xfail("权限 and 事项: the plan names the base figure differently from the target")
    for i in got:
        assert i is not None and tk.norm(i["baseline"]) == tk.norm(b["value"]), (b["text"], i and i["baseline"])
        assert tk.contains(b["text"], i["baseline_text"]) >= 0.8


def test_a_target_restating_its_table_row_is_one_entry_with_both_places(built_store):
    # (a restatement in another plan — 001 repeating 002's 中欧班列 3000列 — stays that plan's entry)
    rows = [(r, [t for t in r["same_as"] if t.startswith(f"T-{r['doc']}-")]) for r in KEY["table_rows"]]
    assert sum(len(same) for _, same in rows) >= 5
    for row, same in rows:
        es = [e for e in entries(built_store, row["doc"]) if e["table_label"] == row["table"] and e["seq"] == row["seq"]]
        assert len(es) == 1 and len(es[0]["sources"]) == 1 + len(same), row["id"]


@pytest.mark.parametrize("dup", KEY["duplicates"], ids=lambda d: d["target_id"])
def test_a_target_printed_twice_is_one_entry_with_both_lines(built_store, dup):
    t = next(t for t in KEY["targets"] if t["id"] == dup["target_id"])
    ours = [i for i in tk.prose(built_store) if i["document_id"] == dup["doc"] and tk.number(i["target"]) == tk.number(t["value"])
            and tk.contains(t["text"], i["source_text"]) >= 0.5]
    assert len(ours) == 1
    assert len(ours[0]["printed_at"]) == 2


def _targets(doc):
    return [(i.name, i.target, i.comparator, i.direction, i.scope, i.target_year, i.metric, i.norm_value, i.baseline,
             i.same_as is not None) for i in doc.indicators if not i.table_label]


@pytest.mark.parametrize("fmt", ["docx-numbered", "docx-styled", "html-gov", "pdf-lo", "pdf-chrome"])
def test_every_conversion_gives_the_same_targets(fmt, parsed_docs):
    for prefix in support.PREFIXES:
        f = next((CONV / fmt).glob(f"{prefix}_*"))
        assert _targets(parse_file(f)) == _targets(parsed_docs[prefix]), f.name
