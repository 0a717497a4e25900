"""The Whoosh index: derived from plans.sqlite, stamped and sealed.

Opening only opens (`open_current`: the seal verified once, the index opened once);
a missing, stale or damaged index is reported, and building or repairing it is an
explicit call with progress and cancel (`build`, `ensure`, `stage_index_build`,
`stage_index_update`)."""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from itertools import groupby
from operator import attrgetter
from pathlib import Path

from whoosh import index as windex
from whoosh.fields import ID, Schema
from whoosh.filedb.filestore import FileStorage

from db import paths
from db.atomic import replace_dir
from db.progress import Progress
from db.store import Store, StoreError

from . import chartable, integrity, postings, segmenter, segmenting, wordtable
from .analyzer import PreAnalyzedText, analyzer
from .terms import synonym_groups, tokenizer_for, user_words
from .units import FIELDS, Unit, fields_in_order, from_rows, load_units
from db.lock import DataLock

INDEX_FORMAT = 16  # bump when units, fields, analysis, boosts, side tables or sealing change (16: pairs of common characters in CHARS, two-byte docnums)
DIRNAME = "index"
STAMP = "stamp.json"
# what opening a search needs beside Whoosh, kept with the index (sealed with it, written
# from the same store): the units, the unit id of each docnum (None: deleted), the words
# of the ranked fields. Read instead of the store's rows, Whoosh's stored fields and its
# lexicons, which took most of the time from start to the first search.
UNITS = "units.txt"
NUL = "\x00"
TEXT = "utf-16-le"  # the fields' encoding in UNITS: smaller than UTF-8 for Chinese, and decoded 3x as fast
# beside UNITS, sealed with it: each segment's characters -> the docnums whose unit text holds
# them, and its pairs of common characters (search.chartable), so a string not seen before
# is looked for in those units only
CHARS = "chars.bin"
# and each segment's frequent words' postings in a form read in C (search.wordtable)
WORDS = "words.bin"

# How much a word counts in each ranked field, the one place it is said. BM25F
# applies it once, to the term frequency before saturation: Whoosh's field format
# multiplies each posting's weight by it when the index is written, and the ranking
# (engine._bm25) reads those weights as they are.
FIELD_BOOST = {"title": 4.0, "heading": 1.5, "body": 1.0}


def schema() -> Schema:
    an = analyzer()
    return Schema(
        kind=ID(stored=True),
        id=ID(stored=True, unique=True),
        doc=ID(stored=True),
        **{f: PreAnalyzedText(analyzer=an, phrase=False, field_boost=b) for f, b in FIELD_BOOST.items()},
    )


class _Storage(FileStorage):
    """A FileStorage that closes every file it opened while the index was being
    opened, when that fails: Whoosh leaves them open (and retries) when reading a
    damaged index fails half-way."""

    def __init__(self, path: str):
        super().__init__(path)
        self.opened: list | None = []

    def open_file(self, name, **kwargs):
        f = super().open_file(name, **kwargs)
        if self.opened is not None:
            self.opened.append(f)
        return f

    def close_all(self) -> None:
        for f in self.opened or []:
            raw = getattr(f, "file", None)    # Whoosh may have marked its wrapper closed already
            if raw is not None and hasattr(raw, "close"):
                raw.close()
        self.opened = None


def open_index(d: Path, check=None):
    """Open the Whoosh index in folder d; `check(ix)` may read it further. On any
    failure every file opened so far is closed before the error is raised."""
    storage = _Storage(str(d))
    try:
        ix = storage.open_index()
        if check is not None:
            check(ix)
    except BaseException:
        storage.close_all()
        raise
    storage.opened = None     # opened: its files are the index's own now
    return ix


def index_dir(data: Path) -> Path:
    return Path(data) / DIRNAME


def wanted_stamp(store: Store) -> dict:
    syn = hashlib.sha256(json.dumps(synonym_groups(), ensure_ascii=False).encode()).hexdigest()[:12]
    return {"format": INDEX_FORMAT, "content_hash": store.meta("content_hash"),
            "schema_version": store.meta("schema_version"), "synonyms": syn,
            "segmenter": segmenter.name()}


