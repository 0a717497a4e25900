"""The segment writer that reads each field's lengths once (search.postings.SegmentWriter,
issue 31: a seek and a read per posting were a sixth of an index worker's time) writes
the very segment Whoosh's own writer writes: file for file, byte for byte, for a
fresh segment and for a merge after a plan is taken out (the compound files'
directories, which record when each file was written, aside)."""
from __future__ import annotations

from whoosh import index as windex
from whoosh.codec import base as codec_base
from whoosh.filedb.compound import CompoundStorage
from whoosh.filedb.structfile import StructFile
from whoosh.writing import SegmentWriter as WhooshSegmentWriter

from search import index, postings, segmenting
from search.terms import tokenizer_for
from search.units import load_units


def files(d):
    """Every file of the index folder; a segment's compound file as the files it holds
    (its directory records when each was written: left out)."""
    out = {}
    for p in sorted(d.iterdir()):
        if p.suffix == ".seg":
            raw = p.read_bytes()
            cs = CompoundStorage(StructFile(open(p, "rb")), use_mmap=False)
            try:
                for name in sorted(cs.list()):
                    offset, length = cs.range(name)
                    out[f"{p.name}/{name}"] = raw[offset:offset + length]
            finally:
                cs.close()
        elif p.is_file() and p.name != "MAIN_WRITELOCK":
            out[p.name] = p.read_bytes()
    return out


def written(tmp, writer_class, units, jieba, monkeypatch):
    """A new index of `units` written by writer_class, then the first plan taken out
    and the segments merged; the segment ids drawn the same way every time."""
    names = iter(f"seg{k:016d}" for k in range(100))
    monkeypatch.setattr(codec_base, "random_name", lambda size=16: next(names))
    ix = windex.create_in(str(tmp), index.schema())
    try:
        w = writer_class(ix, limitmb=64)
        segmenting.add_units(w, jieba, units[: len(units) // 2], lambda n: None)
        w.commit()
        first = files(tmp)
        w = writer_class(ix, limitmb=64)
        w.delete_by_term("doc", units[0].document_id)
        segmenting.add_units(w, jieba, units[len(units) // 2:], lambda n: None)
        w.commit(merge=True, optimize=True)
        return first, files(tmp)
    finally:
        ix.close()


def test_the_writer_writes_whooshs_segment_byte_for_byte(built_data, built_store, tmp_path, monkeypatch):
    units = load_units(built_store)
    jieba = tokenizer_for(built_data, [])
    (tmp_path / "ours").mkdir()
    (tmp_path / "whoosh").mkdir()
    ours = written(tmp_path / "ours", postings.SegmentWriter, units, jieba, monkeypatch)
    theirs = written(tmp_path / "whoosh", WhooshSegmentWriter, units, jieba, monkeypatch)
    assert sum(".seg/" in name for name in ours[1]) > 5 and sum(len(b) for b in ours[1].values()) > 10**6
    assert ours == theirs


def test_the_lengths_are_read_once_per_field(built_data, built_store, tmp_path, monkeypatch):
    """What makes it faster: the lengths column is read as bytes, not per posting."""
    units = load_units(built_store)[:200]
    reads = []
    real = postings._column_bytes
    monkeypatch.setattr(postings, "_column_bytes", lambda col, n: reads.append(n) or real(col, n))
    ix = windex.create_in(str(tmp_path), index.schema())
    try:
        w = postings.SegmentWriter(ix, limitmb=64)
        segmenting.add_units(w, tokenizer_for(built_data, []), units, lambda n: None)
        w.commit()
    finally:
        ix.close()
    scorable = [f for f, kind in index.schema().items() if kind.scorable]
    assert reads == [len(units)] * len(scorable)
