"""make bench (window): start-up to first painted window (median of 5, as a ratio to
a minimal PySide6 window started the same way) and memory after start, at 1x and on
the 250-plan library (bench/library.py); there, the time from the last keystroke in
the search box to results shown, per query class of the bench's mix
(bench/search_queries.py), and the window process's peak RSS."""
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

import library  # noqa: E402
from search_queries import CLASSES, make as make_queries  # noqa: E402


def start(kind: str, data: Path) -> tuple[float, int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.time()
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "startup_child.py"), kind, str(data)],
                         capture_output=True, text=True, env=env, timeout=120).stdout.split()
    return float(out[0]) - t0, int(out[1])


def keystroke_to_results(data: Path, queries: list[tuple[str, str]], key_ms: int) -> dict:
    """The window on `data` in a child (bench/window_child.py): each query typed a
    character at a time, the last key to the results shown; the child's peak RSS."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as f:
        json.dump(queries, f, ensure_ascii=False)
    try:
        r = subprocess.run([sys.executable, str(ROOT / "bench" / "window_child.py"), str(data), f.name, str(key_ms)],
                           capture_output=True, text=True, env=env, timeout=600)
    finally:
        os.unlink(f.name)
    if r.returncode:
        raise SystemExit(r.stderr[-2000:])
    got = json.loads(r.stdout.strip().splitlines()[-1])
    per = {}
    for cls in CLASSES + ("all",):
        ms = [x["ms"] for x in got["queries"] if cls in (x["class"], "all") and x["ms"] is not None]
        if ms:
            per[cls] = {"median_ms": round(statistics.median(ms), 1), "max_ms": round(max(ms), 1), "n": len(ms),
                        "median_after_debounce_ms": round(statistics.median(ms) - got["debounce_ms"], 1)}
    got["classes"] = per
    got["missed"] = [x["query"] for x in got["queries"] if x["ms"] is None]
    return got


def pick(queries: list[tuple[str, str]], per_class: int) -> list[tuple[str, str]]:
    """The first `per_class` queries of each class (the mix is already shuffled by its seed)."""
    return [x for cls in CLASSES for x in [y for y in queries if y[0] == cls][:per_class]]


def figures(data: Path, runs: int) -> dict:
    start("minimal", data)           # warm the OS caches for both
    start("plandesk", data)
    mins = [start("minimal", data) for _ in range(runs)]
    ours = [start("plandesk", data) for _ in range(runs)]
    m = statistics.median(t for t, _ in mins)
    p = statistics.median(t for t, _ in ours)
    return {"minimal_window_s": round(m, 3), "plandesk_window_s": round(p, 3), "ratio": round(p / m, 2),
            "rss_mib": {"minimal": round(statistics.median(r for _, r in mins) / 1024, 1),
                        "plandesk": round(statistics.median(r for _, r in ours) / 1024, 1)},
            "runs": runs}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/startup.json")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--lib", default="build/bench-lib", help="the 250-plan library (built when missing)")
    ap.add_argument("--per-class", type=int, default=4, help="queries typed per class")
    ap.add_argument("--key-ms", type=int, default=250, help="between two keys (the debounce is 180 ms)")
    a = ap.parse_args()
    from db import paths, store  # lazy: the window's figures are taken in children, before these load
    from db.store import Store  # lazy: as above
    from search import index  # lazy: as above
    from search.units import load_units  # lazy: as above
    report = {"targets": {"ratio": 3.0, "absolute_s": 1.5, "scale_ratio": 1.5, "rss_mib_at_scale": 300},
              "load_before": os.getloadavg()}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "d1"
        store.build(None, data)
        index.build(data)
        report["1x"] = figures(data, a.runs)
    data50 = library.ensure(ROOT / a.lib, a.copies)
    report[f"{a.copies}x"] = figures(data50, max(1, a.runs // 2))
    report["scale_ratio_start"] = round(report[f"{a.copies}x"]["plandesk_window_s"]
                                        / report["1x"]["plandesk_window_s"], 2)
    with Store(paths.plans_db(data50)) as st:
        texts = [u.text for u in load_units(st)]
    typed = pick(make_queries(texts), a.per_class)
    report[f"keystroke_to_results_{a.copies}x"] = keystroke_to_results(data50, typed, a.key_ms)
    report["load_after"] = os.getloadavg()
    (ROOT / a.out).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