def read_stamp(d: Path) -> dict | None:
    try:
        stamp = json.loads(paths.read_small(d / STAMP, 1 << 16).decode("utf-8"))
    except (OSError, ValueError):
        return None
    return stamp if isinstance(stamp, dict) else None


MISSING, STALE, DAMAGED = "missing", "stale", "damaged"


def open_current(data: Path, store: Store):
    """(the index of DATA, opened, None) when it was built from this store, with this
    format and synonyms, and is whole; else (None, why): MISSING, STALE (built from
    another store, format or synonyms) or DAMAGED (not sealed by this installation,
    changed, or unreadable). The seal is verified once and the index opened once;
    nothing is rebuilt (`ensure`, `build` and `stage_index_build` do that, when asked)."""
    d = index_dir(data)
    if not os.path.lexists(d):
        return None, MISSING
    if not integrity.verify(d):
        return None, DAMAGED    # damaged, or not written by this installation: never opened
    stamp = read_stamp(d)
    want = wanted_stamp(store)
    if not stamp or stamp.get("built") is None:
        return None, DAMAGED
    if {k: stamp.get(k) for k in want} != want:
        return None, STALE

    def whole(ix):
        if ix.doc_count() != stamp.get("units"):
            raise ValueError("the index holds another number of units than its stamp says")
    try:
        return open_index(d, whole), None
    except Exception:   # any failure to open it (missing segment, garbage): damaged
        return None, DAMAGED


def built_from(data: Path, store: Store) -> bool:
    """Is DATA/index built from this store, with this format and synonyms, and whole?"""
    ix, _why = open_current(data, store)
    if ix is None:
        return False
    ix.close()
    return True


def _add_units(w, jieba, units, progress: Progress, lo: float = 0.1, hi: float = 0.9) -> None:
    n, done = len(units), [0]

    def tick(k):
        done[0] += k
        progress(lo + (hi - lo) * done[0] / max(1, n), f"建立搜索索引 {done[0]}/{n}")
    segmenting.add_units(w, jieba, units, tick)


def _prime_jieba(store: Store, data: Path, progress: Progress):
    """A jieba tokenizer with the plans' own terms; returns (it, the words added)."""
    progress(0.05, "建立搜索索引：准备分词词典")
    words = user_words(store)
    return tokenizer_for(data, words), words


def _stamp_and_seal(store: Store, out: Path, units: list[Unit], old: dict | None = None,
                    tables: dict | None = None, chunks: dict[str, tuple[bytes, int]] | None = None) -> None:
    n = _write_units(out, units, old, tables, chunks)
    stamp = dict(wanted_stamp(store), units=n, built=True)
    (out / STAMP).write_text(json.dumps(stamp), encoding="utf-8")
    integrity.seal(out)


def _write_units(out: Path, units: list[Unit], old: dict | None = None, tables: dict | None = None,
                 chunks: dict[str, tuple[bytes, int]] | None = None) -> int:
    """Write UNITS for the index in `out` (all the store's units, in their order);
    returns the number of documents the index holds. Its first line a JSON header
    (the number of units, the unit id of each docnum, the words, both of these per
    segment, and where each plan's units are in the rest), then every field of every
    unit, joined by NUL (none holds one; the search joins them by it too) in TEXT:
    read in C by one split, not parsed string by string. Not written when a field holds
    NUL. A segment the `old` UNITS (of the index this one was updated from) describes
    is not read again: only its deletions. CHARS beside it (`_write_chars`) and WORDS
    (`_write_words`); `tables`: segments' (character table, word table) made already,
    by the worker that wrote each, by segment id. `chunks`: every plan's units as
    UNITS holds them and how many, in the store's order (`_chunks`, and the old UNITS'
    bytes of the plans not changed: an import encodes only its own units); then `units`
    are those of the changed plans only."""
    segs = {}
    ix = open_index(out)
    try:
        with ix.reader() as r:
            docs, vocab = [], set()
            leaves = r.leaf_readers()
            for leaf, _off in leaves:
                seg = _segment_units(leaf, (old or {}).get("segments", {}))
                segs[leaf.segment().segment_id()] = seg
                docs += seg["ids"]
                vocab.update(seg["vocab"])
            _write_words(out, leaves, tables or {})
        n = ix.doc_count()
    finally:
        ix.close()
    if chunks is None:
        chunks = _chunks(units)
    if chunks is None:                                  # a field holds NUL
        for name in (UNITS, CHARS, WORDS):
            (out / name).unlink(missing_ok=True)
        return n
    _write_chars(out, segs, units, tables or {}, chunks)
    plans, at, sep = {}, 0, NUL.encode(TEXT)
    for d, (b, k) in chunks.items():                    # where each plan's units are, and how many
        plans[d] = [at, at + len(b), k]
        at += len(b) + len(sep)
    head = json.dumps({"units": sum(k for _, k in chunks.values()), "docs": docs, "vocab": sorted(vocab),
                       "segments": segs, "plans": plans}, ensure_ascii=False)
    (out / UNITS).write_bytes(head.encode("utf-8") + b"\n" + sep.join(b for b, _ in chunks.values()))
    return n


