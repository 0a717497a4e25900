"""The word table kept with the index (index.WORDS): for each segment of the Whoosh
index, the postings of its frequent words in each ranked field, in a form read in C.

A word in thousands of units (开放, 建设) is scored for thousands of candidates, and
Whoosh's postings cost most of that: each block of 128 is unpickled into Python
lists, then each posting's docnum, weight and length byte go through several
lookups. Here a frequent word's postings are three arrays — its docnums, and for
each a key into the word's distinct (weight, length byte) pairs, a few dozen —
read with `frombytes`: a score is worked out per pair (BM25F, with the statistics of
the index as it is now: an import changes them, not the table) and each posting
takes its pair's score, three lookups in C.

Made from the segment itself (its postings and lengths column: exactly what Whoosh
holds) when the segment is written; kept as they are when an import updates the
index in place (search.sidefile). A word is frequent in a segment when at least
1/SHARE of its documents (and MIN_DOCS) hold it: at 250 plans about 1,500 words of
the two segments' 17,000 units, 1.2 million postings, 7 MB.

The bytes of a word: docnums array('I'), keys array('H') (as many), the pairs'
weights array('f') and length bytes (one each); the header holds, per segment,
{field: {word: [offset, postings, pairs]}}."""
from __future__ import annotations

from array import array
from pathlib import Path

from . import postings, sidefile

SHARE = 32
MIN_DOCS = 64


class _Numbered(dict):
    """Each key its number, in the order first seen."""

    def __missing__(self, key):
        n = self[key] = len(self)
        return n


def segment_table(leaf, fields) -> tuple[dict, bytes] | None:
    """The table of one segment (a Whoosh leaf reader): ({field: {word: [offset,
    postings, pairs]}}, bytes); None when the segment is not read a block at a time
    (another codec, or documents deleted: then its words are read from Whoosh)."""
    if leaf.has_deletions():
        return None
    least = max(MIN_DOCS, leaf.doc_count_all() // SHARE)
    out, head = bytearray(), {}
    for field in fields:
        lb = postings.length_bytes(leaf, field)
        if lb is None:
            if leaf.field_length(field):
                return None
            head[field] = {}                # (a field empty in every document: Whoosh's merge writes no lengths)
            continue
        words = head[field] = {}
        for word, info in leaf.iter_field(field):
            if info.doc_frequency() < least:
                continue
            m = leaf.postings(field, word)
            if not postings.bulk(m):
                return None
            pairs, docs, keys = _Numbered(), array("I"), array("H")
            try:
                for ids, wts in postings.blocks(m):
                    docs.extend(ids)
                    keys.extend(map(pairs.__getitem__, zip(wts, map(lb.__getitem__, ids))))
            except OverflowError:           # (more pairs than a key holds: never seen) read from Whoosh
                continue
            word = word.decode("utf-8") if isinstance(word, bytes) else word
            words[word] = [len(out), len(docs), len(pairs)]
            out += docs.tobytes() + keys.tobytes() + array("f", (w for w, _ in pairs)).tobytes()
            out += bytes(b for _, b in pairs)
    return head, bytes(out)


def write(path: Path, segments: dict[str, tuple[dict, bytes]]) -> None:
    """Write the segments' tables (segment id -> `segment_table`, or `Table.block` of a kept one)."""
    sidefile.write(path, segments)


class Table(sidefile.SideFile):
    """The word table of an index folder, opened (None from `open` when absent or not
    what it should be: then every word is read from Whoosh, as without it); what the
    header says of a segment: {field: {word: [offset, postings, pairs]}}."""

    @staticmethod
    def info_ok(info) -> bool:
        return isinstance(info, dict) and all(isinstance(v, dict) for v in info.values())

    def holds(self, sid: str, field: str, word: str) -> bool:
        return self.has(sid) and word in self.info(sid).get(field, {})

    def postings(self, sid: str, field: str, word: str) -> tuple[array, array, list[tuple[float, int]]] | None:
        """The word's postings in the segment's field: (docnums, each one's pair key,
        the pairs (weight, length byte)); None when the table does not hold it there."""
        if not self.has(sid):
            return None
        where = self.info(sid).get(field, {}).get(word)
        if where is None:
            return None
        off, n, k = where
        b = self.start(sid) + off
        docs, keys, wts = array("I"), array("H"), array("f")
        docs.frombytes(self.mm[b:b + 4 * n])
        keys.frombytes(self.mm[b + 4 * n:b + 6 * n])
        wts.frombytes(self.mm[b + 6 * n:b + 6 * n + 4 * k])
        return docs, keys, list(zip(wts, self.mm[b + 6 * n + 4 * k:b + 6 * n + 5 * k]))
