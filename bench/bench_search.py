"""make bench (search): what a search costs, per query-length class, on the 250-plan
library (bench/library.py) and at 1x, with the bench's own query mix
(bench/search_queries.py: 200 queries, none of the relevance key's).

Three ways, measured in the same loop, query by query (so a busy moment hits all three):
- in process, as the window asks (SearchEngine.search, limit 200, snippets of the 20 shown),
  and with the window's garbage collection (desktop.services.collector: automatic
  collection off, what is due collected between queries as the window's timer does
  between keystrokes; those passes reported on their own, `idle_collections`);
- `plandesk search - --json` (one process reading every query on stdin, its default
  limit of 20 with their snippets): from writing the line to reading the answer;
- SQLite FTS5 trigram over the same units (bench/fts5_baseline.py; 1-2 characters by
  LIKE, unranked, since a trigram index cannot hold them).
Each query's latency is the median of --rounds, each round with a new engine and CLI
process warmed on other queries (never the same query twice in one process: the
engine's scan cache would answer it); p50/p95/max are over the queries of a class. Then the first search after start: a fresh `plandesk search`
process, from its start to its first answer."""
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from db import store  # noqa: E402
from desktop.services.collector import IdleCollector  # noqa: E402
from search import index  # noqa: E402
from search.engine import SearchEngine  # noqa: E402

import library  # noqa: E402
from fts5_baseline import Fts5  # noqa: E402
from search_queries import CLASSES, make as make_queries  # noqa: E402

SCREEN = 20          # hits a results panel shows at once
WINDOW_LIMIT = 200   # what desktop/window/search_panel.SearchWorker asks for
CLI = [sys.executable, "-m", "desktop", "search", "-", "--json", "--data"]


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def figures(ms: list[float]) -> dict:
    return {"p50_ms": round(pct(ms, 50), 2), "p95_ms": round(pct(ms, 95), 2), "max_ms": round(max(ms), 2),
            "n": len(ms)}


