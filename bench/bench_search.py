"""make bench (search): index build time, warm query latency p50/p95 over 200 fixed
queries (snippets included), the same through FTS5 trigram, and both at 50x."""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from db import paths, store  # noqa: E402
from search import index  # noqa: E402
from search.engine import SearchEngine  # noqa: E402

from fts5_baseline import Fts5  # noqa: E402
from scale_corpus import make  # noqa: E402
from search_queries import make as make_queries  # noqa: E402


SCREEN = 20          # hits a results panel shows at once


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def measure(fn, queries, rounds=3):
    for q in queries:      # warm-up
        fn(q)
    per = {q: [] for q in queries}
    for _ in range(rounds):
        for q in queries:
            t0 = time.perf_counter()
            fn(q)
            per[q].append(time.perf_counter() - t0)
    lat = [statistics.median(v) * 1000 for v in per.values()]
    return {"p50_ms": round(pct(lat, 50), 3), "p95_ms": round(pct(lat, 95), 3), "max_ms": round(max(lat), 3)}


def one(corpus, data: Path, label: str, queries=None):
    data.mkdir(parents=True, exist_ok=True)
    store.build(corpus, data)
    t = []
    for _ in range(3 if label == "1x" else 1):
        t0 = time.perf_counter()
        index.build(data)
        t.append(time.perf_counter() - t0)
    eng = SearchEngine(data)
    if queries is None:
        queries = make_queries([u.text for u in eng.units])
    fts = Fts5(eng.units)
    # a search as the window does it: 50 hits ranked, snippets made for the screenful shown
    ours = measure(lambda q: [h.snippet for h in eng.search(q, limit=50)[:SCREEN]], queries)
    base = measure(lambda q: fts.search(q, limit=50), queries)
    res = {"units": len(eng.units), "index_build_s": round(statistics.median(t), 3),
           "plandesk": ours, "fts5_trigram": base,
           "ratio_p50": round(ours["p50_ms"] / base["p50_ms"], 1),
           "ratio_p95": round(ours["p95_ms"] / base["p95_ms"], 1)}
    eng.close()
    return res, queries


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/search.json")
    ap.add_argument("--copies", type=int, default=50)
    a = ap.parse_args()
    report = {"queries": 200, "targets": {"p95_1x_ms": 30, "p95_50x_ms": 150}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        r1, queries = one(None, tmp / "d1", "1x")
        report["1x"] = r1
        big = tmp / "big"
        make(big, a.copies)              # copies × 5 *different* plans (bench/scale_corpus.py)
        r50, _ = one(big, tmp / "d50", f"{a.copies}x", queries)
        report[f"{a.copies}x"] = r50
    out = ROOT / a.out
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
