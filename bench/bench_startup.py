"""make bench (window): start-up to first painted window (median of 5, as a ratio to
a minimal PySide6 window started the same way), memory after start, and the time
from a keystroke in the search box to results shown."""
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


def start(kind: str, data: Path) -> tuple[float, int]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    t0 = time.time()
    out = subprocess.run([sys.executable, str(ROOT / "bench" / "startup_child.py"), kind, str(data)],
                         capture_output=True, text=True, env=env, timeout=120).stdout.split()
    return float(out[0]) - t0, int(out[1])


def keystroke_to_results(data: Path, queries: list[str]) -> dict:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from desktop.window.main_window import MainWindow
    app = QApplication.instance() or QApplication([])
    app.setOrganizationName("PlanDeskBench")
    w = MainWindow(data)
    w.show()
    got = []
    w.search.shown.connect(lambda n, secs: got.append(secs))
    times = []
    for q in queries:
        n = len(got)
        w.search.edit.clear()
        app.processEvents()
        w.search.edit.setText(q)
        deadline = time.time() + 10
        while len(got) == n and time.time() < deadline:
            app.processEvents()
            time.sleep(0.001)
        if len(got) > n:
            times.append(got[-1] * 1000)
    w.search.shutdown()
    w.close()
    from desktop.window.search_panel import DEBOUNCE_MS
    return {"median_ms": round(statistics.median(times), 1), "max_ms": round(max(times), 1),
            "debounce_ms": DEBOUNCE_MS, "queries": len(times)}


QUERIES = ["两江新区", "西永综保区", "陆海新通道", "人才 金融", "自贸区", "江", "\"开放平台\"", "kind:box 人才"]


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
            "runs": runs, "keystroke_to_results": keystroke_to_results(data, QUERIES)}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/startup.json")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--copies", type=int, default=50)
    a = ap.parse_args()
    from db import store
    from search import index
    sys.path.insert(0, str(ROOT / "bench"))
    from scale_corpus import make
    report = {"targets": {"ratio": 3.0, "absolute_s": 1.5, "scale_ratio": 1.5, "rss_mib_at_scale": 300}}
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "d1"
        store.build(None, data)
        index.build(data)
        report["1x"] = figures(data, a.runs)
        if a.copies:
            big, data50 = Path(tmp) / "big", Path(tmp) / "d50"
            make(big, a.copies)                 # copies × 5 different plans
            store.build(big, data50)
            index.build(data50)
            report[f"{a.copies}x"] = figures(data50, max(1, a.runs // 2))
            report["scale_ratio_start"] = round(report[f"{a.copies}x"]["plandesk_window_s"]
                                                / report["1x"]["plandesk_window_s"], 2)
    (ROOT / a.out).write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