class Cli:
    """One `plandesk search - --json` process: a query in, one JSON line out."""

    def __init__(self, data: Path):
        self.p = subprocess.Popen(CLI + [str(data)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1)

    def search(self, q: str) -> int:
        self.p.stdin.write(q + "\n")
        self.p.stdin.flush()
        return len(json.loads(self.p.stdout.readline()))

    def close(self):
        self.p.stdin.close()
        self.p.wait(timeout=30)


def first_search(data: Path, q: str, runs: int = 3) -> dict:
    """A fresh `plandesk search` process: start to first answer (Python and imports
    included), and the same with the process already started (`-`: the engine opened
    and the first query answered after the process is up)."""
    whole = []
    for _ in range(runs):
        t0 = time.perf_counter()
        p = subprocess.Popen(CLI + [str(data)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                             stderr=subprocess.DEVNULL, text=True, encoding="utf-8", bufsize=1)
        p.stdin.write(q + "\n")
        p.stdin.flush()
        p.stdout.readline()
        whole.append(time.perf_counter() - t0)
        p.stdin.close()
        p.wait(timeout=30)
    code = ("import sys, time; sys.path.insert(0, '.'); t0 = time.perf_counter()\n"
            "from search.engine import SearchEngine\n"
            "t1 = time.perf_counter(); e = SearchEngine(sys.argv[1]); t2 = time.perf_counter()\n"
            "e.search(sys.argv[2], limit=200)[:20]; t3 = time.perf_counter()\n"
            "print(t1 - t0, t2 - t1, t3 - t2)")
    parts = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", code, str(data), q], cwd=ROOT, capture_output=True,
                             text=True, check=True).stdout.split()
        parts.append([float(x) for x in out])
    med = [statistics.median(p[i] for p in parts) for i in range(3)]
    return {"query": q, "cli_start_to_first_answer_s": round(statistics.median(whole), 3),
            "import_s": round(med[0], 3), "engine_open_s": round(med[1], 3), "first_search_s": round(med[2], 3),
            "open_plus_first_search_s": round(med[1] + med[2], 3), "target_s": 0.3, "runs": runs}


def class_row(per: dict[str, dict[str, list[float]]], qs: list[str]) -> dict:
    """Each way's figures over queries `qs` (each query's median over the rounds), and
    the ratios of the engine's and the CLI's to FTS5's."""
    row = {w: figures([statistics.median(per[w][q]) for q in qs]) for w in per}
    for w in ("plandesk", "cli"):
        row[f"{w}_to_fts5"] = {k: round(row[w][k] / max(row["fts5"][k], 1e-3), 1)
                               for k in ("p50_ms", "p95_ms", "max_ms")}
    return row


def one(data: Path, queries: list[tuple[str, str]], warm: list[str], rounds: int) -> dict:
    """Every query once per round through each way, the ways' order alternating query
    by query. Each round opens a new engine and a new `plandesk search -` process and
    warms them on other queries: the engine keeps the strings it scanned for, so a
    query asked twice would be timed from its cache, which no one typing feels."""
    eng = SearchEngine(data)
    fts = Fts5(eng.units)
    units = len(eng.units)
    eng.close()
    per = {w: {q: [] for _, q in queries} for w in ("plandesk", "cli", "fts5")}
    idle, ticks = IdleCollector().start(), []     # the window's collector: off mid-search, run between
    for r in range(rounds):
        eng, cli = SearchEngine(data), Cli(data)
        ways = {"plandesk": lambda q: [h.snippet for h in eng.search(q, limit=WINDOW_LIMIT)[:SCREEN]],
                "cli": cli.search,
                "fts5": lambda q: fts.search(q, limit=WINDOW_LIMIT, shown=SCREEN)}
        for q in warm:
            for w in ways.values():
                w(q)
        for k, (_, q) in enumerate(queries):
            for w in (list(ways) if (k + r) % 2 == 0 else list(reversed(ways))):   # alternate who goes first
                t0 = time.perf_counter()
                ways[w](q)
                per[w][q].append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            if idle.tick() is not None:         # what the window's timer does between keystrokes
                ticks.append((time.perf_counter() - t0) * 1000)
        cli.close()
        eng.close()
    idle.stop()
    res = {"units": units, "classes": {},
           "idle_collections": {"n": len(ticks), "queries": len(queries) * rounds,
                                "p50_ms": round(pct(ticks, 50), 2) if ticks else 0,
                                "max_ms": round(max(ticks), 2) if ticks else 0}}
    for cls in CLASSES + ("all",):
        res["classes"][cls] = class_row(per, [q for c, q in queries if cls in (c, "all")])
    # the two groups, by the length typed, whatever class drew the query (a common
    # term of two characters is a short query): 1-2 characters (p95 <= 15 ms), 3 or more (<= 2x FTS5)
    res["by_length"] = {name: class_row(per, [q for _, q in queries if short == (len(q) <= 2)])
                        for name, short in (("1-2", True), ("3+", False))}
    slow = sorted(per["plandesk"], key=lambda q: -statistics.median(per["plandesk"][q]))[:8]
    res["slowest"] = {q: round(statistics.median(per["plandesk"][q]), 1) for q in slow}
    return res


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/search.json")
    ap.add_argument("--lib", default="build/bench-lib", help="the 250-plan library (built when missing)")
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--rounds", type=int, default=5)
    a = ap.parse_args()
    data50 = library.ensure(ROOT / a.lib, a.copies)
    eng = SearchEngine(data50)
    texts = [u.text for u in eng.units]
    eng.close()
    queries = make_queries(texts)
    warm = [q for _, q in make_queries(texts, 24, seed=1)]      # other queries, to warm each round
    report = {"load_before": os.getloadavg(), "cpus": os.cpu_count(), "rounds": a.rounds,
              "targets": {"short_p95_ms": 15, "short_max_ms": 50, "long_p95_to_fts5": 2.0},
              "queries": {c: [q for k, q in queries if k == c] for c in CLASSES}}
    with tempfile.TemporaryDirectory() as tmp:
        data1 = Path(tmp) / "d1"
        store.build(None, data1)
        index.build(data1)
        report["1x"] = one(data1, queries, warm, a.rounds)
    report[f"{a.copies}x"] = one(data50, queries, warm, a.rounds)
    report[f"first_search_{a.copies}x"] = first_search(data50, next(q for c, q in queries if c == "common"))
    report["load_after"] = os.getloadavg()
    out = ROOT / a.out
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(json.dumps({k: v for k, v in report.items() if k != "queries"}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
