"""Which segmenter: jieba (pure Python) beside the compiled ones, measured in one run.

For each candidate, in fresh processes, alternating, --repeat times (medians, p95):
start-up (import + a Jieba with the base dictionary + the first cut), adding a
store's user words, and jieba's search-mode cut of every unit field of the five
plans and of the scale corpus (bench/scale_corpus.py); its installed size and
licence. Then, for jieba against rjieba through the project's own analyzer
(`search.analyzer.terms`): the term differences over the scale corpus, by kind;
the relevance key (top 10, top 3) on the five plans; the index build at the scale
corpus (workers as the machine gives them); the first search in a fresh process.
"Before" is jieba made the segmenter by making rjieba unimportable (a module on
PYTHONPATH that raises ImportError, so spawned index workers see it too).

python bench/bench_segmenter.py [--copies 50] [--repeat 3] [--alt-python /venv/bin/python]
  --alt-python: an interpreter with jieba_fast_dat / jieba_next installed (a scratch
  venv; they are not project dependencies), for the cut and start-up figures only.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = ("jieba", "rjieba", "jieba_fast_dat", "jieba_next")
DIST = {"jieba": "jieba", "rjieba": "rjieba", "jieba_fast_dat": "jieba_fast_dat", "jieba_next": "jieba-next"}


# ---------------------------------------------------------------- child processes

def child_cut(name: str, texts_file: str) -> dict:
    """In a fresh process: start-up, user words, the search-mode cut of the texts."""
    t0 = time.perf_counter()
    if name == "rjieba":
        import rjieba  # lazy: measured
        jb = rjieba.Jieba()
        cut = lambda s: jb.tokenize(s, mode="search")  # noqa: E731
    else:
        m = __import__(name)
        (getattr(m, "set_log_level", None) or m.setLogLevel)(60)
        m.dt.tmp_dir = os.environ["SEG_CACHE"]
        m.initialize()
        jb = m.dt
        cut = lambda s: jb.tokenize(s, mode="search")  # noqa: E731
    list(cut("加强知识产权保护"))
    startup = time.perf_counter() - t0
    data = json.loads(Path(texts_file).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    if name == "rjieba":
        jb2 = rjieba.Jieba()
        for w in data["words"]:
            jb2.add_word(w, max(2000, 400 * len(w)), None)
    elif hasattr(m.dt, "FREQ"):      # jieba, jieba_next: a tokenizer of its own, as the project does
        jb2 = m.Tokenizer(m.dt.dictionary)
        jb2.FREQ, jb2.total, jb2.initialized = dict(m.dt.FREQ), m.dt.total, True
        for w in data["words"]:
            jb2.add_word(w, freq=max(2000, 400 * len(w)))
    else:                           # jieba_fast_dat (a compiled dictionary): the process's own
        jb2 = m.dt
        for w in data["words"]:
            jb2.add_word(w, freq=max(2000, 400 * len(w)))
    words = time.perf_counter() - t0
    out = {"startup_s": startup, "user_words_s": words}
    for k in ("five", "scale"):
        t0 = time.perf_counter()
        n = sum(1 for s in data[k] for _ in jb2.tokenize(s, mode="search"))
        out[f"cut_{k}_s"] = time.perf_counter() - t0
        out[f"tokens_{k}"] = n
    return out


def package_facts(name: str) -> dict:
    from importlib import metadata  # lazy: only this child needs it
    try:
        d = metadata.distribution(DIST[name])
    except metadata.PackageNotFoundError:
        return {}
    size = sum(f.size or 0 for f in d.files or [])
    lic = d.metadata.get("License-Expression") or d.metadata.get("License") or ""
    lic = lic or ";".join(c.split("::")[-1].strip() for c in d.metadata.get_all("Classifier") or [] if "License" in c)
    return {"version": d.version, "installed_bytes": size, "licence": lic.strip()[:40]}


def child_search(data: str) -> dict:
    """In a fresh process: open the engine on DATA and run the first search."""
    t0 = time.perf_counter()
    sys.path.insert(0, str(ROOT))
    from search.engine import SearchEngine  # lazy: measured
    e = SearchEngine(data)
    e.search("两江新区")
    out = {"first_search_s": time.perf_counter() - t0, "index_status": e.index_status,
           "rjieba_loaded": "rjieba" in sys.modules, "jieba_loaded": "jieba" in sys.modules}
    e.close()
    return out


def child_build(data: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from search import index, segmenter  # lazy: measured
    shutil.rmtree(index.index_dir(Path(data)), ignore_errors=True)
    t0 = time.perf_counter()
    index.build(Path(data))
    return {"build_s": time.perf_counter() - t0, "segmenter": "rjieba" if segmenter._rjieba() else "jieba"}


def child_relevance(data: str) -> dict:
    sys.path.insert(0, str(ROOT))
    from search import index, segmenter  # lazy: measured
    from search.engine import SearchEngine  # lazy: measured
    from tests.helpers import relevance_key as rk  # lazy: measured
    shutil.rmtree(index.index_dir(Path(data)), ignore_errors=True)
    index.build(Path(data))
    e = SearchEngine(data)
    r = rk.score(e)
    e.close()
    return {"segmenter": "rjieba" if segmenter._rjieba() else "jieba", "top10": r["top10"], "top3": r["top3"], "queries": r["queries"]}


# ---------------------------------------------------------------- the parent

def run_child(args: list[str], python: str = sys.executable, block: Path | None = None) -> dict:
    env = dict(os.environ)
    if block is not None:
        env["PYTHONPATH"] = os.pathsep.join([str(block), env.get("PYTHONPATH", "")]).rstrip(os.pathsep)
    r = subprocess.run([python, __file__, "--child", *args], capture_output=True, text=True, env=env, cwd=ROOT)
    if r.returncode:
        raise RuntimeError(r.stderr[-2000:])
    return json.loads(r.stdout.strip().splitlines()[-1])


def stats(xs: list[float]) -> dict:
    xs = sorted(xs)
    return {"median": round(statistics.median(xs), 4), "p95": round(xs[min(len(xs) - 1, round(0.95 * (len(xs) - 1)))], 4),
            "runs": [round(x, 4) for x in xs]}


def kind_of(term: str, user: set[str]) -> str:
    if term in user:
        return "user word"
    if re.search(r"\d", term):
        return "number"
    if re.search(r"[-‐–—._%/+#&]", term):
        return "hyphen/punctuation"
    if re.search(r"[A-Za-z]", term):
        return "latin"
    return "chinese"


def term_diff(units, words: list[str], data: Path) -> dict:
    """The project's analysis with jieba and with rjieba, field by field, over the units."""
    from search import segmenter  # lazy: after sys.path is set
    from search.analyzer import terms  # lazy: after sys.path is set
    a, b = segmenter.Fallback.for_store(data, words), segmenter.Compiled(words)
    ta, tb = Counter(), Counter()
    fields = differing = 0
    for u in units:
        for v in (u.title, u.heading, u.body):
            x, y = terms(a, v), terms(b, v)
            fields += 1
            differing += x != y
            ta.update(x)
            tb.update(y)
    user = {w.lower() for w in words}
    only_a, only_b = set(ta) - set(tb), set(tb) - set(ta)
    counts = {t for t in set(ta) & set(tb) if ta[t] != tb[t]}
    by_kind = {}
    for label, s in (("only_jieba", only_a), ("only_rjieba", only_b), ("count_differs", counts)):
        k = Counter(kind_of(t, user) for t in s)
        by_kind[label] = {"distinct": len(s), "by_kind": dict(k),
                          "examples": {kk: sorted(t for t in s if kind_of(t, user) == kk)[:12] for kk in k}}
    return {"fields": fields, "fields_differing": differing, "distinct_terms_jieba": len(ta),
            "distinct_terms_rjieba": len(tb), "occurrences_jieba": sum(ta.values()),
            "occurrences_rjieba": sum(tb.values()), **by_kind}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="bench/segmenter.json")
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--copies", type=int, default=50)
    ap.add_argument("--alt-python", help="an interpreter with jieba_fast_dat and jieba_next")
    ap.add_argument("--skip-build", action="store_true", help="no index builds or first searches")
    a = ap.parse_args()
    sys.path.insert(0, str(ROOT))
    sys.path.insert(0, str(ROOT / "bench"))
    from db import paths, store  # lazy: after sys.path is set
    from db.store import Store  # lazy: after sys.path is set
    from scale_corpus import make  # lazy: after sys.path is set
    from search.terms import user_words  # lazy: after sys.path is set
    from search.units import load_units  # lazy: after sys.path is set

    report = {"machine": platform.platform(), "python": sys.version.split()[0], "repeat": a.repeat,
              "load_before": os.getloadavg(), "cpus": os.cpu_count()}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        block = tmp / "block"
        block.mkdir()
        (block / "rjieba.py").write_text('raise ImportError("rjieba blocked by bench_segmenter")\n')
        os.environ["SEG_CACHE"] = str(tmp)
        d5, d250 = tmp / "five", tmp / "scale"
        d5.mkdir()
        d250.mkdir()
        t0 = time.perf_counter()
        store.build(None, d5)
        make(tmp / "corpus", a.copies)
        store.build(tmp / "corpus", d250)
        report["store_builds_s"] = round(time.perf_counter() - t0, 1)
        with Store(paths.plans_db(d5)) as st:
            u5 = load_units(st)
        with Store(paths.plans_db(d250)) as st:
            u250, words = load_units(st), user_words(st)
        report["plans"] = {"five": 5, "scale": a.copies * 5}
        report["units"] = {"five": len(u5), "scale": len(u250)}
        report["chars"] = {"five": sum(len(u.text) for u in u5), "scale": sum(len(u.text) for u in u250)}
        texts = tmp / "texts.json"
        texts.write_text(json.dumps({"words": words, "five": [v for u in u5 for v in (u.title, u.heading, u.body)],
                                     "scale": [v for u in u250 for v in (u.title, u.heading, u.body)]},
                                    ensure_ascii=False), encoding="utf-8")

        # 1. the cut, start-up and package facts, alternating candidates
        pythons = {"jieba": sys.executable, "rjieba": sys.executable}
        if a.alt_python:
            pythons.update(jieba_fast_dat=a.alt_python, jieba_next=a.alt_python)
        for name, py in pythons.items():
            run_child(["cut", name, str(texts)], py)             # warm-up: caches written, pages in
        runs = {n: [] for n in pythons}
        for _ in range(a.repeat):
            for name, py in pythons.items():
                runs[name].append(run_child(["cut", name, str(texts)], py))
        cand = {}
        for name, rs in runs.items():
            c = {k: stats([r[k] for r in rs]) for k in ("startup_s", "user_words_s", "cut_five_s", "cut_scale_s")}
            c["tokens"] = {"five": rs[0]["tokens_five"], "scale": rs[0]["tokens_scale"]}
            c.update(run_child(["facts", name], pythons[name]))
            cand[name] = c
        base = cand["jieba"]["cut_scale_s"]["median"]
        for c in cand.values():
            c["cut_scale_speedup"] = round(base / c["cut_scale_s"]["median"], 1)
        report["candidates"] = cand

        # 2. equivalence through the project's analyzer
        report["term_diff_scale"] = term_diff(u250, words, tmp)

        # 3. the relevance key on the five plans, before and after
        rel = {}
        for label, blk in (("jieba", block), ("rjieba", None)):
            d = tmp / f"rel_{label}"
            d.mkdir()
            shutil.copy2(paths.plans_db(d5), paths.plans_db(d))
            rel[label] = run_child(["relevance", str(d)], block=blk)
        report["relevance_key"] = rel

        # 4. index build at the scale corpus and the first search, alternating
        if not a.skip_build:
            dirs = {}
            for label in ("jieba", "rjieba"):
                dirs[label] = tmp / f"ix_{label}"
                dirs[label].mkdir()
                shutil.copy2(paths.plans_db(d250), paths.plans_db(dirs[label]))
            blocks = {"jieba": block, "rjieba": None}
            builds = {k: [] for k in dirs}
            for _ in range(a.repeat):
                for label in dirs:
                    r = run_child(["build", str(dirs[label])], block=blocks[label])
                    assert r["segmenter"] == label, r
                    builds[label].append(r["build_s"])
            report["index_build_scale_s"] = {k: stats(v) for k, v in builds.items()}
            report["index_build_ratio"] = round(statistics.median(builds["jieba"]) / statistics.median(builds["rjieba"]), 2)
            first = {k: [] for k in dirs}
            seen = {}
            for _ in range(max(5, a.repeat)):
                for label in dirs:
                    r = run_child(["search", str(dirs[label])], block=blocks[label])
                    first[label].append(r.pop("first_search_s"))
                    seen[label] = r
            report["first_search_scale_s"] = {k: {**stats(v), **seen[k]} for k, v in first.items()}
    report["load_after"] = os.getloadavg()
    out = ROOT / a.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, ensure_ascii=False, indent=1))
    print(json.dumps(report, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--child"]:
        what, arg = sys.argv[2], sys.argv[3:]
        res = {"cut": lambda: child_cut(*arg), "facts": lambda: package_facts(*arg),
               "search": lambda: child_search(*arg), "build": lambda: child_build(*arg),
               "relevance": lambda: child_relevance(*arg)}[what]()
        print(json.dumps(res))
    else:
        main()