def _chunks(units: list[Unit]) -> dict[str, tuple[bytes, int]] | None:
    """Each plan's units as UNITS holds them: plan id -> (their FIELDS, one unit after
    the other, joined by NUL, in TEXT; how many units), in the units' order; None when
    a field holds NUL (counted in C). Units whose plans do not each come in one run
    (never in the store's order) are one chunk, told apart by no plan."""
    runs = [(d, list(us)) for d, us in groupby(units, key=attrgetter("document_id"))]
    if len({d for d, _ in runs}) < len(runs):
        runs = [("", list(units))]
    out = {}
    for d, us in runs:
        fields = fields_in_order(us)
        joined = NUL.join(fields)
        if joined.count(NUL) != len(fields) - 1:
            return None
        out[d] = (joined.encode(TEXT), len(us))
    return out


def _write_chars(out: Path, segs: dict[str, dict], units: list[Unit], tables: dict,
                 chunks: dict[str, tuple[bytes, int]] | None = None) -> None:
    """Write CHARS for the segments `segs` (id -> {"ids": each docnum's unit id}): a
    segment the CHARS there (of the index this one was updated from) holds is kept as
    it is, one in `tables` (made by the worker that wrote it) taken from there, the
    others' tables made from their units' text: of `units`, or when a segment holds
    others (Whoosh merged small segments into it), of every unit in `chunks`."""
    kept = chartable.Table.open(out / CHARS)
    blocks = {sid: tables[sid][0] for sid in segs if sid in tables}
    try:
        for sid in segs:
            if sid not in blocks and kept is not None and kept.has(sid):
                blocks[sid] = kept.block(sid)
    finally:
        if kept is not None:
            kept.close()
    made = [sid for sid in segs if sid not in blocks]
    wanted = {x for sid in made for x in segs[sid]["ids"] if x}
    text = {u.id: u.text for u in units if u.id in wanted}     # (only those units' text made)
    if len(text) < len(wanted) and chunks is not None:
        rows = _rows(NUL.encode(TEXT).join(b for b, _ in chunks.values()))
        text = {u.id: u.text for u in from_rows(rows) if u.id in wanted}
    for sid in made:
        blocks[sid] = chartable.segment_table([text.get(x) if x else None for x in segs[sid]["ids"]])
    chartable.write(out / CHARS, blocks)


def _write_words(out: Path, leaves, tables: dict) -> None:
    """Write WORDS for the segments `leaves` (Whoosh leaf readers, with their first
    docnums): a segment the WORDS there (of the index this one was updated from)
    holds is kept as it is, one in `tables` (made by the worker that wrote it) taken
    from there, the others' tables made from their postings; a segment that cannot
    be read so has none (its words are read from Whoosh)."""
    kept = wordtable.Table.open(out / WORDS)
    blocks = {}
    try:
        for leaf, _off in leaves:
            sid = leaf.segment().segment_id()
            if sid in tables:
                if tables[sid][1] is not None:
                    blocks[sid] = tables[sid][1]
            elif kept is not None and kept.has(sid):
                blocks[sid] = kept.block(sid)
            elif (table := wordtable.segment_table(leaf, FIELD_BOOST)) is not None:
                blocks[sid] = table
    finally:
        if kept is not None:
            kept.close()
    wordtable.write(out / WORDS, blocks)


