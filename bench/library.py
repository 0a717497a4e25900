"""The bench's 250-plan library, built once per `make bench` and shared by its scripts.

LIB/corpus holds the fair scale corpus (bench/scale_corpus.py: copies x 5 different
plans), LIB/data the store and index built from it, LIB/built.json what the build
took (bench_build.py times it; any other script that finds no library builds it
untimed). `make bench` removes LIB first, so every run builds its own."""
from __future__ import annotations

import json
import resource
import time
from pathlib import Path

from scale_corpus import make


def children_peak_kib() -> int:
    """The largest peak RSS of any child this process has waited for (ru_maxrss, KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def build(lib: Path, copies: int) -> dict:
    """The corpus, the store (timed) and the index (timed, with its workers' peak RSS)."""
    from db import store  # lazy: the bench's modules are imported by tests that build nothing
    from search import index  # lazy: as above
    corpus, data = lib / "corpus", lib / "data"
    make(corpus, copies)
    t0 = time.perf_counter()
    store.build(corpus, data)
    t_store = time.perf_counter() - t0
    before = children_peak_kib()
    t0 = time.perf_counter()
    index.build(data)
    t_index = time.perf_counter() - t0
    after = children_peak_kib()
    built = {"plans": copies * len(list(corpus.glob("s00_*"))), "store_build_s": round(t_store, 2),
             "index_build_s": round(t_index, 2),
             # a worker's peak (spawned and joined by index.build); 0 when indexed in-process
             "index_worker_peak_rss_mib": round(after / 1024, 1) if after > before else 0,
             "store_bytes": (data / "plans.sqlite").stat().st_size}
    (lib / "built.json").write_text(json.dumps(built, indent=1))
    return built


def ensure(lib: Path, copies: int = 50) -> Path:
    """LIB/data, built first when this run has none yet."""
    if not (lib / "built.json").exists():
        build(lib, copies)
    return lib / "data"
