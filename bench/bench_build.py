"""make bench: time to build the store at 1x (median of --repeat), and the 250-plan
library the other scripts share (bench/library.py): its store build and index build,
once each, with the index workers' peak RSS.

Writes a JSON report (measured in one run).
"""
from __future__ import annotations

import argparse
import json
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db import paths, store  # noqa: E402
from db.store import builder  # noqa: E402
from db.importer import parse_file  # noqa: E402

sys.path.insert(0, str(ROOT / "bench"))
import library  # noqa: E402


def timed(fn, repeat):
    ts = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        ts.append(time.perf_counter() - t0)
    return statistics.median(ts), ts


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/report.json")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lib", default="build/bench-lib", help="where the 250-plan library is built (made anew)")
    ap.add_argument("--copies", type=int, default=50)
    a = ap.parse_args()
    corpus = paths.resource("corpus")
    files = sorted(p for p in corpus.glob("*.txt"))
    report = {"machine": platform.platform(), "python": sys.version.split()[0], "repeat": a.repeat}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        data.mkdir()
        def cold_build(corpus, d):
            builder.clear_parse_cache()     # measure parsing too, not the in-process reuse
            store.build(corpus, d)

        med, ts = timed(lambda: cold_build(None, data), a.repeat)
        report["build_5_plans_s"] = {"median": round(med, 4), "runs": [round(t, 4) for t in ts], "target": 3.0}
        per_doc = {}
        for f in files:
            m, _ = timed(lambda f=f: parse_file(f), a.repeat)
            per_doc[f.name] = round(m, 4)
        report["parse_per_document_s"] = per_doc
        lib = ROOT / a.lib
        if lib.exists():
            shutil.rmtree(lib)
        built = library.build(lib, a.copies)        # copies x 5 different plans (bench/scale_corpus.py)
        med50 = built["store_build_s"]
        report[f"build_{a.copies}x_s"] = {"median": med50, "runs": [med50], "plans": built["plans"]}
        report["library"] = built
        report["targets"] = {"store_build_250_s": 20, "index_build_250_s": 15}
        report["growth_ratio"] = round(med50 / med, 1)
        report["growth_per_copy"] = round(med50 / med / a.copies, 2)
        report["store_bytes_5"] = (data / "plans.sqlite").stat().st_size
        report[f"store_bytes_{a.copies}x"] = built["store_bytes"]
    out = ROOT / a.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
