"""The character table kept with the index (index.CHARS): for each segment of the
Whoosh index, each character -> the docnums whose unit text (`Unit.text`) holds it.

The search finds a string verbatim by scanning the units' text; a string not seen
before cost one `find` over all of it (5 million characters at 250 plans, 4-6 ms
for two Chinese characters). With the table, the units holding the string's two
rarest characters are the only ones it can be in: those are tested with `in`, the
same units found (a single character: its units are the answer).

Per segment, like the segment ids and words in index.UNITS: an index updated in
place keeps its old segments (a segment is never rewritten, only its documents
deleted: a deleted docnum maps to no unit) and the table of each new one is made
from its units only. The file (search.sidefile: a JSON header line, then each segment's bytes, through
mmap; what the header says of a segment: how many keys, and the bytes of a docnum):
per segment the keys' codes and the start of each one's docnums (one more at the
end), each an array('I'), and the docnums, an array('H') when the segment has no
more than 65,536 documents (else 'I'), in the machine's order; a key's docnums read
when it is first asked for.

The same table holds a segment's pairs of common characters (开放, 推动, 中国: each
character in at least 1/COMMON of its units, and PAIR_MIN), keyed by a code no
character has (`pair_code`, read from the text as UTF-16 in C): a pair's docnums are
every unit of the segment holding it, so a two-character string tabled there is
found without testing a unit, and a longer one holding it is tested only in its
units. Those are the pairs that cost most to find by their characters: 中国 is in
600 units, but 中 and 国 each in thousands, every one of them tested. A pair not
tabled in a segment (a character of it not common there) is found there by its
characters: in the units holding both, met in C."""
from __future__ import annotations

from array import array
from bisect import bisect_left
import sys
from collections import defaultdict, deque
from operator import methodcaller
from pathlib import Path

from . import sidefile

LITTLE = sys.byteorder == "little"
# A character in at least 1/COMMON of the units is common: the search meets the units
# of a string's two rarest characters only when the second is not (engine.MEET), and
# a pair of two common characters is tabled, so that no string has all the units of a
# common character tested
COMMON = 4
PAIR_MIN = 64       # (and a pair is tabled only when each of its characters is in at least this many)


def pair_code(pair: str) -> int | None:
    """The table's key of a pair of characters: the second's code shifted by 16 bits
    over the first's (what two UTF-16 code units read as one little-endian 32-bit
    number are), above every character's code point when the second is at least
    U+0011; None for a pair it cannot key (that, or a character outside the BMP)."""
    a, b = ord(pair[0]), ord(pair[1])
    code = b << 16 | a
    return code if a <= 0xFFFF and b <= 0xFFFF and _keyable(code) else None


def _keyable(code: int) -> bool:
    """Is a pair of UTF-16 code units one `pair_code` keys (no surrogate half in it)?"""
    a, b = code & 0xFFFF, code >> 16
    return b >= 0x11 and not 0xD800 <= a <= 0xDFFF and not 0xD800 <= b <= 0xDFFF


def _pairs(t: str) -> set[int]:
    """The codes of every pair of adjacent code units of t: its text as UTF-16, read as
    32-bit numbers from the first unit and from the second, in C (pairs holding half of
    a character outside the BMP are among them: never keyed)."""
    if not LITTLE:
        return {(ord(b) << 16 | ord(a)) for a, b in zip(t, t[1:]) if ord(a) <= 0xFFFF and ord(b) <= 0xFFFF}
    u = t.encode("utf-16-le", "surrogatepass")
    out = set(memoryview(u[:len(u) & ~3]).cast("I"))
    out.update(memoryview(u[2:2 + ((len(u) - 2) & ~3)]).cast("I"))
    return out


