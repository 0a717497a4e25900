"""Scoring the search ranking against tests/keys/relevance.json (judged by hand):
for each topical query, is a unit the key grades 2 (about the topic; grade 1 when
the query has none) among the top k hits?"""
from __future__ import annotations

import json

from tests.helpers import support

KEY = support.KEYS / "relevance.json"


def load() -> list[dict]:
    return json.loads(KEY.read_text(encoding="utf-8"))["queries"]


def wanted(q: dict) -> set[str]:
    best = max(q["relevant"].values())
    return {u for u, g in q["relevant"].items() if g == best}


def unit_of(hit_id: str) -> str:
    return hit_id.split("#")[0] if "#" in hit_id and ":专栏" not in hit_id else hit_id


def score(engine, ks=(3, 10)) -> dict:
    qs = load()
    hits = {k: 0 for k in ks}
    missed = {k: [] for k in ks}
    for q in qs:
        ids = [h.id for h in engine.search(q["query"], limit=max(ks))]
        for k in ks:
            if wanted(q) & set(ids[:k]):
                hits[k] += 1
            else:
                missed[k].append((q["query"], ids[:3]))
    return {"queries": len(qs), **{f"top{k}": hits[k] / len(qs) for k in ks}, "missed": missed}


if __name__ == "__main__":
    import sys
    from search.engine import SearchEngine
    eng = SearchEngine(sys.argv[1])
    if eng.index_error:
        sys.exit(f"index not in use ({eng.index_error}): built under another PLANDESK_CONFIG? rebuild it first")
    r = score(eng)
    print(f"queries {r['queries']}  top3 {r['top3']:.3f}  top10 {r['top10']:.3f}")
    if "-v" in sys.argv:
        for q, ids in r["missed"][10]:
            print("MISS10", q, ids)
        for q, ids in r["missed"][3]:
            print("MISS3", q, ids)
    eng.close()
