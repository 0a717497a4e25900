"""make bench (import): importing one new plan into a library of 1x the corpus and into
(a copy of) the 250-plan library (bench/library.py), store and index together (only
the new plan is parsed and indexed), per format; and `plandesk import` as a fresh process."""
from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from db import paths  # noqa: E402
from db.store import builder  # noqa: E402
from desktop.services import importing, update  # noqa: E402

import library  # noqa: E402

CONV = ROOT / "tests" / "conversions"


def new_plan(tmp: Path) -> dict[str, Path]:
    """A plan the library doesn't have, in three formats: the 成渝 方案 renamed."""
    out = {}
    src = (paths.resource("corpus") / "003_32612307c233c21c.txt").read_text(encoding="utf-8")
    out["text"] = tmp / "new-plan.txt"
    out["text"].write_text(src.replace("成渝地区", "川黔地区"), encoding="utf-8")
    for fmt, folder, ext in (("docx", "docx-styled", ".docx"), ("pdf", "pdf-lo", ".pdf")):
        out[fmt] = tmp / f"new-plan{ext}"
        shutil.copy(CONV / folder / f"003_32612307c233c21c{ext}", out[fmt])
    return out


def time_import(data: Path, f: Path, repeat: int) -> list[float]:
    """Import then remove, `repeat` times; each import timed (parse, store, index)."""
    ts = []
    for _ in range(repeat):
        builder.clear_parse_cache()
        t0 = time.perf_counter()
        res = importing.import_files(data, [f], replace=True)
        ts.append(time.perf_counter() - t0)
        did = next(c.doc_id for c in res if c.status in ("imported", "replaced"))
        importing.remove_plan(data, did)
    return ts


def cli_import(data: Path, f: Path) -> float:
    """`plandesk import FILE` in a fresh process (Python, jieba's start-up included)."""
    t0 = time.perf_counter()
    r = subprocess.run([sys.executable, "-m", "desktop", "import", str(f), "--replace", "--data", str(data)],
                       cwd=ROOT, capture_output=True, text=True)
    took = time.perf_counter() - t0
    if r.returncode:
        raise SystemExit(r.stderr)
    return round(took, 3)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/import.json")
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--lib", default="build/bench-lib", help="the 250-plan library (built when missing; copied)")
    a = ap.parse_args()
    report = {"target_50x_s": 1.0, "what": "import one new plan (parse + store change + index update), then remove it"}
    lib50 = library.ensure(ROOT / a.lib, a.copies)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        plans = new_plan(tmp)
        for label in ("1x", f"{a.copies}x"):
            data = tmp / f"data-{label}"
            t0 = time.perf_counter()
            if label == "1x":
                update.update(data)
            else:
                shutil.copytree(lib50, data)        # the shared library, copied: imports change it
            res = {"library_build_s" if label == "1x" else "library_copy_s": round(time.perf_counter() - t0, 2)}
            for fmt, f in plans.items():
                ts = time_import(data, f, a.repeat)
                res[f"import_{fmt}_s"] = {"median": round(statistics.median(ts), 3), "runs": [round(t, 3) for t in ts]}
            res["cli_import_docx_s"] = cli_import(data, plans["docx"])
            report[label] = res
            print(label, json.dumps(res, ensure_ascii=False), flush=True)
    out = ROOT / a.out
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
