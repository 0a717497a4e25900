"""A compound file (OLE2, [MS-CFB]) opened within limits: the streams a binary Word
file (.doc, WPS's .wps) keeps its text in.

olefile parses the header, the FAT, the DIFAT and the directory and refuses what is
malformed (raise_defects at DEFECT_INCORRECT). What it leaves open is bounded here
before a stream is read: a stream is no larger than the file that holds it, its
FAT chain is walked first (a chain that loops or leaves the FAT is refused, so a
lying size or a looped chain cannot make a stream repeat the same sectors), and the
directory has at most MAX_ENTRIES entries.
"""
from __future__ import annotations

import io
import struct

import olefile

from ..errors import UnimportableFile

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
MAX_ENTRIES = 10_000         # a .doc has tens of streams (hundreds with embedded objects)
_PARSE_ERRORS = (OSError, ValueError, struct.error, IndexError, KeyError, TypeError, OverflowError,
                 RecursionError, AttributeError, ZeroDivisionError)


class Compound:
    """A compound file's streams, each read only after its size and chain are checked."""

    def __init__(self, data: bytes, path):
        self.path, self.size = path, len(data)
        if data[:8] != MAGIC:
            raise UnimportableFile(path, "不是有效的 Word 97–2003 文件（不是复合文档）")
        try:
            self.ole = olefile.OleFileIO(io.BytesIO(data), raise_defects=olefile.DEFECT_INCORRECT)
        except _PARSE_ERRORS as e:
            raise UnimportableFile(path, f"复合文档已损坏，无法读取（{_why(e)}）") from None
        if len(self.ole.direntries) > MAX_ENTRIES:
            raise UnimportableFile(path, f"复合文档的目录项过多（{len(self.ole.direntries)} 个，上限 {MAX_ENTRIES}）")

    def names(self) -> set[str]:
        """The top-level stream and storage names."""
        try:
            return {"/".join(e) for e in self.ole.listdir(streams=True, storages=True)}
        except _PARSE_ERRORS as e:
            raise UnimportableFile(self.path, f"复合文档的目录已损坏（{_why(e)}）") from None

    def read(self, name: str) -> bytes | None:
        """A stream's bytes (None when there is none by that name)."""
        try:
            if not self.ole.exists(name) or self.ole.get_type(name) != olefile.STGTY_STREAM:
                return None
            sid = self.ole._find(name)
            entry = self.ole.direntries[sid]
        except _PARSE_ERRORS as e:
            raise UnimportableFile(self.path, f"复合文档的目录已损坏（{_why(e)}）") from None
        if entry is None or entry.size > self.size:
            raise UnimportableFile(self.path, f"复合文档中 {name} 流声明的大小（{getattr(entry, 'size', '?')} 字节）"
                                          f"超过文件本身（{self.size} 字节）")
        if entry.size >= self.ole.minisectorcutoff:
            self._check_chain(name, entry.isectStart, entry.size)
        try:
            with self.ole.openstream(name) as f:
                return f.read(entry.size)
        except _PARSE_ERRORS as e:
            raise UnimportableFile(self.path, f"复合文档中 {name} 流已损坏（{_why(e)}）") from None

    def _check_chain(self, name: str, sect: int, size: int) -> None:
        """The FAT chain of a stream: as many sectors as its size needs, none twice."""
        fat, need, seen = self.ole.fat, -(-size // self.ole.sectorsize), set()
        for _ in range(need):
            if not 0 <= sect < len(fat) or sect in seen:
                why = "扇区链循环" if sect in seen else "扇区链越界"
                raise UnimportableFile(self.path, f"复合文档中 {name} 流已损坏（{why}）")
            seen.add(sect)
            sect = fat[sect]

    def close(self) -> None:
        self.ole.close()


def _why(e: BaseException) -> str:
    text = str(e).strip()
    return f"{type(e).__name__}: {text[:80]}" if text else type(e).__name__
