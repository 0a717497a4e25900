"""The resolver held to the hand-checked key (tests/keys/references.json, written by
reading the five plans): every 《…》 found with its count, every resolvable one
resolved to its plan, none resolved that the key leaves unresolved, the plans' own
titles marked self; kind, 发文字号 and line agree."""
from __future__ import annotations

import json
from collections import Counter

import pytest

from tests.helpers import support
from db.place import DocPlaces
from db.references.extract import extract
from db.references.resolve import Resolver

KEY = json.loads((support.TESTS / "keys" / "references.json").read_text(encoding="utf-8"))["plans"]
BY_ID = {support.doc_id(p): p for p in support.PREFIXES}


@pytest.fixture(scope="module")
def found(parsed_docs):
    return {did: extract(parsed_docs[p], DocPlaces(did, parsed_docs[p])) for did, p in BY_ID.items()}


@pytest.fixture(scope="module")
def resolver(built_store):
    return Resolver(built_store.documents())


def test_the_key_covers_the_five_plans():
    assert set(KEY) == set(BY_ID)


@pytest.mark.parametrize("did", sorted(BY_ID))
def test_every_reference_is_found_with_its_count_and_nothing_else(did, found):
    assert Counter(r.quote for r in found[did]) == {k["quote"]: k["count"] for k in KEY[did]["refs"]}


@pytest.mark.parametrize("did", sorted(BY_ID))
def test_kind_number_self_and_line_agree_with_the_key(did, found):
    for k in KEY[did]["refs"]:
        rs = [r for r in found[did] if r.quote == k["quote"]]
        assert {r.kind for r in rs} == {k["kind"]}, k["quote"]
        assert {r.doc_number for r in rs} == {k["doc_number"]}, k["quote"]
        assert {r.self for r in rs} == {k["self"]}, k["quote"]
        first = rs[0]
        assert first.line_start <= k["line"] <= first.line_end, (k["quote"], first)


@pytest.mark.parametrize("did", sorted(BY_ID))
def test_resolved_as_the_key_says_and_never_wrongly(did, found, resolver):
    for k in KEY[did]["refs"]:
        r = next(r for r in found[did] if r.quote == k["quote"])
        assert resolver.resolve(r.means or r.quote, r.doc_number) == k["resolves_to"], k["quote"]


def test_the_figures(found, resolver):
    """21 《》 in all; the only resolvable ones are the plans' own titles."""
    refs = [r for rs in found.values() for r in rs]
    assert len(refs) == 21
    resolved = [r for r in refs if resolver.resolve(r.quote, r.doc_number)]
    assert len(resolved) == 6 and all(r.self for r in resolved)     # 002 and 004 print theirs twice