def _segment_units(leaf, old: dict) -> dict:
    """{"ids": the unit id of each docnum of the segment (None: deleted), "vocab": its
    words}: from `old` (by segment id; a segment is never rewritten, only its documents
    deleted) or read from it."""
    seg = old.get(leaf.segment().segment_id())
    if isinstance(seg, dict) and len(seg.get("ids", ())) == leaf.doc_count_all():
        ids = seg["ids"]
        if leaf.has_deletions():
            alive = set(leaf.all_doc_ids())
            ids = [x if d in alive else None for d, x in enumerate(ids)]
        return {"ids": ids, "vocab": seg["vocab"]}
    ids = [None] * leaf.doc_count_all()
    for docnum, fields in leaf.iter_docs():
        ids[docnum] = fields["id"]
    vocab = sorted({t.decode("utf-8") if isinstance(t, bytes) else t for f in FIELD_BOOST for t in leaf.lexicon(f)})
    return {"ids": ids, "vocab": vocab}


def read_units(data: Path) -> dict | None:
    """UNITS of DATA's index ({"units": rows, "docs": ids by docnum, "vocab": words}),
    or None when it is not there or not what it should be (then the store and Whoosh
    are read instead). Read after `open_current` verified the index's seal."""
    return _read_units(index_dir(data))


def _units_file(d: Path) -> tuple[object, memoryview]:
    """UNITS in folder d: its JSON header, and the bytes of its units (not decoded)."""
    b = (d / UNITS).read_bytes()
    nl = b.index(b"\n")
    return json.loads(b[:nl]), memoryview(b)[nl + 1:]


def _rows(body) -> list[tuple[str, ...]]:
    """The units' FIELDS from UNITS' bytes, decoded and split in C."""
    vals = str(body, TEXT).split(NUL)
    return list(zip(*[iter(vals)] * len(FIELDS))) if len(vals) % len(FIELDS) == 0 else []


def _read_units(d: Path) -> dict | None:
    try:
        side, body = _units_file(d)
        if isinstance(side, dict) and isinstance(side.get("docs"), list) and isinstance(side.get("vocab"), list):
            rows = _rows(body)
            if side.get("units") == len(rows):
                side["units"] = rows
                return side
    except (OSError, ValueError, TypeError):
        pass
    return None


def write(store: Store, data: Path, out: Path, progress: Progress) -> None:
    """Index the store's units into the empty folder `out`, and stamp it."""
    jieba, words = _prime_jieba(store, data, progress)
    units = load_units(store)
    ix = windex.create_in(str(out), schema())
    try:
        n = segmenting.workers_for(units)
        tables = {}
        if n > 1:
            tables = segmenting.write_parallel(ix, data, out, units, words, n, progress, 0.1, 0.95)
        else:
            w = postings.SegmentWriter(ix, limitmb=256)     # ix.writer(), lengths read once
            try:
                _add_units(w, jieba, units, progress)
            except BaseException:
                w.cancel()
                raise
            w.commit(optimize=True)
    finally:
        ix.close()
    _stamp_and_seal(store, out, units, tables=tables)


def apply_changes(store: Store, data: Path, out: Path, changed: set[str], progress: Progress) -> None:
    """Bring a copy of the index in `out` up to the store: the units of the
    `changed` documents (added, replaced or removed) taken out and those still in
    the store put in. Only their text is analysed (a removal analyses none: no
    segmenter is made for it)."""
    units = [u for u in load_units(store, changed) if u.document_id in changed]
    jieba = _prime_jieba(store, data, progress)[0] if units else None
    ix = open_index(out)
    try:
        w = postings.SegmentWriter(ix, limitmb=128)         # ix.writer(), lengths read once
        try:
            for did in changed:
                w.delete_by_term("doc", did)
            _add_units(w, jieba, units, progress)
        except BaseException:
            w.cancel()
            raise
        w.commit(merge=True)
    finally:
        ix.close()
    kept = _kept_chunks(out)
    order = [d["id"] for d in store.documents()]
    new = _chunks(units) if kept is not None else None
    if new is not None and all(d in changed or d in kept[1] for d in order):
        old, plans = kept               # the plans not changed: as the old UNITS holds them, not decoded
        _stamp_and_seal(store, out, units, old, chunks={d: new[d] if d in changed else plans[d] for d in order
                                                        if d in new or d not in changed})
        return
    old = _read_units(out)
    _stamp_and_seal(store, out, _units_after(store, old, changed, units), old)


