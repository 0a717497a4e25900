"""Reading a Whoosh segment's postings and field lengths in bulk: the one place that
knows Whoosh's private on-disk layout (pyproject holds whoosh3 to >=3.54,<3.55, the
series this was tested on; check these when that bound moves).

- `W3LeafMatcher`'s block: `_read_data` loads `_data` (docnums, or their deltas unless
  `_byteids`; weights: an array, one float for the whole block, or None for 1.0),
  `_next_block` moves on, `_maxid` is the block's last docnum (its header), `_i` the
  position in the decoded `_ids`/`_weights`.
- the W3 per-document reader's lengths column (`_perdoc._cached_reader`): one length
  byte per document, read as one bytes object; so is a new segment's, when its
  postings are written (`SegmentWriter`).

Whoever reads an index another way (another codec, a matcher wrapped for deletions)
is told so (`bulk` False, `length_bytes` None) and reads posting by posting through
Whoosh's public matcher."""
from __future__ import annotations

from array import array
from itertools import accumulate, repeat

from whoosh.codec.whoosh3 import LENGTHS_COLUMN, _lenfield
from whoosh.util.numeric import byte_to_length
from whoosh.writing import SegmentWriter as _SegmentWriter

BLOCK_ATTRS = ("_read_data", "_data", "_byteids", "_blocklength", "_next_block", "_i", "is_active")


def bulk(m, *more: str) -> bool:
    """Can matcher m be read a block at a time (and has the attributes `more`)?"""
    return all(hasattr(m, a) for a in BLOCK_ATTRS + more)


def blocks(m):
    """(docnums, weights) of each postings block of a W3LeafMatcher just opened,
    decoded as the matcher decodes them (its private `_read_data`, `_data`, `_byteids`)
    but in C: docnums un-delta'd by `accumulate`, not a Python generator per posting;
    a block whose weights are all one number (None: 1.0) repeats it."""
    while m.is_active():
        yield block(m)
        m._next_block()


def block(m):
    """(docnums, weights) of the matcher's current block (see `blocks`)."""
    if m._data is None:
        m._read_data()
    ids, wts = m._data[0], m._data[1]
    if not m._byteids:
        ids = list(accumulate(ids))
    if wts is None:
        wts = repeat(1.0)
    elif isinstance(wts, float):
        wts = repeat(array("f", (wts,))[0])     # (as the matcher stores it: a float32)
    return ids, wts


def postings(m):
    """(docnum, weight) of every posting left in a segment's matcher. Whoosh's
    W3LeafMatcher holds a block's ids and weights in arrays (its private `_ids`,
    `_weights`, `_i`, `_next_block`, read here after the public `id()` and
    `weight()` load them): a block is read whole, not by four method calls per
    posting; any other matcher one posting at a time."""
    if not hasattr(m, "_next_block"):
        while m.is_active():
            yield m.id(), m.weight()
            m.next()
        return
    while m.is_active():
        m.id(), m.weight()
        i = m._i
        yield from zip(m._ids[i:], m._weights[i:])
        m._next_block()


def _column_bytes(col, n: int) -> bytes:
    """A lengths column reader's bytes for documents 0..n-1 (a short column: the rest 0)."""
    raw = bytes(col._dbfile.get(col._basepos, min(col._count, n)))
    return raw + bytes(n - len(raw))


def length_bytes(leaf, field: str) -> bytes | None:
    """Each document's length byte in `field` of a segment, read as one bytes object
    from Whoosh's lengths column (the W3 per-document reader's cached column reader,
    its file and offset); None when the segment is read another way."""
    try:
        col = leaf._perdoc._cached_reader(_lenfield(field), LENGTHS_COLUMN)
        return _column_bytes(col, leaf.doc_count_all())
    except Exception:
        return None


_LENGTHS = [byte_to_length(b) if b else None for b in range(256)]


class _LengthsRead:
    """A new segment's per-document reader whose `doc_field_length_reader` (what
    Whoosh's `FieldWriter.add_postings` asks each posting's field length of) looks
    the length byte up in the column read once as bytes, not by a seek and a read
    per posting: the same lengths (None for a 0 byte, as Whoosh gives). Anything
    else is the reader's own."""

    def __init__(self, pdr):
        self._pdr = pdr

    def __getattr__(self, name):
        return getattr(self._pdr, name)

    def doc_field_length_reader(self, fieldname, default=0):
        try:
            col = self._pdr._cached_reader(_lenfield(fieldname), LENGTHS_COLUMN)
            if col is None:
                return self._pdr.doc_field_length_reader(fieldname, default)
            raw, lengths, n = _column_bytes(col, col._doccount), _LENGTHS, col._doccount
        except AttributeError:          # another codec: Whoosh's own reader
            return self._pdr.doc_field_length_reader(fieldname, default)

        def get(docnum):
            return lengths[raw[docnum]] if docnum < n else None
        return get


class SegmentWriter(_SegmentWriter):
    """Whoosh's segment writer, its postings written with the field lengths read
    once per field (`_LengthsRead`): at 250 plans a seek and a read per posting was
    a sixth of an index worker's time."""

    def per_document_reader(self):
        return _LengthsRead(super().per_document_reader())
