"""The files kept beside the index, per segment (search.chartable, search.wordtable):
a JSON header line ({"order": the machine's byte order, "segments": {segment id:
[offset, size, what the table says of it]}}), then each segment's bytes, read
through mmap. Per segment, because an index updated in place keeps its old segments
(a segment is never rewritten, only its documents deleted): their bytes are kept as
they are (`block`), and only a new segment's are made."""
from __future__ import annotations

import json
import mmap
import sys
from pathlib import Path

ORDER = sys.byteorder


def write(path: Path, segments: dict[str, tuple[object, bytes]]) -> None:
    """Write the segments' (info, bytes), in the order given."""
    head, off = {}, 0
    for sid, (info, b) in segments.items():
        head[sid] = [off, len(b), info]
        off += len(b)
    with open(path, "wb") as f:
        f.write(json.dumps({"order": ORDER, "segments": head}, ensure_ascii=False).encode("utf-8") + b"\n")
        for _info, b in segments.values():
            f.write(b)


class SideFile:
    """A side file opened (None from `open` when absent or not what it should be: a
    subclass says what each segment's info must be, `info_ok`)."""

    def __init__(self, f, mm: mmap.mmap, base: int, segments: dict[str, list]):
        self._f, self.mm, self._base, self._segments = f, mm, base, segments
        self.segments = tuple(segments)

    @classmethod
    def open(cls, path: Path) -> SideFile | None:
        try:
            f = open(path, "rb")
        except OSError:
            return None
        try:
            head = f.readline()
            meta = json.loads(head)
            segs = meta.get("segments")
            if meta.get("order") != ORDER or not isinstance(segs, dict):
                raise ValueError("another byte order")
            mm = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
            size = len(mm) - len(head)
            for v in segs.values():
                if not (isinstance(v, list) and len(v) == 3 and all(type(x) is int and x >= 0 for x in v[:2])
                        and v[0] + v[1] <= size and cls.info_ok(v[2])):
                    mm.close()
                    raise ValueError("a segment outside the file")
        except (OSError, ValueError, TypeError, AttributeError):
            f.close()
            return None
        return cls(f, mm, len(head), segs)

    @staticmethod
    def info_ok(info) -> bool:
        return True

    def close(self) -> None:
        self.mm.close()
        self._f.close()

    def has(self, sid: str) -> bool:
        return sid in self._segments

    def info(self, sid: str):
        return self._segments[sid][2]

    def start(self, sid: str) -> int:
        """Where the segment's bytes begin in `mm`."""
        return self._base + self._segments[sid][0]

    def block(self, sid: str) -> tuple[object, bytes]:
        """A segment's (info, bytes) as written (an index updated in place keeps them as they are)."""
        off, size, info = self._segments[sid]
        b = self._base + off
        return info, bytes(self.mm[b:b + size])