def _kept_chunks(d: Path) -> tuple[dict, dict[str, tuple[bytes, int]]] | None:
    """UNITS' header, and each plan's units as it holds them (plan id -> (bytes, how
    many)), its text not decoded; None when it is not there or says not where each
    plan's units are."""
    try:
        side, body = _units_file(d)
        plans = side.get("plans") if isinstance(side, dict) else None
        if not isinstance(plans, dict):
            return None
        out = {}
        for doc, (i, j, k) in plans.items():
            if not (type(i) is int and type(j) is int and type(k) is int and 0 <= i <= j <= len(body) and k > 0):
                return None
            out[doc] = (body[i:j], k)
        return side, out
    except (OSError, ValueError, TypeError, AttributeError):
        return None


def _units_after(store: Store, old: dict | None, changed: set[str], new: list[Unit]) -> list[Unit]:
    """Every unit of the store after a change, in order: those of the plans not changed
    from `old`, the UNITS kept with the index updated (not derived from the store
    again), the changed plans' `new` ones; all of them from the store when it has none."""
    if old is None:
        return load_units(store)
    by_doc: dict[str, list[Unit]] = {}
    for u in from_rows([r for r in old["units"] if r[2] not in changed]) + new:
        by_doc.setdefault(u.document_id, []).append(u)
    return [u for d in store.documents() for u in by_doc.get(d["id"], ())]


def stage_index_build(data: Path, store_path: Path | None = None, progress=None) -> Path:
    """A complete new index (for store_path, by default DATA/plans.sqlite) in a
    temporary folder of DATA, not yet in place."""
    progress = Progress.of(progress)
    data = Path(data)
    tmp = Path(tempfile.mkdtemp(prefix=".index-", dir=data))
    try:
        with Store(store_path or paths.plans_db(data)) as store:
            write(store, data, tmp, progress)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    progress(1.0, "建立搜索索引")
    return tmp


def stage_index_update(data: Path, store_path: Path, changed: set[str], progress=None) -> Path:
    """A copy of the current index updated for the `changed` documents, in a
    temporary folder of DATA, not yet in place. Falls back to a full build when
    the current index can't be trusted."""
    progress = Progress.of(progress)
    data = Path(data)
    try:
        with Store(paths.plans_db(data)) as old:
            usable = built_from(data, old)
    except StoreError:              # none in use, or not one to trust: the index is built anew
        usable = False
    if not usable:
        return stage_index_build(data, store_path, progress)
    tmp = Path(tempfile.mkdtemp(prefix=".index-", dir=data))
    try:
        shutil.rmtree(tmp)
        shutil.copytree(index_dir(data), tmp, ignore=shutil.ignore_patterns(integrity.SEAL, "*.lock"))
        with Store(store_path) as store:
            apply_changes(store, data, tmp, set(changed), progress)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    progress(1.0, "建立搜索索引")
    return tmp


def install(staged: Path, data: Path) -> Path:
    replace_dir(staged, index_dir(data))
    return index_dir(data)


def build(data: Path, progress=None) -> Path:
    """(Re)build DATA/index from DATA/plans.sqlite, atomically (the caller holds the
    folder's lock, or knows no other writer runs: `ensure` takes it)."""
    return install(stage_index_build(data, None, progress), Path(data))


def ensure(data: Path, progress=None) -> Path:
    """Repair: the index, rebuilt first if it is missing, stale, corrupt or not ours
    (holding the folder's writer lock, so two programs never build it at once).
    `progress` (a Progress or a callable) reports and may cancel the build."""

    def current() -> bool:
        with Store(paths.plans_db(data)) as store:
            return built_from(data, store)

    if not current():
        with DataLock(data):
            if not current():          # another writer may have built it meanwhile
                build(data, progress)
    return index_dir(data)
