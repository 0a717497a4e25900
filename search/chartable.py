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
mmap; what the header says of a segment: how many characters): per segment the
characters' code points, the start of each one's docnums (one more at the end) and
the docnums, each an array('I') in the machine's order; a character's docnums read
when it is first asked for."""
from __future__ import annotations

from array import array
from bisect import bisect_left
from collections import defaultdict, deque
from operator import methodcaller
from pathlib import Path

from . import sidefile


def segment_table(texts: list[str | None]) -> tuple[int, bytes]:
    """The table of one segment (`texts`: each docnum's unit text, None for a document
    that is no unit): (how many characters, their code points, starts and docnums as bytes)."""
    table: defaultdict[str, list[int]] = defaultdict(list)
    get = table.__getitem__
    for d, t in enumerate(texts):
        if t:                                   # (each unit's distinct characters, appended in C)
            deque(map(methodcaller("append", d), map(get, set(t))), maxlen=0)
    chars = sorted(table)
    codes, starts, docs = array("I", map(ord, chars)), array("I", [0]), array("I")
    for c in chars:
        docs.extend(table[c])
        starts.append(len(docs))
    return len(chars), codes.tobytes() + starts.tobytes() + docs.tobytes()


def write(path: Path, segments: dict[str, tuple[int, bytes]]) -> None:
    """Write the segments' tables (segment id -> `segment_table`, or `Table.block` of a kept one)."""
    sidefile.write(path, segments)


class Table(sidefile.SideFile):
    """The character table of an index folder, opened (None from `open` when absent or
    not what it should be: then the search scans the text, as without it); what the
    header says of a segment: how many characters."""

    def __init__(self, *a):
        super().__init__(*a)
        self._chars: list[tuple[array, array, int]] | None = None

    @staticmethod
    def info_ok(info) -> bool:
        return type(info) is int

    def _segs(self) -> list[tuple[array, array, int]]:
        """Each segment's code points (ascending), starts, and where its docnums begin."""
        if self._chars is None:
            out = []
            for sid in self.segments:
                b, n = self.start(sid), self.info(sid)
                codes, starts = array("I"), array("I")
                codes.frombytes(self.mm[b:b + 4 * n])
                starts.frombytes(self.mm[b + 4 * n:b + 8 * n + 4])
                out.append((codes, starts, b + 8 * n + 4))
            self._chars = out
        return self._chars
    def _spans(self, c: str):
        """(segment position, where c's docnums start, how many) where some hold c."""
        o = ord(c)
        for k, (codes, starts, first) in enumerate(self._segs()):
            j = bisect_left(codes, o)
            if j < len(codes) and codes[j] == o:
                yield k, first + 4 * starts[j], starts[j + 1] - starts[j]

    def count(self, c: str) -> int:
        """How many documents hold c (deleted ones included)."""
        return sum(n for _, _, n in self._spans(c))

    def docs(self, c: str) -> list[tuple[str, array]]:
        """(segment id, the docnums holding c, ascending) for each segment where some do."""
        sids = self.segments
        out = []
        for k, pos, n in self._spans(c):
            a = array("I")
            a.frombytes(self.mm[pos:pos + 4 * n])
            out.append((sids[k], a))
        return out
