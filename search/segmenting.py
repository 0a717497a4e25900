"""Writing the index in worker processes: each analyses a share of the units with
jieba and writes them as one Whoosh segment; the parent puts the segments in the
index's table of contents.

jieba and Whoosh's posting writer are pure Python and about equal in cost, so
the work is split by units, not by stage: on a 2-core laptop two workers halve
the build. Workers are spawned (never forked: the app builds from a Qt worker
thread, and a forked child of a threaded process may deadlock), so a small
library is indexed in the calling process, where spawning would cost more than
it saves."""
from __future__ import annotations

import os
import queue
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from db.progress import Progress

from .analyzer import terms
from .chartable import segment_table
from .units import Unit, row_of
import multiprocessing as mp

#: below this many characters of text a library is indexed in-process
PARALLEL_CHARS = 1_500_000
REPORT_EVERY = 200


def workers_for(units: list[Unit]) -> int:
    chars = sum(len(u.body) + len(u.title) + len(u.heading) for u in units)
    if chars < PARALLEL_CHARS:
        return 1
    return max(1, min(os.cpu_count() or 1, 8))


def shares(units: list[Unit], n: int) -> list[list[Unit]]:
    """n contiguous runs of units of about equal text length (document order kept
    within each; the engine maps documents to units by id, not by number)."""
    total = sum(len(u.body) for u in units) or 1
    out: list[list[Unit]] = [[] for _ in range(n)]
    acc = 0
    for u in units:
        k = min(n - 1, acc * n // total)
        out[k].append(u)
        acc += len(u.body)
    return [s for s in out if s]


def fields_of(jieba, u: Unit) -> dict:
    return dict(kind=u.kind, id=u.id, doc=u.document_id, title=terms(jieba, u.title),
                heading=terms(jieba, u.heading), body=terms(jieba, u.body))


def add_units(writer, jieba, units: list[Unit], tick) -> None:
    for k, u in enumerate(units):
        writer.add_document(**fields_of(jieba, u))
        if k % REPORT_EVERY == REPORT_EVERY - 1:
            tick(REPORT_EVERY)
    tick(len(units) % REPORT_EVERY)


def _worker(k: int, data: str, out: str, user_words: list[str], rows: list[tuple], results) -> None:
    """In a spawned process: analyse and write `rows` as one segment of the index
    in `out`; put (k, "tick", n) as it goes, then (k, "done", (segment, (its character
    table, its word table): chartable.segment_table, wordtable.segment_table)) or
    (k, "error", text)."""
    try:
        from whoosh.filedb.filestore import FileStorage  # lazy: the index and jieba load only where searching is done
        from whoosh.reading import SegmentReader  # lazy: the index and jieba load only where searching is done

        from . import wordtable  # lazy: the index and jieba load only where searching is done
        from .postings import SegmentWriter  # lazy: as above (Whoosh's, the field lengths read once)

        from .terms import tokenizer_for  # lazy: the index and jieba load only where searching is done
        jieba = tokenizer_for(Path(data), user_words)
        ix = FileStorage(out).open_index()
        w = SegmentWriter(ix, _lk=False, limitmb=1024)   # postings sorted in memory, never spilled
        units = [Unit(*r) for r in rows]
        add_units(w, jieba, units, lambda n: results.put((k, "tick", n)))
        seg = w._finalize_segment()
        with SegmentReader(ix.storage, ix.schema, seg) as leaf:
            words = wordtable.segment_table(leaf, [f for f, kind in ix.schema.items() if kind.scorable])
        results.put((k, "done", (seg, (segment_table([u.text for u in units]), words))))
    except BaseException:
        results.put((k, "error", traceback.format_exc(limit=6)))


def _start(p) -> None:
    p.start()


def write_parallel(ix, data: Path, out: Path, units: list[Unit], user_words: list[str],
                   n: int, progress: Progress, lo: float, hi: float) -> dict[str, tuple[int, bytes]]:
    """Index `units` into the empty index `ix` (in folder `out`) with n workers; returns
    each segment's (character table, word table) by segment id, made by the worker that wrote it."""

    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    parts = shares(units, n)
    procs = [ctx.Process(target=_worker, daemon=True, args=(
        k, str(data), str(out), user_words,
        list(map(row_of, part)), results))
        for k, part in enumerate(parts)]
    segments: dict[int, object] = {}
    done, total, quiet = 0, len(units), 0
    try:
        # started side by side: a spawned child reads its share (megabytes, pickled) only
        # once its Python is up, so starting one after the other held the next back that long
        with ThreadPoolExecutor(len(procs)) as starting:
            list(starting.map(_start, procs))
        while len(segments) < len(procs):
            try:
                k, what, value = results.get(timeout=0.25)
            except queue.Empty:
                progress.check()
                # a worker gone without its segment (killed, or it could not start);
                # one that exited cleanly may have its last message still in the pipe
                gone = [k for k, p in enumerate(procs) if p.exitcode is not None and k not in segments]
                quiet = quiet + 1 if gone else 0
                if gone and quiet > 8:
                    raise RuntimeError(
                        f"建立搜索索引的子进程意外退出（代码 {procs[gone[0]].exitcode}）")
                continue
            if what == "tick":
                done += value
                progress(lo + (hi - lo) * done / max(1, total), f"建立搜索索引 {done}/{total}")
            elif what == "done":
                segments[k] = value
            else:
                raise RuntimeError(f"建立搜索索引失败：\n{value}")
    except BaseException:
        for p in procs:
            if p.pid is not None:
                p.terminate()
        raise
    finally:
        for p in procs:
            if p.pid is not None:
                p.join(timeout=5)
        results.close()
    # the segments, in the order the shares were given, as the index's contents
    # (what Whoosh's own multi-process writer does with multisegment=True)
    w = ix.writer()
    w._close_segment()
    w._commit_toc([segments[k][0] for k in range(len(procs))])
    w._finish()
    return {seg.segment_id(): table for seg, table in segments.values()}