def segment_table(texts: list[str | None]) -> tuple[list[int], bytes]:
    """The table of one segment (`texts`: each docnum's unit text, None for a document
    that is no unit): ([how many keys, the bytes of a docnum], their codes, starts and
    docnums as bytes); the keys: every character, and the pairs of frequent characters
    (`pair_code`)."""
    table: defaultdict[object, list[int]] = defaultdict(list)
    get = table.__getitem__
    # each unit's distinct characters appended (in C), its pairs kept as a compact array
    # (as sets, a worker's 8,000 units' pairs took 170 MB more at its peak)
    seen: set[int] = set()
    pairs: list[array | None] = []
    for d, t in enumerate(texts):
        if t:
            deque(map(methodcaller("append", d), map(get, set(t))), maxlen=0)
            got = _pairs(t)
            seen.update(got)
            pairs.append(array("I", got))
        else:
            pairs.append(None)
    least = max(PAIR_MIN, len(texts) // COMMON)
    common = {ord(c) for c, ds in table.items() if len(ds) >= least}
    tabled = {p for p in seen if (p & 0xFFFF) in common and (p >> 16) in common and _keyable(p)}
    for d, got in enumerate(pairs):         # (each unit's tabled pairs, appended in C)
        if got:
            deque(map(methodcaller("append", d), map(get, tabled.intersection(got))), maxlen=0)
    keys = sorted(table, key=lambda k: ord(k) if type(k) is str else k)
    codes = array("I", (ord(k) if type(k) is str else k for k in keys))
    starts, docs = array("I", [0]), array(_docnums(len(texts)))
    for k in keys:
        docs.extend(table[k])
        starts.append(len(docs))
    return [len(keys), docs.itemsize], codes.tobytes() + starts.tobytes() + docs.tobytes()


def _docnums(n: int) -> str:
    """The array type of a segment's docnums: two bytes each when it has no more than
    65,536 documents (half the table, copied, sealed and checked at every import), else four."""
    return "H" if n <= 1 << 16 else "I"


def write(path: Path, segments: dict[str, tuple[list[int], bytes]]) -> None:
    """Write the segments' tables (segment id -> `segment_table`, or `Table.block` of a kept one)."""
    sidefile.write(path, segments)


class Table(sidefile.SideFile):
    """The character table of an index folder, opened (None from `open` when absent or
    not what it should be: then the search scans the text, as without it); what the
    header says of a segment: [how many keys, the bytes of a docnum (2 or 4)]."""

    def __init__(self, *a):
        super().__init__(*a)
        self._chars: list[tuple[array, array, int, str]] | None = None

    @staticmethod
    def info_ok(info) -> bool:
        return (isinstance(info, list) and len(info) == 2 and type(info[0]) is int and info[0] >= 0
                and info[1] in (2, 4))

    def _segs(self) -> list[tuple[array, array, int, str]]:
        """Each segment's code points (ascending), starts, where its docnums begin, and their array type."""
        if self._chars is None:
            out = []
            for sid in self.segments:
                b, (n, width) = self.start(sid), self.info(sid)
                codes, starts = array("I"), array("I")
                codes.frombytes(self.mm[b:b + 4 * n])
                starts.frombytes(self.mm[b + 4 * n:b + 8 * n + 4])
                out.append((codes, starts, b + 8 * n + 4, "H" if width == 2 else "I"))
            self._chars = out
        return self._chars
    def _spans(self, key: str):
        """(segment position, where the key's docnums start, how many) where some hold
        it (a character; or a pair: only where tabled)."""
        o = ord(key) if len(key) == 1 else pair_code(key)
        if o is None:
            return
        for k, (codes, starts, first, kind) in enumerate(self._segs()):
            j = bisect_left(codes, o)
            if j < len(codes) and codes[j] == o:
                yield k, first + (2 if kind == "H" else 4) * starts[j], starts[j + 1] - starts[j]

    def count(self, c: str) -> int:
        """How many documents hold c (deleted ones included)."""
        return sum(n for _, _, n in self._spans(c))

    def counts(self, key: str) -> dict[str, int]:
        """segment id -> how many documents of it hold the key (a character; or a pair:
        where tabled)."""
        sids = self.segments
        return {sids[k]: n for k, _, n in self._spans(key)}

    def docs(self, key: str) -> list[tuple[str, array]]:
        """(segment id, the docnums holding the key, ascending) for each segment where
        some do (a character), or where it is tabled (a pair of characters)."""
        sids, segs = self.segments, self._segs()
        out = []
        for k, pos, n in self._spans(key):
            a = array(segs[k][3])
            a.frombytes(self.mm[pos:pos + a.itemsize * n])
            out.append((sids[k], a))
        return out
